"""``ptn mail send`` and ``ptn mail fetch``: the forms and letters out, the replies in, through the
Sở's own mail account (settings: ``cau-hinh-thu.toml``; login: environment or prompt)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from pipeline.cli import app
from pipeline.cli.options import PlanOption, date_option, load_plan
from pipeline.console import console, err_console
from pipeline.exitcodes import Exit, UsageProblem

mail_app = typer.Typer(
    help="Thư điện tử qua hộp thư của Sở Nội vụ: gửi biểu mẫu, công văn; lấy báo cáo các đơn vị gửi về.",
    no_args_is_help=True,
)
app.add_typer(mail_app, name="mail")

SettingsOption = Annotated[
    Path | None,
    typer.Option(
        "--settings",
        help="Tệp cấu hình thư điện tử (mặc định: cau-hinh-thu.toml, hoặc biến môi trường PTN_MAIL_SETTINGS).",
    ),
]
YearOption = Annotated[int | None, typer.Option("--year", help="Năm báo cáo (mặc định: năm nay).")]
STATUS = {"send": "Sẽ gửi", "done": "Đã gửi trước đây", "problem": "Không gửi được"}


def _view(loaded, year: int | None):
    from pipeline.catalog import CatalogView

    c = loaded.catalog
    year = year or dt.date.today().year
    if year not in c.plan.years:
        raise UsageProblem(
            f"Năm {year} nằm ngoài giai đoạn của kế hoạch ({c.plan.period_start}–{c.plan.period_end}).",
            hint=f"Chọn --year trong khoảng {c.plan.period_start}–{c.plan.period_end}.",
        )
    return CatalogView.of(c, year)


# --------------------------------------------------------------------------- send


@mail_app.command("send")
def mail_send(
    kinds: Annotated[
        list[str] | None,
        typer.Argument(
            help="Loại thư: de-nghi-bao-cao (biểu mẫu và công văn đề nghị báo cáo – mặc định), bo-sung (biểu "
            "mẫu phản hồi và công văn đề nghị bổ sung, sau ptn run), don-doc (đôn đốc đơn vị chưa gửi, sau ptn run).",
            show_default=False,
            metavar="[LOẠI_THƯ]...",
        ),
    ] = None,
    year: YearOption = None,
    unit: Annotated[
        list[str] | None, typer.Option("--unit", help="Chỉ gửi cho đơn vị có mã này (lặp lại để chọn nhiều).")
    ] = None,
    really: Annotated[
        bool, typer.Option("--send", help="Gửi thật. Không có --send: chỉ liệt kê thư sẽ gửi (chạy thử).")
    ] = False,
    settings: SettingsOption = None,
    out: Annotated[Path, typer.Option("--out", help="Thư mục kết quả của ptn (outputs/).")] = Path("outputs"),
    plan: PlanOption = None,
) -> None:
    """Gửi biểu mẫu, công văn cho từng cơ quan, đơn vị, địa phương – mỗi đơn vị một thư, không gửi trùng."""
    from pipeline.mail.deliver import plan as plan_sends
    from pipeline.mail.deliver import send_all
    from pipeline.mail.outbox import KIND_LABEL, KINDS, LETTER_LABEL, build_outbox
    from pipeline.mail.records import load_sent, sent_record_path
    from pipeline.mail.send import preview
    from pipeline.mail.settings import load_settings, login_from_environment
    from pipeline.mail.wording import load_wording

    chosen = list(dict.fromkeys(k.strip().lower() for k in (kinds or ["de-nghi-bao-cao"])))
    wrong = [k for k in chosen if k not in KINDS]
    if wrong:
        raise UsageProblem(
            f"Không có loại thư: {', '.join(wrong)}.", hint=f"Chọn một hay nhiều loại: {', '.join(KINDS)}."
        )
    loaded = load_plan(plan)
    view = _view(loaded, year)
    cfg = load_settings(settings)
    wording = load_wording()
    if unit:
        unknown = [u for u in (x.strip().upper() for x in unit) if u not in view.active_codes]
        if unknown:
            raise UsageProblem(
                f"Không có đơn vị hoạt động trong năm {view.year} với mã: {', '.join(unknown)}.",
                hint=f"Xem mã các đơn vị bằng: ptn plan show --year {view.year}.",
            )
    record = load_sent(out, view.year)
    sender = cfg.nguoi_gui.ten or cfg.nguoi_gui.dia_chi
    g = cfg.gui_thu
    console.print(f"Người gửi: {cfg.from_header()} – máy chủ {g.may_chu}:{g.cong} ({g.bao_mat.upper()}).")
    boxes = [build_outbox(k, view, out, sender, unit) for k in chosen]
    planned_all = []
    missing_letters = []
    for box in boxes:
        planned = plan_sends(box.messages, record)
        planned_all += planned
        missing_letters += box.missing_letters
        _send_table(box, planned, view.year, KIND_LABEL)
        if not really:
            _preview(planned, wording, preview)
    for miss in missing_letters:
        who = f" (cho {len(miss.units)} đơn vị: {', '.join(miss.units[:8])}{' …' if len(miss.units) > 8 else ''})"
        where = (
            miss.path.as_posix()
            if miss.letter != "bo-sung"
            else miss.path.parent.as_posix() + "/<mã đơn vị>.docx"
        )
        console.print(
            f"[bold red]Thiếu {LETTER_LABEL[miss.letter].lower()}[/] {where}{who} – tạo bằng: [bold]{miss.command}[/]"
        )
    problems = [p for p in planned_all if p.status == "problem"]
    due = [p for p in planned_all if p.status == "send"]
    if not really:
        console.print(
            f"[bold]Chạy thử[/]: chưa gửi thư nào. {len(due)} thư sẽ được gửi; thêm [bold]--send[/] để gửi thật."
        )
        if missing_letters or problems:
            raise typer.Exit(Exit.PROBLEMS)
        return
    if missing_letters:
        kinds_missing = sorted({KIND_LABEL[b.kind] for b in boxes if b.missing_letters})
        raise UsageProblem(
            f"Chưa gửi thư nào: thiếu công văn cho loại thư {', '.join(kinds_missing)}.",
            hint="Tạo công văn bằng: "
            + "; ".join(sorted({m.command for m in missing_letters}))
            + ", rồi chạy lại.",
        )
    failures = 0
    if due:
        login = login_from_environment(cfg)

        def say(o) -> None:
            nonlocal failures
            m = o.planned.msg
            who = f"{m.unit} – {m.unit_name}"
            if o.result.ok:
                console.print(f"[green]Đã gửi[/] {who}: {', '.join(o.delivered)}")
                failures += len(o.result.refused)
            else:
                failures += 1
                why = f": {o.result.error}" if o.result.error else "."
                err_console.print(f"[bold red]Không gửi được[/] thư cho {who}{why}")
            for addr, reason in o.result.refused.items():
                err_console.print(f"[bold red]Địa chỉ {addr}[/] ({who}): {reason}.")

        outcomes = send_all(planned_all, wording, cfg, login, out, record, say)
        sent = sum(1 for o in outcomes if o.delivered)
        console.print(
            f"Đã gửi {sent}/{len(due)} thư. Ghi nhận: {sent_record_path(out, view.year).as_posix()}."
        )
    else:
        console.print("Không có thư nào cần gửi.")
    if failures or problems:
        if failures:
            err_console.print("[yellow]Gợi ý:[/] sửa địa chỉ trong danh sách gửi hoặc chờ máy chủ, rồi chạy lại lệnh: "
                              "chỉ những thư, địa chỉ chưa nhận được mới được gửi.")  # fmt: skip
        raise typer.Exit(Exit.PROBLEMS)


def _send_table(box, planned, year: int, labels) -> None:
    t = Table(title=f"Thư {labels[box.kind]} năm {year} ({len(planned)} đơn vị)", show_lines=False)
    for h in ("STT", "Mã", "Cơ quan, đơn vị, địa phương", "Gửi đến", "Tệp đính kèm", "Tình trạng"):
        t.add_column(h, overflow="fold")
    for i, p in enumerate(planned, start=1):
        m = p.msg
        status = STATUS[p.status]
        if p.status == "problem":
            status += f": {m.problem}"
        elif p.status == "done" and p.previous is not None:
            status += f" ({p.previous.sent_at:%d/%m/%Y %H:%M})"
        elif p.previous is not None:
            status += " (các địa chỉ chưa nhận)"
        to = ", ".join(p.pending if p.status == "send" else m.to)
        t.add_row(str(i), m.unit, m.unit_name, to, "\n".join(a.name for a in m.attachments), status)
    console.print(t)


def _preview(planned, wording, preview) -> None:
    shown: set[str] = set()
    for p in planned:
        if p.status != "send" or p.msg.wording in shown:
            continue
        shown.add(p.msg.wording)
        subject, body = preview(p.msg, wording)
        console.print(f"[bold]Xem trước thư gửi {p.msg.unit_name}:[/]")
        console.print(f"Tiêu đề: {subject}\n\n{body}", markup=False)


# --------------------------------------------------------------------------- fetch


@mail_app.command("fetch")
def mail_fetch(
    year: YearOption = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Lấy thư nhận từ ngày này (dd/mm/yyyy; mặc định: ngày đầu kỳ báo cáo)."),
    ] = None,
    folder: Annotated[
        str | None, typer.Option("--folder", help="Thư mục trong hộp thư (mặc định: theo tệp cấu hình).")
    ] = None,
    mark_seen: Annotated[
        bool,
        typer.Option(
            "--mark-seen", help="Đánh dấu «đã đọc» các thư đã lưu (mặc định: không thay đổi gì trên máy chủ)."
        ),
    ] = False,
    settings: SettingsOption = None,
    inputs: Annotated[
        Path, typer.Option("--inputs", help="Thư mục các năm (lưu vào <inputs>/<năm>/).")
    ] = Path("inputs"),
    out: Annotated[Path, typer.Option("--out", help="Thư mục kết quả của ptn (outputs/).")] = Path("outputs"),
    plan: PlanOption = None,
) -> None:
    """Lấy các thư có tệp báo cáo từ hộp thư của Sở, lưu nguyên vẹn vào inputs/<năm>/ (không lấy trùng)."""
    from pipeline.mail.fetch import FetchJob, connect, fetch_messages
    from pipeline.mail.match import match_units
    from pipeline.mail.records import fetch_record_path, load_fetched, load_sent
    from pipeline.mail.settings import load_settings, login_from_environment

    loaded = load_plan(plan)
    view = _view(loaded, year)
    tz = ZoneInfo(loaded.catalog.plan.deadline.timezone)
    start = date_option(since, "--since", f"01/10/{view.year}") or view.period_start
    cfg = load_settings(settings)
    box = folder or cfg.nhan_thu.thu_muc
    folder_dir = Path(inputs) / str(view.year)
    record = load_fetched(out, view.year)
    own = load_sent(out, view.year).message_ids
    login = login_from_environment(cfg)
    client = connect(cfg, login)
    folder_dir.mkdir(parents=True, exist_ok=True)

    def say(f) -> None:
        if f.entry.outcome == "saved":
            console.print(f"[green]Đã lưu[/] {f.path.as_posix()}")

    try:
        job = FetchJob(box, start, folder_dir, out, record, own, cfg.nguoi_gui.dia_chi, mark_seen, tz)
        result = fetch_messages(client, job, say)
    finally:
        try:
            client.logout()
        except Exception:  # the connection is already gone
            client.shutdown()
    where = f"{cfg.nhan_thu.may_chu}, thư mục {box}"
    console.print(
        f"[bold]Hộp thư {where}[/]: {result.searched} thư từ ngày {start:%d/%m/%Y}; lưu mới {len(result.saved)}, "
        f"bỏ qua {len(result.skipped)} (đã lưu trước đây hoặc do ptn gửi), không lấy {len(result.not_taken)}."
    )
    if result.not_taken:
        t = Table(title="Thư không lấy về (không phải báo cáo)")
        for h in ("Ngày", "Người gửi", "Tiêu đề", "Lý do"):
            t.add_column(h, overflow="fold")
        for f in result.not_taken:
            e = f.entry
            t.add_row(
                f"{e.date.astimezone(tz):%d/%m/%Y %H:%M}" if e.date else "", e.sender, e.subject, e.note
            )
        console.print(t)
    matches = match_units([f.path for f in result.saved], loaded, view.year, folder_dir)
    unmatched = [m for m in matches.values() if not m.units]
    if unmatched:
        t = Table(title="Thư đã lưu nhưng chưa xác định được đơn vị")
        for h in ("Tệp", "Lý do"):
            t.add_column(h, overflow="fold")
        for m in unmatched:
            t.add_row(m.path.name, m.reason)
        console.print(t)
    matched = sorted({u for m in matches.values() for u in m.units})
    if matched:
        console.print(
            "Báo cáo của: " + ", ".join(f"{u} – {view.units_by_code[u].short_name}" for u in matched)
        )
    console.print(
        f"Ghi nhận: {fetch_record_path(out, view.year).as_posix()}. Tổng hợp bằng: ptn run --year {view.year}"
    )
    if result.interrupted:
        err_console.print(
            f"[bold red]Lỗi:[/] {result.interrupted}. Các thư đã lưu vẫn nguyên vẹn.\n"
            "[yellow]Gợi ý:[/] chạy lại lệnh để lấy tiếp: thư đã lưu không bị lấy lại."
        )
        raise typer.Exit(Exit.PROBLEMS)
