"""Receipt time of each submission, and which submission of a unit counts.

Order of evidence: the incoming register's "Ngày đến" (official), then the e-mail ``Date:``, then the
file's modification time – an estimate (Lưu ý) that never makes a unit late by itself.
Several accepted submissions of one unit: the newest by receipt time is used, the others superseded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from pipeline.catalog.query import CatalogView
from pipeline.checks.messages import finding
from pipeline.consolidate.register import Register, RegisterEntry, normalise_doc_number
from pipeline.intake.flat import FlatRow
from pipeline.manifest import InputEntry
from pipeline.vn import fold

# common abbreviations in registers (folded, whole words) → the words of the catalog's names
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "tp": "thanh pho",
    "tx": "thi xa",
    "pt th": "phat thanh truyen hinh",
    "ptth": "phat thanh truyen hinh",
    "pt": "phat thanh",
    "th": "truyen hinh",
    "ld tb va xh": "lao dong thuong binh va xa hoi",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "gd va dt": "giao duc va dao tao",
    "gddt": "giao duc va dao tao",
    "vhttdl": "van hoa the thao va du lich",
    "kh va dt": "ke hoach va dau tu",
    "kh va cn": "khoa hoc va cong nghe",
    "tt va tt": "thong tin va truyen thong",
    "nn va ptnt": "nong nghiep va phat trien nong thon",
    "tn va mt": "tai nguyen va moi truong",
    "mttq": "mat tran to quoc",
    "bchqs": "bo chi huy quan su",
    "ldld": "lien doan lao dong",
}
_SUFFIXES = (" tinh lang son", " lang son", " tinh")
_EXPANSIONS = [
    (f" {short} ", f" {full} ") for short, full in sorted(_ABBREVIATIONS.items(), key=lambda kv: -len(kv[0]))
]


def _canon(text: str) -> str:
    t = " " + fold(text).replace("&", " va ") + " "
    for short, full in _EXPANSIONS:
        t = t.replace(short, full)
    t = " ".join(t.split())
    for suffix in _SUFFIXES:
        if t.endswith(suffix) and len(t) - len(suffix) >= 8:
            t = t[: -len(suffix)]
            break
    return t


MAX_WORDS = 40  # of an author's name considered when matching (a register cell can be anything)


class AuthorIndex:
    """The folded names, short names, aliases and codes of every unit, indexed once per year, so each
    register row is matched in time independent of the register's length (100 000 rows: seconds,
    not minutes): exact names by a dict, "name inside the author" by the author's word runs, and
    "author inside a name" by the names' word runs."""

    def __init__(self, view: CatalogView):
        active = view.active_codes
        self.exact: dict[str, tuple[tuple[int, int], str]] = {}
        self.runs: dict[str, list[tuple[tuple[int, int], str]]] = {}  # word run of a name → (key, unit)
        self.names: dict[str, list[tuple[tuple[int, int], str]]] = {}  # whole name → (key, unit)
        for u in view.catalog.units:
            for name in (u.name, u.short_name, *u.aliases, u.code):
                n = _canon(name)
                if not n:
                    continue
                act = int(u.code in active)
                self._best(self.exact, n, ((act, 2000 + len(n)), u.code))
                if len(n) >= 6:
                    self.names.setdefault(n, []).append(((act, 1000 + len(n)), u.code))
                words = n.split()[:MAX_WORDS]
                for i in range(len(words)):
                    for j in range(i + 1, len(words) + 1):
                        self.runs.setdefault(" ".join(words[i:j]), []).append(((act, 1000 + len(n)), u.code))
        self._cache: dict[str, str | None] = {}

    @classmethod
    def of(cls, view: CatalogView) -> AuthorIndex:
        """The index of ``view``'s year, built once (and its matches remembered) for every register."""
        index = view.__dict__.get("_author_index")
        if index is None:
            index = view.__dict__["_author_index"] = cls(view)
        return index

    @staticmethod
    def _best(d: dict, key: str, cand: tuple[tuple[int, int], str]) -> None:
        if key not in d or cand[0] > d[key][0]:
            d[key] = cand

    def match(self, author: str) -> str | None:
        a = _canon(author[:400])
        if not a:
            return None
        if a in self._cache:
            return self._cache[a]
        best: tuple[tuple[int, int], str] | None = self.exact.get(a)
        cands: list[tuple[tuple[int, int], str]] = []
        words = a.split()[:MAX_WORDS]
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                cands += self.names.get(" ".join(words[i:j]), [])
        if len(a) >= 10:
            cands += self.runs.get(a, [])
        for c in cands:
            if best is None or c[0] > best[0]:
                best = c
        code = best[1] if best else None
        if len(self._cache) < 100_000:
            self._cache[a] = code
        return code


def unit_for_author(author: str, view: CatalogView, index: AuthorIndex | None = None) -> str | None:
    """The unit a register's "Tác giả" names: folded names, short names, aliases and codes, with the
    usual abbreviations (UBND, TP, PT-TH, …) expanded and a trailing "tỉnh Lạng Sơn" ignored.
    Units active in the year are preferred over ended ones."""
    return (index or AuthorIndex.of(view)).match(author)


def report_numbers(rows: list[FlatRow]) -> dict[str, str]:
    """Submission → the unit's own report number (Số, ký hiệu) from its form."""
    return {r.submission: str(r.value) for r in rows if r.field == "so_ky_hieu" and r.value}


def file_times(root: Path, tz: ZoneInfo, inputs: list[InputEntry]) -> dict[str, dt.datetime]:
    """Submission → modification time of its file (of the e-mail for an attachment)."""
    out = {}
    for e in inputs:
        p = root / (e.container or e.path).split("#")[0]
        try:
            out[e.path] = dt.datetime.fromtimestamp(p.stat().st_mtime, tz).replace(microsecond=0)
        except (OSError, ValueError):  # a name not valid here (undecodable bytes): the time read at intake
            if e.received_at is not None and e.received_at_source == "mtime":
                out[e.path] = e.received_at
    return out


def looks_like_report(e: RegisterEntry) -> bool:
    """A register row that may be one of our reports (the register holds every incoming document)."""
    text = fold(f"{e.summary} {e.doc_number} {e.note}")
    return "thanh nien" in text or "/bc" in e.doc_number.lower().replace(" ", "") or "bao cao" in text


def assign_receipts(
    inputs: list[InputEntry],
    report_numbers: dict[str, str],
    register: Register,
    view: CatalogView,
    mtimes: dict[str, dt.datetime],
) -> dict[str, int]:
    """Set ``received_at``, its source and ``days_late`` on every identified submission (in place).

    ``report_numbers``: submission path → the unit's own report number (Số, ký hiệu) from its form.
    ``mtimes``: submission path → file modification time (aware).
    Returns submission path → its register row: the order of entries made on the same day (the
    register only has the date), for :func:`choose_latest`.
    """
    deadline = view.catalog.plan.deadline
    tz = ZoneInfo(deadline.timezone)
    today = dt.datetime.now(tz).date()
    earliest = view.period_start
    index = AuthorIndex.of(view) if register.entries else None
    by_unit: dict[str, list[RegisterEntry]] = defaultdict(list)
    for e in register.entries:
        code = index.match(e.author)
        if code:
            by_unit[code].append(e)
        elif looks_like_report(e):
            register.problems.append(
                f"{register.path.name if register.path else 'Sổ văn bản đến'}, dòng {e.row}: không nhận ra "
                f"đơn vị '{e.author}' trong danh mục – thêm tên này vào aliases của đơn vị để dùng ngày đến."
            )
    used: set[int] = set()
    order: dict[str, int] = {}
    subs_by_unit: dict[str, list[InputEntry]] = defaultdict(list)
    for entry in inputs:
        if entry.unit and entry.status != "rejected":
            subs_by_unit[entry.unit].append(entry)

    for unit, subs in subs_by_unit.items():
        candidates = by_unit.get(unit, [])
        for sub in subs:
            match = None
            number = normalise_doc_number(report_numbers.get(sub.path, ""))
            name = fold(PurePosixPath(sub.path.split("#")[-1]).name)
            for e in candidates:
                if e.row not in used and number and normalise_doc_number(e.doc_number) == number:
                    match = e
                    break
            if match is None:
                for e in candidates:
                    if e.row not in used and name and name in fold(e.note):
                        match = e
                        break
            if match is None:
                free = [e for e in candidates if e.row not in used]
                unmatched = [s for s in subs if s.received_at_source != "register"]
                if len(free) == 1 and len(unmatched) == 1:
                    match = free[0]
            if match is not None and not (earliest <= match.received <= today):
                used.add(match.row)  # its row, with a date that cannot be: said, and not used
                sub.findings.append(
                    finding(
                        "REGISTER-DATE-INVALID",
                        file=sub.path,
                        row=match.row,
                        date=f"{match.received:%d/%m/%Y}",
                        start=f"{earliest:%d/%m/%Y}",
                        today=f"{today:%d/%m/%Y}",
                    )
                )
                register.problems.append(
                    f"{register.path.name if register.path else 'Sổ văn bản đến'}, dòng {match.row}: ngày đến "
                    f"{match.received:%d/%m/%Y} không hợp lý (trước kỳ báo cáo hoặc sau hôm nay) – không dùng."
                )
                match = None
            if match is not None:
                used.add(match.row)
                order[sub.path] = match.row
                sub.received_at = dt.datetime.combine(match.received, dt.time(0, 0), tzinfo=tz)
                sub.received_at_source = "register"
                sub.days_late = deadline.days_late(match.received, view.year)
            elif sub.received_at is not None and sub.received_at_source == "email":
                sub.received_at = sub.received_at.astimezone(tz)  # shown as a local time everywhere
                sub.days_late = deadline.days_late(sub.received_at, view.year)
            elif sub.path in mtimes:
                sub.received_at = mtimes[sub.path]
                sub.received_at_source = "mtime"
                sub.days_late = 0  # an estimate never makes a unit late by itself
                sub.findings.append(
                    finding(
                        "RECEIPT-ESTIMATED",
                        file=sub.path,
                        when=sub.received_at.astimezone(tz).strftime("%d/%m/%Y %H:%M"),
                    )
                )
            else:
                sub.received_at_source = "none"
                sub.days_late = 0
    return order
