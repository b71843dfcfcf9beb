"""Helpers for the catalog-workbook tests: copy the shipped plans, export them, edit the workbook
the way an officer does in Excel (cells found through the hidden keys, with openpyxl), run ``ptn``."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import openpyxl

from .conftest import ROOT

MARK = "ptn:catalog:"
FIRST_KEY = ("code", "key", "number", "__item__")


@contextlib.contextmanager
def chdir(path: Path):
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def copy_plans(dst: Path) -> Path:
    """``dst/plans`` with the shipped catalog and its CSV; returns the YAML path."""
    shutil.copytree(ROOT / "plans", dst / "plans")
    return dst / "plans" / "kh-253-2021-2025.yaml"


def ptn(cwd: Path, *args: str) -> tuple[int, str]:
    """Run ``ptn`` in-process in ``cwd``: (exit code as ``main`` gives it, output with spaces collapsed)."""
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.exitcodes import UsageProblem

    with chdir(cwd):
        r = CliRunner().invoke(app, list(args))
    out = " ".join((r.output or "").split())
    if isinstance(r.exception, UsageProblem):
        return 2, out + " " + r.exception.message + " " + (r.exception.hint or "")
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, out


def sheet(wb, table: str):
    for ws in wb.worksheets:
        if ws["A1"].value == f"{MARK}{table}":
            return ws
    raise KeyError(table)


def _keys(ws) -> dict[str, int]:
    return {ws.cell(1, c).value: c for c in range(2, ws.max_column + 1) if ws.cell(1, c).value}


def _header(ws) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "ptn:header")


def row_of(ws, first: str, value: str, **also: str) -> int:
    keys = _keys(ws)
    for r in range(_header(ws) + 1, ws.max_row + 1):
        if ws.cell(r, keys[first]).value == value and all(
            ws.cell(r, keys[k]).value == v for k, v in also.items()
        ):
            return r
    raise KeyError((ws.title, value, also))


def table_cell(wb, table: str, code: str, key: str, **also: str) -> tuple[str, str]:
    """(sheet name, A1 address) of column ``key`` in the row of ``code``."""
    ws = sheet(wb, table)
    keys = _keys(ws)
    first = next((k for k in FIRST_KEY if k in keys), next(iter(keys)))
    r = row_of(ws, first, code, **also)
    return ws.title, ws.cell(r, keys[key]).coordinate


RECORD_SHEETS = ("plan", "letters")
RECORDS_MARK = "ptn:records:"


def plan_cell(wb, key: str, record: int | str = 0) -> tuple[str, str]:
    """The value cell of a row of a record sheet (``plan.number``, ``plan.report_variants.signer.name``,
    ``plan.letters.*.signer.name``): column C, or in a block of several columns the column whose
    hidden key is ``record`` (a record's index, a field name, a dict key)."""
    for table in RECORD_SHEETS:
        ws = sheet(wb, table)
        for r in range(1, ws.max_row + 1):
            if ws.cell(r, 1).value != key:
                continue
            for m in range(r - 1, 0, -1):
                block = str(ws.cell(m, 1).value or "")
                if block.startswith(RECORDS_MARK) and key.startswith(block[len(RECORDS_MARK) :]):
                    c = next(
                        c for c in range(3, ws.max_column + 1) if str(ws.cell(m, c).value) == str(record)
                    )
                    return ws.title, ws.cell(r, c).coordinate
            return ws.title, ws.cell(r, 3).coordinate
    raise KeyError((key, record))


def first_empty_row(wb, table: str) -> int:
    ws = sheet(wb, table)
    keys = _keys(ws)
    for r in range(_header(ws) + 1, ws.max_row + 2):
        if all(ws.cell(r, c).value in (None, "") for c in keys.values()):
            return r
    return ws.max_row + 1


def set_cells(path: Path, edits: list[tuple[tuple[str, str], Any]], dst: Path | None = None) -> Path:
    """Type values into cells ((sheet, address) → value) and save (as Excel would, through openpyxl)."""
    wb = openpyxl.load_workbook(path)
    for (name, addr), value in edits:
        cell = wb[name][addr]
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    dst = dst or path
    wb.save(dst)
    return dst


def clear_row(path: Path, table: str, first: str, value: str, **also: str) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = sheet(wb, table)
    r = row_of(ws, first, value, **also)
    for c in _keys(ws).values():
        ws.cell(r, c).value = None
    wb.save(path)
    return path


def append_row(path: Path, table: str, values: dict[str, Any]) -> tuple[str, int]:
    """Fill the first empty row of a table (by column keys); returns (sheet, 1-based row)."""
    wb = openpyxl.load_workbook(path)
    ws = sheet(wb, table)
    keys = _keys(ws)
    r = first_empty_row(wb, table)
    for k, v in values.items():
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            v = dt.datetime(v.year, v.month, v.day)
        ws.cell(r, keys[k]).value = v
    wb.save(path)
    return ws.title, r
