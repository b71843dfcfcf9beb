"""Saved e-mails: sender, Date:, subject, spreadsheet attachments (RFC 2231 names, NFC), hashes;
and source discovery (lock files, hidden files and the incoming register skipped)."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from email.message import EmailMessage

from pipeline.intake.email_input import read_eml
from pipeline.intake.source import discover, is_skipped

from .intake_files import make_xlsx

GOOD = make_xlsx()


def _mail(
    attachments: list[tuple[str, bytes, str]], date: str | None = "Tue, 14 Jan 2025 09:30:00 +0700"
) -> bytes:
    m = EmailMessage()
    m["From"] = "Huyện đoàn Cao Lộc <hdcaoloc@example.vn>"
    m["To"] = "tinhdoan@example.vn"
    m["Subject"] = "Báo cáo kết quả thực hiện chương trình năm 2024"
    if date:
        m["Date"] = date
    m.set_content("Kính gửi Tỉnh đoàn, đơn vị gửi báo cáo.")
    for name, data, mime in attachments:
        main, sub = mime.split("/")
        m.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return m.as_bytes()


def test_sender_date_subject_and_attachment():
    nfd_name = unicodedata.normalize("NFD", "Báo cáo Cao Lộc.xlsx")
    raw = _mail([(nfd_name, GOOD, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
    mail = read_eml(raw, "thu/cao-loc.eml")
    assert mail.sender == "hdcaoloc@example.vn"
    assert mail.sender_name == "Huyện đoàn Cao Lộc"
    assert mail.date == dt.datetime(2025, 1, 14, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert mail.date.tzinfo is not None
    assert mail.subject.startswith("Báo cáo kết quả")
    assert mail.sha256 == hashlib.sha256(raw).hexdigest()
    (att,) = mail.attachments
    assert att.name == unicodedata.normalize("NFC", "Báo cáo Cao Lộc.xlsx")
    assert att.data == GOOD and att.sha256 == hashlib.sha256(GOOD).hexdigest() and att.format == "xlsx"
    assert mail.findings == []


def test_rfc2231_name_and_octet_stream_detected_by_content():
    raw = _mail([("bao cao", GOOD, "application/octet-stream"), ("ghi chu.txt", b"hello", "text/plain")])
    mail = read_eml(raw)
    assert [a.name for a in mail.attachments] == ["bao cao"]
    assert mail.attachments[0].format == "xlsx"
    # a hand-written RFC 2231 header
    text = (
        "From: a@b.vn\r\nDate: Mon, 13 Jan 2025 08:00:00 +0700\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B\r\n'
        "Content-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.xls\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--B--\r\n"
    )
    mail = read_eml(text.encode())
    assert [a.name for a in mail.attachments] == ["Báo cáo.xls"]
    assert mail.attachments[0].format == "unknown"  # named .xls, not one: the reader will say so


def test_no_attachment_and_no_date():
    mail = read_eml(_mail([("anh.png", b"\x89PNG....", "image/png")], date=None), "x.eml")
    codes = [f.code for f in mail.findings]
    assert "EMAIL-NO-ATTACHMENT" in codes and "EMAIL-NO-DATE" in codes
    assert all(f.file == "x.eml" for f in mail.findings)


def test_garbage_never_raises():
    for data in (b"", b"\x00\xff" * 100, b"From: \r\n\r\n", b"Content-Type: multipart/mixed\r\n\r\n--"):
        mail = read_eml(data)
        assert "EMAIL-NO-ATTACHMENT" in [f.code for f in mail.findings]


def test_discover(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Cao Lộc.xlsx").write_bytes(GOOD)
    (tmp_path / "a" / "~$Cao Lộc.xlsx").write_bytes(b"lock")
    (tmp_path / ".hidden.xlsx").write_bytes(GOOD)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.xlsx").write_bytes(GOOD)
    (tmp_path / "so-van-ban-den.xlsx").write_bytes(GOOD)
    (tmp_path / "thu.eml").write_bytes(b"From: a@b\r\n\r\n")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    found = discover([tmp_path], root=tmp_path)
    assert [s.rel for s in found] == ["a/Cao Lộc.xlsx", "thu.eml"]
    assert found[0].sha256 == hashlib.sha256(GOOD).hexdigest() and found[0].size == len(GOOD)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before
    assert is_skipped("~$x.xlsx") and is_skipped("so-van-ban-den.csv") and is_skipped("So-Van-Ban-Den.xlsx")
    assert not is_skipped(tmp_path / "a" / "Cao Lộc.xlsx")
    # named explicitly, a file is read even from outside the root; a file named twice is listed once
    again = discover([tmp_path / "a" / "Cao Lộc.xlsx", tmp_path / "a"], root=tmp_path / "elsewhere")
    assert [s.rel for s in again] == ["Cao Lộc.xlsx"]
