"""The catalog workbook's layout: every sheet as cells, before anything is written.

:func:`lay_out` turns a catalog into a :class:`Book` – sheets of :class:`XCell` s, the hidden lists,
the ``_meta`` pairs and, for every value, where it sits (:class:`Origins`, the same map the reader
builds from a returned workbook, so a catalog problem can be shown at its sheet and cell).

Every sheet has a hidden column A and a hidden first row of keys (``ptn:catalog:<table>`` in A1,
the field key above each column); ``ptn:header`` in column A marks the visible header row, data
follow it. Readers rely on these marks only, never on row numbers. Record sheets are laid out by
:mod:`.layout_records`, the Phân công sheet by :mod:`.assignments`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.catalog.model import Catalog
from pipeline.catalog.workbook.book import (
    BOOL_LIST,
    COL_FILE,
    FIRST_ROW,
    HEADER_MARK,
    HEADER_ROW,
    KEY_ROW,
    MARK,
    NOTE_ROW,
    TITLE_ROW,
    WORKBOOK_KIND,
    WORKBOOK_VERSION,
    Book,
    Origins,
    Path_,
    Where,
    XCell,
    XSheet,
)
from pipeline.catalog.workbook.codecs import is_blank, to_cell
from pipeline.catalog.workbook.labels import NO, YES, Words
from pipeline.catalog.workbook.mapping import (
    COL_PARENT,
    FILE_LIST,
    NAMED_COLUMNS,
    RECORD_SHEETS,
    REFERENCE_LISTS,
    SHEET_ORDER,
    TABLES,
    Table,
    record_label,
    table_templates,
    year_defaults,
)
from pipeline.catalog.workbook.shapes import Column, Kind, expand
from pipeline.catalog.workbook.sheet_words import PARENT_WORDS, SHEETS, UNIT_FILE_HEADER

_MISSING = object()


def get(data: Any, path: tuple) -> Any:
    """The value at ``path`` (dict keys, list indexes), or ``_MISSING``."""
    for p in path:
        if isinstance(data, dict):
            if p not in data:
                p = next((k for k in data if str(k) == str(p)), _MISSING)
                if p is _MISSING:
                    return _MISSING
            data = data[p]
        elif isinstance(data, list) and isinstance(p, int) and 0 <= p < len(data):
            data = data[p]
        else:
            return _MISSING
    return data


def list_name(col: Column) -> str:
    return "ds_" + col.owner.replace(".", "_")


def present_ints(value: Any, levels: tuple) -> set[int]:
    """The year keys a dict holds at its year levels."""
    if not levels or not isinstance(value, dict):
        return set()
    out = {int(k) for k in value} if levels[0] is None else set()
    for v in value.values():
        out |= present_ints(v, levels[1:])
    return out


class Layout:
    """What laying out collects besides the sheets: dropdown lists, where each value sits, the values
    written (checked by the export) and the records that would come back absent."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.origins = Origins()
        self.lists: dict[str, list[str]] = {}
        self.values: list[tuple[Path_, Column, Any]] = []
        self.empty: list[Path_] = []

    def years(self, col: Column, present: set[int]) -> list[int]:
        p = self.catalog.plan
        return sorted(present | set(year_defaults(col.owner, p.years, p.horizon)))

    def input(self, sheet: XSheet, r: int, c: int, col: Column, value: Any = None) -> XCell:
        cell = sheet.put(r, c, to_cell(col, value), "input", column=col)
        if col.kind == Kind.enum and col.choices:
            name = list_name(col)
            self.lists[name] = list(col.choices.values())
            cell.list_name = name
        elif col.kind == Kind.bool:
            self.lists[BOOL_LIST] = [YES, NO]
            cell.list_name = BOOL_LIST
        elif col.owner in REFERENCE_LISTS:
            cell.list_name, cell.list_strict = REFERENCE_LISTS[col.owner]
        return cell

    def record(self, sheet: XSheet, cells: list[tuple[Column, int, int]], data: Any, base: Path_,
               caption: str, spare: bool = False) -> bool:  # fmt: skip
        """Lay out one record (``data`` at catalog path ``base``; a spare one has no data and no
        place in the catalog yet): each column at its (row, column). Returns whether any cell is
        not blank."""
        shown: list[tuple[Column, bool]] = []
        for col, r, c in cells:
            value = _MISSING if spare else get(data, col.data_path)
            cell = self.input(sheet, r, c, col, None if value is _MISSING else value)
            shown.append((col, not is_blank(cell.value)))
            if spare:
                continue
            where = Where(sheet.name, r, c)
            self.origins.put(
                (*base, *col.data_path), where, f"{caption} › {col.header}" if caption else col.header
            )
            if value is not _MISSING:
                self.values.append(((*base, *col.data_path), col, value))
        if not spare:
            self._empty_parts(shown, data, base)
        return any(nonblank for _, nonblank in shown)

    def _empty_parts(self, shown: list[tuple[Column, bool]], data: Any, base: Path_) -> None:
        """Optional parts and dict entries holding a value whose cells are all blank."""
        parts: dict[tuple, bool] = {}
        for col, nonblank in shown:
            for g in col.groups:
                parts[g] = parts.get(g, False) or nonblank
            for i in range(1, len(col.keys)):
                p = (*col.path, *col.keys[:i])
                parts[p] = parts.get(p, False) or nonblank
        for p, nonblank in parts.items():
            if not nonblank and get(data, p) not in (_MISSING, None):
                self.empty.append((*base, *p))


# --------------------------------------------------------------------------- table sheets


def head(sheet: XSheet, table: str, keys: list[str], words: list[Words], origins: Origins) -> None:
    title, note = SHEETS[table]
    sheet.put(KEY_ROW, 0, f"{MARK}{table}", "key")
    sheet.put(TITLE_ROW, 1, title.upper(), "title")
    sheet.put(NOTE_ROW, 1, note, "note")
    sheet.put(HEADER_ROW, 0, HEADER_MARK, "key")
    sheet.widths[0] = 2
    origins.put(("#sheet", table), Where(sheet.name, TITLE_ROW, 1))
    for c, (key, w) in enumerate(zip(keys, words, strict=True), start=1):
        sheet.put(KEY_ROW, c, key, "key")
        sheet.put(HEADER_ROW, c, w.header, "header")
        sheet.widths[c] = w.width
        sheet.col_index[key] = c
        origins.put(("#column", table, key), Where(sheet.name, HEADER_ROW, c))
    sheet.heights[HEADER_ROW] = 48
    sheet.freeze = (FIRST_ROW, 2)
    sheet.filter_cols = len(keys)


def table_records(table: Table, dump: dict) -> list[tuple[Path_, dict, str]]:
    """(catalog path, data, parent's label) of each record of ``table``."""
    if not table.parent:
        rows = get(dump, table.path)
        return [((*table.path, i), d, "") for i, d in enumerate(rows if rows is not _MISSING else [])]
    out = []
    for ppath, pdata, _ in table_records(TABLES[table.parent], dump):
        for j, d in enumerate(pdata.get(table.path[0]) or []):
            out.append(((*ppath, table.path[0], j), d, record_label(pdata)))
    return out


def extra_column(key: str, words: Words) -> Column:
    return Column((key,), words, Kind.text, key)


def table_sheet(lay: Layout, table: Table, dump: dict, unit_files: list[str]) -> XSheet:
    records = table_records(table, dump)
    templates = table_templates(table)
    cols: list[Column] = []
    for t in templates:
        ints = (
            set().union(*(present_ints(get(d, t.path), t.levels) for _, d, _ in records))
            if records
            else set()
        )
        cols += expand(t, lay.years(t, ints) if t.template else [])
    extra: list[tuple[Column, list]] = []  # (column, value of each record): not model fields
    if table.parent:
        extra.append((extra_column(COL_PARENT, PARENT_WORDS[table.key]), [p for _, _, p in records]))
    all_cols = [e[0] for e in extra] + cols
    if table.key == "units":
        files = (unit_files + [""] * len(records))[: len(records)]
        all_cols.append(extra_column(COL_FILE, UNIT_FILE_HEADER))
        extra.append((all_cols[-1], files))
    s = XSheet(SHEETS[table.key][0], table.key)
    head(s, table.key, [c.key for c in all_cols], [Words(c.header, c.hint, c.words.width) for c in all_cols],
         lay.origins)  # fmt: skip
    at = {c.key: i for i, c in enumerate(all_cols, start=1)}
    for i in range(len(records) + table.spare_rows):
        r = FIRST_ROW + i
        path, data, _ = records[i] if i < len(records) else ((), None, "")
        label = record_label(data, cols) if data is not None else ""
        for col, vals in extra:
            cell = s.put(r, at[col.key], vals[i] if data is not None else None, "input", column=col)
            if col.key == COL_FILE:
                cell.list_name, cell.list_strict = FILE_LIST, False
            elif col.key == COL_PARENT:
                cell.list_name = next(n for n, (t, _k) in NAMED_COLUMNS.items() if t == table.parent)
            if data is not None:
                lay.origins.put((*path, col.key), Where(s.name, r, at[col.key]), f"{label} › {col.header}")
        lay.record(s, [(c, r, at[c.key]) for c in cols], data, path, label, spare=data is None)
        if data is not None:
            lay.origins.put(path, Where(s.name, r, 1), label)
    s.input_rows = range(FIRST_ROW, FIRST_ROW + len(records) + table.spare_rows)
    return s


# --------------------------------------------------------------------------- the book


def lay_out(
    catalog: Catalog,
    unit_files: list[str] | None = None,
    meta: dict[str, str] | None = None,
) -> Book:
    """The whole workbook of ``catalog``; ``unit_files[i]`` is the CSV file unit ``i`` is kept in."""
    from pipeline.catalog.workbook.assignments import assignments_sheet
    from pipeline.catalog.workbook.guide import guide_sheet
    from pipeline.catalog.workbook.layout_records import record_sheet

    lay = Layout(catalog)
    dump = catalog.model_dump()
    sheets: list[XSheet] = []
    for key in SHEET_ORDER:
        if key in RECORD_SHEETS:
            sheets.append(record_sheet(lay, RECORD_SHEETS[key], dump))
        elif key == "assignments":
            sheets.append(assignments_sheet(lay, catalog))
        else:
            sheets.append(table_sheet(lay, TABLES[key], dump, unit_files or []))
    lay.lists[FILE_LIST] = list(catalog.unit_files) or [""]
    by_table = {s.table: s for s in sheets}
    names = {
        name: (by_table[t].name, by_table[t].col_index[k], FIRST_ROW, by_table[t].input_rows.stop - 1)
        for name, (t, k) in NAMED_COLUMNS.items()
    }
    book_meta = {
        "kind": WORKBOOK_KIND,
        "workbook_version": WORKBOOK_VERSION,
        "schema_version": str(catalog.schema_version),
        "plan_id": catalog.plan.id,
        "source_file": "",
        "source_sha256": "",
        "exported_at": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
        **(meta or {}),
    }
    guide = guide_sheet(catalog, [s.name for s in sheets], book_meta)
    return Book([guide, *sheets], lay.lists, names, book_meta, lay.origins, lay.values, lay.empty)
