"""Long lists of units in the appendices: named up to a threshold, beyond it counted.

A province's report names every unit (Lạng Sơn: 33 before 2025, 81 after). At national size a list
of thousands of names is read by nobody and makes the report slow to write and to open: a group of
more than :data:`MAX_LISTED` units (or more than :data:`MAX_NAMES_IN_CELL` names in one cell) becomes
one row, or cell, with how many they are and where the full list is – the sheet of the consolidated
workbook, by the names the workbook writer gives them (``SHEET_…`` in pipeline/writers/labels.py), or
the detail CSV when the run wrote one. The smaller groups stay named (who
did not report is said by name while they are not more than :data:`MAX_LISTED`). The UBND tỉnh
variant, which does not name units, counts them without the pointer (the workbook stays at the Sở).
"""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.writing import so
from pipeline.vn import ngay
from pipeline.writers.labels import SHEET_DETAIL

PHRASES = {
    "pl.danh_sach_tai": "sheet tep",
    "pl.danh_sach_tai_tep": "tep",
    "pl.so_van_ban": "so_van_ban so_don_vi",
    "pl.khoang_ngay": "tu_ngay den_ngay",
    "pl.gui_cham_khoang": "tu den",
    "pl.y_kien_khac": "so",
    "pl.kiem_tra_cac_don_vi": "so_don_vi",
}

#: the most units an appendix lists one per row in one group (a reporting status, a document's status,
#: the units with inspections; and the most points of one topic); a bigger group is counted, with where
#: its list is
MAX_LISTED = 200
#: the most unit names one cell holds (Phụ lục IV: the units that made one point)
MAX_NAMES_IN_CELL = 100
# (both said to the Sở in the note above [pl.danh_sach_tai] in templates/cau-chu-bao-cao.txt)


def too_many(n: int) -> bool:
    """Whether a group of ``n`` units (rows) is counted instead of listed."""
    return n > MAX_LISTED


def too_many_names(n: int) -> bool:
    """Whether ``n`` units named in one cell are counted instead."""
    return n > MAX_NAMES_IN_CELL


def where(f: Facts, sheet: str) -> str:
    """``Danh sách tại sheet “Ban hành văn bản” của bảng tổng hợp tong-hop-2024.xlsx`` (Sở Nội vụ
    variant; "" in the UBND tỉnh variant). The detail sheet's list is in the CSV beside the workbook
    when the run wrote one (the sheet then only says so)."""
    if not f.details:
        return ""
    outputs = f.m.outputs or {}
    if sheet == SHEET_DETAIL and outputs.get("detail"):
        return f.say("pl.danh_sach_tai_tep", tep=outputs["detail"])
    return f.say("pl.danh_sach_tai", sheet=sheet, tep=outputs.get("workbook") or f"tong-hop-{f.y}.xlsx")


def count(f: Facts, codes) -> str:
    """``3.380 cơ quan, đơn vị, địa phương`` (the group's word, the number the Vietnamese way)."""
    codes = list(codes)
    return f.say("chung.so_don_vi", so=so(len(codes)), nhom=f.group(codes))


def date_span(f: Facts, days) -> str:
    """``10/11/2024``, or ``Từ 01/11/2024 đến 14/11/2024``, for the dates of a counted group."""
    shown = sorted({(d.year, d.month, d.day): d for d in days if d is not None}.items())
    if not shown:
        return ""
    first, last = shown[0][1], shown[-1][1]
    if len(shown) == 1:
        return ngay(first)
    return f.say("pl.khoang_ngay", tu_ngay=ngay(first), den_ngay=ngay(last))
