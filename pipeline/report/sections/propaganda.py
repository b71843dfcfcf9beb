"""Tuyên truyền, phổ biến: events, attendance and news items, with coverage and last year's figures."""

from __future__ import annotations

from pipeline.catalog.model import SectionLayout
from pipeline.report.facts import Facts
from pipeline.report.writing import Block, so

PHRASES = {
    "tuyen_truyen.ket_qua": "pham_vi noi_dung",
    "tuyen_truyen.cuoc": "so so_sanh",
    "tuyen_truyen.luot": "so so_sanh",
    "tuyen_truyen.tin_bai": "so so_sanh",
    "tuyen_truyen.hinh_thuc": "danh_sach",
    "tuyen_truyen.hinh_thuc_mot": "hinh_thuc so nhom",
    "tuyen_truyen.khong_tra_loi": "danh_sach",
}

FIGURES = (("tt_so_cuoc", "tuyen_truyen.cuoc"), ("tt_so_luot_nguoi", "tuyen_truyen.luot"),
           ("tt_so_tin_bai", "tuyen_truyen.tin_bai"))  # fmt: skip
SECTION = "tuyen_truyen"


def write(f: Facts, b: Block) -> None:
    fields = tuple(k for k, _ in FIGURES)
    parts = []
    for key, phrase in FIGURES:
        x = f.total(key)
        if x is not None:
            cmp = f.compare(x, f.prev_total(key))
            parts.append(f.say(phrase, so=so(x), so_sanh=f" ({cmp})" if cmp else ""))
    if not parts:
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    b.p(f.say("tuyen_truyen.ket_qua", pham_vi=f.scope_of(*fields), noi_dung=", ".join(parts)))
    b.p(f.prev_scope(*fields))
    channels = _channels(f)
    if channels:
        b.p(f.say("tuyen_truyen.hinh_thuc", danh_sach="; ".join(channels)))
    blank = f.blank_units(*fields)
    if blank:
        b.p(f.say("tuyen_truyen.khong_tra_loi", danh_sach=f.who(blank)))


def _channels(f: Facts) -> list[str]:
    """How many units used each channel (the section's Có/Không questions), most used first."""
    section = next((s for s in f.c.sections if s.key == SECTION and s.layout == SectionLayout.fields), None)
    if section is None:
        return []
    out = []
    for fs in section.fields:
        if fs.type.value != "choice" or "Có" not in fs.choices:
            continue
        units = f.answered_yes(fs.key)
        if units:
            label = fs.label[:1].lower() + fs.label[1:]
            out.append((len(units), f.say("tuyen_truyen.hinh_thuc_mot", hinh_thuc=label, so=len(units),
                                          nhom=f.group(units))))  # fmt: skip
    return [s for _, s in sorted(out, key=lambda x: -x[0])]
