"""The outline of a sơ kết (issue 13; DOMAIN §8 for the yearly report it extends): the same for both
variants – the Sở Nội vụ → UBND tỉnh one names units where the UBND tỉnh → Bộ Nội vụ one counts them
(:class:`~pipeline.report.facts.Facts`). Headings are the Sở's phrases (``tieu_de.*``); a heading
with nothing under it is dropped (:func:`pipeline.report.writing.flatten`)."""

from __future__ import annotations

from typing import Any

from pipeline.report.writing import Block, flatten
from pipeline.so_ket.report import assessment, results
from pipeline.so_ket.report.facts import ReviewFacts

#: headings (key → placeholders)
PHRASES = {
    "tieu_de.dac_diem": "",
    "tieu_de.ket_qua": "giai_doan",
    "tieu_de.van_ban": "",
    "tieu_de.tuyen_truyen": "",
    "tieu_de.muc_tieu": "",
    "tieu_de.chuong_trinh": "",
    "tieu_de.doi_thoai": "",
    "tieu_de.doi_ngu": "",
    "tieu_de.kinh_phi": "",
    "tieu_de.kiem_tra": "",
    "tieu_de.khen_thuong": "",
    "tieu_de.danh_gia": "",
    "tieu_de.uu_diem": "",
    "tieu_de.ton_tai": "",
    "tieu_de.nguyen_nhan": "",
    "tieu_de.nguyen_nhan_khach_quan": "",
    "tieu_de.nguyen_nhan_chu_quan": "",
    "tieu_de.bai_hoc": "",
    "tieu_de.phuong_huong": "giai_doan",
    "tieu_de.kien_nghi": "",
    "tieu_de.kien_nghi_trung_uong": "",
    "tieu_de.kien_nghi_ubnd_tinh": "",
    "tieu_de.kien_nghi_so_nganh": "",
}

#: the tasks of KH 253 under "II. Kết quả thực hiện", in order
RESULTS = [
    ("tieu_de.van_ban", results.documents),
    ("tieu_de.tuyen_truyen", results.propaganda),
    ("tieu_de.muc_tieu", results.targets),
    ("tieu_de.chuong_trinh", results.programmes),
    ("tieu_de.doi_thoai", results.dialogue),
    ("tieu_de.doi_ngu", results.staff),
    ("tieu_de.kinh_phi", results.funding),
    ("tieu_de.kiem_tra", results.inspection),
    ("tieu_de.khen_thuong", results.commendation),
]
DISCIPLINE_APPENDIX = "Phụ lục IV"


def body(f: ReviewFacts) -> list[dict[str, Any]]:
    """The numbered body paragraphs of the review (opening first)."""
    root = Block()
    assessment.opening(f, root, DISCIPLINE_APPENDIX)
    assessment.situation(f, root.h(f.say("tieu_de.dac_diem")))
    done = root.h(f.say("tieu_de.ket_qua", giai_doan=f.period))
    for key, write in RESULTS:
        write(f, done.h(f.say(key)))
    headings = {
        "uu_diem": f.say("tieu_de.uu_diem"),
        "ton_tai": f.say("tieu_de.ton_tai"),
        "nguyen_nhan": f.say("tieu_de.nguyen_nhan"),
        "khach_quan": f.say("tieu_de.nguyen_nhan_khach_quan"),
        "chu_quan": f.say("tieu_de.nguyen_nhan_chu_quan"),
        "bai_hoc": f.say("tieu_de.bai_hoc"),
    }
    assessment.assessment(f, root.h(f.say("tieu_de.danh_gia")), headings)
    assessment.directions(f, root.h(f.say("tieu_de.phuong_huong", giai_doan=f.next_period)))
    assessment.proposals(f, root.h(f.say("tieu_de.kien_nghi")))
    return flatten(root)
