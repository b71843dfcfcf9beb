"""Issue 12: the 2025 forms (65 communes, merged departments) and forms that answer the phone call
before it comes – period, territory or duties, deadline, contact, last year's figures – with no code
or key of the catalog anywhere a person can see. Forms are read back with calamine and openpyxl.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from pipeline.catalog import CatalogView
from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.model import UnitKind
from pipeline.consolidate.run_year import run_year
from pipeline.forms.filler import fill_workbook, form_cells
from pipeline.intake.process import check_files
from pipeline.templates import layout as L
from pipeline.templates.build import build_all, build_workbook, plan_sheets
from pipeline.templates.previous import NOT_COMPARABLE, PreviousYear

from ._intake import good_values
from .conftest import ROOT

GENERATED = dt.datetime(2025, 9, 15, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
COMMUNE_SHEETS = [
    "Hướng dẫn", "Thông tin chung", "Tuyên truyền", "Ban hành văn bản", "Mục tiêu, chỉ tiêu", "Đối thoại",
    "Kinh phí", "Khó khăn, kiến nghị",
    "Đề xuất khen thưởng",  # 2025, the plan's last year: proposals for the five-year review (issue 13)
]  # fmt: skip


@pytest.fixture(scope="module")
def previous_run(loaded_catalog, tmp_path_factory):
    """A real ``ptn run`` of the 2024 sample year: ``outputs/2024/run-2024.json`` under a work folder."""
    work = tmp_path_factory.mktemp("work")
    run_year(loaded_catalog, year=2024, inputs_root=ROOT / "inputs", out_root=work / "outputs", report=False)
    return work


@pytest.fixture(scope="module")
def forms2025(previous_run, loaded_catalog):
    """``ptn templates --year 2025`` as an official runs it, in the folder holding last year's run."""
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "templates", "--year", "2025", "--plan", str(loaded_catalog.path)],
        cwd=previous_run,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = previous_run / "outputs" / "2025" / "mau"
    return proc.stdout, {p.name.split("_")[1]: p for p in out.glob("2025_*.xlsx")}


@pytest.fixture(scope="module")
def forms2024(loaded_catalog, tmp_path_factory):
    out = tmp_path_factory.mktemp("mau2024")
    return {b.unit.code: b.path for b in build_all(loaded_catalog, 2024, out, generated_at=GENERATED)}


def _calamine_text(path: Path, sheet: str) -> str:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return "\n".join(str(v) for row in rows for v in row if v not in ("", None))


def _rows_by_code(path: Path, sheet: str) -> dict[str, dict[str, object]]:
    """Row code → {column key: value} of one data sheet, read with calamine (keys from the hidden row)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    keys = rows[0]
    ccol = keys.index(L.COL_CODE)
    return {r[ccol]: {k: r[i] for i, k in enumerate(keys) if i} for r in rows[5:] if r[ccol]}


# --------------------------------------------------------------------------- the 2025 round


def test_one_form_per_active_unit_of_2025_no_district(forms2025, view2025):
    out, forms = forms2025
    assert set(forms) == {u.code for u in view2025.active_units}
    assert len(forms) == 91
    assert sum(view2025.unit(c).kind == UnitKind.commune for c in forms) == 65
    assert not any(view2025.unit(c).kind == UnitKind.district for c in forms)
    assert {"SNNMT", "SDTTG", "BPTTH"} <= set(forms) and not {"SLDTBXH", "STTTT", "BLS"} & set(forms)
    assert "outputs/2024/run-2024.json" in out  # says where last year's figures came from


def test_each_form_states_period_scope_deadline_and_contact(forms2025, view2025, catalog):
    _, forms = forms2025
    contact = catalog.plan.contact
    for code in ("XTHATKHE", "PKYLUA", "SNNMT", "SNV", "SGDDT", "STP", "TDTN"):
        path = forms[code]
        guide = _calamine_text(path, L.GUIDE_SHEET)
        assert "Kỳ số liệu: từ ngày 15/12/2024 đến ngày 14/12/2025" in guide, code
        assert "Hạn gửi: chậm nhất ngày 14/11/2025" in guide
        assert contact.office in guide and contact.email in guide and "Người liên hệ" in guide
        assert "Phạm vi báo cáo:" in guide
        for sheet in CalamineWorkbook.from_path(str(path)).sheet_names:
            if sheet.startswith("_") or sheet == L.GUIDE_SHEET:
                continue
            assert "số liệu từ ngày 15/12/2024 đến ngày 14/12/2025" in _calamine_text(path, sheet), (
                code,
                sheet,
            )
    commune = _calamine_text(forms["XTHATKHE"], L.GUIDE_SHEET)
    assert "trên địa bàn xã Thất Khê" in commune and "UBND Tràng Định (huyện cũ)" in commune
    assert "đến ngày 30/06/2025" in commune and "không so sánh được với năm 2024" in commune
    snv = _calamine_text(forms["SNV"], L.GUIDE_SHEET)
    assert "nhiệm vụ của Sở LĐTB&XH (hợp nhất từ ngày 01/03/2025)" in snv
    sgddt = _calamine_text(forms["SGDDT"], L.GUIDE_SHEET)
    assert "một số nhiệm vụ tiếp nhận từ Sở LĐTB&XH" in sgddt
    stp = _calamine_text(forms["STP"], L.GUIDE_SHEET)
    assert "Năm 2024 (đơn vị đã báo cáo)" in stp and "không so sánh được" not in stp


def test_contact_filled_in_the_catalog_is_on_the_form(loaded_catalog, tmp_path):
    data = loaded_catalog.catalog.model_dump()
    data["plan"]["contact"].update(name="Hoàng Thị Mai", phone="0205 3812 345")
    cat = type(loaded_catalog.catalog).model_validate(data)
    loaded = LoadedCatalog(cat, loaded_catalog.path, "f" * 64)
    path = build_workbook(loaded, 2025, "XTHATKHE", tmp_path / "x.xlsx")
    guide = _calamine_text(path, L.GUIDE_SHEET)
    assert "Người liên hệ khi cần hỏi: Hoàng Thị Mai, Chuyên viên" in guide and "0205 3812 345" in guide
    assert "…" not in guide.split("Người liên hệ")[1].split("\n")[0]


def test_merged_departments_say_whose_duty_each_item_was(forms2025):
    _, forms = forms2025
    targets = _rows_by_code(forms["SGDDT"], "Mục tiêu, chỉ tiêu")
    assert "Nhiệm vụ của Sở LĐTB&XH từ 01/03/2025" in targets["CT11"][L.COL_ROLE]
    assert "Nhiệm vụ của" not in targets["CT02"][L.COL_ROLE]  # its own duty
    assert "Nhiệm vụ của Sở LĐTB&XH" in _rows_by_code(forms["SNV"], "Mục tiêu, chỉ tiêu")["CT13"][L.COL_ROLE]
    docs = _rows_by_code(forms["SVHTTDL"], "Ban hành văn bản")
    assert "Nhiệm vụ của Sở TT&TT từ 01/03/2025" in docs["VB06"][L.COL_ROLE]
    da06 = _rows_by_code(forms["BPTTH"], "Chương trình, đề án, dự án")["DA06"][L.COL_ROLE]
    assert "Báo Lạng Sơn, Đài PT-TH tỉnh" in da06


def test_a_new_unit_is_told_what_it_is_not_asked_for_and_what_instead(forms2025, catalog):
    _, forms = forms2025
    vb01 = next(d for d in catalog.documents if d.code == "VB01")
    text = _calamine_text(forms["SNNMT"], "Ban hành văn bản")
    assert "Văn bản không yêu cầu (đơn vị bắt đầu hoạt động từ ngày 01/03/2025)" in text
    assert vb01.name in text and "hạn ban hành năm 2022" in text and vb01.instead_for_new_units in text
    rows = _rows_by_code(forms["SNNMT"], "Ban hành văn bản")
    assert "VB01" not in rows and "VB02" in rows  # VB02 was due 31/3/2025, after 1/3/2025: asked
    commune = _calamine_text(forms["XTHATKHE"], "Ban hành văn bản")
    assert "hạn ban hành ngày 31/03/2025" in commune
    assert not [c for c in _rows_by_code(forms["XTHATKHE"], "Ban hành văn bản") if not c.startswith("VBK")]


def test_commune_form_stays_short(forms2025, forms2024):
    _, forms = forms2025
    wb = openpyxl.load_workbook(forms["XTHATKHE"])
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == COMMUNE_SHEETS

    def inputs(path):
        """Input cells of the reporting sheets (the 2025 commendation sheet – optional rows, the same on
        every unit's form – is not what makes a form long)."""
        wb = openpyxl.load_workbook(path)
        return sum(
            1
            for ws in wb.worksheets
            if ws.title != "Đề xuất khen thưởng"
            for row in ws.iter_rows()
            for c in row
            if not c.protection.locked
        )

    assert inputs(forms["XTHATKHE"]) <= 0.6 * inputs(forms2024["H180"])


# --------------------------------------------------------------------------- last year's figures


def test_last_years_figures_beside_the_inputs(forms2025, previous_run):
    _, forms = forms2025
    import json

    m = json.loads((previous_run / "outputs" / "2024" / "run-2024.json").read_text(encoding="utf-8"))
    before = {(v["unit"], v["item"], v["part"], v["field"]): v["value"] for v in m["values"] if v["valid"]}
    # same unit, same duty: its own 2024 figure
    stp = _rows_by_code(forms["STP"], "Tuyên truyền")
    assert stp["tt_so_cuoc"][L.COL_PREVIOUS] == before[("STP", "", "", "tt_so_cuoc")]
    snv = _rows_by_code(forms["SNV"], "Mục tiêu, chỉ tiêu")
    part, whole = (
        before[("SNV", "CT01", "tu_so", "uoc_ca_nam")],
        before[("SNV", "CT01", "mau_so", "uoc_ca_nam")],
    )
    assert snv["CT01.1"][L.COL_PREVIOUS] == part and snv["CT01.2"][L.COL_PREVIOUS] == whole
    assert snv["CT01"][L.COL_PREVIOUS] == pytest.approx(part / whole * 100)
    # across the reorganisation: not comparable
    assert snv["CT13"][L.COL_PREVIOUS] == NOT_COMPARABLE  # Sở LĐTB&XH's duty in 2024
    assert _rows_by_code(forms["SNV"], "Tuyên truyền")["tt_so_cuoc"][L.COL_PREVIOUS] == NOT_COMPARABLE
    commune = _rows_by_code(forms["XTHATKHE"], "Mục tiêu, chỉ tiêu")
    assert {commune[c][L.COL_PREVIOUS] for c in ("CT10", "CT10.1", "CT10.2")} == {NOT_COMPARABLE}
    assert _rows_by_code(forms["XTHATKHE"], "Thông tin chung")["tn_tong_so"][L.COL_PREVIOUS] == NOT_COMPARABLE


def test_no_previous_column_without_last_years_run(forms2024):
    rows = _rows_by_code(forms2024["H180"], "Tuyên truyền")
    assert L.COL_PREVIOUS not in rows["tt_so_cuoc"]


def test_a_form_with_last_years_figures_reads_back_clean(loaded_catalog, previous_run, tmp_path):
    """Intake ignores the locked column of last year's figures: a filled form has no finding above Lưu ý."""
    previous = PreviousYear.load(previous_run / "outputs", 2024)
    assert previous is not None
    view = CatalogView(loaded_catalog.catalog, 2025)
    folder = tmp_path / "inputs"
    for code in ("STP", "SNV", "XTHATKHE"):
        src = build_workbook(loaded_catalog, 2025, code, tmp_path / f"{code}.xlsx", previous=previous)
        values = {
            k: v for k, v in good_values(view, code).items() if k in form_cells(openpyxl.load_workbook(src))
        }
        fill_workbook(src, folder / f"2025_{code}.xlsx", values)
    res = check_files([folder], loaded_catalog, 2025, folder)
    assert len(res.inputs) == 3
    for e in res.inputs:
        assert e.status == "accepted", e.path
        assert not [f for f in e.findings if f.severity in ("error", "warning")], (e.path, e.findings)
    tt = {(r.unit, r.field): r.value for r in res.rows_all if r.field == "tt_so_cuoc"}
    assert tt[("STP", "tt_so_cuoc")] == 100  # what was typed, not last year's figure beside it


# --------------------------------------------------------------------------- nothing internal is visible


def _hidden_columns(ws) -> set[int]:
    out: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden:
            out |= set(range(dim.min or 1, (dim.max or dim.min or 1) + 1))
    return out


def _forbidden(catalog) -> set[str]:
    """Every code and key of the catalog and the form layout, and the role and enum codes."""
    words = {u.code for u in catalog.units} | {i.code for i in [*catalog.documents, *catalog.targets,
             *catalog.programmes]} | {r.code for r in catalog.rules} | {s.key for s in catalog.sections}  # fmt: skip
    words |= {f.key for s in catalog.sections for f in s.fields} | {f"ds_{f.key}" for s in catalog.sections
              for f in s.fields}  # fmt: skip
    words |= {f"{t.code}.1" for t in catalog.targets} | {f"{t.code}.2" for t in catalog.targets}
    words |= {f"{s.free_row_prefix}{n:02d}" for s in catalog.sections if s.free_rows
              for n in range(1, s.free_rows + 1)}  # fmt: skip
    words |= {L.VALUE_KEY, L.FREE_NAME_KEY, L.UNIT_ROW_CODE, L.YEAR_ROW_CODE, catalog.plan.id}
    words |= {"lead", "co", "local", "obliged", "requested", "district", "department", "union", "commune",
              "sourced", "inferred", "tu_so", "mau_so"}  # fmt: skip
    return words


LAYOUT_MARKS = re.compile(r"__[a-z]+__|ptn:|\(mã:")


def _visible_texts(wb):
    """(where, text) of everything a person sees in the form: sheet tabs, cells of visible rows and
    columns of visible sheets (headers included), and every validation title and message."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        yield f"{ws.title} (tab)", ws.title
        hidden_cols = _hidden_columns(ws)
        for row in ws.iter_rows():
            for c in row:
                if c.value is None or c.column in hidden_cols or ws.row_dimensions[c.row].hidden:
                    continue
                yield f"{ws.title}!{c.coordinate}", str(c.value)
        for dv in ws.data_validations.dataValidation:
            for text in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error):
                if text:
                    yield f"{ws.title} validation {dv.sqref}", text


def _walk(path: Path, forbidden: set[str], wb=None) -> list[str]:
    problems = []
    for where, text in _visible_texts(wb or openpyxl.load_workbook(path)):
        if LAYOUT_MARKS.search(text):
            problems.append(f"{path.name} {where}: {text!r}")
        for token in re.findall(r"[\w.-]+", text):
            token = token.strip(".-")
            if token in forbidden:
                problems.append(f"{path.name} {where}: {token!r} in {text[:60]!r}")
    return problems


def test_no_code_or_key_is_visible_on_any_form_of_2024_and_2025(forms2024, forms2025, catalog):
    """Every form of both years, read once: no code or key where a person can see it; no two visible
    columns share a header; "(*) bắt buộc" only on a sheet that has a required (*) row."""
    forbidden = _forbidden(catalog)
    assert {"CT10", "CT10.1", "tt_so_cuoc", "VBK01", "XTHATKHE", "lead", "gia_tri"} <= forbidden
    problems: list[str] = []
    paths = [*forms2024.values(), *forms2025[1].values()]
    assert len(paths) == 43 + 91
    for path in paths:
        wb = openpyxl.load_workbook(path)
        problems += _walk(path, forbidden, wb)
        problems += _layout_problems(path, wb)
    assert problems == [], "\n".join(problems[:30])
    # the walker does see what it must: a code placed in a visible cell is caught
    wb = openpyxl.load_workbook(forms2024["SNV"])
    wb["Thông tin chung"]["C8"] = "Mục CT10 của SNV"
    bad = forms2024["SNV"].with_name("bad.xlsx")
    wb.save(bad)
    assert len(_walk(bad, forbidden)) == 2


def _layout_problems(path: Path, wb) -> list[str]:
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or ws.title == L.GUIDE_SHEET:
            continue
        hidden = _hidden_columns(ws)
        headers = [
            ws.cell(5, c).value
            for c in range(1, ws.max_column + 1)
            if c not in hidden and ws.cell(5, c).value
        ]
        if len(headers) != len(set(headers)):
            out.append(f"{path.name} {ws.title}: two columns share a header: {headers}")
        if ws.cell(1, 2).value != L.COL_CODE or 2 not in hidden:
            out.append(f"{path.name} {ws.title}: the row-code column is not hidden")
        texts = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        if any("(*) bắt buộc" in t for t in texts) != any(t.endswith("(*)") for t in texts):
            out.append(f"{path.name} {ws.title}: '(*) bắt buộc' without a required row, or the reverse")
    return out


def test_the_lead_is_never_told_its_figure_is_for_reference(loaded_catalog, catalog):
    for year in (2024, 2025):
        view = CatalogView(catalog, year)
        for u in view.active_units:
            leads = {a.code for a in view.assignments(u.code) if a.role.value == "lead"}
            if not leads:
                continue
            _, sheets = plan_sheets(loaded_catalog, year, u.code)
            for m in sheets:
                for (code, key), rc in m.index.items():
                    if code in leads and key in (L.COL_ROLE, L.COL_PLAN):
                        text = str(m.cells[rc].value or "")
                        assert "tham khảo" not in text, (year, u.code, code, text)


def test_row_codes_stay_hidden_after_libreoffice(loaded_catalog, soffice, tmp_path):
    """A commune re-saves its form with LibreOffice: the code column is still hidden, and still read."""
    from pipeline.forms.filler import resave

    src = build_workbook(loaded_catalog, 2025, "XTHATKHE", tmp_path / "2025_XTHATKHE.xlsx")
    out = tmp_path / "lo"
    out.mkdir()
    again = resave(src, out, "xlsx")
    wb = openpyxl.load_workbook(again)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible" and ws.title != L.GUIDE_SHEET:
            assert 2 in _hidden_columns(ws), ws.title
    assert _walk(again, _forbidden(loaded_catalog.catalog)) == []
    assert ("CT10.1", "uoc_ca_nam") in form_cells(wb)


# --------------------------------------------------------------------------- the wording is the Sở's


def test_the_shipped_form_wording_fits_its_contract():
    from pipeline.templates.phrases import CONTRACT, FILE, REQUIRED
    from pipeline.wording import check_file

    assert check_file(ROOT / "templates" / FILE, CONTRACT, REQUIRED) == []


def test_an_edited_phrase_file_changes_the_forms_and_a_broken_one_is_refused(loaded_catalog, tmp_path):
    from pipeline.templates.phrases import FILE

    (tmp_path / "templates").mkdir()
    text = (ROOT / "templates" / FILE).read_text(encoding="utf-8")
    edited = text.replace("Người liên hệ khi cần hỏi:", "Cần hỏi thêm, xin liên hệ:")
    (tmp_path / "templates" / FILE).write_text(edited, encoding="utf-8")

    def templates(out: str):
        return subprocess.run(
            [sys.executable, "-m", "pipeline", "templates", "--year", "2025", "--unit", "PKYLUA",
             "--plan", str(loaded_catalog.path), "--out", out],
            cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=300,
        )  # fmt: skip

    r = templates("a")
    assert r.returncode == 0, r.stdout + r.stderr
    guide = _calamine_text(next((tmp_path / "a").glob("2025_PKYLUA_*.xlsx")), L.GUIDE_SHEET)
    assert "Cần hỏi thêm, xin liên hệ:" in guide and "Người liên hệ khi cần hỏi" not in guide
    broken = text.replace("trên địa bàn {dia_ban}.", "trên địa bàn {dia_ban_moi}.")
    assert broken != text
    (tmp_path / "templates" / FILE).write_text(broken, encoding="utf-8")
    r = templates("b")
    assert r.returncode == 2 and "{dia_ban_moi}" in r.stderr and not (tmp_path / "b").exists()
