"""Phụ lục I documents: DOC-STATUS-EMPTY (an assigned document, or an own document row with a name,
without its status), DOC-NUMBER-EMPTY (issued but no number)."""

from __future__ import annotations

from pipeline.catalog.model import SectionLayout
from pipeline.checks.base import CheckContext

STATUS, NUMBER = "trang_thai", "so_ky_hieu_vb"
ISSUED = "Đã ban hành"


def check(ctx: CheckContext) -> None:
    if ctx.empty_form:
        return
    rows: dict[str, dict[str, object]] = {}
    for lc in ctx.cells:
        if ctx.view.sections_by_key[lc.spec.section].layout == SectionLayout.documents:
            rows.setdefault(lc.row.item, {})[lc.row.field] = lc
    for code, cells in rows.items():
        status = cells.get(STATUS)
        if status is None:
            continue
        spec = status.spec
        if spec.free:
            name_cell = cells.get("noi_dung")
            if name_cell is None or name_cell.row.raw == "":
                continue
            name = name_cell.row.raw
        else:
            if spec.reference:
                continue
            item = ctx.view.items_by_code.get(code)
            name = item.name if item else code
        if status.row.raw == "":
            ctx.add("DOC-STATUS-EMPTY", status, item=code, name=name)
        elif status.row.value == ISSUED and NUMBER in cells and cells[NUMBER].row.raw == "":
            ctx.add("DOC-NUMBER-EMPTY", cells[NUMBER], item=code, name=name)
