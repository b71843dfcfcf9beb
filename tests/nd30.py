"""The ND 30/2020/NĐ-CP checklist (ND30-FORMAT.md §5) as assertions on a python-docx document, for
every kind of document ptn writes: báo cáo, công văn (no type name, ``V/v`` under the Số, ký hiệu
without a type abbreviation) and tờ trình (``TỜ TRÌNH``, ``Về việc …``, ``…/TTr-…``)."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from pipeline.report.nd30 import SAMPLE_MARK

TNR = "Times New Roman"
C, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
DATE_LINE = re.compile(r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]|\s+) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")
#: type abbreviations of Phụ lục III of the decree (a công văn's ký hiệu has none of them)
TYPE_CODES = "NQ QĐ CT QC QyĐ TC TB HD CTr KH PA ĐA DA BC BB TTr HĐ CĐ BGN BTT GUQ GM GGT GNP PG PC PB SY TrS SL".split()
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


def mm(length) -> float:
    return length / 36000


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


def none_bold_italic(p) -> bool:
    return not any(r.bold or r.italic for r in p.runs if r.text)


def has_rule(p) -> bool:
    ppr = p._p.pPr
    bdr = ppr.find(qn("w:pBdr")) if ppr is not None else None
    return bdr is not None and bdr.find(qn("w:bottom")) is not None


def all_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    return "\n".join(parts)


def signature_table(d):
    for t in d.tables:
        if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:":
            return t
    raise AssertionError("no signature table")


# --------------------------------------------------------------------------- checklist items


def page_and_margins(d, appendices_landscape: bool = False) -> None:
    """§5.1–2: A4 portrait, margins 20–25 / 20–25 / 30–35 / 15–20 mm, header 10 mm. With
    ``appendices_landscape`` (a báo cáo's wide tables) every section after the first is A4 landscape."""
    for i, s in enumerate(d.sections):
        assert abs(mm(s.header_distance) - 10) < 0.2
        if appendices_landscape and i > 0:
            assert s.orientation == WD_ORIENT.LANDSCAPE
            assert abs(mm(s.page_width) - 297) <= 1 and abs(mm(s.page_height) - 210) <= 1
            continue
        assert s.orientation == WD_ORIENT.PORTRAIT
        assert abs(mm(s.page_width) - 210) <= 1 and abs(mm(s.page_height) - 297) <= 1
        assert 20 <= round(mm(s.top_margin), 1) <= 25
        assert 20 <= round(mm(s.bottom_margin), 1) <= 25
        assert 30 <= round(mm(s.left_margin), 1) <= 35
        assert 15 <= round(mm(s.right_margin), 1) <= 20


def page_numbers(d) -> None:
    """§5.3: PAGE field centred in the header, 13–14 pt, none on page 1 (of each section)."""
    for s in d.sections:
        assert s.different_first_page_header_footer is True
    s0 = d.sections[0]
    hx = s0.header._element.xml
    assert "fldChar" in hx and re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", hx)
    # the paragraph holding the field (a draft from sample data has the DỮ LIỆU MẪU line above it)
    hp = next(p for p in s0.header.paragraphs if "instrText" in p._p.xml)
    assert hp.alignment == C
    assert {r.font.size.pt for r in hp.runs} <= {13.0, 14.0}
    first = "".join(p.text for p in s0.first_page_header.paragraphs)
    assert first.replace(SAMPLE_MARK, "").strip() == ""


def fonts(path: Path, d) -> None:
    """§5.4: Times New Roman in every font slot, no theme fonts, vi-VN proofing."""
    assert d.styles["Normal"].font.name == TNR
    with zipfile.ZipFile(path) as z:
        styles = z.read("word/styles.xml").decode()
        parts = [
            z.read(n).decode()
            for n in z.namelist()
            if re.match(r"word/(document|header\d*|footer\d*)\.xml", n)
        ]
    for xml in (styles, *parts):
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


def header_table(d) -> None:
    """§5.5: the first element is a borderless table of ≥ 2 columns, the right one ≥ 95 mm."""
    assert d.element.body[0].tag == qn("w:tbl")
    t = d.tables[0]
    assert t.style is None or t.style.name != "Table Grid"
    borders = t._tbl.tblPr.find(qn("w:tblBorders"))
    if borders is not None:
        assert all(el.get(qn("w:val")) in ("nil", "none") for el in borders)
    assert len(t.columns) >= 2
    grid = [int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[-1] / 56.6929 >= 95
    assert mm(t.cell(0, 1).width) >= 95 and mm(t.cell(1, 1).width) >= 95


def quoc_hieu(d) -> None:
    """§5.6: Quốc hiệu bold 12–13 pt, Tiêu ngữ bold one point larger, a rule under it."""
    right = d.tables[0].cell(0, 1).paragraphs
    qh, tn = right[0], right[1]
    assert qh.text == QUOC_HIEU and all_bold(qh) and size_pt(qh) in (12, 13)
    assert tn.text == TIEU_NGU and all_bold(tn) and size_pt(tn) == size_pt(qh) + 1
    assert has_rule(right[2])


def issuer(d, ctx) -> None:
    """§5.7: chủ quản CAPS not bold, cơ quan ban hành CAPS bold, 12–13 pt, a rule under it."""
    left = [p for p in d.tables[0].cell(0, 0).paragraphs if p.text]
    if ctx["co_quan_chu_quan"]:
        gov = left.pop(0)
        assert gov.text == ctx["co_quan_chu_quan"] == gov.text.upper()
        assert not any(r.bold for r in gov.runs) and size_pt(gov) in (12, 13)
    assert [p.text for p in left] == ctx["co_quan_ban_hanh"]
    for p in left:
        assert p.text == p.text.upper() and all_bold(p) and size_pt(p) in (12, 13)
    assert has_rule(d.tables[0].cell(0, 0).paragraphs[-1])


def number_and_date(d, ctx, symbol: str) -> tuple:
    """§5.8–9: ``Số: NN/<symbol>`` at 13 pt; the date line italic 13–14 pt in the same row; DỰ THẢO
    exactly when the number or the day is missing. Returns the (Số, date) paragraphs."""
    cell = d.tables[0].cell(1, 0)
    so = cell.paragraphs[0]
    assert re.fullmatch(rf"Số: (\d{{2,}}|\s+)/{re.escape(symbol)}", so.text), so.text
    assert size_pt(so) == 13
    date = d.tables[0].cell(1, 1).paragraphs[0]
    assert DATE_LINE.match(date.text), date.text
    assert all_italic(date) and size_pt(date) in (13, 14)
    assert ("DỰ THẢO" in cell.text) == ctx["du_thao"]
    return so, date


def cong_van_symbol(symbol: str) -> None:
    """A công văn's ký hiệu: ``<issuer>-<drafting unit>`` in CAPS, no type abbreviation."""
    assert re.fullmatch(r"[A-ZĐ0-9]+-[A-ZĐ0-9]+", symbol), symbol
    assert not any(part in TYPE_CODES for part in symbol.split("-")), symbol


def subject_under_number(d, ctx) -> None:
    """Công văn: ``V/v …`` right under the Số, centred, 12–13 pt, upright, not bold; no type name."""
    vv = d.tables[0].cell(1, 0).paragraphs[1]
    assert vv.text == f"V/v {ctx['trich_yeu']}"
    assert vv.alignment == C and size_pt(vv) in (12, 13) and none_bold_italic(vv)
    assert ctx["trich_yeu"][:1].islower()
    types = {"CÔNG VĂN", "BÁO CÁO", "TỜ TRÌNH", "THÔNG BÁO", "KẾ HOẠCH"}
    assert not any(p.text.strip() in types for p in d.paragraphs)


def title_and_subject(d, ctx, title: str) -> None:
    """§5.10: the type name centred bold 13–14 pt, the trích yếu under it bold not CAPS, a rule."""
    ps = d.paragraphs
    i = next(i for i, p in enumerate(ps) if p.text == title)
    assert ps[i].alignment == C and all_bold(ps[i]) and size_pt(ps[i]) in (13, 14)
    ty = ps[i + 1]
    assert ty.text == ctx["trich_yeu"] and ty.alignment == C and all_bold(ty) and ty.text != ty.text.upper()
    assert has_rule(ps[i + 2])


def kinh_gui(d, ctx) -> None:
    """ô 9a: one addressee ``Kính gửi: X.`` on one centred line; several: ``Kính gửi:`` then one
    ``- …;`` line each, indented under the colon, the last ending with ``.``; 14 pt, upright."""
    ps = [p for p in d.paragraphs if p.text]
    i = next(i for i, p in enumerate(ps) if p.text.startswith("Kính gửi:"))
    head = ps[i]
    assert size_pt(head) == 14 and none_bold_italic(head)
    if ctx["kinh_gui_mot"]:
        assert head.text == f"Kính gửi: {ctx['kinh_gui_mot']}" and head.text.endswith(".")
        assert head.alignment == C
        return
    assert head.text == "Kính gửi:"
    lines = ps[i + 1 : i + 1 + len(ctx["kinh_gui"])]
    assert [p.text for p in lines] == ctx["kinh_gui"] and len(lines) >= 2
    assert all(p.text.startswith("- ") and p.text.endswith(";") for p in lines[:-1])
    assert lines[-1].text.startswith("- ") and lines[-1].text.endswith(".")
    label = head.paragraph_format.left_indent
    for p in lines:
        assert size_pt(p) == 14 and none_bold_italic(p)
        # "Kính gửi:" is 19 mm wide at 14 pt (Times New Roman metrics): the dashes sit under the colon
        assert abs(mm(p.paragraph_format.left_indent) - mm(label) - 19) < 1


def body(d, ctx, minimum: int = 3) -> None:
    """§5.11: justified, first line 1–1.27 cm, ≥ 6 pt around, single–1.5 spacing, 13–14 pt; the
    closing paragraph ends with ``./.`` and stays with the signature."""
    wanted = {b["noi_dung"] for b in ctx["than_bai"]} | {ctx["ket_thuc"]}
    paras = [p for p in d.paragraphs if p.text in wanted]
    assert len(paras) >= minimum
    for p in paras:
        pf = p.paragraph_format
        assert pf.alignment == J, p.text
        assert abs(pf.first_line_indent.cm - 1.0) <= 0.05 or abs(pf.first_line_indent.cm - 1.27) <= 0.05
        assert (pf.space_before or Pt(0)).pt + (pf.space_after or Pt(0)).pt >= 6
        assert 1.0 <= pf.line_spacing <= 1.5
        assert size_pt(p) in (13, 14)
    assert paras[-1].text == ctx["ket_thuc"] and paras[-1].text.endswith("./.")
    assert paras[-1].paragraph_format.keep_with_next
    for b, p in zip(ctx["than_bai"], paras, strict=False):
        if b["cap"] == 2:
            assert re.match(r"^\d+\. ", p.text) and all_bold(p), p.text


def noi_nhan(d, ctx) -> None:
    """§5.12: ``Nơi nhận:`` 12 pt bold italic; items 11 pt ``- …;``, first ``- Như trên;`` (there is a
    Kính gửi), last ``- Lưu: VT, ….``."""
    cell = signature_table(d).cell(0, 0)
    head, *items = [p for p in cell.paragraphs if p.text]
    assert head.text == "Nơi nhận:" and size_pt(head) == 12 and all_bold(head) and all_italic(head)
    assert [p.text for p in items] == ctx["noi_nhan"]
    assert all(size_pt(p) == 11 and p.text.startswith("- ") for p in items)
    assert items[0].text == "- Như trên;"
    assert all(p.text.endswith(";") for p in items[:-1])
    assert re.match(r"^- Lưu: VT, .+\.$", items[-1].text)


def signature(d, ctx) -> None:
    """§5.13: centred; quyền hạn, chức vụ CAPS bold 13–14 pt; họ tên bold, not CAPS; level with
    Nơi nhận (the same table row)."""
    t = signature_table(d)
    lines = [p for p in t.cell(0, 1).paragraphs if p.text]
    *authority, name = lines
    assert [p.text for p in authority] == ctx["nguoi_ky_chuc_vu"] and authority
    for p in lines:
        assert p.alignment == C
    for p in authority:
        assert re.match(r"^((TM|KT|Q|TL|TUQ)\. )?[A-ZÀ-Ỹ ĐƠƯ]+$", p.text), p.text
        assert all_bold(p) and size_pt(p) in (13, 14)
    assert name.text == ctx["nguoi_ky_ho_ten"]
    assert all_bold(name) and name.text != name.text.upper() and size_pt(name) in (13, 14)
    assert t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"


def sectpr_order(d) -> None:
    """§5.15: sectPr children in schema order."""
    sectprs = list(d.element.body.iter(qn("w:sectPr")))
    assert len(sectprs) == len(d.sections)
    for sp in sectprs:
        idx = [SECT_ORDER.index(el.tag.split("}")[1]) for el in sp]
        assert idx == sorted(idx)


def nfc(path: Path) -> None:
    """§5.16: every XML part is NFC."""
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith(".xml"):
                assert unicodedata.is_normalized("NFC", z.read(n).decode("utf-8")), n


def common(path: Path, d, ctx) -> None:
    """The items every ND 30 document shares."""
    page_and_margins(d)
    page_numbers(d)
    fonts(path, d)
    header_table(d)
    quoc_hieu(d)
    issuer(d, ctx)
    kinh_gui(d, ctx)
    body(d, ctx)
    noi_nhan(d, ctx)
    signature(d, ctx)
    sectpr_order(d)
    nfc(path)


# --------------------------------------------------------------------------- báo cáo with phụ lục


def report_subject(d, ctx) -> None:
    """§5.10 for a báo cáo: ``BÁO CÁO`` centred bold; the trích yếu one bold centred paragraph, its
    lines (``trich_yeu_dong``) separated by line breaks; a rule; ``Kính gửi`` below."""
    ps = d.paragraphs
    i = next(i for i, p in enumerate(ps) if p.text == "BÁO CÁO")
    assert ps[i].alignment == C and all_bold(ps[i]) and size_pt(ps[i]) in (13, 14)
    ty = ps[i + 1]
    assert ty.text == "\n".join(ctx["trich_yeu_dong"]) and " ".join(ctx["trich_yeu_dong"]) == ctx["trich_yeu"]
    assert ty.alignment == C and all_bold(ty) and ty.text != ty.text.upper()
    assert has_rule(ps[i + 2])


def appendices(d, labels: list[str], symbol: str) -> None:
    """§5.14: each phụ lục starts a section numbered from 1, ``Phụ lục I`` bold 14, a CAPS title, the
    italic ``(Kèm theo Báo cáo số …/<symbol> …)`` line; the body refers to each."""
    for s in d.sections[1:]:
        pg = s._sectPr.find(qn("w:pgNumType"))
        assert pg is not None and pg.get(qn("w:start")) == "1"
    ps = d.paragraphs
    found = [i for i, p in enumerate(ps) if re.fullmatch(r"Phụ lục [IVX]+", p.text)]
    assert [ps[i].text for i in found] == labels
    body_el = list(d.element.body)
    for i in found:
        assert all_bold(ps[i]) and size_pt(ps[i]) == 14 and ps[i].alignment == C
        title = ps[i + 1]
        assert title.text == title.text.upper() and all_bold(title)
        kem = ps[i + 2]
        assert kem.text.startswith("(Kèm theo Báo cáo số ") and kem.text.endswith(")") and all_italic(kem)
        assert f"/{symbol} " in kem.text
        prev = body_el[body_el.index(ps[i]._p) - 1]  # the label opens its section
        assert prev.find(qn("w:pPr")) is not None and prev.find(qn("w:pPr")).find(qn("w:sectPr")) is not None
    text = "\n".join(b["noi_dung"] for b in ctx_body(d))
    for label in labels:
        assert re.search(rf"{label}\b", text), label


def ctx_body(d) -> list[dict]:
    """The body paragraphs before the signature (what refers to the phụ lục)."""
    out = []
    for p in d.paragraphs:
        if p.text.startswith("Phụ lục "):
            break
        out.append({"noi_dung": p.text})
    return out


def report(path: Path, d, ctx, symbol: str, labels: list[str]) -> None:
    """The checklist of a báo cáo with its phụ lục (the yearly report's tests hold the same items)."""
    assert len(d.sections) == 1 + len(labels)  # each phụ lục its own section
    page_and_margins(d, appendices_landscape=True)
    page_numbers(d)
    fonts(path, d)
    header_table(d)
    quoc_hieu(d)
    issuer(d, ctx)
    number_and_date(d, ctx, symbol)
    report_subject(d, ctx)
    one = ctx["kinh_gui"][0].removeprefix("Kính gửi: ") if len(ctx["kinh_gui"]) == 1 else ""
    kinh_gui(d, {**ctx, "kinh_gui_mot": one, "kinh_gui": ctx["kinh_gui"][1:]})
    body(d, ctx)
    noi_nhan(d, ctx)
    signature(d, ctx)
    appendices(d, labels, symbol)
    sectpr_order(d)
    nfc(path)
