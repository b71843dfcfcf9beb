"""The review's tables: :class:`Review` holds them, :func:`build_review` builds them with pandas from the
yearly manifests alone (``pipeline/so_ket/{series,cumulative,units}.py``).

Every number is one a yearly manifest holds (a province target's value, numerator and denominator; a
total of a field; a count of dated facts of the year's reporting period), or a sum of them over the
years (lũy kế = the sum of the yearly period counts: periods do not overlap, so nothing is counted
twice). Nothing is read from the forms again.

pandas is the declared tool for these pivots and running sums; the frames are small (five years).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from pipeline.catalog.model import Catalog
from pipeline.catalog.query import CatalogView
from pipeline.manifest import Manifest
from pipeline.so_ket.sources import YearSource

__all__ = ["JUDGED", "Review", "build_review"]

JUDGED = ("vuot", "dat", "chua_dat")


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


def build_review(catalog: Catalog, sources: dict[int, YearSource]) -> Review:
    from pipeline.so_ket.commendation import proposals_frame, suggestions_frame
    from pipeline.so_ket.cumulative import (
        documents_frame,
        flows_frame,
        funding_frame,
        programme_frame,
        stocks_frame,
    )
    from pipeline.so_ket.series import target_frame, target_summary
    from pipeline.so_ket.units import discipline_frame, discipline_years, unit_frame

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
