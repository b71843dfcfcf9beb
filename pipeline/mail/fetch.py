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


# a message the intake refuses or only half reads, but that likely carries a report: saved, so that
# ptn run says what is wrong and the unit is asked to send again (never silently dropped)
NEEDS_A_LOOK = frozenset({"EMAIL-TOO-MANY-PARTS", "EMAIL-NESTED", "EMAIL-TOO-LARGE", "EMAIL-CORRUPT"})


def _needs_a_look(mail) -> bool:
    return any(f.code in NEEDS_A_LOOK for f in mail.findings)


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
    who = (
        re.sub(r"\.{2,}", ".", _SAFE.sub("-", (sender or "").lower())).strip("-.")[:60]
        or "khong-ro-nguoi-gui"
    )
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
        client = IMAPClient(
            s.may_chu, port=s.cong, ssl=s.bao_mat == "tls", ssl_context=ctx, timeout=s.thoi_gian_cho
        )
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


@dataclass
class FetchJob:
    """What one ``ptn mail fetch`` knows before it reads the folder."""

    folder: str
    since: dt.date
    inputs_dir: Path  # inputs/<Y>/
    out_dir: Path  # outputs/ (the record goes to outputs/<Y>/)
    record: FetchRecord
    own_ids: set[str]  # Message-IDs ptn sent (from thu-da-gui-<Y>.json)
    own_address: str
    mark_seen: bool
    tz: ZoneInfo


def fetch_messages(client, job: FetchJob, say: Callable[[Fetched], None] = lambda _f: None) -> FetchResult:
    """Save the new messages with a readable attachment; the record is saved after each message.
    A connection that breaks part-way ends the loop with ``result.interrupted`` set."""
    from imapclient.exceptions import IMAPClientError

    return _Fetcher(client, job, say).run((OSError, ssl.SSLError, EOFError, IMAPClientError))


class _Fetcher:
    def __init__(self, client, job: FetchJob, say: Callable[[Fetched], None]):
        self.client, self.job, self.say = client, job, say
        self.result = FetchResult(job.folder)
        rec = job.record.messages
        self.seen = {e.key: e for e in rec}
        ids_here, hashes_here = known_in_folder(job.inputs_dir)
        self.saved_ids = {e.message_id for e in rec if e.message_id and e.outcome == "saved"} | ids_here
        self.saved_hashes = {e.sha256 for e in rec if e.sha256 and e.outcome == "saved"} | hashes_here

    def run(self, broken: tuple[type[BaseException], ...]) -> FetchResult:
        self.uidvalidity = open_folder(self.client, self.job.folder, writable=self.job.mark_seen)
        try:
            uids = sorted(self.client.search(["SINCE", self.job.since]))
            self.result.searched = len(uids)
            for start in range(0, len(uids), HEADER_BATCH):
                batch = uids[start : start + HEADER_BATCH]
                heads = self.client.fetch(
                    batch, ["RFC822.SIZE", "INTERNALDATE", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]
                )
                for uid in batch:
                    if uid in heads:
                        self.one(uid, heads[uid])
        except broken as e:  # a dropped connection (imapclient raises its abort error then, or OSError)
            detail = str(e).strip() or type(e).__name__
            self.result.interrupted = f"mất kết nối với máy chủ nhận thư ({detail[:160]})"
        return self.result

    def note(self, base: dict, outcome: str, bucket: list[Fetched], **kw) -> None:
        """Record what became of one message (saved at once: a later failure keeps it)."""
        entry = FetchedEntry(**base, outcome=outcome, **kw)
        self.job.record.messages.append(entry)
        self.seen[entry.key] = entry
        save_fetched(self.job.out_dir, self.job.record)
        f = Fetched(entry, self.job.inputs_dir / entry.file if entry.file else None)
        bucket.append(f)
        self.say(f)

    def one(self, uid: int, info: dict) -> None:
        job, result = self.job, self.result
        key = (job.folder, self.uidvalidity, uid)
        if key in self.seen:
            result.skipped.append(Fetched(self.seen[key]))
            return
        mid = _header_id(info)
        now = dt.datetime.now(job.tz).replace(microsecond=0)
        base = {
            "folder": job.folder,
            "uidvalidity": self.uidvalidity,
            "uid": uid,
            "message_id": mid,
            "fetched_at": now,
        }
        if mid and mid in job.own_ids:
            self.note(base, "ours", result.skipped, note="thư do ptn gửi đi")
            return
        if mid and mid in self.saved_ids:  # saved by hand or under another UID: nothing to record
            result.skipped.append(Fetched(FetchedEntry(**base, outcome="duplicate", note="đã lưu trước đây")))
            return
        size = int(info.get(b"RFC822.SIZE", 0) or 0)
        if size > MAX_MESSAGE_SIZE:
            self.note(
                base,
                "too-large",
                result.not_taken,
                note=f"thư quá lớn ({size // (1024 * 1024)} MB), không tải về",
            )
            return
        data = self.client.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]
        sha = hashlib.sha256(data).hexdigest()
        mail = read_eml(data, "")  # the intake's own reading: what ptn run will take from it
        meta = {"sha256": sha, "date": mail.date, "sender": mail.sender or "", "subject": mail.subject[:300]}
        if sha in self.saved_hashes:
            self.note(base, "duplicate", result.skipped, note="cùng nội dung với thư đã lưu", **meta)
        elif mail.sender == job.own_address.lower() and _has_header(data, KIND_HEADER):
            self.note(base, "ours", result.skipped, note="thư do ptn gửi đi", **meta)
        elif not mail.attachments and not _needs_a_look(mail):
            self.note(
                base,
                "no-attachment",
                result.not_taken,
                note="không có tệp báo cáo (.xlsx, .xls, .ods) đính kèm",
                **meta,
            )
        else:
            internal = info.get(b"INTERNALDATE")
            internal = internal if isinstance(internal, dt.datetime) else None
            path = self.save(data, mail, internal)
            if mid:
                self.saved_ids.add(mid)
            self.saved_hashes.add(sha)
            self.note(base, "saved", result.saved, file=path.name, **meta)
            if job.mark_seen:
                self.client.add_flags([uid], [b"\\Seen"])

    def save(self, data: bytes, mail, internal: dt.datetime | None) -> Path:
        """The server's bytes, unchanged, under a name of our own making; written atomically."""
        tz = self.job.tz
        path = _free_path(self.job.inputs_dir, eml_name(mail.date or internal, mail.sender, mail.subject, tz))
        try:
            write_bytes_atomic(path, data)
        except UsageProblem:
            raise
        except OSError as e:  # not the connection: the folder (a full disk, no right to write)
            raise UsageProblem(
                f"Không ghi được {path}: {e.strerror or e}.",
                hint="Kiểm tra chỗ trống trên ổ đĩa và quyền ghi thư mục inputs/, rồi chạy lại (thư đã lưu không bị lấy lại).",
            ) from None
        if mail.date is None and internal is not None:  # no Date: the server's receipt time as the file time
            stamp = (internal if internal.tzinfo else internal.replace(tzinfo=tz)).timestamp()
            os.utime(path, (stamp, stamp))
        return path


def _header_id(info: dict) -> str:
    for k, v in info.items():
        if isinstance(k, bytes) and k.startswith(b"BODY[HEADER.FIELDS"):
            return _message_id(v or b"")
    return ""


def _has_header(data: bytes, name: str) -> bool:
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    return any(line.lower().startswith(name.lower().encode() + b":") for line in head.splitlines())
