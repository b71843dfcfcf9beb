"""REPORT-DATE-OUTSIDE: the unit's report date (Ngày báo cáo) outside the reporting year.

Before the year's data period starts (15/12 of the year before, ND 09/2019) it is an error: the
report cannot be about a year that had not begun (a copied form, a mistyped year). After the period
ends but before 1/4 of the next year it is a warning (a late report, or a mistyped year); later it
is an error.
"""

from __future__ import annotations

import datetime as dt

from pipeline.checks.base import CheckContext

FIELD = "ngay_bao_cao"  # Thông tin chung: Ngày báo cáo


def check(ctx: CheckContext) -> None:
    start, end, year = ctx.view.period_start, ctx.view.period_end, ctx.view.year
    for lc in ctx.cells:
        if lc.spec.field != FIELD or lc.spec.item or not isinstance(lc.row.value, dt.date):
            continue
        d = lc.row.value
        if start <= d <= end:
            continue
        late_ok = end < d < dt.date(year + 1, 4, 1)
        ctx.add("REPORT-DATE-OUTSIDE", lc, date=f"{d:%d/%m/%Y}", year=year, start=f"{start:%d/%m/%Y}",
                end=f"{end:%d/%m/%Y}", severity="warning" if late_ok else "error")  # fmt: skip
