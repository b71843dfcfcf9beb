"""The parts of the review around its results: the opening, I. đặc điểm tình hình, III. đánh giá
chung (ưu điểm, hạn chế, nguyên nhân, bài học kinh nghiệm), IV. phương hướng for the next period
(targets not met carried forward, the units' own directions), V. đề xuất, kiến nghị (the units'
proposals of the five years, by addressee), and the closing line – each point drawn from the tables.
"""

from __future__ import annotations

from pipeline.report.sections.points import as_own
from pipeline.report.unit_texts import group_points
from pipeline.report.writing import Block, join, ratio, so
from pipeline.so_ket.report.facts import ReviewFacts
from pipeline.vn import ngay_thang_nam, pct_vn

PHRASES = {
    "mo_dau.so_noi_vu": "so_ke_hoach ngay_ke_hoach co_quan_ke_hoach giai_doan co_quan_bao_cao so_nam",
    "mo_dau.ubnd_tinh": "so_ke_hoach ngay_ke_hoach co_quan_ke_hoach giai_doan co_quan_bao_cao so_nam",
    "mo_dau.so_lieu": "nam_dau nam_cuoi cot_danh_gia",
    "mo_dau.cot.uoc_ca_nam": "",
    "mo_dau.cot.thuc_hien": "",
    "mo_dau.gui_bao_cao": "thap nam_thap cao nam_cao phu_luc",
    "dac_diem.thanh_nien": "nam_dau so_dau pham_vi_dau nam_cuoi so_cuoi pham_vi_cuoi",
    "dac_diem.to_chuc_lai": "nam het moi",
    "dac_diem.chuoi_so_lieu": "nam",
    "dac_diem.chung": "",
    "danh_gia.uu.chung": "",
    "danh_gia.uu.cai_thien": "so so_co_so_lieu",
    "danh_gia.uu.dat": "nam so danh_sach",
    "danh_gia.uu.dat_muc_tieu_cuoi": "nam so danh_sach",
    "danh_gia.uu.gui_bao_cao": "nam_dau ty_le_dau nam_cuoi ty_le_cuoi",
    "danh_gia.uu.van_ban": "tong",
    "danh_gia.ton.chua_dat": "nam so danh_sach",
    "danh_gia.ton.xa_muc_tieu": "nam danh_sach",
    "danh_gia.ton.so_lieu": "so danh_sach",
    "danh_gia.ton.bao_cao": "so_cham so_chua",
    "danh_gia.ton.long_ghep": "nam so",
    "danh_gia.nn.khach_quan_chung": "",
    "danh_gia.nn.to_chuc_lai": "nam",
    "danh_gia.nn.kho_khan": "noi_dung so nhom",
    "danh_gia.nn.chu_quan_chung": "",
    "danh_gia.nn.kiem_nhiem": "nam so_kiem_nhiem tong ty_le",
    "danh_gia.nn.bao_cao": "",
    "bai_hoc.1": "",
    "bai_hoc.2": "",
    "bai_hoc.3": "",
    "bai_hoc.4": "",
    "phuong_huong.mo": "giai_doan co_quan",
    "phuong_huong.chua_dat": "danh_sach",
    "phuong_huong.muc_tieu_cuoi": "nam danh_sach",
    "phuong_huong.mot_chi_tieu": "ten gia_tri nam khoang_cach",
    "phuong_huong.so_lieu": "danh_sach",
    "phuong_huong.ke_hoach_moi": "giai_doan",
    "phuong_huong.don_vi": "nam",
    "kien_nghi.mo": "co_quan giai_doan",
    "kien_nghi.khong_co": "",
    "ket_thuc": "so_nam giai_doan co_quan",
}
MAX_DIFFICULTIES = 3
MAX_POINTS = 6
FAR = 5.0  # points % (or units) still to go to the horizon value: "còn xa"


# --------------------------------------------------------------------------- opening & closing


def opening(f: ReviewFacts, b: Block, appendix: str) -> None:
    plan = f.c.plan
    key = "mo_dau.so_noi_vu" if f.details else "mo_dau.ubnd_tinh"
    b.p(
        f.say(
            key,
            so_ke_hoach=plan.number,
            ngay_ke_hoach=ngay_thang_nam(plan.date),
            co_quan_ke_hoach=plan.issuer,
            giai_doan=f.plan_period,
            co_quan_bao_cao=f.issuer,
            so_nam=f.n_years,
        )
    )
    b.p(
        f.say(
            "mo_dau.so_lieu",
            nam_dau=f.first,
            nam_cuoi=f.last,
            cot_danh_gia=f.say(f"mo_dau.cot.{plan.judge_on}"),
        )
    )
    d = f.r.discipline_years.dropna(subset=["rate"])  # rates by year name no unit: both variants
    if len(d):
        lo, hi = d.loc[d["rate"].idxmin()], d.loc[d["rate"].idxmax()]
        b.p(
            f.say(
                "mo_dau.gui_bao_cao",
                thap=pct_vn(lo["rate"]),
                nam_thap=int(lo["year"]),
                cao=pct_vn(hi["rate"]),
                nam_cao=int(hi["year"]),
                phu_luc=appendix,
            )
        )


def closing(f: ReviewFacts) -> str:
    return f.say("ket_thuc", so_nam=f.n_years, giai_doan=f.period, co_quan=f.issuer)


# --------------------------------------------------------------------------- I. đặc điểm tình hình


def reorganised(f: ReviewFacts) -> tuple[int | None, list[str], list[str]]:
    """The first year whose reporting units differ from the year before's, the units that stopped
    reporting and those that started over the review (by code)."""
    year, ended, started = None, [], []
    for prev, y in zip(f.years, f.years[1:], strict=False):
        before = set(f.r.m(prev).completeness.expected)
        now = set(f.r.m(y).completeness.expected)
        if before != now:
            year = year or y
            ended += sorted(before - now)
            started += sorted(now - before)
    return year, ended, started


def by_kind(f: ReviewFacts, codes: list[str]) -> str:
    """``11 huyện, thành phố và 9 sở, ban, ngành`` – units counted by kind, the most first."""
    kinds: dict[str, list[str]] = {}
    for c in codes:
        kinds.setdefault(f.now.unit_of[c].kind.value if c in f.now.unit_of else "chung", []).append(c)
    parts = sorted(kinds.values(), key=lambda us: -len(us))
    return join([f.now.count_of(us) for us in parts])


def situation(f: ReviewFacts, b: Block) -> None:
    st = f.r.stocks
    total = st[st["key"] == "tn_tong_so"].set_index("year")
    a, z = total.loc[f.first], total.loc[f.last]
    if a["value"] == a["value"] and z["value"] == z["value"]:
        b.p(
            f.say(
                "dac_diem.thanh_nien",
                nam_dau=f.first,
                so_dau=so(a["value"]),
                pham_vi_dau=f.year(f.first).scope_of("tn_tong_so"),
                nam_cuoi=f.last,
                so_cuoi=so(z["value"]),
                pham_vi_cuoi=f.year(f.last).scope_of("tn_tong_so"),
            )
        )
    year, ended, started = reorganised(f)
    if year is not None:
        b.p(f.say("dac_diem.to_chuc_lai", nam=year, het=by_kind(f, ended), moi=by_kind(f, started)))
        b.p(f.say("dac_diem.chuoi_so_lieu", nam=year))
    b.p(f.say("dac_diem.chung"))


# --------------------------------------------------------------------------- III. đánh giá chung


def _names(rows) -> str:
    return "; ".join(r["name"] for r in rows)


def assessment(f: ReviewFacts, b: Block, headings: dict[str, str]) -> None:
    s = f.r.summary
    rows = [r for _, r in s.iterrows()]
    good = b.h(headings["uu_diem"])
    good.p(f.say("danh_gia.uu.chung"))
    with_data = [r for r in rows if r["change"] is not None]
    better = [r for r in with_data if r["improving"]]
    if better:
        good.p(f.say("danh_gia.uu.cai_thien", so=len(better), so_co_so_lieu=len(with_data)))
    met = [r for r in rows if r["verdict_last"] in ("vuot", "dat")]
    if met:
        good.p(f.say("danh_gia.uu.dat", nam=f.last, so=len(met), danh_sach=_names(met)))
    reached = [r for r in rows if r["reached_end"] and r["verdict_last"] not in ("vuot", "dat")]
    if reached:
        good.p(
            f.say(
                "danh_gia.uu.dat_muc_tieu_cuoi", nam=f.r.horizon, so=len(reached), danh_sach=_names(reached)
            )
        )
    d = f.r.discipline_years
    if len(d) > 1 and d["rate"].iloc[-1] > d["rate"].iloc[0]:
        good.p(
            f.say(
                "danh_gia.uu.gui_bao_cao",
                nam_dau=f.first,
                ty_le_dau=pct_vn(d["rate"].iloc[0]),
                nam_cuoi=f.last,
                ty_le_cuoi=pct_vn(d["rate"].iloc[-1]),
            )
        )
    good.p(f.say("danh_gia.uu.van_ban", tong=so(float(f.r.documents["luy_ke"].iloc[-1]))))

    weak = b.h(headings["ton_tai"])
    missed = [r for r in rows if r["verdict_last"] == "chua_dat"]
    if missed:
        weak.p(f.say("danh_gia.ton.chua_dat", nam=f.last, so=len(missed), danh_sach=_names(missed)))
    far = [
        r
        for r in rows
        if r["reached_end"] is False
        and r["distance_end"] is not None
        and r["distance_end"] >= FAR
        and r["verdict_last"] not in ("chua_dat",)
    ]
    if far:
        weak.p(f.say("danh_gia.ton.xa_muc_tieu", nam=f.r.horizon, danh_sach=_names(far)))
    none = [r for r in rows if r["last_value"] is None]
    if none:
        weak.p(f.say("danh_gia.ton.so_lieu", so=len(none), danh_sach=_names(none)))
    late, missing = int(d["late"].sum()), int(d["missing"].sum())
    if late or missing:
        weak.p(f.say("danh_gia.ton.bao_cao", so_cham=late, so_chua=missing))
    fu = f.r.funding
    folded = fu[(fu["kind"] == "long_ghep") & (fu["year"] == f.last)]["value"]
    if len(folded) and folded.iloc[0]:
        weak.p(f.say("danh_gia.ton.long_ghep", nam=f.last, so=int(folded.iloc[0])))

    causes = b.h(headings["nguyen_nhan"])
    objective = causes.h(headings["khach_quan"])
    objective.p(f.say("danh_gia.nn.khach_quan_chung"))
    year, _, _ = reorganised(f)
    if year is not None:
        objective.p(f.say("danh_gia.nn.to_chuc_lai", nam=year))
    for p in [p for p in _points(f, "kho_khan") if len(p.units) > 1][:MAX_DIFFICULTIES]:
        objective.p(f.say("danh_gia.nn.kho_khan", noi_dung=p.text, so=len(p.units), nhom=_group(f, p.units)))
    subjective = causes.h(headings["chu_quan"])
    subjective.p(f.say("danh_gia.nn.chu_quan_chung"))
    st = f.r.stocks
    now = st[st["year"] == f.last].set_index("key")["value"]
    ct, kn = now.get("dn_chuyen_trach"), now.get("dn_kiem_nhiem")
    if kn == kn and kn and (ct != ct or kn > (ct or 0)):
        total = kn + (0 if ct != ct else ct)
        subjective.p(
            f.say(
                "danh_gia.nn.kiem_nhiem",
                nam=f.last,
                so_kiem_nhiem=so(kn),
                tong=so(total),
                ty_le=ratio(kn, total),
            )
        )
    if late or missing:
        subjective.p(f.say("danh_gia.nn.bao_cao"))

    lessons = b.h(headings["bai_hoc"])
    for k in ("bai_hoc.1", "bai_hoc.2", "bai_hoc.3", "bai_hoc.4"):
        lessons.p(f.say(k))


def _points(f: ReviewFacts, field: str, years: list[int] | None = None):
    """The units' points of ``field`` over ``years`` (all the review's by default); a unit saying the
    same in several years counts once."""
    entries = []
    for y in years or f.years:
        m = f.r.m(y)
        for t in sorted(m.texts, key=lambda t: (t.unit_name or f.name(t.unit)).casefold()):
            if t.field == field and t.text.strip():
                entries.append((t.unit_name or f.name(t.unit), t.text))
    return group_points(entries)


def _group(f: ReviewFacts, names: list[str]) -> str:
    by_name = {v: k for k, v in f.r.names.items()}
    return f.now.group([by_name[n] for n in names if n in by_name])


# --------------------------------------------------------------------------- IV. phương hướng


def directions(f: ReviewFacts, b: Block) -> None:
    b.p(f.say("phuong_huong.mo", giai_doan=f.next_period, co_quan=f.issuer))
    rows = [r for _, r in f.r.summary.iterrows()]

    def one(r) -> str:
        return f.say(
            "phuong_huong.mot_chi_tieu",
            ten=r["name"],
            gia_tri=f.value(r["last_value"], r["uom"]),
            nam=r["last_year"],
            khoang_cach=f.distance(r["distance_end"], r["reached_end"], r["uom"], r["end_year"]),
        )

    missed = [r for r in rows if r["verdict_last"] == "chua_dat"]
    if missed:
        b.p(f.say("phuong_huong.chua_dat", danh_sach="; ".join(one(r) for r in missed)))
    ahead = [r for r in rows if r["reached_end"] is False and r["verdict_last"] != "chua_dat"]
    if ahead:
        b.p(f.say("phuong_huong.muc_tieu_cuoi", nam=f.r.horizon, danh_sach="; ".join(one(r) for r in ahead)))
    none = [r for r in rows if r["last_value"] is None]
    if none:
        b.p(f.say("phuong_huong.so_lieu", danh_sach=_names(none)))
    b.p(f.say("phuong_huong.ke_hoach_moi", giai_doan=f.next_period))
    shared = [p for p in _points(f, "phuong_huong", [f.last]) if len(p.units) > 1]
    if shared:
        b.p(f.say("phuong_huong.don_vi", nam=f.last))
        for line in as_own(f.now, shared, MAX_POINTS):
            b.p(line)


# --------------------------------------------------------------------------- V. kiến nghị

#: (heading key, unit-text field, variants it appears in)
ADDRESSEES = (
    ("tieu_de.kien_nghi_trung_uong", "kn_trung_uong", ("so-noi-vu", "ubnd-tinh")),
    ("tieu_de.kien_nghi_ubnd_tinh", "kn_ubnd_tinh", ("so-noi-vu",)),
    ("tieu_de.kien_nghi_so_nganh", "kn_so_nganh", ("so-noi-vu",)),
)


def proposals(f: ReviewFacts, b: Block) -> None:
    any_point = False
    for heading, field, variants in ADDRESSEES:
        if f.v.key not in variants:
            continue
        pts = _points(f, field)
        if not pts:
            continue
        if not any_point:
            b.p(f.say("kien_nghi.mo", co_quan=f.issuer, giai_doan=f.period))
            any_point = True
        sub = b.h(f.say(heading))
        for line in as_own(f.now, pts, MAX_POINTS):
            sub.p(line)
    if not any_point:
        b.p(f.say("kien_nghi.khong_co"))
