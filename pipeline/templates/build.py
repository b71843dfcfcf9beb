"""Build the standard workbook of one unit and year with xlsxwriter (docs/FORM-LAYOUT.md).

:func:`build_workbook` is the one function later stages reuse: a blank form, or one pre-filled
with values and with cells marked (fill colour + comment), optionally in an older layout version.
Every string a person reads is written with ``write_string`` (no formula injection).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipeline.catalog.form_version import form_version
from pipeline.catalog.labels import KIND_LABEL, OBLIGATION_LABEL
from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.model import Section, Unit
from pipeline.catalog.query import CatalogView
from pipeline.exitcodes import UsageProblem
from pipeline.templates import layout as L
from pipeline.templates.excel_rules import attach_rules
from pipeline.templates.formats import Formats
from pipeline.templates.guide import guide_sheet
from pipeline.templates.model import Cell, Formula, SheetModel
from pipeline.templates.previous import PreviousYear
from pipeline.templates.sheets import (
    FIRST_DATA_ROW,
    Context,
    choice_lists,
    section_sheet,
)
from pipeline.templates.validation import apply_conditional, apply_validations
from pipeline.vn import nfc, slug
from pipeline.writers.output_set import honour_umask

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MAILING_LIST = "danh-sach-gui.xlsx"
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


@dataclass(frozen=True)
class BuiltTemplate:
    unit: Unit
    path: Path
    sheets: list[str]  # visible sheet names, in order
    items: int  # catalog items listed on the form


class TemplateKeyError(KeyError):
    """A pre-filled value or mark names a (code, field) the form does not have, or a locked cell."""


def template_filename(year: int, unit: Unit) -> str:
    return f"{year}_{unit.code}_{slug(unit.name)}.xlsx"


def _view_unit(loaded: LoadedCatalog, year: int, unit_code: str) -> tuple[CatalogView, Unit]:
    view = CatalogView.of(loaded.catalog, year)
    unit = view.units_by_code.get(unit_code)
    if unit is None or unit.code not in view.active_codes:
        active = ", ".join(u.code for u in view.active_units[:12])
        raise UsageProblem(
            f"Đơn vị {unit_code!r} không có trong danh mục hoặc không hoạt động trong năm {year}.",
            hint=f"Dùng mã đơn vị trong danh mục (ví dụ: {active}, …); xem: ptn plan show --year {year}.",
        )
    return view, unit


def plan_sheets(
    loaded: LoadedCatalog, year: int, unit_code: str, previous: PreviousYear | None = None
) -> tuple[Context, list[SheetModel]]:
    """All sheet models of a unit's form (guide first), rules attached; ``previous``: last year's
    run, whose figures of the unit are shown beside its inputs."""
    ctx, sections, data = plan_data_sheets(loaded, year, unit_code, previous)
    drawn = attach_rules(loaded.catalog.rules, ctx.unit, data)
    guide = guide_sheet(ctx, sections, [r.name for r in drawn])
    return ctx, [guide, *data]


def plan_data_sheets(
    loaded: LoadedCatalog, year: int, unit_code: str, previous: PreviousYear | None = None
) -> tuple[Context, list[Section], list[SheetModel]]:
    """The data sheets of a unit's form (their cells only: no guide, no rules drawn) – what the
    locked-cell check compares a returned form with."""
    view, unit = _view_unit(loaded, year, unit_code)
    ctx = Context(loaded, view, unit, year, previous)
    sections = view.sections_for(unit)
    return ctx, sections, [section_sheet(ctx, s) for s in sections]


def _locate(sheets: list[SheetModel], key: tuple[str, str]) -> tuple[SheetModel, tuple[int, int]]:
    for m in sheets:
        rc = m.index.get(key)
        if rc is not None and rc in m.cells:
            return m, rc
    raise TemplateKeyError(f"biểu mẫu không có ô ({key[0]}, {key[1]})")


def _apply_values(sheets: list[SheetModel], values: dict[tuple[str, str], Any]) -> None:
    for key, value in values.items():
        m, rc = _locate(sheets, key)
        cell = m.cells[rc]
        if cell.locked:
            raise TemplateKeyError(f"ô ({key[0]}, {key[1]}) bị khóa, không phải ô nhập liệu")
        cell.value = nfc(value) if isinstance(value, str) else value
    for m in sheets:
        for pair in m.pairs:
            p, w = m.cells[pair.part].value, m.cells[pair.whole].value
            if _is_number(p) and _is_number(w) and w > 0:
                m.cells[pair.result].cached = p / w * 100


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _write_cell(ws: Worksheet, r: int, c: int, cell: Cell, fmt: Any) -> None:
    v = cell.value
    if isinstance(v, Formula):
        ws.write_formula(r, c, str(v), fmt, "" if cell.cached is None else cell.cached)
    elif v is None or v == "":
        ws.write_blank(r, c, None, fmt)
    elif _is_number(v):
        ws.write_number(r, c, v, fmt)
    elif isinstance(v, dt.datetime | dt.date):
        ws.write_datetime(r, c, v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day), fmt)
    else:
        ws.write_string(r, c, nfc(str(v)), fmt)


LINE_HEIGHT = 16.5
MIN_DATA_ROW_HEIGHT = 20.0
WRAPPING = {"text", "header", "center", "group", "subtext", "role_ref", "guide", "plan", "previous_text"}


def _row_heights(m: SheetModel) -> dict[int, float]:
    """Explicit heights for rows with wrapped text (Excel and LibreOffice do not fit them on open)."""
    out = dict(m.row_heights)
    for (r, c), cell in m.cells.items():
        if r in m.row_heights or cell.style not in WRAPPING or not isinstance(cell.value, str) or cell.input:
            continue
        per_line = max(4.0, m.widths.get(c, 8.43) * 1.05)
        lines = sum(max(1, -(-len(part) // int(per_line))) for part in cell.value.split("\n"))
        if lines > 1:
            out[r] = max(out.get(r, 0), lines * LINE_HEIGHT)
    if m.key:  # data rows: room to type in
        for r in {r for r, _ in m.cells if r >= FIRST_DATA_ROW}:
            out[r] = max(out.get(r, 0), MIN_DATA_ROW_HEIGHT)
    return out


def _write_sheet(ws: Worksheet, m: SheetModel, formats: Formats, year: int, marks: dict) -> None:
    for c, w in m.widths.items():
        ws.set_column(c, c, w, None, {"hidden": True} if c in m.hidden_cols else None)
    for r, h in _row_heights(m).items():
        ws.set_row(r, h)
    if m.key_row:
        ws.set_row(0, None, None, {"hidden": True})
    for (r, c), cell in sorted(m.cells.items()):
        note = marks.get((r, c))
        fmt = formats.get(cell.style, cell.input.type if cell.input else None, marked=note is not None)
        _write_cell(ws, r, c, cell, fmt)
        if note:
            ws.write_comment(r, c, nfc(note), {"author": "Sở Nội vụ", "x_scale": 2.2, "y_scale": 1.6})
    apply_validations(ws, m, year)
    apply_conditional(ws, m, formats)
    if m.freeze:
        ws.freeze_panes(*m.freeze)
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    if m.landscape:
        ws.set_landscape()
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    if m.header_row is not None:
        ws.repeat_rows(m.header_row)
    ws.set_footer("&C&P/&N")
    if m.protect:
        ws.protect(
            "",
            {
                "select_locked_cells": True,
                "select_unlocked_cells": True,
                "format_columns": True,
                "format_rows": True,
            },
        )


def build_workbook(
    loaded: LoadedCatalog,
    year: int,
    unit_code: str,
    path: Path,
    *,
    values: dict[tuple[str, str], object] | None = None,
    marks: dict[tuple[str, str], str] | None = None,
    layout_version: int = L.LAYOUT_VERSION,
    generated_at: dt.datetime | None = None,
    findings: Callable[[Any], None] | None = None,
    previous: PreviousYear | None = None,
) -> Path:
    """Write the form of ``unit_code`` for ``year`` to ``path`` (atomically) and return ``path``.

    ``values`` pre-fill input cells and ``marks`` colour any cell of the form and attach a
    comment; both are keyed by (row code, field key), e.g. ``("CT01.1", "thuc_hien")``,
    ``("tt_so_cuoc", "gia_tri")``, ``("VBK01", "noi_dung")``. Unknown keys and values for
    locked cells raise :class:`TemplateKeyError`. ``previous`` (last year's run) adds the unit's
    figures of last year beside its inputs. ``findings(workbook)`` writes a first sheet of its own
    (the feedback form's list of what to fix: :mod:`pipeline.writers.feedback`).
    """
    return _build(
        loaded, year, unit_code, Path(path), values, marks, layout_version, generated_at, findings, previous
    ).path


def _build(
    loaded,
    year,
    unit_code,
    path: Path,
    values,
    marks,
    layout_version,
    generated_at,
    findings=None,
    previous=None,
) -> BuiltTemplate:
    ctx, sheets = plan_sheets(loaded, year, unit_code, previous)
    _apply_values(sheets, values or {})
    mark_at: dict[str, dict[tuple[int, int], str]] = {m.name: {} for m in sheets}
    for key, text in (marks or {}).items():
        m, rc = _locate(sheets, key)
        mark_at[m.name][rc] = text
    generated_at = generated_at or dt.datetime.now(TZ).replace(microsecond=0)
    meta = {
        "plan_id": loaded.catalog.plan.id,
        "layout_version": str(layout_version),
        "catalog_hash": loaded.short_hash,
        "template_version": form_version(ctx.view, ctx.unit, layout_version),  # by the form's content
        "unit_code": ctx.unit.code,
        "unit_name": ctx.unit.name,
        "year": str(year),
        "generated_at": generated_at.isoformat(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    honour_umask(Path(tmp))  # mkstemp makes 0600; outputs follow the umask
    try:
        wb = xlsxwriter.Workbook(tmp, WORKBOOK_OPTIONS)
        wb.set_properties(
            {
                "title": f"Báo cáo năm {year} – {ctx.unit.name}",
                "subject": loaded.catalog.plan.title,
                "author": "Sở Nội vụ tỉnh Lạng Sơn",
                "comments": f"ptn {meta['template_version']}",
                # the creation date inside the file follows generated_at: same inputs, same bytes
                "created": generated_at.astimezone(TZ).replace(tzinfo=None),
            }
        )
        formats = Formats(wb)
        if findings is not None:  # the caller writes the first sheet itself (feedback forms)
            findings(wb)
        for m in sheets:
            ws = wb.add_worksheet(m.name)
            _write_sheet(ws, m, formats, year, mark_at[m.name])
            if m.key == "" and findings is None:
                ws.activate()
        _write_lists(wb, formats, choice_lists(ctx, ctx.view.sections_for(ctx.unit)))
        _write_meta(wb, meta)
        wb.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    data = [m for m in sheets if m.key]
    return BuiltTemplate(ctx.unit, path, [m.name for m in sheets], sum(m.items for m in data))


def _write_lists(wb, formats: Formats, lists: dict[str, list[str]]) -> None:
    ws = wb.add_worksheet(L.LISTS_SHEET)
    fmt = formats.get("plain")
    for c, (name, choices) in enumerate(sorted(lists.items())):
        ws.write_string(0, c, name, fmt)
        for r, choice in enumerate(choices, start=1):
            ws.write_string(r, c, choice, fmt)
        col = xlsxwriter.utility.xl_col_to_name(c)
        wb.define_name(name, f"='{L.LISTS_SHEET}'!${col}$2:${col}${len(choices) + 1}")
    ws.protect("")
    ws.hide()


def _write_meta(wb, meta: dict[str, str]) -> None:
    ws = wb.add_worksheet(L.META_SHEET)
    for r, key in enumerate(L.META_KEYS):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, meta[key])
    ws.protect("")
    ws.very_hidden()


# --------------------------------------------------------------------------- all units


def build_all(
    loaded: LoadedCatalog,
    year: int,
    out_dir: Path,
    units: Iterable[str] | None = None,
    *,
    generated_at: dt.datetime | None = None,
    previous: PreviousYear | None = None,
) -> list[BuiltTemplate]:
    """One form per active unit (or per code in ``units``), then the mailing list; ``previous``
    (last year's run) puts each unit's own figures of last year beside its inputs."""
    view = CatalogView.of(loaded.catalog, year)
    codes = list(units) if units else [u.code for u in view.active_units]
    for code in codes:  # fail before writing anything
        _view_unit(loaded, year, code)
    out_dir = Path(out_dir)
    built = []
    for code in codes:
        unit = view.unit(code)
        built.append(
            _build(
                loaded,
                year,
                code,
                out_dir / template_filename(year, unit),
                None,
                None,
                L.LAYOUT_VERSION,
                generated_at,
                None,
                previous,
            )
        )
    write_mailing_list(built, out_dir / MAILING_LIST, year)
    return built


def write_mailing_list(built: list[BuiltTemplate], path: Path, year: int) -> Path:
    """``danh-sach-gui.xlsx``: who gets which form, and at which addresses."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    honour_umask(Path(tmp))  # mkstemp makes 0600; outputs follow the umask
    try:
        wb = xlsxwriter.Workbook(tmp, WORKBOOK_OPTIONS)
        ws = wb.add_worksheet("Danh sách gửi")
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter", "border": 1}
        title = wb.add_format({"font_name": "Times New Roman", "font_size": 14, "bold": True})
        head = wb.add_format(
            {**base, "bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "align": "center"}
        )
        text = wb.add_format({**base, "text_wrap": True})
        center = wb.add_format({**base, "align": "center"})
        ws.write_string(0, 0, f"DANH SÁCH GỬI BIỂU MẪU BÁO CÁO NĂM {year}", title)
        headers = [
            ("STT", 5),
            ("Mã đơn vị", 11),
            ("Cơ quan, đơn vị, địa phương", 40),
            ("Loại", 20),
            ("Báo cáo", 11),
            ("Thư điện tử", 34),
            ("Tệp đính kèm", 46),
        ]
        for c, (h, w) in enumerate(headers):
            ws.write_string(2, c, h, head)
            ws.set_column(c, c, w)
        for i, b in enumerate(built, start=1):
            r = 2 + i
            u = b.unit
            ws.write_number(r, 0, i, center)
            ws.write_string(r, 1, u.code, center)
            ws.write_string(r, 2, u.name, text)
            ws.write_string(r, 3, KIND_LABEL[u.kind], text)
            ws.write_string(r, 4, OBLIGATION_LABEL[u.obligation.value], center)
            ws.write_string(r, 5, "; ".join(u.emails), text)
            ws.write_string(r, 6, b.path.name, text)
        ws.autofilter(2, 0, 2 + len(built), len(headers) - 1)
        ws.freeze_panes(3, 0)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(2)
        wb.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
