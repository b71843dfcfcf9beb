"""Saved e-mails (``.eml``): sender, ``Date:``, subject and the spreadsheet attachments.

Each attachment becomes a submission of its own, named ``<eml path>#<attachment name>``; the hash of
the e-mail and of each attachment is recorded. Attachments are recognised by extension *or* by their
bytes (a form sent as ``application/octet-stream`` named ``bao cao`` still counts).
"""

from __future__ import annotations

import datetime as dt
import email
import email.utils
import hashlib
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import PurePath

from pipeline.checks.messages import finding
from pipeline.intake.formats import SPREADSHEET_EXTENSIONS, detect
from pipeline.manifest import Finding


@dataclass
class Attachment:
    name: str  # NFC, RFC 2231 decoded, path parts removed
    data: bytes
    sha256: str
    format: str  # detected: xlsx, xlsm, xls, ods, or unknown (named like a spreadsheet but not one)


@dataclass
class ParsedEmail:
    sha256: str
    sender: str | None = None  # the address, lower-case
    sender_name: str | None = None
    date: dt.datetime | None = None  # aware
    subject: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _clean_name(name: str, index: int) -> str:
    name = _nfc(name).replace("\\", "/").rsplit("/", 1)[-1].strip().strip(".") or f"attachment-{index}"
    return "".join(ch for ch in name if ch.isprintable())


def _date(msg: EmailMessage) -> dt.datetime | None:
    raw = msg.get("Date")
    if raw is None:
        return None
    value = getattr(raw, "datetime", None)
    if value is None:
        try:
            value = email.utils.parsedate_to_datetime(str(raw))
        except (TypeError, ValueError, IndexError):
            return None
    if value is None:
        return None
    if value.tzinfo is None:  # "-0000": the zone is unknown; keep the instant as UTC
        value = value.replace(tzinfo=dt.UTC)
    return value


def read_eml(data: bytes, name: str = "") -> ParsedEmail:
    """Parse an e-mail's bytes; never raises. ``name`` is the e-mail's relative path (for findings)."""
    out = ParsedEmail(sha256=hashlib.sha256(data).hexdigest())
    try:
        msg = email.message_from_bytes(data, policy=policy.default)
    except Exception as e:  # the parser is lenient; this is belt and braces
        out.findings.append(finding("EMAIL-CORRUPT", detail=str(e)[:200], file=name))
        return out
    try:
        frm = msg.get("From")
        addrs = getattr(frm, "addresses", None) if frm is not None else None
        if addrs:
            out.sender = (addrs[0].addr_spec or "").lower() or None
            out.sender_name = _nfc(addrs[0].display_name) or None
        elif frm is not None:
            nm, addr = email.utils.parseaddr(str(frm))
            out.sender, out.sender_name = (addr.lower() or None), (_nfc(nm) or None)
    except Exception:
        pass
    try:
        out.date = _date(msg)
    except Exception:
        out.date = None
    if out.date is None:
        out.findings.append(finding("EMAIL-NO-DATE", file=name))
    try:
        out.subject = _nfc(str(msg.get("Subject", "") or ""))
    except Exception:
        out.subject = ""
    nested = False
    seen: dict[str, int] = {}
    try:
        parts = list(msg.walk())
    except Exception as e:
        out.findings.append(finding("EMAIL-CORRUPT", detail=str(e)[:200], file=name))
        parts = []
    for part in parts:
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            nested = True
            continue
        try:
            fname = part.get_filename()
        except Exception:
            fname = None
        if not fname and part.get_content_disposition() != "attachment":
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            payload = None
        if not payload:
            continue
        aname = _clean_name(fname or "", len(out.attachments) + 1)
        det = detect(payload, aname)
        by_ext = PurePath(aname).suffix.lower() in SPREADSHEET_EXTENSIONS
        is_sheet = det.format in ("xlsx", "xlsm", "xls", "ods") and det.kind in ("ok", "encrypted", "corrupt")
        if det.kind == "corrupt" and not by_ext:
            is_sheet = False
        if not (by_ext or is_sheet):
            if ctype == "message/rfc822" or aname.lower().endswith(".eml"):
                nested = True
            continue
        if aname in seen:  # two attachments with one name: keep both, distinctly
            seen[aname] += 1
            stem, suffix = PurePath(aname).stem, PurePath(aname).suffix
            aname = f"{stem} ({seen[aname]}){suffix}"
        seen.setdefault(aname, 1)
        out.attachments.append(
            Attachment(
                name=aname,
                data=payload,
                sha256=hashlib.sha256(payload).hexdigest(),
                format=det.format if det.format != "eml" else "unknown",
            )
        )
    if nested:
        out.findings.append(finding("EMAIL-NESTED", file=name))
    if not out.attachments:
        out.findings.append(finding("EMAIL-NO-ATTACHMENT", file=name))
    return out
