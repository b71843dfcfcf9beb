"""Whose report did a fetched message bring? The intake's own identification of its attachments.

Each saved ``.eml`` goes through ``check_files`` as ``ptn run`` will read it; a message is matched when
one of its attachments is identified as a form of an active unit for the year. Otherwise the reason is
the intake's own finding, and a sender address known in the catalog is named as a clue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.query import CatalogView


@dataclass
class Match:
    path: Path
    units: list[str]  # unit codes identified in its attachments (for the year)
    reason: str = ""  # why nothing matched


def match_units(paths: list[Path], loaded: LoadedCatalog, year: int, root: Path) -> dict[Path, Match]:
    if not paths:
        return {}
    from pipeline.intake.process import check_files

    view = CatalogView.of(loaded.catalog, year)
    by_address = {a.lower(): u.code for u in view.active_units for a in u.emails}
    result = check_files(paths, loaded, year, root, workers=1)
    out: dict[Path, Match] = {}
    for p in paths:
        rel = p.resolve().relative_to(Path(root).resolve()).as_posix()
        entries = [e for e in result.inputs if e.container == rel or e.path == rel]
        units = sorted(
            {
                e.unit
                for e in entries
                if e.unit in view.active_codes and e.year == year and e.status != "rejected"
            }
        )
        reason = ""
        if not units:
            other_year = sorted({e.year for e in entries if e.unit and e.year and e.year != year})
            if other_year:
                reason = f"biểu mẫu năm {', '.join(map(str, other_year))}, không phải năm {year}"
            else:
                msgs = [f.message for e in entries for f in e.findings if f.severity == "error"]
                reason = msgs[0] if msgs else "không nhận diện được đơn vị từ tệp đính kèm"
            sender = next((e.sender for e in entries if e.sender), None)
            if sender and sender.lower() in by_address:
                reason += f" (gửi từ địa chỉ của đơn vị {by_address[sender.lower()]})"
        out[p] = Match(p, units, reason)
    return out
