"""``ptn mail fetch``: replies from the Sở's mailbox into ``inputs/<Y>/`` as ``.eml`` files, unchanged.

IMAP through ``imapclient``: TLS (implicit or STARTTLS) with the certificate checked, the folder
opened read-only (EXAMINE) unless flags are asked for, messages searched ``SINCE`` a date and read
with ``BODY.PEEK[]`` (no \\Seen flag set). Nothing is ever deleted, moved or changed on the server.

A message is saved when it carries a spreadsheet attachment the intake takes (the same test as
``ptn run``: by extension or by content); its bytes are written as the server gave them, to
``inputs/<Y>/<date>_<sender>_<subject>.eml`` – a name made only of ASCII letters, digits and
``._@+-`` (attachment names are never used in paths). Messages already saved (same Message-ID or
same content, in the record or anywhere under ``inputs/<Y>/``), ptn's own messages, and messages
already looked at (by folder, UIDVALIDITY and UID) are skipped. Each saved file is written
atomically and recorded at once, so a dropped connection loses nothing and a re-run completes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.exitcodes import UsageProblem
from pipeline.intake.email_input import read_eml
from pipeline.intake.source import is_skipped
from pipeline.mail.records import FetchedEntry, FetchRecord, save_fetched
from pipeline.mail.send import KIND_HEADER, connection_problem, login_refused
from pipeline.mail.settings import Login, MailSettings
from pipeline.vn import slug
from pipeline.writers.atomic import write_bytes_atomic

MAX_MESSAGE_SIZE = 60 * 1024 * 1024  # bytes; larger messages are listed, not downloaded
HEADER_BATCH = 500
READABLE = ("xlsx", "xlsm", "xls", "ods")


class FetchInterrupted(Exception):
    """The connection broke part-way; what was saved stays saved."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Fetched:
    entry: FetchedEntry
    path: Path | None = None  # where it was saved


@dataclass
class FetchResult:
    folder: str
    searched: int = 0
    saved: list[Fetched] = field(default_factory=list)
    skipped: list[Fetched] = field(default_factory=list)  # already saved, ours, looked at before
    not_taken: list[Fetched] = field(default_factory=list)  # no readable attachment, too large
    interrupted: str = ""


def _message_id(raw_header: bytes) -> str:
    try:
        h = BytesHeaderParser(policy=policy.default).parsebytes(raw_header)
        return " ".join(str(h.get("Message-ID", "") or "").split())
    except Exception:
        return ""


def known_in_folder(folder: Path) -> tuple[set[str], set[str]]:
    """(Message-IDs, SHA-256) of every ``.eml`` already under ``inputs/<Y>/`` (saved by hand or by ptn)."""
    ids, hashes = set(), set()
    if not folder.is_dir():
        return ids, hashes
    for p in folder.rglob("*"):
        if not p.is_file() or is_skipped(p) or p.suffix.lower() != ".eml":
            continue
        try:
            data = p.read_bytes()
        except OSError:
            continue
        hashes.add(hashlib.sha256(data).hexdigest())
        head = data.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in data[:65536] else data.split(b"\n\n", 1)[0]
        mid = _message_id(head)
        if mid:
            ids.add(mid)
    return ids, hashes


_SAFE = re.compile(r"[^a-z0-9._@+-]+")


def eml_name(date: dt.datetime | None, sender: str | None, subject: str, tz: ZoneInfo) -> str:
    """``2024-11-10_ubnd.h178@langson.gov.vn_bao-cao-ket-qua.eml``: ASCII, no path separators."""
    day = date.astimezone(tz).strftime("%Y-%m-%d") if date else "khong-ro-ngay"
    who = _SAFE.sub("-", (sender or "").lower()).strip("-.")[:60] or "khong-ro-nguoi-gui"
    what = slug(subject, 60) if subject.strip() else "khong-tieu-de"
    return f"{day}_{who}_{what}.eml"


def _free_path(folder: Path, name: str) -> Path:
    p = folder / name
    n = 2
    while p.exists():
        p = folder / f"{name[:-4]}_{n}.eml"
        n += 1
    if p.resolve().parent != folder.resolve():  # belt and braces: the name is ours, never a path
        raise ValueError(f"unsafe file name {name!r}")
    return p


def connect(settings: MailSettings, login: Login):
    """A logged-in :class:`imapclient.IMAPClient`; failures are usage problems (exit 2)."""
    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientError, LoginError

    s = settings.nhan_thu
    where = f"{s.may_chu}:{s.cong}"
    ctx = settings.tls_context()
    try:
        client = IMAPClient(s.may_chu, port=s.cong, ssl=s.bao_mat == "tls", ssl_context=ctx, timeout=s.thoi_gian_cho)
        if s.bao_mat == "starttls":
            client.starttls(ctx)
    except (OSError, IMAPClientError) as e:
        raise connection_problem(e, where, "nhận thư", settings.path) from None
    try:
        client.login(login.user, login.password)
    except LoginError:
        client.shutdown()
        raise login_refused(where, "nhận thư") from None
    except (OSError, IMAPClientError) as e:
        client.shutdown()
        raise connection_problem(e, where, "nhận thư", settings.path) from None
    return client


def open_folder(client, folder: str, writable: bool) -> int:
    """EXAMINE (or SELECT when flags will be set) ``folder``; its UIDVALIDITY."""
    from imapclient.exceptions import IMAPClientError

    try:
        info = client.select_folder(folder, readonly=not writable)
    except IMAPClientError:
        try:
            names = ", ".join(f[2] for f in client.list_folders())
        except Exception:
            names = ""
        raise UsageProblem(
            f"Hộp thư không có thư mục «{folder}».",
            hint="Sửa [nhan_thu] thu_muc trong tệp cấu hình hoặc dùng --folder"
            + (f"; các thư mục hiện có: {names}." if names else "."),
        ) from None
    return int(info.get(b"UIDVALIDITY", 0))


def fetch_messages(
    client,
    *,
    folder: str,
    since: dt.date,
    inputs_dir: Path,
    record: FetchRecord,
    out_dir: Path,
    own_ids: set[str],
    own_address: str,
    mark_seen: bool,
    tz: ZoneInfo,
    say: Callable[[Fetched], None] = lambda _f: None,
) -> FetchResult:
    """Save the new messages with a readable attachment; the record is saved after each message."""
    from imapclient.exceptions import IMAPClientError

    uidvalidity = open_folder(client, folder, writable=mark_seen)
    result = FetchResult(folder)
    seen_keys = {e.key: e for e in record.messages}
    saved_ids = {e.message_id for e in record.messages if e.message_id and e.outcome == "saved"}
    saved_hashes = {e.sha256 for e in record.messages if e.sha256 and e.outcome == "saved"}
    ids_here, hashes_here = known_in_folder(inputs_dir)
    saved_ids |= ids_here
    saved_hashes |= hashes_here
    try:
        uids = sorted(client.search(["SINCE", since]))
        result.searched = len(uids)
        for start in range(0, len(uids), HEADER_BATCH):
            batch = uids[start : start + HEADER_BATCH]
            heads = client.fetch(batch, ["RFC822.SIZE", "INTERNALDATE", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
            for uid in batch:
                info = heads.get(uid)
                if info is None:
                    continue
                _one(client, uid, info, uidvalidity, folder, result, record, seen_keys, saved_ids, saved_hashes,
                     own_ids, own_address, inputs_dir, out_dir, mark_seen, tz, say)  # fmt: skip
    except (OSError, ssl.SSLError, socket.timeout, EOFError, IMAPClientError) as e:
        result.interrupted = _interruption(e)  # imapclient's abort after a dropped connection too
    return result


def _interruption(e: BaseException) -> str:
    detail = str(e).strip() or type(e).__name__
    return f"mất kết nối với máy chủ nhận thư ({detail[:160]})"


def _header_id(info: dict) -> str:
    for k, v in info.items():
        if isinstance(k, bytes) and k.startswith(b"BODY[HEADER.FIELDS"):
            return _message_id(v or b"")
    return ""


def _one(client, uid, info, uidvalidity, folder, result, record, seen_keys, saved_ids, saved_hashes, own_ids,
         own_address, inputs_dir, out_dir, mark_seen, tz, say) -> None:  # fmt: skip
    now = dt.datetime.now(tz).replace(microsecond=0)
    key = (folder, uidvalidity, uid)
    mid = _header_id(info)
    size = int(info.get(b"RFC822.SIZE", 0) or 0)
    internal = info.get(b"INTERNALDATE")
    if key in seen_keys:
        result.skipped.append(Fetched(seen_keys[key]))
        return
    base = {"folder": folder, "uidvalidity": uidvalidity, "uid": uid, "message_id": mid, "fetched_at": now}

    def note(outcome: str, bucket: list, **kw) -> Fetched:
        entry = FetchedEntry(**base, outcome=outcome, **kw)
        record.messages.append(entry)
        seen_keys[key] = entry
        save_fetched(out_dir, record)
        f = Fetched(entry, inputs_dir / entry.file if entry.file else None)
        bucket.append(f)
        say(f)
        return f

    if mid and mid in own_ids:
        note("ours", result.skipped, note="thư do ptn gửi đi")
        return
    if mid and mid in saved_ids:
        result.skipped.append(Fetched(FetchedEntry(**base, outcome="duplicate", note="đã lưu trước đây")))
        return
    if size > MAX_MESSAGE_SIZE:
        note("too-large", result.not_taken, note=f"thư quá lớn ({size // (1024 * 1024)} MB), không tải về")
        return
    data = client.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]
    sha = hashlib.sha256(data).hexdigest()
    mail = read_eml(data, "")
    meta = {"sha256": sha, "date": mail.date, "sender": mail.sender or "", "subject": mail.subject[:300]}
    if sha in saved_hashes:
        note("duplicate", result.skipped, note="cùng nội dung với thư đã lưu", **meta)
        return
    if mail.sender == own_address.lower() and _has_header(data, KIND_HEADER):
        note("ours", result.skipped, note="thư do ptn gửi đi", **meta)
        return
    readable = [a for a in mail.attachments if a.format in READABLE or a.name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods"))]
    if not readable:
        nested = any(f.code == "EMAIL-NESTED" for f in mail.findings)
        why = (
            "không có tệp báo cáo; tệp nằm trong một thư chuyển tiếp kèm theo – mở thư đó, chuyển tiếp trực tiếp tệp"
            if nested
            else "không có tệp báo cáo (.xlsx, .xls, .ods) đính kèm"
        )
        note("no-attachment", result.not_taken, note=why, **meta)
        return
    when = mail.date or (internal if isinstance(internal, dt.datetime) else None)
    path = _free_path(inputs_dir, eml_name(when, mail.sender, mail.subject, tz))
    write_bytes_atomic(path, data)
    if mail.date is None and isinstance(internal, dt.datetime):  # no Date: the server's receipt time
        stamp = internal if internal.tzinfo else internal.replace(tzinfo=tz)
        os.utime(path, (stamp.timestamp(), stamp.timestamp()))
    if mid:
        saved_ids.add(mid)
    saved_hashes.add(sha)
    note("saved", result.saved, file=path.name, **meta)
    if mark_seen:
        client.add_flags([uid], [b"\\Seen"])


def _has_header(data: bytes, name: str) -> bool:
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    return any(line.lower().startswith(name.lower().encode() + b":") for line in head.splitlines())
