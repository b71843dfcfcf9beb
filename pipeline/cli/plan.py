"""``ptn plan check`` and ``ptn plan show``: the plan catalog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipeline.catalog import CatalogView, load_catalog
from pipeline.catalog.labels import KIND_LABEL, OBLIGATION_LABEL, ROLE_LABEL
from pipeline.catalog.load import DEFAULT_PLAN, CatalogSyntaxError
from pipeline.catalog.model import Obligation, UnitKind
from pipeline.catalog.validate import check_catalog
from pipeline.cli import app
from pipeline.cli.options import PlanOption
from pipeline.console import console
from pipeline.exitcodes import Exit

plan_app = typer.Typer(help="Danh mục kế hoạch: kiểm tra và xem.", no_args_is_help=True)
app.add_typer(plan_app, name="plan")


def _load_or_report(path: Path | None):
    try:
        return load_catalog(path)
    except CatalogSyntaxError as e:
        console.print(f"[bold red]Danh mục không hợp lệ:[/] {e.path}")
        for line in e.problems:
            console.print(f"  [red]Lỗi[/] {line}")
        raise typer.Exit(Exit.PROBLEMS) from None


@plan_app.command("check")
def plan_check(
    path: Annotated[
        Path | None, typer.Argument(help=f"Tệp danh mục (mặc định {DEFAULT_PLAN.as_posix()}).")
    ] = None,
) -> None:
    """Kiểm tra danh mục kế hoạch: mã trùng, đơn vị, nguồn số liệu, năm, quy tắc."""
    loaded = _load_or_report(path)
    problems = check_catalog(loaded)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        colour = "red" if p.severity == "error" else "yellow"
        console.print(f"[{colour}]{p.line(loaded.path.name)}[/]")
    c = loaded.catalog
    console.print(
        f"{loaded.path.name}: {len(c.units)} đơn vị, {len(c.documents)} văn bản, {len(c.targets)} chỉ tiêu, "
        f"{len(c.programmes)} chương trình, {len(c.rules)} quy tắc; mã danh mục {loaded.short_hash}."
    )
    if errors:
        console.print(f"[bold red]Có {len(errors)} lỗi: sửa danh mục rồi chạy lại ptn plan check.[/]")
        raise typer.Exit(Exit.PROBLEMS)
    console.print("[bold green]Danh mục hợp lệ.[/]")


@plan_app.command("show")
def plan_show(
    year: Annotated[int | None, typer.Option("--year", help="Năm báo cáo (mặc định: năm nay).")] = None,
    plan: PlanOption = None,
) -> None:
    """Xem danh mục của một năm: đơn vị hoạt động, các phụ lục, nhiệm vụ của từng đơn vị."""
    loaded = _load_or_report(plan)
    c = loaded.catalog
    year = year or dt.date.today().year
    view = CatalogView(c, year)
    console.print(f"[bold]{c.plan.title}[/] ({c.plan.number}) – năm báo cáo {year}")
    dl = c.plan.deadline
    console.print(
        f"Hạn báo cáo: đúng hạn nếu nhận đến hết ngày {view.reference_date:%d/%m/%Y} ({dl.timezone})."
    )

    t = Table(title=f"Đơn vị hoạt động năm {year}")
    for col in ("Loại", "Bắt buộc", "Đề nghị"):
        t.add_column(col, justify="right" if col != "Loại" else "left")
    for kind in UnitKind:
        units = [u for u in view.active_units if u.kind == kind]
        if units:
            t.add_row(
                KIND_LABEL[kind],
                str(sum(u.obligation == Obligation.obliged for u in units)),
                str(sum(u.obligation == Obligation.requested for u in units)),
            )
    t.add_row("[bold]Cộng[/]", f"[bold]{len(view.obliged_units)}[/]", f"[bold]{len(view.requested_units)}[/]")
    console.print(t)
    _reorganisation_table(view)

    t = Table(title="Các phụ lục")
    t.add_column("Phụ lục")
    t.add_column("Số mục áp dụng năm", justify="right")
    t.add_column("Trong đó suy luận (inferred)", justify="right")
    for label, items in (
        ("I – Văn bản", c.documents),
        ("II – Mục tiêu, chỉ tiêu", c.targets),
        ("III – Chương trình, đề án, dự án", c.programmes),
    ):
        applied = [i for i in items if view.applies(i)]
        t.add_row(label, str(len(applied)), str(sum(i.source_status == "inferred" for i in applied)))
    console.print(t)

    t = Table(title=f"Nhiệm vụ của từng đơn vị năm {year}")
    t.add_column("Mã")
    t.add_column("Đơn vị")
    t.add_column("Loại")
    t.add_column("Báo cáo")
    t.add_column("Mục được giao")
    for u in view.active_units:
        parts = []
        for a in view.assignments(u.code):
            mark = "*" if a.supplies_figure else ""
            parts.append(f"{a.code}{mark} ({ROLE_LABEL[a.role]})")
        t.add_row(
            u.code, u.short_name, KIND_LABEL[u.kind], OBLIGATION_LABEL[u.obligation], ", ".join(parts) or "–"
        )
    console.print(t)
    console.print("* đơn vị cung cấp số liệu của chỉ tiêu (được cộng vào số liệu toàn tỉnh).")


def _reorganisation_table(view: CatalogView) -> None:
    """Units that began, merged or took over duties since last year (2025: merged departments, communes)."""
    changed = view.reorganised_units()
    if not changed:
        return
    t = Table(title=f"Tổ chức lại so với năm {view.year - 1}")
    for col in ("Mã", "Đơn vị", "Bắt đầu", "Tiếp nhận"):
        t.add_column(col)
    short = {u.code: u.short_name for u in view.catalog.units}
    for r in changed:
        whole = ", ".join(short[c] for c in r.absorbed)
        if whole and view.unit(r.unit).predecessors:
            whole += " (huyện cũ chính)"
        parts = [whole] if whole else []
        if r.duties_from:
            parts.append("một số nhiệm vụ của " + ", ".join(short[c] for c in r.duties_from))
        began = f"{r.began:%d/%m/%Y}" if r.began else ""
        t.add_row(r.unit, short[r.unit], began, "; ".join(parts))
    console.print(t)
