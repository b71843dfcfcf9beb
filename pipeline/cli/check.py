"""``ptn check PATH ... [--year Y] [--plan PATH] [--json]``: check returned forms, report by cell."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pipeline.cli import app
from pipeline.cli.options import PlanOption, load_plan
from pipeline.console import console
from pipeline.exitcodes import Exit, UsageProblem
from pipeline.textsafe import clean

if TYPE_CHECKING:
    from pipeline.manifest import InputEntry

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def verdict(e: InputEntry) -> str:
    """Hợp lệ / Có lỗi / Có cảnh báo / Bị từ chối / Trùng lặp / Đã được thay thế."""
    from pipeline.writers.labels import STATUS_LABEL

    if e.status != "accepted":
        return STATUS_LABEL[e.status]
    sev = {f.severity for f in e.findings}
    if "error" in sev:
        return "Có lỗi"
    if "warning" in sev:
        return "Có cảnh báo"
    return "Hợp lệ"


def _print(entries: list[InputEntry], year: int | None) -> None:
    from pipeline.manifest import SEVERITY_LABEL

    for e in entries:
        v = verdict(e)
        style = {"Hợp lệ": "green", "Có cảnh báo": "yellow"}.get(
            v, "red" if v in ("Có lỗi", "Bị từ chối") else "dim"
        )
        who = e.unit_name or e.unit or "không rõ đơn vị"  # the name a person knows (codes: --json)
        console.print(f"[bold]{escape(e.path)}[/] – {escape(who)}, năm {e.year or '?'}: [{style}]{v}[/]")
        if not e.findings:
            continue
        t = Table(show_header=True, header_style="bold", show_lines=False, pad_edge=False)
        for col in ("Mức độ", "Sheet", "Ô", "Nội dung"):
            t.add_column(col, overflow="fold", no_wrap=col == "Ô")
        for f in e.findings:  # in Vietnamese words only: the finding's code is in --json
            t.add_row(
                f"[{SEVERITY_STYLE[f.severity]}]{SEVERITY_LABEL[f.severity]}[/]",
                escape(f.sheet),
                escape(f.cell),
                escape(f.message),
            )
        console.print(t)
    counts = {
        s: sum(f.severity == s for e in entries for f in e.findings) for s in ("error", "warning", "info")
    }
    accepted = sum(e.status == "accepted" for e in entries)
    console.print(
        f"{len(entries)} tệp (năm {year or '?'}): {accepted} tiếp nhận; "
        f"{counts['error']} lỗi, {counts['warning']} cảnh báo, {counts['info']} lưu ý."
    )


def _folder_year(paths: list[Path]) -> int | None:
    """The year the folders are for (``inputs/2024/…``): the nearest folder named like a year, when
    every path agrees."""
    years = set()
    for p in paths:
        p = p.resolve()
        start = p if p.is_dir() else p.parent
        year = next((int(a.name) for a in [start, *start.parents] if re.fullmatch(r"20\d\d", a.name)), None)
        years.add(year)
    return years.pop() if len(years) == 1 else None


def _registers(paths: list[Path]) -> set[Path]:
    from pipeline.consolidate.register import find_register

    folders = {p if p.is_dir() else p.parent for p in paths}
    return {r for r in (find_register(f) for f in folders) if r is not None}


def _register_year(register) -> int | None:
    """The year most of the register's receipts fall in (reports for year Y arrive in Y)."""
    from collections import Counter

    years = Counter(e.received.year for e in register.entries if 2000 <= e.received.year <= 2100)
    return years.most_common(1)[0][0] if years else None


def _apply_register(result, loaded, register, root: Path) -> None:
    """With the folder's incoming register (sổ văn bản đến), receipt dates and the newest
    submission of each unit are decided as ``ptn run`` decides them."""
    from zoneinfo import ZoneInfo

    from pipeline.catalog import CatalogView
    from pipeline.consolidate.receipt import assign_receipts, file_times, report_numbers
    from pipeline.intake.supersede import choose_latest

    if register is None or result.year is None:
        return
    view = CatalogView.of(loaded.catalog, result.year)
    tz = ZoneInfo(loaded.catalog.plan.deadline.timezone)
    order = assign_receipts(
        result.inputs, report_numbers(result.rows_all), register, view, file_times(root, tz, result.inputs)
    )
    choose_latest(result.inputs, order)


@app.command("check")
def check_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Tệp hoặc thư mục báo cáo (.xlsx, .xls, .ods, .eml).")],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Năm báo cáo (mặc định: theo tên thư mục năm, sổ văn bản đến, hoặc năm mới nhất của các tệp).",
        ),
    ] = None,
    plan: PlanOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="In danh sách tệp đầu vào dạng JSON.")] = False,
) -> None:
    """Kiểm tra các báo cáo đơn vị gửi về: mỗi tệp một kết luận và các lỗi theo sheet, ô."""
    from pipeline.consolidate.register import read_register
    from pipeline.intake.pool import PoolOptions, ReaderPool
    from pipeline.intake.process import check_files

    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise UsageProblem(
            f"Không tìm thấy: {', '.join(clean(str(p)) for p in missing)}",
            hint="Kiểm tra lại đường dẫn tới tệp hoặc thư mục chứa các báo cáo.",
        )
    loaded = load_plan(plan)
    root = Path.cwd()
    registers = _registers(paths)
    with ReaderPool(PoolOptions(workers=2)) as pool:
        register = read_register(registers.pop(), pool=pool) if len(registers) == 1 else None
        if year is None:  # the year the folder is for: its name, its register, else the newest year
            year = _folder_year(paths) or (_register_year(register) if register else None)
        result = check_files(paths, loaded, year, root, pool=pool)
    _apply_register(result, loaded, register, root)
    if as_json:
        typer.echo(
            json.dumps([e.model_dump(mode="json") for e in result.inputs], ensure_ascii=False, indent=2)
        )
    else:
        _print(result.inputs, result.year)
    has_error = any(f.severity == "error" for e in result.inputs for f in e.findings)
    raise typer.Exit(Exit.PROBLEMS if has_error else Exit.DONE)
