"""Legacy ``.xls`` (BIFF5/8): where the cells are, before python-calamine allocates their box.

A real ``.xls`` may hold a value at IV65536, the last cell of the grid (someone typed at the bottom,
an old macro wrote there): legal, but python-calamine allocates the whole box from A1 densely
(16,8 million cells, about 1 GB). The cell records of each sheet are scanned here; when a sheet's
box passes the limit, the records of the cells beyond the rows that fit are renamed in place to a
record type readers skip, so the form's own cells are read and the far ones are reported
(SHEET-TRUNCATED), never allocated. The compound file is rewritten in memory only; inputs are
never written to.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

# BIFF records that hold a cell value: (row, first column) at the start of their data
_CELL_RECORDS = {
    0x0203,  # NUMBER
    0x027E,  # RK
    0x00FD,  # LABELSST
    0x0204,  # LABEL
    0x0006,  # FORMULA
    0x0205,  # BOOLERR
    0x00D6,  # RSTRING
}
_MULRK = 0x00BD  # row, first column, (xf, rk)*, last column
_BOUNDSHEET = 0x0085
_EOF = 0x000A
_SKIPPED = 0x1A1A  # a record type no reader knows: skipped


@dataclass(frozen=True)
class Truncated:
    sheet: str
    last: tuple[int, int]  # the farthest cell (0-based row, column)
    rows: int  # rows kept


def _sheets(stream: bytes) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    while pos + 4 <= len(stream):
        rtype, size = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + size]
        if rtype == _BOUNDSHEET and len(body) >= 8:
            offset = struct.unpack_from("<I", body, 0)[0]
            sheet_type = body[5]
            cch, flags = body[6], body[7] if len(body) > 7 else 0
            raw = body[8:]
            try:
                name = raw[: cch * 2].decode("utf-16-le") if flags & 1 else raw[:cch].decode("latin-1")
            except UnicodeDecodeError:
                name = "?"
            if sheet_type == 0:  # a worksheet (not a chart, macro or VB module)
                out.append((offset, name))
        if rtype == _EOF:
            break
        pos += 4 + size
    return out


def _cells(stream: bytes, start: int) -> list[tuple[int, int, int]]:
    """(record position, row, last column) of every value record of the sheet starting at ``start``."""
    out: list[tuple[int, int, int]] = []
    pos = start
    first = True
    while pos + 4 <= len(stream):
        rtype, size = struct.unpack_from("<HH", stream, pos)
        if rtype == _EOF and not first:
            break
        first = False
        if size >= 4 and pos + 8 <= len(stream):
            if rtype in _CELL_RECORDS:
                row, col = struct.unpack_from("<HH", stream, pos + 4)
                out.append((pos, row, col))
            elif rtype == _MULRK and size >= 6 and pos + 4 + size <= len(stream):
                row = struct.unpack_from("<H", stream, pos + 4)[0]
                last = struct.unpack_from("<H", stream, pos + 4 + size - 2)[0]
                out.append((pos, row, last))
        pos += 4 + size
    return out


def limit_cells(data: bytes, max_cells: int) -> tuple[bytes, list[Truncated]]:
    """``data`` with the records of cells beyond each sheet's allowed box skipped, and what was cut.
    Returns ``data`` unchanged when every sheet fits (or when the file cannot be scanned: the reader
    then reports it)."""
    try:
        import olefile

        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:
        return data, []
    try:
        name = "Workbook" if ole.exists("Workbook") else "Book" if ole.exists("Book") else None
        if name is None:
            return data, []
        stream = bytearray(ole.openstream(name).read())
    except Exception:
        return data, []
    finally:
        ole.close()
    cut: list[Truncated] = []
    for offset, sheet in _sheets(bytes(stream)):
        cells = _cells(bytes(stream), offset)
        if not cells:
            continue
        max_row = max(r for _, r, _ in cells)
        max_col = max(c for _, _, c in cells)
        if (max_row + 1) * (max_col + 1) <= max_cells:
            continue
        keep = max(1, max_cells // (max_col + 1))
        for pos, row, _ in cells:
            if row >= keep:
                stream[pos : pos + 2] = struct.pack("<H", _SKIPPED)
        cut.append(Truncated(sheet, (max_row, max_col), keep))
    if not cut:
        return data, []
    try:
        import olefile

        buf = io.BytesIO(bytearray(data))
        ole = olefile.OleFileIO(buf, write_mode=True)
        try:
            ole.write_stream(name, bytes(stream))
        finally:
            ole.close()
        return buf.getvalue(), cut
    except Exception:
        return data, []
