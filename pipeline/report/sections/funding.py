"""Kinh phí thực hiện: the year's funding by source, with its coverage; partial when units answered
"lồng ghép"; the programmes' money said apart (the form asks it not to be counted twice)."""

from __future__ import annotations

from pipeline.catalog.model import SectionLayout
from pipeline.report.facts import Facts
from pipeline.report.writing import Block, so

PHRASES = {
    "kinh_phi.tong": "pham_vi nam tong so_sanh chi_tiet",
    "kinh_phi.nguon": "nguon so",
    "kinh_phi.long_ghep": "so nhom vi_du",
    "kinh_phi.chuong_trinh": "da_chi tong_cong",
    "kinh_phi.khong_tra_loi": "danh_sach",
}
SECTION, FOLDED = "kinh_phi", "kp_long_ghep"


def _sources(f: Facts) -> list[tuple[str, str]]:
    """(field key, label) of the money fields of the funding section."""
    s = next((s for s in f.c.sections if s.key == SECTION and s.layout == SectionLayout.fields), None)
    if s is None:
        return []
    return [(x.key, x.label[:1].lower() + x.label[1:]) for x in s.fields if x.type.value == "amount"]


def write(f: Facts, b: Block) -> None:
    sources = _sources(f)
    have = [(k, label, f.total(k)) for k, label in sources if f.total(k) is not None]
    folded = f.answered_yes(FOLDED)
    if not have and not folded:
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    total = sum(x for _, _, x in have)
    if have:
        keys = tuple(k for k, _, _ in have)
        prev = [f.prev_total(k) for k in keys]
        before = None if all(x is None for x in prev) else sum(x or 0 for x in prev)
        cmp = f.compare(total, before)
        b.p(
            f.say(
                "kinh_phi.tong",
                pham_vi=f.scope_of(*keys),
                nam=f.y,
                tong=so(total),
                so_sanh=f" ({cmp})" if cmp else "",
                chi_tiet="; ".join(f.say("kinh_phi.nguon", nguon=label, so=so(x)) for _, label, x in have),
            )
        )
        b.p(f.prev_scope(*keys))
    if folded:
        b.p(
            f.say(
                "kinh_phi.long_ghep",
                so=len(folded),
                nhom=f.group(folded),
                vi_du=f" ({f.who(folded)})" if f.details else "",
            )
        )
    spent = [p.spent for p in f.m.programmes if p.spent is not None]
    if spent and have:
        b.p(f.say("kinh_phi.chuong_trinh", da_chi=so(sum(spent)), tong_cong=so(total + sum(spent))))
    blank = f.blank_units(*(k for k, _ in sources), FOLDED) if sources else []
    if blank:
        b.p(f.say("kinh_phi.khong_tra_loi", danh_sach=f.who(blank)))
