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


def write_reorganisation_sheet(b: Any, m: Manifest, view: CatalogView) -> None:
    """The comparison sheet (``b`` is the workbook writer's book); nothing in an ordinary year."""
    ended = ended_local_units(view)
    if not ended:
        return
    y = m.year
    fields = compared_fields(view)
    keys = [(item, key) for item, key, _ in fields]
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

    ws = b.sheet(
        _sheet_name(y),
        f"SỐ LIỆU NĂM {y - 1} CỦA CÁC HUYỆN CŨ VÀ NĂM {y} CỦA CÁC XÃ, PHƯỜNG ({APPROX.upper()})",
        f"Năm {y} – số liệu đến ngày {m.as_of:%d/%m/%Y}; số năm {y - 1} theo báo cáo của từng huyện",
    )
    ws.write_string(
        3,
        0,
        f"Từ ngày 01/7/{y} không còn cấp huyện; mỗi xã, phường được xếp theo huyện cũ chính của danh mục (giả "
        "định), nhiều xã nhận địa bàn của hơn một huyện cũ: số liệu theo nhóm chỉ gần đúng, không so sánh từng "
        "đơn vị. Chỉ số liệu toàn tỉnh (hai dòng cuối) so sánh được, khi đủ đơn vị báo cáo.",
        b.f_sub,
    )
    headers = [("Huyện cũ", 20), ("Cơ quan, đơn vị, địa phương", 34), ("Năm", 7), ("Đã báo cáo", 11)]
    headers += [(label, 14) for _, _, label in fields]
    rows: list[list[Any]] = []
    bold: set[int] = set()
    for d in ended:
        dname = view.unit(d).short_name
        rows.append([dname, names[d], y - 1, "Có số liệu" if d in before else "Không có số liệu",
                     *_sum([d], before, keys)])  # fmt: skip
        bold.add(len(rows) - 1)
        members = groups[d]
        for c in members:
            rows.append(
                [dname, names[c], y, "Đã gửi" if c in received else "Chưa gửi", *_sum([c], now, keys)]
            )
        sent = [c for c in members if c in received]
        rows.append([dname, f"Cộng các xã, phường ({APPROX})", y, f"{len(sent)}/{len(members)}",
                     *_sum(sent, now, keys)])  # fmt: skip
        bold.add(len(rows) - 1)
    for c in other:
        rows.append(
            [
                "Chưa rõ huyện cũ",
                names[c],
                y,
                "Đã gửi" if c in received else "Chưa gửi",
                *_sum([c], now, keys),
            ]
        )
    locals_now = [c for g in groups.values() for c in g] + other
    sent_before = [d for d in ended if d in before]
    sent_now = [c for c in locals_now if c in received]
    rows.append(["Toàn tỉnh", "Cộng các huyện, thành phố", y - 1, f"{len(sent_before)}/{len(ended)}",
                 *_sum(sent_before, before, keys)])  # fmt: skip
    rows.append(["Toàn tỉnh", "Cộng các xã, phường", y, f"{len(sent_now)}/{len(locals_now)}",
                 *_sum(sent_now, now, keys)])  # fmt: skip
    bold |= {len(rows) - 2, len(rows) - 1}
    strong = b.wb.add_format(
        {
            "font_name": "Times New Roman",
            "font_size": 11,
            "valign": "top",
            "bold": True,
            "border": 1,
            "text_wrap": True,
        }
    )
    formats = [None, None, b.f_int, None] + [None] * len(keys)  # a number's format follows its value
    cell_format = {(i, j): strong for i in bold for j in range(2)}
    b.table(ws, 5, headers, rows, formats, cell_format)
