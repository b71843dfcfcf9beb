"""The worker pool: one bad file (crash, panic, segfault, hang, memory hog, bomb) costs that file
only; results come back in job order; small files read fast."""

from __future__ import annotations

import sys
import time

import pytest

from pipeline.intake.pool import MB, PoolOptions, ReaderPool, read_many
from pipeline.intake.safe import ReadJob

from .intake_files import make_xlsx, xlsx_with_bomb

GOOD = make_xlsx()


@pytest.fixture(scope="module")
def pool():
    with ReaderPool(PoolOptions(workers=2, timeout=3.0, memory_limit=400 * MB)) as p:
        p.read([ReadJob(GOOD, "warm.xlsx")] * 2)  # start-up happens here, not in the timings
        yield p


def codes(r) -> list[str]:
    return [f.code for f in r.findings]


def test_thirty_small_files_fast(pool, tmp_path):
    jobs = []
    for i in range(30):
        p = tmp_path / f"don-vi-{i:02}.xlsx"
        p.write_bytes(make_xlsx({"Số liệu": {"D4": i}}))
        jobs.append(ReadJob(p, p.name))
    t = time.perf_counter()
    res = pool.read(jobs)
    elapsed = time.perf_counter() - t
    print(f"\n30 files through the pool: {elapsed:.3f} s")
    assert [r.name for r in res] == [j.name for j in jobs]
    assert all(r.raw is not None and not r.findings for r in res)
    assert [r.raw.sheet("Số liệu").rows[3][3] for r in res] == list(range(30))
    assert all(r.sha256 and r.size for r in res)
    assert elapsed < 2.0


@pytest.mark.parametrize(
    "hook,code",
    [
        ("exit", "PARSER-CRASH"),
        ("panic", "PARSER-CRASH"),
        ("segfault", "PARSER-CRASH"),
        ("sleep", "PARSER-TIMEOUT"),
        ("alloc", "PARSER-MEMORY"),
        ("memoryerror", "PARSER-MEMORY"),
    ],
)
def test_bad_file_costs_that_file_only(pool, hook, code):
    jobs = [ReadJob(GOOD, "a.xlsx"), ReadJob(GOOD, "bad.xlsx", hook=hook), ReadJob(GOOD, "c.xlsx")]
    res = pool.read(jobs)
    assert codes(res[1]) == [code], res[1].findings
    assert res[1].raw is None and res[1].findings[0].file == "bad.xlsx"
    assert res[0].raw is not None and res[2].raw is not None
    # and the pool still works afterwards
    assert pool.read([ReadJob(GOOD, "d.xlsx")])[0].raw is not None


@pytest.mark.parametrize(
    "hook,code", [("exit", "PARSER-CRASH"), ("sleep", "PARSER-TIMEOUT"), ("alloc", "PARSER-MEMORY")]
)
def test_jobs_queued_behind_a_bad_file_are_read(hook, code):
    """A worker is sent its next job before it finishes the current one; when the current one kills
    it, the job waiting behind is read by the worker that replaces it, not lost."""
    with ReaderPool(PoolOptions(workers=1, timeout=2.0, memory_limit=400 * MB)) as one:
        jobs = [ReadJob(GOOD, "bad.xlsx", hook=hook), *(ReadJob(GOOD, f"{i}.xlsx") for i in range(3))]
        res = one.read(jobs)
    assert [r.name for r in res] == [j.name for j in jobs]
    assert codes(res[0]) == [code]
    assert all(r.raw is not None and not r.findings for r in res[1:]), [codes(r) for r in res[1:]]


def test_panic_message_kept_in_the_detail_not_the_message(pool):
    (r,) = pool.read([ReadJob(GOOD, "p.xlsx", hook="panic")])
    f = r.findings[0]
    assert "PanicException" in f.detail and "unwrap" in f.detail
    assert "Panic" not in f.message and "Bộ đọc bảng tính" in f.message


def test_native_death_detail_from_the_worker_stderr(pool):
    """A worker killed by a signal: the user reads Vietnamese, the detail says how it ended."""
    (r,) = pool.read([ReadJob(GOOD, "s.xlsx", hook="segfault")])
    f = r.findings[0]
    assert f.code == "PARSER-CRASH" and "SIGSEGV" in f.detail and "SIG" not in f.message


@pytest.mark.parametrize("lie", [False, True], ids=["honest", "lying"])
def test_bomb_in_worker_bounded(pool, lie):
    data = xlsx_with_bomb(4096, lie=lie)  # 4 GiB of zeros
    t = time.perf_counter()
    (r,) = pool.read([ReadJob(data, "bomb.xlsx")])
    elapsed = time.perf_counter() - t
    print(
        f"\nbomb ({'lying' if lie else 'honest'}, {len(data) / MB:.1f} MB): {elapsed:.3f} s, peak memory {r.peak_memory / MB:.0f} MB"
    )
    assert r.raw is None and codes(r)[0].startswith("ZIP-")
    assert elapsed < 1.0
    if sys.platform.startswith("linux"):
        assert r.peak_memory is not None and r.peak_memory < 150 * MB


def test_read_many_single_file_in_a_worker_and_empty():
    assert read_many([]) == []
    (r,) = read_many([ReadJob(GOOD, "one.xlsx")])
    assert r.raw is not None and r.peak_memory is not None  # read in a capped worker, never here


def test_read_many_with_hooks_uses_workers():
    res = read_many([ReadJob(GOOD, "x.xlsx", hook="exit")], timeout=5)
    assert codes(res[0]) == ["PARSER-CRASH"]


def test_mutated_batch_through_pool(pool):
    import random

    rnd = random.Random(4)
    jobs = []
    for i in range(40):
        b = bytearray(GOOD)
        for _ in range(rnd.randint(1, 12)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        if i % 5 == 0:
            b = b[: rnd.randrange(len(b))]
        jobs.append(ReadJob(bytes(b), f"m{i}.xlsx"))
    jobs.append(ReadJob(bytes(rnd.randrange(256) for _ in range(3000)), "noise.xls"))
    res = pool.read(jobs)
    assert len(res) == len(jobs)
    assert all(r.raw is not None or r.findings for r in res)


def test_a_large_job_behind_a_hung_file_never_blocks_the_pool():
    """A job too large for the pipe (an attachment's bytes) is not sent to a worker still reading:
    the send would block this process (no watchdog) until that worker reads it, i.e. forever when
    the file it reads hangs. The hung file times out and the large one is read."""
    import random
    import threading

    from .intake_files import rezip

    noise = random.Random(5).randbytes(2 * MB)  # incompressible: the job really is 2 MB
    big = rezip(GOOD, {"xl/media/image1.bin": noise})
    got: list = []
    with ReaderPool(PoolOptions(workers=1, timeout=2.0, memory_limit=400 * MB)) as one:
        jobs = [ReadJob(GOOD, "treo.xlsx", hook="sleep"), ReadJob(big, "lon.xlsx")]
        t = threading.Thread(target=lambda: got.append(one.read(jobs)), daemon=True)
        t.start()
        t.join(30)
        if t.is_alive():  # blocked in send(): end the hung worker (by its pid) so the test can end
            for w in one.workers:
                w.proc.kill()
            t.join(30)
            pytest.fail("the pool blocked sending a large job to a busy worker")
    (res,) = got
    assert codes(res[0]) == ["PARSER-TIMEOUT"]
    assert res[1].raw is not None and not res[1].findings, codes(res[1])


def test_a_reader_that_cannot_start_fails_the_jobs_instead_of_hanging(tmp_path, monkeypatch):
    """Workers that die before they are ready (here: the reader library cannot be imported) are not
    restarted for ever: after a few, every job gets its finding and the run goes on."""

    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "python_calamine.py").write_text("raise ImportError('broken install')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(fake))  # a spawned worker starts from this process's sys.path
    # and this process has not loaded it either (else a worker forked from here would have it)
    monkeypatch.delitem(sys.modules, "python_calamine", raising=False)
    t = time.perf_counter()
    res = read_many([ReadJob(GOOD, "a.xlsx"), ReadJob(GOOD, "b.xlsx")], workers=2, timeout=5.0)
    assert time.perf_counter() - t < 60
    assert [codes(r) for r in res] == [["PARSER-CRASH"], ["PARSER-CRASH"]]
    assert "could not start" in res[0].findings[0].detail and "broken install" in res[0].findings[0].detail


def test_the_pool_module_starts_workers_before_anything_heavy_is_loaded():
    """``ptn run`` starts its readers first thing: importing the pool must not load pydantic, the
    readers or the checks (the workers load those themselves, meanwhile)."""
    import subprocess

    code = (
        "import sys, pipeline.intake.pool as p; "
        "heavy = [m for m in ('pydantic', 'python_calamine', 'pipeline.intake.safe', 'pipeline.checks.messages', "
        "'pipeline.manifest', 'pipeline.catalog.model') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _in_a_new_process(tmp_path, script: str) -> dict:
    """Run ``script`` in a fresh Python (this test process may have threads of its own, e.g. numpy's
    OpenBLAS, which rule a fork out): what it prints as JSON. ``GOOD`` is in the file argv[1]."""
    import json
    import subprocess

    good = tmp_path / "good.xlsx"
    good.write_bytes(GOOD)
    out = subprocess.run(
        [sys.executable, "-c", script, str(good)], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_are_forked_when_this_process_is_alone_and_spawned_beside_a_thread(tmp_path):
    """Forked, a worker shares the reader already loaded here; a fork beside another thread could
    copy a lock that thread held, so then it is spawned. Both read the same."""
    script = """
import json, sys, threading
from pipeline.intake.pool import PoolOptions, ReaderPool
from pipeline.intake.safe import ReadJob
said = {}
with ReaderPool(PoolOptions(workers=1)) as p:
    (r,) = p.read([ReadJob(sys.argv[1], "a.xlsx")])
    said["alone"] = [p.workers[0].forked, r.raw is not None, [f.code for f in r.findings]]
stop = threading.Event()
t = threading.Thread(target=stop.wait)
t.start()
with ReaderPool(PoolOptions(workers=1)) as p:
    (r,) = p.read([ReadJob(sys.argv[1], "b.xlsx")])
    said["beside"] = [p.workers[0].forked, r.raw is not None, [f.code for f in r.findings]]
stop.set()
t.join()
print(json.dumps(said))
"""
    said = _in_a_new_process(tmp_path, script)
    assert said == {"alone": [True, True, []], "beside": [False, True, []]}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL, /proc")
@pytest.mark.parametrize("beside_a_thread", [False, True], ids=["forked", "spawned"])
def test_workers_end_when_the_main_process_is_killed(tmp_path, beside_a_thread):
    """However the main process ends, its workers end too: a forked worker must not keep its own or
    another worker's pipe end open (it would wait for a job for ever)."""
    import os
    import subprocess

    script = f"""
import os, signal, sys, threading
from pipeline.intake.pool import PoolOptions, ReaderPool
from pipeline.intake.safe import ReadJob
if {beside_a_thread}:
    threading.Thread(target=threading.Event().wait, daemon=True).start()
pool = ReaderPool(PoolOptions(workers=2))
pool.read([ReadJob(sys.argv[1], "a.xlsx")] * 4)
print(" ".join(str(w.proc.pid) for w in pool.workers), [w.forked for w in pool.workers], flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""
    good = tmp_path / "a.xlsx"
    good.write_bytes(GOOD)
    said = tmp_path / "said.txt"  # not a pipe: workers that outlive the script would hold it open
    with open(said, "w") as fh:
        subprocess.run([sys.executable, "-c", script, str(good)], stdout=fh, timeout=60)
    pids_text, forked = said.read_text().split(" [", 1)
    assert forked.strip() == ("[False, False]" if beside_a_thread else "[True, True]")[1:]
    pids = [int(x) for x in pids_text.split()]
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [pid for pid in pids if _running(pid)]
    for pid in alive:
        os.kill(pid, 9)
    assert not alive, "workers outlived the main process"


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_forked_worker_is_capped_on_what_it_uses_not_on_what_it_shares(tmp_path):
    """A forked worker's RSS counts the pages it shares with this process: the cap and the figure
    are on how far it rises above that, so a large main process does not make every file too big."""
    script = """
import json, sys
from pipeline.intake.pool import MB, PoolOptions, ReaderPool
from pipeline.intake.safe import ReadJob
ballast = bytearray(300 * MB)
ballast[:: 4096] = b"x" * len(range(0, 300 * MB, 4096))  # resident, then shared with the worker
# the watchdog looks at the worker every millisecond, while each of the files is being read
with ReaderPool(PoolOptions(workers=1, memory_limit=200 * MB, poll=0.001)) as p:
    res = p.read([ReadJob(sys.argv[1], f"{i}.xlsx") for i in range(20)])
    forked = p.workers[0].forked
print(json.dumps({"forked": forked, "read": [[r.raw is not None, [f.code for f in r.findings], r.peak_memory]
                                             for r in res]}))
"""
    said = _in_a_new_process(tmp_path, script)
    assert said["forked"]
    for read, codes_, peak in said["read"]:
        assert read and codes_ == []
        assert peak is not None and peak < 100 * MB
