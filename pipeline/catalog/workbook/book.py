"""The catalog workbook in memory: sheets of cells, the hidden lists and ``_meta``, and where each
catalog value sits (:class:`Origins`) – written by :mod:`.write`, built by :mod:`.layout`, and
rebuilt from a returned workbook by :mod:`.read`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.catalog.workbook.shapes import Column

MARK = "ptn:catalog:"
HEADER_MARK = "ptn:header"
RECORDS_MARK = "ptn:records:"
WORKBOOK_KIND = "ptn-danh-muc-ke-hoach"
WORKBOOK_VERSION = "2"  # 2: sheet Công văn, tờ trình; Số đơn vị theo văn bản; blocks keyed in a hidden row
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
KEY_ROW, TITLE_ROW, NOTE_ROW, HEADER_ROW = 0, 1, 2, 3
FIRST_ROW = HEADER_ROW + 1

# extra columns that are not model fields
COL_FILE = "__file__"  # units: the CSV file the unit is kept in ("" = the YAML)
COL_ITEM = "__item__"  # assignments: the item's code
COL_ROLE = "__role__"  # assignments: the role
ROLE_LIST = "ds_vai_tro"
BOOL_LIST = "ds_co_khong"

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Where:
    sheet: str
    row: int  # 0-based
    col: int

    @property
    def cell(self) -> str:
        from xlsxwriter.utility import xl_rowcol_to_cell

        return xl_rowcol_to_cell(self.row, self.col)


class Origins(dict):
    """Path of a value in the catalog's data (``("units", 3, "valid_to")``) → where it sits.

    Paths use the catalog's own keys and list indexes; a year of ``yearly_values`` is its own step
    (``("targets", 0, "yearly_values", "2024")``). ``("#column", table, key)`` is a column header;
    ``("#sheet", table)`` a sheet's title. ``captions`` say in words what a cell holds
    ("CT10 › Đơn vị phối hợp")."""

    def __init__(self) -> None:
        super().__init__()
        self.captions: dict[Where, str] = {}

    def put(self, path: Path_, where: Where, caption: str = "") -> None:
        self[tuple(str(p) for p in path)] = where
        if caption:
            self.captions[where] = caption

    def find(self, path: Path_) -> Where | None:
        """The cell of ``path`` or of its nearest ancestor that has one."""
        key = tuple(str(p) for p in path)
        while key:
            if key in self:
                return self[key]
            key = key[:-1]
        return None

    def first_under(self, path: Path_) -> Where | None:
        """The first cell (in row order) of anything under ``path``."""
        key = tuple(str(p) for p in path)
        hits = [w for k, w in self.items() if k[: len(key)] == key]
        return min(hits, key=lambda w: (w.row, w.col)) if hits else None


@dataclass
class XCell:
    value: Any = None
    style: str = "text"  # title, note, group, header, label, input, key, guide, guide_h
    column: Column | None = None  # an input cell: its validation comes from the column
    list_name: str | None = None  # a dropdown: the defined name of its list
    list_strict: bool = True  # refuse values not in the list (False: warn only)
    to_fill: bool = False  # coloured while blank: the plan cannot be used (or lacks something) without it


@dataclass
class XSheet:
    name: str
    table: str  # "plan", a TABLES key, "assignments", or "" (guide)
    cells: dict[tuple[int, int], XCell] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    input_rows: range = range(0)  # whole rows left unlocked (tables: rows can be added, deleted)
    freeze: tuple[int, int] | None = None
    filter_cols: int = 0  # autofilter over the header row and data, this many columns from B
    marked: bool = True  # hidden key row and column A
    hidden_rows: set[int] = field(default_factory=set)  # rows of hidden keys (record sheets' blocks)
    col_index: dict[str, int] = field(default_factory=dict)  # a table's column key → sheet column

    def put(self, r: int, c: int, value: Any = None, style: str = "text", **kw: Any) -> XCell:
        cell = XCell(value, style, **kw)
        self.cells[(r, c)] = cell
        return cell

    @property
    def last_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)


@dataclass
class Book:
    sheets: list[XSheet]
    lists: dict[str, list[str]]  # defined name → values (hidden _lists sheet)
    names: dict[str, tuple[str, int, int, int]]  # defined name → (sheet, column, first row, last row)
    meta: dict[str, str]
    origins: Origins
    # (catalog path, column, value) of every value written: export checks each comes back unchanged
    values: list[tuple[Path_, Column, Any]] = field(default_factory=list)
    # a record, optional part or dict entry that holds a value but would be written all blank (and so
    # come back absent): its path
    empty: list[Path_] = field(default_factory=list)
