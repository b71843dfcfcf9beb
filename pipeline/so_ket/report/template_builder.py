"""Build ``templates/bao-cao-so-ket.docx``: the docxtpl template of the five-year review.

Made of the yearly report's ND 30 blocks (:mod:`pipeline.report.nd30`: styles and page,
the header table, BÁO CÁO + trích yếu + Kính gửi, numbered body, Nơi nhận and signature, appendix
heads and tables), so both documents look alike and an official edits this one in Word the same way.
Each phụ lục is its own landscape section numbered from 1. The appendix tables carry one column per
year of the plan's period (``{{ nam_cot[i] }}``, ``{{ r.y[i] }}``); a review of fewer years leaves
some empty, and the renderer removes them (:func:`pipeline.so_ket.report.render.drop_empty_year_columns`).
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from pipeline.report import nd30

C, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
TEXT_WIDTH = 252  # mm: landscape A4 less the 30 + 15 mm margins

__all__ = ["TEXT_WIDTH", "build_template"]


def _widths(fixed_before: list[float], n_years: int, year: float, fixed_after: list[float], grow: int = 1):
    """Column widths that fill the text width: column ``grow`` takes what the others leave."""
    widths = [*fixed_before, *([year] * n_years), *fixed_after]
    widths[grow] += TEXT_WIDTH - sum(widths)
    return widths


def _years(n: int, row: str = "r") -> tuple[list[str], list[str]]:
    return [f"{{{{ nam_cot[{i}] }}}}" for i in range(n)], [f"y[{i}]" for i in range(n)]


def _sub_heading(doc, text: str) -> None:
    nd30.paragraph(doc, text, bold=True, size=13, align=L, before=6, after=3)


def build_template(out: Path | str = Path("templates/bao-cao-so-ket.docx"), n_years: int = 5) -> Path:
    """Write the review's template to ``out`` (``n_years`` year columns in the appendices)."""
    out = Path(out)
    doc = nd30.report_document()
    heads, cells = _years(n_years)

    # Phụ lục I – mục tiêu, chỉ tiêu qua các năm
    nd30.new_landscape(doc)
    nd30.appendix_head(doc, "I", "KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU GIAI ĐOẠN {{ giai_doan }}")
    widths = _widths([12, 40, 13], n_years, 15, [18, 20, 17, 20, 26])
    nd30.loop_table(
        doc,
        [
            "STT",
            "Mục tiêu, chỉ tiêu",
            "Đơn vị tính",
            *heads,
            "Chỉ tiêu năm {{ nam }}",
            "Đánh giá năm {{ nam }}",
            "Mục tiêu đến năm {{ nam_muc_tieu }}",
            "So với mục tiêu năm {{ nam_muc_tieu }}",
            "Nguồn số liệu",
        ],
        ["stt", "ten", "dvt", *cells, "ke_hoach", "danh_gia", "muc_tieu", "so_voi", "nguon"],
        widths,
        "pl_muc_tieu",
        aligns=[C, L, C, *([C] * n_years), C, C, C, C, L],
        size=10,
    )
    nd30.paragraph(doc, "")

    # Phụ lục II – văn bản theo năm, lũy kế
    nd30.new_landscape(doc)
    nd30.appendix_head(doc, "II", "VĂN BẢN TRIỂN KHAI THỰC HIỆN CHƯƠNG TRÌNH GIAI ĐOẠN {{ giai_doan }}")
    nd30.paragraph(doc, "(Số văn bản ban hành trong kỳ báo cáo của từng năm)", italic=True, size=12)
    widths = _widths([12, 100], n_years, 18, [32])
    nd30.grouped_table(
        doc,
        ["STT", "Văn bản", *heads, "Lũy kế giai đoạn"],
        ["stt", "ten", *cells, "luy_ke"],
        widths,
        "pl_van_ban",
        aligns=[C, L, *([C] * n_years), C],
        total=True,
        size=11,
    )
    nd30.paragraph(doc, "")

    # Phụ lục III – chương trình, đề án, dự án
    nd30.new_landscape(doc)
    nd30.appendix_head(
        doc, "III", "TÌNH HÌNH THỰC HIỆN CÁC CHƯƠNG TRÌNH, ĐỀ ÁN, DỰ ÁN GIAI ĐOẠN {{ giai_doan }}"
    )
    nd30.paragraph(doc, "(Kinh phí đã thực hiện, triệu đồng)", italic=True, size=12)
    widths = _widths([12, 50, 30, 24], n_years, 16, [22, 22])
    nd30.grouped_table(
        doc,
        [
            "STT",
            "Chương trình, đề án, dự án",
            "Cơ quan chủ trì",
            "Tình hình năm {{ nam }}",
            *heads,
            "Tổng kinh phí đã thực hiện",
            "Tổng kinh phí kế hoạch",
        ],
        ["stt", "ten", "chu_tri", "tinh_hinh", *cells, "da_chi", "ke_hoach"],
        widths,
        "pl_chuong_trinh",
        aligns=[C, L, L, C, *([C] * n_years), C, C],
        total=True,
        size=11,
    )
    nd30.paragraph(doc, "")

    # Phụ lục IV – tình hình gửi báo cáo (by year; the units not on time: Sở Nội vụ variant)
    nd30.new_landscape(doc)
    nd30.appendix_head(doc, "IV", "TÌNH HÌNH GỬI BÁO CÁO CÁC NĂM GIAI ĐOẠN {{ giai_doan }}")
    nd30.loop_table(
        doc,
        [
            "Năm",
            "Phải báo cáo",
            "Đã gửi",
            "Đúng hạn",
            "Gửi chậm",
            "Chưa gửi",
            "Tỷ lệ gửi báo cáo",
            "Tỷ lệ đúng hạn",
            "Đơn vị được đề nghị đã gửi",
        ],
        ["nam", "phai", "da_gui", "dung_han", "gui_cham", "chua_gui", "ty_le", "ty_le_dung_han", "de_nghi"],
        [20, 26, 26, 26, 26, 26, 30, 30, 42],
        "pl_gui_bao_cao_nam",
    )
    nd30.tag_paragraph(doc, "{%p if co_danh_sach_gui_bao_cao %}")
    _sub_heading(doc, "Cơ quan, đơn vị, địa phương chưa gửi báo cáo đúng hạn trong một số năm")
    nd30.loop_table(
        doc,
        ["STT", "Cơ quan, đơn vị, địa phương", "Tình hình gửi báo cáo các năm", "Số năm đúng hạn"],
        ["stt", "don_vi", "tinh_hinh", "dung_han"],
        [12, 85, 125, 30],
        "pl_gui_bao_cao_don_vi",
        aligns=[C, L, L, C],
    )
    nd30.tag_paragraph(doc, "{%p endif %}")
    nd30.paragraph(doc, "")

    # Phụ lục V – danh sách đề nghị khen thưởng (Sở Nội vụ variant)
    nd30.tag_paragraph(doc, "{%p if co_phu_luc_khen_thuong %}")
    nd30.new_landscape(doc)
    nd30.appendix_head(doc, "V", "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG GIAI ĐOẠN {{ giai_doan }}")
    _sub_heading(doc, "A. Tập thể, cá nhân do các cơ quan, đơn vị, địa phương đề xuất")
    nd30.grouped_table(
        doc,
        [
            "STT",
            "Tên tập thể, cá nhân",
            "Tập thể, cá nhân",
            "Chức vụ, đơn vị",
            "Thành tích chủ yếu",
            "Hình thức khen thưởng đề nghị",
        ],
        ["stt", "ten", "doi_tuong", "chuc_vu", "thanh_tich", "hinh_thuc"],
        [12, 45, 20, 55, 78, 42],
        "pl_khen_thuong",
        aligns=[C, L, C, L, L, L],
    )
    nd30.paragraph(doc, "")
    _sub_heading(
        doc,
        "B. Cơ quan, đơn vị, địa phương báo cáo đúng hạn các năm, đạt các chỉ tiêu được giao "
        "(gợi ý từ số liệu, Sở Nội vụ xem xét, xác nhận)",
    )
    nd30.loop_table(
        doc,
        ["STT", "Cơ quan, đơn vị, địa phương", "Các năm báo cáo đúng hạn", "Kết quả chỉ tiêu", "Ghi chú"],
        ["stt", "don_vi", "nam", "chi_tieu", "ghi_chu"],
        [12, 70, 42, 88, 40],
        "pl_goi_y",
        aligns=[C, L, C, L, L],
    )
    nd30.tag_paragraph(doc, "{%p endif %}")
    nd30.paragraph(doc, "")

    out.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.title = "Báo cáo sơ kết thực hiện Chương trình phát triển thanh niên"
    doc.core_properties.author = "ptn"
    doc.core_properties.language = nd30.LANG
    doc.save(out)
    return out
