"""``ptn so-ket``: the five-year review (sơ kết) – build it, re-render its documents, check its wording."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pipeline.cli import app
from pipeline.cli.options import PlanOption, date_option, load_plan
from pipeline.console import console
from pipeline.exitcodes import Exit, UsageProblem

so_ket_app = typer.Typer(
    help="Sơ kết giai đoạn (Kế hoạch 253 mục II.5): bảng tổng hợp, báo cáo sơ kết, tờ trình từ kết quả các năm.",
    invoke_without_command=True,
)
app.add_typer(so_ket_app, name="so-ket")

FromOption = Annotated[int | None, typer.Option("--from", help="Năm đầu (mặc định: năm đầu của kế hoạch).")]
ToOption = Annotated[int | None, typer.Option("--to", help="Năm cuối (mặc định: năm cuối của kế hoạch).")]
PhrasesOption = Annotated[
    Path | None, typer.Option("--cau-chu", help="Tệp câu chữ (mặc định templates/cau-chu-so-ket.txt).")
]
OUTPUTS = Path("outputs")


@so_ket_app.callback()
def so_ket(
    ctx: typer.Context,
    first: FromOption = None,
    last: ToOption = None,
    inputs: Annotated[Path, typer.Option("--inputs", help="Thư mục chứa các thư mục năm.")] = Path("inputs"),
    out: Annotated[Path, typer.Option("--out", help="Thư mục kết quả (các năm và sơ kết).")] = OUTPUTS,
    plan: PlanOption = None,
    cau_chu: PhrasesOption = None,
) -> None:
    """Lập sơ kết: dùng kết quả tổng hợp từng năm (outputs/<năm>/run-<năm>.json), tổng hợp lại năm nào
    chưa có hoặc cũ hơn tệp báo cáo, danh mục; ghi bảng tổng hợp, báo cáo sơ kết (hai bản), tờ trình."""
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.so_ket.build import build

    loaded = load_plan(plan)
    result = build(
        loaded,
        first=first,
        last=last,
        inputs_root=inputs,
        out_root=out,
        phrases_path=cau_chu,
        say=lambda msg: console.print(escape(msg), soft_wrap=True),
    )
    r = result.review
    if r.sample:
        console.print("[bold red]DỮ LIỆU MẪU[/] – kết quả chỉ để xem thử, không dùng để báo cáo.")
    console.print(f"[bold]Sơ kết giai đoạn {r.first}–{r.last}[/]")
    t = Table(show_header=False, box=None)
    t.add_column(style="bold")
    t.add_column(justify="right")
    v = list(r.summary["verdict_last"]) if not r.summary.empty else []
    t.add_row(
        f"Chỉ tiêu năm {r.last} Vượt / Đạt / Chưa đạt",
        f"{v.count('vuot')} / {v.count('dat')} / {v.count('chua_dat')}",
    )
    t.add_row(
        f"Chỉ tiêu chưa đến hạn (mục tiêu năm {r.horizon}) / chưa có số liệu",
        f"{v.count('chua_den_han')} / {v.count('chua_co_so_lieu')}",
    )
    t.add_row("Văn bản ban hành trong giai đoạn (lũy kế)", str(int(r.documents["luy_ke"].iloc[-1])))
    rates = r.discipline_years["rate"].dropna()
    if len(rates):
        t.add_row("Tỷ lệ gửi báo cáo các năm", f"{rates.min():.1f}% – {rates.max():.1f}%".replace(".", ","))
    t.add_row("Đề xuất khen thưởng (tập thể, cá nhân)", str(len(r.proposals)))
    t.add_row("Đơn vị đúng hạn các năm, đạt chỉ tiêu (gợi ý)", str(len(r.suggestions)))
    console.print(t)
    console.print("[bold]Kết quả:[/]")
    for _key, p in sorted(result.outputs.items()):
        console.print(f"  {escape(p.as_posix())}", soft_wrap=True)  # a path is never broken


@so_ket_app.command("render")
def so_ket_render(
    first: FromOption = None,
    last: ToOption = None,
    variant: Annotated[
        str,
        typer.Option(
            "--variant",
            help="so-noi-vu (Sở Nội vụ gửi UBND tỉnh), ubnd-tinh (UBND tỉnh gửi Bộ Nội vụ), to-trinh, hoặc tat-ca.",
        ),
    ] = "tat-ca",
    so: Annotated[str | None, typer.Option("--so", help="Số văn bản (bỏ trống: bản DỰ THẢO).")] = None,
    ngay: Annotated[str | None, typer.Option("--ngay", help="Ngày ban hành DD/MM/YYYY.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Thư mục kết quả.")] = OUTPUTS,
    plan: PlanOption = None,
    cau_chu: PhrasesOption = None,
) -> None:
    """Soạn lại báo cáo sơ kết, tờ trình từ lần lập sơ kết gần nhất (sau khi sửa câu chữ, mẫu, người ký;
    điền số, ngày sau khi ký). Không tổng hợp lại số liệu."""
    from pipeline.so_ket.build import _ready, load_record, names, output_dir, render_outputs, review_years
    from pipeline.so_ket.frames import build_review
    from pipeline.writers.output_set import write_set

    keys = {
        "so-noi-vu": ("report",),
        "ubnd-tinh": ("report_ubnd",),
        "to-trinh": ("to_trinh",),
        "tat-ca": ("report", "report_ubnd", "to_trinh"),
    }.get(variant)
    if keys is None:
        raise UsageProblem(
            f"Không có bản «{variant}».", hint="Dùng --variant so-noi-vu, ubnd-tinh, to-trinh hoặc tat-ca."
        )
    if so is not None and not re.fullmatch(r"\d{1,6}", so.strip()):
        raise UsageProblem(f"Số văn bản không hợp lệ: «{so}».", hint="Chỉ ghi phần số, ví dụ --so 125.")
    day = date_option(ngay, "--ngay", "20/06/2025")
    loaded = load_plan(plan)
    years = review_years(loaded, first, last)
    phrases = _ready(cau_chu, None)
    _rec, sources = load_record(out, years[0], years[-1])
    review = build_review(loaded.catalog, sources)
    files = names(years[0], years[-1])
    folder = output_dir(out, years[0], years[-1])
    written = write_set(
        folder,
        "ptn so-ket render",
        lambda o: render_outputs(review, loaded, phrases, o.path, files, so=so, ngay=day, only=keys),
    )
    kind = "bản chính thức" if so and day else "bản DỰ THẢO (chưa có số, ngày)"
    for name in written.values():
        console.print(f"Đã ghi {kind}: [bold]{escape((folder / name).as_posix())}[/]", soft_wrap=True)


@so_ket_app.command("lint")
def so_ket_lint(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Tệp câu chữ .txt hoặc mẫu .docx đã sửa (mặc định: templates/cau-chu-so-ket.txt và "
            "templates/bao-cao-so-ket.docx)."
        ),
    ] = None,
) -> None:
    """Kiểm tra tệp câu chữ và mẫu Word của báo cáo sơ kết đã sửa."""
    from pipeline.report.lint import lint_template
    from pipeline.so_ket.report import phrases
    from pipeline.so_ket.report.context import CONTEXT_KEYS, REQUIRED_KEYS
    from pipeline.so_ket.report.render import resolve_template

    paths = list(files or []) or [phrases.resolve(None), resolve_template(None)]
    bad = 0
    for path in paths:
        if path.suffix.lower() == ".docx":
            problems = lint_template(path, CONTEXT_KEYS, REQUIRED_KEYS, "báo cáo sơ kết")
        else:
            problems = phrases.lint(path)
        for p in problems:
            console.print(f"[red]Lỗi[/] {escape(p)}")
        if problems:
            bad += 1
            console.print(f"[bold red]{escape(path.as_posix())}: có {len(problems)} vấn đề cần sửa.[/]")
        else:
            console.print(f"[bold green]{escape(path.as_posix())}: hợp lệ.[/]")
    if bad:
        raise typer.Exit(Exit.PROBLEMS)
