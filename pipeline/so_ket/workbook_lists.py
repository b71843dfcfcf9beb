"""The review workbook's lists: Gửi báo cáo (by year, and unit by unit), Khen thưởng (proposals with
the file and cell they came from; the units the data suggest, for the Sở to confirm), Nguồn số liệu
(the yearly manifests the review was built from, with their SHA-256)."""

from __future__ import annotations

import datetime as dt

from pipeline.catalog.labels import KIND_LABEL
from pipeline.report.context import get_variant
from pipeline.so_ket.frames import Review
from pipeline.so_ket.report import appendices
from pipeline.so_ket.report.facts import ReviewFacts
from pipeline.so_ket.workbook import SHEETS, _num
from pipeline.so_ket.workbook_sheets import STATUS, _block
from pipeline.vn import ngay
from pipeline.wording import Phrases
from pipeline.writers.workbook import _Book
from pipeline.writers.workbook_units import KIND_ORDER

# --------------------------------------------------------------------------- Gửi báo cáo


def discipline(b: _Book, r: Review, period: str, subtitle: str) -> None:
    ws = b.sheet(SHEETS["discipline"], f"TÌNH HÌNH GỬI BÁO CÁO GIAI ĐOẠN {period}", subtitle)
    years = r.years
    ws.set_column(0, 0, 44)
    ws.set_column(1, len(years) + 3, 14)
    dy = r.discipline_years
    row = _block(
        b,
        ws,
        4,
        "A. Theo năm (cơ quan, đơn vị, địa phương bắt buộc báo cáo)",
        [
            ("Năm", 0),
            ("Phải báo cáo", 0),
            ("Đã gửi", 0),
            ("Đúng hạn", 0),
            ("Gửi chậm", 0),
            ("Chưa gửi", 0),
            ("Tỷ lệ gửi báo cáo (%)", 0),
            ("Tỷ lệ đúng hạn (%)", 0),
            ("Được đề nghị đã gửi", 0),
        ],
        [
            [
                str(int(x["year"])),
                int(x["expected"]),
                int(x["received"]),
                int(x["on_time"]),
                int(x["late"]),
                int(x["missing"] + x["not_yet_due"]),
                _num(x["rate"]),
                _num(x["on_time_rate"]),
                f"{int(x['requested_received'])}/{int(x['requested'])}",
            ]
            for _, x in dy.iterrows()
        ],
        [None, b.f_int, b.f_int, b.f_int, b.f_int, b.f_int, b.f_pct, b.f_pct, None],
    )
    d = r.discipline
    units_of = {x.code: x for x in r.catalog.units}
    rows, fmts = [], {}
    codes = sorted(
        set(d["unit"]),
        key=lambda c: (
            KIND_ORDER.get(units_of[c].kind.value, 9) if c in units_of else 9,
            r.names.get(c, c).casefold(),
        ),
    )
    by = d.set_index(["unit", "year"])
    for i, code in enumerate(codes):
        cells, on_time, asked = [], 0, 0
        for j, y in enumerate(years):
            if (code, y) not in by.index:
                cells.append("")
                continue
            asked += 1
            s = by.loc[(code, y)]
            text = (
                f"Gửi chậm ({int(s['days_late'])} ngày)" if s["status"] == "gui_cham" else STATUS[s["status"]]
            )
            on_time += s["status"] == "dung_han"
            cells.append(text)
            fmts[(i, 2 + j)] = (
                b.f_good
                if s["status"] == "dung_han"
                else (b.f_warn if s["status"] == "gui_cham" else b.f_bad)
            )
        unit = units_of.get(code)
        rows.append(
            [
                r.names.get(code, code),
                KIND_LABEL.get(unit.kind, "") if unit else "",
                *cells,
                f"{on_time}/{asked}",
            ]
        )
    title = "B. Từng cơ quan, đơn vị, địa phương (ô trống: năm đơn vị không thuộc diện báo cáo)"
    b.cell(ws, row, 0, title, b.f_big_text)
    b.table(
        ws,
        row + 1,
        [
            ("Cơ quan, đơn vị, địa phương", 44),
            ("Loại", 14),
            *[(f"Năm {y}", 14) for y in years],
            ("Số năm đúng hạn/số năm phải báo cáo", 14),
        ],
        rows,
        None,
        fmts,
    )


# --------------------------------------------------------------------------- Khen thưởng


def commendation(b: _Book, r: Review, phrases: Phrases, period: str, subtitle: str) -> None:
    ws = b.sheet(SHEETS["commendation"], f"ĐỀ NGHỊ KHEN THƯỞNG GIAI ĐOẠN {period}", subtitle)
    widths = [6, 34, 30, 12, 40, 50, 26, 40]
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    pr = r.proposals
    rows = [
        [
            i,
            x["unit_name"],
            x["ten"],
            x["doi_tuong"],
            x["chuc_vu"],
            x["thanh_tich"],
            x["hinh_thuc"],
            f"{x['file']} – {x['sheet']}!{x['cell']}",
        ]
        for i, (_, x) in enumerate(pr.iterrows(), 1)
    ]
    row = _block(
        b,
        ws,
        4,
        "A. Tập thể, cá nhân do các cơ quan, đơn vị, địa phương đề xuất (sheet Đề xuất khen thưởng của báo cáo)",
        [
            ("STT", 0),
            ("Đơn vị đề xuất", 0),
            ("Tên tập thể, cá nhân", 0),
            ("Tập thể, cá nhân", 0),
            ("Chức vụ, đơn vị", 0),
            ("Thành tích chủ yếu", 0),
            ("Hình thức khen thưởng đề nghị", 0),
            ("Nguồn (tệp, ô)", 0),
        ],
        rows or [["", "Chưa có đề xuất", "", "", "", "", "", ""]],
        [b.f_int, None, None, None, None, None, None, None],
    )
    f = ReviewFacts(r, get_variant(r.catalog, "so-noi-vu"), phrases)
    sugg = appendices.goi_y(f)
    rows = [[x["stt"], x["don_vi"], x["nam"], x["chi_tieu"], x["ghi_chu"], ""] for x in sugg]
    _block(
        b,
        ws,
        row,
        "B. Gợi ý từ số liệu: báo cáo đúng hạn tất cả các năm thuộc diện báo cáo, đủ số liệu và đạt các chỉ tiêu "
        "được giao (Sở Nội vụ xem xét, xác nhận)",
        [
            ("STT", 0),
            ("Cơ quan, đơn vị, địa phương", 0),
            ("Các năm báo cáo đúng hạn", 0),
            ("Kết quả chỉ tiêu", 0),
            ("Ghi chú", 0),
            ("Hình thức khen thưởng (Sở Nội vụ ghi)", 0),
        ],
        rows,
    )


# --------------------------------------------------------------------------- Nguồn số liệu


def sources(b: _Book, r: Review, period: str, subtitle: str) -> None:
    ws = b.sheet(SHEETS["sources"], f"NGUỒN SỐ LIỆU CỦA BẢNG SƠ KẾT GIAI ĐOẠN {period}", subtitle)
    rows = []
    for y in r.years:
        s = r.sources[y]
        m = s.manifest
        made = (
            m.generated_at.replace(tzinfo=None) if isinstance(m.generated_at, dt.datetime) else m.generated_at
        )
        kept = sum(1 for e in m.inputs if e.status == "accepted")
        rows.append(
            [
                y,
                s.path.as_posix(),
                made,
                m.as_of,
                f"{ngay(m.period.start)} – {ngay(m.period.end)}" if m.period else "",
                len(m.inputs),
                kept,
                "Có" if m.sample_data else "Không",
                s.rerun or "Không (dùng kết quả đã có)",
                s.sha256,
            ]
        )
    b.table(
        ws,
        4,
        [
            ("Năm", 7),
            ("Kết quả tổng hợp năm", 30),
            ("Thời điểm tổng hợp", 16),
            ("Số liệu đến ngày", 12),
            ("Kỳ báo cáo", 24),
            ("Số tệp nhận được", 10),
            ("Số báo cáo được tính", 10),
            ("Dữ liệu mẫu", 9),
            ("Tổng hợp lại khi lập sơ kết", 40),
            ("Mã kiểm tra tệp kết quả (SHA-256)", 70),
        ],
        rows,
        [b.f_int, None, b.f_datetime, b.f_date, None, b.f_int, b.f_int, None, None, None],
    )
