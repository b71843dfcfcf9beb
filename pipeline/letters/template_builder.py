"""Build ``templates/cong-van.docx`` and ``templates/to-trinh.docx``: the letters' docxtpl templates.

Both are made of the report's ND 30 building blocks (:mod:`pipeline.report.nd30`):
A4 page and margins, Times New Roman in every font slot, PAGE field from page 2, the borderless
header table (issuer | Quốc hiệu, Số | date), numbered body paragraphs with the closing ``./.``,
Nơi nhận beside the signature block. What differs from a báo cáo (ND30-FORMAT.md §2, Phụ lục I of
the decree):

* **công văn**: no type name; the trích yếu ``V/v …`` sits under the Số, centred, 12 pt, upright;
  an optional appendix (the mailing list of the đề nghị báo cáo) in its own section numbered from 1;
* **tờ trình**: the type name ``TỜ TRÌNH`` and the trích yếu (``Về việc …``) under it, like a báo cáo;
* both: ``Kính gửi: X.`` on one centred line for one addressee; for several, ``Kính gửi:`` then one
  ``- …;`` line each, the dashes aligned under the colon (the last line ends with ``.``).

Run ``python scripts/build_letter_templates.py`` after changing this module.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.shared import Mm, RGBColor

from pipeline.report import nd30
from pipeline.writers.labels import SAMPLE_MARK

__all__ = ["KINH_GUI_INDENT_MM", "KINH_GUI_LABEL_MM", "build_cong_van", "build_to_trinh"]

#: left indent of "Kính gửi:" when the letter goes to several addressees
KINH_GUI_INDENT_MM = 30.0
#: width of "Kính gửi:" at 14 pt in Times New Roman (font metrics): the addressee lines start there,
#: their dashes under the colon (ND 30, Phụ lục I, ô 9a)
KINH_GUI_LABEL_MM = 19.0
C, L = nd30.C, nd30.L


def _document():
    doc = Document()
    nd30.setup_styles(doc)
    sec = doc.sections[0]
    nd30.setup_page(sec, landscape=False)
    nd30.page_number_header(sec)
    return doc


def _sample_mark(doc) -> None:
    """``DỮ LIỆU MẪU – không dùng để báo cáo`` in red under the header, for letters of a sample run."""
    nd30.tag_paragraph(doc, "{%p if du_lieu_mau %}")
    p = nd30.paragraph(doc, SAMPLE_MARK, bold=True, size=13, before=6)
    p.runs[0].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    nd30.tag_paragraph(doc, "{%p endif %}")


def _kinh_gui(doc) -> None:
    """One addressee: ``Kính gửi: X.`` centred; several: a ``Kính gửi:`` line and one line each."""
    nd30.paragraph(doc, "")
    nd30.tag_paragraph(doc, "{%p if kinh_gui_mot %}")
    nd30.paragraph(doc, "Kính gửi: {{ kinh_gui_mot }}", size=14)
    nd30.tag_paragraph(doc, "{%p else %}")
    p = nd30.paragraph(doc, "Kính gửi:", size=14, align=L)
    p.paragraph_format.left_indent = Mm(KINH_GUI_INDENT_MM)
    p.paragraph_format.keep_with_next = True
    nd30.tag_paragraph(doc, "{%p for dong in kinh_gui %}")
    p = nd30.paragraph(doc, "{{ dong }}", size=14, align=L)
    p.paragraph_format.left_indent = Mm(KINH_GUI_INDENT_MM + KINH_GUI_LABEL_MM)
    nd30.tag_paragraph(doc, "{%p endfor %}")
    nd30.tag_paragraph(doc, "{%p endif %}")
    nd30.paragraph(doc, "")


def _subject_under_number(doc) -> None:
    """The công văn's ``V/v …`` right under ``Số: …/…`` (centred, 12 pt, upright, 6 pt before)."""
    cell = doc.tables[0].cell(1, 0)
    so = cell.paragraphs[0]
    assert so.text.startswith("Số:"), so.text
    vv = nd30.paragraph(cell, "V/v {{ trich_yeu }}", size=12, before=6)
    so._p.addnext(vv._p)


def _appendix(doc) -> None:
    """The mailing list, in its own portrait section numbered from 1 (only when ``phu_luc``)."""
    nd30.tag_paragraph(doc, "{%p if phu_luc %}")
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    nd30.setup_page(sec, landscape=False)
    nd30.restart_numbering(sec)
    # its own page-number header: without the appendix, the letter keeps only this (last) section
    nd30.page_number_header(sec)
    nd30.paragraph(doc, "Phụ lục", bold=True, size=14)
    nd30.paragraph(doc, "{{ phu_luc_tieu_de }}", bold=True, size=14)
    nd30.paragraph(doc, "(Kèm theo {{ kem_theo }})", italic=True, size=14)
    nd30.rule(doc, 40, 165)
    nd30.paragraph(doc, "")
    nd30.loop_table(
        doc,
        ["STT", "Cơ quan, đơn vị, địa phương", "Biểu mẫu gửi kèm (tên tệp)", "Thư điện tử"],
        ["stt", "don_vi", "bieu_mau", "thu_dien_tu"],
        [12, 53, 56, 44],
        "pl_danh_sach",
        aligns=[C, L, L, L],
    )
    nd30.tag_paragraph(doc, "{%p endif %}")


def _save(doc, out: Path, title: str) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.title = title
    doc.core_properties.author = "ptn"
    doc.core_properties.language = nd30.LANG
    doc.save(out)
    return out


def build_cong_van(out: Path | str = Path("templates/cong-van.docx")) -> Path:
    """The công văn template (đề nghị báo cáo, đề nghị phối hợp, đôn đốc, đề nghị bổ sung)."""
    doc = _document()
    nd30.header_table(doc)
    _subject_under_number(doc)
    _sample_mark(doc)
    _kinh_gui(doc)
    nd30.body_loop(doc)
    nd30.signature(doc)
    _appendix(doc)
    return _save(doc, Path(out), "Công văn – Chương trình phát triển thanh niên")


def build_to_trinh(out: Path | str = Path("templates/to-trinh.docx")) -> Path:
    """The tờ trình template (Sở Nội vụ → UBND tỉnh)."""
    doc = _document()
    nd30.header_table(doc)
    _sample_mark(doc)
    nd30.paragraph(doc, "")
    nd30.paragraph(doc, "TỜ TRÌNH", bold=True, size=14, before=6)
    nd30.paragraph(doc, "{{ trich_yeu }}", bold=True, size=14)
    nd30.rule(doc, 45, 165)
    _kinh_gui(doc)
    nd30.body_loop(doc)
    nd30.signature(doc)
    return _save(doc, Path(out), "Tờ trình – Chương trình phát triển thanh niên")
