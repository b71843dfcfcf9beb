"""Per-unit feedback forms ``phan-hoi/<unit>.xlsx`` ("đề nghị bổ sung, hoàn thiện báo cáo").

The unit's own form rebuilt with the template builder, pre-filled with what it sent, each problem
cell marked (fill colour + a comment saying what to fix), and a first sheet listing every finding
with the date to send the corrected form by and whom to contact (``plan.contact``). When a finding
concerns two numbers and the form itself shows which one is wrong (the other column, or the same
figure asked elsewhere on the form, agrees with one of them), the cell to fix is named and the other
is marked only for comparison. The sentences are the Sở's (``templates/cau-chu-phan-hoi.txt``).
Stale files of earlier runs are removed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from pipeline import wording
from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.model import Target
from pipeline.intake.flat import FlatRow
from pipeline.manifest import SEVERITY_LABEL, Finding, InputEntry
from pipeline.templates.build import TemplateKeyError, build_workbook
from pipeline.templates.layout import VALUE_KEY
from pipeline.vn import nfc, ngay

PART_CODE = {"tu_so": ".1", "mau_so": ".2", "": ""}
FEEDBACK_SEVERITIES = ("error", "warning")
SEVERITY_NOTE = {"error": "Lỗi (cần sửa)", "warning": "Cảnh báo (cần kiểm tra lại)"}

PHRASE_FILE = "cau-chu-phan-hoi.txt"
DOCUMENT = "biểu mẫu phản hồi"  # the document the phrase file words, in messages
CONTRACT = wording.contract(
    {
        "tieu_de": "nam don_vi",
        "de_nghi": "bao_cao don_vi_thuong han_gui",
        "bao_cao_so": "so_ky_hieu ngay_nhan",
        "bao_cao_khong_so": "ngay_nhan",
        "lien_he": "ho_ten chuc_vu don_vi_lien_he dien_thoai thu_dien_tu",
        "chua_co": "",
        "ghi_chu.o_can_sua": "muc_do noi_dung",
        "ghi_chu.o_doi_chieu": "muc_do noi_dung",
        "ghi_chu.mot_trong_hai": "muc_do noi_dung o_kia",
    }
)


def phrases(path: Path | str | None = None) -> wording.Phrases:
    return wording.Phrases.load(wording.resolve(PHRASE_FILE, path), CONTRACT, what=DOCUMENT)


def form_key(r: FlatRow) -> tuple[str, str]:
    """The (row code, field key) of a flat row in the form layout (docs/FORM-LAYOUT.md)."""
    if r.item == "":
        return (r.field, VALUE_KEY)
    return (r.item + PART_CODE.get(r.part, ""), r.field)


def _prefill(r: FlatRow) -> object:
    if r.value is not None and r.value != "":
        return r.value
    return r.raw if r.raw != "" else None


def _num(r: FlatRow | None) -> float | None:
    if r is None or isinstance(r.value, bool) or not isinstance(r.value, int | float):
        return None
    return float(r.value)


def which_cell(
    f: Finding, rows: list[FlatRow], targets: dict[str, Target]
) -> tuple[FlatRow | None, FlatRow | None, bool]:
    """(the cell to fix, the other cell of the pair, whether the form shows which one is wrong).

    For a part above its whole, or a whole that differs from the same figure asked elsewhere on the
    form: when the other column, or that other question, agrees with one of the two numbers, the
    other number is the one to fix."""
    by_cell = {(r.sheet, r.cell): r for r in rows}
    at = by_cell.get((f.sheet, f.cell))
    if at is None:
        return None, None, False
    by_key = {(r.item, r.part, r.field): r for r in rows}
    fields = {r.field: r for r in rows if r.item == ""}
    if f.code == "PART-GT-WHOLE" and at.part == "tu_so":
        whole = by_key.get((at.item, "mau_so", at.field))
        if whole is None:
            return at, None, False
        others = [k[2] for k in by_key if k[0] == at.item and k[1] == "mau_so" and k[2] != at.field]
        witnesses_whole = [_num(by_key.get((at.item, "mau_so", c))) for c in others]
        t = targets.get(at.item)
        if t is not None and t.denominator_same_as:
            witnesses_whole.append(_num(fields.get(t.denominator_same_as)))
        witnesses_part = [_num(by_key.get((at.item, "tu_so", c))) for c in others]
        if _num(whole) is not None and _num(whole) in witnesses_whole:
            return at, whole, True  # the whole is confirmed elsewhere: the part is wrong
        if _num(at) is not None and _num(at) in witnesses_part:
            return whole, at, True  # the part is confirmed: the whole is wrong
        return at, whole, False
    if f.code == "SAME-CONCEPT-DIFFERS":
        t = targets.get(at.item) if at.item else None
        if t is not None and t.denominator_same_as:  # the finding on a ratio's whole
            single = fields.get(t.denominator_same_as)
            others = [r for k, r in by_key.items() if k[0] == at.item and k[1] == "mau_so" and r is not at]
            if single is not None and any(_num(o) == _num(single) for o in others):
                return at, single, True  # the other column agrees with the single question
            return at, single, False
        wholes = [
            r
            for r in rows
            if r.part == "mau_so" and targets.get(r.item) and targets[r.item].denominator_same_as == at.field
        ]
        if wholes and any(_num(w) == _num(at) for w in wholes):
            return next(w for w in wholes if _num(w) != _num(at)), at, True
        return at, wholes[0] if wholes else None, False
    return at, None, False


def needs_feedback(e: InputEntry) -> bool:
    """A unit's counted submission with errors or warnings gets a feedback form."""
    return (
        e.status == "accepted" and bool(e.unit) and any(f.severity in FEEDBACK_SEVERITIES for f in e.findings)
    )


def feedback_name(unit: str) -> str:
    return f"{unit}.xlsx"


def write_feedback(
    loaded: LoadedCatalog,
    year: int,
    inputs: list[InputEntry],
    rows: list[FlatRow],
    out_dir: Path,
    due: dt.date | None = None,
    phrase_file: Path | str | None = None,
) -> dict[str, Path]:
    """One feedback form per unit whose counted submission has errors or warnings; ``due`` is the
    date to send the corrected form by."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    say = phrases(phrase_file)
    targets = {t.code: t for t in loaded.catalog.targets}
    rows_by_sub: dict[str, list[FlatRow]] = defaultdict(list)
    for r in rows:
        rows_by_sub[r.submission].append(r)
    written: dict[str, Path] = {}
    for e in inputs:
        if not needs_feedback(e):
            continue
        problems = [f for f in e.findings if f.severity in FEEDBACK_SEVERITIES]
        sub_rows = rows_by_sub.get(e.path, [])
        values = {}
        for r in sub_rows:
            v = _prefill(r)
            if v is not None:
                values[form_key(r)] = v
        marks: dict[tuple[str, str], str] = {}
        listed: list[tuple[Finding, str, str]] = []  # finding, cell to fix, cell to compare

        def mark(r: FlatRow, text: str, marks: dict[tuple[str, str], str] = marks) -> None:
            key = form_key(r)
            marks[key] = marks[key] + "\n" + text if key in marks else text

        for f in problems:
            fix, other, sure = which_cell(f, sub_rows, targets)
            level = SEVERITY_NOTE[f.severity]
            if fix is None:
                listed.append((f, f.cell, ""))
                continue
            if other is None:
                mark(fix, say("ghi_chu.o_can_sua", muc_do=level, noi_dung=f.message))
            elif sure:
                mark(fix, say("ghi_chu.o_can_sua", muc_do=level, noi_dung=f.message))
                mark(other, say("ghi_chu.o_doi_chieu", muc_do=level, noi_dung=f.message))
            else:
                mark(fix, say("ghi_chu.mot_trong_hai", muc_do=level, noi_dung=f.message, o_kia=other.cell))
                mark(other, say("ghi_chu.mot_trong_hai", muc_do=level, noi_dung=f.message, o_kia=fix.cell))
            listed.append((f, fix.cell if sure or other is None else f"{fix.cell}, {other.cell}",
                           other.cell if other is not None and sure else ""))  # fmt: skip
        number = next((str(r.value) for r in sub_rows if r.field == "so_ky_hieu" and r.value), "")
        sheet = _sheet_writer(loaded, year, e, number, due, _sorted(listed), say)
        path = out_dir / feedback_name(e.unit)
        try:
            build_workbook(loaded, year, e.unit, path, values=values, marks=marks, findings=sheet)
        except TemplateKeyError:
            # a value that no longer fits the current form: rebuild without pre-filled values
            build_workbook(loaded, year, e.unit, path, marks=marks, findings=sheet)
        written[e.unit] = path
    for stale in out_dir.glob("*.xlsx"):
        if stale.stem not in written:
            stale.unlink(missing_ok=True)
    return written


FINDINGS_SHEET = "Đề nghị bổ sung"


def _sheet_writer(loaded, year, e: InputEntry, number: str, due, listed, say):
    """The first sheet of the feedback form: what to fix, by when, whom to call."""
    contact = loaded.catalog.plan.contact
    unit_name = nfc(e.unit_name or e.unit or "")
    blank = say("chua_co")
    received = ngay(e.received_at) or blank
    report = (
        say("bao_cao_so", so_ky_hieu=number, ngay_nhan=received)
        if number
        else say("bao_cao_khong_so", ngay_nhan=received)
    )
    lines = [
        say("de_nghi", bao_cao=report, don_vi_thuong=unit_name, han_gui=ngay(due) or blank),
        say(
            "lien_he",
            ho_ten=contact.name or blank,
            chuc_vu=contact.position or blank,
            don_vi_lien_he=contact.office or blank,
            dien_thoai=contact.phone or blank,
            thu_dien_tu=contact.email or blank,
        ),
    ]

    def write(wb) -> None:
        ws = wb.add_worksheet(FINDINGS_SHEET)
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top", "text_wrap": True}
        title = wb.add_format({**base, "bold": True, "font_size": 14, "text_wrap": False})
        plain = wb.add_format(base)
        text = wb.add_format({**base, "border": 1})
        head = wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#DDEBF7", "align": "center"})
        ws.write_string(0, 0, say("tieu_de", nam=year, don_vi=unit_name.upper()), title)
        for i, line in enumerate(lines, start=1):
            ws.merge_range(i, 0, i, 5, line, plain)
            ws.set_row(i, 34)
        top = len(lines) + 2
        cols = [("STT", 5), ("Mức độ", 11), ("Sheet", 22), ("Ô cần sửa", 10), ("Ô đối chiếu", 10),
                ("Nội dung cần sửa", 90)]  # fmt: skip
        for c, (h, w) in enumerate(cols):
            ws.write_string(top, c, h, head)
            ws.set_column(c, c, w)
        for i, (f, fix, compare) in enumerate(listed, start=1):
            ws.write_number(top + i, 0, i, text)
            ws.write_string(top + i, 1, SEVERITY_LABEL.get(f.severity, f.severity), text)
            ws.write_string(top + i, 2, nfc(f.sheet), text)
            ws.write_string(top + i, 3, fix, text)
            ws.write_string(top + i, 4, compare, text)
            ws.write_string(top + i, 5, nfc(f.message), text)
        ws.freeze_panes(top + 1, 0)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True})
        ws.activate()

    return write


def _sorted(listed: list[tuple[Finding, str, str]]) -> list[tuple[Finding, str, str]]:
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(listed, key=lambda x: (order[x[0].severity], x[0].sheet, x[0].cell, x[0].code))
