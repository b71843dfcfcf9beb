"""Helpers of the intake tests: a good value for every input cell of a unit's real form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from pipeline.catalog import CatalogView
from pipeline.catalog.model import Measure, SectionLayout, Target, UnitKind
from pipeline.intake.locate import expected_cells
from pipeline.templates.build import build_workbook
from pipeline.templates.layout import COL_NAME, FREE_NAME_KEY

YEAR = 2024


def good_values(view: CatalogView, unit_code: str) -> dict[tuple[str, str], object]:
    unit = view.units_by_code[unit_code]
    out: dict[tuple[str, str], object] = {}
    for s in view.sections_for(unit):
        for e in expected_cells(view, unit, s):
            key = (e.code, FREE_NAME_KEY if e.column == COL_NAME else e.column)
            if e.type in ("count", "ratio_part"):
                out[key] = 50 if e.part == "tu_so" else 100
            elif e.type in ("amount", "decimal"):
                out[key] = 40.5
            elif e.type == "date":
                out[key] = dt.date(view.year, 10, 1)
            elif e.type == "choice":
                out[key] = e.choices[0]
            else:
                out[key] = "45/BC-UBND" if e.field == "so_ky_hieu" else "Nội dung đã thực hiện"
        if s.layout == SectionLayout.free_rows:  # one row: an inspection (2025: a commendation proposal too)
            code = f"{s.free_row_prefix}01"
            out[(code, FREE_NAME_KEY)] = "Kiểm tra UBND xã Tân Thanh"
            for f in s.fields:
                out[(code, f.key)] = (
                    f.choices[0] if f.choices else ("Đạt" if f.type.value == "text" else None)
                )
                if f.type.value == "date":
                    out[(code, f.key)] = dt.date(view.year, 9, 15)
    return {k: v for k, v in out.items() if v is not None}


def pick_district(view: CatalogView) -> str:
    """A district supplying a ratio target."""
    for u in view.active_units:
        if u.kind != UnitKind.district:
            continue
        a = view.assignments(u.code)
        ratio = any(
            isinstance(x.item, Target) and x.item.measure == Measure.ratio and x.supplies_figure for x in a
        )
        if ratio:
            return u.code
    raise AssertionError("no district with a ratio target")


def pick_programme_lead(view: CatalogView) -> str:
    """A unit leading a Phụ lục III programme."""
    for u in view.active_units:
        if any(x.section == "chuong_trinh" and x.role.value == "lead" for x in view.assignments(u.code)):
            return u.code
    raise AssertionError("no programme lead")


def build(loaded, unit: str, path: Path, values: dict, year: int = YEAR, **kw) -> Path:
    return build_workbook(loaded, year, unit, path, values=values, **kw)


def edit_meta(path: Path, **changes: str | None) -> None:
    """Change (or with None, delete) keys of ``_meta``; ``_meta=None`` deletes the sheet."""
    wb = openpyxl.load_workbook(path)
    if "_meta" in changes and changes["_meta"] is None:
        del wb["_meta"]
    else:
        ws = wb["_meta"]
        for row in ws.iter_rows():
            k = row[0].value
            if k in changes:
                row[1].value = changes[k]
    wb.save(path)
