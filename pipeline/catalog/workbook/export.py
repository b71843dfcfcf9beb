"""``ptn plan export``: the catalog as the workbook an officer edits."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.catalog.load import LoadedCatalog, _read_unit_csv
from pipeline.catalog.workbook.book import Book, Where
from pipeline.catalog.workbook.codecs import representable
from pipeline.catalog.workbook.layout import lay_out
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


def export_problems(book: Book) -> list[SheetProblem]:
    """Values the workbook could not give back unchanged (refused before anything is written)."""
    origins = book.origins
    out = []

    def problem(path, why: str) -> None:
        where = origins.find(path) or Where("", 0, 0)
        out.append(SheetProblem("CAT-XLSX-EXPORT", "error", f"{why}: sửa giá trị này trong danh mục (.yaml).",
                                where.sheet, where.cell if where.sheet else "",
                                origins.captions.get(where, "/".join(map(str, path)))))  # fmt: skip

    for path, col, value in book.values:
        why = representable(col, value)
        if why:
            problem(path, why)
    for path in book.empty:
        problem(
            path, "phần này có giá trị nhưng mọi ô đều trống nên không nhập lại được (ô trống là không có)"
        )
    return out


def build_export(loaded: LoadedCatalog, source_file: str | None = None) -> tuple[Book, list[SheetProblem]]:
    """The workbook of ``loaded`` and the values it could not carry (the book must not be written
    when that list is not empty)."""
    meta = {"source_file": source_file if source_file is not None else loaded.path.as_posix(),
            "source_sha256": loaded.sha256}  # fmt: skip
    book = lay_out(loaded.catalog, unit_files_of(loaded), meta)
    return book, export_problems(book)


def default_export_path(loaded: LoadedCatalog) -> Path:
    return Path("outputs") / f"danh-muc-{loaded.catalog.plan.id}.xlsx"
