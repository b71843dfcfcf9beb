"""The incoming register (Sổ đăng ký văn bản đến, ND 30 Phụ lục IV): the official receipt dates.

Offices export it from their document system as ``.xlsx`` or CSV (often ``;``-separated, UTF-8-BOM
or Windows-1258). Columns are found by their header words (DOMAIN §7), wherever the header row is.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.textsafe import clean
from pipeline.vn import dung_luong, fold, nfc, parse_date

REGISTER_STEM = "so-van-ban-den"
REGISTER_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")

# header words (folded) → our column key
HEADERS = {
    "ngay den": "ngay_den",
    "so den": "so_den",
    "tac gia": "tac_gia",
    "so ky hieu van ban": "so_ky_hieu",
    "ngay thang van ban": "ngay_van_ban",
    "ten loai va trich yeu": "trich_yeu",
    "don vi hoac nguoi nhan": "nguoi_nhan",
    "ngay chuyen": "ngay_chuyen",
    "ky nhan": "ky_nhan",
    "ghi chu": "ghi_chu",
}


@dataclass(frozen=True)
class RegisterEntry:
    row: int  # 1-based row in the register file
    received: dt.date
    number: str  # Số đến
    author: str  # Tác giả (the sending unit)
    doc_number: str  # Số, ký hiệu văn bản
    doc_date: dt.date | None
    summary: str
    note: str


@dataclass
class Register:
    path: Path | None
    entries: list[RegisterEntry]
    problems: list[str]  # Vietnamese lines: rows that could not be read
    sha256: str = ""  # of the register file, for the run manifest


def find_register(folder: Path) -> Path | None:
    for suffix in REGISTER_SUFFIXES:
        p = folder / f"{REGISTER_STEM}{suffix}"
        if p.is_file():
            return p
    return None


def is_register(path: Path) -> bool:
    return path.stem.lower() == REGISTER_STEM and path.suffix.lower() in REGISTER_SUFFIXES


MAX_REGISTER_SIZE = 20 * 1024 * 1024
MAX_FIELD = 64 * 1024  # characters in one CSV field


class NotText(ValueError):
    """The register is not a text (CSV) file."""


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with a BOM, else Windows-1258 (Vietnamese ANSI)."""
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            text = data[len(bom) :].decode(enc, errors="replace")
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    if "\x00" in text:
        raise NotText("NUL")
    return text


def _csv_rows(data: bytes, name: str) -> tuple[list[list[str]], list[str]]:
    """The rows, and problems: a row csv cannot read (an open quote, a field past the limit) ends
    the reading there with a line saying so; what was read before is kept."""
    try:
        text = nfc(decode_text(data))
    except NotText:
        return [], [
            f"{name}: sổ văn bản đến không phải tệp văn bản CSV (có dữ liệu nhị phân): xuất lại sổ dạng .csv hoặc .xlsx."
        ]
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows: list[list[str]] = []
    problems: list[str] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    old = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD)
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:
                problems.append(
                    f"{name}, dòng {reader.line_num}: không đọc được (dấu ngoặc kép không đóng hoặc ô quá dài) – "
                    "phần còn lại của sổ bị bỏ qua; xuất lại sổ văn bản đến rồi chạy lại."
                )
                break
            rows.append(row)
    finally:
        csv.field_size_limit(old)
    return rows, problems


def _sheet_rows(data: bytes, name: str, pool=None) -> tuple[list[list[object]], list[str]]:
    """The first sheet's rows, read in a capped worker through the same guards as the returned forms."""
    from pipeline.intake.safe import ReadJob

    job = ReadJob(source=data, name=name)
    if pool is not None:
        (res,) = pool.read([job])
    else:
        from pipeline.intake.pool import read_many

        (res,) = read_many([job])
    if res.raw is None or not res.raw.sheets:
        return [], [f"{name}: không đọc được sổ văn bản đến – {f.message}" for f in res.findings] or [
            f"{name}: không đọc được sổ văn bản đến."
        ]
    return res.raw.sheets[0].rows, []


def date_of_cell(value: object) -> dt.date | None:
    """A register cell as a date: an Excel date or serial number, or text (a time after it is ignored)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:  # an Excel serial date
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    return parse_date(str(value or "")[:100], allow_time=True)  # exports often add the time


def read_register(path: Path | None, pool=None, **_ignored) -> Register:
    """The register's rows; never raises. ``pool``: the run's reader pool (a sheet register is read
    in a capped worker like any returned file)."""
    if path is None:
        return Register(None, [], [])
    try:
        size = path.stat().st_size
        if size > MAX_REGISTER_SIZE:
            return Register(path, [], [f"{path.name}: sổ văn bản đến quá lớn ({dung_luong(size)}, giới hạn "
                                       f"{dung_luong(MAX_REGISTER_SIZE)}): xuất lại sổ của năm báo cáo."])  # fmt: skip
        data = path.read_bytes()  # read once: parsed and hashed from the same bytes
    except OSError:
        return Register(path, [], [f"{path.name}: không mở được sổ văn bản đến; đóng tệp rồi chạy lại."])
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".csv":
        rows, problems = _csv_rows(data, path.name)
    else:
        rows, problems = _sheet_rows(data, path.name, pool)
        if problems:  # a broken register must not stop the run
            return Register(path, [], problems, digest)
    header_row, columns = None, {}
    for i, row in enumerate(rows[:20]):
        found = {}
        for j, cell in enumerate(row):
            key = HEADERS.get(fold(str(cell or "")))
            if key and key not in found:
                found[key] = j
        if "ngay_den" in found and "tac_gia" in found:
            header_row, columns = i, found
            break
    if header_row is None:
        return Register(
            path,
            [],
            [*problems, f"{path.name}: không thấy dòng tiêu đề có cột 'Ngày đến' và 'Tác giả'."],
            digest,
        )
    entries = []

    def cell(row: list[object], key: str) -> object:
        j = columns.get(key)
        return row[j] if j is not None and j < len(row) else None

    for i, row in enumerate(rows[header_row + 1 :], start=header_row + 2):
        if not any(str(c or "").strip() for c in row):
            continue
        received = date_of_cell(cell(row, "ngay_den"))
        author = clean(str(cell(row, "tac_gia") or ""), 300).strip()
        if received is None or not author:
            problems.append(f"{path.name}, dòng {i}: thiếu hoặc sai 'Ngày đến'/'Tác giả' – dòng bị bỏ qua.")
            continue
        entries.append(
            RegisterEntry(
                row=i,
                received=received,
                number=clean(str(cell(row, "so_den") or ""), 1000).strip(),
                author=author,
                doc_number=clean(str(cell(row, "so_ky_hieu") or ""), 1000).strip(),
                doc_date=date_of_cell(cell(row, "ngay_van_ban")),
                summary=clean(str(cell(row, "trich_yeu") or ""), 1000).strip(),
                note=clean(str(cell(row, "ghi_chu") or ""), 1000).strip(),
            )
        )
    return Register(path, entries, problems, digest)


def normalise_doc_number(text: str) -> str:
    return re.sub(r"\s+", "", fold(text).replace(" ", "/"))
