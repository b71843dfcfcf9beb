"""``ptn run``: one reporting year from returned files to every output.

intake (``check_files``) → receipt times (register, e-mail, mtime) → which submission counts →
year-on-year outliers → aggregation and verdicts → completeness → manifest → writers.
Inputs are never written to. The year's output folder is locked for the whole run, and the outputs
are one set (writers/output_set.py): written into a staging folder and published at once, or not
at all – a failure anywhere leaves the previous set whole and is reported in Vietnamese (exit 2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.query import CatalogView
from pipeline.checks.messages import finding
from pipeline.consolidate import aggregate, facts
from pipeline.consolidate.completeness import completeness
from pipeline.consolidate.owing import followup_due, owing
from pipeline.consolidate.receipt import assign_receipts, file_times, report_numbers
from pipeline.consolidate.register import find_register, read_register
from pipeline.consolidate.reorganisation import previous_local_values
from pipeline.consolidate.run_outputs import write_outputs
from pipeline.exitcodes import UsageProblem
from pipeline.intake.flat import FlatRow
from pipeline.intake.pool import PoolOptions, ReaderPool
from pipeline.intake.process import check_files
from pipeline.intake.supersede import choose_latest
from pipeline.manifest import Manifest, PlanRef, RegisterRef
from pipeline.writers.atomic import check_writable
from pipeline.writers.output_set import OutputSet

SAMPLE_MARKER = ".du-lieu-mau"
NUMERIC = {"count", "amount", "ratio_part", "decimal"}


@dataclass
class RunResult:
    manifest: Manifest
    out_dir: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def latest_year(inputs_root: Path) -> int:
    years = [int(p.name) for p in inputs_root.glob("*") if p.is_dir() and re.fullmatch(r"\d{4}", p.name)]
    if not years:
        raise UsageProblem(
            f"Không có thư mục năm nào trong {inputs_root} (cần dạng {inputs_root / '2024'}).",
            hint="Lưu các tệp báo cáo nhận được vào inputs/<năm>/ hoặc chỉ rõ --year và --inputs.",
        )
    return max(years)


def _rel(root: Path, p: Path) -> str:
    """Relative POSIX path; a path outside ``root`` keeps its name only (no machine-specific path)."""
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return p.name


def _outliers(
    view: CatalogView, rows: list[FlatRow], previous: list[FlatRow], threshold: float, inputs
) -> None:
    """DHIS2-style year-on-year rule: a unit's number changing by more than ``threshold`` % → warning."""
    prev = {
        (r.unit, r.item, r.part, r.field): r.value
        for r in previous
        if r.valid and r.type in NUMERIC and isinstance(r.value, int | float)
    }
    by_sub = {e.path: e for e in inputs}
    for r in rows:
        if not r.valid or r.type not in NUMERIC or not isinstance(r.value, int | float):
            continue
        before = prev.get((r.unit, r.item, r.part, r.field))
        if before is None or (before < 10 and r.value < 10):
            continue  # small numbers jump naturally
        if not view.comparable_with_previous(r.unit or "", r.item):
            continue  # the unit merged or took the duty over since: a jump is no surprise
        change = (r.value - before) / before * 100 if before else float("inf")
        if abs(change) > threshold:
            e = by_sub.get(r.submission)
            if e is None:
                continue
            e.findings.append(
                finding(
                    "OUTLIER-YOY",
                    file=r.file,
                    sheet=r.sheet,
                    cell=r.cell,
                    item=r.item,
                    field=r.field,
                    value=r.raw,
                    before=_fmt(before),
                    now=_fmt(r.value),
                    change=f"{change:+.0f}".replace(".", ",") if change != float("inf") else "∞",
                    year=view.year - 1,
                )
            )


def _fmt(x: float) -> str:
    from pipeline.vn import so_vn

    return so_vn(x, 2, trim=True)


def default_as_of(view: CatalogView, today: dt.date) -> dt.date:
    """The cut-off date when none is given: today, but never after the end of the reporting period
    (a 2024 report run in 2026 is dated, and counts, as of 14/12/2024)."""
    return min(today, view.period_end)


def run_year(
    loaded: LoadedCatalog,
    *,
    year: int | None = None,
    inputs_root: Path = Path("inputs"),
    out_root: Path = Path("outputs"),
    as_of: dt.date | None = None,
    workers: int = 2,
    report: bool = True,
    progress: Callable[[str], None] | None = None,
    pool: ReaderPool | None = None,
) -> RunResult:
    """``pool``: a reader pool started by the caller (``ptn run`` starts it first thing, so the
    workers load while the command loads the catalog); closed here once every file is read."""
    import time

    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    inputs_root = Path(inputs_root)
    if not inputs_root.is_dir():
        raise UsageProblem(
            f"Không tìm thấy thư mục tệp báo cáo {inputs_root}.",
            hint="Tạo thư mục inputs/<năm>/ và lưu các tệp nhận được vào đó, hoặc chỉ rõ --inputs.",
        )
    year = year or latest_year(inputs_root)
    folder = inputs_root / str(year)
    if not folder.is_dir():
        raise UsageProblem(
            f"Không tìm thấy thư mục {folder}.",
            hint=f"Lưu các tệp báo cáo năm {year} vào {folder} (có thể để trống), hoặc chọn --year khác.",
        )
    cat = loaded.catalog
    tz = ZoneInfo(cat.plan.deadline.timezone)
    today = dt.datetime.now(tz).date()
    view = CatalogView.of(cat, year)
    as_of = as_of or default_as_of(view, today)
    root = inputs_root.resolve().parent
    out_dir = Path(out_root) / str(year)
    # one pool for this year and the previous one, started now: its workers load while we get ready
    pool = pool or ReaderPool(PoolOptions(workers=max(1, workers)))
    pool.start()
    try:
        with few_collections():
            return _locked_run(loaded, view, year, folder, inputs_root, root, out_dir, as_of, tz, report,
                               say, timings, t0, pool)  # fmt: skip
    finally:
        pool.close()


@contextmanager
def few_collections(first_generation: int = 500_000):
    """Python's cycle collector, made to run seldom while a run builds its long-lived rows: what exists
    already (modules, the catalog) is set aside, and the youngest generation is collected every
    ``first_generation`` new objects instead of every 700. At national size the default walked the
    hundreds of thousands of rows again and again (2 of 25 seconds at 3,400 files). Cycles are still
    collected; everything is restored on the way out. What the run made and still holds goes to the
    oldest generation on the way out, unwalked: restored to 700, the next allocation would otherwise
    walk all of it at once (~0.04 s after a sample year, for a command that ends right after)."""
    import gc

    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(first_generation, before[1], before[2])
    try:
        yield
    finally:
        gc.freeze()  # the run's objects join the ones set aside…
        gc.set_threshold(*before)
        gc.unfreeze()  # …and all go back to the oldest generation


def _locked_run(loaded, view, year, folder, inputs_root, root, out_dir, as_of, tz, report, say, timings, t0,
                pool) -> RunResult:  # fmt: skip
    with OutputSet(out_dir, command="ptn run") as out:  # the year's folder is ours until we are done
        names = {
            "workbook": out_dir / f"tong-hop-{year}.xlsx",
            "reminders": out_dir / "danh-sach-chua-gui.xlsx",
            "manifest": out_dir / f"run-{year}.json",
        }
        if report:
            from pipeline.report.render import report_filename

            names["report"] = out_dir / report_filename(year)
        # feedback forms of an earlier run are rewritten or removed as stale: an open one must stop us too
        existing_feedback = sorted(
            p for p in (out_dir / "phan-hoi").glob("*.xlsx") if not p.name.startswith("~$")
        )
        from pipeline.letters.outputs import letters_ready, run_letter_paths

        letters_ready()  # the letters' phrase files and templates are usable (else: exit 2, nothing written)
        from pipeline.writers.workbook_units import detail_csv_name

        detail = out_dir / detail_csv_name(year)  # national size only, or stale: rewritten or removed
        for p in [*names.values(), detail, *existing_feedback, *run_letter_paths(out_dir, year)]:
            check_writable(p)  # fail before doing any work when Excel holds an output open

        say("Đọc và kiểm tra các tệp báo cáo")
        ctx = _Run(loaded, view, folder, inputs_root, root, out_dir, names, as_of, tz, report, say, timings, t0,
                   out)  # fmt: skip
        return _run(ctx, pool)


@dataclass
class _Run:
    """What one run knows before it starts reading."""

    loaded: LoadedCatalog
    view: CatalogView
    folder: Path
    inputs_root: Path
    root: Path  # relative paths in the manifest are relative to this folder
    out_dir: Path
    names: dict[str, Path]
    as_of: dt.date
    tz: ZoneInfo
    report: bool
    say: Callable[[str], None]
    timings: dict[str, float]
    t0: float
    out: OutputSet


def _intake_year(loaded: LoadedCatalog, year: int, folder: Path, root: Path, pool: ReaderPool, tz: ZoneInfo,
                 as_of: dt.date | None = None):  # fmt: skip
    """Check one year's folder, date every submission, keep each unit's newest: (inputs, rows, register)."""
    result = check_files([folder], loaded, year, root, pool=pool)
    inputs = result.inputs
    register = read_register(find_register(folder), pool=pool, year=year, tz=tz)
    view = CatalogView.of(loaded.catalog, year)
    order = assign_receipts(
        inputs, report_numbers(result.rows_all), register, view, file_times(root, tz, inputs)
    )
    if as_of is not None:  # files received after the reference date are ignored (a file time never)
        for e in inputs:
            if (
                e.received_at is not None
                and e.received_at_source in ("register", "email")
                and e.received_at.astimezone(tz).date() > as_of
                and e.status != "rejected"
            ):
                e.status = "ignored"
                e.findings.append(finding("RECEIVED-AFTER-AS-OF", file=e.path, as_of=f"{as_of:%d/%m/%Y}"))
    choose_latest(inputs, order)
    accepted = {e.path for e in inputs if e.status == "accepted"}
    return inputs, [r for r in result.rows_all if r.submission in accepted], register


@dataclass
class _Previous:
    """Last year's figures, read again for the comparisons (empty when there is no folder for it)."""

    year: int | None = None
    targets: dict[str, float | None] = field(default_factory=dict)  # item → province value
    totals: Any = None
    figures: Any = None
    view: CatalogView | None = None
    rows: list[FlatRow] = field(default_factory=list)
    by_unit: dict[str, dict[str, float]] = field(default_factory=dict)


def _previous_year(c: _Run, pool: ReaderPool, rows: list[FlatRow], inputs) -> _Previous:
    loaded, view, year, cat = c.loaded, c.view, c.view.year, c.loaded.catalog
    folder = c.inputs_root / str(year - 1)
    if not folder.is_dir():
        return _Previous()
    c.say(f"Đọc số liệu năm {year - 1} để so sánh")
    prev_inputs, previous_rows, _ = _intake_year(loaded, year - 1, folder, c.root, pool, c.tz)
    prev_view = CatalogView.of(cat, year - 1)
    received = {e.unit for e in prev_inputs if e.status == "accepted" and e.unit}
    prev = _Previous(
        year=year - 1,
        targets={p.item: p.value for p in aggregate.province_targets(prev_view, previous_rows)},
        totals=aggregate.totals(prev_view, previous_rows, received),
        figures=facts.key_figures(
            aggregate.documents(prev_view, previous_rows),
            facts.inspections(prev_view, previous_rows),
            facts.dialogues(prev_view, previous_rows),
        ),
        view=prev_view,
        rows=previous_rows,
        by_unit=aggregate.by_unit(prev_view, previous_rows),
    )
    _outliers(view, rows, previous_rows, cat.plan.outlier_threshold_pct, inputs)
    return prev


def _run(c: _Run, pool: ReaderPool) -> RunResult:
    import time

    inputs, rows, register = _intake_year(c.loaded, c.view.year, c.folder, c.root, pool, c.tz, c.as_of)
    c.timings["read_check"] = time.perf_counter() - c.t0
    for msg in register.problems:
        c.say(msg)

    t = time.perf_counter()
    prev = _previous_year(c, pool, rows, inputs)
    pool.close(wait=False)  # every file is read: the readers end (and free their memory) meanwhile
    c.timings["previous_year"] = time.perf_counter() - t
    return _consolidate(c, inputs, rows, register, prev)


def _consolidate(c: _Run, inputs, rows: list[FlatRow], register, prev: _Previous) -> RunResult:
    import time

    loaded, view, year, cat = c.loaded, c.view, c.view.year, c.loaded.catalog

    t = time.perf_counter()
    c.say("Tổng hợp số liệu toàn tỉnh")
    severities: dict[str, int] = defaultdict(int)
    for e in inputs:
        for f in e.findings:
            severities[f.severity] += 1
        e.findings.sort(key=lambda f: (f.sheet, _cell_key(f.cell), f.code, f.message))
    manifest = Manifest(
        generated_at=dt.datetime.now(c.tz).replace(microsecond=0),
        year=year,
        as_of=c.as_of,
        sample_data=(c.folder / SAMPLE_MARKER).exists(),
        plan=PlanRef(
            id=cat.plan.id,
            number=cat.plan.number,
            catalog_hash=loaded.short_hash,
            catalog_path=_rel(c.root, loaded.path),
        ),
        deadline=cat.plan.deadline.cutoff(year),
        units={u.code: u.name for u in view.active_units},
        inputs=sorted(inputs, key=lambda e: e.path),
        incoming_register=_register_ref(register, c.root),
        completeness=completeness(view, inputs, c.as_of),
        values=aggregate.value_rows(rows),
        province=aggregate.province_targets(view, rows, prev.targets),
        documents=aggregate.documents(view, rows),
        programmes=aggregate.programmes(view, rows),
        texts=aggregate.texts(view, rows),
        totals=aggregate.totals(view, rows, {e.unit for e in inputs if e.status == "accepted" and e.unit}),
        previous_year=prev.year,
        previous_totals=prev.totals,
        previous_local_values=previous_local_values(view, prev.rows),
        previous_by_unit=prev.by_unit,
        findings_by_severity={k: severities.get(k, 0) for k in ("error", "warning", "info")},
        period=facts.period(view),
        inspections=facts.inspections(view, rows),
        dialogues=facts.dialogues(view, rows),
        previous_figures=prev.figures,
        comparison=facts.comparison(view, prev.view, cat.plan.judge_on),
    )
    manifest.figures = facts.key_figures(manifest.documents, manifest.inspections, manifest.dialogues)
    manifest.followup_due = followup_due(manifest, view)
    manifest.owing = owing(manifest, view)
    c.timings["consolidate"] = time.perf_counter() - t
    outputs = write_outputs(c, manifest, inputs, rows)
    c.timings["total"] = time.perf_counter() - c.t0
    return RunResult(manifest, c.out_dir, outputs, c.timings)


def _register_ref(register, root: Path) -> RegisterRef | None:
    if register.path is None:
        return None
    return RegisterRef(
        path=_rel(root, register.path),
        sha256=register.sha256,
        rows=len(register.entries),
        problems=register.problems,
    )


def _cell_key(cell: str) -> tuple[int, str]:
    m = re.match(r"([A-Z]+)(\d+)", cell or "")
    if not m:
        return (0, cell or "")
    return (int(m.group(2)), m.group(1).rjust(3))
