"""The fault matrix: each bad case built from a real generated form, checked end to end
(check_files), asserting the exact finding code and cell."""

from __future__ import annotations

import openpyxl
import pytest

from pipeline.intake.process import check_files

from ._intake import YEAR, build, good_values, pick_programme_lead


@pytest.fixture(scope="module")
def addresses(loaded_catalog, unit, good, tmp_path_factory):
    """(item or field key, part, field) → (sheet, cell) read from a good file."""
    d = tmp_path_factory.mktemp("good")
    build(loaded_catalog, unit, d / "good.xlsx", good)
    res = check_files([d], loaded_catalog, YEAR, d)
    entry = res.inputs[0]
    assert entry.status == "accepted"
    assert [f for f in entry.findings if f.severity != "info"] == [], entry.findings
    return {(r.item, r.part, r.field): (r.sheet, r.cell) for r in res.rows}, res


def run(loaded, tmp_path, unit, values, name="bao-cao.xlsx", year=YEAR):
    build(loaded, unit, tmp_path / name, values)
    return check_files([tmp_path], loaded, year, tmp_path)


def only(res, code):
    found = [f for e in res.inputs for f in e.findings if f.code == code]
    assert len(found) == 1, (code, [f.code for e in res.inputs for f in e.findings])
    return found[0]


def ratio_item(res):
    return next(r.item for r in res.rows if r.part == "tu_so")


def test_good_file_is_valid(addresses):
    _, res = addresses
    assert all(r.valid for r in res.rows)
    assert res.inputs[0].identified_by == "meta"


@pytest.mark.parametrize(
    ("key", "value", "code", "severity"),
    [
        ("tt_so_cuoc", None, "REQUIRED-EMPTY", "error"),
        ("tt_so_cuoc", "mười hai", "VALUE-NOT-NUMBER", "error"),
        ("tt_so_cuoc", "1.234", "VALUE-CONVERTED", "info"),
        ("tt_so_cuoc", -5, "VALUE-NEGATIVE", "error"),
        ("nguoi_lap", "NguyÔn V¨n An", "VALUE-LEGACY-ENCODING", "warning"),
        ("ngay_bao_cao", "31/02/2024", "VALUE-NOT-DATE", "error"),
    ],
)
def test_field_faults(loaded_catalog, tmp_path, unit, good, addresses, key, value, code, severity):
    where, _ = addresses
    values = dict(good)
    if value is None:
        del values[(key, "gia_tri")]
    else:
        values[(key, "gia_tri")] = value
    res = run(loaded_catalog, tmp_path, unit, values)
    f = only(res, code)
    assert (f.sheet, f.cell) == where[("", "", key)]
    assert f.severity == severity
    row = next(r for r in res.rows if r.field == key and r.item == "")
    assert row.valid == (severity != "error")
    if code == "VALUE-CONVERTED":
        assert row.value == 1234.0 and f.value == "1.234"


def test_part_above_whole(loaded_catalog, tmp_path, unit, good, addresses):
    where, res0 = addresses
    item = ratio_item(res0)
    values = dict(good)
    values[(f"{item}.1", "thuc_hien")] = 500
    res = run(loaded_catalog, tmp_path, unit, values)
    f = only(res, "PART-GT-WHOLE")
    assert (f.sheet, f.cell) == where[(item, "tu_so", "thuc_hien")]
    pair = [r for r in res.rows if r.item == item and r.field == "thuc_hien"]
    assert {r.part for r in pair} == {"tu_so", "mau_so"} and not any(r.valid for r in pair)


def test_catalog_rule(loaded_catalog, tmp_path, unit, good, addresses):
    where, _ = addresses
    values = dict(good)
    values[("tn_nu", "gia_tri")] = 200  # > tn_tong_so (100)
    res = run(loaded_catalog, tmp_path, unit, values)
    f = only(res, "TN-NU-LE-TONG")
    assert f.severity == "error"  # importance high
    assert (f.sheet, f.cell) == where[("", "", "tn_nu")]
    assert "200" in f.message and "100" in f.message


def test_catalog_rule_skipped_when_missing(loaded_catalog, tmp_path, unit, good):
    values = dict(good)
    del values[("tn_nu", "gia_tri")]  # skip_if_any_missing
    res = run(loaded_catalog, tmp_path, unit, values)
    assert not [f for f in res.inputs[0].findings if f.code == "TN-NU-LE-TONG"]


def test_document_status_missing(loaded_catalog, tmp_path, unit, good, addresses, view2024):
    where, _ = addresses
    doc = view2024.assignments(unit, "van_ban")[0].code
    values = dict(good)
    del values[(doc, "trang_thai")]
    res = run(loaded_catalog, tmp_path, unit, values)
    f = only(res, "DOC-STATUS-EMPTY")
    assert (f.sheet, f.cell, f.item) == (*where[(doc, "", "trang_thai")], doc)


def test_programme_status_missing(loaded_catalog, tmp_path, view2024):
    unit = pick_programme_lead(view2024)
    prog = next(a.code for a in view2024.assignments(unit, "chuong_trinh") if a.role.value == "lead")
    values = good_values(view2024, unit)
    del values[(prog, "trang_thai_da")]
    res = run(loaded_catalog, tmp_path, unit, values)
    f = only(res, "PROG-STATUS-EMPTY")
    assert f.sheet == "Chương trình, đề án, dự án" and f.item == prog
    assert (f.sheet, f.cell) == _cell(res, (prog, "", "trang_thai_da"))


def test_no_inspection(loaded_catalog, tmp_path, unit, good):
    values = {k: v for k, v in good.items() if not k[0].startswith("KT")}
    res = run(loaded_catalog, tmp_path, unit, values)
    f = only(res, "INSPECTION-NONE")
    assert f.severity == "warning" and f.sheet == "Kiểm tra"
    assert res.inputs[0].status == "accepted"


def test_unfilled_form(loaded_catalog, tmp_path, unit):
    res = run(loaded_catalog, tmp_path, unit, {})
    f = only(res, "FORM-EMPTY")
    assert f.severity == "error"
    assert res.inputs[0].status == "rejected" and not res.rows  # not a report: never counted as received
    codes = {f.code for f in res.inputs[0].findings}
    assert "REQUIRED-EMPTY" not in codes and "INSPECTION-NONE" not in codes


def _cell(res, key):
    return next((r.sheet, r.cell) for r in res.rows if (r.item, r.part, r.field) == key)


def test_formula_without_cached_value(loaded_catalog, tmp_path, unit, good, addresses):
    where, _ = addresses
    values = dict(good)
    del values[("tt_so_cuoc", "gia_tri")]
    path = build(loaded_catalog, unit, tmp_path / "f.xlsx", values)
    sheet, cell = where[("", "", "tt_so_cuoc")]
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = "=2+3"  # openpyxl saves no cached value
    wb.save(path)
    res = check_files([tmp_path], loaded_catalog, YEAR, tmp_path)
    f = only(res, "FORMULA-NO-VALUE")
    assert (f.sheet, f.cell) == (sheet, cell)


def test_merged_input_cells(loaded_catalog, tmp_path, unit, good, addresses):
    where, res0 = addresses
    item = ratio_item(res0)
    path = build(loaded_catalog, unit, tmp_path / "m.xlsx", good)
    sheet, a = where[(item, "tu_so", "thuc_hien")]
    _, b = where[(item, "tu_so", "uoc_ca_nam")]
    wb = openpyxl.load_workbook(path)
    wb[sheet].merge_cells(f"{a}:{b}")
    wb.save(path)
    res = check_files([tmp_path], loaded_catalog, YEAR, tmp_path)
    f = only(res, "CELL-MERGED")
    assert (f.sheet, f.cell) == (sheet, a) and f"{a}:{b}" in f.message


def test_row_deleted(loaded_catalog, tmp_path, unit, good, addresses):
    where, _ = addresses
    path = build(loaded_catalog, unit, tmp_path / "d.xlsx", good)
    sheet, cell = where[("", "", "tt_website")]
    wb = openpyxl.load_workbook(path)
    wb[sheet].delete_rows(int(cell[1:]))
    wb.save(path)
    res = check_files([tmp_path], loaded_catalog, YEAR, tmp_path)
    f = only(res, "ROW-MISSING")
    assert f.item == "tt_website" and f.sheet == sheet
    # rows below moved up one: still found by code, not by position
    assert _cell(res, ("", "", "tt_so_cuoc"))[1] != where[("", "", "tt_so_cuoc")][1]


def test_sheet_missing(loaded_catalog, tmp_path, unit, good):
    path = build(loaded_catalog, unit, tmp_path / "s.xlsx", good)
    wb = openpyxl.load_workbook(path)
    del wb["Đội ngũ"]
    wb.save(path)
    res = check_files([tmp_path], loaded_catalog, YEAR, tmp_path)
    assert only(res, "SHEET-MISSING").sheet == "Đội ngũ"


@pytest.mark.libreoffice
def test_text_number_survives_libreoffice_ods(loaded_catalog, tmp_path, unit, good, addresses, soffice):
    from pipeline.forms.filler import resave

    where, _ = addresses
    values = dict(good)
    values[("tt_so_cuoc", "gia_tri")] = " 12 "
    src = build(loaded_catalog, unit, tmp_path / "src" / "lo.xlsx", values)
    out = tmp_path / "out"
    resave(src, out, "ods", soffice)
    res = check_files([out], loaded_catalog, YEAR, out)
    e = res.inputs[0]
    assert e.format == "ods" and e.status == "accepted" and e.identified_by == "meta"
    f = only(res, "VALUE-CONVERTED")
    assert (f.sheet, f.cell) == where[("", "", "tt_so_cuoc")]


def test_same_concept_asked_twice_differs(loaded_catalog, tmp_path, unit, good, addresses):
    """CT10's whole and Thông tin chung's youth total are one concept: a warning on both cells."""
    where, res0 = addresses
    item = next(r.item for r in res0.rows if r.part == "mau_so" and r.item == "CT10")
    values = dict(good)
    values[(f"{item}.2", "thuc_hien")] = 120  # tn_tong_so is 100
    res = run(loaded_catalog, tmp_path, unit, values)
    found = [f for e in res.inputs for f in e.findings if f.code == "SAME-CONCEPT-DIFFERS"]
    assert {(f.sheet, f.cell) for f in found} == {
        where[(item, "mau_so", "thuc_hien")],
        where[("", "", "tn_tong_so")],
    }
    assert all(f.severity == "warning" and "120" in f.message and "100" in f.message for f in found)
    assert all(
        r.valid for r in res.rows if r.field in ("thuc_hien", "tn_tong_so")
    )  # a warning, nothing excluded
