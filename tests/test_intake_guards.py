"""Guards: sizes, zip directory and real inflated sizes, XML entities, encrypted and broken files."""

from __future__ import annotations

import time

import pytest

from pipeline.intake.formats import detect
from pipeline.intake.guards import Limits, check_size, check_zip
from pipeline.intake.safe import ReadJob, read_file

from .intake_files import (
    BILLION_LAUGHS,
    build_zip,
    encrypted_ooxml,
    make_xlsx,
    rezip,
    xls_with_filepass,
    xlsx_with_bomb,
)


def codes(res) -> list[str]:
    return [f.code for f in res.findings]


def test_defusedxml_is_a_hard_dependency():
    import defusedxml.ElementTree  # noqa: F401


def test_good_xlsx_passes_every_guard():
    assert check_zip(make_xlsx()) == []


def test_empty_file(tmp_path):
    p = tmp_path / "a.xlsx"
    p.write_bytes(b"")
    res = read_file(ReadJob(p, "a.xlsx"))
    assert codes(res) == ["FILE-EMPTY"] and res.raw is None


def test_too_large(tmp_path):
    p = tmp_path / "big.xlsx"
    p.write_bytes(make_xlsx())
    res = read_file(ReadJob(p, "big.xlsx"), Limits(max_file_size=1000))
    assert codes(res) == ["FILE-TOO-LARGE"]
    assert check_size(10, Limits(max_file_size=5))[0].code == "FILE-TOO-LARGE"


def test_text_renamed_xlsx():
    res = read_file(ReadJob("Báo cáo năm 2024\nsố liệu ...".encode(), "bao-cao.xlsx"))
    assert codes(res) == ["FILE-NOT-SPREADSHEET"]
    assert "văn bản" in res.findings[0].message


def test_truncated_xlsx():
    data = make_xlsx()
    res = read_file(ReadJob(data[: len(data) // 2], "cut.xlsx"))
    assert codes(res) == ["FILE-CORRUPT"]


def test_docx_is_not_a_spreadsheet():
    data = build_zip(
        [("[Content_Types].xml", b"<Types/>", 0, 8, 0, -1), ("word/document.xml", b"<w/>", 0, 4, 0, -1)]
    )
    assert detect(data, "x.xlsx").kind == "other"


@pytest.mark.parametrize("lie", [False, True], ids=["honest", "lying"])
def test_zip_bomb_refused_fast(lie):
    data = xlsx_with_bomb(3072, lie=lie)  # 3 GiB of zeros in about 3 MB
    assert len(data) < 5_000_000
    t = time.perf_counter()
    res = read_file(ReadJob(data, "bomb.xlsx"))
    elapsed = time.perf_counter() - t
    assert res.raw is None
    assert codes(res)[0] in ("ZIP-RATIO", "ZIP-ENTRY-TOO-LARGE", "ZIP-TOO-LARGE")
    assert elapsed < 1.0, elapsed


def test_lying_bomb_without_ratio_rule_hits_entry_limit():
    data = xlsx_with_bomb(512, lie=True)
    res = check_zip(data, Limits(max_ratio=1e9))
    assert [f.code for f in res] == ["ZIP-ENTRY-TOO-LARGE"]
    res = check_zip(data, Limits(max_ratio=1e9, max_entry_size=1 << 40, max_total_size=200 << 20))
    assert [f.code for f in res] == ["ZIP-TOO-LARGE"]


def test_ratio_is_configurable():
    data = xlsx_with_bomb(8, lie=False)  # 8 MiB, ratio ≈ 1000
    assert [f.code for f in check_zip(data)] == ["ZIP-RATIO"]
    assert check_zip(data, Limits(max_ratio=5000)) == []


def test_too_many_entries():
    data = rezip(make_xlsx(), {f"xl/media/x{i}.bin": b"" for i in range(30)})
    assert [f.code for f in check_zip(data, Limits(max_zip_entries=20))] == ["ZIP-TOO-MANY-ENTRIES"]


def test_billion_laughs_in_xlsx():
    data = rezip(make_xlsx(), {"xl/worksheets/sheet1.xml": BILLION_LAUGHS})
    res = read_file(ReadJob(data, "lol.xlsx"))
    assert codes(res) == ["XML-ENTITIES"] and res.raw is None
    assert "sheet1.xml" in res.findings[0].message


def test_external_entity_utf16_xml():
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    data = rezip(make_xlsx(), {"docProps/core.xml": xml.encode("utf-16")})
    assert [f.code for f in check_zip(data)] == ["XML-ENTITIES"]


def test_crc_mismatch_is_corrupt():
    data = bytearray(make_xlsx())
    # flip one byte inside the first entry's compressed data
    data[60] ^= 0xFF
    res = read_file(ReadJob(bytes(data), "flip.xlsx"))
    assert codes(res)[0] in ("FILE-CORRUPT",)


def test_encrypted_ooxml():
    res = read_file(ReadJob(encrypted_ooxml(), "mat-khau.xlsx"))
    assert codes(res) == ["FILE-ENCRYPTED"]
    assert res.findings[0].message.startswith("Tệp có mật khẩu: gỡ mật khẩu rồi gửi lại")


def test_encrypted_xls():
    res = read_file(ReadJob(xls_with_filepass(), "mat-khau.xls"))
    assert codes(res) == ["FILE-ENCRYPTED"]


def test_far_cell_refused_before_calamine():
    import io

    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("A")
    ws.write("A1", 1)
    ws.write("XFD1048576", 1)  # calamine would allocate ~550 GB for this sheet and abort
    wb.close()
    res = read_file(ReadJob(buf.getvalue(), "xa.xlsx"))
    assert codes(res) == ["SHEET-TOO-LARGE"]
    assert "XFD1048576" in res.findings[0].message


def test_styled_empty_far_cell_is_fine():
    data = make_xlsx()
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    xml = xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>')
    res = read_file(ReadJob(rezip(data, {"xl/worksheets/sheet2.xml": xml}), "ok.xlsx"))
    assert res.raw is not None, codes(res)


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="A1" r="XFD1000000"><v>2</v></c>',  # a second reference: the quick bound must not pass it
        b'<c r="A1" t="n" r="XFD1000000"><v>2</v></c>',
        b'<c\tr="XFD1000000"><v>2</v></c>',  # spelled unusually: measured exactly
        b'<!-- x --><c r="XFD1000000"><v>2</v></c>',
    ],
)
def test_unusual_cell_spellings_never_pass_the_quick_bound(cell):
    data = make_xlsx()
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    xml = xml.replace(b"</sheetData>", b'<row r="1000000">' + cell + b"</row></sheetData>")
    res = read_file(ReadJob(rezip(data, {"xl/worksheets/sheet2.xml": xml}), "xa.xlsx"))
    assert res.raw is None
    assert codes(res) in (["SHEET-TOO-LARGE"], ["FILE-CORRUPT"]), codes(res)


def test_guard_hands_over_the_parts_it_inflated():
    import io
    import zipfile

    data = make_xlsx()
    parts: dict[str, bytes] = {}
    assert check_zip(data, parts=parts) == []
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert parts == {n: zf.read(n) for n in zf.namelist()}
    bad = rezip(data, {"xl/worksheets/sheet2.xml": b"<worksheet><!DOCTYPE x></worksheet>"})
    parts = {}
    assert [f.code for f in check_zip(bad, parts=parts)] == ["XML-ENTITIES"]
    assert parts == {}  # nothing of a refused archive is handed on


def test_parts_seen_before_are_not_measured_again_but_still_count():
    """A part already verified (same name, CRC, size and compressed bytes) is not inflated again; the
    workbook it is in is still measured whole: a far cell in another sheet is refused."""
    import io
    import zipfile

    from pipeline.intake import guards

    data = make_xlsx()
    first: dict[str, bytes] = {}
    assert check_zip(data, parts=first) == []
    again: dict[str, bytes] = {}
    assert check_zip(data, parts=again) == []
    assert again == first  # handed on from the memo, byte for byte
    assert any(k[0] == "xl/worksheets/sheet1.xml" for k in guards._VERIFIED)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    far = xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    res = check_zip(rezip(data, {"xl/worksheets/sheet2.xml": far}))
    assert [f.code for f in res] == ["SHEET-TOO-LARGE"]
