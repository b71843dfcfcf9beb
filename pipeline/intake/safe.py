"""One file, from bytes to a :class:`RawWorkbook` or findings — never an exception.

``read_file`` is what a pool worker runs for each job (and what runs in-process for a single file):
size guard → format detection → zip guards → python-calamine, with every failure a finding.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from pipeline.checks.messages import finding
from pipeline.intake.formats import REGISTRY, Detection, detect, format_for_extension
from pipeline.intake.guards import DEFAULT_LIMITS, Limits, check_size, check_zip
from pipeline.intake.raw import RawWorkbook
from pipeline.manifest import Finding


@dataclass
class ReadJob:
    source: str | Path | bytes  # a path (opened read-only) or the bytes of an e-mail attachment
    name: str  # the relative POSIX path findings carry ("mail.eml#bao-cao.xlsx" for attachments)
    input_cells: dict[str, set[str]] | None = None  # sheet → cells to check for formulas with no value
    hook: str | None = None  # tests only: see pipeline.intake.pool.TEST_HOOKS
    post: Any = None  # pipeline.intake.examine.Post: examine the workbook where it was read


@dataclass
class ReadResult:
    name: str
    format: str = "unknown"  # xlsx, xlsm, xls, ods, eml, unknown (InputEntry.format)
    raw: RawWorkbook | None = None
    findings: list[Finding] = field(default_factory=list)
    sha256: str = ""
    size: int = 0
    peak_rss: int | None = None  # bytes: the worker's peak resident memory while reading this file
    elapsed: float = 0.0  # seconds
    processed: Any = None  # pipeline.intake.examine.Examined, when examined in the worker (raw dropped)
    data: bytes | None = None  # the xlsx/xlsm bytes read, for the formula check; never sent between processes

    @property
    def ok(self) -> bool:
        return self.raw is not None or self.processed is not None


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
        res.raw = None
        res.findings.append(finding("PARSER-MEMORY", limit_mb="?", file=job.name))
    except BaseException as e:  # PanicException derives from BaseException
        res.raw = None
        res.findings.append(finding("PARSER-CRASH", detail=f"{type(e).__name__}: {e}"[:200], file=job.name))
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
            res.findings.append(finding("FILE-UNREADABLE", detail=str(e)[:200], file=name))
            return
        res.size = size
        size_findings = check_size(size, limits, name)
        if size_findings:
            res.findings += size_findings
            res.format = format_for_extension(name) or "unknown"
            return
        try:
            with open(path, "rb") as fh:  # read-only: inputs are never written to
                data = fh.read(limits.max_file_size + 1)
        except OSError as e:
            res.findings.append(finding("FILE-UNREADABLE", detail=str(e)[:200], file=name))
            return
    res.size = len(data)
    res.sha256 = hashlib.sha256(data).hexdigest()
    size_findings = check_size(len(data), limits, name)
    if size_findings:
        res.findings += size_findings
        res.format = format_for_extension(name) or "unknown"
        return
    det = detect(data, name)
    res.format = det.format
    res.findings += detection_findings(det, name)
    if not det.readable:
        return
    if data.startswith(b"PK"):
        guard = check_zip(data, limits, name)
        if guard:
            res.findings += guard
            return
    from python_calamine import CalamineError

    from pipeline.intake.readers import read_workbook

    try:
        res.raw = read_workbook(
            data, det.format, job.input_cells, max_cells=limits.max_cells, findings=res.findings, file=name
        )
        if det.format in ("xlsx", "xlsm"):
            res.data = data  # the formula check scans these bytes: no second read of the file
    except CalamineError as e:
        res.findings.append(finding("FILE-CORRUPT", detail=str(e)[:200], file=name))
    except (ValueError, KeyError, OSError, EOFError, UnicodeError) as e:
        res.findings.append(finding("FILE-CORRUPT", detail=f"{type(e).__name__}: {e}"[:200], file=name))


def detection_findings(det: Detection, name: str) -> list[Finding]:
    if det.kind == "empty":
        return [finding("FILE-EMPTY", file=name)]
    if det.kind == "encrypted":
        return [finding("FILE-ENCRYPTED", file=name)]
    if det.kind == "corrupt":
        return [finding("FILE-CORRUPT", detail=det.detail, file=name)]
    if det.kind == "other" or det.format not in REGISTRY:
        return [finding("FILE-NOT-SPREADSHEET", detail=det.detail or "không rõ", file=name)]
    if not REGISTRY[det.format].spreadsheet:
        return [finding("FILE-NOT-SPREADSHEET", detail=REGISTRY[det.format].description, file=name)]
    out: list[Finding] = []
    if det.macros:
        out.append(finding("MACROS-IGNORED", file=name))
    base = name.rsplit("#", 1)[-1]
    ext = PurePath(base).suffix.lower()
    by_ext = format_for_extension(base) if ext else None
    if by_ext and by_ext != det.format and {by_ext, det.format} != {"xlsx", "xlsm"}:
        out.append(finding("EXTENSION-MISMATCH", extension=ext, format=det.format, file=name))
    return out
