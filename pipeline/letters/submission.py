"""The tờ trình: Sở Nội vụ submits to UBND tỉnh a draft it prepared for UBND tỉnh to sign.

:func:`submission_context` lays out any :class:`SubmissionDraft` (căn cứ, nội dung chính, đề nghị,
closing) as a tờ trình (ND 30: ``TỜ TRÌNH``, trích yếu, Kính gửi, ký hiệu ``…/TTr-SNV``);
:func:`yearly_submission` writes the one for the yearly report (the UBND-tỉnh variant, sent to Bộ
Nội vụ) from the run's manifest. The five-year review submits its own draft by building its own
:class:`SubmissionDraft` and calling :func:`submission_context`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pipeline.catalog.model import Catalog, render_text
from pipeline.letters import facts
from pipeline.letters.meta import KINDS, Body, issuer_name, letter_frame
from pipeline.manifest import Manifest
from pipeline.report.context import get_variant, nfc_tree
from pipeline.vn import pct_vn
from pipeline.wording import Phrases

__all__ = ["SubmissionDraft", "report_title", "submission_context", "yearly_submission"]

JUDGED = ("vuot", "dat", "chua_dat")


@dataclass(frozen=True)
class SubmissionDraft:
    """The content of a tờ trình: its trích yếu (``Về việc …``), body paragraphs and closing line."""

    trich_yeu: str
    than_bai: list[dict[str, Any]]
    ket_thuc: str


def report_title(catalog: Catalog, year: int, variant: str = "ubnd-tinh") -> str:
    """``Báo cáo kết quả thực hiện … năm 2025`` (the trích yếu of the report variant, as a name)."""
    subject = render_text(get_variant(catalog, variant).subject, "subject", year=year).strip()
    return f"Báo cáo {subject[:1].lower()}{subject[1:]}"


def submission_context(
    catalog: Catalog,
    draft: SubmissionDraft,
    *,
    year: int,
    draft_day: dt.date,
    so: str | int | None = None,
    ngay_bh: dt.date | None = None,
    sample: bool = False,
) -> dict[str, Any]:
    """The docxtpl context of a tờ trình submitting ``draft`` (Kính gửi from the catalog); ``sample``
    marks one written from the shipped sample data."""
    frame = letter_frame(
        catalog,
        KINDS["to-trinh"],
        year=year,
        draft_day=draft_day,
        kinh_gui=catalog.plan.letters.submission.addressees,
        trich_yeu=draft.trich_yeu,
        so=so,
        ngay=ngay_bh,
        sample=sample,
    )
    return nfc_tree({**frame, "than_bai": draft.than_bai, "ket_thuc": draft.ket_thuc})


def yearly_submission(m: Manifest, catalog: Catalog, phrases: Phrases) -> SubmissionDraft:
    """The tờ trình of the yearly report: căn cứ, what was gathered, the main content in a few lines
    from the manifest, the request to sign and send it."""
    p, y = phrases, m.year
    co_quan = issuer_name(catalog)
    ten = report_title(catalog, y)
    noi_gui = ", ".join(get_variant(catalog, "ubnd-tinh").addressee)
    c = m.completeness
    b = Body()
    b.p(p.say("can_cu", nam=y, ke_hoach=facts.ke_hoach(p, "ke_hoach", catalog), co_quan=co_quan))
    for doc in facts.can_cu_them(catalog, y):
        b.p(p.say("can_cu_them", van_ban=doc))
    n_exp, n_rec = len(c.expected), len(c.received)
    b.p(
        p.say(
            "tong_hop", co_quan=co_quan, so_da_gui=n_rec, so_phai_gui=n_exp, ten_bao_cao=ten, noi_gui=noi_gui
        )
    )
    b.heading(p.say("tieu_de.noi_dung"))
    rate = c.reporting_rate if c.reporting_rate is not None else (100 * n_rec / n_exp if n_exp else 0.0)
    b.p(p.say("noi_dung.gui_bao_cao", so_da_gui=n_rec, so_phai_gui=n_exp, ty_le=pct_vn(rate),
              so_dung_han=len(c.on_time)))  # fmt: skip
    if c.missing:
        names = sorted(m.units.get(u, u) for u in c.missing)
        b.p(p.say("noi_dung.chua_gui", so_chua_gui=len(c.missing), danh_sach=", ".join(names)))
    verdicts = Counter(t.verdict for t in m.province)
    b.p(
        p.say(
            "noi_dung.chi_tieu",
            so_chi_tieu=len(m.province),
            so_vuot=verdicts["vuot"],
            so_dat=verdicts["dat"],
            so_chua_dat=verdicts["chua_dat"],
            so_chua_danh_gia=len(m.province) - sum(verdicts[v] for v in JUDGED),
        )
    )
    b.p(p.say("noi_dung.van_ban", so_van_ban=sum(d.status == "Đã ban hành" for d in m.documents)))
    if m.programmes:
        b.p(p.say("noi_dung.chuong_trinh", so_chuong_trinh=len({x.item for x in m.programmes})))
    proposing = {t.unit for t in m.texts if t.field.startswith("kn_") and t.text.strip()}
    if proposing:
        b.p(p.say("noi_dung.kien_nghi", so_don_vi_kien_nghi=len(proposing)))
    b.heading(p.say("tieu_de.de_nghi"))
    b.p(p.say("de_nghi", co_quan=co_quan, ten_bao_cao=ten, noi_gui=noi_gui))
    b.p(p.say("ho_so", ten_bao_cao=ten))
    return SubmissionDraft(
        trich_yeu=p.say("trich_yeu", ten_bao_cao=ten),
        than_bai=b.items,
        ket_thuc=p.say("ket_thuc", co_quan=co_quan),
    )
