"""``ptn cong-van …``: the letters around the yearly report (Nghị định 30/2020/NĐ-CP).

Every command writes through the year folder's output set (:func:`pipeline.writers.output_set.write_set`):
under its lock, published at once, a letter open in Word said by name (exit 2).

``de-nghi-bao-cao`` (with the đề nghị phối hợp) from the catalog; ``don-doc``, ``bo-sung`` and
``to-trinh`` from the last run's manifest; ``lint`` checks the Sở's edited wording and templates.
Without ``--so``/``--ngay`` a letter is a DỰ THẢO with its number and day left blank.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli import app
from pipeline.cli.options import PlanOption, date_option, load_plan
from pipeline.console import console
from pipeline.exitcodes import Exit, UsageProblem
from pipeline.writers.output_set import write_set

cong_van_app = typer.Typer(
    help="Công văn, tờ trình quanh báo cáo năm (đề nghị báo cáo, đôn đốc, đề nghị bổ sung, tờ trình): "
    "soạn dự thảo Word đúng thể thức Nghị định 30/2020/NĐ-CP, kiểm tra câu chữ đã sửa.",
    no_args_is_help=True,
)
app.add_typer(cong_van_app, name="cong-van")

OUTPUTS = Path("outputs")
YearOption = Annotated[int | None, typer.Option("--year", help="Năm báo cáo.")]
SoOption = Annotated[
    str | None, typer.Option("--so", help="Số văn bản (bỏ trống: bản DỰ THẢO, để văn thư điền).")
]
NgayOption = Annotated[
    str | None, typer.Option("--ngay", help="Ngày ban hành dd/mm/yyyy (bỏ trống: để trống ngày).")
]
HanOption = Annotated[
    str | None,
    typer.Option("--han", help="Hạn mới gửi, bổ sung báo cáo dd/mm/yyyy (mặc định: ngày chốt số liệu + số ngày "
                 "plan.followup_days của danh mục)."),
]  # fmt: skip
OutOption = Annotated[Path | None, typer.Option("--out", help="Thư mục kết quả (mặc định outputs/<năm>).")]


def _so(so: str | None, option: str = "--so") -> str | None:
    if so is not None and not re.fullmatch(r"\d{1,6}", so.strip()):
        raise UsageProblem(f"Số văn bản không hợp lệ: «{so}».", hint=f"Chỉ ghi phần số, ví dụ {option} 125.")
    return so.strip() if so else None


def _say(paths: list[Path], official: bool, what: str) -> None:
    kind = "bản chính thức" if official else "bản DỰ THẢO (chưa có số, ngày)"
    for p in paths:
        console.print(f"Đã ghi {what} {kind}: [bold]{p.as_posix()}[/]")


def _manifest(year: int | None, out: Path | None):
    """The last run's manifest of ``year`` (the latest year run when none is given)."""
    from pipeline.cli.report import _latest_year, load_manifest

    year = year or _latest_year(OUTPUTS)
    if year is None:
        raise UsageProblem(
            "Chưa có kết quả tổng hợp nào trong thư mục outputs/.",
            hint="Chạy «ptn run» trước: công văn đôn đốc, đề nghị bổ sung và tờ trình lấy số liệu từ đó.",
        )
    year_dir = out or OUTPUTS / str(year)
    path = year_dir / f"run-{year}.json"
    if not path.is_file():
        raise UsageProblem(
            f"Chưa có kết quả tổng hợp {path.as_posix()}.",
            hint=f"Chạy «ptn run --year {year}» trước, rồi chạy lại lệnh này.",
        )
    return load_manifest(path), year_dir


@cong_van_app.command("de-nghi-bao-cao")
def de_nghi_bao_cao(
    year: Annotated[int | None, typer.Option("--year", help="Năm báo cáo (mặc định: năm nay).")] = None,
    so: SoOption = None,
    so_phoi_hop: Annotated[
        str | None,
        typer.Option("--so-phoi-hop", help="Số của công văn đề nghị phối hợp (bỏ trống: DỰ THẢO)."),
    ] = None,
    ngay: NgayOption = None,
    out: OutOption = None,
    plan: PlanOption = None,
) -> None:
    """Công văn đề nghị báo cáo (gửi đơn vị bắt buộc) và đề nghị phối hợp (gửi đơn vị được đề nghị), phụ lục danh sách gửi; cũng được soạn cùng «ptn templates»."""
    from pipeline.letters.outputs import CONG_VAN_DIR, write_requests

    loaded = load_plan(plan)
    c = loaded.catalog
    year = year or dt.date.today().year
    if year not in c.plan.years:
        raise UsageProblem(
            f"Năm {year} nằm ngoài giai đoạn của kế hoạch ({c.plan.period_start}–{c.plan.period_end}).",
            hint=f"Chọn --year trong khoảng {c.plan.period_start}–{c.plan.period_end}.",
        )
    so, so_phoi_hop = _so(so), _so(so_phoi_hop, "--so-phoi-hop")
    day = date_option(ngay, "--ngay", f"20/09/{year}")

    def write(out_set) -> dict[str, Path]:
        staged = write_requests(c, year, out_set.path(""), so=so, so_phoi_hop=so_phoi_hop, ngay=day)
        out_set.replace_folder(CONG_VAN_DIR, f"de-nghi-*-{year}.docx")  # a kind no unit is asked for goes
        return {k: out_set.final_of(p) for k, p in staged.items()}

    written = write_set(out or OUTPUTS / str(year), "ptn cong-van de-nghi-bao-cao", write)
    if "de-nghi-bao-cao" in written:
        _say([written["de-nghi-bao-cao"]], bool(so and day), "công văn đề nghị báo cáo")
    if "de-nghi-phoi-hop" in written:
        _say([written["de-nghi-phoi-hop"]], bool(so_phoi_hop and day), "công văn đề nghị phối hợp")
    else:
        console.print(
            f"Năm {year} không có đơn vị được đề nghị phối hợp: không soạn công văn đề nghị phối hợp."
        )


@cong_van_app.command("don-doc")
def don_doc(
    year: YearOption = None,
    so: SoOption = None,
    ngay: NgayOption = None,
    han: HanOption = None,
    out: OutOption = None,
    plan: PlanOption = None,
) -> None:
    """Công văn đôn đốc sau hạn báo cáo: từng đơn vị chưa gửi, báo cáo còn lỗi, thiếu số liệu chỉ tiêu, với hạn mới; cũng được soạn khi chạy «ptn run»."""
    from pipeline.letters.followup import deadline_passed
    from pipeline.letters.outputs import CONG_VAN_DIR, write_reminder

    m, year_dir = _manifest(year, out)
    if not deadline_passed(m):
        raise UsageProblem(
            f"Lần tổng hợp gần nhất chốt số liệu ngày {m.as_of:%d/%m/%Y}, chưa qua hạn báo cáo: chưa đôn đốc.",
            hint=f"Sau hạn, chạy lại «ptn run --year {m.year}» (hoặc --as-of một ngày sau hạn).",
        )
    so = _so(so)
    c = load_plan(plan).catalog
    day, due = date_option(ngay, "--ngay", "25/11/2025"), date_option(han, "--han", "05/12/2025")

    def write(out_set) -> Path | None:
        staged = write_reminder(m, c, out_set.path(""), so=so, ngay=day, han=due)
        out_set.replace_folder(CONG_VAN_DIR, f"don-doc-{m.year}.docx")  # nobody owes anything: none stale
        return None if staged is None else out_set.final_of(staged)

    path = write_set(year_dir, "ptn cong-van don-doc", write)
    if path is None:
        console.print("Mọi cơ quan, đơn vị, địa phương đã gửi đủ báo cáo, không có lỗi: không cần đôn đốc.")
        return
    _say([path], bool(so and ngay), "công văn đôn đốc")


@cong_van_app.command("bo-sung")
def bo_sung(
    year: YearOption = None,
    unit: Annotated[
        list[str] | None,
        typer.Option(
            "--unit", help="Mã đơn vị (lặp lại để chọn nhiều; mặc định: mọi đơn vị có báo cáo còn lỗi)."
        ),
    ] = None,
    so: SoOption = None,
    ngay: NgayOption = None,
    han: HanOption = None,
    out: OutOption = None,
    plan: PlanOption = None,
) -> None:
    """Công văn đề nghị bổ sung, hoàn thiện báo cáo cho từng đơn vị có báo cáo còn lỗi (cạnh phan-hoi/<mã>.xlsx); cũng được soạn khi chạy «ptn run»."""
    from pipeline.letters.followup import corrections_due
    from pipeline.letters.outputs import write_corrections

    m, year_dir = _manifest(year, out)
    codes = [u.strip().upper() for u in unit] if unit else None
    if so is not None and (codes is None or len(codes) != 1):
        raise UsageProblem(
            "Số văn bản chỉ dùng cho một công văn.",
            hint="Chọn một đơn vị: --unit MÃ --so 125 --ngay 25/11/2025.",
        )
    c = load_plan(plan).catalog
    owed = corrections_due(m)
    with_errors = {o.unit for o in owed}
    if codes:
        wrong = [x for x in codes if x not in with_errors]
        if wrong:
            raise UsageProblem(
                f"Báo cáo của {', '.join(wrong)} không có lỗi cần sửa trong lần tổng hợp năm {m.year}.",
                hint="Đơn vị có báo cáo còn lỗi: " + (", ".join(sorted(with_errors)) or "không có") + ".",
            )
    so = _so(so)
    day, due = date_option(ngay, "--ngay", "25/11/2025"), date_option(han, "--han", "05/12/2025")

    def write(out_set) -> dict[str, Path]:
        staged = write_corrections(m, c, out_set.path(""), owed, units=codes, so=so, ngay=day, han=due)
        return {k: out_set.final_of(p) for k, p in staged.items()}

    written = write_set(year_dir, "ptn cong-van bo-sung", write)
    if not written:
        console.print("Không có báo cáo nào còn lỗi: không cần công văn đề nghị bổ sung.")
        return
    _say(list(written.values()), bool(so and ngay), "công văn đề nghị bổ sung")


@cong_van_app.command("to-trinh")
def to_trinh(
    year: YearOption = None,
    so: SoOption = None,
    ngay: NgayOption = None,
    out: OutOption = None,
    plan: PlanOption = None,
) -> None:
    """Tờ trình Ủy ban nhân dân tỉnh ký ban hành báo cáo năm gửi Bộ Nội vụ, kèm dự thảo báo cáo bản UBND tỉnh (soạn khi chưa có, không ghi đè bản đã sửa)."""
    from pipeline.letters.outputs import write_submission
    from pipeline.report.render import render_report, report_filename

    m, year_dir = _manifest(year, out)
    loaded = load_plan(plan)
    so = _so(so)
    day = date_option(ngay, "--ngay", "25/11/2025")
    name = report_filename(m.year, "ubnd-tinh")

    def write(out_set) -> tuple[Path, bool]:  # the tờ trình and (when missing) its draft: one set
        path = out_set.final_of(write_submission(m, loaded.catalog, out_set.path(""), so=so, ngay=day))
        had_draft = out_set.final(name).is_file()  # an edited draft is never overwritten
        if not had_draft:
            render_report(m, loaded, out_set.path(name), variant="ubnd-tinh")
        return path, had_draft

    path, had_draft = write_set(year_dir, "ptn cong-van to-trinh", write)
    draft = year_dir / name
    _say([path], bool(so and day), "tờ trình")
    if had_draft:
        console.print(f"Dự thảo báo cáo gửi kèm: [bold]{draft.as_posix()}[/] (đã có, giữ nguyên).")
    else:
        console.print(f"Đã soạn dự thảo báo cáo gửi kèm: [bold]{draft.as_posix()}[/]")


@cong_van_app.command("lint")
def lint(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Tệp câu chữ (.txt) hoặc mẫu Word (.docx) cần kiểm tra (mặc định: các tệp đang dùng)."
        ),
    ] = None,
) -> None:
    """Kiểm tra câu chữ (templates/cau-chu-*.txt) và mẫu Word (cong-van.docx, to-trinh.docx) đã sửa: mục, chỗ trống, thẻ bị tách, biến sai tên."""
    from pipeline.letters.lint import lint_default_files, lint_file

    checked = [lint_file(f) for f in files] if files else lint_default_files()
    bad = 0
    for ch in checked:
        if ch.problems:
            bad += 1
            console.print(f"[bold red]{ch.path.as_posix()}[/] ({ch.what}): {len(ch.problems)} vấn đề cần sửa")
            for p in ch.problems:
                console.print(f"  [red]Lỗi[/] {p}")
        else:
            console.print(f"[green]{ch.path.as_posix()}[/] ({ch.what}): hợp lệ.")
    if bad:
        raise typer.Exit(Exit.PROBLEMS)
