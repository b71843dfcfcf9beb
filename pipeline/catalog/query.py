"""Questions every stage asks of the catalog, for one reporting year.

* which units are active (a unit is active in year Y when active on that year's last on-time day);
* who holds an item in a year, following per-item successors, then a unit's ``merged_into``, then
  the units that name it among their ``predecessors`` (a former district → its communes), and from
  whom each holder took the duty over (:class:`Handover`);
* what each unit must report (its :class:`Assignment` list) and who supplies each target's figure;
  a unit is never asked for a document due before it began (:class:`Waiver`);
* what a target asks for in a year (a due value, or a reference path);
* whether a unit's figures compare with its own of the year before (not across a reorganisation).
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
    UnitList,
)


class Role(StrEnum):
    lead = "lead"  # Chủ trì
    co = "co"  # Phối hợp
    local = "local"  # Địa phương thực hiện, cung cấp số liệu


@dataclass(frozen=True)
class Handover:
    """The duty on an item came to its holder from ``predecessor`` on ``since``."""

    predecessor: str
    since: dt.date


@dataclass(frozen=True)
class Assignment:
    section: str  # section key
    item: Item
    role: Role
    supplies_figure: bool  # targets only: this unit's figure is summed into the province's
    handovers: tuple[Handover, ...] = ()  # whose duty it was before (merged or split duties)

    @property
    def code(self) -> str:
        return self.item.code


@dataclass(frozen=True)
class Waiver:
    """A document ``unit`` is not asked for: it was due on ``due``, before the unit began (``since``)."""

    unit: str
    item: Document
    role: Role
    due: dt.date
    since: dt.date


@dataclass(frozen=True)
class Reorganised:
    """A unit that changed since last year: began (``began``), took over whole units (``absorbed``:
    merged departments, a commune's former district), or took over some duties per item."""

    unit: str
    began: dt.date | None
    absorbed: tuple[str, ...]
    duties_from: tuple[str, ...]


@dataclass(frozen=True)
class UnitListState:
    """A declared unit list in this year: how many units of its kind the catalog holds."""

    declared: UnitList
    index: int  # position in ``unit_lists``
    found: int

    @property
    def short(self) -> bool:
        """Declared complete but the catalog holds another number of units."""
        return self.declared.complete and self.found != self.declared.expected


@dataclass(frozen=True)
class YearTarget:
    """What a target asks for in a year."""

    value: float | None
    due: bool  # judged this year (Vượt / Đạt / Chưa đạt)
    reference: bool  # a straight path from the baseline (tham khảo), not a verdict
    end_year: int | None  # the year of the value it heads for


class UnresolvedUnit(Exception):
    pass


_SHARED: dict[tuple[int, int], CatalogView] = {}
_SHARED_MAX = 8


class CatalogView:
    """The catalog seen from one reporting year.

    Its answers are computed once and kept (the catalog is frozen): :meth:`of` hands out one view
    per catalog and year, so a run's thousands of forms, checks and report sections share them."""

    def __init__(self, catalog: Catalog, year: int):
        self.catalog = catalog
        self.year = year

    @classmethod
    def of(cls, catalog: Catalog, year: int) -> CatalogView:
        """The shared view of ``catalog`` in ``year`` (the few most recent are kept)."""
        key = (id(catalog), year)
        hit = _SHARED.get(key)
        if hit is not None and hit.catalog is catalog:
            _SHARED[key] = _SHARED.pop(key)  # most recently used last
            return hit
        view = _SHARED[key] = cls(catalog, year)  # holds the catalog: its id is not reused meanwhile
        while len(_SHARED) > _SHARED_MAX:
            del _SHARED[next(iter(_SHARED))]
        return view

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
        """Sections this unit fills this year, in catalog order; item sections only when it has items."""
        out = []
        for s in self.catalog.sections:
            if unit.kind not in s.kinds or (s.years and self.year not in s.years):
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

    # ------------------------------------------------------------------ reorganisation
    @cached_property
    def _successor_units(self) -> dict[str, list[str]]:
        """Unit → the units naming it among their ``predecessors`` (a district → its communes)."""
        out: dict[str, list[str]] = {}
        for u in self.catalog.units:
            for p in u.predecessors:
                out.setdefault(p, []).append(u.code)
        return out

    def successor_units(self, code: str) -> list[str]:
        """The units that took over ``code`` as a whole: its ``merged_into``, or those naming it."""
        unit = self.units_by_code.get(code)
        merged = [unit.merged_into] if unit is not None and unit.merged_into else []
        return merged + [c for c in self._successor_units.get(code, []) if c not in merged]

    @cached_property
    def _merged_into(self) -> dict[str, list[str]]:
        """Unit → the units merged into it, in catalog order."""
        out: dict[str, list[str]] = {}
        for u in self.catalog.units:
            if u.merged_into:
                out.setdefault(u.merged_into, []).append(u.code)
        return out

    def predecessors_of(self, code: str) -> list[str]:
        """The units ``code`` took over as a whole: those merged into it, and its ``predecessors``."""
        unit = self.units_by_code.get(code)
        named = list(unit.predecessors) if unit is not None else []
        return named + [c for c in self._merged_into.get(code, []) if c not in named]

    def unit_named(self, name: str) -> Unit | None:
        """The last unit of the catalog whose name folds to ``name``'s (case and accents aside)."""
        index = self.__dict__.get("_by_folded_name")
        if index is None:
            from pipeline.vn import fold

            index = self.__dict__["_by_folded_name"] = {fold(u.name): u for u in self.catalog.units}
        from pipeline.vn import fold

        return index.get(fold(name))

    def main_predecessor(self, code: str) -> str | None:
        """The first named predecessor (a commune's main former district), if any."""
        unit = self.units_by_code.get(code)
        return unit.predecessors[0] if unit is not None and unit.predecessors else None

    def _holders(
        self, code: str, item: Item, on: dt.date, seen: frozenset[str] = frozenset()
    ) -> list[tuple[str, tuple[Handover, ...]]]:
        unit = self.units_by_code.get(code)
        if unit is None or code in seen:
            raise UnresolvedUnit(code)
        if unit.active_on(on):
            return [(code, ())]
        nxt: list[tuple[str, dt.date]] = []
        for s in item.successors:  # per item (split duties): the latest that applies
            if s.unit == code and s.from_date <= on:
                nxt = [(s.successor, s.from_date)]
        end = (unit.valid_to + dt.timedelta(days=1)) if unit.valid_to else on
        if not nxt and unit.merged_into:
            nxt = [(unit.merged_into, end)]
        if not nxt:
            nxt = [(c, self.unit(c).valid_from or end) for c in self._successor_units.get(code, [])]
        if not nxt:
            raise UnresolvedUnit(code)
        out: dict[str, tuple[Handover, ...]] = {}
        for succ, since in nxt:
            for holder, chain in self._holders(succ, item, on, seen | {code}):
                out[holder] = (*out.get(holder, ()), Handover(code, since), *chain)
        return list(out.items())

    def holders(
        self, code: str, item: Item, on: dt.date | None = None
    ) -> list[tuple[str, tuple[Handover, ...]]]:
        """Who holds ``code``'s duties on ``item`` at ``on`` (default: reference date), each with the
        handovers that brought the duty to it; raises :class:`UnresolvedUnit` when nobody does."""
        return self._holders(code, item, on or self.reference_date)

    def resolve(self, code: str, item: Item, on: dt.date | None = None) -> str:
        """The (first) unit holding ``code``'s duties on ``item`` at date ``on``."""
        return self.holders(code, item, on)[0][0]

    # ------------------------------------------------------------------ dates of items
    def due_date(self, item: Item) -> dt.date | None:
        """When a document is due: 31/12 of its deadline year, or this year's ``yearly_due``."""
        if not isinstance(item, Document):
            return None
        if item.yearly:
            if item.yearly_due is None:
                return None
            return dt.date(self.year, item.yearly_due.month, item.yearly_due.day)
        if item.deadline_year is not None:
            return dt.date(item.deadline_year, 12, 31)
        return None

    def _asked(self, code: str, item: Item) -> bool:
        """False when ``item`` was due before ``code`` began: a new unit is never asked for it."""
        due = self.due_date(item)
        began = self.units_by_code[code].valid_from
        return due is None or began is None or due >= began

    def _lead_candidates(self, item: Item) -> list[tuple[str, tuple[Handover, ...]]]:
        if item.lead:
            return self.holders(item.lead, item)
        kinds = item.each_unit_of_kinds
        out = [(u.code, ()) for u in self.units_of_kinds(kinds) if u.obligation == Obligation.obliged]
        have = {c for c, _ in out}
        # units of those kinds that have ended pass the item to whoever took them over
        for u in self.catalog.units:
            if u.kind in kinds and u.obligation == Obligation.obliged and u.code not in self.active_codes:
                if u.valid_to is None or u.valid_to.year < self.year:
                    continue  # ended before this year: nothing of it left to report
                try:
                    found = self.holders(u.code, item)
                except UnresolvedUnit:
                    continue
                for code, chain in found:
                    if code not in have and self.unit(code).obligation == Obligation.obliged:
                        out.append((code, chain))
                        have.add(code)
        return out

    def _lead_holders(self, item: Item) -> list[tuple[str, tuple[Handover, ...]]]:
        """The leads asked for ``item`` this year, with their handovers (computed once per item)."""
        cache = self.__dict__.setdefault("_lead_cache", {})
        if item.code not in cache:
            cache[item.code] = [c for c in self._lead_candidates(item) if self._asked(c[0], item)]
        return cache[item.code]

    def leads(self, item: Item) -> list[str]:
        return [c for c, _ in self._lead_holders(item)]

    def _co_candidates(self, item: Item) -> list[tuple[str, tuple[Handover, ...]]]:
        leads = set(self.leads(item))
        out: list[tuple[str, tuple[Handover, ...]]] = []
        for c in item.co_agencies:
            for code, chain in self.holders(c, item):
                if code in leads:
                    continue
                known = next((i for i, (x, _) in enumerate(out) if x == code), None)
                if known is None:
                    out.append((code, chain))
                else:  # two co-agencies merged into one: one row, both handovers
                    out[known] = (code, (*out[known][1], *chain))
        return out

    def co_agencies(self, item: Item) -> list[str]:
        return [c for c, _ in self._co_candidates(item) if self._asked(c, item)]

    @cached_property
    def _waivers(self) -> dict[str, list[Waiver]]:
        out: dict[str, list[Waiver]] = {}
        for item in self.items:
            due = self.due_date(item)
            if due is None or not isinstance(item, Document):
                continue
            for role, cands in (
                (Role.lead, self._lead_candidates(item)),
                (Role.co, self._co_candidates(item)),
            ):
                for code, _ in cands:
                    if not self._asked(code, item):
                        since = self.unit(code).valid_from
                        out.setdefault(code, []).append(Waiver(code, item, role, due, since))  # type: ignore[arg-type]
        return out

    def waivers(self, unit_code: str) -> list[Waiver]:
        """Documents ``unit_code`` is not asked for this year because they were due before it began."""
        return self._waivers.get(unit_code, [])

    def figure_suppliers(self, target: Target) -> list[str]:
        """The units whose figures make the province's figure of ``target``."""
        if target.figure_source.lead:
            return self.leads(target)
        return [u.code for u in self.units_of_kinds(target.figure_source.sum_local)]

    @cached_property
    def _assignments(self) -> dict[str, list[Assignment]]:
        out: dict[str, list[Assignment]] = {u.code: [] for u in self.active_units}
        seen: set[tuple[str, str]] = set()

        def add(code: str, a: Assignment) -> None:
            if (code, a.item.code) not in seen:
                seen.add((code, a.item.code))
                out.setdefault(code, []).append(a)

        for item in self.items:
            sec = self.section_of(item).key
            suppliers = set(self.figure_suppliers(item)) if isinstance(item, Target) else set()
            for code, chain in self._lead_holders(item):
                add(code, Assignment(sec, item, Role.lead, code in suppliers, chain))
            if isinstance(item, Target) and item.figure_source.sum_local:
                for code in sorted(suppliers):
                    add(code, Assignment(sec, item, Role.local, True))
            for code, chain in self._co_candidates(item):
                if self._asked(code, item):
                    add(code, Assignment(sec, item, Role.co, code in suppliers, chain))
        return out

    def assignments(self, unit_code: str, section: str | None = None) -> list[Assignment]:
        lst = self._assignments.get(unit_code, [])
        return [a for a in lst if section is None or a.section == section]

    # ------------------------------------------------------------------ comparisons, unit lists
    @cached_property
    def previous_reference_date(self) -> dt.date:
        return self.catalog.plan.deadline.last_on_time_day(self.year - 1)

    def is_new(self, code: str) -> bool:
        """The unit did not exist on last year's reference date."""
        return not self.unit(code).active_on(self.previous_reference_date)

    def absorbed_since_last_year(self, code: str) -> list[str]:
        """Units taken over by ``code`` since last year's reference date (merged into it)."""
        prev, now = self.previous_reference_date, self.reference_date
        return [
            p
            for p in self.predecessors_of(code)
            if p in self.units_by_code and self.unit(p).active_on(prev) and not self.unit(p).active_on(now)
        ]

    def comparable_with_previous(self, code: str, item_code: str = "") -> bool:
        """Whether ``code``'s figure (a whole-unit figure when ``item_code`` is empty, else the
        figure of that item) compares with its own of last year: not for a unit that began since,
        not for a whole-unit figure of a unit that absorbed others since, not for an item whose
        duty it took over since."""
        cache = self.__dict__.setdefault("_comparable_cache", {})
        key = (code, item_code)
        if key not in cache:
            cache[key] = self._comparable(code, item_code)
        return cache[key]

    def _comparable(self, code: str, item_code: str) -> bool:
        if code not in self.units_by_code or self.is_new(code):
            return False
        if not item_code:
            return not self.absorbed_since_last_year(code)
        prev = self.previous_reference_date
        for a in self.assignments(code):
            if a.code == item_code:
                return not any(h.since > prev for h in a.handovers)
        return True

    def reorganised(self, code: str) -> Reorganised | None:
        """How ``code`` changed since last year's reference date, or None when it did not."""
        prev = self.previous_reference_date
        unit = self.unit(code)
        began = unit.valid_from if self.is_new(code) else None
        absorbed = tuple(self.absorbed_since_last_year(code))
        duties: list[str] = []
        for a in self.assignments(code):
            for h in a.handovers:
                if h.since > prev and h.predecessor not in absorbed and h.predecessor not in duties:
                    duties.append(h.predecessor)
        if began is None and not absorbed and not duties:
            return None
        return Reorganised(code, began, absorbed, tuple(duties))

    def reorganised_units(self) -> list[Reorganised]:
        """Active units that began, absorbed others, or took over duties since last year."""
        return [r for u in self.active_units if (r := self.reorganised(u.code)) is not None]

    def unit_lists(self) -> list[UnitListState]:
        """The declared unit lists that cover this year, with the number of units found."""
        out = []
        for i, ul in enumerate(self.catalog.unit_lists):
            if ul.covers(self.reference_date):
                out.append(UnitListState(ul, i, len(self.units_of_kinds([ul.kind]))))
        return out

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
