"""Lũy kế: by year, with the running sum where a figure is a count of the year – documents issued in
the period (by Phụ lục I document too), propaganda, inspections, dialogues, trainings; the money by
source and the programmes' budgets; figures of a moment (youths, staff) by year, never added up."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from pipeline.catalog.model import FieldType, SectionLayout
from pipeline.consolidate.facts import ISSUED
from pipeline.manifest import Manifest

if TYPE_CHECKING:
    from pipeline.so_ket.frames import Review

__all__ = [
    "FLOWS",
    "STOCKS",
    "documents_frame",
    "flows_frame",
    "funding_frame",
    "programme_frame",
    "stocks_frame",
]

#: yearly counts of the period (said with lũy kế): key → (label, unit of measure, where it comes from)
FLOWS: dict[str, tuple[str, str]] = {
    "van_ban": ("Văn bản triển khai ban hành trong kỳ báo cáo", "văn bản"),
    "tt_so_cuoc": ("Cuộc tuyên truyền, phổ biến", "cuộc"),
    "tt_so_luot_nguoi": ("Lượt người tham dự tuyên truyền", "lượt người"),
    "tt_so_tin_bai": ("Tin, bài đã đăng", "tin bài"),
    "kiem_tra": ("Cuộc kiểm tra trong kỳ báo cáo", "cuộc"),
    "doi_thoai": ("Lượt địa phương tổ chức đối thoại với thanh niên trong kỳ", "lượt"),
    "dt_so_thanh_nien": ("Thanh niên tham dự đối thoại", "người"),
    "dt_so_kien_nghi": ("Ý kiến, kiến nghị của thanh niên tại đối thoại", "ý kiến"),
    "dt_so_da_tra_loi": ("Ý kiến đã được trả lời, giải quyết", "ý kiến"),
    "dn_boi_duong": ("Lượt công chức được tập huấn, bồi dưỡng", "lượt người"),
}
#: figures of a moment (not added over the years)
STOCKS: dict[str, tuple[str, str]] = {
    "tn_tong_so": ("Tổng số thanh niên (16-30 tuổi) theo báo cáo của các địa phương", "người"),
    "tn_nu": ("Trong đó: thanh niên nữ", "người"),
    "tn_dan_toc_thieu_so": ("Trong đó: thanh niên người dân tộc thiểu số", "người"),
    "dn_chuyen_trach": ("Công chức làm công tác thanh niên chuyên trách", "người"),
    "dn_kiem_nhiem": ("Công chức làm công tác thanh niên kiêm nhiệm", "người"),
}
FOLDED = "kp_long_ghep"  # "lồng ghép, không tách riêng được" (a choice, counted as units)


def documents_frame(review: Review) -> tuple[pd.DataFrame, pd.DataFrame]:
    """By year: documents issued inside the year's period (Phụ lục I / the units' own / total) and
    lũy kế; by Phụ lục I document and year: how many units issued it in that year's period."""
    plan_docs = {d.code: d.name for d in review.catalog.documents}
    rows = []
    for y in review.years:
        for d in review.m(y).documents:
            if d.status == ISSUED and d.in_period:
                rows.append({"year": y, "item": d.item if d.item in plan_docs else "", "unit": d.unit})
    df = pd.DataFrame(rows, columns=["year", "item", "unit"])
    years = pd.Index(review.years, name="year")
    by_year = pd.DataFrame(
        {
            "phu_luc": df[df["item"] != ""].groupby("year").size().reindex(years, fill_value=0),
            "khac": df[df["item"] == ""].groupby("year").size().reindex(years, fill_value=0),
        }
    )
    by_year["tong"] = by_year["phu_luc"] + by_year["khac"]
    by_year["luy_ke"] = by_year["tong"].cumsum()
    by_item = (
        df.assign(name=df["item"].map(plan_docs).fillna("Văn bản khác của các cơ quan, đơn vị, địa phương"))
        .pivot_table(index="name", columns="year", values="unit", aggfunc="count", fill_value=0)
        .reindex(columns=review.years, fill_value=0)
    )
    order = {
        n: i for i, n in enumerate([*plan_docs.values(), "Văn bản khác của các cơ quan, đơn vị, địa phương"])
    }
    by_item = by_item.loc[sorted(by_item.index, key=lambda n: order.get(n, len(order)))]
    by_item["tong"] = by_item.sum(axis=1)
    return by_year.reset_index(), by_item


def _coverage(m: Manifest, key: str) -> tuple[int, int]:
    c = m.totals.coverage.get(key)
    if c is None:
        n = m.totals.units_by_field.get(key, 0)
        return n, n
    return len(c.answered) + len(c.requested_answered), len(c.expected) + len(c.requested_answered)


def flows_frame(review: Review) -> pd.DataFrame:
    """One row per (figure, year): the year's count, who gave it (answered/asked), and lũy kế."""
    rows = []
    for y in review.years:
        m = review.m(y)
        for key, (label, uom) in FLOWS.items():
            if key == "van_ban":
                value, got, asked = m.figures.documents_in_period, None, None
            elif key == "kiem_tra":
                value, got, asked = m.figures.inspections_in_period, None, None
            elif key == "doi_thoai":
                value = m.figures.dialogues_held
                got, asked = _coverage(m, "dt_da_to_chuc")
            else:
                value = m.totals.by_field.get(key)
                got, asked = _coverage(m, key)
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "uom": uom,
                    "year": y,
                    "value": value,
                    "answered": got,
                    "asked": asked,
                }
            )
    df = pd.DataFrame(rows)
    df["luy_ke"] = df.groupby("key", sort=False)["value"].transform(lambda s: s.fillna(0).cumsum())
    df["order"] = df["key"].map({k: i for i, k in enumerate(FLOWS)})
    return df.sort_values(["order", "year"], kind="stable").reset_index(drop=True)


def stocks_frame(review: Review) -> pd.DataFrame:
    rows = []
    for y in review.years:
        m = review.m(y)
        for key, (label, uom) in STOCKS.items():
            got, asked = _coverage(m, key)
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "uom": uom,
                    "year": y,
                    "value": m.totals.by_field.get(key),
                    "answered": got,
                    "asked": asked,
                }
            )
    df = pd.DataFrame(rows)
    df["order"] = df["key"].map({k: i for i, k in enumerate(STOCKS)})
    return df.sort_values(["order", "year"], kind="stable").reset_index(drop=True)


def funding_frame(review: Review) -> pd.DataFrame:
    """One row per (source, year): the units' funds by source (the Kinh phí sheet), the programmes'
    budgets (Phụ lục III, never added to the former), the units that could not separate theirs."""
    sources = [
        (f.key, f.label)
        for s in review.catalog.sections
        if s.layout == SectionLayout.fields
        for f in s.fields
        if f.type == FieldType.amount
    ]
    rows = []
    for y in review.years:
        m = review.m(y)
        for key, label in sources:
            got, asked = _coverage(m, key)
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "kind": "nguon",
                    "year": y,
                    "value": m.totals.by_field.get(key),
                    "answered": got,
                    "asked": asked,
                }
            )
        planned = [p.planned for p in m.programmes if p.planned is not None]
        spent = [p.spent for p in m.programmes if p.spent is not None]
        rows.append(
            {
                "key": "da_ke_hoach",
                "label": "Kinh phí kế hoạch các chương trình, đề án, dự án",
                "kind": "chuong_trinh",
                "year": y,
                "value": sum(planned) if planned else None,
                "answered": len(planned),
                "asked": len(m.programmes),
            }
        )
        rows.append(
            {
                "key": "da_da_chi",
                "label": "Kinh phí đã thực hiện các chương trình, đề án, dự án",
                "kind": "chuong_trinh",
                "year": y,
                "value": sum(spent) if spent else None,
                "answered": len(spent),
                "asked": len(m.programmes),
            }
        )
        folded = {v.unit for v in m.values if v.field == FOLDED and v.valid and v.value == "Có"}
        rows.append(
            {
                "key": FOLDED,
                "label": "Đơn vị báo cáo kinh phí lồng ghép, không tách riêng được",
                "kind": "long_ghep",
                "year": y,
                "value": float(len(folded)),
                "answered": None,
                "asked": None,
            }
        )
    df = pd.DataFrame(rows)
    money = df["kind"] != "long_ghep"
    df["luy_ke"] = None
    df.loc[money, "luy_ke"] = (
        df[money].groupby("key", sort=False)["value"].transform(lambda s: s.fillna(0).cumsum())
    )
    return df


def programme_frame(review: Review) -> pd.DataFrame:
    """One row per (programme, year): its lead's status, the money of every unit on it."""
    order = {p.code: i for i, p in enumerate(review.catalog.programmes)}
    rows = []
    for y in review.years:
        by_item: dict[str, list] = {}
        for p in review.m(y).programmes:
            by_item.setdefault(p.item, []).append(p)
        for item, ps in by_item.items():
            lead = next((p for p in ps if p.role == "lead"), None)
            planned = [p.planned for p in ps if p.planned is not None]
            spent = [p.spent for p in ps if p.spent is not None]
            rows.append(
                {
                    "item": item,
                    "order": order.get(item, len(order)),
                    "name": ps[0].name,
                    "year": y,
                    "lead": lead.unit if lead else "",
                    "status": (lead.status if lead else None) or "",
                    "result": lead.result if lead else "",
                    "planned": sum(planned) if planned else None,
                    "spent": sum(spent) if spent else None,
                    "units": len(ps),
                }
            )
    df = pd.DataFrame(
        rows,
        columns=["item", "order", "name", "year", "lead", "status", "result", "planned", "spent", "units"],
    )
    return df.sort_values(["order", "year"], kind="stable").reset_index(drop=True)
