"""The consolidated workbook ``tong-hop-<Y>.xlsx`` (xlsxwriter; labels of DOMAIN §7).

Every user string is written with ``write_string`` (``=HYPERLINK(...)`` stays text); dates as dates;
frozen headers, filters, A4 landscape; "DỮ LIỆU MẪU" on every sheet when built from the shipped
sample data. Names, not codes: a code stays only in a last, narrow "Mã" column; charts show names.
The two unit sheets (Theo đơn vị, Dữ liệu chi tiết) are in :mod:`pipeline.writers.workbook_units`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter

from pipeline.catalog.labels import KIND_LABEL, OBLIGATION_LABEL, ROLE_LABEL
from pipeline.catalog.query import CatalogView
from pipeline.manifest import SEVERITY_LABEL, VERDICT_LABEL, Manifest
from pipeline.vn import ngay
from pipeline.writers.atomic import write_with
from pipeline.writers.labels import (
    SAMPLE_MARK,
    SHEET_DOCUMENTS,
    SHEET_REPORTING,
    SOURCE_LABEL,
    STATUS_LABEL,
    reporting_status,
)
from pipeline.writers.reorganisation import write_reorganisation_sheet

NUM_FORMAT = "#,##0"
DEC_FORMAT = "#,##0.0"
PCT_FORMAT = "0.0"


class _Book:
    def __init__(self, path: Path, sample: bool):
        self.wb = xlsxwriter.Workbook(
            str(path),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                # not "constant_memory": the cells are kept until the file is closed, the repeated texts
                # written once (shared strings). Measured: 30 % less time at every size (sample year
                # 0.285 → 0.20 s, 1,000 files 0.60 → 0.47 s, 3,400 files 1.97 → 1.67 s) for 31 MB more
                # at 3,400 – the one-row-per-cell list, the only long sheet, goes to a CSV at that size.
                # Its temporary files beside the output (the staging folder of a run): a writer stopped
                # half-way (writers/beside.py) leaves nothing in the system's temporary folder
                "tmpdir": str(Path(path).parent),
            },
        )
        self.sample = sample
        wb = self.wb
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "top"}
        self.f_title = wb.add_format({**base, "bold": True, "font_size": 14})
        self.f_sub = wb.add_format({**base, "italic": True})
        self.f_sample = wb.add_format({**base, "bold": True, "font_color": "#C00000"})
        self.f_head = wb.add_format(
            {**base, "bold": True, "text_wrap": True, "border": 1, "bg_color": "#DDEBF7", "align": "center"}
        )
        self.f_text = wb.add_format({**base, "text_wrap": True, "border": 1})
        self.f_int = wb.add_format({**base, "border": 1, "num_format": NUM_FORMAT})
        self.f_dec = wb.add_format({**base, "border": 1, "num_format": DEC_FORMAT})
        self.f_pct = wb.add_format({**base, "border": 1, "num_format": PCT_FORMAT})
        self.f_big = wb.add_format(
            {**base, "bold": True, "font_size": 12, "border": 1, "num_format": NUM_FORMAT}
        )
        self.f_label = wb.add_format({**base, "border": 1, "text_wrap": True})
        self.f_bad = wb.add_format({**base, "border": 1, "bg_color": "#F8CBAD", "text_wrap": True})
        self.f_good = wb.add_format({**base, "border": 1, "bg_color": "#C6EFCE", "text_wrap": True})
        self.f_warn = wb.add_format({**base, "border": 1, "bg_color": "#FFEB9C", "text_wrap": True})
        self.f_date = wb.add_format({**base, "border": 1, "num_format": "dd/mm/yyyy"})
        self.f_datetime = wb.add_format({**base, "border": 1, "num_format": "dd/mm/yyyy hh:mm"})
        self.f_big_text = wb.add_format({**base, "bold": True, "border": 1})
        self.f_big_num = wb.add_format({**base, "bold": True, "border": 1, "num_format": "#,##0.##"})

    def sheet(self, name: str, title: str, subtitle: str):
        ws = self.wb.add_worksheet(name)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.hide_gridlines(2)
        ws.write_string(0, 0, title, self.f_title)
        ws.write_string(1, 0, subtitle, self.f_sub)
        if self.sample:
            ws.write_string(2, 0, SAMPLE_MARK, self.f_sample)
            ws.set_header(f'&C&"Times New Roman,Bold"&12{SAMPLE_MARK}')
        return ws

    def table(
        self,
        ws,
        first_row: int,
        headers: list[tuple[str, int]],
        rows: list[list[Any]],
        formats: list[Any] | None = None,
        cell_format: dict[tuple[int, int], Any] | None = None,
    ) -> int:
        """Headers, then ``rows`` (top to bottom); ``cell_format`` overrides by (row index, column)."""
        ws.set_row(first_row, 32)
        for j, (h, width) in enumerate(headers):
            ws.set_column(j, j, width)
            ws.write_string(first_row, j, h, self.f_head)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                fmt = (cell_format or {}).get((i, j))
                if fmt is None and formats and formats[j] is not None:
                    fmt = formats[j]
                self.cell(ws, first_row + 1 + i, j, v, fmt)
        last = first_row + max(len(rows), 1)
        ws.autofilter(first_row, 0, last, len(headers) - 1)
        ws.freeze_panes(first_row + 1, 0)
        ws.repeat_rows(first_row)
        return last

    def cell(self, ws, r: int, c: int, v: Any, fmt=None) -> None:
        if v is None or v == "":
            ws.write_blank(r, c, None, fmt or self.f_text)
        elif isinstance(v, bool):
            ws.write_string(r, c, "Có" if v else "Không", fmt or self.f_text)
        elif isinstance(v, int | float):
            ws.write_number(r, c, v, fmt or (self.f_int if float(v).is_integer() else self.f_dec))
        elif isinstance(v, dt.datetime):
            t = v.replace(tzinfo=None)
            ws.write_datetime(r, c, t, fmt or (self.f_date if t.time() == dt.time() else self.f_datetime))
        elif isinstance(v, dt.date):
            ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), fmt or self.f_date)
        else:
            ws.write_string(r, c, str(v), fmt or self.f_text)


def _verdict_format(b: _Book, verdict: str):
    if verdict in ("vuot", "dat", "dung_lo_trinh"):
        return b.f_good
    if verdict in ("chua_dat", "cham_lo_trinh"):
        return b.f_bad
    return b.f_warn


def write_workbook(manifest: Manifest, view: CatalogView, path: Path) -> Path:
    return write_with(path, lambda tmp: _write(manifest, view, tmp))


def _write(m: Manifest, view: CatalogView, path: Path) -> None:
    b = _Book(path, m.sample_data)
    y = m.year
    c = m.completeness
    period = f" (kỳ báo cáo {ngay(m.period.start)} – {ngay(m.period.end)})" if m.period else ""
    subtitle = (
        f"Năm {y}{period} – số liệu đến ngày {m.as_of:%d/%m/%Y}; "
        f"danh mục theo Kế hoạch số {m.plan.number}, mã phiên bản {m.plan.catalog_hash}"
    )
    names = m.units
    units = view.units_by_code

    # ---- Tổng quan
    ws = b.sheet(
        "Tổng quan", f"TỔNG HỢP KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH PHÁT TRIỂN THANH NIÊN NĂM {y}", subtitle
    )
    verdicts = [p.verdict for p in m.province]
    headline = [
        ("Cơ quan, đơn vị, địa phương phải báo cáo", len(c.expected)),
        ("Đã gửi báo cáo", len(c.received)),
        ("Đúng hạn", len(c.on_time)),
        ("Gửi chậm", len(c.late)),
        ("Chưa gửi báo cáo", len(c.missing)),
        ("Chưa đến hạn", len(c.not_yet_due)),
        ("Tỷ lệ gửi báo cáo (%)", c.reporting_rate),
        ("Tỷ lệ đúng hạn (%)", c.on_time_rate),
        ("Đơn vị được đề nghị báo cáo đã gửi", f"{len(c.requested_received)}/{len(c.requested)}"),
        ("Chỉ tiêu Vượt", verdicts.count("vuot")),
        ("Chỉ tiêu Đạt", verdicts.count("dat")),
        ("Chỉ tiêu Chưa đạt", verdicts.count("chua_dat")),
        ("Chỉ tiêu chưa có số liệu", verdicts.count("chua_co_so_lieu")),
        ("Lỗi (cần sửa)", m.findings_by_severity.get("error", 0)),
        ("Cảnh báo (cần kiểm tra lại)", m.findings_by_severity.get("warning", 0)),
        ("Lưu ý", m.findings_by_severity.get("info", 0)),
    ]
    top = 4
    ws.set_column(0, 0, 46)
    ws.set_column(1, 1, 14)
    ws.set_column(20, 25, None, None, {"hidden": True})  # chart data
    cells: dict[tuple[int, int], tuple[Any, Any]] = {}  # written in row order below
    cells[(top, 0)] = ("Chỉ số", b.f_head)
    cells[(top, 1)] = ("Giá trị", b.f_head)
    for i, (label, value) in enumerate(headline, start=top + 1):
        cells[(i, 0)] = (label, b.f_label)
        cells[(i, 1)] = (value, b.f_pct if "(%)" in label else (b.f_big if isinstance(value, int) else None))
    cells[(top, 20)] = ("Tình hình gửi báo cáo", b.f_head)
    for i, (label, n) in enumerate(
        [
            ("Đúng hạn", len(c.on_time)),
            ("Gửi chậm", len(c.late)),
            ("Chưa gửi", len(c.missing) + len(c.not_yet_due)),
        ]
    ):
        cells[(top + 1 + i, 20)] = (label, None)
        cells[(top + 1 + i, 21)] = (n, None)
    chart = b.wb.add_chart({"type": "pie"})
    chart.add_series(
        {
            "name": "Tình hình gửi báo cáo",
            "categories": ["Tổng quan", top + 1, 20, top + 3, 20],
            "values": ["Tổng quan", top + 1, 21, top + 3, 21],
            "data_labels": {"value": True, "percentage": False},
            "points": [
                {"fill": {"color": "#70AD47"}},
                {"fill": {"color": "#FFC000"}},
                {"fill": {"color": "#C00000"}},
            ],
        }
    )
    chart.set_title({"name": f"Tình hình gửi báo cáo năm {y}"})
    chart.show_hidden_data()  # its data sits in hidden columns
    ws.insert_chart(top, 3, chart, {"x_scale": 1.1, "y_scale": 1.1})
    progress = [
        p for p in m.province if p.value is not None and p.target is not None and p.unit_of_measure == "%"
    ]
    if progress:
        cells[(top, 23)] = ("Chỉ tiêu", b.f_head)
        cells[(top, 24)] = ("Thực hiện", b.f_head)
        cells[(top, 25)] = ("Kế hoạch", b.f_head)
        for i, p in enumerate(progress, start=top + 1):
            cells[(i, 23)] = (_short(p.name), None)  # names on the chart, never codes
            cells[(i, 24)] = (round(p.value, 1), None)
            cells[(i, 25)] = (p.target, None)
        last = top + len(progress)
        bar = b.wb.add_chart({"type": "column"})
        bar.add_series(
            {
                "name": f"Ước thực hiện cả năm {y} (%)",
                "categories": ["Tổng quan", top + 1, 23, last, 23],
                "values": ["Tổng quan", top + 1, 24, last, 24],
                "fill": {"color": "#4472C4"},
            }
        )
        bar.add_series(
            {
                "name": "Kế hoạch (%)",
                "categories": ["Tổng quan", top + 1, 23, last, 23],
                "values": ["Tổng quan", top + 1, 25, last, 25],
                "fill": {"color": "#A5A5A5"},
            }
        )
        bar.set_title({"name": "Tiến độ các chỉ tiêu tỷ lệ (%)"})
        bar.show_hidden_data()
        bar.set_y_axis({"max": 100, "min": 0})
        ws.insert_chart(top + 17, 3, bar, {"x_scale": 2.2, "y_scale": 1.6})
    for (r, col), (value, fmt) in sorted(cells.items()):
        b.cell(ws, r, col, value, fmt)

    # ---- Mục tiêu, chỉ tiêu
    ws = b.sheet("Mục tiêu, chỉ tiêu", f"KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU NĂM {y}", subtitle)
    rows = []
    fmts = []
    for i, p in enumerate(m.province, start=1):
        ratio_to_plan = (
            round(p.value / p.target * 100, 1) if p.value is not None and p.target not in (None, 0) else None
        )
        note = []
        if p.reference:
            note.append("Lộ trình tham khảo")
        if p.excluded:
            note.append("Loại khỏi tổng do số liệu lỗi: " + _names(p.excluded, names))
        if p.missing_sources:
            note.append("Chưa có số liệu: " + _names(p.missing_sources, names))
        rows.append(
            [
                i,
                p.name,
                p.unit_of_measure,
                p.target if p.target is not None and not p.reference else _plan_text(p),
                p.previous_value,
                p.actual,
                p.value,
                ratio_to_plan,
                p.change,
                VERDICT_LABEL[p.verdict],
                _lead_names(p.lead, names),
                "Cơ quan chủ trì" if p.figure_source == "lead" else "Tổng các địa phương",
                f"{len(p.sources)}/{len(p.suppliers)}" if p.suppliers else "",
                _names(p.sources, names),
                p.numerator,
                p.denominator,
                "; ".join(note),
                p.item,
            ]
        )
        fmts.append(_verdict_format(b, p.verdict))
    basis = (
        "số ước thực hiện"
        if m.comparison.previous_basis == "uoc_ca_nam"
        else "số thực hiện đến thời điểm báo cáo"
    )
    b.table(
        ws,
        4,
        [
            ("STT", 5),
            ("Mục tiêu, chỉ tiêu", 50),
            ("Đơn vị tính", 8),
            (f"Kế hoạch năm {y}", 13),
            (f"Năm {y - 1} ({basis} năm {y - 1})", 14),
            ("Thực hiện đến thời điểm báo cáo", 13),
            (f"Ước thực hiện cả năm {y}", 12),
            ("So với kế hoạch (%)", 11),
            (f"So với năm {y - 1}", 10),
            ("Đánh giá", 14),
            ("Cơ quan chủ trì", 22),
            ("Nguồn số liệu", 16),
            ("Số đơn vị có số liệu", 10),
            ("Đơn vị có số liệu", 28),
            ("Tử số", 11),
            ("Mẫu số", 11),
            ("Ghi chú", 40),
            ("Mã", 7),
        ],
        rows,
        [
            b.f_int,
            None,
            None,
            b.f_dec,
            b.f_dec,
            b.f_dec,
            b.f_dec,
            b.f_pct,
            b.f_dec,
            None,
            None,
            None,
            None,
            None,
            b.f_int,
            b.f_int,
            None,
            None,
        ],
        cell_format={(i, 9): fmt for i, fmt in enumerate(fmts)},  # the verdict, coloured
    )

    write_reorganisation_sheet(b, m, view)  # a year local units changed: districts next to communes

    # ---- Theo đơn vị (units × figures) and Dữ liệu chi tiết (one row per input cell)
    from pipeline.writers.workbook_units import write_detail_sheet, write_unit_sheet

    write_unit_sheet(b, m, view, subtitle)
    write_detail_sheet(b, m, view, subtitle)

    # ---- Ban hành văn bản
    ws = b.sheet(SHEET_DOCUMENTS, f"TÌNH HÌNH BAN HÀNH VĂN BẢN NĂM {y}", subtitle)
    in_period = {True: "Trong kỳ", False: "Ngoài kỳ (lũy kế)", None: "Không ghi ngày"}
    rows = [
        [
            i,
            d.name,
            names.get(d.unit, d.unit),
            d.status or "Chưa báo cáo",
            d.number,
            d.date,
            in_period[d.in_period] if d.status == "Đã ban hành" else "",
            d.note,
            d.item,
        ]
        for i, d in enumerate(m.documents, start=1)
    ]
    b.table(
        ws,
        4,
        [
            ("STT", 5),
            ("Văn bản", 50),
            ("Cơ quan, đơn vị", 30),
            ("Tình hình", 16),
            ("Số, ký hiệu", 16),
            ("Ngày ban hành", 12),
            ("Kỳ báo cáo", 14),
            ("Ghi chú", 30),
            ("Mã", 7),
        ],
        rows,
        [b.f_int] + [None] * 8,
    )

    # ---- Chương trình, đề án, dự án
    ws = b.sheet("Chương trình, đề án, dự án", f"CHƯƠNG TRÌNH, ĐỀ ÁN, DỰ ÁN NĂM {y}", subtitle)
    progs = sorted(m.programmes, key=lambda p: (p.item, p.role != "lead", names.get(p.unit, p.unit)))
    rows = [
        [
            i,
            p.name,
            names.get(p.unit, p.unit),
            ROLE_LABEL.get(p.role, p.role),
            p.status or "Chưa báo cáo",
            p.result,
            p.planned,
            p.spent,
            p.item,
        ]
        for i, p in enumerate(progs, start=1)
    ]
    planned = [p.planned for p in progs if p.planned is not None]
    spent = [p.spent for p in progs if p.spent is not None]
    if planned or spent:
        rows.append(["", "Tổng cộng", "", "", "", "", sum(planned) if planned else None,
                     sum(spent) if spent else None, ""])  # fmt: skip
    b.table(
        ws,
        4,
        [
            ("STT", 5),
            ("Chương trình, đề án, dự án", 45),
            ("Cơ quan, đơn vị", 28),
            ("Vai trò", 12),
            ("Tình hình", 16),
            ("Tiến độ, kết quả", 40),
            ("Kinh phí kế hoạch trong kỳ báo cáo (triệu đồng)", 14),
            ("Kinh phí đã thực hiện trong kỳ báo cáo (triệu đồng)", 14),
            ("Mã", 7),
        ],
        rows,
        [b.f_int, None, None, None, None, None, b.f_dec, b.f_dec, None],
        cell_format={(len(rows) - 1, j): b.f_big_text if j < 6 else b.f_big_num for j in range(8)}
        if planned or spent
        else None,
    )

    # ---- Tình hình gửi báo cáo
    ws = b.sheet(
        SHEET_REPORTING,
        f"TÌNH HÌNH GỬI BÁO CÁO NĂM {y}",
        subtitle
        + "; hạn gửi báo cáo: trước "
        + (f"{m.deadline:%H:%M} " if (m.deadline.hour, m.deadline.minute) != (0, 0) else "")
        + f"ngày {m.deadline:%d/%m/%Y}",
    )
    accepted = {e.unit: e for e in m.inputs if e.status == "accepted" and e.unit}
    late = {x.unit: x for x in c.late}
    received = set(c.received) | set(c.requested_received)
    nyd = set(c.not_yet_due)
    rows = []
    for i, code in enumerate([*c.expected, *c.requested], start=1):
        u = units.get(code)
        e = accepted.get(code)
        rows.append(
            [
                i,
                names.get(code, code),
                KIND_LABEL.get(u.kind.value, "") if u else "",
                OBLIGATION_LABEL.get(u.obligation.value, "") if u else "",
                reporting_status(code, late, received, nyd)
                if (u and u.obligation.value == "obliged") or e
                else "Chưa gửi báo cáo",
                _received(e),
                SOURCE_LABEL.get(e.received_at_source, "") if e else "",
                e.path if e else "",
                "; ".join(u.emails) if u else "",
                code,
            ]
        )
    b.table(
        ws,
        4,
        [
            ("STT", 5),
            ("Cơ quan, đơn vị, địa phương", 40),
            ("Loại", 14),
            ("Báo cáo", 9),
            ("Tình trạng", 18),
            ("Ngày nhận", 16),
            ("Căn cứ ngày nhận", 22),
            ("Tệp", 36),
            ("Thư điện tử", 30),
            ("Mã", 9),
        ],
        rows,
        [b.f_int] + [None] * 9,
    )

    # ---- Kết quả kiểm tra số liệu
    ws = b.sheet("Kết quả kiểm tra số liệu", f"KẾT QUẢ KIỂM TRA SỐ LIỆU NĂM {y}", subtitle)
    rows = []
    order = {"error": 0, "warning": 1, "info": 2}
    for e in m.inputs:
        for f in sorted(e.findings, key=lambda f: (order[f.severity], f.sheet, f.cell, f.code)):
            item = view.items_by_code.get(f.item)
            rows.append(
                [
                    f.file or e.path,
                    names.get(e.unit or "", e.unit or ""),
                    SEVERITY_LABEL[f.severity],
                    f.sheet,
                    f.cell,
                    item.name if item else "",
                    f.message,
                ]
            )
    b.table(
        ws,
        4,
        [
            ("Tệp", 34),
            ("Đơn vị", 28),
            ("Mức độ", 10),
            ("Sheet", 18),
            ("Ô", 7),
            ("Mục", 30),
            ("Nội dung", 80),
        ],
        rows,
    )

    # ---- Danh sách tệp đã tiếp nhận
    ws = b.sheet("Danh sách tệp đã tiếp nhận", f"DANH SÁCH TỆP ĐÃ TIẾP NHẬN NĂM {y}", subtitle)
    rows = []
    for i, e in enumerate(m.inputs, start=1):
        sev = [f.severity for f in e.findings]
        rows.append(
            [
                i,
                e.path,
                e.sha256,
                names.get(e.unit or "", e.unit_name or ""),
                e.sender or "",
                _received(e),
                SOURCE_LABEL.get(e.received_at_source, ""),
                STATUS_LABEL[e.status],
                sev.count("error"),
                sev.count("warning"),
                sev.count("info"),
                e.unit or "",
            ]
        )
    if m.incoming_register is not None:
        note = f"{m.incoming_register.rows} dòng"
        if m.incoming_register.problems:
            note += f"; {len(m.incoming_register.problems)} dòng cần xem lại"
        rows.append([len(rows) + 1, m.incoming_register.path, m.incoming_register.sha256, "Sổ đăng ký văn bản đến", "", "", "",
                     note, 0, len(m.incoming_register.problems), 0, ""])  # fmt: skip
    last = b.table(
        ws,
        4,
        [
            ("STT", 5),
            ("Tệp", 36),
            ("SHA-256", 30),
            ("Đơn vị", 30),
            ("Người gửi", 24),
            ("Thời điểm nhận", 16),
            ("Căn cứ", 20),
            ("Trạng thái", 16),
            ("Lỗi", 6),
            ("Cảnh báo", 8),
            ("Lưu ý", 6),
            ("Mã đơn vị", 9),
        ],
        rows,
        [b.f_int] + [None] * 7 + [b.f_int, b.f_int, b.f_int, None],
    )
    for i, problem in enumerate(m.incoming_register.problems if m.incoming_register else [], start=last + 2):
        ws.write_string(i, 1, problem, b.f_sub)
    b.wb.close()


def _names(codes: list[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in codes)


def _short(name: str, n: int = 45) -> str:
    return name if len(name) <= n else name[: n - 1].rstrip() + "…"


def _received(e) -> dt.datetime | None:
    """The receipt time as a date (register) or a date and time (e-mail, file time), local time."""
    if e is None or e.received_at is None:
        return None
    t = e.received_at
    if e.received_at_source == "register":
        return dt.datetime(t.year, t.month, t.day)
    return t.replace(tzinfo=None)


def _plan_text(p) -> str:
    """A plan value that is not the year's: the path (tham khảo) or the value by its end year."""
    sym = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}.get(p.direction, "")
    if p.reference and p.target is not None and p.goal is not None:
        return f"{p.target:g} (lộ trình tham khảo; {sym} {p.goal:g} năm {p.target_end_year})".replace(
            ".", ","
        )
    if p.goal is not None and p.target_end_year:
        return f"{sym} {p.goal:g} (năm {p.target_end_year})".replace(".", ",")
    return "Chưa giao chỉ tiêu"


def _lead_names(codes: str, names: dict[str, str]) -> str:
    return ", ".join(names.get(c.strip(), c.strip()) for c in codes.split(",") if c.strip())
