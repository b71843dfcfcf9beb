"""Write a :class:`~pipeline.catalog.workbook.layout.Book` with xlsxwriter, the way the forms are
written: every string with ``write_string`` (no formula injection), only input cells unlocked, data
validation and dropdowns from named lists on a hidden sheet, each sheet protected without a password.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from pipeline.catalog.workbook.book import LISTS_SHEET, META_SHEET, Book, XCell, XSheet
from pipeline.catalog.workbook.codecs import TEXT_MAX
from pipeline.catalog.workbook.shapes import Column, Kind
from pipeline.exitcodes import OutputLocked

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
FONT = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
BORDER = {"border": 1, "border_color": "#A6A6A6"}
INPUT_BG = "#FFFDE8"
TO_FILL_BG = "#FCE4D6"  # an empty cell that must be filled (same colour as a required cell on the forms)
REVIEW_BG = "#FFC000"  # a «Cần xem xét» cell still holding text
STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "note": {"italic": True},
    "key": {"font_size": 8, "font_color": "#808080"},
    "group": {"bold": True, "bg_color": "#EDEDED", **BORDER},
    "header": {"bold": True, "text_wrap": True, "align": "center", "bg_color": "#DDEBF7", **BORDER},
    "label": {"text_wrap": True, **BORDER},
    "na": {"bg_color": "#F2F2F2", **BORDER},  # a cell of a block that does not apply to its column
    "guide": {"text_wrap": True, "valign": "top"},
    "guide_b": {"bold": True, "valign": "top", "text_wrap": True},
    "guide_h": {"bold": True, "font_size": 13, "font_color": "#1F4E78"},
}
NUM_FORMAT = {Kind.int: "0", Kind.float: "General", Kind.date: "dd/mm/yyyy"}
INPUT_TITLE = 32  # Excel limits (MS-OI29500 §2.1.613)
INPUT_MESSAGE = 255
ERROR_MESSAGE = 224


class Formats:
    def __init__(self, wb):
        self.wb = wb
        self.cache: dict[tuple[str, str], Any] = {}
        self.to_fill = wb.add_format({"bg_color": TO_FILL_BG})
        self.review = wb.add_format({"bg_color": REVIEW_BG, "bold": True})
        self.unlocked = wb.add_format({"locked": False})

    def get(self, style: str, kind: str = "") -> Any:
        key = (style, kind)
        if key not in self.cache:
            if style == "input":
                props = {**FONT, **BORDER, "bg_color": INPUT_BG, "locked": False,
                         "num_format": NUM_FORMAT.get(kind, "@"),
                         "text_wrap": kind in (Kind.text, Kind.lines, Kind.tokens, ""),
                         "align": "right" if kind in NUM_FORMAT else "left"}  # fmt: skip
            else:
                props = {**FONT, **STYLES.get(style, {}), "locked": True}
            self.cache[key] = self.wb.add_format(props)
        return self.cache[key]


def _write(ws, r: int, c: int, cell: XCell, fmt) -> None:
    v = cell.value
    if v is None or v == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(v, bool):
        ws.write_string(r, c, "Có" if v else "Không", fmt)
    elif isinstance(v, int | float):
        ws.write_number(r, c, v, fmt)
    elif isinstance(v, dt.date):
        ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), fmt)
    else:
        ws.write_string(r, c, str(v), fmt)


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _validation(col: Column, list_name: str | None, strict: bool) -> dict[str, Any]:
    k = col.kind
    if list_name:
        opts: dict[str, Any] = {"validate": "list", "source": f"={list_name}"}
        message = col.hint or "Chọn trong danh sách (bấm mũi tên bên phải ô)."
        error = "Chọn một giá trị trong danh sách (bấm mũi tên bên phải ô)."
    elif k == Kind.int:
        lo = -999_999_999 if col.lo is None else int(col.lo) + col.lo_open
        hi = 999_999_999 if col.hi is None else int(col.hi)
        opts = {"validate": "integer", "criteria": "between", "minimum": lo, "maximum": hi}
        message, error = col.hint or "Nhập số nguyên.", f"Chỉ nhập số nguyên từ {lo} đến {hi}."
    elif k == Kind.float:
        message, error = col.hint or "Nhập số.", "Chỉ nhập số (dấu phẩy cho phần thập phân)."
        if col.lo_open and col.hi is None:
            opts = {"validate": "decimal", "criteria": ">", "value": col.lo}
            error = f"Chỉ nhập số lớn hơn {col.lo:g} (dấu phẩy cho phần thập phân)."
        else:
            lo = -1e15 if col.lo is None else col.lo
            opts = {"validate": "decimal", "criteria": "between", "minimum": lo,
                    "maximum": 1e15 if col.hi is None else col.hi}  # fmt: skip
    elif k == Kind.date:
        opts = {"validate": "date", "criteria": "between", "minimum": dt.date(1900, 1, 1),
                "maximum": dt.date(2200, 12, 31)}  # fmt: skip
        message, error = (
            col.hint or "Nhập ngày dạng ngày/tháng/năm.",
            "Chỉ nhập ngày hợp lệ (ngày/tháng/năm).",
        )
    else:
        opts = {"validate": "length", "criteria": "<=", "value": TEXT_MAX}
        message = col.hint
        if k == Kind.tokens and col.choices:
            message = (
                (message + " " if message else "") + "Chọn trong: " + "; ".join(col.choices.values()) + "."
            )
        error = f"Tối đa {TEXT_MAX} ký tự trong một ô."
    opts.update(
        ignore_blank=True,
        input_title=_cut(col.header, INPUT_TITLE),
        input_message=_cut(message or col.header, INPUT_MESSAGE),
        show_input=bool(message),
        error_title="Giá trị không hợp lệ",
        error_message=_cut(error, ERROR_MESSAGE),
        error_type="stop" if strict else "warning",
    )
    return opts


def _ranges(rows: list[int]) -> list[tuple[int, int]]:
    rows = sorted(rows)
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


LINE_HEIGHT = 15.75


def _heights(s: XSheet) -> dict[int, float]:
    """Row heights for wrapped text (neither Excel nor LibreOffice fits them when opening)."""
    out = dict(s.heights)
    for (r, c), cell in s.cells.items():
        if (
            r in s.heights
            or not isinstance(cell.value, str)
            or cell.style in ("key", "title", "note", "guide_h")
        ):
            continue
        per_line = max(4, int(s.widths.get(c, 8.43) * 1.15))
        lines = sum(max(1, -(-len(part) // per_line)) for part in cell.value.split("\n"))
        if lines > 1:
            out[r] = max(out.get(r, 0), lines * LINE_HEIGHT + 2)
    return out


def _write_sheet(ws, s: XSheet, formats: Formats) -> None:
    s.heights = _heights(s)
    for c, w in s.widths.items():
        ws.set_column(c, c, w)
    if s.marked:
        ws.set_column(0, 0, 2, None, {"hidden": True})
    for r in s.input_rows:
        ws.set_row(r, s.heights.get(r), formats.unlocked)
    for r, h in s.heights.items():
        if r not in s.input_rows:
            ws.set_row(r, h)
    if s.marked:
        ws.set_row(0, None, None, {"hidden": True})
    for r in s.hidden_rows:
        ws.set_row(r, None, formats.unlocked if r in s.input_rows else None, {"hidden": True})
    groups: dict[tuple, list[int]] = defaultdict(list)
    columns: dict[tuple[int, str], Column] = {}
    for (r, c), cell in sorted(s.cells.items()):
        kind = cell.column.kind if cell.column is not None else ""
        _write(ws, r, c, cell, formats.get(cell.style, kind))
        if cell.column is not None:
            groups[(c, cell.column.key, cell.list_name, cell.list_strict, cell.to_fill)].append(r)
            columns[(c, cell.column.key)] = cell.column
    for (c, key, list_name, strict, to_fill), rows in groups.items():
        col = columns[(c, key)]
        opts = _validation(col, list_name, strict)
        for r0, r1 in _ranges(rows):
            ws.data_validation(r0, c, r1, c, opts)
            if to_fill:
                ws.conditional_format(r0, c, r1, c, {"type": "blanks", "format": formats.to_fill})
            if col.owner == "Item.review":
                ws.conditional_format(r0, c, r1, c, {"type": "no_blanks", "format": formats.review})
    if s.freeze:
        ws.freeze_panes(*s.freeze)
    if s.filter_cols and s.input_rows:
        ws.autofilter(s.input_rows.start - 1, 1, s.input_rows.stop - 1, s.filter_cols)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    table = bool(s.input_rows) and s.table != "plan"
    ws.protect(
        "",
        {
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "format_columns": True,
            "format_rows": True,
            "insert_rows": table,
            "delete_rows": table,
            "autofilter": table,
            "sort": False,
        },
    )


def write_book(book: Book, path: Path) -> Path:
    """Write ``book`` to ``path`` atomically (a temporary file in the same folder, then replace)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp, WORKBOOK_OPTIONS)
        wb.set_properties({"title": "Danh mục kế hoạch", "author": "Sở Nội vụ tỉnh Lạng Sơn",
                           "comments": f"ptn danh mục {book.meta.get('plan_id', '')}"})  # fmt: skip
        formats = Formats(wb)
        for s in book.sheets:
            ws = wb.add_worksheet(s.name)
            _write_sheet(ws, s, formats)
            if s.table == "":
                ws.activate()
        lists = wb.add_worksheet(LISTS_SHEET)
        for c, (name, values) in enumerate(sorted(book.lists.items())):
            lists.write_string(0, c, name)
            for r, v in enumerate(values, start=1):
                lists.write_string(r, c, v)
            col = xl_col_to_name(c)
            wb.define_name(name, f"='{LISTS_SHEET}'!${col}$2:${col}${max(2, len(values) + 1)}")
        lists.protect("")
        lists.hide()
        for name, (sheet, c, r0, r1) in book.names.items():
            col = xl_col_to_name(c)
            wb.define_name(name, f"='{sheet}'!${col}${r0 + 1}:${col}${r1 + 1}")
        meta = wb.add_worksheet(META_SHEET)
        for r, (k, v) in enumerate(book.meta.items()):
            meta.write_string(r, 0, k)
            meta.write_string(r, 1, v)
        meta.protect("")
        meta.very_hidden()
        wb.close()
        try:
            os.replace(tmp, path)
        except PermissionError as e:
            raise OutputLocked(
                f"Không ghi được {path}: tệp đang mở trong chương trình khác.",
                hint="Đóng tệp (Excel) rồi chạy lại lệnh.",
            ) from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
