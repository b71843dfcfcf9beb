"""Công tác kiểm tra: inspections dated inside the period, by how many units; two or three named,
the full list in Phụ lục IV; units asked that held none. (No data on thi đua, khen thưởng is asked,
so the heading does not promise it.)"""

from __future__ import annotations

from collections import Counter

from pipeline.catalog.model import Obligation
from pipeline.report.facts import Facts
from pipeline.report.writing import Block, join

PHRASES = {
    "kiem_tra.ket_qua": "so_don_vi so_phai nhom so_cuoc so_sanh",
    "kiem_tra.vi_du": "vi_du",
    "kiem_tra.vi_du_mot": "ten so",
    "kiem_tra.chua": "so nhom danh_sach",
    "kiem_tra.chua_ubnd": "so nhom",
    "kiem_tra.ngoai_ky": "so",
    "kiem_tra.khong_co": "",
}


def asked(f: Facts) -> list[str]:
    """Obliged units whose form has the inspections sheet."""
    from pipeline.consolidate.facts import inspection_section

    section = inspection_section(f.c)
    kinds = set(section.kinds) if section is not None else set()
    return sorted(
        c for c in f.m.completeness.expected if c in f.unit_of and f.unit_of[c].kind in kinds
        and f.unit_of[c].obligation == Obligation.obliged
    )  # fmt: skip


def write(f: Facts, b: Block) -> None:
    ins = f.m.inspections
    expected = asked(f)
    if not ins and not expected:
        return
    done = [i for i in ins if i.in_period]
    per_unit = Counter(i.unit for i in done)
    prev = f.m.previous_figures
    cmp = f.compare_count(prev.inspections_in_period if prev else None)
    if not done:
        b.p(f.say("kiem_tra.khong_co"))
    else:
        b.p(
            f.say(
                "kiem_tra.ket_qua",
                so_don_vi=len(per_unit),
                so_phai=len(expected) or len(per_unit),
                nhom=f.group(expected or list(per_unit)),
                so_cuoc=len(done),
                so_sanh=f" ({cmp})" if cmp else "",
            )
        )
        # units that held more than one: the two or three with the most (none named when each held one)
        several = [(u, n) for u, n in per_unit.items() if n > 1]
        if f.details and several:
            top = sorted(several, key=lambda kv: (-kv[1], f.name(kv[0])))[:3]
            b.p(
                f.say(
                    "kiem_tra.vi_du",
                    vi_du=join([f.say("kiem_tra.vi_du_mot", ten=f.name(u), so=n) for u, n in top]),
                )
            )
    none = [u for u in expected if u in f.accepted and u not in per_unit]
    if none and f.details:
        b.p(f.say("kiem_tra.chua", so=len(none), nhom=f.group(none), danh_sach=f.who(none)))
    elif none:
        b.p(f.say("kiem_tra.chua_ubnd", so=len(none), nhom=f.group(none)))
    other = [i for i in ins if not i.in_period]
    if other:
        b.p(f.say("kiem_tra.ngoai_ky", so=len(other)))
