"""The target series of the review: one row per (target, year) – plan, value, parts, verdict, coverage –
and one per target – the series, its trend, the last year's verdict against the last year's value,
the distance to the plan's horizon value (2030)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.catalog.model import Target
from pipeline.manifest import VERDICT_LABEL
from pipeline.so_ket.frames import JUDGED

if TYPE_CHECKING:
    from pipeline.so_ket.frames import Review

__all__ = ["meets", "target_frame", "target_summary"]


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
