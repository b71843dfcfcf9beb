"""The template context of the yearly report, built from the run manifest alone.

The header, signature and Nơi nhận come from the catalog's report variant (ND 30); the body from the
section modules (:mod:`pipeline.report.sections`) in the Sở's words (``templates/cau-chu-bao-cao.txt``,
:mod:`pipeline.report.phrases`); the appendix rows from :mod:`pipeline.report.appendices`.
:data:`CONTEXT_KEYS` is the contract with the Word template (``ptn report lint`` checks an edited
template against it).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from pipeline.catalog.model import Catalog, ReportVariant, render_text
from pipeline.manifest import Manifest
from pipeline.report import appendices
from pipeline.report.facts import Facts
from pipeline.report.sections import body
from pipeline.report.sections.closing import closing
from pipeline.report.sections.opening import full_issuer
from pipeline.vn import ngay_thang_nam
from pipeline.wording import Phrases

__all__ = [
    "CONTEXT_KEYS",
    "PHRASES",
    "REQUIRED_KEYS",
    "build_context",
    "format_so",
    "get_variant",
    "nfc_tree",
    "subject_lines",
]

PHRASES = {"kem_theo": "so ky_hieu ngay co_quan"}

#: every top-level key the context holds (a template may use any of them)
CONTEXT_KEYS: frozenset[str] = frozenset(
    {
        "nam",
        "nam_truoc",
        "co_quan_chu_quan",
        "co_quan_ban_hanh",
        "ten_co_quan_ban_hanh",
        "so",
        "ky_hieu",
        "dia_danh_ngay",
        "ngay_ban_hanh",
        "du_thao",
        "du_lieu_mau",
        "trich_yeu",
        "trich_yeu_dong",
        "kinh_gui",
        "than_bai",
        "ket_thuc",
        "noi_nhan",
        "nguoi_ky_chuc_vu",
        "nguoi_ky_ho_ten",
        "kem_theo",
        "nhan_nam_truoc",
        "pl_muc_tieu",
        "pl_van_ban",
        "pl_chuong_trinh",
        "pl_y_kien",
        "pl_gui_bao_cao",
        "co_phu_luc_y_kien",
        "co_phu_luc_gui_bao_cao",
    }
)

#: keys a usable report template must use (the header, the body and the signature)
REQUIRED_KEYS: frozenset[str] = frozenset(
    {
        "so",
        "ky_hieu",
        "dia_danh_ngay",
        "trich_yeu_dong",
        "than_bai",
        "ket_thuc",
        "noi_nhan",
        "nguoi_ky_chuc_vu",
    }
)

#: about how many characters of the bold 14 pt trích yếu fit on one line of the 165 mm text width
SUBJECT_LINE = 62


def nfc_tree(obj: Any) -> Any:
    """NFC every string in a nested structure of dicts and lists."""
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, dict):
        return {k: nfc_tree(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [nfc_tree(v) for v in obj]
    return obj


def get_variant(catalog: Catalog, key: str) -> ReportVariant:
    for v in catalog.plan.report_variants:
        if v.key == key:
            return v
    known = ", ".join(v.key for v in catalog.plan.report_variants)
    raise KeyError(f"Không có mẫu báo cáo '{key}' trong danh mục (có: {known}).")


def format_so(so: str | int | None) -> str:
    """``5`` → ``05`` (ND 30: numbers below 10 take a leading 0); blank for a draft."""
    if so is None or str(so).strip() == "":
        return " " * 6
    s = str(so).strip()
    return f"{int(s):02d}" if s.isdigit() else s


def subject_lines(text: str, width: int = SUBJECT_LINE) -> list[str]:
    """The trích yếu in balanced lines: no short tail ("năm 2024" alone) – when it does not fit on
    one line, the break is put where the two lines are nearest in length, the first the longer."""
    if len(text) <= width:
        return [text]
    words = text.split()
    best, best_gap = [text], None
    for i in range(1, len(words)):
        a, b = " ".join(words[:i]), " ".join(words[i:])
        if len(a) > width or len(b) > width or len(a) < len(b):
            continue
        gap = len(a) - len(b)
        if best_gap is None or gap < best_gap:
            best, best_gap = [a, b], gap
    return best


def build_context(
    manifest: Manifest,
    catalog: Catalog,
    variant: str = "so-noi-vu",
    so: str | int | None = None,
    ngay_bh: dt.date | None = None,
    phrases: Phrases | None = None,
) -> dict[str, Any]:
    """The docxtpl context of the report (all strings NFC). No ``so``/``ngay_bh``: a draft dated by
    the manifest's cut-off date (its month and year; the day left blank)."""
    from pipeline.report import phrases as report_phrases

    v = get_variant(catalog, variant)
    f = Facts(manifest, catalog, v, phrases or report_phrases.load())
    du_thao = so is None or ngay_bh is None
    day = ngay_bh or manifest.as_of
    so_s = format_so(so)
    issuer_lines = [line.strip() for line in v.issuer.split("\n") if line.strip()]
    if len(v.addressee) == 1:
        kinh_gui = [f"Kính gửi: {v.addressee[0]}."]
    else:
        kinh_gui = ["Kính gửi:"] + [
            f"- {a}{'.' if i == len(v.addressee) - 1 else ';'}" for i, a in enumerate(v.addressee)
        ]
    noi_nhan = [f"- {r};" for r in v.recipients] + [f"- Lưu: VT, {v.records_code}."]
    ngay_ngan = ngay_thang_nam(day, blank_day=ngay_bh is None)
    subject = render_text(v.subject, "subject", year=manifest.year)
    details = v.includes_reporting_details
    ctx = {
        "nam": str(manifest.year),
        "nam_truoc": str(manifest.previous_year or manifest.year - 1),
        "co_quan_chu_quan": v.governing_body,
        "co_quan_ban_hanh": issuer_lines,
        "ten_co_quan_ban_hanh": full_issuer(f),
        "so": so_s,
        "ky_hieu": v.symbol,
        "dia_danh_ngay": f"{v.place}, {ngay_ngan}",
        "ngay_ban_hanh": ngay_ngan,
        "du_thao": du_thao,
        "du_lieu_mau": manifest.sample_data,
        "trich_yeu": subject,
        "trich_yeu_dong": subject_lines(subject),
        "kinh_gui": kinh_gui,
        "than_bai": body(f),
        "ket_thuc": closing(f),
        "noi_nhan": noi_nhan,
        "nguoi_ky_chuc_vu": list(v.signer.lines),
        "nguoi_ky_ho_ten": v.signer.name or "Họ và tên người ký",
        "kem_theo": f.say("kem_theo", so=so_s, ky_hieu=v.symbol, ngay=ngay_ngan, co_quan=full_issuer(f)),
        "nhan_nam_truoc": f.say(
            f"pl.nam_truoc.{manifest.comparison.previous_basis}",
            nam_truoc=manifest.previous_year or manifest.year - 1,
        ),
        "pl_muc_tieu": appendices.muc_tieu(f),
        "pl_van_ban": appendices.van_ban(f),
        "pl_chuong_trinh": appendices.chuong_trinh(f),
        "pl_y_kien": appendices.y_kien(f) if details else [],
        "pl_gui_bao_cao": appendices.gui_bao_cao(f) if details else [],
        "co_phu_luc_y_kien": details,
        "co_phu_luc_gui_bao_cao": details,
    }
    assert set(ctx) == CONTEXT_KEYS
    return nfc_tree(ctx)
