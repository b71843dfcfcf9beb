"""Last year's figures of a unit, shown beside its input cells (the issue-12 "phone call before it comes").

They come from the previous year's run manifest ``outputs/<Y-1>/run-<Y-1>.json`` when it is present.
A figure is shown only where the same unit reported it; across the 2025 reorganisation (a unit that
began, absorbed others, or took the duty over since) the cell says "không so sánh được".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pipeline.catalog.query import CatalogView
from pipeline.manifest import Manifest

NOT_COMPARABLE = "không so sánh được"
NO_DATA = "chưa có số liệu"
JUDGED_FIELD = "uoc_ca_nam"  # a target's figure of the year: the full-year estimate the unit gave


@dataclass
class PreviousYear:
    year: int
    values: dict[tuple[str, str, str, str], float | str] = field(default_factory=dict)  # valid values
    source: str = ""  # the manifest it came from (for the command's summary)

    @classmethod
    def from_manifest(cls, m: Manifest, source: str = "") -> PreviousYear:
        values = {
            (v.unit, v.item, v.part, v.field): v.value for v in m.values if v.valid and v.value is not None
        }
        return cls(m.year, values, source)

    @classmethod
    def load(cls, out_root: Path, year: int) -> PreviousYear | None:
        """The run of ``year`` under ``out_root`` (``outputs/``), or None when there is none to read."""
        path = Path(out_root) / str(year) / f"run-{year}.json"
        if not path.is_file():
            return None
        try:
            m = Manifest.model_validate_json(path.read_bytes())
        except (ValidationError, ValueError, OSError):
            return None
        if m.year != year:
            return None
        return cls.from_manifest(m, path.as_posix())

    def value(self, view: CatalogView, unit: str, item: str, part: str, key: str) -> float | str:
        """The unit's own figure of last year, or why there is none."""
        if not view.comparable_with_previous(unit, item):
            return NOT_COMPARABLE
        v = self.values.get((unit, item, part, key))
        return NO_DATA if v is None or v == "" else v

    def ratio(self, view: CatalogView, unit: str, item: str) -> float | str:
        """Last year's % of a ratio target, from the unit's own two counts."""
        if not view.comparable_with_previous(unit, item):
            return NOT_COMPARABLE
        p = self.values.get((unit, item, "tu_so", JUDGED_FIELD))
        w = self.values.get((unit, item, "mau_so", JUDGED_FIELD))
        if isinstance(p, int | float) and isinstance(w, int | float) and w > 0:
            return p / w * 100
        return NO_DATA
