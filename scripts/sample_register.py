"""The Sở's incoming register (sổ đăng ký văn bản đến) of a sample year, as its document management
system exports it: one row per report received, with its date, author, number and date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter


def _fmt_dt(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)


def write_register(path: Path, year: int, rows: list[dict]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"created": dt.datetime(year, 11, 20, 8, 0)})  # same rows, same bytes
    ws = wb.add_worksheet("So van ban den")
    title = wb.add_format({"bold": True, "font_size": 13})
    head = wb.add_format(
        {"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}
    )
    text = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    date = wb.add_format({"border": 1, "num_format": "dd/mm/yyyy", "valign": "top"})
    ws.write_string(0, 0, "SỞ NỘI VỤ TỈNH LẠNG SƠN – SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", title)
    ws.write_string(1, 0, f"Từ ngày 01/10/{year} đến ngày 30/11/{year} (xuất từ hệ thống quản lý văn bản)")
    headers = [
        ("Ngày đến", 11), ("Số đến", 8), ("Tác giả", 30), ("Số, ký hiệu văn bản", 16),
        ("Ngày tháng văn bản", 12), ("Tên loại và trích yếu", 48), ("Đơn vị hoặc người nhận", 20),
        ("Ngày chuyển", 11), ("Ký nhận", 10), ("Ghi chú", 30),
    ]  # fmt: skip
    for c, (h, w) in enumerate(headers):
        ws.write_string(3, c, h, head)
        ws.set_column(c, c, w)
    for i, r in enumerate(sorted(rows, key=lambda r: (r["received"], r["author"])), start=4):
        ws.write_datetime(i, 0, _fmt_dt(r["received"]), date)
        ws.write_number(i, 1, 2000 + i * 3 + (year % 10), text)
        ws.write_string(i, 2, r["author"], text)
        ws.write_string(i, 3, r["doc_number"], text)
        ws.write_datetime(i, 4, _fmt_dt(r["doc_date"]), date)
        ws.write_string(
            i, 5, f"Báo cáo kết quả thực hiện Chương trình phát triển thanh niên năm {year}", text
        )
        ws.write_string(i, 6, "Phòng Công tác thanh niên", text)
        ws.write_datetime(i, 7, _fmt_dt(r["received"] + dt.timedelta(days=1)), date)
        ws.write_string(i, 8, "", text)
        ws.write_string(i, 9, r.get("note", ""), text)
    ws.freeze_panes(4, 0)
    wb.close()
