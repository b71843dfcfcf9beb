"""The opening: what the report answers, the data period, and (Sở Nội vụ variant) who reported."""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.writing import Block, join
from pipeline.vn import ngay, ngay_thang_nam, pct_vn

PHRASES = {
    "mo_dau.so_noi_vu": "so_ke_hoach ngay_ke_hoach co_quan_ke_hoach giai_doan co_quan_bao_cao nam",
    "mo_dau.ubnd_tinh": "so_ke_hoach ngay_ke_hoach co_quan_ke_hoach giai_doan co_quan_bao_cao nam",
    "mo_dau.ky_so_lieu": "tu_ngay den_ngay nam cot_danh_gia",
    "mo_dau.cot.uoc_ca_nam": "",
    "mo_dau.cot.thuc_hien": "",
    "mo_dau.gui_bao_cao": "ngay_chot so_da_gui so_phai_gui nhom ty_le so_dung_han chi_tiet",
    "mo_dau.gui_cham": "so danh_sach",
    "mo_dau.cham_don_vi": "ten so_ngay",
    "mo_dau.chua_gui": "so danh_sach",
    "mo_dau.chua_den_han": "so danh_sach",
    "mo_dau.de_nghi": "so_da_gui so_de_nghi danh_sach",
    "mo_dau.de_nghi_chua_gui": "so_de_nghi",
    "mo_dau.theo_loai": "so_da_gui so_phai_gui nhom",
}


def full_issuer(f: Facts) -> str:
    name = f.v.issuer_name
    return f"{name} {f.v.place}" if name.endswith("tỉnh") else name


def write(f: Facts, b: Block) -> None:
    plan = f.c.plan
    key = "mo_dau.so_noi_vu" if f.details else "mo_dau.ubnd_tinh"
    b.p(
        f.say(
            key,
            so_ke_hoach=plan.number,
            ngay_ke_hoach=ngay_thang_nam(plan.date),
            co_quan_ke_hoach=plan.issuer,
            giai_doan=f"{plan.period_start}-{plan.period_end}",
            co_quan_bao_cao=full_issuer(f),
            nam=f.y,
        )
    )
    if f.m.period is not None:
        b.p(
            f.say(
                "mo_dau.ky_so_lieu",
                tu_ngay=f.period_start,
                den_ngay=f.period_end,
                nam=f.y,
                cot_danh_gia=f.say(f"mo_dau.cot.{plan.judge_on}"),
            )
        )
    if f.details:
        b.p(reporting_sentence(f))


def reporting_sentence(f: Facts) -> str:
    """Who reported, by the cut-off date: counts, then the late and missing units by name."""
    c = f.m.completeness
    n_exp = len(c.expected)
    by_kind: dict[str, list[str]] = {}
    received = set(c.received)
    for u in c.expected:
        k = f.unit_of[u].kind.value if u in f.unit_of else "chung"
        by_kind.setdefault(k, []).append(u)
    detail = ""
    if len(by_kind) > 1:
        detail = "; ".join(
            f.say(
                "mo_dau.theo_loai",
                so_da_gui=sum(u in received for u in us),
                so_phai_gui=len(us),
                nhom=f.group(us),
            )
            for _, us in sorted(by_kind.items())
        )
    rate = (
        c.reporting_rate if c.reporting_rate is not None else (100 * len(c.received) / n_exp if n_exp else 0)
    )
    parts = [
        f.say(
            "mo_dau.gui_bao_cao",
            ngay_chot=ngay(f.m.as_of),
            so_da_gui=len(c.received),
            so_phai_gui=n_exp,
            nhom=f.group(c.expected),
            ty_le=pct_vn(rate),
            so_dung_han=len(c.on_time),
            chi_tiet=detail,
        )
    ]
    late = sorted(c.late, key=lambda x: (-x.days_late, f.name(x.unit)))
    if late:
        names = [f.say("mo_dau.cham_don_vi", ten=f.name(x.unit), so_ngay=x.days_late) for x in late]
        parts.append(f.say("mo_dau.gui_cham", so=len(late), danh_sach=f.short_list(names)))
    if c.missing:
        parts.append(f.say("mo_dau.chua_gui", so=len(c.missing), danh_sach=f.who(c.missing)))
    if c.not_yet_due:
        parts.append(f.say("mo_dau.chua_den_han", so=len(c.not_yet_due), danh_sach=f.who(c.not_yet_due)))
    s = "; ".join(p for p in parts if p) + "."
    if c.requested and c.requested_received:
        sent = f.names(c.requested_received)
        s += " " + f.say(
            "mo_dau.de_nghi",
            so_da_gui=len(c.requested_received),
            so_de_nghi=len(c.requested),
            danh_sach=join(sent),
        )
    elif c.requested:  # none of them: no empty list in brackets
        s += " " + f.say("mo_dau.de_nghi_chua_gui", so_de_nghi=len(c.requested))
    return s
