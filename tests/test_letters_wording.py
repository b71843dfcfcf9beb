"""The letters' wording is the Sở's: phrase files and Word templates it edits, checked by
``ptn cong-van lint`` the way ``ptn report lint`` checks the report's template."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.exitcodes import UsageProblem
from pipeline.letters.lint import lint_default_files, lint_file
from pipeline.letters.outputs import write_requests
from pipeline.letters.phrases import CONG_VAN, CONG_VAN_FILE, TO_TRINH, TO_TRINH_FILE, load_phrases

from . import nd30

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


def test_shipped_wording_and_templates_are_clean():
    checked = lint_default_files()
    assert [c.path.name for c in checked] == [CONG_VAN_FILE, TO_TRINH_FILE, "cong-van.docx", "to-trinh.docx"]
    assert all(c.problems == [] for c in checked), [c.problems for c in checked]


def test_every_sentence_of_the_letters_is_in_a_phrase_file():
    """The contracts name every entry the code uses, and the shipped files hold each one with text."""
    for name, spec in ((CONG_VAN_FILE, CONG_VAN), (TO_TRINH_FILE, TO_TRINH)):
        p = load_phrases(name)
        assert set(p.entries) == set(spec)
        assert all(p.entries[k] for k in spec), [k for k in spec if not p.entries[k]]


def _edited(tmp_path: Path, name: str, old: str, new: str, as_name: str | None = None) -> Path:
    dst = tmp_path / "templates" / (as_name or name)
    dst.parent.mkdir(parents=True, exist_ok=True)
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert old in text
    dst.write_text(text.replace(old, new, 1), encoding="utf-8")
    return dst


def test_the_sos_edited_copy_is_used(tmp_path, monkeypatch, catalog):
    """A reworded sentence and an emptied optional one, in the copy of the working folder."""
    _edited(
        tmp_path,
        CONG_VAN_FILE,
        "Báo cáo gửi về {co_quan} {han}:",
        "Các đơn vị gửi báo cáo về {co_quan} {han}, bằng hai hình thức:",
    )
    path = tmp_path / "templates" / CONG_VAN_FILE
    text = path.read_text(encoding="utf-8")
    start = text.index("[chung.ten_tep]")
    end = text.index("[chung.tieu_de.lien_he]")
    path.write_text(text[:start] + "[chung.ten_tep]\n\n" + text[end:], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = write_requests(catalog, 2025, tmp_path / "outputs" / "2025", today=dt.date(2025, 9, 20))
    body = nd30.all_text(docx.Document(str(out["de-nghi-bao-cao"])))
    assert "Các đơn vị gửi báo cáo về Sở Nội vụ trước ngày 15/11/2025, bằng hai hình thức:" in body
    assert "Giữ nguyên tên tệp" not in body


def test_a_broken_copy_stops_before_anything_is_written(tmp_path, monkeypatch, loaded_catalog):
    _edited(tmp_path, CONG_VAN_FILE, "chậm nhất ngày {han_moi}", "chậm nhất ngày {han_mo}")
    monkeypatch.chdir(tmp_path)
    from pipeline.consolidate.run_year import run_year

    with pytest.raises(UsageProblem) as e:
        run_year(loaded_catalog, year=2024, inputs_root=ROOT / "inputs", out_root=tmp_path / "outputs")
    assert "han_mo" in e.value.message and "ptn cong-van lint" in e.value.hint
    assert not list((tmp_path / "outputs").rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "old", "new", "expect"),
    [
        (CONG_VAN_FILE, "{so_loi} lỗi cần sửa, cụ thể", "{so_loi_sai} lỗi cần sửa, cụ thể", ["so_loi_sai"]),
        (CONG_VAN_FILE, "[don_doc.trich_yeu]\nđôn đốc", "[don_doc.trich_yeu]\n#", ["không được để trống"]),
        (
            CONG_VAN_FILE,
            "[bo_sung.canh_bao]",
            "[bo_sung.canh_bao_moi]",
            ["bo_sung.canh_bao_moi", "trong công văn"],
        ),
        (
            TO_TRINH_FILE,
            "{ten_bao_cao} gửi {noi_gui}\ntheo",
            "{ten_bao_cao} gửi {noi_nhan}\ntheo",
            ["noi_nhan"],
        ),
        (TO_TRINH_FILE, "[tieu_de.de_nghi]\nĐề nghị", "[tieu_de.de_nghi]\n", ["không được để trống"]),
    ],
)
def test_lint_says_what_to_fix_in_a_renamed_copy(tmp_path, name, old, new, expect):
    """An edited copy under any name is recognised by its entries and checked against its contract."""
    copy = _edited(tmp_path, name, old, new, as_name="cau chu (ban sua).txt")
    checked = lint_file(copy)
    assert checked.what == ("câu chữ tờ trình" if name == TO_TRINH_FILE else "câu chữ công văn")
    joined = "\n".join(checked.problems)
    for e in expect:
        assert e in joined, joined
    assert "trong báo cáo" not in joined


def _edit_docx(src: Path, dst: Path, old: str, new: str) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert old in xml
                data = xml.replace(old, new, 1).encode("utf-8")
            zout.writestr(item, data)
    return dst


def test_lint_checks_an_edited_template(tmp_path):
    split = _edit_docx(
        TEMPLATES / "cong-van.docx",
        tmp_path / "cv.docx",
        "V/v {{ trich_yeu }}</w:t></w:r>",
        'V/v {{ trich_</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">yeu }}</w:t></w:r>',
    )
    problems = lint_file(split).problems
    assert any("tách" in p and "trich_" in p for p in problems), problems
    unknown = _edit_docx(
        TEMPLATES / "to-trinh.docx", tmp_path / "tt.docx", "{{ trich_yeu }}", "{{ ve_viec }}"
    )
    checked = lint_file(unknown)
    assert checked.what == "mẫu tờ trình"
    assert any("ve_viec" in p and "dữ liệu tờ trình" in p for p in checked.problems), checked.problems
    assert any("thiếu biến bắt buộc" in p and "trich_yeu" in p for p in checked.problems)


def test_cli_lint_exit_codes(tmp_path):
    run = CliRunner().invoke
    ok = run(app, ["cong-van", "lint"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.count("hợp lệ") == 4
    bad = _edited(tmp_path, TO_TRINH_FILE, "{so_van_ban}", "{so_van_ban_moi}")
    res = run(app, ["cong-van", "lint", str(bad), str(TEMPLATES / "cong-van.docx")])
    assert res.exit_code == 1
    assert "so_van_ban_moi" in res.output and "hợp lệ" in res.output


@pytest.mark.libreoffice
def test_template_resaved_by_libreoffice_still_works(soffice, tmp_path, letters_run, loaded_catalog):
    """The Sở opens the template in LibreOffice and saves it: still clean, still renders a letter."""
    import subprocess
    import tempfile

    from pipeline.letters.followup import reminder_context, to_remind
    from pipeline.letters.render import render_letter

    src = tmp_path / "cong-van.docx"
    shutil.copy(TEMPLATES / "cong-van.docx", src)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to",
             "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo"), str(src)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    edited = tmp_path / "lo" / "cong-van.docx"
    assert lint_file(edited).problems == []
    m, c = letters_run.manifest, loaded_catalog.catalog
    ctx = reminder_context(m, c, to_remind(m), load_phrases(CONG_VAN_FILE))
    d = docx.Document(str(render_letter(ctx, edited, tmp_path / "out.docx")))
    assert len(d.sections) == 1
    assert d.tables[0].cell(0, 1).paragraphs[0].text == nd30.QUOC_HIEU
    assert ctx["ket_thuc"] in nd30.all_text(d)
