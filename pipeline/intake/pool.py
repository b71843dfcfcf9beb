"""Read files in a small pool of worker processes: a crash, panic, hang or runaway file costs that
file only (PARSER-CRASH / PARSER-TIMEOUT / PARSER-MEMORY), never the run.

Every read goes through a worker – one file or many, workbook or e-mail, returned forms or the
incoming register – because python-calamine aborts the whole process on a failed allocation.
On Linux a worker is forked from this process when it has no other thread: the reader and the
checks are loaded here once (:func:`~pipeline.intake.pool_worker.preload`) and every worker shares
them, instead of each starting Python and loading them again (~0.2 s of a core each); a forked
worker first closes this process's ends of the workers' pipes. Elsewhere (Windows, macOS), or once
a thread runs here (the progress display), workers are started with ``spawn``. Workers are reused
across files, and capped: ``RLIMIT_AS`` where :mod:`resource` exists, and everywhere a psutil
watchdog on how far the worker's RSS rises above what it held when it was ready (a forked worker's
RSS counts the pages it shares with this process). A worker that dies, hangs or passes its cap is
killed (by its own pid) and replaced. A worker's standard error goes to a file of its own, never to
the terminal: a Rust panic or abort message is kept as the finding's technical detail, and the user
reads a Vietnamese message.
Each worker is sent its next job before it has finished the current one (:data:`QUEUE_DEPTH`), so it
never waits for this process between files; a job queued behind one that kills its worker goes to
the worker that replaces it.

What runs inside a worker is :mod:`pipeline.intake.pool_worker`. Neither module imports anything
heavy at the top (the readers, the checks and their messages load on first use): a command that
starts its workers first thing starts them before it loads the rest.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
import weakref
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.reduction import ForkingPickler
from typing import TYPE_CHECKING, Any

from pipeline.forking import alone, can_fork
from pipeline.intake.limits import DEFAULT_LIMITS, MB, Limits
from pipeline.intake.pool_worker import lazy_finding, memory_finding, preload, worker_main

if TYPE_CHECKING:
    from pipeline.intake.safe import ReadJob, ReadResult

QUEUE_DEPTH = 2  # jobs sent to a worker ahead: it starts the next while its last result travels back
# a job is sent ahead only when it fits in the pipe at once (Windows pipes buffer 8 KB): a larger one
# (an attachment's bytes) would block this process in send() until the busy worker reads it, with no
# watchdog running meanwhile, and forever if that worker hangs. It waits for the worker to be idle.
AHEAD_MAX = 4096
STARTUP_DEATHS_MAX = 3  # workers in a row that die before they are ready: reading cannot start here


@dataclass(frozen=True)
class PoolOptions:
    workers: int = 2
    timeout: float = 60.0  # seconds per file
    memory_limit: int = 512 * MB  # bytes a worker's RSS may rise while reading a file (a form needs ~50 MB)
    limits: Limits = DEFAULT_LIMITS
    poll: float = 0.05  # watchdog period, seconds


# this process's ends of every live worker's pipe, of every pool: a forked worker closes them all
_PIPE_ENDS: weakref.WeakSet = weakref.WeakSet()


class _Worker:
    def __init__(self, opts: PoolOptions):
        import tempfile

        forked = can_fork() and alone()
        if forked:
            try:
                preload()
            except Exception:  # spawned instead: the worker says why it cannot start (PARSER-CRASH)
                forked = False
            forked = forked and alone()  # and what it loaded started no thread
        ctx = mp.get_context("fork" if forked else "spawn")
        self.conn, child = ctx.Pipe()
        _PIPE_ENDS.add(self.conn)
        fd, self.stderr_path = tempfile.mkstemp(prefix="ptn-doc-", suffix=".log")
        os.close(fd)
        inherited = tuple(_PIPE_ENDS) if forked else ()
        self.proc = ctx.Process(
            target=worker_main, args=(child, opts, self.stderr_path, inherited), daemon=True
        )
        self.proc.start()
        child.close()
        self.forked = forked
        self.own = 0  # bytes of RSS the worker held when ready: its memory is measured above this
        self.ready = False
        self.queue: deque[tuple[int, ReadJob]] = deque()  # sent, in order: the first is being read
        self.started = 0.0  # when the first of the queue began
        self.peak = 0
        self._ps = None
        self.rss_at = 0.0  # when the watchdog last read its memory

    @property
    def job(self) -> tuple[int, ReadJob] | None:
        """The job the worker is reading now."""
        return self.queue[0] if self.queue else None

    def rss(self) -> int:
        try:
            if self._ps is None:
                import psutil

                self._ps = psutil.Process(self.proc.pid)
            return int(self._ps.memory_info().rss)
        except Exception:
            return 0

    def stderr_tail(self, limit: int = 400) -> str:
        """The end of what the worker wrote to standard error (a Rust panic or abort message)."""
        try:
            with open(self.stderr_path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                fh.seek(max(0, fh.tell() - 4096))
                text = fh.read().decode("utf-8", "replace")
        except OSError:
            return ""
        lines = [
            ln
            for ln in text.splitlines()
            if ln.strip() and not ln.startswith((" ", "stack backtrace", "note:"))
        ]
        return " | ".join(lines[-3:])[-limit:]

    def discard_log(self) -> None:
        try:
            os.unlink(self.stderr_path)
        except OSError:
            pass

    def kill(self) -> None:
        try:
            self.proc.kill()
        except Exception:
            pass
        self.proc.join(5)
        self.conn.close()
        self.discard_log()


class ReaderPool:
    """``with ReaderPool() as pool: results = pool.read(jobs)`` — results in job order."""

    def __init__(self, opts: PoolOptions | None = None, **kw: Any):
        self.opts = opts or PoolOptions(**kw)
        self.workers: list[_Worker] = []
        self._ending: list[_Worker] = []  # told to stop, not yet waited for
        self._startup_deaths = 0  # workers in a row that died before they were ready
        self._startup_problem = ""

    def __enter__(self) -> ReaderPool:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        self._collect()
        while len(self.workers) < max(1, self.opts.workers):
            self.workers.append(_Worker(self.opts))

    def close(self, wait: bool = True) -> None:
        """Tell every worker to stop. ``wait=False``: do not wait for them to end (they end on their
        own, freeing their memory; the next ``close()`` or the next ``start()`` collects them)."""
        for w in self.workers:
            try:
                w.conn.send(None)
            except Exception:
                pass
        self._ending += self.workers
        self.workers = []
        if wait:
            self._collect()

    def _collect(self) -> None:
        for w in self._ending:
            w.proc.join(1)
            if w.proc.is_alive():
                w.kill()
            else:
                w.conn.close()
                w.discard_log()
        self._ending = []

    def _replace(self, w: _Worker, todo: deque | None = None) -> None:
        """Kill ``w`` and start another; the jobs it had queued behind the current one go back to
        the front of ``todo`` (they never started)."""
        w.kill()
        if todo is not None:
            if w.queue:
                w.queue.popleft()  # the one it was reading: its result is already set
            todo.extendleft(reversed(w.queue))
        w.queue.clear()
        self.workers[self.workers.index(w)] = _Worker(self.opts)

    def read(self, jobs: list[ReadJob]) -> list[ReadResult]:
        from pipeline.intake.safe import ReadResult

        self.start()
        results: list[ReadResult | None] = [None] * len(jobs)
        todo = deque(enumerate(jobs))
        opts = self.opts
        pickled: dict[int, bytes] = {}  # jobs pickled while they wait for a worker to take them
        while todo or any(w.queue for w in self.workers):
            if self._startup_deaths >= STARTUP_DEATHS_MAX:  # no worker can start: say so for every job
                for w in self.workers:
                    todo.extendleft(reversed(w.queue))
                    w.queue.clear()
                for i, job in todo:
                    detail = f"reader could not start: {self._startup_problem}"
                    results[i] = ReadResult(name=job.name, findings=[_crash(job, detail)])
                todo.clear()
                break
            for w in list(self.workers):
                while w.ready and len(w.queue) < QUEUE_DEPTH and todo:
                    i, job = todo[0]
                    payload = pickled.get(i)
                    if payload is None:
                        try:
                            payload = pickled[i] = bytes(ForkingPickler.dumps(job))
                        except Exception as e:  # the job itself cannot be sent
                            todo.popleft()
                            results[i] = ReadResult(name=job.name, findings=[_crash(job, f"gửi việc: {e}")])
                            continue
                    if w.queue and len(payload) > AHEAD_MAX:
                        break  # too large to wait in the pipe: sent when this worker is idle
                    item = todo.popleft()
                    if not w.queue:
                        w.started = time.monotonic()
                        w.peak = 0
                    w.queue.append(item)
                    try:
                        w.conn.send_bytes(payload)
                    except OSError:  # the worker has just died (of the job it was reading): this one waits
                        w.queue.pop()  # for another worker; the death is dealt with when its pipe is read
                        todo.appendleft(item)
                        break
                    del pickled[i]
            ready = wait([w.conn for w in self.workers], timeout=opts.poll)
            now = time.monotonic()
            for w in list(self.workers):
                if w.conn in ready:
                    try:
                        msg = w.conn.recv()
                    except (EOFError, OSError):
                        self._died(w, results, todo)
                        continue
                    if isinstance(msg, tuple) and msg and msg[0] == "ready":
                        w.ready, w.own = True, msg[2]
                        self._startup_deaths = 0
                        continue
                    if w.queue:
                        i, _job = w.queue.popleft()
                        msg.elapsed = now - w.started
                        results[i] = msg
                        w.started, w.peak = now, 0  # the next queued job starts now
                    continue
                if w.job is None:
                    if not w.proc.is_alive():
                        self._count_startup_death(w)
                        self._replace(w)
                    continue
                i, job = w.job
                if now - w.started > opts.timeout:
                    results[i] = ReadResult(
                        name=job.name,
                        findings=[lazy_finding("PARSER-TIMEOUT", seconds=_num(opts.timeout), file=job.name)],
                    )
                    results[i].elapsed = now - w.started
                    self._replace(w, todo)
                    continue
                if opts.memory_limit and now - w.rss_at >= opts.poll:  # at most once a period
                    w.rss_at = now
                    used = max(0, w.rss() - w.own)
                    w.peak = max(w.peak, used)
                    if used > opts.memory_limit:
                        results[i] = ReadResult(
                            name=job.name, findings=[memory_finding(opts, job.name)], peak_memory=used
                        )
                        self._replace(w, todo)
        return [
            r if r is not None else ReadResult(name=j.name, findings=[_crash(j, "?")])
            for r, j in zip(results, jobs, strict=True)
        ]

    def _count_startup_death(self, w: _Worker) -> None:
        if not w.ready:
            w.proc.join(5)
            self._startup_deaths += 1
            said = w.stderr_tail()
            self._startup_problem = "; ".join(x for x in (_describe_exit(w.proc.exitcode), said) if x)

    def _died(self, w: _Worker, results: list[ReadResult | None], todo: deque) -> None:
        from pipeline.intake.safe import ReadResult

        w.proc.join(5)
        code = w.proc.exitcode
        self._count_startup_death(w)
        if w.job is not None:
            i, job = w.job
            said = w.stderr_tail()
            if _is_memory_death(code) or "memory allocation" in said:
                f = memory_finding(self.opts, job.name)
            else:
                f = _crash(job, "; ".join(x for x in (_describe_exit(code), said) if x))
            results[i] = ReadResult(name=job.name, findings=[f], peak_memory=w.peak or None)
            results[i].elapsed = time.monotonic() - w.started
        self._replace(w, todo)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _crash(job: ReadJob, detail: str):
    return lazy_finding("PARSER-CRASH", detail=detail, file=job.name)


def _is_memory_death(code: int | None) -> bool:
    # Rust aborts (SIGABRT) when an allocation fails under RLIMIT_AS; the kernel OOM killer sends SIGKILL
    return code is not None and sys.platform != "win32" and code in (-6, -9)


def _describe_exit(code: int | None) -> str:
    """Technical detail (the finding's ``detail``): how the worker ended."""
    if code is None:
        return "worker ended abnormally"
    if code < 0:
        import signal

        try:
            return f"worker killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"worker killed by signal {-code}"
    return f"worker exited with code {code}"


def read_many(
    jobs: list[ReadJob],
    *,
    workers: int = 2,
    timeout: float = 60.0,
    memory_limit: int = 512 * MB,
    limits: Limits = DEFAULT_LIMITS,
) -> list[ReadResult]:
    """Read every job in capped workers (one file too); results in job order, one per job, never
    an exception. A pool of ``min(workers, len(jobs))`` workers reads them."""
    if not jobs:
        return []
    opts = PoolOptions(
        workers=max(1, min(workers, len(jobs))), timeout=timeout, memory_limit=memory_limit, limits=limits
    )
    with ReaderPool(opts) as pool:
        return pool.read(jobs)
