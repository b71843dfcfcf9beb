"""The tờ trình of the review: Sở Nội vụ submits to UBND tỉnh the draft review (the UBND tỉnh → Bộ
Nội vụ variant) with the commendation list (KH 253 mục IV.1 đ: tham mưu UBND tỉnh sơ kết).

It is the letters' tờ trình (:mod:`pipeline.letters.submission`), reused as built for it: a
:class:`~pipeline.letters.submission.SubmissionDraft` of the review's own sentences (``to_trinh.*``
of ``templates/cau-chu-so-ket.txt``) laid out by :func:`~pipeline.letters.submission.submission_context`
and rendered through ``templates/to-trinh.docx``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.letters import facts as letter_facts
from pipeline.letters.meta import Body, issuer_name
from pipeline.letters.submission import SubmissionDraft, submission_context
from pipeline.report.context import get_variant
from pipeline.so_ket.frames import Review
from pipeline.vn import pct_vn
from pipeline.wording import Phrases

__all__ = ["PHRASES", "review_submission", "submission_ctx"]

PHRASES = {
    "to_trinh.trich_yeu": "ten_bao_cao",
    "to_trinh.ten_bao_cao": "so_nam giai_doan",
    "to_trinh.can_cu": "ke_hoach",
    "to_trinh.ke_hoach": "so ngay co_quan_ban_hanh noi_dung",
    "to_trinh.tong_hop": "co_quan giai_doan ten_bao_cao noi_gui",
    "to_trinh.tieu_de.noi_dung": "",
    "to_trinh.noi_dung.bao_cao": "giai_doan thap cao",
    "to_trinh.noi_dung.chi_tieu": "nam so_chi_tieu so_vuot so_dat so_chua_dat so_chua_danh_gia",
    "to_trinh.noi_dung.van_ban": "giai_doan so_van_ban",
    "to_trinh.noi_dung.chuong_trinh": "so_chuong_trinh",
    "to_trinh.noi_dung.phuong_huong": "giai_doan",
    "to_trinh.noi_dung.khen_thuong": "so_tap_the so_ca_nhan so_goi_y",
    "to_trinh.tieu_de.de_nghi": "",
    "to_trinh.de_nghi": "co_quan ten_bao_cao noi_gui",
    "to_trinh.de_nghi_khen_thuong": "co_quan giai_doan",
    "to_trinh.ho_so": "ten_bao_cao",
    "to_trinh.ket_thuc": "co_quan",
}


def review_submission(review: Review, p: Phrases) -> SubmissionDraft:
    """The tờ trình's content: căn cứ, what was gathered, the draft's main content, the requests."""
    catalog = review.catalog
    co_quan = issuer_name(catalog)
    period = f"{review.first}-{review.last}"
    ten = p.say("to_trinh.ten_bao_cao", so_nam=f"{len(review.years):02d}", giai_doan=period)
    noi_gui = ", ".join(get_variant(catalog, "ubnd-tinh").addressee)
    b = Body()
    b.p(p.say("to_trinh.can_cu", ke_hoach=letter_facts.ke_hoach(p, "to_trinh.ke_hoach", catalog)))
    b.p(p.say("to_trinh.tong_hop", co_quan=co_quan, giai_doan=period, ten_bao_cao=ten, noi_gui=noi_gui))
    b.heading(p.say("to_trinh.tieu_de.noi_dung"))
    rates = review.discipline_years["rate"].dropna()
    if len(rates):
        b.p(
            p.say(
                "to_trinh.noi_dung.bao_cao",
                giai_doan=period,
                thap=pct_vn(rates.min()),
                cao=pct_vn(rates.max()),
            )
        )
    v = Counter(review.summary["verdict_last"]) if not review.summary.empty else Counter()
    judged = v["vuot"] + v["dat"] + v["chua_dat"]
    b.p(
        p.say(
            "to_trinh.noi_dung.chi_tieu",
            nam=review.last,
            so_chi_tieu=len(review.summary),
            so_vuot=v["vuot"],
            so_dat=v["dat"],
            so_chua_dat=v["chua_dat"],
            so_chua_danh_gia=len(review.summary) - judged,
        )
    )
    b.p(
        p.say(
            "to_trinh.noi_dung.van_ban", giai_doan=period, so_van_ban=int(review.documents["luy_ke"].iloc[-1])
        )
    )
    if not review.programmes.empty:
        b.p(p.say("to_trinh.noi_dung.chuong_trinh", so_chuong_trinh=review.programmes["item"].nunique()))
    plan = catalog.plan
    b.p(p.say("to_trinh.noi_dung.phuong_huong", giai_doan=f"{plan.period_end + 1}-{plan.horizon}"))
    pr = review.proposals
    team = int((pr["doi_tuong"] == "Tập thể").sum()) if len(pr) else 0
    b.p(
        p.say(
            "to_trinh.noi_dung.khen_thuong",
            so_tap_the=team,
            so_ca_nhan=len(pr) - team,
            so_goi_y=len(review.suggestions),
        )
    )
    b.heading(p.say("to_trinh.tieu_de.de_nghi"))
    b.p(p.say("to_trinh.de_nghi", co_quan=co_quan, ten_bao_cao=ten, noi_gui=noi_gui))
    b.p(p.say("to_trinh.de_nghi_khen_thuong", co_quan=co_quan, giai_doan=period))
    b.p(p.say("to_trinh.ho_so", ten_bao_cao=ten))
    return SubmissionDraft(
        trich_yeu=p.say("to_trinh.trich_yeu", ten_bao_cao=ten),
        than_bai=b.items,
        ket_thuc=p.say("to_trinh.ket_thuc", co_quan=co_quan),
    )


def submission_ctx(review: Review, p: Phrases, so=None, ngay_bh=None) -> dict[str, Any]:
    from pipeline.so_ket.report.context import draft_day

    draft = review_submission(review, p)
    return submission_context(
        review.catalog,
        draft,
        year=review.last,
        draft_day=draft_day(review),
        so=so,
        ngay_bh=ngay_bh,
        sample=review.sample,
    )
