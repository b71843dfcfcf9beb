"""The flat intermediate form: one row per input cell read – the only thing later stages read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from operator import attrgetter
from typing import Any


@dataclass(slots=True)  # hundreds of thousands of them at national scale: no per-object dict
class FlatRow:
    submission: str  # submission id (relative path, "#attachment" for e-mails)
    sha256: str
    year: int | None
    unit: str | None
    section: str
    item: str  # catalog / free-row code; "" for fields sections
    part: str  # "tu_so" / "mau_so" for ratio parts, else ""
    field: str
    raw: str  # the text as typed ("" when empty)
    value: Any  # parsed: float, str, datetime.date, or None
    type: str  # the field's type (catalog FieldType, or the target's measure-derived type)
    valid: bool  # False when an error finding concerns this cell
    file: str
    sheet: str
    cell: str  # "E12"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FIELDS = tuple(f.name for f in fields(FlatRow))
_as_tuple = attrgetter(*FIELDS)


def pack(rows: list[FlatRow]) -> list[tuple]:
    """Rows as plain tuples (what a reader worker sends back: a third of the bytes, quicker to read)."""
    return [_as_tuple(r) for r in rows]


def unpack(packed: list[tuple]) -> list[FlatRow]:
    return [FlatRow(*t) for t in packed]
