"""The Word report: ND30-FORMAT.md §5 checklist on both variants, figures, escaping, lint, LibreOffice."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.exitcodes import UsageProblem
from pipeline.report.context import build_context
from pipeline.report.lint import lint_template
from pipeline.report.render import render_report
from pipeline.report.template_builder import build_template
from pipeline.vn import pct_vn, so_vn

from .report_fixture import LATE, MISSING, TRICKY, make_manifest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "report.docx"
TNR = "Times New Roman"
C, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
VARIANTS = {
    "so-noi-vu": {"so": None, "ngay": None},  # draft
    "ubnd-tinh": {"so": 5, "ngay": dt.date(2025, 11, 25)},
}


def mm(length) -> float:
    return length / 36000


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


def size_pt(p) -> float | None:
    sizes = {r.font.size.pt for r in p.runs if r.font.size is not None and r.text}
    assert len(sizes) <= 1, p.text
    return sizes.pop() if sizes else None


def all_bold(p) -> bool:
    runs = [r for r in p.runs if r.text]
    return bool(runs) and all(r.bold for r in runs)


def all_italic(p) -> bool:
    runs = [r for r in p.runs if r.text]
    return bool(runs) and all(r.italic for r in runs)


def has_rule(p) -> bool:
    ppr = p._p.pPr
    return (
        ppr is not None
        and ppr.find(qn("w:pBdr")) is not None
        and ppr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None
    )


def texts(cell):
    return [p for p in cell.paragraphs]


def body_paragraphs(d, ctx):
    wanted = {b["noi_dung"] for b in ctx["than_bai"]} | {ctx["ket_thuc"]}
    return [p for p in d.paragraphs if p.text in wanted]


def signature_table(d):
    for t in d.tables:
        if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:":
            return t
    raise AssertionError("no signature table")


def all_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    return "\n".join(parts)


# --------------------------------------------------------------------------- ND30 §5 checklist


def test_1_2_page_size_and_margins(report):
    _, d, ctx = report
    assert d.sections[0].orientation == WD_ORIENT.PORTRAIT
    n_appendix = 5 if ctx["co_phu_luc_gui_bao_cao"] else 3
    assert len(d.sections) == 1 + n_appendix
    for s in d.sections:
        w, h = mm(s.page_width), mm(s.page_height)
        if s.orientation == WD_ORIENT.LANDSCAPE:
            assert abs(w - 297) <= 1 and abs(h - 210) <= 1
        else:
            assert abs(w - 210) <= 1 and abs(h - 297) <= 1
            assert 20 <= round(mm(s.top_margin), 1) <= 25
            assert 20 <= round(mm(s.bottom_margin), 1) <= 25
            assert 30 <= round(mm(s.left_margin), 1) <= 35
            assert 15 <= round(mm(s.right_margin), 1) <= 20
        assert abs(mm(s.header_distance) - 10) < 0.2
    assert all(s.orientation == WD_ORIENT.LANDSCAPE for s in d.sections[1:])


def test_3_page_number_from_page_2(report):
    _, d, _ = report
    s0 = d.sections[0]
    assert s0.different_first_page_header_footer is True
    hx = s0.header._element.xml
    assert "fldChar" in hx and re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", hx)
    hp = s0.header.paragraphs[0]
    assert hp.alignment == C
    assert {r.font.size.pt for r in hp.runs} <= {13.0, 14.0}
    assert s0.first_page_header.is_linked_to_previous is False
    assert "".join(p.text for p in s0.first_page_header.paragraphs).strip() == ""
    for s in d.sections[1:]:  # appendices: same header (linked), no number on their first page
        assert s.different_first_page_header_footer is True


def test_4_fonts_everywhere(report):
    path, d, _ = report
    normal = d.styles["Normal"]
    assert normal.font.name == TNR
    with zipfile.ZipFile(path) as z:
        styles = z.read("word/styles.xml").decode()
        document = z.read("word/document.xml").decode()
        headers = "".join(
            z.read(n).decode() for n in z.namelist() if re.match(r"word/(header|footer)\d*\.xml", n)
        )
    for xml in (styles, document, headers):
        for rf in re.findall(r"<w:rFonts [^>]*/>", xml):
            assert "Theme" not in rf and "theme" not in rf, rf
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                m = re.search(rf'w:{slot}="([^"]*)"', rf)
                if m:
                    assert m.group(1) == TNR, rf
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S).group(0)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert f'w:{slot}="{TNR}"' in defaults
    assert 'w:val="vi-VN"' in defaults
    for p in d.paragraphs:
        for r in p.runs:
            assert r.font.name in (None, TNR)


def test_5_header_table_borderless(report):
    _, d, _ = report
    body = d.element.body
    assert body[0].tag == qn("w:tbl")
    t = d.tables[0]
    assert t.style is None or t.style.name != "Table Grid"
    borders = t._tbl.tblPr.find(qn("w:tblBorders"))
    if borders is not None:
        assert all(el.get(qn("w:val")) in ("nil", "none") for el in borders)
    assert len(t.columns) >= 2
    grid = [int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[-1] / 56.6929 >= 95
    assert mm(t.cell(0, 1).width) >= 95 and mm(t.cell(1, 1).width) >= 95


def test_6_quoc_hieu_tieu_ngu(report):
    _, d, _ = report
    right = d.tables[0].cell(0, 1).paragraphs
    qh, tn = right[0], right[1]
    assert qh.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and all_bold(qh) and size_pt(qh) in (12, 13)
    assert tn.text == "Độc lập - Tự do - Hạnh phúc" and all_bold(tn) and size_pt(tn) == size_pt(qh) + 1
    assert has_rule(right[2])


def test_7_issuer(report):
    _, d, ctx = report
    left = [p for p in d.tables[0].cell(0, 0).paragraphs if p.text]
    if ctx["co_quan_chu_quan"]:
        gov = left.pop(0)
        assert gov.text == gov.text.upper() and not any(r.bold for r in gov.runs)
        assert size_pt(gov) in (12, 13)
    assert [p.text for p in left] == ctx["co_quan_ban_hanh"]
    for p in left:
        assert p.text == p.text.upper() and all_bold(p) and size_pt(p) in (12, 13)
    assert has_rule(d.tables[0].cell(0, 0).paragraphs[-1])


def test_8_9_so_and_date_same_row(report):
    _, d, ctx = report
    so = d.tables[0].cell(1, 0).paragraphs[0]
    assert re.match(r"^Số: (\d{2,}|\s+)/BC-[A-ZĐ]+$", so.text), so.text
    assert size_pt(so) == 13
    date = d.tables[0].cell(1, 1).paragraphs[0]
    assert re.match(
        r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]|\s+) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$", date.text
    ), date.text
    assert all_italic(date) and size_pt(date) in (13, 14)
    draft = "DỰ THẢO" in d.tables[0].cell(1, 0).text
    assert draft == ctx["du_thao"]
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
    assert ps[i].alignment == C and all_bold(ps[i]) and size_pt(ps[i]) in (13, 14)
    ty = ps[i + 1]
    # one paragraph, its lines balanced and separated by line breaks
    assert ty.text == "\n".join(ctx["trich_yeu_dong"]) and " ".join(ctx["trich_yeu_dong"]) == ctx["trich_yeu"]
    assert ty.alignment == C and all_bold(ty) and ty.text != ty.text.upper()
    assert has_rule(ps[i + 2])
    assert any(p.text.startswith("Kính gửi: ") for p in ps[i + 2 : i + 8])


def test_11_body_paragraphs(report):
    _, d, ctx = report
    body = body_paragraphs(d, ctx)
    assert len(body) >= 30
    for p in body:
        pf = p.paragraph_format
        assert pf.alignment == J, p.text
        assert abs(pf.first_line_indent.cm - 1.0) <= 0.05 or abs(pf.first_line_indent.cm - 1.27) <= 0.05
        assert (pf.space_before or Pt(0)).pt + (pf.space_after or Pt(0)).pt >= 6
        assert 1.0 <= pf.line_spacing <= 1.5
        assert size_pt(p) in (13, 14)
    assert body[-1].text.endswith("./.")
    assert body[-1].text == ctx["ket_thuc"]
    assert body[-1].paragraph_format.keep_with_next  # stays with the signature
    # headings: I. CAPS bold, 1. bold
    for b, p in zip(ctx["than_bai"], body, strict=False):
        if b["cap"] == 1:
            assert re.match(r"^[IVX]+\. ", p.text) and p.text == p.text.upper() and all_bold(p)
        elif b["cap"] == 2:
            assert re.match(r"^\d+\. ", p.text) and all_bold(p)


def test_12_noi_nhan(report):
    _, d, _ctx = report
    cell = signature_table(d).cell(0, 0)
    head, *items = [p for p in cell.paragraphs if p.text]
    assert head.text == "Nơi nhận:" and size_pt(head) == 12 and all_bold(head) and all_italic(head)
    assert items and all(size_pt(p) == 11 and p.text.startswith("- ") for p in items)
    assert items[0].text == "- Như trên;"
    assert re.match(r"^- Lưu: VT", items[-1].text)
    assert items[-1].text.endswith(".")


def test_13_signature(report):
    _, d, ctx = report
    cell = signature_table(d).cell(0, 1)
    lines = [p for p in cell.paragraphs if p.text]
    *authority, name = lines
    assert [p.text for p in authority] == ctx["nguoi_ky_chuc_vu"]
    for p in lines:
        assert p.alignment == C
    for p in authority:
        assert re.match(r"^((TM|KT|Q|TL|TUQ)\. )?[A-ZÀ-Ỹ ĐƠƯ]+$", p.text), p.text
        assert p.text == p.text.upper() and all_bold(p) and size_pt(p) in (13, 14)
    assert all_bold(name) and name.text != name.text.upper() and size_pt(name) in (13, 14)
    # Nơi nhận level with the first signature line: same row of the same table
    assert signature_table(d).rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"


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
        assert all_bold(ps[i]) and size_pt(ps[i]) == 14 and ps[i].alignment == C
        title = ps[i + 1]
        assert title.text == title.text.upper() and all_bold(title)
        kem = ps[i + 2]
        assert kem.text.startswith("(Kèm theo Báo cáo số ") and kem.text.endswith(")") and all_italic(kem)
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


SECT_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
]


def test_15_sectpr_child_order(report):
    _, d, _ = report
    sectprs = list(d.element.body.iter(qn("w:sectPr")))
    assert len(sectprs) == len(d.sections)
    for sp in sectprs:
        names = [el.tag.split("}")[1] for el in sp]
        idx = [SECT_ORDER.index(n) for n in names]
        assert idx == sorted(idx), names


def test_16_nfc(report):
    path, _, _ = report
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith(".xml"):
                t = z.read(n).decode("utf-8")
                assert unicodedata.is_normalized("NFC", t), n


# --------------------------------------------------------------------------- figures and content


def test_figures_equal_manifest(rendered, manifest):
    tot = manifest.totals.by_field
    comp = manifest.completeness
    for key in VARIANTS:
        _, d, _ = rendered[key]
        text = all_text(d)
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
    snv = all_text(rendered["so-noi-vu"][1])
    assert f"trong đó {len(comp.on_time)} báo cáo đúng hạn" in snv and "trong đó 26 báo cáo đúng hạn" in snv
    for u in MISSING:
        assert manifest.units[u] in snv
    assert "Sở Xây dựng chậm 8 ngày" in snv and len(LATE) == 3
    assert "chưa gửi báo cáo:" in snv and "Phụ lục V" in snv
    _ubnd_path, ubnd, ubnd_ctx = rendered["ubnd-tinh"]
    u = all_text(ubnd)
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
        text = all_text(d)
        assert TRICKY in text  # & < and quotes, in the body and in the appendix table
        appendix_cells = [c.text for t in d.tables[2:] for row in t.rows for c in row.cells]
        assert TRICKY in appendix_cells
    snv = all_text(rendered["so-noi-vu"][1])
    assert "- Lưu: VT, XDCQ&CTTN." in snv
    assert "Kinh phí còn hạn chế & chưa có biên chế chuyên trách" in snv  # Phụ lục IV


def test_builder_output_renders(tmp_path, manifest, loaded_catalog):
    tpl = build_template(tmp_path / "report.docx")
    assert lint_template(tpl) == []
    out = render_report(manifest, loaded_catalog, tmp_path / "out.docx", template=tpl)
    assert "BÁO CÁO" in all_text(docx.Document(str(out)))
    assert not list(tmp_path.glob(".~*"))  # the temporary file was moved into place


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
        text = all_text(docx.Document(str(out)))
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
    assert all(all_bold(p) for r in group for p in r.cells[0].paragraphs if p.text)
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
    text = all_text(d)
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
