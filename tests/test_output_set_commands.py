"""``ptn report render`` and every ``ptn cong-van …`` command write like ``ptn run`` and ``ptn templates``:
through the year folder's output set (pipeline/writers/output_set.py) – under its lock, published at
once or not at all; a file open in Word named with "close it"; another command on the folder said;
a failure in Vietnamese with exit 2 and the previous files kept."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.exitcodes import OutputLocked, UsageProblem
from pipeline.letters.followup import corrections_due
from pipeline.writers.output_set import LOCK_NAME, STAGING_PREFIX, OutputBusy, OutputFailed

from .letters_fixture import YEAR

ROOT = Path(__file__).resolve().parent.parent
PLAN = str(ROOT / "plans" / "kh-253-2021-2025.yaml")


def commands(unit: str) -> dict[str, tuple[list[str], str]]:
    """command → (arguments, the file it writes under outputs/<Y>/)."""
    return {
        "report": (["report", "render"], f"bao-cao-{YEAR}.docx"),
        "report-ubnd": (["report", "render", "--variant", "ubnd-tinh"], f"bao-cao-{YEAR}-ubnd-tinh.docx"),
        "de-nghi-bao-cao": (["cong-van", "de-nghi-bao-cao", "--year", str(YEAR)], f"cong-van/de-nghi-bao-cao-{YEAR}.docx"),
        "don-doc": (["cong-van", "don-doc"], f"cong-van/don-doc-{YEAR}.docx"),
        "bo-sung": (["cong-van", "bo-sung", "--unit", unit], f"phan-hoi/{unit}.docx"),
        "to-trinh": (["cong-van", "to-trinh"], f"cong-van/to-trinh-{YEAR}.docx"),
    }  # fmt: skip


KINDS = ["report", "report-ubnd", "de-nghi-bao-cao", "don-doc", "bo-sung", "to-trinh"]


@pytest.fixture
def year_dir(letters_run, tmp_path, monkeypatch) -> Path:
    """A working folder holding only the last run's manifest, as after ``ptn run``."""
    d = tmp_path / "outputs" / str(YEAR)
    d.mkdir(parents=True)
    m = letters_run.manifest
    (d / f"run-{YEAR}.json").write_text(m.model_dump_json(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return d


def _cmd(letters_run, kind: str) -> tuple[list[str], str]:
    args, rel = commands(corrections_due(letters_run.manifest)[0].unit)[kind]
    return [*args, "--plan", PLAN], rel


def _leftovers(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir() if p.name == LOCK_NAME or p.name.startswith(STAGING_PREFIX))


@pytest.mark.parametrize("kind", KINDS)
def test_written_as_one_set_and_nothing_left_behind(kind, letters_run, year_dir):
    args, rel = _cmd(letters_run, kind)
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert (year_dir / rel).is_file()
    assert _leftovers(year_dir) == []  # lock released, staging folder gone


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_open_in_word_is_named_and_left_untouched(kind, letters_run, year_dir):
    args, rel = _cmd(letters_run, kind)
    assert CliRunner().invoke(app, args).exit_code == 0
    target = year_dir / rel
    before = target.read_bytes()
    owner = target.with_name("~$" + target.name)  # what Word keeps beside an open document
    owner.write_bytes(b"owner")
    res = CliRunner().invoke(app, args)
    assert isinstance(res.exception, OutputLocked), res.output
    assert target.name in res.exception.message and "Đóng tệp" in res.exception.hint
    assert target.read_bytes() == before and _leftovers(year_dir) == []


@pytest.mark.parametrize("kind", KINDS)
def test_another_command_on_the_folder_is_said(kind, letters_run, year_dir):
    args, rel = _cmd(letters_run, kind)
    holder = {"command": "ptn run", "pid": os.getpid(), "host": socket.gethostname(), "user": "chuyenvien"}
    (year_dir / LOCK_NAME).write_text(json.dumps(holder), encoding="utf-8")
    res = CliRunner().invoke(app, args)
    assert isinstance(res.exception, OutputBusy), res.output
    assert "«ptn run»" in res.exception.message and "chuyenvien" in res.exception.message
    assert not (year_dir / rel).exists()


def test_a_failure_publishes_nothing_of_the_set(letters_run, year_dir):
    """The tờ trình and the draft it submits are one set: when the tờ trình cannot be written (a folder
    in its place), the draft is not published either; the message is Vietnamese."""
    args, rel = _cmd(letters_run, "to-trinh")
    (year_dir / rel).mkdir(parents=True)
    res = CliRunner().invoke(app, args)
    assert isinstance(res.exception, OutputFailed), res.output
    assert "thư mục trùng tên" in res.exception.message and "giữ nguyên" in res.exception.message
    assert not (year_dir / f"bao-cao-{YEAR}-ubnd-tinh.docx").exists() and _leftovers(year_dir) == []


def test_report_render_open_in_word_exits_2_in_vietnamese(letters_run, year_dir):
    """Through the real entry point: exit 2, the file named, "close it", no traceback."""
    args, rel = _cmd(letters_run, "report")
    assert CliRunner().invoke(app, args).exit_code == 0
    target = year_dir / rel
    target.with_name("~$" + target.name).write_bytes(b"owner")
    r = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=year_dir.parent.parent, capture_output=True,
                       text=True, encoding="utf-8", timeout=300)  # fmt: skip
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Đóng tệp" in r.stderr and target.name in r.stderr and "Traceback" not in r.stderr
    assert issubclass(OutputLocked, UsageProblem)
