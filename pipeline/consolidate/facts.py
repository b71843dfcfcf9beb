"""What happened in the reporting period, counted by its own date (ND 09/2019; DOMAIN §1).

Documents, inspections and dialogues carry a date on the form: what is said "in year Y" is counted
only when that date lies inside the year's reporting period (15/12 of Y−1 to 14/12 of Y by default,
``plan.reporting_period``); earlier ones are cumulative (lũy kế) and said apart; undated ones are
said as undated. The same functions serve the previous year, so comparisons count alike.
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.catalog.model import Catalog, Section, SectionLayout
from pipeline.catalog.query import CatalogView
from pipeline.intake.flat import FlatRow
from pipeline.manifest import Comparison, Dialogue, DocumentStatus, Inspection, KeyFigures, Period

ISSUED = "Đã ban hành"
# the dialogue questions of the doi_thoai section (Nghị định 13/2021)
DIALOGUE_HELD, DIALOGUE_DATE = "dt_da_to_chuc", "dt_ngay"
DIALOGUE_COUNTS = {
    "youths": "dt_so_thanh_nien",
    "opinions": "dt_so_kien_nghi",
    "answered": "dt_so_da_tra_loi",
}


def period(view: CatalogView) -> Period:
    return Period(start=view.period_start, end=view.period_end)


def _date(r: FlatRow | None):
    if r is None or not r.valid or not hasattr(r.value, "year"):
        return None
    return r.value


def _text(r: FlatRow | None) -> str:
    return "" if r is None or r.value is None else str(r.value).strip()


def _num(r: FlatRow | None) -> float | None:
    if r is None or not r.valid or isinstance(r.value, bool) or not isinstance(r.value, int | float):
        return None
    return float(r.value)


def inspection_section(catalog: Catalog) -> Section | None:
    """The free-rows section with a date column (the Kiểm tra sheet); other free-rows sections (the
    2025 commendation proposals) are not inspections."""
    return next(
        (
            s
            for s in catalog.sections
            if s.layout == SectionLayout.free_rows and any(f.type.value == "date" for f in s.fields)
        ),
        None,
    )


def inspections(view: CatalogView, rows: list[FlatRow]) -> list[Inspection]:
    """Every filled row of the free-rows section with a date column (the Kiểm tra sheet)."""
    section = inspection_section(view.catalog)
    if section is None:
        return []
    date_key = next(f.key for f in section.fields if f.type.value == "date")
    text_keys = [f.key for f in section.fields if f.type.value == "text"]
    choice_key = next((f.key for f in section.fields if f.type.value == "choice"), "")
    grouped: dict[tuple[str, str], dict[str, FlatRow]] = defaultdict(dict)
    for r in rows:
        if r.section == section.key and r.item:
            grouped[(r.unit or "", r.item)][r.field] = r
    out = []
    for (unit, item), f in sorted(grouped.items()):
        if not any(x.raw.strip() or x.value not in (None, "") for x in f.values()):
            continue
        day = _date(f.get(date_key))
        subject = _text(f.get(text_keys[0])) if text_keys else ""
        out.append(
            Inspection(
                unit=unit,
                item=item,
                subject=subject or _text(f.get("noi_dung")),
                form=_text(f.get(choice_key)) if choice_key else "",
                date=day,
                in_period=None if day is None else view.in_period(day),
                result=_text(f.get(text_keys[-1])) if len(text_keys) > 1 else "",
            )
        )
    return out


def dialogues(view: CatalogView, rows: list[FlatRow]) -> list[Dialogue]:
    """Each unit's answer on its dialogue with youths (only units whose form asks it and answered)."""
    by_unit: dict[str, dict[str, FlatRow]] = defaultdict(dict)
    keys = {DIALOGUE_HELD, DIALOGUE_DATE, *DIALOGUE_COUNTS.values()}
    for r in rows:
        if r.item == "" and r.field in keys and r.unit:
            by_unit[r.unit][r.field] = r
    out = []
    for unit, f in sorted(by_unit.items()):
        held_row = f.get(DIALOGUE_HELD)
        answer = _text(held_row) if held_row is not None and held_row.valid else ""
        held = True if answer == "Có" else False if answer == "Không" else None
        day = _date(f.get(DIALOGUE_DATE))
        if held is None and day is None and all(_num(f.get(k)) is None for k in DIALOGUE_COUNTS.values()):
            continue
        out.append(
            Dialogue(
                unit=unit,
                held=held,
                date=day,
                in_period=None if day is None else view.in_period(day),
                **{name: _num(f.get(key)) for name, key in DIALOGUE_COUNTS.items()},
            )
        )
    return out


def dialogue_counts(d: Dialogue) -> bool:
    """A dialogue is counted in the year when held and not dated outside the reporting period."""
    return bool(d.held) and d.in_period is not False


def key_figures(
    documents: list[DocumentStatus], inspections_: list[Inspection], dialogues_: list[Dialogue]
) -> KeyFigures:
    done = [i for i in inspections_ if i.in_period]
    return KeyFigures(
        documents_in_period=sum(1 for d in documents if d.status == ISSUED and d.in_period),
        inspections_in_period=len(done),
        units_inspecting=len({i.unit for i in done}),
        dialogues_held=sum(1 for d in dialogues_ if dialogue_counts(d)),
    )


def comparison(view: CatalogView, previous: CatalogView | None, basis: str) -> Comparison:
    """Unit by unit when the previous year had the same reporting units; province totals only when
    units ended or began between the two years (merged departments, districts → communes)."""
    if previous is None:
        return Comparison(previous_basis=basis)
    now = {u.code for u in view.obliged_units}
    before = {u.code for u in previous.obliged_units}
    ended, started = sorted(before - now), sorted(now - before)
    return Comparison(
        level="province" if ended or started else "units",
        ended=ended,
        started=started,
        previous_basis=basis,
    )
