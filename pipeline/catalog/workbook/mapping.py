"""Which catalog value goes on which sheet: tables (one record a row) and record sheets (one
record as label | value rows, with blocks of columns side by side).

Derived from the models (:mod:`.shapes`), so a field added later has a place without a change
here: on a record sheet a scalar becomes a row of its record's group, a nested model its own
group, a list of models a block with one column per record (the report variants), sibling fields
of one model family a block with one column per field (the letters), a dict of dicts a grid (the
«Kính gửi» group names: one column per obligation, one row per kind of unit), a dict keyed by year
one row per year. Lists of models inside a table's records are child tables, declared in
:data:`TABLES`; the items' units are on the Phân công sheet (:mod:`.assignments`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from pipeline.catalog.model import (
    Catalog,
    Document,
    FieldSpec,
    LegalDocument,
    Letters,
    Programme,
    Rule,
    Section,
    Target,
    Unit,
    UnitList,
)
from pipeline.catalog.workbook.labels import Words
from pipeline.catalog.workbook.shapes import (
    Column,
    Kind,
    column_for,
    columns_of,
    expand,
    family,
    shape_of,
    words_for,
)
from pipeline.catalog.workbook.sheet_words import CATALOG_OWN, GROUP_WORDS

# The item fields shown on the Phân công sheet instead of the Phụ lục sheets.
ASSIGNMENT_FIELDS = frozenset({"lead", "each_unit_of_kinds", "co_agencies", "successors"})
META_FIELDS = frozenset({"schema_version"})  # kept in the hidden _meta sheet

# defined names of the columns other cells pick from (dropdowns)
UNIT_CODES = "ds_ma_don_vi"
SECTION_KEYS = "ds_ma_phan"
FIELD_KEYS = "ds_ma_truong"
FILE_LIST = "ds_tep_don_vi"
# field → (list it picks from, refuse other values); a list of a table's column is named in NAMED_COLUMNS
REFERENCE_LISTS = {
    "Unit.merged_into": (UNIT_CODES, True),
    "Successor.successor": (UNIT_CODES, True),
    "Rule.section": (SECTION_KEYS, True),
    "Target.denominator_same_as": (FIELD_KEYS, True),
    "UnitList.file": (FILE_LIST, False),
}
NAMED_COLUMNS = {
    UNIT_CODES: ("units", "code"),
    SECTION_KEYS: ("sections", "key"),
    FIELD_KEYS: ("fields", "key"),
}
# which years a year-keyed dict is laid out for, besides those it has: the plan period, or the horizon
YEAR_DEFAULTS = {"Target.end_values": "horizon"}


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Table:
    key: str  # sheet marker: ptn:catalog:<key>
    model: type[BaseModel]
    path: tuple[str, ...]  # where its records are: ("units",); a child table: the list in each parent record
    parent: str = ""  # a child table: the parent table's key (rows name their parent in COL_PARENT)
    skip: frozenset[str] = frozenset()
    spare_rows: int = 20


TABLES: dict[str, Table] = {
    "legal_basis": Table("legal_basis", LegalDocument, ("plan", "legal_basis"), spare_rows=5),
    "units": Table("units", Unit, ("units",), spare_rows=60),
    "unit_lists": Table("unit_lists", UnitList, ("unit_lists",), spare_rows=5),
    "documents": Table("documents", Document, ("documents",), skip=ASSIGNMENT_FIELDS, spare_rows=15),
    "targets": Table("targets", Target, ("targets",), skip=ASSIGNMENT_FIELDS, spare_rows=15),
    "programmes": Table("programmes", Programme, ("programmes",), skip=ASSIGNMENT_FIELDS, spare_rows=15),
    "rules": Table("rules", Rule, ("rules",), spare_rows=15),
    "sections": Table("sections", Section, ("sections",), spare_rows=5),
    "fields": Table("fields", FieldSpec, ("fields",), parent="sections", spare_rows=20),
}
ITEM_TABLES = ("documents", "targets", "programmes")
COL_PARENT = "__parent__"  # a child table's column naming the parent record (its code or key)
LABEL_FIELDS = ("code", "key", "number")  # what names a record in messages and links children to it


def child_fields(table: Table) -> frozenset[str]:
    return frozenset(t.path[0] for t in TABLES.values() if t.parent == table.key)


def table_templates(table: Table) -> list[Column]:
    """A table's columns, year-keyed dicts as templates; the codes, keys and names first, the years
    of application, sources and notes last, the rest in the model's order."""
    return _ordered(columns_of(table.model, table.skip | child_fields(table)))


FIRST = ("code", "key", "name", "review")
LAST = ("years", "source_status", "note")


def _ordered(cols: list[Column]) -> list[Column]:
    def rank(c: Column) -> tuple[int, int]:
        head = c.path[0]
        if head in FIRST:
            return (0, FIRST.index(head))
        if head in LAST:
            return (2, LAST.index(head))
        return (1, 0)

    return sorted(cols, key=rank)  # stable: the model's order inside each group


def table_columns(table: Table, years: dict[str, list[int]] | None = None) -> list[Column]:
    """A table's columns, each year-keyed dict expanded to the years ``years[owner]``."""
    return [c for t in table_templates(table) for c in expand(t, (years or {}).get(t.owner, []))]


def record_label(data: dict, cols: list[Column] = ()) -> str:
    """How a record is named in messages: its code, key or number, else its first closed-list value."""
    for k in LABEL_FIELDS:
        v = data.get(k)
        if v not in (None, ""):
            return str(v)
    for c in cols:
        if c.kind == Kind.enum and not c.keys and len(c.path) == 1 and data.get(c.path[0]) not in (None, ""):
            v = data[c.path[0]]
            return (c.choices or {}).get(getattr(v, "value", v), str(v))
    return "(dòng)"


# --------------------------------------------------------------------------- record sheets


SINGLE, LIST, FIELDS, GRID = "single", "list", "fields", "grid"
LIST_MIN_COLUMNS = 2  # a block of a list of records shows at least this many columns


@dataclass(frozen=True)
class Block:
    """A part of a record sheet: rows (label | value) of one record, or of several side by side.

    The value of row ``rel`` in column ``k`` is at ``path + (k,) + rel.data_path`` (``path +
    rel.data_path`` for a single record)."""

    kind: str  # SINGLE | LIST | FIELDS | GRID
    path: tuple  # SINGLE: the record; LIST: the list; FIELDS: the record holding the fields; GRID: the dict
    words: Words  # the group title (hint: a note under it)
    rows: tuple[Column, ...]  # relative to one column's record; year-keyed dicts as templates
    columns: tuple = ()  # FIELDS: (name, Words, model, optional) of each field; GRID: the outer level
    optional: bool = False  # SINGLE: the record may be None (every cell blank)

    @property
    def key(self) -> str:
        base = ".".join(str(p) for p in self.path)
        return base + ".*" if self.kind == FIELDS else base

    @property
    def multi(self) -> bool:
        return self.kind != SINGLE

    def caption(self, column: Any) -> str:
        """The caption above a column: a record's number, a field's header, a dict key's label."""
        if self.kind == LIST:
            return (self.words.item or self.words.header + " {n}").format(n=column + 1)
        if self.kind == FIELDS:
            return next(w.header for name, w, _m, _o in self.columns if name == column)
        if self.kind == GRID:
            return f"Năm {column}" if self.columns is None else self.columns.get(str(column), str(column))
        return ""

    def rel_key(self, row_key: str) -> str | None:
        """The part of a row key after this block's key (None: the row is not this block's)."""
        if not self.key:
            return row_key
        for sep in (".", ":"):
            if row_key.startswith(self.key + sep):
                return row_key[len(self.key) + (sep == ".") :]
        return None

    def row_key(self, rel: Column) -> str:
        k = rel.key
        if not self.key:
            return k
        return self.key + k if k.startswith(":") else f"{self.key}.{k}"

    def applies(self, column: Any, rel: Column) -> bool:
        """Whether the record of ``column`` has the field of row ``rel`` (FIELDS of a family)."""
        if self.kind != FIELDS:
            return True
        model = next(m for name, _w, m, _o in self.columns if name == column)
        return rel.path[0] in model.model_fields


@dataclass(frozen=True)
class RecordSheet:
    key: str  # sheet marker
    path: tuple[str, ...]  # the record it shows (() = the catalog itself)
    model: type[BaseModel]
    words: Words  # title of the group of the record's own fields
    own_last: bool = False


RECORD_SHEETS: dict[str, RecordSheet] = {
    "plan": RecordSheet("plan", (), Catalog, CATALOG_OWN, own_last=True),
    "letters": RecordSheet("letters", ("plan", "letters"), Letters, GROUP_WORDS["Letters"]),
}
SHEET_ORDER = ("plan", "letters", "legal_basis", "units", "unit_lists", *ITEM_TABLES, "assignments", "rules",
               "sections", "fields")  # fmt: skip


def claimed_paths() -> set[tuple]:
    """Paths shown on a sheet of their own (not inside another record sheet)."""
    out = {t.path for t in TABLES.values() if not t.parent}
    out |= {s.path for s in RECORD_SHEETS.values() if s.path}
    return out | {(f,) for f in META_FIELDS}


def sheet_blocks(sheet: RecordSheet) -> list[Block]:
    blocks = record_blocks(sheet.model, sheet.path, claimed_paths(), sheet.words)
    if sheet.own_last and blocks and blocks[0].kind == SINGLE and blocks[0].path == sheet.path:
        blocks = [*blocks[1:], blocks[0]]
    return blocks


def _families(model: type[BaseModel]) -> dict[type, list[str]]:
    fams: dict[type, list[str]] = defaultdict(list)
    for name, info in model.model_fields.items():
        s = shape_of(info.annotation)
        if s.kind == "model":
            fams[family(s.model)].append(name)
    return {f: names for f, names in fams.items() if len(names) >= 2}


def record_blocks(
    model: type[BaseModel], prefix: tuple, claimed: set[tuple], words: Words, optional: bool = False
) -> list[Block]:
    """The blocks of one record of ``model`` at ``prefix``: its own fields first, then one block per
    nested model (recursively), list of models, family of sibling models and dict."""
    own: list[Column] = []
    blocks: list[Block] = []
    fams = _families(model)
    in_family = {n: f for f, names in fams.items() for n in names}
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        if path in claimed:
            continue
        s = shape_of(info.annotation)
        w = words_for(model, name) or Words(name)
        if name in in_family:
            fam = in_family[name]
            if fams[fam][0] == name:
                blocks.append(_family_block(model, prefix, fam, fams[fam]))
        elif s.kind == "model":
            blocks += record_blocks(s.model, path, claimed, w, s.optional)
        elif s.kind == "models":
            blocks.append(Block(LIST, path, w, tuple(columns_of(s.model))))
        elif s.kind == "dict" and s.value.kind == "dict":
            col = column_for(model, name)
            row = Column((), Words("{key}", col.words.hint, col.words.width), col.kind, col.owner,
                         choices=col.choices, item_kind=col.item_kind, levels=col.levels[1:])  # fmt: skip
            blocks.append(Block(GRID, path, w, (row,), col.levels[0]))
        elif s.kind == "dict":
            blocks.append(Block(SINGLE, prefix, w, (column_for(model, name),)))
        else:
            own.append(column_for(model, name))
    head = [Block(SINGLE, prefix, words, tuple(own), optional=optional)] if own else []
    return head + blocks


def _family_block(model: type[BaseModel], prefix: tuple, fam: type, names: list[str]) -> Block:
    columns, rows, seen = [], [], set()
    for name in names:
        s = shape_of(model.model_fields[name].annotation)
        columns.append((name, words_for(model, name) or Words(name), s.model, s.optional))
        for c in columns_of(s.model):
            if c.key not in seen:
                seen.add(c.key)
                rows.append(c)
    words = GROUP_WORDS.get(f"{model.__name__}.{fam.__name__}") or Words(
        "; ".join(w.header for _n, w, _m, _o in columns)
    )
    return Block(FIELDS, prefix, words, tuple(rows), tuple(columns))


def block_columns(block: Block, value: Any, years: list[int]) -> list[tuple[Any, str]]:
    """(column key, caption) of a block laid out for ``value`` (the data at ``block.path``)."""
    if block.kind == SINGLE:
        return [(None, "")]
    if block.kind == FIELDS:
        keys = [name for name, _w, _m, _o in block.columns]
    elif block.kind == LIST:
        keys = list(range(max(LIST_MIN_COLUMNS, len(value or []))))
    elif block.columns is None:
        keys = sorted(set(years) | {int(k) for k in (value or {})})
    else:
        keys = list(block.columns)
    return [(k, block.caption(k)) for k in keys]


def year_defaults(owner: str, period: range, horizon: int) -> list[int]:
    how = YEAR_DEFAULTS.get(owner, "period")
    if how == "horizon":
        return [horizon]
    return list(period) if len(period) < 50 else []
