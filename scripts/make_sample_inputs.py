"""Generate the sample years ``inputs/2021/`` … ``inputs/2025/``: 2023 and 2024 (issue 7), 2025 (issue 12),
2021 and 2022 (issue 13: the five-year review runs out of the box).

Every file is produced from the package's own templates (``build_workbook(values=…)``) and form
filler (``fill_workbook`` where a person's typing matters, ``resave`` through LibreOffice,
``wrap_eml``), so the committed files always carry the current template version. Fixed seed, fixed
``--generated-at``, fixed file times: running it twice gives the same data.

2024 carries the real-world faults listed in :data:`PLANTED`, 2025 – the first year under two-level
local government: 65 communes, merged departments – those of ``scripts/sample_2025.py``
(``PLANTED_2025``); both are written to ``tests/sample_expectations.json`` for the end-to-end tests.
2023 is a smaller clean year for the year-on-year comparison; 2021 (the plan's first year: the
plan was signed on 31/12/2021, so units fold the year's plan into their work plan and the one-off
documents are still being drafted) and 2022 are clean years too, each with a few units late or
missing, and figures a little lower year by year. Each year's forms carry the ``--generated-at`` time
in that year. The 2025 forms carry the commendation proposals (``khen_thuong``) of some units.

    python scripts/make_sample_inputs.py [--generated-at 2024-09-16T08:00:00+07:00] [--root .]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
import xlsxwriter  # noqa: E402

from pipeline.catalog import load_catalog  # noqa: E402
from pipeline.catalog.model import Measure, Target, Unit, UnitKind  # noqa: E402
from pipeline.catalog.query import CatalogView, Role  # noqa: E402
from pipeline.forms.filler import fill_workbook, form_cells, resave, wrap_eml  # noqa: E402
from pipeline.templates.build import build_workbook, plan_sheets, template_filename  # noqa: E402
from pipeline.templates.layout import LAYOUT_VERSION  # noqa: E402
from pipeline.vn import slug  # noqa: E402
from scripts.sample_2025 import (  # noqa: E402
    NAMES_2025,
    PLANTED_2025,
    SYMBOL_2025,
    commendation_values,
    commune_values,
    commune_youth,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SEED = 253
GENERATED_AT = "2024-09-16T08:00:00+07:00"
MARKER = ".du-lieu-mau"
MARKER_TEXT = "Dữ liệu mẫu do scripts/make_sample_inputs.py tạo\n"
REGISTER = "so-van-ban-den.xlsx"
YEARS = (2021, 2022, 2023, 2024, 2025)

# --------------------------------------------------------------------------- the planted faults (2024)

PLANTED: dict[str, Any] = {
    "year": 2024,
    "text_numbers": [
        {"unit": "H186", "file": "2024_H186_uy-ban-nhan-dan-huyen-huu-lung.xlsx"},
        {"unit": "SYT", "file": "bao cao tn 2024 - so y te.xlsx"},
    ],
    "legacy_xls": {"unit": "SGDDT", "file": "BC CTPTTN 2024 So GDDT.xls"},
    "ods": {"unit": "H188", "file": "BC_Loc_Binh_2024.ods"},
    "email_late": {
        "unit": "H189",
        "file": "Bao cao thanh nien 2024 - UBND huyen Dinh Lap.eml",
        "days_late": 2,
    },
    "register_late": {"STTTT": 5, "BLS": 1},
    "superseded": {"unit": "H183", "old": "BC_Cao_Loc_2024.xlsx", "new": "BC_Cao_Loc_2024 (bo sung).xlsx"},
    "part_gt_whole": {
        "unit": "H180",
        "file": "BC_Trang_Dinh_2024.xlsx",
        "item": "CT10",
        "field": "thuc_hien",
    },
    "half_filled": {"unit": "H184", "file": "2024_H184_uy-ban-nhan-dan-huyen-van-quan.xlsx"},
    "missing_obliged": ["SNGV", "TTRA"],
    "requested_sent": ["TDTN"],
}
MISSING_2023 = ["SNGV", "BQLKKT", "SCT"]
REQUESTED_SENT_2023 = ["TDTN"]
# the clean years: who did not report, who reported late (days after the deadline, by the register)
MISSING = {2021: ["SNGV", "TTRA", "SCT", "H189"], 2022: ["SNGV", "BQLKKT"], 2023: MISSING_2023}
REQUESTED_SENT = {2021: [], 2022: ["TDTN", "LDLD"], 2023: REQUESTED_SENT_2023}
LATE = {2021: {"H182": 4, "SKHCN": 2, "BLS": 1}, 2022: {"STTTT": 3, "H180": 1}}
# figures of a year against 2024's (the units' size is the same every year): lower year by year
FACTOR = {2021: (0.72, 0.82), 2022: (0.80, 0.90), 2023: (0.88, 0.99), 2025: (1.0, 1.08)}
# one-off documents not issued yet in the plan's first year (drafted in 2021, issued in 2022)
DRAFTING_2021 = "Đang xây dựng"

# 2024 file names as the units send them (default: the template's own name)
NAMES_2024 = {
    "SYT": "bao cao tn 2024 - so y te.xlsx",
    "SGDDT": "BC CTPTTN 2024 So GDDT.xlsx",  # re-saved as .xls
    "H188": "BC_Loc_Binh_2024.xlsx",  # re-saved as .ods
    "H180": "BC_Trang_Dinh_2024.xlsx",
    "SNV": "BC thanh nien nam 2024 - SNV.xlsx",
    "H178": "TP Lang Son - bao cao CT PTTN 2024.xlsx",
    "TDTN": "Tinh doan - BC thanh nien 2024.xlsx",
    "DPTTH": "bao cao 2024 dai PTTH.xlsx",
}
NAMES_2023 = {
    "SYT": "bao cao tn 2023 - so y te.xlsx",
    "H183": "BC_Cao_Loc_2023.xlsx",
    "H180": "BC_Trang_Dinh_2023.xlsx",
}
NAMES = {2023: NAMES_2023, 2024: NAMES_2024, 2025: NAMES_2025}
PLANTED_BY_YEAR = {2024: PLANTED, 2025: PLANTED_2025}

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

HO = ["Nguyễn", "Hoàng", "Lương", "Nông", "Vi", "Lý", "Hà", "Triệu", "Lăng", "Đinh", "Phùng", "Chu", "Hứa"]
DEM = ["Văn", "Thị", "Thanh", "Minh", "Đức", "Thu", "Hồng", "Quang", "Ngọc"]
TEN = [
    "Hùng",
    "Lan",
    "Tuấn",
    "Hương",
    "Thắng",
    "Mai",
    "Dũng",
    "Hạnh",
    "Cường",
    "Thủy",
    "Long",
    "Phương",
    "Sơn",
]

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


# --------------------------------------------------------------------------- helpers


def _rng(*parts: object) -> random.Random:
    return random.Random("-".join(str(p) for p in (SEED, *parts)))


def _person(r: random.Random) -> str:
    return f"{r.choice(HO)} {r.choice(DEM)} {r.choice(TEN)}"


def _pick(r: random.Random, pool: list[str], k: int, **fmt: object) -> str:
    chosen = [s for s in r.sample(pool, k) if s]
    return "; ".join(s.format(**fmt) for s in chosen) + ("." if chosen else "")


def _input_keys(loaded, year: int, code: str) -> set[tuple[str, str]]:
    _ctx, sheets = plan_sheets(loaded, year, code)
    return {k for m in sheets for k, rc in m.index.items() if rc in m.cells and not m.cells[rc].locked}


class Numbers:
    """Deterministic report numbers: distinct within a year."""

    def __init__(self, year: int):
        self.used: set[str] = set()
        self.r = _rng("numbers", year)

    def take(self, symbol: str, lo: int = 120, hi: int = 480) -> str:
        while True:
            s = f"{self.r.randint(lo, hi)}/{symbol}"
            if s not in self.used:
                self.used.add(s)
                return s


# --------------------------------------------------------------------------- one unit's values


def unit_values(view: CatalogView, unit: Unit, year: int, numbers: Numbers, report_day: dt.date) -> dict:
    """Plausible values for every input of ``unit``'s form in ``year`` (2023 ≈ 2024 × 0.88–1.0)."""
    code = unit.code
    base = _rng("base", code)  # the unit's size and habits: the same both years
    yr = _rng("year", code, year)
    # 2023 a little lower than 2024, 2025 a little higher
    f = 1.0 if year == 2024 else yr.uniform(*FACTOR[year])
    district = unit.kind == UnitKind.district
    v: dict[tuple[str, str], Any] = {}

    def put(key: str, value: Any) -> None:
        v[(key, "gia_tri")] = value

    # Thông tin chung
    put("so_ky_hieu", numbers.take("BC-UBND" if district else SYMBOL.get(code, f"BC-{code}")))
    put("ngay_bao_cao", report_day)
    put("nguoi_lap", _person(base))
    put("dien_thoai", f"0205.38{base.randint(10000, 99999)}")
    if unit.emails:
        put("email_lien_he", unit.emails[0])
    put("thu_truong", _person(base))
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
    put("kq_noi_bat", _pick(yr, KQ, 2, n=yr.randint(20, 160)))
    put("kho_khan", _pick(yr, KK, 2))
    put("kn_trung_uong", _pick(yr, KN_TW, 1))
    # from 2025 there is no district level and no Sở LĐTB&XH to propose to
    gone = ("cấp huyện", "Lao động - Thương binh") if year >= 2025 else ()
    put("kn_ubnd_tinh", _pick(yr, [t for t in KN_TINH if not any(g in t for g in gone)], 1))
    put("kn_so_nganh", _pick(yr, [t for t in KN_SO if not any(g in t for g in gone)], 1))
    put("phuong_huong", _pick(yr, PH, 3, y=year + 1))
    return v


# --------------------------------------------------------------------------- writing


def _fmt_dt(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)


def write_register(path: Path, year: int, rows: list[dict]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"created": dt.datetime(year, 11, 20, 8, 0)})  # same rows, same bytes
    ws = wb.add_worksheet("So van ban den")
    title = wb.add_format({"bold": True, "font_size": 13})
    head = wb.add_format(
        {"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}
    )
    text = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    date = wb.add_format({"border": 1, "num_format": "dd/mm/yyyy", "valign": "top"})
    ws.write_string(0, 0, "SỞ NỘI VỤ TỈNH LẠNG SƠN – SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", title)
    ws.write_string(1, 0, f"Từ ngày 01/10/{year} đến ngày 30/11/{year} (xuất từ hệ thống quản lý văn bản)")
    headers = [
        ("Ngày đến", 11), ("Số đến", 8), ("Tác giả", 30), ("Số, ký hiệu văn bản", 16),
        ("Ngày tháng văn bản", 12), ("Tên loại và trích yếu", 48), ("Đơn vị hoặc người nhận", 20),
        ("Ngày chuyển", 11), ("Ký nhận", 10), ("Ghi chú", 30),
    ]  # fmt: skip
    for c, (h, w) in enumerate(headers):
        ws.write_string(3, c, h, head)
        ws.set_column(c, c, w)
    for i, r in enumerate(sorted(rows, key=lambda r: (r["received"], r["author"])), start=4):
        ws.write_datetime(i, 0, _fmt_dt(r["received"]), date)
        ws.write_number(i, 1, 2000 + i * 3 + (year % 10), text)
        ws.write_string(i, 2, r["author"], text)
        ws.write_string(i, 3, r["doc_number"], text)
        ws.write_datetime(i, 4, _fmt_dt(r["doc_date"]), date)
        ws.write_string(
            i, 5, f"Báo cáo kết quả thực hiện Chương trình phát triển thanh niên năm {year}", text
        )
        ws.write_string(i, 6, "Phòng Công tác thanh niên", text)
        ws.write_datetime(i, 7, _fmt_dt(r["received"] + dt.timedelta(days=1)), date)
        ws.write_string(i, 8, "", text)
        ws.write_string(i, 9, r.get("note", ""), text)
    ws.freeze_panes(4, 0)
    wb.close()


def cell_of(path: Path, key: tuple[str, str]) -> tuple[str, str]:
    wb = openpyxl.load_workbook(path)
    return form_cells(wb)[key]


def make_year(loaded, year: int, root: Path, generated_at: dt.datetime, tmp: Path) -> dict:
    view = CatalogView(loaded.catalog, year)
    out = root / "inputs" / str(year)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    numbers = Numbers(year)
    r = _rng("calendar", year)
    deadline = view.catalog.plan.deadline.last_on_time_day(year)
    planted = PLANTED_BY_YEAR.get(year)
    missing = planted["missing_obliged"] if planted else MISSING[year]
    sent_requested = planted["requested_sent"] if planted else REQUESTED_SENT[year]
    names = NAMES.get(year, {})
    senders = [u for u in view.active_units if u.obligation.value == "obliged" and u.code not in missing]
    senders += [u for u in view.active_units if u.code in sent_requested]
    youth = commune_youth(view, YOUTH) if year >= 2025 else {}

    register: list[dict] = []
    files: dict[str, dict] = {}
    late_days = planted["register_late"] if planted else LATE.get(year, {})

    def build(unit: Unit, values: dict, dst: Path) -> Path:
        keys = _input_keys(loaded, year, unit.code)
        values = {k: x for k, x in values.items() if k in keys and x not in (None, "")}
        return build_workbook(loaded, year, unit.code, dst, values=values, generated_at=generated_at)

    def role(code: str) -> str | None:
        """Which planted fault ``code`` carries this year."""
        if not planted:
            return None
        if code == planted["text_numbers"][0]["unit"]:
            return "text_counts"
        if code == planted["text_numbers"][1]["unit"]:
            return "text_decimals"
        for key in ("legacy_xls", "ods", "email_late", "superseded", "part_gt_whole", "half_filled"):
            if planted[key]["unit"] == code:
                return key
        return None

    for unit in senders:
        code = unit.code
        received = deadline - dt.timedelta(days=r.randint(0, 12))
        if code in late_days:
            received = deadline + dt.timedelta(days=late_days[code])
        report_day = received - dt.timedelta(days=r.randint(1, 4))
        fault = role(code)
        if unit.kind == UnitKind.commune:
            values = commune_values(
                view,
                unit,
                youth[code],
                numbers,
                report_day,
                _person,
                dialogue=True if fault == "text_counts" else None,
            )
        else:
            values = unit_values(view, unit, year, numbers, report_day)
        if year == 2025:  # the last year: proposals for the five-year review's commendations
            values.update(commendation_values(unit, _person))
        number = values[("so_ky_hieu", "gia_tri")]
        name = names.get(code, template_filename(year, unit))
        author = unit.short_name if r.random() < 0.3 else unit.name
        entry = {"received": received, "author": author, "doc_number": number, "doc_date": report_day}
        info: dict[str, Any] = {"unit": code, "so_ky_hieu": number, "findings": [], "days_late": 0}
        if code in late_days:
            info["days_late"] = late_days[code]

        if fault == "text_counts":  # counts typed as text
            as_text = {
                ("tt_so_cuoc", "gia_tri"): f" {values[('tt_so_cuoc', 'gia_tri')]} ",
                ("tt_so_luot_nguoi", "gia_tri"): f"{values[('tt_so_luot_nguoi', 'gia_tri')]:,}".replace(
                    ",", "."
                ),
                ("dt_so_thanh_nien", "gia_tri"): f"{values[('dt_so_thanh_nien', 'gia_tri')]} ",
            }
            src = build(unit, {k: x for k, x in values.items() if k not in as_text}, tmp / name)
            fill_workbook(src, out / name, as_text, as_text=as_text)
            for k, text in as_text.items():
                s, c = cell_of(out / name, k)
                info["findings"].append(
                    {"code": "VALUE-CONVERTED", "sheet": s, "cell": c, "key": list(k), "text": text}
                )
        elif fault == "text_decimals":  # decimals typed with a comma, an amount as text
            values[("kp_thuong_xuyen", "gia_tri")] = 85.5
            values[("kp_long_ghep", "gia_tri")] = "Không"
            as_text = {
                ("CT20A", "thuc_hien"): "165,4",
                ("CT20B", "uoc_ca_nam"): "155,3",
                ("kp_thuong_xuyen", "gia_tri"): "85,5",
            }
            src = build(unit, {k: x for k, x in values.items() if k not in as_text}, tmp / name)
            fill_workbook(src, out / name, as_text, as_text=as_text)
            for k, text in as_text.items():
                s, c = cell_of(out / name, k)
                info["findings"].append(
                    {"code": "VALUE-CONVERTED", "sheet": s, "cell": c, "key": list(k), "text": text}
                )
        elif fault in ("legacy_xls", "ods"):  # re-saved through LibreOffice
            fmt = "xls" if fault == "legacy_xls" else "ods"
            src = build(unit, values, tmp / name)
            new = resave(src, out, fmt)
            name = new.name
            info["findings"].append({"code": "FORMAT-LEGACY", "format": fmt})
        elif fault == "email_late":  # arrives as a saved e-mail, after the deadline
            late = planted["email_late"]
            src = build(unit, values, tmp / name)
            sent = dt.datetime.combine(
                deadline + dt.timedelta(days=late["days_late"]), dt.time(9, 12), tzinfo=TZ
            )
            name = late["file"]
            local = unit.short_name.removeprefix("UBND ")
            wrap_eml(
                [src], out / name, sender=f"vanphong.{slug(local).replace('-', '')}@langson.gov.vn", date=sent,
                subject=f"V/v gửi báo cáo kết quả thực hiện Chương trình phát triển thanh niên năm {year}",
                body=f"Kính gửi Sở Nội vụ,\n\n{unit.short_name} gửi kèm báo cáo năm {year} "
                "(xin lỗi vì gửi chậm do mất điện diện rộng).\n\nTrân trọng.\n",
            )  # fmt: skip
            info["attachment"] = src.name
            info["days_late"] = late["days_late"]
            files[name] = info
            continue  # not in the register: it came by e-mail
        elif fault == "superseded":  # a first report, then a corrected one that supersedes it
            old_name, new_name = planted["superseded"]["old"], planted["superseded"]["new"]
            old_values = dict(values)
            old_values[("tt_so_tin_bai", "gia_tri")] = values[("tt_so_tin_bai", "gia_tri")] - (
                7 if year == 2024 else 1
            )
            old_number = numbers.take("BC-UBND")
            old_values[("so_ky_hieu", "gia_tri")] = old_number
            old_day = report_day - dt.timedelta(days=6)
            old_values[("ngay_bao_cao", "gia_tri")] = old_day
            build(unit, old_values, out / old_name)
            register.append(
                {"received": old_day + dt.timedelta(days=1), "author": unit.name, "doc_number": old_number,
                 "doc_date": old_day}
            )  # fmt: skip
            files[old_name] = {
                "unit": code, "so_ky_hieu": old_number, "days_late": 0, "superseded_by": new_name,
                "findings": [{"code": "SUPERSEDED"}],
            }  # fmt: skip
            entry["note"] = "Thay thế báo cáo số " + old_number
            name = new_name
            build(unit, values, out / name)
        elif fault == "part_gt_whole":  # part above its whole in one column
            whole = values[("CT10.2", "thuc_hien")]
            values[("CT10.1", "thuc_hien")] = whole + 1375
            build(unit, values, out / name)
            s, c = cell_of(out / name, ("CT10.1", "thuc_hien"))
            info["findings"].append(
                {"code": "PART-GT-WHOLE", "sheet": s, "cell": c, "key": ["CT10.1", "thuc_hien"]}
            )
        elif fault == "half_filled":  # returned half-filled
            keys = _input_keys(loaded, year, code)
            empty = [
                k for k in (
                    ("CT10.1", "thuc_hien"), ("CT10.1", "uoc_ca_nam"), ("CT10.2", "thuc_hien"),
                    ("CT10.2", "uoc_ca_nam"), ("dt_da_to_chuc", "gia_tri"), ("dn_chuyen_trach", "gia_tri"),
                    ("dn_kiem_nhiem", "gia_tri"),
                ) if k in keys
            ]  # fmt: skip
            sections_dropped = ("CT10", "dt_", "dn_", "kp_", "KT", "kq_", "kho_khan", "kn_", "phuong_huong")
            kept = {k: x for k, x in values.items() if not k[0].startswith(sections_dropped)}
            build(unit, kept, out / name)
            for k in empty:
                s, c = cell_of(out / name, k)
                info["findings"].append({"code": "REQUIRED-EMPTY", "sheet": s, "cell": c, "key": list(k)})
            if ("KT01", "noi_dung") in keys:  # a unit that must inspect and reported no inspection
                s, c = cell_of(out / name, ("KT01", "noi_dung"))
                info["findings"].append(
                    {"code": "INSPECTION-NONE", "sheet": s, "cell": c, "key": ["KT01", "noi_dung"]}
                )
        else:
            build(unit, values, out / name)
        register.append(entry)
        files[name] = info

    write_register(out / REGISTER, year, register)
    stamp = dt.datetime(year, 11, 20, 8, 0, tzinfo=TZ).timestamp()
    for p in out.iterdir():
        p.chmod(0o644)
        os.utime(p, (stamp, stamp))

    obliged = [u.code for u in view.obliged_units]
    requested = [u.code for u in view.requested_units]
    return {
        "files": dict(sorted(files.items())),
        "missing_obliged": sorted(missing),
        "requested_sent": sorted(sent_requested),
        "requested_silent": sorted(c for c in requested if c not in sent_requested),
        "obliged_total": len(obliged),
        "obliged_sent": len(obliged) - len(missing),
        "communes_total": len(view.units_of_kinds([UnitKind.commune])),
        "late": {
            f["unit"]: f["days_late"]
            for f in files.values()
            if f.get("days_late") and "superseded_by" not in f
        },
        "superseded": {n: f["superseded_by"] for n, f in files.items() if "superseded_by" in f},
        "register_rows": len(register),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generated-at", default=GENERATED_AT, help="ISO time written into every form's _meta")
    ap.add_argument("--root", type=Path, default=ROOT, help="repository root (writes inputs/ and tests/)")
    args = ap.parse_args(argv)
    generated_at = dt.datetime.fromisoformat(args.generated_at)
    loaded = load_catalog(args.root / "plans" / "kh-253-2021-2025.yaml")
    expectations: dict[str, Any] = {
        "generated_by": "scripts/make_sample_inputs.py",
        "layout_version": LAYOUT_VERSION,  # each form's template_version is its own content's (per unit)
        "catalog_hash": loaded.short_hash,
        "planted": PLANTED,
        "planted_2025": PLANTED_2025,
    }
    with tempfile.TemporaryDirectory(prefix="ptn-sample-") as t:
        for year in YEARS:
            tmp = Path(t) / str(year)
            tmp.mkdir()
            at = generated_at.replace(year=year)  # the forms of year Y went out in year Y
            expectations[str(year)] = make_year(loaded, year, args.root, at, tmp)
            print(f"inputs/{year}: {len(expectations[str(year)]['files'])} tệp")
    path = args.root / "tests" / "sample_expectations.json"
    path.write_text(
        json.dumps(expectations, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    print(f"{path.relative_to(args.root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
