"""Reading a workbook's values into a :class:`RawWorkbook` with python-calamine, nothing more.

``read_workbook`` may raise (``CalamineError``, even ``PanicException``, a ``BaseException``);
callers go through :func:`pipeline.intake.safe.read_file` or the worker pool, which turn every
failure into a finding. Formulas never run and macros are never loaded.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as DET

from pipeline.checks.messages import finding
from pipeline.intake.addresses import a1
from pipeline.intake.raw import RawSheet, RawWorkbook
from pipeline.manifest import Finding
from pipeline.vn import so_vn

_VISIBILITY = {"visible": "visible", "hidden": "hidden", "veryhidden": "veryhidden"}

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_REL_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _visibility(meta: Any) -> str:
    text = str(getattr(meta, "visible", "visible")).rsplit(".", 1)[-1].lower().replace("_", "")
    return _VISIBILITY.get(text, "visible")


def read_workbook(
    source: str | Path | bytes | IO[bytes],
    fmt: str | None = None,
    input_cells: dict[str, set[str]] | None = None,
    *,
    max_cells: int = 5_000_000,
    findings: list[Finding] | None = None,
    file: str = "",
) -> RawWorkbook:
    """Every sheet (incl. hidden and very hidden) as values from A1, with merged ranges.

    ``input_cells`` (sheet → addresses like ``"E12"``), for xlsx/xlsm, asks which of those cells hold a
    formula with no saved value; the answer lands in ``RawWorkbook.formulas_without_value``.

    A sheet whose used area (from A1) passes ``max_cells`` is read only to the rows that fit, with a
    SHEET-TRUNCATED warning appended to ``findings`` (one stray cell at XFD1048576 must not cost GBs).
    """
    from python_calamine import CalamineWorkbook

    data: bytes | None = None
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    elif isinstance(source, (str, Path)):
        wb = CalamineWorkbook.from_path(str(source))
    else:
        wb = CalamineWorkbook.from_filelike(source)
    sheets: list[RawSheet] = []
    try:
        metas = list(wb.sheets_metadata)
        for meta in metas:
            typ = str(getattr(meta, "typ", "WorkSheet")).rsplit(".", 1)[-1].lower()
            if typ not in ("worksheet", "sheet"):
                continue  # chart sheets, macro sheets, dialog sheets: no cell values to read
            sheet = wb.get_sheet_by_name(meta.name)
            end = getattr(sheet, "end", None)
            n_rows = n_cols = 0
            if end:
                n_rows, n_cols = int(end[0]) + 1, int(end[1]) + 1
            if n_rows * n_cols > max_cells:
                keep = max(1, max_cells // max(n_cols, 1))
                rows = sheet.to_python(skip_empty_area=False, nrows=keep)
                if findings is not None:
                    findings.append(
                        finding(
                            "SHEET-TRUNCATED",
                            sheet=meta.name,
                            cell=a1(n_rows - 1, n_cols - 1),
                            rows=so_vn(keep),
                            file=file,
                        )
                    )
            else:
                rows = sheet.to_python(skip_empty_area=False)
            merged: list[tuple[int, int, int, int]] = []
            for rng in getattr(sheet, "merged_cell_ranges", None) or []:
                (r0, c0), (r1, c1) = rng
                merged.append((int(r0), int(c0), int(r1), int(c1)))
            sheets.append(RawSheet(name=meta.name, visible=_visibility(meta), rows=rows, merged=merged))
    finally:
        close = getattr(wb, "close", None)
        if close is not None:
            close()
    raw = RawWorkbook(sheets=sheets)
    if input_cells and (fmt in (None, "xlsx", "xlsm")):
        if data is None and isinstance(source, (str, Path)):
            data = Path(source).read_bytes()
        if data is not None and data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                raw.formulas_without_value = formulas_without_value(zf, sheet_xml_parts(zf), input_cells)
    return raw


class Package:
    """An xlsx/xlsm package opened once for the checks that read its XML (per cent formats, formulas
    with no value): the sheet → part map parsed once, each part inflated at most once. The guards
    have passed on these bytes before (sizes, entities, cell areas)."""

    def __init__(self, data: bytes, parts: dict[str, bytes] | None = None):
        # the guard's inflated entries, checked against the sizes and CRCs of this zip, are read as is
        self.zf = _Entries(data, parts)
        self.sheet_parts = sheet_xml_parts(self.zf)

    def close(self) -> None:
        self.zf.close()


class _Entries:
    """The entries of a package, read by name and kept (each is read by two checks). ``memo``: the
    entries the guard has already inflated; the zip itself is opened only for an entry not among
    them (its central directory is parsed at most once, and not at all when the memo has all)."""

    def __init__(self, data: bytes, memo: dict[str, bytes] | None = None):
        self._data = data
        self._memo: dict[str, bytes] = dict(memo or {})
        self._zip: zipfile.ZipFile | None = None

    def _zf(self) -> zipfile.ZipFile:
        if self._zip is None:
            self._zip = zipfile.ZipFile(io.BytesIO(self._data))
        return self._zip

    def getinfo(self, name: str) -> zipfile.ZipInfo:
        if name in self._memo:
            info = zipfile.ZipInfo(name)
            info.file_size = len(self._memo[name])
            return info
        return self._zf().getinfo(name)

    def read(self, name: str | zipfile.ZipInfo) -> bytes:
        key = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if key not in self._memo:
            self._memo[key] = self._zf().read(key)
        return self._memo[key]

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


_SEEN_MAX = 64  # distinct workbook/styles parts remembered (files of one template share theirs) ...
_SEEN_SIZE = 256 * 1024  # ... when small: a worker's memory is capped
_PARTS_SEEN: dict[tuple[bytes, bytes], dict[str, str]] = {}
_STYLES_SEEN: dict[bytes, frozenset[int]] = {}


def _remember(memo: dict, key, value, size: int):
    if size <= _SEEN_SIZE:
        if len(memo) >= _SEEN_MAX:
            memo.pop(next(iter(memo)))
        memo[key] = value
    return value


def sheet_xml_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part inside the package (``xl/worksheets/sheet1.xml``), via workbook rels.
    Remembered by the bytes of the two parts: the forms of one template share them."""
    wb_path = "xl/workbook.xml"
    try:
        rels, wb = zf.read("xl/_rels/workbook.xml.rels"), zf.read(wb_path)
    except KeyError:  # missing: no formula scan (calamine read the values)
        return {}
    seen = _PARTS_SEEN.get((rels, wb))
    if seen is not None:
        return dict(seen)
    return dict(_remember(_PARTS_SEEN, (rels, wb), _sheet_xml_parts(rels, wb, wb_path), len(rels) + len(wb)))


def _sheet_xml_parts(rels: bytes, wb: bytes, wb_path: str) -> dict[str, str]:
    try:
        rels_root = DET.fromstring(rels)
        wb_root = DET.fromstring(wb)
    except ParseError:  # malformed: no formula scan (calamine read the values)
        return {}
    targets: dict[str, str] = {}
    for rel in rels_root.iter(f"{{{NS_REL_PKG}}}Relationship"):
        target = rel.get("Target", "")
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(wb_path), target))
        targets[rel.get("Id", "")] = path
    out: dict[str, str] = {}
    for sh in wb_root.iter(f"{{{NS_MAIN}}}sheet"):
        rid = sh.get(f"{{{NS_REL_DOC}}}id", "")
        if rid in targets and sh.get("name") is not None:
            out[sh.get("name")] = targets[rid]
    return out


_ADDR = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _norm_addr(a: str) -> str:
    m = _ADDR.match(a.strip())
    return (m.group(1).upper() + m.group(2)) if m else a.strip().upper()


def formulas_without_value(
    zf: zipfile.ZipFile, sheet_xml_paths: dict[str, str], cells: dict[str, set[str]]
) -> dict[str, list[str]]:
    """For the requested cells only: those holding ``<f>`` with no ``<v>`` (or an empty one).

    Sheets without any formula are skipped on a byte search; the others are scanned cell by cell
    with a regular expression over the bytes (guards have already refused DOCTYPE/ENTITY, and no XML
    parser runs here). Returns sheet name → sorted addresses; sheets with none are left out.
    """
    out: dict[str, list[str]] = {}
    for sheet, wanted_raw in cells.items():
        part = sheet_xml_paths.get(sheet)
        if not part or not wanted_raw:
            continue
        try:
            data = zf.read(part)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError):
            continue
        if not _HAS_FORMULA.search(data):
            continue  # most sheets hold no formula at all
        wanted = {_norm_addr(a) for a in wanted_raw}
        found: list[str] = []
        for m in _cells_around(data, _HAS_FORMULA):
            ref = _REF.search(m.group(1))
            if ref is None:
                continue
            addr = ref.group(1).decode("ascii")
            if addr not in wanted or not _HAS_FORMULA.search(m.group(2)):
                continue
            v = _VALUE.search(m.group(2))
            if v is None or not (v.group(1) or b"").strip():
                found.append(addr)
        if found:
            out[sheet] = sorted(found, key=_addr_key)
    return out


# a cell element with content (not self-closing): attributes, then content up to </c>
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b((?:[^>/]|/(?!>))*)>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>", re.S)
_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3}[0-9]{1,7})["']""")
_VALUE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?v\b[^>]*>(.*?)</(?:[A-Za-z_][\w.-]*:)?v>|<(?:[A-Za-z_][\w.-]*:)?v\s*/>", re.S
)
_HAS_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c\b")


@functools.lru_cache(maxsize=64)
def _prefixed(data: bytes) -> bool:
    """Whether a sheet spells its cells with a prefix (asked by both the formula and the per cent
    scan of the same part: answered once)."""
    return _PREFIXED_CELL.search(data) is not None


_AFTER_C = frozenset(b" \t\r\n/>")


def _cells_around(data: bytes, marker: re.Pattern, cell: re.Pattern = _CELL):
    """The ``cell`` matches of the cells holding ``marker``: found from each marker back to the cell's
    start tag, instead of matching every cell of the sheet (a sheet has hundreds of cells and a few
    formulas or per cent cells). A sheet that spells its elements with a prefix is matched whole."""
    if _prefixed(data):
        yield from cell.finditer(data)
        return
    last = -1
    floor = 0  # the previous marker: a cell starting before it was found (or not) for that marker
    for mk in marker.finditer(data):
        start = data.rfind(b"<c", floor, mk.start())
        while start >= 0 and data[start + 2] not in _AFTER_C:  # <col>, <cfRule>: not a cell
            start = data.rfind(b"<c", floor, start)
        floor = mk.start()  # each byte is searched back once: no marker × tag walk on a crafted sheet
        if start <= last:
            continue  # before the end of the cell already given, or none
        m = cell.match(data, start)
        if m is not None and m.end() > mk.start():  # the marker is inside this cell
            last = m.end() - 1
            yield m


def _style_attr(styles: set[int] | frozenset[int]) -> re.Pattern:
    """An ``s="…"`` attribute naming one of ``styles``."""
    return _style_pattern(frozenset(styles))


@functools.lru_cache(maxsize=64)
def _style_pattern(styles: frozenset[int]) -> re.Pattern:
    alts = b"|".join(str(i).encode() for i in sorted(styles))
    return re.compile(rb"""\ss\s*=\s*["']0*(?:""" + alts + rb""")["']""")  # s="09" is style 9


def _addr_key(a: str) -> tuple[int, str]:
    m = _ADDR.match(a)
    return (int(m.group(2)), m.group(1).rjust(3)) if m else (0, a)


_PERCENT_BUILTIN = {9, 10}  # 0% and 0.00%
_QUOTED = re.compile(r'"[^"]*"|\\.')
_ATTR_S = re.compile(rb"""\bs\s*=\s*["'](\d+)["']""")
_CELL_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b((?:[^>/]|/(?!>))*)/?>")


def percent_styles(zf: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats (``cellXfs``) whose number format shows a per cent."""
    try:
        info = zf.getinfo("xl/styles.xml")
        if info.file_size > 5 * 1024 * 1024:
            return set()
        data = zf.read(info)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError):
        return set()
    seen = _STYLES_SEEN.get(data)
    if seen is None:
        seen = _remember(_STYLES_SEEN, data, frozenset(_percent_styles(data)), len(data))
    return set(seen)


def _percent_styles(data: bytes) -> set[int]:
    try:
        root = DET.fromstring(data)
    except (ParseError, ValueError):
        return set()
    custom: dict[int, str] = {}
    for nf in root.iter(f"{{{NS_MAIN}}}numFmt"):
        try:
            custom[int(nf.get("numFmtId", "-1"))] = nf.get("formatCode", "")
        except ValueError:
            continue
    out: set[int] = set()
    xfs = root.find(f"{{{NS_MAIN}}}cellXfs")
    if xfs is None:
        return out
    for i, xf in enumerate(xfs.iter(f"{{{NS_MAIN}}}xf")):
        try:
            fid = int(xf.get("numFmtId", "0"))
        except ValueError:
            continue
        code = custom.get(fid, "")
        if fid in _PERCENT_BUILTIN or "%" in _QUOTED.sub("", code):
            out.add(i)
    return out


def percent_cells(
    zf: zipfile.ZipFile, sheet_xml_paths: dict[str, str], cells: dict[str, set[str]]
) -> dict[str, list[str]]:
    """For the requested cells only: those whose number format shows a per cent (what Excel stores
    when "85%" is typed: 0.85 with the format ``0%``). Sheet name → sorted addresses."""
    styles = percent_styles(zf)
    if not styles:
        return {}
    out: dict[str, list[str]] = {}
    for sheet, wanted_raw in cells.items():
        part = sheet_xml_paths.get(sheet)
        if not part or not wanted_raw:
            continue
        try:
            data = zf.read(part)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError):
            continue
        wanted = {_norm_addr(a) for a in wanted_raw}
        found = []
        for m in _cells_around(data, _style_attr(styles), _CELL_OPEN):
            ref = _REF.search(m.group(1))
            s = _ATTR_S.search(m.group(1))
            if ref is None or s is None:
                continue
            addr = ref.group(1).decode("ascii")
            if addr in wanted and int(s.group(1)) in styles:
                found.append(addr)
        if found:
            out[sheet] = sorted(found, key=_addr_key)
    return out
