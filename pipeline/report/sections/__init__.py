"""One module per part of the report body; :func:`body` lays them out per variant.

The Sở Nội vụ → UBND tỉnh variant follows DOMAIN §8; the UBND tỉnh → Bộ Nội vụ variant speaks as the
province and is combined with the yearly report on state management of youth (KH 253 IV.1 d,
IV.2 d): a part on state management (documents, organisation and staff, inspections, dialogue,
statistics) before the programme's results. Headings are the Sở's phrases (``tieu_de.*``); a heading
with nothing under it is dropped.
"""

from __future__ import annotations

from typing import Any

from pipeline.report.facts import Facts
from pipeline.report.sections import (
    assessment,
    closing,
    dialogue,
    directions,
    documents,
    funding,
    inspection,
    opening,
    points,
    policy,
    programmes,
    propaganda,
    proposals,
    situation,
    staff,
    statistics,
    targets,
)
from pipeline.report.writing import Block, flatten

MODULES = [
    opening, situation, documents, propaganda, points, policy, targets, programmes, dialogue, staff,
    funding, inspection, statistics, assessment, directions, proposals, closing,
]  # fmt: skip

Outline = list[tuple[str, Any]]  # (heading key, writer or a nested outline)

SO_NOI_VU: Outline = [
    ("tieu_de.dac_diem", situation.write),
    ("tieu_de.ket_qua", [
        ("tieu_de.van_ban", documents.write),
        ("tieu_de.tuyen_truyen", propaganda.write),
        ("tieu_de.chinh_sach", policy.write),
        ("tieu_de.muc_tieu", targets.write),
        ("tieu_de.chuong_trinh", programmes.write),
        ("tieu_de.doi_thoai", dialogue.write),
        ("tieu_de.doi_ngu", staff.write),
        ("tieu_de.kinh_phi", funding.write),
        ("tieu_de.kiem_tra", inspection.write),
    ]),
    ("tieu_de.danh_gia", assessment.write),
    ("tieu_de.phuong_huong", directions.write),
    ("tieu_de.kien_nghi", proposals.write),
]  # fmt: skip

UBND_TINH: Outline = [
    ("tieu_de.dac_diem", situation.write),
    ("tieu_de.qlnn", [
        ("tieu_de.qlnn_van_ban", documents.write),
        ("tieu_de.qlnn_bo_may", staff.write),
        ("tieu_de.qlnn_kiem_tra", inspection.write),
        ("tieu_de.doi_thoai", dialogue.write),
        ("tieu_de.qlnn_thong_ke", statistics.write),
    ]),
    ("tieu_de.ket_qua_chuong_trinh", [
        ("tieu_de.tuyen_truyen", propaganda.write),
        ("tieu_de.chinh_sach", policy.write),
        ("tieu_de.muc_tieu", targets.write),
        ("tieu_de.chuong_trinh", programmes.write),
        ("tieu_de.kinh_phi", funding.write),
    ]),
    ("tieu_de.danh_gia", assessment.write),
    ("tieu_de.phuong_huong", directions.write),
    ("tieu_de.kien_nghi", proposals.write),
]  # fmt: skip


def _headings(outline: Outline) -> set[str]:
    out = set()
    for key, w in outline:
        out.add(key)
        if isinstance(w, list):
            out |= _headings(w)
    return out


#: the headings of both outlines (``tieu_de.phuong_huong`` names the coming year)
PHRASES = {
    k: ("nam_toi" if k == "tieu_de.phuong_huong" else "")
    for k in sorted(_headings(SO_NOI_VU) | _headings(UBND_TINH))
}


def _title(f: Facts, key: str) -> str:
    return f.say(key, nam_toi=f.y + 1) if PHRASES.get(key) else f.say(key)


def _lay(f: Facts, block: Block, outline: Outline) -> None:
    for key, w in outline:
        sub = block.h(_title(f, key))
        if isinstance(w, list):
            _lay(f, sub, w)
        else:
            w(f, sub)


def body(f: Facts) -> list[dict[str, Any]]:
    """The numbered body paragraphs of the report (opening first)."""
    root = Block()
    opening.write(f, root)
    _lay(f, root, UBND_TINH if f.v.key == "ubnd-tinh" else SO_NOI_VU)
    return flatten(root)
