"""``ptn plan export``, ``ptn plan import`` and ``ptn plan new``: the catalog in Excel, and the next plan.

The YAML in ``plans/`` stays the one source of truth (docs/CATALOG.md, «Sửa danh mục bằng bảng tính»): the
workbook is an editing copy that ``import`` turns back into the YAML only when it is right.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.plan import plan_app, print_form_changes, report_problems
from pipeline.console import console
from pipeline.exitcodes import Exit, UsageProblem

if TYPE_CHECKING:
    from pipeline.catalog.load import LoadedCatalog

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def _load(path: Path | None) -> LoadedCatalog:
    from pipeline.catalog.load import CatalogSyntaxError, load_catalog

    if path is not None and path.suffix.lower() in SPREADSHEET_SUFFIXES:
        raise UsageProblem(
            f"{path} là bảng tính, không phải danh mục (.yaml).",
            hint=f"Nhập bảng tính thành danh mục: ptn plan import {path}",
        )
    try:
        return load_catalog(path)
    except CatalogSyntaxError as e:
        console.print(f"[bold red]Danh mục không hợp lệ:[/] {e.path}")
        for line in e.problems:
            console.print(f"  [red]Lỗi[/] {line}")
        raise typer.Exit(Exit.PROBLEMS) from None


@plan_app.command("export")
def plan_export(
    plan: Annotated[Path | None, typer.Option("--plan", help="Tệp danh mục (.yaml) cần xuất.")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Tệp bảng tính (mặc định outputs/danh-muc-<mã kế hoạch>.xlsx)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Ghi đè bảng tính cũ cả khi nó có chỉnh sửa chưa nhập.")
    ] = False,
) -> None:
    """Xuất danh mục kế hoạch ra bảng tính Excel để Sở Nội vụ sửa (rồi nhập lại bằng ptn plan import)."""
    from pipeline.catalog.load import catalog_sha256
    from pipeline.catalog.workbook.export import build_export, default_export_path
    from pipeline.catalog.workbook.read import read_catalog_workbook
    from pipeline.catalog.workbook.write import write_book

    loaded = _load(plan)
    out = out or default_export_path(loaded)
    if out.exists() and not force:  # an earlier export may hold edits not imported yet: never lose them
        earlier = read_catalog_workbook(out).catalog
        if earlier is None or catalog_sha256(earlier) != loaded.sha256:
            raise UsageProblem(
                f"Đã có bảng tính {out}, khác danh mục hiện tại (có thể đang chứa chỉnh sửa chưa nhập).",
                hint=f"Nhập nó trước (ptn plan import {out}), hoặc xuất ra tệp khác (--out), "
                "hoặc thêm --force để ghi đè.",
            )
    book, problems = build_export(loaded)
    if problems:
        for p in problems:
            console.print(f"[red]{p.line()}[/]")
        console.print(f"[bold red]Có {len(problems)} giá trị không ghi được vào bảng tính: chưa xuất gì.[/]")
        raise typer.Exit(Exit.PROBLEMS)
    path = write_book(book, out)
    console.print(f"Đã xuất danh mục {loaded.path.name} (mã {loaded.short_hash}) ra [bold]{path}[/].")
    console.print(f"Sửa trong Excel (xem sheet «Hướng dẫn»), lưu lại, rồi chạy: ptn plan import {path}")


@plan_app.command("import")
def plan_import(
    workbook: Annotated[Path, typer.Argument(help="Bảng tính danh mục đã sửa (.xlsx, .ods).")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Tệp danh mục (.yaml) được thay (mặc định: tệp đã xuất ra bảng tính)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ kiểm tra và cho biết thay đổi, không ghi gì.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Ghi cả khi danh mục đã thay đổi sau khi xuất bảng tính.")
    ] = False,
) -> None:
    """Nhập bảng tính danh mục đã sửa: kiểm tra như ptn plan check, báo lỗi theo sheet và ô; có lỗi thì không ghi gì."""
    from pipeline.catalog.validate import BLOCKING_CODES
    from pipeline.catalog.workbook.importer import catalog_changes, import_workbook

    if not workbook.is_file():
        raise UsageProblem(
            f"Không tìm thấy bảng tính: {workbook}", hint="Kiểm tra lại đường dẫn tới tệp .xlsx."
        )
    if out is not None and out.suffix.lower() not in (".yaml", ".yml"):
        raise UsageProblem(
            f"--out phải là tệp .yaml, không phải {out.name}.", hint="Ví dụ: --out plans/ke-hoach.yaml"
        )
    res = import_workbook(workbook, out, force=force, dry_run=dry_run)
    errors = report_problems(res.problems)
    if errors:
        if any(p.code in BLOCKING_CODES for p in res.errors):
            console.print("Các ô còn phải điền, xem xét được tô màu trong bảng tính; bảng tính giữ nguyên những gì "
                          "đã điền, có thể điền tiếp rồi nhập lại.")  # fmt: skip
        console.print(f"[bold red]Có {errors} lỗi: sửa bảng tính rồi nhập lại. Chưa ghi gì.[/]")
        raise typer.Exit(Exit.PROBLEMS)
    cat = res.catalog
    if res.unchanged:
        console.print(
            f"Bảng tính không khác danh mục {res.target} (mã {res.sha256[:12]}): không có gì để ghi."
        )
        return
    if res.previous is not None:
        lines = catalog_changes(res.previous.catalog, cat)
        console.print("[bold]Thay đổi so với danh mục hiện tại:[/]")
        for line in lines or ["(chỉ thứ tự hoặc cách ghi, nội dung không đổi)"]:
            console.print(f"  • {line}")
    print_form_changes(cat)
    if dry_run:
        console.print(
            f"[bold]Bảng tính hợp lệ[/] (mã danh mục {res.sha256[:12]}); chạy lại không có --dry-run để ghi vào {res.target}."
        )
        return
    written = ", ".join(str(p) for p in res.written)
    console.print(f"[bold green]Đã ghi {written}[/] (mã danh mục {res.sha256[:12]}).")
    if res.archived:
        console.print("Bản trước được lưu tại: " + ", ".join(str(p) for p in res.archived))


def _source_plan(value: str) -> LoadedCatalog:
    """``--from``: a catalog file, or the id of a plan in plans/."""
    from pipeline.catalog.load import DEFAULT_PLAN

    p = Path(value)
    if p.suffix.lower() in (".yaml", ".yml"):
        return _load(p)
    folder = DEFAULT_PLAN.parent
    direct = folder / f"{value}.yaml"
    if direct.is_file():
        return _load(direct)
    import yaml

    for f in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and (data.get("plan") or {}).get("id") == value:
            return _load(f)
    raise UsageProblem(
        f"Không tìm thấy kế hoạch «{value}» trong {folder.as_posix()}/.",
        hint="Ghi mã kế hoạch (ví dụ kh-253-2021-2025) hoặc đường dẫn tệp .yaml cho --from.",
    )


@plan_app.command("new")
def plan_new(
    source: Annotated[
        str, typer.Option("--from", help="Kế hoạch trước: mã (kh-253-2021-2025) hoặc tệp .yaml.")
    ],
    new_id: Annotated[str, typer.Option("--id", help="Mã kế hoạch mới, ví dụ kh-xxx-2026-2030.")],
    period: Annotated[str, typer.Option("--period", help="Giai đoạn mới, ví dụ 2026-2030.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Tệp danh mục mới (mặc định plans/<mã>.yaml).")
    ] = None,
    outputs: Annotated[
        Path, typer.Option("--outputs", help="Thư mục kết quả các năm (đọc run-<năm>.json).")
    ] = Path("outputs"),
) -> None:
    """Lập danh mục kế hoạch giai đoạn mới từ kế hoạch trước: đơn vị, chỉ tiêu chưa đạt, mục cần xem xét."""
    import re

    from pipeline.catalog.load import DEFAULT_PLAN
    from pipeline.catalog.next_plan import new_plan
    from pipeline.catalog.save import catalog_files, header_for, put_in_place, stage

    m = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", period)
    if not m or int(m[1]) > int(m[2]):
        raise UsageProblem(
            f"Giai đoạn không hợp lệ: «{period}».", hint="Ghi năm đầu-năm cuối, ví dụ --period 2026-2030."
        )
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", new_id):
        raise UsageProblem(f"Mã kế hoạch không hợp lệ: «{new_id}».",
                           hint="Dùng chữ thường không dấu, số và dấu «-», ví dụ kh-120-2026-2030.")  # fmt: skip
    old = _source_plan(source)
    target = out or DEFAULT_PLAN.parent / f"{new_id}.yaml"
    if target.exists():
        raise UsageProblem(f"Đã có tệp {target}.", hint="Chọn mã khác (--id), hoặc --out tới tệp mới.")
    result = new_plan(old, new_id, int(m[1]), int(m[2]), outputs)
    cat = result.catalog
    files = catalog_files(
        cat, target.name, [], header_for(cat, f"Lập bằng ptn plan new từ {old.catalog.plan.id}.")
    )
    written, _ = put_in_place(stage(files, target.name, target.parent), target.parent)
    ev = result.evidence
    console.print(
        f"[bold]Đã lập danh mục {new_id}[/] ({period}) từ {old.catalog.plan.id}: {', '.join(str(p) for p in written)}"
    )
    console.print(
        f"Đơn vị: {len(cat.units)} (đến hết {old.catalog.plan.period_end}; không còn: {len(result.units_left)}). "
        "Số liệu các năm: "
        + (", ".join(p.as_posix() for p in ev.manifests) or "chưa có run-<năm>.json nào")
        + "."
    )
    for title, rows in (("Chuyển sang (cần xem xét)", result.carried), ("Không chuyển sang", result.left)):
        if rows:
            console.print(f"[bold]{title}:[/]")
            for code, why in rows:
                console.print(f"  • {code}: {why}")
    console.print("[bold]Những gì còn phải điền, xem xét:[/]")
    from pipeline.catalog.load import load_catalog
    from pipeline.cli.plan import show_check

    show_check(load_catalog(written[-1]), given=True)
    console.print(
        f"Điền trong bảng tính: ptn plan export --plan {written[-1].as_posix()}, rồi ptn plan import <tệp>."
    )
