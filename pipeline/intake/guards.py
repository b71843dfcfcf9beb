"""Guards run before any parser sees a file: size, zip directory, real inflated sizes, XML entities.

Nothing here trusts the sizes a zip declares. Every entry is inflated with :mod:`zlib` in bounded
chunks, its real output counted and thrown away; an entry stops being inflated as soon as it passes
a limit, so a bomb that lies about its sizes is refused in milliseconds with a few hundred KB of
memory. XML parts are scanned for ``<!DOCTYPE``/``<!ENTITY`` while they inflate. A part whose
compressed bytes are those of a part already verified in this process (BLAKE2 digest, name, method,
CRC and size) is not inflated again: the forms of one template share most of their parts.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

import defusedxml
import defusedxml.ElementTree  # noqa: F401

from pipeline.checks.messages import finding
from pipeline.intake.addresses import a1
from pipeline.intake.formats import ZIP_OPEN_ERRORS
from pipeline.intake.grid import GridError, Inexact, OdsGrid, QuickSheetBound, SheetGrid
from pipeline.intake.limits import DEFAULT_LIMITS, MB, Limits
from pipeline.manifest import Finding
from pipeline.vn import dung_luong, so_chu, so_vn

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_BAD_XML = (b"<!DOCTYPE", b"<!ENTITY")
_BAD_XML_ALL = tuple(
    variant
    for marker in _BAD_XML
    for variant in (marker, marker.decode().encode("utf-16-le"), marker.decode().encode("utf-16-be"))
)
_TAIL = max(len(m) for m in _BAD_XML_ALL)


_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.I)
_ODS_CONTENT = "content.xml"


class GuardError(Exception):
    def __init__(self, finding: Finding):
        super().__init__(finding.code)
        self.finding = finding


def check_size(size: int, limits: Limits = DEFAULT_LIMITS, file: str = "") -> list[Finding]:
    if size == 0:
        return [finding("FILE-EMPTY", file=file)]
    if size > limits.max_file_size:
        return [
            finding(
                "FILE-TOO-LARGE", size=dung_luong(size), limit=dung_luong(limits.max_file_size), file=file
            )
        ]
    return []


def check_zip(
    data: bytes,
    limits: Limits = DEFAULT_LIMITS,
    file: str = "",
    parts: dict[str, bytes] | None = None,
    zf: zipfile.ZipFile | None = None,
) -> list[Finding]:
    """All zip guards on the whole archive bytes; an empty list means the archive may be parsed.

    Sheets spelled the usual way are measured by a quick bound (:class:`QuickSheetBound`); when it
    cannot vouch for a sheet, or anything is found, the whole archive is checked again with every
    sheet measured exactly (:class:`SheetGrid`), so the findings are always those of the exact check.

    ``parts``, when given, receives the inflated entries of an archive that passed (up to
    :data:`KEEP_PARTS` bytes in all): the checks that read the package's XML use them instead of
    inflating the entries a second time. ``zf``: these bytes already opened as a zip by the caller
    (its central directory is not parsed again; the caller closes it)."""
    keep: dict[str, bytes] | None = {} if parts is not None else None
    try:
        if not _check_zip(data, limits, file, quick=True, keep=keep, zf=zf):
            if parts is not None and keep:
                parts.update(keep)
            return []  # every guard passed: each quick bound is at least the exact measure
    except Inexact:
        pass
    # a problem, or a sheet the quick bound cannot vouch for: the exact check says what and where
    return _check_zip(data, limits, file, quick=False)


KEEP_PARTS = 16 * MB  # inflated bytes kept for the checks, all entries of one archive together
_ONE_STEP = 4 * MB  # an entry declared up to this size is inflated in one call (bounded by its size)
_ONE_STEP_METHODS = (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED)


def _check_zip(
    data: bytes,
    limits: Limits,
    file: str,
    quick: bool,
    keep: dict[str, bytes] | None = None,
    zf: zipfile.ZipFile | None = None,
) -> list[Finding]:
    if zf is None:
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except ZIP_OPEN_ERRORS as e:
            return [finding("FILE-CORRUPT", detail=f"zip: {e}", file=file)]
        opened = zf
    else:
        opened = contextlib.nullcontext()  # the caller's: left open
    with opened:
        infos = zf.infolist()
        # 1. the central directory, as declared
        if len(infos) > limits.max_zip_entries:
            return [
                finding(
                    "ZIP-TOO-MANY-ENTRIES",
                    count=so_vn(len(infos)),
                    limit=so_vn(limits.max_zip_entries),
                    file=file,
                )
            ]
        declared_total = 0
        for info in infos:
            if info.file_size > limits.max_entry_size:
                return [
                    finding(
                        "ZIP-ENTRY-TOO-LARGE",
                        entry=info.filename,
                        limit=dung_luong(limits.max_entry_size),
                        file=file,
                    )
                ]
            if _is_xml(info.filename) and info.file_size > limits.max_xml_size:
                return [
                    finding(
                        "XML-TOO-LARGE", entry=info.filename, limit=dung_luong(limits.max_xml_size), file=file
                    )
                ]
            if info.file_size > limits.ratio_min_size and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                return [finding("ZIP-RATIO", entry=info.filename, limit=_num(limits.max_ratio), file=file)]
            declared_total += info.file_size
        if declared_total > limits.max_total_size:
            return [finding("ZIP-TOO-LARGE", limit=dung_luong(limits.max_total_size), file=file)]
        # 2. the real bytes, inflated and counted
        total = 0
        cells = [0]  # dense cells of every sheet so far
        try:
            for info in infos:
                total += _inflate_entry(data, info, limits, total, file, cells, quick, keep)
                if keep is not None and total > KEEP_PARTS:
                    keep.clear()
                    keep = None
        except GuardError as e:
            return [e.finding]
        if keep:
            # a name the archive holds twice: the readers (zipfile, calamine) take one copy and the guard
            # may have kept the other; none is handed on, so the checks read what zipfile reads
            seen: set[str] = set()
            for info in infos:
                if info.filename in seen:
                    keep.pop(info.filename, None)
                seen.add(info.filename)
    return []


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _is_xml(name: str) -> bool:
    return name.lower().endswith(_XML_SUFFIXES)


def _inflate_entry(
    data: bytes,
    info: zipfile.ZipInfo,
    limits: Limits,
    total_before: int,
    file: str,
    cells: list[int],
    quick: bool = False,
    keep: dict[str, bytes] | None = None,
    as_sheet: bool = False,
) -> int:
    """Inflate one entry from its local header, counting real output; return its real size.

    A part is measured as a sheet when it is named like one, or when its content holds a
    ``sheetData`` element whatever its name (``as_sheet``): the workbook's relationships may put a
    sheet anywhere, and the reader follows them.

    An entry whose declared size is small is inflated in one call whose output is capped at that size
    (plus one byte); one that inflates past what it declares is inflated again in bounded steps, so
    the finding is the same as for any entry that lies about its size."""
    name = info.filename

    def corrupt(detail: str) -> GuardError:
        return GuardError(finding("FILE-CORRUPT", detail=f"{name}: {detail}", file=file))

    off = info.header_offset
    if off < 0 or off + 30 > len(data) or data[off : off + 4] != b"PK\x03\x04":
        raise corrupt("sai tiêu đề cục bộ")
    n_len, x_len = struct.unpack_from("<HH", data, off + 26)
    start = off + 30 + n_len + x_len
    end = start + info.compress_size
    if end > len(data):
        raise corrupt("dữ liệu bị cắt cụt")
    if info.flag_bits & 0x1:
        raise GuardError(finding("FILE-ENCRYPTED", file=file))
    is_xml = _is_xml(name) or as_sheet
    area: SheetGrid | OdsGrid | QuickSheetBound | None = None
    if _SHEET_PART.match(name) or as_sheet:
        area = QuickSheetBound() if quick else SheetGrid()
    elif name == _ODS_CONTENT:
        area = OdsGrid()
    entry_limit = min(limits.max_entry_size, limits.max_xml_size) if is_xml else limits.max_entry_size
    out = 0
    crc = 0
    tail = b""
    sniff = b""  # the end of the last chunk, for a sheetData tag split between two chunks
    sheet_inside = False  # found a sheetData tag in a part not named as a sheet

    def account(chunk: bytes, consumed: int) -> None:
        nonlocal out, crc, tail, sniff, sheet_inside
        out += len(chunk)
        crc = zlib.crc32(chunk, crc)
        _check_sizes(out, consumed, entry_limit, total_before, limits, is_xml, name, file)
        if area is None and not sheet_inside and name != _ODS_CONTENT:
            window = sniff + chunk
            sheet_inside = _holds_sheet(window)
            sniff = window[-_SHEET_TAIL:]
        if is_xml:
            window = tail + chunk
            if (b"<!" in window or b"<\x00!" in window) and any(m in window for m in _BAD_XML_ALL):
                raise GuardError(finding("XML-ENTITIES", entry=name, file=file))
            tail = window[-_TAIL:]
        if area is not None:
            try:
                area.feed(chunk)
            except GridError as e:
                raise corrupt(str(e)) from None
            if area.area > limits.max_cells or cells[0] + area.dense_total > limits.max_total_cells:
                raise too_many(area)  # (a quick bound knows its area at the end only)

    def too_many(g: SheetGrid | OdsGrid) -> GuardError:
        r, c = g.last
        return GuardError(
            finding(
                "SHEET-TOO-LARGE",
                detail=name,
                cell=a1(r, c),
                cells=so_chu(g.area),
                limit=so_chu(limits.max_cells),
                file=file,
            )
        )

    whole: bytes | None = None  # the entry inflated in one step
    seen_key = None
    if (
        quick
        and not isinstance(area, OdsGrid)
        and info.file_size <= _ONE_STEP
        and info.compress_type in _ONE_STEP_METHODS
    ):
        # the same compressed bytes inflate to the same part by the same method (stored bytes that are
        # also a deflate stream are two different parts): one already measured is not measured again
        digest = hashlib.blake2b(data[start:end], digest_size=16).digest()
        seen_key = (name, info.compress_type, info.CRC, info.file_size, digest)
        hit = _VERIFIED.get(seen_key)
        if hit is not None:
            whole, measured = hit
            out = len(whole)
            _check_sizes(out, info.compress_size, entry_limit, total_before, limits, is_xml, name, file)
            if keep is not None:
                keep[name] = whole
            if measured is not None:
                if (
                    measured.area > limits.max_cells
                    or cells[0] + measured.dense_total > limits.max_total_cells
                ):
                    raise Inexact("over the limit by the bound")
                cells[0] += measured.dense_total
            return out
    if info.compress_type == zipfile.ZIP_DEFLATED and info.file_size <= _ONE_STEP:
        d = zlib.decompressobj(-15)
        try:
            whole = d.decompress(data[start:end], info.file_size + 1)
        except zlib.error:
            whole = None  # the bounded steps say where
        if whole is not None and (len(whole) != info.file_size or not d.eof):
            whole = None
    elif info.compress_type == zipfile.ZIP_STORED and info.file_size <= _ONE_STEP:
        whole = data[start:end]
    if whole is not None:
        account(whole, info.compress_size)
        if keep is not None:
            keep[name] = whole
    elif info.compress_type == zipfile.ZIP_STORED:
        step = limits.chunk
        for pos in range(start, end, step):
            account(data[pos : min(pos + step, end)], pos + step - start)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        d = zlib.decompressobj(-15)
        step_in = 64 * 1024
        consumed = 0
        pos = start
        try:
            while pos < end and not d.eof:
                buf = data[pos : min(pos + step_in, end)]
                pos += len(buf)
                consumed += len(buf)
                while buf:
                    chunk = d.decompress(buf, limits.chunk)
                    buf = d.unconsumed_tail
                    account(chunk, consumed - len(buf))
                    if d.eof:
                        break
            if not d.eof:
                while True:  # flush what zlib still holds, still in bounded steps
                    chunk = d.decompress(b"", limits.chunk)
                    if not chunk:
                        break
                    account(chunk, consumed)
        except zlib.error as e:
            raise corrupt(f"deflate: {e}") from None
        if not d.eof:
            raise corrupt("dữ liệu nén bị cắt cụt")
    else:
        method = {12: "bzip2", 14: "lzma", 9: "deflate64"}.get(info.compress_type, str(info.compress_type))
        raise GuardError(finding("ZIP-METHOD", entry=name, method=method, file=file))
    if out != info.file_size or (crc & 0xFFFFFFFF) != info.CRC:
        raise corrupt("kích thước/CRC không khớp")
    if area is not None:
        try:
            area.feed(b"", final=True)
        except GridError as e:
            raise corrupt(str(e)) from None
        if area.area > limits.max_cells or cells[0] + area.dense_total > limits.max_total_cells:
            if isinstance(area, QuickSheetBound):
                raise Inexact("over the limit by the bound")  # measure exactly: empty far cells count not
            raise too_many(area)
        cells[0] += area.dense_total
    if sheet_inside:  # a sheet under another name: measured as one, from its start
        return _inflate_entry(data, info, limits, total_before, file, cells, quick, keep, as_sheet=True)
    if seen_key is not None and whole is not None:
        _remember(seen_key, whole, _Measured(area.area, area.dense_total) if area is not None else None)
    return out


# a worksheet's cells are inside its sheetData element (UTF-8 or UTF-16 parts)
_SHEET_MARKS = tuple("sheetData".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_SHEET_TAIL = max(len(m) for m in _SHEET_MARKS)


def _holds_sheet(data: bytes) -> bool:
    return any(m in data for m in _SHEET_MARKS)


@dataclass(frozen=True)
class _Measured:
    area: int
    dense_total: int


# parts that passed every guard, by name, method, CRC, size and a BLAKE2 digest of their compressed bytes: the
# forms of one template share most of theirs (styles, theme, the guide and list sheets). A worker
# keeps a few MB of them; a digest cannot be forged to match a part that was not measured.
_VERIFIED: dict[tuple, tuple[bytes, _Measured | None]] = {}
_VERIFIED_MAX_BYTES = 32 * MB
_VERIFIED_MAX_ENTRY = 1 * MB
_VERIFIED_OVERHEAD = 256  # bytes of a memo entry besides its part and name (key, digest, dict slot)
_verified_bytes = 0


def _memo_cost(key: tuple, whole: bytes) -> int:
    """What one memo entry holds: its part, its name (a zip name may be 64 KB long, and an empty part
    costs its key all the same) and the rest of the entry."""
    return len(whole) + len(key[0]) + _VERIFIED_OVERHEAD


def _remember(key: tuple, whole: bytes, measured: _Measured | None) -> None:
    global _verified_bytes
    if len(whole) > _VERIFIED_MAX_ENTRY or key in _VERIFIED:
        return
    cost = _memo_cost(key, whole)
    while _VERIFIED and _verified_bytes + cost > _VERIFIED_MAX_BYTES:
        old_key = next(iter(_VERIFIED))
        old = _VERIFIED.pop(old_key)
        _verified_bytes -= _memo_cost(old_key, old[0])
    _VERIFIED[key] = (whole, measured)
    _verified_bytes += cost


def _check_sizes(out: int, consumed: int, entry_limit: int, total_before: int, limits: Limits, is_xml: bool,
                 name: str, file: str) -> None:  # fmt: skip
    """The size limits of one entry, on its real inflated size (as account() applies them)."""
    if out > entry_limit:
        code = "XML-TOO-LARGE" if is_xml and entry_limit == limits.max_xml_size else "ZIP-ENTRY-TOO-LARGE"
        raise GuardError(finding(code, entry=name, limit=dung_luong(entry_limit), file=file))
    if total_before + out > limits.max_total_size:
        raise GuardError(finding("ZIP-TOO-LARGE", limit=dung_luong(limits.max_total_size), file=file))
    if out > limits.ratio_min_size and out > limits.max_ratio * max(consumed, 1):
        raise GuardError(finding("ZIP-RATIO", entry=name, limit=_num(limits.max_ratio), file=file))
