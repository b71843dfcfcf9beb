"""Thống kê về thanh niên (the state-management part of the UBND tỉnh variant): how the province's
figures were gathered, how complete they are, and whether sources agree – counts, no unit names."""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.sections.targets import base_notes
from pipeline.report.writing import Block
from pipeline.vn import pct_vn

PHRASES = {
    "thong_ke.bao_cao": "nam so_da_gui so_phai_gui ty_le so_dung_han",
    "thong_ke.chi_tieu": "so_co so_tong",
    "thong_ke.co_so": "",
}


def write(f: Facts, b: Block) -> None:
    c = f.m.completeness
    n = len(c.expected)
    if n:
        b.p(
            f.say(
                "thong_ke.bao_cao",
                nam=f.y,
                so_da_gui=len(c.received),
                so_phai_gui=n,
                ty_le=pct_vn(100 * len(c.received) / n),
                so_dung_han=len(c.on_time),
            )
        )
    if f.m.province:
        with_data = [t for t in f.m.province if t.value is not None]
        b.p(f.say("thong_ke.chi_tieu", so_co=len(with_data), so_tong=len(f.m.province)))
    if base_notes(f):
        b.p(f.say("thong_ke.co_so"))
