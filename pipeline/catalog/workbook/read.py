"""Read a catalog workbook back into the catalog's data, every value with the cell it came from.

The file goes through the same guarded reader as the returned forms (size and zip-bomb guards,
python-calamine; .xlsx, .xls, .ods). Sheets are found by the mark in their hidden column A, columns
by the keys of the hidden first row – never by position – so a re-save by Excel or LibreOffice, a
renamed sheet or an inserted row changes nothing. :func:`read_catalog_workbook` never raises on a
bad workbook: every problem is a :class:`SheetProblem` at its sheet and cell. Record sheets are read
by :mod:`.read_records`, the Phân công sheet by :mod:`.assignments`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.catalog.model import Catalog
from pipeline.catalog.workbook.book import (
    COL_FILE,
    COL_ITEM,
    HEADER_MARK,
    MARK,
    META_SHEET,
    WORKBOOK_KIND,
    WORKBOOK_VERSION,
    Origins,
    Path_,
    Where,
)
from pipeline.catalog.workbook.codecs import CellError, blank_value, from_cell, is_blank
from pipeline.catalog.workbook.mapping import (
    COL_PARENT,
    ITEM_TABLES,
    LABEL_FIELDS,
    RECORD_SHEETS,
    SHEET_ORDER,
    TABLES,
    Table,
    record_label,
    table_templates,
)
from pipeline.catalog.workbook.problems import SheetProblem
from pipeline.catalog.workbook.shapes import Column, expand, match_keys
from pipeline.catalog.workbook.sheet_words import PARENT_WORDS, SHEETS, UNIT_FILE_HEADER
from pipeline.intake.raw import RawSheet, RawWorkbook

MARK_SCAN = 10  # rows searched for a sheet's mark


@dataclass
class ReadBack:
    data: dict | None  # the catalog's data, ready for Catalog.model_validate (None: unreadable)
    origins: Origins
    problems: list[SheetProblem] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    unit_files: list[str] = field(default_factory=list)  # per unit (data["units"] order): its CSV, or ""
    catalog: Catalog | None = None  # set when the data fits the schema


def put(d: dict, path: tuple, value: Any) -> None:
    """Set ``path`` in ``d`` (creating dicts on the way, replacing a None on the way)."""
    for p in path[:-1]:
        if d.get(p) is None:
            d[p] = {}
        d = d[p]
    d[path[-1]] = value


def ensure(d: dict, path: tuple) -> dict:
    """The dict at ``path`` in ``d``, created (empty) when absent."""
    for p in path:
        if not isinstance(d.get(p), dict):
            d[p] = {}
        d = d[p]
    return d


def at(sheet: RawSheet, r: int, c: int) -> Any:
    row = sheet.rows[r] if r < len(sheet.rows) else []
    return row[c] if c < len(row) else None


class Reader:
    def __init__(self, raw: RawWorkbook):
        self.raw = raw
        self.origins = Origins()
        self.problems: list[SheetProblem] = []
        self.bad: set[Where] = set()
        self.sheets: dict[str, tuple[RawSheet, int]] = {}
        for sheet in raw.sheets:
            for r, row in enumerate(sheet.rows[:MARK_SCAN]):
                v = row[0] if row else None
                if isinstance(v, str) and v.startswith(MARK) and v[len(MARK) :] not in self.sheets:
                    self.sheets[v[len(MARK) :]] = (sheet, r)
                    break

    # ------------------------------------------------------------------ problems and cells
    def problem(self, code: str, message: str, where: Where | None = None, what: str = "") -> None:
        if where is not None:
            self.bad.add(where)
            what = what or self.origins.captions.get(where, "")
        self.problems.append(
            SheetProblem(
                code, "error", message, where.sheet if where else "", where.cell if where else "", what
            )
        )

    def missing_sheet(self, key: str) -> None:
        self.problem(
            "CAT-XLSX-SHEET", f"không tìm thấy sheet «{SHEETS[key][0]}» (sheet bị xóa hoặc hàng 1 ẩn bị sửa)."
        )

    def decode(self, col: Column, raw: Any, where: Where, what: str) -> tuple[bool, Any]:
        if is_blank(raw):
            return blank_value(col)
        try:
            return True, from_cell(col, raw)
        except CellError as e:
            self.problem("CAT-XLSX-VALUE", str(e), where, what)
            return False, None

    def decode_record(self, cells: list[tuple[Column, Any, Where]], base: Path_ | None, caption: str) -> dict:
        """One record from its cells; ``base``: its catalog path (each cell's origin), None: not known yet.
        An optional part whose cells are all blank is None; a dict exists (maybe empty) once it has cells."""
        record: dict = {}
        blank: dict[tuple, bool] = defaultdict(lambda: True)
        for col, raw, where in cells:
            what = f"{caption} › {col.header}" if caption else col.header
            if base is not None:
                self.origins.put((*base, *col.data_path), where, what)
            for g in col.groups:
                blank[g] = blank[g] and is_blank(raw)
            if col.entry and col.path:
                ensure(record, col.path)
            has, value = self.decode(col, raw, where, what)
            if has:
                put(record, col.data_path, value)
        for g in sorted(blank, key=len, reverse=True):
            if blank[g]:
                put(record, g, None)
        return record

    # ------------------------------------------------------------------ tables
    def _grid(self, table: str) -> tuple[RawSheet, dict[str, int], int] | None:
        hit = self.sheets.get(table)
        if hit is None:
            self.missing_sheet(table)
            return None
        sheet, kr = hit
        keys: dict[str, int] = {}
        for c, v in enumerate(sheet.rows[kr]):
            if c > 0 and isinstance(v, str) and v.strip() and v.strip() not in keys:
                keys[v.strip()] = c
        start = next((r + 1 for r in range(kr, len(sheet.rows)) if sheet.rows[r][:1] == [HEADER_MARK]), None)
        if start is None:
            self.problem("CAT-XLSX-SHEET", f"sheet «{sheet.name}» mất dòng tiêu đề (cột A ẩn bị sửa).",
                         Where(sheet.name, kr, 0))  # fmt: skip
            return None
        return sheet, keys, start

    def _check_keys(self, sheet: RawSheet, keys: dict[str, int], expected: list[Column], kr: int) -> bool:
        ok = True
        for col in expected:
            if col.key not in keys:
                ok = False
                self.problem("CAT-XLSX-COLUMN", f"sheet «{sheet.name}» thiếu cột «{col.header}» (cột bị xóa, hoặc "
                             "hàng 1 ẩn bị sửa?): xuất lại bảng tính bằng «ptn plan export» rồi sửa lại.",
                             Where(sheet.name, kr, 0))  # fmt: skip
        names = {c.key for c in expected}
        for k, c in keys.items():
            if k not in names:
                ok = False
                self.problem("CAT-XLSX-COLUMN", f"cột lạ «{k}»: bảng tính không do phiên bản ptn này xuất ra, "
                             "hoặc hàng 1 ẩn bị sửa.", Where(sheet.name, kr, c))  # fmt: skip
        return ok

    def rows(
        self, key: str, extra: list[Column] = ()
    ) -> list[tuple[int, dict[str, tuple[Column, int]], dict]]:
        """(row, key → (column, sheet column), decoded record) for each non-blank data row of sheet ``key``."""
        grid = self._grid(key)
        if grid is None:
            return []
        sheet, keys, start = grid
        cols = list(extra)
        for t in table_templates(TABLES[key]) if key in TABLES else []:
            if t.template and any(lv is None for lv in t.levels):
                cols += [t.with_keys(k) for k in (match_keys(t, s) for s in keys) if k is not None]
            else:
                cols += expand(t, [])
        if not self._check_keys(sheet, keys, cols, self.sheets[key][1]):
            return []
        colmap = {c.key: (c, keys[c.key]) for c in cols}
        out = []
        for r in range(start, len(sheet.rows)):
            row = sheet.rows[r]
            raw = {k: (row[c] if c < len(row) else None) for k, (_, c) in colmap.items()}
            if all(is_blank(v) for v in raw.values()):
                continue
            label = next(
                (str(raw[k]).strip() for k in (*LABEL_FIELDS, COL_ITEM) if not is_blank(raw.get(k))), ""
            )
            cells = [(col, raw[k], Where(sheet.name, r, c)) for k, (col, c) in colmap.items()]
            record = self.decode_record(cells, None, label or "(dòng)")
            out.append((r, colmap, record))
        return out

    def table(self, table: Table, base: Callable, extra: list[Column] = ()) -> list[dict]:
        """The records of ``table``; ``base(i)`` is the catalog path of record ``i``."""
        records = []
        sheet = self.sheets[table.key][0].name if table.key in self.sheets else ""
        for r, colmap, record in self.rows(table.key, extra):
            i = len(records)
            label = record_label(record, [c for c, _ in colmap.values()])
            for col, c in colmap.values():
                self.origins.put((*base(i), *col.data_path), Where(sheet, r, c), f"{label} › {col.header}")
            self.origins.put(base(i), Where(sheet, r, min(c for _, c in colmap.values())), label)
            records.append(record)
        return records


def read_meta(raw: RawWorkbook) -> dict[str, str]:
    sheet = raw.sheet(META_SHEET)
    out: dict[str, str] = {}
    for row in sheet.rows if sheet else []:
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip():
            out[row[0].strip()] = "" if row[1] is None else str(row[1]).strip()
    return out


def _tables(rd: Reader, data: dict) -> list[str]:
    """Read every table into ``data``; returns the CSV file of each unit."""
    from pipeline.catalog.workbook.assignments import read_assignments
    from pipeline.catalog.workbook.layout import extra_column

    files: list[str] = []
    children: list[Table] = []
    for key in SHEET_ORDER:
        table = TABLES.get(key)
        if table is None:
            continue
        if table.parent:
            children.append(table)
            continue
        extra = [extra_column(COL_FILE, UNIT_FILE_HEADER)] if key == "units" else []
        records = rd.table(table, lambda i, t=table: (*t.path, i), extra)
        if key == "units":
            files = [u.pop(COL_FILE, "") for u in records]
        put(data, table.path, records)
    rd_items = {t: data.get(t, []) for t in ITEM_TABLES}
    read_assignments(rd, rd_items)
    for table in children:
        _child_table(rd, table, data)
    unit_files = data.get("unit_files") or []
    for i, f in enumerate(files):
        if f and f not in unit_files:
            rd.problem("CAT-XLSX-VALUE", f"tệp «{f}» không có trong «Tệp danh sách đơn vị kèm theo» (sheet Kế hoạch).",
                       rd.origins.find(("units", i, COL_FILE)))  # fmt: skip
    return files


def _child_table(rd: Reader, table: Table, data: dict) -> None:
    """A child table's rows go to the parent record named in their parent column."""
    from pipeline.catalog.workbook.layout import extra_column

    parent = TABLES[table.parent]
    parents = data.get(parent.path[0]) or []
    by_label: dict[str, int] = {}
    for i, p in enumerate(parents):
        p[table.path[0]] = []
        by_label.setdefault(record_label(p), i)
    tmp = ("#" + table.key,)
    records = rd.table(table, lambda i: (*tmp, i), [extra_column(COL_PARENT, PARENT_WORDS[table.key])])
    for j, rec in enumerate(records):
        label = rec.pop(COL_PARENT, "")
        i = by_label.get(label)
        if i is None:
            rd.problem("CAT-XLSX-PARENT", f"không có mã «{label}» ở sheet «{SHEETS[table.parent][0]}»." if label
                       else "dòng chưa có mã của dòng cha.", rd.origins.find((*tmp, j, COL_PARENT)))  # fmt: skip
            continue
        siblings = parents[i][table.path[0]]
        for path, where in list(rd.origins.items()):
            if path[:2] == (tmp[0], str(j)):
                rd.origins.put((*parent.path, i, table.path[0], len(siblings), *path[2:]), where,
                               rd.origins.captions.get(where, ""))  # fmt: skip
        siblings.append(rec)


def parse_workbook(raw: RawWorkbook) -> ReadBack:
    """The catalog data of a workbook already read (see :func:`read_catalog_workbook`)."""
    from pipeline.catalog.workbook.read_records import read_record_sheet

    rd = Reader(raw)
    meta = read_meta(raw)
    if meta.get("kind") != WORKBOOK_KIND and not rd.sheets:
        rd.problem("CAT-XLSX-FILE", "tệp không phải bảng tính danh mục kế hoạch: xuất bảng tính bằng "
                   "«ptn plan export», sửa trong đó rồi nhập lại.")  # fmt: skip
        return ReadBack(None, rd.origins, rd.problems, meta)
    if meta.get("workbook_version", WORKBOOK_VERSION) != WORKBOOK_VERSION:
        rd.problem("CAT-XLSX-FILE", "bảng tính được xuất bằng phiên bản ptn khác, có các sheet, cột khác: xuất lại "
                   "bằng «ptn plan export» rồi sửa trong bảng tính mới.")  # fmt: skip
        return ReadBack(None, rd.origins, rd.problems, meta)
    data: dict = {}
    for sheet in RECORD_SHEETS.values():
        read_record_sheet(rd, sheet, data)
    files = _tables(rd, data)
    if meta.get("schema_version", "").isdigit():
        data["schema_version"] = int(meta["schema_version"])
    back = ReadBack(data, rd.origins, rd.problems, meta, files)
    _validate(back, rd)
    return back


def _validate(back: ReadBack, rd: Reader) -> None:
    from pipeline.catalog.load import _nfc_tree, _vi_message

    try:
        back.catalog = Catalog.model_validate(_nfc_tree(back.data))
    except ValidationError as e:
        for err in e.errors():
            loc = tuple(str(x) for x in err["loc"] if x != "[key]")
            where = back.origins.find(loc)
            if where is not None and where in rd.bad:
                continue  # already reported: the cell could not be read
            message = "ô trống: cần điền." if err["type"] == "missing" else _vi_message(err)
            rd.problem("CAT-SCHEMA", message, where)
        back.problems = rd.problems


def read_catalog_workbook(path: Path) -> ReadBack:
    """Read ``path`` (guarded, never raises on a bad file) into a :class:`ReadBack`."""
    from pipeline.intake.safe import ReadJob, read_file

    res = read_file(ReadJob(Path(path), Path(path).name))
    if res.raw is None:
        detail = "; ".join(f.message for f in res.findings) or "không đọc được tệp."
        return ReadBack(None, Origins(), [SheetProblem("CAT-XLSX-FILE", "error", detail)])
    return parse_workbook(res.raw)
