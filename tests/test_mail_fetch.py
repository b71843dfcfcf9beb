"""``ptn mail fetch`` against the real Dovecot: read-only by default, flags only when asked, a dropped
connection loses nothing and a re-run completes, hostile attachments travel through the mailbox into
the existing intake and never become paths, ptn's own messages and messages already saved by hand are
skipped, the rest is listed with the reason it was not taken or not matched."""

from __future__ import annotations

import json
import socket
import threading
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest

from pipeline.catalog import CatalogView

from ._intake import build, good_values
from ._mail import YEAR, out, parse, pick_units, ptn, send_raw, vn, workdir
from .intake_files import make_xlsx
from .mail_servers import SNV

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _message(sender: str, subject: str, files: list[tuple[str, bytes]], date=None, **headers) -> EmailMessage:
    m = EmailMessage()
    m["From"] = sender
    m["To"] = SNV
    m["Subject"] = subject
    m["Date"] = format_datetime(date or vn(2024, 11, 10))
    m["Message-ID"] = make_msgid(domain="langson.gov.vn")
    for k, v in headers.items():
        m[k.replace("_", "-")] = v
    m.set_content("Kính gửi Sở Nội vụ, đơn vị gửi báo cáo.")
    for name, data in files:
        m.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    return m


@pytest.fixture
def forms(loaded_catalog, tmp_path):
    """Four units' real filled forms."""
    view = CatalogView(loaded_catalog.catalog, YEAR)
    units = pick_units(view, 4)
    return view, [
        (u, build(loaded_catalog, u, tmp_path / f"{YEAR}_{u}.xlsx", good_values(view, u))) for u in units
    ]


def _saved(work):
    return sorted((work / "inputs" / str(YEAR)).glob("*.eml"))


def _flags(servers):
    with servers.imap() as c:
        c.select_folder("INBOX", readonly=True)
        return {uid: set(v[b"FLAGS"]) for uid, v in c.fetch(c.search(["ALL"]), ["FLAGS"]).items()}


def test_read_only_by_default_flags_only_when_asked(mail_servers, forms, tmp_path):
    view, filled = forms
    for u, path in filled[:2]:
        addr = view.units_by_code[u].emails[0]
        send_raw(mail_servers, addr, _message(addr, "Báo cáo", [(path.name, path.read_bytes())]))
    before = _flags(mail_servers)
    work = workdir(tmp_path / "so", mail_servers)
    r = ptn(work, "mail", "fetch", "--year", str(YEAR))
    assert r.returncode == 0, out(r)
    assert len(_saved(work)) == 2
    assert _flags(mail_servers) == before and all(b"\\Seen" not in f for f in before.values())
    assert len(mail_servers.inbox(SNV)) == 2  # nothing deleted or moved

    work2 = workdir(tmp_path / "so2", mail_servers)
    r = ptn(work2, "mail", "fetch", "--year", str(YEAR), "--mark-seen")
    assert r.returncode == 0, out(r)
    assert all(b"\\Seen" in f for f in _flags(mail_servers).values())
    assert len(mail_servers.inbox(SNV)) == 2


class CuttingProxy:
    """A TCP relay to Dovecot that drops the connection after ``limit`` bytes from the server."""

    def __init__(self, upstream: int, limit: int):
        self.upstream, self.limit = upstream, limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream))
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, src, dst, count):
        sent = 0
        try:
            while data := src.recv(16384):
                if count and sent + len(data) > self.limit:
                    dst.sendall(data[: self.limit - sent])
                    self.cut = True
                    break
                dst.sendall(data)
                sent += len(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self):
        self.listener.close()


def test_dropped_connection_loses_nothing_and_a_rerun_completes(mail_servers, forms, tmp_path):
    view, filled = forms
    for u, path in filled:
        addr = view.units_by_code[u].emails[0]
        send_raw(mail_servers, addr, _message(addr, f"Báo cáo năm {YEAR}", [(path.name, path.read_bytes())]))
    on_server = mail_servers.inbox(SNV)
    size = len(on_server[0])
    proxy = CuttingProxy(mail_servers.imap_tls_port, limit=int(size * 2.5))
    work = workdir(tmp_path / "so", mail_servers, imap_port=proxy.port)
    try:
        r = ptn(work, "mail", "fetch", "--year", str(YEAR))
    finally:
        proxy.close()
    assert proxy.cut
    assert r.returncode == 1, out(r)
    assert "mất kết nối với máy chủ nhận thư" in r.stderr and "chạy lại lệnh" in r.stderr
    first = {p.name: p.read_bytes() for p in _saved(work)}
    assert 0 < len(first) < 4
    assert all(data in on_server for data in first.values())  # each saved file whole
    assert not [p for p in (work / "inputs" / str(YEAR)).iterdir() if p.name.startswith(".")]  # no half files

    mail_servers.settings_file(work / "cau-hinh-thu.toml")
    again = ptn(work, "mail", "fetch", "--year", str(YEAR))
    assert again.returncode == 0, out(again)
    final = {p.name: p.read_bytes() for p in _saved(work)}
    assert sorted(final.values()) == sorted(on_server)
    assert all(final[name] == data for name, data in first.items())
    record = json.loads(
        (work / "outputs" / str(YEAR) / f"thu-da-nhan-{YEAR}.json").read_text(encoding="utf-8")
    )
    assert sorted(e["uid"] for e in record["messages"] if e["outcome"] == "saved") == [1, 2, 3, 4]


def test_hostile_attachments_through_the_mailbox(mail_servers, forms, tmp_path):
    view, filled = forms
    u, form = filled[0]
    sender = view.units_by_code[u].emails[0]
    good = form.read_bytes()
    tiny = make_xlsx()
    evil = tmp_path / "evil-target.xlsx"
    mails = [
        _message(sender, "../../../../etc/passwd", [(f"../../../../{evil.as_posix().lstrip('/')}", good)]),
        _message(
            sender, "Đường dẫn tuyệt đối", [(evil.as_posix(), tiny), ("C:\\Windows\\System32\\x.xlsx", tiny)]
        ),
        _message(
            "la@example.vn", "=?utf-8?b?Li4vLi4vYm9tLnhsc3g=?=", [("=?utf-8?b?Li4vLi4vYm9tLnhsc3g=?=", tiny)]
        ),
        _message("nhieu@example.vn", "Một nghìn tệp", [(f"bao-cao-{i:04d}.xlsx", tiny) for i in range(1000)]),
    ]
    nested = _message(sender, "Chuyển tiếp: báo cáo", [])
    nested.add_attachment(_message(sender, "Báo cáo gốc", [("bao-cao.xlsx", good)]))
    no_file = _message("tin-tuc@example.vn", "Bản tin", [])
    ours = _message(SNV, "Đề nghị báo cáo", [("2024_X.xlsx", tiny)], X_Ptn_Kind="de-nghi-bao-cao")
    for m in [*mails, nested, no_file, ours]:
        send_raw(mail_servers, str(m["From"]).split("<")[-1].strip(">"), m)
    work = workdir(tmp_path / "so", mail_servers)
    outside_before = {p for p in tmp_path.rglob("*") if "inputs" not in p.parts and "outputs" not in p.parts}
    r = ptn(work, "mail", "fetch", "--year", str(YEAR))
    assert r.returncode == 0, out(r)
    saved = _saved(work)
    # the four with spreadsheets (one with too many parts for the intake, which ptn run reports) and the
    # forwarded one (the intake asks for the form to be sent directly); not the newsletter, not ptn's own
    # message
    assert len(saved) == 5
    for p in saved:
        assert p.parent == work / "inputs" / str(YEAR)
        assert all(ch.isascii() and (ch.isalnum() or ch in "._@+-") for ch in p.name), p.name
    assert not evil.exists()
    outside_after = {p for p in tmp_path.rglob("*") if "inputs" not in p.parts and "outputs" not in p.parts}
    assert outside_after - outside_before <= {work / "netguard.log"}
    assert "Bản tin" in r.stdout and "không có tệp báo cáo" in r.stdout
    assert "chưa xác định được đơn vị" in r.stdout  # the tiny workbooks are nobody's form
    assert "do ptn gửi" in r.stdout or "bỏ qua 1" in r.stdout

    # the existing intake reads the saved messages: every attachment named, none a path
    check = ptn(work, "check", f"inputs/{YEAR}", "--json", "--year", str(YEAR))
    entries = json.loads(check.stdout)
    names = [e["path"].split("#", 1)[1] for e in entries if "#" in e["path"]]
    assert len(names) == 1 + 2 + 1  # the 1,000-part message and the forwarded one: no attachment read
    assert all("/" not in n and "\\" not in n for n in names)
    assert any(e["unit"] == u and e["status"] == "accepted" for e in entries)
    codes = {f["code"] for e in entries for f in e["findings"]}
    assert {"EMAIL-TOO-MANY-PARTS", "EMAIL-NESTED"} <= codes  # each said, the unit asked to send again


def test_starttls_wrong_password_wrong_certificate(mail_servers, forms, tmp_path):
    view, filled = forms
    u, form = filled[0]
    addr = view.units_by_code[u].emails[0]
    send_raw(mail_servers, addr, _message(addr, "Báo cáo", [(form.name, form.read_bytes())]))
    work = workdir(tmp_path / "so", mail_servers, imap_security="starttls")
    bad = ptn(work, "mail", "fetch", "--year", str(YEAR), password="sai")
    assert bad.returncode == 2 and "không chấp nhận tên đăng nhập hoặc mật khẩu" in bad.stderr, out(bad)
    mail_servers.settings_file(
        work / "cau-hinh-thu.toml", imap_security="starttls", ca=mail_servers.other_ca_pem
    )
    cert = ptn(work, "mail", "fetch", "--year", str(YEAR))
    assert cert.returncode == 2 and "Chứng chỉ của máy chủ nhận thư" in cert.stderr, out(cert)
    assert _saved(work) == []
    mail_servers.settings_file(work / "cau-hinh-thu.toml", imap_security="starttls")
    ok = ptn(work, "mail", "fetch", "--year", str(YEAR))
    assert ok.returncode == 0, out(ok)
    assert [parse(p.read_bytes())["From"] for p in _saved(work)] == [addr]


def test_a_message_saved_by_hand_is_not_saved_again(mail_servers, forms, tmp_path):
    view, filled = forms
    u, form = filled[0]
    addr = view.units_by_code[u].emails[0]
    send_raw(mail_servers, addr, _message(addr, "Báo cáo", [(form.name, form.read_bytes())]))
    work = workdir(tmp_path / "so", mail_servers)
    by_hand = work / "inputs" / str(YEAR) / "thu-luu-tay" / "bao cao cao loc.eml"
    by_hand.parent.mkdir(parents=True)
    by_hand.write_bytes(mail_servers.inbox(SNV)[0])
    r = ptn(work, "mail", "fetch", "--year", str(YEAR))
    assert r.returncode == 0, out(r)
    assert "lưu mới 0" in r.stdout
    assert [p.name for p in (work / "inputs" / str(YEAR)).rglob("*.eml")] == ["bao cao cao loc.eml"]


def test_since_and_missing_folder(mail_servers, forms, tmp_path):
    view, filled = forms
    u, form = filled[0]
    addr = view.units_by_code[u].emails[0]
    send_raw(mail_servers, addr, _message(addr, "Báo cáo", [(form.name, form.read_bytes())]))
    work = workdir(tmp_path / "so", mail_servers)
    later = ptn(work, "mail", "fetch", "--year", str(YEAR), "--since", "01/01/2099")
    assert later.returncode == 0 and "0 thư từ ngày 01/01/2099" in later.stdout, out(later)
    none = ptn(work, "mail", "fetch", "--year", str(YEAR), "--folder", "Bao cao")
    assert none.returncode == 2 and "không có thư mục «Bao cao»" in none.stderr and "INBOX" in none.stderr, (
        out(none)
    )
