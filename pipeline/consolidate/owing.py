"""Who still owes the Sở something, and what: the list behind the đôn đốc letter and the reminders.

One entry per unit that must be reminded or asked to correct: obliged units that have not reported
(or not yet, before the deadline), units that reported late, units whose counted report has errors
to fix (each error with its sheet and cell), and any unit (obliged or requested) whose figure of a
target is missing. Computed from the manifest and the catalog, stored in the manifest (``owing``,
with ``followup_due``, the date they are asked by) so the workbook list, the letters (đôn đốc, đề
nghị bổ sung: ``ptn run``, ``ptn cong-van``) and the e-mails read the same thing – nothing else
computes it.
"""

from __future__ import annotations

import datetime as dt

from pipeline.catalog.labels import KIND_LABEL
from pipeline.catalog.query import CatalogView
from pipeline.manifest import InputEntry, Manifest, OwedItem, Owing

NOT_SENT, NOT_YET, ERRORS, NO_FIGURE = (
    "Chưa gửi báo cáo",
    "Chưa đến hạn, chưa nhận được báo cáo",
    "Báo cáo có lỗi cần sửa",
    "Chưa có số liệu chỉ tiêu",
)


def followup_due(m: Manifest, view: CatalogView) -> dt.date:
    """The date a missing or corrected report is asked by: ``plan.followup_days`` after the cut-off
    date, never before the reporting deadline itself."""
    plan = view.catalog.plan
    return max(m.as_of + dt.timedelta(days=plan.followup_days), plan.deadline.last_on_time_day(m.year))


def _report_number(m: Manifest, unit: str) -> str:
    for v in m.values:
        if v.unit == unit and v.field == "so_ky_hieu" and isinstance(v.value, str):
            return v.value.strip()
    return ""


def owing(m: Manifest, view: CatalogView) -> list[Owing]:
    c = m.completeness
    accepted: dict[str, InputEntry] = {e.unit: e for e in m.inputs if e.status == "accepted" and e.unit}
    late = {x.unit: x for x in c.late}
    statuses: dict[str, list[str]] = {}
    owes: dict[str, list[OwedItem]] = {}

    def add(unit: str, status: str, items: list[OwedItem] = ()) -> None:
        if status not in statuses.setdefault(unit, []):
            statuses[unit].append(status)
        have = owes.setdefault(unit, [])
        have.extend(i for i in items if i not in have)

    report = OwedItem(kind="report", what=f"Báo cáo kết quả thực hiện năm {m.year} (theo biểu mẫu đã gửi)")
    for u in c.missing:
        add(u, NOT_SENT, [report])
    for u in c.not_yet_due:
        add(u, NOT_YET, [report])
    for u, x in late.items():
        add(u, f"Gửi chậm ({x.days_late} ngày)")
    for u, e in accepted.items():
        errors = [f for f in e.findings if f.severity == "error"]
        if errors:
            add(
                u,
                ERRORS,
                [
                    OwedItem(kind="error", what=f.message, sheet=f.sheet, cell=f.cell, item=f.item)
                    for f in errors
                ],
            )
    for t in m.province:
        for u in [*t.missing_sources, *t.excluded]:
            if u in c.missing or u in c.not_yet_due:
                continue  # the whole report is owed already
            if u not in accepted:
                add(u, NOT_SENT, [report])
            figure = OwedItem(
                kind="figure",
                what=f"Số liệu chỉ tiêu: {t.name}",
                sheet=_target_sheet(view),
                item=t.item,
                name=t.name,
            )
            add(u, NO_FIGURE, [figure])
    out = []
    for u, st in statuses.items():
        unit = view.units_by_code.get(u)
        e = accepted.get(u)
        out.append(
            Owing(
                unit=u,
                name=m.units.get(u, unit.name if unit else u),
                kind=KIND_LABEL.get(unit.kind.value, "") if unit else "",
                obligation=unit.obligation.value if unit else "obliged",
                status="; ".join(st),
                report_number=_report_number(m, u) if e else "",
                received_at=e.received_at if e else None,
                errors=sum(f.severity == "error" for f in e.findings) if e else 0,
                warnings=sum(f.severity == "warning" for f in e.findings) if e else 0,
                owes=owes.get(u, []),
                emails=list(unit.emails) if unit else [],
            )
        )
    rank = {NOT_SENT: 0, NOT_YET: 0, ERRORS: 1, NO_FIGURE: 2}
    out.sort(
        key=lambda o: (
            o.obligation != "obliged",
            min(rank.get(s, 3) for s in o.status.split("; ")),
            o.name,
        )
    )
    return out


def _target_sheet(view: CatalogView) -> str:
    try:
        return view.section_of(view.catalog.targets[0]).title if view.catalog.targets else ""
    except KeyError:
        return ""
