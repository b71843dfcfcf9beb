"""IV. Phương hướng, nhiệm vụ năm tới: the issuer's own tasks – from the year's shortfalls, then the
directions most units gave (said without their names; who said what is in Phụ lục IV)."""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.sections.points import as_own, points
from pipeline.report.sections.targets import base_notes, by_verdict
from pipeline.report.writing import Block

PHRASES = {
    "phuong_huong.mo": "nam_toi co_quan",
    "phuong_huong.chua_dat": "danh_sach",
    "phuong_huong.so_lieu": "so",
    "phuong_huong.co_so": "",
    "phuong_huong.doi_thoai": "nhom",
    "phuong_huong.tong_ket": "giai_doan",
}
MAX_POINTS = 5


def write(f: Facts, b: Block) -> None:
    from pipeline.report.sections.assessment import _dialogue_counts
    from pipeline.report.sections.opening import full_issuer

    b.p(f.say("phuong_huong.mo", nam_toi=f.y + 1, co_quan=full_issuer(f)))
    g = by_verdict(f)
    if g.get("chua_dat") or g.get("cham_lo_trinh"):
        ts = g.get("chua_dat", []) + g.get("cham_lo_trinh", [])
        b.p(f.say("phuong_huong.chua_dat", danh_sach="; ".join(t.name for t in ts)))
    if g.get("chua_co_so_lieu"):
        b.p(f.say("phuong_huong.so_lieu", so=len(g["chua_co_so_lieu"])))
    if base_notes(f):
        b.p(f.say("phuong_huong.co_so"))
    held, expected = _dialogue_counts(f)
    if expected and len(held) < len(expected):
        b.p(f.say("phuong_huong.doi_thoai", nhom=f.group(expected)))
    plan = f.c.plan
    if f.y + 1 == plan.period_end:
        b.p(f.say("phuong_huong.tong_ket", giai_doan=f"{plan.period_start}-{plan.period_end}"))
    said = [c for c in b.children if isinstance(c, str)]
    shared = [p for p in points(f, "phuong_huong") if len(p.units) > 1]
    shared = [p for p in shared if not any(_alike(p.text, s) for s in said)]
    for line in as_own(f, shared, MAX_POINTS):
        b.p(line)


def _alike(a: str, b: str) -> bool:
    """Two tasks saying much the same (half their words shared): said once."""
    wa, wb = set(a.casefold().split()), set(b.casefold().split())
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.5
