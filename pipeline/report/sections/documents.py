"""Lãnh đạo, chỉ đạo, ban hành văn bản: documents issued in the period, cumulative ones apart.

A document counts "in year Y" when its date of issue lies inside the reporting period; those issued
earlier are said as cumulative (lũy kế), undated or later ones as not counted. Each Phụ lục I
document gets one line: how many of the units asked issued it and, in the Sở Nội vụ variant, who has
not (named), else how many.
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.catalog.query import CatalogView
from pipeline.manifest import DocumentStatus
from pipeline.report.facts import Facts
from pipeline.report.writing import Block, document_kind, join
from pipeline.vn import ngay as ngay_ngan
from pipeline.vn import ngay_thang_nam

PHRASES = {
    "van_ban.trong_ky": "so_van_ban so_sanh chi_tiet",
    "van_ban.gom_ke_hoach": "so",
    "van_ban.gom_tu_ban_hanh": "so",
    "van_ban.luy_ke": "giai_doan so",
    "van_ban.khong_ngay": "so",
    "van_ban.sau_ky": "so den_ngay",
    "van_ban.tinh_hinh": "",
    "van_ban.mot_da": "ten_van_ban don_vi loai so_ky_hieu ngay thoi_gian",
    "van_ban.mot_khac": "ten_van_ban don_vi tinh_hinh",
    "van_ban.nhieu": "ten_van_ban so_da so_phai nhom thoi_gian con_lai",
    "van_ban.tg.trong_ky": "",
    "van_ban.tg.truoc_ky": "",
    "van_ban.tg.tach": "so_trong_ky so_truoc_ky",
    "van_ban.long_ghep": "so nhom",
    "van_ban.con_lai": "tinh_hinh danh_sach",
    "van_ban.chua_bao_cao": "",
    "van_ban.chua_gui": "",
    "van_ban.tu_ban_hanh": "vi_du",
    "van_ban.vd_nhom": "ten so_don_vi nhom danh_sach",
    "van_ban.vd_mot": "ten so_ky_hieu ngay don_vi",
    "van_ban.khong_co": "",
}

ISSUED, FOLDED = "Đã ban hành", "Lồng ghép"
MAX_OWN = 3


def required(f: Facts) -> list[tuple[str, str, str, list[str]]]:
    """Phụ lục I documents applying this year: (code, name, product, units asked to issue them)."""
    try:
        view = CatalogView.of(f.c, f.y)
        items = [(d, view.leads(d)) for d in f.c.documents if view.applies(d)]
    except Exception:  # a catalog that does not resolve: what the manifest says
        items = []
    expected = set(f.m.completeness.expected)
    reported: dict[str, set[str]] = defaultdict(set)
    for d in f.m.documents:
        if d.status:
            reported[d.item].add(d.unit)
    out = []
    for d, leads in items:
        units = {u for u in leads if u in expected} | reported.get(d.code, set())
        if units:
            out.append((d.code, d.name, d.product, sorted(units, key=f.name)))
    return out


def _own(f: Facts) -> list[DocumentStatus]:
    codes = {d.code for d in f.c.documents}
    return [d for d in f.m.documents if d.item not in codes]


def write(f: Facts, b: Block) -> None:
    docs = f.m.documents
    req = required(f)
    if not docs and not req:
        b.p(f.say("van_ban.khong_co"))
        return
    codes = {d.code for d in f.c.documents}
    issued = [d for d in docs if d.status == ISSUED]
    in_period = [d for d in issued if d.in_period]
    n_req = sum(d.item in codes for d in in_period)
    prev = f.m.previous_figures
    parts = [
        f.say(key, so=n)
        for key, n in (("van_ban.gom_ke_hoach", n_req), ("van_ban.gom_tu_ban_hanh", len(in_period) - n_req))
        if n
    ]
    b.p(
        f.say(
            "van_ban.trong_ky",
            so_van_ban=len(in_period),
            so_sanh=_paren(f.compare_count(prev.documents_in_period if prev else None)),
            chi_tiet=" và ".join(parts) if parts else "–",
        )
    )
    start = f.m.period.start if f.m.period else None
    before = [d for d in issued if d.in_period is False and start and d.date and d.date < start]
    counted = {id(d) for d in before}  # by identity: comparing pydantic models is slow at national size
    after = [d for d in issued if d.in_period is False and id(d) not in counted]
    undated = [d for d in issued if d.in_period is None]
    plan = f.c.plan
    if before:
        b.p(f.say("van_ban.luy_ke", giai_doan=f"{plan.period_start}-{plan.period_end}", so=len(before)))
    if undated:
        b.p(f.say("van_ban.khong_ngay", so=len(undated)))
    if after:
        b.p(f.say("van_ban.sau_ky", so=len(after), den_ngay=f.period_end))
    if req:
        b.p(f.say("van_ban.tinh_hinh"))
        by_key = {(d.unit, d.item): d for d in docs}
        for code, name, product, units in req:
            b.p(_line(f, code, name, product, units, by_key))
    own = _own_examples(f, [d for d in _own(f) if d.status == ISSUED and d.in_period])
    if own:
        b.p(f.say("van_ban.tu_ban_hanh", vi_du=own))


def _paren(text: str) -> str:
    return f" ({text})" if text else ""


def _when(f: Facts, docs: list[DocumentStatus]) -> str:
    """ " trong kỳ báo cáo" / " trước kỳ báo cáo (lũy kế)" / " (3 trong kỳ, 28 trước kỳ)"."""
    n_in = sum(1 for d in docs if d.in_period)
    n_before = sum(1 for d in docs if d.in_period is False)
    if n_in and not n_before:
        return " " + f.say("van_ban.tg.trong_ky")
    if n_before and not n_in:
        return " " + f.say("van_ban.tg.truoc_ky")
    if n_in and n_before:
        return f" ({f.say('van_ban.tg.tach', so_trong_ky=n_in, so_truoc_ky=n_before)})"
    return ""


def _line(f: Facts, code: str, name: str, product: str, units: list[str], by_key: dict) -> str:
    received = set(f.accepted)
    status: dict[str, str] = {}
    for u in units:
        d = by_key.get((u, code))
        if d is not None and d.status:
            status[u] = d.status
        elif u in received:
            status[u] = f.say("van_ban.chua_bao_cao")
        else:
            status[u] = f.say("van_ban.chua_gui")
    if len(units) == 1:
        u = units[0]
        d = by_key.get((u, code))
        if status[u] == ISSUED and d is not None:
            return f.say(
                "van_ban.mot_da",
                ten_van_ban=name,
                don_vi=f.name(u),
                loai=document_kind(d.number, product),
                so_ky_hieu=d.number or "…",
                ngay=ngay_thang_nam(d.date) if d.date else "",
                thoi_gian=_when(f, [d]) if d.in_period is False else "",
            )
        return f.say("van_ban.mot_khac", ten_van_ban=name, don_vi=f.name(u), tinh_hinh=status[u].lower())
    done = [by_key[(u, code)] for u in units if status[u] == ISSUED]
    folded = [u for u in units if status[u] == FOLDED]
    rest = ""
    if folded:
        rest += "; " + f.say("van_ban.long_ghep", so=len(folded), nhom=f.group(folded))
    groups: dict[str, list[str]] = defaultdict(list)
    for u in units:
        if status[u] not in (ISSUED, FOLDED):
            groups[status[u]].append(u)
    for st in sorted(groups, key=lambda s: (s == f.say("van_ban.chua_gui"), s)):
        rest += "; " + f.say("van_ban.con_lai", tinh_hinh=st.lower(), danh_sach=f.who(groups[st]))
    return f.say(
        "van_ban.nhieu",
        ten_van_ban=name,
        so_da=len(done),
        so_phai=len(units),
        nhom=f.group(units),
        thoi_gian=_when(f, done),
        con_lai=rest,
    )


def _own_examples(f: Facts, own: list[DocumentStatus]) -> str:
    """Two or three of the units' own documents: the most shared first, a single one with its number."""
    groups: dict[str, list[DocumentStatus]] = defaultdict(list)
    for d in own:
        if d.name.strip():
            groups[" ".join(d.name.casefold().split())].append(d)
    ranked = sorted(groups.values(), key=lambda ds: (-len(ds), ds[0].name))[:MAX_OWN]
    parts = []
    for ds in ranked:
        if len(ds) == 1:
            d = ds[0]
            parts.append(
                f.say(
                    "van_ban.vd_mot",
                    ten=d.name,
                    so_ky_hieu=d.number or "…",
                    ngay=ngay_ngan(d.date),
                    don_vi=f.name(d.unit),
                )
            )
        else:
            us = [d.unit for d in ds]
            parts.append(
                f.say(
                    "van_ban.vd_nhom",
                    ten=ds[0].name,
                    so_don_vi=len(us),
                    nhom=f.group(us),
                    danh_sach=join(f.names(us)[:3]),
                )
            )
    return "; ".join(parts)
