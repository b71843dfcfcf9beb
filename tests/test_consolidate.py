"""Consolidation golden test: a small fixed set of filled forms, province values computed by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from pipeline.consolidate.register import read_register
from pipeline.consolidate.run_year import run_year
from pipeline.forms.filler import wrap_eml
from pipeline.templates.build import build_workbook

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OLD = dt.datetime(2024, 11, 1, 9, 0, tzinfo=TZ).timestamp()  # file times: never make anyone late

INJECTION = '=HYPERLINK("http://x","y")'


def base(number: str) -> dict:
    return {
        ("so_ky_hieu", "gia_tri"): number,
        ("ngay_bao_cao", "gia_tri"): dt.date(2024, 11, 10),
        ("nguoi_lap", "gia_tri"): "Nguyễn Thị Lan",
        ("thu_truong", "gia_tri"): "Hoàng Văn Minh",
        ("tt_so_cuoc", "gia_tri"): 12,
        ("tt_so_luot_nguoi", "gia_tri"): 1500,
        ("tt_so_tin_bai", "gia_tri"): 30,
    }


def district(number: str, part: float, whole: float, extra: dict | None = None) -> dict:
    v = base(number)
    v.update(
        {
            ("tn_tong_so", "gia_tri"): 20000,
            ("tn_nu", "gia_tri"): 9000,
            ("CT10.1", "uoc_ca_nam"): part,
            ("CT10.2", "uoc_ca_nam"): whole,
            ("CT10.1", "thuc_hien"): part,
            ("CT10.2", "thuc_hien"): whole,
            ("dn_chuyen_trach", "gia_tri"): 1,
            ("dn_kiem_nhiem", "gia_tri"): 3,
            ("dt_da_to_chuc", "gia_tri"): "Có",
            ("KT01", "noi_dung_kt"): "Kiểm tra việc thực hiện Chương trình tại 3 xã",
            ("VB01", "trang_thai"): "Đã ban hành",
            ("VB02", "trang_thai"): "Đã ban hành",
            ("VB03", "trang_thai"): "Đã ban hành",
        }
    )
    v.update(extra or {})
    return v


def ratio(code: str, part: float, whole: float) -> dict:
    return {
        (f"{code}.1", "uoc_ca_nam"): part,
        (f"{code}.2", "uoc_ca_nam"): whole,
        (f"{code}.1", "thuc_hien"): part,
        (f"{code}.2", "thuc_hien"): whole,
    }


def department(number: str, extra: dict) -> dict:
    v = base(number)
    v.update(
        {
            ("dn_chuyen_trach", "gia_tri"): 0,
            ("dn_kiem_nhiem", "gia_tri"): 1,
            ("KT01", "noi_dung_kt"): "Kiểm tra lồng ghép",
            ("VB01", "trang_thai"): "Đã ban hành",
            ("VB02", "trang_thai"): "Đã ban hành",
        }
    )
    v.update(extra)
    return v


REGISTER_HEADER = [
    "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
    "Tên loại và trích yếu", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú",
]  # fmt: skip


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tone marks as combining characters."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in TONE_MARKS)
        base_ = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS))
        out.append(base_ + tones)
    return "".join(out).encode("cp1258")


def write_register_csv(path: Path, rows: list[tuple[str, str, str]]) -> None:
    """A register exported as Excel does on a Vietnamese Windows: ';' and Windows-1258."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(REGISTER_HEADER)
    for i, (day, author, number) in enumerate(rows, start=1):
        w.writerow(
            [
                day,
                str(i),
                author,
                number,
                day,
                "Báo cáo kết quả thực hiện Chương trình PTTN",
                "Phòng XDCQ",
                "",
                "",
                "",
            ]
        )
    path.write_bytes(to_cp1258(buf.getvalue()))


@pytest.fixture(scope="module")
def golden(loaded_catalog, tmp_path_factory):
    root = tmp_path_factory.mktemp("golden")
    folder = root / "inputs" / "2024"
    folder.mkdir(parents=True)
    gen = dt.datetime(2024, 10, 1, 8, 0, tzinfo=TZ)

    def form(unit: str, name: str, values: dict) -> Path:
        p = folder / name
        build_workbook(loaded_catalog, 2024, unit, p, values=values, generated_at=gen)
        os.utime(p, (OLD, OLD))
        return p

    # CT10 (sum over districts): 90/100 and 100/1000 → Σ = 190/1100 = 17,27% (mean of % would be 50%)
    form(
        "H178",
        "BC_TP_Lang_Son_2024.xlsx",
        district("101/BC-UBND", 90, 100, {("kho_khan", "gia_tri"): INJECTION}),
    )
    form("H180", "trang dinh.xlsx", district("55/BC-UBND", 100, 1000))
    # H181: a pair with an error (part above whole) – left out whole and listed
    form("H181", "binh gia.xlsx", district("77/BC-UBND", 500, 400))
    # the lead of CT10 also fills CT10 (not the figure source): never added in
    form(
        "SLDTBXH", "ldtbxh.xlsx",
        department("300/BC-SLĐTBXH", {**ratio("CT10", 5000, 5000), **ratio("CT11", 600, 1000), **ratio("CT12", 70, 100),
                                       ("CT13", "uoc_ca_nam"): 4200, ("CT13", "thuc_hien"): 3900}),
    )  # fmt: skip
    # CT02 due yearly (100%): 950/1000 → Chưa đạt; CT05 1000/1000 → Đạt. Sent late (register: 20/11)
    form(
        "SGDDT",
        "sgddt.xlsx",
        department("12/BC-SGDĐT", {**ratio("CT02", 950, 1000), **ratio("CT05", 1000, 1000)}),
    )
    # CT17 (> 80): 85/100 → Đạt; first file superseded by a corrected one
    form("SVHTTDL", "svhttdl_lan1.xlsx", department("20/BC-SVHTTDL", {**ratio("CT17", 50, 100)}))
    form("SVHTTDL", "svhttdl_lan2.xlsx", department("21/BC-SVHTTDL", {**ratio("CT17", 85, 100)}))
    # by e-mail after the deadline: late by the Date: header
    snv = root / "snv.xlsx"
    build_workbook(loaded_catalog, 2024, "SNV", snv, values=department("5/BC-SNV", ratio("CT01", 480, 500)),
                   generated_at=gen)  # fmt: skip
    wrap_eml([snv], folder / "thu-snv.eml", sender="snv@langson.gov.vn",
             date=dt.datetime(2024, 11, 18, 16, 30, tzinfo=TZ), subject="Báo cáo PTTN 2024")  # fmt: skip
    # not in the register, no e-mail: the file time is an estimate (even if after the deadline)
    p = form("STP", "stp.xlsx", department("9/BC-STP", ratio("CT07", 700, 1000)))
    late_time = dt.datetime(2024, 12, 20, 9, 0, tzinfo=TZ).timestamp()
    os.utime(p, (late_time, late_time))
    # requested unit that reported
    form("TDTN", "tinh-doan.xlsx", base("88-BC/TĐTN"))
    write_register_csv(
        folder / "so-van-ban-den.csv",
        [
            ("08/11/2024", "UBND thành phố Lạng Sơn", "101/BC-UBND"),
            ("14/11/2024", "UBND huyện Tràng Định", "55/BC-UBND"),
            ("12/11/2024", "UBND huyện Bình Gia", "77/BC-UBND"),
            ("13/11/2024", "Sở Lao động - Thương binh và Xã hội", "300/BC-SLĐTBXH"),
            ("20/11/2024", "Sở Giáo dục và Đào tạo", "12/BC-SGDĐT"),
            ("10/11/2024", "Sở Văn hóa, Thể thao và Du lịch", "20/BC-SVHTTDL"),
            ("13/11/2024", "Sở Văn hóa, Thể thao và Du lịch", "21/BC-SVHTTDL"),
            ("11/11/2024", "Tỉnh đoàn Lạng Sơn", "88-BC/TĐTN"),
        ],
    )
    before = {p: p.read_bytes() for p in folder.iterdir()}
    result = run_year(loaded_catalog, year=2024, inputs_root=root / "inputs", out_root=root / "outputs",
                      as_of=dt.date(2024, 12, 31))  # fmt: skip
    after = {p: p.read_bytes() for p in folder.iterdir()}
    return result, root, before == after


def province(result, code):
    return next(p for p in result.manifest.province if p.item == code)


def test_inputs_are_never_written(golden):
    assert golden[2]


def test_ratio_is_sum_of_parts_over_sum_of_wholes(golden):
    ct10 = province(golden[0], "CT10")
    assert ct10.numerator == 190 and ct10.denominator == 1100
    assert ct10.value == pytest.approx(190 / 1100 * 100, abs=1e-3)
    assert ct10.sources == ["H178", "H180"]
    assert ct10.excluded == ["H181"]  # part above whole: the pair is left out
    assert "SLDTBXH" not in ct10.sources  # the lead's own figure is not double-counted
    assert ct10.verdict == "chua_den_han"  # a 2030 target without baseline


def test_verdicts(golden):
    r = golden[0]
    assert province(r, "CT02").value == pytest.approx(95.0)
    assert province(r, "CT02").verdict == "chua_dat"
    assert province(r, "CT05").verdict == "dat"
    assert province(r, "CT17").value == pytest.approx(85.0)  # from the resubmission
    assert province(r, "CT17").verdict == "dat"  # "trên 80%": strict, met
    assert province(r, "CT01").value == pytest.approx(96.0)
    assert province(r, "CT01").verdict == "chua_dat"
    assert province(r, "CT13").value == 4200 and province(r, "CT13").verdict == "chua_co_chi_tieu"
    assert province(r, "CT03").verdict == "chua_co_so_lieu"


def test_completeness_lists(golden):
    c = golden[0].manifest.completeness
    assert len(c.expected) == 33
    assert set(c.received) == {"H178", "H180", "H181", "SLDTBXH", "SGDDT", "SVHTTDL", "SNV", "STP"}
    late = {x.unit: x for x in c.late}
    assert set(late) == {"SGDDT", "SNV"}
    assert late["SGDDT"].days_late == 6 and late["SGDDT"].received_at_source == "register"
    assert late["SNV"].days_late == 4 and late["SNV"].received_at_source == "email"
    assert "STP" in c.on_time  # mtime after the deadline never makes a unit late
    assert len(c.missing) == 33 - 8
    assert c.requested_received == ["TDTN"]
    assert "TDTN" not in c.expected


def test_mtime_is_an_estimate_with_a_finding(golden):
    stp = next(e for e in golden[0].manifest.inputs if e.unit == "STP")
    assert stp.received_at_source == "mtime"
    assert any(f.code == "RECEIPT-ESTIMATED" for f in stp.findings)


def test_superseded_resubmission(golden):
    inputs = {e.path.rsplit("/", 1)[-1]: e for e in golden[0].manifest.inputs}
    assert inputs["svhttdl_lan1.xlsx"].status == "superseded"
    assert inputs["svhttdl_lan1.xlsx"].superseded_by.endswith("svhttdl_lan2.xlsx")
    assert inputs["svhttdl_lan2.xlsx"].status == "accepted"


def test_part_above_whole_finding_and_feedback_marks_exactly_its_cells(golden):
    result = golden[0]
    h181 = next(e for e in result.manifest.inputs if e.unit == "H181")
    f = [x for x in h181.findings if x.code == "PART-GT-WHOLE"]
    assert f, [x.code for x in h181.findings]
    # the unit reads the words of its form, not "tử số / mẫu số"
    assert "“Số thanh niên được tư vấn” (500) lớn hơn “Tổng số thanh niên trên địa bàn” (400)" in f[0].message
    assert "tử số" not in f[0].message
    path = result.out_dir / "phan-hoi" / "H181.xlsx"
    assert path.is_file()
    wb = load_workbook(path)
    marked = {
        (ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment
    }
    expected = {(x.sheet, x.cell) for x in h181.findings if x.severity in ("error", "warning") and x.cell}
    assert expected and expected <= marked
    # the whole of each pair is marked too, as the cell to compare with (both columns say 500 > 400)
    wholes = {("Mục tiêu, chỉ tiêu", f"{x.cell[0]}{int(x.cell[1:]) + 1}") for x in f}
    assert marked <= expected | {(x.sheet, x.cell) for x in h181.findings} | wholes
    # pre-filled with what the unit sent
    ws = wb[f[0].sheet]
    assert ws[f[0].cell].value in (500, 400)


def test_injection_string_stays_text(golden):
    result = golden[0]
    wb = load_workbook(result.out_dir / "tong-hop-2024.xlsx")
    found = False
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value == INJECTION:
                    assert c.data_type == "s"
                    found = True
    assert found
    assert any(t.text == INJECTION for t in result.manifest.texts)


def test_every_valid_value_is_in_manifest_and_workbook(golden):
    result = golden[0]
    m = result.manifest
    wb = load_workbook(result.out_dir / "tong-hop-2024.xlsx", read_only=True)
    ws = wb["Dữ liệu chi tiết"]
    cells = {(r[8], r[6], r[7]): r[4] for r in ws.iter_rows(min_row=6, values_only=True) if r and r[8]}
    valid = [v for v in m.values if v.valid]
    assert len(valid) > 50
    for v in valid:
        assert (v.unit, v.sheet, v.cell) in cells, v
        got = cells[(v.unit, v.sheet, v.cell)]
        if isinstance(v.value, float | int):
            assert got == pytest.approx(v.value)


def test_manifest_is_deterministic_apart_from_timestamp(golden, loaded_catalog):
    result, root, _ = golden
    first = json.loads((result.out_dir / "run-2024.json").read_text(encoding="utf-8"))
    run_year(loaded_catalog, year=2024, inputs_root=root / "inputs", out_root=root / "outputs",
             as_of=dt.date(2024, 12, 31))  # fmt: skip
    second = json.loads((result.out_dir / "run-2024.json").read_text(encoding="utf-8"))
    first.pop("generated_at")
    second.pop("generated_at")
    assert first == second
    assert all("\\" not in e["path"] and not e["path"].startswith("/") for e in first["inputs"])


def test_register_cp1258_semicolon(tmp_path):
    p = tmp_path / "so-van-ban-den.csv"
    write_register_csv(p, [("20/11/2024", "Sở Giáo dục và Đào tạo", "12/BC-SGDĐT")])
    reg = read_register(p)
    assert reg.problems == []
    assert reg.entries[0].received == dt.date(2024, 11, 20)
    assert reg.entries[0].author == "Sở Giáo dục và Đào tạo"
    assert reg.entries[0].doc_number == "12/BC-SGDĐT"


def test_as_of_before_deadline_means_not_yet_due(golden, loaded_catalog, tmp_path):
    _, root, _ = golden
    r = run_year(loaded_catalog, year=2024, inputs_root=root / "inputs", out_root=tmp_path,
                 as_of=dt.date(2024, 11, 12), report=False)  # fmt: skip
    c = r.manifest.completeness
    assert c.missing == [] and "H180" in c.not_yet_due  # received 14/11: after the as-of date
    statuses = {e.path.rsplit("/", 1)[-1]: e.status for e in r.manifest.inputs}
    assert statuses["trang dinh.xlsx"] == "ignored"


def test_locked_output_gets_a_clear_message(golden, loaded_catalog):
    from pipeline.exitcodes import OutputLocked

    result, root, _ = golden
    lock = result.out_dir / "~$tong-hop-2024.xlsx"
    lock.write_bytes(b"owner")
    try:
        with pytest.raises(OutputLocked) as e:
            run_year(loaded_catalog, year=2024, inputs_root=root / "inputs", out_root=root / "outputs",
                     as_of=dt.date(2024, 12, 31))  # fmt: skip
        assert "Đóng tệp" in e.value.hint
    finally:
        lock.unlink()


def test_locked_feedback_form_stops_the_run_before_anything_is_written(golden, loaded_catalog):
    """An official has a unit's feedback form open in Excel: the run stops with OutputLocked before
    writing any output (not after the workbook, not by overwriting or deleting the open form)."""
    from pipeline.exitcodes import OutputLocked

    result, root, _ = golden
    feedback = result.out_dir / "phan-hoi" / "H181.xlsx"
    assert feedback.is_file()
    lock = feedback.with_name("~$" + feedback.name)
    lock.write_bytes(b"owner")
    workbook = result.out_dir / "tong-hop-2024.xlsx"
    before = (workbook.stat().st_mtime_ns, feedback.stat().st_mtime_ns)
    try:
        with pytest.raises(OutputLocked):
            run_year(loaded_catalog, year=2024, inputs_root=root / "inputs", out_root=root / "outputs",
                     as_of=dt.date(2024, 12, 31), report=False)  # fmt: skip
        assert (workbook.stat().st_mtime_ns, feedback.stat().st_mtime_ns) == before
    finally:
        lock.unlink()


@pytest.mark.parametrize(
    ("author", "unit"),
    [
        ("Văn phòng UBND tỉnh Lạng Sơn", "VPUBND"),
        ("Đài Phát thanh - Truyền hình Lạng Sơn", "DPTTH"),
        ("UBND TP Lạng Sơn", "H178"),
        ("Sở LĐTB&XH", "SLDTBXH"),
        ("Sở GD&ĐT tỉnh Lạng Sơn", "SGDDT"),
        ("Báo Lạng Sơn", "BLS"),
        ("Công ty TNHH ABC", None),
    ],
)
def test_register_authors_with_usual_abbreviations(view2024, author, unit):
    from pipeline.consolidate.receipt import unit_for_author

    assert unit_for_author(author, view2024) == unit


def _entry(path, unit, status, received, source, days_late):
    from pipeline.manifest import InputEntry

    return InputEntry(path=path, sha256=path, size=1, format="xlsx", unit=unit, status=status,
                      received_at=received, received_at_source=source, days_late=days_late)  # fmt: skip


def test_timeliness_is_judged_on_the_first_report(view2024):
    from pipeline.consolidate.completeness import completeness

    on_time = dt.datetime(2024, 11, 10, tzinfo=TZ)
    late = dt.datetime(2024, 11, 25, tzinfo=TZ)
    inputs = [
        _entry("a.xlsx", "SNV", "superseded", on_time, "register", 0),
        _entry("b.xlsx", "SNV", "accepted", late, "register", 11),  # a correction after the deadline
        _entry("c.xlsx", "STP", "accepted", late, "register", 11),
        _entry(
            "d.xlsx", "SYT", "superseded", dt.datetime(2024, 11, 1, tzinfo=TZ), "mtime", 0
        ),  # estimate only
        _entry("e.xlsx", "SYT", "accepted", late, "email", 11),
    ]
    c = completeness(view2024, inputs, dt.date(2024, 12, 31))
    assert "SNV" in c.on_time
    assert {x.unit for x in c.late} == {"STP", "SYT"}


def test_unrecognised_register_author_is_reported(loaded_catalog, tmp_path):
    from pipeline.catalog import CatalogView
    from pipeline.consolidate.receipt import assign_receipts

    p = tmp_path / "so-van-ban-den.csv"
    write_register_csv(p, [("10/11/2024", "Ban Chỉ đạo XYZ", "7/BC-XYZ")])
    reg = read_register(p)
    assign_receipts([], {}, reg, CatalogView(loaded_catalog.catalog, 2024), {})
    assert any("Ban Chỉ đạo XYZ" in line and "aliases" in line for line in reg.problems)


def test_register_is_recorded_with_its_hash(golden):
    m = golden[0].manifest
    assert m.incoming_register is not None
    assert m.incoming_register.path.endswith("so-van-ban-den.csv")
    assert len(m.incoming_register.sha256) == 64 and m.incoming_register.rows == 8


def test_large_jump_from_previous_year_is_a_warning(loaded_catalog, tmp_path):
    """DHIS2-style year-on-year rule: above the catalog's threshold (50%) → Cảnh báo on the cell."""
    gen = dt.datetime(2024, 10, 1, 8, 0, tzinfo=TZ)
    for year, lượt in ((2023, 1500), (2024, 4800)):
        folder = tmp_path / "inputs" / str(year)
        folder.mkdir(parents=True)
        values = {**district(f"{year}/BC-UBND", 90, 100), ("tt_so_luot_nguoi", "gia_tri"): lượt}
        build_workbook(loaded_catalog, year, "H178", folder / "h178.xlsx", values=values, generated_at=gen)
    r = run_year(loaded_catalog, year=2024, inputs_root=tmp_path / "inputs", out_root=tmp_path / "out",
                 as_of=dt.date(2024, 12, 31), report=False)  # fmt: skip
    entry = next(e for e in r.manifest.inputs if e.unit == "H178")
    jumps = [f for f in entry.findings if f.code == "OUTLIER-YOY"]
    assert [(f.sheet, f.field, f.severity) for f in jumps] == [
        ("Tuyên truyền", "tt_so_luot_nguoi", "warning")
    ]
    assert "1.500 → 4.800" in jumps[0].message and "+220%" in jumps[0].message
    assert r.manifest.previous_year == 2023
    assert r.manifest.previous_totals.by_field["tt_so_luot_nguoi"] == 1500


def test_summary_charts_plot_their_hidden_data(golden):
    """The chart data sits in hidden columns and the workbook is written in constant-memory mode (no
    cached values): the charts must be told to plot hidden data, or Excel and LibreOffice show nothing."""
    import zipfile

    with zipfile.ZipFile(golden[0].out_dir / "tong-hop-2024.xlsx") as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        for name in charts:
            # xlsxwriter leaves plotVisOnly out for "show hidden data"; val="1" would hide them
            assert b'<c:plotVisOnly val="1"/>' not in z.read(name), name


def test_empty_year_is_a_valid_run_where_everyone_is_missing(loaded_catalog, tmp_path):
    (tmp_path / "inputs" / "2024").mkdir(parents=True)
    stale = tmp_path / "out" / "2024" / "phan-hoi" / "H178.xlsx"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old feedback form of an earlier run")
    r = run_year(loaded_catalog, inputs_root=tmp_path / "inputs", out_root=tmp_path / "out",
                 as_of=dt.date(2024, 12, 31), report=False)  # fmt: skip
    assert r.manifest.year == 2024  # the latest inputs/<YYYY>/ present
    assert len(r.manifest.completeness.missing) == 33 and r.manifest.completeness.received == []
    assert not stale.exists()  # stale feedback of an earlier run is removed
    assert (tmp_path / "out" / "2024" / "tong-hop-2024.xlsx").is_file()


def _cli(*args, cwd):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)  # fmt: skip


def test_run_cli_exit_codes(tmp_path):
    from .conftest import ROOT

    (tmp_path / "inputs" / "2024").mkdir(parents=True)
    plan = str(ROOT / "plans" / "kh-253-2021-2025.yaml")
    missing = _cli("run", "--year", "2023", "--plan", plan, "--no-report", cwd=tmp_path)
    assert missing.returncode == 2 and "Gợi ý" in missing.stderr and "2023" in missing.stderr
    ok = _cli("run", "--plan", plan, "--no-report", "--as-of", "31/12/2024", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "Chưa gửi" in ok.stdout
    strict = _cli("run", "--plan", plan, "--no-report", "--as-of", "31/12/2024", "--strict", cwd=tmp_path)
    assert strict.returncode == 1  # obliged units missing
    bad_date = _cli("run", "--plan", plan, "--as-of", "32/13/2024", cwd=tmp_path)
    assert bad_date.returncode == 2 and "14/11/2024" in bad_date.stderr  # the hint shows the date format


def test_register_goes_through_the_bomb_guards(tmp_path):
    """The register is an untrusted file too: a zip bomb named so-van-ban-den.xlsx is refused, not parsed."""
    import time

    from .intake_files import xlsx_with_bomb

    p = tmp_path / "so-van-ban-den.xlsx"
    p.write_bytes(xlsx_with_bomb(2048, lie=True))
    t = time.perf_counter()
    reg = read_register(p)
    assert time.perf_counter() - t < 2
    assert reg.entries == [] and reg.problems and "sổ văn bản đến" in reg.problems[0]
    assert len(reg.sha256) == 64


def test_detail_csv_keeps_every_value_and_defuses_formulas(golden, loaded_catalog, tmp_path):
    """The national-size detail list (a CSV beside the workbook): one row per value, UTF-8 with BOM,
    numbers plain, a text that starts like a formula prefixed with ' so Excel never runs it."""
    from pipeline.catalog.query import CatalogView
    from pipeline.writers.workbook_units import DETAIL_HEADERS, write_detail_csv

    m = golden[0].manifest
    path = tmp_path / "chi-tiet.csv"
    write_detail_csv(m, CatalogView.of(loaded_catalog.catalog, m.year), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [h for h, _ in DETAIL_HEADERS]
    assert len(rows) == 1 + len(m.values)
    by_cell = {(r[8], r[6], r[7]): r for r in rows[1:]}
    for v in m.values:
        r = by_cell[(v.unit, v.sheet, v.cell)]
        assert r[0] == m.units[v.unit]
        if isinstance(v.value, float):
            assert float(r[4]) == pytest.approx(v.value)
        elif v.value == INJECTION:
            assert r[4] == "'" + INJECTION
    assert any(r[4] == "'" + INJECTION for r in rows[1:])


def test_few_collections_restores_the_collector_without_walking_what_the_run_made():
    """run_year's cycle-collector setting: thresholds and frozen objects as before on the way out, and
    the rows the run still holds in the oldest generation (restored, the collector would otherwise
    walk all of them at the next allocation)."""
    import gc

    from pipeline.consolidate.run_year import few_collections

    class Row:
        def __init__(self, i: int):
            self.values = [i]

    before = gc.get_threshold()
    with few_collections(first_generation=10**9):  # nothing is collected inside
        assert gc.get_threshold()[0] == 10**9
        rows = [Row(i) for i in range(20_000)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(rows[0]) in oldest and id(rows[-1].values) in oldest
