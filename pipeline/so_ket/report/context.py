"""The template context of the review's report (``templates/bao-cao-so-ket.docx``), from the
review's tables alone.

The header, Kính gửi, signature and Nơi nhận are those of the catalog's report variant (ND 30), as
in the yearly report (:func:`pipeline.report.context.build_context`: the same helpers); the trích
yếu and every sentence are the Sở's phrases. :data:`CONTEXT_KEYS` is the contract with the Word
template (``ptn so-ket lint`` holds an edited template against it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.report.context import format_so, get_variant, nfc_tree, subject_lines
from pipeline.so_ket.frames import Review
from pipeline.so_ket.report import appendices
from pipeline.so_ket.report.assessment import closing
from pipeline.so_ket.report.body import body
from pipeline.so_ket.report.facts import ReviewFacts
from pipeline.vn import ngay_thang_nam
from pipeline.wording import Phrases

__all__ = ["CONTEXT_KEYS", "PHRASES", "REQUIRED_KEYS", "VARIANTS", "build_context", "year_columns"]

PHRASES = {
    "trich_yeu.so_noi_vu": "so_nam giai_doan",
    "trich_yeu.ubnd_tinh": "so_nam giai_doan",
    "kem_theo": "so ky_hieu ngay co_quan",
}
VARIANTS = ("so-noi-vu", "ubnd-tinh")


def year_columns(review: Review) -> int:
    """How many year columns the appendices have: the years of the plan's period (at least those
    of the review)."""
    p = review.catalog.plan
    return max(p.period_end - p.period_start + 1, len(review.years))


CONTEXT_KEYS: frozenset[str] = frozenset(
    {
        "nam",
        "giai_doan",
        "nam_muc_tieu",
        "co_quan_chu_quan",
        "co_quan_ban_hanh",
        "so",
        "ky_hieu",
        "dia_danh_ngay",
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
        "nam_cot",
        "pl_muc_tieu",
        "pl_van_ban",
        "pl_chuong_trinh",
        "pl_gui_bao_cao_nam",
        "pl_gui_bao_cao_don_vi",
        "pl_khen_thuong",
        "pl_goi_y",
        "co_danh_sach_gui_bao_cao",
        "co_phu_luc_khen_thuong",
    }
)
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


def draft_day(review: Review) -> dt.date:
    """The day a draft is dated by: the cut-off date of the review's last year."""
    return review.last_m.as_of


def build_context(
    review: Review,
    phrases: Phrases,
    variant: str = "so-noi-vu",
    so: str | int | None = None,
    ngay_bh: dt.date | None = None,
) -> dict[str, Any]:
    """The docxtpl context (all strings NFC). No ``so``/``ngay_bh``: a draft (DỰ THẢO) dated by the
    last year's cut-off date, its number and day left blank."""
    v = get_variant(review.catalog, variant)
    f = ReviewFacts(review, v, phrases)
    n = year_columns(review)
    so_s = format_so(so)
    day = ngay_bh or draft_day(review)
    ngay_ngan = ngay_thang_nam(day, blank_day=ngay_bh is None)
    if len(v.addressee) == 1:
        kinh_gui = [f"Kính gửi: {v.addressee[0]}."]
    else:
        kinh_gui = ["Kính gửi:"] + [
            f"- {a}{'.' if i == len(v.addressee) - 1 else ';'}" for i, a in enumerate(v.addressee)
        ]
    subject = f.say(f"trich_yeu.{variant.replace('-', '_')}", so_nam=f.n_years, giai_doan=f.period)
    details = f.details
    ctx = {
        "nam": str(review.last),
        "giai_doan": f.period,
        "nam_muc_tieu": str(review.horizon),
        "co_quan_chu_quan": v.governing_body,
        "co_quan_ban_hanh": [line.strip() for line in v.issuer.split("\n") if line.strip()],
        "so": so_s,
        "ky_hieu": v.symbol,
        "dia_danh_ngay": f"{v.place}, {ngay_ngan}",
        "du_thao": so is None or ngay_bh is None,
        "du_lieu_mau": review.sample,
        "trich_yeu": subject,
        "trich_yeu_dong": subject_lines(subject),
        "kinh_gui": kinh_gui,
        "than_bai": body(f),
        "ket_thuc": closing(f),
        "noi_nhan": [f"- {r};" for r in v.recipients] + [f"- Lưu: VT, {v.records_code}."],
        "nguoi_ky_chuc_vu": list(v.signer.lines),
        "nguoi_ky_ho_ten": v.signer.name or "Họ và tên người ký",
        "kem_theo": f.say("kem_theo", so=so_s, ky_hieu=v.symbol, ngay=ngay_ngan, co_quan=f.issuer),
        "nam_cot": appendices.year_header(f, n),
        "pl_muc_tieu": appendices.muc_tieu(f, n),
        "pl_van_ban": appendices.van_ban(f, n),
        "pl_chuong_trinh": appendices.chuong_trinh(f, n),
        "pl_gui_bao_cao_nam": appendices.gui_bao_cao_nam(f),
        "pl_gui_bao_cao_don_vi": appendices.gui_bao_cao_don_vi(f) if details else [],
        "pl_khen_thuong": appendices.khen_thuong(f) if details else [],
        "pl_goi_y": appendices.goi_y(f) if details else [],
        "co_danh_sach_gui_bao_cao": details and bool(appendices.gui_bao_cao_don_vi(f)),
        "co_phu_luc_khen_thuong": details,
    }
    assert set(ctx) == CONTEXT_KEYS
    return nfc_tree(ctx)
