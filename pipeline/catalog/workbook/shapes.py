"""The shape of each catalog model field, and the workbook column (one cell per record) it becomes.

:func:`shape_of` reads a field's annotation; :func:`columns_of` turns a model into its columns –
nested models flattened (``signer.name``), optional nested models marked (all their cells blank
means ``None``), dicts keyed by a closed list or by year expanded one column per key
(``yearly_values:2026``, ``addressee_groups:obliged:commune``). A field added to a model becomes
a column without a change here; its Vietnamese words are looked up in :mod:`.labels`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from pipeline.catalog.workbook.labels import ENUM_WORDS, FIELD_WORDS, KEY_WORDS, Words

# lists of text typed on one line, separated by ";" (the others: one value per line of the cell)
ONE_LINE_LISTS = {"Unit.emails": "email", "Unit.predecessors": "code"}


class Kind:
    text = "text"
    int = "int"
    float = "float"
    bool = "bool"
    date = "date"
    enum = "enum"
    lines = "lines"  # list[str], one per line of the cell
    tokens = "tokens"  # list of codes / kinds / years / e-mails, separated by ";"


@dataclass(frozen=True)
class Column:
    """One cell of a record: a scalar, list or enum field, or one entry of a dict field."""

    path: tuple[str, ...]  # field path inside the record: ("signer", "name")
    words: Words
    kind: str  # a Kind: of the value (of the dict entry, for a dict field)
    owner: str  # "Signer.name": the model field (coverage, messages)
    optional: bool = False  # blank means None
    default: Any = PydanticUndefined  # blank means the default (PydanticUndefined: required)
    choices: dict[str, str] | None = None  # enum value → label
    item_kind: str = Kind.text  # tokens: what each token is (enum, int, text, email, code)
    keys: tuple = ()  # a dict entry: its keys, one per level (a template has fewer than levels)
    levels: tuple = ()  # per dict level: None (years) or {value: label} (a closed list)
    lo: float | None = None  # bounds declared on the model field
    hi: float | None = None
    lo_open: bool = False  # lo itself is not allowed (gt)
    groups: tuple[tuple[str, ...], ...] = ()  # paths of the optional nested models holding it

    @property
    def data_path(self) -> tuple:
        return (*self.path, *self.keys)

    @property
    def key(self) -> str:
        return ".".join(self.path) + "".join(f":{k}" for k in self.keys)

    @property
    def entry(self) -> bool:
        """One entry of a dict: a blank cell means the key is absent."""
        return bool(self.levels)

    @property
    def template(self) -> bool:
        return len(self.keys) < len(self.levels)

    def _labels(self) -> list[str]:
        return [
            str(k) if lv is None else lv.get(str(k), str(k))
            for k, lv in zip(self.keys, self.levels, strict=False)
        ]

    def _fill(self, text: str) -> str:
        if not self.keys:
            return text
        labels = self._labels()
        if "{year}" in text or "{key}" in text:
            return text.format(year=self.keys[0], key=" – ".join(labels))
        return text

    @property
    def header(self) -> str:
        h = self._fill(self.words.header)
        if self.keys and h == self.words.header:
            h = f"{h} – {' – '.join(self._labels())}"
        return h

    @property
    def hint(self) -> str:
        return self._fill(self.words.hint)

    def with_keys(self, keys: tuple) -> Column:
        return dataclasses.replace(self, keys=tuple(keys))

    def relative_to(self, prefix: tuple[str, ...]) -> Column:
        n = len(prefix)
        return dataclasses.replace(
            self, path=self.path[n:], groups=tuple(g[n:] for g in self.groups if len(g) > n)
        )


def expand(col: Column, ints: list[int]) -> list[Column]:
    """The entries of a dict template: every value of a closed-list level, ``ints`` for a year level."""
    if not col.template:
        return [col]
    options = [list(lv) if lv is not None else ints for lv in col.levels[len(col.keys) :]]
    return [col.with_keys((*col.keys, *combo)) for combo in itertools.product(*options)]


def match_keys(col: Column, key: str) -> tuple | None:
    """The dict keys ``key`` (a hidden column or row key) names for the template ``col``, if any."""
    base = ".".join(col.path)
    if not key.startswith(base + ":"):
        return None
    parts = key[len(base) + 1 :].split(":")
    if len(parts) != len(col.levels):
        return None
    out: list = []
    for part, lv in zip(parts, col.levels, strict=True):
        if lv is None:
            if not part.lstrip("-").isdigit():
                return None
            out.append(int(part))
        elif part in lv:
            out.append(part)
        else:
            return None
    return tuple(out)


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


def enum_words(owner: str, values: list[str], enum_cls: type | None) -> dict[str, str]:
    table = ENUM_WORDS.get(enum_cls) if enum_cls is not None else None
    if table is None:
        table = ENUM_WORDS.get(owner, {})
    return {v: table.get(v, v) for v in values}


# --------------------------------------------------------------------------- annotations


@dataclass
class Shape:
    kind: str  # a Kind, or "model" / "models" / "dict"
    optional: bool = False
    values: list[str] = field(default_factory=list)  # enum values
    enum_cls: type | None = None
    item_kind: str = Kind.text
    model: type[BaseModel] | None = None
    key: Shape | None = None  # dict: the key's shape (int, or a closed list)
    value: Shape | None = None  # dict: the value's shape


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
        k, v = (shape_of(a) for a in typing.get_args(annotation))
        if k.kind not in (Kind.int, Kind.enum) or k.optional or v.kind in ("model", "models") or v.optional:
            raise TypeError(f"unsupported dict {annotation!r}: keys must be years or a closed list")
        return Shape("dict", key=k, value=v)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return Shape("model", model=annotation)
        if issubclass(annotation, Enum):
            return Shape(Kind.enum, values=[e.value for e in annotation], enum_cls=annotation)
        for t, kind in ((bool, Kind.bool), (int, Kind.int), (float, Kind.float), (str, Kind.text),
                        (dt.date, Kind.date)):  # fmt: skip
            if annotation is t:
                return Shape(kind)
    raise TypeError(f"unsupported annotation {annotation!r}")


def _bounds(metadata: list) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in metadata:
        if isinstance(m, Ge):
            out["lo"] = m.ge
        elif isinstance(m, Gt):
            out["lo"], out["lo_open"] = m.gt, True
        elif isinstance(m, Le):
            out["hi"] = m.le
        elif isinstance(m, Lt):
            out["hi"] = m.lt
    return out


def _key_level(owner: str, key: Shape) -> dict[str, str] | None:
    if key.kind == Kind.int:
        return None
    own = KEY_WORDS.get(owner, {})
    return {v: own.get(v, label) for v, label in enum_words(owner, key.values, key.enum_cls).items()}


def column_for(model: type[BaseModel], name: str, prefix: tuple[str, ...] = (), groups=()) -> Column | None:
    """The column of one scalar, enum, list or dict field – a dict's is a template of its entries
    (:func:`expand`) – or None for a nested model or a list of models."""
    info = model.model_fields[name]
    s = shape_of(info.annotation)
    if s.kind in ("model", "models"):
        return None
    default = info.default if info.default_factory is None else info.default_factory()
    words = words_for(model, name) or Words(name)
    owner = owner_of(model, name)
    levels: list = []
    while s.kind == "dict":
        levels.append(_key_level(owner, s.key))
        s = s.value
    if s.kind == Kind.lines and owner in ONE_LINE_LISTS:
        s = Shape(Kind.tokens, item_kind=ONE_LINE_LISTS[owner])
    choices = enum_words(owner, s.values, s.enum_cls) if s.values else None
    if levels:  # an entry: blank means absent, no default of its own
        return Column((*prefix, name), words, s.kind, owner, False, PydanticUndefined, choices, s.item_kind,
                      (), tuple(levels), groups=groups)  # fmt: skip
    return Column((*prefix, name), words, s.kind, owner, s.optional, default, choices, s.item_kind,
                  groups=groups, **_bounds(info.metadata))  # fmt: skip


def columns_of(
    model: type[BaseModel], skip: frozenset[str] = frozenset(), prefix: tuple[str, ...] = (), groups=()
) -> list[Column]:
    """The columns of one record of ``model``, in field order, nested models flattened.

    Raises :class:`TypeError` for a list of models (a child table must be declared in
    ``mapping.TABLES``)."""
    out: list[Column] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        s = shape_of(info.annotation)
        if s.kind == "model":
            inner = (*groups, (*prefix, name)) if s.optional else groups
            out += columns_of(s.model, prefix=(*prefix, name), groups=inner)
        elif s.kind == "models":
            raise TypeError(f"{model.__name__}.{name}: a list of models needs its own table (mapping.TABLES)")
        else:
            out.append(column_for(model, name, prefix, groups))
    return out


def family(model: type[BaseModel]) -> type[BaseModel]:
    """The most general model ``model`` derives from that has fields of its own (SubmissionSpec →
    LetterSpec; Target → Item)."""
    return next(c for c in reversed(model.__mro__) if isinstance(c, type) and issubclass(c, BaseModel)
                and c.model_fields)  # fmt: skip
