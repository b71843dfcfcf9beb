"""Đối thoại với thanh niên (Nghị định 13/2021): who held one in the period, who did not, who did not
answer; attendance and answers summed over the dialogues counted."""

from __future__ import annotations

from pipeline.consolidate.facts import DIALOGUE_HELD, dialogue_counts
from pipeline.report.facts import Facts
from pipeline.report.writing import Block, ratio, so

PHRASES = {
    "doi_thoai.ket_qua": "so_to_chuc so_phai nhom so_sanh",
    "doi_thoai.so_lieu": "so_thanh_nien so_y_kien so_tra_loi ty_le",
    "doi_thoai.chua_to_chuc": "danh_sach",
    "doi_thoai.chua_bao_cao": "danh_sach",
    "doi_thoai.ngoai_ky": "so",
    "doi_thoai.khong_co": "",
}


def write(f: Facts, b: Block) -> None:
    cov = f.coverage(DIALOGUE_HELD)
    dl = f.m.dialogues
    if not cov.expected and not dl:
        return  # no form asks it: the heading is dropped
    counted = [d for d in dl if dialogue_counts(d)]
    held = {d.unit for d in counted}
    expected = cov.expected or sorted({d.unit for d in dl})
    if not dl:
        b.p(f.say("doi_thoai.khong_co"))
    else:
        prev = f.m.previous_figures
        cmp = f.compare_count(prev.dialogues_held if prev else None)
        b.p(
            f.say(
                "doi_thoai.ket_qua",
                so_to_chuc=len([u for u in expected if u in held]),
                so_phai=len(expected),
                nhom=f.group(expected),
                so_sanh=f" ({cmp})" if cmp else "",
            )
        )
    youths = [d.youths for d in counted if d.youths is not None]
    asked = sum(d.opinions or 0 for d in counted if d.opinions is not None)
    answered = sum(d.answered or 0 for d in counted if d.answered is not None)
    if youths:
        b.p(
            f.say(
                "doi_thoai.so_lieu",
                so_thanh_nien=so(sum(youths)),
                so_y_kien=so(asked),
                so_tra_loi=so(answered),
                ty_le=ratio(answered, asked) or "–",
            )
        )
    not_held = sorted(d.unit for d in dl if d.held is False and d.unit in expected)
    if not_held:
        b.p(f.say("doi_thoai.chua_to_chuc", danh_sach=f.who(not_held)))
    silent = sorted(set(cov.blank) | set(cov.invalid))
    if silent:
        b.p(f.say("doi_thoai.chua_bao_cao", danh_sach=f.who(silent)))
    outside = [d for d in dl if d.held and d.in_period is False]
    if outside:
        b.p(f.say("doi_thoai.ngoai_ky", so=len(outside)))
