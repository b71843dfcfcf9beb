"""Parsing shared by the command modules: option values that need a Vietnamese error message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from pipeline.exitcodes import UsageProblem
from pipeline.vn import parse_date

PlanOption = Annotated[Path | None, typer.Option("--plan", help="Tệp danh mục kế hoạch (.yaml).")]


def load_plan(path: Path | None):
    """The catalog for a command other than ``ptn plan check``: a broken one is a configuration
    problem (exit 2) that names its first errors and points to ``ptn plan check``."""
    from pipeline.catalog.load import CatalogSyntaxError, load_catalog
    from pipeline.catalog.validate import blocking_problems

    if path is not None and path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise UsageProblem(
            f"{path} là bảng tính danh mục, không phải danh mục (.yaml).",
            hint=f"Nhập bảng tính thành danh mục bằng «ptn plan import {path}», rồi dùng --plan <tệp .yaml>.",
        )
    try:
        loaded = load_catalog(path)
    except CatalogSyntaxError as e:
        first = "; ".join(e.problems[:3]) + (" …" if len(e.problems) > 3 else "")
        raise UsageProblem(
            f"Danh mục kế hoạch không hợp lệ: {e.path} – {first}",
            hint="Sửa danh mục theo các lỗi trên (chạy «ptn plan check» để xem đủ) rồi chạy lại.",
        ) from None
    blocking = blocking_problems(loaded.catalog)
    if blocking:  # a new plan (ptn plan new) not yet completed: no form, intake or report from it
        raise UsageProblem(
            f"Kế hoạch {loaded.catalog.plan.id} chưa hoàn thiện: còn {len(blocking)} mục phải điền hoặc xem xét "
            "(số, ngày ban hành, các mục chuyển từ kế hoạch trước).",
            hint=f"Xem danh sách: ptn plan check {loaded.path.as_posix()}; điền trong bảng tính "
            f"(ptn plan export --plan {loaded.path.as_posix()}) rồi ptn plan import.",
        )
    return loaded


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
