"""Where a catalog check's problem sits in the workbook: its sheet and cell.

A :class:`~pipeline.catalog.validate.CatalogProblem` names an item (a unit, item, rule, section or
field code; ``plan``; ``report_variants.<key>``) and a field; this finds the record, then the cell
of the field – for a list (co-agencies, successors) the element named in the message, for yearly
values the year named – falling back on the record's first cell, then the column header.
"""

from __future__ import annotations

import re

from pipeline.catalog.model import Catalog, SectionLayout, UnitKind
from pipeline.catalog.validate import CatalogProblem
from pipeline.catalog.workbook.book import Origins, Where
from pipeline.catalog.workbook.mapping import ITEM_TABLES
from pipeline.catalog.workbook.problems import SheetProblem

_QUOTED = re.compile(r"'([^']+)'")
_YEAR = re.compile(r"năm (\d{4})")
DUP_KINDS = (
    ("mã đơn vị", "units"),
    ("mã mục phụ lục", "items"),
    ("mã quy tắc", "rules"),
    ("mã phần", "sections"),
)


def _records(c: Catalog, code: str) -> list[tuple]:
    """Every record path with this code or key, in catalog order."""
    out: list[tuple] = [("units", i) for i, u in enumerate(c.units) if u.code == code]
    for t in ITEM_TABLES:
        out += [(t, i) for i, x in enumerate(getattr(c, t)) if x.code == code]
    out += [("rules", i) for i, r in enumerate(c.rules) if r.code == code]
    out += [("sections", i) for i, s in enumerate(c.sections) if s.key == code]
    out += [
        ("sections", i, "fields", j)
        for i, s in enumerate(c.sections)
        for j, f in enumerate(s.fields)
        if f.key == code
    ]
    return out


def _obj(c: Catalog, path: tuple):
    obj = getattr(c, path[0])[path[1]]
    return obj.fields[path[3]] if len(path) > 2 else obj


def _field_path(c: Catalog, base: tuple, field: str, message: str) -> tuple:
    obj = _obj(c, base)
    quoted = _QUOTED.findall(message)
    year = _YEAR.search(message)
    if field in ("co_agencies", "each_unit_of_kinds") and hasattr(obj, field):
        values = [v.value if hasattr(v, "value") else v for v in getattr(obj, field)]
        for q in quoted:
            if q in values:
                return (*base, field, values.index(q))
        return (*base, field, 0)
    if field == "successors" and hasattr(obj, "successors"):
        for q in quoted:
            for j, s in enumerate(obj.successors):
                if q in (s.unit, s.successor):
                    return (*base, "successors", j, "unit" if q == s.unit else "successor")
        return (*base, "successors", 0, "unit")
    if field in ("yearly_values", "end_values", "values") and year:
        y = int(year[1])
        for name in ("yearly_values", "end_values") if field == "values" else (field,):
            if y in getattr(obj, name, {}):
                return (*base, name, y)
    if field == "figure_source":
        return (*base, "figure_source", "lead")
    return (*base, field)


_INDEXED = re.compile(r"^([a-z_]+)\[(\d+)\]")  # "unit_lists[1] (UBND xã, phường)"


def _refine(path: tuple, message: str, origins: Origins) -> Where | None:
    """The cell of ``path`` – or of the year or quoted key the message names under it, or the first
    cell under it, or of its nearest ancestor."""
    year = _YEAR.search(message)
    steps = ([year[1]] if year else []) + _QUOTED.findall(message)
    for step in steps:
        hit = origins.get(tuple(str(x) for x in (*path, step)))
        if hit is not None:
            return hit
    key = tuple(str(x) for x in path)
    if key in origins:
        return origins[key]
    return origins.first_under(path) or origins.find(path)


def place(p: CatalogProblem, c: Catalog, origins: Origins | None) -> Where | None:
    """The cell a catalog problem is about (None when the workbook has no place for it, or the
    problem names something this version cannot map: the problem is then shown without a cell)."""
    if origins is None:
        return None
    try:
        return _place(p, c, origins)
    except (LookupError, TypeError, ValueError, AttributeError):
        return None


def _place(p: CatalogProblem, c: Catalog, origins: Origins) -> Where | None:
    item, field = p.item, p.field
    if item == "plan" or item.startswith("plan."):
        return _refine((*item.split("."), *field.split(".")), p.message, origins)
    if item.startswith("report_variants."):
        key = item.split(".", 1)[1]
        for i, v in enumerate(c.plan.report_variants):
            if v.key == key:
                return origins.find(("plan", "report_variants", i, *field.split(".")))
        return origins.find(("plan", "report_variants"))
    indexed = _INDEXED.match(item)
    if indexed:
        return _refine((indexed[1], int(indexed[2]), *field.split(".")), p.message, origins)
    if field == "layout" and item in {x.value for x in SectionLayout}:
        return origins.find(("#column", "sections", "layout"))
    if field == "kinds" and item in {k.value for k in UnitKind} and not _records(c, item):
        return origins.find(("#column", "sections", "kinds"))
    records = _records(c, item)
    if p.code == "CAT-DUP-CODE":
        if field == "key":
            records = [r for r in records if r[0] == "sections" and len(r) == 4] or records
            field = "key"
        else:
            kind = next((k for words, k in DUP_KINDS if words in p.message), None)
            pick = {"units": ("units",), "items": ITEM_TABLES, "rules": ("rules",), "sections": ("sections",)}
            records = [r for r in records if kind is None or (r[0] in pick[kind] and len(r) == 2)] or records
            field = "key" if kind == "sections" else "code"
        base = records[1] if len(records) > 1 else records[0] if records else None
        return origins.find((*base, field)) if base else None
    if not records:
        return None
    if p.code == "CAT-FIELD" and records[0][0] == "sections" and len(records[0]) == 2:
        section = c.sections[records[0][1]]
        j = next((j for j, f in enumerate(section.fields) if f.key == field), None)
        if j is not None:
            column = "choices" if "choices" in p.message else "kinds" if "loại đơn vị" in p.message else "key"
            return origins.find(("sections", records[0][1], "fields", j, column))
    prefer = [r for r in records if hasattr(_obj(c, r), field.split(".")[0])] or records
    base = prefer[0]
    path = _field_path(c, base, field, p.message)
    where = origins.get(tuple(str(x) for x in path))
    if where is None and field == "lead":
        where = origins.find(base)
    return where or origins.find(path)


def sheet_problem(p: CatalogProblem, c: Catalog, origins: Origins) -> SheetProblem:
    where = place(p, c, origins)
    what = origins.captions.get(where, "") if where else ""
    if not what:
        what = (
            "Kế hoạch"
            if p.item == "plan"
            else "Báo cáo năm"
            if p.item.startswith("report_variants")
            else p.item
        )
    return SheetProblem(
        p.code, p.severity, p.message, where.sheet if where else "", where.cell if where else "", what
    )
