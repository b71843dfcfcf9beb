"""``ptn plan new``: the 2026–2030 plan started from KH 253, incomplete until the Sở fills it in the
workbook; then the 2026 forms build."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from pipeline.catalog import CatalogView, load_catalog
from pipeline.catalog.validate import check_catalog

from .catalog_book import copy_plans, plan_cell, ptn, set_cells, table_cell
from .conftest import ROOT

NEW = "kh-moi-2026-2030"


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    """A copy of the plans, the 2024 sample year run into outputs/, then ``ptn plan new``."""
    tmp = tmp_path_factory.mktemp("ke-hoach-moi")
    copy_plans(tmp)
    rc, out = ptn(tmp, "run", "--year", "2024", "--inputs", str(ROOT / "inputs"), "--no-report")
    assert rc == 0, out
    assert (tmp / "outputs" / "2024" / "run-2024.json").is_file()
    rc, out = ptn(tmp, "plan", "new", "--from", "kh-253-2021-2025", "--id", NEW, "--period", "2026-2030")
    assert rc == 0, out
    return tmp, tmp / "plans" / f"{NEW}.yaml", out


def _manifest(tmp: Path) -> dict:
    return json.loads((tmp / "outputs" / "2024" / "run-2024.json").read_text(encoding="utf-8"))


def test_new_plan_registry_as_of_the_end_of_the_old_period(started):
    _, path, _ = started
    cat = load_catalog(path).catalog
    codes = {u.code for u in cat.units}
    assert {
        "PTAMTHANH",
        "PDONGKINH",
        "STC",
        "SNV",
        "SGDDT",
        "SNNMT",
        "BPTTH",
    } <= codes  # communes, merged departments
    assert not codes & {
        "H178",
        "H189",
        "SKHDT",
        "SLDTBXH",
        "STTTT",
        "BLS",
    }  # districts, merged-away departments
    assert all(u.valid_from is None or u.valid_from.year > 2025 for u in cat.units)
    assert cat.plan.period_start == 2026 and cat.plan.period_end == 2030 and cat.unit_files == []
    assert cat.plan.number == "" and cat.plan.date is None
    assert all(v.signer.name == "" for v in cat.plan.report_variants)
    assert "2026-2030" in cat.plan.title
    items = {i.code: i for i in [*cat.documents, *cat.targets, *cat.programmes]}
    assert items["CT11"].lead == "SGDDT" and items["CT13"].lead == "SNV"  # duties of merged units, resolved
    assert items["CT11"].successors == [] and all(i.years == [] for i in items.values())
    assert CatalogView(cat, 2026).units_of_kinds(
        items["CT10"].figure_source.sum_local
    )  # communes supply CT10


def test_targets_not_met_carried_with_their_last_values(started):
    tmp, path, _ = started
    cat = load_catalog(path).catalog
    province = {p["item"]: p for p in _manifest(tmp)["province"]}
    old = {t.code: t for t in load_catalog(tmp / "plans" / "kh-253-2021-2025.yaml").catalog.targets}
    targets = {t.code: t for t in cat.targets}
    for code, t in old.items():
        p = province.get(code, {})
        met = p.get("verdict") in ("vuot", "dat", "dung_lo_trinh")
        running = any(2026 <= y <= 2030 for y in t.end_values)
        assert (code in targets) == (running or not met), code
        if code in targets:
            new = targets[code]
            assert new.review and new.yearly_values == {}
            if p.get("value") is not None:
                assert (new.baseline, new.baseline_year) == (pytest.approx(p["value"]), 2024)
                assert "Năm 2024: " in new.review
    assert any(province.get(c, {}).get("value") is not None for c in targets)
    assert targets["CT13"].review.startswith("Chưa đánh giá được. Năm 2024: chưa có chỉ tiêu năm, thực hiện ")


def test_items_in_progress_listed_for_review(started):
    tmp, path, out = started
    cat = load_catalog(path).catalog
    m = _manifest(tmp)
    running = {
        p["item"] for p in m["programmes"] if p.get("role") == "lead" and p.get("status") == "Đang triển khai"
    }
    assert {p.code for p in cat.programmes} == running
    for p in cat.programmes:
        assert "đang triển khai" in p.review and p.period == ""
        assert f"{p.code}: Năm 2024 đang triển khai" in out
    pending = {d["item"] for d in m["documents"] if d.get("status") in ("Đang xây dựng", "Chưa ban hành")}
    old_docs = load_catalog(tmp / "plans" / "kh-253-2021-2025.yaml").catalog.documents
    assert {d.code for d in cat.documents} == pending | {d.code for d in old_docs if d.yearly}


def test_the_last_years_commendation_sheet_moves_to_the_new_last_year(started):
    """The 2025 forms' commendation proposals (for the review, issue 13) are asked again in 2030."""
    _, path, _ = started
    sections = {s.key: s for s in load_catalog(path).catalog.sections}
    assert sections["khen_thuong"].years == [2030]
    assert sections["kiem_tra"].years == []


def test_plan_check_lists_exactly_what_to_fill(started):
    tmp, path, _ = started
    cat = load_catalog(path).catalog
    got = {(p.code, p.severity, p.item, p.field) for p in check_catalog(cat)}
    carried = [i.code for i in [*cat.documents, *cat.targets, *cat.programmes]]
    want = {("CAT-TO-FILL", "error", "plan", "number"), ("CAT-TO-FILL", "error", "plan", "date")}
    want |= {("CAT-REVIEW", "error", code, "review") for code in carried}
    want |= {
        ("CAT-REPORT", "warning", f"report_variants.{k}", "signer.name") for k in ("so-noi-vu", "ubnd-tinh")
    }
    want |= {("CAT-CONTACT", "warning", "plan", f"contact.{f}") for f in ("name", "phone")}
    assert got == want
    rc, out = ptn(tmp, "plan", "check", str(path.relative_to(tmp)))
    assert rc == 1
    assert f"Kế hoạch chưa dùng được: còn {2 + len(carried)} mục phải điền hoặc xem xét" in out
    assert "sheet «Kế hoạch, người ký», ô C8 – Số, ký hiệu kế hoạch" in out
    rc, out = ptn(tmp, "templates", "--year", "2026", "--plan", str(path.relative_to(tmp)))
    assert rc == 2 and "chưa hoàn thiện" in out


def test_after_filling_the_workbook_the_2026_forms_build(started):
    tmp, path, _ = started
    rel = str(path.relative_to(tmp))
    rc, out = ptn(tmp, "plan", "export", "--plan", rel, "--out", "ke-hoach-moi.xlsx")
    assert rc == 0, out
    book = tmp / "ke-hoach-moi.xlsx"
    cat = load_catalog(path).catalog
    wb = openpyxl.load_workbook(book)
    edits = [
        (plan_cell(wb, "plan.number"), "120/KH-UBND"),
        (plan_cell(wb, "plan.date"), dt.date(2025, 12, 30)),
        (plan_cell(wb, "plan.report_variants.signer.name", 0), "Nguyễn Văn Giám"),
        (plan_cell(wb, "plan.report_variants.signer.name", 1), "Trần Thị Chủ"),
        (plan_cell(wb, "plan.contact.name"), "Phạm Thị Liên"),
        (plan_cell(wb, "plan.contact.phone"), "0205 3812 345"),
    ]
    for t in cat.targets:
        edits.append((table_cell(wb, "targets", t.code, "review"), None))
        value = t.end_values.get(2030, 100.0 if t.unit_of_measure == "%" else 1000)
        edits += [(table_cell(wb, "targets", t.code, f"yearly_values:{y}"), value) for y in range(2026, 2031)]
    for table, items in (("documents", cat.documents), ("programmes", cat.programmes)):
        edits += [(table_cell(wb, table, i.code, "review"), None) for i in items]
    edits += [(table_cell(wb, "programmes", p.code, "period"), "2026-2030") for p in cat.programmes]
    set_cells(book, edits)
    rc, out = ptn(tmp, "plan", "import", "ke-hoach-moi.xlsx")
    assert rc == 0, out
    rc, out = ptn(tmp, "plan", "check", rel)
    assert rc == 0 and "Danh mục hợp lệ" in out, out
    filled = load_catalog(path).catalog
    assert filled.plan.number == "120/KH-UBND" and filled.plan.date == dt.date(2025, 12, 30)
    rc, out = ptn(tmp, "templates", "--year", "2026", "--plan", rel)
    assert rc == 0, out
    forms = sorted((tmp / "outputs" / "2026" / "mau").glob("2026_*.xlsx"))
    assert len(forms) == len(CatalogView(filled, 2026).active_units)
    assert any("PTAMTHANH" in f.name for f in forms) and not any("_H178_" in f.name for f in forms)
    assert (tmp / "outputs" / "2026" / "mau" / "phien-ban-bieu-mau.json").is_file()


def test_plan_new_refuses_bad_arguments(started):
    tmp, _, _ = started
    assert ptn(tmp, "plan", "new", "--from", "kh-khong-co", "--id", "x-1", "--period", "2026-2030")[0] == 2
    assert (
        ptn(tmp, "plan", "new", "--from", "kh-253-2021-2025", "--id", "Kế hoạch", "--period", "2026-2030")[0]
        == 2
    )
    assert (
        ptn(tmp, "plan", "new", "--from", "kh-253-2021-2025", "--id", "x-2", "--period", "2030-2026")[0] == 2
    )
    rc, out = ptn(tmp, "plan", "new", "--from", "kh-253-2021-2025", "--id", NEW, "--period", "2026-2030")
    assert rc == 2 and "Đã có tệp" in out  # never overwrites
