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
from pipeline.exitcodes import UsageProblem
from pipeline.intake.flat import FlatRow
from pipeline.intake.pool import PoolOptions, ReaderPool
from pipeline.intake.process import check_files
from pipeline.intake.supersede import choose_latest
from pipeline.manifest import Manifest, PlanRef, RegisterRef
from pipeline.writers.atomic import check_writable, write_bytes_atomic
from pipeline.writers.output_set import OutputFailed, OutputSet, why

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
def few_collections(first_generation: int = 100_000):
    """Python's cycle collector, made to run seldom while a run builds its long-lived rows: what exists
    already (modules, the catalog) is set aside, and the youngest generation is collected every
    ``first_generation`` new objects instead of every 700. At national size the default walked the
    hundreds of thousands of rows again and again (2 of 25 seconds at 3,400 files). Cycles are still
    collected; everything is restored on the way out."""
    import gc

    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(first_generation, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


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


def _run(c: _Run, pool: ReaderPool) -> RunResult:
    import time

    loaded, view, year, cat = c.loaded, c.view, c.view.year, c.loaded.catalog
    inputs, rows, register = _intake_year(loaded, year, c.folder, c.root, pool, c.tz, c.as_of)
    c.timings["read_check"] = time.perf_counter() - c.t0
    for msg in register.problems:
        c.say(msg)

    t = time.perf_counter()
    previous: dict[str, float | None] = {}
    prev_totals = prev_figures = prev_view = None
    previous_rows: list[FlatRow] = []
    prev_by_unit: dict[str, dict[str, float]] = {}
    prev_folder = c.inputs_root / str(year - 1)
    if prev_folder.is_dir():
        c.say(f"Đọc số liệu năm {year - 1} để so sánh")
        prev_inputs, previous_rows, _ = _intake_year(loaded, year - 1, prev_folder, c.root, pool, c.tz)
        prev_view = CatalogView.of(cat, year - 1)
        previous = {p.item: p.value for p in aggregate.province_targets(prev_view, previous_rows)}
        prev_received = {e.unit for e in prev_inputs if e.status == "accepted" and e.unit}
        prev_totals = aggregate.totals(prev_view, previous_rows, prev_received)
        prev_by_unit = aggregate.by_unit(prev_view, previous_rows)
        prev_figures = facts.key_figures(
            aggregate.documents(prev_view, previous_rows),
            facts.inspections(prev_view, previous_rows),
            facts.dialogues(prev_view, previous_rows),
        )
        _outliers(view, rows, previous_rows, cat.plan.outlier_threshold_pct, inputs)
    pool.close(wait=False)  # every file is read: the readers end (and free their memory) meanwhile
    c.timings["previous_year"] = time.perf_counter() - t

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
        province=aggregate.province_targets(view, rows, previous),
        documents=aggregate.documents(view, rows),
        programmes=aggregate.programmes(view, rows),
        texts=aggregate.texts(view, rows),
        totals=aggregate.totals(view, rows, {e.unit for e in inputs if e.status == "accepted" and e.unit}),
        previous_year=year - 1 if prev_folder.is_dir() else None,
        previous_totals=prev_totals,
        previous_local_values=previous_local_values(view, previous_rows),
        previous_by_unit=prev_by_unit,
        findings_by_severity={k: severities.get(k, 0) for k in ("error", "warning", "info")},
        period=facts.period(view),
        inspections=facts.inspections(view, rows),
        dialogues=facts.dialogues(view, rows),
        previous_figures=prev_figures,
        comparison=facts.comparison(view, prev_view, cat.plan.judge_on),
    )
    manifest.figures = facts.key_figures(manifest.documents, manifest.inspections, manifest.dialogues)
    manifest.followup_due = followup_due(manifest, view)
    manifest.owing = owing(manifest, view)
    c.timings["consolidate"] = time.perf_counter() - t
    outputs = _write_outputs(c, manifest, inputs, rows)
    c.timings["total"] = time.perf_counter() - c.t0
    return RunResult(manifest, c.out_dir, outputs, c.timings)


def _write_outputs(c: _Run, manifest: Manifest, inputs, rows) -> dict[str, Path]:
    """Workbook, feedback forms, reminder list, report, manifest – into the staging folder, then the
    whole set published at once. Any failure: nothing of this run is published (exit 2)."""
    step = "bảng tổng hợp"
    try:
        staged = _write_staged(c, manifest, inputs, rows)
        step = "công bố các tệp kết quả"
        c.out.replace_folder("phan-hoi", "*.xlsx")  # feedback of units that no longer need one goes
        c.out.publish()
    except OutputFailed:
        raise
    except (OSError, MemoryError) as e:
        raise OutputFailed(
            f"Không ghi được các tệp kết quả vào {c.out_dir} ({why(e)}). Các tệp kết quả trước đó được giữ nguyên.",
            hint="Giải phóng ổ đĩa, kiểm tra quyền ghi hoặc xoá thư mục trùng tên với tệp kết quả, rồi chạy lại.",
            detail=f"{type(e).__name__}: {e}",
        ) from None
    except Exception as e:
        if isinstance(e, UsageProblem):
            raise
        raise OutputFailed(
            f"Không tạo được các tệp kết quả (bước {step}). Các tệp kết quả trước đó được giữ nguyên.",
            hint="Kiểm tra mẫu báo cáo (ptn report lint) và danh mục (ptn plan check); nếu vẫn lỗi, báo người "
            "quản trị ptn kèm chi tiết kỹ thuật dưới đây.",
            detail=f"{type(e).__name__}: {e}",
        ) from None
    return {k: c.out_dir / rel for k, (_p, rel) in staged.items()}


def _write_staged(c: _Run, manifest: Manifest, inputs, rows) -> dict[str, tuple[Path, str]]:
    import time

    from pipeline.writers.feedback import write_feedback
    from pipeline.writers.reminders import write_reminders
    from pipeline.writers.workbook import write_workbook
    from pipeline.writers.workbook_units import detail_csv_name, detail_in_csv, write_detail_csv

    out = c.out
    staged: dict[str, tuple[Path, str]] = {}

    def put(key: str, rel: str) -> Path:
        p = out.path(rel)
        staged[key] = (p, rel)
        return p

    t = time.perf_counter()
    c.say("Ghi bảng tổng hợp")
    write_workbook(manifest, c.view, put("workbook", c.names["workbook"].name))
    detail = detail_csv_name(c.view.year)
    if detail_in_csv(manifest):  # national size: the one-row-per-cell list beside the workbook
        write_detail_csv(manifest, c.view, put("detail", detail))
    out.replace_folder("", detail)  # a list of an earlier, bigger run goes
    c.timings["workbook"] = time.perf_counter() - t
    t = time.perf_counter()
    c.say("Ghi biểu mẫu phản hồi cho từng đơn vị")
    feedback = write_feedback(
        c.loaded, c.view.year, inputs, rows, out.path("phan-hoi"), due=manifest.followup_due
    )
    for code, p in feedback.items():
        staged[f"phan-hoi/{code}"] = (p, f"phan-hoi/{p.name}")
    write_reminders(manifest, c.view, put("reminders", c.names["reminders"].name))
    c.timings["feedback"] = time.perf_counter() - t
    manifest.outputs = {k: rel for k, (_p, rel) in sorted(staged.items())}
    manifest.outputs["manifest"] = c.names["manifest"].name
    if c.report:
        t = time.perf_counter()
        c.say("Soạn dự thảo báo cáo Word")
        from pipeline.report.render import render_report

        manifest.outputs["report"] = c.names["report"].name
        render_report(manifest, c.loaded, put("report", c.names["report"].name))
        c.timings["docx"] = time.perf_counter() - t
    t = time.perf_counter()
    c.say("Soạn công văn đề nghị bổ sung, đôn đốc")
    from pipeline.letters.outputs import CONG_VAN_DIR, FEEDBACK_DIR, write_run_letters

    root = out.path("")
    for key, p in sorted(write_run_letters(manifest, c.loaded.catalog, root).items()):
        staged[key] = (p, p.relative_to(root).as_posix())
        manifest.outputs[key] = staged[key][1]
    # letters of an earlier run that no longer apply go when the set is published
    out.replace_folder(FEEDBACK_DIR, "*.docx")
    out.replace_folder(CONG_VAN_DIR, f"don-doc-{c.view.year}.docx")
    c.timings["letters"] = time.perf_counter() - t
    t = time.perf_counter()
    write_bytes_atomic(put("manifest", c.names["manifest"].name), manifest_json(manifest))
    c.timings["manifest"] = time.perf_counter() - t
    return staged


def _register_ref(register, root: Path) -> RegisterRef | None:
    if register.path is None:
        return None
    return RegisterRef(
        path=_rel(root, register.path),
        sha256=register.sha256,
        rows=len(register.entries),
        problems=register.problems,
    )


def manifest_json(m: Manifest) -> bytes:
    """The manifest as UTF-8 JSON, serialised straight to bytes (no 100 MB str at national size):
    indented, one field a line, for a province's run (two runs compare line by line); compact at
    national size, where the one-row-per-cell list goes to a CSV file too (a third smaller, quicker)."""
    from pipeline.writers.workbook_units import detail_in_csv

    indent = None if detail_in_csv(m) else 1
    return Manifest.__pydantic_serializer__.to_json(m, indent=indent) + b"\n"


def _cell_key(cell: str) -> tuple[int, str]:
    m = re.match(r"([A-Z]+)(\d+)", cell or "")
    if not m:
        return (0, cell or "")
    return (int(m.group(2)), m.group(1).rjust(3))
