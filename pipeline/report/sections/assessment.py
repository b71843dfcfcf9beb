"""III. Đánh giá chung: ưu điểm, tồn tại, hạn chế, nguyên nhân (khách quan, chủ quan) – each point
drawn from the year's figures; the units' most cited difficulties as the objective causes."""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.sections.points import points
from pipeline.report.sections.targets import base_notes, by_verdict
from pipeline.report.writing import Block, ratio, so

PHRASES = {
    "tieu_de.uu_diem": "",
    "tieu_de.ton_tai": "",
    "tieu_de.nguyen_nhan": "",
    "tieu_de.nguyen_nhan_khach_quan": "",
    "tieu_de.nguyen_nhan_chu_quan": "",
    "danh_gia.uu.chung": "",
    "danh_gia.uu.chi_tieu": "so_dat so_den_han danh_sach",
    "danh_gia.uu.van_ban": "so nam_truoc so_truoc",
    "danh_gia.uu.tuyen_truyen": "so_cuoc so_luot so_sanh",
    "danh_gia.uu.doi_thoai": "so tong nhom",
    "danh_gia.ton.chua_dat": "so danh_sach",
    "danh_gia.ton.so_lieu": "so",
    "danh_gia.ton.co_so": "",
    "danh_gia.ton.bao_cao": "so tong",
    "danh_gia.ton.doi_thoai": "so nhom",
    "danh_gia.ton.kiem_tra": "so nhom",
    "danh_gia.nn.khach_quan_chung": "",
    "danh_gia.nn.kho_khan": "noi_dung so nhom",
    "danh_gia.nn.chu_quan_chung": "",
    "danh_gia.nn.kiem_nhiem": "so_kiem_nhiem tong ty_le",
    "danh_gia.nn.long_ghep": "so nhom",
    "danh_gia.nn.bao_cao": "so_cham so_chua so_chi_tieu",
}
MAX_DIFFICULTIES = 3


def write(f: Facts, b: Block) -> None:
    _strengths(f, b.h(f.say("tieu_de.uu_diem")))
    _weaknesses(f, b.h(f.say("tieu_de.ton_tai")))
    causes = b.h(f.say("tieu_de.nguyen_nhan"))
    _objective(f, causes.h(f.say("tieu_de.nguyen_nhan_khach_quan")))
    _subjective(f, causes.h(f.say("tieu_de.nguyen_nhan_chu_quan")))


def _strengths(f: Facts, b: Block) -> None:
    b.p(f.say("danh_gia.uu.chung"))
    g = by_verdict(f)
    ok = g.get("vuot", []) + g.get("dat", [])
    due = ok + g.get("chua_dat", [])
    if ok:
        b.p(f.say("danh_gia.uu.chi_tieu", so_dat=len(ok), so_den_han=len(due),
                  danh_sach="; ".join(t.name for t in ok)))  # fmt: skip
    prev = f.m.previous_figures
    if prev is not None and f.m.figures.documents_in_period >= prev.documents_in_period > 0:
        b.p(f.say("danh_gia.uu.van_ban", so=f.m.figures.documents_in_period, nam_truoc=f.prev_y,
                  so_truoc=prev.documents_in_period))  # fmt: skip
    cuoc, luot = f.total("tt_so_cuoc"), f.total("tt_so_luot_nguoi")
    before = f.prev_total("tt_so_luot_nguoi")
    if cuoc and luot and before and luot > before:
        b.p(f.say("danh_gia.uu.tuyen_truyen", so_cuoc=so(cuoc), so_luot=so(luot),
                  so_sanh=f.compare(luot, before)))  # fmt: skip
    held, expected = _dialogue_counts(f)
    if expected and 2 * len(held) >= len(expected):
        b.p(f.say("danh_gia.uu.doi_thoai", so=len(held), tong=len(expected), nhom=f.group(expected)))


def _dialogue_counts(f: Facts) -> tuple[list[str], list[str]]:
    from pipeline.consolidate.facts import DIALOGUE_HELD, dialogue_counts

    expected = f.coverage(DIALOGUE_HELD).expected
    asked = set(expected)
    held = sorted({d.unit for d in f.m.dialogues if dialogue_counts(d) and d.unit in asked})
    return held, expected


def _weaknesses(f: Facts, b: Block) -> None:
    g = by_verdict(f)
    if g.get("chua_dat"):
        b.p(f.say("danh_gia.ton.chua_dat", so=len(g["chua_dat"]),
                  danh_sach="; ".join(t.name for t in g["chua_dat"])))  # fmt: skip
    if g.get("chua_co_so_lieu"):
        b.p(f.say("danh_gia.ton.so_lieu", so=len(g["chua_co_so_lieu"])))
    if base_notes(f):
        b.p(f.say("danh_gia.ton.co_so"))
    c = f.m.completeness
    slow = len(c.late) + len(c.missing)
    if slow:
        b.p(f.say("danh_gia.ton.bao_cao", so=slow, tong=len(c.expected)))
    _, expected = _dialogue_counts(f)
    not_held = sorted({d.unit for d in f.m.dialogues if d.held is False and d.unit in expected})
    if not_held:
        b.p(f.say("danh_gia.ton.doi_thoai", so=len(not_held), nhom=f.group(not_held)))
    from pipeline.report.sections.inspection import asked

    inspecting = {i.unit for i in f.m.inspections if i.in_period}
    none = [u for u in asked(f) if u in f.accepted and u not in inspecting]
    if none:
        b.p(f.say("danh_gia.ton.kiem_tra", so=len(none), nhom=f.group(none)))


def _objective(f: Facts, b: Block) -> None:
    b.p(f.say("danh_gia.nn.khach_quan_chung"))
    by_name = {f.name(c): c for c in f.m.units}
    for p in [p for p in points(f, "kho_khan") if len(p.units) > 1][:MAX_DIFFICULTIES]:
        codes = [by_name[n] for n in p.units if n in by_name]
        b.p(f.say("danh_gia.nn.kho_khan", noi_dung=p.text, so=len(p.units), nhom=f.group(codes)))


def _subjective(f: Facts, b: Block) -> None:
    b.p(f.say("danh_gia.nn.chu_quan_chung"))
    ct, kn = f.total("dn_chuyen_trach") or 0, f.total("dn_kiem_nhiem") or 0
    if kn and kn > ct:
        b.p(f.say("danh_gia.nn.kiem_nhiem", so_kiem_nhiem=so(kn), tong=so(ct + kn), ty_le=ratio(kn, ct + kn)))
    folded = f.answered_yes("kp_long_ghep")
    if folded:
        b.p(f.say("danh_gia.nn.long_ghep", so=len(folded), nhom=f.group(folded)))
    c = f.m.completeness
    missing_targets = len(by_verdict(f).get("chua_co_so_lieu", []))
    if c.late or c.missing or missing_targets:
        b.p(
            f.say(
                "danh_gia.nn.bao_cao",
                so_cham=len(c.late),
                so_chua=len(c.missing),
                so_chi_tieu=missing_targets,
            )
        )
