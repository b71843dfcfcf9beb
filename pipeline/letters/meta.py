"""What every letter takes from the catalog: header, number and ký hiệu, date line, Kính gửi,
Nơi nhận, signature (ND 30/2020/NĐ-CP), and the keys of the letters' template context.

The issuer is Sở Nội vụ: header lines, place and the default signer are those of the report variant
``so-noi-vu``; ``plan.letters`` adds the ký hiệu parts, the records code, the names of addressee
groups and, per kind of letter, its signer and Nơi nhận (docs/CATALOG.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.catalog.model import Catalog, LetterSpec, Obligation, Unit, UnitKind
from pipeline.report.context import format_so, get_variant
from pipeline.vn import ngay_thang_nam

__all__ = [
    "CONG_VAN_KEYS",
    "CONG_VAN_REQUIRED",
    "KINDS",
    "SIGNER_PLACEHOLDER",
    "TO_TRINH_KEYS",
    "TO_TRINH_REQUIRED",
    "Body",
    "LetterKind",
    "addressees",
    "issuer_name",
    "letter_frame",
]

SIGNER_PLACEHOLDER = "Họ và tên người ký"  # as the report: a visible line to fill before signing


@dataclass(frozen=True)
class LetterKind:
    key: str  # file-name slug and CLI word: "de-nghi-bao-cao"
    spec: str  # field of plan.letters: "request"
    label: str  # Vietnamese name, for messages
    submission: bool = False  # a tờ trình (its own template, ký hiệu TTr-…)

    @property
    def phrase_key(self) -> str:
        return self.key.replace("-", "_")


KINDS: dict[str, LetterKind] = {
    k.key: k
    for k in (
        LetterKind("de-nghi-bao-cao", "request", "Công văn đề nghị báo cáo"),
        LetterKind("de-nghi-phoi-hop", "cooperation", "Công văn đề nghị phối hợp báo cáo"),
        LetterKind("don-doc", "reminder", "Công văn đôn đốc báo cáo"),
        LetterKind("bo-sung", "correction", "Công văn đề nghị bổ sung, hoàn thiện báo cáo"),
        LetterKind("to-trinh", "submission", "Tờ trình", submission=True),
    )
}

_FRAME = {
    "nam",
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
    "kinh_gui_mot",
    "kinh_gui",
    "than_bai",
    "ket_thuc",
    "noi_nhan",
    "nguoi_ky_chuc_vu",
    "nguoi_ky_ho_ten",
}
#: every key of a công văn's context (``ptn cong-van lint`` holds an edited template against it)
CONG_VAN_KEYS: frozenset[str] = frozenset(_FRAME | {"phu_luc", "phu_luc_tieu_de", "kem_theo", "pl_danh_sach"})
TO_TRINH_KEYS: frozenset[str] = frozenset(_FRAME)
_REQUIRED = {"so", "ky_hieu", "dia_danh_ngay", "trich_yeu", "than_bai", "ket_thuc", "noi_nhan"}
CONG_VAN_REQUIRED: frozenset[str] = frozenset(_REQUIRED | {"kinh_gui", "nguoi_ky_chuc_vu"})
TO_TRINH_REQUIRED: frozenset[str] = frozenset(_REQUIRED | {"kinh_gui", "nguoi_ky_chuc_vu"})


class Body:
    """Body paragraphs in the report's form: ``{cap, noi_dung}``; cap 2 = a numbered bold heading."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.n = 0

    def heading(self, title: str) -> None:
        self.n += 1
        self.items.append({"cap": 2, "noi_dung": f"{self.n}. {title}"})

    def p(self, text: str) -> None:
        """A paragraph; an empty sentence (the Sở emptied it in the phrase file) is left out."""
        if text.strip():
            self.items.append({"cap": 0, "noi_dung": text})


def _kinh_gui(names: Sequence[str]) -> tuple[str, list[str]]:
    """``("X.", [])`` for one addressee, ``("", ["- A;", "- B."])`` for several."""
    names = [n.strip() for n in names if n.strip()]
    if len(names) == 1:
        return f"{names[0].rstrip('.;')}.", []
    return "", [f"- {n.rstrip('.;')}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names)]


_KIND_ORDER = [UnitKind.department, UnitKind.district, UnitKind.commune, UnitKind.union]


def addressees(catalog: Catalog, units: Sequence[Unit], group: Callable[[str], str]) -> list[str]:
    """Kính gửi for letters to units: each unit's name up to ``plan.letters.name_addressees_up_to``
    units, else one line per kind of unit (its group name, worded by ``group``)."""
    lt = catalog.plan.letters
    if len(units) <= lt.name_addressees_up_to:
        return [u.name for u in units]
    out: list[str] = []
    for obligation in (Obligation.obliged, Obligation.requested):
        for k in _KIND_ORDER:
            if any(u.kind == k and u.obligation == obligation for u in units):
                out.append(group(lt.addressee_groups[obligation][k]))
    return out


def issuer_name(catalog: Catalog) -> str:
    """How the letters name their issuer in running text: ``Sở Nội vụ``."""
    return get_variant(catalog, "so-noi-vu").issuer_name


def _signer(catalog: Catalog, spec: LetterSpec):
    return spec.signer or get_variant(catalog, "so-noi-vu").signer


def letter_frame(
    catalog: Catalog,
    kind: LetterKind,
    *,
    year: int,
    draft_day: dt.date,
    kinh_gui: Sequence[str],
    trich_yeu: str,
    so: str | int | None = None,
    ngay: dt.date | None = None,
    sample: bool = False,
) -> dict[str, Any]:
    """The header, addressee and signature part of a letter's context.

    No ``so``/``ngay``: a draft (DỰ THẢO) with the number and the day left blank; the month and
    year of ``draft_day`` are printed. ``sample``: written from the shipped sample data (marked)."""
    v = get_variant(catalog, "so-noi-vu")
    lt = catalog.plan.letters
    spec: LetterSpec = getattr(lt, kind.spec)
    signer = _signer(catalog, spec)
    ky_hieu = f"TTr-{lt.issuer_code}" if kind.submission else f"{lt.issuer_code}-{lt.drafting_unit_code}"
    records = lt.records_code or v.records_code
    mot, nhieu = _kinh_gui(kinh_gui)
    day = ngay or draft_day
    ngay_ngan = ngay_thang_nam(day, blank_day=ngay is None)
    return {
        "nam": str(year),
        "co_quan_chu_quan": v.governing_body,
        "co_quan_ban_hanh": [line.strip() for line in v.issuer.split("\n") if line.strip()],
        "ten_co_quan_ban_hanh": v.issuer_name,
        "so": format_so(so),
        "ky_hieu": ky_hieu,
        "dia_danh_ngay": f"{v.place}, {ngay_ngan}",
        "ngay_ban_hanh": ngay_ngan,
        "du_thao": so is None or ngay is None,
        "du_lieu_mau": sample,
        "trich_yeu": trich_yeu,
        "kinh_gui_mot": mot,
        "kinh_gui": nhieu,
        "noi_nhan": ["- Như trên;"]
        + [f"- {r.strip().rstrip(';.')};" for r in spec.recipients if r.strip()]
        + [f"- Lưu: VT, {records}."],
        "nguoi_ky_chuc_vu": list(signer.lines),
        "nguoi_ky_ho_ten": signer.name.strip() or SIGNER_PLACEHOLDER,
    }
