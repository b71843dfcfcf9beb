"""VALUE-IMPLAUSIBLE: a figure no unit can have (1e15 people), by the catalog's plausibility bounds.

A field's own ``max`` is checked by check_range; for the others the bound comes from
``plan.plausibility`` by the figure's unit of measure: people (người) at most the province's
population, counts "lượt" (a person counted each time) at most ``visits_factor`` × population, other
counts (cuộc, buổi, tin bài, văn bản, lớp) at most ``max_events``, money (triệu đồng) at most
``max_amount``. Above it the value is an error at its cell and stays out of every total.
"""

from __future__ import annotations

from pipeline.checks.base import CheckContext
from pipeline.vn import so_vn

CODE = "VALUE-IMPLAUSIBLE"


def bound(ctx: CheckContext, ftype: str, uom: str) -> tuple[float, str] | None:
    """(bound, why) for a figure of type ``ftype`` in ``uom``, or None when no default applies."""
    p = ctx.view.catalog.plan.plausibility
    u = uom.lower()
    if ftype == "ratio_part" or (ftype == "count" and u in ("người", "")):
        return float(p.population), f"dân số toàn tỉnh khoảng {so_vn(p.population)} người"
    if ftype == "count" and "lượt" in u:
        n = p.population * p.visits_factor
        return n, f"{so_vn(p.visits_factor, 1, trim=True)} lượt cho mỗi người dân của tỉnh"
    if ftype == "count":
        return float(
            p.max_events
        ), f"không đơn vị nào có quá {so_vn(p.max_events)} {uom or 'lần'} trong một năm"
    if ftype == "amount":
        return float(p.max_amount), f"{so_vn(p.max_amount)} triệu đồng cho một ô"
    return None


def check(ctx: CheckContext) -> None:
    for lc in ctx.numbers():
        if lc.spec.max is not None or not lc.row.valid:
            continue  # the field's own bound (check_range), or already an error
        b = bound(ctx, lc.spec.type, lc.spec.uom)
        if b is not None and lc.row.value > b[0]:
            ctx.add(CODE, lc, text=so_vn(lc.row.value, 2, trim=True), limit=so_vn(b[0]), why=b[1])
