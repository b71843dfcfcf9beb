"""LOCKED-CELL-CHANGED: a printed cell of the form (a label, the plan column, a computed %) that the
unit unprotected and typed over. Only input cells are read, so the change is not used: the unit is
told, at the cell, instead of the change vanishing without a word.

The unit's form is rebuilt in memory from the catalog (the template builder's own model, ~3 ms) and
each printed cell of a data row is compared, by section, row code and column key – never by
position – with what came back. A computed % is compared with the value its formula gives from the
returned part and whole.
"""

from __future__ import annotations

import math
from typing import Any

from pipeline.checks.base import CheckContext
from pipeline.intake.addresses import a1
from pipeline.intake.locate import find_sheets
from pipeline.templates.layout import COL_CODE, COL_STT
from pipeline.templates.model import Formula
from pipeline.vn import nfc

MAX_FINDINGS = 30  # per file: a form typed over everywhere is said often enough by then


def _num(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float) and math.isfinite(v):
        return float(v)
    return None


def _same(expected: Any, got: Any) -> bool:
    if got is None or (isinstance(got, str) and not got.strip()):
        return True  # cleared: nothing typed over it (what is missing is said elsewhere)
    e, g = _num(expected), _num(got)
    if e is not None and g is not None:
        return abs(e - g) <= 1e-6 * max(1.0, abs(e))
    if isinstance(expected, str) and isinstance(got, str):
        return " ".join(nfc(expected).split()) == " ".join(nfc(got).split())
    return False


def check(ctx: CheckContext) -> None:
    if ctx.raw is None or ctx.loaded is None:
        return
    from pipeline.templates.build import plan_sheets

    _, models = plan_sheets(ctx.loaded, ctx.view.year, ctx.unit.code)
    found = find_sheets(ctx.raw)
    n = 0
    for m in models:
        if not m.key or not m.key_row or m.key not in found:
            continue
        sheet, kr = found[m.key]
        keys_m = {c: v.value for (r, c), v in m.cells.items() if r == 0 and isinstance(v.value, str)}
        code_col_m = next((c for c, k in keys_m.items() if k == COL_CODE), None)
        if code_col_m is None:
            continue
        header = {
            c: v.value for (r, c), v in m.cells.items() if r == m.header_row and isinstance(v.value, str)
        }
        rows = sheet.rows
        keys_r = [str(v).strip() if v is not None else "" for v in rows[kr]]
        col_r = {k: i for i, k in enumerate(keys_r) if k and not k.startswith("ptn:")}
        if COL_CODE not in col_r:
            continue
        code_col_r = col_r[COL_CODE]
        row_r: dict[str, int] = {}
        for r in range(kr + 1, len(rows)):
            v = rows[r][code_col_r] if code_col_r < len(rows[r]) else None
            code = (
                (str(int(v)) if isinstance(v, float) and v == int(v) else str(v)).strip()
                if v is not None
                else ""
            )
            if code and code not in row_r:
                row_r[code] = r
        codes_m = {r: v.value for (r, c), v in m.cells.items() if c == code_col_m and r > 0}
        for (r, c), cell in sorted(m.cells.items()):
            if r == 0 or cell.input is not None or c == code_col_m:
                continue
            key, code = keys_m.get(c), codes_m.get(r)
            if (
                not key
                or key == COL_STT
                or not isinstance(code, str)
                or code not in row_r
                or key not in col_r
            ):
                continue
            rr, cc = row_r[code], col_r[key]
            got = rows[rr][cc] if cc < len(rows[rr]) else None
            expected = cell.value
            if isinstance(expected, Formula):
                expected = _computed(m, r, c, rows, rr, keys_m, col_r, row_r, codes_m)
                if expected is _UNKNOWN:
                    continue
            if _same(expected, got):
                continue
            text = str(int(got)) if isinstance(got, float) and got == int(got) else str(got)
            ctx.add("LOCKED-CELL-CHANGED", sheet=sheet.name, cell=a1(rr, cc), item=code if code != key else "",
                    what=header.get(c, key), text=text[:80], value=text[:80])  # fmt: skip
            n += 1
            if n >= MAX_FINDINGS:
                return


_UNKNOWN = object()


def _computed(m, r, c, rows, rr, keys_m, col_r, row_r, codes_m) -> Any:
    """The value the % formula at (r, c) gives from the returned part and whole ("" when it shows
    nothing), or _UNKNOWN when the pair cannot be found."""
    for pair in m.pairs:
        if pair.result != (r, c):
            continue
        vals = []
        for rc in (pair.part, pair.whole):
            key, code = keys_m.get(rc[1]), codes_m.get(rc[0])
            if key not in col_r or code not in row_r:
                return _UNKNOWN
            row = rows[row_r[code]]
            vals.append(_num(row[col_r[key]]) if col_r[key] < len(row) else None)
        p, w = vals
        if p is None or w is None or w <= 0:
            return ""
        return p / w * 100
    return _UNKNOWN
