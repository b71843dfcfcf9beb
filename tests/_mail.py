"""Helpers of the mail tests: a working folder like an officer's, ptn run under the network guard,
letters as small real .docx files at the paths of the letters contract, units replying by e-mail."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import smtplib
import subprocess
import sys
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

from docx import Document

from pipeline.catalog import CatalogView
from pipeline.catalog.model import Obligation

from .mail_servers import PASSWORD, SNV, MailServers

ROOT = Path(__file__).resolve().parent.parent
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2024


def workdir(base: Path, servers: MailServers, **settings) -> Path:
    """An officer's folder: the catalog, the templates, and the Sở's mail settings file."""
    base.mkdir(parents=True, exist_ok=True)
    for folder in ("plans", "templates"):
        shutil.copytree(ROOT / folder, base / folder)
    servers.settings_file(base / "cau-hinh-thu.toml", **settings)
    return base


def ptn(
    work: Path, *args: str, password: str | None = PASSWORD, env: dict | None = None, timeout: float = 600
):
    """``ptn …`` in ``work`` under tests/netguard.py (only 127.0.0.1 reachable); the log of every
    connection attempt is ``work/netguard.log``."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("PTN_MAIL_")}
    if password is not None:
        e["PTN_MAIL_PASSWORD"] = password
    e["COLUMNS"] = "250"  # one table row per line
    e.update(env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "tests" / "netguard.py"), str(work / "netguard.log"), *args],
        cwd=work, capture_output=True, text=True, encoding="utf-8", timeout=timeout, env=e, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def connections(work: Path) -> list[dict]:
    log = work / "netguard.log"
    if not log.is_file():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


def out(r) -> str:
    return f"exit {r.returncode}\n--- stdout\n{r.stdout[-6000:]}\n--- stderr\n{r.stderr[-4000:]}"


def letter(path: Path, title: str) -> Path:
    """A small real .docx at a letters-contract path (the letters themselves are built by ``ptn cong-van``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = Document()
    doc.add_paragraph("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSỞ NỘI VỤ")
    doc.add_paragraph(title)
    doc.save(str(path))
    return path


def request_letters(work: Path, year: int = YEAR) -> None:
    base = work / "outputs" / str(year) / "cong-van"
    letter(base / f"de-nghi-bao-cao-{year}.docx", f"V/v đề nghị báo cáo kết quả năm {year}")
    letter(base / f"de-nghi-phoi-hop-{year}.docx", f"V/v đề nghị phối hợp báo cáo kết quả năm {year}")


def pick_units(view: CatalogView, n: int, obligation: Obligation = Obligation.obliged) -> list[str]:
    """``n`` active units with an address, not the Sở Nội vụ itself (its address is the mailbox)."""
    out = [
        u.code for u in view.active_units if u.obligation == obligation and u.emails and SNV not in u.emails
    ]
    return out[:n]


def address(view: CatalogView, code: str) -> str:
    return view.units_by_code[code].emails[0].lower()


def parse(raw: bytes):
    return BytesParser(policy=policy.default).parsebytes(raw)


def attachments(raw: bytes) -> dict[str, bytes]:
    return {p.get_filename(): p.get_content() for p in parse(raw).iter_attachments()}


def reply(
    servers: MailServers,
    original: bytes,
    sender: str,
    files: list[Path],
    date: dt.datetime,
    *,
    body: str = "Kính gửi Sở Nội vụ,\n\nĐơn vị gửi lại biểu mẫu đã điền.\n\nTrân trọng.\n",
) -> bytes:
    """A unit answers the Sở's message with its filled form(s), through the SMTP server."""
    o = parse(original)
    m = EmailMessage()
    m["From"] = sender
    m["To"] = SNV
    m["Subject"] = "Trả lời: " + str(o["Subject"])
    m["Date"] = format_datetime(date)
    m["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    m["In-Reply-To"] = o["Message-ID"]
    m.set_content(body)
    for f in files:
        m.add_attachment(
            f.read_bytes(),
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f.name,
        )
    raw = m.as_bytes(policy=policy.SMTP)
    servers.deliver(raw, to=SNV, sender=sender)
    return raw


def send_raw(servers: MailServers, sender: str, message: EmailMessage | bytes) -> None:
    """Send a message as ``sender`` through the SMTP server to the Sở's mailbox."""
    raw = message.as_bytes(policy=policy.SMTP) if isinstance(message, EmailMessage) else message
    servers.add_user(sender)
    with smtplib.SMTP("127.0.0.1", servers.smtp_starttls_port, timeout=60) as s:
        s.starttls(context=servers.client_context())
        s.login(sender, PASSWORD)
        s.sendmail(sender, [SNV], raw)


def vn(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=TZ)
