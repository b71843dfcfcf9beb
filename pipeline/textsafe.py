"""Text from outside (file names, e-mail headers, registers, exception texts) made safe to print,
write to JSON, Excel and Word: lone surrogates (undecodable bytes under a strict UTF-8 locale) and
control characters replaced, NFC. Applied where such text enters ptn, and once more on findings."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(text: object, limit: int | None = None) -> str:
    """``text`` as a printable, encodable str (``�`` for what cannot be shown)."""
    s = "" if text is None else str(text)
    if _SURROGATE.search(s):
        # bytes smuggled in with surrogateescape: decode them as UTF-8 where they are, else replace
        s = s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        s = _SURROGATE.sub("\ufffd", s)
    s = _CONTROL.sub("\ufffd", s)
    s = unicodedata.normalize("NFC", s)
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    return s
