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

_SPLIT = re.compile(r";|\.(?=\s|$)|\n")
_DIGIT = re.compile(r"\d")
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
# the punctuation around a word (after the start, a space or a new line; before the end, a space or
# a new line) – what ``word.strip(_PUNCT)`` removes, over many words at once
_EDGES = re.compile(rf"(?<![^ \n])[{re.escape(_PUNCT)}]+|[{re.escape(_PUNCT)}]+(?![^ \n])")


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
    return list(_split(text))


@lru_cache(maxsize=1 << 14)
def _split(text: str) -> tuple[str, ...]:  # units often send the same text (the guidance's own words)
    out = []
    for chunk in _SPLIT.split(text):
        t = " ".join(chunk.split()).lstrip("-+•*").strip().rstrip(" .;,:")  # split(): as \s+
        if t:
            out.append(t[0].upper() + t[1:])
    return tuple(out)


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


def _keys(pts: list[str]) -> list[tuple[tuple[str, str], int | None]]:
    """What each point is grouped by – its words (NFC, case-folded, without the punctuation around
    them), the one figure replaced by ``#`` – and where its figure is. All the points at once: one
    pass of NFC, case folding and punctuation over their joined text (a point holds no new line, and
    one space between words)."""
    out: list[tuple[tuple[str, str], int | None]] = []
    if not pts:
        return out
    text = _EDGES.sub("", unicodedata.normalize("NFC", "\n".join(pts)).casefold())
    for line in text.split("\n"):
        if _DIGIT.search(line):
            words = line.split(" ")
            nums = [i for i, w in enumerate(words) if _NUM.match(w)]
            if len(nums) == 1:  # one figure: units saying the same with another figure merge
                words[nums[0]] = "#"
                out.append((("#", " ".join(w for w in words if w)), nums[0]))
                continue
        out.append((("=", " ".join(line.split())), None))
    return out


def group_points(entries: list[tuple[str, str]]) -> list[Point]:
    """``entries`` = (unit name, text); the points, the most shared first."""
    order: dict[str, int] = {}
    split = [(order.setdefault(name, len(order)), name, _split(text)) for name, text in entries]
    distinct = list(dict.fromkeys(pt for _, _, pts in split for pt in pts))
    keys = dict(zip(distinct, _keys(distinct), strict=True))
    group_of: dict[tuple, int] = {}  # key → index of its group in first/members
    first: list[tuple[int, int]] = []  # (rank of the first unit, order of appearance)
    members: list[dict[str, tuple[str, int | None]]] = []  # name → (its words, where its figure is)
    for rank, name, pts in split:
        for pt in pts:
            key, idx = keys[pt]
            i = group_of.get(key)
            if i is None:
                group_of[key] = len(members)
                first.append((rank, len(members)))
                members.append({name: (pt, idx)})
            else:
                members[i].setdefault(name, (pt, idx))
    points = []
    for i in sorted(range(len(members)), key=lambda i: (-len(members[i]), first[i])):
        them = members[i]
        names = sorted(them, key=order.__getitem__) if len(them) > 1 else list(them)
        pt, idx = them[names[0]]
        if idx is None:
            points.append(Point(pt, names))
            continue
        figs = {n: them[n][0].split(" ")[them[n][1]].strip(_PUNCT) for n in names}
        if len(set(figs.values())) <= 1:
            points.append(Point(pt, names))
            continue
        raw = pt.split(" ")
        word = _counter(raw[idx + 1 :])
        points.append(
            Point(" ".join(raw[:idx] + raw[idx + 1 :]), names, {n: _number(f) for n, f in figs.items()}, word)
        )
    return points
