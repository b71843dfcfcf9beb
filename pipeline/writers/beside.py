"""One writer run beside the main process, so that both cores write a run's outputs.

After the files are read, ``ptn run`` has one process left and two cores. The consolidated workbook is
the longest output to write (about 1 s for 1,000 returned files); everything else (report, letters,
detail list, manifest) takes about as long again. :class:`Beside` runs the workbook writer in a
*forked* copy of the process – it sees the consolidated figures as they are, nothing is copied or
serialised – while the main process writes the rest. Where the system cannot fork safely (Windows,
macOS) the writer simply runs first, in this process, as before: same files, one core.

The copy only writes its file and ends with :func:`os._exit`: no console output, no atexit handlers,
no flushing of streams a progress-bar thread of the parent may have held at the moment of the fork.
What it raised (or that it was killed) comes back through a pipe and is raised again by
:meth:`Beside.wait`, so a failure there stops the output set like a failure here.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from collections.abc import Callable
from types import TracebackType


def can_fork() -> bool:
    """Linux only: fork is safe there for a process that only computes and writes files (macOS forbids
    it after some system frameworks are loaded; Windows has no fork)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class WriterStopped(RuntimeError):
    """The forked writer ended without saying how (killed by a signal, e.g. out of memory)."""


class Beside:
    """``with Beside(job) as side: …; side.wait()``: ``job()`` runs in a forked copy while the block
    runs; ``wait()`` returns its duration in seconds, or raises what it raised. Leaving the block with
    an exception stops the copy. Without fork, ``job()`` runs when the block is entered."""

    def __init__(self, job: Callable[[], object], *, fork: bool | None = None):
        self.job = job
        self.fork = can_fork() if fork is None else fork
        self.pid: int | None = None
        self._read_end: int | None = None
        self.seconds: float | None = None

    def __enter__(self) -> Beside:
        if self.fork and self._start():
            return self
        t = time.perf_counter()  # no fork here (or none to be had): the job runs now, in this process
        self.job()
        self.seconds = time.perf_counter() - t
        return self

    def _start(self) -> bool:
        import warnings

        read_end, write_end = os.pipe()
        try:
            with warnings.catch_warnings():
                # Python ≥ 3.12 warns that a multi-threaded process may deadlock in a forked child: the
                # copy takes no lock another thread may hold (no console, no logging, no stream flush)
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:  # the system's process limit, or no memory for a copy
            os.close(read_end)
            os.close(write_end)
            return False
        if pid == 0:  # the copy
            os.close(read_end)
            _child(self.job, write_end)  # never returns
        os.close(write_end)
        self.pid, self._read_end = pid, read_end
        return True

    def wait(self) -> float:
        """Block until the copy is done; its seconds, or what it raised, raised here."""
        if self.pid is None:
            return self.seconds or 0.0
        fd, self._read_end = self._read_end, None  # closed by _read_all, even when interrupted
        data = _read_all(fd)
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        code = os.waitstatus_to_exitcode(status)
        try:
            kind, value = pickle.loads(data)
        except Exception:
            raise WriterStopped(f"tiến trình ghi song song dừng đột ngột (mã {code})") from None
        if kind == "error":
            raise value
        self.seconds = value
        return value

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.pid is None:
            return
        if et is None:
            self.wait()
            return
        import signal

        try:  # the block failed: the copy's file is not wanted (the staging folder goes with it)
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self._read_end is not None:
            os.close(self._read_end)
        os.waitpid(self.pid, 0)
        self.pid = None


def _child(job: Callable[[], object], write_end: int) -> None:
    import gc

    gc.disable()  # a short-lived copy: collecting would touch (and so copy) every page of the parent
    code = 0
    try:
        t = time.perf_counter()
        job()
        payload = ("ok", time.perf_counter() - t)
    except BaseException as e:  # everything, KeyboardInterrupt too, goes back to the parent
        code = 1
        payload = ("error", e)
    try:
        data = pickle.dumps(payload)
    except Exception:
        e = payload[1]
        data = pickle.dumps(("error", RuntimeError(f"{type(e).__name__}: {e}")))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
    finally:
        os._exit(code)


def _read_all(fd: int) -> bytes:
    chunks = []
    try:
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)
