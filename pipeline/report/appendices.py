"""The rows of the appendix tables (Phụ lục I–V). Codes stay out (names only); lead rows come
before co-agency rows; a Tổng cộng row where a column adds up; a row ``nhom`` set is a group title.

I   mục tiêu, chỉ tiêu          – the plan column never blank, missing data with who owes it
II  văn bản (grouped by Phụ lục I document, the units' own last)
III chương trình, đề án, dự án  – grouped by programme, lead first, Tổng cộng of the money
IV  ý kiến của các đơn vị and the inspections (Sở Nội vụ variant): the full lists behind the body
V   tình hình gửi báo cáo (Sở Nội vụ variant)

A group of more units than :data:`~pipeline.report.unit_lists.MAX_LISTED` (national size) is one row
with how many and where the full list is, a cell of more than ``MAX_NAMES_IN_CELL`` names the count
and where (:mod:`pipeline.report.unit_lists`); smaller groups stay named.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pipeline.catalog.labels import ROLE_LABEL
from pipeline.catalog.query import CatalogView
from pipeline.report import unit_lists
from pipeline.report.facts import Facts
from pipeline.report.sections.points import points
from pipeline.report.sections.targets import plan_cell, verdict_cell
from pipeline.report.unit_lists import count, date_span, too_many, where
from pipeline.report.writing import change, join, so, value
from pipeline.vn import ngay
from pipeline.writers.labels import SHEET_DETAIL, SHEET_DOCUMENTS, SHEET_REPORTING

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

    def status(d) -> str:
        return d.status or (
            f.say("pl.phoi_hop") if d.unit in co.get(d.item, ()) else f.say("pl.chua_bao_cao")
        )

    def row(i: int, d, ten: str = "") -> dict[str, str]:
        return {"nhom": "", "stt": str(i), "don_vi": f.name(d.unit), "ten": ten, "so_ky_hieu": d.number,
                "ngay": ngay(d.date), "tinh_hinh": status(d), "ghi_chu": d.note}  # fmt: skip

    def listed(docs: list, own_docs: bool = False) -> list[dict[str, str]]:
        """A row per document; a status more than MAX_LISTED units share: one row counting them."""
        by_status: dict[str, list] = defaultdict(list)
        for d in docs:
            by_status[status(d)].append(d)
        named = [d for d in docs if not too_many(len(by_status[status(d)]))]
        out = [row(i, d, d.name if own_docs else "") for i, d in enumerate(named, 1)]
        for st, ds in sorted(by_status.items(), key=lambda kv: -len(kv[1])):
            if too_many(len(ds)):
                who = count(f, {d.unit for d in ds})
                if own_docs:
                    who = f.say("pl.so_van_ban", so_van_ban=so(len(ds)), so_don_vi=who)
                out.append({**dict.fromkeys(fields, ""), "nhom": "", "don_vi": who, "tinh_hinh": st,
                            "ghi_chu": where(f, SHEET_DOCUMENTS)})  # fmt: skip
        return out

    rows = []
    for code in sorted(required, key=order.__getitem__):
        docs = sorted(required[code], key=lambda d: (d.unit in co.get(code, ()), f.name(d.unit).casefold()))
        rows.append({**dict.fromkeys(fields, ""), "nhom": names.get(code) or docs[0].name})
        rows += listed(docs)
    if own:
        rows.append({**dict.fromkeys(fields, ""), "nhom": f.say("pl.van_ban_khac")})
        rows += listed(sorted(own, key=lambda d: (f.name(d.unit).casefold(), d.name)), own_docs=True)
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
        for i, p in enumerate(pts[: unit_lists.MAX_LISTED], 1):
            if unit_lists.too_many_names(len(p.units)):
                who = where(f, SHEET_DETAIL)
            else:
                who = "; ".join(
                    [f"{n} ({so(p.figures[n])} {p.word})" for n in p.units] if p.figures else p.units
                )
            text = p.text if not p.figures else f"{p.text} ({so(p.total)} {p.word})"
            rows.append({"nhom": "", "stt": str(i), "noi_dung": text, "so": so(len(p.units)), "don_vi": who})
        if too_many(len(pts)):  # the most shared are listed; the others counted
            rest = pts[unit_lists.MAX_LISTED :]
            text = f.say("pl.y_kien_khac", so=so(len(rest)))
            n_units = so(len({n for p in rest for n in p.units}))
            rows.append(
                {"nhom": "", "stt": "", "noi_dung": text, "so": n_units, "don_vi": where(f, SHEET_DETAIL)}
            )
    done: dict[str, list] = defaultdict(list)
    for ins in f.m.inspections:
        if ins.in_period:
            done[ins.unit].append(ins)
    if done:
        rows.append({**dict.fromkeys(fields, ""), "nhom": f.say("pl.y_kien.kiem_tra")})
        if too_many(len(done)):
            text = f.say("pl.kiem_tra_cac_don_vi", so_don_vi=count(f, done))
            n = so(sum(map(len, done.values())))
            rows.append({"nhom": "", "stt": "", "noi_dung": text, "so": n, "don_vi": where(f, SHEET_DETAIL)})
            return rows
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
    """Phụ lục V: every unit asked, by name, with the day its report came and how. When more than
    MAX_LISTED units share a status (national size): by status – not sent, late, not yet due, on time –
    each status named when not more than MAX_LISTED units, else one row counting them with where the
    list is."""
    comp = f.m.completeness
    received: dict[str, dt.datetime | None] = {u: e.received_at for u, e in f.accepted.items()}
    late = {x.unit: x for x in comp.late}
    on_time, not_yet_due = set(comp.on_time), set(comp.not_yet_due)

    def kind(u: str) -> str:
        if u in late:
            return "gui_cham"
        if u in on_time:
            return "dung_han"
        return "chua_den_han" if u in not_yet_due else "chua_gui"

    def day(u: str) -> dt.datetime | None:
        return late[u].received_at if u in late else received.get(u) if u in on_time else None

    def status(u: str) -> str:
        k = kind(u)
        return f.say("pl.gui_cham", so_ngay=late[u].days_late) if k == "gui_cham" else f.say(f"pl.{k}")

    def row(i: int, u: str) -> dict[str, str]:
        return {
            "stt": str(i),
            "don_vi": f.name(u),
            "ngay_nhan": ngay(day(u)),
            "tinh_hinh": status(u),
            "ghi_chu": "",
        }

    units = sorted(comp.expected, key=lambda c: f.name(c).casefold())
    keys = ["stt", "don_vi", "ngay_nhan", "tinh_hinh", "ghi_chu"]
    if not units:
        return [{k: v for k, v in _empty(f, keys)[0].items() if k in keys}]
    by_kind: dict[str, list[str]] = defaultdict(list)
    for u in units:
        by_kind[kind(u)].append(u)
    if not any(too_many(len(us)) for us in by_kind.values()):
        return [row(i, u) for i, u in enumerate(units, 1)]
    rows: list[dict[str, str]] = []
    named = 0
    for k in ("chua_gui", "gui_cham", "chua_den_han", "dung_han"):
        us = by_kind.get(k, [])
        if not too_many(len(us)):
            rows += [row(named + i, u) for i, u in enumerate(us, 1)]
            named += len(us)
            continue
        if k == "gui_cham":
            days = sorted(late[u].days_late for u in us)
            st = f.say("pl.gui_cham_khoang", tu=days[0], den=days[-1])
        else:
            st = f.say(f"pl.{k}")
        rows.append({"stt": "", "don_vi": count(f, us), "ngay_nhan": date_span(f, map(day, us)),
                     "tinh_hinh": st, "ghi_chu": where(f, SHEET_REPORTING)})  # fmt: skip
    return rows
