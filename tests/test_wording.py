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


# --------------------------------------------------------------------------- every user names its document

from pathlib import Path  # noqa: E402

from pipeline.exitcodes import UsageProblem  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _loaders():
    from pipeline.letters.phrases import CONG_VAN_FILE, TO_TRINH_FILE, load_phrases
    from pipeline.mail.wording import load_wording
    from pipeline.report import phrases as report_phrases
    from pipeline.templates.phrases import form_phrases
    from pipeline.writers import feedback

    return {
        "cau-chu-bao-cao.txt": ("báo cáo", report_phrases.load),
        "cau-chu-bieu-mau.txt": ("biểu mẫu", form_phrases),
        "cau-chu-phan-hoi.txt": ("biểu mẫu phản hồi", feedback.phrases),
        "cau-chu-cong-van.txt": ("công văn", lambda p: load_phrases(CONG_VAN_FILE, p)),
        "cau-chu-to-trinh.txt": ("tờ trình", lambda p: load_phrases(TO_TRINH_FILE, p)),
        "cau-chu-thu-dien-tu.txt": ("thư điện tử", load_wording),
    }


def _misnamed(tmp_path: Path, name: str) -> tuple[Path, str]:
    """A copy of the shipped phrase file ``name`` whose first entry is renamed."""
    text = (ROOT / "templates" / name).read_text(encoding="utf-8")
    key = parse(text)[0][0].key
    path = tmp_path / "templates" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text.replace(f"[{key}]", f"[{key}_sua]", 1), encoding="utf-8")
    return path, f"{key}_sua"


@pytest.mark.parametrize("name", sorted(_loaders()))
def test_each_phrase_file_names_its_own_document(tmp_path, name):
    """A problem in any phrase file says whose wording it is: the report's, the forms', the feedback
    forms', a letter's, the e-mails' – never "trong báo cáo" for a file that is not the report's."""
    doc, load = _loaders()[name]
    path, key = _misnamed(tmp_path, name)
    with pytest.raises((PhraseFileError, UsageProblem)) as e:
        load(path)
    if isinstance(e.value, PhraseFileError):
        said = " ".join(e.value.problems)
        assert e.value.title == f"Tệp câu chữ {doc} {path.as_posix()}"
    else:  # the e-mail loader says it as a usage problem, titled the same way
        said = e.value.message
        assert said.startswith(f"Tệp câu chữ {doc} ")
    assert f"không có mục [{key}] trong {doc}." in said, said
    if doc != "báo cáo":
        assert "trong báo cáo" not in said


def test_commands_name_the_broken_file_s_document(tmp_path, monkeypatch):
    """What a command prints for a broken phrase file in the Sở's templates/ folder names its document."""
    from pipeline.letters.outputs import letters_ready
    from pipeline.report.phrases import ensure_usable

    monkeypatch.chdir(tmp_path)
    _misnamed(tmp_path, "cau-chu-phan-hoi.txt")
    with pytest.raises(UsageProblem) as e:
        ensure_usable(feedback=True, report=False)  # ptn run checks it before writing anything
    assert e.value.message.startswith("Tệp câu chữ biểu mẫu phản hồi ") and "trong biểu mẫu phản hồi" in (
        e.value.message
    )
    _misnamed(tmp_path, "cau-chu-to-trinh.txt")
    with pytest.raises(UsageProblem) as e:
        letters_ready()
    assert e.value.message.startswith("Tệp câu chữ tờ trình ") and "trong tờ trình" in e.value.message


def test_without_a_document_the_message_stays_true():
    problems = check_text(GOOD.replace("[ket_thuc]", "[ket_thuc_x]"), SPEC)
    assert any("không có mục [ket_thuc_x] trong tệp câu chữ này." in p for p in problems)
