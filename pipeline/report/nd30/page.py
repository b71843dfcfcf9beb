"""ND 30 pages: A4 and its margins (portrait, or landscape for a phụ lục in its own section numbered
from 1), the PAGE field centred in the header from page 2, the DỮ LIỆU MẪU mark of a sample run."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor

from pipeline.report.nd30.text import BODY_PT, C, mark_size, text_run
from pipeline.writers.labels import SAMPLE_MARK

# Page geometry (mm): ND30-FORMAT §1 default.
TOP, BOTTOM, LEFT, RIGHT, HEADER = 20, 20, 30, 15, 10


def setup_page(section, landscape: bool) -> None:
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


def restart_numbering(section) -> None:
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
        r = text_run(paragraph, "", size=size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)

    fld("begin")
    r = text_run(paragraph, "", size=size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r._r.append(instr)
    fld("separate")
    text_run(paragraph, "2", size=size)
    fld("end")


def _sample_mark(header) -> None:
    """``DỮ LIỆU MẪU`` at the top of the page when the report is built from sample data
    (``{%p if du_lieu_mau %}``: nothing at all otherwise)."""
    first = header.paragraphs[0]
    for text, bold in (("{%p if du_lieu_mau %}", False), (SAMPLE_MARK, True), ("{%p endif %}", False)):
        p = first.insert_paragraph_before()
        p.paragraph_format.alignment = C
        mark_size(p, 12)
        r = text_run(p, text, bold=bold, size=12)
        if bold:
            r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def page_number_header(section) -> None:
    section.different_first_page_header_footer = True
    hdr = section.header
    hdr.is_linked_to_previous = False
    p = hdr.paragraphs[0]
    p.paragraph_format.alignment = C
    mark_size(p, BODY_PT)
    _page_field(p)
    _sample_mark(hdr)
    first = section.first_page_header
    first.is_linked_to_previous = False  # an empty first-page header: no number on page 1
    _sample_mark(first)
    for part in (section.footer, section.first_page_footer):
        part.is_linked_to_previous = False


def new_landscape(doc):
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_page(sec, landscape=True)
    restart_numbering(sec)
    return sec
