"""The fixed costs a user meets every day (issue 18): ``ptn run`` on the sample years, warm, with the
Word report (each compared with the year before, as ``ptn run`` does), and ``ptn --help``.

"Warm" is the second and later runs of a command: the files and Python's bytecode caches
(``__pycache__``, written on a user's first run) are there. One untimed run comes first; the figure
is the median of ``repeat`` timed runs (the fastest beside it).
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_YEARS = (2024, 2025)


@dataclass
class Timed:
    what: str
    median: float
    best: float
    runs: int
    files: int = 0


def _ptn(py: str) -> list[str]:
    script = Path(py).with_name("ptn")
    return [str(script)] if script.is_file() else [py, "-m", "pipeline"]


def timed(cmd: list[str], cwd: Path, env: dict, repeat: int) -> tuple[float, float]:
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = subprocess.run(
            cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        times.append(time.perf_counter() - t0)
        if r.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(cmd)} thất bại (mã {r.returncode}): {r.stderr.decode()[-2000:]}")
    return statistics.median(times), min(times)


def measure(py: str, root: Path, env: dict, repeat: int = 5, log=print) -> list[Timed]:
    out = []
    ptn = _ptn(py)
    m, b = timed([*ptn, "--help"], root, env, repeat)
    out.append(Timed("`ptn --help`", m, b, repeat))
    log(f"  ptn --help  {m:5.2f} s (best {b:.2f})")
    with tempfile.TemporaryDirectory(prefix="ptn-bench-mau-") as tmp:
        for year in SAMPLE_YEARS:
            folder = root / "inputs" / str(year)
            if not folder.is_dir():
                continue
            from pipeline.intake.source import is_skipped

            files = sum(1 for p in folder.iterdir() if p.is_file() and not is_skipped(p))
            cmd = [*ptn, "run", "--year", str(year), "--out", str(Path(tmp) / "out")]
            m, b = timed(cmd, root, env, repeat)
            out.append(
                Timed(
                    f"`ptn run --year {year}` (mẫu, so với {year - 1}, có báo cáo Word)", m, b, repeat, files
                )
            )
            log(f"  ptn run --year {year} ({files} tệp)  {m:5.2f} s (best {b:.2f})")
    return out
