"""Identification, duplicates and supersession, on real generated forms."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl

from pipeline.intake.process import check_files

from ._intake import YEAR, build, edit_meta, good_values


def codes(entry):
    return [f.code for f in entry.findings]


def one(loaded, folder, year=YEAR, **kw):
    res = check_files([folder], loaded, year, folder, **kw)
    assert len(res.inputs) == 1
    return res.inputs[0], res


def test_lost_meta_identified_from_cells(loaded_catalog, tmp_path, unit, good):
    path = build(loaded_catalog, unit, tmp_path / "bao-cao.xlsx", good)
    edit_meta(path, _meta=None)
    e, res = one(loaded_catalog, tmp_path)
    assert (e.unit, e.year, e.identified_by, e.status) == (unit, YEAR, "cells", "accepted")
    assert "ID-GUESSED" in codes(e) and res.rows


def test_lost_meta_identified_from_file_name(loaded_catalog, view2024, tmp_path, unit, good):
    u = view2024.units_by_code[unit]
    path = build(loaded_catalog, unit, tmp_path / f"Bao cao {YEAR} {u.short_name}.xlsx", good)
    edit_meta(path, _meta=None)
    wb = openpyxl.load_workbook(path)
    ws = wb["Thông tin chung"]
    for row in ws.iter_rows():
        for c in row:
            if c.value in ("don_vi", "nam_bao_cao"):
                c.value = "xoa"
    wb.save(path)
    e, _ = one(loaded_catalog, tmp_path, year=None)
    assert (e.unit, e.year, e.identified_by, e.status) == (unit, YEAR, "filename", "accepted")
    assert "ID-GUESSED" in codes(e)


def test_unidentifiable(loaded_catalog, tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Báo cáo"
    wb.save(tmp_path / "x.xlsx")
    e, _ = one(loaded_catalog, tmp_path)
    assert e.status == "rejected" and codes(e) == ["ID-UNIDENTIFIED"]


def test_wrong_year(loaded_catalog, tmp_path, unit, good):
    build(loaded_catalog, unit, tmp_path / "a.xlsx", good)
    e, res = one(loaded_catalog, tmp_path, year=YEAR + 1)
    # a form of another year counts for nothing but the finding: rejected, no values
    assert e.status == "rejected" and "YEAR-MISMATCH" in codes(e) and not res.rows


def test_unknown_unit(loaded_catalog, tmp_path, unit, good):
    path = build(loaded_catalog, unit, tmp_path / "a.xlsx", good)
    edit_meta(path, unit_code="ZZZ9")
    e, _ = one(loaded_catalog, tmp_path)
    assert e.status == "rejected" and codes(e) == ["UNIT-UNKNOWN"]


def test_inactive_unit(loaded_catalog, tmp_path, view2024):
    code = "H189"  # district level ended 30/6/2025
    path = build(loaded_catalog, code, tmp_path / "a.xlsx", good_values(view2024, code))
    edit_meta(path, year="2025")
    e, res = one(loaded_catalog, tmp_path, year=2025)
    assert e.unit == code and "UNIT-INACTIVE" in codes(e)
    assert e.status == "rejected" and not res.rows  # one rejected file, nothing counted


def test_other_plan(loaded_catalog, tmp_path, unit, good):
    path = build(loaded_catalog, unit, tmp_path / "a.xlsx", good)
    edit_meta(path, plan_id="kh-999-2026-2030")
    e, res = one(loaded_catalog, tmp_path)
    assert e.status == "rejected" and codes(e) == ["PLAN-OTHER"] and res.rows == []


def test_older_template_version(loaded_catalog, tmp_path, unit, good):
    path = build(loaded_catalog, unit, tmp_path / "a.xlsx", good)
    edit_meta(path, template_version="1-000000000000")
    e, _ = one(loaded_catalog, tmp_path)
    assert e.status == "accepted" and "TEMPLATE-OLD" in codes(e)
    assert next(f for f in e.findings if f.code == "TEMPLATE-OLD").severity == "warning"


def test_duplicate_and_superseded(loaded_catalog, tmp_path, unit, good):
    a = build(loaded_catalog, unit, tmp_path / "a.xlsx", good)
    shutil.copy(a, tmp_path / "b.xlsx")
    later = dict(good)
    later[("tt_so_cuoc", "gia_tri")] = 7
    build(loaded_catalog, unit, tmp_path / "c.xlsx", later)
    t0 = dt.datetime(2024, 11, 10, 8, 0, tzinfo=dt.UTC)
    when = {"a.xlsx": t0, "b.xlsx": t0 + dt.timedelta(hours=1), "c.xlsx": t0 + dt.timedelta(days=1)}
    res = check_files([tmp_path], loaded_catalog, YEAR, tmp_path, receipt=lambda p, h: (when[p], "register"))
    by = {e.path: e for e in res.inputs}
    assert by["b.xlsx"].status == "duplicate" and "DUPLICATE" in codes(by["b.xlsx"])
    assert by["a.xlsx"].status == "superseded" and by["a.xlsx"].superseded_by == "c.xlsx"
    assert by["c.xlsx"].status == "accepted" and by["c.xlsx"].received_at_source == "register"
    assert {r.submission for r in res.rows} == {"c.xlsx"}
    assert [e.path for e in res.inputs] == sorted(by)


def test_email_attachment(loaded_catalog, tmp_path, unit, good):
    from pipeline.forms.filler import wrap_eml

    src = build(loaded_catalog, unit, tmp_path / "src" / "bao-cao.xlsx", good)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    date = dt.datetime(2024, 11, 12, 9, 30)
    wrap_eml([src], mail_dir / "thu.eml", "vanphong@langson.gov.vn", date, "Báo cáo năm 2024")
    res = check_files([mail_dir], loaded_catalog, YEAR, mail_dir)
    e = res.inputs[0]
    assert e.path == "thu.eml#bao-cao.xlsx" and e.container == "thu.eml"
    assert e.container_sha256 and e.unit == unit and e.status == "accepted"
    assert e.sender == "vanphong@langson.gov.vn" and e.received_at_source == "email"
    assert e.received_at.date() == dt.date(2024, 11, 12)
