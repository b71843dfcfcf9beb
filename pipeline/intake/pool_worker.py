"""What runs inside a reader worker (a process of :class:`pipeline.intake.pool.ReaderPool`): load the
reader, cap its own memory, say it is ready, then read and examine one job after another and send
each result back. A worker's standard error goes to a file of its own (a Rust panic is kept as the
finding's technical detail).

Like the pool, this module imports nothing heavy at the top: a worker process loads it first, then
the reader and the checks.
"""

from __future__ import annotations

import os
import sys
import time
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from pipeline.intake.limits import MB

if TYPE_CHECKING:
    from pipeline.intake.pool import PoolOptions
    from pipeline.intake.safe import ReadJob

try:  # not on Windows
    import resource
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

# tests only: what a job's ``hook`` makes the worker do before reading
TEST_HOOKS = ("exit", "panic", "sleep", "segfault", "alloc", "memoryerror")


class PanicException(BaseException):
    """Stands in for ``pyo3_runtime.PanicException`` in tests (also a BaseException)."""


def _run_hook(hook: str | None) -> None:
    if not hook:
        return
    if hook == "exit":
        os._exit(3)
    if hook == "panic":
        raise PanicException("called `Option::unwrap()` on a `None` value")
    if hook == "sleep":
        time.sleep(3600)
    if hook == "segfault":
        import ctypes

        ctypes.string_at(0)
    if hook == "alloc":
        hog = []
        while True:
            hog.append(bytearray(16 * MB))
            hog[-1][::4096] = b"x" * len(range(0, 16 * MB, 4096))
    if hook == "memoryerror":
        raise MemoryError


def _peak_reset() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _rss() -> int:
    try:
        import psutil

        return int(psutil.Process().memory_info().rss)
    except Exception:
        return 0


def _peak_rss() -> int | None:
    try:
        with open("/proc/self/status", "rb") as fh:
            status = fh.read()
        at = status.find(b"VmHWM:")
        if at >= 0:
            return int(status[at + 6 : status.index(b"kB", at)]) * 1024
    except (OSError, ValueError):
        pass
    try:
        import psutil

        info = psutil.Process().memory_info()
        return int(getattr(info, "peak_wset", 0) or info.rss)
    except Exception:
        return None


def _quiet_stderr(path: str | None) -> None:
    """Send this process's standard error (file descriptor 2, where Rust writes panics and aborts)
    to ``path``; Python's ``sys.stderr`` follows it."""
    if not path:
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 2)
        os.close(fd)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)
    except OSError:
        pass


def load_reader() -> None:
    """What every worker needs before its first job: the reader and its libraries. A worker forked
    from the main process finds them loaded there (:func:`preload`)."""
    import python_calamine  # noqa: F401

    import pipeline.intake.safe  # noqa: F401


def preload() -> None:
    """Load, in the process that forks the workers, everything a worker uses: forked, they share it
    instead of each loading it again (~0.2 s of a core each)."""
    load_reader()
    _examiners()
    import psutil  # noqa: F401


def worker_main(conn: Connection, opts: PoolOptions, stderr_path: str | None = None,
                inherited: tuple[Connection, ...] = ()) -> None:  # fmt: skip
    """``inherited``: in a worker forked from the main process, the main process's ends of every
    worker's pipe (this one's too), closed first – so a worker sees its pipe end when the main
    process ends, however it ends."""
    for c in inherited:
        try:
            c.close()
        except OSError:
            pass
    _quiet_stderr(stderr_path)
    if inherited:
        import faulthandler

        if faulthandler.is_enabled():  # set up in the main process, writing to its terminal: to the log
            faulthandler.enable(file=sys.stderr)
    os.environ["RUST_BACKTRACE"] = "0"
    # the reader and its libraries are loaded before the memory cap is measured from this size (and
    # before the worker says it is ready: a worker that cannot load them has not started)
    load_reader()
    from pipeline.intake.safe import ReadResult, read_file

    if resource is not None and opts.memory_limit:
        try:
            import psutil

            base = psutil.Process().memory_info().vms
            cap = base + opts.memory_limit + 256 * MB
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                cap = min(cap, hard)
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        except Exception:
            pass
    own = _rss()  # what the worker holds before any file: the base of every memory figure
    conn.send(("ready", os.getpid(), own))
    _warm_up(conn)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        job: ReadJob = msg
        _peak_reset()
        try:
            _run_hook(job.hook)
            result = read_file(job, opts.limits)
            if job.post is not None and result.raw is not None:
                try:
                    from pipeline.intake.examine import examine_in_worker

                    examine_in_worker(job, result)
                except Exception:
                    result.processed = None  # the main process examines it (and reports what fails)
            result.data = result.parts = None  # bytes stay in the process that read them
        except MemoryError:
            result = ReadResult(name=job.name, findings=[memory_finding(opts, job.name)])
        except BaseException as e:
            result = ReadResult(
                name=job.name,
                findings=[lazy_finding("PARSER-CRASH", detail=f"{type(e).__name__}: {e}", file=job.name)],
            )
        peak = _peak_rss()
        result.peak_memory = None if peak is None else max(0, peak - own)
        try:
            conn.send(result)
        except MemoryError:
            conn.send(ReadResult(name=job.name, findings=[memory_finding(opts, job.name)]))


def _warm_up(conn: Connection) -> None:
    """What examining a workbook needs, imported while no job has come yet (a command starts its
    workers before it loads the catalog: this overlaps with that)."""
    if conn.poll():
        return  # work is waiting: it imports what it needs itself
    try:
        _examiners()
    except Exception:
        pass


def _examiners() -> None:
    import pipeline.checks.runner
    import pipeline.intake.examine
    import pipeline.intake.identify
    import pipeline.intake.locate  # noqa: F401


def lazy_finding(code: str, **fields: Any):
    """A finding, its message catalogue loaded on first use."""
    from pipeline.checks.messages import finding

    return finding(code, **fields)


def memory_finding(opts: PoolOptions, name: str):
    return lazy_finding("PARSER-MEMORY", limit_mb=opts.memory_limit // MB, file=name)
