"""When this process may be copied with ``os.fork`` – one rule for the reader workers
(:mod:`pipeline.intake.pool`) and the writer run beside the main process (:mod:`pipeline.writers.beside`)."""

from __future__ import annotations

import os
import sys


def can_fork() -> bool:
    """Linux only: fork is safe there for a process that only computes, reads and writes files (macOS
    forbids it after some system frameworks are loaded; Windows has no fork)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def alone() -> bool:
    """No other thread runs in this process (threads of C libraries counted too): a fork copies only
    the calling thread, so a lock another thread held would stay held in the copy for ever."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False
