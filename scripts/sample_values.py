"""One unit's plausible answers on its form in a sample year (``scripts/make_sample_inputs.py``): a
department's or a district's figures, documents, targets, programmes, inspections, dialogue, funds,
staff and texts – the unit's size and habits the same every year, figures a little lower year by year
before 2024 (a commune's 2025 form: ``scripts/sample_2025.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.catalog.model import Measure, Target, Unit, UnitKind
from pipeline.catalog.query import CatalogView, Role
from scripts.sample_2025 import SYMBOL_2025
from scripts.sample_common import Numbers, person, pick, rng

# figures of a year against 2024's (the units' size is the same every year): lower year by year
FACTOR = {2021: (0.72, 0.82), 2022: (0.80, 0.90), 2023: (0.88, 0.99), 2025: (1.0, 1.08)}
# one-off documents not issued yet in the plan's first year (drafted in 2021, issued in 2022)
DRAFTING_2021 = "Đang xây dựng"

# ký hiệu of each unit's own report
SYMBOL = {
    "VPUBND": "BC-VP", "SNV": "BC-SNV", "STP": "BC-STP", "SKHDT": "BC-SKHĐT", "STC": "BC-STC",
    "SCT": "BC-SCT", "SNNPTNT": "BC-SNN", "SGTVT": "BC-SGTVT", "SXD": "BC-SXD", "STNMT": "BC-STNMT",
    "STTTT": "BC-STTTT", "SLDTBXH": "BC-LĐTBXH", "SVHTTDL": "BC-SVHTTDL", "SKHCN": "BC-KHCN",
    "SGDDT": "BC-SGDĐT", "SYT": "BC-SYT", "SNGV": "BC-SNgV", "TTRA": "BC-TTr", "BDT": "BC-BDT",
    "BQLKKT": "BC-BQL", "BLS": "BC-BLS", "DPTTH": "BC-PTTH", "CAT": "BC-CAT", "BCHQS": "BC-BCH",
    "BDBP": "BC-BĐBP", "CTK": "BC-CTK", "NHCSXH": "BC-NHCS", "TDTN": "BC-TĐTN", "MTTQ": "BC-MTTQ",
    "LDLD": "BC-LĐLĐ", "HLHPN": "BC-HPN", "HLHTN": "BC-HLHTN", **SYMBOL_2025,
}  # fmt: skip

# youths aged 16–30 per district (2024)
YOUTH = {
    "H178": 41800, "H180": 18600, "H181": 15300, "H182": 16900, "H183": 31400, "H184": 16100,
    "H185": 17600, "H186": 38700, "H187": 22300, "H188": 27200, "H189": 15100,
}  # fmt: skip
COMMUNES = {
    "H178": ["phường Chi Lăng", "phường Hoàng Văn Thụ", "phường Tam Thanh", "xã Mai Pha", "xã Quảng Lạc"],
    "H180": ["xã Chi Lăng", "xã Đề Thám", "xã Hùng Sơn", "thị trấn Thất Khê", "xã Quốc Khánh"],
    "H181": ["thị trấn Bình Gia", "xã Hoàng Văn Thụ", "xã Tân Văn", "xã Thiện Hòa"],
    "H182": ["thị trấn Na Sầm", "xã Hoàng Văn Thụ", "xã Tân Mỹ", "xã Thành Hòa"],
    "H183": ["thị trấn Đồng Đăng", "thị trấn Cao Lộc", "xã Hợp Thành", "xã Tân Liên", "xã Thụy Hùng"],
    "H184": ["thị trấn Văn Quan", "xã Tân Đoàn", "xã Tràng Các", "xã Yên Phúc"],
    "H185": ["thị trấn Bắc Sơn", "xã Bắc Sơn", "xã Vũ Lễ", "xã Hưng Vũ"],
    "H186": ["thị trấn Hữu Lũng", "xã Đồng Tân", "xã Minh Sơn", "xã Hòa Thắng", "xã Yên Vượng"],
    "H187": ["thị trấn Đồng Mỏ", "thị trấn Chi Lăng", "xã Quang Lang", "xã Vân An"],
    "H188": ["thị trấn Lộc Bình", "thị trấn Na Dương", "xã Đông Quan", "xã Tú Đoạn"],
    "H189": ["thị trấn Đình Lập", "xã Kiên Mộc", "xã Bắc Xa", "xã Đình Lập"],
}
# (whole of the ratio, per cent in 2024) for lead-agency targets; survey/count: the value
RATIO_PLAN = {
    "CT01": (4860, 98.6),  # civil servants informed (target 100: missed)
    "CT02": (51800, 100.0),  # pupils, defence knowledge (target 100: met)
    "CT05": (51800, 97.3),  # pupils, life skills (target 100: missed)
    "CT07": (246000, 66.2),  # reference path to >70 by 2030
    "CT08": (14200, 76.4),
    "CT09": (9800, 72.1),
    "CT11": (31500, 55.8),
    "CT12": (6400, 61.3),
    "CT17": (62000, 83.6),  # > 80: exceeded
    "CT18": (128000, 67.4),  # > 70: missed
    "CT19": (156000, 63.9),  # > 60: exceeded
    # requested units (Liên đoàn Lao động, Bộ Chỉ huy Quân sự) send in some years only
    "CT03": (12600, 81.2),
    "CT04": (98000, 76.4),
    "CT06": (21500, 100.0),
}
SURVEY_PLAN = {"CT13": 9860, "CT16": 41.5, "CT20A": 165.4, "CT20B": 155.3, "CT14": 5.2, "CT15": 4.8}
SOURCE_TEXT = {
    "CT01": "Báo cáo của các cơ quan, đơn vị; số liệu công chức, viên chức dưới 30 tuổi",
    "CT02": "Thống kê của các trường THPT, TTGDNN-GDTX",
    "CT05": "Thống kê của các trường THPT, TTGDNN-GDTX",
    "CT07": "Báo cáo của Hội đồng phối hợp PBGDPL tỉnh",
    "CT08": "Số liệu tuyển sinh, tốt nghiệp năm học 2023-2024",
    "CT09": "Số liệu phổ cập giáo dục THCS",
    "CT10": "Báo cáo của Phòng LĐTBXH và các xã, thị trấn",
    "CT11": "Báo cáo của các cơ sở giáo dục nghề nghiệp",
    "CT12": "Báo cáo của các cơ sở giáo dục nghề nghiệp, Trung tâm DVVL",
    "CT13": "Trung tâm Dịch vụ việc làm tỉnh",
    "CT16": "Khảo sát kỹ năng số của thanh niên",
    "CT17": "Báo cáo phong trào TDTT, văn hóa cơ sở",
    "CT18": "Báo cáo phong trào TDTT, văn hóa cơ sở",
    "CT19": "Báo cáo phong trào TDTT, văn hóa cơ sở",
    "CT20A": "Điều tra dinh dưỡng, thể lực của Trung tâm Kiểm soát bệnh tật",
    "CT20B": "Điều tra dinh dưỡng, thể lực của Trung tâm Kiểm soát bệnh tật",
}

KQ = [
    "Tổ chức thành công Tháng Thanh niên với nhiều công trình thanh niên thiết thực tại cơ sở",
    "Duy trì mô hình \u201cCâu lạc bộ thanh niên khởi nghiệp\u201d, hỗ trợ {n} thanh niên tiếp cận vốn vay ưu đãi",
    "Phối hợp tổ chức {n} lớp tập huấn kỹ năng số, chuyển đổi số cho đoàn viên, thanh niên",
    "Mô hình \u201cThanh niên tự quản đường biên, cột mốc\u201d được nhân rộng",
    "Tổ chức hội nghị đối thoại giữa lãnh đạo và thanh niên, giải đáp kịp thời các kiến nghị",
    "Đẩy mạnh tuyên truyền trên nền tảng số, trang thông tin điện tử và mạng xã hội của đơn vị",
    "Hỗ trợ thanh niên phát triển kinh tế gắn với sản phẩm OCOP của địa phương",
    "Lồng ghép nội dung phát triển thanh niên trong các chương trình mục tiêu quốc gia",
]
KK = [
    "Kinh phí thực hiện chủ yếu lồng ghép, không bố trí riêng nên khó theo dõi, tổng hợp",
    "Một bộ phận thanh niên đi làm ăn xa, khó tập hợp, tuyên truyền",
    "Cán bộ làm công tác thanh niên chủ yếu kiêm nhiệm, thường xuyên thay đổi",
    "Số liệu thống kê về thanh niên chưa đồng bộ giữa các ngành",
    "Địa bàn rộng, giao thông đi lại khó khăn ở các xã vùng cao",
    "Chưa có hướng dẫn cụ thể về cách tính một số chỉ tiêu của Chương trình",
]
KN_TW = [
    "Đề nghị Bộ Nội vụ ban hành hướng dẫn thống nhất cách tính các chỉ tiêu phát triển thanh niên",
    "Đề nghị Trung ương bố trí nguồn kinh phí riêng thực hiện Chiến lược phát triển thanh niên",
    "Đề nghị sớm hoàn thiện cơ sở dữ liệu quốc gia về thanh niên",
    "",
]
KN_TINH = [
    "Đề nghị UBND tỉnh bố trí kinh phí riêng cho công tác thanh niên ở cấp huyện",
    "Đề nghị UBND tỉnh chỉ đạo các sở, ngành chia sẻ số liệu thanh niên định kỳ",
    "Đề nghị tổ chức tập huấn nghiệp vụ cho cán bộ làm công tác thanh niên",
    "Đề nghị tăng cường kiểm tra, đôn đốc việc thực hiện Kế hoạch 253/KH-UBND",
]
KN_SO = [
    "Đề nghị Sở Nội vụ hướng dẫn mẫu biểu báo cáo ổn định giữa các năm",
    "Đề nghị Sở Lao động - Thương binh và Xã hội cung cấp số liệu việc làm của thanh niên theo địa bàn",
    "Đề nghị Sở Giáo dục và Đào tạo phối hợp tư vấn hướng nghiệp cho học sinh cuối cấp",
    "Đề nghị Tỉnh đoàn phối hợp tổ chức các hoạt động tình nguyện tại địa phương",
]
PH = [
    "Tiếp tục triển khai Kế hoạch thực hiện Chương trình phát triển thanh niên năm {y}",
    "Tăng cường tuyên truyền, phổ biến pháp luật về thanh niên trên môi trường số",
    "Tổ chức đối thoại với thanh niên ít nhất 01 lần trong năm {y}",
    "Chuẩn bị sơ kết giai đoạn 2021-2025 của Chương trình",
    "Nâng cao chất lượng tư vấn hướng nghiệp, giới thiệu việc làm cho thanh niên",
]


def unit_values(view: CatalogView, unit: Unit, year: int, numbers: Numbers, report_day: dt.date) -> dict:
    """Plausible values for every input of ``unit``'s form in ``year`` (2023 ≈ 2024 × 0.88–1.0)."""
    code = unit.code
    base = rng("base", code)  # the unit's size and habits: the same both years
    yr = rng("year", code, year)
    # 2023 a little lower than 2024, 2025 a little higher
    f = 1.0 if year == 2024 else yr.uniform(*FACTOR[year])
    district = unit.kind == UnitKind.district
    v: dict[tuple[str, str], Any] = {}

    def put(key: str, value: Any) -> None:
        v[(key, "gia_tri")] = value

    # Thông tin chung
    put("so_ky_hieu", numbers.take("BC-UBND" if district else SYMBOL.get(code, f"BC-{code}")))
    put("ngay_bao_cao", report_day)
    put("nguoi_lap", person(base))
    put("dien_thoai", f"0205.38{base.randint(10000, 99999)}")
    if unit.emails:
        put("email_lien_he", unit.emails[0])
    put("thu_truong", person(base))
    if district:
        total = round(YOUTH[code] * f)
        put("tn_tong_so", total)
        put("tn_nu", round(total * base.uniform(0.47, 0.495)))
        put("tn_dan_toc_thieu_so", round(total * base.uniform(0.72, 0.93)))

    # Tuyên truyền
    media = code in ("BLS", "DPTTH", "BPTTH")
    for k in ("tt_hoi_nghi", "tt_website", "tt_mang_xh", "tt_bao_chi"):
        put(k, "Có" if base.random() < 0.75 or (media and k == "tt_bao_chi") else "Không")
    cuoc = round((base.randint(45, 130) if district else base.randint(6, 30)) * f)
    put("tt_so_cuoc", cuoc)
    put("tt_so_luot_nguoi", round(cuoc * base.uniform(55, 160)))
    put("tt_so_tin_bai", round((base.randint(150, 320) if media else base.randint(8, 75)) * f))

    # Ban hành văn bản, Mục tiêu, Chương trình
    symbol = "UBND" if district else SYMBOL.get(code, code).removeprefix("BC-")
    for a in view.assignments(code):
        item = a.item
        if a.section == "van_ban":
            if a.role == Role.co:
                v[(item.code, "ghi_chu_vb")] = f"Phối hợp với cơ quan chủ trì; đã góp ý dự thảo năm {year}."
                continue
            if item.code == "VB02" and base.random() < 0.15:
                v[(item.code, "trang_thai")] = "Lồng ghép"
                v[(item.code, "ghi_chu_vb")] = f"Lồng ghép trong Kế hoạch công tác năm {year} của đơn vị"
                if year == 2021 and district:  # VB03 is asked from 2022: its draws, the unit's habits stay
                    base.randint(1, 4), base.randint(1, 28)
                continue
            first_year = year if item.yearly or item.years else (item.deadline_year or 2022)
            if year == 2021 and (item.yearly or first_year > year):
                # the plan was signed on 31/12/2021: its documents were still being drafted, the
                # year's work was in the units' own work plans
                v[(item.code, "trang_thai")] = "Lồng ghép" if item.yearly else DRAFTING_2021
                if item.yearly:
                    v[(item.code, "ghi_chu_vb")] = "Lồng ghép trong Kế hoạch công tác năm 2021 của đơn vị"
                base.randint(1, 4), base.randint(1, 28)  # the draws of a date: the unit's habits stay
                if district and item.code == "VB02":  # nor is VB03 asked yet (from 2022): its draws too
                    base.randint(1, 4), base.randint(1, 28)
                continue
            v[(item.code, "trang_thai")] = "Đã ban hành"
            v[(item.code, "so_ky_hieu_vb")] = numbers.take(f"KH-{symbol}", 5, 120)
            v[(item.code, "ngay_ban_hanh")] = dt.date(first_year, base.randint(1, 4), base.randint(1, 28))
        elif a.section == "muc_tieu" and isinstance(item, Target):
            reference = a.role == Role.co or not a.supplies_figure
            if reference:
                v[(item.code, "ghi_chu_ct")] = (
                    f"{unit.short_name} phối hợp thực hiện; kết quả đã tổng hợp gửi cơ quan chủ trì."
                )
                continue
            v[(item.code, "nguon_so_lieu")] = SOURCE_TEXT.get(item.code, "Báo cáo của đơn vị")
            if item.measure == Measure.ratio:
                if item.code == "CT10":  # the whole is the district's youths (as in Thông tin chung)
                    whole = YOUTH[code]
                    pct = base.uniform(62, 94)
                else:
                    whole, pct = RATIO_PLAN[item.code]
                whole = round(whole * f)
                change = 0 if year == 2024 else -yr.uniform(0.5, 3.0) if year < 2024 else yr.uniform(0.3, 2.0)
                change -= 1.6 * max(0, 2023 - year)  # 2021, 2022: lower still
                pct = min(100.0, pct + change)
                v[(item.code + ".1", "thuc_hien")] = round(whole * pct / 100 * 0.94)
                v[(item.code + ".1", "uoc_ca_nam")] = round(whole * pct / 100)
                v[(item.code + ".2", "thuc_hien")] = whole
                v[(item.code + ".2", "uoc_ca_nam")] = whole
            else:
                value = SURVEY_PLAN.get(item.code, 50.0)
                if item.measure == Measure.count:
                    value = round(value * f)
                    v[(item.code, "thuc_hien")] = round(value * 0.9)
                    v[(item.code, "uoc_ca_nam")] = value
                else:
                    change = (
                        0 if year == 2024 else -yr.uniform(0.1, 0.8) if year < 2024 else yr.uniform(0.1, 0.5)
                    )
                    # 2021, 2022: further from the 2030 value (a rate to bring down: higher then)
                    lower = item.direction.value in ("<", "<=")
                    change += (0.6 if lower else -0.6) * max(0, 2023 - year)
                    value = round(value + change, 1)
                    v[(item.code, "thuc_hien")] = value
                    v[(item.code, "uoc_ca_nam")] = value
        elif a.section == "chuong_trinh":
            lead = a.role != Role.co
            v[(item.code, "trang_thai_da")] = "Đang triển khai"
            v[(item.code, "ket_qua_da")] = (
                f"Đã triển khai các hoạt động năm {year} theo kế hoạch; đạt khoảng {base.randint(65, 95)}% khối lượng"
                if lead
                else f"Phối hợp tổ chức {base.randint(2, 9)} hoạt động trong năm {year}"
            )
            if lead:
                plan = round(base.randint(300, 1800) * f)
                v[(item.code, "kp_ke_hoach")] = plan
                v[(item.code, "kp_da_chi")] = round(plan * yr.uniform(0.55, 0.95))

    # own documents (free rows)
    if base.random() < 0.45:
        v[("VBK01", "noi_dung")] = f"Kế hoạch tổ chức Tháng Thanh niên năm {year}"
        v[("VBK01", "trang_thai")] = "Đã ban hành"
        v[("VBK01", "so_ky_hieu_vb")] = numbers.take(f"KH-{symbol}", 5, 120)
        v[("VBK01", "ngay_ban_hanh")] = dt.date(year, 2, base.randint(10, 27))

    # Kiểm tra
    places = COMMUNES.get(code, ["các phòng, đơn vị trực thuộc"])
    for i in range(1, (base.randint(1, 3) if district else 1) + 1):
        k = f"KT{i:02d}"
        v[(k, "noi_dung")] = f"Kiểm tra thực hiện Chương trình phát triển thanh niên năm {year}"
        v[(k, "noi_dung_kt")] = (
            f"UBND {', '.join(base.sample(places, 2))}" if district else "Các phòng, đơn vị trực thuộc"
        )
        v[(k, "hinh_thuc_kt")] = base.choice(["Chuyên đề", "Lồng ghép"])
        v[(k, "ngay_kt")] = dt.date(year, 5 + 2 * i, base.randint(3, 26))
        v[(k, "ket_qua_kt")] = base.choice(
            [
                "Cơ bản thực hiện đúng kế hoạch; đề nghị bổ sung số liệu thanh niên theo độ tuổi",
                "Đã ban hành kế hoạch, triển khai đầy đủ; kiến nghị tăng cường tuyên truyền",
                "Thực hiện tốt; một số chỉ tiêu chưa có số liệu, yêu cầu bổ sung",
            ]
        )

    # Đối thoại
    if district:
        put("dt_da_to_chuc", "Có")
        put("dt_ngay", dt.date(year, base.randint(3, 9), base.randint(2, 27)))
        put("dt_hinh_thuc", base.choice(["Trực tiếp", "Trực tiếp", "Kết hợp"]))
        put("dt_so_thanh_nien", round(base.randint(120, 320) * f))
        kn = base.randint(12, 38)
        put("dt_so_kien_nghi", kn)
        put("dt_so_da_tra_loi", kn - base.randint(0, 4))

    # Kinh phí
    if district:
        put("kp_thuong_xuyen", round(base.uniform(80, 380) * f, 1))
        put("kp_ctmtqg", round(base.uniform(250, 900) * f, 1))
        put("kp_khac", round(base.uniform(10, 60) * f, 1))
        put("kp_long_ghep", "Không")
    elif base.random() < 0.5:
        put("kp_long_ghep", "Có")
    else:
        put("kp_thuong_xuyen", round(base.uniform(15, 120) * f, 1))
        put("kp_long_ghep", "Không")

    # Đội ngũ
    put("dn_chuyen_trach", base.randint(1, 2) if district else 0)
    put("dn_kiem_nhiem", base.randint(2, 6) if district else base.randint(1, 2))
    put("dn_boi_duong", base.randint(12, 40) if district else base.randint(1, 6))

    # Khó khăn, kiến nghị: texts vary per unit and year
    put("kq_noi_bat", pick(yr, KQ, 2, n=yr.randint(20, 160)))
    put("kho_khan", pick(yr, KK, 2))
    put("kn_trung_uong", pick(yr, KN_TW, 1))
    # from 2025 there is no district level and no Sở LĐTB&XH to propose to
    gone = ("cấp huyện", "Lao động - Thương binh") if year >= 2025 else ()
    put("kn_ubnd_tinh", pick(yr, [t for t in KN_TINH if not any(g in t for g in gone)], 1))
    put("kn_so_nganh", pick(yr, [t for t in KN_SO if not any(g in t for g in gone)], 1))
    put("phuong_huong", pick(yr, PH, 3, y=year + 1))
    return v
