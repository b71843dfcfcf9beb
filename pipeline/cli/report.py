"""``ptn report render`` and ``ptn report lint``: the Word report, again from the last run's manifest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli import app
from pipeline.cli.options import PlanOption, date_option, load_plan
from pipeline.console import console
from pipeline.exitcodes import Exit, UsageProblem

report_app = typer.Typer(
    help="Báo cáo Word theo Nghị định 30/2020/NĐ-CP: xuất lại từ kết quả tổng hợp, kiểm tra mẫu.",
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")

VARIANTS = ("so-noi-vu", "ubnd-tinh")
OUTPUTS = Path("outputs")


def _latest_year(root: Path) -> int | None:
    years = [int(p.name) for p in root.glob("[12][0-9][0-9][0-9]") if (p / f"run-{p.name}.json").is_file()]
    return max(years) if years else None


def load_manifest(path: Path):
    """Read ``run-<Y>.json`` (a :class:`~pipeline.manifest.Manifest`); a missing or unreadable manifest is a
    usage problem with a hint."""
    from pydantic import ValidationError

    from pipeline.manifest import Manifest

    if not path.is_file():
        raise UsageProblem(
            f"Chưa có kết quả tổng hợp {path.as_posix()}.",
            hint="Chạy «ptn run» cho năm này trước, rồi chạy lại «ptn report render».",
        )
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except ValidationError as e:
        raise UsageProblem(
            f"Tệp {path.as_posix()} không đúng định dạng kết quả tổng hợp ({e.error_count()} lỗi).",
            hint="Chạy lại «ptn run» để tạo lại tệp.",
        ) from None


@report_app.command("render")
def report_render(
    year: Annotated[
        int | None, typer.Option("--year", help="Năm báo cáo (mặc định: năm gần nhất đã chạy ptn run).")
    ] = None,
    variant: Annotated[
        str,
        typer.Option(
            "--variant",
            help="Mẫu báo cáo: so-noi-vu (Sở Nội vụ gửi UBND tỉnh) hoặc ubnd-tinh (UBND tỉnh gửi Bộ Nội vụ).",
        ),
    ] = "so-noi-vu",
    so: Annotated[
        str | None, typer.Option("--so", help="Số văn bản (bỏ trống: bản DỰ THẢO, để văn thư điền).")
    ] = None,
    ngay: Annotated[
        str | None, typer.Option("--ngay", help="Ngày ban hành DD/MM/YYYY (bỏ trống: để trống ngày).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Thư mục ghi báo cáo (mặc định outputs/<năm>).")
    ] = None,
    plan: PlanOption = None,
    template: Annotated[
        Path | None, typer.Option("--template", help="Mẫu báo cáo .docx (mặc định templates/report.docx).")
    ] = None,
    bieu_do: Annotated[bool, typer.Option("--bieu-do", help="Thêm phụ lục biểu đồ (nếu có).")] = False,
    cau_chu: Annotated[
        Path | None,
        typer.Option("--cau-chu", help="Tệp câu chữ của báo cáo (mặc định templates/cau-chu-bao-cao.txt)."),
    ] = None,
) -> None:
    """Xuất lại báo cáo Word từ kết quả tổng hợp lần chạy gần nhất (outputs/<năm>/run-<năm>.json)."""
    from pipeline.report.phrases import ensure_usable
    from pipeline.report.phrases import resolve as resolve_phrases
    from pipeline.report.render import render_report, report_filename, resolve_template
    from pipeline.writers.output_set import write_set

    if variant not in VARIANTS:
        raise UsageProblem(
            f"Không có mẫu báo cáo «{variant}».", hint="Dùng --variant so-noi-vu hoặc --variant ubnd-tinh."
        )
    if so is not None and not re.fullmatch(r"\d{1,6}", so.strip()):
        raise UsageProblem(f"Số văn bản không hợp lệ: «{so}».", hint="Chỉ ghi phần số, ví dụ --so 125.")
    day = date_option(ngay, "--ngay", "25/11/2025")
    year = year or _latest_year(OUTPUTS)
    if year is None:
        raise UsageProblem(
            "Chưa có kết quả tổng hợp nào trong thư mục outputs/.",
            hint="Chạy «ptn run» trước, rồi chạy lại «ptn report render».",
        )
    manifest = load_manifest(OUTPUTS / str(year) / f"run-{year}.json")
    loaded = load_plan(plan)
    phrases = resolve_phrases(cau_chu)
    ensure_usable(phrases)
    tpl = resolve_template(template)
    if not tpl.is_file():
        raise UsageProblem(
            f"Không tìm thấy mẫu báo cáo {tpl.as_posix()}.",
            hint="Chép lại templates/report.docx của ptn (hoặc chạy scripts/build_report_template.py), "
            "hoặc chỉ rõ --template.",
        )
    name = report_filename(year, variant)

    def write(out_set) -> Path:  # under the folder's lock, published at once (or not at all)
        render_report(
            manifest, loaded, out_set.path(name), variant=variant, so=so, ngay=day, template=tpl,
            charts=bieu_do, phrases=phrases,
        )  # fmt: skip
        return out_set.final(name)

    target = write_set(out or OUTPUTS / str(year), "ptn report render", write)
    kind = "bản chính thức" if so and day else "bản DỰ THẢO (chưa có số, ngày)"
    console.print(f"Đã ghi báo cáo {kind}: [bold]{target.as_posix()}[/]")


@report_app.command("lint")
def report_lint(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Mẫu báo cáo .docx hoặc tệp câu chữ .txt cần kiểm tra (mặc định: templates/report.docx và "
            "templates/cau-chu-bao-cao.txt)."
        ),
    ] = None,
) -> None:
    """Kiểm tra mẫu báo cáo (.docx: thẻ bị tách, biến sai tên hoặc bị mất, lỗi cú pháp) và tệp câu chữ
    (.txt: mục lạ hoặc thiếu, chỗ trống {…} sai tên, dấu ngoặc không thành cặp) đã sửa."""
    from rich.markup import escape

    from pipeline import wording
    from pipeline.report import phrases
    from pipeline.report.lint import lint_template
    from pipeline.report.render import resolve_template
    from pipeline.writers import feedback

    paths = list(files or []) or [
        resolve_template(None),
        phrases.resolve(None),
        wording.resolve(feedback.PHRASE_FILE),
    ]
    bad = 0
    for path in paths:
        if path.suffix.lower() != ".txt":
            problems = lint_template(path)
        elif path.name.startswith(Path(feedback.PHRASE_FILE).stem):  # the feedback forms' sentences
            problems = wording.check_file(path, feedback.CONTRACT, what=feedback.DOCUMENT)
        else:
            problems = phrases.lint(path)
        for p in problems:
            console.print(f"[red]Lỗi[/] {escape(str(p))}")  # "[pl.danh_sach]" is a phrase key, not markup
        if problems:
            bad += 1
            console.print(f"[bold red]{escape(path.as_posix())}: có {len(problems)} vấn đề cần sửa.[/]")
        else:
            kind = "tệp câu chữ" if path.suffix.lower() == ".txt" else "mẫu"
            console.print(f"[bold green]{escape(path.as_posix())}: {kind} hợp lệ.[/]")
    if bad:
        raise typer.Exit(Exit.PROBLEMS)
