"""The catalog parts added after the workbook was built – the letters' settings, the declared unit
lists, the plausibility bounds, predecessors, yearly due dates – where an officer looks for them,
edited end to end; the mapping's generic shapes; ``ptn plan check`` never failing on a cell."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

import docx
import openpyxl
import pytest
from pydantic import Field

from pipeline.catalog import load_catalog
from pipeline.catalog.labels import KIND_LABEL
from pipeline.catalog.load import LoadedCatalog, catalog_sha256
from pipeline.catalog.model import Obligation, Strict, UnitKind
from pipeline.catalog.workbook.export import build_export
from pipeline.catalog.workbook.labels import Words
from pipeline.catalog.workbook.mapping import FIELDS, GRID, LIST, SINGLE, record_blocks
from pipeline.catalog.workbook.shapes import columns_of, expand
from pipeline.catalog.workbook.write import write_book

from .catalog_book import append_row, copy_plans, plan_cell, ptn, set_cells, sheet, table_cell


@pytest.fixture(scope="module")
def book(tmp_path_factory, loaded_catalog):
    b, problems = build_export(loaded_catalog)
    assert problems == []
    return write_book(b, tmp_path_factory.mktemp("thu") / "danh-muc.xlsx")


def _value(wb, where):
    return wb[where[0]][where[1]]


def test_letters_sheet_as_an_officer_reads_it(book):
    wb = openpyxl.load_workbook(book)
    ws = sheet(wb, "letters")
    assert ws.title == "Công văn, tờ trình" and ws.protection.sheet
    # Kính gửi group names: one column per obligation, one row per kind of unit, Vietnamese labels
    where = plan_cell(wb, "plan.letters.addressee_groups:commune", "obliged")
    assert (
        _value(wb, where).value == "Ủy ban nhân dân các xã, phường"
        and not _value(wb, where).protection.locked
    )
    row = int(re.sub(r"\D", "", where[1]))
    assert ws.cell(row, 2).value == KIND_LABEL["commune"]
    assert "Đơn vị bắt buộc báo cáo" in [ws.cell(r, c).value for r in range(1, row) for c in range(3, 5)]
    where = plan_cell(wb, "plan.letters.addressee_groups:department", "requested")
    assert _value(wb, where).value == "Các cơ quan Trung ương đóng trên địa bàn tỉnh"
    # one column per letter: signer (blank: the Sở Nội vụ report's), recipients, the tờ trình's Kính gửi
    where = plan_cell(wb, "plan.letters.*.recipients", "request")
    assert _value(wb, where).value == "UBND tỉnh (để báo cáo)\nGiám đốc, các Phó Giám đốc Sở"
    assert _value(wb, plan_cell(wb, "plan.letters.*.signer.name", "reminder")).value is None
    assert (
        _value(wb, plan_cell(wb, "plan.letters.*.addressees", "submission")).value == "Ủy ban nhân dân tỉnh"
    )
    na = _value(wb, plan_cell(wb, "plan.letters.*.addressees", "request"))
    assert na.value is None and na.protection.locked  # the đề nghị báo cáo has no Kính gửi of its own
    authority = plan_cell(wb, "plan.letters.*.signer.authority", "correction")[1]
    assert any(d.type == "list" and authority in d.sqref for d in ws.data_validations.dataValidation)
    # a row per plan year for the further documents cited
    assert [ws.cell(r, 2).value for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith(
        "plan.letters.basis:")] == [f"Căn cứ thêm năm {y}" for y in range(2021, 2026)]  # fmt: skip
    assert _value(wb, plan_cell(wb, "plan.letters.issuer_code")).value == "SNV"
    assert _value(wb, plan_cell(wb, "plan.letters.name_addressees_up_to")).value == 8


def test_plan_unit_lists_and_new_item_fields_where_an_officer_looks(book):
    wb = openpyxl.load_workbook(book)
    assert _value(wb, plan_cell(wb, "plan.plausibility.population")).value == 802_000
    assert _value(wb, plan_cell(wb, "plan.followup_days")).value == 7
    ws = sheet(wb, "unit_lists")
    assert ws.title == "Số đơn vị theo văn bản"
    _, expected = table_cell(wb, "unit_lists", KIND_LABEL["commune"], "expected")
    _, complete = table_cell(wb, "unit_lists", KIND_LABEL["commune"], "complete")
    assert ws[expected].value == 65 and ws[complete].value == "Có"
    _, kind = table_cell(wb, "unit_lists", KIND_LABEL["district"], "kind")
    assert any(d.type == "list" and kind in d.sqref for d in ws.data_validations.dataValidation)
    _, pred = table_cell(wb, "units", "XTHATKHE", "predecessors")
    assert sheet(wb, "units")[pred].value == "H180"
    docs = sheet(wb, "documents")
    due = [docs[table_cell(wb, "documents", code, f"yearly_due.{k}")[1]].value for code in ("VB02", "VB04")
           for k in ("day", "month")]  # fmt: skip
    assert 31 in due and 3 in due
    ws = sheet(wb, "targets")
    same = [ws.cell(r, c).value for r in range(5, ws.max_row + 1) for c in range(2, ws.max_column + 1)
            if ws.cell(1, c).value == "denominator_same_as"]  # fmt: skip
    assert "tn_tong_so" in same


def test_no_field_key_in_what_an_officer_reads(book):
    """Headers, labels, titles and notes (the locked visible cells) are words, never keys or enum values."""
    key_like = re.compile(
        r"^[a-z]+(_[a-z0-9]+)+$|^[a-z_]+(\.[a-z_*]+)+(:\w+)*$|^(obliged|requested|commune|district)$"
    )
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        hidden = {r for r, d in ws.row_dimensions.items() if d.hidden}
        for row in ws.iter_rows(min_row=1, min_col=2):
            for cell in row:
                if cell.row in hidden or not isinstance(cell.value, str) or not cell.protection.locked:
                    continue
                assert not key_like.match(cell.value.strip()), (ws.title, cell.coordinate, cell.value)


def test_officer_edits_letters_unit_lists_and_bounds(tmp_path):
    plan = copy_plans(tmp_path)
    assert ptn(tmp_path, "plan", "export", "--out", "dm.xlsx")[0] == 0
    book = tmp_path / "dm.xlsx"
    wb = openpyxl.load_workbook(book)
    basis = "Công văn số 1234/BNV-CTTN ngày 01/10/2025 của Bộ Nội vụ về việc báo cáo công tác thanh niên"
    set_cells(book, [
        (plan_cell(wb, "plan.letters.*.signer.authority", "request"), "KT."),
        (plan_cell(wb, "plan.letters.*.signer.lines", "request"), "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"),
        (plan_cell(wb, "plan.letters.*.signer.name", "request"), "Lương Văn Ký"),
        (plan_cell(wb, "plan.letters.*.recipients", "cooperation"), "Giám đốc Sở\nLưu trữ điện tử"),
        (plan_cell(wb, "plan.letters.basis:2025"), basis),
        (plan_cell(wb, "plan.letters.addressee_groups:department", "obliged"), "Các sở, ban, ngành thuộc tỉnh"),
        (plan_cell(wb, "plan.plausibility.population"), 790_000),
        (table_cell(wb, "unit_lists", KIND_LABEL["commune"], "complete"), "Không"),
    ])  # fmt: skip
    append_row(book, "unit_lists", {"kind": KIND_LABEL["department"], "valid_from": dt.date(2025, 3, 1),
                                    "expected": 24, "complete": "Không", "source": "Quyết định 262/QĐ-UBND"})  # fmt: skip
    rc, out = ptn(tmp_path, "plan", "import", "dm.xlsx")
    assert rc == 0, out
    assert "Cảnh báo [CAT-UNIT-LIST] sheet «Số đơn vị theo văn bản»" in out  # the lists marked incomplete
    assert "Kế hoạch: sửa Giới hạn hợp lý của số liệu; Công văn, tờ trình." in out  # what the import changes
    assert "• Số đơn vị theo văn bản: sửa." in out
    cat = load_catalog(plan).catalog
    lt = cat.plan.letters
    assert lt.request.signer.model_dump() == {"authority": "KT.", "lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
                                              "name": "Lương Văn Ký"}  # fmt: skip
    assert lt.reminder.signer is None and lt.cooperation.recipients == ["Giám đốc Sở", "Lưu trữ điện tử"]
    assert (
        lt.basis == {2025: [basis]}
        and lt.addressee_groups["obliged"]["department"] == "Các sở, ban, ngành thuộc tỉnh"
    )
    assert cat.plan.plausibility.population == 790_000
    assert [(ul.kind.value, ul.complete, ul.expected) for ul in cat.unit_lists] == [
        ("district", True, 11), ("commune", False, 65), ("department", False, 24)]  # fmt: skip
    # the officer's edits reach the letter as sent
    rc, out = ptn(tmp_path, "cong-van", "de-nghi-bao-cao", "--year", "2025", "--out", "ra")
    assert rc == 0, out
    text = "\n".join(
        p.text for p in docx.Document(tmp_path / "ra" / "cong-van" / "de-nghi-bao-cao-2025.docx").paragraphs
    )
    text += "\n".join(c.text for t in docx.Document(tmp_path / "ra" / "cong-van" / "de-nghi-bao-cao-2025.docx").tables
                      for row in t.rows for c in row.cells)  # fmt: skip
    for expected in ("Lương Văn Ký", "PHÓ GIÁM ĐỐC", "1234/BNV-CTTN", "Các sở, ban, ngành thuộc tỉnh"):
        assert expected in text, expected


# ---------------------------------------------------------------- export refuses what would not come back


def test_blank_letter_settings_are_refused_at_export(loaded_catalog):
    cat = loaded_catalog.catalog
    ob, rq = Obligation.obliged, Obligation.requested
    groups = {ob: {**cat.plan.letters.addressee_groups[ob], UnitKind.union: ""}, rq: {}}
    letters = cat.plan.letters.model_copy(update={"addressee_groups": groups})
    bad = cat.model_copy(update={"plan": cat.plan.model_copy(update={"letters": letters})})
    _, problems = build_export(LoadedCatalog(bad, loaded_catalog.path, catalog_sha256(bad)))
    assert {p.code for p in problems} == {"CAT-XLSX-EXPORT"} and len(problems) == 2
    assert {p.sheet for p in problems} == {"Công văn, tờ trình"}
    assert any("rỗng" in p.message for p in problems) and any(
        "mọi ô đều trống" in p.message for p in problems
    )


def test_workbook_of_another_version_is_refused(book, tmp_path):
    wb = openpyxl.load_workbook(book)
    meta = wb["_meta"]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "workbook_version")
    meta.cell(row, 2).value = "1"
    wb.save(tmp_path / "cu.xlsx")
    from pipeline.catalog.workbook.importer import import_workbook

    res = import_workbook(tmp_path / "cu.xlsx", tmp_path / "x.yaml")
    assert [p.code for p in res.errors] == ["CAT-XLSX-FILE"] and "xuất lại" in res.errors[0].message
    assert not (tmp_path / "x.yaml").exists()


# ---------------------------------------------------------------- ptn plan check never ends in an internal error


def test_plan_check_prints_problems_even_when_the_workbook_cannot_be_laid_out(tmp_path, monkeypatch):
    plan = copy_plans(tmp_path)
    plan.write_text(plan.read_text(encoding="utf-8").replace('issuer_code: "SNV"', 'issuer_code: "S NV"'),
                    encoding="utf-8")  # fmt: skip
    rc, out = ptn(tmp_path, "plan", "check")
    assert rc == 1 and "[CAT-LETTERS]" in out and "sheet «Công văn, tờ trình», ô C" in out, out

    def unsupported(*_a, **_k):
        raise TypeError("unsupported annotation: a field added without a place in the workbook")

    monkeypatch.setattr("pipeline.catalog.workbook.layout.lay_out", unsupported)
    rc, out = ptn(tmp_path, "plan", "check")
    assert rc == 1 and "[CAT-LETTERS]" in out and "bảng tính: sheet" not in out and "nội bộ" not in out, out


def test_a_problem_the_workbook_has_no_cell_for_is_shown_without_one(loaded_catalog):
    from pipeline.catalog.validate import CatalogProblem
    from pipeline.catalog.workbook.layout import lay_out
    from pipeline.catalog.workbook.locate import place, sheet_problem

    origins = lay_out(loaded_catalog.catalog).origins
    for item, field in (("unit_lists[9] (?)", "complete"), ("plan.letters.nothing", "x"), ("??", "??"),
                        ("report_variants.khac", "signer.name"), ("plan.letters.request", "")):  # fmt: skip
        p = CatalogProblem("CAT-X", "error", item, field, "năm 2099 'X'")
        where = place(p, loaded_catalog.catalog, origins)
        assert where is None or where.sheet, (item, where)
        assert sheet_problem(p, loaded_catalog.catalog, origins).line()
    assert place(CatalogProblem("CAT-X", "error", "plan", "number", ""), loaded_catalog.catalog, None) is None


# ---------------------------------------------------------------- the mapping is generic over shapes


class _Tint(StrEnum):
    red = "red"
    blue = "blue"


class _Size(StrEnum):
    small = "small"
    large = "large"


class _Part(Strict):
    name: str = ""
    lines: list[str] = Field(default_factory=list)


class _Special(_Part):
    extra: int = 0


class _When(Strict):
    day: dt.date
    note: str = ""


class _Record(Strict):
    title: str
    when: _When | None = None
    parts: list[_Part] = Field(default_factory=list)
    first: _Part = _Part()
    second: _Special = _Special()
    grid: dict[_Tint, dict[_Size, str]] = Field(default_factory=dict)
    yearly: dict[int, list[str]] = Field(default_factory=dict)


def test_a_new_field_of_any_supported_shape_has_its_place():
    """The next field added needs no mapping code: scalars a row, an optional model its own group, a
    list of models one column per record, sibling models of one family one column each, a dict of
    dicts a grid, a year-keyed dict one row per year; in a table, a dict of dicts one column per key."""
    blocks = record_blocks(_Record, ("x",), set(), Words("X"))
    kinds = [(b.kind, b.path) for b in blocks]
    assert kinds == [(SINGLE, ("x",)), (SINGLE, ("x", "when")), (LIST, ("x", "parts")), (FIELDS, ("x",)),
                     (GRID, ("x", "grid")), (SINGLE, ("x",))]  # fmt: skip
    assert blocks[1].optional and [c.key for c in blocks[3].rows] == ["name", "lines", "extra"]
    assert not blocks[3].applies("first", blocks[3].rows[2]) and blocks[3].applies(
        "second", blocks[3].rows[2]
    )
    assert [c.key for c in expand(blocks[4].rows[0], [])] == [":small", ":large"]
    assert [c.key for c in expand(blocks[5].rows[0], [2026, 2027])] == ["yearly:2026", "yearly:2027"]
    grid = next(c for c in columns_of(_Record, frozenset({"parts"})) if c.path == ("grid",))
    assert [c.key for c in expand(grid, [])] == ["grid:red:small", "grid:red:large", "grid:blue:small",
                                                 "grid:blue:large"]  # fmt: skip
    when = [c for c in columns_of(_Record, frozenset({"parts"})) if c.path[0] == "when"]
    assert len(when) == 2 and all(c.groups == (("when",),) for c in when)
