"""The shared phrase-file module (pipeline/wording.py): parsing, the contract check, filling."""

from __future__ import annotations

import pytest

from pipeline.wording import PhraseFileError, Phrases, check_file, check_text, contract, parse

SPEC = contract(
    {
        "tieu_de.dac_diem": "",
        "dac_diem.thanh_nien": "pham_vi so_thanh_nien",
        "ket_thuc": "nam",
    }
)

GOOD = """\
# Câu chữ thử
[tieu_de.dac_diem]
Đặc điểm tình hình

[dac_diem.thanh_nien]
Theo báo cáo của {pham_vi},
trên địa bàn có {so_thanh_nien} thanh niên.

[ket_thuc]
Trên đây là báo cáo năm {nam} {{không phải chỗ trống}}./.
"""


def test_parse_and_say():
    entries, problems = parse(GOOD)
    assert problems == []
    assert [e.key for e in entries] == ["tieu_de.dac_diem", "dac_diem.thanh_nien", "ket_thuc"]
    p = Phrases({e.key: e.text for e in entries}, SPEC)
    # lines of one entry join into one sentence
    assert (
        p.say("dac_diem.thanh_nien", pham_vi="11/11 huyện", so_thanh_nien="261.000")
        == "Theo báo cáo của 11/11 huyện, trên địa bàn có 261.000 thanh niên."
    )
    assert p.say("ket_thuc", nam=2024) == "Trên đây là báo cáo năm 2024 {không phải chỗ trống}./."


def test_say_refuses_a_call_outside_the_contract():
    p = Phrases({"ket_thuc": "x {nam}"}, SPEC)
    with pytest.raises(ValueError):
        p.say("ket_thuc")  # the contract says {nam} is provided: the caller must pass it
    with pytest.raises(KeyError):
        p.say("khong_co")


def test_an_emptied_entry_drops_the_sentence():
    text = GOOD.replace("Trên đây là báo cáo năm {nam} {{không phải chỗ trống}}./.", "")
    assert check_text(text, SPEC) == []
    entries, _ = parse(text)
    p = Phrases({e.key: e.text for e in entries}, SPEC)
    assert not p.has("ket_thuc") and p.say("ket_thuc", nam=1) == ""


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        (
            "{so_thanh_nien}",
            "{so_thanh_nien_tinh}",
            ["không có số liệu {so_thanh_nien_tinh}", "{so_thanh_nien}"],
        ),
        ("{pham_vi}", "{pham_vi", ["không thành cặp"]),
        ("{pham_vi}", "{Phạm vi}", ["không hợp lệ"]),
        ("[ket_thuc]", "[ket_thuc_bao_cao]", ["không có mục [ket_thuc_bao_cao]", "Thiếu mục [ket_thuc]"]),
        ("[ket_thuc]", "[dac_diem.thanh_nien]", ["lặp lại"]),
        ("# Câu chữ thử", "Câu chữ thử", ["nằm trước mọi mục"]),
        ("Đặc điểm tình hình", "", ["không được để trống"]),
    ],
)
def test_check_says_what_to_fix(old, new, expect):
    text = GOOD.replace(old, new, 1)
    problems = check_text(text, SPEC, required=("tieu_de.",))
    assert problems, text
    joined = "\n".join(problems)
    for e in expect:
        assert e in joined, joined
    assert all("Dòng" in p or "Thiếu mục" in p for p in problems)


def test_file_not_utf8(tmp_path):
    f = tmp_path / "cau-chu.txt"
    f.write_bytes(GOOD.encode("utf-16"))
    problems = check_file(f, SPEC)
    assert len(problems) == 1 and "UTF-8" in problems[0]
    with pytest.raises(PhraseFileError):
        Phrases.load(f, SPEC)
    f.write_bytes(GOOD.encode("utf-8-sig"))  # Notepad's "UTF-8 with BOM" is fine
    assert Phrases.load(f, SPEC).say("ket_thuc", nam=2025).startswith("Trên đây")
