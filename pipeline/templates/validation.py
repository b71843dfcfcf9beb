"""Data validation on every input cell and the conditional formats that mark, while the user
types, empty required cells, a part above its whole and broken catalog rules.

Excel limits (MS-OI29500 §2.1.613): titles ≤ 32 characters, input message ≤ 255, error message
≤ 224; list sources are named ranges on the hidden ``_lists`` sheet, never literal lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from pipeline.templates.formats import Formats
from pipeline.templates.model import InputSpec, SheetModel

MAX_NUMBER = 999_999_999_999
MIN_DATE = dt.date(2000, 1, 1)

ERROR = {
    "count": "Chỉ nhập số nguyên không âm (0, 1, 2, …): không nhập chữ, số thập phân, dấu cách hay ký hiệu.",
    "ratio_part": "Chỉ nhập số người: số nguyên không âm (0, 1, 2, …), không nhập tỷ lệ %. Tỷ lệ được tính tự động.",
    "amount": "Chỉ nhập số không âm (đơn vị: triệu đồng), được có phần thập phân; không nhập chữ hay ký hiệu.",
    "decimal": "Chỉ nhập số không âm, được có phần thập phân; không nhập chữ hay ký hiệu %.",
    "date": "Chỉ nhập ngày hợp lệ theo dạng ngày/tháng/năm, ví dụ 05/11/{year}.",
    "choice": "Chỉ chọn một giá trị trong danh sách (bấm vào mũi tên bên phải ô).",
    "text": "Nội dung quá dài: tối đa {max} ký tự trong một ô.",
}
HINT = {
    "count": "Nhập số nguyên không âm.",
    "ratio_part": "Nhập số người (số nguyên).",
    "amount": "Nhập số tiền, đơn vị triệu đồng.",
    "decimal": "Nhập số.",
    "date": "Nhập ngày dạng ngày/tháng/năm.",
    "choice": "Chọn trong danh sách.",
    "text": "Nhập nội dung.",
}
TEXT_MAX = 32000


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def validation_options(spec: InputSpec, year: int) -> dict[str, Any]:
    t = spec.type
    lo = max(0.0, spec.min) if spec.min is not None else 0
    hi = spec.max if spec.max is not None else MAX_NUMBER
    if t in ("count", "ratio_part"):
        opts: dict[str, Any] = {
            "validate": "integer",
            "criteria": "between",
            "minimum": int(lo),
            "maximum": int(hi),
        }
    elif t in ("amount", "decimal"):
        opts = {"validate": "decimal", "criteria": "between", "minimum": lo, "maximum": hi}
    elif t == "date":
        opts = {
            "validate": "date",
            "criteria": "between",
            "minimum": MIN_DATE,
            "maximum": dt.date(year + 1, 12, 31),
        }
    elif t == "choice":
        opts = {"validate": "list", "source": f"={spec.list_name}"}
    else:
        opts = {"validate": "length", "criteria": "<=", "value": TEXT_MAX}
    message = " ".join(x for x in (spec.help, HINT.get(t, "")) if x)
    if t in ("amount", "decimal") and spec.max is not None and spec.max <= 100:
        message += " Tối đa 100."
    error = ERROR.get(t, ERROR["text"]).format(year=year, max=TEXT_MAX)
    opts.update(
        {
            "ignore_blank": True,
            "input_title": _cut(spec.label, 32),
            "input_message": _cut(message, 255),
            "error_title": "Giá trị không hợp lệ",
            "error_message": _cut(error, 224),
            "error_type": "stop",
        }
    )
    return opts


def apply_validations(ws: Worksheet, model: SheetModel, year: int) -> int:
    n = 0
    for (r, c), cell in model.cells.items():
        if cell.input is not None:
            ws.data_validation(r, c, r, c, validation_options(cell.input, year))
            n += 1
    return n


def apply_conditional(ws: Worksheet, model: SheetModel, formats: Formats) -> None:
    """Required-but-empty cells, part above whole, and catalog rules."""
    for (r, c), cell in model.cells.items():
        if cell.input is not None and cell.required:
            ws.conditional_format(r, c, r, c, {"type": "blanks", "format": formats.required})
    for pair in model.pairs:
        p = xl_rowcol_to_cell(*pair.part, row_abs=True, col_abs=True)
        w = xl_rowcol_to_cell(*pair.whole, row_abs=True, col_abs=True)
        formula = f"=AND(ISNUMBER({p}),ISNUMBER({w}),{p}>{w})"
        for rc in (pair.part, pair.whole):
            ws.conditional_format(*rc, *rc, {"type": "formula", "criteria": formula, "format": formats.error})
    for rule in model.rules:
        for rc in rule.cells:
            ws.conditional_format(
                *rc, *rc, {"type": "formula", "criteria": rule.formula, "format": formats.rule(rule.severity)}
            )
