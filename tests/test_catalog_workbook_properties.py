"""Property: YAML → workbook → YAML gives the same catalog (same hash) for generated catalogs.

Catalogs are drawn from the pydantic models themselves (every field, nested models, lists of
models, enums, dates, yearly values), so a field added later is generated – and round-tripped –
without touching this test. Values are those a spreadsheet cell holds unchanged
(``mapping.representable``: no blanks around text, no empty list entries, 15 significant digits).
"""

from __future__ import annotations

import datetime as dt
import functools
import string
import tempfile
import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticUndefined

from pipeline.catalog.load import catalog_sha256, load_catalog
from pipeline.catalog.model import Catalog, Item
from pipeline.catalog.save import catalog_files, header_for, stage
from pipeline.catalog.workbook.codecs import representable
from pipeline.catalog.workbook.layout import lay_out
from pipeline.catalog.workbook.mapping import Kind, column_for, shape_of
from pipeline.catalog.workbook.read import read_catalog_workbook
from pipeline.catalog.workbook.write import write_book
from pipeline.forms.filler import resave
from pipeline.vn import nfc

ALPHABET = (
    string.ascii_letters
    + string.digits
    + " .,;:-–()/&%'\"=+@#?!"
    + "àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵĐƯƠ"
)
LINE = st.text(ALPHABET, min_size=1, max_size=14).map(nfc).map(str.strip).filter(bool)
FILLED = st.one_of(LINE, st.lists(LINE, min_size=2, max_size=3).map("\n".join))
TEXT = st.one_of(st.just(""), FILLED)
NUMBER = st.integers(-(10**9), 10**9).map(lambda n: n / 100)
YEAR = st.integers(2000, 2040)
EMAIL = st.from_regex(r"[a-z][a-z0-9.]{0,7}@[a-z]{2,8}\.vn", fullmatch=True)
CHILDREN = {"Section.fields": 3}  # list sizes of the child lists (the rest: up to 2)
# fields whose own validator accepts only some texts: drawn from values it accepts
FIELD_VALUES = {"Deadline.timezone": st.sampled_from(["Asia/Ho_Chi_Minh", "Asia/Bangkok", "UTC"])}


def _scalar(shape, name: str, info, col) -> st.SearchStrategy:
    """Values of a scalar, enum or list shape (``info``: the field's, None inside a dict)."""
    k = shape.kind
    pattern = next((m.pattern for m in info.metadata if getattr(m, "pattern", None)), None) if info else None
    lo = None if col is None or col.lo is None else col.lo
    hi = None if col is None or col.hi is None else col.hi
    if info is not None and typing.get_origin(info.annotation) is typing.Literal:
        return st.sampled_from(typing.get_args(info.annotation))
    if pattern:
        return st.from_regex(pattern, fullmatch=True)
    if k == Kind.text:
        # "" only where a blank cell means "": a required text or one whose default is ""
        empty_ok = info is not None and not shape.optional and info.default in ("", PydanticUndefined)
        return TEXT if empty_ok else FILLED
    if k == Kind.int:
        yearish = "year" in name or name in ("period_start", "period_end", "horizon")
        low = int(lo) + bool(col.lo_open) if lo is not None else (2015 if yearish else 0)
        return st.integers(low, int(hi) if hi is not None else (2035 if yearish else 999))
    if k == Kind.float:
        return NUMBER.filter(lambda x: lo is None or x > lo or (x == lo and not col.lo_open))
    if k == Kind.bool:
        return st.booleans()
    if k == Kind.date:
        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
    if k == Kind.enum:
        return st.sampled_from(shape.values)
    if k == Kind.lines:  # not empty where a blank cell means another value (a default list, a dict entry)
        filled = info is None or info.get_default(call_default_factory=True) not in (
            [],
            None,
            PydanticUndefined,
        )
        return st.lists(EMAIL if name == "emails" else LINE, min_size=int(filled), max_size=3)
    if k == Kind.tokens:
        return st.lists(st.sampled_from(shape.values) if shape.values else YEAR, max_size=3)
    raise TypeError(k)


def _dict(shape, name: str, entry) -> st.SearchStrategy:
    """A dict keyed by year or by a closed list; entries a blank cell cannot hold are not drawn."""
    keys = YEAR if shape.key.kind == Kind.int else st.sampled_from(shape.key.values)
    if shape.value.kind == "dict":
        values = _dict(shape.value, name, entry).filter(bool)
    else:
        values = _scalar(shape.value, name, None, None).filter(lambda v: representable(entry, v) is None)
    return st.dictionaries(keys, values, max_size=3)


def value_strategy(model: type[BaseModel], name: str, info) -> st.SearchStrategy:
    if f"{model.__name__}.{name}" in FIELD_VALUES:
        return FIELD_VALUES[f"{model.__name__}.{name}"]
    shape = shape_of(info.annotation)
    if shape.kind == "model":
        base = model_strategy(shape.model)
        return st.one_of(st.none(), base) if shape.optional else base
    if shape.kind == "models":
        return st.lists(model_strategy(shape.model), max_size=CHILDREN.get(f"{model.__name__}.{name}", 2))
    col = column_for(model, name)
    if shape.kind == "dict":
        return _dict(shape, name, col)
    base = _scalar(shape, name, info, col)
    if name == "unit_files":
        base = st.lists(st.from_regex(r"[a-z0-9-]{1,10}\.csv", fullmatch=True), max_size=2, unique=True)
    if shape.optional:
        base = st.one_of(st.none(), base)
    if name == "schema_version":  # in _meta, not a cell
        return base
    return base.filter(lambda v, c=col: representable(c, v) is None)


def _valid(model: type[BaseModel], data: dict) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


@functools.cache
def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[dict]:
    """Records of ``model`` its own validators accept (a real deadline day …)."""
    return st.fixed_dictionaries(
        {
            name: st.deferred(lambda m=model, n=name, i=info: value_strategy(m, n, i))
            for name, info in model.model_fields.items()
        }
    ).filter(lambda d, m=model: m is Catalog or _valid(m, d))


@st.composite
def catalogs(draw) -> Catalog:
    data = draw(model_strategy(Catalog))
    # the workbook ties assignments to items by code and fields to sections by key: make those unique
    for i, d in enumerate([*data["documents"], *data["targets"], *data["programmes"]]):
        d["code"] = f"{d['code'][:2]}{i:02d}"
    for i, d in enumerate(data["sections"]):
        d["key"] = f"{d['key'][:8]}_{i}"
    catalog = Catalog.model_validate(data)
    assume(not lay_out(catalog).empty)  # an optional part drawn with every cell blank: refused at export
    return catalog


def _yaml_round(catalog: Catalog, folder: Path, unit_files: list[str] | None = None) -> str:
    files = catalog_files(catalog, "plan.yaml", unit_files or [], header_for(catalog, "kiểm thử"))
    return stage(files, "plan.yaml", folder).loaded.sha256


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(catalogs())
def test_generated_catalog_round_trips_through_the_workbook(catalog):
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        first = _yaml_round(catalog, tmp / "a")  # YAML …
        assert first == catalog_sha256(catalog)
        loaded = load_catalog(next((tmp / "a").glob(".~ptn-*/plan.yaml")))
        path = write_book(lay_out(loaded.catalog), tmp / "dm.xlsx")  # … → workbook …
        back = read_catalog_workbook(path)
        assert back.problems == [], [p.line() for p in back.problems]
        assert _yaml_round(back.catalog, tmp / "b", back.unit_files) == first  # … → YAML


@settings(max_examples=5, deadline=None)
@given(model_strategy(Item))
def test_strategy_covers_every_item_field(drawn):
    """The generator is the model's: a new Item field is drawn (and so round-tripped) automatically."""
    assert set(drawn) == set(Item.model_fields)


@pytest.mark.libreoffice
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(catalog=catalogs())
def test_generated_catalog_survives_a_libreoffice_resave(catalog, soffice):
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        path = write_book(lay_out(catalog), tmp / "dm.xlsx")
        back = read_catalog_workbook(resave(path, tmp / "lo", "xlsx", soffice))
        assert back.problems == [], [p.line() for p in back.problems]
        assert catalog_sha256(back.catalog) == catalog_sha256(catalog)
