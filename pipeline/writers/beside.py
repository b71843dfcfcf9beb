"""One writer run beside the main process, so that both cores write a run's outputs.

After the files are read, ``ptn run`` has one process left and two cores. The consolidated workbook is
the longest output to write (about 0.5 s for 1,000 returned files); everything else (feedback forms,
report, letters, detail list, manifest) takes about as long again. :class:`Beside` runs the Excel
writers (workbook, feedback forms, reminder list) in a *forked* copy of the process – it sees the
consolidated figures as they are, nothing is copied or serialised – while the main process writes the
rest; what the job returns (the files it wrote) comes back pickled. Where the system cannot fork
safely (Windows, macOS) the job simply runs first, in this process, as before: same files, one core.

The copy only runs the job and always ends with :func:`os._exit` – whatever happens in it, it never
returns into the caller's code (no output set closed twice, no atexit handlers). Ctrl+C is left to the
main process (which then stops the copy); the copy's standard streams and warnings go nowhere, so it
never waits for a lock a progress-bar thread of the parent held at the moment of the fork. What it
raised comes back through a pipe and is raised again by :meth:`Beside.wait`, so a failure there stops
the output set like a failure here; a copy that was killed (out of memory) is said as such.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import time
from collections.abc import Callable
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from types import TracebackType

from pipeline.forking import can_fork

_CHILD_FAILED = 70  # the copy's exit code when even reporting its failure failed


class WriterStopped(RuntimeError):
    """The forked writer ended without a result: killed (``killed``: by the system, e.g. out of memory),
    or what it raised could not be brought back (its type and text are in the message)."""

    def __init__(self, message: str, killed: bool = False):
        super().__init__(message)
        self.killed = killed


class Beside:
    """``with Beside(job) as side: …; side.wait()``: ``job()`` runs in a forked copy while the block
    runs; ``wait()`` returns its duration in seconds (what it returned is then :attr:`value`, sent
    back pickled), or raises what it raised. Leaving the block with an exception stops the copy.
    Without fork, ``job()`` runs when the block is entered."""

    def __init__(self, job: Callable[[], object], *, fork: bool | None = None):
        self.job = job
        self.fork = can_fork() if fork is None else fork
        self.pid: int | None = None
        self._conn: Connection | None = None  # what the copy sends back
        self.seconds: float | None = None
        self.value: object = None  # what job() returned

    def __enter__(self) -> Beside:
        if self.fork and self._start():
            return self
        t = time.perf_counter()  # no fork here (or none to be had): the job runs now, in this process
        self.value = self.job()
        self.seconds = time.perf_counter() - t
        return self

    def _start(self) -> bool:
        import warnings

        reader, writer = Pipe(duplex=False)
        # Ctrl+C is held back across the fork: the copy must never see it as a KeyboardInterrupt
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            with warnings.catch_warnings():
                # Python ≥ 3.12 warns that a multi-threaded process may deadlock in a forked child: the
                # copy takes no lock another thread may hold (streams to devnull, warnings off)
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:  # the system's process limit, or no memory for a copy
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            reader.close()
            writer.close()
            return False
        if pid == 0:  # the copy: SIGINT stays blocked here, it never returns from _child
            _child(self.job, reader, writer)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        writer.close()
        self.pid, self._conn = pid, reader
        return True

    def wait(self) -> float:
        """Block until the copy is done; its seconds, or what it raised, raised here."""
        if self.pid is None:
            return self.seconds or 0.0
        conn, self._conn = self._conn, None
        try:
            data = conn.recv_bytes()
        except EOFError:  # the copy ended without a word
            data = b""
        finally:
            conn.close()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        code = os.waitstatus_to_exitcode(status)
        try:
            kind, value, text = pickle.loads(data)
        except Exception:
            raise WriterStopped(
                f"tiến trình ghi song song dừng đột ngột (mã {code})", killed=code == -signal.SIGKILL
            ) from None
        if kind == "ok":
            self.seconds, self.value = value
            return self.seconds
        try:
            error = pickle.loads(value)
        except Exception:
            raise WriterStopped(text) from None
        raise error

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.pid is None:
            return
        if et is None:
            self.wait()
            return
        try:  # the block failed: the copy's file is not wanted (the staging folder goes with it)
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        os.waitpid(self.pid, 0)
        self.pid = None


def _child(job: Callable[[], object], reader: Connection, writer: Connection) -> None:
    """The copy's whole life: run ``job``, send back ``(kind, value, text)``, ``os._exit`` – always."""
    try:
        reader.close()
        import gc
        import warnings

        # what the copy inherits is set aside, never walked by the collector (walking it would touch, and
        # so copy, every page of the parent); what the job makes is collected as usual (each feedback
        # form leaves ~0.4 MB of cycles: not collecting them grew the copy by ~450 MB for 1,000 forms)
        gc.freeze()
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # open until _exit
        warnings.simplefilter("ignore")
        try:
            t = time.perf_counter()
            value = job()
            message = ("ok", (time.perf_counter() - t, value), "")
            code = 0
        except BaseException as e:  # everything goes back to the parent
            message = ("error", _pickled(e), _described(e))
            code = 1
        try:
            data = pickle.dumps(message)
        except BaseException as e:  # what the job returned cannot be sent back
            data, code = pickle.dumps(("error", _pickled(e), _described(e))), 1
        writer.send_bytes(data)
        os._exit(code)
    finally:
        os._exit(_CHILD_FAILED)


def _pickled(e: BaseException) -> bytes | None:
    try:
        return pickle.dumps(e)
    except BaseException:
        return None


def _described(e: BaseException) -> str:
    try:
        return f"{type(e).__name__}: {e}"
    except BaseException:
        return type(e).__name__
