"""Build ``templates/report.docx``: the docxtpl template of the yearly report (ND 30/2020/NĐ-CP).

The template is an ordinary Word file an official can edit: every ``{{ }}``/``{% %}`` tag sits in
one run, body paragraphs come from ``{%p for %}`` loops over lists the context builds
(:mod:`pipeline.report.context`), appendix tables from ``{%tr for %}`` rows. This module is the
report's own layout (header, BÁO CÁO, body, signature, then Phụ lục I–V, IV and V for the Sở Nội vụ
variant only); the blocks it is made of – shared with the letters and the five-year review – are in
:mod:`pipeline.report.nd30` (A4, margins 20/20/30/15 mm, Times New Roman in every font slot, the
borderless header table, PAGE field from page 2, each phụ lục in its own landscape section numbered
from 1).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.report import nd30

__all__ = ["build_template"]

C, L = nd30.C, nd30.L


def build_template(out: Path | str = Path("templates/report.docx")) -> Path:
    """Write the report template to ``out`` and return its path."""
    out = Path(out)
    doc = nd30.report_document()

    # Phụ lục I – mục tiêu, chỉ tiêu
    nd30.new_landscape(doc)
    nd30.appendix_head(doc, "I", "KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU NĂM {{ nam }}")
    nd30.loop_table(
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
    nd30.paragraph(doc, "")

    # Phụ lục II – văn bản đã ban hành
    nd30.new_landscape(doc)
    nd30.appendix_head(doc, "II", "TÌNH HÌNH BAN HÀNH VĂN BẢN TRIỂN KHAI THỰC HIỆN NĂM {{ nam }}")
    nd30.grouped_table(
        doc,
        ["STT", "Cơ quan, đơn vị", "Tình hình ban hành", "Số, ký hiệu", "Ngày ban hành", "Ghi chú"],
        ["stt", "don_vi", "tinh_hinh", "so_ky_hieu", "ngay", "ghi_chu"],
        [12, 85, 30, 35, 27, 63],
        "pl_van_ban",
        aligns=[C, L, C, C, C, L],
        sub_name=True,
    )
    nd30.paragraph(doc, "")

    # Phụ lục III – chương trình, đề án, dự án (grouped by programme, a Tổng cộng row)
    nd30.new_landscape(doc)
    nd30.appendix_head(doc, "III", "TÌNH HÌNH THỰC HIỆN CÁC CHƯƠNG TRÌNH, ĐỀ ÁN, DỰ ÁN NĂM {{ nam }}")
    nd30.grouped_table(
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
    nd30.paragraph(doc, "")

    # Phụ lục IV (ý kiến, kiểm tra) and V (gửi báo cáo): the Sở Nội vụ variant only
    nd30.tag_paragraph(doc, "{%p if co_phu_luc_y_kien %}")
    nd30.new_landscape(doc)
    nd30.appendix_head(
        doc, "IV", "Ý KIẾN CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG VÀ CÁC CUỘC KIỂM TRA NĂM {{ nam }}"
    )
    nd30.grouped_table(
        doc,
        ["STT", "Nội dung", "Số lượng", "Cơ quan, đơn vị, địa phương"],
        ["stt", "noi_dung", "so", "don_vi"],
        [12, 110, 20, 110],
        "pl_y_kien",
        aligns=[C, L, C, L],
    )
    nd30.tag_paragraph(doc, "{%p endif %}")
    nd30.paragraph(doc, "")
    nd30.tag_paragraph(doc, "{%p if co_phu_luc_gui_bao_cao %}")
    nd30.new_landscape(doc)
    nd30.appendix_head(doc, "V", "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG NĂM {{ nam }}")
    nd30.loop_table(
        doc,
        ["STT", "Cơ quan, đơn vị, địa phương", "Ngày nhận báo cáo", "Tình hình gửi báo cáo", "Ghi chú"],
        ["stt", "don_vi", "ngay_nhan", "tinh_hinh", "ghi_chu"],
        [12, 100, 35, 45, 60],
        "pl_gui_bao_cao",
        aligns=[C, L, C, C, L],
    )
    nd30.tag_paragraph(doc, "{%p endif %}")
    nd30.paragraph(doc, "")

    out.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.title = "Báo cáo kết quả thực hiện Chương trình phát triển thanh niên"
    doc.core_properties.author = "ptn"
    doc.core_properties.language = nd30.LANG
    doc.save(out)
    return out
