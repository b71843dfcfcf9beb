"""Thực hiện chính sách đối với thanh niên; kết quả nổi bật, mô hình hay (the units' own texts)."""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.sections.points import points, said
from pipeline.report.writing import Block

PHRASES = {"chinh_sach.mo": "so_don_vi nhom", "chinh_sach.mo_ubnd": "so_don_vi nhom"}
FIELD = "kq_noi_bat"


def write(f: Facts, b: Block) -> None:
    pts = points(f, FIELD)
    if not pts:
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    units = {t.unit for t in f.m.texts if t.field == FIELD and t.text.strip()}
    key = "chinh_sach.mo" if f.details else "chinh_sach.mo_ubnd"
    b.p(f.say(key, so_don_vi=len(units), nhom=f.group(units)))
    for line in said(f, pts):
        b.p(line)
