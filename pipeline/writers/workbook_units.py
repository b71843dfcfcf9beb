"""The two unit sheets of ``tong-hop-<Y>.xlsx``.

* **Theo đơn vị** – what a clerk reads: one row per unit (names, kind, reporting status), one pair of
  columns per figure (this year | last year), a Tổng cộng row (a formula, with its value), a unit
  that did not answer left blank (never 0). When the reporting units changed between the two years
  (merged departments, districts → communes) last year's columns hold the province total only.
* **Dữ liệu chi tiết** – one row per input cell (unit, sheet, cell, value), dates stored as dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.catalog.labels import KIND_LABEL
from pipeline.catalog.model import Obligation, SectionLayout
from pipeline.catalog.query import CatalogView
from pipeline.manifest import Manifest
from pipeline.vn import so_vn
from pipeline.writers.labels import PART_LABEL, SHEET_DETAIL, reporting_status

NUMERIC = ("count", "amount", "ratio_part", "decimal")
KIND_ORDER = {"department": 0, "district": 1, "commune": 2, "union": 3}


def figures(view: CatalogView, m: Manifest) -> list[tuple[str, str, str]]:
    """(field key, label, unit of measure) of the numeric figures of ``fields`` sections with a value; a
    figure asked for the reporting period (``in_period``) is labelled so, as on the form."""
    have = set(m.totals.by_field) | (set(m.previous_totals.by_field) if m.previous_totals else set())
    return [
        (f.key, f"{f.label} trong kỳ báo cáo" if f.in_period else f.label, f.unit_of_measure)
        for s in view.catalog.sections
        if s.layout == SectionLayout.fields
        for f in s.fields
        if f.type.value in NUMERIC and f.key in have
    ]


def _units(view: CatalogView, m: Manifest) -> list[str]:
    c = m.completeness
    sent_requested = [u for u in c.requested_received if u not in c.expected]
    codes = [*c.expected, *sent_requested]

    def key(code: str):
        u = view.units_by_code.get(code)
        kind = KIND_ORDER.get(u.kind.value, 9) if u else 9
        return (
            u is not None and u.obligation == Obligation.requested,
            kind,
            m.units.get(code, code).casefold(),
        )

    return sorted(codes, key=key)


def write_unit_sheet(b, m: Manifest, view: CatalogView, subtitle: str) -> None:
    y = m.year
    prev_y = m.previous_year
    by_unit: dict[str, dict[str, float]] = {}
    for v in m.values:
        if v.item == "" and v.valid and isinstance(v.value, int | float) and not isinstance(v.value, bool):
            by_unit.setdefault(v.unit, {})[v.field] = float(v.value)
    cols = figures(view, m)
    unit_level = m.comparison.level == "units" and prev_y is not None
    note = ""
    if prev_y is not None and not unit_level:
        note = (
            f" – các đơn vị báo cáo năm {y} khác năm {prev_y} (sắp xếp tổ chức, đơn vị hành chính): "
            f"cột năm {prev_y} chỉ có tổng số toàn tỉnh"
        )
    ws = b.sheet(
        "Theo đơn vị",
        f"SỐ LIỆU THEO CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG NĂM {y}",
        subtitle + " – ô trống: đơn vị chưa báo cáo số liệu (không phải bằng 0)" + note,
    )
    top = 4
    fixed = [("STT", 5), ("Cơ quan, đơn vị, địa phương", 38), ("Loại", 16), ("Tình hình gửi báo cáo", 16)]
    per = 2 if prev_y is not None else 1
    last_col = len(fixed) + len(cols) * per
    # rows are written top to bottom: the two header rows one after the other
    ws.set_row(top, 54)
    for j, (h, w) in enumerate(fixed):
        ws.set_column(j, j, w)
        ws.write_string(top, j, h, b.f_head)
    for i, (_key, label, uom) in enumerate(cols):
        c0 = len(fixed) + i * per
        text = f"{label} ({uom})" if uom else label
        ws.set_column(c0, c0 + per - 1, 12)
        if per == 2:
            ws.merge_range(top, c0, top, c0 + 1, text, b.f_head)
        else:
            ws.write_string(top, c0, text, b.f_head)
    ws.set_column(last_col, last_col, 8)
    ws.write_string(top, last_col, "Mã", b.f_head)
    for j in range(len(fixed)):
        ws.write_blank(top + 1, j, None, b.f_head)
    for i in range(len(cols)):
        c0 = len(fixed) + i * per
        ws.write_string(top + 1, c0, f"Năm {y}", b.f_head)
        if per == 2:
            ws.write_string(top + 1, c0 + 1, f"Năm {prev_y}", b.f_head)
    ws.write_blank(top + 1, last_col, None, b.f_head)

    c = m.completeness
    late = {x.unit: x for x in c.late}
    received = set(c.received) | set(c.requested_received)
    nyd = set(c.not_yet_due)
    units = _units(view, m)
    first = top + 2
    for n, code in enumerate(units):
        r = first + n
        u = view.units_by_code.get(code)
        row: list[Any] = [
            n + 1,
            m.units.get(code, code),
            KIND_LABEL.get(u.kind.value, "") if u else "",
            reporting_status(code, late, received, nyd),
        ]
        for j, v in enumerate(row):
            b.cell(ws, r, j, v, b.f_int if j == 0 else None)
        mine = by_unit.get(code, {})
        before = m.previous_by_unit.get(code, {}) if unit_level else {}
        for i, (key, _label, _uom) in enumerate(cols):
            c0 = len(fixed) + i * per
            b.cell(ws, r, c0, mine.get(key))
            if per == 2:
                b.cell(ws, r, c0 + 1, before.get(key))
        b.cell(ws, r, last_col, code)
    total_row = first + len(units)
    ws.merge_range(total_row, 0, total_row, len(fixed) - 1, "Tổng cộng", b.f_big_text)
    prev_tot = m.previous_totals.by_field if m.previous_totals else {}
    for i, (key, _label, _uom) in enumerate(cols):
        c0 = len(fixed) + i * per
        for k, value in ((0, m.totals.by_field.get(key)), (1, prev_tot.get(key))):
            if k >= per:
                continue
            col = c0 + k
            if units and (k == 0 or unit_level):
                rng = f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(total_row - 1, col)}"
                ws.write_formula(total_row, col, f"=SUM({rng})", b.f_big_num, value or 0)
            else:
                b.cell(ws, total_row, col, value, b.f_big_num)
    ws.write_blank(total_row, last_col, None, b.f_big_text)
    ws.autofilter(top + 1, 0, max(total_row - 1, top + 1), last_col)
    ws.freeze_panes(first, 2)
    ws.repeat_rows(top, top + 1)


DETAIL_SHEET_MAX_ROWS = 20_000  # a province has ~3,000; beyond this the list goes to a CSV file beside
DETAIL_HEADERS = [
    ("Cơ quan, đơn vị, địa phương", 30),
    ("Mục", 36),
    ("Tử số / Mẫu số", 9),
    ("Nội dung", 32),
    ("Giá trị", 22),
    ("Kiểm tra", 9),
    ("Sheet", 18),
    ("Ô", 6),
    ("Mã đơn vị", 9),
    ("Mã mục", 8),
]


def detail_csv_name(year: int) -> str:
    return f"du-lieu-chi-tiet-{year}.csv"


def detail_in_csv(m: Manifest) -> bool:
    """At national size the one-row-per-input-cell list is a CSV file beside the workbook: hundreds of
    thousands of rows are slow to write into a workbook and slower to open in Excel."""
    return len(m.values) > DETAIL_SHEET_MAX_ROWS


def _detail_rows(m: Manifest, view: CatalogView):
    labels = {(s.key, f.key): f.label for s in view.catalog.sections for f in s.fields}
    labels.update({(s.key, "noi_dung"): "Nội dung" for s in view.catalog.sections})
    items = view.items_by_code
    for v in m.values:
        item = items.get(v.item)
        value: Any = v.value
        if v.type == "date" and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value[:10])
            except ValueError:
                pass
        yield [
            m.units.get(v.unit, v.unit),
            item.name if item else "",
            PART_LABEL.get(v.part, v.part),
            labels.get((v.section, v.field), v.field),
            value,
            "Hợp lệ" if v.valid else "Có lỗi",
            v.sheet,
            v.cell,
            v.unit,
            v.item,
        ]


def write_detail_sheet(b, m: Manifest, view: CatalogView, subtitle: str) -> None:
    """One row per input cell; a date is a date, a number a number. At national size
    (:func:`detail_in_csv`) the sheet says where the list is instead."""
    ws = b.sheet(
        SHEET_DETAIL,
        f"DỮ LIỆU CHI TIẾT THEO TỪNG Ô NHẬP LIỆU NĂM {m.year}",
        subtitle + " – mỗi dòng một ô nhập liệu; tệp của từng đơn vị: sheet Danh sách tệp đã tiếp nhận",
    )
    if detail_in_csv(m):
        ws.set_column(0, 0, 120)
        ws.write_string(
            4,
            0,
            f"Dữ liệu chi tiết có {so_vn(len(m.values))} dòng, quá nhiều để đặt trong bảng tính này: xem tệp "
            f"{detail_csv_name(m.year)} cùng thư mục (mở bằng Excel: Dữ liệu > Từ Văn bản/CSV, mã UTF-8, "
            "dấu phân cách là dấu phẩy; số thập phân viết bằng dấu chấm, ngày theo dạng năm-tháng-ngày).",
            b.f_label,
        )
        return
    b.table(ws, 4, DETAIL_HEADERS, list(_detail_rows(m, view)))


def write_detail_csv(m: Manifest, view: CatalogView, path) -> None:
    """The detail list as CSV (UTF-8 with BOM, so Excel reads the accents): the columns of the sheet;
    numbers as plain numbers, dates as YYYY-MM-DD. A text that starts like a formula (``=``, ``+``,
    ``-``, ``@``) is prefixed with ``'``, so Excel shows it and never runs it."""
    import csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("\ufeff")  # the BOM by hand: "utf-8" is encoded in C, "utf-8-sig" row by row in Python
        w = csv.writer(fh)
        w.writerow([h for h, _ in DETAIL_HEADERS])
        w.writerows(_csv_rows(m, view))


def _csv_rows(m: Manifest, view: CatalogView):
    """:func:`_detail_rows` as CSV text, row by row. Names, labels, sheet titles and codes repeat
    thousands of times: each distinct one is made safe once; only the value is looked at per row."""
    safe: dict[str, str] = {}

    def text(s: str) -> str:
        got = safe.get(s)
        if got is None:
            got = safe[s] = _csv_value(s)
        return got

    for unit, item, part, label, value, status, sheet, cell, code, item_code in _detail_rows(m, view):
        yield (text(unit), text(item), text(part), text(label), _csv_value(value), status, text(sheet), cell,
               text(code), text(item_code))  # fmt: skip


_FORMULA_START = frozenset("=+-@\t\r")


def _csv_value(v: Any) -> str:
    if v.__class__ is str:  # the common case first
        return "'" + v if v[:1] in _FORMULA_START else v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Có" if v else "Không"
    if isinstance(v, int | float):
        return str(int(v)) if float(v).is_integer() else repr(float(v))
    if isinstance(v, dt.date):
        return v.isoformat()
    text = str(v)
    return "'" + text if text[:1] in _FORMULA_START else text
