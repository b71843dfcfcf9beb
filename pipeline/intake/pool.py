"""Read files in a small pool of worker processes: a crash, panic, hang or runaway file costs that
file only (PARSER-CRASH / PARSER-TIMEOUT / PARSER-MEMORY), never the run.

Workers are started with the ``spawn`` context (works the same on Windows), reused across files, and
capped: ``RLIMIT_AS`` where :mod:`resource` exists, and everywhere a psutil watchdog on the worker's
RSS. A worker that dies, hangs or passes its cap is killed (by its own pid) and replaced.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from pipeline.checks.messages import finding
from pipeline.intake.guards import DEFAULT_LIMITS, Limits
from pipeline.intake.safe import ReadJob, ReadResult, read_file

try:  # not on Windows
    import resource
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

MB = 1024 * 1024

# tests only: what a job's ``hook`` makes the worker do before reading
TEST_HOOKS = ("exit", "panic", "sleep", "segfault", "alloc", "memoryerror")


class PanicException(BaseException):
    """Stands in for ``pyo3_runtime.PanicException`` in tests (also a BaseException)."""


@dataclass(frozen=True)
class PoolOptions:
    workers: int = 2
    timeout: float = 60.0  # seconds per file
    memory_limit: int = 1024 * MB  # bytes of RSS per worker while reading a file
    limits: Limits = DEFAULT_LIMITS
    poll: float = 0.05  # watchdog period, seconds


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


def _peak_rss() -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import psutil

        info = psutil.Process().memory_info()
        return int(getattr(info, "peak_wset", 0) or info.rss)
    except Exception:
        return None


def _worker_main(conn: Connection, opts: PoolOptions) -> None:
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
    import python_calamine  # noqa: F401  - warm up before the first job

    conn.send(("ready", os.getpid()))
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
            result.data = None  # bytes stay in the process that read them
        except MemoryError:
            result = ReadResult(name=job.name, findings=[_memory(opts, job.name)])
        except BaseException as e:
            result = ReadResult(
                name=job.name,
                findings=[finding("PARSER-CRASH", detail=f"{type(e).__name__}: {e}"[:200], file=job.name)],
            )
        result.peak_rss = _peak_rss()
        try:
            conn.send(result)
        except MemoryError:
            conn.send(ReadResult(name=job.name, findings=[_memory(opts, job.name)]))


def _memory(opts: PoolOptions, name: str):
    return finding("PARSER-MEMORY", limit_mb=opts.memory_limit // MB, file=name)


class _Worker:
    def __init__(self, ctx: Any, opts: PoolOptions):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, opts), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.job: tuple[int, ReadJob] | None = None
        self.started = 0.0
        self.peak = 0
        self._ps = None

    def rss(self) -> int:
        try:
            if self._ps is None:
                import psutil

                self._ps = psutil.Process(self.proc.pid)
            return int(self._ps.memory_info().rss)
        except Exception:
            return 0

    def kill(self) -> None:
        try:
            self.proc.kill()
        except Exception:
            pass
        self.proc.join(5)
        self.conn.close()


class ReaderPool:
    """``with ReaderPool() as pool: results = pool.read(jobs)`` — results in job order."""

    def __init__(self, opts: PoolOptions | None = None, **kw: Any):
        self.opts = opts or PoolOptions(**kw)
        self.ctx = mp.get_context("spawn")
        self.workers: list[_Worker] = []

    def __enter__(self) -> ReaderPool:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        while len(self.workers) < max(1, self.opts.workers):
            self.workers.append(_Worker(self.ctx, self.opts))

    def close(self) -> None:
        for w in self.workers:
            try:
                w.conn.send(None)
            except Exception:
                pass
        for w in self.workers:
            w.proc.join(1)
            if w.proc.is_alive():
                w.kill()
            else:
                w.conn.close()
        self.workers = []

    def _replace(self, w: _Worker) -> None:
        w.kill()
        self.workers[self.workers.index(w)] = _Worker(self.ctx, self.opts)

    def read(self, jobs: list[ReadJob]) -> list[ReadResult]:
        self.start()
        results: list[ReadResult | None] = [None] * len(jobs)
        todo = deque(enumerate(jobs))
        opts = self.opts
        while todo or any(w.job for w in self.workers):
            for w in self.workers:
                if w.ready and w.job is None and todo:
                    w.job = todo.popleft()
                    w.started = time.monotonic()
                    w.peak = 0
                    try:
                        w.conn.send(w.job[1])
                    except Exception as e:
                        i, job = w.job
                        results[i] = ReadResult(name=job.name, findings=[_crash(job, f"gửi việc: {e}")])
                        self._replace(w)
            ready = wait([w.conn for w in self.workers], timeout=opts.poll)
            now = time.monotonic()
            for w in list(self.workers):
                if w.conn in ready:
                    try:
                        msg = w.conn.recv()
                    except (EOFError, OSError):
                        self._died(w, results)
                        continue
                    if isinstance(msg, tuple) and msg and msg[0] == "ready":
                        w.ready = True
                        continue
                    if w.job is not None:
                        i, _job = w.job
                        msg.elapsed = now - w.started
                        results[i] = msg
                        w.job = None
                    continue
                if w.job is None:
                    if not w.proc.is_alive():
                        self._replace(w)
                    continue
                i, job = w.job
                if now - w.started > opts.timeout:
                    results[i] = ReadResult(
                        name=job.name,
                        findings=[finding("PARSER-TIMEOUT", seconds=_num(opts.timeout), file=job.name)],
                    )
                    results[i].elapsed = now - w.started
                    self._replace(w)
                    continue
                if opts.memory_limit:
                    rss = w.rss()
                    w.peak = max(w.peak, rss)
                    if rss > opts.memory_limit:
                        results[i] = ReadResult(
                            name=job.name, findings=[_memory(opts, job.name)], peak_rss=rss
                        )
                        self._replace(w)
        return [
            r if r is not None else ReadResult(name=j.name, findings=[_crash(j, "?")])
            for r, j in zip(results, jobs, strict=True)
        ]

    def _died(self, w: _Worker, results: list[ReadResult | None]) -> None:
        w.proc.join(5)
        code = w.proc.exitcode
        if w.job is not None:
            i, job = w.job
            if _is_memory_death(code):
                f = _memory(self.opts, job.name)
            else:
                f = _crash(job, _describe_exit(code))
            results[i] = ReadResult(name=job.name, findings=[f], peak_rss=w.peak or None)
            results[i].elapsed = time.monotonic() - w.started
            w.job = None
        self._replace(w)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _crash(job: ReadJob, detail: str):
    return finding("PARSER-CRASH", detail=detail, file=job.name)


def _is_memory_death(code: int | None) -> bool:
    # Rust aborts (SIGABRT) when an allocation fails under RLIMIT_AS; the kernel OOM killer sends SIGKILL
    return code is not None and sys.platform != "win32" and code in (-6, -9)


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "tiến trình đọc dừng bất thường"
    if code < 0:
        import signal

        try:
            return f"tiến trình đọc bị dừng bởi tín hiệu {signal.Signals(-code).name}"
        except ValueError:
            return f"tiến trình đọc bị dừng bởi tín hiệu {-code}"
    return f"tiến trình đọc thoát với mã {code}"


def _zip_based(job: ReadJob) -> bool:
    try:
        if isinstance(job.source, (bytes, bytearray, memoryview)):
            head = bytes(job.source[:4])
        else:
            with open(job.source, "rb") as fh:
                head = fh.read(4)
    except OSError:
        return True  # read_file reports it
    return head in (b"PK\x03\x04", b"") or len(head) < 4


def read_many(
    jobs: list[ReadJob],
    *,
    workers: int = 2,
    timeout: float = 60.0,
    memory_limit: int = 1024 * MB,
    limits: Limits = DEFAULT_LIMITS,
    in_process_single: bool = True,
) -> list[ReadResult]:
    """Read every job; results in job order, one per job, never an exception.

    One job (without a test hook) is read in this process when ``in_process_single`` and it is not a
    zip-based file (xlsx/xlsm/ods, whose every part the guards have inflated and measured first); an
    xls, or anything else, still goes to a worker, since python-calamine aborts the whole process on
    a failed allocation. Otherwise a pool of ``min(workers, len(jobs))`` spawned workers reads them.
    """
    if not jobs:
        return []
    if len(jobs) == 1 and in_process_single and not jobs[0].hook and _zip_based(jobs[0]):
        return [read_file(jobs[0], limits)]
    opts = PoolOptions(
        workers=max(1, min(workers, len(jobs))), timeout=timeout, memory_limit=memory_limit, limits=limits
    )
    with ReaderPool(opts) as pool:
        return pool.read(jobs)
