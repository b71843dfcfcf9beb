"""VALUE-NEGATIVE: counts, amounts and measured values are never below zero."""

from __future__ import annotations

from pipeline.checks.base import CheckContext

CODE = "VALUE-NEGATIVE"


def check(ctx: CheckContext) -> None:
    for lc in ctx.numbers():
        if lc.row.value < 0:
            ctx.add(CODE, lc, text=lc.row.raw)
