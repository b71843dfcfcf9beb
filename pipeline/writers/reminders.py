"""``danh-sach-chua-gui.xlsx``: every unit the Sở must remind or ask to correct, with what it owes.

The list is the manifest's ``owing`` (:mod:`pipeline.consolidate.owing`, the same list the đôn đốc
letter uses): obliged units that have not reported, units reported late, units whose report has
errors to fix, and units (requested ones too) that owe a target's figure – with the columns a công
văn đôn đốc needs: full name, kind, obligation, what is owed (sheet and cell), the report they sent,
the date to send by, e-mail.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from pipeline.catalog.labels import OBLIGATION_LABEL
from pipeline.catalog.query import CatalogView
from pipeline.manifest import Manifest, OwedItem
from pipeline.writers.atomic import write_with
from pipeline.writers.labels import SAMPLE_MARK

SHEET = "Cần đôn đốc, bổ sung"


def write_reminders(m: Manifest, view: CatalogView, path: Path) -> Path:
    return write_with(path, lambda tmp: _write(m, view, tmp))


def owed_text(items: list[OwedItem]) -> str:
    """One line per thing owed: ``Sheet Mục tiêu, chỉ tiêu, ô G8: …``."""
    lines = []
    for o in items:
        where = ", ".join(
            x for x in (f"sheet {o.sheet}" if o.sheet else "", f"ô {o.cell}" if o.cell else "") if x
        )
        lines.append(f"- {where[:1].upper()}{where[1:]}: {o.what}" if where else f"- {o.what}")
    return "\n".join(lines)


def _write(m: Manifest, view: CatalogView, path: Path) -> None:
    rows = m.owing
    contact = view.catalog.plan.contact
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet(SHEET)
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top", "border": 1, "text_wrap": True}
    title = wb.add_format({"font_name": "Times New Roman", "font_size": 14, "bold": True})
    sub = wb.add_format({"font_name": "Times New Roman", "font_size": 12, "italic": True})
    red = wb.add_format(
        {"font_name": "Times New Roman", "font_size": 12, "bold": True, "font_color": "#C00000"}
    )
    head = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "align": "center"})
    text = wb.add_format(base)
    date = wb.add_format({**base, "num_format": "dd/mm/yyyy"})
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.write_string(
        0,
        0,
        f"DANH SÁCH CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG CẦN ĐÔN ĐỐC, ĐỀ NGHỊ BỔ SUNG BÁO CÁO NĂM {m.year}",
        title,
    )
    who = ", ".join(x for x in (contact.name, contact.position, contact.office) if x) or "…"
    reach = ", ".join(x for x in (contact.phone, contact.email) if x) or "…"
    ws.write_string(
        1,
        0,
        f"Số liệu đến ngày {m.as_of:%d/%m/%Y}; hạn gửi, bổ sung đề nghị: "
        f"{m.followup_due:%d/%m/%Y}; người liên hệ: {who} ({reach})."
        if m.followup_due
        else f"Số liệu đến ngày {m.as_of:%d/%m/%Y}.",
        sub,
    )
    if m.sample_data:
        ws.write_string(2, 0, SAMPLE_MARK, red)
    headers = [
        ("STT", 5),
        ("Cơ quan, đơn vị, địa phương", 38),
        ("Loại", 16),
        ("Báo cáo", 10),
        ("Tình trạng", 24),
        ("Số, ký hiệu báo cáo đã gửi", 16),
        ("Ngày nhận", 12),
        ("Nội dung còn thiếu, cần sửa", 70),
        ("Số lỗi cần sửa", 8),
        ("Hạn gửi, bổ sung", 12),
        ("Thư điện tử", 30),
        ("Mã", 8),
    ]
    top = 4
    for c, (h, w) in enumerate(headers):
        ws.write_string(top, c, h, head)
        ws.set_column(c, c, w)
    for i, o in enumerate(rows, start=1):
        r = top + i
        ws.write_number(r, 0, i, text)
        ws.write_string(r, 1, o.name, text)
        ws.write_string(r, 2, o.kind, text)
        ws.write_string(r, 3, OBLIGATION_LABEL.get(o.obligation, ""), text)
        ws.write_string(r, 4, o.status, text)
        ws.write_string(r, 5, o.report_number, text)
        if o.received_at is not None:
            t = o.received_at
            ws.write_datetime(r, 6, dt.datetime(t.year, t.month, t.day), date)
        else:
            ws.write_blank(r, 6, None, text)
        ws.write_string(r, 7, owed_text(o.owes), text)
        ws.write_number(r, 8, o.errors, text)
        if m.followup_due:
            d = m.followup_due
            ws.write_datetime(r, 9, dt.datetime(d.year, d.month, d.day), date)
        else:
            ws.write_blank(r, 9, None, text)
        ws.write_string(r, 10, "; ".join(o.emails), text)
        ws.write_string(r, 11, o.unit, text)
    ws.autofilter(top, 0, top + max(len(rows), 1), len(headers) - 1)
    ws.freeze_panes(top + 1, 2)
    ws.repeat_rows(top)
    wb.close()
