"""Build ``templates/report.docx``: the docxtpl template of the yearly report (ND 30/2020/NĐ-CP).

The template is an ordinary Word file an official can edit: every ``{{ }}``/``{% %}`` tag sits in
one run, body paragraphs come from ``{%p for %}`` loops over lists the context builds
(:mod:`pipeline.report.context`), appendix tables from ``{%tr for %}`` rows. Layout follows
``ND30-FORMAT.md``: A4, margins 20/20/30/15 mm, header 10 mm, Times New Roman in every font slot,
the borderless two-row header table (65 | 100 mm), PAGE field centred in the header from page 2,
each phụ lục in its own landscape section numbered from 1.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FONT = "Times New Roman"
LANG = "vi-VN"
BODY_PT = 14

# Page geometry (mm): ND30-FORMAT §1 default.
TOP, BOTTOM, LEFT, RIGHT, HEADER = 20, 20, 30, 15, 10
LEFT_COL, RIGHT_COL = 65, 100

C, J, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

__all__ = ["build_template"]


# --------------------------------------------------------------------------- fonts & styles


def _rfonts(rpr) -> None:
    """Times New Roman in every slot of ``rpr``'s ``w:rFonts``; drop theme attributes."""
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = OxmlElement("w:rFonts")
        rpr.insert(0, rf)
    for attr in list(rf.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rf.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rf.set(qn(f"w:{slot}"), FONT)


def _lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in list(lang.attrib):
        del lang.attrib[attr]
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)
    lang.set(qn("w:bidi"), "ar-SA")


def _setup_styles(doc) -> None:
    styles = doc.styles.element
    # docDefaults
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    _rfonts(rpr)
    _lang(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(BODY_PT * 2))
    # every style that names fonts: no theme fonts anywhere
    for rf in styles.iter(qn("w:rFonts")):
        _rfonts(rf.getparent())
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _rfonts(normal.element.get_or_add_rPr())
    _lang(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    # theme colour/size on built-in headings would leak if an official applies them: make them plain
    for st in doc.styles:
        if st.type == 1 and st.name.startswith(("Heading", "Title")):
            st.font.color.rgb = None
            st.font.name = FONT
            _rfonts(st.element.get_or_add_rPr())


def _run(p, text: str, *, bold=False, italic=False, size=BODY_PT):
    r = p.add_run(unicodedata.normalize("NFC", text))
    r.bold = bold or None
    r.italic = italic or None
    r.font.size = Pt(size)
    r.font.name = FONT
    _rfonts(r._element.get_or_add_rPr())
    return r


def _para(
    container,
    text: str = "",
    *,
    bold=False,
    italic=False,
    size=BODY_PT,
    align=C,
    indent_mm: float | None = None,
    before=0,
    after=0,
    reuse=False,
):
    """One paragraph with one run (tags in one run), single spacing."""
    if (
        reuse
        and container.paragraphs
        and not container.paragraphs[0].text
        and not container.paragraphs[0].runs
    ):
        p = container.paragraphs[0]
    else:
        p = container.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = 1.0
    if indent_mm is not None:
        pf.first_line_indent = Mm(indent_mm)
    # paragraph mark size (keeps empty and tag lines at the text size)
    _mark_size(p, size)
    if text:
        _run(p, text, bold=bold, italic=italic, size=size)
    return p


def _mark_size(p, size_pt: float) -> None:
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(int(size_pt * 2)))


def _body(container, text: str, *, bold=False, italic=False):
    """A body paragraph: justified, first line 1 cm, 6 pt before, single spacing, 14 pt."""
    return _para(container, text, bold=bold, italic=italic, align=J, indent_mm=10, before=6)


def _tag(container, tag: str, reuse=False):
    """A ``{%p … %}`` paragraph (docxtpl removes it whole)."""
    return _para(container, tag, align=L, reuse=reuse)


def _rule(container, rule_mm: float, box_mm: float, reuse=False):
    """A centred solid line ``rule_mm`` long: an empty 1 pt paragraph with a bottom border."""
    p = _para(container, "", size=1, before=3, reuse=reuse)
    side = max((box_mm - rule_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{k}"), v)
    bdr.append(bottom)
    # schema order: pStyle, keepNext…, pBdr, shd, tabs, …, spacing, ind, jc, rPr
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(bdr)
    else:
        ppr.append(bdr)
    return p


# --------------------------------------------------------------------------- tables


def _borderless(table) -> None:
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    _insert_tblpr(tblPr, borders)


def _grid_borders(table) -> None:
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


def _fixed(table, widths_mm: list[float], cell_margin_mm: float | None = None) -> None:
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


def _cell_text(cell, text: str, *, bold=False, italic=False, size=12, align=C) -> None:
    _para(cell, text, bold=bold, italic=italic, size=size, align=align, reuse=True)


def _appendix_table(doc, headers: list[str], widths: list[float], rows: int, size: float = 12):
    """A bordered, centred table of fixed widths whose header row repeats on every page."""
    table = doc.add_table(rows=rows, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _grid_borders(table)
    _fixed(table, widths)
    for i, h in enumerate(headers):
        _cell_text(table.rows[0].cells[i], h, bold=True, size=size)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return table


def _loop_table(
    doc, headers: list[str], fields: list[str], widths: list[float], var: str, aligns=None, size: float = 12
):
    """A bordered appendix table: header row, then ``{%tr for r in var %}`` data rows."""
    table = _appendix_table(doc, headers, widths, 4, size=size)
    aligns = aligns or [C] * len(headers)
    _cell_text(table.rows[1].cells[0], f"{{%tr for r in {var} %}}", size=size, align=L)
    for i, f in enumerate(fields):
        _cell_text(table.rows[2].cells[i], f"{{{{ r.{f} }}}}", size=size, align=aligns[i])
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}", size=size, align=L)
    return table


def _grouped_table(
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
    """Like :func:`_loop_table`, but a row whose ``nhom`` is set renders as one full-width bold group
    row (``{%tr if r.nhom %}`` … ``{%tr else %}`` … ``{%tr endif %}`` inside the loop). ``sub_name``:
    a row whose ``ten`` is set shows it under the unit name in the second column. ``total``: a row
    whose ``tong`` is set renders bold (the Tổng cộng row)."""
    n = 10 if total else 8
    table = _appendix_table(doc, headers, widths, n)
    aligns = aligns or [C] * len(headers)
    _cell_text(table.rows[1].cells[0], f"{{%tr for r in {var} %}}", size=size, align=L)
    _cell_text(table.rows[2].cells[0], "{%tr if r.nhom %}", size=size, align=L)
    group = table.cell(3, 0).merge(table.cell(3, len(headers) - 1))
    _cell_text(group, "{{ r.nhom }}", bold=True, size=size, align=L)
    group.paragraphs[0].paragraph_format.keep_with_next = True
    at = 4
    rows_kept = [table.rows[3]._tr]
    if total:
        _cell_text(table.rows[4].cells[0], "{%tr elif r.tong %}", size=size, align=L)
        for i, f in enumerate(fields):
            _cell_text(table.rows[5].cells[i], f"{{{{ r.{f} }}}}", bold=True, size=size, align=aligns[i])
        rows_kept.append(table.rows[5]._tr)
        at = 6
    _cell_text(table.rows[at].cells[0], "{%tr else %}", size=size, align=L)
    row = table.rows[at + 1]
    for i, f in enumerate(fields):
        _cell_text(row.cells[i], f"{{{{ r.{f} }}}}", size=size, align=aligns[i])
    if sub_name:
        unit = row.cells[1]
        _para(unit, "{%p if r.ten %}", size=size, align=L)
        _para(unit, "{{ r.ten }}", italic=True, size=size, align=L)
        _para(unit, "{%p endif %}", size=size, align=L)
    _cell_text(table.rows[at + 2].cells[0], "{%tr endif %}", size=size, align=L)
    _cell_text(table.rows[at + 3].cells[0], "{%tr endfor %}", size=size, align=L)
    for tr in [*rows_kept, row._tr]:  # a row never splits across pages
        tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table


# --------------------------------------------------------------------------- sections


def _page(section, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(TOP)
    section.bottom_margin = Mm(BOTTOM)
    section.left_margin = Mm(LEFT)
    section.right_margin = Mm(RIGHT)
    section.header_distance = Mm(HEADER)
    section.footer_distance = Mm(HEADER)
    section.gutter = Mm(0)


def _restart_numbering(section) -> None:
    sectPr = section._sectPr
    old = sectPr.find(qn("w:pgNumType"))
    if old is not None:
        sectPr.remove(old)
    el = OxmlElement("w:pgNumType")
    el.set(qn("w:start"), "1")
    sectPr.insert_element_before(
        el,
        "w:cols",
        "w:formProt",
        "w:vAlign",
        "w:noEndnote",
        "w:titlePg",
        "w:textDirection",
        "w:bidi",
        "w:rtlGutter",
        "w:docGrid",
        "w:printerSettings",
    )


def _page_field(paragraph, size=BODY_PT) -> None:
    """``PAGE`` field: fldChar begin → instrText → separate → result → end."""

    def fld(kind):
        r = _run(paragraph, "", size=size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)

    fld("begin")
    r = _run(paragraph, "", size=size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r._r.append(instr)
    fld("separate")
    _run(paragraph, "2", size=size)
    fld("end")


SAMPLE_MARK = "DỮ LIỆU MẪU – không dùng để báo cáo"


def _sample_mark(header) -> None:
    """``DỮ LIỆU MẪU`` at the top of the page when the report is built from sample data
    (``{%p if du_lieu_mau %}``: nothing at all otherwise)."""
    first = header.paragraphs[0]
    for text, bold in (("{%p if du_lieu_mau %}", False), (SAMPLE_MARK, True), ("{%p endif %}", False)):
        p = first.insert_paragraph_before()
        p.paragraph_format.alignment = C
        _mark_size(p, 12)
        r = _run(p, text, bold=bold, size=12)
        if bold:
            r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def _headers(section) -> None:
    section.different_first_page_header_footer = True
    hdr = section.header
    hdr.is_linked_to_previous = False
    p = hdr.paragraphs[0]
    p.paragraph_format.alignment = C
    _mark_size(p, BODY_PT)
    _page_field(p)
    _sample_mark(hdr)
    first = section.first_page_header
    first.is_linked_to_previous = False  # an empty first-page header: no number on page 1
    _sample_mark(first)
    for part in (section.footer, section.first_page_footer):
        part.is_linked_to_previous = False


# --------------------------------------------------------------------------- document parts


def _header_table(doc) -> None:
    t = doc.add_table(rows=2, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(t)
    _fixed(t, [LEFT_COL, RIGHT_COL], cell_margin_mm=0.5)
    left, right = t.rows[0].cells
    _tag(left, "{%p if co_quan_chu_quan %}", reuse=True)
    _para(left, "{{ co_quan_chu_quan }}", size=13)
    _tag(left, "{%p endif %}")
    _tag(left, "{%p for dong in co_quan_ban_hanh %}")
    _para(left, "{{ dong }}", bold=True, size=13)
    _tag(left, "{%p endfor %}")
    _rule(left, 25, LEFT_COL)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13, reuse=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    _rule(right, 60, RIGHT_COL)
    sl, dl = t.rows[1].cells
    _para(sl, "Số: {{ so }}/{{ ky_hieu }}", size=13, before=6, reuse=True)
    _tag(sl, "{%p if du_thao %}")
    _para(sl, "DỰ THẢO", bold=True, size=13, before=6)
    _tag(sl, "{%p endif %}")
    _para(dl, "{{ dia_danh_ngay }}", italic=True, size=14, before=6, reuse=True)


def _subject(doc) -> None:
    """The trích yếu: one paragraph, its lines (``trich_yeu_dong``) separated by line breaks."""
    p = _para(doc, "", size=14)
    _run(p, "{%r for dong in trich_yeu_dong %}", bold=True)
    _run(p, "{{ dong }}", bold=True)
    _run(p, "{%r if not loop.last %}", bold=True)
    br = _run(p, "", bold=True)
    br._r.append(OxmlElement("w:br"))
    _run(p, "{%r endif %}", bold=True)
    _run(p, "{%r endfor %}", bold=True)


def _opening(doc) -> None:
    _para(doc, "")
    _para(doc, "BÁO CÁO", bold=True, size=14, before=6)
    _subject(doc)
    _rule(doc, 45, 165)
    _para(doc, "")
    _tag(doc, "{%p for dong in kinh_gui %}")
    _para(doc, "{{ dong }}", size=14)
    _tag(doc, "{%p endfor %}")
    _para(doc, "")


def _body_loop(doc) -> None:
    _tag(doc, "{%p for doan in than_bai %}")
    _tag(doc, "{%p if doan.cap == 1 %}")
    _body(doc, "{{ doan.noi_dung }}", bold=True)
    _tag(doc, "{%p elif doan.cap == 2 %}")
    _body(doc, "{{ doan.noi_dung }}", bold=True)
    _tag(doc, "{%p else %}")
    _body(doc, "{{ doan.noi_dung }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    # the closing paragraph stays on the page of the signature
    _body(doc, "{{ ket_thuc }}").paragraph_format.keep_with_next = True


def _signature(doc) -> None:
    _para(doc, "").paragraph_format.keep_with_next = True
    t = doc.add_table(rows=1, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(t)
    _fixed(t, [75, 90], cell_margin_mm=0.5)
    left, right = t.rows[0].cells
    _para(left, "Nơi nhận:", bold=True, italic=True, size=12, align=L, reuse=True)
    _tag(left, "{%p for dong in noi_nhan %}")
    _para(left, "{{ dong }}", size=11, align=L)
    _tag(left, "{%p endfor %}")
    _tag(right, "{%p for dong in nguoi_ky_chuc_vu %}", reuse=True)
    _para(right, "{{ dong }}", bold=True, size=14)
    _tag(right, "{%p endfor %}")
    for _ in range(4):
        _para(right, "")
    _para(right, "{{ nguoi_ky_ho_ten }}", bold=True, size=14)
    trPr = t.rows[0]._tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:cantSplit"))
    for cell in (left, right):
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.keep_together = True


def _appendix_head(doc, so: str, title: str) -> None:
    _para(doc, f"Phụ lục {so}", bold=True, size=14)
    _para(doc, title, bold=True, size=14)
    _para(doc, "(Kèm theo {{ kem_theo }})", italic=True, size=14)
    _rule(doc, 40, 252)
    _para(doc, "")


def _new_landscape(doc):
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(sec, landscape=True)
    _restart_numbering(sec)
    return sec


def build_template(out: Path | str = Path("templates/report.docx")) -> Path:
    """Write the report template to ``out`` and return its path."""
    out = Path(out)
    doc = Document()
    _setup_styles(doc)
    sec0 = doc.sections[0]
    _page(sec0, landscape=False)
    _headers(sec0)

    _header_table(doc)
    _opening(doc)
    _body_loop(doc)
    _signature(doc)

    # Phụ lục I – mục tiêu, chỉ tiêu
    _new_landscape(doc)
    _appendix_head(doc, "I", "KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU NĂM {{ nam }}")
    _loop_table(
        doc,
        [
            "STT",
            "Mục tiêu, chỉ tiêu",
            "Đơn vị tính",
            "Kế hoạch năm {{ nam }}",
            "{{ nhan_nam_truoc }}",
            "Thực hiện đến thời điểm báo cáo",
            "Ước thực hiện cả năm {{ nam }}",
            "So với năm {{ nam_truoc }}",
            "Đánh giá",
            "Nguồn số liệu",
        ],
        ["stt", "ten", "dvt", "ke_hoach", "nam_truoc", "thuc_hien", "uoc", "so_sanh", "danh_gia", "nguon"],
        [12, 58, 14, 26, 24, 22, 22, 20, 28, 26],
        "pl_muc_tieu",
        aligns=[C, L, C, C, C, C, C, C, C, L],
        size=11,
    )
    _para(doc, "")

    # Phụ lục II – văn bản đã ban hành
    _new_landscape(doc)
    _appendix_head(doc, "II", "TÌNH HÌNH BAN HÀNH VĂN BẢN TRIỂN KHAI THỰC HIỆN NĂM {{ nam }}")
    _grouped_table(
        doc,
        ["STT", "Cơ quan, đơn vị", "Tình hình ban hành", "Số, ký hiệu", "Ngày ban hành", "Ghi chú"],
        ["stt", "don_vi", "tinh_hinh", "so_ky_hieu", "ngay", "ghi_chu"],
        [12, 85, 30, 35, 27, 63],
        "pl_van_ban",
        aligns=[C, L, C, C, C, L],
        sub_name=True,
    )
    _para(doc, "")

    # Phụ lục III – chương trình, đề án, dự án (grouped by programme, a Tổng cộng row)
    _new_landscape(doc)
    _appendix_head(doc, "III", "TÌNH HÌNH THỰC HIỆN CÁC CHƯƠNG TRÌNH, ĐỀ ÁN, DỰ ÁN NĂM {{ nam }}")
    _grouped_table(
        doc,
        [
            "STT",
            "Cơ quan, đơn vị",
            "Vai trò",
            "Tình hình triển khai",
            "Tiến độ, kết quả chủ yếu",
            "Kinh phí kế hoạch trong kỳ báo cáo (triệu đồng)",
            "Kinh phí đã thực hiện trong kỳ báo cáo (triệu đồng)",
        ],
        ["stt", "don_vi", "vai_tro", "tinh_hinh", "ket_qua", "kp_ke_hoach", "kp_da_chi"],
        [12, 58, 26, 28, 78, 25, 25],
        "pl_chuong_trinh",
        aligns=[C, L, C, C, L, C, C],
        total=True,
    )
    _para(doc, "")

    # Phụ lục IV (ý kiến, kiểm tra) and V (gửi báo cáo): the Sở Nội vụ variant only
    _tag(doc, "{%p if co_phu_luc_y_kien %}")
    _new_landscape(doc)
    _appendix_head(doc, "IV", "Ý KIẾN CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG VÀ CÁC CUỘC KIỂM TRA NĂM {{ nam }}")
    _grouped_table(
        doc,
        ["STT", "Nội dung", "Số lượng", "Cơ quan, đơn vị, địa phương"],
        ["stt", "noi_dung", "so", "don_vi"],
        [12, 110, 20, 110],
        "pl_y_kien",
        aligns=[C, L, C, L],
    )
    _tag(doc, "{%p endif %}")
    _para(doc, "")
    _tag(doc, "{%p if co_phu_luc_gui_bao_cao %}")
    _new_landscape(doc)
    _appendix_head(doc, "V", "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG NĂM {{ nam }}")
    _loop_table(
        doc,
        ["STT", "Cơ quan, đơn vị, địa phương", "Ngày nhận báo cáo", "Tình hình gửi báo cáo", "Ghi chú"],
        ["stt", "don_vi", "ngay_nhan", "tinh_hinh", "ghi_chu"],
        [12, 100, 35, 45, 60],
        "pl_gui_bao_cao",
        aligns=[C, L, C, C, L],
    )
    _tag(doc, "{%p endif %}")
    _para(doc, "")

    out.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.title = "Báo cáo kết quả thực hiện Chương trình phát triển thanh niên"
    doc.core_properties.author = "ptn"
    doc.core_properties.language = LANG
    doc.save(out)
    return out


# --------------------------------------------------------------------------- shared with the letters
# The ND 30 building blocks the letters' templates reuse (pipeline/letters/template_builder.py):
# styles and page, the header table (issuer | Quốc hiệu, Số | date), numbered body paragraphs with
# the closing line, Nơi nhận + signature, rules, appendix tables. Keep these names working.
setup_styles = _setup_styles
setup_page = _page
page_number_header = _headers
header_table = _header_table
body_loop = _body_loop
signature = _signature
paragraph = _para
tag_paragraph = _tag
rule = _rule
loop_table = _loop_table
restart_numbering = _restart_numbering
# the five-year review's template (pipeline/so_ket/report/template_builder.py) uses these too
opening = _opening
appendix_head = _appendix_head
new_landscape = _new_landscape
grouped_table = _grouped_table
cell_text = _cell_text
