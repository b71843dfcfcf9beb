"""``ptn mail send``: which messages are still due, then sending them one by one with the record kept.

A message is due to the addresses that have not accepted it yet: the record ``thu-da-gui-<Y>.json``
knows, for each unit, kind and attachment hash, which addresses already got it. The record is saved
after every message, so a failure or a crash part-way leaves a re-run only what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.mail.outbox import Outgoing
from pipeline.mail.records import AttachmentRef, SentEntry, SentRecord, save_sent
from pipeline.mail.send import SendResult, SmtpSession, compose
from pipeline.mail.settings import Login, MailSettings
from pipeline.wording import Phrases

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class Planned:
    msg: Outgoing
    pending: list[str]  # addresses still to receive it
    previous: SentEntry | None = None

    @property
    def status(self) -> str:
        if self.msg.problem:
            return "problem"
        return "send" if self.pending else "done"


@dataclass
class Outcome:
    planned: Planned
    result: SendResult
    delivered: list[str] = field(default_factory=list)


def plan(messages: list[Outgoing], record: SentRecord) -> list[Planned]:
    out = []
    for m in messages:
        prev = record.find(m.key)
        got = set(prev.delivered) if prev else set()
        out.append(Planned(m, [a for a in m.to if a.lower() not in got], prev))
    return out


def _record(record: SentRecord, p: Planned, delivered: list[str], refused: list[str], mid: str, subject: str,
            now: dt.datetime) -> None:  # fmt: skip
    m = p.msg
    entry = p.previous or record.find(m.key)
    if entry is None:
        entry = SentEntry(
            unit=m.unit, kind=m.kind, attachments_sha256=m.attachments_sha256,
            attachments=[AttachmentRef(name=a.name, sha256=a.sha256) for a in m.attachments],
            delivered=[], refused=[], message_ids=[], subject=subject, sent_at=now,
        )  # fmt: skip
        record.sent.append(entry)
    entry.delivered = list(dict.fromkeys([*entry.delivered, *(a.lower() for a in delivered)]))
    entry.refused = [a for a in refused if a.lower() not in entry.delivered]
    entry.message_ids.append(mid)


def send_all(
    planned: list[Planned],
    wording: Phrases,
    settings: MailSettings,
    login: Login,
    out_dir: Path,
    record: SentRecord,
    say: Callable[[Outcome], None] = lambda _o: None,
) -> list[Outcome]:
    """Send every due message; the record is saved after each. Connection and login problems before
    the first message raise :class:`~pipeline.exitcodes.UsageProblem` (nothing sent)."""
    due = [p for p in planned if p.status == "send"]
    outcomes: list[Outcome] = []
    if not due:
        return outcomes
    session = SmtpSession(settings, login)
    session.open()
    try:
        for p in due:
            now = dt.datetime.now(TZ).replace(microsecond=0)
            email = compose(p.msg, wording, settings, now)
            email.replace_header("To", ", ".join(p.pending))
            try:
                result = session.send(email, p.pending)
            except Exception as e:  # reconnecting failed: this and the rest wait for a re-run
                result = SendResult(False, error=getattr(e, "message", None) or str(e))
            delivered = [a for a in p.pending if a not in result.refused] if result.ok else []
            if delivered:
                _record(
                    record, p, delivered, list(result.refused), email["Message-ID"], email["Subject"], now
                )
                save_sent(out_dir, record)
            o = Outcome(p, result, delivered)
            outcomes.append(o)
            say(o)
    finally:
        session.close()
    return outcomes
