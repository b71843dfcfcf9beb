"""The ND 30 checklist (tests/nd30.py) on each kind of letter – công văn đề nghị báo cáo, đề nghị phối
hợp, đôn đốc, đề nghị bổ sung and the tờ trình – drafts and numbered copies; then each rendered by
LibreOffice: Quốc hiệu on one line, no number on page 1, Kính gửi's dashes under its colon."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from . import nd30

CONG_VAN = ["de-nghi-bao-cao", "de-nghi-phoi-hop", "don-doc", "bo-sung"]
TO_TRINH = ["to-trinh", "to-trinh-so"]


@pytest.fixture(params=CONG_VAN + TO_TRINH)
def letter(request, letters):
    return request.param, letters[request.param]


def test_common_checklist(letter):
    """Page, margins, page numbers, fonts, header table, Quốc hiệu, issuer, Kính gửi, body, Nơi nhận,
    signature, sectPr order, NFC."""
    _, r = letter
    nd30.common(r.path, r.doc, r.ctx)


@pytest.mark.parametrize("key", CONG_VAN)
def test_cong_van_layout(letters, key):
    """No type name; ``V/v`` under the Số; ký hiệu ``SNV-XDCQ`` (no type abbreviation)."""
    r = letters[key]
    assert r.ctx["ky_hieu"] == "SNV-XDCQ"
    nd30.cong_van_symbol(r.ctx["ky_hieu"])
    nd30.number_and_date(r.doc, r.ctx, "SNV-XDCQ")
    nd30.subject_under_number(r.doc, r.ctx)
    assert r.ctx["trich_yeu"].startswith(
        {
            "de-nghi-bao-cao": "báo cáo kết quả",
            "de-nghi-phoi-hop": "phối hợp báo cáo",
            "don-doc": "đôn đốc báo cáo",
            "bo-sung": "bổ sung, hoàn thiện báo cáo",
        }[key]
    )


def test_numbers_and_dates_filled_or_blank(letters):
    so, date = nd30.number_and_date(
        letters["de-nghi-bao-cao"].doc, letters["de-nghi-bao-cao"].ctx, "SNV-XDCQ"
    )
    assert re.fullmatch(r"Số: \s+/SNV-XDCQ", so.text)
    assert re.fullmatch(r"Lạng Sơn, ngày \s+ tháng 9 năm 2025", date.text)  # the day the draft was made
    so, date = nd30.number_and_date(
        letters["de-nghi-phoi-hop"].doc, letters["de-nghi-phoi-hop"].ctx, "SNV-XDCQ"
    )
    assert so.text == "Số: 05/SNV-XDCQ" and date.text == "Lạng Sơn, ngày 22 tháng 9 năm 2025"
    so, date = nd30.number_and_date(letters["bo-sung"].doc, letters["bo-sung"].ctx, "SNV-XDCQ")
    assert so.text == "Số: 12/SNV-XDCQ" and date.text == "Lạng Sơn, ngày 04 tháng 12 năm 2024"
    so, date = nd30.number_and_date(letters["don-doc"].doc, letters["don-doc"].ctx, "SNV-XDCQ")
    assert re.fullmatch(r"Lạng Sơn, ngày \s+ tháng 12 năm 2024", date.text)  # the run's reference month
    so, date = nd30.number_and_date(letters["to-trinh-so"].doc, letters["to-trinh-so"].ctx, "TTr-SNV")
    assert so.text == "Số: 07/TTr-SNV" and date.text == "Lạng Sơn, ngày 05 tháng 12 năm 2024"
    so, _ = nd30.number_and_date(letters["to-trinh"].doc, letters["to-trinh"].ctx, "TTr-SNV")
    assert re.fullmatch(r"Số: \s+/TTr-SNV", so.text)


@pytest.mark.parametrize("key", TO_TRINH)
def test_to_trinh_layout(letters, key):
    """``TỜ TRÌNH`` and ``Về việc …`` under it; ký hiệu ``…/TTr-SNV``; no ``V/v`` line."""
    r = letters[key]
    nd30.number_and_date(r.doc, r.ctx, "TTr-SNV")
    nd30.title_and_subject(r.doc, r.ctx, "TỜ TRÌNH")
    assert r.ctx["trich_yeu"].startswith("Về việc ")
    assert not any(p.text.startswith("V/v") for p in r.doc.tables[0].cell(1, 0).paragraphs)
    assert r.ctx["kinh_gui_mot"] == "Ủy ban nhân dân tỉnh."


def test_request_appendix_is_its_own_section(letters):
    """The mailing list: a new portrait section numbered from 1, ``Phụ lục``, CAPS title, italic
    ``(Kèm theo Công văn số …/SNV-XDCQ …)``; the letters without one keep a single section."""
    from docx.oxml.ns import qn

    for key in ("de-nghi-bao-cao", "de-nghi-phoi-hop"):
        d, ctx = letters[key].doc, letters[key].ctx
        assert len(d.sections) == 2
        assert d.sections[1]._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        ps = d.paragraphs
        i = next(i for i, p in enumerate(ps) if p.text == "Phụ lục")
        assert nd30.all_bold(ps[i]) and nd30.size_pt(ps[i]) == 14
        assert ps[i + 1].text == ctx["phu_luc_tieu_de"] == ps[i + 1].text.upper() and nd30.all_bold(ps[i + 1])
        kem = ps[i + 2]
        assert kem.text == f"(Kèm theo {ctx['kem_theo']})" and nd30.all_italic(kem)
        assert re.match(r"^\(Kèm theo Công văn số (\d{2,}|\s+)/SNV-XDCQ ngày .+ của Sở Nội vụ\)$", kem.text)
    for key in ("don-doc", "bo-sung", "to-trinh"):
        assert len(letters[key].doc.sections) == 1
        assert "Phụ lục" not in nd30.all_text(letters[key].doc)


def test_missing_signer_leaves_the_visible_placeholder(letters, catalog):
    assert catalog.plan.letters.reminder.signer is None  # the report's signer, whose name is not set yet
    for r in letters.values():
        assert r.ctx["nguoi_ky_ho_ten"] == "Họ và tên người ký"
        assert r.ctx["nguoi_ky_chuc_vu"] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


# --------------------------------------------------------------------------- LibreOffice


def _tools():
    sys.path.insert(0, str(nd30.Path(__file__).resolve().parents[1] / "scripts"))
    import render_report_png

    return render_report_png


def _words(pdf, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, word) of a PDF page, from ``pdftotext -bbox``."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pat = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(float(a), float(b), float(c), w) for a, b, c, w in re.findall(pat, html)]


@pytest.mark.libreoffice
@pytest.mark.parametrize("key", [*CONG_VAN, "to-trinh"])
def test_libreoffice_renders(soffice, letters, tmp_path, key):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    tools = _tools()
    r = letters[key]
    pdf = tools.docx_to_pdf(r.path, tmp_path)
    n = tools.pdf_page_count(pdf)
    p1 = tools.pdf_text(pdf, 1)
    # Quốc hiệu on one line, Tiêu ngữ under it
    assert any(re.search(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\s*$", line) for line in p1.splitlines()), p1[
        :600
    ]
    assert "Độc lập - Tự do - Hạnh phúc" in p1
    lines1 = [t.strip() for t in p1.splitlines() if t.strip()]
    assert not any(re.fullmatch(r"\d{1,2}", t) for t in lines1[:3])  # no page number on page 1
    if n >= 2 and not r.ctx.get("phu_luc"):
        assert next(t.strip() for t in tools.pdf_text(pdf, 2).splitlines() if t.strip()) == "2"
    if r.ctx.get("phu_luc"):
        first = tools.find_page(pdf, "Phụ lục")
        assert first and first > 1
        assert next(t.strip() for t in tools.pdf_text(pdf, first).splitlines() if t.strip()) == "Phụ lục"
    # the closing ./. and the signature block are there, as typed
    text = tools.pdf_text(pdf, None, layout=False)
    assert "./." in text and "Nơi nhận:" in text and "Họ và tên người ký" in text
    if r.ctx["kinh_gui"]:  # several addressees: the dashes under the colon of "Kính gửi:"
        words = _words(pdf, 1)
        colon = next(w for w in words if w[3] == "gửi:")
        dashes = [
            w
            for w in words
            if w[3] == "-" and w[1] > colon[1] and w[1] < colon[1] + 24 * len(r.ctx["kinh_gui"])
        ]
        assert len(dashes) == len(r.ctx["kinh_gui"])
        for d in dashes:
            assert colon[2] - 6 <= d[0] <= colon[2] + 2, (colon, d)
