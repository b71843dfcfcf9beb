"""Codecs between a catalog value and a workbook cell, for each kind of :class:`Column`.

:func:`to_cell` gives what is written, :func:`from_cell` reads back what a reader returns (or raises
:class:`CellError` with a Vietnamese message), :func:`blank_value` says what an empty cell means, and
:func:`representable` whether a value survives the round trip unchanged (``ptn plan export`` refuses
the ones that do not).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import Enum
from typing import Any

from pydantic_core import PydanticUndefined

from pipeline.catalog.workbook.labels import ENUM_ALIASES, NO, YES
from pipeline.catalog.workbook.shapes import Column, Kind
from pipeline.vn import fold, nfc, parse_date

TEXT_MAX = 32_767  # characters in one Excel cell
TOKEN_SEP = "; "  # between the values of a list in one cell (codes, kinds, years, e-mails)
EXCEL_DIGITS = 15  # significant digits a spreadsheet keeps


class CellError(ValueError):
    """A cell's content cannot be read as its column's kind (Vietnamese message)."""


def _enum_label(col: Column, value: str) -> str:
    return (col.choices or {}).get(value, value)


def to_cell(col: Column, value: Any) -> Any:
    """What the workbook shows for ``value``: str, int/float, date or None (blank)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    k = col.kind
    if k == Kind.text:
        return value or None
    if k in (Kind.int, Kind.float):
        return value
    if k == Kind.bool:
        return YES if value else NO
    if k == Kind.date:
        return value
    if k == Kind.enum:
        return _enum_label(col, str(value))
    if k == Kind.lines:
        return "\n".join(value) or None
    if k == Kind.tokens:
        parts = [_enum_label(col, v.value if isinstance(v, Enum) else str(v)) for v in value]
        return TOKEN_SEP.join(parts) or None
    raise TypeError(k)


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def excel_float(x: float) -> float:
    """A number as a spreadsheet keeps it (15 significant digits)."""
    return float(f"{x:.{EXCEL_DIGITS}g}") if math.isfinite(x) else x


def _number_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _text(raw: Any) -> str:
    if isinstance(raw, bool):
        return YES if raw else NO
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return f"{raw:%d/%m/%Y}"
    if isinstance(raw, int | float):
        return _number_text(raw)
    return nfc(str(raw)).replace("\r\n", "\n").replace("\r", "\n").strip()


_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def _float(raw: Any) -> float:
    if isinstance(raw, bool):
        raise CellError("cần một số.")
    if isinstance(raw, int | float):
        return excel_float(float(raw))
    s = _text(raw).replace(" ", "")
    if not _NUMBER.match(s):
        raise CellError(f"«{_text(raw)}» không phải một số (dùng dấu phẩy cho phần thập phân, ví dụ 85,5).")
    return excel_float(float(s.replace(",", ".")))


def _int(raw: Any) -> int:
    x = _float(raw)
    if not x.is_integer():
        raise CellError(f"cần một số nguyên, không phải «{_text(raw)}».")
    return int(x)


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    t = fold(_text(raw))
    if t in ("co", "x", "true", "1", "yes"):
        return True
    if t in ("khong", "false", "0", "no"):
        return False
    raise CellError(f"chọn «{YES}» hoặc «{NO}», không phải «{_text(raw)}».")


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2_958_466:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))  # a date serial that lost its format
    d = parse_date(_text(raw))
    if d is None:
        raise CellError(f"«{_text(raw)}» không phải một ngày (ghi ngày/tháng/năm, ví dụ 31/12/2025).")
    return d


def _enum(col: Column, text: str) -> str:
    choices = col.choices or {}
    text = ENUM_ALIASES.get(text.strip(), text.strip())
    for value, label in choices.items():
        if text == value or text == label:
            return value
    key = fold(text)
    for value, label in choices.items():
        if key and key in (fold(value), fold(label)):
            return value
    allowed = "; ".join(f"«{label}»" for label in choices.values())
    raise CellError(f"«{text}» không có trong danh sách: {allowed}.")


def split_tokens(text: str, item_kind: str) -> list[str]:
    if item_kind in (Kind.int, "email", "code"):
        parts = re.split(r"[;,\s]+", text)
    else:
        parts = re.split(r"[;\n]+", text)
    return [p.strip() for p in parts if p.strip()]


def from_cell(col: Column, raw: Any) -> Any:
    """The value of a non-blank cell; raises :class:`CellError` with a Vietnamese message."""
    k = col.kind
    if k == Kind.text:
        return _text(raw)
    if k == Kind.int:
        return _int(raw)
    if k == Kind.float:
        return _float(raw)
    if k == Kind.bool:
        return _bool(raw)
    if k == Kind.date:
        return _date(raw)
    if k == Kind.enum:
        return _enum(col, _text(raw))
    if k == Kind.lines:
        return [line.strip() for line in _text(raw).split("\n") if line.strip()]
    if k == Kind.tokens:
        tokens = split_tokens(_text(raw), col.item_kind)
        if col.item_kind == Kind.enum:
            return [_enum(col, t) for t in tokens]
        if col.item_kind == Kind.int:
            return [_int(t) for t in tokens]
        return tokens
    raise TypeError(k)


def blank_value(col: Column) -> tuple[bool, Any]:
    """What a blank cell means: ``(True, value)`` to set, ``(False, None)`` to leave to the model
    (its default, or «missing» for a required field; a dict entry: the key is absent)."""
    if col.entry:
        return False, None
    if col.optional:
        return True, None
    if col.default is PydanticUndefined:
        if col.kind == Kind.text:
            return True, ""
        if col.kind in (Kind.lines, Kind.tokens):
            return True, []
    return False, None


def representable(col: Column, value: Any) -> str | None:
    """Why ``value`` would not come back unchanged from the workbook (None: it would)."""
    if isinstance(value, Enum):
        value = value.value
    shown = to_cell(col, value)
    if is_blank(shown):
        if col.entry:
            return "giá trị rỗng không ghi được (ô trống sẽ được hiểu là không có)"
        ok, back = blank_value(col)
        if not ok:
            back = col.default
        if isinstance(back, Enum):
            back = back.value
        if back != value and not (value in ("", [], {}) and back in ("", [], {})):
            return "giá trị rỗng không ghi được (ô trống sẽ được hiểu là giá trị mặc định)"
        return None
    if isinstance(shown, str) and len(shown) > TEXT_MAX:
        return f"dài quá {TEXT_MAX} ký tự"
    try:
        back = from_cell(col, shown)
    except CellError as e:
        return str(e)
    norm = value
    if col.kind == Kind.tokens and col.item_kind == Kind.enum:
        norm = [v.value if isinstance(v, Enum) else v for v in value]
    if back != norm:
        return "có khoảng trắng đầu/cuối, dòng trống, dấu «;» trong một giá trị hoặc số quá 15 chữ số"
    return None
