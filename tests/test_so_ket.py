"""The five-year review (issue 13) on the five sample years: its series equal the yearly manifests',
its lũy kế the sum of the yearly period counts, its report's figures the workbook's; a year is run
again only when its manifest is missing or stale; both report variants and the tờ trình follow ND 30."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.consolidate.run_year import run_year
from pipeline.exitcodes import UsageProblem
from pipeline.manifest import VERDICT_LABEL, Manifest
from pipeline.report.writing import so, value
from pipeline.so_ket.build import build, load_record, output_dir
from pipeline.so_ket.report.context import build_context
from pipeline.so_ket.report.phrases import lint as lint_phrases
from pipeline.so_ket.report.phrases import load as load_phrases
from pipeline.so_ket.sources import ensure_years, stale_reason

from . import nd30

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
YEARS = [2021, 2022, 2023, 2024, 2025]


@pytest.fixture(scope="module")
def run(loaded_catalog, tmp_path_factory):
    """``ptn so-ket`` on the sample years into an empty outputs folder: every year is run once."""
    out = tmp_path_factory.mktemp("so-ket") / "outputs"
    calls: list[int] = []

    def spy(loaded, **kw):
        calls.append(kw["year"])
        return run_year(loaded, **kw)

    result = build(loaded_catalog, inputs_root=INPUTS, out_root=out, run=spy)
    manifests = {
        y: Manifest.model_validate_json((out / str(y) / f"run-{y}.json").read_bytes()) for y in YEARS
    }
    return SimpleNamespace(result=result, out=out, calls=calls, m=manifests, dir=result.out_dir)


def _sheet_rows(path: Path, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    wb.close()
    return rows


def _header_index(rows: list[tuple], first: str) -> int:
    return next(i for i, r in enumerate(rows) if r and r[0] == first)


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


# --------------------------------------------------------------------------- sources


def test_first_review_runs_each_year_once_and_publishes_the_set(run):
    assert run.calls == YEARS
    names = sorted(p.name for p in run.dir.iterdir())
    assert names == [
        "bao-cao-so-ket-2021-2025-ubnd-tinh.docx",
        "bao-cao-so-ket-2021-2025.docx",
        "so-ket-2021-2025.json",
        "so-ket-2021-2025.xlsx",
        "to-trinh-so-ket-2021-2025.docx",
    ]
    rec = json.loads((run.dir / "so-ket-2021-2025.json").read_text(encoding="utf-8"))
    assert [y["year"] for y in rec["years"]] == YEARS
    assert all("chưa có kết quả tổng hợp" in y["rerun"] for y in rec["years"])


def test_a_review_with_fresh_manifests_reads_no_year_again(run, loaded_catalog):
    def refuse(*_a, **_k):
        raise AssertionError("no year should be run again")

    times = {y: (run.out / str(y) / f"run-{y}.json").stat().st_mtime_ns for y in YEARS}
    sources = ensure_years(loaded_catalog, YEARS, INPUTS, run.out, run=refuse)
    assert [s.rerun for s in sources.values()] == [""] * 5
    assert times == {y: (run.out / str(y) / f"run-{y}.json").stat().st_mtime_ns for y in YEARS}


def test_deleting_one_manifest_reruns_that_year_only(run, loaded_catalog):
    before = _sheet_rows(run.dir / "so-ket-2021-2025.xlsx", "Chuỗi chỉ tiêu")
    (run.out / "2023" / "run-2023.json").unlink()
    calls: list[int] = []

    def spy(loaded, **kw):
        calls.append(kw["year"])
        return run_year(loaded, **kw)

    result = build(loaded_catalog, inputs_root=INPUTS, out_root=run.out, run=spy)
    assert calls == [2023]
    assert set(result.rerun) == {2023} and "chưa có kết quả tổng hợp" in result.rerun[2023]
    after = _sheet_rows(result.out_dir / "so-ket-2021-2025.xlsx", "Chuỗi chỉ tiêu")
    assert after[5:] == before[5:]  # the same figures (the title rows name the run's date)


@pytest.fixture
def year_copy(run, tmp_path):
    """inputs/2021 and its manifest copied (the manifest names paths relative to the inputs' parent)."""
    shutil.copytree(INPUTS / "2021", tmp_path / "inputs" / "2021")
    (tmp_path / "outputs" / "2021").mkdir(parents=True)
    shutil.copy2(run.out / "2021" / "run-2021.json", tmp_path / "outputs" / "2021" / "run-2021.json")
    return tmp_path


def test_stale_when_an_input_is_added_changed_or_removed(loaded_catalog, year_copy):
    inputs, out = year_copy / "inputs", year_copy / "outputs"
    folder = inputs / "2021"
    assert stale_reason(loaded_catalog, 2021, inputs, out) == ""
    one = sorted(folder.glob("*.xlsx"))[0]
    one.touch()  # a newer time, the same bytes: not stale
    assert stale_reason(loaded_catalog, 2021, inputs, out) == ""
    (folder / "~$lock.xlsx").write_bytes(b"x")  # Excel's lock file is not an input
    assert stale_reason(loaded_catalog, 2021, inputs, out) == ""
    data = one.read_bytes()
    one.write_bytes(data + b"\0")
    assert "đã thay đổi" in stale_reason(loaded_catalog, 2021, inputs, out)
    one.write_bytes(data)
    (folder / "bao cao bo sung.xlsx").write_bytes(data)
    assert "có tệp mới" in stale_reason(loaded_catalog, 2021, inputs, out)
    (folder / "bao cao bo sung.xlsx").unlink()
    one.unlink()
    assert "không còn tệp" in stale_reason(loaded_catalog, 2021, inputs, out)


def test_stale_when_the_catalog_changed(loaded_catalog, year_copy):
    other = SimpleNamespace(catalog=loaded_catalog.catalog, short_hash="000000000000")
    reason = stale_reason(other, 2021, year_copy / "inputs", year_copy / "outputs")
    assert reason == "danh mục kế hoạch đã thay đổi sau lần tổng hợp trước"


def test_a_year_without_manifest_nor_inputs_stops_before_any_run(loaded_catalog, tmp_path):
    with pytest.raises(UsageProblem) as e:
        ensure_years(loaded_catalog, [2021], tmp_path / "inputs", tmp_path / "outputs", run=None)
    assert "năm 2021" in e.value.message and "--from" in e.value.hint


def test_years_outside_the_plan_are_a_usage_problem(loaded_catalog, tmp_path):
    with pytest.raises(UsageProblem):
        build(loaded_catalog, first=2019, inputs_root=INPUTS, out_root=tmp_path)


# --------------------------------------------------------------------------- the workbook


def test_workbook_series_equal_the_yearly_manifests(run):
    rows = _sheet_rows(run.dir / "so-ket-2021-2025.xlsx", "Chuỗi chỉ tiêu")
    head = _header_index(rows, "Mục tiêu, chỉ tiêu")
    got = {(r[0], r[1]): r for r in rows[head + 1 :] if r[0]}
    n = 0
    for y, m in run.m.items():
        for t in m.province:
            r = got[(t.name, y)]
            assert _close(r[3], t.target) and _close(r[4], t.numerator) and _close(r[5], t.denominator)
            assert _close(r[6], t.value) and _close(r[7], t.actual)
            assert r[8] == VERDICT_LABEL[t.verdict]
            assert r[9] == (f"{len(t.sources)}/{len(t.suppliers)}" if t.suppliers else None)
            n += 1
    assert n == len(got) == 5 * 21
    wide = _sheet_rows(run.dir / "so-ket-2021-2025.xlsx", "Chỉ tiêu qua các năm")
    head = _header_index(wide, "STT")
    assert wide[head][3:8] == tuple(f"Năm {y}" for y in YEARS)
    by_name = {r[1]: r for r in wide[head + 1 :] if r[1]}
    for y, m in run.m.items():
        for t in m.province:
            assert _close(by_name[t.name][3 + YEARS.index(y)], t.value)
    last = {t.name: t for t in run.m[2025].province}
    for name, r in by_name.items():
        assert r[9] == VERDICT_LABEL[last[name].verdict]  # the 2025 verdict against the 2025 value


def _block(rows: list[tuple], title: str) -> list[tuple]:
    """The data rows of a titled table of the Lũy kế sheet (after its header row, up to a blank row)."""
    i = next(i for i, r in enumerate(rows) if r and r[0] == title)
    out = []
    for r in rows[i + 2 :]:
        if not r or r[0] is None:
            break
        out.append(r)
    return out


def test_luy_ke_equals_the_sum_of_the_yearly_period_counts(run):
    rows = _sheet_rows(run.dir / "so-ket-2021-2025.xlsx", "Lũy kế")
    docs = _block(rows, "A. Văn bản triển khai ban hành trong kỳ báo cáo của từng năm")
    running = 0
    for r, y in zip(docs, YEARS, strict=True):
        m = run.m[y]
        in_period = sum(1 for d in m.documents if d.status == "Đã ban hành" and d.in_period)
        assert r[0] == str(y) and r[3] == m.figures.documents_in_period == in_period
        running += m.figures.documents_in_period
        assert r[4] == running
    assert running == 243
    flows = {
        r[0]: r
        for r in _block(
            rows, "B. Tuyên truyền, kiểm tra, đối thoại, bồi dưỡng (số liệu của từng năm và lũy kế)"
        )
    }
    checks = {
        "Cuộc kiểm tra trong kỳ báo cáo (cuộc)": lambda m: m.figures.inspections_in_period,
        "Lượt địa phương tổ chức đối thoại với thanh niên trong kỳ (lượt)": lambda m: (
            m.figures.dialogues_held
        ),
        "Cuộc tuyên truyền, phổ biến (cuộc)": lambda m: m.totals.by_field.get("tt_so_cuoc"),
        "Lượt người tham dự tuyên truyền (lượt người)": lambda m: m.totals.by_field.get("tt_so_luot_nguoi"),
        "Lượt công chức được tập huấn, bồi dưỡng (lượt người)": lambda m: m.totals.by_field.get(
            "dn_boi_duong"
        ),
    }
    for label, of in checks.items():
        r = flows[label]
        yearly = [of(run.m[y]) for y in YEARS]
        assert list(r[1:6]) == yearly
        assert _close(r[6], sum(x or 0 for x in yearly))
    money = {r[0]: r for r in _block(rows, "C. Kinh phí theo năm và theo nguồn (triệu đồng)")}
    for key, label in (
        ("kp_thuong_xuyen", "Ngân sách chi thường xuyên"),
        ("kp_ctmtqg", "Các chương trình mục tiêu quốc gia"),
    ):
        yearly = [run.m[y].totals.by_field.get(key) for y in YEARS]
        assert all(_close(a, b) for a, b in zip(money[label][1:6], yearly, strict=True))
        assert _close(money[label][6], sum(x or 0 for x in yearly))
    assert (
        "Chưa có số liệu năm 2025" in money["Các chương trình mục tiêu quốc gia"][7]
    )  # a year without says so
    spent = [sum(p.spent for p in run.m[y].programmes if p.spent is not None) for y in YEARS]
    row = money["Kinh phí đã thực hiện các chương trình, đề án, dự án"]
    assert [_close(a, b) for a, b in zip(row[1:6], spent, strict=True)] == [True] * 5
    assert _close(row[6], sum(spent))


def test_units_series_stop_at_the_reorganisation(run):
    rows = _sheet_rows(run.dir / "so-ket-2021-2025.xlsx", "Theo đơn vị")
    head = _header_index(rows, "Cơ quan, đơn vị, địa phương")
    header = rows[head]
    assert not any(re.fullmatch(r"(CT|VB|DA)\d+\w?", str(h)) for h in header)  # names, never codes
    data = [r for r in rows[head + 1 :] if r[0]]
    years_of: dict[str, list[int]] = {}
    for r in data:
        years_of.setdefault(r[0], []).append(r[2])
    assert years_of["Ủy ban nhân dân huyện Văn Quan"] == [2021, 2022, 2023, 2024]
    assert years_of["Ủy ban nhân dân xã Văn Quan"] == [2025]
    last_district = next(r for r in data if r[0] == "Ủy ban nhân dân huyện Văn Quan" and r[2] == 2024)
    assert "Không còn báo cáo từ năm 2025" in last_district[-1]
    snv_2025 = next(r for r in data if r[0] == "Sở Nội vụ" and r[2] == 2025)
    assert "gồm cả nhiệm vụ của Sở Lao động - Thương binh và Xã hội" in snv_2025[-1]
    col = header.index("Tổng số thanh niên (16-30 tuổi) trên địa bàn (người)")
    h181 = {r[2]: r[col] for r in data if r[0] == "Ủy ban nhân dân huyện Bình Gia"}
    for y in (2021, 2022, 2023, 2024):
        want = next(v.value for v in run.m[y].values if v.unit == "H181" and v.field == "tn_tong_so")
        assert h181[y] == want


def test_commendations_proposals_and_suggestions(run):
    rows = _sheet_rows(run.dir / "so-ket-2021-2025.xlsx", "Khen thưởng")
    props = _block(
        rows,
        "A. Tập thể, cá nhân do các cơ quan, đơn vị, địa phương đề xuất (sheet Đề xuất khen thưởng của báo cáo)",
    )
    names = [
        v.value
        for v in run.m[2025].values
        if v.section == "khen_thuong" and v.field == "noi_dung" and v.value
    ]
    assert len(props) == len(names) == 56
    assert sorted(r[2] for r in props) == sorted(names)
    assert all(r[7].startswith("inputs/2025/") and "Đề xuất khen thưởng!C" in r[7] for r in props)
    sugg = run.result.review.suggestions
    for _, s in sugg.iterrows():  # each suggestion holds by the manifests themselves
        assert len(s["years"]) >= 3
        for y in s["years"]:
            c = run.m[y].completeness
            assert s["unit"] in c.on_time and s["unit"] not in {x.unit for x in c.late}
    assert "SNGV" not in set(sugg["unit"]) and "H180" not in set(sugg["unit"])  # never / late in 2022
    assert "SNV" not in set(sugg["unit"])  # its own target (CT01) missed in 2022–2024


def test_sources_sheet_names_each_manifest_with_its_hash(run):
    import hashlib

    rows = _sheet_rows(run.dir / "so-ket-2021-2025.xlsx", "Nguồn số liệu")
    head = _header_index(rows, "Năm")
    for r in rows[head + 1 :]:
        if r[0] in YEARS:
            path = Path(r[1])
            assert r[9] == hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- the report


def _docx(path: Path):
    return docx.Document(str(path))


def _table_with(d, *heads: str):
    for t in d.tables:
        first = [c.text for c in t.rows[0].cells]
        if all(h in first for h in heads):
            return t
    raise AssertionError(heads)


@pytest.mark.parametrize("variant", ["so-noi-vu", "ubnd-tinh"])
def test_report_figures_equal_the_workbook(run, variant):
    name = (
        "bao-cao-so-ket-2021-2025.docx"
        if variant == "so-noi-vu"
        else "bao-cao-so-ket-2021-2025-ubnd-tinh.docx"
    )
    d = _docx(run.dir / name)
    wide = _sheet_rows(run.dir / "so-ket-2021-2025.xlsx", "Chỉ tiêu qua các năm")
    head = _header_index(wide, "STT")
    book = {r[1]: r for r in wide[head + 1 :] if r[1]}
    t = _table_with(d, "Mục tiêu, chỉ tiêu", "Năm 2021", "Năm 2025")
    seen = 0
    for row in t.rows[1:]:
        cells = [c.text for c in row.cells]
        w = book[cells[1]]
        assert cells[3:8] == [value(w[3 + i], w[2]) for i in range(5)], cells[1]
        assert cells[9] == w[9]  # the 2025 verdict
        seen += 1
    assert seen == len(book) == 21
    text = "\n".join(p.text for p in d.paragraphs)
    lk = _block(
        _sheet_rows(run.dir / "so-ket-2021-2025.xlsx", "Lũy kế"),
        "A. Văn bản triển khai ban hành trong kỳ báo cáo của từng năm",
    )
    assert f"đã ban hành {so(lk[-1][4])} văn bản" in text
    docs = _table_with(d, "Văn bản", "Lũy kế giai đoạn")
    assert docs.rows[-1].cells[1].text == "Tổng cộng" and docs.rows[-1].cells[-1].text == so(lk[-1][4])
    disc = _table_with(d, "Năm", "Phải báo cáo", "Tỷ lệ gửi báo cáo")
    dy = _block(
        _sheet_rows(run.dir / "so-ket-2021-2025.xlsx", "Gửi báo cáo"),
        "A. Theo năm (cơ quan, đơn vị, địa phương bắt buộc báo cáo)",
    )
    assert [[c.text for c in r.cells][:6] for r in disc.rows[1:]] == [
        [r[0], *(so(x) for x in r[1:6])] for r in dy
    ]


def _ctx(run, variant):
    return build_context(run.result.review, load_phrases(), variant)


def test_both_variants_follow_nd30(run):
    for variant, name, symbol, labels in (
        (
            "so-noi-vu",
            "bao-cao-so-ket-2021-2025.docx",
            "BC-SNV",
            ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV", "Phụ lục V"],
        ),
        (
            "ubnd-tinh",
            "bao-cao-so-ket-2021-2025-ubnd-tinh.docx",
            "BC-UBND",
            ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV"],
        ),
    ):
        path = run.dir / name
        nd30.report(path, _docx(path), _ctx(run, variant), symbol, labels)


def test_variants_differ_as_their_readers(run):
    sv = nd30.all_text(_docx(run.dir / "bao-cao-so-ket-2021-2025.docx"))
    ub = nd30.all_text(_docx(run.dir / "bao-cao-so-ket-2021-2025-ubnd-tinh.docx"))
    assert "Sở Ngoại vụ" in sv and "Sở Ngoại vụ" not in ub  # who did not report: the Sở's version only
    assert "Phùng Thị Dũng" in sv and "Phùng Thị Dũng" not in ub  # the commendation list: Phụ lục V
    assert "Kính gửi: Bộ Nội vụ." in ub and "TM. ỦY BAN NHÂN DÂN" in ub
    for text in (sv, ub):
        assert "DỰ THẢO" in text and "Sơ kết 05 năm thực hiện Chương trình" in text
        assert not re.search(r"\b(CT\d{2}[AB]?|VB\d{2}|DA\d{2}|DXKT\d{2}|H1\d{2}|SNGV|XVANQUAN)\b", text)
        assert "các huyện, thành phố" in text and "xã, phường" in text  # the series across 2025 said


def test_to_trinh_follows_nd30(run):
    path = run.dir / "to-trinh-so-ket-2021-2025.docx"
    from pipeline.so_ket.submission import submission_ctx

    ctx = submission_ctx(run.result.review, load_phrases())
    d = _docx(path)
    nd30.common(path, d, ctx)
    nd30.number_and_date(d, ctx, "TTr-SNV")
    nd30.title_and_subject(d, ctx, "TỜ TRÌNH")
    assert ctx["trich_yeu"] == (
        "Về việc ban hành Báo cáo sơ kết 05 năm thực hiện Chương trình phát triển thanh niên tỉnh Lạng Sơn "
        "giai đoạn 2021-2025"
    )
    text = nd30.all_text(d)
    assert "243 văn bản" in text and "17 tập thể, 39 cá nhân" in text


def test_cli_builds_from_fresh_manifests_and_says_what_it_used(run):
    r = CliRunner().invoke(app, ["so-ket", "--inputs", str(INPUTS), "--out", str(run.out)])
    assert r.exit_code == 0, r.output
    out = r.output
    assert "DỮ LIỆU MẪU" in out and "Sơ kết giai đoạn 2021–2025" in out
    assert all(f"Năm {y}: dùng kết quả tổng hợp" in out for y in YEARS)
    assert "so-ket-2021-2025/so-ket-2021-2025.xlsx\n" in out and "to-trinh-so-ket-2021-2025.docx\n" in out
    bad = CliRunner().invoke(
        app, ["so-ket", "--from", "2026", "--inputs", str(INPUTS), "--out", str(run.out)]
    )
    assert isinstance(bad.exception, UsageProblem) and "2021–2025" in bad.exception.hint  # exit 2 (main)


def test_render_numbers_a_signed_copy_from_the_record(run, loaded_catalog):
    r = CliRunner().invoke(
        app,
        [
            "so-ket",
            "render",
            "--variant",
            "ubnd-tinh",
            "--so",
            "7",
            "--ngay",
            "22/12/2025",
            "--out",
            str(run.out),
        ],
    )
    assert r.exit_code == 0, r.output
    d = _docx(run.dir / "bao-cao-so-ket-2021-2025-ubnd-tinh.docx")
    assert d.tables[0].cell(1, 0).paragraphs[0].text == "Số: 07/BC-UBND"
    assert d.tables[0].cell(1, 1).paragraphs[0].text == "Lạng Sơn, ngày 22 tháng 12 năm 2025"
    assert "DỰ THẢO" not in d.tables[0].cell(1, 0).text
    _rec, sources = load_record(run.out, 2021, 2025)
    assert sorted(sources) == YEARS
    m = run.out / "2024" / "run-2024.json"
    m.write_bytes(m.read_bytes() + b"\n")  # a year run again since: the record no longer holds
    with pytest.raises(UsageProblem, match="năm 2024 đã thay đổi"):
        load_record(run.out, 2021, 2025)


def test_fewer_years_drop_the_unused_year_columns(run, loaded_catalog):
    result = build(loaded_catalog, first=2023, last=2025, inputs_root=INPUTS, out_root=run.out, run=_no_run)
    assert result.out_dir == output_dir(run.out, 2023, 2025)
    d = _docx(result.out_dir / "bao-cao-so-ket-2023-2025.docx")
    t = _table_with(d, "Mục tiêu, chỉ tiêu", "Năm 2023", "Năm 2025")
    head = [c.text for c in t.rows[0].cells]
    assert "Năm 2021" not in head and "" not in head and len(head) == 3 + 3 + 5
    assert "Sơ kết 03 năm" in nd30.all_text(d)


def _no_run(*_a, **_k):
    raise AssertionError("no year should be run again")


# --------------------------------------------------------------------------- wording, template, CLI


def test_shipped_phrase_file_and_template_pass_lint():
    assert lint_phrases() == []
    r = CliRunner().invoke(app, ["so-ket", "lint"])
    assert r.exit_code == 0, r.output


def test_lint_names_a_broken_phrase_file(tmp_path):
    text = (ROOT / "templates" / "cau-chu-so-ket.txt").read_text(encoding="utf-8")
    bad = tmp_path / "cau-chu-so-ket.txt"
    bad.write_text(
        text.replace("{tong} văn bản triển khai", "{tong_so} văn bản triển khai"), encoding="utf-8"
    )
    r = CliRunner().invoke(app, ["so-ket", "lint", str(bad)])
    assert r.exit_code == 1 and "tong_so" in r.output and "van_ban.tong" in r.output


def test_the_2025_forms_carry_the_commendation_sheet(catalog):
    from pipeline.catalog.query import CatalogView

    for year, has in ((2024, False), (2025, True)):
        view = CatalogView(catalog, year)
        keys = {s.key for s in view.sections_for(view.unit("SNV"))}
        assert ("khen_thuong" in keys) is has
    commune = CatalogView(catalog, 2025).unit("XVANQUAN")
    assert "khen_thuong" in {s.key for s in CatalogView(catalog, 2025).sections_for(commune)}


@pytest.mark.libreoffice
def test_libreoffice_renders_both_variants(soffice, run, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import render_report_png as tools

    for name in ("bao-cao-so-ket-2021-2025.docx", "bao-cao-so-ket-2021-2025-ubnd-tinh.docx"):
        pdf = tools.docx_to_pdf(run.dir / name, tmp_path / name)
        assert tools.pdf_page_count(pdf) >= 8
        p1 = tools.pdf_text(pdf, 1)
        assert any(re.search(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\s*$", line) for line in p1.splitlines())
        lines = [t.strip() for t in p1.splitlines() if t.strip()]
        assert not any(re.fullmatch(r"\d{1,2}", t) for t in lines[:3])  # no number on page 1
        assert "Sơ kết 05 năm thực hiện Chương trình phát triển" in p1
        first = tools.find_page(pdf, "Phụ lục I")
        top = [t.strip() for t in tools.pdf_text(pdf, first).splitlines() if t.strip()]
        assert "Phụ lục I" in top[:3] and not re.fullmatch(r"\d+", top[0])
        plain = tools.pdf_text(pdf, first, layout=False)
        assert re.search(r"Năm\s+2021", plain) and re.search(r"Năm\s+2025", plain)
