"""Model-driven mapping between the catalog (pydantic models) and the workbook's cells.

Columns are derived from the models' fields – a field added to a model becomes a column without a
change here; its codec (value ↔ cell) is in :mod:`.codecs`. Nested models are flattened
(``signer.name``); ``dict[int, float]`` becomes one column per year (``yearly_values:2024``); lists of
models are the child tables declared in :data:`TABLES`.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from pipeline.catalog.model import (
    Document,
    FieldSpec,
    LegalDocument,
    Plan,
    Programme,
    ReportVariant,
    Rule,
    Section,
    Target,
    Unit,
)
from pipeline.catalog.workbook.labels import ENUM_WORDS, FIELD_WORDS, Words

# The item fields shown on the Phân công sheet instead of the Phụ lục sheets.
ASSIGNMENT_FIELDS = frozenset({"lead", "each_unit_of_kinds", "co_agencies", "successors"})
# lists of text typed on one line, separated by ";" (the others: one value per line of the cell)
ONE_LINE_LISTS = {"Unit.emails": "email"}


class Kind:
    text = "text"
    int = "int"
    float = "float"
    bool = "bool"
    date = "date"
    enum = "enum"
    lines = "lines"  # list[str], one per line of the cell
    tokens = "tokens"  # list of codes / kinds / years / e-mails, separated by ";"
    years = "years"  # dict[int, float]: one column per year


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]  # field path inside the record: ("signer", "name")
    words: Words
    kind: str
    owner: str  # "Signer.name": the model field (coverage, messages)
    optional: bool = False  # blank means None
    default: Any = PydanticUndefined  # blank means the default (PydanticUndefined: required)
    choices: dict[str, str] | None = None  # enum value → label
    item_kind: str = Kind.text  # tokens: what each token is (enum, int, text)
    year: int | None = None  # one year of a dict[int, float]
    lo: float | None = None  # bounds declared on the model field (ge / le)
    hi: float | None = None

    @property
    def key(self) -> str:
        k = ".".join(self.path)
        return f"{k}:{self.year}" if self.year is not None else k

    @property
    def header(self) -> str:
        return self.words.header.format(year=self.year) if self.year is not None else self.words.header

    @property
    def hint(self) -> str:
        return self.words.hint.format(year=self.year) if self.year is not None else self.words.hint

    def for_year(self, year: int) -> Column:
        return Column(self.path, self.words, Kind.float, self.owner, True, None, None, Kind.float, year)


# --------------------------------------------------------------------------- words lookup


def words_for(model: type[BaseModel], name: str) -> Words | None:
    for cls in model.__mro__:
        w = FIELD_WORDS.get(f"{cls.__name__}.{name}")
        if w is not None:
            return w
    return None


def owner_of(model: type[BaseModel], name: str) -> str:
    for cls in model.__mro__:
        if name in getattr(cls, "__annotations__", {}):
            return f"{cls.__name__}.{name}"
    return f"{model.__name__}.{name}"


def enum_words(model: type[BaseModel], name: str, values: list[str], enum_cls: type | None) -> dict[str, str]:
    table = ENUM_WORDS.get(enum_cls) if enum_cls is not None else None
    if table is None:
        table = ENUM_WORDS.get(owner_of(model, name), {})
    return {v: table.get(v, v) for v in values}


# --------------------------------------------------------------------------- annotations


@dataclass
class Shape:
    kind: str  # a Kind, or "model" / "models" for nested models
    optional: bool = False
    values: list[str] = field(default_factory=list)  # enum values
    enum_cls: type | None = None
    item_kind: str = Kind.text
    model: type[BaseModel] | None = None


def shape_of(annotation: Any) -> Shape:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        s = shape_of(args[0])
        s.optional = True
        return s
    if origin is Literal:
        return Shape(Kind.enum, values=[str(a) for a in typing.get_args(annotation)])
    if origin is list:
        (arg,) = typing.get_args(annotation)
        inner = shape_of(arg)
        if inner.kind == "model":
            return Shape("models", model=inner.model)
        if inner.kind == Kind.text:
            return Shape(Kind.lines)
        if inner.kind in (Kind.enum, Kind.int):
            return Shape(Kind.tokens, values=inner.values, enum_cls=inner.enum_cls, item_kind=inner.kind)
        raise TypeError(f"unsupported list {annotation!r}")
    if origin is dict:
        k, v = typing.get_args(annotation)
        if k is int and v in (float, int):
            return Shape(Kind.years)
        raise TypeError(f"unsupported dict {annotation!r}")
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return Shape("model", model=annotation)
        if issubclass(annotation, Enum):
            return Shape(Kind.enum, values=[e.value for e in annotation], enum_cls=annotation)
        if annotation is bool:
            return Shape(Kind.bool)
        if annotation is int:
            return Shape(Kind.int)
        if annotation is float:
            return Shape(Kind.float)
        if annotation is str:
            return Shape(Kind.text)
        if annotation is dt.date:
            return Shape(Kind.date)
    raise TypeError(f"unsupported annotation {annotation!r}")


def column_for(model: type[BaseModel], name: str, prefix: tuple[str, ...] = ()) -> Column | None:
    """The column of one scalar, enum, list or yearly-values field (None for a nested model or a
    list of models)."""
    info = model.model_fields[name]
    s = shape_of(info.annotation)
    if s.kind in ("model", "models"):
        return None
    default = info.default if info.default_factory is None else info.default_factory()
    words = words_for(model, name) or Words(name)
    owner = owner_of(model, name)
    if s.kind == Kind.lines and owner in ONE_LINE_LISTS:
        s = Shape(Kind.tokens, item_kind=ONE_LINE_LISTS[owner])
    choices = enum_words(model, name, s.values, s.enum_cls) if s.values else None
    lo = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
    hi = next((m.le for m in info.metadata if hasattr(m, "le")), None)
    return Column(
        (*prefix, name), words, s.kind, owner, s.optional, default, choices, s.item_kind, None, lo, hi
    )


def columns_of(
    model: type[BaseModel], skip: frozenset[str] = frozenset(), prefix: tuple[str, ...] = ()
) -> list[Column]:
    """The columns of one record of ``model``, in field order, nested models flattened.

    Raises :class:`TypeError` for a list of models that is not in ``skip`` (a child table must be
    declared in :data:`TABLES`)."""
    out: list[Column] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        s = shape_of(info.annotation)
        if s.kind == "model":
            out += columns_of(s.model, prefix=(*prefix, name))
        elif s.kind == "models":
            raise TypeError(f"{model.__name__}.{name}: list of models needs its own table")
        else:
            out.append(column_for(model, name, prefix))
    return out


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Table:
    key: str  # sheet marker: ptn:catalog:<key>
    model: type[BaseModel]
    skip: frozenset[str] = frozenset()
    spare_rows: int = 20


TABLES: dict[str, Table] = {
    "legal_basis": Table("legal_basis", LegalDocument, spare_rows=5),
    "units": Table("units", Unit, spare_rows=60),
    "documents": Table("documents", Document, ASSIGNMENT_FIELDS, 15),
    "targets": Table("targets", Target, ASSIGNMENT_FIELDS, 15),
    "programmes": Table("programmes", Programme, ASSIGNMENT_FIELDS, 15),
    "rules": Table("rules", Rule, spare_rows=15),
    "sections": Table("sections", Section, frozenset({"fields"}), 5),
    "fields": Table("fields", FieldSpec, spare_rows=20),
}
ITEM_TABLES = ("documents", "targets", "programmes")
PLAN_SKIP = frozenset({"legal_basis", "report_variants"})


def plan_columns() -> list[Column]:
    return columns_of(Plan, PLAN_SKIP, ("plan",))


def variant_columns() -> list[Column]:
    return columns_of(ReportVariant)


FIRST = ("code", "key", "name", "review")  # columns shown first (when the model has them) …
LAST = ("years", "source_status", "note")  # … and last; the others keep the model's order


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
    """A table's columns; a ``years`` column is expanded to one column per year in ``years[name]``."""
    out: list[Column] = []
    for col in _ordered(columns_of(table.model, table.skip)):
        if col.kind == Kind.years:
            out += [col.for_year(y) for y in (years or {}).get(col.path[-1], [])]
        else:
            out.append(col)
    return out
