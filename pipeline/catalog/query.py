"""Questions every stage asks of the catalog, for one reporting year.

* which units are active (a unit is active in year Y when active on that year's last on-time day);
* who holds an item in a year, following per-item successors, then a unit's ``merged_into``;
* what each unit must report (its :class:`Assignment` list) and who supplies each target's figure;
* what a target asks for in a year (a due value, or a reference path).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from pipeline.catalog.model import (
    Catalog,
    Document,
    Item,
    Obligation,
    Programme,
    Section,
    SectionLayout,
    Target,
    Unit,
    UnitKind,
)


class Role(StrEnum):
    lead = "lead"  # Chủ trì
    co = "co"  # Phối hợp
    local = "local"  # Địa phương thực hiện, cung cấp số liệu


@dataclass(frozen=True)
class Assignment:
    section: str  # section key
    item: Item
    role: Role
    supplies_figure: bool  # targets only: this unit's figure is summed into the province's

    @property
    def code(self) -> str:
        return self.item.code


@dataclass(frozen=True)
class YearTarget:
    """What a target asks for in a year."""

    value: float | None
    due: bool  # judged this year (Vượt / Đạt / Chưa đạt)
    reference: bool  # a straight path from the baseline (tham khảo), not a verdict
    end_year: int | None  # the year of the value it heads for


class UnresolvedUnit(Exception):
    pass


class CatalogView:
    """The catalog seen from one reporting year."""

    def __init__(self, catalog: Catalog, year: int):
        self.catalog = catalog
        self.year = year

    # ------------------------------------------------------------------ dates & units
    @cached_property
    def reference_date(self) -> dt.date:
        """The year's last on-time day: the day a unit must be active on to report that year."""
        return self.catalog.plan.deadline.last_on_time_day(self.year)

    @cached_property
    def period_start(self) -> dt.date:
        """First day of the year's data period (ND 09/2019: 15/12 of the year before)."""
        return self.catalog.plan.reporting_period.start(self.year)

    @cached_property
    def period_end(self) -> dt.date:
        """Last day of the year's data period (ND 09/2019: 14/12 of the year)."""
        return self.catalog.plan.reporting_period.end(self.year)

    def in_period(self, day: dt.date | dt.datetime) -> bool:
        return self.catalog.plan.reporting_period.contains(day, self.year)

    @cached_property
    def units_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.catalog.units}

    def unit(self, code: str) -> Unit:
        return self.units_by_code[code]

    @cached_property
    def active_units(self) -> list[Unit]:
        return [u for u in self.catalog.units if u.active_on(self.reference_date)]

    @cached_property
    def active_codes(self) -> set[str]:
        return {u.code for u in self.active_units}

    @cached_property
    def obliged_units(self) -> list[Unit]:
        return [u for u in self.active_units if u.obligation == Obligation.obliged]

    @cached_property
    def requested_units(self) -> list[Unit]:
        return [u for u in self.active_units if u.obligation == Obligation.requested]

    def units_of_kinds(self, kinds: list[UnitKind]) -> list[Unit]:
        return [u for u in self.active_units if u.kind in kinds]

    # ------------------------------------------------------------------ items
    @cached_property
    def sections_by_key(self) -> dict[str, Section]:
        return {s.key: s for s in self.catalog.sections}

    def sections_for(self, unit: Unit) -> list[Section]:
        """Sections this unit fills, in catalog order; item sections only when it has items."""
        out = []
        for s in self.catalog.sections:
            if unit.kind not in s.kinds:
                continue
            if s.layout in (SectionLayout.targets, SectionLayout.programmes) and not any(
                a.section == s.key for a in self.assignments(unit.code)
            ):
                continue
            out.append(s)
        return out

    def section_of(self, item: Item) -> Section:
        layout = {
            Document: SectionLayout.documents,
            Target: SectionLayout.targets,
            Programme: SectionLayout.programmes,
        }[type(item)]
        for s in self.catalog.sections:
            if s.layout == layout:
                return s
        raise KeyError(layout)

    def applies(self, item: Item) -> bool:
        return not item.years or self.year in item.years

    @cached_property
    def items(self) -> list[Item]:
        c = self.catalog
        return [i for i in [*c.documents, *c.targets, *c.programmes] if self.applies(i)]

    @cached_property
    def items_by_code(self) -> dict[str, Item]:
        c = self.catalog
        return {i.code: i for i in [*c.documents, *c.targets, *c.programmes]}

    def resolve(self, code: str, item: Item, on: dt.date | None = None) -> str:
        """The unit holding ``code``'s duties on ``item`` at date ``on`` (default: reference date)."""
        on = on or self.reference_date
        seen = set()
        while True:
            unit = self.units_by_code.get(code)
            if unit is None:
                raise UnresolvedUnit(code)
            if unit.active_on(on):
                return code
            if code in seen:
                raise UnresolvedUnit(code)
            seen.add(code)
            nxt = None
            for s in item.successors:
                if s.unit == code and s.from_date <= on:
                    nxt = s.successor
            if nxt is None:
                nxt = unit.merged_into
            if nxt is None:
                raise UnresolvedUnit(code)
            code = nxt

    def leads(self, item: Item) -> list[str]:
        if item.lead:
            return [self.resolve(item.lead, item)]
        return [
            u.code for u in self.units_of_kinds(item.each_unit_of_kinds) if u.obligation == Obligation.obliged
        ]

    def co_agencies(self, item: Item) -> list[str]:
        leads = set(self.leads(item))
        out = []
        for c in item.co_agencies:
            r = self.resolve(c, item)
            if r not in leads and r not in out:
                out.append(r)
        return out

    def figure_suppliers(self, target: Target) -> list[str]:
        """The units whose figures make the province's figure of ``target``."""
        if target.figure_source.lead:
            return self.leads(target)
        return [u.code for u in self.units_of_kinds(target.figure_source.sum_local)]

    @cached_property
    def _assignments(self) -> dict[str, list[Assignment]]:
        out: dict[str, list[Assignment]] = {u.code: [] for u in self.active_units}

        def add(code: str, a: Assignment) -> None:
            lst = out.setdefault(code, [])
            if not any(x.item.code == a.item.code for x in lst):
                lst.append(a)

        for item in self.items:
            sec = self.section_of(item).key
            suppliers = set(self.figure_suppliers(item)) if isinstance(item, Target) else set()
            for code in self.leads(item):
                add(code, Assignment(sec, item, Role.lead, code in suppliers))
            if isinstance(item, Target) and item.figure_source.sum_local:
                for code in sorted(suppliers):
                    add(code, Assignment(sec, item, Role.local, True))
            for code in self.co_agencies(item):
                add(code, Assignment(sec, item, Role.co, code in suppliers))
        return out

    def assignments(self, unit_code: str, section: str | None = None) -> list[Assignment]:
        lst = self._assignments.get(unit_code, [])
        return [a for a in lst if section is None or a.section == section]

    # ------------------------------------------------------------------ targets
    def target_for_year(self, t: Target) -> YearTarget:
        y = self.year
        if y in t.yearly_values:
            return YearTarget(t.yearly_values[y], True, False, y)
        if y in t.end_values:
            return YearTarget(t.end_values[y], True, False, y)
        later = sorted(k for k in t.end_values if k > y)
        if not later:
            return YearTarget(None, False, False, None)
        end = later[0]
        if t.baseline is not None and t.baseline_year is not None and t.baseline_year < y:
            share = (y - t.baseline_year) / (end - t.baseline_year)
            value = t.baseline + (t.end_values[end] - t.baseline) * share
            return YearTarget(round(value, 2), False, True, end)
        return YearTarget(None, False, False, end)
