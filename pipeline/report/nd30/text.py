"""ND 30 text: Times New Roman in every font slot and style, Vietnamese language, single-spaced
paragraphs of one run each (a docxtpl tag stays in one run), body paragraphs, ``{%p %}`` tag
paragraphs, and the short centred rules under the header lines."""

from __future__ import annotations

import unicodedata

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
LANG = "vi-VN"
BODY_PT = 14

C, J, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


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


def setup_styles(doc) -> None:
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


def text_run(p, text: str, *, bold=False, italic=False, size=BODY_PT):
    r = p.add_run(unicodedata.normalize("NFC", text))
    r.bold = bold or None
    r.italic = italic or None
    r.font.size = Pt(size)
    r.font.name = FONT
    _rfonts(r._element.get_or_add_rPr())
    return r


def paragraph(
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
    mark_size(p, size)
    if text:
        text_run(p, text, bold=bold, italic=italic, size=size)
    return p


def mark_size(p, size_pt: float) -> None:
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


def body_paragraph(container, text: str, *, bold=False, italic=False):
    """A body paragraph: justified, first line 1 cm, 6 pt before, single spacing, 14 pt."""
    return paragraph(container, text, bold=bold, italic=italic, align=J, indent_mm=10, before=6)


def tag_paragraph(container, tag: str, reuse=False):
    """A ``{%p … %}`` paragraph (docxtpl removes it whole)."""
    return paragraph(container, tag, align=L, reuse=reuse)


def rule(container, rule_mm: float, box_mm: float, reuse=False):
    """A centred solid line ``rule_mm`` long: an empty 1 pt paragraph with a bottom border."""
    p = paragraph(container, "", size=1, before=3, reuse=reuse)
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
