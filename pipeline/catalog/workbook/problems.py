"""A problem found in a catalog workbook, at its sheet and cell, in Vietnamese.

Codes: the catalog checks' own (``CAT-…`` of :mod:`pipeline.catalog.validate`, placed at the cell
of the value concerned), ``CAT-SCHEMA`` (a value the catalog's schema refuses) and the workbook's:
"""

from __future__ import annotations

from dataclasses import dataclass

WORKBOOK_CODES = {
    "CAT-XLSX-FILE": "không đọc được tệp, hoặc tệp không phải bảng tính danh mục (xuất bằng «ptn plan export»)",
    "CAT-XLSX-SHEET": "thiếu sheet của bảng tính danh mục (sheet bị xóa, hoặc hàng 1 ẩn bị sửa)",
    "CAT-XLSX-COLUMN": "thiếu cột, dòng hoặc có cột lạ (cột bị xóa, chèn, hoặc hàng 1, cột A ẩn bị sửa)",
    "CAT-XLSX-VALUE": "giá trị của ô không đọc được theo kiểu của cột",
    "CAT-XLSX-PARENT": "dòng chỉ tới một mã không có (mục, phần)",
    "CAT-XLSX-ORDER": "các đơn vị lưu trong tệp .csv được xếp sau các đơn vị của danh mục chính (cảnh báo)",
    "CAT-XLSX-SAVE": "tệp danh mục ghi ra không giữ được toàn bộ nội dung bảng tính (lỗi của ptn: không ghi gì)",
    "CAT-XLSX-STALE": "danh mục đã thay đổi sau khi xuất bảng tính",
    "CAT-XLSX-EXPORT": "giá trị của danh mục không ghi được vào bảng tính mà không đổi",
    "CAT-SCHEMA": "giá trị không đúng mẫu danh mục",
}


@dataclass(frozen=True)
class SheetProblem:
    code: str
    severity: str  # "error" | "warning"
    message: str  # Vietnamese: what is wrong (and what to do)
    sheet: str = ""
    cell: str = ""
    what: str = ""  # the record and column in words: "CT10 › Đơn vị phối hợp"

    def line(self) -> str:
        label = "Lỗi" if self.severity == "error" else "Cảnh báo"
        where = f"sheet «{self.sheet}»" + (f", ô {self.cell}" if self.cell else "") if self.sheet else ""
        head = " – ".join(x for x in (where, self.what) if x)
        return (
            f"{label} [{self.code}] {head}: {self.message}"
            if head
            else f"{label} [{self.code}] {self.message}"
        )
