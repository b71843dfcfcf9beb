"""The 2025 sample year (issue 12): 65 communes and the merged departments report under two-level
local government. Used by ``scripts/make_sample_inputs.py``; fixed seed, DỮ LIỆU MẪU.

A commune (from 1/7/2025) reports the whole year for its territory on a short form: youth figures
split from its main former district's, CT10 as a local supplier, its own documents since it began
(it is not asked for the 2025 yearly plan, due 31/3), a dialogue if it held one, funds, difficulties.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from pipeline.catalog.model import Unit, UnitKind
from pipeline.catalog.query import CatalogView
from scripts.sample_common import pick

SEED = 2025

# The planted faults of 2025: the same kinds as 2024's, now mostly on communes and merged departments.
PLANTED_2025: dict[str, Any] = {
    "year": 2025,
    "text_numbers": [
        {"unit": "XHUULUNG", "file": "2025_XHUULUNG_uy-ban-nhan-dan-xa-huu-lung.xlsx"},
        {"unit": "SYT", "file": "bao cao tn 2025 - so y te.xlsx"},
    ],
    "legacy_xls": {"unit": "SNV", "file": "BC thanh nien nam 2025 - SNV.xls"},
    "ods": {"unit": "XLOCBINH", "file": "BC_Loc_Binh_2025.ods"},
    "email_late": {
        "unit": "XDINHLAP",
        "file": "Bao cao thanh nien 2025 - UBND xa Dinh Lap.eml",
        "days_late": 3,
    },
    "register_late": {"SKHCN": 5, "BPTTH": 1, "XTANVAN": 3, "XVULANG": 2, "PDONGKINH": 1},
    "superseded": {"unit": "XCAOLOC", "old": "BC_Cao_Loc_2025.xlsx", "new": "BC_Cao_Loc_2025 (bo sung).xlsx"},
    "part_gt_whole": {
        "unit": "XTHATKHE",
        "file": "BC_That_Khe_2025.xlsx",
        "item": "CT10",
        "field": "thuc_hien",
    },
    "half_filled": {"unit": "XVANQUAN", "file": "2025_XVANQUAN_uy-ban-nhan-dan-xa-van-quan.xlsx"},
    "missing_obliged": ["SNGV", "XBASON", "XCONGSON", "XKHANGCHIEN", "XQUANSON", "XTHIENLONG"],
    "requested_sent": ["CAT", "TDTN"],
}

NAMES_2025 = {
    "SYT": "bao cao tn 2025 - so y te.xlsx",
    "SNV": "BC thanh nien nam 2025 - SNV.xlsx",  # re-saved as .xls
    "XLOCBINH": "BC_Loc_Binh_2025.xlsx",  # re-saved as .ods
    "XTHATKHE": "BC_That_Khe_2025.xlsx",
    "PTAMTHANH": "Phuong Tam Thanh - bao cao CT PTTN 2025.xlsx",
    "TDTN": "Tinh doan - BC thanh nien 2025.xlsx",
    "BPTTH": "bao cao 2025 Bao va PTTH.xlsx",
}

SYMBOL_2025 = {"SNNMT": "BC-SNNMT", "SDTTG": "BC-SDTTG", "BPTTH": "BC-BPTTH"}

KK_XA = [
    "Xã mới thành lập từ 01/7/2025, số liệu 6 tháng đầu năm tổng hợp từ hồ sơ bàn giao của huyện cũ",
    "Công chức phụ trách công tác thanh niên mới được phân công, chưa qua tập huấn",
    "Một bộ phận thanh niên đi làm ăn xa, khó tập hợp, tuyên truyền",
    "Địa bàn rộng sau sắp xếp, giao thông đi lại khó khăn ở các thôn vùng cao",
    "Chưa có kinh phí riêng cho công tác thanh niên",
]
KQ_XA = [
    "Duy trì hoạt động của các chi đoàn thôn sau sắp xếp đơn vị hành chính",
    "Tổ chức {n} buổi tuyên truyền pháp luật cho thanh niên tại nhà văn hóa thôn",
    "Thanh niên tham gia làm đường giao thông nông thôn, dọn vệ sinh môi trường",
    "Hỗ trợ {n} thanh niên tiếp cận vốn vay ưu đãi phát triển kinh tế",
]
KN_XA = [
    "Đề nghị UBND tỉnh hướng dẫn cách tổng hợp số liệu của huyện cũ trong năm chuyển tiếp",
    "Đề nghị tổ chức tập huấn nghiệp vụ công tác thanh niên cho công chức cấp xã mới",
    "Đề nghị bố trí kinh phí riêng cho công tác thanh niên ở cấp xã",
]
PH_XA = [
    "Kiện toàn công chức phụ trách công tác thanh niên của xã",
    "Tổ chức đối thoại với thanh niên ít nhất 01 lần trong năm {y}",
    "Xây dựng kế hoạch thực hiện công tác thanh niên năm {y}",
]


def _rng(*parts: object) -> random.Random:
    return random.Random("-".join(str(p) for p in (SEED, *parts)))


def commune_youth(view: CatalogView, district_youth: dict[str, int]) -> dict[str, int]:
    """Youths per commune: the main former district's 2024 figure shared out by fixed weights, a
    little higher overall (new residents, a year older)."""
    out: dict[str, int] = {}
    groups: dict[str, list[str]] = {}
    for u in view.units_of_kinds([UnitKind.commune]):
        groups.setdefault(view.main_predecessor(u.code) or "", []).append(u.code)
    for district, codes in groups.items():
        weights = [_rng("weight", c).uniform(0.6, 1.4) for c in codes]
        total = district_youth.get(district, 15000) * 1.02
        for c, w in zip(codes, weights, strict=True):
            out[c] = round(total * w / sum(weights))
    return out


def commune_values(
    view: CatalogView,
    unit: Unit,
    youth: int,
    numbers,
    report_day: dt.date,
    person,
    *,
    dialogue: bool | None = None,
) -> dict[tuple[str, str], Any]:
    """Plausible values for every input of a commune's 2025 form."""
    code, y = unit.code, view.year
    base = _rng("base", code)
    v: dict[tuple[str, str], Any] = {}

    def put(key: str, value: Any) -> None:
        v[(key, "gia_tri")] = value

    put("so_ky_hieu", numbers.take("BC-UBND"))
    put("ngay_bao_cao", report_day)
    put("nguoi_lap", person(base))
    put("dien_thoai", f"0205.38{base.randint(10000, 99999)}")
    put("email_lien_he", unit.emails[0])
    put("thu_truong", person(base))
    put("tn_tong_so", youth)
    put("tn_nu", round(youth * base.uniform(0.47, 0.495)))
    put("tn_dan_toc_thieu_so", round(youth * base.uniform(0.70, 0.95)))

    for k in ("tt_hoi_nghi", "tt_website", "tt_mang_xh", "tt_bao_chi"):
        put(k, "Có" if base.random() < 0.6 else "Không")
    cuoc = base.randint(4, 18)
    put("tt_so_cuoc", cuoc)
    put("tt_so_luot_nguoi", round(cuoc * base.uniform(40, 120)))
    put("tt_so_tin_bai", base.randint(2, 20))

    whole = youth  # the whole is the commune's youths, as in Thông tin chung (one base per concept)
    pct = base.uniform(60, 92)
    v[("CT10.1", "thuc_hien")] = round(whole * pct / 100 * 0.93)
    v[("CT10.1", "uoc_ca_nam")] = round(whole * pct / 100)
    v[("CT10.2", "thuc_hien")] = whole
    v[("CT10.2", "uoc_ca_nam")] = whole
    v[("CT10", "nguon_so_lieu")] = "Báo cáo của các thôn, tổ dân phố; hồ sơ bàn giao của huyện cũ"

    if base.random() < 0.6:  # its own plan since it began (it is not asked for the 2025 yearly plan)
        v[("VBK01", "noi_dung")] = f"Kế hoạch triển khai công tác thanh niên 6 tháng cuối năm {y}"
        v[("VBK01", "trang_thai")] = "Đã ban hành"
        v[("VBK01", "so_ky_hieu_vb")] = numbers.take("KH-UBND", 5, 120)
        v[("VBK01", "ngay_ban_hanh")] = dt.date(y, base.randint(7, 9), base.randint(1, 28))

    held = base.random() < 0.7 if dialogue is None else dialogue
    put("dt_da_to_chuc", "Có" if held else "Không")
    if held:
        put("dt_ngay", dt.date(y, base.randint(8, 10), base.randint(2, 27)))
        put("dt_hinh_thuc", base.choice(["Trực tiếp", "Trực tiếp", "Kết hợp"]))
        put("dt_so_thanh_nien", base.randint(30, 140))
        kn = base.randint(3, 15)
        put("dt_so_kien_nghi", kn)
        put("dt_so_da_tra_loi", kn - base.randint(0, 2))

    if base.random() < 0.6:
        put("kp_long_ghep", "Có")
    else:
        put("kp_thuong_xuyen", round(base.uniform(5, 40), 1))
        put("kp_long_ghep", "Không")

    put("kq_noi_bat", pick(base, KQ_XA, 2, n=base.randint(2, 30)))
    put("kho_khan", pick(base, KK_XA, 2))
    put("kn_ubnd_tinh", pick(base, KN_XA, 1))
    put("phuong_huong", pick(base, PH_XA, 2, y=y + 1))
    return v


# Commendation proposals of the 2025 forms (sheet "Đề xuất khen thưởng", section khen_thuong): some
# departments, the Youth Union and some communes propose a collective and/or a person.
PHONG = ["Tổ chức cán bộ", "Văn hóa - Xã hội", "Công tác thanh niên", "Tuyên truyền"]
DEED_TAP_THE = [
    "Tham mưu triển khai đầy đủ Kế hoạch thực hiện Chương trình hằng năm; hoàn thành 100% nhiệm vụ được giao giai đoạn 2021-2025",
    "Tổ chức nhiều hoạt động tình nguyện, hỗ trợ thanh niên khởi nghiệp, lập nghiệp giai đoạn 2021-2025",
]
DEED_CA_NHAN = [
    "Có nhiều sáng kiến trong tuyên truyền, tư vấn hướng nghiệp cho thanh niên; 5 năm liền hoàn thành xuất sắc nhiệm vụ",
    "Chỉ đạo tổ chức đối thoại với thanh niên hằng năm, giải quyết kịp thời các kiến nghị của thanh niên",
    "Xây dựng mô hình thanh niên phát triển kinh tế gắn với sản phẩm OCOP của địa phương",
]
BANG_KHEN = "Bằng khen của Chủ tịch UBND tỉnh"
GIAY_KHEN = "Giấy khen của Giám đốc Sở Nội vụ"


def commendation_values(unit: Unit, person) -> dict[tuple[str, str], Any]:
    """A unit's proposals (none for most), from a random stream of their own (the unit's other
    figures stay those of the year without them)."""
    r = _rng("khen", unit.code)
    commune = unit.kind == UnitKind.commune
    if r.random() >= (0.2 if commune else 0.45):
        return {}
    place = unit.name.removeprefix("Ủy ban nhân dân ")  # "xã Thất Khê", "Sở Y tế"
    rows = []
    if not commune or r.random() < 0.5:
        team = f"Đoàn Thanh niên {place}" if commune else f"Phòng {r.choice(PHONG)}, {unit.name}"
        rows.append(("Tập thể", team, unit.name, r.choice(DEED_TAP_THE), BANG_KHEN))
    posts = (
        [f"Phó Chủ tịch Ủy ban nhân dân {place}", f"Bí thư Đoàn {place}"]
        if commune
        else [
            f"Chuyên viên phụ trách công tác thanh niên, {unit.name}",
            f"Trưởng phòng {r.choice(PHONG)}, {unit.name}",
        ]
    )
    for _ in range(r.choice([1, 1, 2])):
        rows.append(
            ("Cá nhân", person(r), r.choice(posts), r.choice(DEED_CA_NHAN), r.choice([BANG_KHEN, GIAY_KHEN]))
        )
    v: dict[tuple[str, str], Any] = {}
    for i, (kind, name, post, deed, form) in enumerate(rows, 1):
        code = f"DXKT{i:02d}"
        v[(code, "noi_dung")] = name
        v[(code, "khen_doi_tuong")] = kind
        v[(code, "khen_chuc_vu")] = post
        v[(code, "khen_thanh_tich")] = deed
        v[(code, "khen_hinh_thuc")] = form
    return v
