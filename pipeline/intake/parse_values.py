"""Typed parsing of one input cell by its field type (DOMAIN §9).

Pure functions, no I/O: :func:`parse_value` takes what the reader returned and the field's type and
gives the parsed value plus the issues found, each ``(code, severity-free facts)``. The messages
themselves live in :mod:`pipeline.checks.messages`; :mod:`pipeline.checks.check_type` turns the
issues into findings.

* numbers typed as text are converted when the type makes them unambiguous (``85,5``, ``85%``,
  `` 12 ``, ``1.234`` in a count is 1234, ``1.234,5``) → ``VALUE-CONVERTED`` (info);
* ``1.234`` in an amount or decimal field is read the Vietnamese way (1234) → ``VALUE-AMBIGUOUS``;
* anything else in a number field → ``VALUE-NOT-NUMBER``; a fraction in a count → ``VALUE-NOT-WHOLE``;
* dates from Excel dates, serial numbers and ``dd/mm/yyyy`` text; choices matched NFC, then without
  case, then without diacritics;
* TCVN3 / VNI text (legacy fonts, not Unicode) detected by its characters, converted to Unicode
  (the value used everywhere after) → ``VALUE-LEGACY-ENCODING`` saying what it became.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.intake.legacy_text import to_unicode
from pipeline.vn import fold, nfc, parse_date, so_vn

NUMERIC_TYPES = frozenset({"count", "amount", "ratio_part", "decimal"})
WHOLE_TYPES = frozenset({"count", "ratio_part"})

EXCEL_EPOCH = dt.date(1899, 12, 30)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")


@dataclass
class Issue:
    code: str  # VALUE-CONVERTED, VALUE-AMBIGUOUS, VALUE-NOT-NUMBER, …
    facts: dict[str, str] = field(default_factory=dict)  # template arguments (text, value, …)


@dataclass
class Parsed:
    value: Any  # float, str, datetime.date or None
    raw: str  # the text as typed ("" when empty)
    issues: list[Issue] = field(default_factory=list)


# --------------------------------------------------------------------------- raw text


def raw_text(v: Any) -> str:
    """The cell as a person typed it: ``12.0`` → ``"12"``, dates ``dd/mm/yyyy``."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if isinstance(v, dt.datetime):
        if v.time() == dt.time(0):
            return f"{v.day:02d}/{v.month:02d}/{v.year}"
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return f"{v.day:02d}/{v.month:02d}/{v.year}"
    return nfc(str(v))


def is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())  # strip() takes what _SPACES matches


# --------------------------------------------------------------------------- legacy encodings

# Vietnamese letters that sit in Latin-1: real Unicode Vietnamese text uses them.
_VN_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
# Latin-1 signs that turn up in ordinary text.
_COMMON_SIGNS = set("°·±×§²")
# The Latin-1 letters and signs that are neither of the two sets above: what a legacy font leaves.
_ODD = re.compile(
    "["
    + "".join(c for c in map(chr, range(0xA1, 0x100)) if c not in _VN_LATIN1 and c not in _COMMON_SIGNS)
    + "]"
)
_BEYOND_LATIN1 = re.compile("[^\x00-\xff]")
# A vowel followed by a VNI tone/shape byte: sequences Unicode Vietnamese never has ("aù" = á, "eá" = ế).
_VNI_SEQ = re.compile(r"[aeiouyAEIOUY][ùøûõïäåëü]|[aeAE][áàâãä]|[aeiouyAEIOUY][ÙØÛÕÏÄÅËÜ]")


def legacy_encoding(text: str) -> str | None:
    """``"TCVN3"`` or ``"VNI"`` when ``text`` looks typed in a legacy Vietnamese font, else None."""
    if not text or text.isascii():
        return None
    odd = _ODD.findall(text)
    vni_seq = _VNI_SEQ.search(text)
    has_unicode_vn = _BEYOND_LATIN1.search(text) is not None
    if not odd and not vni_seq:
        return None
    if has_unicode_vn and len(odd) < 2 and not vni_seq:
        return None
    if any(c <= "\u00bf" for c in odd):  # ¸ µ ¬ © ® …: TCVN3 puts its letters in the sign range
        return "TCVN3"
    return "VNI"


# --------------------------------------------------------------------------- numbers

_INT = re.compile(r"^[+-]?\d+$")
_DOT_GROUPS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")  # 1.234 / 1.234.567
_COMMA_GROUPS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+$")  # 1,234 / 1,234,567
_DEC_COMMA = re.compile(r"^[+-]?\d+,\d+$")  # 85,5
_DEC_DOT = re.compile(r"^[+-]?\d+\.\d+$")  # 85.5
_VN_FULL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$")  # 1.234,5
_EN_FULL = re.compile(r"^[+-]?\d{1,3}(,\d{3})*\.\d+$")  # 1,234.5


def _num(s: str) -> float:
    return float(s)


def _parse_number_text(text: str, ftype: str) -> tuple[float | None, str | None]:
    """``(value, issue code)``; issue None when the text is a plain number."""
    s = _SPACES.sub("", text)
    pct = False
    if s.endswith("%"):
        pct, s = True, s[:-1]
    if not s:
        return None, "VALUE-NOT-NUMBER"
    if pct and ftype != "decimal":
        return None, "VALUE-NOT-NUMBER"  # a per cent sign in a count or an amount is not a number we can use
    whole = ftype in WHOLE_TYPES
    conv = "VALUE-CONVERTED"
    if _INT.match(s):
        return _num(s), conv
    if len(s.split(".")) > 2 and _DOT_GROUPS.match(s):  # 1.234.567: only grouping
        return _num(s.replace(".", "")), conv
    if _DOT_GROUPS.match(s):  # 1.234
        return _num(s.replace(".", "")), (conv if whole else "VALUE-AMBIGUOUS")
    if _COMMA_GROUPS.match(s) and whole:  # 1,234 in a count: a count holds no fraction
        return _num(s.replace(",", "")), conv
    if _DEC_COMMA.match(s):
        return _num(s.replace(",", ".")), conv
    if _DEC_DOT.match(s):
        return _num(s), conv
    if _VN_FULL.match(s):
        return _num(s.replace(".", "").replace(",", ".")), conv
    if _EN_FULL.match(s):
        return _num(s.replace(",", "")), conv
    return None, "VALUE-NOT-NUMBER"


def _number(v: Any, ftype: str, raw: str) -> Parsed:
    out = Parsed(None, raw)
    if isinstance(v, bool) or isinstance(v, dt.date | dt.time | dt.timedelta):
        out.issues.append(Issue("VALUE-NOT-NUMBER", {"text": raw}))
        return out
    if isinstance(v, int | float):
        x = float(v)
        if not math.isfinite(x):
            out.issues.append(Issue("VALUE-NOT-NUMBER", {"text": raw}))
            return out
        out.value = x
    else:
        text = nfc(str(v)).strip()
        x, code = _parse_number_text(text, ftype)
        if x is None:
            out.issues.append(Issue("VALUE-NOT-NUMBER", {"text": raw}))
            return out
        out.value = x
        shown = so_vn(x, 6, trim=True)
        if code == "VALUE-AMBIGUOUS":
            alt = so_vn(float(_SPACES.sub("", text).replace(".", ",").replace(",", ".")), 3, trim=True)
            out.issues.append(Issue(code, {"text": text, "parsed": shown, "other": alt}))
        elif code:
            out.issues.append(Issue(code, {"text": text, "parsed": shown}))
    if ftype in WHOLE_TYPES and out.value is not None and out.value != int(out.value):
        out.issues = [i for i in out.issues if i.code != "VALUE-CONVERTED"]
        out.issues.append(Issue("VALUE-NOT-WHOLE", {"text": raw}))
        out.value = None
    return out


# --------------------------------------------------------------------------- dates


def _date(v: Any, raw: str) -> Parsed:
    out = Parsed(None, raw)
    if isinstance(v, dt.datetime):
        out.value = v.date()
        return out
    if isinstance(v, dt.date):
        out.value = v
        return out
    d: dt.date | None = None
    if isinstance(v, int | float) and not isinstance(v, bool):
        if math.isfinite(v) and 1 <= v < 2958466:
            d = EXCEL_EPOCH + dt.timedelta(days=int(v))
    elif isinstance(v, str):
        d = parse_date(v)
    if d is None:
        out.issues.append(Issue("VALUE-NOT-DATE", {"text": raw}))
        return out
    out.value = d
    out.issues.append(
        Issue("VALUE-CONVERTED", {"text": raw, "parsed": f"{d.day:02d}/{d.month:02d}/{d.year}"})
    )
    return out


# --------------------------------------------------------------------------- choices & text


def _choice(v: Any, choices: list[str], raw: str) -> Parsed:
    out = Parsed(None, raw)
    enc = legacy_encoding(raw)
    text = _SPACES.sub(" ", to_unicode(raw, enc) if enc else raw).strip()
    by_nfc = {nfc(c): c for c in choices}
    if text in by_nfc:
        out.value = by_nfc[text]
    else:
        low = {nfc(c).casefold(): c for c in choices}
        folded = {fold(c): c for c in choices}
        if text.casefold() in low:
            out.value = low[text.casefold()]
        elif fold(text) and fold(text) in folded:
            out.value = folded[fold(text)]
            out.issues.append(Issue("VALUE-CONVERTED", {"text": raw, "parsed": out.value}))
        else:
            out.issues.append(Issue("VALUE-NOT-CHOICE", {"text": raw, "choices": " / ".join(choices)}))
    if enc:
        out.issues.append(Issue("VALUE-LEGACY-ENCODING", {"text": raw, "encoding": enc, "converted": text}))
    return out


def _legacy(out: Parsed, raw: str) -> None:
    """Text in a legacy font: the value becomes its Unicode conversion, and the unit is told."""
    enc = legacy_encoding(raw)
    if enc:
        converted = _SPACES.sub(" ", to_unicode(raw, enc)).strip()
        out.value = converted
        out.issues.append(
            Issue("VALUE-LEGACY-ENCODING", {"text": raw, "encoding": enc, "converted": converted})
        )


def parse_value(v: Any, ftype: str, choices: list[str] | None = None) -> Parsed:
    """Parse what the reader returned for one input cell of type ``ftype`` (a FieldType value)."""
    if v is None:
        return Parsed(None, "")
    if v.__class__ is float and ftype in NUMERIC_TYPES and math.isfinite(v):
        if v.is_integer() or ftype not in WHOLE_TYPES:  # a number where one is asked (most cells)
            return Parsed(v, raw_text(v))
    raw = raw_text(v)
    if is_blank(v):
        return Parsed(None, raw)
    if ftype in NUMERIC_TYPES:
        return _number(v, ftype, raw)
    if ftype == "date":
        return _date(v, raw)
    if ftype == "choice":
        return _choice(v, choices or [], raw)
    out = Parsed(_SPACES.sub(" ", raw).strip() if isinstance(v, str) else raw, raw)
    _legacy(out, raw)
    return out
