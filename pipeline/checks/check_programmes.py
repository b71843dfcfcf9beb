"""PROG-STATUS-EMPTY: a Phụ lục III programme the unit leads without its status."""

from __future__ import annotations

from pipeline.catalog.model import SectionLayout
from pipeline.checks.base import CheckContext

CODE = "PROG-STATUS-EMPTY"
STATUS = "trang_thai_da"


def check(ctx: CheckContext) -> None:
    if ctx.empty_form:
        return
    for lc in ctx.cells:
        if lc.row.field != STATUS or lc.spec.reference or lc.row.raw != "":
            continue
        if ctx.view.sections_by_key[lc.spec.section].layout != SectionLayout.programmes:
            continue
        item = ctx.view.items_by_code.get(lc.row.item)
        ctx.add(CODE, lc, item=lc.row.item, name=item.name if item else lc.row.item)
