"""The «Hướng dẫn» sheet of the catalog workbook: how to edit it and how it becomes the catalog."""

from __future__ import annotations

from pipeline.catalog.model import Catalog
from pipeline.catalog.workbook.sheet_words import GUIDE_SHEET, SHEETS
from pipeline.vn import ngay

EDITING = [
    "Chỉ sửa các ô nền vàng nhạt. Tiêu đề, hàng 1 và cột A (ẩn) đã được khóa (không đặt mật khẩu).",
    "Thêm một dòng (đơn vị, chỉ tiêu, phân công …): ghi vào dòng trống dưới cùng của bảng, hoặc chèn "
    "dòng mới trong bảng. Bỏ một dòng: xóa cả dòng.",
    "Ô có mũi tên: chọn trong danh sách. Ô nhiều giá trị (loại đơn vị, năm, thư điện tử, mã đơn vị tiền thân): "
    "cách nhau bằng dấu «;». Ô nhiều dòng (Kính gửi, Nơi nhận, chức vụ người ký, căn cứ, danh sách lựa chọn): "
    "Alt+Enter để xuống dòng. Ô nền xám: không dùng cho cột đó.",
    "Ngày ghi dạng ngày/tháng/năm (31/12/2025). Ô để trống là không có, hoặc lấy giá trị mặc định.",
    "Không đổi tên, xóa sheet; không chèn, xóa cột. Mã (đơn vị, văn bản, chỉ tiêu, phần, trường) không "
    "đổi sau khi đã gửi biểu mẫu: cần mục mới thì thêm mã mới.",
]
AFTER = [
    "Lưu tệp (.xlsx hoặc .ods; lưu bằng Excel hay LibreOffice đều được).",
    "Chạy: ptn plan import <tệp bảng tính>. Lệnh kiểm tra như «ptn plan check», báo từng lỗi theo sheet và ô; "
    "còn lỗi thì không ghi gì cả.",
    "Khi hợp lệ, danh mục (tệp .yaml trong thư mục plans/) được thay bằng nội dung bảng tính; bản trước được "
    "lưu trong plans/luu-tru/. Lệnh cho biết biểu mẫu của đơn vị nào thay đổi và có phải gửi lại không.",
    "Bảng tính chỉ là bản để sửa; danh mục là tệp .yaml. Nếu danh mục đã thay đổi sau khi xuất bảng tính "
    "này, lệnh nhập từ chối: xuất bảng tính mới (ptn plan export) rồi sửa lại.",
]
TASKS = [
    ("Đổi người ký", "sheet «Kế hoạch, người ký», dòng «Họ và tên người ký» (và chức vụ) ở cột của báo cáo."),
    (
        "Người ký, nơi nhận công văn",
        "sheet «Công văn, tờ trình», bảng «Người ký, nơi nhận từng văn bản»: mỗi văn bản một cột (đề nghị báo "
        "cáo, đề nghị phối hợp, đôn đốc, đề nghị bổ sung, tờ trình). Người ký để trống: người ký của báo cáo Sở "
        "Nội vụ. Nơi nhận: mỗi nơi một dòng, không ghi «- Như trên;» (ptn tự ghi).",
    ),
    (
        "Kính gửi, căn cứ công văn",
        "cùng sheet: tên nhóm đơn vị ở dòng Kính gửi theo loại đơn vị (bảng «Kính gửi khi gửi nhiều đơn vị»), "
        "văn bản căn cứ thêm của từng năm (ví dụ công văn của Bộ Nội vụ), ký hiệu công văn.",
    ),
    (
        "Thêm đơn vị",
        "sheet «Đơn vị báo cáo», dòng trống dưới cùng: mã, tên, loại, báo cáo (Bắt buộc/Đề nghị), "
        "ngày bắt đầu hoạt động, thư điện tử.",
    ),
    (
        "Sáp nhập hai đơn vị",
        "ở dòng đơn vị bị sáp nhập: «Hoạt động đến ngày» (ngày cuối) và «Sáp nhập vào» "
        "(mã đơn vị tiếp nhận); nhiệm vụ nào chuyển cho đơn vị khác thì thêm dòng "
        "«Chuyển giao nhiệm vụ» ở sheet Phân công. Đơn vị mới tiếp nhận địa bàn của đơn vị cũ (xã mới từ "
        "huyện cũ): mã đơn vị cũ ở cột «Đơn vị tiền thân (mã)» của đơn vị mới.",
    ),
    (
        "Số đơn vị theo văn bản",
        "sheet «Số đơn vị theo văn bản»: mỗi loại đơn vị (ví dụ 65 xã, phường từ 01/7/2025) một dòng – số đơn "
        "vị văn bản quy định, văn bản, «Danh mục đã đủ» = Có khi sheet Đơn vị báo cáo có đủ (thiếu, thừa là Lỗi), "
        "Không khi còn thiếu (Cảnh báo).",
    ),
    (
        "Sửa chỉ tiêu",
        "sheet «Phụ lục II - Chỉ tiêu»: giá trị ở cột «Kế hoạch năm …», «Mục tiêu đến năm …»; "
        "đơn vị chủ trì, phối hợp ở sheet Phân công.",
    ),
    (
        "Kế hoạch giai đoạn mới",
        "ptn plan new tạo danh mục mới; điền các ô được nêu (số, ngày, người ký, giá "
        "trị chỉ tiêu) và để trống cột «Cần xem xét» sau khi quyết định từng mục.",
    ),
]


def guide_sheet(catalog: Catalog, sheet_names: list[str], meta: dict[str, str]):
    from pipeline.catalog.workbook.book import XSheet

    s = XSheet(GUIDE_SHEET, "", marked=False)
    s.widths = {0: 2, 1: 26, 2: 100}
    p = catalog.plan
    r = 0

    def line(text: str, style: str = "guide", col: int = 1) -> None:
        nonlocal r
        s.put(r, col, text, style)
        lines = -(-len(text) // 100) if col == 2 else 1
        if lines > 1:
            s.heights[r] = 16.5 * lines
        r += 1

    line("HƯỚNG DẪN SỬA DANH MỤC KẾ HOẠCH BẰNG BẢNG TÍNH", "title")
    line(f"{p.title} ({p.number or 'chưa có số'}{', ngày ' + ngay(p.date) if p.date else ''})", "note")
    source = meta.get("source_file") or "danh mục"
    line(f"Xuất từ {source} lúc {meta.get('exported_at', '')[:16].replace('T', ' ')}.", "note")
    r += 1
    for title, items in (("1. Cách sửa", EDITING), ("2. Sau khi sửa", AFTER)):
        line(title, "guide_h")
        for text in items:
            line("• " + text, col=2)
        r += 1
    line("3. Các sheet", "guide_h")
    for name in sheet_names:
        note = next((n for t, n in SHEETS.values() if t == name), "")
        s.put(r, 1, name, "guide_b")
        line(note, col=2)
    r += 1
    line("4. Việc thường làm (xem thêm docs/CATALOG.md)", "guide_h")
    for task, how in TASKS:
        s.put(r, 1, task, "guide_b")
        line(how, col=2)
    return s
