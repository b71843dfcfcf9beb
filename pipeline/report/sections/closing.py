"""The closing sentence (ends with ``./.``): a báo cáo is "kính báo cáo", never "kính trình"."""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.writing import join

PHRASES = {"ket_thuc.so_noi_vu": "nam co_quan kinh_gui", "ket_thuc.ubnd_tinh": "nam co_quan kinh_gui"}


def closing(f: Facts) -> str:
    from pipeline.report.sections.opening import full_issuer

    key = "ket_thuc.so_noi_vu" if f.details else "ket_thuc.ubnd_tinh"
    return f.say(key, nam=f.y, co_quan=full_issuer(f), kinh_gui=join(list(f.v.addressee)))
