"""A realistic synthetic run manifest for the Word report tests (no intake, no consolidation)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pipeline.manifest import (
    Completeness,
    Coverage,
    Dialogue,
    DocumentStatus,
    InputEntry,
    Inspection,
    KeyFigures,
    LateUnit,
    Manifest,
    Period,
    PlanRef,
    ProgrammeStatus,
    ProvinceTarget,
    Totals,
    UnitText,
    ValueRow,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TRICKY = 'Hội "Liên hiệp" Thanh niên & Sinh viên <tỉnh>'

DEPTS = {
    "SNV": "Sở Nội vụ",
    "STP": "Sở Tư pháp",
    "SYT": "Sở Y tế",
    "SGDDT": "Sở Giáo dục và Đào tạo",
    "SLDTBXH": "Sở Lao động - Thương binh và Xã hội",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "STC": "Sở Tài chính",
    "SCT": "Sở Công Thương",
    "SNNPTNT": "Sở Nông nghiệp và Phát triển nông thôn",
    "STTTT": "Sở Thông tin và Truyền thông",
    "SKHCN": "Sở Khoa học và Công nghệ",
    "CAT": "Công an tỉnh",
    "BCHQS": "Bộ Chỉ huy Quân sự tỉnh",
    "VPUBND": "Văn phòng Ủy ban nhân dân tỉnh",
    "BDT": "Ban Dân tộc tỉnh",
    "STNMT": "Sở Tài nguyên và Môi trường",
    "SXD": "Sở Xây dựng",
    "SGTVT": "Sở Giao thông vận tải",
    "TTRA": "Thanh tra tỉnh",
    "HTN": TRICKY,
}
DISTRICTS = {
    "TPLS": "Ủy ban nhân dân thành phố Lạng Sơn",
    "HCL": "Ủy ban nhân dân huyện Cao Lộc",
    "HVL": "Ủy ban nhân dân huyện Văn Lãng",
    "HTD": "Ủy ban nhân dân huyện Tràng Định",
    "HBG": "Ủy ban nhân dân huyện Bình Gia",
    "HVQ": "Ủy ban nhân dân huyện Văn Quan",
    "HBS": "Ủy ban nhân dân huyện Bắc Sơn",
    "HHL": "Ủy ban nhân dân huyện Hữu Lũng",
    "HCLA": "Ủy ban nhân dân huyện Chi Lăng",
    "HLB": "Ủy ban nhân dân huyện Lộc Bình",
    "HDL": "Ủy ban nhân dân huyện Đình Lập",
    "HXX": "Ủy ban nhân dân huyện Thử Nghiệm",
    "HYY": "Ủy ban nhân dân huyện Mẫu Sơn",
}
LATE = {"SCT": 3, "HBS": 1, "SXD": 8}
MISSING = ["STNMT", "HDL", "TTRA", "HYY"]


def accepted_input(year: int, unit: str, name: str, received_at: dt.datetime, stem: str, **kw) -> InputEntry:
    """An accepted form of ``unit``, received by the register at ``received_at``."""
    return InputEntry(path=f"inputs/{year}/{stem}.xlsx", sha256="0" * 64, size=12345, format="xlsx", unit=unit,
                      unit_name=name, year=year, identified_by="meta", received_at=received_at,
                      received_at_source="register", status="accepted", **kw)  # fmt: skip


def make_manifest(year: int = 2025) -> Manifest:
    units = {**DEPTS, **DISTRICTS}
    expected = sorted(units)
    assert len(expected) == 33
    received = [u for u in expected if u not in MISSING]
    on_time = [u for u in received if u not in LATE]
    deadline = dt.datetime(year, 11, 15, tzinfo=TZ)
    late = [
        LateUnit(
            unit=u,
            days_late=d,
            received_at=deadline + dt.timedelta(days=d - 1, hours=9),
            received_at_source="register",
        )
        for u, d in sorted(LATE.items())
    ]
    inputs = [
        accepted_input(
            year, u, units[u], deadline - dt.timedelta(days=2), u.lower(), days_late=LATE.get(u, 0)
        )
        for u in received
    ]

    def vr(unit, section, field, value, item="", typ="count"):
        return ValueRow(
            unit=unit,
            section=section,
            item=item,
            field=field,
            value=value,
            raw=str(value),
            type=typ,
            valid=True,
            file=f"inputs/{year}/{unit.lower()}.xlsx",
            sheet=section,
            cell="C5",
        )

    values = [
        vr("TPLS", "doi_thoai", "dt_da_to_chuc", "Có", typ="choice"),
        vr("HCL", "doi_thoai", "dt_da_to_chuc", "Có", typ="choice"),
        vr("SNV", "doi_thoai", "dt_da_to_chuc", "Có", typ="choice"),
        vr("HVL", "doi_thoai", "dt_da_to_chuc", "Không", typ="choice"),
        vr("HCL", "kinh_phi", "kp_long_ghep", "Có", typ="choice"),
        vr("SNV", "kiem_tra", "noi_dung_kt", "Kiểm tra UBND huyện Cao Lộc", item="KT01", typ="text"),
        vr("SNV", "kiem_tra", "noi_dung_kt", "Kiểm tra UBND huyện Văn Lãng", item="KT02", typ="text"),
        vr("HCL", "kiem_tra", "noi_dung_kt", "Kiểm tra các xã", item="KT01", typ="text"),
    ]

    def pt(item, name, verdict, value, target, prev, uom="%", lead="SNV", measure="ratio"):
        return ProvinceTarget(
            item=item,
            name=name,
            group="Mục tiêu 1",
            measure=measure,
            unit_of_measure=uom,
            direction="increase",
            lead=lead,
            figure_source="lead",
            sources=[lead],
            missing_sources=[],
            excluded=[],
            value=value,
            actual=value,
            target=target,
            target_end_year=year,
            due=verdict in ("vuot", "dat", "chua_dat"),
            reference=verdict in ("dung_lo_trinh", "cham_lo_trinh"),
            verdict=verdict,
            previous_value=prev,
            change=None if value is None or prev is None else value - prev,
        )

    province = [
        pt(
            "CT01", "Tỷ lệ thanh niên được tuyên truyền, giáo dục chính trị, tư tưởng", "vuot", 92.5, 90, 88.0
        ),
        pt("CT02", "Tỷ lệ thanh niên có việc làm sau đào tạo nghề", "dat", 80.0, 80, 78.4, lead="SLDTBXH"),
        pt(
            "CT03",
            "Tỷ lệ thanh niên được tư vấn, giới thiệu việc làm",
            "chua_dat",
            85.5,
            90,
            83.0,
            lead="SLDTBXH",
        ),
        pt(
            "CT04",
            "Số thanh niên được hỗ trợ khởi nghiệp",
            "chua_dat",
            1234,
            1500,
            1100,
            uom="người",
            lead="HTN",
            measure="count",
        ),
        pt("CT05", "Tỷ lệ thanh niên tham gia hoạt động tình nguyện", "dung_lo_trinh", 60.0, 70, 55.0),
        pt(
            "CT06",
            "Chiều cao trung bình của thanh niên nam",
            "chua_co_so_lieu",
            None,
            168.5,
            None,
            uom="cm",
            lead="SYT",
            measure="value",
        ),
    ]
    documents = [
        DocumentStatus(
            unit="SNV",
            item="VB01",
            name="Kế hoạch thực hiện Chương trình phát triển thanh niên năm 2025",
            status="Đã ban hành",
            number="15/KH-SNV",
            date=dt.date(year, 1, 20),
        ),
        DocumentStatus(
            unit="HCL",
            item="VB01",
            name="Kế hoạch thực hiện Chương trình phát triển thanh niên năm 2025",
            status="Đã ban hành",
            number="45/KH-UBND",
            date=dt.date(year, 2, 5),
        ),
        DocumentStatus(
            unit="HTN",
            item="VB02",
            name="Hướng dẫn tổ chức đối thoại với thanh niên",
            status="Đang xây dựng",
            note="Dự kiến quý IV",
        ),
    ]
    programmes = [
        ProgrammeStatus(
            unit="SLDTBXH",
            item="DA01",
            name="Đề án hỗ trợ thanh niên khởi nghiệp",
            role="Chủ trì",
            status="Đang triển khai",
            result="Hỗ trợ 1.234 thanh niên vay vốn",
            planned=1500.0,
            spent=1250.5,
        ),
        ProgrammeStatus(
            unit="HTN",
            item="DA02",
            name="Dự án thanh niên tình nguyện vì cộng đồng",
            role="Chủ trì",
            status="Đã hoàn thành",
            result="",
            planned=300.0,
            spent=300.0,
        ),
    ]
    texts = [
        UnitText(
            unit="HCL",
            unit_name=units["HCL"],
            field="kq_noi_bat",
            text="Mô hình “Thanh niên khởi nghiệp với cây hồi” được nhân rộng.",
        ),
        UnitText(
            unit="HTN",
            unit_name=TRICKY,
            field="kho_khan",
            text="Kinh phí còn hạn chế & chưa có biên chế chuyên trách.",
        ),
        UnitText(
            unit="SNV",
            unit_name=units["SNV"],
            field="kn_trung_uong",
            text="Đề nghị Bộ Nội vụ sớm ban hành bộ chỉ số thống kê về thanh niên.",
        ),
        UnitText(
            unit="TPLS",
            unit_name=units["TPLS"],
            field="kn_ubnd_tinh",
            text="Đề nghị bố trí kinh phí tổ chức đối thoại hằng năm.",
        ),
        UnitText(
            unit="HCL",
            unit_name=units["HCL"],
            field="kn_so_nganh",
            text="Đề nghị Sở Nội vụ mở lớp tập huấn cho công chức cấp xã.",
        ),
        UnitText(
            unit="SNV",
            unit_name=units["SNV"],
            field="phuong_huong",
            text="Tổ chức tổng kết giai đoạn 2021-2025.",
        ),
    ]
    totals = Totals(
        by_field={
            "tn_tong_so": 186420,
            "tn_nu": 90112,
            "tn_dan_toc_thieu_so": 152000,
            "tt_so_cuoc": 1234,
            "tt_so_luot_nguoi": 1234567,
            "tt_so_tin_bai": 345,
            "dt_so_thanh_nien": 2150,
            "dt_so_kien_nghi": 200,
            "dt_so_da_tra_loi": 171,
            "dn_chuyen_trach": 12,
            "dn_kiem_nhiem": 250,
            "dn_boi_duong": 320,
            "kp_thuong_xuyen": 2500.5,
            "kp_ctmtqg": 1800,
        },
        units_by_field={
            "tn_tong_so": 11,
            "tn_nu": 11,
            "tn_dan_toc_thieu_so": 10,
            "tt_so_cuoc": 29,
            "tt_so_luot_nguoi": 29,
            "tt_so_tin_bai": 28,
        },
    )
    period = Period(start=dt.date(year - 1, 12, 15), end=dt.date(year, 12, 14))
    for d in documents:
        d.in_period = None if d.date is None else period.start <= d.date <= period.end
    inspections = [
        Inspection(unit="SNV", item="KT01", subject="UBND huyện Cao Lộc", date=dt.date(year, 6, 3)),
        Inspection(unit="SNV", item="KT02", subject="UBND huyện Văn Lãng", date=dt.date(year, 9, 12)),
        Inspection(unit="HCL", item="KT01", subject="Các xã", date=dt.date(year, 7, 1)),
        Inspection(unit="HVL", item="KT01", subject="Các xã", date=dt.date(year - 1, 6, 1)),  # earlier
    ]
    for i in inspections:
        i.in_period = period.start <= i.date <= period.end
    dialogues = [
        Dialogue(unit="TPLS", held=True, date=dt.date(year, 4, 2), in_period=True, youths=1200, opinions=120,
                 answered=100),
        Dialogue(unit="HCL", held=True, date=dt.date(year, 5, 6), in_period=True, youths=950, opinions=80,
                 answered=71),
        Dialogue(unit="HVL", held=False),
    ]  # fmt: skip
    received_set = set(received)
    districts = sorted(DISTRICTS)

    def cov(expected: list[str]) -> Coverage:
        return Coverage(
            expected=expected,
            answered=[u for u in expected if u in received_set],
            not_received=[u for u in expected if u not in received_set],
        )

    totals.coverage = {
        "tn_tong_so": cov(districts),
        "tn_nu": cov(districts),
        **{k: cov(expected) for k in ("tt_so_cuoc", "tt_so_luot_nguoi", "tt_so_tin_bai")},
        "dt_da_to_chuc": cov(districts),
    }
    return Manifest(
        period=period,
        inspections=inspections,
        dialogues=dialogues,
        figures=KeyFigures(
            documents_in_period=2, inspections_in_period=3, units_inspecting=2, dialogues_held=2
        ),
        generated_at=dt.datetime(year, 11, 20, 8, 0, tzinfo=TZ),
        year=year,
        as_of=dt.date(year, 11, 20),
        plan=PlanRef(
            id="kh-253-2021-2025",
            number="253/KH-UBND",
            catalog_hash="abc",
            catalog_path="plans/kh-253-2021-2025.yaml",
        ),
        deadline=deadline,
        units=units,
        inputs=inputs,
        completeness=Completeness(
            expected=expected,
            received=received,
            on_time=on_time,
            late=late,
            missing=sorted(MISSING),
            requested=["HTN"],
            requested_received=["HTN"],
            reporting_rate=100 * len(received) / len(expected),
            on_time_rate=100 * len(on_time) / len(expected),
        ),
        values=values,
        province=province,
        documents=documents,
        programmes=programmes,
        texts=texts,
        totals=totals,
        previous_year=year - 1,
    )
