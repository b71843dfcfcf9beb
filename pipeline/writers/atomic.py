"""Atomic output writes, and a clear message when an output file is open in Excel.

Every output is written to a temporary file in the same folder and renamed into place, so a crash or
a locked file never leaves a half-written output. On Windows, Excel holds an open workbook locked:
the rename fails with ``PermissionError`` and the user is told to close it and run again.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.exitcodes import OutputLocked
from pipeline.writers.output_set import OutputFailed, honour_umask, why


def _locked_message(path: Path) -> OutputLocked:
    return OutputLocked(
        f"Không ghi được {path}: tệp đang mở trong một chương trình khác (Excel, Word…).",
        hint=f"Đóng tệp {path.name} rồi chạy lại lệnh. Chưa có tệp kết quả nào bị ghi dở.",
    )


def check_writable(path: Path) -> None:
    """Raise :class:`OutputLocked` when ``path`` exists and is open elsewhere.

    Excel keeps an owner file ``~$<name>`` beside an open workbook (on every platform it syncs to);
    on Windows the open file itself cannot be opened for writing.
    """
    owners = {path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])}
    if path.is_dir():
        raise OutputFailed(
            f"Không ghi được {path}: đã có một thư mục trùng tên với tệp kết quả. Các tệp kết quả trước đó "
            "được giữ nguyên.",
            hint=f"Đổi tên hoặc chuyển thư mục {path.name} sang chỗ khác rồi chạy lại.",
        )
    if path.exists():
        if any(o.exists() for o in owners):
            raise _locked_message(path)
        try:
            with open(path, "r+b"):
                pass
        except PermissionError as e:
            raise _locked_message(path) from e
        except OSError as e:
            raise OutputFailed(
                f"Không ghi được {path} ({why(e)}). Các tệp kết quả trước đó được giữ nguyên.",
                hint="Kiểm tra ổ đĩa và quyền ghi rồi chạy lại.",
                detail=f"{type(e).__name__}: {e}",
            ) from None


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    check_writable(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    honour_umask(tmp_path)  # mkstemp makes 0600: colleagues on a shared folder could not open it
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, path)
        except PermissionError as e:
            raise _locked_message(path) from e
    finally:
        if tmp_path.exists():
            tmp_path.unlink(missing_ok=True)


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_with(path: Path, writer: Callable[[Path], object]) -> Path:
    """Call ``writer(tmp_path)`` and move the result into place. XlsxWriter's ``FileCreateError`` is
    raised as the ``OSError`` it wraps (a full disk is said as such, not as an unknown failure)."""
    with atomic_path(path) as tmp:
        try:
            writer(tmp)
        except Exception as e:
            from xlsxwriter.exceptions import FileCreateError  # loaded already when it is one

            if isinstance(e, FileCreateError) and e.args and isinstance(e.args[0], OSError):
                raise e.args[0] from e
            raise
    return path
