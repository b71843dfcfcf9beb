"""Sheet "So sánh với năm <Y−1>" of the consolidated workbook: comparisons across the reorganisation.

Written only in a year some local units ended (2025: the districts, replaced by 65 communes). Each
former district's figures of last year stand next to this year's communes whose main former
district it was, with their sum – marked approximate, because several communes took in land of
more than one former district and the grouping is the catalog's (inferred). Units are not compared
one by one; only the province totals (last rows) compare, and only as far as every unit reported.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.catalog.query import CatalogView
from pipeline.consolidate.reorganisation import compared_fields, ended_local_units
from pipeline.manifest import Manifest, ValueRow

APPROX = "gần đúng"


def _sheet_name(year: int) -> str:
    return f"So sánh với năm {year - 1}"


def _figures(values: list[ValueRow], judged: str) -> dict[str, dict[tuple[str, str], float]]:
    """unit → (item, field-or-part) → value, for the compared figures."""
    out: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    for v in values:
        if not v.valid or not isinstance(v.value, int | float) or isinstance(v.value, bool):
            continue
        if v.item == "":
            out[v.unit][("", v.field)] = float(v.value)
        elif v.field == judged and v.part:
            out[v.unit][(v.item, v.part)] = float(v.value)
    return out


def _sum(units: list[str], figures: dict, keys: list[tuple[str, str]]) -> list[float | None]:
    out: list[float | None] = []
    for k in keys:
        got = [figures[u][k] for u in units if k in figures.get(u, {})]
        out.append(round(sum(got), 4) if got else None)
    return out


def _columns(view: CatalogView) -> tuple[list[tuple[str, str]], list[tuple[str, float]], list]:
    """The figure keys, their headers, and how each output column is made from them: ("v", i) a
    figure, ("pct", i, j) Σ part / Σ whole × 100 of a ratio target (never a mean of percentages)."""
    keys: list[tuple[str, str]] = []
    headers: list[tuple[str, float]] = []
    plan: list = []
    for item, key, label in compared_fields(view):
        keys.append((item, key))
        headers.append((label, 13))
        plan.append(("v", len(keys) - 1))
        if key == "mau_so":
            t = view.items_by_code[item]
            headers.append((f"Tỷ lệ {t.name[0].lower()}{t.name[1:]} (%)", 13))
            plan.append(("pct", len(keys) - 2, len(keys) - 1))
    return keys, headers, plan


def _row(values: list[float | None], plan: list) -> list[float | None]:
    out: list[float | None] = []
    for how in plan:
        if how[0] == "v":
            out.append(values[how[1]])
        else:
            part, whole = values[how[1]], values[how[2]]
            out.append(round(part / whole * 100, 2) if part is not None and whole else None)
    return out


def write_reorganisation_sheet(b: Any, m: Manifest, view: CatalogView) -> None:
    """The comparison sheet (``b`` is the workbook writer's book); nothing in an ordinary year."""
    ended = ended_local_units(view)
    if not ended:
        return
    y = m.year
    keys, figure_headers, plan = _columns(view)
    judged = view.catalog.plan.judge_on
    before = _figures(m.previous_local_values, judged)
    now = _figures(m.values, judged)
    received = set(m.completeness.received)
    names = {u.code: u.name for u in view.catalog.units}
    groups: dict[str, list[str]] = {d: [] for d in ended}
    other: list[str] = []
    for u in view.active_units:
        if u.kind.value in ("commune", "district") and u.code not in ended:
            main = view.main_predecessor(u.code)
            (groups[main] if main in groups else other).append(u.code)

    rows: list[tuple[list[Any], bool]] = []  # (cells, a district or total row)

    def add(group: str, name: str, year: int, state: str, units: list[str], figures, strong=False) -> None:
        rows.append(([group, name, year, state, *_row(_sum(units, figures, keys), plan)], strong))

    for d in ended:
        dname = view.unit(d).short_name
        add(dname, names[d], y - 1, "Có số liệu" if d in before else "Không có số liệu", [d], before, True)
        for c in groups[d]:
            add(dname, names[c], y, "Đã gửi" if c in received else "Chưa gửi", [c], now)
        sent = [c for c in groups[d] if c in received]
        add(dname, f"Cộng các xã, phường ({APPROX})", y, f"{len(sent)}/{len(groups[d])}", sent, now, True)
    for c in other:
        add("Chưa rõ huyện cũ", names[c], y, "Đã gửi" if c in received else "Chưa gửi", [c], now)
    locals_now = [c for g in groups.values() for c in g] + other
    sent_before = [d for d in ended if d in before]
    sent_now = [c for c in locals_now if c in received]
    add(
        "Toàn tỉnh",
        "Cộng các huyện, thành phố",
        y - 1,
        f"{len(sent_before)}/{len(ended)}",
        sent_before,
        before,
        True,
    )
    add("Toàn tỉnh", "Cộng các xã, phường", y, f"{len(sent_now)}/{len(locals_now)}", sent_now, now, True)

    headers = [("Huyện cũ", 16), ("Cơ quan, đơn vị, địa phương", 30), ("Năm", 6), ("Đã báo cáo", 10)]
    headers += figure_headers
    ws = b.sheet(
        _sheet_name(y),
        f"SỐ LIỆU NĂM {y - 1} CỦA CÁC HUYỆN CŨ VÀ NĂM {y} CỦA CÁC XÃ, PHƯỜNG ({APPROX.upper()})",
        f"Năm {y} – số liệu đến ngày {m.as_of:%d/%m/%Y}; số năm {y - 1} theo báo cáo của từng huyện",
    )
    base = {"font_name": "Times New Roman", "font_size": 11, "valign": "top"}
    note = b.wb.add_format({**base, "italic": True, "text_wrap": True})
    strong = b.wb.add_format({**base, "bold": True, "border": 1, "text_wrap": True})
    ws.set_row(3, 45)
    ws.merge_range(
        3, 0, 3, len(headers) - 1,
        f"Từ ngày 01/7/{y} không còn cấp huyện; mỗi xã, phường được xếp theo huyện cũ chính của danh mục "
        "(giả định), nhiều xã nhận địa bàn của hơn một huyện cũ: số liệu theo nhóm chỉ gần đúng, không so sánh "
        "từng đơn vị. Chỉ số liệu toàn tỉnh (hai dòng cuối) so sánh được, khi đủ đơn vị báo cáo.",
        note,
    )  # fmt: skip
    top = 5
    ws.set_row(top, 96)
    for j, (h, width) in enumerate(headers):
        ws.set_column(j, j, width)
        ws.write_string(top, j, h, b.f_head)
    for i, (cells, is_strong) in enumerate(rows, start=top + 1):
        for j, v in enumerate(cells):
            fmt = strong if is_strong and j < 2 else (b.f_pct if plan_is_pct(plan, j - 4) else None)
            b.cell(ws, i, j, v, fmt)
    ws.autofilter(top, 0, top + len(rows), len(headers) - 1)
    ws.freeze_panes(top + 1, 2)
    ws.repeat_rows(top)


def plan_is_pct(plan: list, j: int) -> bool:
    return 0 <= j < len(plan) and plan[j][0] == "pct"
