"""Format registry: what a file is, from its magic bytes first and its extension second.

Detection never parses cell data. Zip containers are recognised from their central directory (names
only), OLE2 compound files from their directory (via ``olefile``), e-mails from their header block.
"""

from __future__ import annotations

import contextlib
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a local header, or an empty archive's end record
# what opening a damaged (or too new) zip raises: the file is corrupt, never a crash of the reader
ZIP_OPEN_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
)
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Format:
    name: str  # the manifest's InputEntry.format: xlsx, xlsm, xls, ods, eml
    extensions: tuple[str, ...]
    spreadsheet: bool
    description: str


REGISTRY: dict[str, Format] = {
    f.name: f
    for f in (
        Format("xlsx", (".xlsx",), True, "Excel 2007+ (Office Open XML)"),
        Format("xlsm", (".xlsm",), True, "Excel 2007+ có macro"),
        Format("xls", (".xls",), True, "Excel 97-2003 (BIFF8)"),
        Format("ods", (".ods",), True, "OpenDocument Spreadsheet"),
        Format("eml", (".eml",), False, "Thư điện tử (RFC 822)"),
    )
}

SPREADSHEET_EXTENSIONS = frozenset(e for f in REGISTRY.values() if f.spreadsheet for e in f.extensions)


@dataclass(frozen=True)
class Detection:
    """``format`` is a registry name or ``unknown``; ``kind`` says why when it is not readable:
    ``ok``, ``empty``, ``encrypted``, ``corrupt`` (a container that does not open), ``other``."""

    format: str
    kind: str = "ok"
    macros: bool = False
    detail: str = ""  # short, technical: what was seen

    @property
    def readable(self) -> bool:
        return self.kind == "ok" and self.format in REGISTRY and REGISTRY[self.format].spreadsheet


def format_for_extension(name: str) -> str | None:
    ext = PurePath(name).suffix.lower()
    for f in REGISTRY.values():
        if ext in f.extensions:
            return f.name
    return None


def detect(data: bytes, name: str = "", zf: zipfile.ZipFile | None = None) -> Detection:
    """Detect the format of ``data`` (whole file bytes); ``name`` only breaks ties (xlsx vs xlsm).
    ``zf``: these bytes already opened as a zip by the caller (left open)."""
    if not data:
        return Detection("unknown", "empty", detail="0 byte")
    if data.startswith(ZIP_MAGICS):
        return _detect_zip(data, name, zf)
    if data.startswith(OLE_MAGIC):
        return _detect_ole(data)
    if looks_like_email(data):
        return Detection("eml")
    return Detection("unknown", "other", detail=_describe(data))


def _describe(data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith(b"{\\rtf"):
        return "RTF"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "ảnh"
    if head.startswith((b"Rar!", b"7z\xbc\xaf")):
        return "tệp nén"
    if head.lstrip().lower().startswith((b"<html", b"<!doct", b"<?xml", b"<table")):
        return "HTML/XML"
    sample = data[:4096]
    try:
        sample.decode("utf-8")
        return "văn bản"
    except UnicodeDecodeError:
        return "dữ liệu không rõ"


def _detect_zip(data: bytes, name: str, opened: zipfile.ZipFile | None = None) -> Detection:
    try:
        with (
            contextlib.nullcontext(opened) if opened is not None else zipfile.ZipFile(io.BytesIO(data)) as zf
        ):
            names = set(zf.namelist())
            if "mimetype" in names:
                try:
                    info = zf.getinfo("mimetype")
                    mime = zf.read(info)[:200] if info.file_size < 1024 else b""
                except Exception:
                    mime = b""
                if mime.strip() == ODS_MIME:
                    return Detection("ods")
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                macros = "xl/vbaProject.bin" in names
                ext = PurePath(name).suffix.lower()
                fmt = "xlsm" if (macros or ext == ".xlsm") else "xlsx"
                return Detection(fmt, macros=macros)
            if "[Content_Types].xml" in names and "xl/workbook.bin" in names:
                return Detection("unknown", "other", detail="Excel nhị phân .xlsb")
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return Detection("unknown", "other", detail="văn bản Word .docx")
            return Detection("unknown", "other", detail="tệp nén zip")
    except (*ZIP_OPEN_ERRORS, KeyError) as e:
        return Detection(format_for_extension(name) or "xlsx", "corrupt", detail=f"zip: {e}"[:200])


def _detect_ole(data: bytes) -> Detection:
    try:
        import olefile
    except ImportError:  # pragma: no cover - olefile is a dependency; keep a light fallback
        return _detect_ole_light(data)
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as e:
        return Detection("xls", "corrupt", detail=f"OLE2: {e}"[:200])
    try:
        entries = {"/".join(p) for p in ole.listdir(streams=True, storages=True)}
        lower = {e.lower() for e in entries}
        if "encryptioninfo" in lower or "encryptedpackage" in lower:
            return Detection("xlsx", "encrypted", detail="OOXML mã hoá (EncryptionInfo)")
        stream = "Workbook" if ole.exists("Workbook") else "Book" if ole.exists("Book") else None
        if stream is None:
            if "worddocument" in lower:
                return Detection("unknown", "other", detail="văn bản Word .doc")
            return Detection("unknown", "other", detail="tệp OLE2 không có bảng tính")
        macros = any(e.startswith("_vba_project_cur") or e == "macros" for e in lower)
        try:
            head = ole.openstream(stream).read(64 * 1024)
        except Exception as e:
            return Detection("xls", "corrupt", detail=f"OLE2: {e}"[:200])
        if biff_has_filepass(head):
            return Detection("xls", "encrypted", macros=macros, detail="BIFF FILEPASS")
        return Detection("xls", macros=macros)
    finally:
        ole.close()


def _detect_ole_light(data: bytes) -> Detection:  # pragma: no cover
    def u16(s: str) -> bytes:
        return s.encode("utf-16-le")

    if u16("EncryptionInfo") in data or u16("EncryptedPackage") in data:
        return Detection("xlsx", "encrypted", detail="OOXML mã hoá")
    if u16("Workbook") in data or u16("Book") in data:
        return Detection("xls")
    return Detection("unknown", "other", detail="tệp OLE2 không có bảng tính")


def biff_has_filepass(stream: bytes, max_records: int = 200) -> bool:
    """Light check: a FILEPASS record (0x002F) among the first records of the globals substream."""
    pos = 0
    for _ in range(max_records):
        if pos + 4 > len(stream):
            return False
        rtype, size = struct.unpack_from("<HH", stream, pos)
        if rtype == 0x002F:
            return True
        if rtype == 0x0085 or (rtype == 0x000A and pos > 0):  # BOUNDSHEET or EOF: past where FILEPASS lives
            return False
        pos += 4 + size
    return False


_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]?", re.M)
_MAIL_HEADERS = (
    b"from:",
    b"date:",
    b"subject:",
    b"mime-version:",
    b"received:",
    b"return-path:",
    b"message-id:",
    b"to:",
)


def looks_like_email(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith(b"From "):  # mbox separator line
        head = head.split(b"\n", 1)[-1]
    block = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    lines = [ln for ln in block.splitlines() if ln and ln[:1] not in (b" ", b"\t")]
    if not lines or not all(_HEADER_LINE.match(ln) for ln in lines):
        return False
    names = {ln.split(b":", 1)[0].lower() + b":" for ln in lines}
    return len(names.intersection(_MAIL_HEADERS)) >= 2
