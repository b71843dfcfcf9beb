"""The Vietnamese words of the catalog workbook's own parts: sheet names and notes, titles of groups
that are not one field, the Phân công roles, the headers of columns that are not model fields.
Declarations only (the fields' words are in :mod:`.labels`)."""

from __future__ import annotations

from pipeline.catalog.workbook.labels import Words

W = Words

# titles of groups that are not one field: a record's own fields, a family of sibling fields
GROUP_WORDS: dict[str, Words] = {
    "Letters": W("Ký hiệu và nơi nhận"),
    "Letters.LetterSpec": W(
        "Người ký, nơi nhận từng văn bản",
        note="Người ký để trống cả ba dòng: người ký như báo cáo của Sở Nội vụ (sheet «Kế hoạch, người ký»).",
    ),
}
CATALOG_OWN = W("Tệp kèm theo")  # the catalog's own fields on the plan sheet (the CSV unit lists)

# The assignment sheet (Phân công): one row per (item, role, unit).
ROLE_LEAD = "Chủ trì"
ROLE_EACH = "Chủ trì: từng đơn vị thuộc loại"
ROLE_CO = "Phối hợp"
ROLE_TRANSFER = "Chuyển giao nhiệm vụ"
ROLES = (ROLE_LEAD, ROLE_EACH, ROLE_CO, ROLE_TRANSFER)
UNIT_FILE_HEADER = Words(
    "Lưu trong tệp danh sách",
    "Để trống: lưu trong danh mục chính. Tên tệp .csv (ví dụ danh sách xã, phường): lưu trong tệp đó.",
    18,
)
PARENT_SECTION_HEADER = Words("Mã phần", "Mã của phần (sheet biểu mẫu) có trường này.", 16)
PARENT_WORDS = {"fields": PARENT_SECTION_HEADER}  # a child table's column naming its parent record
ITEM_CODE_HEADER = Words("Mã mục", "Mã văn bản, chỉ tiêu, chương trình ở các sheet Phụ lục.", 10)
ROLE_HEADER = Words("Vai trò", "", 24)

# Sheet names (≤ 31 characters, no \\ / ? * [ ] :) and their one-line notes.
SHEETS: dict[str, tuple[str, str]] = {
    "plan": (
        "Kế hoạch, người ký",
        "Thông tin của kế hoạch, hạn báo cáo, người liên hệ, và hai mẫu báo cáo năm với người ký.",
    ),
    "letters": (
        "Công văn, tờ trình",
        "Ký hiệu, Kính gửi, căn cứ thêm, người ký và nơi nhận của các công văn (đề nghị báo cáo, đề nghị phối "
        "hợp, đôn đốc, đề nghị bổ sung) và tờ trình do ptn soạn (ptn cong-van).",
    ),
    "legal_basis": ("Căn cứ", "Các văn bản kế hoạch căn cứ (phần «Căn cứ …» của báo cáo)."),
    "units": (
        "Đơn vị báo cáo",
        "Mỗi cơ quan, đơn vị, địa phương một dòng. Sáp nhập: ghi ngày kết thúc và mã đơn vị tiếp nhận; "
        "không xóa dòng của đơn vị đã có báo cáo.",
    ),
    "unit_lists": (
        "Số đơn vị theo văn bản",
        "Mỗi dòng một loại đơn vị trong một thời kỳ: số đơn vị văn bản pháp lý quy định (ví dụ 65 xã, phường "
        "theo Nghị quyết 1672/NQ-UBTVQH15) và danh mục đã có đủ chưa.",
    ),
    "documents": ("Phụ lục I - Văn bản", "Văn bản cần ban hành. Đơn vị chủ trì, phối hợp: sheet Phân công."),
    "targets": (
        "Phụ lục II - Chỉ tiêu",
        "Mục tiêu, chỉ tiêu và giá trị kế hoạch từng năm. Đơn vị chủ trì, phối hợp: sheet Phân công.",
    ),
    "programmes": (
        "Phụ lục III - Chương trình",
        "Chương trình, đề án, dự án. Đơn vị chủ trì, phối hợp: sheet Phân công.",
    ),
    "assignments": (
        "Phân công",
        "Mỗi dòng một đơn vị của một mục: Chủ trì (một đơn vị), Chủ trì: từng đơn vị thuộc loại, Phối hợp, "
        "Chuyển giao nhiệm vụ (từ ngày, đơn vị cũ → đơn vị tiếp nhận).",
    ),
    "rules": ("Quy tắc kiểm tra", "Quy tắc kiểm tra số liệu (vế trái, so sánh, vế phải) trên mã trường."),
    "sections": ("Biểu mẫu - Các phần", "Các sheet của biểu mẫu và loại đơn vị điền từng sheet."),
    "fields": ("Biểu mẫu - Các trường", "Các trường (dòng, cột nhập liệu) của từng phần biểu mẫu."),
}
GUIDE_SHEET = "Hướng dẫn"
