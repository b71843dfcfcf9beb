"""Read a catalog workbook back into the catalog's data, every value with the cell it came from.

The file goes through the same guarded reader as the returned forms (size and zip-bomb guards,
python-calamine; .xlsx, .xls, .ods). Sheets are found by the mark in their hidden column A, columns
by the keys of the hidden first row – never by position – so a re-save by Excel or LibreOffice, a
renamed sheet or an inserted row changes nothing. :func:`read_catalog_workbook` never raises on a
bad workbook: every problem is a :class:`SheetProblem` at its sheet and cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.catalog.model import Catalog, UnitKind
from pipeline.catalog.workbook.book import (
    COL_FILE,
    COL_ITEM,
    COL_ROLE,
    COL_SECTION,
    HEADER_MARK,
    MARK,
    META_SHEET,
    RECORDS_MARK,
    WORKBOOK_KIND,
    Origins,
    Where,
)
from pipeline.catalog.workbook.codecs import CellError, blank_value, from_cell, is_blank
from pipeline.catalog.workbook.labels import ROLE_CO, ROLE_EACH, ROLE_LEAD, ROLE_TRANSFER, SHEETS
from pipeline.catalog.workbook.layout import ASSIGNMENT_KEYS, assignment_columns, record_label
from pipeline.catalog.workbook.mapping import (
    ITEM_TABLES,
    TABLES,
    Column,
    Kind,
    column_for,
    plan_columns,
    table_columns,
    variant_columns,
)
from pipeline.catalog.workbook.problems import SheetProblem
from pipeline.intake.raw import RawSheet, RawWorkbook

MARK_SCAN = 10  # rows searched for a sheet's mark
_YEAR_KEY = re.compile(r"^([a-z_]+):(\d{4})$")


@dataclass
class ReadBack:
    data: dict | None  # the catalog's data, ready for Catalog.model_validate (None: unreadable)
    origins: Origins
    problems: list[SheetProblem] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    unit_files: list[str] = field(default_factory=list)  # per unit (data["units"] order): its CSV, or ""
    catalog: Catalog | None = None  # set when the data fits the schema


def _set(d: dict, path: tuple[str, ...], value: Any) -> None:
    for p in path[:-1]:
        d = d.setdefault(p, {})
    d[path[-1]] = value


class _Reader:
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

    # ------------------------------------------------------------------ problems
    def problem(self, code: str, message: str, where: Where | None = None, what: str = "") -> None:
        if where is not None:
            self.bad.add(where)
            what = what or self.origins.captions.get(where, "")
        self.problems.append(
            SheetProblem(
                code, "error", message, where.sheet if where else "", where.cell if where else "", what
            )
        )

    def decode(self, col: Column, raw: Any, where: Where, what: str) -> tuple[bool, Any]:
        if is_blank(raw):
            return blank_value(col)
        try:
            return True, from_cell(col, raw)
        except CellError as e:
            self.problem("CAT-XLSX-VALUE", str(e), where, what)
            return False, None

    # ------------------------------------------------------------------ tables
    def _grid(self, table: str) -> tuple[RawSheet, dict[str, int], int] | None:
        hit = self.sheets.get(table)
        if hit is None:
            self.problem(
                "CAT-XLSX-SHEET",
                f"không tìm thấy sheet «{SHEETS[table][0]}» (sheet bị xóa hoặc hàng 1 ẩn bị sửa).",
            )
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
        self, table: str, extra: list[Column] = ()
    ) -> list[tuple[int, dict[str, tuple[Column, int]], dict]]:
        """(row, key → (column, sheet column), decoded record) for each non-blank data row of ``table``."""
        grid = self._grid(table)
        if grid is None:
            return []
        sheet, keys, start = grid
        years: dict[str, list[int]] = {}
        for k in keys:
            m = _YEAR_KEY.match(k)
            if m:
                years.setdefault(m[1], []).append(int(m[2]))
        cols = [*extra, *table_columns(TABLES[table], years)] if table in TABLES else list(extra)
        if not self._check_keys(sheet, keys, cols, self.sheets[table][1]):
            return []
        colmap = {c.key: (c, keys[c.key]) for c in cols}
        out = []
        for r in range(start, len(sheet.rows)):
            row = sheet.rows[r]
            raw = {k: (row[c] if c < len(row) else None) for k, (_, c) in colmap.items()}
            if all(is_blank(v) for v in raw.values()):
                continue
            label = next(
                (
                    str(raw[k]).strip()
                    for k in ("code", "key", "number", COL_ITEM)
                    if not is_blank(raw.get(k))
                ),
                "(dòng)",
            )
            record: dict = {}
            for k, (col, c) in colmap.items():
                has, value = self.decode(col, raw[k], Where(sheet.name, r, c), f"{label} › {col.header}")
                if not has:
                    continue
                if col.year is not None:
                    if value is not None:
                        record.setdefault(col.path[0], {})[col.year] = value
                else:
                    _set(record, col.path, value)
            out.append((r, colmap, record))
        return out

    def table(self, table: str, base: tuple, extra: list[Column] = ()) -> list[dict]:
        records = []
        sheet = self.sheets[table][0].name if table in self.sheets else ""
        for r, colmap, record in self.rows(table, extra):
            i = len(records)
            label = record_label(record)
            for col, c in colmap.values():
                step = (*col.path, col.year) if col.year is not None else col.path
                self.origins.put((*base, i, *step), Where(sheet, r, c), f"{label} › {col.header}")
            self.origins.put((*base, i), Where(sheet, r, min(c for _, c in colmap.values())), label)
            records.append(record)
        return records

    # ------------------------------------------------------------------ the plan sheet
    def plan(self) -> tuple[dict, list[str]]:
        hit = self.sheets.get("plan")
        if hit is None:
            self.problem("CAT-XLSX-SHEET", f"không tìm thấy sheet «{SHEETS['plan'][0]}».")
            return {}, []
        sheet, _ = hit
        by_key: dict[str, int] = {}
        records_row = None
        for r, row in enumerate(sheet.rows):
            v = row[0] if row else None
            if isinstance(v, str) and v.strip() and not v.startswith(MARK):
                if v.startswith(RECORDS_MARK):
                    records_row = r
                else:
                    by_key.setdefault(v.strip(), r)
        data: dict = {}
        unit_files_col = column_for(Catalog, "unit_files")
        expected = {c.key: c for c in [*plan_columns(), unit_files_col]}
        variant_cols = {f"report_variants.{c.key}": c for c in variant_columns()}
        for k, r in by_key.items():
            if k not in expected and k not in variant_cols:
                self.problem("CAT-XLSX-COLUMN", f"dòng lạ «{k}» (cột A ẩn bị sửa?).", Where(sheet.name, r, 0))
        for key, col in expected.items():
            r = by_key.get(key)
            if r is None:
                self.problem(
                    "CAT-XLSX-COLUMN", f"thiếu dòng «{col.header}» (dòng bị xóa?).", Where(sheet.name, 0, 0)
                )
                continue
            where = Where(sheet.name, r, 2)
            self.origins.put(col.path, where, col.header)
            has, value = self.decode(col, _at(sheet, r, 2), where, col.header)
            if has:
                _set(data, col.path, value)
        unit_files = data.pop("unit_files", [])
        variants: list[dict] = []
        if records_row is None:
            self.problem("CAT-XLSX-COLUMN", "thiếu phần «Báo cáo năm và người ký».", Where(sheet.name, 0, 0))
        else:
            self.origins.put(("plan", "report_variants"), Where(sheet.name, records_row, 1))
            n = len(sheet.rows[records_row])
            for c in range(2, n):
                cells = {
                    k: (by_key.get(k), _at(sheet, by_key[k], c) if k in by_key else None)
                    for k in variant_cols
                }
                if all(is_blank(v) for _, v in cells.values()):
                    continue
                i, record = len(variants), {}
                for k, col in variant_cols.items():
                    r, v = cells[k]
                    if r is None:
                        continue
                    where = Where(sheet.name, r, c)
                    caption = f"Báo cáo {c - 1} › {col.header}"
                    self.origins.put(("plan", "report_variants", i, *col.path), where, caption)
                    has, value = self.decode(col, v, where, caption)
                    if has:
                        _set(record, col.path, value)
                variants.append(record)
            for k in variant_cols:
                if k not in by_key:
                    self.problem(
                        "CAT-XLSX-COLUMN",
                        f"thiếu dòng «{variant_cols[k].header}».",
                        Where(sheet.name, records_row, 0),
                    )
        data.setdefault("plan", {})["report_variants"] = variants
        return data, unit_files

    # ------------------------------------------------------------------ assignments
    def assignments(self, items: dict[str, list[dict]]) -> None:
        from pipeline.catalog.labels import KIND_LABEL

        cols = assignment_columns()
        by_code: dict[str, tuple[str, int]] = {}
        for table in ITEM_TABLES:
            for i, d in enumerate(items[table]):
                by_code.setdefault(str(d.get("code", "")), (table, i))
        kind_col = Column(("kind",), cols["unit"].words, Kind.enum, "Item.each_unit_of_kinds",
                          choices={k.value: KIND_LABEL[k] for k in UnitKind})  # fmt: skip
        for r, colmap, row in self.rows("assignments", [cols[k] for k in ASSIGNMENT_KEYS]):
            sheet = self.sheets["assignments"][0].name
            at = {k: Where(sheet, r, c) for k, (_, c) in colmap.items()}
            code, role = row.get(COL_ITEM, ""), row.get(COL_ROLE)
            what = f"{code} › {role or ''}"
            if not code:
                self.problem("CAT-XLSX-PARENT", "dòng phân công chưa có mã mục.", at[COL_ITEM], what)
                continue
            if code not in by_code:
                self.problem("CAT-XLSX-PARENT", f"không có văn bản, chỉ tiêu hay chương trình mã «{code}» ở các sheet Phụ lục.",
                             at[COL_ITEM], what)  # fmt: skip
                continue
            if role is None:
                self.problem("CAT-XLSX-VALUE", "chưa chọn vai trò.", at[COL_ROLE], what)
                continue
            table, i = by_code[code]
            d = items[table][i]
            unit = row.get("unit", "")
            if role != ROLE_TRANSFER:
                for k in ("successor", "from_date", "note"):
                    if row.get(k) not in (None, "", []):
                        self.problem(
                            "CAT-XLSX-VALUE", "cột này chỉ dùng cho dòng «Chuyển giao nhiệm vụ».", at[k], what
                        )
            if role == ROLE_LEAD:
                if "lead" in d:
                    self.problem("CAT-LEAD", "mỗi mục chỉ có một đơn vị chủ trì: bỏ dòng thừa, hoặc dùng «Chủ trì: "
                                 "từng đơn vị thuộc loại».", at["unit"], what)  # fmt: skip
                    continue
                d["lead"] = unit
                self.origins.put((table, i, "lead"), at["unit"], what)
            elif role == ROLE_EACH:
                has, kind = self.decode(kind_col, unit, at["unit"], what) if unit else (False, None)
                if not unit:
                    self.problem(
                        "CAT-XLSX-VALUE", "ghi loại đơn vị (ví dụ «UBND xã, phường»).", at["unit"], what
                    )
                if has:
                    lst = d.setdefault("each_unit_of_kinds", [])
                    self.origins.put((table, i, "each_unit_of_kinds", len(lst)), at["unit"], what)
                    lst.append(kind)
            elif role == ROLE_CO:
                lst = d.setdefault("co_agencies", [])
                self.origins.put((table, i, "co_agencies", len(lst)), at["unit"], what)
                lst.append(unit)
            else:
                lst = d.setdefault("successors", [])
                j = len(lst)
                s = {k: row[k] for k in ("unit", "successor", "from_date", "note") if row.get(k) is not None}
                for k in ("unit", "successor", "from_date", "note"):
                    self.origins.put((table, i, "successors", j, k), at[k], what)
                lst.append(s)


def _at(sheet: RawSheet, r: int, c: int) -> Any:
    row = sheet.rows[r] if r < len(sheet.rows) else []
    return row[c] if c < len(row) else None


def read_meta(raw: RawWorkbook) -> dict[str, str]:
    sheet = raw.sheet(META_SHEET)
    out: dict[str, str] = {}
    for row in sheet.rows if sheet else []:
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip():
            out[row[0].strip()] = "" if row[1] is None else str(row[1]).strip()
    return out


def parse_workbook(raw: RawWorkbook) -> ReadBack:
    """The catalog data of a workbook already read (see :func:`read_catalog_workbook`)."""
    rd = _Reader(raw)
    meta = read_meta(raw)
    if meta.get("kind") != WORKBOOK_KIND and not rd.sheets:
        rd.problem("CAT-XLSX-FILE", "tệp không phải bảng tính danh mục kế hoạch: xuất bảng tính bằng "
                   "«ptn plan export», sửa trong đó rồi nhập lại.")  # fmt: skip
        return ReadBack(None, rd.origins, rd.problems, meta)
    data, unit_files = rd.plan()
    plan = data.setdefault("plan", {})
    plan["legal_basis"] = rd.table("legal_basis", ("plan", "legal_basis"))
    file_col = Column((COL_FILE,), _words(COL_FILE), Kind.text, COL_FILE)
    units = rd.table("units", ("units",), [file_col])
    files = [u.pop(COL_FILE, "") for u in units]
    for i, f in enumerate(files):
        if f and f not in unit_files:
            rd.problem("CAT-XLSX-VALUE", f"tệp «{f}» không có trong «Tệp danh sách đơn vị kèm theo» (sheet Kế hoạch).",
                       rd.origins.find(("units", i, COL_FILE)))  # fmt: skip
    items = {t: rd.table(t, (t,)) for t in ITEM_TABLES}
    rd.assignments(items)
    sections = rd.table("sections", ("sections",))
    keys = {}
    for i, s in enumerate(sections):
        keys.setdefault(s.get("key"), i)
        s["fields"] = []
    parent_col = Column((COL_SECTION,), _words(COL_SECTION), Kind.text, COL_SECTION)
    fields = rd.table("fields", ("#fields",), [parent_col])
    for j, f in enumerate(fields):
        parent = f.pop(COL_SECTION, "")
        i = keys.get(parent)
        if i is None:
            rd.problem("CAT-XLSX-PARENT", f"không có phần mã «{parent}» ở sheet «{SHEETS['sections'][0]}»." if parent
                       else "dòng trường chưa có mã phần.", rd.origins.find(("#fields", j, COL_SECTION)))  # fmt: skip
            continue
        k = len(sections[i]["fields"])
        for path, where in list(rd.origins.items()):
            if path[:2] == ("#fields", str(j)):
                rd.origins.put(
                    ("sections", i, "fields", k, *path[2:]), where, rd.origins.captions.get(where, "")
                )
        sections[i]["fields"].append(f)
    data.update(
        units=units, sections=sections, rules=rd.table("rules", ("rules",)), unit_files=unit_files, **items
    )
    if meta.get("schema_version", "").isdigit():
        data["schema_version"] = int(meta["schema_version"])
    back = ReadBack(data, rd.origins, rd.problems, meta, files)
    _validate(back, rd)
    return back


def _words(key: str):
    from pipeline.catalog.workbook.labels import PARENT_SECTION_HEADER, UNIT_FILE_HEADER

    return {COL_FILE: UNIT_FILE_HEADER, COL_SECTION: PARENT_SECTION_HEADER}[key]


def _validate(back: ReadBack, rd: _Reader) -> None:
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
