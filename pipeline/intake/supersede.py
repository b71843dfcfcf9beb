"""Several submissions of one unit: the newest by receipt time counts, the others are superseded.

One rule for ``ptn check`` (receipt from e-mail or file time) and ``ptn run`` (receipt from the
incoming register first); calling it again after receipt times changed re-decides from scratch.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pipeline.checks.messages import finding
from pipeline.manifest import InputEntry
from pipeline.vn import ngay

_FLOOR = dt.datetime.min.replace(tzinfo=dt.UTC)


def received_text(e: InputEntry) -> str:
    """When it was received, as the finding says it: the register has days only."""
    if e.received_at is None:
        return "không rõ thời điểm"
    if e.received_at_source == "register":
        return ngay(e.received_at)
    return f"{e.received_at:%H:%M} {ngay(e.received_at)}"


def choose_latest(inputs: list[InputEntry], order: dict[str, int] | None = None) -> None:
    """Among a unit's accepted submissions the newest by receipt time counts; the rest are superseded.

    ``order``: register rows (see ``assign_receipts``), breaking ties between entries made on the
    same register day (the later entry is the newer submission) before the file name does.
    """
    order = order or {}
    by_unit: dict[str, list[InputEntry]] = defaultdict(list)
    for e in inputs:
        if e.status == "superseded":
            e.status = "accepted"
            e.superseded_by = None
            e.findings = [f for f in e.findings if f.code != "SUPERSEDED"]
        if e.unit and e.status == "accepted":
            by_unit[e.unit].append(e)
    for unit, subs in by_unit.items():
        if len(subs) < 2:
            continue
        subs.sort(key=lambda s: (s.received_at or _FLOOR, order.get(s.path, 0), s.path))
        newest = subs[-1]
        for old in subs[:-1]:
            old.status = "superseded"
            old.superseded_by = newest.path
            old.findings.append(
                finding(
                    "SUPERSEDED",
                    file=old.path,
                    unit=unit,
                    received=received_text(old),
                    other=newest.path,
                    other_received=received_text(newest),
                )
            )
