"""What a run keeps of last year for comparisons across a reorganisation (DOMAIN §6).

From 1/7/2025 the districts are gone and 65 communes report instead: their figures are not compared
with a district's unit by unit. The consolidated workbook shows last year's districts next to this
year's communes grouped by former district, marked approximate; for that the manifest keeps last
year's valid figures of the local units that have ended since (and only then: an ordinary year keeps
nothing more).
"""

from __future__ import annotations

from pipeline.catalog.model import SectionLayout, Target, UnitKind
from pipeline.catalog.query import CatalogView
from pipeline.consolidate.aggregate import value_rows
from pipeline.intake.flat import FlatRow
from pipeline.manifest import ValueRow

LOCAL_KINDS = (UnitKind.district, UnitKind.commune)
FIGURE_TYPES = {"count", "amount", "ratio_part", "decimal"}


def ended_local_units(view: CatalogView) -> list[str]:
    """Local units active last year that are no longer active this year (2025: the 11 districts)."""
    prev = view.previous_reference_date
    return [
        u.code
        for u in view.catalog.units
        if u.kind in LOCAL_KINDS and u.active_on(prev) and u.code not in view.active_codes
    ]


def compared_fields(view: CatalogView) -> list[tuple[str, str, str]]:
    """(item, field, label) of the figures every local kind's form has: numeric fields of ``fields``
    sections, then the parts of targets summed over local units."""
    out: list[tuple[str, str, str]] = []
    for s in view.catalog.sections:
        if s.layout != SectionLayout.fields or not all(k in s.kinds for k in LOCAL_KINDS):
            continue
        for f in s.fields:
            if f.type.value in FIGURE_TYPES and (not f.kinds or all(k in f.kinds for k in LOCAL_KINDS)):
                out.append(("", f.key, f"{f.label} ({f.unit_of_measure})" if f.unit_of_measure else f.label))
    for t in view.catalog.targets:
        if isinstance(t, Target) and t.figure_source.sum_local and view.applies(t):
            out.append((t.code, "tu_so", f"{t.numerator_label} (người)"))
            out.append((t.code, "mau_so", f"{t.denominator_label} (người)"))
    return out


def previous_local_values(view: CatalogView, previous_rows: list[FlatRow]) -> list[ValueRow]:
    """Last year's valid figures of the local units that have ended (empty in an ordinary year)."""
    ended = set(ended_local_units(view))
    if not ended:
        return []
    wanted = {(item, key) for item, key, _ in compared_fields(view)}
    judged = view.catalog.plan.judge_on
    keep = [
        r
        for r in previous_rows
        if r.unit in ended
        and r.valid
        and r.type in FIGURE_TYPES
        and ((r.item == "" and ("", r.field) in wanted) or (r.field == judged and (r.item, r.part) in wanted))
    ]
    return value_rows(keep)
