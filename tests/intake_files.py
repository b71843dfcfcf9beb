"""Builders for real and deliberately broken input files used by the intake tests."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

import xlsxwriter


def make_xlsx(cells: dict[str, dict[str, object]] | None = None, hidden: bool = True) -> bytes:
    """A small real workbook: 'Thông tin chung' with values and a merged range, a hidden and a very
    hidden sheet."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Thông tin chung")
    ws.write("A1", "Đơn vị")
    ws.write("B1", "Huyện Cao Lộc")
    ws.write("B2", 2024)
    ws.merge_range("A4:C5", "Gộp ô")
    ws.write_formula("E6", "=B2+1", None, 2025)
    ws.write_formula("E7", "=B2+2")  # xlsxwriter stores <v>0</v>; strip_cached_value removes it
    ws2 = wb.add_worksheet("Số liệu")
    ws2.write("C3", 12.5)
    for name, values in (cells or {}).items():
        s = wb.get_worksheet_by_name(name) or wb.add_worksheet(name)
        for addr, v in values.items():
            s.write(addr, v)
    if hidden:
        h = wb.add_worksheet("_lists")
        h.write("A1", "x")
        h.hide()
        m = wb.add_worksheet("_meta")
        m.write("A1", "kh-253")
        m.very_hidden()
    wb.close()
    return buf.getvalue()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for name, payload in replace.items():
            if name not in src.namelist():
                dst.writestr(name, payload)
    return out.getvalue()


def strip_cached_value(data: bytes, cell: str, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    xml = zipfile.ZipFile(io.BytesIO(data)).read(part)
    xml2 = re.sub(rb'(<c r="' + cell.encode() + rb'"[^>]*>)(<f>[^<]*</f>)<v>[^<]*</v>', rb"\1\2", xml)
    assert xml2 != xml
    return rezip(data, {part: xml2})


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def zeros_deflate(n_mb: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``n_mb`` MiB of zeros built by repeating one fully flushed block,
    so a multi-GB bomb costs a few MB and milliseconds to make."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(b"\0" * (1 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
    return block * n_mb + c.flush(zlib.Z_FINISH), n_mb << 20


def build_zip(entries: list[tuple[str, bytes, int, int, int, int]]) -> bytes:
    """Hand-made zip: (name, stored bytes, method, declared size, crc, declared compressed size or -1)."""
    out = io.BytesIO()
    central = []
    for name, payload, method, size, crc, csize in entries:
        nb = name.encode()
        off = out.tell()
        cs = len(payload) if csize < 0 else csize
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, cs, size, len(nb), 0))
        out.write(nb)
        out.write(payload)
        central.append(
            struct.pack(
                "<4s6H3I5H2I",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0,
                crc,
                cs,
                size,
                len(nb),
                0,
                0,
                0,
                0,
                0,
                off,
            )
            + nb
        )
    cd_off = out.tell()
    cd = b"".join(central)
    out.write(cd)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(central), len(central), len(cd), cd_off, 0))
    return out.getvalue()


def xlsx_with_bomb(n_mb: int, lie: bool) -> bytes:
    """A real xlsx plus ``xl/media/pad.bin`` inflating to ``n_mb`` MiB of zeros; its directory
    declares 1 KB when ``lie``."""
    base = zipfile.ZipFile(io.BytesIO(make_xlsx()))
    entries = []
    for info in base.infolist():
        raw = base.read(info)
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = comp.compress(raw) + comp.flush()
        entries.append((info.filename, packed, 8, len(raw), zlib.crc32(raw), -1))
    bomb, size = zeros_deflate(n_mb)
    crc = 0
    if n_mb <= 64:  # a true CRC where it is cheap, so the small honest ones are valid zips
        for _ in range(n_mb):
            crc = zlib.crc32(b"\0" * (1 << 20), crc)
    entries.append(("xl/media/pad.bin", bomb, 8, 1024 if lie else min(size, 0xFFFFFFFE), crc, -1))
    return build_zip(entries)


# ---- OLE2 compound files (CFB v3), written by hand -------------------------------------------------

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def build_cfb(streams: dict[str, bytes]) -> bytes:
    """Minimal compound file: one FAT sector, one directory sector (≤ 3 streams), every stream padded
    to ≥ 4096 bytes so it lives in the regular FAT (no mini stream)."""
    assert len(streams) <= 3
    sec = 512
    data_sectors: list[bytes] = []
    starts: list[tuple[str, int, int]] = []
    fat = [FATSECT, ENDOFCHAIN]  # sector 0 = FAT, sector 1 = directory
    for name, payload in streams.items():
        body = payload.ljust(max(4096, -(-len(payload) // sec) * sec), b"\0")
        n = len(body) // sec
        first = 2 + len(data_sectors)
        for k in range(n):
            fat.append(first + k + 1 if k < n - 1 else ENDOFCHAIN)
            data_sectors.append(body[k * sec : (k + 1) * sec])
        starts.append((name, first, len(body)))
    fat += [FREESECT] * (128 - len(fat))
    header = struct.pack(
        "<8s16s6H10I",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        0,  # 2 of the 6 reserved bytes ...
        0,  # ... and the other 4
        0,  # directory sectors (0 in v3)
        1,  # FAT sectors
        1,  # first directory sector
        0,
        4096,
        ENDOFCHAIN,
        0,
        ENDOFCHAIN,
        0,
    )
    difat = struct.pack("<109I", 0, *([FREESECT] * 108))
    header = header + difat
    assert len(header) == 512, len(header)

    def entry(name: str, typ: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        nm = name.encode("utf-16-le") + b"\0\0"
        return struct.pack(
            "<64sHBBIII16sI8s8sIQ",
            nm,
            len(nm),
            typ,
            1,
            left,
            right,
            child,
            b"\0" * 16,
            0,
            b"\0" * 8,
            b"\0" * 8,
            start,
            size,
        )

    dirs = [entry("Root Entry", 5, NOSTREAM, NOSTREAM, 1 if starts else NOSTREAM, ENDOFCHAIN, 0)]
    for k, (name, first, size) in enumerate(starts):
        right = k + 2 if k + 1 < len(starts) else NOSTREAM
        dirs.append(entry(name, 2, NOSTREAM, right, NOSTREAM, first, size))
    while len(dirs) < 4:
        dirs.append(
            struct.pack(
                "<64sHBBIII16sI8s8sIQ",
                b"",
                0,
                0,
                0,
                NOSTREAM,
                NOSTREAM,
                NOSTREAM,
                b"\0" * 16,
                0,
                b"\0" * 8,
                b"\0" * 8,
                0,
                0,
            )
        )
    fat_bytes = struct.pack("<128I", *fat)
    return header + fat_bytes + b"".join(dirs) + b"".join(data_sectors)


def encrypted_ooxml() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE2 file with EncryptionInfo and
    EncryptedPackage streams (contents are not checked)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>"
    return build_cfb({"EncryptionInfo": info, "EncryptedPackage": struct.pack("<Q", 5000) + b"\x17" * 5000})


def xls_with_filepass() -> bytes:
    """A BIFF8 Workbook stream: BOF, then FILEPASS (RC4), as an encrypted .xls starts."""
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)
    filepass = struct.pack("<HH", 0x002F, 54) + struct.pack("<HHH", 1, 1, 1) + b"\x11" * 48
    return build_cfb({"Workbook": bof + filepass})


# ---- LibreOffice conversions -------------------------------------------------------------------


def soffice_convert(soffice: str, data: bytes, suffix: str, to: str) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / f"in{suffix}"
        src.write_bytes(data)
        profile = Path(d) / "profile"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                d,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        ext = to.split(":", 1)[0]
        return (Path(d) / f"in.{ext}").read_bytes()
