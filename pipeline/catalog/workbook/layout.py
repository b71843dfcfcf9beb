"""The catalog workbook's layout: every sheet as cells, before anything is written.

:func:`lay_out` turns a catalog into a :class:`Book` – sheets of :class:`XCell` s, the hidden lists,
the ``_meta`` pairs and, for every value, where it sits (:class:`Origins`, the same map the reader
builds from a returned workbook, so a catalog problem can be shown at its sheet and cell).

Every sheet has a hidden column A and a hidden first row of keys (``ptn:catalog:<table>`` in A1,
the field key above each column); ``ptn:header`` in column A marks the visible header row, data
follow it. Readers rely on these marks only, never on row numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.catalog.model import Catalog, Item, Plan, Successor, UnitKind
from pipeline.catalog.workbook.book import (
    BOOL_LIST,
    COL_FILE,
    COL_ITEM,
    COL_ROLE,
    COL_SECTION,
    FILE_LIST,
    FIRST_ROW,
    HEADER_MARK,
    HEADER_ROW,
    KEY_ROW,
    MARK,
    NOTE_ROW,
    RECORDS_MARK,
    ROLE_LIST,
    SECTION_KEYS,
    TITLE_ROW,
    UNIT_CODES,
    WORKBOOK_KIND,
    WORKBOOK_VERSION,
    Book,
    Origins,
    Path_,
    Where,
    XSheet,
)
from pipeline.catalog.workbook.codecs import to_cell
from pipeline.catalog.workbook.labels import (
    ITEM_CODE_HEADER,
    NO,
    PARENT_SECTION_HEADER,
    ROLE_CO,
    ROLE_EACH,
    ROLE_HEADER,
    ROLE_LEAD,
    ROLE_TRANSFER,
    ROLES,
    SHEETS,
    UNIT_FILE_HEADER,
    YES,
    Words,
)
from pipeline.catalog.workbook.mapping import (
    ITEM_TABLES,
    TABLES,
    Column,
    Kind,
    column_for,
    columns_of,
    plan_columns,
    table_columns,
    variant_columns,
    words_for,
)

# --------------------------------------------------------------------------- helpers


def list_name(col: Column) -> str:
    return "ds_" + col.owner.replace(".", "_")


def _input(sheet: XSheet, r: int, c: int, col: Column, value: Any, lists: dict[str, list[str]]) -> None:
    cell = sheet.put(r, c, to_cell(col, value), "input", column=col)
    if col.kind == Kind.enum and col.choices:
        name = list_name(col)
        lists[name] = list(col.choices.values())
        cell.list_name = name
    elif col.kind == Kind.bool:
        lists[BOOL_LIST] = [YES, NO]
        cell.list_name = BOOL_LIST
    elif col.owner in ("Unit.merged_into", "Successor.successor"):
        cell.list_name = UNIT_CODES
    elif col.owner == "Rule.section":
        cell.list_name = SECTION_KEYS


def _head(sheet: XSheet, table: str, keys: list[str], words: list[Words]) -> None:
    title, note = SHEETS[table]
    sheet.put(KEY_ROW, 0, f"{MARK}{table}", "key")
    sheet.put(TITLE_ROW, 1, title.upper(), "title")
    sheet.put(NOTE_ROW, 1, note, "note")
    sheet.put(HEADER_ROW, 0, HEADER_MARK, "key")
    sheet.widths[0] = 2
    for c, (key, w) in enumerate(zip(keys, words, strict=True), start=1):
        sheet.put(KEY_ROW, c, key, "key")
        sheet.put(HEADER_ROW, c, w.header, "header")
        sheet.widths[c] = w.width
    sheet.heights[HEADER_ROW] = 48
    sheet.freeze = (FIRST_ROW, 2)
    sheet.filter_cols = len(keys)


def _years(catalog: Catalog) -> dict[str, list[int]]:
    p = catalog.plan
    yearly = set(range(p.period_start, p.period_end + 1)) if p.period_end - p.period_start < 50 else set()
    end = {p.horizon}
    for t in catalog.targets:
        yearly |= set(t.yearly_values)
        end |= set(t.end_values)
    return {"yearly_values": sorted(yearly), "end_values": sorted(end)}


# --------------------------------------------------------------------------- the plan sheet


def _plan_sheet(catalog: Catalog, origins: Origins, lists: dict[str, list[str]]) -> XSheet:
    title, note = SHEETS["plan"]
    s = XSheet(title, "plan", freeze=(FIRST_ROW, 0))
    s.put(KEY_ROW, 0, f"{MARK}plan", "key")
    s.put(TITLE_ROW, 1, title.upper(), "title")
    s.put(NOTE_ROW, 1, note, "note")
    s.widths = {0: 2, 1: 40, 2: 46, 3: 46}
    data = catalog.model_dump()
    r = FIRST_ROW
    group = None
    for col in sorted(plan_columns(), key=lambda c: len(c.path) > 2):  # the plan's own fields first
        head = col.path[1] if len(col.path) > 2 else ""
        if head != group:
            group = head
            s.put(r, 1, (words_for(Plan, head).header if head else "Kế hoạch").upper(), "group")
            s.put(r, 2, None, "group")
            r += 1
        _plan_row(s, r, col, _get(data, col.path), origins, lists)
        r += 1
    unit_files = column_for(Catalog, "unit_files")
    s.put(r, 1, "TỆP KÈM THEO", "group")
    s.put(r, 2, None, "group")
    r += 1
    _plan_row(s, r, unit_files, catalog.unit_files, origins, lists)
    r += 2
    # the report variants: one column each (at least two, the model's two issuers)
    n = max(2, len(catalog.plan.report_variants))
    s.put(r, 0, f"{RECORDS_MARK}report_variants", "key")
    s.put(r, 1, "BÁO CÁO NĂM VÀ NGƯỜI KÝ", "group")
    for i in range(n):
        s.put(r, 2 + i, f"Báo cáo {i + 1}", "header")
        s.widths[2 + i] = 46
    origins.put(("plan", "report_variants"), Where(s.name, r, 1))
    r += 1
    variants = [v.model_dump() for v in catalog.plan.report_variants]
    for col in variant_columns():
        s.put(r, 0, f"report_variants.{col.key}", "key")
        s.put(r, 1, col.header, "label")
        for i in range(n):
            value = _get(variants[i], col.path) if i < len(variants) else None
            _input(s, r, 2 + i, col, value, lists)
            if i < len(variants):
                origins.put(
                    ("plan", "report_variants", i, *col.path),
                    Where(s.name, r, 2 + i),
                    f"Báo cáo {i + 1} › {col.header}",
                )
        r += 1
    return s


def _plan_row(s: XSheet, r: int, col: Column, value: Any, origins: Origins, lists) -> None:
    s.put(r, 0, col.key, "key")
    s.put(r, 1, col.header, "label")
    _input(s, r, 2, col, value, lists)
    origins.put(col.path, Where(s.name, r, 2), col.header)


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for p in path:
        data = data.get(p) if isinstance(data, dict) else None
    return data


# --------------------------------------------------------------------------- tables


def _table_sheet(
    key: str,
    records: list[tuple[Path_, dict]],
    cols: list[Column],
    extra: list[tuple[int, str, Words, list[Any]]],
    origins: Origins,
    lists: dict[str, list[str]],
) -> XSheet:
    """A table of ``records`` (each with its catalog path); ``extra`` are non-model columns
    (position, key, words, one value per record)."""
    table = TABLES.get(key)
    spare = table.spare_rows if table else 40
    keys = [c.key for c in cols]
    words = [Words(c.header, c.hint, c.words.width) for c in cols]
    for pos, k, w, _values in sorted(extra, key=lambda e: e[0]):
        keys.insert(pos, k)
        words.insert(pos, w)
    s = XSheet(SHEETS[key][0], key)
    _head(s, key, keys, words)
    origins.put(("#sheet", key), Where(s.name, TITLE_ROW, 1))
    for c, k in enumerate(keys, start=1):
        origins.put(("#column", key, k), Where(s.name, HEADER_ROW, c))
    col_at = {c.key: c for c in cols}
    for i in range(len(records) + spare):
        r = FIRST_ROW + i
        path, data = records[i] if i < len(records) else ((), None)
        for c, k in enumerate(keys, start=1):
            col = col_at.get(k)
            if col is None:
                ex = next(e for e in extra if e[1] == k)
                value = ex[3][i] if i < len(records) else None
                cell = s.put(r, c, value, "input", column=_extra_column(k, ex[2]))
                if k == COL_SECTION:
                    cell.list_name = SECTION_KEYS
                elif k == COL_FILE:
                    cell.list_name, cell.list_strict = FILE_LIST, False
                if data is not None:
                    origins.put((*path, k), Where(s.name, r, c), f"{record_label(data)} › {ex[2].header}")
                continue
            value = None
            if data is not None and col.year is not None:
                value = (data.get(col.path[0]) or {}).get(col.year)
            elif data is not None:
                value = _get(data, col.path)
            _input(s, r, c, col, value, lists)
            if data is not None:
                step = (*col.path, col.year) if col.year is not None else col.path
                origins.put((*path, *step), Where(s.name, r, c), f"{record_label(data)} › {col.header}")
                if c == 1:
                    origins.put(path, Where(s.name, r, c), record_label(data))
    s.input_rows = range(FIRST_ROW, FIRST_ROW + len(records) + spare)
    return s


def record_label(data: dict) -> str:
    """How a record is named in messages: its code, key or number."""
    for k in ("code", "key", "number"):
        v = data.get(k)
        if v not in (None, ""):
            return str(v)
    return "(dòng)"


def _extra_column(key: str, words: Words) -> Column:
    return Column((key,), words, Kind.text, key)


def _tables(catalog: Catalog, unit_files: list[str], origins: Origins, lists) -> list[XSheet]:
    years = _years(catalog)
    out: list[XSheet] = []
    dump = catalog.model_dump()
    for key in ("legal_basis", "units", *ITEM_TABLES):
        table = TABLES[key]
        rows = dump["plan"]["legal_basis"] if key == "legal_basis" else dump[key]
        base = ("plan", "legal_basis") if key == "legal_basis" else (key,)
        records = [((*base, i), d) for i, d in enumerate(rows)]
        extra = []
        if key == "units":
            files = (unit_files + [""] * len(rows))[: len(rows)]
            extra = [(999, COL_FILE, UNIT_FILE_HEADER, files)]
        cols = table_columns(table, years)
        s = _table_sheet(key, records, cols, [(len(cols), *e[1:]) for e in extra], origins, lists)
        out.append(s)
        if key == "programmes":
            out.append(_assignments_sheet(catalog, origins, lists))
    out.append(_table_sheet("rules", [(("rules", i), d) for i, d in enumerate(dump["rules"])],
                            table_columns(TABLES["rules"]), [], origins, lists))  # fmt: skip
    out.append(_table_sheet("sections", [(("sections", i), d) for i, d in enumerate(dump["sections"])],
                            table_columns(TABLES["sections"]), [], origins, lists))  # fmt: skip
    fields = [
        (("sections", i, "fields", j), f)
        for i, sec in enumerate(dump["sections"])
        for j, f in enumerate(sec["fields"])
    ]
    parents = [dump["sections"][int(p[1])]["key"] for p, _ in fields]
    out.append(_table_sheet("fields", fields, table_columns(TABLES["fields"]),
                            [(0, COL_SECTION, PARENT_SECTION_HEADER, parents)], origins, lists))  # fmt: skip
    return out


# --------------------------------------------------------------------------- assignments


ASSIGNMENT_KEYS = [COL_ITEM, COL_ROLE, "unit", "successor", "from_date", "note"]


def assignment_columns() -> dict[str, Column]:
    succ = {c.key: c for c in columns_of(Successor)}
    unit = succ["unit"]
    return {
        COL_ITEM: _extra_column(COL_ITEM, ITEM_CODE_HEADER),
        COL_ROLE: Column((COL_ROLE,), ROLE_HEADER, Kind.enum, COL_ROLE, choices={r: r for r in ROLES}),
        "unit": Column(("unit",), Words(unit.header, _UNIT_HINT, 26), Kind.text, unit.owner),
        "successor": succ["successor"],
        "from_date": succ["from_date"],
        "note": succ["note"],
    }


_UNIT_HINT = (
    "Mã đơn vị (Chủ trì, Phối hợp, đơn vị cũ khi Chuyển giao) hoặc loại đơn vị "
    "(Chủ trì: từng đơn vị thuộc loại, ví dụ «UBND xã, phường»)."
)


def assignment_rows(item: Item) -> list[tuple[str, str, str | None, Any, str, tuple]]:
    """(role, unit or kind value, successor, from_date, note, path step) rows of one item."""
    rows: list[tuple[str, str, str | None, Any, str, tuple]] = []
    if item.lead is not None:
        rows.append((ROLE_LEAD, item.lead, None, None, "", ("lead",)))
    rows += [
        (ROLE_EACH, k.value, None, None, "", ("each_unit_of_kinds", j))
        for j, k in enumerate(item.each_unit_of_kinds)
    ]
    rows += [(ROLE_CO, c, None, None, "", ("co_agencies", j)) for j, c in enumerate(item.co_agencies)]
    rows += [(ROLE_TRANSFER, s.unit, s.successor, s.from_date, s.note, ("successors", j))
             for j, s in enumerate(item.successors)]  # fmt: skip
    return rows


def _assignments_sheet(catalog: Catalog, origins: Origins, lists) -> XSheet:
    from pipeline.catalog.labels import KIND_LABEL

    cols = assignment_columns()
    s = XSheet(SHEETS["assignments"][0], "assignments")
    _head(s, "assignments", ASSIGNMENT_KEYS, [cols[k].words for k in ASSIGNMENT_KEYS])
    origins.put(("#sheet", "assignments"), Where(s.name, TITLE_ROW, 1))
    for c, k in enumerate(ASSIGNMENT_KEYS, start=1):
        origins.put(("#column", "assignments", k), Where(s.name, HEADER_ROW, c))
    lists[ROLE_LIST] = list(ROLES)
    r = FIRST_ROW
    for table in ITEM_TABLES:
        for i, item in enumerate(getattr(catalog, table)):
            for role, unit, successor, from_date, note, step in assignment_rows(item):
                shown = KIND_LABEL.get(UnitKind(unit), unit) if role == ROLE_EACH else unit
                s.put(r, 1, item.code, "input", column=cols[COL_ITEM])
                s.put(r, 2, role, "input", column=cols[COL_ROLE], list_name=ROLE_LIST)
                s.put(r, 3, shown, "input", column=cols["unit"])
                _input(s, r, 4, cols["successor"], successor, lists)
                _input(s, r, 5, cols["from_date"], from_date, lists)
                _input(s, r, 6, cols["note"], note or None, lists)
                path = (table, i, *step)
                caption = f"{item.code} › {role}"
                if role == ROLE_TRANSFER:
                    for c, k in ((3, "unit"), (4, "successor"), (5, "from_date"), (6, "note")):
                        origins.put((*path, k), Where(s.name, r, c), f"{caption} › {cols[k].header}")
                else:
                    origins.put(path, Where(s.name, r, 3), caption)
                r += 1
    spare = 60
    for rr in range(r, r + spare):
        s.put(rr, 1, None, "input", column=cols[COL_ITEM])
        s.put(rr, 2, None, "input", column=cols[COL_ROLE], list_name=ROLE_LIST)
        s.put(rr, 3, None, "input", column=cols["unit"])
        _input(s, rr, 4, cols["successor"], None, lists)
        _input(s, rr, 5, cols["from_date"], None, lists)
        _input(s, rr, 6, cols["note"], None, lists)
    s.input_rows = range(FIRST_ROW, r + spare)
    s.widths.update({1: 10, 2: 28, 3: 26, 4: 16, 5: 13, 6: 40})
    return s


# --------------------------------------------------------------------------- the book


def lay_out(
    catalog: Catalog,
    unit_files: list[str] | None = None,
    meta: dict[str, str] | None = None,
) -> Book:
    """The whole workbook of ``catalog``; ``unit_files[i]`` is the CSV file unit ``i`` is kept in."""
    origins = Origins()
    lists: dict[str, list[str]] = {}
    sheets = [_plan_sheet(catalog, origins, lists), *_tables(catalog, unit_files or [], origins, lists)]
    lists[FILE_LIST] = list(catalog.unit_files) or [""]
    by_table = {s.table: s for s in sheets}
    names = {
        UNIT_CODES: (by_table["units"].name, 1, FIRST_ROW, by_table["units"].input_rows.stop - 1),
        SECTION_KEYS: (by_table["sections"].name, 1, FIRST_ROW, by_table["sections"].input_rows.stop - 1),
    }
    from pipeline.catalog.workbook.guide import guide_sheet

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
    return Book([guide, *sheets], lists, names, book_meta, origins)
