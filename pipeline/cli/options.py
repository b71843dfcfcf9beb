"""Parsing shared by the command modules: option values that need a Vietnamese error message."""

from __future__ import annotations

import datetime as dt

from pipeline.exitcodes import UsageProblem
from pipeline.vn import parse_date


def date_option(text: str | None, option: str, example: str) -> dt.date | None:
    """``--as-of 14/11/2024`` → a date; a wrong date is a usage problem (exit 2) with an example."""
    if text is None or not text.strip():
        return None
    d = parse_date(text)
    if d is None:
        raise UsageProblem(
            f"Ngày không hợp lệ cho {option}: «{text}».",
            hint=f"Ghi theo dạng ngày/tháng/năm, ví dụ {option} {example}.",
        )
    return d
