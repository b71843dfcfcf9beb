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


def _stored_and_deflated_pair() -> tuple[bytes, bytes]:
    """Two workbooks whose sheet2 entry has the same name, CRC, size and compressed bytes: in the first
    those bytes are stored (harmless bytes, no cell), in the second they are a deflate stream that
    inflates to a sheet with a value at XFD1048576 (padded after the end of the stream so that it is
    no larger than it declares, as the Rust zip reader requires)."""
    import io
    import zipfile
    import zlib

    sheet = "xl/worksheets/sheet2.xml"
    base = zipfile.ZipFile(io.BytesIO(make_xlsx()))
    far = base.read(sheet).replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData>'
    )
    for pad in range(500):
        xml = far.replace(b"<worksheet ", b"<worksheet " + b"x" * pad + b'="1" ', 1)
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        stream = comp.compress(xml) + comp.flush()
        stream += b"A" * (len(xml) - len(stream) + 16)
        if b"<" not in stream and b"\0" not in stream[:4]:
            break
    else:  # pragma: no cover
        raise AssertionError("no stream without '<'")

    def archive(method: int) -> bytes:
        entries = []
        for info in base.infolist():
            raw = stream if info.filename == sheet else base.read(info)
            entries.append(
                (info.filename, raw, method if info.filename == sheet else 0, len(raw), zlib.crc32(raw), -1)
            )
        return build_zip(entries)

    return archive(0), archive(8)


def test_memo_never_vouches_for_bytes_inflated_by_another_method():
    """The memo of verified parts is keyed by the method too: stored bytes verified in one file do not
    vouch for the same bytes deflated in the next (calamine would inflate them to a far cell)."""
    from pipeline.intake import guards

    guards._VERIFIED.clear()
    stored, deflated = _stored_and_deflated_pair()
    assert [f.code for f in check_zip(deflated)] == ["SHEET-TOO-LARGE"]
    guards._VERIFIED.clear()
    assert check_zip(stored) == []  # its sheet is harmless bytes (the reader refuses them later)
    assert [f.code for f in check_zip(deflated)] == ["SHEET-TOO-LARGE"]


def test_memo_counts_the_names_it_keeps(monkeypatch):
    """Empty parts cost their key: archives of many empty entries with long names do not grow a
    worker's memo past its budget."""
    from pipeline.intake import guards

    guards._VERIFIED.clear()
    monkeypatch.setattr(guards, "_verified_bytes", 0)
    monkeypatch.setattr(guards, "_VERIFIED_MAX_BYTES", 1 * guards.MB)
    for n in range(4):
        data = rezip(make_xlsx(), {f"xl/media/{n}-{i}-{'x' * 1000}.bin": b"" for i in range(400)})
        assert check_zip(data) == []
    held = sum(len(k[0]) + len(v[0]) for k, v in guards._VERIFIED.items())
    assert held <= guards._VERIFIED_MAX_BYTES, held
    guards._VERIFIED.clear()
    guards._verified_bytes = 0


FAR_CELL = b'<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData>'


def _sheet_elsewhere(target: str, part=None) -> bytes:
    """The test workbook with its second sheet moved to ``target`` (the workbook's relationships say
    so) and a value at XFD1048576 in it; ``part(xml)`` may rewrite that sheet's XML first."""
    import io
    import zipfile

    zf = zipfile.ZipFile(io.BytesIO(make_xlsx()))
    far = zf.read("xl/worksheets/sheet2.xml").replace(b"</sheetData>", FAR_CELL)
    rels = zf.read("xl/_rels/workbook.xml.rels").replace(b"worksheets/sheet2.xml", target.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zf.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                z.writestr(
                    info.filename, rels if info.filename.endswith("workbook.xml.rels") else zf.read(info)
                )
        z.writestr(target[1:] if target.startswith("/") else "xl/" + target, part(far) if part else far)
    return out.getvalue()


@pytest.mark.parametrize(
    "target", ["ws/sheet2.xml", "worksheets/sub/sheet2.xml", "/xl/other.xml", "data.bin"]
)
def test_sheet_outside_xl_worksheets_is_measured(target):
    """The workbook's relationships may put a sheet anywhere: python-calamine reads it from there
    (a value at XFD1048576 in it aborts the reader), so the guard must measure it too."""
    assert [f.code for f in check_zip(_sheet_elsewhere(target))] == ["SHEET-TOO-LARGE"]


def test_a_sheet_under_another_name_is_measured_in_utf16_and_when_large():
    """A part holding a sheetData element is measured whatever its name: in UTF-16 too, and when it is
    too large to be inflated in one step (it is then read a second time, measured from its start)."""
    import base64
    import os

    from pipeline.intake import guards

    def utf16(xml: bytes) -> bytes:
        return xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")

    filler = base64.b64encode(os.urandom(guards._ONE_STEP))  # incompressible: past the one-step size

    def padded(xml: bytes) -> bytes:
        cell = b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + filler + b"</t></is></c></row>"
        return xml.replace(b"<sheetData>", cell, 1)

    for part in (utf16, padded):
        assert [f.code for f in check_zip(_sheet_elsewhere("data.bin", part))] == ["SHEET-TOO-LARGE"]


def test_every_entity_marker_passes_the_quick_prefilter():
    """The guard looks for its DOCTYPE/ENTITY markers only where '<!' (or its UTF-16 form) is found."""
    from pipeline.intake.guards import _BAD_XML_ALL

    assert all(b"<!" in m or b"<\x00!" in m for m in _BAD_XML_ALL)


def _ods() -> bytes:
    """A minimal OpenDocument spreadsheet: its mimetype entry is what detection reads."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>'
            '<table:table table:name="A"><table:table-row><table:table-cell/></table:table-row></table:table>'
            "</office:spreadsheet></office:body></office:document-content>",
        )
    return buf.getvalue()


def test_detection_and_guards_share_one_opened_zip(monkeypatch):
    """A workbook's zip directory is parsed once per read (detection and guards share it): the same
    findings as when each opens its own, for a good workbook, an ODS and a lying bomb; the caller's
    zip is left open; a zip that does not open is still a corrupt file, not a crash."""
    import io
    import zipfile

    data = make_xlsx()
    opened = []
    real_init = zipfile.ZipFile.__init__

    def counting_init(self, *a, **kw):
        opened.append(1)
        real_init(self, *a, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting_init)
    res = read_file(ReadJob(data, "a.xlsx"))
    assert res.findings == [] and res.raw is not None and res.format == "xlsx"
    assert len(opened) == 1
    monkeypatch.undo()

    bomb = xlsx_with_bomb(300, lie=True)
    for name, payload in (("a.xlsx", data), ("b.ods", _ods()), ("c.xlsx", bomb)):
        zf = zipfile.ZipFile(io.BytesIO(payload))
        assert detect(payload, name, zf) == detect(payload, name)
        assert check_zip(payload, zf=zf) == check_zip(payload)
        assert zf.read(zf.namelist()[0])  # still open: it is the caller's to close
        zf.close()
    assert detect(_ods(), "b.ods").format == "ods"
    assert [f.code for f in check_zip(bomb)] != []

    res = read_file(ReadJob(data[: len(data) - 40], "cut.xlsx"))  # the end of the zip directory is gone
    assert codes(res) == ["FILE-CORRUPT"] and res.raw is None


def test_a_zip_asking_for_a_newer_zip_version_is_a_corrupt_file():
    """A directory that says an entry needs zip version 7.0 makes zipfile raise NotImplementedError:
    the sender is told the file is damaged (FILE-CORRUPT), never that the reader crashed."""
    data = bytearray(make_xlsx())
    at = bytes(data).index(b"PK\x01\x02")  # the first central directory record
    data[at + 6 : at + 8] = (70).to_bytes(2, "little")  # version needed to extract: 7.0
    res = read_file(ReadJob(bytes(data), "v7.xlsx"))
    assert codes(res) == ["FILE-CORRUPT"] and res.raw is None


def _percent_and_formula_xlsx() -> bytes:
    """A workbook with a cell formatted as a per cent and a formula whose saved value is gone."""
    import io

    import xlsxwriter

    from .intake_files import strip_cached_value

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Số liệu")
    ws.write_number("B2", 0.85, wb.add_format({"num_format": "0%"}))
    ws.write_number("B3", 12)
    ws.write_formula("B4", "=B3+1", None, 13)
    wb.close()
    return strip_cached_value(buf.getvalue(), "B4")


def test_package_reads_the_guards_parts_without_opening_the_zip_again():
    from pipeline.intake.readers import Package, formulas_without_value, percent_cells

    data = _percent_and_formula_xlsx()
    parts: dict[str, bytes] = {}
    assert check_zip(data, parts=parts) == []
    wanted = {"Số liệu": {"B2", "B3", "B4"}}
    kept, opened = Package(data, parts), Package(data)  # the latter: examined in another process
    assert kept.sheet_parts == opened.sheet_parts == {"Số liệu": "xl/worksheets/sheet1.xml"}
    for pkg in (kept, opened):
        assert percent_cells(pkg.zf, pkg.sheet_parts, wanted) == {"Số liệu": ["B2"]}
        assert formulas_without_value(pkg.zf, pkg.sheet_parts, wanted) == {"Số liệu": ["B4"]}
    assert kept.zf._zip is None  # every part came from the guard
    assert opened.zf._zip is not None
    kept.close()
    opened.close()


def test_a_part_the_archive_holds_twice_is_not_handed_on():
    """Two entries of one name: zipfile reads the last, the guard may keep the first. Neither is
    handed to the checks, so a file examined in a reader and one examined here read the same bytes."""
    import io
    import warnings
    import zipfile

    from pipeline.intake.readers import Package

    base = zipfile.ZipFile(io.BytesIO(make_xlsx()))
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for info in base.infolist():
                z.writestr(info.filename, base.read(info))
            z.writestr("xl/styles.xml", base.read("xl/styles.xml") + b"<!-- second copy -->")
    data = buf.getvalue()
    parts: dict[str, bytes] = {}
    assert check_zip(data, parts=parts) == []
    assert "xl/styles.xml" not in parts and "xl/workbook.xml" in parts
    pkg = Package(data, parts)
    assert pkg.zf.read("xl/styles.xml") == zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml")
    assert pkg.zf.read("xl/styles.xml").endswith(b"<!-- second copy -->")
    pkg.close()
