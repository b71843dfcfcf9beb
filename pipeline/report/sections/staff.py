"""Tổ chức bộ máy, đội ngũ, bồi dưỡng: staff on youth affairs and trainings, with coverage."""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.writing import Block, so

PHRASES = {
    "doi_ngu.ket_qua": "pham_vi tong chuyen_trach kiem_nhiem so_sanh",
    "doi_ngu.boi_duong": "so so_sanh pham_vi",
    "doi_ngu.khong_tra_loi": "danh_sach",
}
FULL, PART, TRAINED = "dn_chuyen_trach", "dn_kiem_nhiem", "dn_boi_duong"


def write(f: Facts, b: Block) -> None:
    ct, kn = f.total(FULL), f.total(PART)
    if ct is None and kn is None:
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    total = (ct or 0) + (kn or 0)
    before = [f.prev_total(FULL), f.prev_total(PART)]
    prev = None if all(x is None for x in before) else sum(x or 0 for x in before)
    cmp = f.compare(total, prev)
    b.p(
        f.say(
            "doi_ngu.ket_qua",
            pham_vi=f.scope_of(FULL, PART),
            tong=so(total),
            chuyen_trach=so(ct or 0),
            kiem_nhiem=so(kn or 0),
            so_sanh=f" ({cmp})" if cmp else "",
        )
    )
    bd = f.total(TRAINED)
    if bd is not None:
        cmp = f.compare(bd, f.prev_total(TRAINED))
        b.p(
            f.say(
                "doi_ngu.boi_duong",
                so=so(bd),
                so_sanh=f" ({cmp})" if cmp else "",
                pham_vi=f.scope_of(TRAINED),
            )
        )
    b.p(f.prev_scope(FULL, PART, TRAINED))
    blank = f.blank_units(FULL, PART)
    if blank:
        b.p(f.say("doi_ngu.khong_tra_loi", danh_sach=f.who(blank)))
