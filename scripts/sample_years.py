"""Who reports in each sample year (``scripts/make_sample_inputs.py``): the real-world faults planted
in 2024 (2025's: ``scripts/sample_2025.py``), who did not report or reported late in the clean years,
and the file names units send their reports under."""

from __future__ import annotations

from typing import Any

from scripts.sample_2025 import NAMES_2025, PLANTED_2025

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
