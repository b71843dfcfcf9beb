"""Readers: real workbooks to RawWorkbook (visibility, merged ranges, true addresses, formulas
without a saved value), xls/ods via LibreOffice, and a property test over garbage and mutations."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.intake.formats import detect
from pipeline.intake.readers import formulas_without_value, read_workbook, sheet_xml_parts
from pipeline.intake.safe import ReadJob, read_file

from .intake_files import make_xlsx, soffice_convert, strip_cached_value

GOOD = make_xlsx()


def test_xlsx_values_visibility_merged():
    raw = read_workbook(GOOD, "xlsx")
    assert [(s.name, s.visible) for s in raw.sheets] == [
        ("Thông tin chung", "visible"),
        ("Số liệu", "visible"),
        ("_lists", "hidden"),
        ("_meta", "veryhidden"),
    ]
    info = raw.sheet("Thông tin chung")
    assert info.rows[0][1] == "Huyện Cao Lộc"
    assert info.rows[1][1] == 2024
    assert info.rows[3][0] == "Gộp ô"
    assert (3, 0, 4, 2) in info.merged
    assert raw.sheet("Số liệu").rows[2][2] == 12.5  # C3 stays C3: read from A1
    assert raw.sheet("_meta").rows[0][0] == "kh-253"


def test_path_and_bytes_agree(tmp_path):
    p = tmp_path / "f.xlsx"
    p.write_bytes(GOOD)
    assert read_workbook(p, "xlsx") == read_workbook(GOOD, "xlsx")


def test_formula_without_cached_value_only_for_requested_cells():
    data = strip_cached_value(GOOD, "E7")
    zf = zipfile.ZipFile(io.BytesIO(data))
    parts = sheet_xml_parts(zf)
    assert parts["Thông tin chung"] == "xl/worksheets/sheet1.xml"
    assert parts["_meta"] == "xl/worksheets/sheet4.xml"
    cells = {"Thông tin chung": {"E6", "E7", "B1"}}
    assert formulas_without_value(zf, parts, cells) == {"Thông tin chung": ["E7"]}
    assert formulas_without_value(zf, parts, {"Thông tin chung": {"E6"}}) == {}
    res = read_file(ReadJob(data, "f.xlsx", input_cells={"Thông tin chung": {"$E$7"}}))
    assert res.raw.formulas_without_value == {"Thông tin chung": ["E7"]}


def _one_sheet(sheet_xml: bytes, styles: bytes = b"") -> zipfile.ZipFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if styles:
            z.writestr("xl/styles.xml", styles)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_formula_and_per_cent_cells_found_among_look_alike_tags(prefix):
    """The scans start from each formula or per cent style and go back to the cell holding it: tags
    that start like a cell (<cols>, <cfRule>), a cell with no formula between, single quotes, and
    prefixed element names (read cell by cell) all give the same answer."""
    p = prefix
    xml = (
        f'<{p}worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<{p}cols><{p}col min="1" max="2"/></{p}cols><{p}sheetData><{p}row r="2">'
        f'<{p}c r="A2" s="3"><{p}v>0.5</{p}v></{p}c>'
        f"<{p}c r='B2'><{p}f>A2*2</{p}f></{p}c>"
        f'<{p}c r="C2"><{p}f>A2</{p}f><{p}v>0.5</{p}v></{p}c>'
        f'<{p}c r="D2" s="1"><{p}f>1</{p}f><{p}v></{p}v></{p}c>'
        f'<{p}c r="E2"><{p}v>1</{p}v></{p}c>'
        f"</{p}row></{p}sheetData><{p}conditionalFormatting><{p}cfRule/></{p}conditionalFormatting>"
        f"</{p}worksheet>"
    ).encode()
    styles = (
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="0"/><xf numFmtId="10"/>'
        b"</cellXfs></styleSheet>"
    )
    from pipeline.intake.readers import percent_cells

    zf = _one_sheet(xml, styles)
    parts = {"S": "xl/worksheets/sheet1.xml"}
    every = {"S": {"A2", "B2", "C2", "D2", "E2"}}
    assert formulas_without_value(zf, parts, every) == {"S": ["B2", "D2"]}
    assert formulas_without_value(zf, parts, {"S": {"A2", "C2"}}) == {}
    assert percent_cells(zf, parts, every) == {"S": ["A2", "D2"]}


def test_xlsm_macros_info():
    data = zipfile.ZipFile(io.BytesIO(GOOD))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in data.infolist():
            z.writestr(i.filename, data.read(i))
        z.writestr("xl/vbaProject.bin", b"\0" * 100)
    res = read_file(ReadJob(out.getvalue(), "macro.xlsm"))
    assert res.format == "xlsm"
    assert [f.code for f in res.findings] == ["MACROS-IGNORED"]
    assert res.findings[0].severity == "info"
    assert res.raw is not None


@pytest.mark.libreoffice
@pytest.mark.parametrize("to,fmt", [("xls", "xls"), ("ods", "ods")])
def test_libreoffice_resaved(soffice, to, fmt):
    data = soffice_convert(soffice, GOOD, ".xlsx", to)
    assert detect(data, f"x.{to}").format == fmt
    res = read_file(ReadJob(data, f"x.{to}"))
    assert res.format == fmt and res.raw is not None, res.findings
    raw = res.raw
    assert raw.sheet("Thông tin chung").rows[0][1] == "Huyện Cao Lộc"
    assert raw.sheet("Số liệu").rows[2][2] == 12.5
    assert raw.sheet("_lists").visible == "hidden"
    assert raw.sheet("_meta").visible in ("hidden", "veryhidden")
    # an xls renamed .xlsx is read by its content, with an info finding
    res2 = read_file(ReadJob(data, "renamed.xlsx"))
    assert res2.raw is not None
    assert "EXTENSION-MISMATCH" in [f.code for f in res2.findings]


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    b = bytearray(data)
    for pos, val in edits:
        b[pos % len(b)] = val
    if cut is not None:
        b = b[: cut % (len(b) + 1)]
    return bytes(b)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096), st.sampled_from(["a.xlsx", "b.xls", "c.ods", "d.xlsm", "e"]))
def test_arbitrary_bytes_never_raise(data, name):
    res = read_file(ReadJob(data, name))
    assert res.raw is not None or res.findings


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=8),
    st.one_of(st.none(), st.integers(0, 1 << 20)),
)
def test_mutated_xlsx_never_raise(edits, cut):
    data = _mutate(GOOD, edits, cut)
    res = read_file(ReadJob(data, "m.xlsx", input_cells={"Thông tin chung": {"E7"}}))
    assert res.raw is not None or any(f.severity == "error" for f in res.findings)


def test_marker_scans_stay_linear_on_a_crafted_sheet():
    """Thousands of <col> tags then thousands of formula markers (after </sheetData>, where the reader
    never looks): each marker must not walk back over every tag (that took minutes, in the main
    process when it examines a small batch)."""
    import time

    from pipeline.intake.readers import _HAS_FORMULA, _cells_around

    xml = (
        b'<worksheet><sheetData><row r="1"><c r="A1"><f>1</f></c></row></sheetData><extLst>'
        + b"<col/>" * 5000
        + b"<f/>" * 5000
        + b"</extLst></worksheet>"
    )
    t = time.perf_counter()
    found = list(_cells_around(xml, _HAS_FORMULA))
    assert time.perf_counter() - t < 1.0
    assert [m.group(1) for m in found] == [b' r="A1"']


def test_percent_style_with_a_leading_zero_is_found():
    """s="09" names style 9, as the full scan read it."""
    from pipeline.intake.readers import _CELL_OPEN, _cells_around, _style_attr

    xml = b'<sheetData><row r="1"><c r="B1" s="09"><v>0.5</v></c></row></sheetData>'
    assert [m.group(1) for m in _cells_around(xml, _style_attr({9}), _CELL_OPEN)] == [b' r="B1" s="09"']
