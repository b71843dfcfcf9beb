"""The standard templates (issue 3): per-unit items, locking, validation, identity, 2025 successors."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from pipeline.catalog import CatalogView
from pipeline.catalog.form_version import ISSUE_RECORD, form_version
from pipeline.catalog.model import SectionLayout
from pipeline.exitcodes import UsageProblem
from pipeline.forms.filler import read_back
from pipeline.templates import layout as L
from pipeline.templates.build import (
    MAILING_LIST,
    TemplateKeyError,
    build_all,
    build_workbook,
    plan_sheets,
    template_filename,
)

GENERATED = dt.datetime(2024, 10, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
EXCEL_2010_FUNCS = {"IF", "AND", "OR", "NOT", "ISNUMBER", "ABS"}
SAMPLE_UNITS = ("SNV", "SLDTBXH", "TDTN", "H178", "CTK", "BDBP")


@pytest.fixture(scope="module")
def built2024(loaded_catalog, tmp_path_factory):
    out = tmp_path_factory.mktemp("mau2024")
    return out, {b.unit.code: b for b in build_all(loaded_catalog, 2024, out, generated_at=GENERATED)}


@pytest.fixture(scope="module")
def built2025(loaded_catalog, tmp_path_factory):
    out = tmp_path_factory.mktemp("mau2025")
    return out, {b.unit.code: b for b in build_all(loaded_catalog, 2025, out, generated_at=GENERATED)}


def _sheet_codes(path) -> dict[str, dict[str, dict[str, object]]]:
    """section key → row code → {column key: value}, read with calamine."""
    wb = CalamineWorkbook.from_path(str(path))
    out: dict[str, dict[str, dict[str, object]]] = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if not rows or not (isinstance(rows[0][0], str) and rows[0][0].startswith(L.SECTION_MARK)):
            continue
        keys = rows[0]
        ccol = keys.index(L.COL_CODE)
        sec = out.setdefault(rows[0][0][len(L.SECTION_MARK) :], {})
        for r in rows[5:]:
            if isinstance(r[ccol], str) and r[ccol]:
                sec[r[ccol]] = {k: r[i] for i, k in enumerate(keys) if i}
    return out


# --------------------------------------------------------------------------- files


def test_one_form_per_active_unit_and_mailing_list(built2024, view2024):
    out, built = built2024
    assert set(built) == {u.code for u in view2024.active_units}
    for code, b in built.items():
        assert b.path.name == template_filename(2024, view2024.unit(code))
        assert re.fullmatch(r"2024_[A-Z0-9]+_[a-z0-9-]+\.xlsx", b.path.name)
        assert b.path.is_file()
    assert not list(out.glob(".~*")), "temporary files left behind"
    rows = CalamineWorkbook.from_path(str(out / MAILING_LIST)).get_sheet_by_index(0).to_python()
    header = rows[2]
    assert header == [
        "STT",
        "Mã đơn vị",
        "Cơ quan, đơn vị, địa phương",
        "Loại",
        "Báo cáo",
        "Thư điện tử",
        "Tệp đính kèm",
    ]
    body = {r[1]: r for r in rows[3:]}
    assert set(body) == set(built)
    assert body["SNV"][4] == "Bắt buộc" and body["TDTN"][4] == "Đề nghị"
    assert body["SNV"][5] == "snv@langson.gov.vn"
    assert body["SNV"][6] == built["SNV"].path.name


def test_each_form_lists_exactly_its_items(built2024, view2024):
    _, built = built2024
    for code, b in built.items():
        unit = view2024.unit(code)
        sheets = _sheet_codes(b.path)
        assert list(sheets) == [s.key for s in view2024.sections_for(unit)]
        for s in view2024.sections_for(unit):
            if s.layout in (SectionLayout.fields, SectionLayout.free_rows):
                continue
            expected = {a.code for a in view2024.assignments(code, s.key)}
            listed = {
                c
                for c in sheets[s.key]
                if not c.endswith((".1", ".2")) and not c.startswith(s.free_row_prefix or "~")
            }
            assert listed == expected, (code, s.key)
            for a in view2024.assignments(code, s.key):
                role = sheets[s.key][a.code][L.COL_ROLE]
                assert role.startswith(
                    {"lead": "Chủ trì", "co": "Phối hợp", "local": "Thực hiện"}[a.role.value]
                )
                if a.role.value == "co":
                    assert "không bắt buộc" in role or "tham khảo" in role
            if s.free_rows:
                free = [c for c in sheets[s.key] if c.startswith(s.free_row_prefix)]
                assert free == [f"{s.free_row_prefix}{n:02d}" for n in range(1, s.free_rows + 1)]


def test_ratio_targets_ask_two_counts_and_show_percent(built2024, view2024, catalog):
    _, built = built2024
    codes = _sheet_codes(built["SLDTBXH"].path)["muc_tieu"]
    ct11 = next(t for t in catalog.targets if t.code == "CT11")
    assert codes["CT11.1"][L.COL_NAME].endswith(ct11.numerator_label)
    assert codes["CT11.2"][L.COL_NAME].endswith(ct11.denominator_label)
    assert codes["CT11.1"][L.COL_UOM] == "người"
    assert codes["CT11"][L.COL_UOM] == "%"
    for row in codes.values():
        assert "tử số" not in str(row[L.COL_NAME]).lower() and "mẫu số" not in str(row[L.COL_NAME]).lower()
    # the % cells are formulas over the two counts, Excel 2010 functions only
    ws = openpyxl.load_workbook(built["SLDTBXH"].path)["Mục tiêu, chỉ tiêu"]
    formulas = [
        c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert formulas and all(set(re.findall(r"([A-Z]+)\(", f)) <= EXCEL_2010_FUNCS for f in formulas)
    # plan column: the year's value from target_for_year
    ct01 = next(t for t in catalog.targets if t.code == "CT01")
    snv = _sheet_codes(built["SNV"].path)["muc_tieu"]
    assert snv["CT01"][L.COL_PLAN] == f"≥ {view2024.target_for_year(ct01).value:g}"


def test_unlocked_cells_are_exactly_validated_inputs(built2024):
    _, built = built2024
    for code in SAMPLE_UNITS:
        wb = openpyxl.load_workbook(built[code].path)
        names = set(wb.defined_names)
        assert wb[L.META_SHEET].sheet_state == "veryHidden"
        assert wb[L.LISTS_SHEET].sheet_state == "hidden"
        n_inputs = 0
        for ws in wb.worksheets:
            if ws.sheet_state == "visible":
                assert ws.protection.sheet, (code, ws.title)
                assert ws.protection.password is None
                assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
            validated: set[tuple[int, int]] = set()
            for dv in ws.data_validations.dataValidation:
                assert dv.type in ("whole", "decimal", "date", "list", "textLength"), dv.type
                assert dv.error and dv.prompt and dv.showErrorMessage
                if dv.type == "list":
                    assert dv.formula1.lstrip("=") in names
                for rng in dv.sqref.ranges:
                    c0, r0, c1, r1 = range_boundaries(rng.coord)
                    validated |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
            unlocked = {
                (cell.row, cell.column)
                for row in ws.iter_rows(min_row=1, max_row=ws.max_row + 2, max_col=ws.max_column + 2)
                for cell in row
                if not cell.protection.locked
            }
            assert unlocked == validated, (code, ws.title)
            n_inputs += len(unlocked)
            if ws.sheet_state == "visible" and ws.title != L.GUIDE_SHEET:
                assert ws.row_dimensions[1].hidden  # the key row
                assert str(ws.print_title_rows) == "$5:$5"
        assert n_inputs > 20


def test_meta_readable_with_calamine(built2024, loaded_catalog):
    _, built = built2024
    path = built["H178"].path
    wb = CalamineWorkbook.from_path(str(path))
    meta_sheet = next(s for s in wb.sheets_metadata if s.name == L.META_SHEET)
    assert meta_sheet.visible == SheetVisibleEnum.VeryHidden
    meta, _ = read_back(path)
    assert tuple(meta) == L.META_KEYS
    assert meta["plan_id"] == loaded_catalog.catalog.plan.id
    assert meta["layout_version"] == str(L.LAYOUT_VERSION)
    assert meta["catalog_hash"] == loaded_catalog.short_hash
    view = CatalogView(loaded_catalog.catalog, 2024)
    assert meta["template_version"] == form_version(view, view.unit("H178"))
    assert meta["template_version"].startswith(f"{L.LAYOUT_VERSION}-")
    assert meta["unit_code"] == "H178" and meta["year"] == "2024"
    assert dt.datetime.fromisoformat(meta["generated_at"]) == GENERATED
    info = _sheet_codes(path)[L.INFO_SHEET_KEY]
    assert info[L.UNIT_ROW_CODE][L.VALUE_KEY] == "Ủy ban nhân dân thành phố Lạng Sơn"  # no code shown
    assert info[L.YEAR_ROW_CODE][L.VALUE_KEY] == 2024


def test_required_cells_follow_figure_source(loaded_catalog):
    _, sheets = plan_sheets(loaded_catalog, 2024, "SLDTBXH")
    m = next(s for s in sheets if s.key == "muc_tieu")

    def cell(code, field):
        return m.cells[m.index[(code, field)]]

    # CT11: the lead supplies the figure → both counts required, the % is a locked formula
    for f in ("thuc_hien", "uoc_ca_nam"):
        assert cell("CT11.1", f).required and cell("CT11.2", f).required
        assert cell("CT11", f).locked
    # CT10 is summed over districts: the lead's own figure is not required and not added in – and
    # the lead is told where the province's figure comes from, never that its figure is "tham khảo"
    assert not cell("CT10.1", "thuc_hien").required
    role = cell("CT10", L.COL_ROLE).value
    assert role.startswith("Chủ trì") and "tổng số liệu các huyện, thành phố" in role
    assert "tham khảo" not in role
    # a co-agency never has required cells
    ctx, sheets = plan_sheets(loaded_catalog, 2024, "TDTN")
    co = [a for a in ctx.view.assignments("TDTN") if a.role.value == "co"]
    assert co
    for s in sheets:
        for a in co:
            for (code, _), rc in s.index.items():
                if code.split(".")[0] == a.code:
                    assert not s.cells[rc].required, (a.code, rc)
    # fields sections: required fields of the catalog
    _, sheets = plan_sheets(loaded_catalog, 2024, "H178")
    info = next(s for s in sheets if s.key == L.INFO_SHEET_KEY)
    assert info.cells[info.index[("tn_tong_so", L.VALUE_KEY)]].required
    assert not info.cells[info.index[("tn_nu", L.VALUE_KEY)]].required


def test_conditional_formats_in_file(built2024):
    _, built = built2024
    wb = openpyxl.load_workbook(built["H178"].path)
    ws = wb["Tuyên truyền"]
    rules = [(str(cf.sqref), r) for cf in ws.conditional_formatting for r in cf.rules]
    assert any(r.type == "containsBlanks" for _, r in rules)  # required, still empty
    catalog_rule = [r for _, r in rules if r.type == "expression" and "NOT(" in r.formula[0]]
    assert catalog_rule, "TT-LUOT-GE-CUOC not rendered"
    for r in catalog_rule:
        assert set(re.findall(r"([A-Z]+)\(", r.formula[0])) <= EXCEL_2010_FUNCS
    # part above whole, on the ratio rows
    ws = openpyxl.load_workbook(built["SLDTBXH"].path)["Mục tiêu, chỉ tiêu"]
    assert any(
        r.type == "expression" and ">" in r.formula[0] and "NOT" not in r.formula[0]
        for cf in ws.conditional_formatting
        for r in cf.rules
    )


# --------------------------------------------------------------------------- values, marks, versions


def test_prefilled_values_and_marks(loaded_catalog, tmp_path):
    values = {
        ("CT01.1", "thuc_hien"): 85,
        ("CT01.2", "thuc_hien"): 100,
        ("tt_so_cuoc", "gia_tri"): 12,
        ("VBK01", "noi_dung"): '=HYPERLINK("http://x")',
        ("ngay_bao_cao", "gia_tri"): dt.date(2024, 11, 5),
        ("VB01", "trang_thai"): "Đã ban hành",
    }
    marks = {("CT01", "thuc_hien"): "Đề nghị bổ sung số liệu", ("tt_so_cuoc", "gia_tri"): "Kiểm tra lại"}
    path = build_workbook(loaded_catalog, 2024, "SNV", tmp_path / "snv.xlsx", values=values, marks=marks)
    _, got = read_back(path)
    assert got[("CT01.1", "thuc_hien")] == 85 and got[("tt_so_cuoc", "gia_tri")] == 12
    assert got[("VBK01", "noi_dung")] == '=HYPERLINK("http://x")'  # text, not a formula
    assert got[("ngay_bao_cao", "gia_tri")] in (dt.date(2024, 11, 5), dt.datetime(2024, 11, 5))
    wb = openpyxl.load_workbook(path)
    ws = wb["Mục tiêu, chỉ tiêu"]
    marked = [c for row in ws.iter_rows() for c in row if c.comment]
    assert len(marked) == 1 and marked[0].comment.text == "Đề nghị bổ sung số liệu"
    assert marked[0].fill.fgColor.rgb.endswith("FFC000")
    assert wb["Ban hành văn bản"]["C1"].value == L.COL_NAME
    name_cells = [
        c
        for row in wb["Ban hành văn bản"].iter_rows()
        for c in row
        if c.value == values[("VBK01", "noi_dung")]
    ]
    assert name_cells and name_cells[0].data_type == "s"


def test_values_for_locked_or_unknown_cells_refused(loaded_catalog, tmp_path):
    with pytest.raises(TemplateKeyError):
        build_workbook(loaded_catalog, 2024, "SNV", tmp_path / "a.xlsx", values={("CT01", "thuc_hien"): 5})
    with pytest.raises(TemplateKeyError):
        build_workbook(loaded_catalog, 2024, "SNV", tmp_path / "a.xlsx", values={("CT99", "thuc_hien"): 5})
    assert not list(tmp_path.iterdir())


def test_older_layout_version(loaded_catalog, tmp_path):
    path = build_workbook(loaded_catalog, 2024, "STP", tmp_path / "old.xlsx", layout_version=0)
    meta, _ = read_back(path)
    assert meta["layout_version"] == "0"
    view = CatalogView(loaded_catalog.catalog, 2024)
    assert meta["template_version"] == form_version(view, view.unit("STP"), 0)
    assert meta["template_version"].startswith("0-")


def test_unknown_or_inactive_unit_is_a_usage_problem(loaded_catalog, tmp_path):
    with pytest.raises(UsageProblem):
        build_workbook(loaded_catalog, 2024, "XYZ", tmp_path / "x.xlsx")
    with pytest.raises(UsageProblem):
        build_all(loaded_catalog, 2025, tmp_path, ["H178"])  # districts abolished 1/7/2025
    assert not list(tmp_path.iterdir())


# --------------------------------------------------------------------------- 2025


def test_2025_successors_and_no_district_forms(built2025, view2025, catalog):
    out, built = built2025
    assert set(built) == {u.code for u in view2025.active_units}
    assert not any(b.unit.kind.value == "district" for b in built.values())
    assert not list(out.glob("2025_H1*"))
    for code in ("SLDTBXH", "STTTT", "SKHDT"):
        assert code not in built  # merged departments have no form of their own
    targets = {code: set(_sheet_codes(b.path).get("muc_tieu", {})) for code, b in built.items()}
    assert {"CT11", "CT11.1", "CT11.2"} <= targets["SGDDT"]
    assert {"CT12", "CT12.1", "CT12.2"} <= targets["SYT"]
    assert "CT13" in targets["SNV"]
    assert "CT16" in targets["SKHCN"]
    docs = set(_sheet_codes(built["SVHTTDL"].path)["van_ban"])
    assert "VB06" in docs
    for code, b in built.items():
        sheets = _sheet_codes(b.path)
        listed = {
            c
            for key, rows in sheets.items()
            if key in ("van_ban", "muc_tieu", "chuong_trinh")
            for c in rows
            if re.fullmatch(r"[A-Z]{2,4}[0-9]{2}[A-Z]?", c) and not c.startswith(("VBK", "KT"))
        }
        assert listed == {a.code for a in view2025.assignments(code)}, code


def test_cli_templates(tmp_path, loaded_catalog):
    from pipeline.cli import main

    plan = str(loaded_catalog.path)
    with pytest.raises(SystemExit) as e:
        main(
            [
                "templates",
                "--year",
                "2024",
                "--unit",
                "snv",
                "--unit",
                "H180",
                "--plan",
                plan,
                "--out",
                str(tmp_path),
            ]
        )
    assert e.value.code in (0, None)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        [
            "2024_SNV_so-noi-vu.xlsx",
            "2024_H180_uy-ban-nhan-dan-huyen-trang-dinh.xlsx",
            MAILING_LIST,
            ISSUE_RECORD,
        ]
    )
    with pytest.raises(SystemExit) as e:
        main(
            ["templates", "--year", "2024", "--unit", "KHONGCO", "--plan", plan, "--out", str(tmp_path / "x")]
        )
    assert e.value.code == 2
    assert not (tmp_path / "x").exists()
