"""The form's wording, from the phrase file ``templates/cau-chu-bieu-mau.txt`` the Sở edits.

Read with the shared phrase-file module (:mod:`pipeline.wording`): the contract below says which
placeholders the code fills for each entry; an edited copy in ``templates/`` of the working folder
wins over the shipped one. Loaded once per file version, however many forms are built.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline.wording import Phrases, contract, resolve

FILE = "cau-chu-bieu-mau.txt"
REQUIRED = ("tieu_de.",)  # headings may not be emptied
DOCUMENT = "biểu mẫu"  # the document this file words, in messages

CONTRACT = contract(
    {
        "dong_don_vi": "don_vi nam tu_ngay den_ngay",
        "tieu_de.huong_dan": "nam",
        "tieu_de.ke_hoach": "ten_ke_hoach so_ke_hoach ngay_ke_hoach",
        "tieu_de.bao_cao_gi": "",
        "tieu_de.cach_dien": "",
        "tieu_de.khong_thay_doi": "",
        "tieu_de.mau": "",
        "tieu_de.cac_sheet": "",
        "tieu_de.kiem_tra_tu_dong": "",
        "ky_so_lieu": "tu_ngay den_ngay",
        "pham_vi.xa_phuong_moi": "nam ky dia_ban tu_ngay den_ngay huyen_cu",
        "pham_vi.dia_phuong": "nam ky dia_ban",
        "pham_vi.co_quan": "nam ky so_ke_hoach",
        "pham_vi.co_quan_tiep_nhan": "nam ky so_ke_hoach tiep_nhan",
        "tiep_nhan.hop_nhat": "don_vi_truoc ngay",
        "tiep_nhan.mot_so_nhiem_vu": "don_vi_truoc",
        "han_gui": "ngay so_ke_hoach han_ke_hoach noi_nhan thu_dien_tu",
        "nguoi_lien_he": "nguoi dien_thoai thu_dien_tu",
        "khong_yeu_cau": "ngay van_ban",
        "so_sanh.don_vi_moi": "ngay nam_truoc",
        "so_sanh.hop_nhat": "don_vi_truoc nam_truoc",
        "so_sanh.tiep_nhan": "nam_truoc",
        "so_sanh.co_so_lieu": "cot nam_truoc",
        "cach_dien.o_vang": "",
        "cach_dien.thu_tu": "",
        "cach_dien.nhap_so": "vi_du_ngay",
        "cach_dien.ty_le": "",
        "cach_dien.phoi_hop": "tham_khao",
        "cach_dien.o_trong": "",
        "cach_dien.dong_trong": "",
        "khong_thay_doi.sheet": "",
        "khong_thay_doi.dan": "",
        "khong_thay_doi.mat_khau": "",
        "gui_kem": "",
        "vai_tro.nhiem_vu_cua": "don_vi_truoc ngay",
        "vai_tro.chu_tri_tong_dia_phuong": "dia_phuong",
        "van_ban.khong_yeu_cau_tieu_de": "ngay",
        "van_ban.khong_yeu_cau": "han",
        "nhan_trong_ky": "nhan tu_ngay den_ngay",
        "cot_nam_truoc": "nam_truoc",
        "nam_truoc.khong_so_sanh": "",
        "nam_truoc.chua_co": "",
    }
)


def form_phrases(path: Path | str | None = None) -> Phrases:
    """The checked phrase file of the forms (:class:`pipeline.wording.PhraseFileError` if broken)."""
    p = resolve(FILE, path)
    try:
        stamp = p.stat().st_mtime_ns
    except OSError:
        stamp = 0  # missing: Phrases.load says so in Vietnamese
    return _load(str(p), stamp)


@lru_cache(maxsize=4)
def _load(path: str, _stamp: int) -> Phrases:
    return Phrases.load(path, CONTRACT, REQUIRED, DOCUMENT)
