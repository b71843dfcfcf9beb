"""The letters after a run: the đôn đốc (one, to every unit that still owes something) and the đề
nghị bổ sung, hoàn thiện (one per unit whose report has errors, beside its feedback form). Both are
written from the run's manifest and the catalog: who owes what is the manifest's ``owing`` and the
date asked by its ``followup_due`` (:mod:`pipeline.consolidate.owing` computes both, once), the same
list as ``danh-sach-chua-gui.xlsx`` and the e-mails."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from pipeline.catalog.model import Catalog
from pipeline.catalog.query import CatalogView
from pipeline.letters import facts
from pipeline.letters.meta import KINDS, Body, addressees, issuer_name, letter_frame
from pipeline.manifest import Manifest, OwedItem, Owing
from pipeline.report.context import nfc_tree
from pipeline.vn import ngay
from pipeline.wording import Phrases
from pipeline.writers.feedback import FINDINGS_SHEET

__all__ = [
    "MAX_CELLS",
    "MAX_ERROR_LINES",
    "correction_context",
    "corrections_due",
    "deadline_passed",
    "due_date",
    "error_places",
    "reminder_context",
    "to_remind",
]

#: error lines a đề nghị bổ sung prints; the rest are counted (all are on the feedback form)
MAX_ERROR_LINES = 15
#: cells the đôn đốc names per unit
MAX_CELLS = 12


def deadline_passed(m: Manifest) -> bool:
    """Whether the run's reference date is after the reporting deadline (a đôn đốc makes sense)."""
    return m.as_of >= m.deadline.date()


def to_remind(m: Manifest) -> list[Owing]:
    """The units the đôn đốc names: every unit of the manifest's ``owing`` that owes something (its
    report, a cell to correct, a target's figure), in the manifest's order – a unit that only sent
    late owes nothing more."""
    return [o for o in m.owing if o.owes]


def corrections_due(m: Manifest) -> list[Owing]:
    """The units asked to correct their report (one đề nghị bổ sung each)."""
    return [o for o in m.owing if o.of("error")]


def due_date(m: Manifest, catalog: Catalog, han_moi: dt.date | None = None) -> dt.date:
    """The new date asked by: ``han_moi`` when given, else the manifest's ``followup_due``."""
    if han_moi is not None:
        return han_moi
    if m.followup_due is not None:
        return m.followup_due
    from pipeline.consolidate.owing import followup_due  # a manifest written without it

    return followup_due(m, CatalogView.of(catalog, m.year))


def error_places(errors: list[OwedItem], limit: int = MAX_CELLS) -> str:
    """``sheet “Đội ngũ” ô E6, E7; sheet “Kinh phí” ô C5`` (at most ``limit`` cells, then ``…``)."""
    by_sheet: dict[str, list[str]] = defaultdict(list)
    n = 0
    for f in errors:
        if f.sheet and f.cell and f.cell not in by_sheet[f.sheet]:
            if n == limit:
                break
            by_sheet[f.sheet].append(f.cell)
            n += 1
    parts = [f"sheet “{s}” ô {', '.join(cells)}" for s, cells in by_sheet.items() if cells]
    more = sum(1 for f in errors if f.sheet and f.cell) > n
    return "; ".join(parts) + (" …" if more else "") if parts else "xem biểu mẫu phản hồi"


def _view_units(view: CatalogView, owed: list[Owing]):
    return [view.units_by_code[o.unit] for o in owed if o.unit in view.units_by_code]


def reminder_context(
    m: Manifest,
    catalog: Catalog,
    owed: list[Owing],
    phrases: Phrases,
    *,
    so: str | int | None = None,
    ngay_bh: dt.date | None = None,
    han_moi: dt.date | None = None,
) -> dict[str, Any]:
    """The đôn đốc after the deadline: each unit that owes something, with what, and a new date."""
    p, view, y = phrases, CatalogView.of(catalog, m.year), m.year
    co_quan = issuer_name(catalog)
    due = due_date(m, catalog, han_moi)
    c = m.completeness
    b = Body()
    b.p(p.say("don_doc.mo_dau", nam=y, ke_hoach=facts.ke_hoach(p, "chung.ke_hoach", catalog), co_quan=co_quan,
              han=facts.han(p, catalog, y)))  # fmt: skip
    b.p(
        p.say(
            "don_doc.tinh_hinh",
            ngay_chot=ngay(m.as_of),
            so_da_gui=len(c.received),
            so_phai_gui=len(c.expected),
        )
    )
    b.p(p.say("don_doc.danh_sach", so_don_vi=len(owed)))
    for i, o in enumerate(owed, start=1):
        parts = []
        if o.of("report"):
            parts.append(p.say("don_doc.muc.chua_gui", nam=y))
        errors = o.of("error")
        if errors:
            parts.append(p.say("don_doc.muc.co_loi", so_loi=len(errors), vi_tri=error_places(errors)))
        figures = o.of("figure")
        if figures:
            names = list(dict.fromkeys(x.name or x.what for x in figures))
            parts.append(p.say("don_doc.muc.thieu_so_lieu", chi_tieu="; ".join(names)))
        b.p(p.say("don_doc.dong", stt=i, don_vi=o.name, noi_dung="; ".join(x for x in parts if x)))
    b.p(p.say("don_doc.de_nghi", co_quan=co_quan, han_moi=ngay(due), email_nhan=facts.email_nhan(catalog)))
    if any(o.of("error") for o in owed):
        b.p(p.say("don_doc.phan_hoi"))
    b.p(facts.lien_he(p, "chung.lien_he", catalog))
    frame = letter_frame(
        catalog,
        KINDS["don-doc"],
        year=y,
        draft_day=m.as_of,
        kinh_gui=addressees(
            catalog, _view_units(view, owed), lambda g: p.say("don_doc.kinh_gui_nhom", nhom=g)
        ),
        trich_yeu=p.say("don_doc.trich_yeu", nam=y),
        so=so,
        ngay=ngay_bh,
        sample=m.sample_data,
    )
    return nfc_tree({**frame, **_no_appendix(), "than_bai": b.items,
                     "ket_thuc": p.say("don_doc.ket_thuc", co_quan=co_quan)})  # fmt: skip


def _local_day(t: dt.datetime, catalog: Catalog) -> dt.date:
    """The day of ``t`` in the plan's time zone (receipt times are stored with their offset)."""
    from zoneinfo import ZoneInfo

    return t.astimezone(ZoneInfo(catalog.plan.deadline.timezone)).date() if t.tzinfo else t.date()


def _sentence(text: str) -> str:
    t = " ".join(text.split())
    return t if t.endswith((".", "!", "?", ")")) else t + "."


def correction_context(
    m: Manifest,
    catalog: Catalog,
    o: Owing,
    phrases: Phrases,
    *,
    feedback_name: str,
    so: str | int | None = None,
    ngay_bh: dt.date | None = None,
    han_moi: dt.date | None = None,
) -> dict[str, Any]:
    """The đề nghị bổ sung, hoàn thiện to one unit: its errors (as on its feedback form), by when."""
    p, y = phrases, m.year
    co_quan = issuer_name(catalog)
    due = due_date(m, catalog, han_moi)
    errors = o.of("error")
    received = ngay(_local_day(o.received_at, catalog)) if o.received_at else "(ngày nhận)"
    b = Body()
    if o.report_number:
        b.p(p.say("bo_sung.mo_dau.co_so", co_quan=co_quan, don_vi=o.name, nam=y, ngay_nhan=received,
                  so_ky_hieu=o.report_number))  # fmt: skip
    else:
        b.p(p.say("bo_sung.mo_dau", co_quan=co_quan, don_vi=o.name, nam=y, ngay_nhan=received))
    b.p(p.say("bo_sung.ra_soat", so_loi=len(errors)))
    for f in errors[:MAX_ERROR_LINES]:
        if f.sheet and f.cell:
            b.p(p.say("bo_sung.loi", sheet=f.sheet, o=f.cell, noi_dung=_sentence(f.what)))
        else:
            b.p(p.say("bo_sung.loi.khong_o", noi_dung=_sentence(f.what)))
    if len(errors) > MAX_ERROR_LINES:
        b.p(
            p.say(
                "bo_sung.loi.con_lai",
                so_con_lai=len(errors) - MAX_ERROR_LINES,
                sheet_phan_hoi=FINDINGS_SHEET,
            )
        )
    if o.warnings:
        b.p(p.say("bo_sung.canh_bao", so_canh_bao=o.warnings))
    b.p(p.say("bo_sung.de_nghi", co_quan=co_quan, don_vi=o.name, tep_phan_hoi=feedback_name, han_moi=ngay(due),
              email_nhan=facts.email_nhan(catalog)))  # fmt: skip
    b.p(facts.lien_he(p, "chung.lien_he", catalog))
    frame = letter_frame(
        catalog,
        KINDS["bo-sung"],
        year=y,
        draft_day=m.as_of,
        kinh_gui=[o.name],
        trich_yeu=p.say("bo_sung.trich_yeu", nam=y),
        so=so,
        ngay=ngay_bh,
        sample=m.sample_data,
    )
    return nfc_tree({**frame, **_no_appendix(), "than_bai": b.items,
                     "ket_thuc": p.say("bo_sung.ket_thuc", co_quan=co_quan, don_vi=o.name)})  # fmt: skip


def _no_appendix() -> dict[str, Any]:
    return {"phu_luc": False, "phu_luc_tieu_de": "", "kem_theo": "", "pl_danh_sach": []}
