"""Catalog checks of the plan's own metadata: the report variants and their signers, the letters
(công văn, tờ trình), the contact person, the reporting period, what a new plan must fill in before
use, and carried-over items awaiting review."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.catalog.model import Catalog
from pipeline.catalog.validate.problem import CatalogProblem, all_items


def check_report_metadata(c: Catalog) -> Iterator[CatalogProblem]:
    keys = [v.key for v in c.plan.report_variants]
    for key in ("so-noi-vu", "ubnd-tinh"):
        if key not in keys:
            yield CatalogProblem(
                "CAT-REPORT", "error", "plan", "report_variants", f"thiếu mẫu báo cáo '{key}'."
            )
    for v in c.plan.report_variants:
        if not v.signer.name.strip():
            yield CatalogProblem(
                "CAT-REPORT",
                "warning",
                f"report_variants.{v.key}",
                "signer.name",
                "chưa có họ tên người ký: báo cáo sẽ để trống dòng họ tên.",
            )
        if v.signer.authority and not v.signer.lines[0].startswith(v.signer.authority):
            yield CatalogProblem(
                "CAT-REPORT",
                "error",
                f"report_variants.{v.key}",
                "signer.lines",
                f"dòng đầu khối chữ ký phải bắt đầu bằng '{v.signer.authority}'.",
            )


SYMBOL_PART = re.compile(r"^[A-ZĐ0-9]+$")
LETTER_LABELS = {
    "request": "đề nghị báo cáo",
    "cooperation": "đề nghị phối hợp",
    "reminder": "đôn đốc",
    "correction": "đề nghị bổ sung",
    "submission": "tờ trình",
}


def check_letters(c: Catalog) -> Iterator[CatalogProblem]:
    """The metadata of the công văn and the tờ trình (``plan.letters``)."""
    lt = c.plan.letters
    for field in ("issuer_code", "drafting_unit_code"):
        if not SYMBOL_PART.match(getattr(lt, field)):
            yield CatalogProblem(
                "CAT-LETTERS",
                "error",
                "plan.letters",
                field,
                f"'{getattr(lt, field)}' phải là chữ in hoa hoặc số, không dấu cách (ví dụ SNV, XDCQ).",
            )
    for obligation, kind in sorted({(u.obligation, u.kind) for u in c.units}, key=str):
        if not lt.addressee_groups.get(obligation, {}).get(kind, "").strip():
            yield CatalogProblem(
                "CAT-LETTERS",
                "error",
                "plan.letters",
                f"addressee_groups.{obligation.value}",
                f"thiếu tên nhóm cho loại đơn vị '{kind.value}' (dùng trong dòng Kính gửi).",
            )
    if not [a for a in lt.submission.addressees if a.strip()]:
        yield CatalogProblem(
            "CAT-LETTERS",
            "error",
            "plan.letters",
            "submission.addressees",
            "tờ trình cần nơi gửi (Kính gửi).",
        )
    for year in sorted(set(lt.basis) - set(c.plan.years)):
        yield CatalogProblem(
            "CAT-LETTERS",
            "error",
            "plan.letters",
            "basis",
            f"năm {year} nằm ngoài giai đoạn của kế hoạch ({c.plan.period_start}–{c.plan.period_end}).",
        )
    for key, label in LETTER_LABELS.items():
        spec = getattr(lt, key)
        if any(r.strip().rstrip(";.").casefold() == "như trên" for r in spec.recipients):
            yield CatalogProblem(
                "CAT-LETTERS",
                "warning",
                f"plan.letters.{key}",
                "recipients",
                f"công văn {label} tự ghi '- Như trên;' ở dòng đầu Nơi nhận: bỏ dòng này để khỏi lặp.",
            )
        signer = spec.signer
        if signer is None:
            continue
        if signer.authority and not (signer.lines and signer.lines[0].startswith(signer.authority)):
            yield CatalogProblem(
                "CAT-LETTERS",
                "error",
                f"plan.letters.{key}",
                "signer.lines",
                f"dòng đầu khối chữ ký phải bắt đầu bằng '{signer.authority}'.",
            )
        if not signer.name.strip():
            yield CatalogProblem(
                "CAT-LETTERS",
                "warning",
                f"plan.letters.{key}",
                "signer.name",
                f"chưa có họ tên người ký {label}: văn bản sẽ để chỗ ghi họ tên.",
            )


def check_contact(c: Catalog) -> Iterator[CatalogProblem]:
    ct = c.plan.contact
    for field, label in (("name", "họ tên"), ("phone", "số điện thoại"), ("email", "thư điện tử")):
        if not getattr(ct, field).strip():
            yield CatalogProblem(
                "CAT-CONTACT",
                "warning",
                "plan",
                f"contact.{field}",
                f"chưa có {label} người liên hệ: biểu mẫu, phản hồi và công văn sẽ để chỗ trống.",
            )


def check_reporting_period(c: Catalog) -> Iterator[CatalogProblem]:
    """The data period must be real dates and cover about one year, ending inside year Y."""
    import datetime as dt

    rp = c.plan.reporting_period
    for y in c.plan.years:
        try:
            start, end = rp.start(y), rp.end(y)
        except ValueError:
            yield CatalogProblem(
                "CAT-PERIOD",
                "error",
                "plan",
                "reporting_period",
                f"ngày đầu hoặc ngày cuối kỳ năm {y} không có thật.",
            )
            return
        if not (dt.timedelta(days=300) <= end - start <= dt.timedelta(days=366)):
            yield CatalogProblem(
                "CAT-PERIOD",
                "error",
                "plan",
                "reporting_period",
                f"kỳ số liệu năm {y} ({start:%d/%m/%Y} – {end:%d/%m/%Y}) phải dài khoảng một năm.",
            )
            return


def check_plan_metadata(c: Catalog) -> Iterator[CatalogProblem]:
    """What a plan needs before forms can be issued: a new plan (ptn plan new) starts without them."""
    p = c.plan
    for field, label, empty in (
        ("id", "mã kế hoạch", not p.id.strip()),
        ("title", "tên kế hoạch", not p.title.strip()),
        ("number", "số, ký hiệu của kế hoạch", not p.number.strip()),
        ("date", "ngày ban hành kế hoạch", p.date is None),
        ("issuer", "cơ quan ban hành kế hoạch", not p.issuer.strip()),
    ):
        if empty:
            yield CatalogProblem("CAT-TO-FILL", "error", "plan", field, f"chưa có {label}.")


def check_review(c: Catalog) -> Iterator[CatalogProblem]:
    """Items carried over into a new plan wait for the Sở's decision (their ``review`` text)."""
    for item in all_items(c):
        if item.review.strip():
            yield CatalogProblem(
                "CAT-REVIEW",
                "error",
                item.code,
                "review",
                f"cần xem xét – {item.review.strip()} Xong thì để trống ô «Cần xem xét».",
            )
