"""What a section of the report knows: the manifest, the catalog, the variant and the Sở's phrases.

Helpers here say the things every section says the same way: who a unit is, how many of how many
units a figure comes from ("10/11 huyện, thành phố"), how a figure compares with the previous year,
a list of names kept short (two or three, then "và N … khác"). The UBND tỉnh variant speaks as the
province: :meth:`Facts.who` gives it a count where the Sở Nội vụ variant names the units.
"""

from __future__ import annotations

from functools import cached_property

from pipeline.catalog.model import Catalog, ReportVariant, Unit
from pipeline.manifest import Coverage, InputEntry, Manifest
from pipeline.report.writing import join, so
from pipeline.vn import ngay, pct_vn, so_vn
from pipeline.wording import Phrases

#: the phrases every section may use (key → placeholders)
PHRASES = {
    "nhom.district": "",
    "nhom.commune": "",
    "nhom.department": "",
    "nhom.union": "",
    "nhom.chung": "",
    "chung.pham_vi": "so tong nhom",
    "chung.pham_vi_de_nghi": "pham_vi so_de_nghi",
    "chung.va_khac": "danh_sach so nhom",
    "chung.so_don_vi": "so nhom",
    "so_sanh.tang": "ty_le nam_truoc gia_tri_truoc",
    "so_sanh.giam": "ty_le nam_truoc gia_tri_truoc",
    "so_sanh.bang": "nam_truoc",
    "so_sanh.nam_truoc": "nam_truoc gia_tri_truoc",
    "so_sanh.pham_vi_khac": "nam_truoc pham_vi_truoc",
    "so_sanh.chua_du": "nam pham_vi nam_truoc",
    "so_sanh.diem_tang": "diem nam_truoc gia_tri_truoc",
    "so_sanh.diem_giam": "diem nam_truoc gia_tri_truoc",
    "chung.chua_co_so_lieu": "",
}

MAX_NAMED = 3  # names said in running text before "và N … khác"
_COUNT_KEYS = ("so_", "tong", "con_lai")  # placeholders holding counts (years are "nam…", never these)


def _count(key: str, value: object) -> object:
    if type(value) is int and (key == "so" or key.startswith(_COUNT_KEYS)):
        return so_vn(value, 0)
    return value


class Facts:
    def __init__(self, m: Manifest, catalog: Catalog, variant: ReportVariant, phrases: Phrases):
        self.m = m
        self.c = catalog
        self.v = variant
        self.p = phrases
        self.y = m.year
        self.prev_y = m.previous_year
        self.details = variant.includes_reporting_details  # Sở Nội vụ → UBND tỉnh: names units

    # ----------------------------------------------------------------- words
    def say(self, key: str, **values: object) -> str:
        """The sentence ``key``; a count (a ``so``, ``so_…``, ``tong…`` or ``con_lai`` value given as a whole
        number) is written the Vietnamese way, 1.000 and 3.400, not 1000."""
        return self.p.say(key, **{k: _count(k, v) for k, v in values.items()})

    @cached_property
    def unit_of(self) -> dict[str, Unit]:
        return {u.code: u for u in self.c.units}

    def name(self, code: str) -> str:
        return self.m.units.get(code) or (self.unit_of[code].name if code in self.unit_of else code)

    def names(self, codes) -> list[str]:
        return sorted((self.name(c) for c in codes), key=lambda n: n.casefold())

    @cached_property
    def kind_of(self) -> dict[str, str]:
        """Unit code → its kind ("district", "department" …)."""
        return {u.code: u.kind.value for u in self.c.units}

    def group(self, codes) -> str:
        """The word for a set of units: "huyện, thành phố" when all are districts, else the general one."""
        kind_of = self.kind_of
        kinds = {kind_of.get(c, "?") for c in codes}
        if len(kinds) == 1 and "?" not in kinds:
            return self.say(f"nhom.{kinds.pop()}")
        return self.say("nhom.chung")

    def scope(self, answered, expected) -> str:
        """``10/11 huyện, thành phố`` – how many of the units asked gave the figure."""
        expected = list(expected)
        return self.say(
            "chung.pham_vi", so=len(list(answered)), tong=len(expected), nhom=self.group(expected)
        )

    def count_of(self, codes) -> str:
        """``3 cơ quan, đơn vị, địa phương``."""
        codes = list(codes)
        return self.say("chung.so_don_vi", so=len(codes), nhom=self.group(codes))

    def short_list(self, names: list[str], codes=None, limit: int = MAX_NAMED) -> str:
        """All the names when few, else the first ``limit`` and "và N … khác"."""
        if len(names) <= limit + 1:
            return join(names)
        return self.say(
            "chung.va_khac",
            danh_sach=", ".join(names[:limit]),
            so=len(names) - limit,
            nhom=self.group(codes or []) if codes else self.say("nhom.chung"),
        )

    def who(self, codes) -> str:
        """The units, named (Sở Nội vụ variant: short list) or counted (UBND tỉnh variant)."""
        codes = list(codes)
        if self.details:
            return self.short_list(self.names(codes), codes)
        return self.count_of(codes)

    # ----------------------------------------------------------------- figures
    @cached_property
    def _values_by_field(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for v in self.m.values:
            out.setdefault(v.field, []).append(v)
        return out

    def values_of(self, field: str) -> list:
        """The manifest's value rows of ``field`` (indexed once: sections ask for a few fields each)."""
        return self._values_by_field.get(field, [])

    def answered_yes(self, field: str) -> list[str]:
        """Units whose valid answer to the Có/Không question ``field`` is Có, sorted."""
        return sorted({v.unit for v in self.values_of(field) if v.valid and v.value == "Có"})

    @cached_property
    def accepted(self) -> dict[str, InputEntry]:
        return {e.unit: e for e in self.m.inputs if e.status == "accepted" and e.unit}

    def total(self, field: str) -> float | None:
        return self.m.totals.by_field.get(field)

    def coverage(self, field: str) -> Coverage:
        return self.m.totals.coverage.get(field) or Coverage()

    def scope_of(self, *fields: str) -> str:
        """Coverage of a group of fields: units that gave any of them / units asked, plus requested."""
        covs = [self.coverage(f) for f in fields]
        expected = sorted({u for c in covs for u in c.expected})
        answered = {u for c in covs for u in c.answered}
        requested = {u for c in covs for u in c.requested_answered}
        if not expected:  # an old manifest without coverage: the count of units that gave a value
            n = max((self.m.totals.units_by_field.get(f, 0) for f in fields), default=0)
            return self.say("chung.so_don_vi", so=n, nhom=self.say("nhom.chung"))
        s = self.scope(answered, expected)
        if requested:
            s = self.say("chung.pham_vi_de_nghi", pham_vi=s, so_de_nghi=len(requested))
        return s

    def blank_units(self, *fields: str) -> list[str]:
        """Obliged units that sent a report but answered none of ``fields`` (not a zero: no answer)."""
        covs = [self.coverage(f) for f in fields]
        blank = set.intersection(*(set(c.blank) | set(c.invalid) for c in covs)) if covs else set()
        return sorted(blank)

    def compare(self, now: float | None, before: float | None) -> str:
        """``tăng 13,2% so với năm 2023``; "" without a previous figure."""
        if now is None or before is None or self.prev_y is None or before == 0:
            return ""
        kw = {"nam_truoc": self.prev_y, "gia_tri_truoc": so(before)}
        if abs(now - before) < 1e-9:
            return self.say("so_sanh.bang", nam_truoc=self.prev_y)
        if now > before:
            return self.say("so_sanh.tang", ty_le=pct_vn(100 * (now - before) / before), **kw)
        return self.say("so_sanh.giam", ty_le=pct_vn(100 * (before - now) / before), **kw)

    def compare_count(self, before: float | None) -> str:
        """``năm 2023: 48`` – small counts (documents, inspections, units) are compared as they are;
        not across a reorganisation, where last year's count is of other units (10 districts are not
        comparable with 40 communes)."""
        if before is None or self.prev_y is None or self.m.comparison.level != "units":
            return ""
        return self.say("so_sanh.nam_truoc", nam_truoc=self.prev_y, gia_tri_truoc=so(before))

    def prev_scope(self, *fields: str) -> str:
        """When last year's figures of ``fields`` came from another number of units (the same units
        otherwise), one sentence saying so; "" when alike or when compared at province level only."""
        prev = self.m.previous_totals
        if not fields or prev is None or self.prev_y is None:
            return ""
        if self.m.comparison.level != "units":
            if all(self.like_for_like(f) for f in fields) or not any(
                prev.by_field.get(f) is not None for f in fields
            ):
                return ""
            now = [self.coverage(f) for f in fields]
            if all(_complete(c) for c in now):  # this year is whole: last year's was not
                before = [prev.coverage.get(f) or Coverage() for f in fields]
                year = self.prev_y
                answered = {u for c in before for u in c.answered}
                expected = sorted({u for c in before for u in c.expected})
            else:
                year = self.y
                answered = {u for c in now for u in c.answered}
                expected = sorted({u for c in now for u in c.expected})
            return self.say(
                "so_sanh.chua_du", nam=year, pham_vi=self.scope(answered, expected), nam_truoc=self.prev_y
            )
        n_now = max(self.m.totals.units_by_field.get(f, 0) for f in fields)
        n_before = max(prev.units_by_field.get(f, 0) for f in fields)
        if not n_before or n_now == n_before:
            return ""
        return self.say(
            "so_sanh.pham_vi_khac",
            nam_truoc=self.prev_y,
            pham_vi_truoc=self.say("chung.so_don_vi", so=n_before, nhom=self.say("nhom.chung")),
        )

    def compare_points(self, now: float | None, before: float | None, text_before: str) -> str:
        """For a percentage: ``tăng 2,7 điểm % so với năm 2023 (95,9%)``."""
        if now is None or before is None or self.prev_y is None:
            return ""
        from pipeline.vn import so_vn

        d = now - before
        kw = {"nam_truoc": self.prev_y, "gia_tri_truoc": text_before, "diem": so_vn(abs(d), 1)}
        if abs(d) < 0.05:
            return self.say("so_sanh.bang", nam_truoc=self.prev_y)
        return self.say("so_sanh.diem_tang" if d > 0 else "so_sanh.diem_giam", **kw)

    def like_for_like(self, field: str) -> bool:
        """Whether this year's total of ``field`` can be compared with last year's.

        Unit by unit (the same units report both years) a difference in who answered is said by
        :meth:`prev_scope`. Across a reorganisation only province totals compare, and only when
        every unit asked answered in both years: a sum from 60/65 communes is not comparable with
        one from 11/11 districts."""
        if self.m.comparison.level != "province":
            return True
        prev = self.m.previous_totals
        before = prev.coverage.get(field) if prev is not None else None
        return _complete(self.coverage(field)) and before is not None and _complete(before)

    def prev_total(self, field: str) -> float | None:
        """Last year's total of ``field``; None when there is none or it is not like for like."""
        prev = self.m.previous_totals
        if prev is None or not self.like_for_like(field):
            return None
        return prev.by_field.get(field)

    # ----------------------------------------------------------------- dates
    @property
    def period_start(self) -> str:
        return ngay(self.m.period.start) if self.m.period else ""

    @property
    def period_end(self) -> str:
        return ngay(self.m.period.end) if self.m.period else ""


def _complete(c: Coverage) -> bool:
    """Every obliged unit asked for the figure gave a valid one."""
    return bool(c.expected) and set(c.expected) <= set(c.answered)
