"""The rich console every command prints to: UTF-8 on every platform (Windows included)."""

from __future__ import annotations

import sys

from rich.console import Console


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


_utf8_streams()
console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)
