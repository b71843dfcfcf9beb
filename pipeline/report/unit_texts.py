"""The units' own texts (kết quả nổi bật, khó khăn, kiến nghị, phương hướng) as points said once.

Each text is split into points; a point several units made (the same words, ignoring case, quotes
and punctuation) becomes one :class:`Point` naming all of them, the most shared first. A point
differing only by its one figure is merged too: its figures are kept per unit with the word they
count ("155 lớp"), and summed. Deterministic: the order of the entries only decides ties.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_NUM = re.compile(r"^\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^\d+$")
# one-syllable counters; any other word after a figure is read with the next one ("thanh niên")
_COUNTERS = {
    "lớp",
    "cuộc",
    "buổi",
    "người",
    "đợt",
    "lần",
    "suất",
    "hộ",
    "xã",
    "trường",
    "tin",
    "bài",
    "tỷ",
    "triệu",
}
_PUNCT = "“”\"'‘’«»()[],:;.!?…"


@dataclass
class Point:
    text: str  # the point (without its figure when the units' figures differ)
    units: list[str]  # names of the units that made it, in entry order
    figures: dict[str, float] = field(default_factory=dict)  # name → figure, when figures differ
    word: str = ""  # what the figure counts (the word after it): "lớp", "thanh niên"

    @property
    def total(self) -> float:
        return sum(self.figures.values())


def split_points(text: str) -> list[str]:
    """A unit's text as points: split on ``;``, on ``.`` ending a sentence and on new lines/bullets."""
    out = []
    for chunk in re.split(r";|\.(?=\s|$)|\n", text):
        t = re.sub(r"\s+", " ", chunk).strip().lstrip("-+•*").strip().rstrip(" .;,:")
        if t:
            out.append(t[0].upper() + t[1:])
    return out


@lru_cache(maxsize=1 << 16)
def _word(w: str) -> str:
    return unicodedata.normalize("NFC", w).strip(_PUNCT).casefold()


def _number(s: str) -> float:
    return float(s.replace(".", "").replace(",", "."))


def _counter(after: list[str]) -> str:
    """What a figure counts: the word after it, or the two words when it is not a one-syllable counter."""
    words = [w.strip(_PUNCT) for w in after[:2]]
    if not words or not words[0]:
        return ""
    if (
        words[0].casefold() in _COUNTERS
        or len(words) == 1
        or not words[1]
        or after[0].endswith(tuple(_PUNCT))
    ):
        return words[0]
    return " ".join(words)


def group_points(entries: list[tuple[str, str]]) -> list[Point]:
    """``entries`` = (unit name, text); the points, the most shared first."""
    order: dict[str, int] = {}
    groups: dict[tuple, dict] = {}
    for name, text in entries:
        order.setdefault(name, len(order))
        for pt in split_points(text):
            raw = pt.split(" ")
            words = [_word(w) for w in raw]
            nums = [i for i, w in enumerate(words) if _NUM.match(w)]
            if len(nums) == 1:  # one figure: units saying the same with another figure merge
                key = ("#", *(w if i != nums[0] else "#" for i, w in enumerate(words) if w))
                idx = nums[0]
            else:
                key = ("=", *(w for w in words if w))
                idx = None
            g = groups.setdefault(key, {"first": (order[name], len(groups)), "members": {}})
            g["members"].setdefault(name, (pt, idx))
    points = []
    for g in sorted(groups.values(), key=lambda g: (-len(g["members"]), g["first"])):
        members = g["members"]
        names = sorted(members, key=order.__getitem__)
        pt, idx = members[names[0]]
        if idx is None:
            points.append(Point(pt, names))
            continue
        figs = {n: members[n][0].split(" ")[members[n][1]].strip(_PUNCT) for n in names}
        if len(set(figs.values())) <= 1:
            points.append(Point(pt, names))
            continue
        raw = pt.split(" ")
        word = _counter(raw[idx + 1 :])
        points.append(
            Point(" ".join(raw[:idx] + raw[idx + 1 :]), names, {n: _number(f) for n, f in figs.items()}, word)
        )
    return points
