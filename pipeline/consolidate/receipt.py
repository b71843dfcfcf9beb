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


def _canon(text: str) -> str:
    t = " " + fold(text).replace("&", " va ") + " "
    for short, full in sorted(_ABBREVIATIONS.items(), key=lambda kv: -len(kv[0])):
        t = t.replace(f" {short} ", f" {full} ")
    t = " ".join(t.split())
    for suffix in _SUFFIXES:
        if t.endswith(suffix) and len(t) - len(suffix) >= 8:
            t = t[: -len(suffix)]
            break
    return t


def unit_for_author(author: str, view: CatalogView) -> str | None:
    """The unit a register's "Tác giả" names: folded names, short names, aliases and codes, with the
    usual abbreviations (UBND, TP, PT-TH, …) expanded and a trailing "tỉnh Lạng Sơn" ignored.
    Units active in the year are preferred over ended ones."""
    a = _canon(author)
    if not a:
        return None
    best, best_key = None, (-1, -1)
    active = view.active_codes
    for u in view.catalog.units:
        for name in (u.name, u.short_name, *u.aliases, u.code):
            n = _canon(name)
            if not n:
                continue
            if a == n:
                score = 2
            elif len(n) >= 6 and (f" {n} " in f" {a} " or (len(a) >= 10 and f" {a} " in f" {n} ")):
                score = 1
            else:
                continue
            key = (int(u.code in active), score * 1000 + len(n))
            if key > best_key:
                best, best_key = u.code, key
    return best


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
        except OSError:
            continue
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
    by_unit: dict[str, list[RegisterEntry]] = defaultdict(list)
    for e in register.entries:
        code = unit_for_author(e.author, view)
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
