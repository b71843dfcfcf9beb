"""``ptn templates``: the standard Excel forms of a year, one per unit, and the mailing list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipeline.catalog import CatalogView
from pipeline.catalog.labels import KIND_LABEL, OBLIGATION_LABEL
from pipeline.cli import app
from pipeline.cli.options import PlanOption, load_plan
from pipeline.console import console
from pipeline.exitcodes import UsageProblem
from pipeline.templates.build import MAILING_LIST, build_all


@app.command("templates")
def templates(
    year: Annotated[int | None, typer.Option("--year", help="Năm báo cáo (mặc định: năm nay).")] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option(
            "--unit", help="Mã đơn vị (lặp lại để chọn nhiều; mặc định: mọi đơn vị hoạt động trong năm)."
        ),
    ] = None,
    plan: PlanOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Thư mục ghi biểu mẫu (mặc định: outputs/<năm>/mau/).")
    ] = None,
) -> None:
    """Tạo biểu mẫu Excel báo cáo năm cho từng cơ quan, đơn vị, địa phương và danh sách gửi."""
    loaded = load_plan(plan)
    year = year or dt.date.today().year
    c = loaded.catalog
    if year not in c.plan.years:
        raise UsageProblem(
            f"Năm {year} nằm ngoài giai đoạn của kế hoạch ({c.plan.period_start}–{c.plan.period_end}).",
            hint=f"Chọn --year trong khoảng {c.plan.period_start}–{c.plan.period_end}.",
        )
    view = CatalogView(c, year)
    codes = [u.strip().upper() for u in unit] if unit else None
    if codes:
        unknown = [x for x in codes if x not in view.active_codes]
        if unknown:
            raise UsageProblem(
                f"Không có đơn vị hoạt động trong năm {year} với mã: {', '.join(unknown)}.",
                hint=f"Xem mã các đơn vị bằng: ptn plan show --year {year}.",
            )
    out_dir = out or Path("outputs") / str(year) / "mau"
    if not codes:
        from pipeline.letters.outputs import letters_ready

        letters_ready()  # a broken phrase file or letter template stops us before any form is written
    built = build_all(loaded, year, out_dir, codes)

    table = Table(title=f"Biểu mẫu báo cáo năm {year} ({len(built)} đơn vị)", show_lines=False)
    for h in ("Mã", "Cơ quan, đơn vị", "Loại", "Báo cáo", "Số sheet", "Số mục", "Tệp"):
        table.add_column(h)
    for b in built:
        u = b.unit
        table.add_row(
            u.code,
            u.short_name,
            KIND_LABEL[u.kind],
            OBLIGATION_LABEL[u.obligation.value],
            str(len(b.sheets)),
            str(b.items),
            b.path.name,
        )
    console.print(table)
    console.print(f"Đã ghi {len(built)} biểu mẫu và {MAILING_LIST} vào {out_dir}.")
    if codes:
        console.print("Chỉ tạo biểu mẫu một số đơn vị: công văn đề nghị báo cáo không soạn lại.")
        return
    from pipeline.letters.outputs import write_requests

    for kind, path in write_requests(c, year, out_dir.parent).items():
        label = "đề nghị báo cáo" if kind == "de-nghi-bao-cao" else "đề nghị phối hợp"
        console.print(f"Đã soạn dự thảo công văn {label}: {path.as_posix()}")
