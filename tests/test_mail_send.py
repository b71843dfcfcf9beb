"""``ptn mail send`` against the real SMTP server: what fails, fails per recipient in Vietnamese while the
others are sent; a re-run sends only what is missing; bad login, a certificate from another CA, no
password and a missing letter stop it before anything is sent; only 127.0.0.1 is ever reached."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pipeline.catalog import CatalogView
from pipeline.templates.build import build_all

from ._mail import YEAR, address, connections, out, pick_units, ptn, request_letters, workdir
from .mail_servers import SNV


@pytest.fixture
def office(mail_servers, loaded_catalog, tmp_path):
    """Forms for 3 units, the request letters, the settings; mailboxes for the 3 units."""
    view = CatalogView(loaded_catalog.catalog, YEAR)
    units = pick_units(view, 3)
    work = workdir(tmp_path / "so", mail_servers)
    build_all(loaded_catalog, YEAR, work / "outputs" / str(YEAR) / "mau", units)
    request_letters(work)
    for u in units:
        mail_servers.add_user(address(view, u))
    return work, units, view


def _record(work):
    p = work / "outputs" / str(YEAR) / f"thu-da-gui-{YEAR}.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {"sent": []}


def _inboxes(servers, view, units):
    return {u: len(servers.inbox(address(view, u))) for u in units}


def test_without_the_flag_nothing_is_sent(mail_servers, office):
    work, units, view = office
    r = ptn(work, "mail", "send", "--year", str(YEAR))
    assert r.returncode == 0, out(r)
    assert r.stdout.count("Sẽ gửi") == 3 and "chưa gửi thư nào" in r.stdout
    assert "Xem trước thư gửi" in r.stdout and "Tiêu đề: Đề nghị báo cáo" in r.stdout
    assert _inboxes(mail_servers, view, units) == dict.fromkeys(units, 0)
    assert mail_servers.inbox(SNV) == []
    assert connections(work) == []  # a dry run does not even connect


def test_refused_recipient_is_reported_the_others_sent_and_a_rerun_sends_only_what_is_missing(
    mail_servers, office, loaded_catalog
):
    work, units, view = office
    # the third unit's address has no mailbox on the server: 550 for that recipient only
    mail_servers.reset()
    for u in units[:2]:
        mail_servers.add_user(address(view, u))
    r = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    assert r.returncode == 1, out(r)
    bad = address(view, units[2])
    assert f"Địa chỉ {bad}" in r.stderr or f"thư cho {units[2]}" in r.stderr
    assert "địa chỉ không tồn tại hoặc bị từ chối" in r.stderr and "550" in r.stderr
    assert "Gợi ý" in r.stderr
    assert _inboxes(mail_servers, view, units[:2]) == dict.fromkeys(units[:2], 1)
    assert sorted(e["unit"] for e in _record(work)["sent"]) == sorted(units[:2])

    mail_servers.add_user(bad)  # the address now exists: the re-run sends that one message only
    again = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    assert again.returncode == 0, out(again)
    assert "Đã gửi 1/1 thư" in again.stdout
    assert _inboxes(mail_servers, view, units) == dict.fromkeys(units, 1)


def test_one_unit_of_two_addresses_refused_the_other_receives_it(mail_servers, office):
    work, units, view = office
    mailing = work / "outputs" / str(YEAR) / "mau" / "danh-sach-gui.xlsx"
    from openpyxl import load_workbook

    wb = load_workbook(mailing)
    ws = wb.active
    row = next(r for r in ws.iter_rows(min_row=4) if r[1].value == units[0])
    row[5].value = f"{address(view, units[0])}; van-thu.khong-co@langson.gov.vn"
    wb.save(mailing)
    r = ptn(work, "mail", "send", "--year", str(YEAR), "--unit", units[0], "--send")
    assert r.returncode == 1, out(r)
    assert "Địa chỉ van-thu.khong-co@langson.gov.vn" in r.stderr
    assert f"Đã gửi {units[0]}" in r.stdout
    assert len(mail_servers.inbox(address(view, units[0]))) == 1
    (entry,) = _record(work)["sent"]
    assert entry["delivered"] == [address(view, units[0])]
    assert entry["refused"] == ["van-thu.khong-co@langson.gov.vn"]


def test_a_message_past_its_timeout_fails_alone(mail_servers, office):
    work, units, view = office
    mail_servers.settings_file(work / "cau-hinh-thu.toml", timeout=3)
    mail_servers.restart_smtp(stall=[address(view, units[1])], stall_seconds=15)
    mail_servers.settle()  # no delivery retry may eat into the 3 seconds
    try:
        r = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    finally:
        mail_servers.restart_smtp()
    assert r.returncode == 1, out(r)
    assert f"thư cho {units[1]}" in r.stderr and "quá 3 giây" in r.stderr
    assert _inboxes(mail_servers, view, units) == {units[0]: 1, units[1]: 0, units[2]: 1}
    assert sorted(e["unit"] for e in _record(work)["sent"]) == sorted([units[0], units[2]])


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_starttls_and_implicit_tls(mail_servers, office, security):
    work, units, view = office
    mail_servers.settings_file(work / "cau-hinh-thu.toml", smtp_security=security)
    r = ptn(work, "mail", "send", "--year", str(YEAR), "--unit", units[0], "--send")
    assert r.returncode == 0, out(r)
    assert len(mail_servers.inbox(address(view, units[0]))) == 1
    port = mail_servers.smtp_starttls_port if security == "starttls" else mail_servers.smtp_tls_port
    assert {(c["host"], c["port"]) for c in connections(work)} == {("127.0.0.1", port)}


def test_wrong_password_is_a_clear_error_exit_2(mail_servers, office):
    work, units, view = office
    r = ptn(work, "mail", "send", "--year", str(YEAR), "--send", password="sai-mat-khau")
    assert r.returncode == 2, out(r)
    assert "không chấp nhận tên đăng nhập hoặc mật khẩu" in r.stderr and "PTN_MAIL_PASSWORD" in r.stderr
    assert "Traceback" not in r.stderr
    assert _inboxes(mail_servers, view, units) == dict.fromkeys(units, 0)


def test_certificate_of_another_ca_is_refused(mail_servers, office):
    work, units, view = office
    mail_servers.settings_file(work / "cau-hinh-thu.toml", ca=mail_servers.other_ca_pem)
    r = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    assert r.returncode == 2, out(r)
    assert "Chứng chỉ của máy chủ gửi thư" in r.stderr and "không gửi mật khẩu" in r.stderr
    assert _inboxes(mail_servers, view, units) == dict.fromkeys(units, 0)


def test_no_password_anywhere_exit_2_with_the_variable_named(mail_servers, office):
    work, _units, _view = office
    r = ptn(work, "mail", "send", "--year", str(YEAR), "--send", password=None)
    assert r.returncode == 2, out(r)
    assert "PTN_MAIL_PASSWORD" in r.stderr and "Chưa có mật khẩu" in r.stderr


def test_missing_request_letter_dry_run_says_so_send_refuses(mail_servers, office):
    work, units, view = office
    (work / "outputs" / str(YEAR) / "cong-van" / f"de-nghi-bao-cao-{YEAR}.docx").unlink()
    dry = ptn(work, "mail", "send", "--year", str(YEAR))
    assert dry.returncode == 1, out(dry)
    assert "Thiếu công văn đề nghị báo cáo" in dry.stdout
    assert f"ptn cong-van de-nghi-bao-cao --year {YEAR}" in dry.stdout
    r = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    assert r.returncode == 2, out(r)
    assert "Chưa gửi thư nào" in r.stderr and f"ptn cong-van de-nghi-bao-cao --year {YEAR}" in r.stderr
    assert _inboxes(mail_servers, view, units) == dict.fromkeys(units, 0)
    assert connections(work) == []


def test_requested_units_get_the_phoi_hop_letter(mail_servers, loaded_catalog, tmp_path):
    from pipeline.catalog.model import Obligation

    view = CatalogView(loaded_catalog.catalog, YEAR)
    (u,) = pick_units(view, 1, Obligation.requested)
    work = workdir(tmp_path / "so", mail_servers)
    build_all(loaded_catalog, YEAR, work / "outputs" / str(YEAR) / "mau", [u])
    request_letters(work)
    mail_servers.add_user(address(view, u))
    r = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    assert r.returncode == 0, out(r)
    (raw,) = mail_servers.inbox(address(view, u))
    from ._mail import attachments, parse

    assert f"de-nghi-phoi-hop-{YEAR}.docx" in attachments(raw)
    assert parse(raw)["Subject"].startswith("Đề nghị phối hợp báo cáo")


def test_the_network_guard_refuses_any_other_host(mail_servers, office):
    """The guard the other tests rely on is not vacuous: a server name other than 127.0.0.1 is refused
    before any lookup or connection leaves the process."""
    work, _units, _view = office
    settings = (work / "cau-hinh-thu.toml").read_text(encoding="utf-8")
    (work / "cau-hinh-thu.toml").write_text(
        settings.replace('may_chu = "127.0.0.1"', 'may_chu = "mail.example.invalid"', 1), encoding="utf-8"
    )
    r = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    assert r.returncode == 2, out(r)
    assert [c["host"] for c in connections(work)] == ["mail.example.invalid"]
    assert "Không kết nối được máy chủ gửi thư" in r.stderr or "Không tìm thấy máy chủ" in r.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_password_asked_at_the_terminal_not_echoed(mail_servers, office):
    import pty
    import select

    from ._mail import ROOT
    from .mail_servers import PASSWORD

    work, units, view = office
    env = {k: v for k, v in os.environ.items() if not k.startswith("PTN_MAIL_")}
    env.update(COLUMNS="250", TERM="dumb")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "netguard.py"), str(work / "netguard.log"),
         "mail", "send", "--year", str(YEAR), "--unit", units[0], "--send"],
        cwd=work, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    seen, answered = b"", False
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
            if not answered and "Mật khẩu".encode() in seen:
                os.write(master, PASSWORD.encode() + b"\n")
                answered = True
    finally:
        os.close(master)
        proc.wait(60)
    text = seen.decode("utf-8", "replace")
    assert answered and proc.returncode == 0, text
    assert f"Mật khẩu thư điện tử của {SNV}" in text and f"Đã gửi {units[0]}" in text
    assert PASSWORD not in text  # not echoed
    assert len(mail_servers.inbox(address(view, units[0]))) == 1


def test_rebuilt_forms_are_not_sent_again_a_changed_one_is(mail_servers, office, loaded_catalog):
    import datetime as dt

    from openpyxl import load_workbook

    work, units, view = office
    assert ptn(work, "mail", "send", "--year", str(YEAR), "--send").returncode == 0
    mau = work / "outputs" / str(YEAR) / "mau"
    later = dt.datetime(2024, 10, 2, 8, 0, tzinfo=dt.UTC)
    build_all(loaded_catalog, YEAR, mau, units, generated_at=later)  # ptn templates run again: new bytes
    again = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    assert again.returncode == 0 and "Không có thư nào cần gửi" in again.stdout, out(again)
    # a form whose content changed is a new message for that unit only
    form = next(mau.glob(f"{YEAR}_{units[0]}_*.xlsx"))
    wb = load_workbook(form)
    wb.worksheets[0]["A1"] = "Hướng dẫn (bản sửa)"
    wb.save(form)
    changed = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    assert changed.returncode == 0 and "Đã gửi 1/1 thư" in changed.stdout, out(changed)
    assert _inboxes(mail_servers, view, units) == {units[0]: 2, units[1]: 1, units[2]: 1}
