"""Benchmark ``ptn run`` against a naive script and the parse floor (issues 8, 18). Not a timed test.

For each N (default 33, 300, 1000, 3400) on the cached corpus of :mod:`bench.make_corpus`:

* **floor** – python-calamine reading every sheet of every file, nothing else (whole process);
* **run** – ``python -m pipeline run --inputs … --out … --plan … --year …`` as a whole process:
  wall time and the peak RSS of its whole process tree (psutil, polled every 50 ms, the tree listed
  every 0.5 s; the tree's peak is the largest sum of RSS over the process and its children seen at
  one poll); the size of the run's manifest;
* the **phase split** – ``run_year`` in this process, printing ``RunResult.timings``;
* **naive** – ``pandas.read_excel(path, sheet_name=None, engine="openpyxl")`` on every file,
  concatenated, no checks (whole process; only up to N = 1,000).

``--repeat k`` times the floor and the run k times each, back to back, and keeps the best of each
(the least disturbed on a shared machine; the ratio is taken between the two). Then (unless
``--no-samples``) the sample years and ``ptn --help`` (:mod:`bench.startup`). The machine's load
average is recorded before and after. Child processes run as a user's would: Python writes and uses
its bytecode caches (``PYTHONDONTWRITEBYTECODE`` is dropped), and one untimed run warms them.

Prints the tables and writes ``bench/results.md`` (:mod:`bench.results_md`; notes written under its
``<!-- notes -->`` line are kept).

    python bench/run_bench.py [--sizes 33,300,1000] [--repeat 3] [--skip-naive] [--no-phases] [--no-samples]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.make_corpus import Corpus, build_corpus  # noqa: E402

PY = sys.executable
AS_OF = "30/11/2024"
NAIVE_MAX = 1000
POLL = 0.050  # RSS poll period (s)
SCAN = 0.5  # how often the process tree is listed again (s): the measuring must not slow the run
RESULTS = ROOT / "bench" / "results.md"
STORE = ROOT / "bench" / ".cache" / "results.json"  # newest measurement per N, merged into the table

NAIVE = r"""
import sys
from pathlib import Path
import pandas as pd

frames = []
for p in sorted(Path(sys.argv[1]).iterdir()):
    if p.suffix.lower() not in (".xlsx", ".xlsm", ".xls"):
        continue
    engine = "openpyxl" if p.suffix.lower() != ".xls" else None  # openpyxl cannot open .xls
    for name, df in pd.read_excel(p, sheet_name=None, engine=engine, header=None).items():
        df.insert(0, "sheet", name)
        df.insert(0, "file", p.name)
        frames.append(df)
all_ = pd.concat(frames, ignore_index=True)
print(len(all_))
"""

FLOOR = r"""
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook

cells = 0
for p in sorted(Path(sys.argv[1]).iterdir()):
    if p.suffix.lower() not in (".xlsx", ".xlsm", ".xls"):
        continue
    wb = CalamineWorkbook.from_path(str(p))
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        cells += sum(len(r) for r in rows)
print(cells)
"""


@dataclass
class Measured:
    seconds: float
    peak_rss: int  # bytes, whole process tree
    returncode: int
    output: str = ""


@dataclass
class Row:
    n: int
    files: int
    xls: int
    run: Measured
    naive: Measured | None
    floor: Measured
    phases: dict[str, float] = field(default_factory=dict)
    manifest_bytes: int = 0
    detail_csv: bool = False
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after


def measure(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> Measured:
    """Wall time and peak RSS of the process tree of ``cmd`` (see POLL and SCAN)."""
    import psutil

    out = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    ps = psutil.Process(proc.pid)
    peak = 0
    procs = [ps]
    last_scan = 0.0
    while proc.poll() is None:
        now = time.perf_counter()
        if now - last_scan >= SCAN:  # listing children walks /proc: not at every poll
            try:
                procs = [ps, *ps.children(recursive=True)]
            except psutil.Error:
                procs = [ps]
            last_scan = now
        total = 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        peak = max(peak, total)
        time.sleep(POLL)
    seconds = time.perf_counter() - t0
    out.seek(0)
    text = out.read().decode("utf-8", "replace")
    out.close()
    return Measured(seconds, peak, proc.returncode, text)


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("PYTHONIOENCODING", "utf-8")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine: bytecode cached after the first run
    return env


def load_average() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return float("nan")


def _best(a: Measured | None, b: Measured) -> Measured:
    return b if a is None or b.seconds < a.seconds else a


def time_run(c: Corpus, out: Path) -> Measured:
    cmd = [PY, "-m", "pipeline", "run", "--inputs", str(c.inputs), "--out", str(out), "--plan", str(c.plan),
           "--year", str(c.year), "--as-of", AS_OF]  # fmt: skip
    m = measure(cmd, cwd=ROOT, env=_env())
    if m.returncode not in (0, 1):
        raise RuntimeError(f"ptn run thất bại (mã {m.returncode}):\n{m.output[-3000:]}")
    return m


def time_script(script: str, folder: Path) -> Measured:
    m = measure([PY, "-c", script, str(folder)], env=_env())
    if m.returncode != 0:
        raise RuntimeError(f"baseline thất bại:\n{m.output[-3000:]}")
    return m


def phases(c: Corpus, out: Path) -> dict[str, float]:
    """``run_year`` in this process: ``RunResult.timings``."""
    from pipeline.consolidate.run_year import run_year

    as_of = dt.datetime.strptime(AS_OF, "%d/%m/%Y").date()
    r = run_year(c.loaded(), year=c.year, inputs_root=c.inputs, out_root=out, as_of=as_of)
    received = len(r.manifest.completeness.received)
    if received != c.n:
        print(f"  ! N={c.n}: chỉ nhận {received} đơn vị", file=sys.stderr)
    return dict(r.timings)


def bench_one(n: int, *, naive: bool, with_phases: bool, repeat: int = 1, log=print) -> Row:
    c = build_corpus(n, log=log)
    log(f"N={n}: {c.files} tệp ({c.xls} .xls)")
    before = load_average()
    run = floor = None
    manifest_bytes, detail = 0, False
    with tempfile.TemporaryDirectory(prefix="ptn-bench-") as tmp:
        tmp = Path(tmp)
        if repeat > 1:
            time_run(c, tmp / "warm")  # untimed: bytecode caches, the files in the page cache
        for i in range(repeat):
            floor = _best(floor, time_script(FLOOR, c.folder))
            out = tmp / f"run{i}"
            run = _best(run, time_run(c, out))
            year_dir = out / str(c.year)
            manifest_bytes = (year_dir / f"run-{c.year}.json").stat().st_size
            detail = (year_dir / f"du-lieu-chi-tiet-{c.year}.csv").is_file()
        log(f"  floor  {floor.seconds:7.2f} s  peak RSS {floor.peak_rss / 2**20:6.0f} MB")
        log(f"  run    {run.seconds:7.2f} s  peak RSS {run.peak_rss / 2**20:6.0f} MB  "
            f"run/floor {run.seconds / floor.seconds:.2f}")  # fmt: skip
        ph = phases(c, tmp / "phases") if with_phases else {}
        if ph:
            log("  phases " + ", ".join(f"{k} {v:.2f}" for k, v in ph.items()))
    nv = None
    if naive and n <= NAIVE_MAX:
        nv = time_script(NAIVE, c.folder)
        log(f"  naive  {nv.seconds:7.2f} s  peak RSS {nv.peak_rss / 2**20:6.0f} MB")
    return Row(n, c.files, c.xls, run, nv, floor, ph, manifest_bytes, detail, (before, load_average()))


def _load_store() -> dict[int, Row]:
    try:
        data = json.loads(STORE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for d in data:
        d["run"] = Measured(**d["run"])
        d["floor"] = Measured(**d["floor"])
        d["naive"] = Measured(**d["naive"]) if d.get("naive") else None
        d["load"] = tuple(d.get("load") or (0.0, 0.0))
        out[d["n"]] = Row(**d)
    return out


def _save_store(rows: dict[int, Row]) -> None:
    STORE.parent.mkdir(parents=True, exist_ok=True)
    data = []
    for r in sorted(rows.values(), key=lambda r: r.n):
        d = dataclasses.asdict(r)
        for k in ("run", "floor", "naive"):
            if d.get(k):
                d[k]["output"] = ""
        data.append(d)
    STORE.write_text(json.dumps(data, indent=1), encoding="utf-8")


def machine() -> str:
    return (
        f"{os.cpu_count()} CPU cores ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Đo thời gian ptn run so với cách làm đơn giản (issue 8, 18).")
    ap.add_argument("--sizes", default="33,300,1000,3400", help="các cỡ N, phân cách bằng dấu phẩy")
    ap.add_argument("--repeat", type=int, default=1, help="số lần đo floor và run, lấy lần nhanh nhất")
    ap.add_argument("--skip-naive", action="store_true", help="bỏ qua script pandas (chậm)")
    ap.add_argument(
        "--no-phases", action="store_true", help="không chạy run_year trong tiến trình để chia pha"
    )
    ap.add_argument("--no-samples", action="store_true", help="không đo năm mẫu và ptn --help")
    ap.add_argument("--out", type=Path, default=RESULTS, help="tệp Markdown kết quả")
    ap.add_argument(
        "--fresh", action="store_true", help="không gộp kết quả cũ (bench/.cache/results.json) vào bảng"
    )
    args = ap.parse_args(argv)
    from bench import results_md, startup

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the in-process run's workers too

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    stored = {} if args.fresh else _load_store()
    started = load_average()
    repeat = max(1, args.repeat)
    for n in sizes:
        row = bench_one(n, naive=not args.skip_naive, with_phases=not args.no_phases, repeat=repeat)
        old = stored.get(n)
        if row.naive is None and old is not None and old.naive is not None:
            row.naive = old.naive  # --skip-naive keeps the last naive time of that N
        stored[n] = row
        _save_store(stored)
    samples = [] if args.no_samples else startup.measure(PY, ROOT, _env(), repeat=max(3, repeat))
    rows = [stored[n] for n in sorted(stored)]
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    text = results_md.render(rows, samples, machine=machine(), stamp=stamp,
                             loads=(started, load_average()), notes=_old_notes(args.out))  # fmt: skip
    print()
    print(text)
    args.out.write_text(text, encoding="utf-8")
    print(f"\n→ {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


def _old_notes(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    return text.split(NOTES, 1)[1].strip() if NOTES in text else ""


NOTES = "<!-- notes -->"


if __name__ == "__main__":
    raise SystemExit(main())
