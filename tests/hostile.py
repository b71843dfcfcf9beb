"""Run ``ptn`` as a user would (a subprocess) and measure it: peak resident memory of the whole
process tree (the command and its reader workers, sampled every 20 ms) and wall time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plans" / "kh-253-2021-2025.yaml"
MB = 1024 * 1024


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str
    peak_rss: int  # bytes, the process tree
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def ptn(*args: str, cwd: Path = ROOT, timeout: float = 120, env: dict | None = None, preexec=None) -> Ran:
    e = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200", **(env or {})}
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=e, preexec_fn=preexec,
    )  # fmt: skip
    import threading

    out: dict[str, bytes] = {}

    def drain(name: str, stream) -> None:
        out[name] = stream.read()

    threads = [
        threading.Thread(target=drain, args=(n, s)) for n, s in (("o", proc.stdout), ("e", proc.stderr))
    ]
    for t in threads:
        t.start()
    peak = 0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        if time.monotonic() - t0 > timeout:
            proc.kill()
            break
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.02)
    proc.wait()
    for t in threads:
        t.join()
    return Ran(proc.returncode, out.get("o", b"").decode("utf-8", "replace"), out.get("e", b"").decode("utf-8", "replace"),
               peak, time.monotonic() - t0)  # fmt: skip


def assert_calm(r: Ran, files: int = 1) -> None:
    """No traceback, no native abort, no Rust text; memory and time within the issue's bounds."""
    text = r.output
    assert "Traceback" not in text, text[-3000:]
    assert "panicked" not in text and "RUST_BACKTRACE" not in text and "memory allocation" not in text, text[
        -3000:
    ]
    assert r.returncode in (0, 1, 2), (r.returncode, text[-3000:])
    assert r.peak_rss < 1024 * MB, f"peak {r.peak_rss / MB:.0f} MB"
    assert r.seconds < 10 * files + 15, f"{r.seconds:.1f} s for {files} file(s)"  # + start-up of ptn itself
