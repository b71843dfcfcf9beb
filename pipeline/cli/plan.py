"""``ptn plan check`` and ``ptn plan show``: the plan catalog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipeline.catalog.paths import DEFAULT_PLAN
from pipeline.cli import app
from pipeline.cli.options import PlanOption
from pipeline.console import console
from pipeline.exitcodes import Exit

plan_app = typer.Typer(help="Danh mục kế hoạch: kiểm tra và xem.", no_args_is_help=True)
app.add_typer(plan_app, name="plan")


def _load_or_report(path: Path | None):
    from pipeline.catalog.load import CatalogSyntaxError, load_catalog

    try:
        return load_catalog(path)
    except CatalogSyntaxError as e:
        console.print(f"[bold red]Danh mục không hợp lệ:[/] {e.path}")
        for line in e.problems:
            console.print(f"  [red]Lỗi[/] {line}")
        raise typer.Exit(Exit.PROBLEMS) from None


def report_problems(problems) -> int:
    """Print sheet problems (errors red, warnings yellow); return the number of errors."""
    for p in problems:
        console.print(f"[{'red' if p.severity == 'error' else 'yellow'}]{p.line()}[/]")
    return sum(p.severity == "error" for p in problems)


def print_form_changes(catalog, outputs: Path = Path("outputs")) -> None:
    """Whose forms, issued by the last ``ptn templates`` of this plan, differ under ``catalog``."""
    from pipeline.catalog.form_version import describe_part, form_changes, latest_record

    rec = latest_record(outputs, catalog.plan.id)
    if rec is None:
        return
    fc = form_changes(catalog, rec[1], rec[0])
    head = f"Biểu mẫu năm {fc.year} đã phát hành ({rec[0].parent.as_posix()})"
    if not fc.changes:
        console.print(f"{head}: biểu mẫu của mọi đơn vị không đổi, không phải gửi lại.")
        return
    changed = [ch for ch in fc.changes if not ch.new_unit and not ch.gone]
    console.print(
        f"[bold]{head}:[/] {len(changed)} đơn vị có biểu mẫu khác, {fc.unchanged} đơn vị không đổi."
    )
    for ch in changed:
        parts = [("thêm ", ch.added), ("bỏ ", ch.removed), ("sửa ", ch.changed)]
        what = "; ".join(w + ", ".join(describe_part(x, catalog) for x in xs) for w, xs in parts if xs)
        if not ch.must_resend:
            verdict = "không phải gửi lại: biểu mẫu cũ vẫn đọc được"
        elif any(x.startswith("field:") for x in ch.changed + ch.added):
            verdict = "cần gửi lại biểu mẫu (trường phải điền đã thay đổi)"
        else:
            verdict = "cần gửi lại biểu mẫu (báo cáo theo biểu mẫu cũ vẫn được nhận, mục bổ sung ghi «Lưu ý»)"
        console.print(f"  • {ch.code} {ch.name}: {what} → {verdict}.")
    new = [ch.code for ch in fc.changes if ch.new_unit]
    if new:
        console.print(f"  • Chưa phát hành biểu mẫu cho {len(new)} đơn vị: {', '.join(new)}.")
    gone = [ch.code for ch in fc.changes if ch.gone]
    if gone:
        console.print(
            f"  • Không còn báo cáo năm {fc.year} (biểu mẫu đã gửi không dùng nữa): {', '.join(gone)}."
        )
    if changed or new:
        console.print(f"  Gửi biểu mẫu: ptn templates --year {fc.year} --unit <mã> (mỗi đơn vị một --unit).")


def _workbook_locations(loaded):
    """Where each catalog value sits in the workbook ``ptn plan export`` would write – None when the
    workbook cannot be laid out: the problems are then printed without their cells (they are what
    matters; the cells only help)."""
    from pipeline.catalog.workbook.export import unit_files_of
    from pipeline.catalog.workbook.layout import lay_out

    try:
        return lay_out(loaded.catalog, unit_files_of(loaded)).origins
    except Exception:  # a catalog check must never end in an internal error
        return None


@plan_app.command("check")
def plan_check(
    path: Annotated[
        Path | None,
        typer.Argument(
            help=f"Tệp danh mục (mặc định {DEFAULT_PLAN.as_posix()}), hoặc bảng tính danh mục (.xlsx)."
        ),
    ] = None,
) -> None:
    """Kiểm tra danh mục kế hoạch: mã trùng, đơn vị, nguồn số liệu, năm, quy tắc; những gì còn phải điền."""
    if path is not None and path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        from pipeline.cli.plan_files import plan_import

        plan_import(path, None, dry_run=True, force=True)
        return
    loaded = _load_or_report(path)
    if show_check(loaded, given=path is not None):
        raise typer.Exit(Exit.PROBLEMS)
    console.print("[bold green]Danh mục hợp lệ.[/]")


def show_check(loaded, given: bool) -> int:
    """Print the catalog checks (each with its cell in the workbook), what must still be filled, and
    whose issued forms differ; return the number of errors."""
    from pipeline.catalog.validate import BLOCKING_CODES, check_catalog
    from pipeline.catalog.workbook.locate import place

    problems = check_catalog(loaded)
    errors = [p for p in problems if p.severity == "error"]
    origins = _workbook_locations(loaded) if problems else None
    for p in problems:
        colour = "red" if p.severity == "error" else "yellow"
        where = place(p, loaded.catalog, origins)
        caption = origins.captions.get(where, "") if where else ""
        hint = (
            f" (bảng tính: sheet «{where.sheet}», ô {where.cell}{' – ' + caption if caption else ''})"
            if where
            else ""
        )
        console.print(f"[{colour}]{p.line(loaded.path.name)}{hint}[/]")
    c = loaded.catalog
    console.print(
        f"{loaded.path.name}: {len(c.units)} đơn vị, {len(c.documents)} văn bản, {len(c.targets)} chỉ tiêu, "
        f"{len(c.programmes)} chương trình, {len(c.rules)} quy tắc; mã danh mục {loaded.short_hash}."
    )
    blocking = [p for p in errors if p.code in BLOCKING_CODES]
    if blocking:
        console.print(
            f"[bold red]Kế hoạch chưa dùng được: còn {len(blocking)} mục phải điền hoặc xem xét (các dòng "
            "CAT-TO-FILL, CAT-REVIEW ở trên).[/] Điền trong bảng tính: ptn plan export"
            + (f" --plan {loaded.path.as_posix()}" if given else "")
            + ", rồi ptn plan import."
        )
    print_form_changes(c)
    if errors:
        console.print(f"[bold red]Có {len(errors)} lỗi: sửa danh mục rồi chạy lại ptn plan check.[/]")
    return len(errors)


@plan_app.command("show")
def plan_show(
    year: Annotated[int | None, typer.Option("--year", help="Năm báo cáo (mặc định: năm nay).")] = None,
    plan: PlanOption = None,
) -> None:
    """Xem danh mục của một năm: đơn vị hoạt động, các phụ lục, nhiệm vụ của từng đơn vị."""
    from pipeline.catalog import CatalogView
    from pipeline.catalog.labels import KIND_LABEL, OBLIGATION_LABEL, ROLE_LABEL
    from pipeline.catalog.model import Obligation, UnitKind

    loaded = _load_or_report(plan)
    c = loaded.catalog
    year = year or dt.date.today().year
    view = CatalogView.of(c, year)
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


def _reorganisation_table(view) -> None:
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


from pipeline.cli import plan_files as _plan_files  # noqa: E402,F401  (export, import, new)
