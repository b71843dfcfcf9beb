"""FORMULA-NO-VALUE: an input cell holding a formula with no saved value (written by a program with no
calculation engine, e.g. openpyxl). Only the input cells' XML is read (helper in readers.py)."""

from __future__ import annotations

import zipfile

from pipeline.checks.base import CheckContext
from pipeline.intake.readers import formulas_without_value

CODE = "FORMULA-NO-VALUE"


def input_cells(ctx: CheckContext) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for lc in ctx.cells:
        out.setdefault(lc.row.sheet, set()).add(lc.row.cell)
    return out


def check(ctx: CheckContext) -> None:
    found = dict(ctx.raw.formulas_without_value) if ctx.raw is not None else {}
    pkg = None if found else ctx.package()
    if pkg is not None:
        try:
            found = formulas_without_value(pkg.zf, pkg.sheet_parts, input_cells(ctx))
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            found = {}
    if not found:
        return
    by_addr = {(lc.row.sheet, lc.row.cell): lc for lc in ctx.cells}
    for sheet, addrs in found.items():
        for a in addrs:
            lc = by_addr.get((sheet, a))
            if lc is not None:
                ctx.add(CODE, lc)
