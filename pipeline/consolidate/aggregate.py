"""Province figures from the flat form (DOMAIN §5).

* each target from its **one** figure source: the lead's figure, or the sum over local units;
  co-agencies' figures (and a non-source lead's) are never added in;
* a ratio is Σ parts / Σ wholes over valid pairs only – never a mean of percentages; a pair with an
  invalid member is left out whole and its unit listed;
* a unit's figure is one row of the form: an error on any cell of it (the judged column or "thực hiện
  đến thời điểm báo cáo", which the report shows beside it) leaves the unit out of both columns and
  lists it as excluded, so both columns are built from the same units and the unit is asked to correct;
* counts and amounts are summed; an empty cell is missing data, not zero;
* a target without a figure is "Chưa có số liệu" whatever else is true of it (due or not).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pipeline.catalog.model import Direction, Measure, SectionLayout, Target
from pipeline.catalog.query import CatalogView
from pipeline.intake.flat import FlatRow
from pipeline.manifest import (
    DocumentStatus,
    ProgrammeStatus,
    ProvinceTarget,
    Totals,
    UnitText,
    ValueRow,
)

NUMERIC_TYPES = {"count", "amount", "ratio_part", "decimal"}
TEXT_FIELDS = ("kq_noi_bat", "kho_khan", "kn_trung_uong", "kn_ubnd_tinh", "kn_so_nganh", "phuong_huong")


def _num(v: object) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float):
        return float(v)
    return None


def index_rows(rows: Iterable[FlatRow]) -> dict[tuple[str, str, str, str], FlatRow]:
    """(unit, item, part, field) → row."""
    return {(r.unit or "", r.item, r.part, r.field): r for r in rows}


def _aggregate_field(
    t: Target, suppliers: list[str], idx: dict, field: str
) -> tuple[float | None, float | None, float | None, list[str], list[str], list[str]]:
    """(numerator, denominator, value, used, missing, excluded) for one column of a target."""
    used, missing, excluded = [], [], []
    if t.measure == Measure.ratio:
        num_sum = den_sum = 0.0
        for u in suppliers:
            a, b = idx.get((u, t.code, "tu_so", field)), idx.get((u, t.code, "mau_so", field))
            if a is None or b is None or _empty(a) or _empty(b):
                missing.append(u)  # an empty cell is missing data, not zero and not an error value
                continue
            if not a.valid or not b.valid:
                excluded.append(u)
                continue
            na, nb = _num(a.value), _num(b.value)
            if na is None or nb is None or nb <= 0:
                missing.append(u)
                continue
            num_sum += na
            den_sum += nb
            used.append(u)
        if not used:
            return None, None, None, used, missing, excluded
        return num_sum, den_sum, num_sum / den_sum * 100.0, used, missing, excluded
    total, any_value = 0.0, False
    for u in suppliers:
        r = idx.get((u, t.code, "", field))
        if r is None or _empty(r):
            missing.append(u)
            continue
        if not r.valid:
            excluded.append(u)
            continue
        n = _num(r.value)
        if n is None:
            missing.append(u)
            continue
        total += n
        any_value = True
        used.append(u)
    if not any_value:
        return None, None, None, used, missing, excluded
    if t.measure == Measure.survey:
        return None, None, total / len(used), used, missing, excluded
    return None, None, total, used, missing, excluded


def _empty(r: FlatRow) -> bool:
    return r.raw.strip() == "" and r.value in (None, "")


def meets(value: float, target: float, direction: Direction) -> bool:
    eps = 1e-9
    return {
        Direction.ge: value >= target - eps,
        Direction.gt: value > target + eps,
        Direction.le: value <= target + eps,
        Direction.lt: value < target - eps,
    }[direction]


def verdict(
    value: float | None,
    target: float | None,
    direction: Direction,
    due: bool,
    reference: bool,
    end_year: int | None,
) -> str:
    """Vượt / Đạt / Chưa đạt for a due target (strict for ``>``/``<``); reference path otherwise.

    No figure is "Chưa có số liệu" first: missing data is said as missing, never hidden behind "not
    due". "Vượt" means strictly better than the plan value under ``>=``/``<=``; under ``>``/``<``
    ("trên", "dưới") the plan value itself is already a bound, so meeting it is "Đạt".
    """
    if value is None:
        return "chua_co_so_lieu"
    if target is None:
        return "chua_den_han" if end_year else "chua_co_chi_tieu"
    ok = meets(value, target, direction)
    if reference and not due:
        return "dung_lo_trinh" if ok else "cham_lo_trinh"
    if not ok:
        return "chua_dat"
    if direction in (Direction.ge, Direction.le) and abs(value - target) > 1e-9:
        return "vuot"
    return "dat"


def reported_columns(judge: str) -> tuple[str, ...]:
    """The columns of a target the report states: the judged one, and "thực hiện đến thời điểm báo
    cáo" beside an estimate."""
    return (judge, "thuc_hien") if judge == "uoc_ca_nam" else (judge,)


def _supplier_status(t: Target, unit: str, idx: dict, columns: tuple[str, ...]) -> str:
    """``missing`` (nothing given), ``excluded`` (an error on a cell of its figure: a value that failed
    a check, or a required cell left empty beside a given one) or ``ok``."""
    parts = ("tu_so", "mau_so") if t.measure == Measure.ratio else ("",)
    cells = [idx.get((unit, t.code, p, c)) for c in columns for p in parts]
    if all(r is None or _empty(r) for r in cells):
        return "missing"
    if any(r is not None and not r.valid for r in cells):
        return "excluded"
    return "ok"


def target_figures(
    t: Target, suppliers: list[str], idx: dict, judge: str
) -> tuple[float | None, float | None, float | None, float | None, list[str], list[str], list[str]]:
    """(numerator, denominator, value, actual, used, missing, excluded) of one target: the judged
    column and "thực hiện đến thời điểm báo cáo" over the same units (a unit with an error on either
    is excluded from both; ``actual`` is ``None`` rather than a figure of fewer units)."""
    columns = reported_columns(judge)
    status = {u: _supplier_status(t, u, idx, columns) for u in suppliers}
    candidates = [u for u in suppliers if status[u] == "ok"]
    num, den, value, used, short, _ = _aggregate_field(t, candidates, idx, judge)
    missing = sorted({*(u for u in suppliers if status[u] == "missing"), *short})
    excluded = sorted(u for u in suppliers if status[u] == "excluded")
    actual = value
    if judge != "thuc_hien":
        _, _, actual, used_actual, *_ = _aggregate_field(t, used, idx, "thuc_hien")
        if sorted(used_actual) != sorted(used):
            actual = None
    return num, den, value, actual, used, missing, excluded


def province_targets(
    view: CatalogView,
    rows: list[FlatRow],
    previous: dict[str, float | None] | None = None,
) -> list[ProvinceTarget]:
    idx = index_rows(rows)
    judge = view.catalog.plan.judge_on
    out = []
    for t in view.catalog.targets:
        if not view.applies(t):
            continue
        suppliers = view.figure_suppliers(t)
        num, den, value, actual, used, missing, excluded = target_figures(t, suppliers, idx, judge)
        yt = view.target_for_year(t)
        v = verdict(value, yt.value, t.direction, yt.due, yt.reference, yt.end_year)
        prev = (previous or {}).get(t.code)
        last = view.catalog.plan.period_end
        plan_end = t.yearly_values.get(last, t.end_values.get(last))
        out.append(
            ProvinceTarget(
                item=t.code,
                name=t.name,
                group=t.group,
                measure=t.measure.value,
                unit_of_measure=t.unit_of_measure,
                direction=t.direction.value,
                lead=", ".join(view.leads(t)),
                figure_source="lead" if t.figure_source.lead else "sum_local",
                sources=sorted(used),
                missing_sources=sorted(missing),
                excluded=sorted(excluded),
                numerator=num,
                denominator=den,
                value=None if value is None else round(value, 4),
                actual=None if actual is None else round(actual, 4),
                target=yt.value,
                target_end_year=yt.end_year,
                goal=t.yearly_values.get(yt.end_year, t.end_values.get(yt.end_year)) if yt.end_year else None,
                due=yt.due,
                reference=yt.reference,
                verdict=v,
                previous_value=prev,
                change=None if prev is None or value is None else round(value - prev, 4),
                plan_end_value=plan_end,
                plan_end_year=last if plan_end is not None else None,
                base_concept=t.denominator_same_as or "",
                suppliers=sorted(suppliers),
            )
        )
    return out


def value_rows(rows: list[FlatRow]) -> list[ValueRow]:
    out = [
        ValueRow(
            unit=r.unit or "",
            section=r.section,
            item=r.item,
            part=r.part,
            field=r.field,
            value=r.value if isinstance(r.value, int | float | str) or r.value is None else str(r.value),
            raw=r.raw,
            type=r.type,
            valid=r.valid,
            file=r.file,
            sheet=r.sheet,
            cell=r.cell,
        )
        for r in rows
        if r.raw != "" or r.value not in (None, "")
    ]
    out.sort(key=lambda v: (v.unit, v.section, v.item, v.part, v.field))
    return out


def numeric_fields(view: CatalogView) -> set[str]:
    """Keys of the numeric fields of ``fields`` sections (counts, amounts, measured values)."""
    return {
        f.key
        for s in view.catalog.sections
        if s.layout == SectionLayout.fields
        for f in s.fields
        if f.type.value in NUMERIC_TYPES
    }


def totals(view: CatalogView, rows: list[FlatRow], received: set[str] | None = None) -> Totals:
    """Sums of numeric ``fields``-section values over units (valid values only); with ``received``
    (the units whose report is counted), who was asked each figure and who gave it."""
    numeric_keys = numeric_fields(view)
    by_field: dict[str, float] = defaultdict(float)
    units: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.item == "" and r.field in numeric_keys and r.valid and _num(r.value) is not None:
            by_field[r.field] += _num(r.value)  # type: ignore[operator]
            units[r.field].add(r.unit or "")
    from pipeline.consolidate.coverage import field_coverage

    return Totals(
        by_field={k: round(v, 4) for k, v in sorted(by_field.items())},
        units_by_field={k: len(v) for k, v in sorted(units.items())},
        coverage=field_coverage(view, rows, received) if received is not None else {},
    )


def by_unit(view: CatalogView, rows: list[FlatRow]) -> dict[str, dict[str, float]]:
    """Each unit's valid numeric ``fields``-section figures (last year's column of the workbook)."""
    keys = numeric_fields(view)
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for r in rows:
        if r.item == "" and r.field in keys and r.valid and _num(r.value) is not None and r.unit:
            out[r.unit][r.field] = _num(r.value)  # type: ignore[assignment]
    return {u: dict(sorted(v.items())) for u, v in sorted(out.items())}


def _by_row(rows: list[FlatRow], section: str) -> list[tuple[tuple[str, str], dict[str, FlatRow]]]:
    """The rows of an item section grouped by (unit, item code): field → flat row."""
    grouped: dict[tuple[str, str], dict[str, FlatRow]] = defaultdict(dict)
    for r in rows:
        if r.section == section and r.item:
            grouped[(r.unit or "", r.item)][r.field] = r
    return sorted(grouped.items())


def documents(view: CatalogView, rows: list[FlatRow]) -> list[DocumentStatus]:
    section = view.section_of(view.catalog.documents[0]).key if view.catalog.documents else "van_ban"
    out = []
    for (unit, code), fields in _by_row(rows, section):
        item = view.items_by_code.get(code)
        name = item.name if item else _text(fields.get("noi_dung"))
        status = _text(fields.get("trang_thai"))
        if not item and not name:
            continue
        d = fields.get("ngay_ban_hanh")
        day = d.value if d is not None and d.valid and hasattr(d.value, "year") else None
        out.append(
            DocumentStatus(
                unit=unit,
                item=code,
                name=name,
                status=status or None,
                number=_text(fields.get("so_ky_hieu_vb")),
                date=day,
                note=_text(fields.get("ghi_chu_vb")),
                in_period=None if day is None else view.in_period(day),
                product=getattr(item, "product", "") if item else "",
            )
        )
    return out


def programmes(view: CatalogView, rows: list[FlatRow]) -> list[ProgrammeStatus]:
    if not view.catalog.programmes:
        return []
    section = view.section_of(view.catalog.programmes[0]).key
    out = []
    for (unit, code), fields in _by_row(rows, section):
        item = view.items_by_code.get(code)
        if item is None:
            continue
        role = next((a.role.value for a in view.assignments(unit) if a.code == code), "")
        planned, spent = fields.get("kp_ke_hoach"), fields.get("kp_da_chi")
        out.append(
            ProgrammeStatus(
                unit=unit,
                item=code,
                name=item.name,
                role=role,
                status=_text(fields.get("trang_thai_da")) or None,
                result=_text(fields.get("ket_qua_da")),
                planned=_num(planned.value) if planned is not None and planned.valid else None,
                spent=_num(spent.value) if spent is not None and spent.valid else None,
            )
        )
    return out


def texts(view: CatalogView, rows: list[FlatRow]) -> list[UnitText]:
    out = []
    for r in rows:
        if r.item == "" and r.field in TEXT_FIELDS and isinstance(r.value, str) and r.value.strip():
            unit = view.units_by_code.get(r.unit or "")
            out.append(
                UnitText(
                    unit=r.unit or "",
                    unit_name=unit.name if unit else "",
                    field=r.field,
                    text=r.value.strip(),
                )
            )
    out.sort(key=lambda t: (TEXT_FIELDS.index(t.field), t.unit))
    return out


def _text(r: FlatRow | None) -> str:
    if r is None or r.value is None:
        return ""
    return str(r.value).strip()
