"""One file, from bytes to a :class:`RawWorkbook` (or a parsed e-mail) or findings — never an exception.

``read_file`` is what a pool worker runs for each job: size guard → format detection → zip guards
(inflated sizes, XML entities, the dense cell area of every sheet) or, for a legacy .xls, its cell
records (far cells skipped) → python-calamine, with every failure a finding. An e-mail job parses
the e-mail (email_input.py) and hands back its attachments. Nothing untrusted is parsed outside a
worker: a native crash or a runaway allocation costs that file only.
"""

from __future__ import annotations

import hashlib
import io
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from pipeline.checks.messages import finding
from pipeline.intake.addresses import a1
from pipeline.intake.biff import limit_cells
from pipeline.intake.email_input import EMAIL_LIMITS
from pipeline.intake.formats import REGISTRY, ZIP_OPEN_ERRORS, Detection, detect, format_for_extension
from pipeline.intake.guards import DEFAULT_LIMITS, Limits, check_size, check_zip
from pipeline.intake.raw import RawWorkbook
from pipeline.manifest import Finding
from pipeline.vn import dung_luong, so_vn


@dataclass
class ReadJob:
    source: str | Path | bytes  # a path (opened read-only) or the bytes of an e-mail attachment
    name: str  # the relative POSIX path findings carry ("mail.eml#bao-cao.xlsx" for attachments)
    input_cells: dict[str, set[str]] | None = None  # sheet → cells to check for formulas with no value
    hook: str | None = None  # tests only: see pipeline.intake.pool_worker.TEST_HOOKS
    post: Any = None  # pipeline.intake.examine.Post: examine the workbook where it was read
    email: bool = False  # parse as a saved e-mail (ReadResult.email), not as a workbook


@dataclass
class ReadResult:
    name: str
    format: str = "unknown"  # xlsx, xlsm, xls, ods, eml, unknown (InputEntry.format)
    raw: RawWorkbook | None = None
    findings: list[Finding] = field(default_factory=list)
    sha256: str = ""
    size: int = 0
    peak_memory: int | None = None  # bytes the worker's memory rose above its own while reading this file
    elapsed: float = 0.0  # seconds
    processed: Any = None  # pipeline.intake.examine.Examined, when examined in the worker (raw dropped)
    data: bytes | None = None  # the xlsx/xlsm bytes read, for the formula check; never sent between processes
    parts: dict[str, bytes] | None = None  # its entries as the guard inflated them; never sent either
    email: Any = None  # pipeline.intake.email_input.ParsedEmail, for an e-mail job

    @property
    def ok(self) -> bool:
        return self.raw is not None or self.processed is not None or self.email is not None


def read_file(job: ReadJob, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Never raises an ``Exception`` (a ``BaseException`` such as ``PanicException`` becomes
    PARSER-CRASH too; only ``KeyboardInterrupt``/``SystemExit`` pass)."""
    t0 = time.perf_counter()
    res = ReadResult(name=job.name)
    try:
        _read_into(job, limits, res)
    except (KeyboardInterrupt, SystemExit):
        raise
    except MemoryError:
        res.raw = res.email = None
        res.findings.append(finding("PARSER-MEMORY", limit_mb="?", file=job.name))
    except BaseException as e:  # PanicException derives from BaseException
        res.raw = res.email = None
        res.findings.append(finding("PARSER-CRASH", detail=f"{type(e).__name__}: {e}", file=job.name))
    res.elapsed = time.perf_counter() - t0
    return res


def _read_into(job: ReadJob, limits: Limits, res: ReadResult) -> None:
    name = job.name
    if isinstance(job.source, (bytes, bytearray, memoryview)):
        data = bytes(job.source)
    else:
        path = Path(job.source)
        try:
            size = path.stat().st_size
        except OSError as e:
            res.findings.append(unreadable(e, name))
            return
        res.size = size
        cap = EMAIL_LIMITS.max_size if job.email else limits.max_file_size
        if not job.email:
            size_findings = check_size(size, limits, name)
            if size_findings:
                res.findings += size_findings
                res.format = format_for_extension(name) or "unknown"
                return
        elif size > cap:
            res.format = "eml"
            res.findings.append(
                finding("EMAIL-TOO-LARGE", size=dung_luong(size), limit=dung_luong(cap), file=name)
            )
            return
        try:
            data = _read_regular(path, cap + 1)  # read-only: inputs are never written to
        except OSError as e:
            res.findings.append(unreadable(e, name))
            return
    res.size = len(data)
    res.sha256 = hashlib.sha256(data).hexdigest()
    if job.email:
        from pipeline.intake.email_input import read_eml

        res.format = "eml"
        res.email = read_eml(data, name)
        return
    size_findings = check_size(len(data), limits, name)
    if size_findings:
        res.findings += size_findings
        res.format = format_for_extension(name) or "unknown"
        return
    zf = _open_zip(data)  # one parse of the central directory for the detection and the guards
    try:
        det = detect(data, name, zf)
        res.format = det.format
        res.findings += detection_findings(det, name)
        if not det.readable:
            return
        if data.startswith(b"PK"):
            parts: dict[str, bytes] = {}
            guard = check_zip(data, limits, name, parts, zf)
            if guard:
                res.findings += guard
                return
    finally:
        if zf is not None:
            zf.close()
    if det.format == "xls":
        data, cut = limit_cells(data, limits.max_cells)
        for t in cut:
            res.findings.append(
                finding("SHEET-TRUNCATED", sheet=t.sheet, cell=a1(*t.last), rows=so_vn(t.rows), file=name)
            )
    from python_calamine import CalamineError

    from pipeline.intake.readers import read_workbook

    try:
        res.raw = read_workbook(
            data, det.format, job.input_cells, max_cells=limits.max_cells, findings=res.findings, file=name
        )
        if det.format in ("xlsx", "xlsm"):
            res.data = data  # the formula check scans these bytes: no second read of the file
            res.parts = parts or None  # ... and these parts: no second inflation
    except CalamineError as e:
        res.findings.append(finding("FILE-CORRUPT", detail=f"{type(e).__name__}: {e}", file=name))
    except (ValueError, KeyError, OSError, EOFError, UnicodeError) as e:
        res.findings.append(finding("FILE-CORRUPT", detail=f"{type(e).__name__}: {e}", file=name))


def _open_zip(data: bytes) -> zipfile.ZipFile | None:
    """``data`` opened as a zip, or None (not one, or one that does not open: the detection and
    the guards open it themselves and say what is wrong)."""
    if not data.startswith(b"PK"):
        return None
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_OPEN_ERRORS:
        return None


def _read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file. Opened without blocking (a FIFO put in its place
    would otherwise hang the read) and checked to be a regular file before reading."""
    import os
    import stat

    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            import errno

            raise OSError(errno.EISDIR if stat.S_ISDIR(os.fstat(fd).st_mode) else errno.EPERM,
                          "not a regular file", str(path))  # fmt: skip
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit)
    finally:
        os.close(fd)


def unreadable(e: OSError, name: str) -> Finding:
    """FILE-UNREADABLE with the reason in Vietnamese; the system's text goes to the detail."""
    import errno

    reason = {
        errno.EACCES: "không có quyền đọc",
        errno.EPERM: "không có quyền đọc",
        errno.ENOENT: "tệp đã bị xoá hoặc di chuyển",
        errno.EISDIR: "là một thư mục",
        errno.EIO: "lỗi đọc ổ đĩa",
        errno.ELOOP: "liên kết vòng",
    }.get(e.errno or 0, "lỗi hệ thống khi mở tệp")
    return finding("FILE-UNREADABLE", reason=reason, detail=f"{type(e).__name__}: {e}", file=name)


def detection_findings(det: Detection, name: str) -> list[Finding]:
    if det.kind == "empty":
        return [finding("FILE-EMPTY", file=name)]
    if det.kind == "encrypted":
        return [finding("FILE-ENCRYPTED", file=name)]
    if det.kind == "corrupt":
        return [finding("FILE-CORRUPT", detail=det.detail, file=name)]
    if det.kind == "other" or det.format not in REGISTRY:
        return [finding("FILE-NOT-SPREADSHEET", kind=det.detail or "không rõ loại", file=name)]
    if not REGISTRY[det.format].spreadsheet:
        return [finding("FILE-NOT-SPREADSHEET", kind=REGISTRY[det.format].description, file=name)]
    out: list[Finding] = []
    if det.macros:
        out.append(finding("MACROS-IGNORED", file=name))
    base = name.rsplit("#", 1)[-1]
    ext = PurePath(base).suffix.lower()
    by_ext = format_for_extension(base) if ext else None
    if by_ext and by_ext != det.format and {by_ext, det.format} != {"xlsx", "xlsm"}:
        out.append(finding("EXTENSION-MISMATCH", extension=ext, format=det.format, file=name))
    return out
