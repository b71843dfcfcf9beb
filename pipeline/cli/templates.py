"""``ptn templates``: the standard Excel forms of a year, one per unit, and the mailing list."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli import app
from pipeline.cli.options import PlanOption, load_plan
from pipeline.console import console
from pipeline.exitcodes import UsageProblem


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
    from pipeline.catalog import CatalogView
    from pipeline.catalog.form_version import record_issue, record_path
    from pipeline.catalog.labels import KIND_LABEL, OBLIGATION_LABEL
    from pipeline.templates.build import MAILING_LIST, build_all
    from pipeline.templates.phrases import form_phrases
    from pipeline.templates.previous import PreviousYear
    from pipeline.wording import PhraseFileError
    from pipeline.writers.output_set import OutputFailed, OutputSet, why

    loaded = load_plan(plan)
    year = year or dt.date.today().year
    c = loaded.catalog
    if year not in c.plan.years:
        others = plans_covering(year, loaded.path.parent)
        raise UsageProblem(
            f"Năm {year} nằm ngoài giai đoạn của kế hoạch ({c.plan.period_start}–{c.plan.period_end}).",
            hint=f"Dùng kế hoạch của năm {year}: --plan {others[0].as_posix()}"
            if others
            else f"Chọn --year trong khoảng {c.plan.period_start}–{c.plan.period_end}, hoặc lập kế hoạch giai "
            "đoạn mới: ptn plan new --from <mã kế hoạch> --id <mã mới> --period <năm đầu>-<năm cuối>.",
        )
    view = CatalogView.of(c, year)
    _check_unit_lists(view)
    codes = [u.strip().upper() for u in unit] if unit else None
    if codes:
        unknown = [x for x in codes if x not in view.active_codes]
        if unknown:
            raise UsageProblem(
                f"Không có đơn vị hoạt động trong năm {year} với mã: {', '.join(unknown)}.",
                hint=f"Xem mã các đơn vị bằng: ptn plan show --year {year}.",
            )
    out_dir = out or Path("outputs") / str(year) / "mau"
    try:
        phrases = form_phrases()
    except PhraseFileError as e:
        raise UsageProblem(
            f"{e.title} chưa dùng được: " + " ".join(e.problems[:3]),
            hint="Sửa tệp theo các lỗi trên (giữ nguyên tên mục và chỗ trống {…}), hoặc chép lại tệp gốc.",
        ) from None
    if not codes:
        from pipeline.letters.outputs import letters_ready

        letters_ready()  # a broken phrase file or letter template stops us before any form is written
    previous = PreviousYear.load(Path("outputs"), year - 1)
    # the forms, the mailing list and the request letters are one set: built in a staging folder and
    # published at once, under the lock of the year's output folder (outputs/<Y>, or the folder above
    # the one given with --out): the forms go in mau/, the letters beside it in cong-van/
    folder, rel = out_dir.parent, out_dir.name
    with OutputSet(folder, command="ptn templates") as out_set:
        staging = out_set.path(rel)
        staging.mkdir(parents=True, exist_ok=True)
        try:
            built = build_all(loaded, year, staging, codes, previous=previous)
            # what each form contains, for «ptn plan check» to say later whose forms an edit changes
            # (the record of earlier issues – other units, with --unit – is carried into the new set)
            if record_path(out_dir).is_file():
                shutil.copyfile(record_path(out_dir), record_path(staging))
            record_issue(loaded.catalog, year, [b.unit for b in built], staging)
            letters = {}
            if not codes:  # the request letters go out with the whole set of forms
                from pipeline.letters.outputs import CONG_VAN_DIR, write_requests

                root = out_set.path("")
                letters = {k: p.relative_to(root) for k, p in write_requests(c, year, root).items()}
                out_set.replace_folder(CONG_VAN_DIR, f"de-nghi-*-{year}.docx")
            out_set.publish()
        except OSError as e:
            raise OutputFailed(
                f"Không ghi được biểu mẫu vào {out_dir} ({why(e)}). Các biểu mẫu trước đó được giữ nguyên.",
                hint="Giải phóng ổ đĩa, kiểm tra quyền ghi, đóng các biểu mẫu đang mở rồi chạy lại.",
                detail=f"{type(e).__name__}: {e}",
            ) from None

    from rich.table import Table

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
    console.print(
        f"Đã ghi {len(built)} biểu mẫu và {MAILING_LIST} vào {out_dir} (câu chữ: {phrases.source})."
    )
    if previous is not None:
        console.print(f"Số liệu năm {year - 1} của từng đơn vị (để đối chiếu) lấy từ {previous.source}.")
    else:
        console.print(
            f"Chưa có kết quả tổng hợp năm {year - 1} (outputs/{year - 1}/run-{year - 1}.json): biểu mẫu không "
            f"có cột số liệu năm {year - 1}; chạy «ptn run --year {year - 1}» trước nếu muốn có cột này."
        )
    if codes:
        console.print("Chỉ tạo biểu mẫu một số đơn vị: công văn đề nghị báo cáo không soạn lại.")
    for kind, rel in letters.items():
        label = "đề nghị báo cáo" if kind == "de-nghi-bao-cao" else "đề nghị phối hợp"
        console.print(f"Đã soạn dự thảo công văn {label}: {(folder / rel).as_posix()}")


def _check_unit_lists(view) -> None:
    """A year whose unit list is declared complete but is not gets no forms (some units would get
    none); a list marked incomplete is said before the forms are written."""
    from pipeline.catalog.labels import KIND_LABEL

    for state in view.unit_lists():
        ul = state.declared
        label = KIND_LABEL[ul.kind]
        if state.short:
            raise UsageProblem(
                f"Danh sách {label} năm {view.year} khai là đầy đủ ({ul.expected} đơn vị) nhưng danh mục có "
                f"{state.found} đơn vị: không tạo biểu mẫu để không đơn vị nào bị bỏ sót.",
                hint="Bổ sung đơn vị còn thiếu"
                + (f" vào plans/{ul.file}" if ul.file else "")
                + ", hoặc đặt complete: false trong unit_lists; rồi chạy «ptn plan check».",
            )
        if not ul.complete:
            console.print(
                f"[yellow]Cảnh báo: danh sách {label} năm {view.year} chưa đầy đủ "
                f"({state.found}/{ul.expected} đơn vị): các đơn vị chưa có trong danh mục sẽ không có biểu mẫu.[/]"
            )


def plans_covering(year: int, folder: Path) -> list[Path]:
    """The catalogs in ``folder`` whose period includes ``year`` (for a hint)."""
    import yaml

    out = []
    for f in sorted(Path(folder).glob("*.yaml")):
        try:
            plan = (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("plan") or {}
            if int(plan.get("period_start")) <= year <= int(plan.get("period_end")):
                out.append(f)
        except (OSError, ValueError, TypeError, AttributeError, yaml.YAMLError):
            continue
    return out
