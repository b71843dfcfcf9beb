"""Vietnamese text, number and date conventions (DOMAIN §9, ND30-FORMAT §4).

Everything a person reads goes through these helpers: NFC text, ``1.234.567`` and ``85,5%``
numbers, ``ngày 05 tháng 01 năm 2026`` dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "dia_danh_ngay",
    "dung_luong",
    "fold",
    "nfc",
    "ngay",
    "ngay_thang_nam",
    "parse_date",
    "pct_vn",
    "slug",
    "so_chu",
    "so_vn",
]


def nfc(text: str | None) -> str:
    """Return ``text`` in Unicode NFC (files from macOS arrive in NFD)."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text))


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str | None) -> str:
    """Case- and diacritics-insensitive key: ``"Thành phố Lạng Sơn"`` → ``"thanh pho lang son"``.
    Kept for the names it has seen (units, sheets, labels are folded again and again)."""
    t = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if unicodedata.category(c) != "Mn")
    return _NOT_ALNUM.sub(" ", t).strip().lower()


_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")


def slug(text: str, max_len: int = 40) -> str:
    """ASCII file-name slug: ``"Sở Nội vụ"`` → ``"so-noi-vu"``."""
    s = fold(text).replace(" ", "-")
    return s[:max_len].strip("-") or "x"


def _round(x: float | Decimal, nd: int) -> Decimal:
    q = Decimal(1).scaleb(-nd) if nd else Decimal(1)
    return Decimal(str(x)).quantize(q, rounding=ROUND_HALF_UP)


def so_vn(x: float | int | Decimal | None, nd: int = 0, trim: bool = False) -> str:
    """Format a number the Vietnamese way: ``1234567.5`` → ``1.234.567,5``.

    ``nd`` decimals, rounded half up; ``trim`` drops trailing zeros of the fraction.
    """
    if x is None:
        return ""
    d = _round(x, nd)
    s = f"{d:,.{nd}f}"
    s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if trim and "," in s:
        s = s.rstrip("0").rstrip(",")
    if s in ("-0", "-0,0"):
        s = s.lstrip("-")
    return s


def pct_vn(x: float | None, nd: int = 1) -> str:
    """A percentage with no space before ``%``: ``85.5`` → ``85,5%``."""
    if x is None:
        return ""
    return f"{so_vn(x, nd, trim=True)}%"


def ngay(d: dt.date | dt.datetime | None) -> str:
    """Short date ``dd/mm/yyyy`` for tables."""
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def ngay_thang_nam(d: dt.date | None, blank_day: bool = False) -> str:
    """``ngày 05 tháng 01 năm 2026`` (day < 10 and months 1–2 take a leading zero)."""
    if d is None:
        return ""
    m = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    day = "    " if blank_day else f"{d.day:02d}"
    return f"ngày {day} tháng {m} năm {d.year}"


def dia_danh_ngay(d: dt.date, place: str = "Lạng Sơn", blank_day: bool = False) -> str:
    """``Lạng Sơn, ngày 05 tháng 11 năm 2025``."""
    return f"{place}, {ngay_thang_nam(d, blank_day=blank_day)}"


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?P<rest>.*)$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?P<rest>.*)$")


def parse_date(text: str | None, allow_time: bool = False) -> dt.date | None:
    """``05/11/2025`` (also ``5.11.2025``, ``5-11-2025``) or ISO ``2025-11-05`` → a date; ``None`` when
    it is not one. ``allow_time``: a time after the date (``20/11/2024 08:30``) is ignored."""
    s = nfc(text).strip()
    m = _DMY.match(s)
    parts = (m[3], m[2], m[1]) if m else None
    if m is None:
        m = _YMD.match(s)
        parts = (m[1], m[2], m[3]) if m else None
    if m is None or parts is None:
        return None
    rest = m["rest"].strip()
    if rest and not (allow_time and m["rest"][:1].isspace()):
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def dung_luong(n_bytes: int | float) -> str:
    """A size a person reads: ``20 MB``, ``1,5 GB``, ``350 KB`` (never a raw byte count)."""
    n = float(n_bytes)
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            v = n / size
            return f"{so_vn(v, 0 if v >= 100 or v == int(v) else 1, trim=True)} {unit}"
    return f"{so_vn(n)} byte"


def so_chu(n: int | float) -> str:
    """A large count in words: ``16,8 triệu``, ``1,2 tỷ``, ``350 nghìn``; small numbers as digits."""
    n = float(n)
    for word, size in (("tỷ", 1e9), ("triệu", 1e6), ("nghìn", 1e3)):
        if abs(n) >= size:
            v = n / size
            return f"{so_vn(v, 0 if v >= 100 else 1, trim=True)} {word}"
    return so_vn(n)
