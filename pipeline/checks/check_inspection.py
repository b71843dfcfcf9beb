"""INSPECTION-NONE (warning): the unit's form has the Kiểm tra sheet and no inspection row is filled."""

from __future__ import annotations

from pipeline.catalog.model import SectionLayout
from pipeline.checks.base import CheckContext

CODE = "INSPECTION-NONE"
SECTION = "kiem_tra"


def check(ctx: CheckContext) -> None:
    if ctx.empty_form:
        return
    cells = [
        lc for lc in ctx.cells
        if lc.spec.section == SECTION and ctx.view.sections_by_key[SECTION].layout == SectionLayout.free_rows
    ]  # fmt: skip
    if cells and all(lc.row.raw == "" for lc in cells):
        first = cells[0]
        ctx.add(CODE, sheet=first.row.sheet, cell=first.row.cell, item=first.row.item, field=first.row.field)
