"""The form filler: fill by (code, field), LibreOffice re-save keeps identity and values, .eml."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from email.utils import parsedate_to_datetime

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from pipeline.catalog import CatalogView
from pipeline.catalog.form_version import form_version
from pipeline.forms import FillError, fill_workbook, resave, wrap_eml
from pipeline.forms.filler import read_back, typed_text
from pipeline.templates import layout as L
from pipeline.templates.build import build_workbook

VALUES = {
    ("so_ky_hieu", "gia_tri"): "45/BC-SNV",
    ("ngay_bao_cao", "gia_tri"): dt.date(2024, 11, 5),
    ("nguoi_lap", "gia_tri"): "Nguyễn Thị Hoa",
    ("tt_so_cuoc", "gia_tri"): 12,
    ("tt_so_luot_nguoi", "gia_tri"): 1234,
    ("tt_hoi_nghi", "gia_tri"): "Có",
    ("VB01", "trang_thai"): "Đã ban hành",
    ("VB01", "so_ky_hieu_vb"): "45/KH-SNV",
    ("VBK01", "noi_dung"): "Kế hoạch tập huấn cán bộ Đoàn",
    ("CT01.1", "thuc_hien"): 855,
    ("CT01.2", "thuc_hien"): 1000,
    ("CT01.1", "uoc_ca_nam"): 950,
    ("CT01.2", "uoc_ca_nam"): 1000,
    ("CT01", "nguon_so_lieu"): "Báo cáo của các cơ quan",
    ("kp_thuong_xuyen", "gia_tri"): 125.5,
}
AS_TEXT = {("tt_so_cuoc", "gia_tri")}


@pytest.fixture(scope="module")
def template(loaded_catalog, tmp_path_factory):
    return build_workbook(
        loaded_catalog, 2024, "SNV", tmp_path_factory.mktemp("tpl") / "2024_SNV_so-noi-vu.xlsx"
    )


@pytest.fixture(scope="module")
def filled(template, tmp_path_factory):
    return fill_workbook(
        template, tmp_path_factory.mktemp("filled") / "2024_SNV_so-noi-vu.xlsx", VALUES, as_text=AS_TEXT
    )


def _same(got, want) -> bool:
    if isinstance(want, dt.date):
        return got in (want, dt.datetime(want.year, want.month, want.day))
    if isinstance(want, int | float):
        return isinstance(got, int | float) and abs(got - want) < 1e-9
    return got == want


def test_filled_values_read_back_by_code(filled):
    meta, got = read_back(filled)
    assert meta["unit_code"] == "SNV" and meta["year"] == "2024"
    for key, want in VALUES.items():
        if key in AS_TEXT:
            assert got[key] == typed_text(want)
        else:
            assert _same(got[key], want), (key, got.get(key))
    wb = openpyxl.load_workbook(filled)
    assert wb[L.META_SHEET].sheet_state == "veryHidden"
    assert all(ws.protection.sheet for ws in wb.worksheets if ws.sheet_state == "visible")


def test_typed_text():
    assert typed_text(85.5) == "85,5"
    assert typed_text(12.0) == "12"
    assert typed_text(" 12 ") == " 12 "


def test_fill_refuses_locked_and_unknown_cells(template, tmp_path):
    with pytest.raises(FillError, match="khóa"):
        fill_workbook(template, tmp_path / "a.xlsx", {("CT01", "thuc_hien"): 85})
    with pytest.raises(FillError, match="khóa"):
        fill_workbook(template, tmp_path / "a.xlsx", {(L.UNIT_ROW_CODE, L.VALUE_KEY): "Khác"})
    with pytest.raises(FillError):
        fill_workbook(template, tmp_path / "a.xlsx", {("CT99", "thuc_hien"): 1})
    assert not (tmp_path / "a.xlsx").exists()


def test_fill_finds_cells_after_rows_inserted_and_sheet_renamed(template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb["Tuyên truyền"]
    ws.insert_rows(3, 2)
    ws.title = "TT"
    moved = tmp_path / "moved.xlsx"
    wb.save(moved)
    out = fill_workbook(moved, tmp_path / "out.xlsx", {("tt_so_cuoc", "gia_tri"): 7})
    assert read_back(out)[1][("tt_so_cuoc", "gia_tri")] == 7


def test_wrap_eml(filled, tmp_path):
    sent = dt.datetime(2024, 11, 13, 16, 45)
    path = wrap_eml(
        [filled], tmp_path / "thu.eml", "snv@langson.gov.vn", sent, "Báo cáo năm 2024 – Sở Nội vụ"
    )
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert msg["From"] == "snv@langson.gov.vn"
    assert msg["Subject"] == "Báo cáo năm 2024 – Sở Nội vụ"
    got_date = parsedate_to_datetime(msg["Date"])
    assert got_date.utcoffset() == dt.timedelta(hours=7) and got_date.replace(tzinfo=None) == sent
    parts = [p for p in msg.iter_attachments()]
    assert [p.get_filename() for p in parts] == [filled.name]
    assert parts[0].get_content() == filled.read_bytes()


LONG_SUBJECTS = [
    "V/v gửi báo cáo kết quả thực hiện Chương trình phát triển thanh niên tỉnh Lạng Sơn năm 2025 của Ủy ban "
    "nhân dân xã Hữu Lũng",
    "Báo cáo kết quả thực hiện Chương trình phát triển thanh niên năm 2025 – Ủy ban nhân dân phường Đông Kinh "
    "(bổ sung, hoàn thiện theo đề nghị của Sở Nội vụ)",
]


@pytest.mark.parametrize("subject", LONG_SUBJECTS)
def test_wrap_eml_keeps_every_space_of_a_long_vietnamese_subject(filled, tmp_path, subject):
    """A long subject is written as ``ptn mail`` writes it (headers not folded), so the intake's reader –
    which joins adjacent encoded words, as RFC 2047 says – reads back every space ("nhân dân", not
    "nhândân"); every reader agrees."""
    from pipeline.intake.email_input import read_eml
    from pipeline.mail.send import SEND_POLICY

    path = wrap_eml(
        [filled], tmp_path / "thu.eml", "vanphong@langson.gov.vn", dt.datetime(2025, 11, 10, 9), subject
    )
    data = path.read_bytes()
    assert read_eml(data).subject == subject
    assert email.message_from_bytes(data, policy=policy.default)["Subject"] == subject
    header = next(line for line in data.split(b"\r\n") if line.startswith(b"Subject:"))
    assert len(header) < 998 and b"\r\n " not in data.split(b"\r\n\r\n")[0]  # one line, not folded
    assert SEND_POLICY.max_line_length == 0  # the same policy as the mail sender's


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.libreoffice
def test_template_converts_to_pdf(template, soffice, tmp_path):
    pdf = resave(template, tmp_path, "pdf", soffice)
    assert pdf.suffix == ".pdf" and pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 5000


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_resaved_form_keeps_identity_and_values(filled, soffice, fmt, tmp_path, loaded_catalog):
    out = resave(filled, tmp_path, fmt, soffice)
    assert out.suffix == f".{fmt}" and out.parent == tmp_path
    wb = CalamineWorkbook.from_path(str(out))
    assert L.META_SHEET in [s.name for s in wb.sheets_metadata]
    meta, got = read_back(out)
    view = CatalogView(loaded_catalog.catalog, 2024)
    assert meta["template_version"] == form_version(view, view.unit("SNV"))
    assert (
        meta["unit_code"] == "SNV"
        and meta["year"] == "2024"
        and meta["plan_id"] == loaded_catalog.catalog.plan.id
    )
    for key, want in VALUES.items():
        if key in AS_TEXT:
            assert got[key] == typed_text(want), (fmt, key)
        else:
            assert _same(got[key], want), (fmt, key, got.get(key))
    # the % formula is recalculated and its value saved
    assert got[("CT01", "thuc_hien")] == pytest.approx(85.5)
