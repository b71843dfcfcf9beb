"""The plan catalog as a workbook: every model field in it, lossless round trips (also through a
LibreOffice re-save), and every catalog problem of an edited workbook at its sheet and cell."""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path

import openpyxl
import pytest
from pydantic import BaseModel

from pipeline.catalog import load_catalog
from pipeline.catalog.labels import KIND_LABEL
from pipeline.catalog.load import catalog_sha256
from pipeline.catalog.model import Catalog
from pipeline.catalog.validate import CHECKS
from pipeline.catalog.workbook.export import build_export
from pipeline.catalog.workbook.importer import import_workbook
from pipeline.catalog.workbook.labels import ENUM_WORDS
from pipeline.catalog.workbook.mapping import ASSIGNMENT_FIELDS, META_FIELDS
from pipeline.catalog.workbook.read import read_catalog_workbook
from pipeline.catalog.workbook.shapes import shape_of, words_for
from pipeline.catalog.workbook.write import write_book
from pipeline.forms.filler import resave

from .catalog_book import (
    append_row,
    clear_row,
    copy_plans,
    plan_cell,
    ptn,
    set_cells,
    sheet,
    table_cell,
)

# ---------------------------------------------------------------- every model field has a place and words


def _model_fields(model: type[BaseModel], seen=None):
    seen = seen if seen is not None else set()
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        yield model, name, info
        for arg in [info.annotation, *typing.get_args(info.annotation)]:
            for sub in [arg, *typing.get_args(arg)]:
                if isinstance(sub, type) and issubclass(sub, BaseModel):
                    yield from _model_fields(sub, seen)


def _owner(model: type[BaseModel], name: str) -> str:
    return next(f"{c.__name__}.{name}" for c in model.__mro__ if name in getattr(c, "__annotations__", {}))


def test_every_model_field_is_carried_by_the_workbook(loaded_catalog):
    """Fails when a field is added to the catalog model without a place in the workbook: every scalar,
    list and dict field of every model has input cells in the laid-out workbook."""
    book, _ = build_export(loaded_catalog)  # raises TypeError for a field whose shape has no mapping
    owners = {c.column.owner for s in book.sheets for c in s.cells.values() if c.column is not None}
    missing = []
    for model, name, info in _model_fields(Catalog):
        owner = _owner(model, name)
        if name in META_FIELDS or shape_of(info.annotation).kind in ("model", "models"):
            continue  # nested models and lists of models: carried through their own fields (checked here)
        if name in ASSIGNMENT_FIELDS and owner.startswith("Item."):
            continue  # the Phân công sheet
        if owner not in owners:
            missing.append(f"{owner}: no cell")
    assert not missing, missing


def test_every_model_field_has_vietnamese_words():
    """A new field gets a header (and hint) in pipeline/catalog/workbook/labels.py: no field key is shown."""
    missing = [
        f"{model.__name__}.{name}"
        for model, name, _ in _model_fields(Catalog)
        if name not in META_FIELDS and words_for(model, name) is None
    ]
    assert not missing, f"add FIELD_WORDS for: {missing}"


def test_every_closed_list_value_has_a_label():
    def closed(shape):
        yield shape
        for sub in (shape.key, shape.value):
            if sub is not None:
                yield from closed(sub)

    for model, name, info in _model_fields(Catalog):
        for shape in closed(shape_of(info.annotation)):
            if shape.values and name not in META_FIELDS:
                table = ENUM_WORDS.get(shape.enum_cls) or ENUM_WORDS.get(_owner(model, name))
                assert table and set(shape.values) <= set(table), (
                    f"{model.__name__}.{name}: label every value"
                )


# ---------------------------------------------------------------- the shipped catalog round trip


@pytest.fixture(scope="module")
def shipped_book(tmp_path_factory, loaded_catalog):
    tmp = tmp_path_factory.mktemp("book")
    book, problems = build_export(loaded_catalog)
    assert problems == []
    return write_book(book, tmp / "danh-muc.xlsx")


def _import_copy(book: Path, tmp: Path, **kw):
    """Import ``book`` into a copy of the plans (the export's own plan file), returning the result."""
    plan = copy_plans(tmp)
    return import_workbook(book, plan, force=True, **kw), plan


def test_shipped_catalog_round_trips(shipped_book, loaded_catalog, tmp_path):
    back = read_catalog_workbook(shipped_book)
    assert back.problems == [] and back.catalog is not None
    assert catalog_sha256(back.catalog) == loaded_catalog.sha256
    # as files: YAML + the communes' CSV written back, read by load_catalog, same hash
    out = tmp_path / "moi" / "plan.yaml"
    res = import_workbook(shipped_book, out)
    assert res.errors == [], [p.line() for p in res.errors]
    assert load_catalog(out).sha256 == loaded_catalog.sha256
    assert (out.parent / "don-vi-cap-xa-2025.csv").is_file()


def test_workbook_shape(shipped_book):
    wb = openpyxl.load_workbook(shipped_book)
    names = wb.sheetnames
    assert names[0] == "Hướng dẫn"
    for table in (
        "plan",
        "units",
        "documents",
        "targets",
        "programmes",
        "assignments",
        "rules",
        "sections",
        "fields",
    ):
        ws = sheet(wb, table)
        assert ws.protection.sheet, ws.title
        assert ws.row_dimensions[1].hidden and ws.column_dimensions["A"].hidden
    assert wb["_meta"].sheet_state == "veryHidden" and wb["_lists"].sheet_state == "hidden"
    units = sheet(wb, "units")
    _, kind = table_cell(wb, "units", "SNV", "kind")
    assert units[kind].value == KIND_LABEL["department"]  # Vietnamese in the cell, not "department"
    assert not units[kind].protection.locked
    _, valid_to = table_cell(wb, "units", "SKHDT", "valid_to")
    assert units[valid_to].value == dt.datetime(2025, 2, 28) and units[valid_to].number_format == "dd/mm/yyyy"
    assert units["B4"].protection.locked  # the header
    dv = {str(d.sqref): d for d in units.data_validations.dataValidation}
    assert any(d.type == "list" and kind in _cells(ref) for ref, d in dv.items())  # a dropdown for the kind
    _, direction = table_cell(wb, "targets", "CT07", "direction")
    assert sheet(wb, "targets")[direction].value == "> (trên)"
    _, year = table_cell(wb, "targets", "CT01", "yearly_values:2024")
    assert sheet(wb, "targets")[year].value == 100
    roles = sheet(wb, "assignments")
    _, lead = table_cell(wb, "assignments", "CT11", "unit", __role__="Chủ trì")
    assert roles[lead].value == "SLDTBXH"
    _, succ = table_cell(wb, "assignments", "CT11", "successor", __role__="Chuyển giao nhiệm vụ")
    assert roles[succ].value == "SGDDT"


def _cells(sqref: str) -> set[str]:
    from openpyxl.worksheet.cell_range import CellRange

    out = set()
    for part in sqref.split():
        rng = CellRange(part)
        for row in rng.rows:
            out |= {f"{openpyxl.utils.get_column_letter(c)}{r}" for r, c in row}
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_libreoffice_resave_round_trips(shipped_book, loaded_catalog, soffice, fmt, tmp_path):
    resaved = resave(shipped_book, tmp_path, fmt, soffice)
    back = read_catalog_workbook(resaved)
    assert back.problems == [], [p.line() for p in back.problems]
    assert catalog_sha256(back.catalog) == loaded_catalog.sha256


def test_a_value_the_workbook_cannot_carry_is_refused_at_export(loaded_catalog):
    cat = loaded_catalog.catalog
    units = list(cat.units)
    units[1] = units[1].model_copy(update={"name": " Sở Nội vụ "})  # blanks around: would be trimmed
    bad = cat.model_copy(update={"units": units})
    from pipeline.catalog.load import LoadedCatalog

    _, problems = build_export(LoadedCatalog(bad, loaded_catalog.path, catalog_sha256(bad)))
    assert [p.code for p in problems] == ["CAT-XLSX-EXPORT"]
    assert problems[0].sheet == "Đơn vị báo cáo" and problems[0].what.startswith("SNV")


# ---------------------------------------------------------------- an import test per catalog-check code


def _first(wb_path: Path, fn):
    return fn(openpyxl.load_workbook(wb_path))


# code → (edit the workbook → the cell the problem must be at)
def _dup(p):
    where = _first(p, lambda wb: table_cell(wb, "units", "STP", "code"))
    set_cells(p, [(where, "SNV")])
    return where


def _unit_dates(p):
    f = _first(p, lambda wb: table_cell(wb, "units", "SKHDT", "valid_from"))
    set_cells(p, [(f, dt.date(2025, 6, 1))])
    return _first(p, lambda wb: table_cell(wb, "units", "SKHDT", "valid_to"))


def _unit_unknown(p):
    where = _first(p, lambda wb: table_cell(wb, "units", "SKHDT", "merged_into"))
    set_cells(p, [(where, "SKHDTX")])
    return where


def _lead(p):
    clear_row(p, "assignments", "__item__", "VB04", __role__="Chủ trì")
    return _first(p, lambda wb: table_cell(wb, "documents", "VB04", "code"))


def _inactive(p):
    clear_row(p, "assignments", "__item__", "CT11", __role__="Chuyển giao nhiệm vụ")
    set_cells(p, [(_first(p, lambda wb: table_cell(wb, "units", "SLDTBXH", "merged_into")), None)])
    return _first(p, lambda wb: table_cell(wb, "assignments", "CT11", "unit", __role__="Chủ trì"))


def _figure_source(p):
    where = _first(p, lambda wb: table_cell(wb, "targets", "CT10", "figure_source.lead"))
    set_cells(p, [(where, "Có")])
    return where


def _measure(p):
    where = _first(p, lambda wb: table_cell(wb, "targets", "CT05", "unit_of_measure"))
    set_cells(p, [(where, "người")])
    return where


def _year_outside(p):
    where = _first(p, lambda wb: table_cell(wb, "targets", "CT01", "years"))
    set_cells(p, [(where, "2019; 2022")])
    return where


def _end_year(p):
    set_cells(p, [(_first(p, lambda wb: plan_cell(wb, "plan.horizon")), 2028)])
    return _first(p, lambda wb: table_cell(wb, "targets", "CT07", "end_values:2030"))


def _section(p):
    where = _first(p, lambda wb: table_cell(wb, "sections", "tuyen_truyen", "title"))
    set_cells(p, [(where, "Tuyên truyền, phổ biến chính sách pháp luật")])
    return where


def _field(p):
    where = _first(p, lambda wb: table_cell(wb, "fields", "tt_hoi_nghi", "choices"))
    set_cells(p, [(where, None)])
    return where


def _rule(p):
    where = _first(p, lambda wb: table_cell(wb, "rules", "TT-LUOT-GE-CUOC", "section"))
    set_cells(p, [(where, "tuyen_truyen")])
    return where


def _rule_key(p):
    where = _first(p, lambda wb: table_cell(wb, "rules", "TN-NU-LE-TONG", "left"))
    set_cells(p, [(where, "tn_nu_khong_co")])
    return where


def _report(p):
    where = _first(p, lambda wb: plan_cell(wb, "plan.report_variants.signer.lines", 0))
    set_cells(p, [(where, "GIÁM ĐỐC")])
    return where


def _period(p):
    set_cells(p, [(_first(p, lambda wb: plan_cell(wb, "plan.reporting_period.start_month")), 2),
                  (_first(p, lambda wb: plan_cell(wb, "plan.reporting_period.start_day")), 30)])  # fmt: skip
    return _first(p, lambda wb: plan_cell(wb, "plan.reporting_period.start_month"))


def _contact(p):
    where = _first(p, lambda wb: plan_cell(wb, "plan.contact.email"))
    set_cells(p, [(where, None)])
    return where


def _to_fill(p):
    where = _first(p, lambda wb: plan_cell(wb, "plan.number"))
    set_cells(p, [(where, None)])
    return where


def _review(p):
    where = _first(p, lambda wb: table_cell(wb, "targets", "CT13", "review"))
    set_cells(p, [(where, "Chưa có giá trị kế hoạch.")])
    return where


def _kinds(p):
    where = _first(p, lambda wb: table_cell(wb, "units", "TDTN", "kind"))
    set_cells(p, [(_first(p, lambda wb: table_cell(wb, "sections", "thong_tin_chung", "kinds")),
                   "Sở, ban, ngành; UBND huyện, thành phố; UBND xã, phường")])  # fmt: skip
    del where
    return _first(p, lambda wb: (sheet(wb, "sections").title, _header_cell(wb, "sections", "kinds")))


def _header_cell(wb, table: str, key: str) -> str:
    ws = sheet(wb, table)
    col = next(c for c in range(2, ws.max_column + 1) if ws.cell(1, c).value == key)
    return ws.cell(4, col).coordinate


def _unit_list(p):
    where = _first(p, lambda wb: table_cell(wb, "unit_lists", KIND_LABEL["commune"], "expected"))
    set_cells(p, [(where, 64)])  # declared complete, but the catalog has 65 communes
    return _first(p, lambda wb: table_cell(wb, "unit_lists", KIND_LABEL["commune"], "complete"))


def _unit_successor(p):
    append_row(p, "units", {"code": "BQLDAXD", "name": "Ban Quản lý dự án đầu tư xây dựng tỉnh",
                                   "short_name": "BQLDA XD", "kind": "Sở, ban, ngành", "obligation": "Bắt buộc",
                                   "valid_to": dt.date(2023, 12, 31), "source_status": "Suy luận (cần thay)"})  # fmt: skip
    return _first(p, lambda wb: table_cell(wb, "units", "BQLDAXD", "valid_to"))


def _letters(p):
    wb = openpyxl.load_workbook(p)
    set_cells(p, [(plan_cell(wb, "plan.letters.*.signer.authority", "reminder"), "KT."),
                  (plan_cell(wb, "plan.letters.*.signer.lines", "reminder"), "GIÁM ĐỐC"),
                  (plan_cell(wb, "plan.letters.*.signer.name", "reminder"), "Hoàng Văn Đốc")])  # fmt: skip
    return plan_cell(wb, "plan.letters.*.signer.lines", "reminder")


CHECK_CASES = {
    "CAT-DUP-CODE": _dup,
    "CAT-UNIT-DATES": _unit_dates,
    "CAT-UNIT-UNKNOWN": _unit_unknown,
    "CAT-LEAD": _lead,
    "CAT-UNIT-INACTIVE": _inactive,
    "CAT-FIGURE-SOURCE": _figure_source,
    "CAT-MEASURE": _measure,
    "CAT-YEAR-OUTSIDE": _year_outside,
    "CAT-END-YEAR": _end_year,
    "CAT-SECTION": _section,
    "CAT-FIELD": _field,
    "CAT-RULE": _rule,
    "CAT-RULE-KEY": _rule_key,
    "CAT-REPORT": _report,
    "CAT-PERIOD": _period,
    "CAT-CONTACT": _contact,  # a warning: reported at its cell, the import goes on
    "CAT-TO-FILL": _to_fill,
    "CAT-REVIEW": _review,
    "CAT-UNIT-LIST": _unit_list,
    "CAT-UNIT-SUCCESSOR": _unit_successor,  # a warning
    "CAT-LETTERS": _letters,
}
WARNING_ONLY = {"CAT-CONTACT", "CAT-UNIT-SUCCESSOR"}


def test_every_check_code_has_an_import_test():
    files = sorted({check.__code__.co_filename for check in CHECKS})  # the checks, by concern
    source = "\n".join(Path(f).read_text(encoding="utf-8") for f in files)
    assert set(re.findall(r'"(CAT-[A-Z-]+)"', source)) <= set(CHECK_CASES)


@pytest.mark.parametrize("code", sorted(CHECK_CASES))
def test_import_reports_check_code_at_its_cell(code, shipped_book, tmp_path):
    book = tmp_path / "sua.xlsx"
    book.write_bytes(shipped_book.read_bytes())
    sheet_name, cell = CHECK_CASES[code](book)
    plan = copy_plans(tmp_path)
    before = plan.read_bytes()
    rc, out = ptn(tmp_path, "plan", "import", str(book), "--out", "plans/kh-253-2021-2025.yaml")
    expected = f"[{code}] sheet «{sheet_name}», ô {cell}"
    assert expected in out, out
    if code in WARNING_ONLY:
        assert rc == 0, out
        return
    assert rc == 1, out
    assert "Chưa ghi gì" in out
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == [
        "don-vi-cap-xa-2025.csv",
        "kh-253-2021-2025.yaml",
    ]


# ---------------------------------------------------------------- the workbook's own problems


def _schema(p):
    where = _first(p, lambda wb: table_cell(wb, "units", "STP", "code"))
    set_cells(p, [(where, "stp")])
    return "CAT-SCHEMA", where


def _value(p):
    where = _first(p, lambda wb: plan_cell(wb, "plan.deadline.month"))
    set_cells(p, [(where, "mười một")])
    return "CAT-XLSX-VALUE", where


def _unknown_choice(p):
    where = _first(p, lambda wb: table_cell(wb, "units", "SNV", "kind"))
    set_cells(p, [(where, "Sở")])
    return "CAT-XLSX-VALUE", where


def _parent(p):
    s, r = append_row(p, "assignments", {"__item__": "CT99", "__role__": "Phối hợp", "unit": "SNV"})
    return "CAT-XLSX-PARENT", (s, f"B{r}")


def _column(p):
    wb = openpyxl.load_workbook(p)
    ws = sheet(wb, "units")
    ws["C1"].value = "ten_day_du"
    wb.save(p)
    return "CAT-XLSX-COLUMN", (ws.title, "C1")


WORKBOOK_CASES = {
    "schema": _schema,
    "value": _value,
    "choice": _unknown_choice,
    "parent": _parent,
    "column": _column,
}


@pytest.mark.parametrize("name", sorted(WORKBOOK_CASES))
def test_workbook_problems_at_their_cell(name, shipped_book, tmp_path):
    book = tmp_path / "sua.xlsx"
    book.write_bytes(shipped_book.read_bytes())
    code, (sheet_name, cell) = WORKBOOK_CASES[name](book)
    res, _ = _import_copy(book, tmp_path)
    hits = [(p.sheet, p.cell) for p in res.errors if p.code == code]
    assert (sheet_name, cell) in hits, [p.line() for p in res.problems]
    assert not res.written


def test_missing_sheet_and_not_a_catalog_workbook(shipped_book, tmp_path, loaded_catalog):
    wb = openpyxl.load_workbook(shipped_book)
    del wb[sheet(wb, "rules").title]
    wb.save(tmp_path / "thieu.xlsx")
    res = import_workbook(tmp_path / "thieu.xlsx", tmp_path / "x.yaml")
    assert [p.code for p in res.errors] == ["CAT-XLSX-SHEET"] and "Quy tắc kiểm tra" in res.errors[0].message
    from pipeline.templates.build import build_workbook

    form = build_workbook(loaded_catalog, 2024, "SNV", tmp_path / "bieu-mau.xlsx")
    res = import_workbook(form, tmp_path / "x.yaml")
    assert [p.code for p in res.errors] == ["CAT-XLSX-FILE"]
    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    assert [p.code for p in import_workbook(tmp_path / "hong.xlsx", tmp_path / "x.yaml").errors] == [
        "CAT-XLSX-FILE"
    ]
    assert not (tmp_path / "x.yaml").exists()


def test_catalog_changed_since_export_is_not_overwritten(tmp_path):
    plan = copy_plans(tmp_path)
    rc, out = ptn(tmp_path, "plan", "export", "--plan", "plans/kh-253-2021-2025.yaml", "--out", "dm.xlsx")
    assert rc == 0, out
    set_cells(
        tmp_path / "dm.xlsx",
        [(_first(tmp_path / "dm.xlsx", lambda wb: plan_cell(wb, "plan.contact.name")), "Hoàng Văn B")],
    )
    plan.write_text(plan.read_text(encoding="utf-8").replace("outlier_threshold_pct: 50", "outlier_threshold_pct: 40"),
                    encoding="utf-8")  # fmt: skip
    edited = plan.read_bytes()
    rc, out = ptn(tmp_path, "plan", "import", "dm.xlsx")
    assert rc == 1 and "CAT-XLSX-STALE" in out and plan.read_bytes() == edited
    rc, out = ptn(tmp_path, "plan", "import", "dm.xlsx", "--force")
    assert rc == 0, out
    assert load_catalog(plan).catalog.plan.contact.name == "Hoàng Văn B"
    assert len(list((plan.parent / "luu-tru").glob("kh-253-2021-2025-*.yaml"))) == 1  # the replaced file kept


# ---------------------------------------------------------------- an officer's edits, end to end


def test_officer_changes_the_signer_adds_a_unit_and_merges_two(tmp_path):
    plan = copy_plans(tmp_path)
    rc, out = ptn(tmp_path, "plan", "export", "--out", "dm.xlsx")
    assert rc == 0, out
    book = tmp_path / "dm.xlsx"
    wb = openpyxl.load_workbook(book)
    set_cells(book, [
        (plan_cell(wb, "plan.report_variants.signer.name", 0), "Nguyễn Thị Thu Hà"),
        (table_cell(wb, "units", "BLS", "valid_to"), dt.date(2025, 8, 31)),
        (table_cell(wb, "units", "BLS", "merged_into"), "BPTTH"),
    ])  # fmt: skip
    append_row(book, "units", {"code": "TTPVHCC", "name": "Trung tâm Phục vụ hành chính công tỉnh",
                               "short_name": "TT PVHCC", "kind": "Sở, ban, ngành", "obligation": "Đề nghị",
                               "valid_from": dt.date(2025, 9, 1),
                               "emails": "ttpvhcc@langson.gov.vn; vanthu.ttpvhcc@langson.gov.vn",
                               "source_status": "Suy luận (cần thay)"})  # fmt: skip
    rc, out = ptn(tmp_path, "plan", "import", "dm.xlsx", "--dry-run")
    assert rc == 0 and "Chưa ghi" not in out and "không có --dry-run" in out, out
    assert "Đơn vị: thêm TTPVHCC; sửa BLS." in out and "Người ký (Sở Nội vụ)" in out
    rc, out = ptn(tmp_path, "plan", "import", "dm.xlsx")
    assert rc == 0, out
    cat = load_catalog(plan).catalog
    assert cat.plan.report_variants[0].signer.name == "Nguyễn Thị Thu Hà"
    new = next(u for u in cat.units if u.code == "TTPVHCC")
    assert new.emails == [
        "ttpvhcc@langson.gov.vn",
        "vanthu.ttpvhcc@langson.gov.vn",
    ] and new.valid_from == dt.date(2025, 9, 1)
    bls = next(u for u in cat.units if u.code == "BLS")
    assert bls.valid_to == dt.date(2025, 8, 31) and bls.merged_into == "BPTTH"
    assert sum(u.code.startswith("P") for u in cat.units) >= 4  # the communes kept in their CSV
    rc, out = ptn(tmp_path, "plan", "check")
    assert rc == 0, out


def test_workbook_problem_codes_are_documented():
    from pipeline.catalog.workbook import problems

    folder = Path(problems.__file__).parent
    used = {
        c
        for f in folder.glob("*.py")
        for c in re.findall(r'"(CAT-(?:XLSX-[A-Z]+|SCHEMA))"', f.read_text(encoding="utf-8"))
    }
    assert used == set(problems.WORKBOOK_CODES)


def test_export_never_overwrites_edits_not_imported(tmp_path):
    copy_plans(tmp_path)
    assert ptn(tmp_path, "plan", "export", "--out", "dm.xlsx")[0] == 0
    assert ptn(tmp_path, "plan", "export", "--out", "dm.xlsx")[0] == 0  # same content: refreshed
    book = tmp_path / "dm.xlsx"
    set_cells(book, [(_first(book, lambda wb: plan_cell(wb, "plan.contact.name")), "Hoàng Văn B")])
    edited = book.read_bytes()
    rc, out = ptn(tmp_path, "plan", "export", "--out", "dm.xlsx")
    assert rc == 2 and "chỉnh sửa chưa nhập" in out and book.read_bytes() == edited
    assert ptn(tmp_path, "plan", "export", "--out", "dm.xlsx", "--force")[0] == 0
