"""Forms are versioned by what they contain: a catalog edit changes only the forms it touches, and a
form issued before an item was added is not held against its unit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from pipeline.catalog import CatalogView, load_catalog
from pipeline.catalog.form_version import form_changes, form_version, read_record, record_issue
from pipeline.intake.process import check_files

from .catalog_book import append_row, copy_plans, plan_cell, ptn, set_cells, table_cell
from .conftest import ROOT

INPUTS_2024 = ROOT / "inputs" / "2024"


def _versions(plan: Path, year: int = 2024) -> dict[str, str]:
    view = CatalogView(load_catalog(plan).catalog, year)
    return {u.code: form_version(view, u) for u in view.active_units}


def _codes_by_unit(plan: Path) -> dict[str, set[str]]:
    """Finding codes of each unit's counted 2024 submission, checked with the catalog at ``plan``."""
    result = check_files([INPUTS_2024], load_catalog(plan), 2024, ROOT, examine_in_workers=False)
    out: dict[str, set[str]] = {}
    for e in result.inputs:
        if e.unit and e.status in ("accepted", "superseded"):
            out.setdefault(e.unit, set()).update(f.code for f in e.findings)
    return out


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """The officer's edit in the workbook: the signer, an e-mail address, and an item of one unit
    (VB04, held by Sở Nội vụ alone) – imported into a copy of the plans."""
    tmp = tmp_path_factory.mktemp("sua")
    plan = copy_plans(tmp)
    rc, out = ptn(tmp, "plan", "export", "--out", "dm.xlsx")
    assert rc == 0, out
    book = tmp / "dm.xlsx"
    wb = openpyxl.load_workbook(book)
    set_cells(book, [
        (plan_cell(wb, "plan.report_variants.signer.name", 0), "Lê Văn Ký"),
        (plan_cell(wb, "plan.report_variants.signer.name", 1), "Hoàng Thị Tỉnh"),
        (table_cell(wb, "units", "STP", "emails"), "stp.vanthu@langson.gov.vn"),
        (table_cell(wb, "documents", "VB04", "name"), "Kế hoạch kiểm tra, giám sát việc thực hiện Chương trình"),
    ])  # fmt: skip
    rc, out = ptn(tmp, "plan", "import", "dm.xlsx")
    assert rc == 0, out
    return tmp, plan


def test_only_the_edited_units_form_version_changes(edited):
    _, plan = edited
    before, after = _versions(ROOT / "plans" / "kh-253-2021-2025.yaml"), _versions(plan)
    assert load_catalog(plan).sha256 != load_catalog(ROOT / "plans" / "kh-253-2021-2025.yaml").sha256
    assert set(before) == set(after)
    assert {u for u in before if before[u] != after[u]} == {"SNV"}


def test_returned_forms_of_the_others_raise_no_template_old(edited):
    _, plan = edited
    codes = _codes_by_unit(plan)
    assert len(codes) > 25
    old = {u for u, c in codes.items() if "TEMPLATE-OLD" in c}
    assert old == {"SNV"}
    assert "TEMPLATE-OLD" not in {
        c for u, cs in _codes_by_unit(ROOT / "plans" / "kh-253-2021-2025.yaml").items() for c in cs
    }


def _unit_without_targets(view: CatalogView) -> str:
    sent = {p.name.split("_")[1] for p in INPUTS_2024.glob("2024_*_*.xlsx")}
    return next(
        u.code for u in view.obliged_units if u.code in sent and not view.assignments(u.code, "muc_tieu")
    )


def test_a_form_lacking_items_added_after_it_was_issued(tmp_path):
    view = CatalogView(load_catalog().catalog, 2024)
    other = _unit_without_targets(view)
    plan = copy_plans(tmp_path)
    rc, out = ptn(tmp_path, "plan", "export", "--out", "dm.xlsx")
    book = tmp_path / "dm.xlsx"
    for code, lead in (("CT21", "SNV"), ("CT22", other)):
        append_row(book, "targets", {
            "code": code, "name": f"Chỉ tiêu bổ sung {code}", "group": "Mục tiêu 4. Việc làm, nghề nghiệp",
            "measure": "Số lượng", "unit_of_measure": "người", "direction": "≥ (từ … trở lên)",
            "figure_source.lead": "Có", "source_status": "Suy luận (cần thay)",
        })  # fmt: skip
        append_row(book, "assignments", {"__item__": code, "__role__": "Chủ trì", "unit": lead})
    rc, out = ptn(tmp_path, "plan", "import", "dm.xlsx")
    assert rc == 0, out
    codes = _codes_by_unit(plan)
    for unit in ("SNV", other):
        assert "ITEM-ADDED-LATER" in codes[unit], (unit, codes[unit])
        assert not codes[unit] & {"TEMPLATE-OLD", "ROW-MISSING", "SHEET-MISSING"}, (unit, codes[unit])
    result = check_files([INPUTS_2024], load_catalog(plan), 2024, ROOT, examine_in_workers=False)
    note = next(
        f for e in result.inputs if e.unit == "SNV" for f in e.findings if f.code == "ITEM-ADDED-LATER"
    )
    assert note.severity == "info" and note.item == "CT21" and "bổ sung sau khi gửi biểu mẫu" in note.message
    assert note.message.startswith("Chỉ tiêu “Chỉ tiêu bổ sung CT21”")  # named by its name, not its code


def test_an_old_form_that_also_differs_otherwise_keeps_its_findings(tmp_path):
    plan = copy_plans(tmp_path)
    text = plan.read_text(encoding="utf-8")
    text = text.replace('name: "Kế hoạch kiểm tra việc thực hiện Chương trình phát triển thanh niên"',
                        'name: "Kế hoạch kiểm tra (sửa)"')  # fmt: skip
    text = text.replace(
        "targets:\n",
        """targets:
  - code: CT21
    group: "Mục tiêu 4. Việc làm, nghề nghiệp"
    name: "Chỉ tiêu bổ sung"
    measure: count
    unit_of_measure: "người"
    direction: ">="
    lead: SNV
    figure_source: {lead: true}
    source_status: inferred
""",
        1,
    )
    plan.write_text(text, encoding="utf-8")
    codes = _codes_by_unit(plan)["SNV"]
    assert {"TEMPLATE-OLD", "ROW-MISSING"} <= codes and "ITEM-ADDED-LATER" not in codes


def test_templates_records_what_it_issued_and_plan_check_says_whose_forms_change(tmp_path):
    plan = copy_plans(tmp_path)
    rc, out = ptn(tmp_path, "templates", "--year", "2024", "--unit", "SNV", "--unit", "STP", "--unit", "H178")
    assert rc == 0, out
    record = read_record(tmp_path / "outputs" / "2024" / "mau" / "phien-ban-bieu-mau.json")
    assert set(record["units"]) == {"SNV", "STP", "H178"} and record["plan_id"] == "kh-253-2021-2025"
    view = CatalogView(load_catalog(plan).catalog, 2024)
    assert record["units"]["STP"]["version"] == form_version(view, view.unit("STP"))
    rc, out = ptn(tmp_path, "plan", "check")
    assert rc == 0, out
    assert (
        "0 đơn vị có biểu mẫu khác, 3 đơn vị không đổi" in out
        and "Chưa phát hành biểu mẫu cho 40 đơn vị" in out
    )
    # an officer renames SNV's document and gives Sở Tư pháp a new target
    text = plan.read_text(encoding="utf-8")
    text = text.replace('name: "Kế hoạch kiểm tra việc thực hiện Chương trình phát triển thanh niên"',
                        'name: "Kế hoạch kiểm tra (sửa)"')  # fmt: skip
    text = text.replace(
        "targets:\n",
        """targets:
  - code: CT21
    group: "Mục tiêu 1. Giáo dục chính trị, tư tưởng, đạo đức, pháp luật"
    name: "Thanh niên được trợ giúp pháp lý"
    measure: count
    unit_of_measure: "người"
    direction: ">="
    lead: STP
    figure_source: {lead: true}
    source_status: inferred
""",
        1,
    )
    plan.write_text(text, encoding="utf-8")
    rc, out = ptn(tmp_path, "plan", "check")
    assert rc == 0, out
    assert "2 đơn vị có biểu mẫu khác, 1 đơn vị không đổi" in out, out
    assert "SNV Sở Nội vụ: sửa văn bản VB04 → không phải gửi lại" in out
    assert "STP Sở Tư pháp: thêm chỉ tiêu CT21 → cần gửi lại biểu mẫu" in out
    changes = {c.code: c for c in form_changes(load_catalog(plan).catalog, record, Path("r")).changes}
    assert changes["STP"].must_resend and not changes["SNV"].must_resend and "H178" not in changes


def test_issue_record_keeps_earlier_units(tmp_path, loaded_catalog):
    cat = loaded_catalog.catalog
    view = CatalogView(cat, 2024)
    record_issue(cat, 2024, [view.unit("SNV")], tmp_path, dt.datetime(2024, 9, 1, 8, 0).astimezone())
    path = record_issue(cat, 2024, [view.unit("STP")], tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["units"]) == {"SNV", "STP"} and data["units"]["SNV"]["issued_at"].startswith("2024-09-01")
    assert all(k.startswith(("section:", "field:", "item:", "rule:")) for k in data["units"]["SNV"]["parts"])
