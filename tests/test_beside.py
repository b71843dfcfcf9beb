"""The workbook written beside the main process (pipeline/writers/beside.py): a real fork, what the copy
raised comes back as the same error, a killed copy is said, a failure of the main side stops the copy;
``ptn run`` gives the same files with and without it, and a failed copy publishes nothing."""

from __future__ import annotations

import errno
import os
import signal
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
    assert 0.3 <= seconds < 5


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


def _sheets(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # creation time only


def test_run_writes_the_same_workbook_with_and_without_the_copy(loaded_catalog, tmp_path, monkeypatch):
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
