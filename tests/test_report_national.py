"""The Word report at national size (issue 18): a group of more units than the threshold is counted,
with where its full list is (the tổng hợp workbook's sheet, or the detail CSV); smaller groups – who
did not report, who was late – stay named; the sample years' reports are what they were."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from pipeline.consolidate.run_year import run_year
from pipeline.manifest import DocumentStatus, Inspection, LateUnit, Manifest, UnitText
from pipeline.report import unit_lists
from pipeline.report.render import render_report
from pipeline.report.unit_texts import group_points
from pipeline.vn import so_vn
from pipeline.writers import labels

from .report_fixture import MISSING, accepted_input, make_manifest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "report.docx"
MAX = unit_lists.MAX_LISTED
SHARED = "Tổ chức thành công Tháng Thanh niên với nhiều công trình thanh niên thiết thực tại cơ sở"


def name(i: int) -> str:
    return f"Ủy ban nhân dân xã Thử Nghiệm {i:04d}"  # fixed width: no name inside another


def own_point(unit_name: str) -> str:
    """A khó khăn only this unit wrote (no figure in it: a single figure would merge the points)."""
    return "Khó khăn riêng của thôn " + unit_name[-4:].translate(str.maketrans("0123456789", "abcdeghikl"))


def national(on_time: int, missing: int = 5, late: int = 3, detail_csv: bool = False) -> Manifest:
    """The 33-unit fixture plus ``on_time + missing + late`` communes, as a national-size run says them:
    each commune issued its plan (VB01) but four, says the same kết quả nổi bật, a different khó khăn,
    and held one inspection."""
    m = make_manifest(2025)
    year, deadline = m.year, m.deadline
    codes = [f"X{i:04d}" for i in range(1, on_time + missing + late + 1)]
    m.units.update({c: name(i) for i, c in enumerate(codes, 1)})
    sent_on_time, gone, slow = codes[:on_time], codes[on_time : on_time + missing], codes[on_time + missing :]
    c = m.completeness
    c.expected = sorted([*c.expected, *codes])
    c.on_time += sent_on_time
    c.missing += gone
    c.late += [
        LateUnit(
            unit=u,
            days_late=2 + i,
            received_at=deadline + dt.timedelta(days=2 + i),
            received_at_source="register",
        )
        for i, u in enumerate(slow)
    ]
    c.received += sent_on_time + slow
    for u in sent_on_time + slow:
        m.inputs.append(accepted_input(year, u, m.units[u], deadline - dt.timedelta(days=3), u))
    for i, u in enumerate(sent_on_time + slow):
        issued = i >= 4
        m.documents.append(
            DocumentStatus(
                unit=u,
                item="VB01",
                name="Kế hoạch thực hiện Chương trình phát triển thanh niên năm 2025",
                status="Đã ban hành" if issued else "Chưa ban hành",
                number=f"{i + 1}/KH-UBND" if issued else "",
                date=dt.date(year, 2, 1) if issued else None,
                in_period=True if issued else None,
            )
        )
        m.texts.append(UnitText(unit=u, unit_name=m.units[u], field="kq_noi_bat", text=f"{SHARED}."))
        m.texts.append(
            UnitText(unit=u, unit_name=m.units[u], field="kho_khan", text=f"{own_point(m.units[u])}.")
        )
        m.inspections.append(
            Inspection(unit=u, item="KT01", subject="Các thôn", date=dt.date(year, 6, 1), in_period=True)
        )
    m.outputs = {"workbook": f"tong-hop-{year}.xlsx", "report": f"bao-cao-{year}.docx"}
    if detail_csv:
        m.outputs["detail"] = f"du-lieu-chi-tiet-{year}.csv"
    return m


def rows_of(table) -> list[list[str]]:
    """Each row's cells, a merged cell once."""
    out = []
    for r in table.rows:
        cells, seen = [], set()
        for cell in r.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text.strip())
        out.append(cells)
    return out


def render(m: Manifest, loaded_catalog, path: Path, variant: str = "so-noi-vu"):
    render_report(m, loaded_catalog, path, variant=variant, template=TEMPLATE)
    return docx.Document(str(path))


def appendices(d) -> dict[str, list[list[str]]]:
    """The appendix tables by number (after the header and signature tables)."""
    return {n: rows_of(t) for n, t in zip(["I", "II", "III", "IV", "V"], d.tables[2:], strict=False)}


@pytest.fixture(scope="module")
def big(loaded_catalog, tmp_path_factory):
    """A run of 33 + 508 units: 500 communes on time, 5 missing, 3 late."""
    m = national(on_time=500)
    path = tmp_path_factory.mktemp("national") / "bao-cao.docx"
    render_report(m, loaded_catalog, path, template=TEMPLATE)
    return m, docx.Document(str(path)), path


# --------------------------------------------------------------------------- Phụ lục V


def test_reporting_counts_the_on_time_and_names_who_is_missing_or_late(big):
    m, d, _ = big
    rows = appendices(d)["V"]
    c = m.completeness
    assert len(rows) == 1 + len(c.missing) + len(c.late) + 1  # header, the named, one count
    by_name = {r[1]: r for r in rows[1:]}
    for u in c.missing:  # who did not report: every one by name
        assert by_name[m.units[u]][3] == "Chưa gửi báo cáo"
    for x in c.late:
        assert by_name[m.units[x.unit]][3] == f"Gửi chậm ({x.days_late} ngày)"
    counted = rows[-1]
    assert counted[0] == ""  # not numbered like a unit
    assert counted[1] == f"{so_vn(len(c.on_time))} cơ quan, đơn vị, địa phương"
    assert counted[3] == "Đúng hạn"
    assert counted[4] == "Danh sách tại sheet “Tình hình gửi báo cáo” của bảng tổng hợp tong-hop-2025.xlsx"
    assert [r[0] for r in rows[1:-1]] == [str(i) for i in range(1, len(rows) - 1)]
    on_time_names = {m.units[u] for u in c.on_time}
    assert not on_time_names & {cell for r in rows for cell in r}


def test_counts_in_the_body_are_written_the_vietnamese_way(loaded_catalog, tmp_path):
    """A count of a thousand or more reads 1.048, never 1048 (years stay 2025)."""
    m = national(on_time=1015)
    path = tmp_path / "bao-cao.docx"
    render_report(m, loaded_catalog, path, template=TEMPLATE)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    c = m.completeness
    assert len(c.expected) >= 1000
    want = f"báo cáo của {so_vn(len(c.received))}/{so_vn(len(c.expected))} "
    assert "." in want and want in text
    assert str(len(c.expected)) not in text
    assert "2025" in text and "2.025" not in text


def test_a_status_of_more_units_than_the_threshold_is_counted_the_others_named(loaded_catalog, tmp_path):
    at = national(on_time=MAX - 26, missing=0, late=0)  # the fixture has 26 on time: MAX on time in all
    assert len(at.completeness.on_time) == MAX
    rows = appendices(render(at, loaded_catalog, tmp_path / "at.docx"))["V"]
    assert len(rows) == 1 + len(at.completeness.expected)  # every unit, by name, in name order
    names = [r[1] for r in rows[1:]]
    assert names == sorted(names, key=str.casefold)
    over = national(on_time=MAX - 25, missing=0, late=0)
    rows = appendices(render(over, loaded_catalog, tmp_path / "over.docx"))["V"]
    assert rows[-1][1] == f"{so_vn(MAX + 1)} cơ quan, đơn vị, địa phương"
    assert rows[-1][3] == "Đúng hạn"
    assert len(rows) == 1 + len(MISSING) + 3 + 1


def test_many_missing_are_counted_with_where_the_list_is_and_said_in_the_body(loaded_catalog, tmp_path):
    m = national(on_time=10, missing=MAX + 50, late=0)
    d = render(m, loaded_catalog, tmp_path / "missing.docx")
    rows = appendices(d)["V"]
    n_missing = len(m.completeness.missing)
    missing_row = next(r for r in rows if r[3] == "Chưa gửi báo cáo")
    assert missing_row[1] == f"{n_missing} cơ quan, đơn vị, địa phương"
    assert "“Tình hình gửi báo cáo”" in missing_row[4]
    body = " ".join(p.text for p in d.paragraphs)
    assert f"{n_missing} cơ quan, đơn vị chưa gửi báo cáo" in body
    assert "chi tiết tại Phụ lục V" in body


# --------------------------------------------------------------------------- Phụ lục II and IV


def test_documents_count_a_large_status_and_name_the_units_that_have_not_issued(big):
    m, d, _ = big
    rows = appendices(d)["II"]
    issued = [r for r in rows if len(r) > 2 and r[2] == "Đã ban hành" and r[0] == ""]
    n_issued = sum(1 for x in m.documents if x.item == "VB01" and x.status == "Đã ban hành")
    assert [r[1] for r in issued] == [f"{so_vn(n_issued)} cơ quan, đơn vị, địa phương"]
    assert issued[0][5] == "Danh sách tại sheet “Ban hành văn bản” của bảng tổng hợp tong-hop-2025.xlsx"
    not_issued = {r[1].split("\n")[0] for r in rows if len(r) > 2 and r[2] == "Chưa ban hành"}
    assert not_issued == {name(i) for i in range(1, 5)}
    assert len(rows) < 40


def test_opinions_and_inspections_count_the_units_and_point_to_the_detail(big):
    m, d, _ = big
    rows = appendices(d)["IV"]
    names = {n for c, n in m.units.items() if c.startswith("X")}  # the communes added
    n_sent = len(m.completeness.on_time) - 26 + len(m.completeness.late) - 3
    shared = next(r for r in rows if len(r) > 1 and r[1] == SHARED)
    assert shared[2] == str(n_sent)
    assert shared[3] == "Danh sách tại sheet “Dữ liệu chi tiết” của bảng tổng hợp tong-hop-2025.xlsx"
    head = rows.index(["Khó khăn, vướng mắc"])
    numbered = []
    for r in rows[head + 1 :]:
        if len(r) == 1 or r[0] == "":
            break
        numbered.append(r)
    assert len(numbered) == MAX  # the first MAX points, each with the unit that made it
    assert all(r[2] == "1" and r[1] == own_point(r[3]) for r in numbered if r[3] in names)
    assert sum(r[3] in names for r in numbered) >= MAX - 1
    rest = rows[head + 1 + MAX]
    n_points = n_sent + 1  # every commune's own, and the fixture's one
    assert rest[1] == f"Các ý kiến khác ({n_points - MAX} ý kiến)"
    assert rest[3] == shared[3]
    inspections = rows[
        rows.index(["Các cuộc kiểm tra trong kỳ báo cáo (cột Số lượng: số cuộc kiểm tra)"]) + 1 :
    ]
    assert len(inspections) == 1
    n_units = n_sent + 2  # the communes and the fixture's two units inspecting in the period
    assert inspections[0][1] == f"Các cuộc kiểm tra của {n_units} cơ quan, đơn vị, địa phương"
    assert inspections[0][2] == str(n_sent + 3)


def test_a_cell_names_up_to_its_threshold_then_counts(loaded_catalog, tmp_path):
    cell = unit_lists.MAX_NAMES_IN_CELL
    for n, named in ((cell, True), (cell + 1, False)):
        m = national(on_time=n, missing=0, late=0)
        shared = next(
            r
            for r in appendices(render(m, loaded_catalog, tmp_path / f"{n}.docx"))["IV"]
            if r[1:2] == [SHARED]
        )
        assert shared[2] == str(n)
        if named:
            assert shared[3].split("; ") == [name(i) for i in range(1, n + 1)]
        else:
            assert shared[3] == "Danh sách tại sheet “Dữ liệu chi tiết” của bảng tổng hợp tong-hop-2025.xlsx"


def test_the_detail_list_in_a_csv_is_named_as_such(loaded_catalog, tmp_path):
    d = render(national(on_time=MAX + 10, detail_csv=True), loaded_catalog, tmp_path / "csv.docx")
    rows = appendices(d)
    shared = next(r for r in rows["IV"] if len(r) > 1 and r[1] == SHARED)
    assert shared[3] == "Danh sách tại tệp du-lieu-chi-tiet-2025.csv (cùng thư mục với bảng tổng hợp)"
    assert "sheet “Tình hình gửi báo cáo”" in rows["V"][-1][4]  # the reporting list stays in the workbook


def test_the_province_variant_counts_without_pointing_to_the_sos_workbook(big, loaded_catalog, tmp_path):
    m = big[0]
    d = render(m, loaded_catalog, tmp_path / "ubnd.docx", variant="ubnd-tinh")
    rows = appendices(d)["II"]
    counted = [r for r in rows if len(r) > 2 and r[0] == "" and r[2] == "Đã ban hành"]
    assert counted and all(r[5] == "" for r in counted)
    xml = zipfile.ZipFile(tmp_path / "ubnd.docx").read("word/document.xml").decode()
    assert "tong-hop-" not in xml and "Danh sách tại" not in xml


def test_the_pointers_name_sheets_the_workbook_has(letters_run):
    wb = openpyxl.load_workbook(letters_run.outputs["workbook"], read_only=True)
    try:
        sheets = set(wb.sheetnames)
    finally:
        wb.close()
    assert {labels.SHEET_REPORTING, labels.SHEET_DOCUMENTS, labels.SHEET_DETAIL} <= sheets
    assert letters_run.manifest.outputs["workbook"] == Path(letters_run.outputs["workbook"]).name


# --------------------------------------------------------------------------- the sample years


@pytest.fixture(scope="module")
def run_2025(loaded_catalog, tmp_path_factory):
    return run_year(
        loaded_catalog, year=2025, inputs_root=ROOT / "inputs", out_root=tmp_path_factory.mktemp("y2025")
    )


@pytest.mark.parametrize("year", [2024, 2025])
def test_sample_years_name_every_unit_as_before(
    year, letters_run, run_2025, loaded_catalog, tmp_path, monkeypatch
):
    """Under the threshold nothing is counted: the report is the same as with no threshold at all,
    and Phụ lục V names every unit asked."""
    m = (letters_run if year == 2024 else run_2025).manifest
    for variant in ("so-noi-vu", "ubnd-tinh"):
        render_report(m, loaded_catalog, tmp_path / f"{variant}.docx", variant=variant, template=TEMPLATE)
    monkeypatch.setattr(unit_lists, "MAX_LISTED", 10**9)
    monkeypatch.setattr(unit_lists, "MAX_NAMES_IN_CELL", 10**9)
    for variant in ("so-noi-vu", "ubnd-tinh"):
        render_report(m, loaded_catalog, tmp_path / f"{variant}-all.docx", variant=variant, template=TEMPLATE)
        a, b = (
            zipfile.ZipFile(tmp_path / f"{variant}{s}.docx").read("word/document.xml") for s in ("", "-all")
        )
        assert a == b
    d = docx.Document(str(tmp_path / "so-noi-vu.docx"))
    rows = appendices(d)["V"]
    assert len(rows) == 1 + len(m.completeness.expected)
    status = {r[1]: r[3] for r in rows[1:]}
    assert {status[m.units.get(u, u)] for u in m.completeness.missing} <= {"Chưa gửi báo cáo"}
    assert len(m.completeness.missing) >= 2
    assert "Danh sách tại" not in " ".join(c for r in rows for c in r)


# --------------------------------------------------------------------------- the units' points


def test_points_are_the_same_words_whatever_the_case_quotes_and_punctuation():
    pts = group_points(
        [
            ("A", "Tổ chức “Tháng Thanh niên” năm 2025; Khó khăn về kinh phí."),
            ("B", '- tổ chức "tháng thanh niên" năm 2025!\n khó khăn về kinh phí'),
            ("C", "Khó khăn về kinh phí; Mở 12 lớp tập huấn"),
            ("D", "Mở 30 lớp tập huấn."),
            ("E", "Mở 30 lớp tập huấn cho 2 xã"),  # two figures: a point of its own
        ]
    )
    by_text = {p.text: p for p in pts}
    assert [p.units for p in pts][:2] == [["A", "B", "C"], ["A", "B"]]
    assert pts[0].text == "Khó khăn về kinh phí"
    assert by_text["Tổ chức “Tháng Thanh niên” năm 2025"].units == ["A", "B"]
    merged = by_text["Mở lớp tập huấn"]
    assert merged.figures == {"C": 12.0, "D": 30.0} and merged.total == 42 and merged.word == "lớp"
    assert by_text["Mở 30 lớp tập huấn cho 2 xã"].units == ["E"]
    assert group_points([]) == [] and group_points([("A", " ; . ")]) == []


@pytest.mark.parametrize("sent", [[], ["HTN"]])
def test_requested_units_none_or_some_reported(loaded_catalog, tmp_path, sent):
    """Requested units that all stayed silent are said to have not reported, never "0/1 … ()"."""
    from .report_fixture import make_manifest

    m = make_manifest(2025)
    m.completeness.requested_received = sent
    path = tmp_path / "bao-cao.docx"
    render_report(m, loaded_catalog, path, template=TEMPLATE)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "()" not in text
    if sent:
        assert f"1/1 cơ quan, tổ chức được đề nghị phối hợp đã gửi báo cáo ({m.units['HTN']})." in text
    else:
        assert "Ngoài ra, 1 cơ quan, tổ chức được đề nghị phối hợp chưa gửi báo cáo." in text
