"""Vietnamese labels used by the writers (DOMAIN §7)."""

from __future__ import annotations

from pipeline.manifest import InputEntry, LateUnit

STATUS_LABEL = {
    "accepted": "Tiếp nhận",
    "rejected": "Bị từ chối",
    "superseded": "Được thay bằng báo cáo sau",
    "duplicate": "Tệp trùng",
    "ignored": "Nhận sau ngày chốt số liệu",
}
SOURCE_LABEL = {
    "register": "Sổ văn bản đến",
    "email": "Ngày gửi thư điện tử",
    "mtime": "Thời điểm sửa tệp (ước tính)",
    "none": "Không rõ",
}
PART_LABEL = {"tu_so": "Tử số", "mau_so": "Mẫu số", "": ""}
SAMPLE_MARK = "DỮ LIỆU MẪU – không dùng để báo cáo"
# sheets of the tổng hợp workbook that the Word report points to for its long lists
SHEET_REPORTING = "Tình hình gửi báo cáo"
SHEET_DOCUMENTS = "Ban hành văn bản"
SHEET_DETAIL = "Dữ liệu chi tiết"  # one row per input cell: the units' texts and inspections


def reporting_status(code: str, late: dict[str, LateUnit], received: set[str], not_yet_due: set[str]) -> str:
    if code in late:
        return f"Gửi chậm ({late[code].days_late} ngày)"
    if code in received:
        return "Đúng hạn"
    if code in not_yet_due:
        return "Chưa đến hạn"
    return "Chưa gửi báo cáo"


def received_text(e: InputEntry | None) -> str:
    if e is None or e.received_at is None:
        return ""
    t = e.received_at
    if e.received_at_source == "register":
        return f"{t.day:02d}/{t.month:02d}/{t.year}"
    return f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour:02d}:{t.minute:02d}"
