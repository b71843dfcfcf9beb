"""ND 30 tables: borderless layout tables, bordered appendix tables of fixed widths whose header row
repeats on every page, filled by ``{%tr for %}`` rows (plain or grouped, with a Tổng cộng row)."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from pipeline.report.nd30.text import C, L, paragraph


def borderless(table) -> None:
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    _insert_tblpr(tblPr, borders)


def grid_borders(table) -> None:
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            el.set(qn(f"w:{k}"), v)
        borders.append(el)
    _insert_tblpr(tblPr, borders)


def _insert_tblpr(tblPr, el) -> None:
    for tag in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"):
        anchor = tblPr.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(el)
            return
    tblPr.append(el)


def fixed_widths(table, widths_mm: list[float], cell_margin_mm: float | None = None) -> None:
    table.autofit = False
    tblPr = table._tbl.tblPr
    layout = tblPr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        _insert_tblpr(tblPr, layout)
    layout.set(qn("w:type"), "fixed")
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is not None:
        tblW.set(qn("w:type"), "dxa")
        tblW.set(qn("w:w"), str(int(sum(widths_mm) * 56.6929)))
    if cell_margin_mm is not None:
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), str(int(cell_margin_mm * 56.6929)))
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        look = tblPr.find(qn("w:tblLook"))
        if look is not None:
            look.addprevious(mar)
        else:
            tblPr.append(mar)
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
        for cell in col.cells:
            cell.width = Mm(w)


def cell_text(cell, text: str, *, bold=False, italic=False, size=12, align=C) -> None:
    paragraph(cell, text, bold=bold, italic=italic, size=size, align=align, reuse=True)


def appendix_table(doc, headers: list[str], widths: list[float], rows: int, size: float = 12):
    """A bordered, centred table of fixed widths whose header row repeats on every page."""
    table = doc.add_table(rows=rows, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid_borders(table)
    fixed_widths(table, widths)
    for i, h in enumerate(headers):
        cell_text(table.rows[0].cells[i], h, bold=True, size=size)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return table


def loop_table(
    doc, headers: list[str], fields: list[str], widths: list[float], var: str, aligns=None, size: float = 12
):
    """A bordered appendix table: header row, then ``{%tr for r in var %}`` data rows."""
    table = appendix_table(doc, headers, widths, 4, size=size)
    aligns = aligns or [C] * len(headers)
    cell_text(table.rows[1].cells[0], f"{{%tr for r in {var} %}}", size=size, align=L)
    for i, f in enumerate(fields):
        cell_text(table.rows[2].cells[i], f"{{{{ r.{f} }}}}", size=size, align=aligns[i])
    cell_text(table.rows[3].cells[0], "{%tr endfor %}", size=size, align=L)
    return table


def grouped_table(
    doc,
    headers: list[str],
    fields: list[str],
    widths: list[float],
    var: str,
    aligns=None,
    sub_name: bool = False,
    total: bool = False,
    size: float = 12,
):
    """Like :func:`loop_table`, but a row whose ``nhom`` is set renders as one full-width bold group
    row (``{%tr if r.nhom %}`` … ``{%tr else %}`` … ``{%tr endif %}`` inside the loop). ``sub_name``:
    a row whose ``ten`` is set shows it under the unit name in the second column. ``total``: a row
    whose ``tong`` is set renders bold (the Tổng cộng row)."""
    n = 10 if total else 8
    table = appendix_table(doc, headers, widths, n)
    aligns = aligns or [C] * len(headers)
    cell_text(table.rows[1].cells[0], f"{{%tr for r in {var} %}}", size=size, align=L)
    cell_text(table.rows[2].cells[0], "{%tr if r.nhom %}", size=size, align=L)
    group = table.cell(3, 0).merge(table.cell(3, len(headers) - 1))
    cell_text(group, "{{ r.nhom }}", bold=True, size=size, align=L)
    group.paragraphs[0].paragraph_format.keep_with_next = True
    at = 4
    rows_kept = [table.rows[3]._tr]
    if total:
        cell_text(table.rows[4].cells[0], "{%tr elif r.tong %}", size=size, align=L)
        for i, f in enumerate(fields):
            cell_text(table.rows[5].cells[i], f"{{{{ r.{f} }}}}", bold=True, size=size, align=aligns[i])
        rows_kept.append(table.rows[5]._tr)
        at = 6
    cell_text(table.rows[at].cells[0], "{%tr else %}", size=size, align=L)
    row = table.rows[at + 1]
    for i, f in enumerate(fields):
        cell_text(row.cells[i], f"{{{{ r.{f} }}}}", size=size, align=aligns[i])
    if sub_name:
        unit = row.cells[1]
        paragraph(unit, "{%p if r.ten %}", size=size, align=L)
        paragraph(unit, "{{ r.ten }}", italic=True, size=size, align=L)
        paragraph(unit, "{%p endif %}", size=size, align=L)
    cell_text(table.rows[at + 2].cells[0], "{%tr endif %}", size=size, align=L)
    cell_text(table.rows[at + 3].cells[0], "{%tr endfor %}", size=size, align=L)
    for tr in [*rows_kept, row._tr]:  # a row never splits across pages
        tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table
