"""The names, dates and lists in each letter equal the run's manifest and the catalog; each letter is
made by the step that should make it (``ptn templates``, ``ptn run``, ``ptn cong-van …``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.catalog.query import CatalogView
from pipeline.cli import app
from pipeline.exitcodes import UsageProblem
from pipeline.letters.followup import correction_context, corrections_due, to_remind
from pipeline.letters.phrases import CONG_VAN_FILE, load_phrases
from pipeline.letters.render import render_letter, resolve_template
from pipeline.letters.submission import report_title
from pipeline.manifest import Manifest
from pipeline.vn import ngay

from . import nd30
from .letters_fixture import AS_OF, YEAR
from .report_fixture import TRICKY

ROOT = Path(__file__).resolve().parent.parent
PLAN = str(ROOT / "plans" / "kh-253-2021-2025.yaml")


def body_lines(d) -> list[str]:
    return [p.text for p in d.paragraphs if p.text.strip()]


def appendix_rows(d) -> list[list[str]]:
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "STT")
    return [[c.text for c in r.cells] for r in table.rows[1:]]


# --------------------------------------------------------------------------- đề nghị báo cáo, phối hợp


@pytest.fixture(scope="module")
def templates_2025(tmp_path_factory):
    """``ptn templates --year 2025``: the forms, the mailing list and the two request letters."""
    out = tmp_path_factory.mktemp("mau") / "outputs" / "2025"
    res = CliRunner().invoke(app, ["templates", "--year", "2025", "--plan", PLAN, "--out", str(out / "mau")])
    assert res.exit_code == 0, res.output
    assert "đề nghị báo cáo" in res.output
    return out


def test_request_letters_come_with_the_forms(templates_2025, catalog):
    """Both letters beside the forms; their appendix is the mailing list danh-sach-gui.xlsx, row for
    row (name, form file, addresses), the obliged units in one, the requested in the other."""
    ws = load_workbook(templates_2025 / "mau" / "danh-sach-gui.xlsx").active
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    for kind, label in (("de-nghi-bao-cao", "Bắt buộc"), ("de-nghi-phoi-hop", "Đề nghị")):
        path = templates_2025 / "cong-van" / f"{kind}-2025.docx"
        d = docx.Document(str(path))
        mailing = [[r[2], r[6], r[5]] for r in rows if r[4] == label]
        got = [r[1:] for r in appendix_rows(d)]
        assert got == mailing and len(got) >= 5
        assert [r[0] for r in appendix_rows(d)] == [str(i) for i in range(1, len(got) + 1)]
        for _, form, _ in mailing:
            assert (templates_2025 / "mau" / form).is_file()
        text = nd30.all_text(d)
        assert f"tổng số {len(mailing)} biểu mẫu" in text


def test_request_letter_says_what_the_catalog_says(letters, catalog):
    view = CatalogView(catalog, 2025)
    r = letters["de-nghi-bao-cao"]
    text = nd30.all_text(r.doc)
    plan = catalog.plan
    # the plan cited, with its number and date
    assert (
        f"Thực hiện Kế hoạch số {plan.number} ngày {ngay(plan.date)} của {plan.issuer} thực hiện Chương trình"
        in text
    )
    # the deadline: "trước ngày 15/11" (the day itself is late)
    assert not plan.deadline.inclusive and "Báo cáo gửi về Sở Nội vụ trước ngày 15/11/2025" in text
    # the data period of the catalog, and the estimate column since the deadline comes first
    assert view.period_start == dt.date(2024, 12, 15) and view.period_end == dt.date(2025, 12, 14)
    assert f"tính từ ngày {ngay(view.period_start)} đến ngày {ngay(view.period_end)}" in text
    assert "“Ước thực hiện cả năm” ghi số liệu ước tính đến hết ngày 14/12/2025" in text
    # how to send: the contact's address, the file name kept
    assert f"qua thư điện tử {plan.contact.email}" in text
    assert "Giữ nguyên tên tệp biểu mẫu" in text and "2025_" in text
    # the contact person; what the catalog leaves empty prints a visible placeholder
    assert plan.contact.name == "" and "liên hệ (họ và tên), Chuyên viên, Phòng Xây dựng chính quyền" in text
    assert "điện thoại: (số điện thoại)" in text
    # Kính gửi: more obliged units than may be named → the groups of the kinds that report in 2025
    obliged = [u for u in view.active_units if u.obligation.value == "obliged"]
    assert len(obliged) > catalog.plan.letters.name_addressees_up_to
    kinds = [k for k in ("department", "district", "commune", "union") if any(u.kind == k for u in obliged)]
    groups = catalog.plan.letters.addressee_groups
    expected = [groups["obliged"][k] for k in kinds]
    assert [x[2:].rstrip(";.") for x in r.ctx["kinh_gui"]] == expected
    # Nơi nhận and records code from the catalog
    assert r.ctx["noi_nhan"] == [
        "- Như trên;",
        "- UBND tỉnh (để báo cáo);",
        "- Giám đốc, các Phó Giám đốc Sở;",
        "- Lưu: VT, XDCQ&CTTN.",
    ]


def test_cooperation_letter_goes_to_the_requested_units(letters, catalog):
    view = CatalogView(catalog, 2025)
    r = letters["de-nghi-phoi-hop"]
    requested = [u for u in view.active_units if u.obligation.value == "requested"]
    assert [row[1] for row in appendix_rows(r.doc)] == [u.name for u in requested]
    assert "đề nghị Quý cơ quan phối hợp" in nd30.all_text(r.doc)
    groups = catalog.plan.letters.addressee_groups["requested"]
    assert "- " + groups["department"] + ";" in r.ctx["kinh_gui"]  # central agencies, not "sở, ngành"
    assert r.ctx["noi_nhan"][1:-1] == ["- Giám đốc, các Phó Giám đốc Sở;"]


# --------------------------------------------------------------------------- after ptn run


def test_run_writes_the_letters_at_the_contracted_paths(letters_run):
    m, out = letters_run.manifest, letters_run.out_dir
    assert letters_run.outputs["don-doc"] == out / "cong-van" / f"don-doc-{YEAR}.docx"
    assert m.outputs["don-doc"] == f"cong-van/don-doc-{YEAR}.docx"
    with_errors = sorted(
        {e.unit for e in m.inputs if e.status == "accepted" for f in e.findings if f.severity == "error"}
    )
    assert (
        with_errors and sorted(k.split("/")[1] for k in m.outputs if k.startswith("bo-sung/")) == with_errors
    )
    for code in with_errors:
        assert (out / "phan-hoi" / f"{code}.docx").is_file() and (out / "phan-hoi" / f"{code}.xlsx").is_file()
    # a unit with a feedback form for warnings only gets no letter
    letters = {p.stem for p in (out / "phan-hoi").glob("*.docx")}
    assert letters == set(with_errors)
    saved = json.loads((out / f"run-{YEAR}.json").read_text(encoding="utf-8"))
    assert saved["outputs"]["don-doc"] == f"cong-van/don-doc-{YEAR}.docx"


def test_reminder_lists_each_unit_with_what_it_owes(letters_run, catalog):
    """Recomputed here from the manifest itself: obliged units not heard from, reports with errors (with
    their cells), requested units that owe a target's figure; the count; the new date."""
    m = letters_run.manifest
    d = docx.Document(str(letters_run.outputs["don-doc"]))
    lines = body_lines(d)
    items = {re.match(r"^\d+\. (.+?): ", t).group(1): t for t in lines if re.match(r"^\d+\. .+: ", t)}
    c = m.completeness
    expected: dict[str, list[str]] = {}
    for u in c.missing:
        expected.setdefault(m.units[u], []).append(f"chưa gửi báo cáo năm {YEAR}")
    for e in m.inputs:
        errors = [f for f in e.findings if f.severity == "error"]
        if e.status == "accepted" and errors:
            cells = [f.cell for f in errors if f.cell]
            expected.setdefault(m.units[e.unit], []).append(f"báo cáo còn {len(errors)} lỗi cần sửa")
            expected[m.units[e.unit]] += cells
    received = {e.unit for e in m.inputs if e.status == "accepted"}
    for t in m.province:
        for u in [*t.missing_sources, *t.excluded]:
            if u not in c.missing:
                expected.setdefault(m.units[u], []).append(t.name)
                if u not in received:
                    expected[m.units[u]].append(f"chưa gửi báo cáo năm {YEAR}")
    assert set(items) == set(expected)
    for name, parts in expected.items():
        for part in parts:
            assert part in items[name], (name, part)
    n = len(items)
    assert f"Còn {n} cơ quan, đơn vị, địa phương chưa gửi báo cáo hoặc báo cáo còn thiếu" in "\n".join(lines)
    assert f"Đến ngày {ngay(AS_OF)}, {len(c.received)}/{len(c.expected)} cơ quan" in "\n".join(lines)
    due = AS_OF + dt.timedelta(days=catalog.plan.followup_days)
    assert f"chậm nhất ngày {ngay(due)}" in "\n".join(lines) and ngay(due) == "09/12/2024"
    assert "gửi về Sở Nội vụ trước ngày 15/11/2024" in "\n".join(lines)
    # obliged units first; Kính gửi names each of them (no more than the catalog's limit), same order
    names = list(items)
    assert n <= catalog.plan.letters.name_addressees_up_to
    ps = [p.text for p in d.paragraphs]
    i = ps.index("Kính gửi:")
    assert [x[2:].rstrip(";.") for x in ps[i + 1 : i + 1 + n]] == names
    obliged = [nm for nm in names if any(m.units[u] == nm for u in c.expected)]
    assert names[: len(obliged)] == obliged


def test_letters_read_who_owes_what_from_the_manifest(letters_run, loaded_catalog):
    """One source: the đôn đốc names exactly the units of the manifest's ``owing`` that owe something, in
    its order, by the manifest's ``followup_due``; each đề nghị bổ sung is a unit of ``owing`` with errors;
    the letters' own computation is gone, and a manifest saying otherwise changes the letter."""
    import importlib.util

    from pipeline.letters.followup import reminder_context

    m = letters_run.manifest
    d = docx.Document(str(letters_run.outputs["don-doc"]))
    lines = body_lines(d)
    listed = [re.match(r"^\d+\. (.+?): ", t).group(1) for t in lines if re.match(r"^\d+\. .+: ", t)]
    assert listed == [o.name for o in m.owing if o.owes]
    assert any(not o.owes for o in m.owing)  # late only: in the list of the workbook, not reminded
    assert m.followup_due is not None and f"chậm nhất ngày {ngay(m.followup_due)}" in "\n".join(lines)
    letters = sorted(k.split("/")[1] for k in m.outputs if k.startswith("bo-sung/"))
    assert letters == sorted(o.unit for o in m.owing if o.of("error"))
    assert importlib.util.find_spec("pipeline.letters.owing") is None
    # the letters read the list, they do not recompute it
    dropped = next(o for o in m.owing if o.owes)
    other = m.model_copy(update={"owing": [o for o in m.owing if o is not dropped]})
    ctx = reminder_context(other, loaded_catalog.catalog, to_remind(other), load_phrases(CONG_VAN_FILE))
    body = "\n".join(b["noi_dung"] for b in ctx["than_bai"])
    assert f". {dropped.name}: " not in body and f"Còn {len(listed) - 1} cơ quan" in body


def test_an_error_on_a_target_figure_is_owed_in_the_reminder(letters_run):
    """The sample district with an error on a CT10 figure (part above whole) is listed among CT10's
    excluded sources, so the đôn đốc says that figure is missing beside its error."""
    expect = json.loads((ROOT / "tests" / "sample_expectations.json").read_text(encoding="utf-8"))
    planted = expect["planted"]["part_gt_whole"]
    m = letters_run.manifest
    t = next(p for p in m.province if p.item == planted["item"])
    assert planted["unit"] in t.excluded and planted["unit"] not in t.sources
    owed = next(o for o in m.owing if o.unit == planted["unit"])
    assert [x.name for x in owed.of("figure")] == [t.name] and owed.of("error")
    d = docx.Document(str(letters_run.outputs["don-doc"]))
    line = next(
        t_ for t_ in body_lines(d) if re.match(rf"^\d+\. {re.escape(m.units[planted['unit']])}: ", t_)
    )
    assert t.name in line and "lỗi cần sửa" in line


def test_reminder_mail_goes_to_whom_the_reminder_asks_for_a_report(letters_run, catalog):
    """``ptn mail send don-doc`` reads the same list: every unit of ``owing`` owing its report – a
    requested unit whose target figures are awaited too, as the letter names it."""
    from pipeline.mail.outbox import build_outbox

    m = letters_run.manifest
    box = build_outbox("don-doc", CatalogView(catalog, m.year), letters_run.out_dir.parent, "Sở Nội vụ")
    got = [x.unit for x in box.messages]
    assert got == [o.unit for o in m.owing if o.of("report")]
    requested = {
        u.code for u in CatalogView(catalog, m.year).active_units if u.obligation.value == "requested"
    }
    assert set(got) & requested and set(m.completeness.missing) <= set(got)


def test_correction_letter_lists_the_errors_of_its_feedback_form(letters_run, catalog):
    m, out = letters_run.manifest, letters_run.out_dir
    for e in m.inputs:
        errors = [f for f in e.findings if f.severity == "error"]
        if e.status != "accepted" or not errors:
            continue
        d = docx.Document(str(out / "phan-hoi" / f"{e.unit}.docx"))
        text = "\n".join(body_lines(d))
        assert f"Kính gửi: {m.units[e.unit]}." in text
        assert f"báo cáo còn {len(errors)} lỗi cần sửa" in text
        for f in errors:
            assert f"- Sheet “{f.sheet}”, ô {f.cell}: {f.message.rstrip('.')}" in text
        number = next(v.value for v in m.values if v.unit == e.unit and v.field == "so_ky_hieu")
        assert f"Báo cáo số {number} của {m.units[e.unit]}" in text
        received = e.received_at.astimezone(dt.timezone(dt.timedelta(hours=7))).date()
        assert f"(nhận ngày {ngay(received)})" in text
        warnings = sum(f.severity == "warning" for f in e.findings)
        assert (f"có {warnings} nội dung cần kiểm tra lại" in text) == bool(warnings)
        assert f"(tệp {e.unit}.xlsx" in text
        due = AS_OF + dt.timedelta(days=catalog.plan.followup_days)
        assert f"chậm nhất ngày {ngay(due)}" in text


def test_correction_letter_caps_a_long_list(letters_run, loaded_catalog, tmp_path):
    """Twenty errors: fifteen lines, then the count of the rest and where they are listed."""
    m = letters_run.manifest
    o = corrections_due(m)[0]
    error = o.of("error")[0]
    o = o.model_copy(update={"owes": [error.model_copy(update={"cell": f"E{i}"}) for i in range(1, 21)]})
    ctx = correction_context(
        m, loaded_catalog.catalog, o, load_phrases(CONG_VAN_FILE), feedback_name="X.xlsx"
    )
    lines = [b["noi_dung"] for b in ctx["than_bai"]]
    assert sum(t.startswith("- Sheet") for t in lines) == 15
    assert "- Và 5 lỗi khác, liệt kê tại sheet “Đề nghị bổ sung” của biểu mẫu phản hồi." in lines


def test_submission_sums_up_the_manifest(letters, letters_run, catalog):
    m = letters_run.manifest
    r = letters["to-trinh"]
    text = "\n".join(body_lines(r.doc))
    c = m.completeness
    title = report_title(catalog, YEAR)
    assert title == (
        "Báo cáo kết quả công tác quản lý nhà nước về thanh niên và thực hiện Chương trình phát triển "
        f"thanh niên tỉnh Lạng Sơn năm {YEAR}"
    )
    assert r.ctx["trich_yeu"] == f"Về việc ban hành {title}"
    assert f"Trên cơ sở báo cáo của {len(c.received)}/{len(c.expected)} cơ quan, đơn vị, địa phương" in text
    assert f"dự thảo {title} của Ủy ban nhân dân tỉnh gửi Bộ Nội vụ" in text
    assert f"trong đó {len(c.on_time)} gửi đúng hạn" in text
    missing = ", ".join(sorted(m.units[u] for u in c.missing))
    assert f"Còn {len(c.missing)} cơ quan, đơn vị, địa phương chưa gửi báo cáo ({missing})" in text
    v = [t.verdict for t in m.province]
    judged = v.count("vuot") + v.count("dat") + v.count("chua_dat")
    assert (
        f"Kết quả thực hiện {len(v)} mục tiêu, chỉ tiêu: {v.count('vuot')} chỉ tiêu vượt, {v.count('dat')} chỉ "
        f"tiêu đạt, {v.count('chua_dat')} chỉ tiêu chưa đạt kế hoạch; {len(v) - judged} chỉ tiêu chưa đánh giá"
    ) in text
    issued = sum(x.status == "Đã ban hành" for x in m.documents)
    assert f"đã ban hành {issued} văn bản triển khai" in text
    assert f"tình hình thực hiện {len({x.item for x in m.programmes})} chương trình, đề án, dự án" in text
    assert "kính trình Ủy ban nhân dân tỉnh xem xét, ký ban hành" in text
    assert r.ctx["kinh_gui_mot"] == "Ủy ban nhân dân tỉnh."
    assert "Thực hiện Kế hoạch số 253/KH-UBND ngày 31/12/2021" in text


def test_submission_is_reusable_with_another_draft(catalog):
    """The five-year review submits its own draft through the same layout."""
    from pipeline.letters.meta import Body
    from pipeline.letters.submission import SubmissionDraft, submission_context

    b = Body()
    b.p("Căn cứ Kế hoạch số 253/KH-UBND;")
    b.heading("Nội dung chính")
    draft = SubmissionDraft("Về việc ban hành Báo cáo sơ kết 5 năm", b.items, "Kính trình./.")
    ctx = submission_context(catalog, draft, year=2025, draft_day=dt.date(2025, 6, 10))
    assert ctx["trich_yeu"] == "Về việc ban hành Báo cáo sơ kết 5 năm" and ctx["ky_hieu"] == "TTr-SNV"
    assert ctx["than_bai"][1] == {"cap": 2, "noi_dung": "1. Nội dung chính"}
    assert ctx["dia_danh_ngay"].endswith("tháng 6 năm 2025") and ctx["du_thao"]


def test_before_the_deadline_no_reminder_and_stale_letters_go(loaded_catalog, tmp_path):
    """A run before the deadline makes no đôn đốc (and removes one of an earlier run); a letter of a
    unit that no longer has errors is removed with it. Letters do not depend on the Word report."""
    out = tmp_path / "outputs"
    stale_reminder = out / str(YEAR) / "cong-van" / f"don-doc-{YEAR}.docx"
    stale_letter = out / str(YEAR) / "phan-hoi" / "ZZZ.docx"
    for p in (stale_reminder, stale_letter):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"old")
    from pipeline.consolidate.run_year import run_year

    res = run_year(
        loaded_catalog,
        year=YEAR,
        inputs_root=ROOT / "inputs",
        out_root=out,
        as_of=dt.date(2024, 11, 12),
        report=False,
    )
    assert "report" not in res.outputs
    assert "don-doc" not in res.outputs and not stale_reminder.exists() and not stale_letter.exists()
    assert any(k.startswith("bo-sung/") for k in res.outputs)  # corrections do not wait for the deadline


def _cli_year(tmp_path, manifest: Manifest, monkeypatch) -> Path:
    d = tmp_path / "outputs" / str(manifest.year)
    d.mkdir(parents=True)
    (d / f"run-{manifest.year}.json").write_text(manifest.model_dump_json(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return d


def test_cli_commands(letters_run, tmp_path, monkeypatch):
    m = letters_run.manifest
    d = _cli_year(tmp_path, m, monkeypatch)
    run = CliRunner().invoke
    res = run(
        app,
        ["cong-van", "don-doc", "--plan", PLAN, "--so", "9", "--ngay", "03/12/2024", "--han", "10/12/2024"],
    )
    assert res.exit_code == 0, res.output
    doc = docx.Document(str(d / "cong-van" / f"don-doc-{YEAR}.docx"))
    assert doc.tables[0].cell(1, 0).paragraphs[0].text == "Số: 09/SNV-XDCQ"
    assert "DỰ THẢO" not in doc.tables[0].cell(1, 0).text
    assert "chậm nhất ngày 10/12/2024" in nd30.all_text(doc)
    unit = sorted(k.split("/")[1] for k in m.outputs if k.startswith("bo-sung/"))[0]
    res = run(
        app, ["cong-van", "bo-sung", "--plan", PLAN, "--unit", unit, "--so", "3", "--ngay", "03/12/2024"]
    )
    assert res.exit_code == 0, res.output
    assert docx.Document(str(d / "phan-hoi" / f"{unit}.docx")).tables[0].cell(1, 0).paragraphs[0].text == (
        "Số: 03/SNV-XDCQ"
    )
    res = run(app, ["cong-van", "bo-sung", "--plan", PLAN, "--so", "3"])
    assert isinstance(res.exception, UsageProblem) and "--unit" in res.exception.hint
    res = run(app, ["cong-van", "bo-sung", "--plan", PLAN, "--unit", "SNV"])
    assert isinstance(res.exception, UsageProblem) and "không có lỗi" in res.exception.message
    # the tờ trình, and the UBND-tỉnh draft it submits: made when missing, never overwritten
    res = run(app, ["cong-van", "to-trinh", "--plan", PLAN])
    assert res.exit_code == 0, res.output
    draft = d / f"bao-cao-{YEAR}-ubnd-tinh.docx"
    assert (d / "cong-van" / f"to-trinh-{YEAR}.docx").is_file() and draft.is_file()
    draft.write_bytes(b"edited in Word")
    res = run(app, ["cong-van", "to-trinh", "--plan", PLAN])
    assert res.exit_code == 0 and draft.read_bytes() == b"edited in Word" and "đã có" in res.output
    res = run(app, ["cong-van", "de-nghi-bao-cao", "--plan", PLAN, "--year", "2030"])
    assert isinstance(res.exception, UsageProblem)
    res = run(app, ["cong-van", "de-nghi-bao-cao", "--plan", PLAN, "--year", "2025", "--so", "12a"])
    assert isinstance(res.exception, UsageProblem)
    # before the deadline the đôn đốc is refused, with the way forward
    early = m.model_copy(update={"as_of": dt.date(2024, 11, 10)})
    (d / f"run-{YEAR}.json").write_text(early.model_dump_json(), encoding="utf-8")
    res = run(app, ["cong-van", "don-doc", "--plan", PLAN])
    assert isinstance(res.exception, UsageProblem) and "ptn run" in res.exception.hint


def test_no_run_yet_is_a_usage_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["cong-van", "don-doc", "--plan", PLAN, "--year", "2024"])
    assert isinstance(res.exception, UsageProblem) and "ptn run" in res.exception.hint


def test_unit_names_are_escaped(letters_run, loaded_catalog, tmp_path):
    m = letters_run.manifest
    o = corrections_due(m)[0].model_copy(update={"name": TRICKY})
    ctx = correction_context(
        m, loaded_catalog.catalog, o, load_phrases(CONG_VAN_FILE), feedback_name="X.xlsx"
    )
    path = render_letter(ctx, resolve_template("cong-van.docx"), tmp_path / "x.docx")
    text = nd30.all_text(docx.Document(str(path)))
    assert f"Kính gửi: {TRICKY}." in text and f"Đề nghị {TRICKY} sửa, bổ sung" in text


def test_signer_and_recipients_come_from_the_catalog(letters_run, catalog, tmp_path):
    from pipeline.catalog.model import Signer
    from pipeline.letters.followup import reminder_context

    m = letters_run.manifest
    letters = catalog.plan.letters
    reminder = letters.reminder.model_copy(
        update={
            "signer": Signer(authority="", lines=["GIÁM ĐỐC"], name="Nguyễn Văn A"),
            "recipients": ["Thường trực UBND tỉnh (để báo cáo)"],
        }
    )
    plan = catalog.plan.model_copy(
        update={"letters": letters.model_copy(update={"reminder": reminder, "records_code": "XDCQ"})}
    )
    c2 = catalog.model_copy(update={"plan": plan})
    ctx = reminder_context(m, c2, to_remind(m), load_phrases(CONG_VAN_FILE))
    assert ctx["nguoi_ky_chuc_vu"] == ["GIÁM ĐỐC"] and ctx["nguoi_ky_ho_ten"] == "Nguyễn Văn A"
    assert ctx["noi_nhan"] == ["- Như trên;", "- Thường trực UBND tỉnh (để báo cáo);", "- Lưu: VT, XDCQ."]


def test_no_temporary_file_left(letters_run):
    """Every letter was written beside its target and moved into place."""
    out = letters_run.out_dir
    assert not [p for p in out.rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]


def test_letters_of_the_sample_data_say_so(letters, letters_run):
    """Letters written from the shipped sample year carry the mark under the header; the request
    letters, made from the catalog alone, do not."""
    assert letters_run.manifest.sample_data
    mark = "DỮ LIỆU MẪU – không dùng để báo cáo"
    for key in ("don-doc", "bo-sung", "to-trinh"):
        assert mark in [p.text for p in letters[key].doc.paragraphs], key
    for key in ("de-nghi-bao-cao", "de-nghi-phoi-hop"):
        assert mark not in nd30.all_text(letters[key].doc)
    d = docx.Document(str(letters_run.outputs["don-doc"]))
    assert mark in [p.text for p in d.paragraphs]
