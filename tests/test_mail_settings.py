"""The mail settings file, the login, the wording file and the names of saved messages (no server)."""

from __future__ import annotations

import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import pytest

from pipeline.exitcodes import UsageProblem
from pipeline.mail.fetch import eml_name
from pipeline.mail.outbox import split_addresses
from pipeline.mail.settings import load_settings, login_from_environment
from pipeline.mail.wording import SECTIONS, load_wording, render

from .conftest import ROOT

EXAMPLE = ROOT / "cau-hinh-thu.vi-du.toml"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_example_in_the_repository_is_valid():
    s = load_settings(EXAMPLE)
    assert s.gui_thu.bao_mat == "starttls" and s.gui_thu.cong == 587
    assert s.nhan_thu.bao_mat == "tls" and s.nhan_thu.thu_muc == "INBOX"
    assert s.from_header() == "Sở Nội vụ tỉnh Lạng Sơn <snv@langson.gov.vn>"
    ctx = s.tls_context()
    import ssl

    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname


def _edit(tmp_path, old: str, new: str):
    p = tmp_path / "cau-hinh-thu.toml"
    p.write_text(EXAMPLE.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('bao_mat = "starttls"', 'bao_mat = "khong"', "chỉ nhận «starttls» hoặc «tls»"),
        ("cong = 587", "cong = 70000", "mục [gui_thu], khóa cong: phải là số hợp lệ"),
        ('dia_chi = "snv@langson.gov.vn"', 'dia_chi = "snv"', "không phải địa chỉ thư điện tử"),
        (
            'thu_muc = "INBOX"',
            'thu_muc = "INBOX"\nmat_khau = "123"',
            "tài khoản, mật khẩu không ghi trong tệp",
        ),
        ('thu_muc = "INBOX"', 'thu_muc = "INBOX"\nthu_muc_khac = "x"', "khóa không có trong mẫu"),
        ("cong = 587", "cong = ", "sai cú pháp"),
    ],
)
def test_a_wrong_settings_file_is_explained_in_vietnamese(tmp_path, old, new, said):
    with pytest.raises(UsageProblem) as e:
        load_settings(_edit(tmp_path, old, new))
    assert said in e.value.message and e.value.hint


def test_missing_settings_file_points_to_the_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PTN_MAIL_SETTINGS", raising=False)
    with pytest.raises(UsageProblem) as e:
        load_settings()
    assert "cau-hinh-thu.toml" in e.value.message and "cau-hinh-thu.vi-du.toml" in e.value.hint
    shutil.copy(EXAMPLE, tmp_path / "khac.toml")
    monkeypatch.setenv("PTN_MAIL_SETTINGS", str(tmp_path / "khac.toml"))
    assert load_settings().path == (tmp_path / "khac.toml").resolve()


def test_missing_ca_file_is_a_usage_problem(tmp_path):
    s = load_settings(_edit(tmp_path, 'tep_ca = ""', 'tep_ca = "ca-cua-tinh.pem"'))
    with pytest.raises(UsageProblem) as e:
        s.tls_context()
    assert "ca-cua-tinh.pem" in e.value.message


def test_login_from_the_environment_never_printed(monkeypatch):
    s = load_settings(EXAMPLE)
    monkeypatch.delenv("PTN_MAIL_USER", raising=False)
    monkeypatch.setenv("PTN_MAIL_PASSWORD", "bi-mat")
    login = login_from_environment(s, prompt=False)
    assert login.user == "snv@langson.gov.vn" and login.password == "bi-mat"
    assert "bi-mat" not in repr(login)
    monkeypatch.setenv("PTN_MAIL_USER", "van-thu")
    assert login_from_environment(s, prompt=False).user == "van-thu"
    monkeypatch.delenv("PTN_MAIL_PASSWORD")
    with pytest.raises(UsageProblem) as e:
        login_from_environment(s, prompt=False)
    assert "PTN_MAIL_PASSWORD" in e.value.hint


def test_the_shipped_wording_has_every_kind_and_fills_in():
    w = load_wording(ROOT / "templates" / "cau-chu-thu-dien-tu.txt")
    values = {"nam": "2025", "ten_don_vi": "UBND xã Tam Thanh", "han_gui": "15/11/2025", "so_ke_hoach": "253/KH-UBND",
              "chuc_vu_nguoi_lien_he": "Chuyên viên", "co_quan_gui": "Sở Nội vụ tỉnh Lạng Sơn"}  # fmt: skip
    for section in SECTIONS:
        subject, body = render(w, section, values, ["a.xlsx", "b.docx"])
        assert subject.endswith("năm 2025") and body.startswith("Kính gửi: UBND xã Tam Thanh\n\n")
        assert "Tệp gửi kèm:\n- a.xlsx\n- b.docx" in body and body.endswith("Sở Nội vụ tỉnh Lạng Sơn\n")
        assert "{" not in body and "#" not in body
    _subject, body = render(w, "de_nghi_bao_cao", values, [])
    assert "trước ngày 15/11/2025" in body
    assert "Mọi vướng mắc xin liên hệ: Chuyên viên\n" in body  # no ", " left by the empty name
    assert "Điện thoại:" not in body  # a contact line whose placeholders are all empty is left out


def test_wording_errors_name_the_line(tmp_path):
    text = (ROOT / "templates" / "cau-chu-thu-dien-tu.txt").read_text(encoding="utf-8")
    p = tmp_path / "cau-chu.txt"
    p.write_text(text.replace("Kính gửi: {ten_don_vi}", "Kính gửi: {ten_donvi}", 1), encoding="utf-8")
    with pytest.raises(UsageProblem) as e:
        load_wording(p)
    assert "{ten_donvi}" in e.value.message and "Có phải {ten_don_vi}?" in e.value.message
    assert "Dòng " in e.value.message
    p.write_text(text.replace("Đôn đốc báo cáo kết quả thực hiện Chương trình phát triển thanh niên năm {nam}", ""),
                 encoding="utf-8")  # fmt: skip
    with pytest.raises(UsageProblem) as e:
        load_wording(p)
    assert "[don_doc.tieu_de]: không được để trống" in e.value.message
    # an emptied paragraph is simply left out
    p.write_text(
        text.replace("Trân trọng cảm ơn sự phối hợp của quý cơ quan, đơn vị./.", ""), encoding="utf-8"
    )
    _s, body = render(load_wording(p), "de_nghi_phoi_hop", {"co_quan_gui": "Sở Nội vụ"}, [])
    assert "cảm ơn" not in body and body.endswith("\n\nSở Nội vụ\n")


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        ("../../etc/passwd@x", "../../../Windows/System32"),
        ("a@b.vn", "C:\\Users\\x\\evil"),
        (None, ""),
        ("CON@b.vn", "=?utf-8?b?Li4vLi4v?= \x00\r\n"),
        ("x" * 500 + "@b.vn", "Báo cáo " * 100),
    ],
)
def test_saved_message_names_are_never_paths(sender, subject):
    name = eml_name(dt.datetime(2024, 11, 14, 23, 30, tzinfo=dt.UTC), sender, subject, TZ)
    assert name.startswith("2024-11-15_") and name.endswith(".eml")  # the date in Vietnam time
    assert all(ch.isascii() and (ch.isalnum() or ch in "._@+-") for ch in name), name
    assert ".." not in name.replace("..eml", "") and len(name) < 160


def test_addresses_split_and_checked():
    assert split_addresses("a@b.vn; C@D.vn , a@b.vn\nkhong-phai-dia-chi") == (
        ["a@b.vn", "C@D.vn"],
        ["khong-phai-dia-chi"],
    )
