"""The rows of the review's appendices (names, never codes):

I   mục tiêu, chỉ tiêu over the years: the value of each year, the last year's plan and verdict, the
    horizon value and the distance to it, the source of the figure;
II  văn bản: by Phụ lục I document, how many were issued in each year's period, and the lũy kế;
III chương trình, đề án, dự án: the lead, its status in the last year, the money spent each year;
IV  reporting discipline by year (and, Sở Nội vụ variant, the units not on time some year);
V   the commendation list (Sở Nội vụ variant): the units' proposals, and the units the data suggest.

Year columns are a list per row (``y``), as long as the template's year columns: a review of fewer
years than the plan leaves the extra columns empty, and the renderer drops them.
"""

from __future__ import annotations

import datetime as dt

from pipeline.report.writing import join, so, value
from pipeline.so_ket.report.facts import ReviewFacts
from pipeline.vn import ngay, pct_vn

PHRASES = {
    "pl.nguon_dia_phuong": "pham_vi",
    "pl.chua_co_so_lieu": "",
    "pl.tong_cong": "",
    "pl.dung_han": "",
    "pl.gui_cham": "so_ngay",
    "pl.chua_gui": "",
    "pl.chua_den_han": "",
    "pl.nam_tinh_hinh": "nam tinh_hinh",
    "pl.dat_cac_nam": "ten cac_nam",
    "pl.du_so_lieu": "danh_sach",
    "pl.khong_chi_tieu": "",
    "pl.khong_con": "ngay",
    "pl.de_xuat_cua": "don_vi",
    "pl.chua_ghi": "",
    "pl.da_dat": "",
    "pl.con": "muc",
    "pl.so_lieu_nam": "nam",
}
SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def _pad(cells: list[str], n: int) -> list[str]:
    return cells + [""] * (n - len(cells))


def year_header(f: ReviewFacts, n: int) -> list[str]:
    return _pad([f"Năm {y}" for y in f.years], n)


def _years(years: list[int]) -> str:
    """``2021–2025`` for consecutive years, else ``2021, 2023 và 2024``."""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return join([str(y) for y in years])


def muc_tieu(f: ReviewFacts, n: int) -> list[dict]:
    rows = []
    last = {t.item: t for t in f.r.last_m.province}
    for i, (_, r) in enumerate(f.r.summary.iterrows(), 1):
        uom, t = r["uom"], last.get(r["item"])
        plan = ""
        if r["plan_last"] == r["plan_last"] and r["plan_last"] is not None:
            sym = SYMBOL.get(r["direction"], "")
            plan = f"{sym + ' ' if sym in ('>', '<') else ''}{value(r['plan_last'], uom)}"
        elif r["plan_note_last"] == "chua_giao":
            plan = f.say("muc_tieu.chua_giao")
        goal_end = ""
        if r["goal_end"] is not None and r["goal_end"] == r["goal_end"]:
            goal_end = f"{SYMBOL.get(r['direction'], '')} {value(r['goal_end'], uom)}".strip()
        distance = ""
        if r["reached_end"] is not None:
            distance = (
                f.say("pl.da_dat") if r["reached_end"] else f.say("pl.con", muc=_gap(r["distance_end"], uom))
            )
            if r["last_year"] != f.last:  # the last figure is an older year's: said so
                distance = f"{distance} {f.say('pl.so_lieu_nam', nam=r['last_year'])}"
        if r["figure_source"] == "sum_local" and t is not None:
            source = f.say("pl.nguon_dia_phuong", pham_vi=f.now.scope(t.sources, t.suppliers))
        elif t is not None:
            source = join(f.now.names([c.strip() for c in t.lead.split(",") if c.strip()]))
        else:
            source = ""
        rows.append(
            {
                "stt": str(i),
                "ten": r["name"],
                "dvt": uom,
                "y": _pad([value(r["values"].get(y), uom) for y in f.years], n),
                "ke_hoach": plan,
                "danh_gia": r["verdict_label_last"],
                "muc_tieu": goal_end,
                "so_voi": distance,
                "nguon": source,
            }
        )
    return rows or [
        _empty(f, n, ["stt", "ten", "dvt", "ke_hoach", "danh_gia", "muc_tieu", "so_voi", "nguon"])
    ]


def _gap(x: float, uom: str) -> str:
    return f"{pct_vn(abs(x), 1)[:-1]} điểm %" if uom.strip() == "%" else f"{value(abs(x), uom)} {uom}".strip()


def _empty(f: ReviewFacts, n: int, keys: list[str]) -> dict:
    row = dict.fromkeys(keys, "")
    row[keys[1]] = f.say("pl.chua_co_so_lieu")
    row.update({"y": [""] * n, "nhom": "", "tong": ""})
    return row


def van_ban(f: ReviewFacts, n: int) -> list[dict]:
    rows = []
    by_item = f.r.documents_by_item
    for i, (name, r) in enumerate(by_item.iterrows(), 1):
        rows.append(
            {
                "nhom": "",
                "tong": "",
                "stt": str(i),
                "ten": name,
                "y": _pad([so(float(r[y])) for y in f.years], n),
                "luy_ke": so(float(r["tong"])),
            }
        )
    if rows:  # the Tổng cộng row: each year's count of the period, and the lũy kế
        totals = [so(float(by_item[y].sum())) for y in f.years]
        rows.append(
            {
                "nhom": "",
                "tong": "x",
                "stt": "",
                "ten": f.say("pl.tong_cong"),
                "y": _pad(totals, n),
                "luy_ke": so(float(by_item["tong"].sum())),
            }
        )
    return rows or [_empty(f, n, ["stt", "ten", "luy_ke"])]


def chuong_trinh(f: ReviewFacts, n: int) -> list[dict]:
    p = f.r.programmes
    rows = []
    fields = ["stt", "ten", "chu_tri", "tinh_hinh", "da_chi", "ke_hoach"]
    for i, (_, g) in enumerate(p.groupby("item", sort=False), 1):
        g = g.set_index("year")
        last = g.loc[f.last] if f.last in g.index else g.iloc[-1]
        spent = [g["spent"].get(y) for y in f.years]
        rows.append(
            {
                "nhom": "",
                "tong": "",
                "stt": str(i),
                "ten": last["name"],
                "chu_tri": f.name(last["lead"]) if last["lead"] else "",
                "tinh_hinh": last["status"] or f.say("pl.chua_gui"),
                "y": _pad([so(x) if x == x and x is not None else "" for x in spent], n),
                "da_chi": so(float(g["spent"].sum())) if g["spent"].notna().any() else "",
                "ke_hoach": so(float(g["planned"].sum())) if g["planned"].notna().any() else "",
            }
        )
    if rows:
        per_year = [p[p["year"] == y]["spent"].sum(min_count=1) for y in f.years]
        rows.append(
            {
                **dict.fromkeys(fields, ""),
                "nhom": "",
                "tong": "x",
                "ten": f.say("pl.tong_cong"),
                "y": _pad([so(float(x)) if x == x else "" for x in per_year], n),
                "da_chi": so(float(p["spent"].sum())),
                "ke_hoach": so(float(p["planned"].sum())),
            }
        )
    return rows or [_empty(f, n, fields)]


def gui_bao_cao_nam(f: ReviewFacts) -> list[dict]:
    rows = []
    for _, r in f.r.discipline_years.iterrows():
        rows.append(
            {
                "nam": str(int(r["year"])),
                "phai": so(r["expected"]),
                "da_gui": so(r["received"]),
                "dung_han": so(r["on_time"]),
                "gui_cham": so(r["late"]),
                "chua_gui": so(r["missing"] + r["not_yet_due"]),
                "ty_le": pct_vn(r["rate"]) if r["rate"] == r["rate"] else "",
                "ty_le_dung_han": pct_vn(r["on_time_rate"]) if r["on_time_rate"] == r["on_time_rate"] else "",
                "de_nghi": f"{int(r['requested_received'])}/{int(r['requested'])}",
            }
        )
    return rows


def _status(f: ReviewFacts, status: str, days: int) -> str:
    if status == "gui_cham":
        return f.say("pl.gui_cham", so_ngay=days)
    return f.say({"dung_han": "pl.dung_han", "chua_den_han": "pl.chua_den_han"}.get(status, "pl.chua_gui"))


def gui_bao_cao_don_vi(f: ReviewFacts) -> list[dict]:
    """The units not on time in at least one year: each year's status, how many years on time."""
    d = f.r.discipline
    rows = []
    for unit, g in d.groupby("unit", sort=False):
        if (g["status"] == "dung_han").all():
            continue
        text = "; ".join(
            f.say("pl.nam_tinh_hinh", nam=int(y), tinh_hinh=_status(f, s, int(k)))
            for y, s, k in zip(g["year"], g["status"], g["days_late"], strict=True)
        )
        rows.append(
            {
                "don_vi": f.name(unit),
                "tinh_hinh": text,
                "dung_han": f"{int((g['status'] == 'dung_han').sum())}/{len(g)}",
            }
        )
    rows.sort(key=lambda r: r["don_vi"].casefold())
    for i, r in enumerate(rows, 1):
        r["stt"] = str(i)
    return rows


def khen_thuong(f: ReviewFacts) -> list[dict]:
    """The proposals, grouped by the unit that made them."""
    pr = f.r.proposals
    rows: list[dict] = []
    fields = ["stt", "ten", "doi_tuong", "chuc_vu", "thanh_tich", "hinh_thuc"]
    for _, g in pr.groupby("unit", sort=False):
        rows.append(
            {**dict.fromkeys(fields, ""), "nhom": f.say("pl.de_xuat_cua", don_vi=g["unit_name"].iloc[0])}
        )
        for i, (_, r) in enumerate(g.iterrows(), 1):
            rows.append(
                {
                    "nhom": "",
                    "stt": str(i),
                    "ten": r["ten"],
                    "doi_tuong": r["doi_tuong"],
                    "chuc_vu": r["chuc_vu"],
                    "thanh_tich": r["thanh_tich"],
                    "hinh_thuc": r["hinh_thuc"] or f.say("pl.chua_ghi"),
                }
            )
    return rows or [{**dict.fromkeys(fields, ""), "nhom": "", "ten": f.say("pl.chua_co_so_lieu")}]


def goi_y(f: ReviewFacts) -> list[dict]:
    rows = []
    ends = {u.code: u.valid_to for u in f.c.units}
    for i, (_, r) in enumerate(f.r.suggestions.iterrows(), 1):
        results = [f.say("pl.dat_cac_nam", ten=name, cac_nam=_years(ys)) for name, ys in r["met"].items()]
        if r["supplied"]:
            results.append(f.say("pl.du_so_lieu", danh_sach="; ".join(r["supplied"])))
        end = ends.get(r["unit"])
        gone = end is not None and r["unit"] not in f.r.last_m.completeness.expected
        note = f.say("pl.khong_con", ngay=ngay(end + dt.timedelta(days=1))) if gone else ""
        rows.append(
            {
                "stt": str(i),
                "don_vi": r["name"],
                "nam": f"{_years(r['years'])} ({r['n_years']} năm)",
                "chi_tieu": "; ".join(results) or f.say("pl.khong_chi_tieu"),
                "ghi_chu": note,
            }
        )
    return rows or [
        {"stt": "", "don_vi": f.say("pl.chua_co_so_lieu"), "nam": "", "chi_tieu": "", "ghi_chu": ""}
    ]
