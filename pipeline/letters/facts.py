"""Sentences several letters share, filled from the catalog: the plan cited, the deadline, the
documents cited for the year, the contact person."""

from __future__ import annotations

import datetime as dt

from pipeline.catalog.model import Catalog
from pipeline.vn import ngay
from pipeline.wording import Phrases

__all__ = [
    "CONTACT_PLACEHOLDERS",
    "can_cu_them",
    "deadline_day",
    "email_nhan",
    "han",
    "ke_hoach",
    "lien_he",
    "plan_title",
]

#: what a letter prints where the catalog has no contact detail yet (visible, to fill by hand)
CONTACT_PLACEHOLDERS = {
    "name": "(họ và tên)",
    "position": "(chức vụ)",
    "office": "(phòng, đơn vị)",
    "phone": "(số điện thoại)",
    "email": "(thư điện tử)",
}


def plan_title(catalog: Catalog) -> str:
    """The plan's title without its type word: ``thực hiện Chương trình … 2021-2025``."""
    t = catalog.plan.title.strip()
    return t[len("Kế hoạch ") :] if t.startswith("Kế hoạch ") else t


def ke_hoach(p: Phrases, key: str, catalog: Catalog) -> str:
    """``Kế hoạch số 253/KH-UBND ngày 31/12/2021 của Ủy ban nhân dân tỉnh Lạng Sơn thực hiện …``."""
    plan = catalog.plan
    return p.say(
        key, so=plan.number, ngay=ngay(plan.date), co_quan_ban_hanh=plan.issuer, noi_dung=plan_title(catalog)
    )


def deadline_day(catalog: Catalog, year: int) -> dt.date:
    """The day named in the deadline (15/11): before it (not inclusive) or up to it (inclusive)."""
    d = catalog.plan.deadline
    return dt.date(year, d.month, d.day)


def han(p: Phrases, catalog: Catalog, year: int) -> str:
    """``trước ngày 15/11/2025`` (or ``chậm nhất trong ngày …`` when the day itself is on time)."""
    key = "chung.han.den_het_ngay" if catalog.plan.deadline.inclusive else "chung.han.truoc_ngay"
    return p.say(key, ngay=ngay(deadline_day(catalog, year)))


def can_cu_them(catalog: Catalog, year: int) -> list[str]:
    """Further documents the letters of ``year`` cite (``plan.letters.basis``)."""
    return [b.strip().rstrip(";.") for b in catalog.plan.letters.basis.get(year, []) if b.strip()]


def lien_he(p: Phrases, key: str, catalog: Catalog) -> str:
    """The contact sentence; a detail the catalog leaves empty prints its visible placeholder."""
    ct = catalog.plan.contact
    v = {f: (getattr(ct, f).strip() or CONTACT_PLACEHOLDERS[f]) for f in CONTACT_PLACEHOLDERS}
    return p.say(
        key,
        ho_ten=v["name"],
        chuc_vu=v["position"],
        don_vi=v["office"],
        dien_thoai=v["phone"],
        email=v["email"],
    )


def email_nhan(catalog: Catalog) -> str:
    """The address units send their reports to (the contact's)."""
    return catalog.plan.contact.email.strip() or CONTACT_PLACEHOLDERS["email"]
