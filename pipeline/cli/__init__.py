"""``ptn`` – the command line. One module per command group; each registers itself here.

Exit codes (README, "Mã thoát"): 0 done; 1 checked and has problems; 2 usage, configuration
or missing path, always with a Vietnamese hint.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from pipeline.console import err_console
from pipeline.exitcodes import Exit, UsageProblem

app = typer.Typer(
    name="ptn",
    help="ptn – tổng hợp báo cáo kết quả thực hiện Chương trình phát triển thanh niên tỉnh Lạng Sơn.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

# Command groups (each module adds its commands to ``app``).
from pipeline.cli import check as _check  # noqa: E402,F401
from pipeline.cli import cong_van as _cong_van  # noqa: E402,F401
from pipeline.cli import mail as _mail  # noqa: E402,F401
from pipeline.cli import plan as _plan  # noqa: E402,F401
from pipeline.cli import report as _report  # noqa: E402,F401
from pipeline.cli import run as _run  # noqa: E402,F401
from pipeline.cli import so_ket as _so_ket  # noqa: E402,F401
from pipeline.cli import templates as _templates  # noqa: E402,F401


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``ptn``: usage errors exit 2 (click's own convention matches ours).

    Called as the program (``argv`` None: the ``ptn`` script, ``python -m pipeline``), the process
    ends as soon as the command is done (:func:`_end_now`); called with ``argv`` (tests, scripts), it
    raises :class:`SystemExit` as usual."""
    try:
        _main(argv)
    except SystemExit as e:
        if argv is None:
            _end_now(e.code)
        raise


def _end_now(code: object) -> None:
    """End the process without tearing the interpreter down: every output is written, closed and
    published by now, and freeing every module and object one by one only costs time (~0.1 s after
    ``ptn run``). What the normal end does that matters still happens: the exit handlers run (they
    remove temporary folders and wait for child processes) and the console is flushed. A thread
    still running (none should be) gets the normal end, which waits for it."""
    import atexit
    import os
    import threading

    if threading.active_count() > 1:
        return
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if not isinstance(code, int | None):
        print(code, file=sys.stderr)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(status)


def _main(argv: list[str] | None) -> None:
    try:
        app(args=argv, prog_name="ptn")
    except UsageProblem as e:
        err_console.print(f"[bold red]Lỗi:[/] {escape(e.message)}")
        if e.hint:
            err_console.print(f"[yellow]Gợi ý:[/] {escape(e.hint)}")
        if getattr(e, "detail", ""):
            err_console.print(f"[dim]Chi tiết kỹ thuật: {escape(e.detail)}[/]")
        sys.exit(Exit.USAGE)
    except KeyboardInterrupt:
        err_console.print("Đã dừng.")
        sys.exit(Exit.USAGE)
    except Exception as e:  # a bug: a Vietnamese message, the traceback in a log file, never on screen
        log = _log_traceback(e)
        err_console.print(
            "[bold red]Lỗi:[/] ptn gặp lỗi nội bộ và đã dừng; các tệp kết quả trước đó được giữ nguyên."
        )
        err_console.print(f"[yellow]Gợi ý:[/] Gửi tệp {log} cho người quản trị ptn." if log else "")
        sys.exit(Exit.USAGE)


def _log_traceback(e: BaseException) -> str:
    import tempfile
    import traceback

    try:
        fd, path = tempfile.mkstemp(prefix="ptn-loi-", suffix=".txt")
        with open(fd, "w", encoding="utf-8", errors="replace") as fh:
            fh.write("".join(traceback.format_exception(e)))
        return path
    except OSError:
        return ""
