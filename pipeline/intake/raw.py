"""What a reader hands on: a workbook as plain values, before any interpretation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawSheet:
    name: str
    visible: str  # "visible", "hidden", "veryhidden"
    rows: list[list[Any]]  # values as python-calamine returns them, from A1 (skip_empty_area=False)
    merged: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # (r0, c0, r1, c1) 0-based, inclusive


@dataclass
class RawWorkbook:
    sheets: list[RawSheet]
    # input-cell addresses per sheet that hold a formula but no saved value (from the sheet XML)
    formulas_without_value: dict[str, list[str]] = field(default_factory=dict)

    def sheet(self, name: str) -> RawSheet | None:
        for s in self.sheets:
            if s.name == name:
                return s
        return None
