"""What ptn has sent and fetched, kept in ``outputs/<Y>/`` so a re-run never does it twice.

* ``thu-da-gui-<Y>.json``: one entry per message sent, keyed by unit, kind and the hash of its
  attachments – a re-run after a failure sends only what is missing; a changed attachment (a new
  feedback form after a new run) is a new message.
* ``thu-da-nhan-<Y>.json``: one entry per message looked at in the mailbox (saved, or why not), by
  folder, UIDVALIDITY and UID, with its Message-ID and content hash.

Each record is rewritten atomically after every message, so a crash loses at most the message in flight.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from pydantic import BaseModel, ValidationError

from pipeline.exitcodes import UsageProblem
from pipeline.writers.atomic import write_text_atomic


def sent_record_path(out_dir: Path, year: int) -> Path:
    return Path(out_dir) / str(year) / f"thu-da-gui-{year}.json"


def fetch_record_path(out_dir: Path, year: int) -> Path:
    return Path(out_dir) / str(year) / f"thu-da-nhan-{year}.json"


def attachments_hash(pairs: list[tuple[str, str]]) -> str:
    """One hash for a message's attachments: the SHA-256 of each file, in order of name."""
    h = hashlib.sha256()
    for name, sha in sorted(pairs):
        h.update(f"{name}\0{sha}\n".encode())
    return h.hexdigest()


class AttachmentRef(BaseModel):
    name: str
    sha256: str


class SentEntry(BaseModel):
    unit: str
    kind: str  # de-nghi-bao-cao, bo-sung, don-doc
    attachments_sha256: str
    attachments: list[AttachmentRef]
    delivered: list[str]  # addresses the server accepted it for: never sent to again
    refused: list[str] = []  # addresses refused last time: tried again on the next run
    message_ids: list[str]
    subject: str
    sent_at: dt.datetime  # first sending

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.unit, self.kind, self.attachments_sha256)


class SentRecord(BaseModel):
    year: int
    sent: list[SentEntry] = []

    def find(self, key: tuple[str, str, str]) -> SentEntry | None:
        return next((e for e in self.sent if e.key == key), None)

    @property
    def message_ids(self) -> set[str]:
        return {mid for e in self.sent for mid in e.message_ids}


class FetchedEntry(BaseModel):
    folder: str
    uidvalidity: int
    uid: int
    message_id: str = ""
    sha256: str = ""
    date: dt.datetime | None = None
    sender: str = ""
    subject: str = ""
    outcome: str  # saved, duplicate, no-attachment, too-large, ours
    file: str = ""  # where it was saved (relative POSIX path)
    note: str = ""
    fetched_at: dt.datetime

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.folder, self.uidvalidity, self.uid)


class FetchRecord(BaseModel):
    year: int
    messages: list[FetchedEntry] = []


def _load(path: Path, model, year: int):
    if not path.is_file():
        return model(year=year)
    try:
        return model.model_validate_json(path.read_bytes())
    except (ValidationError, ValueError) as e:
        raise UsageProblem(
            f"Tệp ghi nhận thư {path} bị hỏng: {str(e)[:200]}.",
            hint="Đừng sửa tay tệp này. Nếu đã lỡ sửa, lấy lại bản trước; xóa tệp thì ptn mất dấu những thư đã gửi, nhận.",
        ) from None


def load_sent(out_dir: Path, year: int) -> SentRecord:
    return _load(sent_record_path(out_dir, year), SentRecord, year)


def save_sent(out_dir: Path, record: SentRecord) -> Path:
    return write_text_atomic(sent_record_path(out_dir, record.year), record.model_dump_json(indent=1) + "\n")


def load_fetched(out_dir: Path, year: int) -> FetchRecord:
    return _load(fetch_record_path(out_dir, year), FetchRecord, year)


def save_fetched(out_dir: Path, record: FetchRecord) -> Path:
    return write_text_atomic(fetch_record_path(out_dir, record.year), record.model_dump_json(indent=1) + "\n")
