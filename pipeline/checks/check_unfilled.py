"""FORM-EMPTY: a form returned with every input cell empty."""

from __future__ import annotations

from pipeline.checks.base import CheckContext

CODE = "FORM-EMPTY"


def check(ctx: CheckContext) -> None:
    if ctx.cells and all(lc.row.raw == "" for lc in ctx.cells):
        ctx.empty_form = True
        ctx.add(CODE)
