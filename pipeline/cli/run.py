"""``ptn run``: consolidate a reporting year (the main job)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from pipeline.cli import app
from pipeline.cli.options import PlanOption, date_option, load_plan
from pipeline.console import console
from pipeline.exitcodes import Exit

#: a run made this long after the end of the reporting period says so on the console
LATE_RUN_DAYS = 30


def late_run_note(loaded, year: int, as_of: dt.date, given: bool, today: dt.date | None = None) -> str:
    """When the run is made long after the reporting period and no --as-of was given: say that the
    figures (and the draft's date) are as of the end of the period, not today."""
    from zoneinfo import ZoneInfo

    from pipeline.catalog.query import CatalogView

    view = CatalogView.of(loaded.catalog, year)
    today = today or dt.datetime.now(ZoneInfo(loaded.catalog.plan.deadline.timezone)).date()
    days = (today - view.period_end).days
    if given or days <= LATE_RUN_DAYS:
        return ""
    return (
        f"chạy sau khi kết thúc kỳ báo cáo năm {year} ({view.period_end:%d/%m/%Y}) {days} ngày: số liệu chốt "
        f"đến ngày {as_of:%d/%m/%Y}, dự thảo báo cáo ghi tháng {as_of.month}/{as_of.year}. Dùng --as-of "
        "dd/mm/yyyy để chọn ngày khác."
    )


@app.command("run")
def run(
    year: Annotated[
        int | None, typer.Option("--year", help="Năm báo cáo (mặc định: năm mới nhất trong inputs/).")
    ] = None,
    inputs: Annotated[
        Path, typer.Option("--inputs", help="Thư mục chứa các thư mục năm (inputs/<năm>/).")
    ] = Path("inputs"),
    out: Annotated[Path, typer.Option("--out", help="Thư mục kết quả (ghi vào <out>/<năm>/).")] = Path(
        "outputs"
    ),
    plan: PlanOption = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Ngày chốt số liệu (dd/mm/yyyy): bỏ qua tệp nhận sau ngày này."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Thoát mã 1 khi còn đơn vị bắt buộc chưa gửi hoặc báo cáo có lỗi."),
    ] = False,
    no_report: Annotated[bool, typer.Option("--no-report", help="Không soạn báo cáo Word.")] = False,
) -> None:
    """Tổng hợp một năm: kiểm tra mọi tệp trong inputs/<năm>/, ghi bảng tổng hợp, phản hồi, báo cáo."""
    from pipeline.intake.pool import ReaderPool

    # the reader workers start first, before any thread (the progress display): on Linux they are forked
    # from here once the reader is loaded; spawned elsewhere, they load while this process loads the rest
    with ReaderPool() as pool:
        _run(year, inputs, out, plan, as_of, strict, no_report, pool)


def _run(year, inputs, out, plan, as_of, strict, no_report, pool) -> None:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Table

    loaded = load_plan(plan)
    from pipeline.consolidate.run_year import run_year
    from pipeline.report.phrases import ensure_usable

    # a broken phrase file stops the run before any work, not after it
    ensure_usable(feedback=True, report=not no_report)
    cut_off = date_option(as_of, "--as-of", "14/11/2024")

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True) as bar:  # fmt: skip
        task = bar.add_task("Bắt đầu", total=None)
        result = run_year(
            loaded, year=year, inputs_root=inputs, out_root=out, as_of=cut_off,
            report=not no_report, progress=lambda msg: bar.update(task, description=msg), pool=pool,
        )  # fmt: skip
    m = result.manifest
    c = m.completeness
    if m.sample_data:
        console.print("[bold red]DỮ LIỆU MẪU[/] – kết quả chỉ để xem thử, không dùng để báo cáo.")
    console.print(f"[bold]Tổng hợp năm {m.year}[/] (số liệu đến ngày {m.as_of:%d/%m/%Y})")
    note = late_run_note(loaded, m.year, m.as_of, given=cut_off is not None)
    if note:
        console.print(f"[yellow]Lưu ý:[/] {note}")
    t = Table(show_header=False, box=None)
    t.add_column(style="bold")
    t.add_column(justify="right")
    t.add_row("Phải báo cáo (bắt buộc)", str(len(c.expected)))
    t.add_row("Đã gửi", str(len(c.received)))
    t.add_row("Đúng hạn", str(len(c.on_time)))
    t.add_row("Gửi chậm", str(len(c.late)))
    t.add_row("Chưa gửi" if not c.not_yet_due else "Chưa đến hạn", str(len(c.missing) or len(c.not_yet_due)))
    t.add_row("Đơn vị được đề nghị đã gửi", f"{len(c.requested_received)}/{len(c.requested)}")
    verdicts = [p.verdict for p in m.province]
    t.add_row(
        "Chỉ tiêu Vượt / Đạt / Chưa đạt",
        f"{verdicts.count('vuot')} / {verdicts.count('dat')} / {verdicts.count('chua_dat')}",
    )
    t.add_row("Chỉ tiêu chưa có số liệu", str(verdicts.count("chua_co_so_lieu")))
    f = m.findings_by_severity
    t.add_row("Lỗi / Cảnh báo / Lưu ý", f"{f.get('error', 0)} / {f.get('warning', 0)} / {f.get('info', 0)}")
    console.print(t)
    if m.incoming_register and m.incoming_register.problems:
        console.print(f"[yellow]Sổ văn bản đến ({escape(m.incoming_register.path)}):[/]")
        for line in m.incoming_register.problems[:50]:
            console.print(f"  {escape(line)}")
        if len(m.incoming_register.problems) > 50:
            console.print(
                f"  … và {len(m.incoming_register.problems) - 50} dòng khác (xem run-{m.year}.json)."
            )
    if c.missing:
        console.print("Chưa gửi báo cáo: " + escape(", ".join(m.units.get(u, u) for u in c.missing)))
    if c.late:
        console.print(
            "Gửi chậm: " + ", ".join(f"{m.units.get(x.unit, x.unit)} ({x.days_late} ngày)" for x in c.late)
        )
    console.print("[bold]Kết quả:[/]")
    for key, p in sorted(result.outputs.items()):
        if not key.startswith(("phan-hoi/", "bo-sung/")):
            console.print(f"  {escape(p.as_posix())}")
    n_fb = sum(k.startswith("phan-hoi/") for k in result.outputs)
    n_letters = sum(k.startswith("bo-sung/") for k in result.outputs)
    if n_fb:
        letters = f", {n_letters} công văn đề nghị bổ sung" if n_letters else ""
        console.print(
            f"  {(result.out_dir / 'phan-hoi').as_posix()}/ ({n_fb} biểu mẫu đề nghị bổ sung, hoàn thiện{letters})"
        )
    if strict:
        errors = any(fl.severity == "error" for e in m.inputs if e.status == "accepted" for fl in e.findings)
        if c.missing or errors:
            raise typer.Exit(Exit.PROBLEMS)
