"""Small writing tools of the report body: Vietnamese numbers, name lists, and the outline tree.

The body is a tree of :class:`Block` s (a heading and what is under it); :func:`flatten` numbers it
the ND 30 way (``I.`` CAPS, ``1.``, ``a)``) and drops every heading with nothing under it, so a part
without data disappears instead of standing empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.vn import pct_vn, so_vn

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
LETTERS = "abcdđeghiklmnopqrstuvxy"


def so(x: float | None) -> str:
    """``1.234`` for whole numbers, ``1.234,56`` (trimmed) otherwise; "" for None."""
    if x is None:
        return ""
    return so_vn(x, 0) if float(x).is_integer() else so_vn(x, 2, trim=True)


def value(x: float | None, uom: str) -> str:
    """A target's value: ``85,5%`` for a percentage, else :func:`so`."""
    if x is None:
        return ""
    return pct_vn(x, 1) if uom.strip() == "%" else so(x)


def value_uom(x: float | None, uom: str) -> str:
    """``85,5%``, ``9.860 người``, ``165,4 cm``."""
    s = value(x, uom)
    if not s or uom.strip() in ("%", ""):
        return s
    return f"{s} {uom.strip()}"


def change(x: float | None, uom: str) -> str:
    """A difference with its sign: ``+2,0 điểm %`` (one decimal, always) or ``+406``."""
    if x is None:
        return ""
    sign = "+" if x > 0 else ""
    if uom.strip() == "%":
        return f"{sign}{so_vn(x, 1)} điểm %"
    return f"{sign}{so(round(x, 2))}"


def ratio(part: float, whole: float) -> str:
    """``89,9%`` (part of whole); "" when the whole is 0."""
    return pct_vn(100 * part / whole, 1) if whole else ""


def join(items: list[str]) -> str:
    """``A, B và C``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def sentence(text: str) -> str:
    """A unit's text as a clause: collapsed whitespace, no final stop."""
    return re.sub(r"\s+", " ", text).strip().rstrip(" .;")


def capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# --------------------------------------------------------------------------- the outline tree


@dataclass
class Block:
    """A heading (``title``, empty for the root) and its paragraphs and sub-blocks, in order."""

    title: str = ""
    children: list[Any] = field(default_factory=list)

    def h(self, title: str) -> Block:
        b = Block(title)
        self.children.append(b)
        return b

    def p(self, text: str) -> None:
        """A paragraph; an empty text (a sentence the Sở emptied, or no data) adds nothing."""
        if text and text.strip():
            self.children.append(text.strip())

    def has_content(self) -> bool:
        return any(isinstance(c, str) or c.has_content() for c in self.children)


def flatten(root: Block) -> list[dict[str, Any]]:
    """Numbered paragraphs ``{"cap": level, "noi_dung": text}`` (level 0 = body text)."""
    out: list[dict[str, Any]] = []

    def walk(block: Block, depth: int) -> None:
        n = 0
        for c in block.children:
            if isinstance(c, str):
                out.append({"cap": 0, "noi_dung": c})
                continue
            if not c.has_content():
                continue  # a heading with nothing under it is dropped
            if depth == 0:
                out.append({"cap": 1, "noi_dung": f"{ROMAN[n]}. {c.title.upper()}"})
            elif depth == 1:
                out.append({"cap": 2, "noi_dung": f"{n + 1}. {c.title}"})
            else:
                out.append({"cap": 3, "noi_dung": f"{LETTERS[n]}) {c.title}"})
            n += 1
            walk(c, depth + 1)

    walk(root, 0)
    return out


# ND 30 Phụ lục III: the type codes of a ký hiệu ("14/KH-SNV" → Kế hoạch)
DOC_KINDS = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QYĐ": "Quy định",
    "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn", "CTR": "Chương trình", "KH": "Kế hoạch",
    "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo", "TTR": "Tờ trình",
}  # fmt: skip


def document_kind(number: str, product: str = "") -> str:
    """The kind of a document from its ký hiệu (ND 30), else the plan's product, else "văn bản"."""
    m = re.match(r"^\s*\d+\s*/\s*([^-/\s]+)", number or "")
    if m:
        code = m.group(1).upper()
        if code in DOC_KINDS:
            return DOC_KINDS[code]
    return product.strip() or "văn bản"
