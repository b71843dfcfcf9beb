"""II. Kết quả thực hiện giai đoạn: one writer per task of KH 253, each over the review's years.

A count of the year (documents, propaganda, inspections, dialogues, trainings, money) is said with
its lũy kế – the sum of the yearly counts, each counted by its own date in its year's reporting
period – and the years it comes from fewer units than were asked, or has no figure at all. A target
is said with its series, its trend, its last-year verdict and its distance to the horizon value.
"""

from __future__ import annotations

from collections import Counter

from pipeline.report.sections.targets import goal
from pipeline.report.writing import Block, join, ratio, so
from pipeline.so_ket.report.facts import ReviewFacts

PHRASES = {
    "van_ban.tong": "giai_doan tong chi_tiet phu_luc khac",
    "van_ban.nam_dau": "nam so",
    "tuyen_truyen.tong": "giai_doan so_cuoc so_luot so_tin_bai",
    "tuyen_truyen.nam": "chi_tiet",
    "muc_tieu.tong": "so_chi_tieu nam ket_qua",
    "muc_tieu.dg": "so nhan",
    "muc_tieu.chua_den_han": "so nam_muc_tieu",
    "muc_tieu.chua_co_chi_tieu": "so nam",
    "muc_tieu.chua_co_so_lieu_nam": "so nam",
    "muc_tieu.mot": "ten nam_dau gia_tri_dau nam_cuoi gia_tri_cuoi xu_huong danh_gia muc_tieu_cuoi",
    "muc_tieu.mot_nam": "ten nam gia_tri danh_gia muc_tieu_cuoi",
    "muc_tieu.danh_gia": "nam ke_hoach danh_gia",
    "muc_tieu.muc_tieu_cuoi": "nam muc_tieu khoang_cach",
    "muc_tieu.chua_co_so_lieu": "so danh_sach",
    "muc_tieu.chua_co_so_lieu_ai": "ten ly_do",
    "muc_tieu.dia_phuong": "ten nam_dau nam_cuoi nhom_dau nhom_cuoi pham_vi",
    "chuong_trinh.tong": "so nam tinh_hinh",
    "chuong_trinh.tinh_hinh": "so trang_thai",
    "chuong_trinh.kinh_phi": "giai_doan da_chi ke_hoach ty_le",
    "chuong_trinh.chua_bao_cao": "nam danh_sach",
    "doi_thoai.tong": "giai_doan so_luot so_thanh_nien so_y_kien so_tra_loi ty_le",
    "doi_thoai.nam": "chi_tiet",
    "doi_ngu.nam": "nam pham_vi chuyen_trach kiem_nhiem",
    "doi_ngu.boi_duong": "giai_doan so",
    "kinh_phi.tong": "giai_doan tong chi_tiet",
    "kinh_phi.nguon": "nguon so",
    "kinh_phi.nam": "chi_tiet",
    "kinh_phi.long_ghep": "chi_tiet",
    "kinh_phi.thieu_nam": "nguon danh_sach",
    "kiem_tra.tong": "giai_doan so chi_tiet",
    "khen_thuong.de_xuat": "nam so_don_vi so_tap_the so_ca_nhan chi_tiet",
    "khen_thuong.hinh_thuc": "hinh_thuc so",
    "khen_thuong.khong_de_xuat": "nam",
    "khen_thuong.goi_y": "so so_nam_toi_thieu",
    "khen_thuong.goi_y_ubnd": "so",
    "khen_thuong.khong_goi_y": "so_nam_toi_thieu",
}


#: the field whose coverage a count follows, when it is not a field itself
COVERED_BY = {"doi_thoai": "dt_da_to_chuc"}


def _flow(f: ReviewFacts, key: str) -> tuple[dict[int, float | None], float, list]:
    """A yearly count's values by year, its lũy kế, and (year, answered, asked, field) rows."""
    df = f.r.flows[f.r.flows["key"] == key]
    values = {int(y): (None if v != v else float(v)) for y, v in zip(df["year"], df["value"], strict=True)}
    total = float(df["luy_ke"].iloc[-1]) if len(df) else 0.0
    field = COVERED_BY.get(key, key)
    cover = [
        (int(y), None if a != a else int(a), None if n != n else int(n), field)
        for y, a, n in zip(df["year"], df["answered"], df["asked"], strict=True)
    ]
    return values, total, cover


def _tail(f: ReviewFacts, *parts: str) -> list[str]:
    return [p for p in parts if p]


# --------------------------------------------------------------------------- 1. văn bản


def documents(f: ReviewFacts, b: Block) -> None:
    d = f.r.documents
    values = {int(y): float(t) for y, t in zip(d["year"], d["tong"], strict=True)}
    b.p(
        f.say(
            "van_ban.tong",
            giai_doan=f.period,
            tong=so(float(d["luy_ke"].iloc[-1])),
            chi_tiet=f.by_year(values),
            phu_luc=so(float(d["phu_luc"].sum())),
            khac=so(float(d["khac"].sum())),
        )
    )
    first = d.iloc[0]
    if int(first["phu_luc"]) == 0 and f.first == f.c.plan.period_start:
        b.p(f.say("van_ban.nam_dau", nam=f.first, so=int(first["tong"])))


# --------------------------------------------------------------------------- 2. tuyên truyền


def propaganda(f: ReviewFacts, b: Block) -> None:
    cuoc, n_cuoc, cover = _flow(f, "tt_so_cuoc")
    _, n_luot, _ = _flow(f, "tt_so_luot_nguoi")
    _, n_tin, _ = _flow(f, "tt_so_tin_bai")
    if not any(v is not None for v in cuoc.values()):
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    b.p(
        f.say(
            "tuyen_truyen.tong",
            giai_doan=f.period,
            so_cuoc=so(n_cuoc),
            so_luot=so(n_luot),
            so_tin_bai=so(n_tin),
        )
    )
    b.p(f.say("tuyen_truyen.nam", chi_tiet=f.by_year(cuoc)))
    for line in _tail(f, f.missing_years(cuoc), f.partial_years(cover)):
        b.p(line)


# --------------------------------------------------------------------------- 3. mục tiêu, chỉ tiêu


def _verdict_clause(f: ReviewFacts, row) -> str:
    if row["verdict_last"] not in ("vuot", "dat", "chua_dat"):
        return ""
    plan = f.value(row["plan_last"], row["uom"])
    if row["direction"] in (">", "<"):
        plan = f"{'trên' if row['direction'] == '>' else 'dưới'} {plan}"
    return f.say("muc_tieu.danh_gia", nam=f.last, ke_hoach=plan, danh_gia=row["verdict_label_last"].lower())


def _goal_clause(f: ReviewFacts, row, t) -> str:
    if row["goal_end"] is None or row["goal_end"] != row["goal_end"] or t is None:
        return ""
    return f.say(
        "muc_tieu.muc_tieu_cuoi",
        nam=row["end_year"],
        muc_tieu=goal(f.now, t, row["goal_end"]),
        khoang_cach=f.distance(row["distance_end"], row["reached_end"], row["uom"], row["end_year"]),
    )


def targets(f: ReviewFacts, b: Block) -> None:
    s = f.r.summary
    if s.empty:
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    last = {t.item: t for t in f.r.last_m.province}
    verdicts = Counter(s["verdict_last"])
    parts = [
        f.say("muc_tieu.dg", so=verdicts[k], nhan=label)
        for k, label in (("vuot", "vượt"), ("dat", "đạt"), ("chua_dat", "chưa đạt"))
        if verdicts[k]
    ]
    not_due = verdicts["chua_den_han"] + verdicts["dung_lo_trinh"] + verdicts["cham_lo_trinh"]
    if not_due:
        parts.append(f.say("muc_tieu.chua_den_han", so=not_due, nam_muc_tieu=f.r.horizon))
    if verdicts["chua_co_chi_tieu"]:
        parts.append(f.say("muc_tieu.chua_co_chi_tieu", so=verdicts["chua_co_chi_tieu"], nam=f.last))
    if verdicts["chua_co_so_lieu"]:
        parts.append(f.say("muc_tieu.chua_co_so_lieu_nam", so=verdicts["chua_co_so_lieu"], nam=f.last))
    b.p(f.say("muc_tieu.tong", so_chi_tieu=len(s), nam=f.last, ket_qua="; ".join(parts)))
    none = []
    for _, row in s.iterrows():
        t = last.get(row["item"])
        if row["last_value"] is None:
            none.append(row)
            continue
        kw = {"danh_gia": _verdict_clause(f, row), "muc_tieu_cuoi": _goal_clause(f, row, t)}
        kw = {k: f"; {v}" if v else "" for k, v in kw.items()}
        if row["first_year"] == row["last_year"]:
            b.p(
                f.say(
                    "muc_tieu.mot_nam",
                    ten=row["name"],
                    nam=row["last_year"],
                    gia_tri=f.value(row["last_value"], row["uom"]),
                    **kw,
                )
            )
            continue
        trend = f.trend(row["trend"], row["change"], row["uom"])
        b.p(
            f.say(
                "muc_tieu.mot",
                ten=row["name"],
                nam_dau=row["first_year"],
                gia_tri_dau=f.value(row["first_value"], row["uom"]),
                nam_cuoi=row["last_year"],
                gia_tri_cuoi=f.value(row["last_value"], row["uom"]),
                xu_huong=f" ({trend})" if trend else "",
                **kw,
            )
        )
    if none:
        b.p(f.say("muc_tieu.chua_co_so_lieu", so=len(none), danh_sach="; ".join(r["name"] for r in none)))
        if f.details:
            from pipeline.report.sections.targets import owed_by

            for row in none:
                t = last.get(row["item"])
                why = owed_by(f.now, t) if t is not None else []
                if why:
                    b.p(f.say("muc_tieu.chua_co_so_lieu_ai", ten=row["name"], ly_do="; ".join(why)))
    for line in local_targets(f):
        b.p(line)


def local_targets(f: ReviewFacts) -> list[str]:
    """A target summed over local units whose suppliers changed kind over the years (districts, then
    communes): the series is the province's, each year's from its own units – said once."""
    out = []
    t_df = f.r.targets
    for _item, g in t_df[t_df["figure_source"] == "sum_local"].groupby("item", sort=False):
        kinds = {}
        for y, suppliers in zip(g["year"], g["suppliers"], strict=True):
            ks = {f.now.unit_of[c].kind.value for c in suppliers if c in f.now.unit_of}
            kinds[int(y)] = ks
        first_k, last_k = kinds.get(f.first, set()), kinds.get(f.last, set())
        if not first_k or not last_k or first_k == last_k:
            continue
        row = g[g["year"] == f.last].iloc[0]
        out.append(
            f.say(
                "muc_tieu.dia_phuong",
                ten=row["name"],
                nam_dau=f.first,
                nam_cuoi=f.last,
                nhom_dau=f.now.say(f"nhom.{sorted(first_k)[0]}")
                if len(first_k) == 1
                else f.now.say("nhom.chung"),
                nhom_cuoi=f.now.say(f"nhom.{sorted(last_k)[0]}")
                if len(last_k) == 1
                else f.now.say("nhom.chung"),
                pham_vi=f.now.scope(row["sources"], row["suppliers"]),
            )
        )
    return out


# --------------------------------------------------------------------------- 4. chương trình


def programmes(f: ReviewFacts, b: Block) -> None:
    p = f.r.programmes
    if p.empty:
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    last = p[p["year"] == f.last]
    states = Counter(s for s in last["status"] if s)
    b.p(
        f.say(
            "chuong_trinh.tong",
            so=last["item"].nunique(),
            nam=f.last,
            tinh_hinh=", ".join(
                f.say("chuong_trinh.tinh_hinh", so=n, trang_thai=s.lower())
                for s, n in sorted(states.items(), key=lambda kv: -kv[1])
            ),
        )
    )
    spent, planned = p["spent"].sum(min_count=1), p["planned"].sum(min_count=1)
    if spent == spent and planned == planned:
        b.p(
            f.say(
                "chuong_trinh.kinh_phi",
                giai_doan=f.period,
                da_chi=so(float(spent)),
                ke_hoach=so(float(planned)),
                ty_le=ratio(float(spent), float(planned)),
            )
        )
    silent = last[last["status"] == ""]
    if len(silent) and f.details:  # the lead did not report on it in the last year
        b.p(f.say("chuong_trinh.chua_bao_cao", nam=f.last, danh_sach="; ".join(silent["name"])))


# --------------------------------------------------------------------------- 5. đối thoại


def dialogue(f: ReviewFacts, b: Block) -> None:
    held, n_held, cover = _flow(f, "doi_thoai")
    if not n_held:
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    _, youths, _ = _flow(f, "dt_so_thanh_nien")
    _, opinions, _ = _flow(f, "dt_so_kien_nghi")
    _, answered, _ = _flow(f, "dt_so_da_tra_loi")
    b.p(
        f.say(
            "doi_thoai.tong",
            giai_doan=f.period,
            so_luot=so(n_held),
            so_thanh_nien=so(youths),
            so_y_kien=so(opinions),
            so_tra_loi=so(answered),
            ty_le=ratio(answered, opinions),
        )
    )
    b.p(f.say("doi_thoai.nam", chi_tiet=f.by_year(held)))
    for line in _tail(f, f.partial_years(cover)):
        b.p(line)


# --------------------------------------------------------------------------- 6. đội ngũ


def staff(f: ReviewFacts, b: Block) -> None:
    st = f.r.stocks
    for y in (f.first, f.last) if f.first != f.last else (f.last,):
        rows = st[st["year"] == y].set_index("key")
        ct, kn = rows["value"].get("dn_chuyen_trach"), rows["value"].get("dn_kiem_nhiem")
        if ct != ct and kn != kn:
            continue
        b.p(
            f.say(
                "doi_ngu.nam",
                nam=y,
                pham_vi=f.year(y).scope_of("dn_chuyen_trach", "dn_kiem_nhiem"),
                chuyen_trach=so(0 if ct != ct else ct),
                kiem_nhiem=so(0 if kn != kn else kn),
            )
        )
    values, total, cover = _flow(f, "dn_boi_duong")
    if total:
        b.p(f.say("doi_ngu.boi_duong", giai_doan=f.period, so=so(total)))
        for line in _tail(f, f.missing_years(values), f.partial_years(cover)):
            b.p(line)


# --------------------------------------------------------------------------- 7. kinh phí


def funding(f: ReviewFacts, b: Block) -> None:
    fu = f.r.funding
    src = fu[fu["kind"] == "nguon"]
    if src["value"].notna().sum() == 0:
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    by_source = src.groupby("label", sort=False)["value"].sum(min_count=1)
    total = float(by_source.sum())
    parts = [
        f.say("kinh_phi.nguon", nguon=k[:1].lower() + k[1:], so=so(float(v)))
        for k, v in by_source.items()
        if v == v
    ]
    b.p(f.say("kinh_phi.tong", giai_doan=f.period, tong=so(total), chi_tiet="; ".join(parts)))
    for label, g in src.groupby("label", sort=False):  # a source some year has no figure of
        gone = [str(int(y)) for y, v in zip(g["year"], g["value"], strict=True) if v != v]
        if gone and len(gone) < len(g):
            b.p(f.say("kinh_phi.thieu_nam", nguon=label, danh_sach=join(gone)))
    yearly = src.groupby("year")["value"].sum(min_count=1)
    b.p(
        f.say(
            "kinh_phi.nam",
            chi_tiet=f.by_year({int(y): (None if v != v else float(v)) for y, v in yearly.items()}),
        )
    )
    cover = [
        (int(y), int(a), int(n), k)
        for y, a, n, k in zip(src["year"], src["answered"], src["asked"], src["key"], strict=True)
    ]
    # the years a source was given by fewer units than asked: said once per year, for the first source
    first_key = src["key"].iloc[0]
    for line in _tail(f, f.partial_years([c for c in cover if c[3] == first_key])):
        b.p(line)
    folded = fu[fu["kind"] == "long_ghep"]
    counts = {int(y): float(v) for y, v in zip(folded["year"], folded["value"], strict=True) if v}
    if counts:
        b.p(f.say("kinh_phi.long_ghep", chi_tiet=f.by_year(counts)))


# --------------------------------------------------------------------------- 8. kiểm tra


def inspection(f: ReviewFacts, b: Block) -> None:
    values, total, _ = _flow(f, "kiem_tra")
    if not total:
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    b.p(f.say("kiem_tra.tong", giai_doan=f.period, so=so(total), chi_tiet=f.by_year(values)))


# --------------------------------------------------------------------------- 9. khen thưởng


def commendation(f: ReviewFacts, b: Block) -> None:
    from pipeline.so_ket.commendation import MIN_YEARS

    pr = f.r.proposals
    if len(pr):
        forms = Counter(h for h in pr["hinh_thuc"] if h)
        b.p(
            f.say(
                "khen_thuong.de_xuat",
                nam=join([str(y) for y in sorted(set(pr["year"]))]),
                so_don_vi=pr["unit"].nunique(),
                so_tap_the=int((pr["doi_tuong"] == "Tập thể").sum()),
                so_ca_nhan=int((pr["doi_tuong"] != "Tập thể").sum()),
                chi_tiet="; ".join(
                    f.say("khen_thuong.hinh_thuc", hinh_thuc=h, so=n) for h, n in forms.most_common()
                ),
            )
        )
    else:
        b.p(f.say("khen_thuong.khong_de_xuat", nam=f.last))
    n = len(f.r.suggestions)
    if n:
        key = "khen_thuong.goi_y" if f.details else "khen_thuong.goi_y_ubnd"
        kw = {"so": n, "so_nam_toi_thieu": MIN_YEARS} if f.details else {"so": n}
        b.p(f.say(key, **kw))
    else:
        b.p(f.say("khen_thuong.khong_goi_y", so_nam_toi_thieu=MIN_YEARS))
