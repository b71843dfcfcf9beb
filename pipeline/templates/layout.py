"""Constants of the form layout contract (docs/FORM-LAYOUT.md), shared by builder and intake."""

from __future__ import annotations

LAYOUT_VERSION = 1

META_SHEET = "_meta"
LISTS_SHEET = "_lists"
INFO_SHEET_KEY = "thong_tin_chung"
GUIDE_SHEET = "Hướng dẫn"

SECTION_MARK = "ptn:section:"  # A1 of the hidden key row: "ptn:section:<key>"
KEY_ROW_SCAN = 10  # intake scans this many rows for the key row

COL_STT = "__stt__"
COL_CODE = "__code__"
COL_NAME = "__name__"
COL_UOM = "__uom__"
COL_PLAN = "__plan__"
COL_ROLE = "__role__"
COL_PREVIOUS = "__prev__"  # last year's figure of the unit (locked, shown when the run is known)
VALUE_KEY = "gia_tri"  # the input column of fields sections
FREE_NAME_KEY = "noi_dung"  # the name cell of a free row

UNIT_ROW_CODE = "don_vi"
YEAR_ROW_CODE = "nam_bao_cao"

PART_SUFFIX = {".1": "tu_so", ".2": "mau_so"}

META_KEYS = (
    "plan_id",
    "layout_version",
    "catalog_hash",
    "template_version",
    "unit_code",
    "unit_name",
    "year",
    "generated_at",
)


def split_code(code: str) -> tuple[str, str]:
    """``"CT01.1"`` → ``("CT01", "tu_so")``; ``"CT01"`` → ``("CT01", "")``."""
    for suffix, part in PART_SUFFIX.items():
        if code.endswith(suffix):
            return code[: -len(suffix)], part
    return code, ""
