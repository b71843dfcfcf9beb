"""``ptn plan export``: the catalog as the workbook an officer edits."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.catalog.load import LoadedCatalog, _read_unit_csv
from pipeline.catalog.model import Catalog
from pipeline.catalog.workbook.book import Book, Origins, Where
from pipeline.catalog.workbook.codecs import representable
from pipeline.catalog.workbook.layout import assignment_columns, assignment_rows, lay_out
from pipeline.catalog.workbook.mapping import (
    ITEM_TABLES,
    TABLES,
    Column,
    Kind,
    plan_columns,
    table_columns,
    variant_columns,
)
from pipeline.catalog.workbook.problems import SheetProblem


def unit_files_of(loaded: LoadedCatalog) -> list[str]:
    """For each unit of the loaded catalog, the CSV file it came from ("" = the YAML itself)."""
    try:
        raw = yaml.safe_load(loaded.path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    out = [""] * len(raw.get("units") or [])
    for name in raw.get("unit_files") or []:
        try:
            out += [name] * len(_read_unit_csv(loaded.path.parent / name))
        except OSError:
            pass
    return out if len(out) == len(loaded.catalog.units) else []


def _walk(catalog: Catalog):
    """(path, column, value) of every value the workbook holds."""
    data = catalog.model_dump()
    for col in plan_columns():
        v = data
        for p in col.path:
            v = v[p]
        yield col.path, col, v
    for i, var in enumerate(data["plan"]["report_variants"]):
        for col in variant_columns():
            v = var
            for p in col.path:
                v = v[p]
            yield ("plan", "report_variants", i, *col.path), col, v
    groups = [("legal_basis", ("plan", "legal_basis"), data["plan"]["legal_basis"])]
    groups += [(k, (k,), data[k]) for k in ("units", *ITEM_TABLES, "rules", "sections")]
    years = {"yearly_values": sorted({y for t in catalog.targets for y in t.yearly_values}),
             "end_values": sorted({y for t in catalog.targets for y in t.end_values})}  # fmt: skip
    for key, base, rows in groups:
        cols = table_columns(TABLES[key], years)
        for i, rec in enumerate(rows):
            for col in cols:
                if col.year is not None:
                    if col.year in rec[col.path[0]]:
                        yield (*base, i, col.path[0], col.year), col, rec[col.path[0]][col.year]
                    continue
                v = rec
                for p in col.path:
                    v = v[p]
                yield (*base, i, *col.path), col, v
    for i, sec in enumerate(data["sections"]):
        for j, f in enumerate(sec["fields"]):
            for col in table_columns(TABLES["fields"]):
                yield ("sections", i, "fields", j, *col.path), col, f[col.path[0]]
    text = assignment_columns()["unit"]
    for table in ITEM_TABLES:
        for i, item in enumerate(getattr(catalog, table)):
            for _role, unit, successor, _from, note, step in assignment_rows(item):
                if step[0] in ("lead", "co_agencies"):
                    yield (table, i, *step), text, unit
                if step[0] == "successors":
                    yield (table, i, *step, "unit"), text, unit
                    yield (table, i, *step, "successor"), text, successor
                    yield (table, i, *step, "note"), Column(("note",), text.words, Kind.text, "Successor.note",
                                                            default=""), note  # fmt: skip
    unit_files = Column(("unit_files",), text.words, Kind.lines, "Catalog.unit_files", default=[])
    yield ("unit_files",), unit_files, list(catalog.unit_files)


def export_problems(catalog: Catalog, origins: Origins) -> list[SheetProblem]:
    """Values the workbook could not give back unchanged (refused before anything is written)."""
    out = []
    for path, col, value in _walk(catalog):
        why = representable(col, value)
        if why:
            where = origins.get(tuple(str(p) for p in path)) or Where("", 0, 0)
            out.append(SheetProblem("CAT-XLSX-EXPORT", "error", f"{why}: sửa giá trị này trong danh mục (.yaml).",
                                    where.sheet, where.cell if where.sheet else "",
                                    origins.captions.get(where, "/".join(map(str, path)))))  # fmt: skip
    return out


def build_export(loaded: LoadedCatalog, source_file: str | None = None) -> tuple[Book, list[SheetProblem]]:
    """The workbook of ``loaded`` and the values it could not carry (the book must not be written
    when that list is not empty)."""
    meta = {"source_file": source_file if source_file is not None else loaded.path.as_posix(),
            "source_sha256": loaded.sha256}  # fmt: skip
    book = lay_out(loaded.catalog, unit_files_of(loaded), meta)
    return book, export_problems(loaded.catalog, book.origins)


def default_export_path(loaded: LoadedCatalog) -> Path:
    return Path("outputs") / f"danh-muc-{loaded.catalog.plan.id}.xlsx"
