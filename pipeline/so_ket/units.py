"""Units × years: each unit's own figures by year (its series stops at a reorganisation: a district's
in 2024, a commune's starts in 2025), and the reporting discipline of each obliged unit each year."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from pipeline.catalog.model import Catalog, FieldType, SectionLayout

if TYPE_CHECKING:
    from pipeline.so_ket.frames import Review

__all__ = ["discipline_frame", "discipline_years", "indicator_labels", "unit_frame"]

NUMERIC = (FieldType.count, FieldType.amount, FieldType.decimal, FieldType.ratio_part)


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
