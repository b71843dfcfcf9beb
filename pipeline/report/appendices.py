"""The rows of the appendix tables (Phụ lục I–V). Codes stay out (names only); lead rows come
before co-agency rows; a Tổng cộng row where a column adds up; a row ``nhom`` set is a group title.

I   mục tiêu, chỉ tiêu          – the plan column never blank, missing data with who owes it
II  văn bản (grouped by Phụ lục I document, the units' own last)
III chương trình, đề án, dự án  – grouped by programme, lead first, Tổng cộng of the money
IV  ý kiến của các đơn vị and the inspections (Sở Nội vụ variant): the full lists behind the body
V   tình hình gửi báo cáo (Sở Nội vụ variant)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pipeline.catalog.labels import ROLE_LABEL
from pipeline.catalog.query import CatalogView
from pipeline.report.facts import Facts
from pipeline.report.sections.points import points
from pipeline.report.sections.targets import plan_cell, verdict_cell
from pipeline.report.writing import change, join, so, value
from pipeline.vn import ngay

PHRASES = {
    "pl.nam_truoc.uoc_ca_nam": "nam_truoc",
    "pl.nam_truoc.thuc_hien": "nam_truoc",
    "pl.nguon_dia_phuong": "pham_vi",
    "pl.chua_co_so_lieu": "",
    "pl.chua_bao_cao": "",
    "pl.phoi_hop": "",
    "pl.van_ban_khac": "",
    "pl.tong_cong": "",
    "pl.y_kien.kq_noi_bat": "",
    "pl.y_kien.kho_khan": "",
    "pl.y_kien.kn_trung_uong": "",
    "pl.y_kien.kn_ubnd_tinh": "",
    "pl.y_kien.kn_so_nganh": "",
    "pl.y_kien.phuong_huong": "",
    "pl.y_kien.kiem_tra": "",
    "pl.kiem_tra_mot": "noi_dung ngay",
    "pl.dung_han": "",
    "pl.gui_cham": "so_ngay",
    "pl.chua_den_han": "",
    "pl.chua_gui": "",
}

TEXT_FIELDS = ("kq_noi_bat", "kho_khan", "kn_trung_uong", "kn_ubnd_tinh", "kn_so_nganh", "phuong_huong")


def _empty(f: Facts, keys: list[str]) -> list[dict[str, str]]:
    row = dict.fromkeys(keys, "")
    row[keys[1]] = f.say("pl.chua_co_so_lieu")
    row["nhom"] = ""
    row["tong"] = ""
    return [row]


def muc_tieu(f: Facts) -> list[dict[str, str]]:
    judge = f.c.plan.judge_on
    rows = []
    for i, t in enumerate(f.m.province, 1):
        uom = t.unit_of_measure
        if t.figure_source == "sum_local":
            source = f.say("pl.nguon_dia_phuong", pham_vi=f.scope(t.sources, t.suppliers))
        else:
            source = join(f.names([c.strip() for c in t.lead.split(",") if c.strip()]))
        rows.append(
            {
                "stt": str(i),
                "ten": t.name,
                "dvt": uom,
                "ke_hoach": plan_cell(f, t),
                "nam_truoc": value(t.previous_value, uom),
                "thuc_hien": value(t.actual, uom),
                "uoc": value(t.value, uom) if judge == "uoc_ca_nam" else "",
                "so_sanh": change(t.change, uom),
                "danh_gia": verdict_cell(f, t),
                "nguon": source,
            }
        )
    keys = ["stt", "ten", "dvt", "ke_hoach", "nam_truoc", "thuc_hien", "uoc", "so_sanh", "danh_gia", "nguon"]
    return rows or [{k: v for k, v in _empty(f, keys)[0].items() if k in keys}]


def van_ban(f: Facts) -> list[dict[str, str]]:
    """Grouped: a row per Phụ lục I document (``nhom``), then a row per unit (``ten`` empty); the
    units' own documents last (``ten`` set). A co-agency with no status is "Phối hợp"."""
    fields = ["stt", "don_vi", "ten", "so_ky_hieu", "ngay", "tinh_hinh", "ghi_chu"]
    order = {d.code: i for i, d in enumerate(f.c.documents)}
    names = {d.code: d.name for d in f.c.documents}
    co: dict[str, set[str]] = defaultdict(set)
    try:
        view = CatalogView.of(f.c, f.y)
        for d in f.c.documents:
            if view.applies(d):
                co[d.code] = set(view.co_agencies(d))
    except Exception:
        pass
    required: dict[str, list] = defaultdict(list)
    own = []
    for d in f.m.documents:
        (required[d.item] if d.item in order else own).append(d)

    def row(i: int, d, ten: str = "") -> dict[str, str]:
        status = d.status or (
            f.say("pl.phoi_hop") if d.unit in co.get(d.item, ()) else f.say("pl.chua_bao_cao")
        )
        return {"nhom": "", "stt": str(i), "don_vi": f.name(d.unit), "ten": ten, "so_ky_hieu": d.number,
                "ngay": ngay(d.date), "tinh_hinh": status, "ghi_chu": d.note}  # fmt: skip

    rows = []
    for code in sorted(required, key=order.__getitem__):
        docs = sorted(required[code], key=lambda d: (d.unit in co.get(code, ()), f.name(d.unit).casefold()))
        rows.append({**dict.fromkeys(fields, ""), "nhom": names.get(code) or docs[0].name})
        rows += [row(i, d) for i, d in enumerate(docs, 1)]
    if own:
        rows.append({**dict.fromkeys(fields, ""), "nhom": f.say("pl.van_ban_khac")})
        docs = sorted(own, key=lambda d: (f.name(d.unit).casefold(), d.name))
        rows += [row(i, d, d.name) for i, d in enumerate(docs, 1)]
    return rows or [{**_empty(f, fields)[0], "nhom": ""}]


def chuong_trinh(f: Facts) -> list[dict[str, str]]:
    """Grouped by programme (catalog order), the lead first; a Tổng cộng row of the money columns."""
    fields = ["stt", "don_vi", "vai_tro", "tinh_hinh", "ket_qua", "kp_ke_hoach", "kp_da_chi"]
    order = {p.code: i for i, p in enumerate(f.c.programmes)}
    by_item: dict[str, list] = defaultdict(list)
    for p in f.m.programmes:
        by_item[p.item].append(p)
    rows = []
    for code in sorted(by_item, key=lambda c: order.get(c, len(order))):
        ps = sorted(by_item[code], key=lambda p: (p.role != "lead", f.name(p.unit).casefold()))
        rows.append({**dict.fromkeys(fields, ""), "nhom": ps[0].name, "tong": ""})
        for i, p in enumerate(ps, 1):
            rows.append(
                {
                    "nhom": "",
                    "tong": "",
                    "stt": str(i),
                    "don_vi": f.name(p.unit),
                    "vai_tro": ROLE_LABEL.get(p.role, p.role),
                    "tinh_hinh": p.status or f.say("pl.chua_bao_cao"),
                    "ket_qua": p.result,
                    "kp_ke_hoach": so(p.planned),
                    "kp_da_chi": so(p.spent),
                }
            )
    planned = [p.planned for p in f.m.programmes if p.planned is not None]
    spent = [p.spent for p in f.m.programmes if p.spent is not None]
    if planned or spent:
        rows.append(
            {**dict.fromkeys(fields, ""), "nhom": "", "tong": "x", "don_vi": f.say("pl.tong_cong"),
             "kp_ke_hoach": so(sum(planned)) if planned else "", "kp_da_chi": so(sum(spent)) if spent else ""}
        )  # fmt: skip
    return rows or _empty(f, fields)


def y_kien(f: Facts) -> list[dict[str, str]]:
    """Phụ lục IV: every point the units made, by topic, with all the units that made it; then each
    unit's inspections in the period."""
    fields = ["stt", "noi_dung", "so", "don_vi"]
    rows = []
    for field in TEXT_FIELDS:
        pts = points(f, field)
        if not pts:
            continue
        rows.append({**dict.fromkeys(fields, ""), "nhom": f.say(f"pl.y_kien.{field}")})
        for i, p in enumerate(pts, 1):
            units = [f"{n} ({so(p.figures[n])} {p.word})" for n in p.units] if p.figures else p.units
            text = p.text if not p.figures else f"{p.text} ({so(p.total)} {p.word})"
            rows.append({"nhom": "", "stt": str(i), "noi_dung": text, "so": str(len(p.units)),
                         "don_vi": "; ".join(units)})  # fmt: skip
    done: dict[str, list] = defaultdict(list)
    for ins in f.m.inspections:
        if ins.in_period:
            done[ins.unit].append(ins)
    if done:
        rows.append({**dict.fromkeys(fields, ""), "nhom": f.say("pl.y_kien.kiem_tra")})
        for i, u in enumerate(sorted(done, key=lambda c: f.name(c).casefold()), 1):
            items = sorted(done[u], key=lambda x: x.date or dt.date.min)
            text = "; ".join(
                f.say("pl.kiem_tra_mot", noi_dung=x.subject or x.item, ngay=ngay(x.date)) for x in items
            )
            rows.append(
                {"nhom": "", "stt": str(i), "noi_dung": text, "so": str(len(items)), "don_vi": f.name(u)}
            )
    return rows or [{**_empty(f, fields)[0]}]


def gui_bao_cao(f: Facts) -> list[dict[str, str]]:
    comp = f.m.completeness
    received: dict[str, dt.datetime | None] = {u: e.received_at for u, e in f.accepted.items()}
    late = {x.unit: x for x in comp.late}
    rows = []
    for i, u in enumerate(sorted(comp.expected, key=lambda c: f.name(c).casefold()), 1):
        if u in late:
            st, day = f.say("pl.gui_cham", so_ngay=late[u].days_late), ngay(late[u].received_at)
        elif u in comp.on_time:
            st, day = f.say("pl.dung_han"), ngay(received.get(u))
        elif u in comp.not_yet_due:
            st, day = f.say("pl.chua_den_han"), ""
        else:
            st, day = f.say("pl.chua_gui"), ""
        rows.append({"stt": str(i), "don_vi": f.name(u), "ngay_nhan": day, "tinh_hinh": st, "ghi_chu": ""})
    keys = ["stt", "don_vi", "ngay_nhan", "tinh_hinh", "ghi_chu"]
    return rows or [{k: v for k, v in _empty(f, keys)[0].items() if k in keys}]
