"""The letters' sentence patterns: two phrase files the Sở edits (:mod:`pipeline.wording`).

* ``templates/cau-chu-cong-van.txt``: the four công văn (đề nghị báo cáo, đề nghị phối hợp, đôn đốc,
  đề nghị bổ sung), with the sentences they share (deadline, contact person) under ``chung.``;
* ``templates/cau-chu-to-trinh.txt``: the tờ trình to UBND tỉnh.

The contracts below are what the code provides for each entry; ``ptn cong-van lint`` holds an edited
copy against them. Entries under ``tieu_de.`` (headings) and the trích yếu must not be emptied.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.wording import Contract, Phrases, contract, resolve

__all__ = [
    "CONG_VAN",
    "CONG_VAN_FILE",
    "DOCUMENT",
    "PHRASE_FILES",
    "REQUIRED",
    "TO_TRINH",
    "TO_TRINH_FILE",
    "load_phrases",
]

CONG_VAN_FILE = "cau-chu-cong-van.txt"
TO_TRINH_FILE = "cau-chu-to-trinh.txt"

# placeholders every request letter (đề nghị báo cáo, đề nghị phối hợp) can use
_PLAN = "nam ke_hoach co_quan"
_REQUEST = {
    "trich_yeu": "nam",
    "mo_dau": f"{_PLAN} can_cu_them",
    "kinh_gui_nhom": "nhom",
    "ket_thuc": "co_quan",
}

CONG_VAN: Contract = contract(
    {
        "chung.han.truoc_ngay": "ngay",
        "chung.han.den_het_ngay": "ngay",
        "chung.ke_hoach": "so ngay co_quan_ban_hanh noi_dung",
        "chung.can_cu_them": "van_ban",
        "chung.lien_he": "ho_ten chuc_vu don_vi dien_thoai email",
        "chung.tieu_de.noi_dung": "",
        "chung.noi_dung": "nam so_bieu_mau",
        "chung.tieu_de.ky_so_lieu": "",
        "chung.ky_so_lieu": "nam ky_tu ky_den",
        "chung.uoc_thuc_hien": "han ky_den",
        "chung.tieu_de.thoi_han": "",
        "chung.thoi_han": "co_quan han email_nhan",
        "chung.ten_tep": "vi_du_ten_tep",
        "chung.tieu_de.lien_he": "",
        "chung.phu_luc.tieu_de": "nam",
    },
    {f"de_nghi_bao_cao.{k}": v for k, v in _REQUEST.items()},
    {f"de_nghi_phoi_hop.{k}": v for k, v in _REQUEST.items()},
    {
        "don_doc.trich_yeu": "nam",
        "don_doc.kinh_gui_nhom": "nhom",
        "don_doc.mo_dau": f"{_PLAN} han",
        "don_doc.tinh_hinh": "ngay_chot so_da_gui so_phai_gui",
        "don_doc.danh_sach": "so_don_vi",
        "don_doc.dong": "stt don_vi noi_dung",
        "don_doc.muc.chua_gui": "nam",
        "don_doc.muc.co_loi": "so_loi vi_tri",
        "don_doc.muc.thieu_so_lieu": "chi_tieu",
        "don_doc.de_nghi": "co_quan han_moi email_nhan",
        "don_doc.phan_hoi": "",
        "don_doc.ket_thuc": "co_quan",
    },
    {
        "bo_sung.trich_yeu": "nam",
        "bo_sung.mo_dau": "co_quan don_vi nam ngay_nhan",
        "bo_sung.mo_dau.co_so": "co_quan don_vi nam ngay_nhan so_ky_hieu",
        "bo_sung.ra_soat": "so_loi",
        "bo_sung.loi": "sheet o noi_dung",
        "bo_sung.loi.khong_o": "noi_dung",
        "bo_sung.loi.con_lai": "so_con_lai sheet_phan_hoi",
        "bo_sung.canh_bao": "so_canh_bao",
        "bo_sung.de_nghi": "co_quan don_vi tep_phan_hoi han_moi email_nhan",
        "bo_sung.ket_thuc": "co_quan don_vi",
    },
)

TO_TRINH: Contract = contract(
    {
        "trich_yeu": "ten_bao_cao",
        "can_cu": f"{_PLAN}",
        "ke_hoach": "so ngay co_quan_ban_hanh noi_dung",
        "can_cu_them": "van_ban",
        "tong_hop": "co_quan so_da_gui so_phai_gui ten_bao_cao noi_gui",
        "tieu_de.noi_dung": "",
        "noi_dung.gui_bao_cao": "so_da_gui so_phai_gui ty_le so_dung_han",
        "noi_dung.chua_gui": "so_chua_gui danh_sach",
        "noi_dung.chi_tieu": "so_chi_tieu so_vuot so_dat so_chua_dat so_chua_danh_gia",
        "noi_dung.van_ban": "so_van_ban",
        "noi_dung.chuong_trinh": "so_chuong_trinh",
        "noi_dung.kien_nghi": "so_don_vi_kien_nghi",
        "tieu_de.de_nghi": "",
        "de_nghi": "co_quan ten_bao_cao noi_gui",
        "ho_so": "ten_bao_cao",
        "ket_thuc": "co_quan",
    }
)

#: key prefixes that must keep a text (headings, trích yếu, the closing line with ./.)
REQUIRED = ("chung.tieu_de.", "chung.phu_luc.tieu_de", "tieu_de.")
_REQUIRED_SUFFIXES = ("trich_yeu", "ket_thuc")


def required_keys(spec: Contract) -> tuple[str, ...]:
    """Prefixes and whole keys of ``spec`` that must not be emptied."""
    return REQUIRED + tuple(k for k in spec if k.endswith(_REQUIRED_SUFFIXES))


PHRASE_FILES: dict[str, Contract] = {CONG_VAN_FILE: CONG_VAN, TO_TRINH_FILE: TO_TRINH}
#: the document each phrase file words, in messages
DOCUMENT: dict[str, str] = {CONG_VAN_FILE: "công văn", TO_TRINH_FILE: "tờ trình"}


def load_phrases(name: str, given: Path | str | None = None) -> Phrases:
    """The checked phrase file ``name`` (the Sở's copy in ``templates/`` first, else the shipped one);
    :class:`~pipeline.wording.PhraseFileError` lists what to fix."""
    spec = PHRASE_FILES[name]
    return Phrases.load(resolve(name, given), spec, required_keys(spec), DOCUMENT[name])
