"""Issue 11: a report an official can sign. One test (or a few) per class of defect the review found:
period counting with lũy kế apart; missing vs not due; coverage; one base per concept; labels; money;
no internal code in anything a person reads; writing like a person; the UBND tỉnh variant; polish;
the date clamp; sample marking; comparison across a reorganisation; counts equal to the appendices;
the owing list, the workbook and the feedback forms; the Sở's wording in a phrase file.

Real files: forms built by the project's own template builder, run through ``run_year``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from openpyxl import load_workbook

from pipeline.catalog.query import CatalogView
from pipeline.checks.messages import MESSAGES
from pipeline.consolidate.facts import comparison
from pipeline.consolidate.run_year import default_as_of, run_year
from pipeline.manifest import Manifest
from pipeline.report.context import build_context, subject_lines
from pipeline.report.render import render_report
from pipeline.templates.build import build_workbook

from .conftest import ROOT
from .nd30 import all_text
from .report_fixture import make_manifest

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OLD = dt.datetime(2024, 11, 1, 9, 0, tzinfo=TZ).timestamp()
TEMPLATE = ROOT / "templates" / "report.docx"


def body_of(ctx) -> list[str]:
    return [b["noi_dung"] for b in ctx["than_bai"]] + [ctx["ket_thuc"]]


# --------------------------------------------------------------------------- a small real year


def _base(number: str) -> dict:
    return {
        ("so_ky_hieu", "gia_tri"): number,
        ("ngay_bao_cao", "gia_tri"): dt.date(2024, 11, 8),
        ("nguoi_lap", "gia_tri"): "Nguyễn Thị Lan",
        ("thu_truong", "gia_tri"): "Hoàng Văn Minh",
        ("tt_so_cuoc", "gia_tri"): 10,
        ("tt_so_luot_nguoi", "gia_tri"): 800,
        ("tt_so_tin_bai", "gia_tri"): 20,
        ("dn_chuyen_trach", "gia_tri"): 1,
        ("dn_kiem_nhiem", "gia_tri"): 2,
    }


def _ratio(code: str, part: float, whole: float) -> dict:
    return {
        (f"{code}.{i}", col): v for i, v in ((1, part), (2, whole)) for col in ("thuc_hien", "uoc_ca_nam")
    }


@pytest.fixture(scope="module")
def small_year(loaded_catalog, tmp_path_factory):
    """Four units of 2024, each planting one class of defect the old report hid."""
    root = tmp_path_factory.mktemp("truth")
    folder = root / "inputs" / "2024"
    folder.mkdir(parents=True)
    gen = dt.datetime(2024, 10, 1, 8, 0, tzinfo=TZ)

    def form(unit: str, values: dict) -> None:
        p = folder / f"{unit}.xlsx"
        build_workbook(loaded_catalog, 2024, unit, p, values=values, generated_at=gen)
        os.utime(p, (OLD, OLD))

    issued = "Đã ban hành"
    form("SNV", {
        **_base("5/BC-SNV"), **_ratio("CT01", 480, 500),
        ("VB01", "trang_thai"): issued, ("VB01", "so_ky_hieu_vb"): "55/KH-SNV", ("VB01", "ngay_ban_hanh"): dt.date(2022, 2, 21),
        ("VB02", "trang_thai"): issued, ("VB02", "so_ky_hieu_vb"): "83/KH-SNV", ("VB02", "ngay_ban_hanh"): dt.date(2024, 4, 16),
        ("VB04", "trang_thai"): issued, ("VB04", "so_ky_hieu_vb"): "14/KH-SNV", ("VB04", "ngay_ban_hanh"): dt.date(2024, 2, 16),
        ("VBK01", "noi_dung"): "Kế hoạch tổ chức Tháng Thanh niên", ("VBK01", "trang_thai"): issued,
        ("VBK01", "so_ky_hieu_vb"): "87/KH-SNV", ("VBK01", "ngay_ban_hanh"): dt.date(2023, 12, 1),  # before the period
        ("KT01", "noi_dung_kt"): "UBND huyện Cao Lộc", ("KT01", "ngay_kt"): dt.date(2024, 5, 6),
        ("KT02", "noi_dung_kt"): "UBND huyện Văn Lãng", ("KT02", "ngay_kt"): dt.date(2023, 11, 20),  # last year's
        ("kp_long_ghep", "gia_tri"): "Có",
    })  # fmt: skip
    form("H178", {
        **_base("101/BC-UBND"), **_ratio("CT10", 5000, 19000),
        ("tn_tong_so", "gia_tri"): 20000, ("tn_nu", "gia_tri"): 9800,  # CT10's whole says 19.000: one concept, two figures
        ("VB01", "trang_thai"): issued, ("VB01", "so_ky_hieu_vb"): "6/KH-UBND", ("VB01", "ngay_ban_hanh"): dt.date(2022, 2, 18),
        ("VB02", "trang_thai"): issued, ("VB02", "so_ky_hieu_vb"): "50/KH-UBND", ("VB02", "ngay_ban_hanh"): dt.date(2024, 12, 20),  # after
        ("VB03", "trang_thai"): issued, ("VB03", "so_ky_hieu_vb"): "83/HD-UBND",  # no date
        ("dt_da_to_chuc", "gia_tri"): "Có", ("dt_ngay", "gia_tri"): dt.date(2023, 12, 1), ("dt_so_thanh_nien", "gia_tri"): 150,
        ("kp_thuong_xuyen", "gia_tri"): 120.5, ("kp_long_ghep", "gia_tri"): "Không",
        ("KT01", "noi_dung_kt"): "UBND phường Tam Thanh", ("KT01", "ngay_kt"): dt.date(2024, 9, 3),
    })  # fmt: skip
    form("H180", {
        **_base("55/BC-UBND"), **_ratio("CT10", 3000, 12000),  # tn_tong_so left empty: not a zero
        ("dt_da_to_chuc", "gia_tri"): "Có", ("dt_ngay", "gia_tri"): dt.date(2024, 8, 16), ("dt_so_thanh_nien", "gia_tri"): 230,
        ("kp_thuong_xuyen", "gia_tri"): 300, ("kp_long_ghep", "gia_tri"): "Không",
    })  # fmt: skip
    form("STP", {**_base("9/BC-STP"), **_ratio("CT07", 700, 246000)})  # a second youth base
    result = run_year(loaded_catalog, year=2024, inputs_root=root / "inputs", out_root=root / "outputs",
                      as_of=dt.date(2024, 12, 14))  # fmt: skip
    ctx = {v: build_context(result.manifest, loaded_catalog.catalog, v) for v in ("so-noi-vu", "ubnd-tinh")}
    return result, ctx


@pytest.fixture(scope="module")
def sample_run(loaded_catalog, tmp_path_factory):
    """The shipped sample year, with no --as-of (the default cut-off)."""
    out = tmp_path_factory.mktemp("sample")
    return run_year(loaded_catalog, year=2024, inputs_root=ROOT / "inputs", out_root=out)


# --------------------------------------------------------------------------- period and lũy kế


def test_period_counts_by_own_date_and_says_cumulative_apart(small_year):
    result, ctx = small_year
    m = result.manifest
    assert (m.period.start, m.period.end) == (dt.date(2023, 12, 15), dt.date(2024, 12, 14))
    issued = {(d.unit, d.item): d.in_period for d in m.documents if d.status == "Đã ban hành"}
    assert issued[("SNV", "VB01")] is False and issued[("SNV", "VBK01")] is False  # 2022, 01/12/2023
    assert issued[("SNV", "VB02")] and issued[("SNV", "VB04")]
    assert issued[("H178", "VB02")] is False and issued[("H178", "VB03")] is None  # after the period, undated
    assert m.figures.documents_in_period == 2
    assert m.figures.inspections_in_period == 2 and m.figures.units_inspecting == 2
    assert m.figures.dialogues_held == 1  # H178's dialogue of 01/12/2023 is last year's
    text = "\n".join(body_of(ctx["so-noi-vu"]))
    assert "Trong kỳ báo cáo, các cơ quan, đơn vị, địa phương đã ban hành 2 văn bản" in text
    assert (
        "Lũy kế từ đầu giai đoạn 2021-2025 đến trước kỳ báo cáo, các cơ quan, đơn vị, địa phương đã ban hành 3 văn bản"
        in text
    )
    assert "Có 1 văn bản được báo cáo đã ban hành nhưng không ghi ngày ban hành" in text
    assert "Có 1 văn bản ghi ngày ban hành sau ngày 14/12/2024" in text
    assert "đã tổ chức 2 cuộc kiểm tra" in text
    assert "Có 1 cuộc kiểm tra ghi ngày ngoài kỳ báo cáo" in text
    assert "1/11 huyện, thành phố đã tổ chức đối thoại" in text
    assert "Có 1 cuộc đối thoại ghi ngày ngoài kỳ báo cáo" in text
    assert "Có 230 thanh niên tham dự" in text  # attendance of the dialogue counted only


# --------------------------------------------------------------------------- missing vs not due


def test_missing_is_not_not_due_and_names_who_owes(small_year):
    result, ctx = small_year
    p = {t.item: t for t in result.manifest.province}
    # CT20A heads for 2030 and is not due, but Sở Y tế sent nothing: missing first
    assert p["CT20A"].verdict == "chua_co_so_lieu" and not p["CT20A"].due
    assert p["CT07"].verdict == "chua_den_han"  # not due, with a figure
    rows = {r["ten"]: r for r in ctx["so-noi-vu"]["pl_muc_tieu"]}
    assert rows[p["CT20A"].name]["danh_gia"] == "Chưa có số liệu (Sở Y tế chưa gửi báo cáo)"
    text = "\n".join(body_of(ctx["so-noi-vu"]))
    assert f"- {p['CT20A'].name}: chưa có số liệu (Sở Y tế chưa gửi báo cáo)." in text
    # the plan column is never blank; a not-due target shows the value it heads for
    assert all(r["ke_hoach"] for r in rows.values())
    assert rows[p["CT07"].name]["ke_hoach"] == "> 70% (năm 2030)"
    assert rows[p["CT13"].name]["ke_hoach"] == "Chưa giao chỉ tiêu"


def test_body_counts_equal_the_appendix(small_year, sample_run, loaded_catalog):
    for m, ctx in (
        (small_year[0].manifest, small_year[1]["so-noi-vu"]),
        (sample_run.manifest, build_context(sample_run.manifest, loaded_catalog.catalog)),
    ):
        text = "\n".join(body_of(ctx))
        labels = [r["danh_gia"].split(" (")[0] for r in ctx["pl_muc_tieu"]]
        said = {
            "Chưa có số liệu": r"(\d+) chỉ tiêu chưa có số liệu",
            "Đạt": r"(\d+) chỉ tiêu đạt",
            "Chưa đạt": r"(\d+) chỉ tiêu chưa đạt kế hoạch",
            "Chưa đến hạn đánh giá": r"(\d+) chỉ tiêu có mục tiêu đến năm \d{4}, chưa đến hạn",
            "Chưa có chỉ tiêu năm": r"(\d+) chỉ tiêu chưa được giao chỉ tiêu năm",
        }
        for label, pattern in said.items():
            n = labels.count(label)
            found = re.search(pattern, text)
            assert (int(found.group(1)) if found else 0) == n, (label, n)
        assert len(ctx["pl_muc_tieu"]) == len(m.province)
        assert f"theo dõi {len(m.province)} mục tiêu, chỉ tiêu" in text
        # documents "in the period" = Phụ lục II rows issued and dated inside it
        start, end = m.period.start, m.period.end
        n_docs = sum(
            1 for r in ctx["pl_van_ban"]
            if r["tinh_hinh"] == "Đã ban hành" and r["ngay"]
            and start <= dt.datetime.strptime(r["ngay"], "%d/%m/%Y").date() <= end
        )  # fmt: skip
        assert f"đã ban hành {n_docs} văn bản triển khai" in text
        # inspections in the body = the inspections listed in Phụ lục IV
        i = next(k for k, r in enumerate(ctx["pl_y_kien"]) if r["nhom"].startswith("Các cuộc kiểm tra"))
        listed = sum(int(r["so"]) for r in ctx["pl_y_kien"][i + 1 :] if not r["nhom"])
        assert f"đã tổ chức {listed} cuộc kiểm tra" in text
        # reporting: Phụ lục V statuses
        sts = [r["tinh_hinh"] for r in ctx["pl_gui_bao_cao"]]
        c = m.completeness
        assert sts.count("Đúng hạn") == len(c.on_time) and sts.count("Chưa gửi báo cáo") == len(c.missing)
        assert f"trong đó {sts.count('Đúng hạn')} báo cáo đúng hạn" in text


# --------------------------------------------------------------------------- coverage


def test_coverage_is_said_and_no_answer_is_not_zero(small_year):
    result, ctx = small_year
    m = result.manifest
    cov = m.totals.coverage["tn_tong_so"]
    assert cov.answered == ["H178"] and cov.blank == ["H180"] and len(cov.expected) == 11
    text = "\n".join(body_of(ctx["so-noi-vu"]))
    assert "Theo báo cáo của 1/11 huyện, thành phố, trên địa bàn tỉnh có 20.000 thanh niên" in text
    assert "Số liệu trên chưa gồm Ủy ban nhân dân huyện Bình Gia" in text  # named, short list
    ct10 = next(t for t in m.province if t.item == "CT10")
    assert "mới tính theo số liệu của 2/11 huyện, thành phố" in text and len(ct10.suppliers) == 11
    # the workbook: H180's youth total is blank, never 0
    wb = load_workbook(result.out_dir / "tong-hop-2024.xlsx")
    ws = wb["Theo đơn vị"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=7, values_only=True) if r[1]}
    head = [c.value for c in ws[5]]
    col = head.index("Tổng số thanh niên (16-30 tuổi) trên địa bàn (người)")
    assert rows["Ủy ban nhân dân huyện Tràng Định"][col] is None
    assert rows["Ủy ban nhân dân thành phố Lạng Sơn"][col] == 20000


# --------------------------------------------------------------------------- one base per concept


def test_same_concept_asked_twice_warns_on_both_cells(small_year):
    result, ctx = small_year
    h178 = next(e for e in result.manifest.inputs if e.unit == "H178")
    f = [x for x in h178.findings if x.code == "SAME-CONCEPT-DIFFERS"]
    cells = {(x.sheet, x.cell) for x in f}
    assert ("Thông tin chung", next(x.cell for x in f if x.sheet == "Thông tin chung")) in cells
    assert sum(x.sheet == "Mục tiêu, chỉ tiêu" for x in f) == 2  # both columns of CT10.2
    assert all(x.severity == "warning" and "20.000" in x.message and "19.000" in x.message for x in f)
    assert all("tn_tong_so" not in x.message for x in f)
    text = "\n".join(body_of(ctx["so-noi-vu"]))
    # the province figure says its source; a ratio on another base says so
    assert (
        "được tính trên 246.000 thanh niên theo số liệu của Sở Tư pháp, khác với tổng số thanh niên 20.000"
        in text
    )
    assert "được tính trên 19.000 thanh niên" not in text  # CT10: its own units' base is checked on the form
    assert "Số liệu tổng số thanh niên giữa các nguồn chưa thống nhất." in text


# --------------------------------------------------------------------------- labels


def test_labels_say_what_each_column_holds(small_year, tmp_path, loaded_catalog):
    result, _ctx = small_year
    out = render_report(result.manifest, loaded_catalog, tmp_path / "r.docx", template=TEMPLATE)
    d = docx.Document(str(out))
    t = next(t for t in d.tables if "Mục tiêu, chỉ tiêu" in [c.text for c in t.rows[0].cells])
    head = [c.text for c in t.rows[0].cells]
    assert "Thực hiện đến thời điểm báo cáo" in head and "Ước thực hiện cả năm 2024" in head
    assert "Năm 2023 (số ước thực hiện, theo báo cáo năm 2023)" in head
    assert not any(h.startswith("Thực hiện năm") for h in head)


# --------------------------------------------------------------------------- money


def test_money_overlap_and_partial(small_year):
    _result, ctx = small_year
    text = "\n".join(body_of(ctx["so-noi-vu"]))
    assert "kinh phí thực hiện Chương trình trong kỳ báo cáo là 420,5 triệu đồng" in text
    assert "Có 1 sở, ban, ngành thực hiện lồng ghép, không tách riêng được kinh phí (Sở Nội vụ)" in text
    assert "số kinh phí trên mới là một phần" in text


def _labels(path: Path) -> set[str]:
    """Every text of the visible sheets of a form (row labels and column headers)."""
    wb = load_workbook(path)
    return {c.value for ws in wb.worksheets if ws.sheet_state == "visible" for row in ws.iter_rows()
            for c in row if isinstance(c.value, str)}  # fmt: skip


def test_undated_figures_are_asked_and_said_for_the_reporting_period(
    sample_run, loaded_catalog, tmp_path, monkeypatch
):
    """Trainings, funding, programme money and propaganda events carry no date of their own: the form
    asks each for the reporting period, with its dates from the catalog (wording in the forms' phrase
    file), and the report says them "trong kỳ báo cáo", never "năm Y" or "trong năm"."""
    catalog = loaded_catalog.catalog
    flagged = {f.key: f.label for s in catalog.sections for f in s.fields if f.in_period}
    assert {"dn_boi_duong", "kp_thuong_xuyen", "kp_ctmtqg", "kp_khac", "kp_ke_hoach", "kp_da_chi",
            "tt_so_cuoc"} <= set(flagged)  # fmt: skip
    view = CatalogView(catalog, 2025)
    assert (view.period_start, view.period_end) == (dt.date(2024, 12, 15), dt.date(2025, 12, 14))
    texts = _labels(build_workbook(loaded_catalog, 2025, "SNV", tmp_path / "snv.xlsx"))
    texts |= _labels(build_workbook(loaded_catalog, 2024, "H178", tmp_path / "h178.xlsx"))
    for key, label in flagged.items():
        asked = {t for t in texts if t.startswith(label)}
        assert asked and all("trong kỳ báo cáo (" in t for t in asked), (key, asked)
    assert "Số lượt được tập huấn, bồi dưỡng trong kỳ báo cáo (15/12/2024 – 14/12/2025)" in texts
    assert "Kinh phí đã thực hiện trong kỳ báo cáo (15/12/2024 – 14/12/2025)" in texts  # a column header
    assert "Ngân sách chi thường xuyên trong kỳ báo cáo (15/12/2023 – 14/12/2024)" in texts  # 2024's period
    # the wording is the Sở's: an edited phrase file changes the label, no Python edit
    (tmp_path / "templates").mkdir()
    text = (ROOT / "templates" / "cau-chu-bieu-mau.txt").read_text(encoding="utf-8")
    edited = text.replace(
        "{nhan} trong kỳ báo cáo ({tu_ngay} – {den_ngay})", "{nhan} (từ {tu_ngay} đến {den_ngay})"
    )
    assert edited != text
    (tmp_path / "templates" / "cau-chu-bieu-mau.txt").write_text(edited, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    texts = _labels(build_workbook(loaded_catalog, 2025, "SNV", tmp_path / "snv2.xlsx"))
    assert "Số lượt được tập huấn, bồi dưỡng (từ 15/12/2024 đến 14/12/2025)" in texts
    # the report: each of these figures "trong kỳ báo cáo"
    body = body_of(build_context(sample_run.manifest, catalog))
    said = {
        "tập huấn": "trong kỳ báo cáo có",
        "kinh phí thực hiện Chương trình": "kinh phí thực hiện Chương trình trong kỳ báo cáo là",
        "Kinh phí trong kỳ báo cáo của các chương trình": "Kinh phí trong kỳ báo cáo của các chương trình",
        "tuyên truyền, phổ biến": "trong kỳ báo cáo đã tổ chức",
    }
    for topic, words in said.items():
        lines = [x for x in body if topic in x and x.startswith(("Theo báo cáo", "Kinh phí"))]
        assert lines and all(words in x for x in lines), (topic, lines)
    y = sample_run.manifest.year
    money = [x for x in body if "kinh phí" in x.lower() and "triệu đồng" in x]
    assert money and not [x for x in money if f"năm {y} " in x or "trong năm" in x]
    assert not [x for x in body if "tập huấn" in x and "trong năm" in x]


# --------------------------------------------------------------------------- no internal codes


def _codes(catalog) -> tuple[re.Pattern, re.Pattern]:
    """(catalog codes and field keys, English finding codes and role codes) as whole words."""
    items = [i.code for i in [*catalog.documents, *catalog.targets, *catalog.programmes]]
    keys = {f.key for s in catalog.sections for f in s.fields} | {s.key for s in catalog.sections}
    units = [u.code for u in catalog.units]
    internal = sorted({*items, *keys, *units, "VBK01", "KT01"}, key=len, reverse=True)
    a = re.compile(r"(?<![\w/-])(" + "|".join(map(re.escape, internal)) + r")(?![\w/-])")
    english = sorted(
        {*MESSAGES, *(r.code for r in catalog.rules), "lead", "co", "local"}, key=len, reverse=True
    )
    b = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, english)) + r")(?![\w-])")
    return a, b


def test_no_internal_code_in_anything_a_person_reads(sample_run, loaded_catalog, tmp_path):
    catalog = loaded_catalog.catalog
    internal, english = _codes(catalog)
    out = sample_run.out_dir
    # the report, both variants: no code at all
    for variant in ("so-noi-vu", "ubnd-tinh"):
        p = render_report(sample_run.manifest, loaded_catalog, tmp_path / f"{variant}.docx", variant=variant,
                          template=TEMPLATE)  # fmt: skip
        text = all_text(docx.Document(str(p)))
        assert not internal.findall(text), (variant, sorted(set(internal.findall(text)))[:10])
        assert not english.findall(text), (variant, sorted(set(english.findall(text)))[:10])
    # the workbooks: a code only in a last "Mã…" column; a finding message may point at the row code
    # its form shows (dòng CT10.1), never a field key or an English code
    keys = re.compile(
        r"(?<![\w/-])("
        + "|".join(sorted({f.key for s in catalog.sections for f in s.fields}, key=len))
        + r")(?![\w/-])"
    )
    books = [
        out / "tong-hop-2024.xlsx",
        out / "danh-sach-chua-gui.xlsx",
        *sorted((out / "phan-hoi").glob("*.xlsx")),
    ]
    for path in books:
        wb = load_workbook(path)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            feedback_form = path.parent.name == "phan-hoi" and ws.title != "Đề nghị bổ sung"
            head_row = next((r for r in ws.iter_rows(min_row=1, max_row=8) if any(
                isinstance(c.value, str) and c.value in ("STT", "Cơ quan, đơn vị, địa phương", "Tệp") for c in r)), None)  # fmt: skip
            code_cols = (
                {c.column for c in head_row if isinstance(c.value, str) and c.value.startswith("Mã")}
                if head_row
                else set()
            )
            code_cols |= (
                {c.column for c in head_row if c.value == "Tệp"} if head_row else set()
            )  # file names as sent
            for row in ws.iter_rows():
                for c in row:
                    if not isinstance(c.value, str) or c.column in code_cols or feedback_form:
                        continue
                    where = (path.name, ws.title, c.coordinate, c.value[:80])
                    assert not english.findall(c.value), where
                    assert not keys.findall(c.value), where
                    assert not internal.findall(c.value), where  # messages too: names, never row codes
    # feedback forms: no column of codes on the list of what to fix; no code in any Excel comment
    for path in sorted((out / "phan-hoi").glob("*.xlsx")):
        wb = load_workbook(path)
        head = [c.value for c in wb["Đề nghị bổ sung"][5]]
        assert head[0] == "STT" and not [h for h in head if str(h).startswith("Mã")], head
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.comment:
                        where = (path.name, ws.title, c.coordinate, c.comment.text[:80])
                        assert not english.findall(c.comment.text), where
                        assert not internal.findall(c.comment.text), where


def _ptn(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "400", "PYTHONIOENCODING": "utf-8"}  # no line broken inside a name
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=600, env=env)  # fmt: skip


def _without_file_names(text: str, entries) -> str:
    """``text`` without the names of the files units sent (a file name is the sender's, e.g. «BC … - SNV.xls»)."""
    names = set()
    for e in entries:
        for p in (e.path, e.container or ""):
            for part in p.split("#"):
                if part:
                    names |= {part, part.rsplit("/", 1)[-1]}
    for n in sorted(names, key=len, reverse=True):
        text = text.replace(n, " ")
    return text


@pytest.fixture(scope="module")
def console_runs(tmp_path_factory):
    """``ptn check`` and ``ptn run`` on the sample years 2024 and 2025, as an officer runs them."""
    out = tmp_path_factory.mktemp("console") / "outputs"
    runs = {}
    for year, as_of in ((2024, "02/12/2024"), (2025, "05/12/2025")):
        check = _ptn("check", f"inputs/{year}", cwd=ROOT)
        run = _ptn("run", "--year", str(year), "--as-of", as_of, "--out", str(out), cwd=ROOT)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        m = Manifest.model_validate_json((out / str(year) / f"run-{year}.json").read_bytes())
        runs[year] = (check, run, m, out / str(year))
    return runs


def test_no_internal_code_on_the_console_or_in_any_finding(console_runs, loaded_catalog):
    """Issue 11/12: the console of ``ptn check`` and ``ptn run``, every finding message and every item of
    the owing list of the sample years 2024 and 2025 name things by their Vietnamese names – no English
    finding code, no catalog, unit or row code, no field key (codes stay in ``--json`` and the manifest)."""
    internal, english = _codes(loaded_catalog.catalog)
    seen = set()
    for year, (check, run, m, out) in console_runs.items():
        assert check.returncode == 1 and "Có lỗi" in check.stdout  # the planted faults are reported
        for name, proc in (("ptn check", check), ("ptn run", run)):
            text = _without_file_names(proc.stdout + proc.stderr, m.inputs)
            assert not english.findall(text), (year, name, sorted(set(english.findall(text))))
            assert not internal.findall(text), (year, name, sorted(set(internal.findall(text))))
        for e in m.inputs:
            for f in e.findings:
                seen.add(f.code)
                text = _without_file_names(f.message, m.inputs)
                assert not english.findall(text) and not internal.findall(text), (year, f.code, f.message)
        for o in m.owing:
            for x in o.owes:
                assert not english.findall(x.what) and not internal.findall(x.what), (year, o.unit, x.what)
        for path in sorted((out / "phan-hoi").glob("*.xlsx")):  # each feedback form's list and comments
            wb = load_workbook(path)
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        for text in (c.value if ws.title == "Đề nghị bổ sung" else None,
                                     c.comment.text if c.comment else None):  # fmt: skip
                            if isinstance(text, str):
                                assert not english.findall(text), (path.name, c.coordinate, text[:80])
                                assert not internal.findall(text), (path.name, c.coordinate, text[:80])
    # the scan saw the findings that used to name codes
    assert {"REQUIRED-EMPTY", "PART-GT-WHOLE", "VALUE-CONVERTED", "SUPERSEDED"} <= seen


# --------------------------------------------------------------------------- writing like a person


def test_writing_headings_comparisons_and_assessment(sample_run, loaded_catalog):
    m = sample_run.manifest
    ctx = build_context(m, loaded_catalog.catalog)
    items = [b["noi_dung"] for b in ctx["than_bai"]]
    text = "\n".join(items)
    # no heading promises what no form asks (thi đua, khen thưởng)
    assert not any("thi đua" in t.lower() for t in items)
    # key figures compared with the previous year; each due target with its 2025 value
    assert "so với năm 2023" in text and "(năm 2023: " in text
    assert "mục tiêu năm 2025: 100%" in text
    # đánh giá chung: ưu điểm, tồn tại, nguyên nhân khách quan / chủ quan
    for h in (
        "1. Ưu điểm",
        "2. Tồn tại, hạn chế",
        "3. Nguyên nhân",
        "a) Nguyên nhân khách quan",
        "b) Nguyên nhân chủ quan",
    ):
        assert h in items, h
    # a name followed by a number says what it counts
    for t in items:
        for name in m.units.values():
            assert not re.search(re.escape(name) + r" \(\d+\)", t), t
    # proposals are the Sở's own: no "Sở A, Sở B và N … khác: Đề nghị"
    assert not any(re.search(r"khác: Đề nghị", t) for t in items)


def test_empty_heading_is_dropped(loaded_catalog):
    m = make_manifest(2025)
    m = m.model_copy(update={"dialogues": [], "totals": m.totals.model_copy(update={"coverage": {}})})
    items = [b["noi_dung"] for b in build_context(m, loaded_catalog.catalog)["than_bai"]]
    assert not any(t.endswith("Đối thoại với thanh niên") for t in items)
    part = items[items.index("II. KẾT QUẢ THỰC HIỆN") + 1 : items.index("III. ĐÁNH GIÁ CHUNG")]
    numbers = [int(t.split(".")[0]) for t in part if re.match(r"^\d+\. ", t)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 8  # numbering stays continuous


# --------------------------------------------------------------------------- the UBND tỉnh variant


def test_ubnd_variant_speaks_as_the_province_with_state_management(sample_run, loaded_catalog):
    m = sample_run.manifest
    ctx = build_context(m, loaded_catalog.catalog, "ubnd-tinh")
    items = [b["noi_dung"] for b in ctx["than_bai"]]
    text = "\n".join(items)
    assert "II. CÔNG TÁC QUẢN LÝ NHÀ NƯỚC VỀ THANH NIÊN" in items
    for h in ("Ban hành văn bản quản lý nhà nước về thanh niên", "Tổ chức bộ máy và đội ngũ làm công tác thanh niên",
              "Thanh tra, kiểm tra", "Đối thoại với thanh niên", "Thống kê, báo cáo về thanh niên"):  # fmt: skip
        assert any(t.endswith(h) for t in items), h
    assert "quản lý nhà nước về thanh niên" in ctx["trich_yeu"]
    assert "Ủy ban nhân dân tỉnh Lạng Sơn kiến nghị như sau:" in text
    assert not any(t.endswith("Đối với Ủy ban nhân dân tỉnh") for t in items)
    # no names of late or missing provincial units, no list of inspecting units
    for u in m.completeness.missing:
        assert m.units[u] not in text
    for x in m.completeness.late:
        assert f"{m.units[x.unit]} chậm" not in text
    assert "(2 cuộc)" not in text and "cuộc kiểm tra tại Phụ lục IV" not in text
    assert ctx["ket_thuc"].endswith("kính gửi Bộ Nội vụ tổng hợp, theo dõi./.")
    assert not ctx["pl_gui_bao_cao"] and not ctx["pl_y_kien"]


# --------------------------------------------------------------------------- polish


def test_polish(sample_run, loaded_catalog):
    ctx = build_context(sample_run.manifest, loaded_catalog.catalog)
    text = "\n".join(body_of(ctx))
    lines = ctx["trich_yeu_dong"]
    assert (
        len(lines) == 2 and len(lines[1]) > 15 and " ".join(lines) == ctx["trich_yeu"]
    )  # no "năm 2024" alone
    assert subject_lines("Ngắn") == ["Ngắn"]
    assert "đã ban hành Kế hoạch số 14/KH-SNV" in text
    assert "kính trình" not in text and "kính báo cáo Ủy ban nhân dân tỉnh Lạng Sơn" in ctx["ket_thuc"]
    assert "11/11 huyện, thành phố" in text and "11/11 cơ quan" not in text
    changes = [r["so_sanh"] for r in ctx["pl_muc_tieu"] if "điểm %" in r["so_sanh"]]
    assert changes and all(re.fullmatch(r"[+-]?\d+,\d điểm %", c) for c in changes)


# --------------------------------------------------------------------------- dates


def test_default_cut_off_is_the_end_of_the_period_at_most(view2024, sample_run):
    assert default_as_of(view2024, dt.date(2026, 12, 4)) == dt.date(2024, 12, 14)
    assert default_as_of(view2024, dt.date(2024, 11, 20)) == dt.date(2024, 11, 20)
    m = sample_run.manifest  # run with no --as-of, long after 2024
    assert m.as_of == min(dt.datetime.now(TZ).date(), dt.date(2024, 12, 14))
    ctx = build_context(m, CatalogView(view2024.catalog, 2024).catalog)
    assert ctx["dia_danh_ngay"].endswith(f"tháng {m.as_of.month} năm {m.as_of.year}")
    assert ctx["kem_theo"].endswith(f"tháng {m.as_of.month} năm {m.as_of.year} của Sở Nội vụ")


def test_console_says_when_run_long_after_the_period(loaded_catalog):
    from pipeline.cli.run import late_run_note

    note = late_run_note(loaded_catalog, 2024, dt.date(2024, 12, 14), given=False, today=dt.date(2026, 12, 4))
    assert "14/12/2024" in note and "tháng 12/2024" in note and "--as-of" in note
    assert (
        late_run_note(loaded_catalog, 2024, dt.date(2024, 11, 20), given=False, today=dt.date(2024, 11, 20))
        == ""
    )
    assert (
        late_run_note(loaded_catalog, 2024, dt.date(2024, 11, 14), given=True, today=dt.date(2026, 1, 1))
        == ""
    )


# --------------------------------------------------------------------------- sample data


def test_sample_report_marked_on_every_page(sample_run, loaded_catalog, tmp_path):
    path = Path(sample_run.outputs["report"])
    d = docx.Document(str(path))
    assert sample_run.manifest.sample_data
    for s in d.sections:
        for h in (s.header, s.first_page_header):
            assert "DỮ LIỆU MẪU – không dùng để báo cáo" in "\n".join(p.text for p in h.paragraphs)
    real = sample_run.manifest.model_copy(update={"sample_data": False})
    out = render_report(real, loaded_catalog, tmp_path / "real.docx", template=TEMPLATE)
    d = docx.Document(str(out))
    for s in d.sections:
        for h in (s.header, s.first_page_header):
            assert "DỮ LIỆU MẪU" not in "\n".join(p.text for p in h.paragraphs)


# --------------------------------------------------------------------------- a reorganisation


def test_reorganised_units_compare_province_totals_only(loaded_catalog, tmp_path):
    """A constructed year whose reporting units differ from the year before (a district merged into a
    new commune-level unit): province totals compared only, said once; no unit-level comparison."""
    from pipeline.catalog.model import Unit

    cat = loaded_catalog.catalog
    units = [
        u.model_copy(update={"valid_to": dt.date(2024, 6, 30)}) if u.code == "H189" else u for u in cat.units
    ]
    units.append(
        Unit(code="X001", name="Ủy ban nhân dân xã Đình Lập", short_name="UBND xã Đình Lập", kind="commune",
             obligation="obliged", valid_from=dt.date(2024, 7, 1))
    )  # fmt: skip
    new = cat.model_copy(update={"units": units})
    cmp = comparison(CatalogView(new, 2024), CatalogView(new, 2023), "uoc_ca_nam")
    assert cmp.level == "province" and cmp.ended == ["H189"] and cmp.started == ["X001"]
    assert comparison(CatalogView(cat, 2024), CatalogView(cat, 2023), "uoc_ca_nam").level == "units"

    m = make_manifest(2025)
    from pipeline.manifest import Coverage, Totals

    whole = [f"H{i}" for i in range(12)]  # last year's districts
    prev = Totals(
        by_field={"tn_tong_so": 180000, "tt_so_cuoc": 1000},
        units_by_field={"tn_tong_so": 12, "tt_so_cuoc": 31},
        coverage={"tn_tong_so": Coverage(expected=whole, answered=whole)},
    )
    m = m.model_copy(update={"comparison": cmp, "previous_totals": prev,
                             "previous_by_unit": {"HCL": {"tn_tong_so": 20000}}})  # fmt: skip
    ctx = build_context(m, cat)
    items = body_of(ctx)
    said = [t for t in items if "chỉ so sánh với năm 2024 ở tổng số toàn tỉnh" in t]
    assert len(said) == 1 and "1 đơn vị thôi báo cáo, 1 đơn vị mới" in said[0]
    assert not any("Số liệu năm 2024 theo báo cáo của" in t for t in items)  # no per-unit scope comparison
    # a province total is compared only when every unit asked answered in both years: this year two
    # of 13 districts did not report (11/13 answered), so 186.420 is not set against last year's 180.000
    assert not any("tăng 3,6% so với năm 2024" in t for t in items)
    assert any(
        "Năm 2025 mới có 11/13" in t and "chưa so sánh tổng số toàn tỉnh với năm 2024" in t for t in items
    )
    cov = m.totals.coverage["tn_tong_so"]
    whole_now = cov.model_copy(update={"answered": cov.expected, "not_received": []})
    m = m.model_copy(
        update={
            "totals": m.totals.model_copy(update={"coverage": {**m.totals.coverage, "tn_tong_so": whole_now}})
        }
    )
    items = body_of(build_context(m, cat))
    assert any("tăng 3,6% so với năm 2024" in t for t in items)  # both years whole: a province total
    # counts of units, inspections, documents are of other units last year: no "(năm 2024: …)"
    from pipeline.manifest import KeyFigures

    m_counts = m.model_copy(update={"previous_figures": KeyFigures(documents_in_period=40,
                                    inspections_in_period=30, units_inspecting=20, dialogues_held=9)})  # fmt: skip
    assert not [t for t in body_of(build_context(m_counts, cat)) if "(năm 2024: " in t]
    half = prev.model_copy(update={"coverage": {"tn_tong_so": Coverage(expected=whole, answered=whole[:10])}})
    items = body_of(build_context(m.model_copy(update={"previous_totals": half}), cat))
    assert not any("tăng 3,6% so với năm 2024" in t for t in items)
    assert any("Năm 2024 mới có 10/12" in t and "chưa so sánh tổng số toàn tỉnh" in t for t in items), items
    # the workbook: last year's column holds the province total only
    from pipeline.writers.workbook import write_workbook

    path = write_workbook(m, CatalogView(cat, 2025), tmp_path / "tong-hop.xlsx")
    ws = load_workbook(path)["Theo đơn vị"]
    assert "cột năm 2024 chỉ có tổng số toàn tỉnh" in ws["A2"].value
    head = [c.value for c in ws[5]]
    col = head.index("Tổng số thanh niên (16-30 tuổi) trên địa bàn (người)") + 1  # its "Năm 2024" column
    rows = list(ws.iter_rows(min_row=7, values_only=True))
    assert next(r for r in rows if r[0] == "Tổng cộng")[col] == 180000
    assert not any(r[col] for r in rows if isinstance(r[0], int))  # no unit-level comparison


# --------------------------------------------------------------------------- lists and forms


def test_owing_list_for_the_reminder_letter(sample_run):
    m = sample_run.manifest
    owing = {o.unit: o for o in m.owing}
    assert {"SNGV", "TTRA"} <= set(owing) and owing["SNGV"].status == "Chưa gửi báo cáo"
    h180 = owing["H180"]
    assert "Báo cáo có lỗi cần sửa" in h180.status and h180.errors == 1 and h180.report_number
    assert h180.owes[0].cell and h180.owes[0].sheet == "Mục tiêu, chỉ tiêu"
    ctk = owing["CTK"]  # a requested unit owing target figures
    assert ctk.obligation == "requested" and "Chưa có số liệu chỉ tiêu" in ctk.status
    assert sum(o.what.startswith("Báo cáo kết quả") for o in ctk.owes) == 1  # said once
    ws = load_workbook(sample_run.out_dir / "danh-sach-chua-gui.xlsx").active
    head = [c.value for c in ws[5]]
    for col in ("Cơ quan, đơn vị, địa phương", "Tình trạng", "Nội dung còn thiếu, cần sửa", "Hạn gửi, bổ sung",
                "Số, ký hiệu báo cáo đã gửi", "Thư điện tử"):  # fmt: skip
        assert col in head
    names = [r[1] for r in ws.iter_rows(min_row=6, values_only=True) if r[1]]
    assert len(names) == len(m.owing) and "Cục Thống kê tỉnh" in names
    assert "hạn gửi, bổ sung đề nghị: 21/12/2024" in ws["A2"].value


def test_feedback_form_says_by_when_whom_and_which_cell(sample_run):
    wb = load_workbook(sample_run.out_dir / "phan-hoi" / "H180.xlsx")
    ws = wb["Đề nghị bổ sung"]
    assert wb.sheetnames[0] == "Đề nghị bổ sung"
    assert "gửi lại Sở Nội vụ trước ngày 21/12/2024" in ws["A2"].value
    assert ws["A3"].value.startswith("Người liên hệ:") and "snv@langson.gov.vn" in ws["A3"].value
    head = [c.value for c in ws[5]]
    assert head == ["STT", "Mức độ", "Sheet", "Ô cần sửa", "Ô đối chiếu", "Nội dung cần sửa"]
    row = [c.value for c in ws[6]]
    # part above whole in "thực hiện": the whole agrees with the other column – the part is to fix
    assert row[3] == "G8" and row[4] == "G9"
    targets = wb["Mục tiêu, chỉ tiêu"]
    assert targets["G8"].comment.text.startswith("Lỗi (cần sửa) – cần sửa ô này:")
    assert "đối chiếu" in targets["G9"].comment.text


def test_workbook_unit_sheet_totals_and_dates(sample_run):
    m = sample_run.manifest
    wb = load_workbook(sample_run.out_dir / "tong-hop-2024.xlsx")
    ws = wb["Theo đơn vị"]
    head = [c.value for c in ws[5]]
    sub = [c.value for c in ws[6]]
    rows = list(ws.iter_rows(min_row=7, values_only=True))
    total = next(r for r in rows if r[0] == "Tổng cộng")
    # a figure asked for the reporting period says so, as on the form; the period is in the subtitle
    col = head.index("Số cuộc tuyên truyền, phổ biến trong kỳ báo cáo (cuộc)")
    assert sub[col] == "Năm 2024" and sub[col + 1] == "Năm 2023"
    assert "(kỳ báo cáo 15/12/2023 – 14/12/2024)" in ws["A2"].value
    assert "Công chức làm công tác thanh niên chuyên trách (người)" in head  # a count at a date: no period
    progs = [c.value for c in wb["Chương trình, đề án, dự án"][5]]
    assert "Kinh phí đã thực hiện trong kỳ báo cáo (triệu đồng)" in progs
    assert total[col].startswith("=SUM(")
    data = [r for r in rows if isinstance(r[0], int)]
    assert sum(r[col] or 0 for r in data) == m.totals.by_field["tt_so_cuoc"]
    assert sum(r[col + 1] or 0 for r in data) == m.previous_totals.by_field["tt_so_cuoc"]
    assert head[-1] == "Mã" and not any(
        isinstance(r[1], str) and re.fullmatch(r"[A-Z0-9]+", r[1]) for r in data
    )
    ws = wb["Dữ liệu chi tiết"]
    dates = [r[4] for r in ws.iter_rows(min_row=6, values_only=True) if r[3] == "Ngày báo cáo"]
    assert dates and all(isinstance(d, dt.datetime) for d in dates)
    ws = wb["Tổng quan"]
    cats = [ws.cell(row=r, column=24).value for r in range(6, 30) if ws.cell(row=r, column=24).value]
    assert cats and not any(re.fullmatch(r"CT\d+[A-Z]?", c) for c in cats)


# --------------------------------------------------------------------------- the Sở's wording


def test_changing_a_phrase_changes_the_report_without_python(tmp_path, monkeypatch, loaded_catalog):
    """Edit one sentence in the phrase file, render: the report says it – no Python touched."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    m = make_manifest(2025)
    (tmp_path / "outputs" / "2025").mkdir(parents=True)
    (tmp_path / "outputs" / "2025" / "run-2025.json").write_text(m.model_dump_json(), encoding="utf-8")
    (tmp_path / "templates").mkdir()
    shutil.copy(TEMPLATE, tmp_path / "templates" / "report.docx")
    src = (ROOT / "templates" / "cau-chu-bao-cao.txt").read_text(encoding="utf-8")
    old = "kính báo cáo {kinh_gui} xem xét, chỉ đạo./."
    assert old in src
    edited = src.replace(old, "trân trọng báo cáo {kinh_gui} để chỉ đạo, phối hợp./.")
    (tmp_path / "templates" / "cau-chu-bao-cao.txt").write_text(edited, encoding="utf-8")
    shutil.copy(ROOT / "templates" / "cau-chu-phan-hoi.txt", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    plan = str(ROOT / "plans" / "kh-253-2021-2025.yaml")
    runner = CliRunner()
    assert runner.invoke(app, ["report", "lint", "templates/cau-chu-bao-cao.txt"]).exit_code == 0
    res = runner.invoke(app, ["report", "render", "--year", "2025", "--plan", plan])
    assert res.exit_code == 0, res.output
    text = all_text(docx.Document(str(tmp_path / "outputs" / "2025" / "bao-cao-2025.docx")))
    assert "trân trọng báo cáo Ủy ban nhân dân tỉnh Lạng Sơn để chỉ đạo, phối hợp./." in text
    assert "xem xét, chỉ đạo./." not in text
    # a broken edit is refused with the line to fix, and nothing is rendered
    (tmp_path / "templates" / "cau-chu-bao-cao.txt").write_text(
        edited.replace("{kinh_gui} để", "{kinh_gui_toi} để"), encoding="utf-8"
    )
    res = runner.invoke(app, ["report", "lint", "templates/cau-chu-bao-cao.txt"])
    assert res.exit_code == 1 and "kinh_gui_toi" in res.output and "Dòng" in res.output
    # an unknown entry is named on the console (the brackets of "[pl.…]" are not taken as markup)
    (tmp_path / "templates" / "cau-chu-bao-cao.txt").write_text(
        edited + "\n[pl.khong_co]\nx\n", encoding="utf-8"
    )
    res = runner.invoke(app, ["report", "lint", "templates/cau-chu-bao-cao.txt"])
    assert res.exit_code == 1 and "[pl.khong_co]" in res.output, res.output
    (tmp_path / "templates" / "cau-chu-bao-cao.txt").write_text(
        edited.replace("{kinh_gui} để", "{kinh_gui_toi} để"), encoding="utf-8"
    )
    res = runner.invoke(app, ["report", "render", "--year", "2025", "--plan", plan])
    assert res.exception is not None and "ptn report lint" in (res.exception.hint or "")


def test_shipped_phrase_files_pass_their_contracts():
    from pipeline import wording
    from pipeline.report import phrases
    from pipeline.writers import feedback

    assert phrases.lint(ROOT / "templates" / "cau-chu-bao-cao.txt") == []
    assert wording.check_file(ROOT / "templates" / "cau-chu-phan-hoi.txt", feedback.CONTRACT) == []


def test_units_with_one_inspection_each_are_not_named_as_holding_several(loaded_catalog):
    """ "Một số đơn vị tổ chức nhiều cuộc kiểm tra" names only units with two or more."""
    from pipeline.manifest import Inspection

    m = make_manifest(2025)
    one_each = [
        Inspection(unit=u, item="KT01", subject="Các xã", date=dt.date(2025, 6, 3), in_period=True)
        for u in ("SNV", "HCL", "HVL")
    ]
    items = body_of(build_context(m.model_copy(update={"inspections": one_each}), loaded_catalog.catalog))
    assert any("3 cuộc kiểm tra" in t for t in items), items
    assert not [t for t in items if "nhiều cuộc kiểm tra" in t or "(1 cuộc)" in t]
    two = [
        *one_each,
        Inspection(unit="SNV", item="KT02", subject="Sở", date=dt.date(2025, 9, 1), in_period=True),
    ]
    items = body_of(build_context(m.model_copy(update={"inspections": two}), loaded_catalog.catalog))
    several = [t for t in items if "nhiều cuộc kiểm tra" in t]
    assert len(several) == 1 and "(2 cuộc)" in several[0] and "(1 cuộc)" not in several[0]
