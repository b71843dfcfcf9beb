"""The first sheet of every form, Hướng dẫn: what to report, for which period, by when, whom to call.

It answers the phone call before it comes (issue 12): the data period of the year (from the
catalog's ``plan.reporting_period``), the territory or duties the unit reports for – a 2025 commune
reports the whole year for its territory, a merged department the duties it took over –, the
deadline, the Sở Nội vụ contact (``plan.contact``), what a unit that began during the year is not
asked for, and whether last year's figures compare. No code or key of the catalog is ever written
here. Every sentence comes from the phrase file the Sở edits (``templates/cau-chu-bieu-mau.txt``).
"""

from __future__ import annotations

import datetime as dt

from pipeline.catalog.model import Section, UnitKind
from pipeline.templates import layout as L
from pipeline.templates.model import SheetModel
from pipeline.templates.sheets import REFERENCE_NOTE, Context
from pipeline.vn import ngay

BLANK = "…………"  # a contact detail the Sở has not filled in yet (ptn plan check warns)


def _names(ctx: Context, codes) -> str:
    return ", ".join(ctx.short_name(c) for c in codes)


def _place(unit) -> str:
    """ "Ủy ban nhân dân xã Thất Khê" → "xã Thất Khê"."""
    return unit.name.removeprefix("Ủy ban nhân dân ")


def scope_text(ctx: Context) -> str:
    """What the unit reports for this year: its territory or its duties, whole year."""
    say, view, unit, y = ctx.phrases, ctx.view, ctx.unit, ctx.year
    change = view.reorganised(unit.code)
    period = ctx.period_text
    if unit.kind == UnitKind.commune and change is not None and change.began:
        return say(
            "pham_vi.xa_phuong_moi", nam=y, ky=period, dia_ban=_place(unit), tu_ngay=ngay(dt.date(y, 1, 1)),
            den_ngay=ngay(change.began - dt.timedelta(days=1)),
            huyen_cu=_names(ctx, change.absorbed) or "cấp huyện trước đây",
        )  # fmt: skip
    if unit.kind in (UnitKind.commune, UnitKind.district):
        return say("pham_vi.dia_phuong", nam=y, ky=period, dia_ban=_place(unit))
    number = ctx.plan.number
    if change is None:
        return say("pham_vi.co_quan", nam=y, ky=period, so_ke_hoach=number)
    parts = []
    if change.absorbed:
        since = min(view.unit(c).valid_to for c in change.absorbed) + dt.timedelta(days=1)
        parts.append(say("tiep_nhan.hop_nhat", don_vi_truoc=_names(ctx, change.absorbed), ngay=ngay(since)))
    if change.duties_from:
        parts.append(say("tiep_nhan.mot_so_nhiem_vu", don_vi_truoc=_names(ctx, change.duties_from)))
    return say("pham_vi.co_quan_tiep_nhan", nam=y, ky=period, so_ke_hoach=number, tiep_nhan="; ".join(parts))


def contact_text(ctx: Context) -> str:
    c = ctx.plan.contact
    who = ", ".join(x for x in (c.name or BLANK, c.position, c.office) if x)
    return ctx.phrases("nguoi_lien_he", nguoi=who, dien_thoai=c.phone or BLANK, thu_dien_tu=c.email or BLANK)


def comparison_text(ctx: Context) -> str:
    """Whether last year's figures compare: not for a unit changed by the reorganisation."""
    say, prev_year = ctx.phrases, ctx.year - 1
    change = ctx.view.reorganised(ctx.unit.code)
    if change is None:
        if ctx.previous is None:
            return ""
        return say("so_sanh.co_so_lieu", cot=ctx.previous_header, nam_truoc=prev_year)
    if change.began:
        return say("so_sanh.don_vi_moi", ngay=ngay(change.began), nam_truoc=prev_year)
    if change.absorbed:
        return say("so_sanh.hop_nhat", don_vi_truoc=_names(ctx, change.absorbed), nam_truoc=prev_year)
    return say("so_sanh.tiep_nhan", nam_truoc=prev_year)


def guide_sheet(ctx: Context, sections: list[Section], rule_lines: list[str]) -> SheetModel:
    m = SheetModel(name=L.GUIDE_SHEET, key="", key_row=False)
    say = ctx.phrases
    plan = ctx.plan
    deadline = plan.deadline
    last_day = deadline.last_on_time_day(ctx.year)
    variant = plan.report_variants[0] if plan.report_variants else None
    receiver = variant.issuer_name if variant else "Sở Nội vụ"
    issuer = ctx.view.unit_named(variant.issuer_name) if variant else None
    emails: list[str] = issuer.emails if issuer is not None else []
    r = 0

    def line(text: str, style: str = "guide", col: int = 2) -> None:
        nonlocal r
        m.put(r, col, text, style)
        r += 1

    def bullets(texts: list[str]) -> None:
        for text in texts:
            if text:  # a sentence the Sở emptied is left out
                line("• " + text)

    line(say("tieu_de.huong_dan", nam=ctx.year), "title")
    line(say("tieu_de.ke_hoach", ten_ke_hoach=plan.title, so_ke_hoach=plan.number, ngay_ke_hoach=ngay(plan.date)),
         "subtitle")  # fmt: skip
    line(f"Cơ quan, đơn vị: {ctx.unit.name}", "subtitle")
    r += 1
    line(say("tieu_de.bao_cao_gi"), "guide_h")
    waivers = ctx.view.waivers(ctx.unit.code)
    bullets(
        [
            say("ky_so_lieu", tu_ngay=ngay(ctx.view.period_start), den_ngay=ngay(ctx.view.period_end)),
            scope_text(ctx),
            say(
                "han_gui",
                ngay=ngay(last_day),
                so_ke_hoach=plan.number,
                han_ke_hoach=f"{deadline.day:02d}/{deadline.month:02d}",
                noi_nhan=receiver,
                thu_dien_tu="; ".join(emails) or BLANK,
            ),
            contact_text(ctx),
            say("khong_yeu_cau", ngay=ngay(waivers[0].since), van_ban="; ".join(w.item.name for w in waivers))
            if waivers
            else "",
            comparison_text(ctx),
        ]
    )
    r += 1
    line(say("tieu_de.cach_dien"), "guide_h")
    bullets(
        [
            say("cach_dien.o_vang"),
            say("cach_dien.thu_tu"),
            say("cach_dien.nhap_so", vi_du_ngay=f"05/11/{ctx.year}"),
            say("cach_dien.ty_le"),
            say("cach_dien.phoi_hop", tham_khao=REFERENCE_NOTE),
            say("cach_dien.o_trong"),
            say("cach_dien.dong_trong"),
        ]
    )
    r += 1
    line(say("tieu_de.khong_thay_doi"), "guide_h")
    bullets([say("khong_thay_doi.sheet"), say("khong_thay_doi.dan"), say("khong_thay_doi.mat_khau")])
    r += 1
    line(say("tieu_de.mau"), "guide_h")
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
    line(say("tieu_de.cac_sheet"), "guide_h")
    for s in sections:
        line("• " + s.title)
    if rule_lines:
        r += 1
        line(say("tieu_de.kiem_tra_tu_dong"), "guide_h")
        for s in rule_lines:
            line("• " + s)
    r += 1
    if say("gui_kem"):
        line(say("gui_kem"))
    m.widths = {0: 2, 1: 6, 2: 104}
    return m
