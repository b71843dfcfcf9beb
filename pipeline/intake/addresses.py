"""A1 cell addresses from 0-based row and column numbers (one implementation for all of intake)."""

from __future__ import annotations

from functools import lru_cache


def col_letter(c: int) -> str:
    """0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


@lru_cache(maxsize=1 << 16)  # the forms of one template put their cells at the same addresses
def a1(r: int, c: int) -> str:
    """(0, 0) → ``A1``."""
    return f"{col_letter(c)}{r + 1}"
