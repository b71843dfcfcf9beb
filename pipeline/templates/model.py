"""The in-memory plan of a template workbook: sheets of cells, before xlsxwriter writes them.

Sheet writers (:mod:`pipeline.templates.sheets`) describe cells here; the builder then applies
pre-filled values and marks by (code, field key) and writes everything in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.catalog.model import FieldSpec


class Formula(str):
    """A cell formula (always written with ``write_formula``, never from user text)."""


@dataclass
class InputSpec:
    """What an input cell accepts: drives its data validation and number format."""

    type: str  # a FieldType value: count, amount, ratio_part, decimal, text, date, choice
    label: str  # what the cell asks, for the input message
    help: str = ""
    list_name: str | None = None  # named range of the choices (``ds_<field key>``)
    min: float | None = None
    max: float | None = None

    @classmethod
    def of(cls, f: FieldSpec, *, type: str | None = None, label: str | None = None) -> InputSpec:
        return cls(
            type=type or f.type.value,
            label=label or f.label,
            help=f.help,
            list_name=f"ds_{f.key}" if f.type.value == "choice" else None,
            min=f.min,
            max=f.max,
        )


@dataclass
class Cell:
    value: Any = None  # str, int, float, date, Formula or None
    style: str = "text"  # a style name of :class:`pipeline.templates.formats.Formats`
    input: InputSpec | None = None  # None: locked
    required: bool = False
    cached: Any = None  # the formula's cached value

    @property
    def locked(self) -> bool:
        return self.input is None


@dataclass
class PartPair:
    """A ratio target's part, whole and % formula cells on one sheet (0-based (row, col))."""

    part: tuple[int, int]
    whole: tuple[int, int]
    result: tuple[int, int]


@dataclass
class RuleFormat:
    """A catalog rule rendered as conditional formatting on some cells of one sheet."""

    cells: list[tuple[int, int]]
    formula: str  # true when the rule is broken
    severity: str  # error / warning / info


@dataclass
class SheetModel:
    name: str
    key: str  # section key, or "" for sheets that are not data sheets
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    hidden_cols: set[int] = field(default_factory=set)  # the row-code column: for intake, not for people
    row_heights: dict[int, float] = field(default_factory=dict)
    index: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (code, key) → cell
    header_row: int | None = None  # 0-based row of the visible headers
    key_row: bool = True  # row 0 is the hidden key row
    landscape: bool = False
    pairs: list[PartPair] = field(default_factory=list)
    rules: list[RuleFormat] = field(default_factory=list)
    freeze: tuple[int, int] | None = None
    protect: bool = True
    items: int = 0  # catalog items listed (for the summary)

    def put(self, row: int, col: int, value: Any = None, style: str = "text", **kw: Any) -> Cell:
        c = Cell(value, style, **kw)
        self.cells[(row, col)] = c
        return c

    @property
    def input_cells(self) -> list[tuple[int, int]]:
        return [rc for rc, c in self.cells.items() if c.input is not None]
