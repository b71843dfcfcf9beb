"""The shipped KH 253 catalog, and every catalog check triggered by a deliberately broken copy."""

from __future__ import annotations

import copy
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.catalog import CatalogView, load_catalog
from pipeline.catalog.load import CatalogSyntaxError
from pipeline.catalog.model import Obligation, Target, UnitKind
from pipeline.catalog.validate import CHECKS, check_catalog

from .conftest import PLAN, ROOT

# ---------------------------------------------------------------- the shipped catalog


def test_shipped_catalog_has_no_errors(loaded_catalog):
    errors = [p for p in check_catalog(loaded_catalog) if p.severity == "error"]
    assert errors == []


def test_eleven_districts_in_2024_none_in_2026(catalog):
    assert len(CatalogView(catalog, 2024).units_of_kinds([UnitKind.district])) == 11
    assert CatalogView(catalog, 2025).units_of_kinds([UnitKind.district]) == []
    assert CatalogView(catalog, 2026).units_of_kinds([UnitKind.district]) == []


def test_2024_has_33_obliged_and_10_requested(view2024):
    assert len(view2024.obliged_units) == 33
    assert len(view2024.requested_units) == 10


def test_requested_units_are_not_obliged(view2024):
    requested = {u.code for u in view2024.requested_units}
    obliged = {u.code for u in view2024.obliged_units}
    assert {"TDTN", "MTTQ", "LDLD", "HLHPN", "HLHTN", "CAT", "BCHQS"} <= requested
    assert not requested & obliged
    for u in view2024.requested_units:
        assert u.obligation == Obligation.requested


@pytest.mark.parametrize(
    ("item", "year", "lead"),
    [
        ("CT11", 2024, "SLDTBXH"),
        ("CT11", 2025, "SGDDT"),  # vocational training → Sở GD&ĐT (per item)
        ("CT12", 2025, "SYT"),  # social protection → Sở Y tế (per item)
        ("CT13", 2025, "SNV"),  # default: LĐTBXH merged into Sở Nội vụ
        ("CT16", 2025, "SKHCN"),  # TT&TT merged into KH&CN
        ("DA06", 2025, "SVHTTDL"),  # press → Sở VHTT&DL (per item)
        ("VB06", 2025, "SVHTTDL"),
        ("DA05", 2025, "SGDDT"),
    ],
)
def test_merged_departments_items_resolve_to_successors(catalog, item, year, lead):
    view = CatalogView(catalog, year)
    assert view.leads(view.items_by_code[item]) == [lead]


def test_merged_co_agencies_resolve(view2025):
    da01 = view2025.items_by_code["DA01"]
    assert set(view2025.co_agencies(da01)) == {"STC", "SNV"}  # KH&ĐT → Tài chính, LĐTBXH → Nội vụ
    da06 = view2025.items_by_code["DA06"]
    assert view2025.co_agencies(da06) == ["BPTTH"]  # Báo + Đài merged, listed once
    (a,) = [a for a in view2025.assignments("BPTTH") if a.code == "DA06"]
    assert [h.predecessor for h in a.handovers] == ["BLS", "DPTTH"]  # both duties, one row
    # VB06 was due in 2022, before Báo và PT-TH began (1/3/2025): it is not asked, and says why
    assert view2025.co_agencies(view2025.items_by_code["VB06"]) == []
    assert [w.item.code for w in view2025.waivers("BPTTH")] == ["VB01", "VB06"]


def test_2025_forms_of_successors_carry_the_items(view2025):
    assert "CT11" in [a.code for a in view2025.assignments("SGDDT")]
    assert "CT12" in [a.code for a in view2025.assignments("SYT")]
    assert view2025.assignments("SLDTBXH") == []  # no longer active


def test_every_target_has_one_active_figure_source_each_year(catalog):
    for t in catalog.targets:
        assert t.figure_source.lead != bool(t.figure_source.sum_local), t.code
        for year in catalog.plan.years:
            view = CatalogView(catalog, year)
            if not view.applies(t):
                continue
            suppliers = view.figure_suppliers(t)
            assert suppliers, (t.code, year)
            for code in suppliers:
                assert code in view.active_codes, (t.code, year, code)


def test_sum_local_target_switches_from_districts_to_communes(catalog):
    ct10 = next(t for t in catalog.targets if t.code == "CT10")
    s2024 = CatalogView(catalog, 2024).figure_suppliers(ct10)
    s2025 = CatalogView(catalog, 2025).figure_suppliers(ct10)
    assert len(s2024) == 11 and all(c.startswith("H") for c in s2024)
    assert s2025 and all(CatalogView(catalog, 2025).unit(c).kind == UnitKind.commune for c in s2025)


def test_lead_of_sum_local_target_does_not_supply_the_figure(view2024):
    a = next(a for a in view2024.assignments("SLDTBXH") if a.code == "CT10")
    assert a.supplies_figure is False
    a = next(a for a in view2024.assignments("H178") if a.code == "CT10")
    assert a.supplies_figure is True


def test_deadline_default_is_14_november(catalog):
    cutoff = catalog.plan.deadline.cutoff(2024)
    assert (cutoff.month, cutoff.day, cutoff.hour) == (11, 15, 0)
    assert str(cutoff.tzinfo) == "Asia/Ho_Chi_Minh"
    assert catalog.plan.deadline.last_on_time_day(2024).day == 14


def test_reporting_period_is_15_december_to_14_december(view2024):
    import datetime as dt

    assert view2024.period_start == dt.date(2023, 12, 15)
    assert view2024.period_end == dt.date(2024, 12, 14)
    assert view2024.in_period(dt.date(2024, 12, 14)) and not view2024.in_period(dt.date(2023, 12, 14))


def test_every_item_is_marked_sourced_or_inferred(catalog):
    for item in [*catalog.documents, *catalog.targets, *catalog.programmes]:
        assert item.source_status in ("sourced", "inferred")
        assert item.note, item.code


def test_target_for_year(catalog):
    v = CatalogView(catalog, 2024)
    ct01 = v.items_by_code["CT01"]
    assert isinstance(ct01, Target)
    yt = v.target_for_year(ct01)
    assert (yt.value, yt.due) == (100, True)
    ct08 = v.items_by_code["CT08"]
    yt = v.target_for_year(ct08)
    assert yt.due is False and yt.value is None and yt.end_year == 2030


def test_straight_path_from_baseline_is_reference(catalog):
    data = catalog.model_dump()
    t = next(t for t in data["targets"] if t["code"] == "CT08")
    t["baseline"], t["baseline_year"] = 60.0, 2020
    broken = type(catalog).model_validate(data)
    yt = CatalogView(broken, 2025).target_for_year(next(x for x in broken.targets if x.code == "CT08"))
    assert yt.reference and not yt.due
    assert yt.value == pytest.approx(60 + 20 * 5 / 10)


# ---------------------------------------------------------------- broken catalogs


@pytest.fixture(scope="module")
def plan_data():
    return yaml.safe_load(PLAN.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    p = tmp_path / "broken.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp_path / "don-vi-cap-xa-2025.csv").write_bytes((PLAN.parent / "don-vi-cap-xa-2025.csv").read_bytes())
    return p


def _target(d, code):
    return next(t for t in d["targets"] if t["code"] == code)


def _doc(d, code):
    return next(t for t in d["documents"] if t["code"] == code)


def _unit(d, code):
    return next(u for u in d["units"] if u["code"] == code)


BREAKAGES = {
    "duplicate item code": (lambda d: _target(d, "CT02").update(code="CT01"), "CAT-DUP-CODE", "CT01", "code"),
    "duplicate field key": (
        lambda d: d["sections"][1]["fields"][0].update(key="so_ky_hieu"),
        "CAT-DUP-CODE",
        "so_ky_hieu",
        "key",
    ),
    "unknown lead": (lambda d: _target(d, "CT02").update(lead="SXYZ"), "CAT-UNIT-UNKNOWN", "CT02", "lead"),
    "unknown merged_into": (
        lambda d: _unit(d, "SGTVT").update(merged_into="SNOPE"),
        "CAT-UNIT-UNKNOWN",
        "SGTVT",
        "merged_into",
    ),
    "lead ends without successor": (
        lambda d: _unit(d, "SGTVT").pop("merged_into") and _doc(d, "VB04").update(lead="SGTVT"),
        "CAT-UNIT-INACTIVE",
        "VB04",
        "lead",
    ),
    "co-agency ends without successor": (
        lambda d: _unit(d, "BDT").pop("merged_into"),
        "CAT-UNIT-INACTIVE",
        "CT04",
        "co_agencies",
    ),
    "merged_into without end date": (
        lambda d: _unit(d, "SNV").update(merged_into="STC"),
        "CAT-UNIT-DATES",
        "SNV",
        "merged_into",
    ),
    "end before start": (
        lambda d: _unit(d, "SNNMT").update(valid_to="2024-01-01"),
        "CAT-UNIT-DATES",
        "SNNMT",
        "valid_to",
    ),
    "lead and each": (lambda d: _doc(d, "VB01").update(lead="SNV"), "CAT-LEAD", "VB01", "lead"),
    "two figure sources": (
        lambda d: _target(d, "CT10")["figure_source"].update(lead=True),
        "CAT-FIGURE-SOURCE",
        "CT10",
        "figure_source",
    ),
    "no figure source": (
        lambda d: _target(d, "CT02").update(figure_source={}),
        "CAT-FIGURE-SOURCE",
        "CT02",
        "figure_source",
    ),
    "survey summed over districts": (
        lambda d: _target(d, "CT14").update(figure_source={"sum_local": ["district"]}),
        "CAT-FIGURE-SOURCE",
        "CT14",
        "figure_source",
    ),
    "sum over kinds nobody is": (
        lambda d: _target(d, "CT10").update(figure_source={"sum_local": ["district"]}),
        "CAT-FIGURE-SOURCE",
        "CT10",
        "figure_source",
    ),
    "ratio without labels": (
        lambda d: _target(d, "CT02").pop("numerator_label"),
        "CAT-MEASURE",
        "CT02",
        "numerator_label",
    ),
    "ratio not in percent": (
        lambda d: _target(d, "CT02").update(unit_of_measure="người"),
        "CAT-MEASURE",
        "CT02",
        "unit_of_measure",
    ),
    "ratio value above 100": (
        lambda d: _target(d, "CT02").update(end_values={2030: 120}),
        "CAT-MEASURE",
        "CT02",
        "values",
    ),
    "count with labels": (
        lambda d: _target(d, "CT13").update(numerator_label="x"),
        "CAT-MEASURE",
        "CT13",
        "numerator_label",
    ),
    "baseline without year": (
        lambda d: _target(d, "CT08").update(baseline=50),
        "CAT-MEASURE",
        "CT08",
        "baseline",
    ),
    "yearly value outside period": (
        lambda d: _target(d, "CT01")["yearly_values"].update({2027: 100}),
        "CAT-YEAR-OUTSIDE",
        "CT01",
        "yearly_values",
    ),
    "item year outside period": (
        lambda d: _doc(d, "VB05").update(years=[2026]),
        "CAT-YEAR-OUTSIDE",
        "VB05",
        "years",
    ),
    "end year after 2030": (
        lambda d: _target(d, "CT08")["end_values"].update({2035: 90}),
        "CAT-END-YEAR",
        "CT08",
        "end_values",
    ),
    "rule with unknown key": (
        lambda d: d["rules"][0].update(left="tn_nu_typo"),
        "CAT-RULE-KEY",
        "TN-NU-LE-TONG",
        "left",
    ),
    "rule on a text field": (
        lambda d: d["rules"][0].update(right="thu_truong"),
        "CAT-RULE-KEY",
        "TN-NU-LE-TONG",
        "right",
    ),
    "rule with a function call": (
        lambda d: d["rules"][0].update(left="__import__('os')"),
        "CAT-RULE",
        "TN-NU-LE-TONG",
        "left",
    ),
    "rule on a fields section": (
        lambda d: d["rules"][0].update(section="tuyen_truyen"),
        "CAT-RULE",
        "TN-NU-LE-TONG",
        "section",
    ),
    "sheet title too long": (
        lambda d: d["sections"][1].update(title="Tuyên truyền, phổ biến, quán triệt Chương trình"),
        "CAT-SECTION",
        "tuyen_truyen",
        "title",
    ),
    "free rows without prefix": (
        lambda d: d["sections"][2].update(free_row_prefix=""),
        "CAT-SECTION",
        "van_ban",
        "free_row_prefix",
    ),
    "two target sections": (
        lambda d: d["sections"].append(
            {**copy.deepcopy(d["sections"][3]), "key": "muc_tieu_2", "title": "MT2"}
        ),
        "CAT-SECTION",
        "targets",
        "layout",
    ),
    "choice without list": (
        lambda d: d["sections"][1]["fields"][0].update(choices=[]),
        "CAT-FIELD",
        "tuyen_truyen",
        "tt_hoi_nghi",
    ),
    "choices on a number": (
        lambda d: d["sections"][1]["fields"][4].update(choices=["1"]),
        "CAT-FIELD",
        "tuyen_truyen",
        "tt_so_cuoc",
    ),
    "key LibreOffice would read as an escape": (
        lambda d: d["sections"][1]["fields"][2].update(key="tt_mang_xa_hoi"),
        "CAT-FIELD",
        "tuyen_truyen",
        "tt_mang_xa_hoi",
    ),
    "field for a kind that skips the section": (
        lambda d: d["sections"][6]["fields"][0].update(kinds=["department"]),
        "CAT-FIELD",
        "doi_thoai",
        "dt_da_to_chuc",
    ),
    "missing report variant": (
        lambda d: d["plan"]["report_variants"].pop(),
        "CAT-REPORT",
        "plan",
        "report_variants",
    ),
    "signer lines not matching authority": (
        lambda d: d["plan"]["report_variants"][0]["signer"].update(lines=["GIÁM ĐỐC"]),
        "CAT-REPORT",
        "report_variants.so-noi-vu",
        "signer.lines",
    ),
    "reporting period of two years": (
        lambda d: d["plan"]["reporting_period"].update(end_month=12, start_month=1),
        "CAT-PERIOD",
        "plan",
        "reporting_period",
    ),
    "reporting period on a day that does not exist": (
        lambda d: d["plan"]["reporting_period"].update(start_month=2, start_day=30),
        "CAT-PERIOD",
        "plan",
        "reporting_period",
    ),
    "contact without a phone number": (
        lambda d: d["plan"]["contact"].update(phone=""),
        "CAT-CONTACT",
        "plan",
        "contact.phone",
    ),
    "commune list declared complete but short": (
        lambda d: d["unit_lists"][1].update(expected=66),
        "CAT-UNIT-LIST",
        "unit_lists[1] (UBND xã, phường)",
        "complete",
    ),
    "unit list of a file not loaded": (
        lambda d: d["unit_lists"][1].update(file="xa-phuong-khac.csv"),
        "CAT-UNIT-LIST",
        "unit_lists[1] (UBND xã, phường)",
        "file",
    ),
    "unknown predecessor": (
        lambda d: _unit(d, "SNNMT").update(predecessors=["SXYZ"]),
        "CAT-UNIT-UNKNOWN",
        "SNNMT",
        "predecessors",
    ),
    "predecessor still active": (
        lambda d: _unit(d, "SNNMT").update(predecessors=["SNV"]),
        "CAT-UNIT-DATES",
        "SNNMT",
        "predecessors",
    ),
    "unit ends without anyone taking over": (
        lambda d: _unit(d, "SNGV").update(valid_to="2024-06-30"),
        "CAT-UNIT-SUCCESSOR",
        "SNGV",
        "valid_to",
    ),
    "a plan without its number (a new plan)": (
        lambda d: d["plan"].update(number=""),
        "CAT-TO-FILL",
        "plan",
        "number",
    ),
    "a plan without its date (a new plan)": (
        lambda d: d["plan"].pop("date"),
        "CAT-TO-FILL",
        "plan",
        "date",
    ),
    "an item carried over, not yet reviewed": (
        lambda d: _target(d, "CT13").update(review="Chưa có số liệu đánh giá."),
        "CAT-REVIEW",
        "CT13",
        "review",
    ),
    "letters: ký hiệu part not in CAPS": (
        lambda d: d["plan"]["letters"].update(drafting_unit_code="xdcq"),
        "CAT-LETTERS",
        "plan.letters",
        "drafting_unit_code",
    ),
    "letters: no group name for a kind of unit": (
        lambda d: d["plan"]["letters"]["addressee_groups"]["obliged"].pop("district"),
        "CAT-LETTERS",
        "plan.letters",
        "addressee_groups.obliged",
    ),
    "letters: signer lines not matching authority": (
        lambda d: d["plan"]["letters"]["reminder"].update(
            signer={"authority": "KT.", "lines": ["GIÁM ĐỐC"], "name": "Nguyễn Văn A"}
        ),
        "CAT-LETTERS",
        "plan.letters.reminder",
        "signer.lines",
    ),
    "letters: basis of a year outside the plan": (
        lambda d: d["plan"]["letters"].update(basis={2027: ["Công văn số 1/BNV-CTTN"]}),
        "CAT-LETTERS",
        "plan.letters",
        "basis",
    ),
    "letters: Như trên written again": (
        lambda d: d["plan"]["letters"]["request"]["recipients"].insert(0, "Như trên"),
        "CAT-LETTERS",
        "plan.letters.request",
        "recipients",
    ),
    "letters: tờ trình without addressee": (
        lambda d: d["plan"]["letters"]["submission"].update(addressees=[]),
        "CAT-LETTERS",
        "plan.letters",
        "submission.addressees",
    ),
    "a kind with no form": (
        lambda d: [s.update(kinds=[k for k in s["kinds"] if k != "union"]) for s in d["sections"]],
        "CAT-SECTION",
        "union",
        "kinds",
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_catalog_is_reported(name, plan_data, tmp_path):
    mutate, code, item, field = BREAKAGES[name]
    data = copy.deepcopy(plan_data)
    mutate(data)
    problems = check_catalog(load_catalog(_write(tmp_path, data)))
    hits = [p for p in problems if p.code == code and p.item == item and p.field == field]
    assert hits, [p.line("x") for p in problems]
    assert all(p.message for p in hits)


def test_short_commune_list_refuses_2025_and_an_incomplete_one_warns(plan_data, tmp_path):
    """The state of issue 12: 4 phường in the CSV. Declared complete → error for 2025 (and forms are
    refused); marked incomplete → a warning that names the count."""
    path = _write(tmp_path, copy.deepcopy(plan_data))
    csv_path = tmp_path / "don-vi-cap-xa-2025.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    csv_path.write_text("\n".join(lines[:1] + lines[-4:]) + "\n", encoding="utf-8")
    problems = [p for p in check_catalog(load_catalog(path)) if p.code == "CAT-UNIT-LIST"]
    assert [(p.severity, p.field) for p in problems] == [("error", "complete")]
    assert "năm 2025" in problems[0].message and "65" in problems[0].message and "có 4" in problems[0].message
    r = _ptn("plan", "check", str(path))
    assert r.returncode == 1 and "CAT-UNIT-LIST" in r.stdout
    r = _ptn("templates", "--year", "2025", "--plan", str(path), "--out", str(tmp_path / "mau"))
    assert r.returncode == 2 and "65" in r.stderr and not (tmp_path / "mau").exists()

    data = copy.deepcopy(plan_data)
    data["unit_lists"][1]["complete"] = False
    path = _write(tmp_path, data)
    csv_path.write_text("\n".join(lines[:1] + lines[-4:]) + "\n", encoding="utf-8")
    problems = [p for p in check_catalog(load_catalog(path)) if p.code == "CAT-UNIT-LIST"]
    assert [(p.severity, p.item) for p in problems] == [("warning", "unit_lists[1] (UBND xã, phường)")]
    assert "4/65" in problems[0].message
    r = _ptn("plan", "check", str(path))
    assert r.returncode == 0 and "4/65" in r.stdout
    r = _ptn(
        "templates", "--year", "2025", "--unit", "PKYLUA", "--plan", str(path), "--out", str(tmp_path / "m")
    )
    assert r.returncode == 0 and "4/65" in r.stdout


def test_the_shipped_communes(view2025, catalog):
    communes = view2025.units_of_kinds([UnitKind.commune])
    assert len(communes) == 65
    assert sum(u.name.startswith("Ủy ban nhân dân phường") for u in communes) == 4
    assert {u.valid_from for u in communes} == {dt.date(2025, 7, 1)}
    for u in communes:
        assert u.source_status == "inferred" and "giả định" in u.note  # codes and e-mails inferred
        assert re.fullmatch(r"[XP][A-Z]+", u.code) and u.emails
        (district,) = u.predecessors
        assert view2025.unit(district).kind == UnitKind.district
    # each former district's successors: its communes (the 2025 holders of what was the district's)
    for d in CatalogView(catalog, 2024).units_of_kinds([UnitKind.district]):
        assert view2025.successor_units(d.code), d.code
    assert len(view2025.successor_units("H180")) == 7  # Tràng Định
    vb01 = view2025.items_by_code["VB01"]
    held = dict(view2025._lead_candidates(vb01))
    assert [h.predecessor for h in held["XTHATKHE"]] == ["H180"]


def test_no_unit_is_asked_for_a_document_due_before_it_began(catalog):
    """Over the whole catalog: every year, every unit, every item it is asked for. The due date is
    worked out here from the catalog's own fields, not from the code under test."""
    waived = 0
    for year in catalog.plan.years:
        view = CatalogView(catalog, year)
        for u in view.active_units:
            listed = {w.item.code for w in view.waivers(u.code)}
            for a in view.assignments(u.code):
                item = a.item
                due = None
                if getattr(item, "yearly", False) and item.yearly_due:
                    due = dt.date(year, item.yearly_due.month, item.yearly_due.day)
                elif not getattr(item, "yearly", False) and getattr(item, "deadline_year", None):
                    due = dt.date(item.deadline_year, 12, 31)
                if due is not None and u.valid_from is not None:
                    assert due >= u.valid_from, (year, u.code, item.code, due)
                assert item.code not in listed
            for w in view.waivers(u.code):
                assert w.due < u.valid_from and w.since == u.valid_from
                waived += 1
    assert waived >= 65 + 3  # every commune (VB01, VB02) and Sở NN&MT, Sở DT&TG, Báo và PT-TH (VB01)
    v = CatalogView(catalog, 2025)
    assert "VB02" in [a.code for a in v.assignments("SNNMT")]  # began 1/3, due 31/3: asked
    assert [w.item.code for w in v.waivers("SNNMT")] == ["VB01"]
    assert [w.item.code for w in v.waivers("XTHATKHE")] == ["VB01", "VB02"]


def test_comparable_with_previous_year(view2025, view2024):
    assert view2025.comparable_with_previous("STP") and view2025.comparable_with_previous("STP", "CT07")
    assert not view2025.comparable_with_previous("SNV")  # took over Sở LĐTB&XH on 1/3/2025
    assert view2025.comparable_with_previous("SNV", "CT01")  # its own duty
    assert not view2025.comparable_with_previous("SNV", "CT13")  # Sở LĐTB&XH's duty until 28/2/2025
    assert not view2025.comparable_with_previous("XTHATKHE")
    assert not view2025.comparable_with_previous("SNNMT", "VB02")
    assert view2024.comparable_with_previous("H178")
    # in 2024 nothing had merged yet: Sở Nội vụ's figures compare with its own of 2023
    assert view2024.comparable_with_previous("SNV") and view2024.reorganised("SNV") is None
    assert view2024.reorganised_units() == []


def test_every_check_code_is_triggered_by_a_test():
    codes = {b[1] for b in BREAKAGES.values()}
    files = sorted({check.__code__.co_filename for check in CHECKS})  # the checks, by concern
    source = "\n".join(Path(f).read_text(encoding="utf-8") for f in files)
    in_source = set(re.findall(r'"(CAT-[A-Z-]+)"', source))
    assert in_source and in_source <= codes, in_source - codes


def test_schema_problems_are_vietnamese_and_name_item_and_field(plan_data, tmp_path):
    data = copy.deepcopy(plan_data)
    _target(data, "CT03")["direction"] = "=>"
    _target(data, "CT05")["measure"] = "percent"
    with pytest.raises(CatalogSyntaxError) as e:
        load_catalog(_write(tmp_path, data))
    text = "\n".join(e.value.problems)
    assert "(CT03).direction" in text and "không hợp lệ" in text
    assert "(CT05).measure" in text


def _ptn(*args, cwd=ROOT, env_width=None):
    import os

    env = {**os.environ, "COLUMNS": str(env_width)} if env_width else None
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_plan_check_exit_codes(plan_data, tmp_path):
    ok = _ptn("plan", "check")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Danh mục hợp lệ" in ok.stdout
    data = copy.deepcopy(plan_data)
    _target(data, "CT07")["end_values"] = {2035: 70}
    bad = _ptn("plan", "check", str(_write(tmp_path, data)))
    assert bad.returncode == 1
    assert "CT07" in bad.stdout and "end_values" in bad.stdout
    missing = _ptn("plan", "check", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2
    assert "Gợi ý" in missing.stderr


def test_plan_show_lists_units_of_the_year():
    r = _ptn("plan", "show", "--year", "2024")
    assert r.returncode == 0, r.stderr
    assert "33" in r.stdout and "H178" in r.stdout


def test_plan_show_2025_lists_communes_and_merged_departments_and_no_district(view2025):
    r = _ptn("plan", "show", "--year", "2025", env_width=220)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for u in view2025.units_of_kinds([UnitKind.commune]):
        assert u.code in out, u.code
    assert not re.search(r"\bH1[78]\d\b", out.split("Tổ chức lại")[0])  # no district among the units
    reorganised = out.split("Tổ chức lại")[1]
    for code in ("SNNMT", "SDTTG", "BPTTH", "SNV", "STC", "SXD", "SKHCN"):
        assert code in reorganised, code
    assert "Sở NN&PTNT" in reorganised and "UBND Tràng Định" in reorganised
    assert "UBND xã, phường" in out and "65" in out


@pytest.mark.parametrize(
    ("text", "allow_time", "expected"),
    [
        ("05/11/2025", False, dt.date(2025, 11, 5)),
        (" 5.11.2025 ", False, dt.date(2025, 11, 5)),
        ("2025-11-05", False, dt.date(2025, 11, 5)),
        ("31/02/2025", False, None),
        ("20/11/2024 08:30", False, None),
        ("20/11/2024 08:30", True, dt.date(2024, 11, 20)),
        ("20/11/2024x", True, None),
        ("ngày 5", False, None),
    ],
)
def test_vietnamese_dates(text, allow_time, expected):
    from pipeline.vn import parse_date

    assert parse_date(text, allow_time=allow_time) == expected
