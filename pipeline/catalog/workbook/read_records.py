"""Read a record sheet (Kế hoạch, người ký; Công văn, tờ trình) back: rows by their hidden key in
column A, the columns of a block by the hidden row ``ptn:records:<block>`` above its captions."""

from __future__ import annotations

from typing import Any

from pipeline.catalog.workbook.book import HEADER_MARK, MARK, RECORDS_MARK, Where
from pipeline.catalog.workbook.codecs import is_blank
from pipeline.catalog.workbook.mapping import FIELDS, GRID, LIST, SINGLE, Block, RecordSheet, sheet_blocks
from pipeline.catalog.workbook.read import Reader, at, ensure, put
from pipeline.catalog.workbook.shapes import Column, expand, match_keys
from pipeline.intake.raw import RawSheet


def _keys(sheet: RawSheet) -> tuple[dict[str, int], dict[str, int]]:
    """(row key → row, block key → row of its column keys) from column A."""
    by_key: dict[str, int] = {}
    marks: dict[str, int] = {}
    for r, row in enumerate(sheet.rows):
        v = row[0] if row else None
        if not isinstance(v, str) or not v.strip() or v.startswith(MARK) or v.strip() == HEADER_MARK:
            continue
        v = v.strip()
        if v.startswith(RECORDS_MARK):
            marks.setdefault(v[len(RECORDS_MARK) :], r)
        else:
            by_key.setdefault(v, r)
    return by_key, marks


def _rows(rd: Reader, sheet: RawSheet, block: Block, by_key: dict[str, int]) -> list[tuple[Column, int]]:
    """The block's rows found on the sheet (a year-keyed dict: the years it has rows for)."""
    out: list[tuple[Column, int]] = []
    for rel in block.rows:
        if rel.template and any(lv is None for lv in rel.levels):
            for k, r in by_key.items():
                sub = block.rel_key(k)
                keys = match_keys(rel, sub) if sub is not None else None
                if keys is not None:
                    out.append((rel.with_keys(keys), r))
            continue
        for col in expand(rel, []):
            r = by_key.get(block.row_key(col))
            if r is None:
                rd.problem("CAT-XLSX-COLUMN", f"thiếu dòng «{col.header}» (dòng bị xóa, hoặc cột A ẩn bị sửa?).",
                           Where(sheet.name, 0, 0))  # fmt: skip
                continue
            out.append((col, r))
    return sorted(out, key=lambda x: x[1])


def _column_key(block: Block, text: str) -> Any:
    """A block column's key as the catalog has it (None: not a key of this block)."""
    if block.kind == LIST or (block.kind == GRID and block.columns is None):
        return int(text) if text.isdigit() else None
    if block.kind == FIELDS:
        return text if any(name == text for name, _w, _m, _o in block.columns) else None
    return text if text in block.columns else None


def _columns(
    rd: Reader, sheet: RawSheet, block: Block, marks: dict[str, int]
) -> list[tuple[Any, int]] | None:
    if not block.multi:
        return [(None, 2)]
    mr = marks.get(block.key)
    if mr is None:
        rd.problem("CAT-XLSX-COLUMN", f"thiếu phần «{block.words.title}» (dòng bị xóa, hoặc cột A ẩn bị sửa?).",
                   Where(sheet.name, 0, 0))  # fmt: skip
        return None
    rd.origins.put(block.path, Where(sheet.name, mr + 1, 1))
    out = []
    for c, v in enumerate(sheet.rows[mr]):
        if c < 2 or is_blank(v):
            continue
        k = _column_key(block, str(int(v) if isinstance(v, float) and v.is_integer() else v).strip())
        if k is None:
            rd.problem("CAT-XLSX-COLUMN", f"cột lạ «{v}» (hàng ẩn bị sửa?).", Where(sheet.name, mr, c))
            continue
        out.append((k, c))
    fixed = [name for name, *_ in block.columns] if block.kind == FIELDS else list(block.columns or [])
    for k in fixed:
        if k not in {x for x, _ in out}:
            rd.problem("CAT-XLSX-COLUMN", f"phần «{block.words.title}» thiếu cột «{block.caption(k)}».",
                       Where(sheet.name, mr, 0))  # fmt: skip
    return out


def _read_block(rd: Reader, sheet: RawSheet, block: Block, by_key, marks, used: set[str], data: dict) -> None:
    rows = _rows(rd, sheet, block, by_key)
    used |= {block.row_key(col) for col, _ in rows}
    columns = _columns(rd, sheet, block, marks)
    if columns is None:
        return
    items: list[dict] = []
    for k, c in columns:
        caption = block.caption(k)
        base = (
            (*block.path, len(items)) if block.kind == LIST else block.path if k is None else (*block.path, k)
        )
        cells = []
        for col, r in rows:
            raw, where = at(sheet, r, c), Where(sheet.name, r, c)
            if block.applies(k, col):
                cells.append((col, raw, where))
            elif not is_blank(raw):
                rd.problem("CAT-XLSX-VALUE", f"ô này không dùng cho «{caption}»: để trống.", where)
        blank = all(is_blank(raw) for _, raw, _ in cells)
        if block.kind == LIST and blank:
            continue
        record = rd.decode_record(cells, base, caption)
        if k is not None and cells:
            rd.origins.put(base, cells[0][2], caption)
        if block.kind == SINGLE:
            if block.optional and blank and block.path:
                put(data, block.path, None)
            else:
                ensure(data, block.path).update(record)
        elif block.kind == LIST:
            items.append(record)
        elif block.kind == FIELDS:
            optional = next(opt for name, _w, _m, opt in block.columns if name == k)
            put(data, base, None if optional and blank else record)
        elif not blank:
            put(data, base, record)
    if block.kind == LIST:
        put(data, block.path, items)
    elif block.kind == GRID:
        ensure(data, block.path)


def read_record_sheet(rd: Reader, sheet: RecordSheet, data: dict) -> None:
    """Read ``sheet`` into ``data`` (the catalog's data, at the blocks' paths)."""
    hit = rd.sheets.get(sheet.key)
    if hit is None:
        rd.missing_sheet(sheet.key)
        return
    raw = hit[0]
    by_key, marks = _keys(raw)
    used: set[str] = set()
    blocks = sheet_blocks(sheet)
    for block in blocks:
        _read_block(rd, raw, block, by_key, marks, used, data)
    for k, r in by_key.items():
        if k not in used:
            rd.problem("CAT-XLSX-COLUMN", f"dòng lạ «{k}» (cột A ẩn bị sửa?).", Where(raw.name, r, 0))
    for k, r in marks.items():
        if k not in {b.key for b in blocks if b.multi}:
            rd.problem("CAT-XLSX-COLUMN", f"phần lạ «{k}» (cột A ẩn bị sửa?).", Where(raw.name, r, 0))
