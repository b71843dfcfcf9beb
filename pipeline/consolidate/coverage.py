"""Who was asked a figure and who gave it (DOMAIN §5: a total from fewer units than expected says so).

For every numeric field of a ``fields`` section: the obliged units whose form asks it, those that
gave a valid value, those that sent a report but left the cell empty (a unit that did not answer is
not a unit that answered zero), those whose value had an error, and those whose report is missing.
Requested units that gave a value are counted apart (their figures are summed too).
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.catalog.model import Obligation, SectionLayout
from pipeline.catalog.query import CatalogView
from pipeline.intake.flat import FlatRow
from pipeline.manifest import Coverage

NUMERIC_TYPES = {"count", "amount", "ratio_part", "decimal"}


def asked(view: CatalogView, field: str) -> list[str]:
    """Obliged active units whose form asks ``field`` (a key of a ``fields`` section)."""
    for s in view.catalog.sections:
        if s.layout != SectionLayout.fields:
            continue
        for f in s.fields:
            if f.key == field:
                kinds = [k for k in s.kinds if not f.kinds or k in f.kinds]
                return sorted(u.code for u in view.obliged_units if u.kind in kinds)
    return []


def field_coverage(view: CatalogView, rows: list[FlatRow], received: set[str]) -> dict[str, Coverage]:
    fields = [
        f.key
        for s in view.catalog.sections
        if s.layout == SectionLayout.fields
        for f in s.fields
        if f.type.value in NUMERIC_TYPES or f.type.value == "choice"
    ]
    got: dict[str, dict[str, FlatRow]] = defaultdict(dict)
    for r in rows:
        if r.item == "" and r.unit:
            got[r.field][r.unit] = r
    requested = {u.code for u in view.active_units if u.obligation == Obligation.requested}
    out: dict[str, Coverage] = {}
    for key in fields:
        expected = asked(view, key)
        cov = Coverage(expected=expected)
        for code in expected:
            r = got[key].get(code)
            if code not in received:
                cov.not_received.append(code)
            elif r is None or (r.raw.strip() == "" and r.value in (None, "")):
                cov.blank.append(code)
            elif not r.valid:
                cov.invalid.append(code)
            else:
                cov.answered.append(code)
        cov.requested_answered = sorted(
            u for u, r in got[key].items() if u in requested and r.valid and r.value not in (None, "")
        )
        out[key] = cov
    return out
