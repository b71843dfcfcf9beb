"""``check_files``: from paths to checked submissions and the flat form – the public API of intake.

discover (paths not read – links out of the folder, FIFOs, devices – listed as rejected) → e-mails
opened into their attachments (in the worker pool) → guards, calamine (and the SHA-256 of the bytes
read) in the worker pool → the same SHA-256 twice is a ``duplicate`` (what was read of it is
dropped) → identify → locate → checks → several submissions of one
unit: the newest by receipt time ``accepted``, the others ``superseded``. A file is ``rejected`` when
it is unreadable, unidentifiable, of another plan, of another year, of a unit not active in the year,
or an empty form: a rejected file counts for nothing but its findings. Output sorted by path.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.query import CatalogView
from pipeline.checks.messages import finding
from pipeline.intake.examine import Post, examine, source_bytes
from pipeline.intake.flat import FlatRow
from pipeline.intake.formats import format_for_extension, looks_like_email
from pipeline.intake.identify import Identity, identify
from pipeline.intake.pool import PoolOptions, ReaderPool
from pipeline.intake.raw import RawWorkbook
from pipeline.intake.safe import ReadJob, ReadResult
from pipeline.intake.source import discover, hash_unread
from pipeline.intake.supersede import choose_latest
from pipeline.manifest import Finding, InputEntry

# receipt(path, sha256) → (received at, source) or None for the default (e-mail Date:, else mtime)
Receipt = Callable[[str, str], "tuple[dt.datetime, str] | None"]


EXAMINE_IN_WORKERS_FROM = 20  # files; measured on 2 cores (bench/): a worker is ready to examine in ~0.15 s


@dataclass
class CheckResult:
    inputs: list[InputEntry]
    rows: list[FlatRow]  # the flat form of the accepted submissions only
    year: int | None = None
    rows_all: list[FlatRow] = field(default_factory=list)  # of every identified submission (superseded too)
    # diagnostics, not part of the manifest: {"reads": {path: {"peak_memory": bytes | None, "elapsed": s}}}
    debug: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Sub:
    path: str  # relative path ("mail.eml#a.xlsx" for attachments)
    source: Path | bytes
    sha256: str
    size: int
    format: str
    container: str | None = None
    container_sha256: str | None = None
    sender: str | None = None
    received_at: dt.datetime | None = None
    received_source: str = "none"
    findings: list[Finding] = field(default_factory=list)
    status: str = "accepted"
    read: ReadResult | None = None
    ident: Identity | None = None
    rows: list[FlatRow] = field(default_factory=list)


def _mtime(p: Path, tz: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(os.stat(p).st_mtime, tz=ZoneInfo(tz)).replace(microsecond=0)
    except OSError:
        return None


def _collect(paths: list[Path], root: Path, tz: str, pool: ReaderPool) -> list[_Sub]:
    subs: list[_Sub] = []
    mails = []
    for src in discover(paths, root, hash=False):  # hashed by the reader, which reads the bytes anyway
        fmt = format_for_extension(src.rel) or "unknown"
        if src.problem:
            s = _Sub(src.rel, src.path, "", 0, fmt, status="rejected")
            s.findings.append(finding(src.problem, detail=src.detail, file=src.rel))
            subs.append(s)
            continue
        head = b""
        if fmt == "unknown":
            try:
                with open(src.path, "rb") as fh:
                    head = fh.read(8192)
            except OSError:
                pass
        if src.rel.lower().endswith(".eml") or (fmt == "unknown" and head and looks_like_email(head)):
            mails.append(src)
            continue
        mt = _mtime(src.path, tz)
        subs.append(
            _Sub(src.rel, src.path, src.sha256, max(src.size, 0), fmt, received_at=mt,
                 received_source="mtime" if mt else "none")
        )  # fmt: skip
    results = pool.read([ReadJob(source=m.path, name=m.rel, email=True) for m in mails]) if mails else []
    for src, res in zip(mails, results, strict=True):
        mail = res.email
        if mail is None:  # too large, unreadable, or the parser worker died: the e-mail is rejected
            s = _Sub(src.rel, src.path, res.sha256 or hash_unread(src.path, src.size), res.size or max(src.size, 0),
                     "eml", status="rejected")  # fmt: skip
            s.findings += res.findings
            subs.append(s)
            continue
        if not mail.attachments:
            s = _Sub(src.rel, src.path, res.sha256 or hash_unread(src.path, src.size), res.size, "eml",
                     sender=mail.sender, status="rejected")  # fmt: skip
            s.received_at, s.received_source = (mail.date, "email") if mail.date else (None, "none")
            s.findings += mail.findings
            if not any(f.code.startswith("EMAIL-NO-ATT") or f.severity == "error" for f in mail.findings):
                s.findings.append(finding("EMAIL-NO-ATTACHMENT", file=src.rel))
            subs.append(s)
            continue
        when = mail.date or _mtime(src.path, tz)
        how = "email" if mail.date else ("mtime" if when else "none")
        for att in mail.attachments:
            rel = f"{src.rel}#{att.name}"
            s = _Sub(rel, att.data, att.sha256, len(att.data), att.format, container=src.rel,
                     container_sha256=mail.sha256, sender=mail.sender, received_at=when, received_source=how)  # fmt: skip
            s.findings += [f.model_copy(update={"file": rel}) for f in mail.findings]
            subs.append(s)
    return subs


def check_files(
    paths: list[Path],
    loaded: LoadedCatalog,
    year: int | None,
    root: Path,
    receipt: Receipt | None = None,
    *,
    workers: int = 2,
    timeout: float = 60.0,
    pool: ReaderPool | None = None,
    examine_in_workers: bool | None = None,
) -> CheckResult:
    """Check every file under ``paths``. ``pool``: an open :class:`ReaderPool` to read with (reused
    across calls, e.g. by tests); otherwise a pool of ``workers`` is started for this call.
    ``examine_in_workers``: with the year given, identification, location and checks run in the
    worker that read the file (False: all in this process, e.g. for tests that patch a check; None:
    from :data:`EXAMINE_IN_WORKERS_FROM` files on, below which loading the catalog in each worker
    costs more than it saves)."""
    own = pool is None
    if own:
        pool = ReaderPool(PoolOptions(workers=max(1, workers), timeout=timeout))
    try:
        return _check(paths, loaded, year, root, receipt, pool, examine_in_workers)
    finally:
        if own:
            pool.close()


def _check(paths, loaded: LoadedCatalog, year: int | None, root: Path, receipt: Receipt | None,
           pool: ReaderPool, examine_in_workers: bool | None) -> CheckResult:  # fmt: skip
    cat = loaded.catalog
    tz = cat.plan.deadline.timezone
    subs = _collect([Path(p) for p in paths], Path(root), tz, pool)

    to_read = [s for s in subs if s.status == "accepted"]
    name_of = {s.path: s.path.rsplit("/", 1)[-1] for s in to_read}
    # with the year known, each worker examines what it read (both cores; no workbook travels back)
    catalog_file = Path(loaded.path)
    if examine_in_workers is None:
        examine_in_workers = len(to_read) >= EXAMINE_IN_WORKERS_FROM
    post = year is not None and examine_in_workers and catalog_file.is_file()
    jobs = [
        ReadJob(
            source=s.source if isinstance(s.source, bytes) else Path(s.source),
            name=s.path,
            post=Post(str(catalog_file.resolve()), loaded.sha256, year, name_of[s.path], s.sha256)
            if post
            else None,
        )
        for s in to_read
    ]
    results = pool.read(jobs)
    for s, res in zip(to_read, results, strict=True):  # files are hashed by the reader that read them
        if not s.sha256:
            s.sha256 = res.sha256 or (
                hash_unread(Path(s.source), s.size) if isinstance(s.source, Path) else ""
            )

    if receipt is not None:
        for s in subs:
            got = receipt(s.path, s.sha256)
            if got is not None:
                s.received_at, s.received_source = got[0], got[1]

    # the same bytes twice: the later one (by receipt, then path) is a duplicate; what was read of it
    # is dropped (it says nothing the first one does not)
    def order(s: _Sub) -> tuple:
        t = s.received_at.timestamp() if s.received_at else float("inf")
        return (t, s.path)

    first: dict[str, _Sub] = {}
    for s in sorted(subs, key=order):
        if s.status != "accepted" or not s.sha256:
            continue
        if s.sha256 in first:
            s.status = "duplicate"
            s.findings.append(finding("DUPLICATE", other=first[s.sha256].path, file=s.path))
        else:
            first[s.sha256] = s

    reads = {}
    for s, res in zip(to_read, results, strict=True):
        if s.status == "duplicate":
            continue
        reads[s.path] = {"peak_memory": res.peak_memory, "elapsed": res.elapsed}
        s.read = res
        s.findings += res.findings
        if res.format and res.format != "unknown":
            s.format = res.format
        if res.sha256:
            s.sha256 = res.sha256
        if res.size:
            s.size = res.size
        if not res.ok:
            s.status = "rejected"

    readable = [s for s in subs if s.status == "accepted" and s.read is not None and s.read.raw is not None]
    run_year = year
    if run_year is None:
        years = Counter()
        for s in readable:
            ident = identify(s.read.raw, name_of[s.path], loaded, None, s.path)
            if ident.year is not None and ident.unit is not None:
                years[ident.year] += 1
        if years:  # the newest year the files are for: older forms are then YEAR-MISMATCH
            run_year = max(years)
    view = CatalogView.of(cat, run_year) if run_year is not None else None

    for s in subs:
        if s.status != "accepted" or s.read is None:
            continue
        done = s.read.processed.unpacked() if s.read.processed is not None else None
        if done is None and s.read.raw is not None:
            raw: RawWorkbook = s.read.raw
            try:
                done = examine(raw, loaded, view, run_year, s.path, name_of[s.path], s.sha256, s.format,
                               s.read.data if s.read.data is not None else source_bytes(s.source, s.format),
                               s.read.parts)  # fmt: skip
            except Exception as e:  # one bad file never stops the others
                s.status = "rejected"
                s.findings.append(
                    finding("CHECK-FAILED", detail=f"examine: {type(e).__name__}: {e}", file=s.path)
                )
                continue
            finally:
                s.read.raw = s.read.data = s.read.parts = None  # examined: free the workbook and its bytes
        if done is None:
            continue
        s.ident = done.ident
        s.findings += done.findings
        s.rows = done.rows
        if done.rejected:
            s.status = "rejected"

    deadline = cat.plan.deadline
    inputs: list[InputEntry] = []
    for s in sorted(subs, key=lambda s: s.path):
        ident = s.ident
        unit = ident.unit if ident else None
        days_late = None
        if run_year is not None and s.received_at is not None and s.status == "accepted":
            days_late = deadline.days_late(s.received_at, run_year)
        inputs.append(
            InputEntry(
                path=s.path, sha256=s.sha256, size=s.size, format=s.format or "unknown", container=s.container,
                container_sha256=s.container_sha256, unit=unit.code if unit else (ident.unit_code if ident else None),
                unit_name=unit.name if unit else None, year=ident.year if ident else None,
                identified_by=ident.identified_by if ident else "none",
                template_version=ident.template_version if ident else None, sender=s.sender,
                received_at=s.received_at, received_at_source=s.received_source, days_late=days_late,
                status=s.status, findings=s.findings,
            )
        )  # fmt: skip
    choose_latest(inputs)  # several submissions of one unit: the newest by receipt time is used
    accepted = {e.path for e in inputs if e.status == "accepted"}
    ordered = sorted(subs, key=lambda s: s.path)
    rows_all = [r for s in ordered if s.status == "accepted" for r in s.rows]  # every identified one
    rows = [r for r in rows_all if r.submission in accepted]
    return CheckResult(inputs=inputs, rows=rows, year=run_year, rows_all=rows_all, debug={"reads": reads})
