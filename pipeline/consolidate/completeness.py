"""Completeness and timeliness (DHIS2-style): expected, received, on time, late, missing.

Expected = obliged units active in the year; requested units are shown apart. Before the deadline
(``as_of`` earlier than the cutoff) a unit not heard from is "chưa đến hạn", not missing.
Timeliness is judged on a unit's **first** report (as DHIS2 judges the first completion): a unit that
reported on time and later sent a correction is on time; the figures come from the newest report.
"""

from __future__ import annotations

import datetime as dt

from pipeline.catalog.query import CatalogView
from pipeline.manifest import Completeness, InputEntry, LateUnit


def completeness(view: CatalogView, inputs: list[InputEntry], as_of: dt.date) -> Completeness:
    accepted = {e.unit: e for e in inputs if e.status == "accepted" and e.unit}
    first: dict[str, InputEntry] = {}
    for e in inputs:
        official = e.received_at_source in ("register", "email")  # a file time is only an estimate
        if e.status in ("accepted", "superseded") and e.unit and e.received_at is not None and official:
            if e.unit not in first or e.received_at < first[e.unit].received_at:  # type: ignore[operator]
                first[e.unit] = e
    expected = sorted(u.code for u in view.obliged_units)
    requested = sorted(u.code for u in view.requested_units)
    received = sorted(u for u in expected if u in accepted)
    late: list[LateUnit] = []
    on_time: list[str] = []
    for code in received:
        e = first.get(code, accepted[code])
        if e.days_late and e.days_late > 0 and e.received_at is not None:
            late.append(
                LateUnit(
                    unit=code,
                    days_late=e.days_late,
                    received_at=e.received_at,
                    received_at_source=e.received_at_source,
                )
            )
        else:
            on_time.append(code)
    not_heard = [u for u in expected if u not in accepted]
    before_deadline = as_of <= view.catalog.plan.deadline.last_on_time_day(view.year)
    missing = [] if before_deadline else not_heard
    not_yet_due = not_heard if before_deadline else []
    n = len(expected)
    return Completeness(
        expected=expected,
        received=received,
        on_time=on_time,
        late=late,
        missing=missing,
        not_yet_due=not_yet_due,
        requested=requested,
        requested_received=sorted(u for u in requested if u in accepted),
        reporting_rate=round(len(received) / n * 100, 2) if n else None,
        on_time_rate=round(len(on_time) / n * 100, 2) if n else None,
    )
