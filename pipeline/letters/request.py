"""The đề nghị báo cáo (to the obliged units) and the đề nghị phối hợp (to the requested units) of
a year: what to report and on which form, the data period, the deadline, how to send, whom to call;
the mailing list as the letter's appendix. Made from the catalog alone, before any report arrives
(``ptn templates`` and ``ptn cong-van de-nghi-bao-cao``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.catalog.model import Catalog, Obligation, Unit
from pipeline.catalog.query import CatalogView
from pipeline.letters import facts
from pipeline.letters.meta import KINDS, Body, addressees, issuer_name, letter_frame
from pipeline.report.context import nfc_tree
from pipeline.templates.build import template_filename
from pipeline.vn import ngay
from pipeline.wording import Phrases

__all__ = ["REQUEST_KINDS", "mailing_rows", "request_context", "request_units"]

#: letter kind → the units it goes to
REQUEST_KINDS = {"de-nghi-bao-cao": Obligation.obliged, "de-nghi-phoi-hop": Obligation.requested}


def request_units(view: CatalogView, kind: str) -> list[Unit]:
    """The active units a request letter goes to, in the catalog's order (that of the mailing list)."""
    return [u for u in view.active_units if u.obligation == REQUEST_KINDS[kind]]


def mailing_rows(view: CatalogView, units: list[Unit]) -> list[dict[str, str]]:
    """The appendix: one row per unit, with the file name of its form and its addresses."""
    return [
        {
            "stt": str(i),
            "don_vi": u.name,
            "bieu_mau": template_filename(view.year, u),
            "thu_dien_tu": "; ".join(u.emails),
        }
        for i, u in enumerate(units, start=1)
    ]


def request_context(
    catalog: Catalog,
    year: int,
    kind: str,
    phrases: Phrases,
    *,
    so: str | int | None = None,
    ngay_bh: dt.date | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The docxtpl context of the đề nghị báo cáo (``kind`` ``de-nghi-bao-cao``) or the đề nghị phối
    hợp (``de-nghi-phoi-hop``) of ``year``."""
    p = phrases
    k = KINDS[kind]
    view = CatalogView.of(catalog, year)
    units = request_units(view, kind)
    key = k.phrase_key
    co_quan = issuer_name(catalog)
    han = facts.han(p, catalog, year)
    extra = "".join(f"; {p.say('chung.can_cu_them', van_ban=b)}" for b in facts.can_cu_them(catalog, year))
    b = Body()
    b.p(p.say(f"{key}.mo_dau", nam=year, ke_hoach=facts.ke_hoach(p, "chung.ke_hoach", catalog),
              co_quan=co_quan, can_cu_them=extra))  # fmt: skip
    b.heading(p.say("chung.tieu_de.noi_dung"))
    b.p(p.say("chung.noi_dung", nam=year, so_bieu_mau=len(units)))
    b.heading(p.say("chung.tieu_de.ky_so_lieu"))
    b.p(p.say("chung.ky_so_lieu", nam=year, ky_tu=ngay(view.period_start), ky_den=ngay(view.period_end)))
    if catalog.plan.deadline.last_on_time_day(year) < view.period_end:
        b.p(p.say("chung.uoc_thuc_hien", han=han, ky_den=ngay(view.period_end)))
    b.heading(p.say("chung.tieu_de.thoi_han"))
    b.p(p.say("chung.thoi_han", co_quan=co_quan, han=han, email_nhan=facts.email_nhan(catalog)))
    if units:
        b.p(p.say("chung.ten_tep", vi_du_ten_tep=template_filename(year, units[0])))
    b.heading(p.say("chung.tieu_de.lien_he"))
    b.p(facts.lien_he(p, "chung.lien_he", catalog))
    frame = letter_frame(
        catalog,
        k,
        year=year,
        draft_day=today or dt.datetime.now(ZoneInfo(catalog.plan.deadline.timezone)).date(),
        kinh_gui=addressees(catalog, units, lambda g: p.say(f"{key}.kinh_gui_nhom", nhom=g)),
        trich_yeu=p.say(f"{key}.trich_yeu", nam=year),
        so=so,
        ngay=ngay_bh,
    )
    ctx = {
        **frame,
        "than_bai": b.items,
        "ket_thuc": p.say(f"{key}.ket_thuc", co_quan=co_quan),
        "phu_luc": True,
        "phu_luc_tieu_de": p.say("chung.phu_luc.tieu_de", nam=year),
        "kem_theo": f"Công văn số {frame['so']}/{frame['ky_hieu']} {frame['ngay_ban_hanh']} của {co_quan}",
        "pl_danh_sach": mailing_rows(view, units),
    }
    return nfc_tree(ctx)
