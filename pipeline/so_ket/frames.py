"""The review's multi-year tables, built with pandas from the yearly manifests alone.

Every number here is one a yearly manifest holds (a province target's value, numerator and
denominator; a total of a field; a count of dated facts of the year's reporting period), or a sum of
them over the years (lũy kế = the sum of the yearly period counts: periods do not overlap, so nothing
is counted twice). Nothing is read from the forms again.

* :func:`target_frame` – one row per (target, year): plan, value, parts, verdict, coverage;
  :func:`target_summary` – one row per target: the series, the trend, the last year's verdict
  against the last year's value, the distance to the plan's horizon value (2030);
* :func:`unit_frame` – one row per (unit, year, indicator), for the units × years view (a unit's
  series stops at a reorganisation: a district's in 2024, a commune's starts in 2025);
* :func:`documents_frame`, :func:`flows_frame`, :func:`stocks_frame`, :func:`funding_frame`,
  :func:`programme_frame` – by year, with lũy kế where a figure is a count of the year;
* :func:`discipline_frame` / :func:`discipline_years` – who reported, on time, late, not at all.

pandas is the declared tool for these pivots and running sums; the frames are small (five years).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from pipeline.catalog.model import Catalog, FieldType, SectionLayout, Target
from pipeline.catalog.query import CatalogView
from pipeline.consolidate.facts import ISSUED
from pipeline.manifest import VERDICT_LABEL, Manifest
from pipeline.so_ket.sources import YearSource

__all__ = ["JUDGED", "Review", "build_review"]

JUDGED = ("vuot", "dat", "chua_dat")
NUMERIC = (FieldType.count, FieldType.amount, FieldType.decimal, FieldType.ratio_part)
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


@dataclass
class Review:
    """Everything the review's workbook and report say, as tables."""

    catalog: Catalog
    years: list[int]
    sources: dict[int, YearSource]
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    units: pd.DataFrame = field(default_factory=pd.DataFrame)
    documents: pd.DataFrame = field(default_factory=pd.DataFrame)
    documents_by_item: pd.DataFrame = field(default_factory=pd.DataFrame)
    flows: pd.DataFrame = field(default_factory=pd.DataFrame)
    stocks: pd.DataFrame = field(default_factory=pd.DataFrame)
    funding: pd.DataFrame = field(default_factory=pd.DataFrame)
    programmes: pd.DataFrame = field(default_factory=pd.DataFrame)
    discipline: pd.DataFrame = field(default_factory=pd.DataFrame)
    discipline_years: pd.DataFrame = field(default_factory=pd.DataFrame)
    proposals: pd.DataFrame = field(default_factory=pd.DataFrame)
    suggestions: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def first(self) -> int:
        return self.years[0]

    @property
    def last(self) -> int:
        return self.years[-1]

    def m(self, year: int) -> Manifest:
        return self.sources[year].manifest

    @property
    def last_m(self) -> Manifest:
        return self.m(self.last)

    @property
    def sample(self) -> bool:
        return any(s.manifest.sample_data for s in self.sources.values())

    @cached_property
    def views(self) -> dict[int, CatalogView]:
        return {y: CatalogView(self.catalog, y) for y in self.years}

    @cached_property
    def names(self) -> dict[str, str]:
        """Unit code → name (the latest year that names it; the catalog otherwise)."""
        out = {u.code: u.name for u in self.catalog.units}
        for y in self.years:
            out.update(self.m(y).units)
        return out

    @property
    def horizon(self) -> int:
        return self.catalog.plan.horizon


# --------------------------------------------------------------------------- targets


def _plan_note(t, end_year: int | None) -> str:
    if t.reference:
        return "tham_khao"
    if t.target is None:
        return "chua_giao"
    return ""


def target_frame(review: Review) -> pd.DataFrame:
    order = {t.code: i for i, t in enumerate(review.catalog.targets)}
    rows = []
    for y in review.years:
        for t in review.m(y).province:
            rows.append(
                {
                    "item": t.item,
                    "order": order.get(t.item, len(order)),
                    "name": t.name,
                    "group": t.group,
                    "uom": t.unit_of_measure,
                    "measure": t.measure,
                    "direction": t.direction,
                    "figure_source": t.figure_source,
                    "year": y,
                    "plan": t.target,
                    "plan_note": _plan_note(t, t.target_end_year),
                    "value": t.value,
                    "actual": t.actual,
                    "numerator": t.numerator,
                    "denominator": t.denominator,
                    "verdict": t.verdict,
                    "verdict_label": VERDICT_LABEL.get(t.verdict, t.verdict),
                    "due": t.due,
                    "sources": list(t.sources),
                    "suppliers": list(t.suppliers),
                    "n_sources": len(t.sources),
                    "n_suppliers": len(t.suppliers),
                }
            )
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    return df.sort_values(["order", "year"], kind="stable").reset_index(drop=True)


def meets(value: float | None, goal: float | None, direction: str) -> bool | None:
    """Whether ``value`` reaches ``goal`` in the target's direction ("trên" is strict)."""
    if value is None or goal is None or pd.isna(value) or pd.isna(goal):
        return None
    return {
        ">=": value >= goal - 1e-9,
        ">": value > goal + 1e-9,
        "<=": value <= goal + 1e-9,
        "<": value < goal - 1e-9,
    }[direction]


def _trend(values: list[float], direction: str) -> tuple[str, bool | None]:
    """(trend key, whether it moves the right way) of a series in year order."""
    if len(values) < 2:
        return "chua_du", None
    steps = [b - a for a, b in itertools.pairwise(values)]
    net = values[-1] - values[0]
    if abs(net) < 1e-9 and all(abs(s) < 1e-9 for s in steps):
        return "khong_doi", None
    if net > 0:
        key = "tang_deu" if all(s > 1e-9 for s in steps) else "tang"
    elif net < 0:
        key = "giam_deu" if all(s < -1e-9 for s in steps) else "giam"
    else:
        key = "dao_dong"
    good = None if key == "dao_dong" else (net > 0) == (direction in (">=", ">"))
    return key, good


def target_summary(review: Review, df: pd.DataFrame) -> pd.DataFrame:
    """One row per target: the series by year, trend, last year's plan and verdict, the horizon value
    and the distance to it (points for a %, in its unit otherwise; > 0 = still to go)."""
    if df.empty:
        return pd.DataFrame()
    by_code = {t.code: t for t in review.catalog.targets}
    series = df.pivot_table(index="item", columns="year", values="value", aggfunc="first", dropna=False)
    rows = []
    for item, g in df.groupby("item", sort=False):
        g = g.sort_values("year")
        last = g.iloc[-1]
        have = g.dropna(subset=["value"])
        values = [float(v) for v in have["value"]]
        trend, good = _trend(values, last["direction"])
        t: Target | None = by_code.get(item)
        horizon = review.horizon
        goal = t.end_values.get(horizon) if t is not None else None
        last_value = values[-1] if values else None
        distance = None
        if goal is not None and last_value is not None:
            distance = goal - last_value if last["direction"] in (">=", ">") else last_value - goal
        rows.append(
            {
                "item": item,
                "order": last["order"],
                "name": last["name"],
                "group": last["group"],
                "uom": last["uom"],
                "direction": last["direction"],
                "figure_source": last["figure_source"],
                "values": {
                    int(y): (None if pd.isna(v) else float(v))
                    for y, v in series.reindex(index=[item], columns=review.years).iloc[0].items()
                },
                "first_year": int(have["year"].iloc[0]) if len(have) else None,
                "first_value": values[0] if values else None,
                "last_year": int(have["year"].iloc[-1]) if len(have) else None,
                "last_value": last_value,
                "change": values[-1] - values[0] if len(values) > 1 else None,
                "trend": trend,
                "improving": good,
                "plan_last": None if pd.isna(last["plan"]) else float(last["plan"]),
                "plan_note_last": last["plan_note"],
                "verdict_last": last["verdict"],
                "verdict_label_last": last["verdict_label"],
                "due_last": bool(last["due"]),
                "goal_end": goal,
                "end_year": horizon if goal is not None else None,
                "distance_end": distance,
                "reached_end": meets(last_value, goal, last["direction"]),
                "n_sources_last": int(last["n_sources"]),
                "n_suppliers_last": int(last["n_suppliers"]),
                "years_judged": [int(y) for y, v in zip(g["year"], g["verdict"], strict=True) if v in JUDGED],
                "years_met": [
                    int(y) for y, v in zip(g["year"], g["verdict"], strict=True) if v in ("vuot", "dat")
                ],
            }
        )
    # object columns: a figure that does not exist stays None (not NaN) for the writers
    return pd.DataFrame(rows, dtype=object).sort_values("order", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- units × years


def indicator_labels(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Field key → (label, unit of measure) of the numeric fields of ``fields`` sections."""
    return {
        f.key: (f.label, f.unit_of_measure)
        for s in catalog.sections
        if s.layout == SectionLayout.fields
        for f in s.fields
        if f.type in NUMERIC
    }


def unit_frame(review: Review) -> pd.DataFrame:
    """(unit, year, indicator) → the unit's own valid figure: the numeric fields, then the figure of
    each target whose province value it supplied that year (a ratio: its parts in the judged column)."""
    labels = indicator_labels(review.catalog)
    judge = review.catalog.plan.judge_on
    field_order = {k: i for i, k in enumerate(labels)}
    target_order = {t.code: 1000 + i for i, t in enumerate(review.catalog.targets)}
    rows = []
    for y in review.years:
        m = review.m(y)
        parts: dict[tuple[str, str], dict[str, float]] = {}
        for v in m.values:
            if not v.valid or isinstance(v.value, str | bool) or v.value is None:
                continue
            if v.item == "" and v.field in labels:
                label, uom = labels[v.field]
                rows.append(
                    {
                        "unit": v.unit,
                        "year": y,
                        "indicator": v.field,
                        "label": label,
                        "uom": uom,
                        "value": float(v.value),
                        "order": field_order[v.field],
                    }
                )
            elif v.item in target_order and v.field == judge:
                parts.setdefault((v.unit, v.item), {})[v.part] = float(v.value)
        for t in m.province:
            for u in t.sources:
                got = parts.get((u, t.item), {})
                if t.measure == "ratio":
                    num, den = got.get("tu_so"), got.get("mau_so")
                    value = 100 * num / den if num is not None and den else None
                else:
                    value = got.get("")
                if value is None:
                    continue
                rows.append(
                    {
                        "unit": u,
                        "year": y,
                        "indicator": t.item,
                        "label": t.name,
                        "uom": t.unit_of_measure,
                        "value": value,
                        "order": target_order[t.item],
                    }
                )
    df = pd.DataFrame(rows, columns=["unit", "year", "indicator", "label", "uom", "value", "order"])
    return df.sort_values(["unit", "year", "order"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- lũy kế


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


# --------------------------------------------------------------------------- reporting discipline


def discipline_frame(review: Review) -> pd.DataFrame:
    """One row per (obliged unit, year): dung_han / gui_cham (days) / chua_gui / chua_den_han."""
    rows = []
    for y in review.years:
        c = review.m(y).completeness
        late = {x.unit: x.days_late for x in c.late}
        on_time, not_due = set(c.on_time), set(c.not_yet_due)
        for u in c.expected:
            status = (
                "gui_cham"
                if u in late
                else "dung_han"
                if u in on_time
                else "chua_den_han"
                if u in not_due
                else "chua_gui"
            )
            rows.append({"unit": u, "year": y, "status": status, "days_late": late.get(u, 0)})
    return pd.DataFrame(rows, columns=["unit", "year", "status", "days_late"])


def discipline_years(review: Review) -> pd.DataFrame:
    rows = []
    for y in review.years:
        c = review.m(y).completeness
        n = len(c.expected)
        rows.append(
            {
                "year": y,
                "expected": n,
                "received": len(c.received),
                "on_time": len(c.on_time),
                "late": len(c.late),
                "missing": len(c.missing),
                "not_yet_due": len(c.not_yet_due),
                "rate": c.reporting_rate
                if c.reporting_rate is not None
                else (100 * len(c.received) / n if n else None),
                "on_time_rate": c.on_time_rate
                if c.on_time_rate is not None
                else (100 * len(c.on_time) / n if n else None),
                "requested": len(c.requested),
                "requested_received": len(c.requested_received),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- all of it


def build_review(catalog: Catalog, sources: dict[int, YearSource]) -> Review:
    from pipeline.so_ket.commendation import proposals_frame, suggestions_frame

    years = sorted(sources)
    r = Review(catalog=catalog, years=years, sources=sources)
    r.targets = target_frame(r)
    r.summary = target_summary(r, r.targets)
    r.units = unit_frame(r)
    r.documents, r.documents_by_item = documents_frame(r)
    r.flows = flows_frame(r)
    r.stocks = stocks_frame(r)
    r.funding = funding_frame(r)
    r.programmes = programme_frame(r)
    r.discipline = discipline_frame(r)
    r.discipline_years = discipline_years(r)
    r.proposals = proposals_frame(r)
    r.suggestions = suggestions_frame(r)
    return r
