"""The wording of each kind of message, in the Sở's phrase file ``templates/cau-chu-thu-dien-tu.txt``.

Read with the shared phrase-file module (:mod:`pipeline.wording`): one entry per paragraph, Vietnamese
placeholders, checked against the contract below before anything is sent. This module only puts the
paragraphs in order: Kính gửi, content, request, the attachment list, the contact lines, greeting,
sender. An emptied entry drops its paragraph; a contact line whose placeholders are all empty is left
out; a dangling comma left by an empty value is removed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from pipeline.exitcodes import UsageProblem
from pipeline.wording import PhraseFileError, Phrases, contract, placeholders, resolve

PHRASE_FILE = "cau-chu-thu-dien-tu.txt"
DOCUMENT = "thư điện tử"  # the document this file words, in messages

# the wording sections of the messages (a request goes to requested units as "đề nghị phối hợp")
SECTIONS = ("de_nghi_bao_cao", "de_nghi_phoi_hop", "bo_sung", "don_doc")
COMMON = (
    "nam ten_don_vi ma_don_vi so_ke_hoach ngay_ke_hoach han_gui co_quan_gui "
    "nguoi_lien_he chuc_vu_nguoi_lien_he phong_lien_he dien_thoai_lien_he thu_dien_tu_lien_he"
)
EXTRA = {"bo_sung": " so_loi so_canh_bao", "don_doc": " tinh_trang"}
PARAGRAPHS = ("tieu_de", "kinh_gui", "noi_dung", "de_nghi", "loi_chao")
CONTACT = ("chung.lien_he", "chung.phong_lien_he", "chung.dien_thoai", "chung.thu_dien_tu")
SPEC = contract(
    {f"{s}.{p}": COMMON + EXTRA.get(s, "") for s in SECTIONS for p in PARAGRAPHS},
    {"chung.tep_gui_kem": "", **dict.fromkeys(CONTACT, COMMON), "chung.ky_ten": COMMON},
)


def load_wording(path: Path | None = None) -> Phrases:
    """The checked phrase file; every problem (with its line) is a usage problem before sending."""
    p = resolve(PHRASE_FILE, path)
    try:
        return Phrases.load(p, SPEC, required=tuple(f"{s}.tieu_de" for s in SECTIONS), what=DOCUMENT)
    except PhraseFileError as e:
        shown = "; ".join(e.problems[:5]) + (" …" if len(e.problems) > 5 else "")
        raise UsageProblem(
            f"{e.title} chưa dùng được: {shown}",
            hint="Sửa theo từng dòng được chỉ ra (so với tệp gốc trong kho mã), rồi chạy lại.",
        ) from None


def _tidy(text: str) -> str:
    text = re.sub(r"([:,])(\s*,)+", r"\1", text)  # "liên hệ: , Chuyên viên" when a value is empty
    return re.sub(r"\s*,\s*$", "", text).strip()


def _say(w: Phrases, key: str, values: Mapping[str, str]) -> str:
    names = SPEC[key]
    return _tidy(w.say(key, **{n: values.get(n, "") for n in names}))


def render(w: Phrases, section: str, values: Mapping[str, str], attachments: list[str]) -> tuple[str, str]:
    """(subject, plain-text body) of one message of ``section`` for one unit."""
    subject = _say(w, f"{section}.tieu_de", values)
    paragraphs = [_say(w, f"{section}.{p}", values) for p in ("kinh_gui", "noi_dung", "de_nghi")]
    if attachments and w.has("chung.tep_gui_kem"):
        paragraphs.append("\n".join([_say(w, "chung.tep_gui_kem", values), *(f"- {a}" for a in attachments)]))
    contact = []
    for key in CONTACT:
        used, _ = placeholders(w.entries.get(key, ""))
        if used and not any(str(values.get(n, "")).strip() for n in used):
            continue
        contact.append(_say(w, key, values))
    paragraphs.append("\n".join(x for x in contact if x))
    paragraphs.append(
        "\n".join(x for x in (_say(w, f"{section}.loi_chao", values), _say(w, "chung.ky_ten", values)) if x)
    )
    return subject, "\n\n".join(p for p in paragraphs if p) + "\n"
