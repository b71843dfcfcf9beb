"""Examine one readable workbook: identify → locate → checks, giving its findings and flat rows.

The same function runs in the main process and inside the reader workers (so both cores do the
per-file work and a big workbook never travels back between processes): a job carrying
:class:`Post` is examined where it was read, and only the findings and flat rows come back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.checks.messages import finding
from pipeline.intake.flat import FlatRow, pack, unpack
from pipeline.manifest import Finding

# identification findings after which the file counts for nothing (no values, not received)
REJECTING = {"ID-UNIDENTIFIED", "UNIT-UNKNOWN", "PLAN-OTHER", "YEAR-MISMATCH", "UNIT-INACTIVE"}
# check findings after which it is not a report at all: an empty form never counts, never supersedes
REJECTING_CHECKS = {"FORM-EMPTY"}

# formats read, but not the form as issued: an info finding (FORMAT-LEGACY) on an accepted file
LEGACY_FORMATS = {"xls": ".xls (Excel 97-2003)", "ods": ".ods (OpenDocument)"}


@dataclass(frozen=True)
class Post:
    """What a worker needs to examine the workbook it has just read."""

    catalog_path: str
    catalog_sha256: str
    year: int
    file_name: str  # the name identification falls back on
    sha256: str


@dataclass
class Examined:
    ident: Any  # pipeline.intake.identify.Identity
    findings: list[Finding] = field(default_factory=list)
    rows: list[FlatRow] = field(default_factory=list)
    rejected: bool = False
    packed: list[tuple] | None = None  # the rows as tuples, while travelling from a worker (flat.pack)

    def unpacked(self) -> Examined:
        if self.packed is not None:
            self.rows, self.packed = unpack(self.packed), None
        return self


def examine(raw, loaded, view, year: int | None, path: str, file_name: str, sha256: str, fmt: str,
            data: bytes | None, parts: dict[str, bytes] | None = None) -> Examined:  # fmt: skip
    from pipeline.checks.base import CheckContext
    from pipeline.checks.runner import run_checks
    from pipeline.intake.identify import identify, reconcile_added_items
    from pipeline.intake.locate import Submission, locate

    ident = identify(raw, file_name, loaded, year, path)
    out = Examined(ident, list(ident.findings))
    if any(f.code in REJECTING for f in ident.findings) or not ident.identified or view is None:
        out.rejected = True
        return out
    if fmt in LEGACY_FORMATS:
        out.findings.append(finding("FORMAT-LEGACY", format=LEGACY_FORMATS[fmt], file=path))
    sub = Submission(path, sha256, year, ident.unit.code, path)
    loc = locate(raw, view, ident.unit, sub)
    out.findings = reconcile_added_items(out.findings + loc.findings, ident, loaded, view)
    ctx = CheckContext(path, view, ident.unit, loc.cells, raw=raw, data=data, format=fmt, loaded=loaded,
                       parts=parts)  # fmt: skip
    out.findings += run_checks(ctx)
    out.rows = [lc.row for lc in loc.cells]
    if any(f.code in REJECTING_CHECKS for f in out.findings):
        out.rejected = True
    return out


def source_bytes(source: str | Path | bytes, fmt: str) -> bytes | None:
    """The bytes the formula check scans (xlsx/xlsm only)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if fmt in ("xlsx", "xlsm"):
        try:
            return Path(source).read_bytes()
        except OSError:
            return None
    return None


_CATALOGS: dict[tuple[str, str], Any] = {}
_VIEWS: dict[tuple[str, int], Any] = {}


def examine_in_worker(job, res) -> None:
    """Examine ``res.raw`` in this (worker) process and drop it; leave it when the catalog on disk is
    not the one the main process loaded (the main process then examines it)."""
    post: Post = job.post
    key = (post.catalog_path, post.catalog_sha256)
    loaded = _CATALOGS.get(key)
    if loaded is None:
        from pipeline.catalog.load import load_catalog

        loaded = load_catalog(post.catalog_path)
        if loaded.sha256 != post.catalog_sha256:
            return
        _CATALOGS[key] = loaded
    vkey = (post.catalog_sha256, post.year)
    view = _VIEWS.get(vkey)
    if view is None:
        from pipeline.catalog.query import CatalogView

        view = _VIEWS[vkey] = CatalogView.of(loaded.catalog, post.year)
    res.processed = examine(
        res.raw, loaded, view, post.year, job.name, post.file_name, post.sha256 or res.sha256, res.format,
        res.data if res.data is not None else source_bytes(job.source, res.format), res.parts,
    )  # fmt: skip
    res.processed.packed, res.processed.rows = pack(res.processed.rows), []
    res.raw = None
