"""Commendations of the review (KH 253 mục II.5: khen thưởng tập thể, cá nhân giai đoạn 2021-2025).

* **Proposals**: what the units wrote on the "Đề xuất khen thưởng" sheet of their forms (the catalog
  section ``khen_thuong``, on the 2025 forms): name, position or unit, achievement, the form of
  commendation proposed – read from the yearly manifests' values, with the file and cell they came
  from; a row without a name is not a proposal.
* **Suggestions from the data**, for the Sở to confirm: the units obliged to report in at least
  :data:`MIN_YEARS` years of the review that reported on time every one of those years, gave every
  target figure they were the source of, and met every target judged on their figure (a target
  the lead supplies: the province's verdict; one summed over local units: the unit's own figure
  against the year's value).
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from pipeline.so_ket.frames import JUDGED, Review
from pipeline.so_ket.series import meets

__all__ = ["FIELDS", "MIN_YEARS", "SECTION", "proposals_frame", "suggestions_frame"]

SECTION = "khen_thuong"  # the catalog section of the proposals (its key never changes once sent)
FIELDS = {
    "noi_dung": "ten",
    "khen_doi_tuong": "doi_tuong",
    "khen_chuc_vu": "chuc_vu",
    "khen_thanh_tich": "thanh_tich",
    "khen_hinh_thuc": "hinh_thuc",
}
MIN_YEARS = 3  # a unit suggested from the data reported at least this many years of the review
COLUMNS = [
    "year",
    "unit",
    "unit_name",
    "row",
    "ten",
    "doi_tuong",
    "chuc_vu",
    "thanh_tich",
    "hinh_thuc",
    "file",
    "sheet",
    "cell",
]


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v.value, str) and v.valid:
        return v.value.strip()
    return (v.raw or "").strip()


def proposals_frame(review: Review) -> pd.DataFrame:
    rows = []
    for y in review.years:
        m = review.m(y)
        by_row: dict[tuple[str, str], dict] = defaultdict(dict)
        for v in m.values:
            if v.section == SECTION and v.field in FIELDS:
                by_row[(v.unit, v.item)][v.field] = v
        for (unit, item), f in sorted(by_row.items()):
            name = _text(f.get("noi_dung"))
            if not name:
                continue
            where = f.get("noi_dung")
            row = {
                "year": y,
                "unit": unit,
                "unit_name": m.units.get(unit, review.names.get(unit, unit)),
                "row": item,
                "file": where.file,
                "sheet": where.sheet,
                "cell": where.cell,
            }
            for key, col in FIELDS.items():
                row[col] = _text(f.get(key))
            rows.append(row)
    df = pd.DataFrame(rows, columns=COLUMNS)
    if df.empty:
        return df
    df["_order"] = df["unit_name"].str.casefold()
    return (
        df.sort_values(["year", "_order", "row"], kind="stable").drop(columns="_order").reset_index(drop=True)
    )


def _unit_value(review: Review, unit: str, year: int, item: str) -> float | None:
    u = review.units
    hit = u[(u["unit"] == unit) & (u["year"] == year) & (u["indicator"] == item)]
    return float(hit["value"].iloc[0]) if len(hit) else None


def suggestions_frame(review: Review) -> pd.DataFrame:
    """Units the data suggest (see the module's docstring), most years first, then by name."""
    cols = ["unit", "name", "years", "n_years", "met", "supplied"]
    disc = review.discipline
    if disc.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for unit, g in disc.groupby("unit", sort=False):
        years = sorted(int(y) for y in g["year"])
        if len(years) < MIN_YEARS or (g["status"] != "dung_han").any():
            continue
        met: dict[str, list[int]] = defaultdict(list)  # target name → years met on the unit's figure
        supplied: set[str] = set()
        ok = True
        for y in years:
            for t in review.m(y).province:
                if unit not in t.suppliers:
                    continue
                if unit in t.missing_sources or unit in t.excluded:
                    ok = False  # a figure it owed was missing or wrong
                    break
                supplied.add(t.name)
                if not t.due or t.verdict not in JUDGED:
                    continue
                if t.figure_source == "lead":
                    good = t.verdict in ("vuot", "dat")
                else:
                    good = bool(meets(_unit_value(review, unit, y, t.item), t.target, t.direction))
                if not good:
                    ok = False
                    break
                met[t.name].append(y)
            if not ok:
                break
        if not ok:
            continue
        rows.append(
            {
                "unit": unit,
                "name": review.names.get(unit, unit),
                "years": years,
                "n_years": len(years),
                "met": dict(met),
                "supplied": sorted(n for n in supplied if n not in met),
            }
        )
    df = pd.DataFrame(rows, columns=cols)
    if df.empty:
        return df
    df["_order"] = df["name"].str.casefold()
    df["_n"] = -df["n_years"]
    return (
        df.sort_values(["_n", "_order"], kind="stable").drop(columns=["_order", "_n"]).reset_index(drop=True)
    )
