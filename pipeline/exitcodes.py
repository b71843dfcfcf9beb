"""The one exit-code convention of every ``ptn`` command (README, "Mã thoát")."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    DONE = 0  # xong
    PROBLEMS = 1  # đã kiểm tra, có vấn đề (danh mục sai, tệp có lỗi, --strict)
    USAGE = 2  # sai cách gọi, cấu hình hoặc thiếu đường dẫn


class UsageProblem(Exception):
    """A usage, configuration or missing-path problem: exit 2 with a Vietnamese hint."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class OutputLocked(UsageProblem):
    """An output file is open in another program (Excel on Windows locks it)."""
