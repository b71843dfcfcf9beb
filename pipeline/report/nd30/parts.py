"""ND 30 document parts: the header table (issuer | Quốc hiệu, Số | place and date), the type name
with its trích yếu and Kính gửi, the body loop with the closing line, Nơi nhận beside the signature
block, the head of a phụ lục."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement

from pipeline.report.nd30.page import page_number_header, setup_page
from pipeline.report.nd30.tables import borderless, fixed_widths
from pipeline.report.nd30.text import (
    L,
    body_paragraph,
    paragraph,
    rule,
    setup_styles,
    tag_paragraph,
    text_run,
)

# the header table's columns (mm): issuer | Quốc hiệu
LEFT_COL, RIGHT_COL = 65, 100


def header_table(doc) -> None:
    t = doc.add_table(rows=2, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    borderless(t)
    fixed_widths(t, [LEFT_COL, RIGHT_COL], cell_margin_mm=0.5)
    left, right = t.rows[0].cells
    tag_paragraph(left, "{%p if co_quan_chu_quan %}", reuse=True)
    paragraph(left, "{{ co_quan_chu_quan }}", size=13)
    tag_paragraph(left, "{%p endif %}")
    tag_paragraph(left, "{%p for dong in co_quan_ban_hanh %}")
    paragraph(left, "{{ dong }}", bold=True, size=13)
    tag_paragraph(left, "{%p endfor %}")
    rule(left, 25, LEFT_COL)
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13, reuse=True)
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    rule(right, 60, RIGHT_COL)
    sl, dl = t.rows[1].cells
    paragraph(sl, "Số: {{ so }}/{{ ky_hieu }}", size=13, before=6, reuse=True)
    tag_paragraph(sl, "{%p if du_thao %}")
    paragraph(sl, "DỰ THẢO", bold=True, size=13, before=6)
    tag_paragraph(sl, "{%p endif %}")
    paragraph(dl, "{{ dia_danh_ngay }}", italic=True, size=14, before=6, reuse=True)


def _subject(doc) -> None:
    """The trích yếu: one paragraph, its lines (``trich_yeu_dong``) separated by line breaks."""
    p = paragraph(doc, "", size=14)
    text_run(p, "{%r for dong in trich_yeu_dong %}", bold=True)
    text_run(p, "{{ dong }}", bold=True)
    text_run(p, "{%r if not loop.last %}", bold=True)
    br = text_run(p, "", bold=True)
    br._r.append(OxmlElement("w:br"))
    text_run(p, "{%r endif %}", bold=True)
    text_run(p, "{%r endfor %}", bold=True)


def opening(doc) -> None:
    paragraph(doc, "")
    paragraph(doc, "BÁO CÁO", bold=True, size=14, before=6)
    _subject(doc)
    rule(doc, 45, 165)
    paragraph(doc, "")
    tag_paragraph(doc, "{%p for dong in kinh_gui %}")
    paragraph(doc, "{{ dong }}", size=14)
    tag_paragraph(doc, "{%p endfor %}")
    paragraph(doc, "")


def body_loop(doc) -> None:
    tag_paragraph(doc, "{%p for doan in than_bai %}")
    tag_paragraph(doc, "{%p if doan.cap == 1 %}")
    body_paragraph(doc, "{{ doan.noi_dung }}", bold=True)
    tag_paragraph(doc, "{%p elif doan.cap == 2 %}")
    body_paragraph(doc, "{{ doan.noi_dung }}", bold=True)
    tag_paragraph(doc, "{%p else %}")
    body_paragraph(doc, "{{ doan.noi_dung }}")
    tag_paragraph(doc, "{%p endif %}")
    tag_paragraph(doc, "{%p endfor %}")
    # the closing paragraph stays on the page of the signature
    body_paragraph(doc, "{{ ket_thuc }}").paragraph_format.keep_with_next = True


def signature(doc) -> None:
    paragraph(doc, "").paragraph_format.keep_with_next = True
    t = doc.add_table(rows=1, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    borderless(t)
    fixed_widths(t, [75, 90], cell_margin_mm=0.5)
    left, right = t.rows[0].cells
    paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12, align=L, reuse=True)
    tag_paragraph(left, "{%p for dong in noi_nhan %}")
    paragraph(left, "{{ dong }}", size=11, align=L)
    tag_paragraph(left, "{%p endfor %}")
    tag_paragraph(right, "{%p for dong in nguoi_ky_chuc_vu %}", reuse=True)
    paragraph(right, "{{ dong }}", bold=True, size=14)
    tag_paragraph(right, "{%p endfor %}")
    for _ in range(4):
        paragraph(right, "")
    paragraph(right, "{{ nguoi_ky_ho_ten }}", bold=True, size=14)
    trPr = t.rows[0]._tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:cantSplit"))
    for cell in (left, right):
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.keep_together = True


def appendix_head(doc, so: str, title: str) -> None:
    paragraph(doc, f"Phụ lục {so}", bold=True, size=14)
    paragraph(doc, title, bold=True, size=14)
    paragraph(doc, "(Kèm theo {{ kem_theo }})", italic=True, size=14)
    rule(doc, 40, 252)
    paragraph(doc, "")


def report_document():
    """A new report template up to its appendices: ND 30 styles, a portrait first page with the page
    number from page 2, the header table, the opening, the body loop and the signature block – what the
    yearly report and the five-year review share."""
    from docx import Document

    doc = Document()
    setup_styles(doc)
    sec0 = doc.sections[0]
    setup_page(sec0, landscape=False)
    page_number_header(sec0)
    header_table(doc)
    opening(doc)
    body_loop(doc)
    signature(doc)
    return doc
