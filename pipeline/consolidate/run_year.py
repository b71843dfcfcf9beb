"""``ptn run``: one reporting year from returned files to every output.

intake (``check_files``) → receipt times (register, e-mail, mtime) → which submission counts →
year-on-year outliers → aggregation and verdicts → completeness → manifest → writers.
Inputs are never written to; every output is written atomically; the manifest is written last.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.query import CatalogView
from pipeline.checks.messages import finding
from pipeline.consolidate import aggregate
from pipeline.consolidate.completeness import completeness
from pipeline.consolidate.receipt import assign_receipts, choose_latest, file_times, report_numbers
from pipeline.consolidate.register import find_register, read_register
from pipeline.exitcodes import UsageProblem
from pipeline.intake.flat import FlatRow
from pipeline.intake.pool import PoolOptions, ReaderPool
from pipeline.intake.process import check_files
from pipeline.manifest import Manifest, PlanRef, RegisterRef
from pipeline.writers.atomic import check_writable, write_text_atomic

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
) -> RunResult:
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
    as_of = as_of or today
    view = CatalogView(cat, year)
    root = inputs_root.resolve().parent
    out_dir = Path(out_root) / str(year)
    out_dir.mkdir(parents=True, exist_ok=True)
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
    for p in [*names.values(), *existing_feedback]:
        check_writable(p)  # fail before doing any work when Excel holds an output open

    say("Đọc và kiểm tra các tệp báo cáo")
    pool = ReaderPool(PoolOptions(workers=max(1, workers)))  # one pool for this year and the previous one
    try:
        return _run(loaded, year, folder, inputs_root, root, out_dir, names, as_of, tz, view, cat, report,
                    say, timings, t0, pool)  # fmt: skip
    finally:
        pool.close()


def _run(loaded, year, folder, inputs_root, root, out_dir, names, as_of, tz, view, cat, report, say, timings,
         t0, pool) -> RunResult:  # fmt: skip
    import time

    result = check_files([folder], loaded, year, root, pool=pool)
    timings["read_check"] = time.perf_counter() - t0
    inputs = result.inputs
    all_rows = result.rows_all

    t = time.perf_counter()
    register = read_register(find_register(folder))
    order = assign_receipts(inputs, report_numbers(all_rows), register, view, file_times(root, tz, inputs))
    # files received after the reference date are ignored (a file time is only an estimate: never)
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
    rows = [r for r in all_rows if r.submission in accepted]
    for msg in register.problems:
        say(msg)

    previous_rows: list[FlatRow] = []
    previous: dict[str, float | None] = {}
    prev_totals = None
    prev_folder = inputs_root / str(year - 1)
    if prev_folder.is_dir():
        say(f"Đọc số liệu năm {year - 1} để so sánh")
        prev_result = check_files([prev_folder], loaded, year - 1, root, pool=pool)
        prev_inputs = prev_result.inputs
        prev_all = prev_result.rows_all
        prev_view = CatalogView(cat, year - 1)
        prev_order = assign_receipts(
            prev_inputs, report_numbers(prev_all), read_register(find_register(prev_folder)), prev_view,
            file_times(root, tz, prev_inputs),
        )  # fmt: skip
        choose_latest(prev_inputs, prev_order)
        prev_ok = {e.path for e in prev_inputs if e.status == "accepted"}
        previous_rows = [r for r in prev_all if r.submission in prev_ok]
        previous = {p.item: p.value for p in aggregate.province_targets(prev_view, previous_rows)}
        prev_totals = aggregate.totals(prev_view, previous_rows)
        _outliers(view, rows, previous_rows, cat.plan.outlier_threshold_pct, inputs)
    timings["previous_year"] = time.perf_counter() - t

    t = time.perf_counter()
    say("Tổng hợp số liệu toàn tỉnh")
    province = aggregate.province_targets(view, rows, previous)
    comp = completeness(view, inputs, as_of)
    severities: dict[str, int] = defaultdict(int)
    for e in inputs:
        for f in e.findings:
            severities[f.severity] += 1
    for e in inputs:
        e.findings.sort(key=lambda f: (f.sheet, _cell_key(f.cell), f.code, f.message))
    manifest = Manifest(
        generated_at=dt.datetime.now(tz).replace(microsecond=0),
        year=year,
        as_of=as_of,
        sample_data=(folder / SAMPLE_MARKER).exists(),
        plan=PlanRef(
            id=cat.plan.id,
            number=cat.plan.number,
            catalog_hash=loaded.short_hash,
            catalog_path=_rel(root, loaded.path),
        ),
        deadline=cat.plan.deadline.cutoff(year),
        units={u.code: u.name for u in view.active_units},
        inputs=sorted(inputs, key=lambda e: e.path),
        incoming_register=_register_ref(register, root),
        completeness=comp,
        values=aggregate.value_rows(rows),
        province=province,
        documents=aggregate.documents(view, rows),
        programmes=aggregate.programmes(view, rows),
        texts=aggregate.texts(view, rows),
        totals=aggregate.totals(view, rows),
        previous_year=year - 1 if prev_folder.is_dir() else None,
        previous_totals=prev_totals,
        findings_by_severity={k: severities.get(k, 0) for k in ("error", "warning", "info")},
    )
    timings["consolidate"] = time.perf_counter() - t

    from pipeline.writers.feedback import write_feedback
    from pipeline.writers.reminders import write_reminders
    from pipeline.writers.workbook import write_workbook

    outputs: dict[str, Path] = {}
    t = time.perf_counter()
    say("Ghi bảng tổng hợp")
    outputs["workbook"] = write_workbook(manifest, view, names["workbook"])
    timings["workbook"] = time.perf_counter() - t
    t = time.perf_counter()
    say("Ghi biểu mẫu phản hồi cho từng đơn vị")
    feedback = write_feedback(loaded, year, inputs, rows, out_dir / "phan-hoi")
    for code, p in feedback.items():
        outputs[f"phan-hoi/{code}"] = p
    outputs["reminders"] = write_reminders(manifest, view, names["reminders"])
    timings["feedback"] = time.perf_counter() - t
    manifest.outputs = {k: _rel(out_dir, p) for k, p in sorted(outputs.items())}
    manifest.outputs["manifest"] = names["manifest"].name
    if report:
        t = time.perf_counter()
        say("Soạn dự thảo báo cáo Word")
        from pipeline.report.render import render_report

        manifest.outputs["report"] = names["report"].name
        outputs["report"] = render_report(manifest, loaded, names["report"])
        timings["docx"] = time.perf_counter() - t
    write_text_atomic(names["manifest"], manifest_json(manifest))
    outputs["manifest"] = names["manifest"]
    timings["total"] = time.perf_counter() - t0
    return RunResult(manifest, out_dir, outputs, timings)


def _register_ref(register, root: Path) -> RegisterRef | None:
    if register.path is None:
        return None
    digest = hashlib.sha256(register.path.read_bytes()).hexdigest()
    return RegisterRef(
        path=_rel(root, register.path), sha256=digest, rows=len(register.entries), problems=register.problems
    )


def manifest_json(m: Manifest) -> str:
    return m.model_dump_json(indent=1) + "\n"


def _cell_key(cell: str) -> tuple[int, str]:
    m = re.match(r"([A-Z]+)(\d+)", cell or "")
    if not m:
        return (0, cell or "")
    return (int(m.group(2)), m.group(1).rjust(3))
