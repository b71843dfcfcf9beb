"""Record sheets (Kế hoạch, người ký; Công văn, tờ trình): one record as label | value rows, in
blocks (:class:`~pipeline.catalog.workbook.mapping.Block`).

Column A holds each row's hidden key (``plan.deadline.month``, ``plan.report_variants.signer.name``);
a block of several columns starts with a hidden row ``ptn:records:<block>`` holding each column's
key (a list index, a field name, a dict key) above its visible caption.
"""

from __future__ import annotations

from typing import Any

from pipeline.catalog.workbook.book import (
    FIRST_ROW,
    KEY_ROW,
    MARK,
    NOTE_ROW,
    RECORDS_MARK,
    TITLE_ROW,
    Where,
    XSheet,
)
from pipeline.catalog.workbook.layout import _MISSING, Layout, get, present_ints
from pipeline.catalog.workbook.mapping import (
    FIELDS,
    GRID,
    LIST,
    Block,
    RecordSheet,
    block_columns,
    sheet_blocks,
)
from pipeline.catalog.workbook.shapes import Column, expand
from pipeline.catalog.workbook.sheet_words import SHEETS

# rows a plan cannot be used without (ptn plan check: CAT-TO-FILL) or should have (the signer, the contact)
TO_FILL = {"plan.title", "plan.number", "plan.date", "plan.issuer", "plan.contact.name", "plan.contact.phone",
           "plan.contact.email", "plan.report_variants.signer.name"}  # fmt: skip
LABEL_WIDTH, VALUE_WIDTH, NARROW_WIDTH = 40, 46, 32


def block_rows(lay: Layout, block: Block, records: list[Any]) -> list[Column]:
    """The block's rows, each year-keyed dict expanded to the years its records hold (and the defaults)."""
    out: list[Column] = []
    for rel in block.rows:
        if rel.template and rel.levels[0] is None:
            ints = set().union(*(present_ints(get(rec, rel.path), rel.levels) for rec in records))
            out += expand(rel, lay.years(rel, ints))
        else:
            out += expand(rel, [])
    return out


def vanishes(block: Block, column: Any) -> bool:
    """Whether a column whose cells are all blank is read back as absent (or None)."""
    if block.kind in (LIST, GRID):
        return True
    if block.kind == FIELDS:
        return next(opt for name, _w, _m, opt in block.columns if name == column)
    return block.optional


def lay_block(lay: Layout, s: XSheet, block: Block, dump: dict, r: int) -> int:
    """Lay out ``block`` from row ``r``; returns the next free row."""
    value = get(dump, block.path)
    value = None if value is _MISSING else value
    grid_years = block.kind == GRID and block.columns is None
    years = lay.years(block.rows[0], present_ints(value, (None,))) if grid_years else []
    columns = block_columns(block, value, years)
    records = [get(value, (k,)) if k is not None else value for k, _ in columns]
    if block.multi:
        s.put(r, 0, f"{RECORDS_MARK}{block.key}", "key")
        for j, (k, _) in enumerate(columns):
            s.put(r, 2 + j, str(k), "key")
        s.hidden_rows.add(r)
        r += 1
    s.put(r, 1, block.words.title.upper(), "group")
    for j, (_, caption) in enumerate(columns):
        s.put(r, 2 + j, caption or None, "header" if block.multi else "group")
    lay.origins.put(block.path if block.multi else ("#block", *block.path), Where(s.name, r, 1))
    r += 1
    if block.words.note:
        s.put(r, 1, block.words.note, "note")
        r += 1
    rows: list[tuple[Column, int]] = []
    for rel in block_rows(lay, block, [rec for rec in records if rec is not _MISSING]):
        s.put(r, 0, block.row_key(rel), "key")
        s.put(r, 1, rel.header, "label")
        rows.append((rel, r))
        r += 1
    for j, ((k, caption), rec) in enumerate(zip(columns, records, strict=True)):
        c = 2 + j
        base = block.path if k is None else (*block.path, k)
        applies = [(rel, rr) for rel, rr in rows if block.applies(k, rel)]
        for rel, rr in rows:
            if not block.applies(k, rel):
                s.put(rr, c, None, "na")
        spare = block.kind == LIST and rec is _MISSING
        data = {} if rec is _MISSING else rec
        nonblank = lay.record(s, [(rel, rr, c) for rel, rr in applies], data, base, caption, spare)
        for rel, rr in applies:
            if block.row_key(rel) in TO_FILL:
                s.cells[(rr, c)].to_fill = True
        if rec not in (_MISSING, None) and not nonblank and vanishes(block, k):
            lay.empty.append(base)
        if k is not None and not spare and applies:
            lay.origins.put(base, Where(s.name, applies[0][1], c), caption)
        s.widths[c] = max(s.widths.get(c, 0), NARROW_WIDTH if len(columns) > 2 else VALUE_WIDTH)
    return r + 1


def record_sheet(lay: Layout, sheet: RecordSheet, dump: dict) -> XSheet:
    title, note = SHEETS[sheet.key]
    s = XSheet(title, sheet.key, freeze=(FIRST_ROW, 0))
    s.put(KEY_ROW, 0, f"{MARK}{sheet.key}", "key")
    s.put(TITLE_ROW, 1, title.upper(), "title")
    s.put(NOTE_ROW, 1, note, "note")
    s.widths = {0: 2, 1: LABEL_WIDTH}
    lay.origins.put(("#sheet", sheet.key), Where(s.name, TITLE_ROW, 1))
    r = FIRST_ROW
    for block in sheet_blocks(sheet):
        r = lay_block(lay, s, block, dump, r)
    return s
