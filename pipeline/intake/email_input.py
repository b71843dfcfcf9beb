"""Saved e-mails (``.eml``): sender, ``Date:``, subject and the spreadsheet attachments.

Each attachment becomes a submission of its own, named ``<eml path>#<attachment name>``; the hash of
the e-mail and of each attachment is recorded. Attachments are recognised by extension *or* by their
bytes (a form sent as ``application/octet-stream`` named ``bao cao`` still counts).

An e-mail is as untrusted as a workbook. It is parsed in a reader worker (memory and time capped,
see pool.py) and here with bounds of its own: the whole message's size is checked before parsing;
the lenient ``compat32`` parser is used (no structured header parsing, whose recursion and
quadratic paths a crafted header can hit); only the few headers needed are decoded, each cut to a
few kilobytes first (a From with 200 000 addresses, a 500 KB encoded-word Subject); the MIME tree is
walked without recursion, with a bound on parts and depth. Every text that leaves is made safe
(:mod:`pipeline.textsafe`): an invalid byte in an address or a file name never reaches a writer.
"""

from __future__ import annotations

import datetime as dt
import email
import email.header
import email.utils
import hashlib
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from pathlib import PurePath

from pipeline.checks.messages import finding
from pipeline.intake.formats import SPREADSHEET_EXTENSIONS, detect
from pipeline.manifest import Finding
from pipeline.textsafe import clean
from pipeline.vn import dung_luong, so_vn

MB = 1024 * 1024


@dataclass(frozen=True)
class EmailLimits:
    max_size: int = 40 * MB  # the whole .eml (base64 makes a 20 MB form ~27 MB)
    max_header: int = 4096  # characters of one header that are decoded
    max_parts: int = 200  # MIME parts
    max_depth: int = 20  # nesting of multiparts
    max_attachments: int = 50


EMAIL_LIMITS = EmailLimits()


@dataclass
class Attachment:
    name: str  # NFC, RFC 2231 / encoded-word decoded, path parts removed
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


def _clean_name(name: str, index: int) -> str:
    name = clean(name, 200).replace("\\", "/").rsplit("/", 1)[-1].strip().strip(".") or f"attachment-{index}"
    return "".join(ch for ch in name if ch.isprintable()) or f"attachment-{index}"


def _decode_words(text: str, limit: int) -> str:
    """Encoded words (``=?utf-8?b?…?=``) decoded, on at most ``limit`` characters."""
    text = text[:limit]
    try:
        parts = email.header.decode_header(text)
        out = []
        for chunk, charset in parts:
            if isinstance(chunk, bytes):
                try:
                    out.append(chunk.decode(charset or "utf-8", "replace"))
                except LookupError:
                    out.append(chunk.decode("utf-8", "replace"))
            else:
                out.append(chunk)
        return clean("".join(out), limit)
    except Exception:
        return clean(text, limit)


def _header(msg: Message, key: str, out: ParsedEmail, name: str, limits: EmailLimits) -> str | None:
    raw = msg.get(key)
    if raw is None:
        return None
    value = str(raw)
    if len(value) > limits.max_header:
        out.findings.append(
            finding(
                "EMAIL-HEADER-LONG",
                header=key,
                size=dung_luong(len(value.encode("utf-8", "replace"))),
                file=name,
            )
        )
    return value[: limits.max_header]


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        d = email.utils.parsedate_to_datetime(value.strip()[:200])
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if d is None:
        return None
    if d.tzinfo is None:  # "-0000": the zone is unknown; keep the instant as UTC
        d = d.replace(tzinfo=dt.UTC)
    return d


def _leaves(msg: Message, limits: EmailLimits) -> tuple[list[Message], bool, str | None]:
    """The non-multipart parts, depth first, without recursion: (parts, nested e-mail seen, problem)."""
    leaves: list[Message] = []
    nested = False
    stack: list[tuple[Message, int]] = [(msg, 0)]
    seen = 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > limits.max_parts:
            return leaves, nested, "parts"
        if depth > limits.max_depth:
            return leaves, nested, "depth"
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            nested = True
            continue
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend((p, depth + 1) for p in reversed(payload) if isinstance(p, Message))
            continue
        leaves.append(part)
    return leaves, nested, None


def read_eml(data: bytes, name: str = "", limits: EmailLimits = EMAIL_LIMITS) -> ParsedEmail:
    """Parse an e-mail's bytes; never raises an ``Exception``. ``name`` is its relative path."""
    out = ParsedEmail(sha256=hashlib.sha256(data).hexdigest())
    if len(data) > limits.max_size:
        out.findings.append(
            finding(
                "EMAIL-TOO-LARGE", size=dung_luong(len(data)), limit=dung_luong(limits.max_size), file=name
            )
        )
        return out
    try:
        msg = email.message_from_bytes(data, policy=policy.compat32)
    except RecursionError:
        out.findings.append(finding("EMAIL-CORRUPT", reason="cấu trúc lồng nhau quá sâu", file=name))
        return out
    except Exception as e:  # the parser is lenient; this is belt and braces
        out.findings.append(finding("EMAIL-CORRUPT", reason="cấu trúc thư hỏng", detail=repr(e), file=name))
        return out
    try:
        frm = _header(msg, "From", out, name, limits)
        if frm:
            addrs = email.utils.getaddresses([frm])
            if addrs:
                display, addr = addrs[0]
                out.sender = clean(addr, 320).lower() or None
                out.sender_name = _decode_words(display, 200) or None
    except Exception:
        out.sender = out.sender_name = None
    out.date = _date(_header(msg, "Date", out, name, limits))
    if out.date is None:
        out.findings.append(finding("EMAIL-NO-DATE", file=name))
    out.subject = _decode_words(_header(msg, "Subject", out, name, limits) or "", 500)
    try:
        parts, nested, problem = _leaves(msg, limits)
    except RecursionError:
        parts, nested, problem = [], False, "depth"
    if problem == "parts":
        out.findings.append(
            finding(
                "EMAIL-TOO-MANY-PARTS",
                count=f"hơn {so_vn(limits.max_parts)}",
                limit=so_vn(limits.max_parts),
                file=name,
            )
        )
        return out
    if problem == "depth":
        out.findings.append(finding("EMAIL-CORRUPT", reason="cấu trúc lồng nhau quá sâu", file=name))
        return out
    seen: dict[str, int] = {}
    for part in parts:
        if len(out.attachments) >= limits.max_attachments:
            break
        fname = _filename(part, limits)
        try:
            disposition = (part.get("Content-Disposition") or "")[: limits.max_header].split(";", 1)[0]
        except Exception:
            disposition = ""
        if not fname and disposition.strip().lower() != "attachment":
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            payload = None
        if not payload or not isinstance(payload, bytes):
            continue
        aname = _clean_name(fname or "", len(out.attachments) + 1)
        det = detect(payload, aname)
        by_ext = PurePath(aname).suffix.lower() in SPREADSHEET_EXTENSIONS
        is_sheet = det.format in ("xlsx", "xlsm", "xls", "ods") and det.kind in ("ok", "encrypted", "corrupt")
        if det.kind == "corrupt" and not by_ext:
            is_sheet = False
        if not (by_ext or is_sheet):
            if aname.lower().endswith(".eml") or det.format == "eml":
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


def _filename(part: Message, limits: EmailLimits) -> str | None:
    """The attachment's name (Content-Disposition ``filename``, else Content-Type ``name``), RFC 2231
    and encoded words decoded; a header too long to be a real one gives no name."""
    for key in ("Content-Disposition", "Content-Type"):
        v = part.get(key)
        if v is not None and len(str(v)) > limits.max_header:
            return None
    try:
        fname = part.get_filename()
    except Exception:
        return None
    if not fname:
        return None
    if not isinstance(fname, str):
        fname = str(fname)
    return _decode_words(fname, 255) if "=?" in fname else clean(fname, 255)
