"""Render the review's report (.docx) through ``templates/bao-cao-so-ket.docx``.

Rendering is the letters' (:func:`pipeline.letters.render.render_letter`: ``autoescape=True``,
section breaks moved off ``{%p %}`` tags, written atomically); after it, the year columns a review of
fewer years than the plan leaves empty are removed from the appendix tables, their width given to
the name column.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from pipeline.letters.render import render_letter
from pipeline.letters.render import resolve_template as _resolve
from pipeline.so_ket.frames import Review
from pipeline.so_ket.report.context import build_context
from pipeline.wording import Phrases
from pipeline.writers.atomic import write_with

__all__ = ["TEMPLATE", "drop_empty_year_columns", "render_review", "report_filename", "resolve_template"]

TEMPLATE = "bao-cao-so-ket.docx"


def resolve_template(given: Path | str | None = None) -> Path:
    """``given``, else ``templates/bao-cao-so-ket.docx`` in the working folder, else the shipped one."""
    return _resolve(TEMPLATE, given)


def report_filename(first: int, last: int, variant: str = "so-noi-vu") -> str:
    """``bao-cao-so-ket-2021-2025.docx`` (Sở Nội vụ) or ``bao-cao-so-ket-2021-2025-ubnd-tinh.docx``."""
    base = f"bao-cao-so-ket-{first}-{last}"
    return f"{base}.docx" if variant == "so-noi-vu" else f"{base}-{variant}.docx"


def _span(tc) -> int:
    pr = tc.find(qn("w:tcPr"))
    g = pr.find(qn("w:gridSpan")) if pr is not None else None
    return int(g.get(qn("w:val"))) if g is not None else 1


def _drop_column(tbl, col: int, grow: int = 1) -> None:
    grid = tbl.find(qn("w:tblGrid"))
    cols = grid.findall(qn("w:gridCol"))
    width = int(cols[col].get(qn("w:w")))
    grid.remove(cols[col])
    cols[grow].set(qn("w:w"), str(int(cols[grow].get(qn("w:w"))) + width))
    for tr in tbl.findall(qn("w:tr")):
        at = 0
        for tc in tr.findall(qn("w:tc")):
            span = _span(tc)
            if at <= col < at + span:
                if span > 1:  # a merged group row: one column narrower
                    tc.find(qn("w:tcPr")).find(qn("w:gridSpan")).set(qn("w:val"), str(span - 1))
                else:
                    tr.remove(tc)
                break
            at += span
        at = 0
        for tc in tr.findall(qn("w:tc")):  # the name column gets the width
            if at == grow and _span(tc) == 1:
                w = tc.find(qn("w:tcPr")).find(qn("w:tcW")) if tc.find(qn("w:tcPr")) is not None else None
                if w is not None:
                    w.set(qn("w:w"), str(int(w.get(qn("w:w"))) + width))
            at += _span(tc)


def drop_empty_year_columns(doc) -> int:
    """Remove, in every appendix table, the columns whose header is empty (year columns the review
    does not use). Returns how many were removed."""
    removed = 0
    for table in doc.tables[1:]:
        tbl = table._tbl
        rows = tbl.findall(qn("w:tr"))
        if not rows:
            continue
        header = rows[0].findall(qn("w:tc"))
        texts = ["".join(t.text or "" for t in tc.iter(qn("w:t"))).strip() for tc in header]
        for col in sorted((i for i, t in enumerate(texts) if t == "" and i > 1), reverse=True):
            if any(_span(tc) != 1 for tc in header):
                break
            _drop_column(tbl, col)
            removed += 1
    return removed


def render_review(
    review: Review,
    phrases: Phrases,
    out_path: Path | str,
    variant: str = "so-noi-vu",
    so: str | int | None = None,
    ngay: dt.date | None = None,
    template: Path | str | None = None,
) -> Path:
    """Write the review's report in ``variant`` to ``out_path`` and return it (a draft without
    ``so``/``ngay``)."""
    ctx = build_context(review, phrases, variant, so=so, ngay_bh=ngay)
    tpl = resolve_template(template)
    if not tpl.is_file():
        raise FileNotFoundError(f"Không tìm thấy mẫu báo cáo sơ kết {tpl.as_posix()}")
    out_path = Path(out_path)
    render_letter(ctx, tpl, out_path)
    if any(not h for h in ctx["nam_cot"]):
        doc = Document(str(out_path))
        drop_empty_year_columns(doc)
        buf = io.BytesIO()
        doc.save(buf)
        write_with(out_path, lambda tmp: Path(tmp).write_bytes(buf.getvalue()))
    return out_path
