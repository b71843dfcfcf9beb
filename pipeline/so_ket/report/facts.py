"""What a section of the review's report knows: the review's tables, the catalog, the variant and
the Sở's phrases (``templates/cau-chu-so-ket.txt``).

The yearly report's figure-honesty helpers are reused, not copied: each year is seen through a
:class:`pipeline.report.facts.Facts` of its own manifest (who a unit is, "29/33 cơ quan, đơn vị, địa
phương", short lists of names, the UBND tỉnh variant counting where the Sở Nội vụ one names), and a
target's plan cell and direction words are those of :mod:`pipeline.report.sections.targets`. What is
new here is said over the years: a series, a trend, a lũy kế, the years a total is incomplete.
"""

from __future__ import annotations

from functools import cached_property

from pipeline.catalog.model import ReportVariant
from pipeline.report.facts import Facts
from pipeline.report.sections.opening import full_issuer
from pipeline.report.writing import join, so, value_uom
from pipeline.so_ket.frames import Review
from pipeline.vn import so_vn
from pipeline.wording import Phrases

#: phrases the helpers below use (key → placeholders)
PHRASES = {
    "chung.nam": "nam gia_tri",
    "chung.luy_ke_thieu_nam": "danh_sach",
    "chung.pham_vi_nam": "nam pham_vi",
    "chung.chua_du_don_vi": "danh_sach",
    "xu_huong.tang_deu": "muc",
    "xu_huong.tang": "muc",
    "xu_huong.giam_deu": "muc",
    "xu_huong.giam": "muc",
    "xu_huong.khong_doi": "",
    "xu_huong.dao_dong": "",
    "khoang_cach.con": "muc nam",
    "khoang_cach.dat": "nam",
}


class ReviewFacts:
    """The review seen by the report: ``say``, names, per-year :class:`Facts`, series in words."""

    def __init__(self, review: Review, variant: ReportVariant, phrases: Phrases):
        self.r = review
        self.c = review.catalog
        self.v = variant
        self.p = phrases
        self.details = variant.includes_reporting_details  # the Sở Nội vụ variant names units
        self.years = review.years
        self.first, self.last = review.first, review.last

    def say(self, key: str, **values: object) -> str:
        return self.p.say(key, **values)

    # ----------------------------------------------------------------- per year
    @cached_property
    def _facts(self) -> dict[int, Facts]:
        return {y: Facts(self.r.m(y), self.c, self.v, self.p) for y in self.years}

    def year(self, y: int) -> Facts:
        return self._facts[y]

    @property
    def now(self) -> Facts:
        """The last year's :class:`Facts` (names, groups, short lists)."""
        return self._facts[self.last]

    @property
    def issuer(self) -> str:
        return full_issuer(self.now)

    @property
    def period(self) -> str:
        return f"{self.first}-{self.last}"

    @property
    def plan_period(self) -> str:
        p = self.c.plan
        return f"{p.period_start}-{p.period_end}"

    @property
    def next_period(self) -> str:
        p = self.c.plan
        return f"{p.period_end + 1}-{p.horizon}"

    @property
    def n_years(self) -> str:
        return f"{len(self.years):02d}"

    def name(self, code: str) -> str:
        return self.r.names.get(code, code)

    # ----------------------------------------------------------------- series in words
    def by_year(self, values: dict[int, float | None], uom: str = "", limit_none: bool = True) -> str:
        """``năm 2021: 899; năm 2022: 1.135; …`` (a year without a figure is left out)."""
        parts = [
            self.say("chung.nam", nam=y, gia_tri=value_uom(v, uom) if uom else so(v))
            for y, v in values.items()
            if v is not None or not limit_none
        ]
        return "; ".join(parts)

    def missing_years(self, values: dict[int, float | None]) -> str:
        """ "" when every year has a figure; else the sentence saying which years a lũy kế lacks."""
        gone = [str(y) for y, v in values.items() if v is None]
        return self.say("chung.luy_ke_thieu_nam", danh_sach=join(gone)) if gone else ""

    def partial_years(self, rows) -> str:
        """The years a total came from fewer units than were asked: ``năm 2021 từ 29/33 …``."""
        parts = []
        for y, answered, asked, key in rows:
            if asked and answered is not None and answered < asked:
                parts.append(self.say("chung.pham_vi_nam", nam=y, pham_vi=self.year(y).scope_of(key)))
        return self.say("chung.chua_du_don_vi", danh_sach="; ".join(parts)) if parts else ""

    def trend(self, key: str, change: float | None, uom: str) -> str:
        if key in ("khong_doi", "dao_dong") or change is None:
            return self.say(f"xu_huong.{key}") if key in ("khong_doi", "dao_dong") else ""
        if uom.strip() == "%":
            muc = f"{so_vn(abs(change), 1)} điểm %"
        else:
            muc = value_uom(abs(change), uom)
        return self.say(f"xu_huong.{key}", muc=muc)

    def distance(self, distance: float | None, reached: bool | None, uom: str, year: int | None) -> str:
        if distance is None or reached is None or year is None:
            return ""
        if reached:
            return self.say("khoang_cach.dat", nam=year)
        muc = f"{so_vn(abs(distance), 1)} điểm %" if uom.strip() == "%" else value_uom(abs(distance), uom)
        return self.say("khoang_cach.con", muc=muc, nam=year)

    def value(self, x: float | None, uom: str) -> str:
        return value_uom(x, uom)
