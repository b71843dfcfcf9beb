"""End to end: ``ptn run`` with no arguments on the shipped sample year, as a newcomer runs it.

Asserts completeness, each planted fault's finding (code and cell, from tests/sample_expectations.json),
that nothing else is flagged above Lưu ý, province values recomputed from the files themselves, and the
key content of the workbook and the Word report.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from pipeline.forms.filler import read_back
from pipeline.intake.email_input import read_eml

from .conftest import ROOT

EXPECT = json.loads((ROOT / "tests" / "sample_expectations.json").read_text(encoding="utf-8"))
Y = EXPECT["planted"]["year"]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e")
    for folder in ("inputs", "plans", "templates"):
        shutil.copytree(ROOT / folder, work / folder)
    before = {p.relative_to(work): p.read_bytes() for p in (work / "inputs").rglob("*") if p.is_file()}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run"],
        cwd=work,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    after = {p.relative_to(work): p.read_bytes() for p in (work / "inputs").rglob("*") if p.is_file()}
    manifest = json.loads((work / "outputs" / str(Y) / f"run-{Y}.json").read_text(encoding="utf-8"))
    return proc, work, manifest, before == after


def _inputs(manifest):
    return {e["path"].split("/", 2)[-1]: e for e in manifest["inputs"]}


def test_run_succeeds_and_prints_the_summary(sample_run):
    proc, _work, _, inputs_untouched = sample_run
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "DỮ LIỆU MẪU" in out
    assert f"Tổng hợp năm {Y}" in out
    assert f"outputs/{Y}/tong-hop-{Y}.xlsx" in out and f"outputs/{Y}/bao-cao-{Y}.docx" in out
    assert "Sở Ngoại vụ" in out and "Thanh tra tỉnh" in out
    assert inputs_untouched


def test_completeness(sample_run):
    c = sample_run[2]["completeness"]
    e = EXPECT[str(Y)]
    assert len(c["expected"]) == e["obliged_total"] == 33
    assert len(c["received"]) == e["obliged_sent"] == 31
    assert sorted(c["missing"]) == sorted(e["missing_obliged"])
    assert {x["unit"]: x["days_late"] for x in c["late"]} == e["late"]
    assert c["requested_received"] == e["requested_sent"]
    assert len(c["on_time"]) == 31 - len(e["late"])


def test_each_planted_fault_has_its_finding(sample_run):
    inputs = _inputs(sample_run[2])
    for name, exp in EXPECT[str(Y)]["files"].items():
        entry = next(v for k, v in inputs.items() if k == name or k.startswith(name + "#"))
        assert entry["unit"] == exp["unit"], name
        got = {(f["code"], f["sheet"], f["cell"]) for f in entry["findings"]}
        codes = {f["code"] for f in entry["findings"]}
        for f in exp["findings"]:
            if "cell" in f:
                assert (f["code"], f["sheet"], f["cell"]) in got, (name, f, got)
            else:
                assert f["code"] in codes, (name, f, codes)
        if "superseded_by" in exp:
            assert entry["status"] == "superseded"
            assert entry["superseded_by"].endswith(exp["superseded_by"])


def test_nothing_else_is_flagged_above_luu_y(sample_run):
    expected = {
        (name, f["code"], f.get("sheet", ""), f.get("cell", ""))
        for name, exp in EXPECT[str(Y)]["files"].items()
        for f in exp["findings"]
    }
    for name, entry in _inputs(sample_run[2]).items():
        base = name.split("#")[0]
        for f in entry["findings"]:
            if f["severity"] in ("error", "warning"):
                assert (base, f["code"], f["sheet"], f["cell"]) in expected, (name, f)


def test_email_is_late_by_its_date(sample_run):
    p = EXPECT["planted"]["email_late"]
    entry = next(v for k, v in _inputs(sample_run[2]).items() if k.startswith(p["file"] + "#"))
    assert entry["received_at_source"] == "email"
    assert entry["days_late"] == p["days_late"]
    assert entry["container_sha256"] and entry["sha256"] != entry["container_sha256"]


def _form_values(work: Path, name: str) -> dict:
    path = work / "inputs" / str(Y) / name
    if path.suffix == ".eml":
        att = read_eml(path.read_bytes()).attachments[0]
        tmp = work / att.name
        tmp.write_bytes(att.data)
        path = tmp
    return read_back(path)[1]


def _num(v) -> float:
    return float(str(v).strip().replace(".", "").replace(",", ".")) if isinstance(v, str) else float(v)


def test_province_values_recomputed_from_the_files(sample_run):
    _, work, manifest, _ = sample_run
    accepted = {k.split("#")[0]: v for k, v in _inputs(manifest).items() if v["status"] == "accepted"}
    province = {p["item"]: p for p in manifest["province"]}
    # CT10: Σ parts / Σ wholes over the districts' "ước thực hiện cả năm" (empty pairs are missing)
    num = den = 0.0
    for name, entry in accepted.items():
        if not entry["unit"].startswith("H"):
            continue
        v = _form_values(work, name)
        a, b = v.get(("CT10.1", "uoc_ca_nam")), v.get(("CT10.2", "uoc_ca_nam"))
        if a in (None, "") or b in (None, ""):
            continue
        num += _num(a)
        den += _num(b)
    assert province["CT10"]["numerator"] == pytest.approx(num)
    assert province["CT10"]["denominator"] == pytest.approx(den)
    assert province["CT10"]["value"] == pytest.approx(num / den * 100, abs=1e-3)
    # CT02 from Sở GD&ĐT's legacy .xls alone (lead is the source)
    v = _form_values(work, EXPECT["planted"]["legacy_xls"]["file"])
    ct02 = _num(v[("CT02.1", "uoc_ca_nam")]) / _num(v[("CT02.2", "uoc_ca_nam")]) * 100
    assert province["CT02"]["value"] == pytest.approx(ct02, abs=1e-3)
    assert province["CT02"]["sources"] == ["SGDDT"]
    # CT13: a count from the lead
    name = next(k for k, e in accepted.items() if e["unit"] == "SLDTBXH")
    assert province["CT13"]["value"] == pytest.approx(_num(_form_values(work, name)[("CT13", "uoc_ca_nam")]))
    # previous year known for every target with a value in both years
    assert province["CT10"]["previous_value"] is not None
    assert manifest["previous_year"] == Y - 1


def test_workbook_content(sample_run):
    _, work, manifest, _ = sample_run
    wb = load_workbook(work / "outputs" / str(Y) / f"tong-hop-{Y}.xlsx")
    assert wb.sheetnames == [
        "Tổng quan", "Mục tiêu, chỉ tiêu", "Theo đơn vị", "Dữ liệu chi tiết", "Ban hành văn bản",
        "Chương trình, đề án, dự án", "Tình hình gửi báo cáo", "Kết quả kiểm tra số liệu",
        "Danh sách tệp đã tiếp nhận",
    ]  # fmt: skip
    for ws in wb.worksheets:
        assert ws["A3"].value and "DỮ LIỆU MẪU" in ws["A3"].value, ws.title
    ws = wb["Tình hình gửi báo cáo"]
    status = {row[-1]: row[4] for row in ws.iter_rows(min_row=6, values_only=True) if row[-1]}
    assert status["STTTT"] == "Gửi chậm (5 ngày)"
    assert status["SNGV"] == "Chưa gửi báo cáo"
    assert status["SNV"] == "Đúng hạn"
    ws = wb["Danh sách tệp đã tiếp nhận"]
    shas = {row[2] for row in ws.iter_rows(min_row=6, values_only=True) if row[2]}
    assert {e["sha256"] for e in manifest["inputs"]} <= shas
    assert (work / "outputs" / str(Y) / "phan-hoi" / "H184.xlsx").is_file()
    assert (work / "outputs" / str(Y) / "danh-sach-chua-gui.xlsx").is_file()


def test_report_content(sample_run):
    _, work, manifest, _ = sample_run
    doc = Document(work / "outputs" / str(Y) / f"bao-cao-{Y}.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "BÁO CÁO" in text and "DỰ THẢO" in tables + text
    assert "31/33" in text
    assert "Sở Ngoại vụ" in text + tables and "Thanh tra tỉnh" in text + tables
    ct10 = next(p for p in manifest["province"] if p["item"] == "CT10")
    assert ct10["name"] in tables
    assert text.rstrip().endswith("./.") or "./." in text
