"""I. Đặc điểm tình hình: the youth population, from one stated source, compared with last year."""

from __future__ import annotations

from pipeline.report.facts import Facts
from pipeline.report.writing import Block, ratio, so

PHRASES = {
    "dac_diem.thanh_nien": "pham_vi so_thanh_nien so_sanh",
    "dac_diem.co_cau": "so_nu ty_le_nu so_dtts ty_le_dtts",
    "dac_diem.co_cau_nu": "so_nu ty_le_nu",
    "dac_diem.co_cau_dtts": "so_dtts ty_le_dtts",
    "dac_diem.co_cau_pham_vi": "pham_vi",
    "dac_diem.thieu": "danh_sach",
    "dac_diem.chua_co": "",
    "dac_diem.chung": "",
    "dac_diem.so_sanh_toan_tinh": "nam nam_truoc so_ket_thuc so_moi",
}

TOTAL, FEMALE, MINORITY = "tn_tong_so", "tn_nu", "tn_dan_toc_thieu_so"


def unit_values(f: Facts, field: str) -> dict[str, float]:
    """Each unit's valid value of a ``fields``-section figure."""
    out = {}
    for v in f.values_of(field):
        if v.item == "" and v.valid and isinstance(v.value, int | float):
            out[v.unit] = float(v.value)
    return out


def write(f: Facts, b: Block) -> None:
    cov = f.coverage(TOTAL)
    total = f.total(TOTAL)
    if total:
        b.p(
            f.say(
                "dac_diem.thanh_nien",
                pham_vi=f.scope_of(TOTAL),
                so_thanh_nien=so(total),
                so_sanh=_comma(f.compare(total, f.prev_total(TOTAL))),
            )
        )
        b.p(_make_up(f))
        b.p(f.prev_scope(TOTAL))
        if cov.blank or cov.invalid or cov.not_received:
            b.p(f.say("dac_diem.thieu", danh_sach=f.who([*cov.blank, *cov.invalid, *cov.not_received])))
    else:
        b.p(f.say("dac_diem.chua_co"))
    if f.m.comparison.level == "province" and f.prev_y is not None:
        b.p(
            f.say(
                "dac_diem.so_sanh_toan_tinh",
                nam=f.y,
                nam_truoc=f.prev_y,
                so_ket_thuc=len(f.m.comparison.ended),
                so_moi=len(f.m.comparison.started),
            )
        )
    b.p(f.say("dac_diem.chung"))


def _comma(text: str) -> str:
    return f", {text}" if text else ""


def _make_up(f: Facts) -> str:
    """Women and ethnic-minority youths as shares of the total of the same units (one base)."""
    totals = unit_values(f, TOTAL)
    parts = {}
    same = True
    for key in (FEMALE, MINORITY):
        vals = unit_values(f, key)
        units = [u for u in vals if u in totals]
        if not units:
            continue
        part = sum(vals[u] for u in units)
        whole = sum(totals[u] for u in units)
        parts[key] = (so(part), ratio(part, whole))
        same = same and len(units) == len(totals)
    if not parts and not totals:  # a manifest without unit values: totals given by as many units
        whole, n = f.total(TOTAL), f.m.totals.units_by_field.get(TOTAL)
        for key in (FEMALE, MINORITY):
            x = f.total(key)
            if x is not None and whole and f.m.totals.units_by_field.get(key) == n:
                parts[key] = (so(x), ratio(x, whole))
    if not parts:
        return ""
    if len(parts) == 2:
        s = f.say(
            "dac_diem.co_cau",
            so_nu=parts[FEMALE][0],
            ty_le_nu=parts[FEMALE][1],
            so_dtts=parts[MINORITY][0],
            ty_le_dtts=parts[MINORITY][1],
        )
    elif FEMALE in parts:
        s = f.say("dac_diem.co_cau_nu", so_nu=parts[FEMALE][0], ty_le_nu=parts[FEMALE][1])
    else:
        s = f.say("dac_diem.co_cau_dtts", so_dtts=parts[MINORITY][0], ty_le_dtts=parts[MINORITY][1])
    if not same:
        s += " " + f.say("dac_diem.co_cau_pham_vi", pham_vi=f.scope_of(FEMALE, MINORITY))
    return s
