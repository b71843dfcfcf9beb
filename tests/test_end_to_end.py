"""End to end: ``ptn run`` on the shipped sample years, as a newcomer runs it.

2024 (``ptn run --year 2024``, the last year with districts) and 2025 (``ptn run`` with no arguments:
the newest year, 65 communes and merged departments, compared with 2024). Asserts completeness, each
planted fault's finding (code and cell, from tests/sample_expectations.json), that nothing else is
flagged above Lưu ý, province values recomputed from the files themselves, and the key content of the
workbook and the Word report.
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
Y = EXPECT["planted"]["year"]  # 2024
Y25 = EXPECT["planted_2025"]["year"]


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e")
    for folder in ("inputs", "plans", "templates"):
        shutil.copytree(ROOT / folder, work / folder)
    return work


def _run(work: Path, year: int, *args: str):
    before = {p.relative_to(work): p.read_bytes() for p in (work / "inputs").rglob("*") if p.is_file()}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *args],
        cwd=work,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    after = {p.relative_to(work): p.read_bytes() for p in (work / "inputs").rglob("*") if p.is_file()}
    manifest = json.loads((work / "outputs" / str(year) / f"run-{year}.json").read_text(encoding="utf-8"))
    return proc, work, manifest, before == after


@pytest.fixture(scope="module")
def sample_run(work):
    return _run(work, Y, "--year", str(Y))


@pytest.fixture(scope="module")
def run2025(work):
    """``ptn run`` with no arguments: the newest year, 2025."""
    return _run(work, Y25)


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


def _form_values(work: Path, name: str, year: int = Y) -> dict:
    path = work / "inputs" / str(year) / name
    if path.suffix == ".eml":
        att = read_eml(path.read_bytes()).attachments[0]
        tmp = work / att.name
        tmp.write_bytes(att.data)
        path = tmp
    return read_back(path)[1]


def _error_on(entry: dict, item: str) -> bool:
    return any(f["item"] == item and f["severity"] == "error" for f in entry["findings"])


def _num(v) -> float:
    return float(str(v).strip().replace(".", "").replace(",", ".")) if isinstance(v, str) else float(v)


def test_province_values_recomputed_from_the_files(sample_run):
    _, work, manifest, _ = sample_run
    accepted = {k.split("#")[0]: v for k, v in _inputs(manifest).items() if v["status"] == "accepted"}
    province = {p["item"]: p for p in manifest["province"]}
    # CT10: Σ parts / Σ wholes over the districts' "ước thực hiện cả năm" (empty pairs are missing; a
    # district with an error on its CT10 row – in either column – is left out of both columns)
    num = den = num_td = den_td = 0.0
    for name, entry in accepted.items():
        if not entry["unit"].startswith("H") or _error_on(entry, "CT10"):
            continue
        v = _form_values(work, name)
        a, b = v.get(("CT10.1", "uoc_ca_nam")), v.get(("CT10.2", "uoc_ca_nam"))
        if a in (None, "") or b in (None, ""):
            continue
        num += _num(a)
        den += _num(b)
        num_td += _num(v[("CT10.1", "thuc_hien")])
        den_td += _num(v[("CT10.2", "thuc_hien")])
    assert province["CT10"]["numerator"] == pytest.approx(num)
    assert province["CT10"]["denominator"] == pytest.approx(den)
    assert province["CT10"]["value"] == pytest.approx(num / den * 100, abs=1e-3)
    # "thực hiện đến thời điểm báo cáo" from the same districts; the one with the planted error is out
    assert province["CT10"]["actual"] == pytest.approx(num_td / den_td * 100, abs=1e-3)
    planted = EXPECT["planted"]["part_gt_whole"]
    assert (
        province["CT10"]["excluded"] == [planted["unit"]]
        and planted["unit"] not in province["CT10"]["sources"]
    )
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


# --------------------------------------------------------------------------- 2025: two-level local government


def _expected_findings(year: int) -> set[tuple[str, str, str, str]]:
    return {
        (name, f["code"], f.get("sheet", ""), f.get("cell", ""))
        for name, exp in EXPECT[str(year)]["files"].items()
        for f in exp["findings"]
    }


def test_2025_run_with_no_arguments_is_the_newest_year(run2025):
    proc, _work, manifest, inputs_untouched = run2025
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"Tổng hợp năm {Y25}" in proc.stdout and "DỮ LIỆU MẪU" in proc.stdout
    assert manifest["year"] == Y25 and manifest["previous_year"] == Y25 - 1
    assert inputs_untouched


def test_2025_completeness_counts_65_communes(run2025, view2025):
    c = run2025[2]["completeness"]
    e = EXPECT[str(Y25)]
    kinds = {code: view2025.unit(code).kind.value for code in c["expected"]}
    assert list(kinds.values()).count("commune") == e["communes_total"] == 65
    assert "district" not in kinds.values()
    assert {"SNNMT", "SDTTG", "BPTTH", "SNV", "STC"} <= set(c["expected"])
    assert not {"SLDTBXH", "STTTT", "BLS", "DPTTH", "SKHDT"} & set(c["expected"])
    assert len(c["expected"]) == e["obliged_total"] == 81
    assert len(c["received"]) == e["obliged_sent"] == 75
    assert sorted(c["missing"]) == sorted(e["missing_obliged"])
    assert {x["unit"]: x["days_late"] for x in c["late"]} == e["late"]
    assert c["requested_received"] == e["requested_sent"]


def test_2025_each_planted_fault_has_its_finding_and_nothing_else_is_flagged(run2025):
    inputs = _inputs(run2025[2])
    for name, exp in EXPECT[str(Y25)]["files"].items():
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
    expected = _expected_findings(Y25)
    planted = {f[1] for f in expected}
    assert {"VALUE-CONVERTED", "FORMAT-LEGACY", "SUPERSEDED", "PART-GT-WHOLE", "REQUIRED-EMPTY"} <= planted
    for name, entry in inputs.items():
        for f in entry["findings"]:
            if f["severity"] in ("error", "warning"):
                assert (name.split("#")[0], f["code"], f["sheet"], f["cell"]) in expected, (name, f)
    mail = EXPECT["planted_2025"]["email_late"]
    entry = next(v for k, v in inputs.items() if k.startswith(mail["file"] + "#"))
    assert entry["received_at_source"] == "email" and entry["days_late"] == mail["days_late"]


def test_2025_province_figure_from_the_communes(run2025):
    _, work, manifest, _ = run2025
    accepted = {k.split("#")[0]: v for k, v in _inputs(manifest).items() if v["status"] == "accepted"}
    num = den = 0.0
    for name, entry in accepted.items():
        if not entry["unit"].startswith(("X", "P")) or _error_on(entry, "CT10"):
            continue
        v = _form_values(work, name, Y25)
        a, b = v.get(("CT10.1", "uoc_ca_nam")), v.get(("CT10.2", "uoc_ca_nam"))
        if a in (None, "") or b in (None, ""):
            continue
        num += _num(a)
        den += _num(b)
    ct10 = next(p for p in manifest["province"] if p["item"] == "CT10")
    assert ct10["numerator"] == pytest.approx(num) and ct10["denominator"] == pytest.approx(den)
    assert all(s.startswith(("X", "P")) for s in ct10["sources"]) and len(ct10["sources"]) >= 58
    assert ct10["lead"] == "SGDDT"  # Sở LĐTB&XH's duty, Sở GD&ĐT's from 1/3/2025
    assert ct10["previous_value"] is not None  # the province figure compares with 2024's


def test_2025_workbook_compares_districts_with_communes_approximately(run2025, view2025):
    _, work, manifest, _ = run2025
    wb = load_workbook(work / "outputs" / str(Y25) / f"tong-hop-{Y25}.xlsx")
    assert wb.sheetnames[2] == f"So sánh với năm {Y25 - 1}"
    ws = wb[f"So sánh với năm {Y25 - 1}"]
    assert "GẦN ĐÚNG" in ws["A1"].value and "không so sánh từng đơn vị" in ws["A4"].value
    header = [c.value for c in ws[6]]
    assert header[:4] == ["Huyện cũ", "Cơ quan, đơn vị, địa phương", "Năm", "Đã báo cáo"]
    rows = [r for r in ws.iter_rows(min_row=7, values_only=True) if r[0]]
    districts = [r for r in rows if r[2] == Y25 - 1 and r[0] != "Toàn tỉnh"]
    communes = [r for r in rows if r[2] == Y25 and not str(r[1]).startswith("Cộng")]
    assert len(districts) == 11 and len(communes) == 65
    col = header.index("Tổng số thanh niên (16-30 tuổi) trên địa bàn (người)")
    before = {v["unit"]: v["value"] for v in manifest["previous_local_values"] if v["field"] == "tn_tong_so"}
    trang_dinh = [r for r in rows if r[0] == "UBND Tràng Định"]
    assert trang_dinh[0][1] == "Ủy ban nhân dân huyện Tràng Định" and trang_dinh[0][col] == before["H180"]
    members = [r for r in trang_dinh[1:-1]]
    assert len(members) == len([u for u in view2025.successor_units("H180")]) == 7
    total = trang_dinh[-1]
    assert total[1] == "Cộng các xã, phường (gần đúng)"
    sent = [r for r in members if r[3] == "Đã gửi"]
    assert total[3] == f"{len(sent)}/7"
    assert total[col] == sum(r[col] for r in sent if r[col] is not None)
    # the rate of the group is Σ parts / Σ wholes, never a mean of the communes' rates
    pct = header.index("Tỷ lệ thanh niên được tư vấn hướng nghiệp, việc làm (%)")
    assert total[pct] == pytest.approx(total[pct - 2] / total[pct - 1] * 100, abs=0.01)
    province = rows[-2:]
    assert [r[1] for r in province] == ["Cộng các huyện, thành phố", "Cộng các xã, phường"]
    assert province[1][3] == "60/65"
    # the 2024 workbook (no reorganisation) has no such sheet
    wb24 = load_workbook(work / "outputs" / str(Y) / f"tong-hop-{Y}.xlsx", read_only=True)
    assert not any(n.startswith("So sánh với năm") for n in wb24.sheetnames)


def test_2025_form_resaved_by_libreoffice_is_read(run2025):
    """The .ods of the sample year went through LibreOffice (row codes in a hidden column): still read."""
    manifest = run2025[2]
    ods = EXPECT["planted_2025"]["ods"]
    entry = next(e for e in manifest["inputs"] if e["path"].endswith(ods["file"]))
    assert entry["status"] == "accepted" and entry["unit"] == ods["unit"]
    assert any(v["unit"] == ods["unit"] and v["field"] == "tn_tong_so" for v in manifest["values"])


def test_2025_report_renders(run2025):
    work = run2025[1]
    doc = Document(work / "outputs" / str(Y25) / f"bao-cao-{Y25}.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and f"năm {Y25}" in text
    assert "75/81" in text


def test_2025_report_compares_province_totals_only_and_says_why(run2025):
    """Across the reorganisation the report compares with 2024 at province level only, said once."""
    work = run2025[1]
    doc = Document(work / "outputs" / str(Y25) / f"bao-cao-{Y25}.docx")
    paras = [p.text for p in doc.paragraphs]
    said = [t for t in paras if "chỉ so sánh với năm 2024 ở tổng số toàn tỉnh" in t]
    assert len(said) == 1, said
    assert "sắp xếp" in said[0]
    # a province total from 60/65 communes is not compared with last year's 11/11 districts: said so
    youth = next(i for i, t in enumerate(paras) if "thanh niên (từ đủ 16 đến 30 tuổi)" in t)
    assert "60/65 xã, phường" in paras[youth] and "so với năm 2024" not in paras[youth]
    assert any(
        "mới có 60/65 xã, phường báo cáo số liệu này, nên chưa so sánh tổng số toàn tỉnh với năm 2024" in t
        for t in paras[youth : youth + 4]
    )
