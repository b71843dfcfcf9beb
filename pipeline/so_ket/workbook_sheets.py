"""The review workbook's sheets by unit and by year: Theo đơn vị (units × years × indicators, each
unit's series stopping at a reorganisation) and Lũy kế (documents, activities, money by year and
source, programmes, youths and staff); the lists are in :mod:`pipeline.so_ket.workbook_lists`."""

from __future__ import annotations

import pandas as pd

from pipeline.catalog.labels import KIND_LABEL
from pipeline.catalog.model import Obligation
from pipeline.so_ket.frames import Review
from pipeline.so_ket.workbook import SHEETS, _num
from pipeline.vn import ngay
from pipeline.writers.workbook import _Book
from pipeline.writers.workbook_units import KIND_ORDER

STATUS = {
    "dung_han": "Đúng hạn",
    "gui_cham": "Gửi chậm",
    "chua_gui": "Chưa gửi báo cáo",
    "chua_den_han": "Chưa đến hạn",
}


def _block(
    b: _Book,
    ws,
    row: int,
    title: str,
    headers: list[tuple[str, int]],
    rows: list[list],
    formats: list | None = None,
) -> int:
    """A titled table (several per sheet): returns the next free row."""
    b.cell(ws, row, 0, title, b.f_big_text)
    row += 1
    ws.set_row(row, 32)
    for j, (h, _w) in enumerate(headers):
        b.cell(ws, row, j, h, b.f_head)
    for i, values in enumerate(rows, start=row + 1):
        for j, v in enumerate(values):
            b.cell(ws, i, j, v, formats[j] if formats and j < len(formats) else None)
    return row + len(rows) + 2


def _cover(answered, asked) -> str:
    if asked is None or asked != asked or not asked:
        return ""
    return f"{int(answered)}/{int(asked)}"


# --------------------------------------------------------------------------- Theo đơn vị


def _note(r: Review, code: str, year: int, last_year: dict[str, int]) -> str:
    """What changed for the unit that year (its series does not carry across it)."""
    notes = []
    if year != r.first:
        ro = r.views[year].reorganised(code)
        if ro is not None:
            if ro.began:
                notes.append(f"Đơn vị mới từ ngày {ngay(ro.began)}: không so sánh với các năm trước")
            if ro.absorbed:
                who = ", ".join(r.names.get(c, c) for c in ro.absorbed)
                notes.append(f"Từ năm {year} gồm cả nhiệm vụ của {who}: không so sánh với các năm trước")
    if last_year.get(code) == year and year != r.last:
        notes.append(f"Không còn báo cáo từ năm {year + 1} (sắp xếp tổ chức bộ máy)")
    return "; ".join(notes)


def units(b: _Book, r: Review, period: str, subtitle: str) -> None:
    ws = b.sheet(SHEETS["units"], f"SỐ LIỆU TỪNG CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG GIAI ĐOẠN {period}", subtitle)
    u = r.units
    indicators = (
        u.drop_duplicates("indicator").sort_values("order", kind="stable")[["indicator", "label", "uom"]]
        if len(u)
        else pd.DataFrame(columns=["indicator", "label", "uom"])
    )
    table = u.pivot_table(index=["unit", "year"], columns="indicator", values="value", aggfunc="first")
    disc = r.discipline.set_index(["unit", "year"])
    pairs: set[tuple[str, int]] = set(disc.index)
    for y in r.years:  # requested units that sent a report that year
        c = r.m(y).completeness
        pairs |= {(code, y) for code in c.requested_received}
    last_year: dict[str, int] = {}
    for code, y in pairs:
        last_year[code] = max(last_year.get(code, y), y)
    units_of = {x.code: x for x in r.catalog.units}

    def key(pair):
        code, y = pair
        unit = units_of.get(code)
        return (
            unit is not None and unit.obligation == Obligation.requested,
            KIND_ORDER.get(unit.kind.value, 9) if unit else 9,
            r.names.get(code, code).casefold(),
            y,
        )

    rows = []
    for code, y in sorted(pairs, key=key):
        unit = units_of.get(code)
        status = (
            STATUS.get(disc["status"].get((code, y), ""), "")
            if (code, y) in disc.index
            else "Được đề nghị, đã gửi"
        )
        if (code, y) in disc.index and disc["status"].get((code, y)) == "gui_cham":
            status = f"Gửi chậm ({int(disc['days_late'].get((code, y)))} ngày)"
        values = [
            _num(table.loc[(code, y), i]) if (code, y) in table.index and i in table.columns else None
            for i in indicators["indicator"]
        ]
        rows.append(
            [
                r.names.get(code, code),
                KIND_LABEL.get(unit.kind, "") if unit else "",
                y,
                status,
                *values,
                _note(r, code, y, last_year),
            ]
        )
    headers = [("Cơ quan, đơn vị, địa phương", 34), ("Loại", 14), ("Năm", 7), ("Tình hình gửi báo cáo", 14)]
    headers += [
        (f"{lab} ({uom})" if uom else lab, 14)
        for lab, uom in zip(indicators["label"], indicators["uom"], strict=True)
    ]
    headers.append(("Ghi chú", 40))
    formats = [None, None, b.f_int, None, *[b.f_dec] * len(indicators), None]
    b.table(ws, 4, headers, rows, formats)
    ws.freeze_panes(5, 3)


# --------------------------------------------------------------------------- Lũy kế


def cumulative(b: _Book, r: Review, period: str, subtitle: str) -> None:
    name = SHEETS["cumulative"]
    ws = b.sheet(name, f"SỐ LIỆU THEO NĂM VÀ LŨY KẾ GIAI ĐOẠN {period}", subtitle)
    years = r.years
    ws.set_column(0, 0, 56)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2 + len(years) + 3, 13)
    row = 4
    d = r.documents
    row = _block(
        b,
        ws,
        row,
        "A. Văn bản triển khai ban hành trong kỳ báo cáo của từng năm",
        [
            ("Năm", 0),
            ("Văn bản theo Phụ lục I", 0),
            ("Văn bản khác", 0),
            ("Tổng số trong năm", 0),
            ("Lũy kế", 0),
        ],
        [
            [str(int(x["year"])), int(x["phu_luc"]), int(x["khac"]), int(x["tong"]), int(x["luy_ke"])]
            for _, x in d.iterrows()
        ],
    )
    by_item = r.documents_by_item
    row = _block(
        b,
        ws,
        row,
        "Văn bản theo từng văn bản của Phụ lục I (số cơ quan, đơn vị, địa phương ban hành trong kỳ)",
        [("Văn bản", 0), *[(f"Năm {y}", 0) for y in years], ("Lũy kế", 0)],
        [[str(n), *[int(x[y]) for y in years], int(x["tong"])] for n, x in by_item.iterrows()],
    )

    def by_year(df, keys_label):
        out = []
        for _, g in df.groupby("key", sort=False):
            vals = {int(y): _num(v) for y, v in zip(g["year"], g["value"], strict=True)}
            cover = "; ".join(
                f"năm {int(y)}: {_cover(a, n)}"
                for y, a, n in zip(g["year"], g["answered"], g["asked"], strict=True)
                if _cover(a, n) and a < n
            )
            missing = [str(y) for y, v in vals.items() if v is None]
            note = "; ".join(
                filter(
                    None,
                    [
                        f"Số đơn vị báo cáo/phải báo cáo – {cover}" if cover else "",
                        f"Chưa có số liệu năm {', '.join(missing)}" if missing else "",
                    ],
                )
            )
            out.append(
                [keys_label(g.iloc[0]), *[vals.get(y) for y in years], _num(g["luy_ke"].iloc[-1]), note]
            )
        return out

    fl = r.flows
    row = _block(
        b,
        ws,
        row,
        "B. Tuyên truyền, kiểm tra, đối thoại, bồi dưỡng (số liệu của từng năm và lũy kế)",
        [("Nội dung (đơn vị tính)", 0), *[(f"Năm {y}", 0) for y in years], ("Lũy kế", 0), ("Ghi chú", 0)],
        by_year(fl, lambda x: f"{x['label']} ({x['uom']})"),
        [None, *[b.f_int] * len(years), b.f_int, None],
    )
    fu = r.funding
    money = fu[fu["kind"] != "long_ghep"]
    chart_first = row + 2
    row = _block(
        b,
        ws,
        row,
        "C. Kinh phí theo năm và theo nguồn (triệu đồng)",
        [("Nguồn kinh phí", 0), *[(f"Năm {y}", 0) for y in years], ("Lũy kế", 0), ("Ghi chú", 0)],
        by_year(money, lambda x: x["label"]),
        [None, *[b.f_dec] * len(years), b.f_dec, None],
    )
    n_sources = int((money.drop_duplicates("key")["kind"] == "nguon").sum())
    chart = b.wb.add_chart({"type": "column", "subtype": "stacked"})
    for k in range(n_sources):
        rr = chart_first + k
        chart.add_series(
            {
                "name": [name, rr, 0],
                "categories": [name, chart_first - 1, 1, chart_first - 1, len(years)],
                "values": [name, rr, 1, rr, len(years)],
            }
        )
    chart.set_title({"name": "Kinh phí các cơ quan, đơn vị, địa phương bố trí theo nguồn (triệu đồng)"})
    chart.set_legend({"position": "bottom"})
    ws.insert_chart(4, len(years) + 4, chart, {"x_scale": 1.4, "y_scale": 1.2})
    folded = fu[fu["kind"] == "long_ghep"]
    row = _block(
        b,
        ws,
        row,
        "Cơ quan, đơn vị, địa phương báo cáo kinh phí lồng ghép, không tách riêng được",
        [("Nội dung", 0), *[(f"Năm {y}", 0) for y in years]],
        [["Số cơ quan, đơn vị, địa phương", *[int(v) for v in folded["value"]]]],
        [None, *[b.f_int] * len(years)],
    )
    p = r.programmes
    rows = []
    for _, g in p.groupby("item", sort=False):
        g = g.set_index("year")
        last = g.iloc[-1]
        rows.append(
            [
                last["name"],
                r.names.get(last["lead"], "") if last["lead"] else "",
                last["status"],
                *[_num(g["spent"].get(y)) for y in years],
                _num(g["spent"].sum(min_count=1)),
                _num(g["planned"].sum(min_count=1)),
            ]
        )
    row = _block(
        b,
        ws,
        row,
        "D. Chương trình, đề án, dự án: kinh phí đã thực hiện (triệu đồng)",
        [
            ("Chương trình, đề án, dự án", 0),
            ("Cơ quan chủ trì", 0),
            (f"Tình hình năm {r.last}", 0),
            *[(f"Năm {y}", 0) for y in years],
            ("Tổng đã thực hiện", 0),
            ("Tổng kế hoạch", 0),
        ],
        rows,
        [None, None, None, *[b.f_dec] * len(years), b.f_dec, b.f_dec],
    )
    st = r.stocks
    rows = []
    for _, g in st.groupby("key", sort=False):
        vals = {int(y): _num(v) for y, v in zip(g["year"], g["value"], strict=True)}
        cover = "; ".join(
            f"năm {int(y)}: {_cover(a, n)}"
            for y, a, n in zip(g["year"], g["answered"], g["asked"], strict=True)
            if _cover(a, n)
        )
        rows.append(
            [
                f"{g.iloc[0]['label']} ({g.iloc[0]['uom']})",
                *[vals.get(y) for y in years],
                f"Số đơn vị báo cáo/phải báo cáo – {cover}" if cover else "",
            ]
        )
    _block(
        b,
        ws,
        row,
        "E. Thanh niên, đội ngũ (số liệu tại thời điểm báo cáo từng năm, không cộng dồn)",
        [("Nội dung (đơn vị tính)", 0), *[(f"Năm {y}", 0) for y in years], ("Ghi chú", 0)],
        rows,
        [None, *[b.f_int] * len(years), None],
    )
