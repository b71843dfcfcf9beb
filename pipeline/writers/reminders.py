"""``danh-sach-chua-gui.xlsx``: units late or missing, with contacts, for the reminder letter."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from pipeline.catalog.labels import KIND_LABEL
from pipeline.catalog.query import CatalogView
from pipeline.manifest import Manifest
from pipeline.writers.atomic import write_with
from pipeline.writers.labels import SAMPLE_MARK


def write_reminders(m: Manifest, view: CatalogView, path: Path) -> Path:
    return write_with(path, lambda tmp: _write(m, view, tmp))


def _write(m: Manifest, view: CatalogView, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Chưa gửi, gửi chậm")
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top", "border": 1, "text_wrap": True}
    title = wb.add_format({"font_name": "Times New Roman", "font_size": 14, "bold": True})
    red = wb.add_format(
        {"font_name": "Times New Roman", "font_size": 12, "bold": True, "font_color": "#C00000"}
    )
    head = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "align": "center"})
    text = wb.add_format(base)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.write_string(
        0, 0, f"DANH SÁCH CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG CHƯA GỬI HOẶC GỬI CHẬM BÁO CÁO NĂM {m.year}", title
    )
    if m.sample_data:
        ws.write_string(1, 0, SAMPLE_MARK, red)
    headers = [
        ("STT", 5),
        ("Mã", 10),
        ("Cơ quan, đơn vị, địa phương", 42),
        ("Loại", 16),
        ("Tình trạng", 22),
        ("Thư điện tử", 36),
    ]
    for c, (h, w) in enumerate(headers):
        ws.write_string(3, c, h, head)
        ws.set_column(c, c, w)
    rows = [(code, "Chưa gửi báo cáo") for code in m.completeness.missing]
    rows += [(code, "Chưa đến hạn") for code in m.completeness.not_yet_due]
    rows += [(x.unit, f"Gửi chậm ({x.days_late} ngày)") for x in m.completeness.late]
    for i, (code, status) in enumerate(rows, start=1):
        u = view.units_by_code.get(code)
        ws.write_number(3 + i, 0, i, text)
        ws.write_string(3 + i, 1, code, text)
        ws.write_string(3 + i, 2, u.name if u else code, text)
        ws.write_string(3 + i, 3, KIND_LABEL.get(u.kind.value, "") if u else "", text)
        ws.write_string(3 + i, 4, status, text)
        ws.write_string(3 + i, 5, "; ".join(u.emails) if u else "", text)
    ws.autofilter(3, 0, 3 + max(len(rows), 1), len(headers) - 1)
    ws.freeze_panes(4, 0)
    wb.close()
