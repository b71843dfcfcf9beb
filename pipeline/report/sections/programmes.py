"""Chương trình, đề án, dự án: each programme's state as its lead reports it, the year's money said
apart from (not added to) the funding section, two or three results as examples."""

from __future__ import annotations

from collections import Counter

from pipeline.catalog.query import CatalogView
from pipeline.report.facts import Facts
from pipeline.report.writing import Block, ratio, sentence, so

PHRASES = {
    "chuong_trinh.tong": "so_ct tinh_hinh",
    "chuong_trinh.tinh_hinh_mot": "so tinh_hinh",
    "chuong_trinh.chua_bao_cao": "so danh_sach",
    "chuong_trinh.kinh_phi": "nam so_don_vi ke_hoach da_chi ty_le",
    "chuong_trinh.ket_qua": "",
    "chuong_trinh.ket_qua_vd": "ten ket_qua",
    "chuong_trinh.khong_co": "",
}
LEAD = "lead"
MAX_EXAMPLES = 3


def programmes_of_year(f: Facts) -> list[tuple[str, str, list[str]]]:
    """(code, name, leads) of the Phụ lục III programmes applying this year."""
    try:
        view = CatalogView.of(f.c, f.y)
        return [(p.code, p.name, view.leads(p)) for p in f.c.programmes if view.applies(p)]
    except Exception:
        names = {p.item: p.name for p in f.m.programmes}
        return [
            (c, n, sorted({p.unit for p in f.m.programmes if p.item == c and p.role == LEAD}))
            for c, n in names.items()
        ]


def write(f: Facts, b: Block) -> None:
    progs = f.m.programmes
    items = programmes_of_year(f)
    if not progs and not items:
        b.p(f.say("chuong_trinh.khong_co"))
        return
    lead_rows = {p.item: p for p in progs if p.role == LEAD}
    states = Counter(lead_rows[c].status for c, _, _ in items if c in lead_rows and lead_rows[c].status)
    missing = [(c, n, leads) for c, n, leads in items if c not in lead_rows or not lead_rows[c].status]
    b.p(
        f.say(
            "chuong_trinh.tong",
            so_ct=len(items),
            tinh_hinh=", ".join(
                f.say("chuong_trinh.tinh_hinh_mot", so=n, tinh_hinh=s.lower())
                for s, n in states.most_common()
            ),
        )
    )
    if missing:
        who = [f"{n} ({f.who(leads)})" if f.details and leads else n for _, n, leads in missing]
        b.p(f.say("chuong_trinh.chua_bao_cao", so=len(missing), danh_sach="; ".join(who)))
    with_money = [p for p in progs if p.planned is not None or p.spent is not None]
    if with_money:
        planned = sum(p.planned or 0 for p in with_money)
        spent = sum(p.spent or 0 for p in with_money)
        b.p(
            f.say(
                "chuong_trinh.kinh_phi",
                nam=f.y,
                so_don_vi=len({p.unit for p in with_money}),
                ke_hoach=so(planned),
                da_chi=so(spent),
                ty_le=ratio(spent, planned) or "–",
            )
        )
    examples = [
        f.say("chuong_trinh.ket_qua_vd", ten=lead_rows[c].name, ket_qua=sentence(lead_rows[c].result))
        for c, _, _ in items
        if c in lead_rows and lead_rows[c].result.strip()
    ][:MAX_EXAMPLES]
    if examples:
        b.p(f.say("chuong_trinh.ket_qua"))
        for line in examples:
            b.p(line)
