"""V. Đề xuất, kiến nghị: grouped by addressee and said as the issuer's own (the units that proposed
each point are listed in Phụ lục IV). The UBND tỉnh variant keeps what is addressed to the centre."""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.sections.points import as_own, points
from pipeline.report.writing import Block

PHRASES = {
    "tieu_de.kien_nghi_trung_uong": "",
    "tieu_de.kien_nghi_ubnd_tinh": "",
    "tieu_de.kien_nghi_so_nganh": "",
    "kien_nghi.khong_co": "",
    "kien_nghi.mo": "co_quan",
    "kien_nghi.mo_ubnd": "co_quan",
}
#: (heading key, unit-text field, variants it appears in)
ADDRESSEES = (
    ("tieu_de.kien_nghi_trung_uong", "kn_trung_uong", ("so-noi-vu", "ubnd-tinh")),
    ("tieu_de.kien_nghi_ubnd_tinh", "kn_ubnd_tinh", ("so-noi-vu",)),
    ("tieu_de.kien_nghi_so_nganh", "kn_so_nganh", ("so-noi-vu",)),
)


def write(f: Facts, b: Block) -> None:
    from pipeline.report.sections.opening import full_issuer

    intro = f.say("kien_nghi.mo" if f.details else "kien_nghi.mo_ubnd", co_quan=full_issuer(f))
    any_point = any(points(f, field) for _, field, variants in ADDRESSEES if f.v.key in variants)
    if any_point:
        b.p(intro)
    for heading, field, variants in ADDRESSEES:
        if f.v.key not in variants:
            continue
        pts = points(f, field)
        sub = b.h(f.say(heading))
        if not pts:
            continue  # an addressee with nothing proposed: its heading is dropped
        for line in as_own(f, pts):
            sub.p(line)
    if not any_point:
        b.p(f.say("kien_nghi.khong_co"))
