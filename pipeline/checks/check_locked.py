"""LOCKED-CELL-CHANGED: a printed cell of the form (a label, the plan column, a computed %) that the
unit unprotected and typed over. Only input cells are read, so the change is not used: the unit is
told, at the cell, instead of the change vanishing without a word.

The unit's form is rebuilt from the catalog (the template builder's own model) and each printed cell
of a data row is compared, by section, row code and column key – never by position – with what came
back. A computed % is compared with the value its formula gives from the returned part and whole.

What a section's printed cells should hold depends only on what the unit is asked there (its kind,
its assignments and waivers in the section – its name on the general-information sheet is put in
when checking), so it is worked out once per such shape and year (:func:`_expected`), not once per
file: at national size thousands of units share a handful of shapes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pipeline.checks.base import CheckContext
from pipeline.intake.addresses import a1
from pipeline.intake.locate import find_sheets
from pipeline.templates.layout import COL_CODE, COL_STT, INFO_SHEET_KEY, UNIT_ROW_CODE, VALUE_KEY
from pipeline.templates.model import Formula
from pipeline.vn import nfc

MAX_FINDINGS = 30  # per file: a form typed over everywhere is said often enough by then
MAX_SHAPES = 4096  # section shapes kept per year (a hostile catalog cannot grow this without bound)


def _num(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float) and math.isfinite(v):
        return float(v)
    return None


def _same(expected: Any, got: Any) -> bool:
    if type(got) is type(expected) and got == expected:
        return True  # as printed (most cells: no normalising needed)
    if got is None or (isinstance(got, str) and not got.strip()):
        return True  # cleared: nothing typed over it (what is missing is said elsewhere)
    e, g = _num(expected), _num(got)
    if e is not None and g is not None:
        return abs(e - g) <= 1e-6 * max(1.0, abs(e))
    if isinstance(expected, str) and isinstance(got, str):
        return " ".join(nfc(expected).split()) == " ".join(nfc(got).split())
    return False


@dataclass(frozen=True)
class _Printed:
    """One printed cell of a data row: where (row code, column key), what it should hold, and for a
    % formula the (code, key) of its part and whole."""

    code: str
    key: str
    what: str  # the column's header
    expected: Any
    part: tuple[str, str] | None = None
    whole: tuple[str, str] | None = None


@dataclass(frozen=True)
class _Section:
    key: str
    cells: tuple[_Printed, ...]  # in the model's (row, column) order


def _shape(view, unit, section) -> tuple:
    """Everything a section's printed cells depend on besides the catalog and the year (the unit's
    name on the general-information sheet is put in at check time: see :data:`_UNIT_NAME`)."""
    from pipeline.catalog.model import SectionLayout

    asked = tuple(
        (a.item.code, a.role, a.supplies_figure, a.handovers)
        for a in view.assignments(unit.code, section.key)
    )
    waived = ()
    if section.layout == SectionLayout.documents:
        waived = tuple((w.item.code, w.role, w.due, w.since) for w in view.waivers(unit.code))
    return (section.key, unit.kind, asked, waived)


def _expected(ctx: CheckContext) -> list[_Section]:
    """The printed cells of every data sheet of the unit's form, by section."""
    view, unit = ctx.view, ctx.unit
    kept: dict[tuple, _Section] = view.__dict__.setdefault("_locked_cells", {})
    out = []
    form = None
    for s in view.sections_for(unit):
        shape = _shape(view, unit, s)
        sec = kept.get(shape)
        if sec is None:
            if form is None:
                from pipeline.templates.sheets import Context

                form = Context(ctx.loaded, view, unit, view.year)
            from pipeline.templates.sheets import section_sheet

            sec = _printed(section_sheet(form, s), unit.name)
            if len(kept) < MAX_SHAPES:
                kept[shape] = sec
        out.append(sec)
    return out


_UNIT_NAME = object()  # stands for the name of the unit being checked (general-information sheet)


def _printed(m, unit_name: str) -> _Section:
    cells: list[_Printed] = []
    if not m.key or not m.key_row:
        return _Section(m.key, ())
    keys_m = {c: v.value for (r, c), v in m.cells.items() if r == 0 and isinstance(v.value, str)}
    code_col_m = next((c for c, k in keys_m.items() if k == COL_CODE), None)
    if code_col_m is None:
        return _Section(m.key, ())
    header = {c: v.value for (r, c), v in m.cells.items() if r == m.header_row and isinstance(v.value, str)}
    codes_m = {r: v.value for (r, c), v in m.cells.items() if c == code_col_m and r > 0}
    for (r, c), cell in sorted(m.cells.items()):
        if r == 0 or cell.input is not None or c == code_col_m:
            continue
        key, code = keys_m.get(c), codes_m.get(r)
        if not key or key == COL_STT or not isinstance(code, str):
            continue
        part = whole = None
        expected = cell.value
        if isinstance(expected, Formula):
            pair = next((p for p in m.pairs if p.result == (r, c)), None)
            if pair is None:
                continue  # a formula the check cannot recompute
            part = (codes_m.get(pair.part[0]), keys_m.get(pair.part[1]))
            whole = (codes_m.get(pair.whole[0]), keys_m.get(pair.whole[1]))
        elif m.key == INFO_SHEET_KEY and (code, key) == (UNIT_ROW_CODE, VALUE_KEY) and expected == unit_name:
            expected = _UNIT_NAME
        cells.append(_Printed(code, key, header.get(c, key), expected, part, whole))
    return _Section(m.key, tuple(cells))


def check(ctx: CheckContext) -> None:
    if ctx.raw is None or ctx.loaded is None:
        return
    found = find_sheets(ctx.raw)
    n = 0
    for sec in _expected(ctx):
        if not sec.cells or sec.key not in found:
            continue
        sheet, kr = found[sec.key]
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
        for p in sec.cells:
            if p.code not in row_r or p.key not in col_r:
                continue
            rr, cc = row_r[p.code], col_r[p.key]
            got = rows[rr][cc] if cc < len(rows[rr]) else None
            expected = p.expected
            if expected is _UNIT_NAME:
                expected = ctx.unit.name
            elif p.part is not None:
                expected = _computed(p, rows, col_r, row_r)
                if expected is _UNKNOWN:
                    continue
            if _same(expected, got):
                continue
            text = str(int(got)) if isinstance(got, float) and got == int(got) else str(got)
            ctx.add("LOCKED-CELL-CHANGED", sheet=sheet.name, cell=a1(rr, cc), item=p.code if p.code != p.key else "",
                    what=p.what, text=text[:80], value=text[:80])  # fmt: skip
            n += 1
            if n >= MAX_FINDINGS:
                return


_UNKNOWN = object()


def _computed(p: _Printed, rows, col_r, row_r) -> Any:
    """The value the % formula gives from the returned part and whole ("" when it shows nothing),
    or _UNKNOWN when the pair cannot be found."""
    vals = []
    for code, key in (p.part, p.whole):
        if key not in col_r or code not in row_r:
            return _UNKNOWN
        row = rows[row_r[code]]
        vals.append(_num(row[col_r[key]]) if col_r[key] < len(row) else None)
    part, whole = vals
    if part is None or whole is None or whole <= 0:
        return ""
    return part / whole * 100
