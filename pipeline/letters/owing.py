"""Who still owes the Sở something after a run, and what – read from the manifest.

One function, :func:`owing`, over the manifest's completeness, its inputs' error findings and its
targets' missing sources: obliged units that have not sent (or not yet, before the deadline), any
unit whose counted report has errors to fix (each with its sheet and cell), and any unit (obliged or
requested) that supplies a target's figure and gave none. :func:`followup_due` is the new date the
letters ask by. The consolidation (#11) is to compute the same list into the manifest; when it does,
this module shrinks to reading it (the letters only use :class:`Owed`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.catalog.query import CatalogView
from pipeline.manifest import Finding, InputEntry, Manifest

__all__ = ["Owed", "followup_due", "owing"]


@dataclass
class Owed:
    """A unit to remind (đôn đốc) or to ask for corrections (đề nghị bổ sung)."""

    unit: str
    name: str
    obligation: str  # "obliged" | "requested"
    not_sent: bool = False  # no report counted (after the deadline: missing; before: not yet due)
    errors: list[Finding] = field(default_factory=list)  # of the counted report, to fix
    warnings: int = 0  # of the counted report, to check again
    missing_figures: list[str] = field(default_factory=list)  # names of targets it gave no figure for
    report_number: str = ""  # số, ký hiệu of the report it sent
    received_at: dt.datetime | None = None
    source: str = ""  # the counted report's file


def followup_due(m: Manifest, view: CatalogView) -> dt.date:
    """The date a missing or corrected report is asked by: ``plan.followup_days`` after the run's
    reference date, never before the reporting deadline itself."""
    plan = view.catalog.plan
    return max(m.as_of + dt.timedelta(days=plan.followup_days), plan.deadline.last_on_time_day(m.year))


def _report_number(m: Manifest, unit: str) -> str:
    for v in m.values:
        if v.unit == unit and v.field == "so_ky_hieu" and isinstance(v.value, str):
            return v.value.strip()
    return ""


def owing(m: Manifest, view: CatalogView) -> list[Owed]:
    """Every unit that owes something, obliged units first, then by name."""
    c = m.completeness
    accepted: dict[str, InputEntry] = {e.unit: e for e in m.inputs if e.status == "accepted" and e.unit}
    out: dict[str, Owed] = {}

    def get(code: str) -> Owed:
        if code not in out:
            u = view.units_by_code.get(code)
            out[code] = Owed(
                unit=code,
                name=m.units.get(code) or (u.name if u else code),
                obligation=u.obligation.value if u else "obliged",
            )
        return out[code]

    for code in [*c.missing, *c.not_yet_due]:
        get(code).not_sent = True
    for code, e in accepted.items():
        errors = [f for f in e.findings if f.severity == "error"]
        if errors:
            o = get(code)
            o.errors = errors
            o.warnings = sum(f.severity == "warning" for f in e.findings)
    whole_report_owed = {*c.missing, *c.not_yet_due}
    for t in m.province:
        for code in dict.fromkeys([*t.missing_sources, *t.excluded]):
            if code in whole_report_owed:
                continue  # the whole report is owed already
            o = get(code)
            o.not_sent = o.not_sent or code not in accepted
            if t.name not in o.missing_figures:
                o.missing_figures.append(t.name)
    for code, o in out.items():
        e = accepted.get(code)
        if e is not None:
            o.report_number = _report_number(m, code)
            o.received_at = e.received_at
            o.source = e.path
    return sorted(out.values(), key=lambda o: (o.obligation != "obliged", o.name))
