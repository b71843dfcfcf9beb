"""Text typed in the legacy Vietnamese fonts (TCVN3/ABC ``.VnTime``, VNI ``VNI-Times``) converted to
Unicode. Excel stores such text as the Windows-1252 characters of the font's bytes; the tables below
map those characters back (TCVN 5712:1993 VN3 and the VNI Windows table, as Unikey converts them).

TCVN3 puts one letter in one byte; capitals live in a separate font (``.VnTimeH``) with the same
bytes, so a text whose Latin letters are all capitals is converted to capitals. VNI writes a base
letter followed by a mark character.
"""

from __future__ import annotations

import unicodedata

# TCVN3 (ABC): byte (as a Latin-1 character) → letter
_TCVN3 = dict(
    zip(
        "\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae"
        "\xb5\xb6\xb7\xb8\xb9\xbb\xbc\xbd\xbe\xc6\xc7\xc8\xc9\xca\xcb"
        "\xcc\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xdc\xdd\xde"
        "\xdf\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee"
        "\xef\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe",
        "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
        strict=True,
    )
)

# VNI Windows: the marks that follow a base letter, and the letters VNI writes in one character
_VNI_MARK = {  # mark → (combining characters)
    "ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
    "Ø": "\u0300", "Ù": "\u0301", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323",
    "â": "\u0302", "Â": "\u0302",  # â ê ô
    "ê": "\u0306", "Ê": "\u0306",  # ă
    "à": "\u0302\u0300", "á": "\u0302\u0301", "å": "\u0302\u0309", "ã": "\u0302\u0303", "ä": "\u0302\u0323",
    "À": "\u0302\u0300", "Á": "\u0302\u0301", "Å": "\u0302\u0309", "Ã": "\u0302\u0303", "Ä": "\u0302\u0323",
    "è": "\u0306\u0300", "é": "\u0306\u0301", "ú": "\u0306\u0309", "ü": "\u0306\u0303", "ë": "\u0306\u0323",
    "È": "\u0306\u0300", "É": "\u0306\u0301", "Ú": "\u0306\u0309", "Ü": "\u0306\u0303", "Ë": "\u0306\u0323",
}  # fmt: skip
_VNI_SINGLE = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Ì": "Ì", "Í": "Í", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}  # fmt: skip
_VNI_BASES = set("aeiouyAEIOUYơưƠƯ")
# marks that only make sense on some bases: â/ê/ô take the circumflex, ă the breve
_CIRCUMFLEX_BASES = set("aeoAEO")
_BREVE_BASES = set("aA")


def tcvn3_to_unicode(text: str) -> str:
    out = "".join(_TCVN3.get(ch, ch) for ch in text)
    letters = [c for c in text if c.isascii() and c.isalpha()]
    if letters and all(c.isupper() for c in letters):  # typed in the capital font .VnTimeH
        out = out.upper()
    return unicodedata.normalize("NFC", out)


def vni_to_unicode(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        base = _VNI_SINGLE.get(ch, ch) if ch in "ôÔöÖ" else ch
        if base in _VNI_BASES and nxt in _VNI_MARK:
            marks = _VNI_MARK[nxt]
            if ("\u0302" in marks and base not in _CIRCUMFLEX_BASES) or (
                "\u0306" in marks and base not in _BREVE_BASES
            ):
                out.append(_VNI_SINGLE.get(ch, ch))
                i += 1
                continue
            out.append(base + marks)
            i += 2
            continue
        out.append(_VNI_SINGLE.get(ch, ch))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def to_unicode(text: str, encoding: str) -> str:
    """``text`` typed in ``encoding`` ("TCVN3" or "VNI") as Unicode NFC."""
    return tcvn3_to_unicode(text) if encoding == "TCVN3" else vni_to_unicode(text)
