"""The review's workbook ``so-ket-<từ>-<đến>.xlsx`` (xlsxwriter, the yearly workbook's formats).

Sheets: Tổng quan (headline figures, charts of reporting and documents by year), Chỉ tiêu qua các năm
(one row per target: each year's value, the last year's plan and verdict, the horizon value and the
distance to it), Chuỗi chỉ tiêu (one row per target and year: plan, numerator, denominator, value,
verdict, how many units gave the figure), Biểu đồ chỉ tiêu (one chart per target, by name), Theo đơn
vị, Lũy kế (:mod:`pipeline.so_ket.workbook_sheets`), Gửi báo cáo, Khen thưởng, Nguồn số liệu
(:mod:`pipeline.so_ket.workbook_lists`).

Numbers are numbers (Excel shows them in the reader's locale), names never codes, every user string
written as a string; "DỮ LIỆU MẪU" on every sheet when a year is sample data.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.so_ket.frames import Review
from pipeline.wording import Phrases
from pipeline.writers.atomic import write_with
from pipeline.writers.workbook import _Book, _verdict_format

__all__ = ["SHEETS", "workbook_filename", "write_workbook"]

SHEETS = {
    "overview": "Tổng quan",
    "targets": "Chỉ tiêu qua các năm",
    "series": "Chuỗi chỉ tiêu",
    "charts": "Biểu đồ chỉ tiêu",
    "units": "Theo đơn vị",
    "cumulative": "Lũy kế",
    "discipline": "Gửi báo cáo",
    "commendation": "Khen thưởng",
    "sources": "Nguồn số liệu",
}
PLAN_NOTE = {"tham_khao": "Lộ trình tham khảo", "chua_giao": "Chưa giao chỉ tiêu năm"}
TREND = {
    "tang_deu": "Tăng đều",
    "tang": "Tăng",
    "giam_deu": "Giảm đều",
    "giam": "Giảm",
    "khong_doi": "Không đổi",
    "dao_dong": "Có tăng, có giảm",
    "chua_du": "Chưa đủ số liệu",
}


def workbook_filename(first: int, last: int) -> str:
    return f"so-ket-{first}-{last}.xlsx"


def _num(x):
    return None if x is None or x != x else float(x)


def write_workbook(review: Review, phrases: Phrases, path: Path) -> Path:
    return write_with(Path(path), lambda tmp: _write(review, phrases, tmp))


def _write(r: Review, phrases: Phrases, path: Path) -> None:
    from pipeline.so_ket import workbook_lists as lists
    from pipeline.so_ket import workbook_sheets as more

    b = _Book(path, r.sample)
    period = f"{r.first}-{r.last}"
    subtitle = (
        f"Giai đoạn {period}; số liệu từ kết quả tổng hợp báo cáo hằng năm (mỗi năm tính trong kỳ báo cáo "
        "của năm đó); lũy kế = tổng các năm"
    )
    _overview(b, r, period, subtitle)
    _targets(b, r, period, subtitle)
    _series(b, r, period, subtitle)
    _charts(b, r, period, subtitle)
    more.units(b, r, period, subtitle)
    more.cumulative(b, r, period, subtitle)
    lists.discipline(b, r, period, subtitle)
    lists.commendation(b, r, phrases, period, subtitle)
    lists.sources(b, r, period, subtitle)
    b.wb.close()


# --------------------------------------------------------------------------- Tổng quan


def _overview(b: _Book, r: Review, period: str, subtitle: str) -> None:
    name = SHEETS["overview"]
    ws = b.sheet(name, f"SƠ KẾT THỰC HIỆN CHƯƠNG TRÌNH PHÁT TRIỂN THANH NIÊN GIAI ĐOẠN {period}", subtitle)
    s = r.summary
    v = list(s["verdict_last"]) if not s.empty else []
    d = r.documents
    fu = r.funding
    money = fu[fu["kind"] == "nguon"]["value"].sum(min_count=1)
    spent = fu[fu["key"] == "da_da_chi"]["value"].sum(min_count=1)
    team = int((r.proposals["doi_tuong"] == "Tập thể").sum()) if len(r.proposals) else 0
    headline = [
        ("Số năm tổng hợp", len(r.years)),
        ("Mục tiêu, chỉ tiêu của Kế hoạch", len(s)),
        (f"Chỉ tiêu Vượt (đánh giá năm {r.last})", v.count("vuot")),
        (f"Chỉ tiêu Đạt (đánh giá năm {r.last})", v.count("dat")),
        (f"Chỉ tiêu Chưa đạt (đánh giá năm {r.last})", v.count("chua_dat")),
        (f"Chỉ tiêu chưa đến hạn đánh giá (mục tiêu năm {r.horizon})", v.count("chua_den_han")),
        (f"Chỉ tiêu chưa có số liệu năm {r.last}", v.count("chua_co_so_lieu")),
        (f"Chỉ tiêu đã đạt mức mục tiêu năm {r.horizon}", int(sum(1 for x in s.get("reached_end", []) if x))),
        ("Văn bản triển khai ban hành trong giai đoạn (lũy kế)", int(d["luy_ke"].iloc[-1]) if len(d) else 0),
        ("Kinh phí các cơ quan, đơn vị, địa phương bố trí (triệu đồng, lũy kế)", _num(money)),
        ("Kinh phí đã thực hiện các chương trình, đề án, dự án (triệu đồng, lũy kế)", _num(spent)),
        ("Tập thể được đề xuất khen thưởng", team),
        ("Cá nhân được đề xuất khen thưởng", len(r.proposals) - team),
        ("Đơn vị báo cáo đúng hạn các năm, đạt chỉ tiêu (gợi ý)", len(r.suggestions)),
    ]
    top = 4
    ws.set_column(0, 0, 62)
    ws.set_column(1, 1, 14)
    b.cell(ws, top, 0, "Chỉ số", b.f_head)
    b.cell(ws, top, 1, "Giá trị", b.f_head)
    # the chart data (by year) sits to the right, written row by row with the headline
    dy = r.discipline_years
    data_col = 20
    ws.set_column(data_col, data_col + 5, None, None, {"hidden": True})  # chart data
    chart_rows = [("Năm", "Đúng hạn", "Gửi chậm", "Chưa gửi", "Văn bản trong kỳ", "Lũy kế văn bản")]
    for i, y in enumerate(r.years):
        row = dy[dy["year"] == y].iloc[0]
        chart_rows.append(
            (
                str(y),
                int(row["on_time"]),
                int(row["late"]),
                int(row["missing"] + row["not_yet_due"]),
                int(d["tong"].iloc[i]),
                int(d["luy_ke"].iloc[i]),
            )
        )
    n = max(len(headline) + 1, len(chart_rows))
    for i in range(n):
        rr = top + i
        if 0 < i <= len(headline):
            label, value = headline[i - 1]
            b.cell(ws, rr, 0, label, b.f_label)
            b.cell(ws, rr, 1, value, b.f_big if isinstance(value, int) else b.f_dec)
        if i < len(chart_rows):
            for j, x in enumerate(chart_rows[i]):
                b.cell(ws, rr, data_col + j, x, b.f_head if i == 0 else None)
    last = top + len(r.years)
    bar = b.wb.add_chart({"type": "column", "subtype": "stacked"})
    for j, color in ((1, "#70AD47"), (2, "#FFC000"), (3, "#C00000")):
        bar.add_series(
            {
                "name": [name, top, data_col + j],
                "categories": [name, top + 1, data_col, last, data_col],
                "values": [name, top + 1, data_col + j, last, data_col + j],
                "fill": {"color": color},
            }
        )
    bar.set_title({"name": "Tình hình gửi báo cáo các năm (số cơ quan, đơn vị, địa phương)"})
    bar.show_hidden_data()
    ws.insert_chart(top, 3, bar, {"x_scale": 1.3, "y_scale": 1.1})
    docs = b.wb.add_chart({"type": "column"})
    docs.add_series(
        {
            "name": [name, top, data_col + 4],
            "categories": [name, top + 1, data_col, last, data_col],
            "values": [name, top + 1, data_col + 4, last, data_col + 4],
            "fill": {"color": "#4472C4"},
        }
    )
    line = b.wb.add_chart({"type": "line"})
    line.add_series(
        {
            "name": [name, top, data_col + 5],
            "categories": [name, top + 1, data_col, last, data_col],
            "values": [name, top + 1, data_col + 5, last, data_col + 5],
            "y2_axis": True,
            "marker": {"type": "circle"},
        }
    )
    docs.combine(line)
    docs.set_title({"name": "Văn bản triển khai ban hành trong kỳ báo cáo và lũy kế"})
    docs.show_hidden_data()
    ws.insert_chart(top + 17, 3, docs, {"x_scale": 1.3, "y_scale": 1.1})


# --------------------------------------------------------------------------- targets


def _targets(b: _Book, r: Review, period: str, subtitle: str) -> None:
    ws = b.sheet(SHEETS["targets"], f"KẾT QUẢ CÁC MỤC TIÊU, CHỈ TIÊU GIAI ĐOẠN {period}", subtitle)
    rows, fmts = [], {}
    for i, (_, s) in enumerate(r.summary.iterrows()):
        plan = s["plan_last"]
        rows.append(
            [
                i + 1,
                s["name"],
                s["uom"],
                *[s["values"].get(y) for y in r.years],
                plan if plan is not None else PLAN_NOTE.get(s["plan_note_last"], ""),
                s["verdict_label_last"],
                s["goal_end"],
                None if s["reached_end"] is None else ("Đã đạt" if s["reached_end"] else "Chưa đạt"),
                s["distance_end"] if s["reached_end"] is False else None,
                TREND.get(s["trend"], ""),
                s["change"],
                "Cơ quan chủ trì" if s["figure_source"] == "lead" else "Tổng các địa phương",
                f"{s['n_sources_last']}/{s['n_suppliers_last']}" if s["n_suppliers_last"] else "",
            ]
        )
        fmts[(i, 4 + len(r.years))] = _verdict_format(b, s["verdict_last"])
    headers = [("STT", 5), ("Mục tiêu, chỉ tiêu", 48), ("Đơn vị tính", 8)]
    headers += [(f"Năm {y}", 10) for y in r.years]
    headers += [
        (f"Chỉ tiêu năm {r.last}", 12),
        (f"Đánh giá năm {r.last}", 14),
        (f"Mục tiêu đến năm {r.horizon}", 11),
        (f"Đạt mức mục tiêu năm {r.horizon}", 11),
        (f"Còn cách mục tiêu năm {r.horizon} (điểm % hoặc đơn vị tính)", 14),
        ("Xu hướng", 13),
        (f"Thay đổi {r.first}–{r.last} (điểm % hoặc đơn vị tính)", 13),
        ("Nguồn số liệu", 16),
        (f"Số đơn vị có số liệu năm {r.last}", 11),
    ]
    formats = [
        b.f_int,
        None,
        None,
        *[b.f_dec] * len(r.years),
        b.f_dec,
        None,
        b.f_dec,
        None,
        b.f_dec,
        None,
        b.f_dec,
        None,
        None,
    ]
    b.table(ws, 4, headers, rows, formats, fmts)


def _series(b: _Book, r: Review, period: str, subtitle: str) -> None:
    ws = b.sheet(SHEETS["series"], f"CHUỖI SỐ LIỆU TỪNG CHỈ TIÊU GIAI ĐOẠN {period}", subtitle)
    rows, fmts = [], {}
    t = r.targets
    for i, (_, x) in enumerate(t.iterrows()):
        note = PLAN_NOTE.get(x["plan_note"], "")
        missing = x["n_suppliers"] - x["n_sources"]
        if missing and x["value"] == x["value"]:
            note = "; ".join(filter(None, [note, f"Thiếu số liệu của {missing}/{x['n_suppliers']} đơn vị"]))
        rows.append(
            [
                x["name"],
                int(x["year"]),
                x["uom"],
                _num(x["plan"]),
                _num(x["numerator"]),
                _num(x["denominator"]),
                _num(x["value"]),
                _num(x["actual"]),
                x["verdict_label"],
                f"{x['n_sources']}/{x['n_suppliers']}" if x["n_suppliers"] else "",
                note,
            ]
        )
        fmts[(i, 8)] = _verdict_format(b, x["verdict"])
    b.table(
        ws,
        4,
        [
            ("Mục tiêu, chỉ tiêu", 48),
            ("Năm", 7),
            ("Đơn vị tính", 8),
            ("Kế hoạch năm", 11),
            ("Tử số", 12),
            ("Mẫu số", 12),
            ("Giá trị (số dùng để đánh giá)", 12),
            ("Thực hiện đến thời điểm báo cáo", 12),
            ("Đánh giá năm", 16),
            ("Số đơn vị có số liệu", 10),
            ("Ghi chú", 36),
        ],
        rows,
        [None, b.f_int, None, b.f_dec, b.f_int, b.f_int, b.f_dec, b.f_dec, None, None, None],
        fmts,
    )


def _charts(b: _Book, r: Review, period: str, subtitle: str) -> None:
    """One line chart per target with figures: the value each year, the year's plan, the horizon value."""
    name = SHEETS["charts"]
    ws = b.sheet(name, f"BIỂU ĐỒ CÁC CHỈ TIÊU GIAI ĐOẠN {period}", subtitle)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 1, 24)
    top = 4
    b.cell(ws, top, 0, "Mục tiêu, chỉ tiêu", b.f_head)
    b.cell(ws, top, 1, "Số liệu", b.f_head)
    for j, y in enumerate(r.years):
        b.cell(ws, top, 2 + j, str(y), b.f_head)
    row = top + 1
    at = 0
    cols = (2, 2 + len(r.years) - 1)
    for _, s in r.summary.iterrows():
        if s["last_value"] is None:
            continue
        plans = r.targets[r.targets["item"] == s["item"]].set_index("year")["plan"]
        lines = [("Giá trị", [s["values"].get(y) for y in r.years])]
        if plans.notna().any():
            lines.append(("Kế hoạch năm", [_num(plans.get(y)) for y in r.years]))
        if s["goal_end"] is not None:
            lines.append((f"Mục tiêu năm {r.horizon}", [s["goal_end"]] * len(r.years)))
        chart = b.wb.add_chart({"type": "line"})
        for k, (label, values) in enumerate(lines):
            rr = row + k
            b.cell(ws, rr, 0, s["name"] if k == 0 else "", b.f_label)
            b.cell(ws, rr, 1, label, b.f_label)
            for j, x in enumerate(values):
                b.cell(ws, rr, 2 + j, x, b.f_dec)
            chart.add_series(
                {
                    "name": [name, rr, 1],
                    "categories": [name, top, cols[0], top, cols[1]],
                    "values": [name, rr, cols[0], rr, cols[1]],
                    "marker": {"type": "circle"},
                    "line": {"dash_type": "dash"} if k else {},
                }
            )
        title = s["name"] if len(s["name"]) <= 70 else s["name"][:68].rsplit(" ", 1)[0] + " …"
        chart.set_title({"name": f"{title} ({s['uom']})", "name_font": {"size": 10}})
        chart.set_legend({"position": "bottom"})
        ws.insert_chart(top + (at // 2) * 16, 9 + (at % 2) * 8, chart, {"x_scale": 1.0, "y_scale": 1.0})
        at += 1
        row += len(lines)
