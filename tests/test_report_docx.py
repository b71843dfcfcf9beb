"""The Word report: ND30-FORMAT.md §5 checklist on both variants, figures, escaping, lint, LibreOffice."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.exitcodes import UsageProblem
from pipeline.report.context import build_context
from pipeline.report.lint import lint_template
from pipeline.report.render import render_report
from pipeline.report.template_builder import build_template
from pipeline.vn import pct_vn, so_vn

from . import nd30
from .report_fixture import LATE, MISSING, TRICKY, make_manifest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "report.docx"
VARIANTS = {
    "so-noi-vu": {"so": None, "ngay": None},  # draft
    "ubnd-tinh": {"so": 5, "ngay": dt.date(2025, 11, 25)},
}


@pytest.fixture(scope="module")
def manifest():
    return make_manifest(2025)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, manifest, loaded_catalog):
    out = {}
    d = tmp_path_factory.mktemp("report")
    for key, kw in VARIANTS.items():
        path = render_report(
            manifest, loaded_catalog, d / f"{key}.docx", variant=key, template=TEMPLATE, **kw
        )
        ctx = build_context(manifest, loaded_catalog.catalog, key, so=kw["so"], ngay_bh=kw["ngay"])
        out[key] = (path, docx.Document(str(path)), ctx)
    return out


@pytest.fixture(params=list(VARIANTS))
def report(request, rendered):
    return rendered[request.param]


# --------------------------------------------------------------------------- helpers


def body_paragraphs(d, ctx):
    wanted = {b["noi_dung"] for b in ctx["than_bai"]} | {ctx["ket_thuc"]}
    return [p for p in d.paragraphs if p.text in wanted]


# --------------------------------------------------------------------------- ND30 §5 checklist
# The shared checks of tests/nd30.py (the letters use the same ones); what only a báo cáo has – its
# landscape appendices, its trích yếu on balanced lines, its appendix labels – is checked here.


def test_1_2_page_size_and_margins(report):
    _, d, ctx = report
    n_appendix = 5 if ctx["co_phu_luc_gui_bao_cao"] else 3
    assert len(d.sections) == 1 + n_appendix
    nd30.page_and_margins(d, appendices_landscape=True)


def test_3_page_number_from_page_2(report):
    _, d, _ = report
    nd30.page_numbers(d)  # PAGE centred 13–14 pt, none on page 1 of any section (appendices too)
    assert d.sections[0].first_page_header.is_linked_to_previous is False


def test_4_fonts_everywhere(report):
    path, d, _ = report
    nd30.fonts(path, d)


def test_5_header_table_borderless(report):
    _, d, _ = report
    nd30.header_table(d)


def test_6_quoc_hieu_tieu_ngu(report):
    _, d, _ = report
    nd30.quoc_hieu(d)


def test_7_issuer(report):
    _, d, ctx = report
    nd30.issuer(d, ctx)


def test_8_9_so_and_date_same_row(report):
    _, d, ctx = report
    so, date = nd30.number_and_date(d, ctx, ctx["ky_hieu"])
    assert re.fullmatch(r"BC-[A-ZĐ]+", ctx["ky_hieu"])
    if ctx["du_thao"]:
        assert re.match(r"^Số: \s+/BC-SNV$", so.text)
        assert re.match(r"^Lạng Sơn, ngày \s+ tháng 11 năm 2025$", date.text)
    else:
        assert so.text == "Số: 05/BC-UBND"
        assert date.text == "Lạng Sơn, ngày 25 tháng 11 năm 2025"


def test_10_title_and_subject(report):
    _, d, ctx = report
    ps = d.paragraphs
    i = next(i for i, p in enumerate(ps) if p.text == "BÁO CÁO")
    assert ps[i].alignment == nd30.C and nd30.all_bold(ps[i]) and nd30.size_pt(ps[i]) in (13, 14)
    ty = ps[i + 1]
    # one paragraph, its lines balanced and separated by line breaks
    assert ty.text == "\n".join(ctx["trich_yeu_dong"]) and " ".join(ctx["trich_yeu_dong"]) == ctx["trich_yeu"]
    assert ty.alignment == nd30.C and nd30.all_bold(ty) and ty.text != ty.text.upper()
    assert nd30.has_rule(ps[i + 2])
    assert any(p.text.startswith("Kính gửi: ") for p in ps[i + 2 : i + 8])


def test_11_body_paragraphs(report):
    _, d, ctx = report
    nd30.body(d, ctx, minimum=30)  # justified, indented, spaced, 13–14 pt; ./. kept with the signature
    for b, p in zip(ctx["than_bai"], body_paragraphs(d, ctx), strict=False):
        if b["cap"] == 1:  # a báo cáo's parts: I. in capitals, bold
            assert re.match(r"^[IVX]+\. ", p.text) and p.text == p.text.upper() and nd30.all_bold(p)


def test_12_noi_nhan(report):
    _, d, ctx = report
    nd30.noi_nhan(d, ctx)


def test_13_signature(report):
    _, d, ctx = report
    nd30.signature(d, ctx)


def test_14_appendices(report):
    _, d, ctx = report
    for s in d.sections[1:]:
        pg = s._sectPr.find(qn("w:pgNumType"))
        assert pg is not None and pg.get(qn("w:start")) == "1"
    ps = d.paragraphs
    labels = [i for i, p in enumerate(ps) if re.fullmatch(r"Phụ lục [IVX]+", p.text)]
    expected = ["Phụ lục I", "Phụ lục II", "Phụ lục III"] + (
        ["Phụ lục IV", "Phụ lục V"] if ctx["co_phu_luc_gui_bao_cao"] else []
    )
    assert [ps[i].text for i in labels] == expected
    for i in labels:
        assert nd30.all_bold(ps[i]) and nd30.size_pt(ps[i]) == 14 and ps[i].alignment == nd30.C
        title = ps[i + 1]
        assert title.text == title.text.upper() and nd30.all_bold(title)
        kem = ps[i + 2]
        assert (
            kem.text.startswith("(Kèm theo Báo cáo số ") and kem.text.endswith(")") and nd30.all_italic(kem)
        )
        assert ctx["ky_hieu"] in kem.text
    # each appendix starts its own section: the label is the first paragraph after a section break
    body = list(d.element.body)
    for i in labels:
        el = ps[i]._p
        prev = body[body.index(el) - 1]
        assert prev.find(qn("w:pPr")) is not None and prev.find(qn("w:pPr")).find(qn("w:sectPr")) is not None
    # body refers to each appendix
    text = "\n".join(b["noi_dung"] for b in ctx["than_bai"])
    for label in expected:
        assert f"{label})" in text or f"{label}." in text or f"{label} " in text


def test_15_sectpr_child_order(report):
    _, d, _ = report
    nd30.sectpr_order(d)


def test_16_nfc(report):
    path, _, _ = report
    nd30.nfc(path)


# --------------------------------------------------------------------------- figures and content


def test_figures_equal_manifest(rendered, manifest):
    tot = manifest.totals.by_field
    comp = manifest.completeness
    for key in VARIANTS:
        _, d, _ = rendered[key]
        text = nd30.all_text(d)
        assert f"{so_vn(tot['tn_tong_so'])} thanh niên" in text
        assert f"{so_vn(tot['tt_so_luot_nguoi'])} lượt người" in text  # 1.234.567
        assert "1.234.567" in text
        assert f"{so_vn(tot['tt_so_cuoc'])} cuộc" in text
        assert f"chiếm {pct_vn(100 * tot['tn_nu'] / tot['tn_tong_so'])}" in text
        # a target not reached, with its figure and its plan
        assert (
            "- Tỷ lệ thanh niên được tư vấn, giới thiệu việc làm: ước thực hiện cả năm 85,5%, chưa đạt"
            in text
        )
        assert "kế hoạch năm 2025 (90%)" in text
        assert "1 chỉ tiêu vượt, 1 chỉ tiêu đạt, 2 chỉ tiêu chưa đạt kế hoạch" in text
        assert f"{len(comp.received)}/{len(comp.expected)} cơ quan, đơn vị, địa phương" in text
        assert "29/33 cơ quan, đơn vị, địa phương" in text
        assert "4.300,5 triệu đồng" in text
    snv = nd30.all_text(rendered["so-noi-vu"][1])
    assert f"trong đó {len(comp.on_time)} báo cáo đúng hạn" in snv and "trong đó 26 báo cáo đúng hạn" in snv
    for u in MISSING:
        assert manifest.units[u] in snv
    assert "Sở Xây dựng chậm 8 ngày" in snv and len(LATE) == 3
    assert "chưa gửi báo cáo:" in snv and "Phụ lục V" in snv
    _ubnd_path, ubnd, ubnd_ctx = rendered["ubnd-tinh"]
    u = nd30.all_text(ubnd)
    # the province speaks: no names of late or missing units, no appendix of who reported
    assert "Phụ lục IV" not in u and "Phụ lục V" not in u
    for code in [*MISSING, *LATE]:
        assert manifest.units[code] not in [b["noi_dung"] for b in ubnd_ctx["than_bai"]]
        assert all(manifest.units[code] not in b["noi_dung"] for b in ubnd_ctx["than_bai"])
    assert "29/33 cơ quan, đơn vị, địa phương (đạt 87,9%)" in u
    assert sum("báo cáo đúng hạn" in b["noi_dung"] for b in ubnd_ctx["than_bai"]) == 1


def test_proposals_as_the_issuers_own_by_addressee(rendered):
    _, _d, ctx = rendered["so-noi-vu"]
    items = [b["noi_dung"] for b in ctx["than_bai"]]
    assert "1. Đối với Trung ương" in items and "2. Đối với Ủy ban nhân dân tỉnh" in items
    i = items.index("2. Đối với Ủy ban nhân dân tỉnh")
    # the proposal is said as the Sở's own, without the proposing unit's name (that is Phụ lục IV)
    assert items[i + 1] == "- Đề nghị bố trí kinh phí tổ chức đối thoại hằng năm."
    assert any("(chi tiết tại Phụ lục IV)" in t and "kiến nghị như sau" in t for t in items)
    rows = ctx["pl_y_kien"]
    row = next(r for r in rows if r["noi_dung"] == "Đề nghị bố trí kinh phí tổ chức đối thoại hằng năm")
    assert row["don_vi"] == "Ủy ban nhân dân thành phố Lạng Sơn"
    assert (
        "- Mô hình “Thanh niên khởi nghiệp với cây hồi” được nhân rộng (Ủy ban nhân dân huyện Cao Lộc)."
        in items
    )


def test_special_characters_render(rendered):
    for key in VARIANTS:
        path, _, _ = rendered[key]
        d = docx.Document(str(path))  # opens: the XML is well formed
        text = nd30.all_text(d)
        assert TRICKY in text  # & < and quotes, in the body and in the appendix table
        appendix_cells = [c.text for t in d.tables[2:] for row in t.rows for c in row.cells]
        assert TRICKY in appendix_cells
    snv = nd30.all_text(rendered["so-noi-vu"][1])
    assert "- Lưu: VT, XDCQ&CTTN." in snv
    assert "Kinh phí còn hạn chế & chưa có biên chế chuyên trách" in snv  # Phụ lục IV


def test_builder_output_renders(tmp_path, manifest, loaded_catalog):
    tpl = build_template(tmp_path / "report.docx")
    assert lint_template(tpl) == []
    out = render_report(manifest, loaded_catalog, tmp_path / "out.docx", template=tpl)
    assert "BÁO CÁO" in nd30.all_text(docx.Document(str(out)))
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # the temporary file was moved


# --------------------------------------------------------------------------- lint


def _edit_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    dst = tmp_path / name
    with zipfile.ZipFile(TEMPLATE) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert old in xml
                data = xml.replace(old, new, 1).encode("utf-8")
            zout.writestr(item, data)
    return dst


def test_committed_template_is_clean():
    assert lint_template(TEMPLATE) == []


def test_lint_catches_split_tag(tmp_path):
    bad = _edit_copy(
        tmp_path,
        "split.docx",
        "{{ dia_danh_ngay }}</w:t></w:r>",
        '{{ dia_danh_</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">ngay }}</w:t></w:r>',
    )
    problems = lint_template(bad)
    assert any("tách" in p and "dia_danh_" in p for p in problems), problems
    assert all(p.isascii() is False for p in problems)


def test_lint_catches_unknown_variable(tmp_path):
    bad = _edit_copy(tmp_path, "unknown.docx", "{{ dia_danh_ngay }}", "{{ dia_danh_ngay_bh }}")
    problems = lint_template(bad)
    assert any("dia_danh_ngay_bh" in p and "không có" in p for p in problems), problems
    assert any("thiếu biến bắt buộc" in p and "dia_danh_ngay" in p for p in problems), problems


def test_lint_catches_syntax_error(tmp_path):
    bad = _edit_copy(tmp_path, "syntax.docx", "{%p endfor %}", "{%p endfo %}")
    problems = lint_template(bad)
    assert any("cú pháp" in p for p in problems), problems


def test_cli_lint_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["report", "lint", str(TEMPLATE)])
    assert ok.exit_code == 0, ok.output
    bad = _edit_copy(tmp_path, "unknown.docx", "{{ dia_danh_ngay }}", "{{ tieu_de }}")
    res = runner.invoke(app, ["report", "lint", str(bad)])
    assert res.exit_code == 1
    assert "tieu_de" in res.output


# --------------------------------------------------------------------------- CLI render


def test_cli_render(tmp_path, monkeypatch, manifest):
    (tmp_path / "outputs" / "2025").mkdir(parents=True)
    (tmp_path / "outputs" / "2025" / "run-2025.json").write_text(manifest.model_dump_json(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    plan = str(ROOT / "plans" / "kh-253-2021-2025.yaml")
    res = runner.invoke(app, ["report", "render", "--year", "2025", "--plan", plan])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "outputs" / "2025" / "bao-cao-2025.docx").is_file()
    res = runner.invoke(
        app,
        ["report", "render", "--plan", plan, "--variant", "ubnd-tinh", "--so", "7", "--ngay", "03/12/2025"],
    )
    assert res.exit_code == 0, res.output
    d = docx.Document(str(tmp_path / "outputs" / "2025" / "bao-cao-2025-ubnd-tinh.docx"))
    assert d.tables[0].cell(1, 0).paragraphs[0].text == "Số: 07/BC-UBND"
    assert d.tables[0].cell(1, 1).paragraphs[0].text == "Lạng Sơn, ngày 03 tháng 12 năm 2025"
    assert "DỰ THẢO" not in d.tables[0].cell(1, 0).text
    res = runner.invoke(app, ["report", "render", "--year", "2024", "--plan", plan])
    assert isinstance(res.exception, UsageProblem)
    assert "ptn run" in (res.exception.hint or "")
    res = runner.invoke(app, ["report", "render", "--plan", plan, "--ngay", "31/02/2025"])
    assert isinstance(res.exception, UsageProblem)


# --------------------------------------------------------------------------- LibreOffice


def _pdf_tools():
    sys.path.insert(0, str(ROOT / "scripts"))
    import render_report_png

    return render_report_png


@pytest.mark.libreoffice
def test_libreoffice_pdf(soffice, rendered, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    tools = _pdf_tools()
    for key in VARIANTS:
        path, _, _ctx = rendered[key]
        pdf = tools.docx_to_pdf(path, tmp_path / key)
        n = tools.pdf_page_count(pdf)
        assert n >= 5, n
        p1 = tools.pdf_text(pdf, 1)
        assert any(re.search(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\s*$", line) for line in p1.splitlines()), (
            p1[:600]
        )
        assert "Độc lập - Tự do - Hạnh phúc" in p1
        lines1 = [t.strip() for t in p1.splitlines() if t.strip()]
        assert not re.fullmatch(r"\d+", lines1[0])  # no page number on page 1
        assert not any(re.fullmatch(r"\d{1,2}", t) for t in lines1[:3])
        lines2 = [t.strip() for t in tools.pdf_text(pdf, 2).splitlines() if t.strip()]
        assert lines2[0] == "2"
        # each appendix restarts at 1 and shows no number on its first page
        first_pl = tools.find_page(pdf, "Phụ lục I")
        assert first_pl and first_pl > 1
        top = next(t.strip() for t in tools.pdf_text(pdf, first_pl).splitlines() if t.strip())
        assert top == "Phụ lục I"


@pytest.mark.libreoffice
def test_png_script(soffice, rendered, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed")
    tools = _pdf_tools()
    pngs = tools.render_pngs(rendered["so-noi-vu"][0], tmp_path, prefix="x", dpi=30)
    assert [p.name for p in pngs] == ["x-trang-1.png", "x-phu-luc.png"]
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in pngs)


def test_chart_appendix(tmp_path, manifest, loaded_catalog):
    pytest.importorskip("matplotlib")
    out = render_report(manifest, loaded_catalog, tmp_path / "c.docx", template=TEMPLATE, charts=True)
    d = docx.Document(str(out))
    assert len(d.sections) == 7
    assert any(p.text == "Phụ lục VI" for p in d.paragraphs)
    last = d.sections[-1]
    assert last.orientation == WD_ORIENT.LANDSCAPE
    assert last._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    with zipfile.ZipFile(out) as z:
        assert sum(n.startswith("word/media/") for n in z.namelist()) == 2


@pytest.mark.libreoffice
def test_template_resaved_by_libreoffice_still_works(soffice, tmp_path, manifest, loaded_catalog):
    """A hand-edited copy: LibreOffice re-saves the template (moves section breaks onto tag paragraphs)."""
    import tempfile

    src = tmp_path / "tpl.docx"
    shutil.copy(TEMPLATE, src)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(tmp_path / "lo"),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    edited = tmp_path / "lo" / "tpl.docx"
    assert lint_template(edited) == []
    for key, n_sections in (("so-noi-vu", 6), ("ubnd-tinh", 4)):
        out = render_report(manifest, loaded_catalog, tmp_path / f"{key}.docx", variant=key, template=edited)
        d = docx.Document(str(out))
        assert len(d.sections) == n_sections
        assert d.tables[0].cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        assert all(s.orientation == WD_ORIENT.LANDSCAPE for s in d.sections[1:])


def test_empty_manifest_renders(tmp_path, manifest, loaded_catalog):
    """Nothing received yet: every part says so, the appendices hold one 'Chưa có số liệu' row."""
    from pipeline.manifest import Completeness, Totals

    empty = manifest.model_copy(
        update={
            "inputs": [],
            "values": [],
            "province": [],
            "documents": [],
            "programmes": [],
            "texts": [],
            "totals": Totals(),
            "completeness": Completeness(
                expected=["SNV", "HCL"], received=[], on_time=[], late=[], missing=["SNV", "HCL"]
            ),
        }
    )
    for key in VARIANTS:
        out = render_report(empty, loaded_catalog, tmp_path / f"{key}.docx", variant=key, template=TEMPLATE)
        text = nd30.all_text(docx.Document(str(out)))
        assert "0/2 cơ quan, đơn vị, địa phương" in text
        assert "Chưa có số liệu" in text
        assert "./." in text


# --------------------------------------------------------------------------- a compact body


def _body(manifest, loaded_catalog, variant="so-noi-vu") -> list[str]:
    return [b["noi_dung"] for b in build_context(manifest, loaded_catalog.catalog, variant)["than_bai"]]


def test_same_point_of_several_units_said_once(manifest, loaded_catalog):
    from pipeline.manifest import UnitText

    said = "Số liệu thống kê về thanh niên chưa đồng bộ giữa các ngành"
    texts = [
        UnitText(unit="SYT", unit_name="Sở Y tế", field="kq_noi_bat", text=f"{said}; Địa bàn rộng."),
        UnitText(unit="STP", unit_name="Sở Tư pháp", field="kq_noi_bat", text=f"  {said.lower()}.\n"),
        UnitText(unit="SXD", unit_name="Sở Xây dựng", field="kq_noi_bat", text="Địa bàn rộng; địa bàn rộng."),
        UnitText(unit="SCT", unit_name="Sở Công Thương", field="kq_noi_bat", text="Tổ chức 12 lớp tập huấn."),
        UnitText(unit="SNV", unit_name="Sở Nội vụ", field="kq_noi_bat", text="Tổ chức 7 lớp tập huấn."),
    ]
    items = _body(manifest.model_copy(update={"texts": texts}), loaded_catalog)
    text = "\n".join(items)
    # one sentence with how many units made the point and who, not one per unit
    assert f"- {said} (2 sở, ban, ngành, tiêu biểu: Sở Tư pháp và Sở Y tế)." in items
    assert text.count("chưa đồng bộ") == 1
    # points are de-duplicated inside a unit's text and across units
    assert "- Địa bàn rộng (2 sở, ban, ngành, tiêu biểu: Sở Xây dựng và Sở Y tế)." in items
    assert text.lower().count("địa bàn rộng") == 1
    # the same point with another figure: summed, and each figure says what it counts
    assert (
        "- Tổ chức lớp tập huấn: 2 sở, ban, ngành báo cáo, tổng cộng 19 lớp "
        "(nhiều nhất: Sở Công Thương 12 lớp và Sở Nội vụ 7 lớp)." in items
    )
    # deterministic: the order of the manifest's texts does not matter
    again = _body(manifest.model_copy(update={"texts": texts[::-1]}), loaded_catalog)
    assert again == items


def test_many_units_a_count_and_three_names(manifest, loaded_catalog):
    """Writing like a person: a point twenty units made is a count and three names, the full list
    in Phụ lục IV; a unit's own point is said with its name, a few of them, the rest counted."""
    from pipeline.manifest import UnitText

    depts = sorted(c for c in manifest.units if c.startswith("S"))[:7]
    texts = [UnitText(unit=c, unit_name=manifest.units[c], field="kq_noi_bat", text="Tăng cường kiểm tra.")
             for c in depts]  # fmt: skip
    texts += [
        UnitText(unit="HCL", unit_name=manifest.units["HCL"], field="kq_noi_bat", text=f"Việc riêng {i}.")
        for i in "ABCDE"
    ]
    ctx = build_context(manifest.model_copy(update={"texts": texts}), loaded_catalog.catalog, "so-noi-vu")
    items = [b["noi_dung"] for b in ctx["than_bai"]]
    line = next(t for t in items if t.startswith("- Tăng cường kiểm tra"))
    names = sorted((manifest.units[c] for c in depts), key=str.casefold)
    assert (
        line == f"- Tăng cường kiểm tra (7 sở, ban, ngành, tiêu biểu: {names[0]}, {names[1]} và {names[2]})."
    )
    assert sum(t.startswith("- Việc riêng") for t in items) == 3
    assert (
        "Ngoài ra, còn 2 ý kiến khác của từng cơ quan, đơn vị, địa phương (chi tiết tại Phụ lục IV)." in items
    )
    row = next(r for r in ctx["pl_y_kien"] if r["noi_dung"] == "Tăng cường kiểm tra")
    assert row["so"] == "7" and row["don_vi"] == "; ".join(names)  # the full list
    assert sum(r["noi_dung"].startswith("Việc riêng") for r in ctx["pl_y_kien"]) == 5


def test_documents_not_issued_named_in_body(manifest, loaded_catalog):
    from pipeline.manifest import DocumentStatus

    day = dt.date(2025, 3, 1)
    docs = [
        DocumentStatus(unit="SNV", item="VB01", name="x", status="Đã ban hành", number="15/KH-SNV",
                       date=dt.date(2022, 2, 1), in_period=False),
        DocumentStatus(unit="SYT", item="VB01", name="x", status="Chưa ban hành"),
        DocumentStatus(unit="STP", item="VB01", name="x", status="Đang xây dựng"),
        DocumentStatus(unit="SXD", item="VB01", name="x", status="Lồng ghép"),
        DocumentStatus(unit="SNV", item="VB02", name="y", status="Đã ban hành", number="3/KH-SNV", date=day,
                       in_period=True),
        DocumentStatus(unit="SYT", item="VBK01", name="Kế hoạch tổ chức Tháng Thanh niên", status="Đã ban hành",
                       date=day, in_period=True),
        DocumentStatus(unit="SNV", item="VBK01", name="Kế hoạch tổ chức Tháng Thanh niên", status="Đã ban hành",
                       date=day, in_period=True),
    ]  # fmt: skip
    m = manifest.model_copy(update={"documents": docs})
    items = _body(m, loaded_catalog)
    vb01 = next(
        t for t in items if t.startswith("- Kế hoạch thực hiện Chương trình phát triển thanh niên giai")
    )
    required = vb01.split(": ", 1)[1]
    n = int(re.match(r"1/(\d+) sở, ban, ngành đã ban hành", required).group(1))
    assert n > 4
    assert "trước kỳ báo cáo (lũy kế)" in required  # issued in 2022: not a document of this year
    assert "1 sở, ban, ngành lồng ghép" in required
    assert "chưa ban hành: Sở Y tế;" in required and "đang xây dựng: Sở Tư pháp;" in required
    # units that sent nothing are named too
    assert "chưa gửi báo cáo:" in required and manifest.units["TTRA"] in required
    # no paragraph per document per unit: the list is Phụ lục II
    assert not any(t.startswith("- Sở Nội vụ: Kế hoạch") for t in items)
    text = "\n".join(items)
    # counted by date inside the period: VB02 and the two own documents, not the 2022 plan
    assert "đã ban hành 3 văn bản triển khai thực hiện Chương trình" in text
    assert "gồm 1 văn bản theo Phụ lục I của Kế hoạch và 2 văn bản do các cơ quan" in text
    assert "đã ban hành 1 văn bản theo Kế hoạch, không tính vào số văn bản trong kỳ báo cáo" in text
    assert "Kế hoạch tổ chức Tháng Thanh niên (2 sở, ban, ngành, như Sở Nội vụ và Sở Y tế)" in text


def test_document_appendix_grouped(tmp_path, manifest, loaded_catalog):
    """Phụ lục II: a full-width bold row per Phụ lục I document (its name, no code), then a row per
    unit without the document name; the units' own documents last, each with its name in the row."""
    from pipeline.manifest import DocumentStatus

    own = DocumentStatus(
        unit="SYT", item="VBK01", name="Kế hoạch tổ chức Tháng Thanh niên", status="Đã ban hành"
    )
    m = manifest.model_copy(update={"documents": [*manifest.documents, own]})
    out = render_report(m, loaded_catalog, tmp_path / "r.docx", template=TEMPLATE)
    d = docx.Document(str(out))
    table = next(t for t in d.tables if "Tình hình ban hành" in [c.text for c in t.rows[0].cells])
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Cơ quan, đơn vị",
        "Tình hình ban hành",
        "Số, ký hiệu",
        "Ngày ban hành",
        "Ghi chú",
    ]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    group = [r for r in table.rows[1:] if len({id(c._tc) for c in r.cells}) == 1]
    names = [r.cells[0].text for r in group]
    catalog_names = {x.code: x.name for x in loaded_catalog.catalog.documents}
    assert names[0] == catalog_names["VB01"] and names[1] == catalog_names["VB02"]
    assert not any(re.match(r"^VB\d", n) for n in names)  # no internal code
    assert names[-1] == "Văn bản khác do cơ quan, đơn vị ban hành"
    assert all(nd30.all_bold(p) for r in group for p in r.cells[0].paragraphs if p.text)
    # VB01: one row per unit, numbered from 1, the document name not repeated
    assert rows[1][0] == "1" and rows[2][0] == "2"
    assert {rows[1][1], rows[2][1]} == {m.units["SNV"], m.units["HCL"]}
    assert "15/KH-SNV" in {rows[1][3], rows[2][3]}
    assert not any(manifest.documents[0].name in r[1] for r in rows[1:3])
    # the unit's own document: numbered from 1, its name under the unit's
    assert rows[-1][0] == "1"
    assert rows[-1][1] == f"{m.units['SYT']}\nKế hoạch tổ chức Tháng Thanh niên"
    assert rows[-1][2] == "Đã ban hành"


@pytest.mark.libreoffice
def test_sample_year_report_is_short(soffice, tmp_path, loaded_catalog):
    """The shipped sample year (31 reporting units): a body of at most 10 pages before Phụ lục I."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    from pipeline.consolidate.run_year import run_year

    res = run_year(loaded_catalog, year=2024, inputs_root=ROOT / "inputs", out_root=tmp_path, report=True)
    m = res.manifest
    path = Path(res.outputs["report"])
    d = docx.Document(str(path))
    text = nd30.all_text(d)
    # figures still equal the manifest's
    tot = m.totals.by_field
    assert f"{so_vn(tot['tt_so_cuoc'])} cuộc" in text
    assert f"{so_vn(tot['tn_tong_so'])} thanh niên" in text
    issued = sum(x.status == "Đã ban hành" and x.in_period for x in m.documents)
    assert issued == m.figures.documents_in_period
    assert f"đã ban hành {issued} văn bản triển khai" in text
    comp = m.completeness
    assert f"báo cáo của {len(comp.received)}/{len(comp.expected)} cơ quan, đơn vị, địa phương" in text
    missing = _join_names(sorted(m.units[x] for x in comp.missing))
    assert f"chưa gửi báo cáo: {missing}" in text  # named with the documents they owe
    tools = _pdf_tools()
    pdf = tools.docx_to_pdf(path, tmp_path / "pdf")
    pages = tools.pdf_page_count(pdf)
    first_pl = tools.find_page(pdf, "Phụ lục I")
    assert first_pl is not None
    assert first_pl - 1 <= 10, f"body {first_pl - 1} pages"
    # the appendices hold every row (27 pages in LibreOffice: Phụ lục II grouped by document, Phụ lục IV)
    assert pages <= 30, pages  # with Phụ lục IV, the full lists behind the body


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]
