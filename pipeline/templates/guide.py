"""The first sheet of every form, Hướng dẫn: what to report, for which period, by when, whom to call.

It answers the phone call before it comes (issue 12): the data period of the year (from the
catalog's ``plan.reporting_period``), the territory or duties the unit reports for – a 2025 commune
reports the whole year for its territory, a merged department the duties it took over –, the
deadline, the Sở Nội vụ contact (``plan.contact``), what a unit that began during the year is not
asked for and what it gives instead, and whether last year's figures compare. No code or key of the
catalog is ever written here.
"""

from __future__ import annotations

import datetime as dt

from pipeline.catalog.model import Section, UnitKind
from pipeline.templates import layout as L
from pipeline.templates.model import SheetModel
from pipeline.templates.sheets import REFERENCE_NOTE, Context
from pipeline.vn import fold, ngay

BLANK = "…………"  # a contact detail the Sở has not filled in yet (ptn plan check warns)


def _names(ctx: Context, codes) -> str:
    return ", ".join(ctx.short_name(c) for c in codes)


def _place(unit) -> str:
    """ "Ủy ban nhân dân xã Thất Khê" → "xã Thất Khê"."""
    return unit.name.removeprefix("Ủy ban nhân dân ")


def scope_text(ctx: Context) -> str:
    """What the unit reports for this year: its territory or its duties, whole year."""
    view, unit, y = ctx.view, ctx.unit, ctx.year
    change = view.reorganised(unit.code)
    whole = f"cả năm {y} ({ctx.period_text})"
    if unit.kind == UnitKind.commune and change is not None and change.began:
        before = change.began - dt.timedelta(days=1)
        districts = _names(ctx, change.absorbed) or "cấp huyện trước đây"
        return (
            f"Toàn bộ kết quả {whole} trên địa bàn {_place(unit)}, kể cả phần việc "
            f"đã thực hiện trên địa bàn này từ ngày {ngay(dt.date(y, 1, 1))} đến ngày {ngay(before)} của "
            f"{districts} (huyện cũ) và các xã, thị trấn cũ, theo hồ sơ bàn giao. Phần nào không có số liệu, "
            "ghi rõ ở sheet Khó khăn, kiến nghị."
        )
    if unit.kind in (UnitKind.commune, UnitKind.district):
        return f"Toàn bộ kết quả {whole} trên địa bàn {_place(unit)}."
    text = (
        f"Kết quả {whole} của các nhiệm vụ Kế hoạch {ctx.plan.number} giao cho đơn vị (các dòng ở từng sheet)"
    )
    if change is None:
        return text + "."
    parts = []
    if change.absorbed:
        since = min(view.unit(c).valid_to for c in change.absorbed) + dt.timedelta(days=1)
        parts.append(
            f"nhiệm vụ của {_names(ctx, change.absorbed)} (hợp nhất từ ngày {ngay(since)}), kể cả phần việc "
            "các đơn vị đó đã làm trước ngày hợp nhất"
        )
    if change.duties_from:
        parts.append(
            f"một số nhiệm vụ tiếp nhận từ {_names(ctx, change.duties_from)}, kể cả phần việc trước ngày tiếp nhận"
        )
    return (
        text
        + ", gồm cả "
        + "; ".join(parts)
        + ". Dòng nhiệm vụ tiếp nhận ghi rõ ở cột Vai trò: «Nhiệm vụ của … từ ngày …»."
    )


def contact_text(ctx: Context) -> str:
    c = ctx.plan.contact
    who = ", ".join(x for x in (c.name or BLANK, c.position, c.office) if x)
    return f"{who}; điện thoại: {c.phone or BLANK}; thư điện tử: {c.email or BLANK}."


def comparison_text(ctx: Context) -> str | None:
    """Why last year's figures do not compare, for a unit changed by the reorganisation."""
    change = ctx.view.reorganised(ctx.unit.code)
    if change is None:
        return None
    if change.began:
        return (
            f"Đơn vị bắt đầu hoạt động từ ngày {ngay(change.began)}: số liệu không so sánh được với năm "
            f"{ctx.year - 1}; Sở Nội vụ chỉ so sánh số liệu toàn tỉnh."
        )
    if change.absorbed:
        return (
            f"Đơn vị tiếp nhận {_names(ctx, change.absorbed)} trong năm: số liệu chung của đơn vị không so sánh "
            f"được với năm {ctx.year - 1}; số liệu của từng nhiệm vụ vẫn đơn vị thực hiện như năm trước thì so sánh được."
        )
    return f"Các nhiệm vụ tiếp nhận trong năm: số liệu không so sánh được với năm {ctx.year - 1} của đơn vị."


def guide_sheet(ctx: Context, sections: list[Section], rule_lines: list[str]) -> SheetModel:
    m = SheetModel(name=L.GUIDE_SHEET, key="", key_row=False)
    plan = ctx.plan
    deadline = plan.deadline
    last_day = deadline.last_on_time_day(ctx.year)
    variant = plan.report_variants[0] if plan.report_variants else None
    receiver = variant.issuer_name if variant else "Sở Nội vụ"
    emails: list[str] = []
    for u in ctx.view.catalog.units:
        if variant and fold(u.name) == fold(variant.issuer_name):
            emails = u.emails
    r = 0

    def line(text: str, style: str = "guide", col: int = 2) -> None:
        nonlocal r
        m.put(r, col, text, style)
        r += 1

    line(f"HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO NĂM {ctx.year}", "title")
    line(f"Kết quả thực hiện {plan.title} ({plan.number} ngày {ngay(plan.date)})", "subtitle")
    line(f"Cơ quan, đơn vị: {ctx.unit.name}", "subtitle")
    r += 1
    line("Báo cáo những gì, gửi khi nào", "guide_h")
    facts = [
        f"Kỳ số liệu: {ctx.period_text} (Nghị định 09/2019/NĐ-CP). Báo cáo gửi trước khi hết kỳ: cột «Thực hiện "
        f"đến thời điểm báo cáo» ghi số đã thực hiện, cột «Ước thực hiện cả năm» ước đến ngày "
        f"{ngay(ctx.view.period_end)}.",
        f"Phạm vi báo cáo: {scope_text(ctx)}",
        f"Hạn gửi: chậm nhất ngày {ngay(last_day)} (Kế hoạch {plan.number}: trước ngày "
        f"{deadline.day:02d}/{deadline.month:02d} hằng năm), gửi {receiver}"
        + (f", thư điện tử {'; '.join(emails)}." if emails else "."),
        f"Người liên hệ khi cần hỏi: {contact_text(ctx)}",
    ]
    waivers = ctx.view.waivers(ctx.unit.code)
    if waivers:
        names = "; ".join(w.item.name for w in waivers)
        facts.append(
            f"Không yêu cầu (hạn ban hành trước ngày đơn vị bắt đầu hoạt động {ngay(waivers[0].since)}): {names}. "
            "Xem sheet Ban hành văn bản."
        )
    compare = comparison_text(ctx)
    if compare:
        facts.append(f"So sánh với năm trước: {compare}")
    elif ctx.previous is not None:
        facts.append(
            f"Cột «{ctx.previous_header}» là số liệu đơn vị đã gửi năm {ctx.year - 1}, để đối chiếu khi điền."
        )
    for s in facts:
        line("• " + s)
    r += 1
    line("1. Cách điền", "guide_h")
    steps = [
        "Chỉ nhập vào các ô nền vàng nhạt; các ô khác đã được khóa để biểu mẫu không bị thay đổi.",
        "Điền lần lượt từng sheet theo thứ tự. Đặt con trỏ vào ô để xem hướng dẫn; "
        "Excel sẽ từ chối giá trị không hợp lệ (ví dụ chữ trong ô số, số âm, ngày sai).",
        "Nhập số như bình thường, không gõ dấu chấm phân cách hàng nghìn bằng tay, không gõ ký hiệu %. "
        "Ngày nhập theo dạng ngày/tháng/năm, ví dụ 05/11/" + str(ctx.year) + ".",
        "Với chỉ tiêu tỷ lệ (%), chỉ nhập hai con số: số người đạt và tổng số người thuộc đối tượng; "
        "tỷ lệ % được tính tự động.",
        'Dòng có vai trò "Phối hợp" hoặc ghi "' + REFERENCE_NOTE + '" không bắt buộc: số liệu '
        "(nếu có) chỉ để tham khảo, không cộng vào số liệu của tỉnh; nên ghi kết quả phối hợp ở cột Ghi chú.",
        "Ô để trống nghĩa là chưa có số liệu (không phải bằng 0): nếu kết quả là 0, hãy nhập 0.",
        "Các dòng trống cuối sheet (văn bản khác, các cuộc kiểm tra) dành cho việc riêng của đơn vị: "
        "ghi tên ở cột Nội dung rồi điền các cột còn lại.",
    ]
    for s in steps:
        line("• " + s)
    r += 1
    line("2. Không được thay đổi", "guide_h")
    for s in [
        "Không đổi tên, xóa hoặc thêm sheet; không chèn, xóa dòng, cột; không hiện các cột, dòng đã ẩn.",
        "Không sao chép, dán dữ liệu từ tệp khác vào biểu mẫu (dán sẽ bỏ qua kiểm tra nhập liệu); "
        "nếu phải dán, dùng Dán giá trị (Paste Values).",
        "Không đặt mật khẩu cho tệp. Có thể lưu lại dưới dạng .xlsx, .xls hoặc .ods.",
    ]:
        line("• " + s)
    r += 1
    line("3. Màu trên biểu mẫu", "guide_h")
    for style, text in [
        ("legend_input", "Ô nhập liệu"),
        ("legend_required", "Ô bắt buộc nhưng còn trống"),
        ("legend_error", "Số liệu mâu thuẫn (lỗi, cần sửa)"),
        ("legend_warning", "Số liệu bất thường (cần kiểm tra lại)"),
        ("legend_na", "Không áp dụng, hoặc số liệu năm trước để đối chiếu"),
        ("legend_mark", "Ô Sở Nội vụ đề nghị bổ sung, hoàn thiện (xem ghi chú trong ô)"),
    ]:
        m.put(r, 1, "", style)
        line(text)
    r += 1
    line("4. Các sheet cần điền", "guide_h")
    for s in sections:
        line("• " + s.title)
    if rule_lines:
        r += 1
        line("5. Kiểm tra tự động khi nhập", "guide_h")
        for s in rule_lines:
            line("• " + s)
    r += 1
    line("Gửi kèm bản chụp (PDF) báo cáo đã ký nếu có; tên tệp giữ nguyên như khi nhận.")
    m.widths = {0: 2, 1: 6, 2: 104}
    return m
