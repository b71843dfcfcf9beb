"""The workbook written beside the main process (pipeline/writers/beside.py): a real fork, what the copy
raised comes back as the same error, a killed copy is said, a failure of the main side stops the copy;
``ptn run`` gives the same files with and without it, and a failed copy publishes nothing."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.consolidate.run_year import run_year
from pipeline.exitcodes import OutputLocked
from pipeline.writers import beside
from pipeline.writers.beside import Beside, WriterStopped
from pipeline.writers.output_set import OutputFailed

from .letters_fixture import AS_OF, ROOT, YEAR

linux_only = pytest.mark.skipif(not beside.can_fork(), reason="fork is used on Linux only")


@linux_only
def test_the_job_runs_in_another_process_while_the_caller_goes_on(tmp_path):
    marker = tmp_path / "copy.txt"
    with Beside(lambda: (time.sleep(0.3), marker.write_text(str(os.getpid())))) as side:
        assert side.pid is not None and side.pid != os.getpid()
        assert not marker.exists()  # the caller is not held up by the job
        seconds = side.wait()
    assert int(marker.read_text()) not in (os.getpid(), 0)
    assert seconds >= 0.3  # the job's own duration, measured in the copy


@linux_only
def test_what_the_copy_raised_is_raised_here_with_its_details():
    def full_disk():
        raise OSError(errno.ENOSPC, "No space left on device", "tong-hop-2024.xlsx")

    with pytest.raises(OSError) as e, Beside(full_disk) as side:
        side.wait()
    assert e.value.errno == errno.ENOSPC and e.value.filename == "tong-hop-2024.xlsx"

    def locked():
        raise OutputLocked(
            "Không ghi được tong-hop-2024.xlsx", hint="Đóng tệp tong-hop-2024.xlsx rồi chạy lại"
        )

    with pytest.raises(OutputLocked) as e, Beside(locked) as side:
        side.wait()
    assert e.value.message == "Không ghi được tong-hop-2024.xlsx" and e.value.hint.startswith("Đóng tệp")


@linux_only
def test_a_copy_killed_by_the_system_is_said():
    with (
        pytest.raises(WriterStopped, match="dừng đột ngột"),
        Beside(lambda: os.kill(os.getpid(), signal.SIGKILL)) as s,
    ):
        s.wait()


@linux_only
def test_a_failure_here_stops_the_copy_and_leaves_no_process(tmp_path):
    marker = tmp_path / "late.txt"
    with pytest.raises(ValueError), Beside(lambda: (time.sleep(2), marker.write_text("x"))) as side:
        pid = side.pid
        raise ValueError("the report failed")
    assert side.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left
    time.sleep(0.1)
    assert not marker.exists()


def test_without_fork_the_job_runs_first_here(tmp_path):
    order = []
    with Beside(lambda: order.append(os.getpid()), fork=False) as side:
        order.append("block")
        side.wait()
    assert order == [os.getpid(), "block"] and side.pid is None


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "here"])
def test_what_the_job_returned_comes_back(fork):
    if fork and not beside.can_fork():
        pytest.skip("fork is used on Linux only")
    with Beside(lambda: ({"phan-hoi/H180": Path("phan-hoi/H180.xlsx")}, os.getpid()), fork=fork) as side:
        side.wait()
    value, pid = side.value
    assert value == {"phan-hoi/H180": Path("phan-hoi/H180.xlsx")}
    assert (pid != os.getpid()) == fork


@linux_only
def test_a_result_that_cannot_be_sent_back_is_an_error():
    with pytest.raises(Exception) as e, Beside(lambda: lambda: None) as side:  # a lambda: not picklable
        side.wait()
    assert "pickle" in f"{type(e.value).__name__} {e.value}".lower()


def _sheets(path: Path, undated: bool = False) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # creation time only
    if undated:
        stamp = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
        parts = {n: stamp.sub(b"<time>", b) for n, b in parts.items()}
    return parts


def test_run_writes_the_same_workbook_with_and_without_the_copy(loaded_catalog, tmp_path, monkeypatch):
    from pipeline.writers import workbook

    writer = workbook._write
    written_by = tmp_path / "written-by.txt"

    def noting_who(*a):
        with written_by.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        return writer(*a)

    monkeypatch.setattr(workbook, "_write", noting_who)
    results = {}
    for name, fork in (("serial", False), ("beside", beside.can_fork())):
        monkeypatch.setattr(beside, "can_fork", lambda fork=fork: fork)
        r = run_year(
            loaded_catalog, year=YEAR, inputs_root=ROOT / "inputs", out_root=tmp_path / name, as_of=AS_OF
        )
        results[name] = r
    a = results["serial"].outputs["workbook"]
    b = results["beside"].outputs["workbook"]
    assert a.is_file() and b.is_file()
    assert _sheets(a) == _sheets(b)
    assert sorted(results["serial"].outputs) == sorted(results["beside"].outputs)
    assert results["beside"].timings["workbook"] > 0
    # the feedback forms, written by the copy too, and the manifest that lists them (in the same order)
    forms = [
        k for k, p in results["serial"].outputs.items() if k.startswith("phan-hoi/") and p.suffix == ".xlsx"
    ]
    assert forms, "the sample year has feedback forms"
    for k in forms:  # the same but for the moment each was made (the form's hidden generated_at)
        made = [_sheets(results[n].outputs[k], undated=True) for n in results]
        assert made[0] == made[1], k
    listed = [
        json.loads(results[n].outputs["manifest"].read_text(encoding="utf-8"))["outputs"] for n in results
    ]
    assert list(listed[0].items()) == list(listed[1].items())
    assert {f"phan-hoi/{results['serial'].outputs[k].name}" for k in forms} <= set(listed[0].values())
    serial_pid, beside_pid = map(int, written_by.read_text().split())
    assert serial_pid == os.getpid()
    assert (beside_pid != os.getpid()) == beside.can_fork()  # written by the copy where there is one


@linux_only
def test_a_workbook_failure_in_the_copy_publishes_nothing(loaded_catalog, tmp_path, monkeypatch):
    first = run_year(loaded_catalog, year=YEAR, inputs_root=ROOT / "inputs", out_root=tmp_path, as_of=AS_OF)
    out = first.out_dir
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    from pipeline.writers import workbook

    def full_disk(*_a):
        if os.getpid() == parent:
            raise AssertionError("the workbook is written in the forked copy")
        raise OSError(errno.ENOSPC, "No space left on device")

    parent = os.getpid()
    monkeypatch.setattr(workbook, "_write", full_disk)
    with pytest.raises(OutputFailed) as e:
        run_year(loaded_catalog, year=YEAR, inputs_root=ROOT / "inputs", out_root=tmp_path, as_of=AS_OF)
    assert "ổ đĩa đã đầy" in e.value.message and "giữ nguyên" in e.value.message
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # the previous set whole, no staging folder, no lock left


@linux_only
def test_when_no_process_can_be_made_the_job_runs_here(tmp_path, monkeypatch):
    def no_fork():
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    ran = []
    with Beside(lambda: ran.append(os.getpid())) as side:
        assert side.pid is None and ran == [os.getpid()]
        side.wait()


class _Unreportable(Exception):
    """Cannot be pickled (holds a lock) and cannot even be turned into text."""

    def __init__(self):
        import threading

        super().__init__()
        self.lock = threading.Lock()

    def __str__(self):
        raise RuntimeError("no text either")


@linux_only
def test_a_failure_that_cannot_be_sent_back_is_said_and_the_copy_never_runs_the_callers_code(tmp_path):
    after = tmp_path / "after.txt"

    def fails_badly():
        raise _Unreportable

    with pytest.raises(WriterStopped, match="_Unreportable"), Beside(fails_badly) as side:
        side.wait()
    with after.open("a") as fh:  # the copy, had it returned into this test, would write here too
        fh.write(f"{os.getpid()}\n")
    time.sleep(0.3)
    assert after.read_text().split() == [str(os.getpid())]


@linux_only
def test_a_failure_here_while_the_copy_writes_leaves_no_temporary_file(loaded_catalog, tmp_path, monkeypatch):
    """The main process fails (a full disk) while the copy is inside xlsxwriter with its temporary files
    open: the copy is stopped, and its temporary files went to the staging folder, removed with it –
    nothing is left in the system's temporary folder nor in the output folder."""
    import tempfile

    import xlsxwriter

    from pipeline.report import render

    system_tmp = tmp_path / "he-thong-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    close = xlsxwriter.Workbook.close

    def slow_close(self):
        time.sleep(3)  # the copy is here, its sheets in temporary files, when the main process fails
        return close(self)

    def disk_full(*_a, **_k):
        time.sleep(0.5)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", slow_close)
    monkeypatch.setattr(render, "render_report", disk_full)  # the Word report: written by this process
    out = tmp_path / "outputs"
    with pytest.raises(OutputFailed, match="ổ đĩa đã đầy"):
        run_year(loaded_catalog, year=YEAR, inputs_root=ROOT / "inputs", out_root=out, as_of=AS_OF)
    assert list(system_tmp.iterdir()) == []
    assert [p.name for p in (out / str(YEAR)).iterdir()] == []  # no staging folder, no lock, no output


@linux_only
def test_a_copy_killed_while_writing_the_workbook_is_said_in_vietnamese(
    loaded_catalog, tmp_path, monkeypatch
):
    from pipeline.writers import workbook

    monkeypatch.setattr(workbook, "_write", lambda *_a: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(OutputFailed) as e:
        run_year(loaded_catalog, year=YEAR, inputs_root=ROOT / "inputs", out_root=tmp_path, as_of=AS_OF)
    assert "Không ghi được bảng tổng hợp" in e.value.message and "thiếu bộ nhớ" in e.value.message
    assert "giữ nguyên" in e.value.message and "WriterStopped" in e.value.detail


class _HeldStream:
    """A stream whose lock another thread holds forever – as a progress bar's thread may hold the
    console's at the moment of the fork."""

    def __init__(self):
        import threading

        self.lock = threading.Lock()
        self.lock.acquire()

    def write(self, text):
        with self.lock:
            return len(text)

    def flush(self):
        with self.lock:
            pass


@linux_only
def test_the_copy_never_waits_for_a_stream_lock_held_at_the_fork(monkeypatch):
    import threading
    import warnings

    monkeypatch.setattr(sys, "stdout", _HeldStream())
    monkeypatch.setattr(sys, "stderr", _HeldStream())

    def chatty():
        print("một dòng")
        print("một dòng nữa", file=sys.stderr)
        warnings.warn("một cảnh báo", UserWarning, stacklevel=1)

    with Beside(chatty) as side:
        watchdog = threading.Timer(10, os.kill, (side.pid, signal.SIGKILL))  # a hang fails, not blocks
        watchdog.start()
        try:
            side.wait()
        finally:
            watchdog.cancel()


@linux_only
def test_the_copy_collects_the_garbage_its_job_makes():
    """The copy sets aside what it inherits (never walked, so never copied) but collects what its job
    leaves behind: writing a feedback form leaves reference cycles, and a copy that never collected
    them grew by ~450 MB for 1,000 forms."""

    def cycles() -> int:
        import psutil

        before = psutil.Process().memory_info().rss
        for _ in range(3000):
            a: list = [bytearray(100 * 1024)]
            a.append(a)  # a cycle holding 100 KB: freed only by the collector
        return psutil.Process().memory_info().rss - before

    with Beside(cycles) as side:
        side.wait()
    assert side.value < 150 * 1024 * 1024, f"{side.value / 2**20:.0f} MB kept"
