"""Fill a generated template as a person would, re-save it through LibreOffice, or mail it.

Used by tests, the sample year and the benchmark:

* :func:`fill_workbook` – values into unlocked cells by (code, field), located through the hidden
  key row and the ``Mã`` column (docs/FORM-LAYOUT.md), never by fixed addresses;
* :func:`resave` – LibreOffice headless re-save as xlsx, xls or ods, each call with its own
  profile (``-env:UserInstallation``) and a timeout;
* :func:`wrap_eml` – an ``.eml`` with the files attached, a sender and a proper ``Date:``.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl

from pipeline.mail.headers import UNFOLDED
from pipeline.templates import layout as L

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SOFFICE_TIMEOUT = 180  # seconds per conversion
FILTERS = {
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "xls": "xls:MS Excel 97",
    "ods": "ods:calc8",
    "pdf": "pdf:calc_pdf_Export",
}
MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".pdf": "application/pdf",
}


HEADER_CODE = "Mã"  # the visible header above the code column


class FillError(Exception):
    """The form has no such (code, field), or the cell is locked (not an input cell)."""


class ConversionError(RuntimeError):
    """LibreOffice failed or timed out."""


# --------------------------------------------------------------------------- locate cells


def form_cells(wb) -> dict[tuple[str, str], tuple[str, str]]:
    """(code, field key) → (sheet title, cell address) for every coded row of every data sheet."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for ws in wb.worksheets:
        key_row = None
        for r in range(1, L.KEY_ROW_SCAN + 1):
            for c in range(1, min(ws.max_column, 60) + 1):
                v = ws.cell(r, c).value
                if isinstance(v, str) and v.startswith(L.SECTION_MARK):
                    key_row = r
                    break
            if key_row:
                break
        if key_row is None:
            continue
        keys: dict[int, str] = {}
        for c in range(1, ws.max_column + 1):
            v = ws.cell(key_row, c).value
            if isinstance(v, str) and v and not v.startswith(L.SECTION_MARK):
                keys[c] = v
        code_col = next((c for c, k in keys.items() if k == L.COL_CODE), None)
        if code_col is None:
            continue
        name_col = next((c for c, k in keys.items() if k == L.COL_NAME), None)
        for r in range(key_row + 1, ws.max_row + 1):
            code = ws.cell(r, code_col).value
            if not isinstance(code, str) or not code.strip() or code.strip() == HEADER_CODE:
                continue
            code = code.strip()
            for c, k in keys.items():
                out.setdefault((code, k), (ws.title, ws.cell(r, c).coordinate))
            if name_col is not None:
                out.setdefault((code, L.FREE_NAME_KEY), (ws.title, ws.cell(r, name_col).coordinate))
    return out


def typed_text(value: Any) -> str:
    """How a person types a number: ``85.5`` → ``"85,5"``, ``12`` → ``"12"``; strings unchanged."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def fill_workbook(
    src: Path | str,
    dst: Path | str,
    values: Mapping[tuple[str, str], Any],
    *,
    as_text: Iterable[tuple[str, str]] = (),
) -> Path:
    """Copy ``src`` to ``dst`` with ``values`` typed into its input cells.

    Keys are (row code, field key) as in :func:`pipeline.templates.build.build_workbook`.
    Keys in ``as_text`` are written as text, the way people type numbers (``"85,5"``, ``" 12 "``).
    Writing into a locked cell or an unknown (code, field) raises :class:`FillError`.
    """
    src, dst = Path(src), Path(dst)
    as_text = set(as_text)
    wb = openpyxl.load_workbook(src)
    where = form_cells(wb)
    for key, value in values.items():
        loc = where.get(key)
        if loc is None:
            raise FillError(f"biểu mẫu {src.name} không có ô ({key[0]}, {key[1]})")
        cell = wb[loc[0]][loc[1]]
        if cell.protection.locked:
            raise FillError(f"ô {loc[0]}!{loc[1]} ({key[0]}, {key[1]}) bị khóa, không phải ô nhập liệu")
        if key in as_text or isinstance(value, str):
            cell.value = typed_text(value)
            cell.data_type = "s"  # a typed "=…" stays text, as Excel keeps it in a text-formatted cell
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            cell.value = dt.datetime(value.year, value.month, value.day)
        else:
            cell.value = value
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".~{dst.name}")
    wb.save(tmp)
    tmp.replace(dst)
    return dst


# --------------------------------------------------------------------------- LibreOffice


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def resave(
    src: Path | str,
    dst_dir: Path | str,
    fmt: str,
    soffice: str | None = None,
    *,
    timeout: float = SOFFICE_TIMEOUT,
) -> Path:
    """Re-save ``src`` through LibreOffice headless as ``fmt`` (xlsx, xls, ods or pdf) into
    ``dst_dir``, named ``<stem>.<fmt>``; returns the new file. Each call has its own profile."""
    src, dst_dir = Path(src).resolve(), Path(dst_dir)
    if fmt not in FILTERS:
        raise ValueError(f"định dạng không hỗ trợ: {fmt!r} (chọn một trong {', '.join(FILTERS)})")
    soffice = soffice or find_soffice()
    if soffice is None:
        raise ConversionError("không tìm thấy LibreOffice (soffice)")
    dst_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ptn-lo-") as tmp:
        tmp_path = Path(tmp)
        profile = (tmp_path / "profile").as_uri()
        out_dir = tmp_path / "out"
        out_dir.mkdir()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            FILTERS[fmt],
            "--outdir",
            str(out_dir),
            str(src),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as e:
            raise ConversionError(
                f"LibreOffice quá {timeout:.0f} giây khi chuyển {src.name} sang {fmt}"
            ) from e
        produced = out_dir / f"{src.stem}.{fmt}"
        if proc.returncode != 0 or not produced.is_file():
            raise ConversionError(
                f"LibreOffice không chuyển được {src.name} sang {fmt} (mã {proc.returncode}): "
                f"{(proc.stderr or proc.stdout).strip()[:500]}"
            )
        dst = dst_dir / produced.name
        shutil.move(str(produced), dst)
    return dst


# --------------------------------------------------------------------------- e-mail


def wrap_eml(
    attachment_paths: Iterable[Path | str],
    dst: Path | str,
    sender: str,
    date: dt.datetime,
    subject: str,
    *,
    to: str = "snv@langson.gov.vn",
    body: str | None = None,
) -> Path:
    """Write an ``.eml`` (RFC 5322) with the files attached; a naive ``date`` is Vietnam time."""
    if date.tzinfo is None:
        date = date.replace(tzinfo=TZ)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] if "@" in sender else "ptn.local")
    msg.set_content(body or "Kính gửi Sở Nội vụ,\n\nĐơn vị gửi kèm báo cáo theo biểu mẫu.\n\nTrân trọng.\n")
    for p in attachment_paths:
        p = Path(p)
        mime = MIME.get(p.suffix.lower()) or mimetypes.guess_type(p.name)[0] or "application/octet-stream"
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(p.read_bytes(), maintype=maintype, subtype=subtype, filename=p.name)
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(msg.as_bytes(policy=UNFOLDED))  # as ptn mail sends: a long subject keeps its spaces
    return dst


# --------------------------------------------------------------------------- read back (tests)


def read_back(path: Path | str) -> tuple[dict[str, str], dict[tuple[str, str], Any]]:
    """``(_meta pairs, {(code, key): value})`` of any xlsx/xls/ods form, read with python-calamine.

    A plain reader for tests and the benchmark (intake has its own, with every check); empty
    cells are left out.
    """
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    meta: dict[str, str] = {}
    values: dict[tuple[str, str], Any] = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if name == L.META_SHEET:
            meta = {str(r[0]): str(r[1]) for r in rows if len(r) >= 2 and r[0] != ""}
            continue
        key_row = next(
            (
                i
                for i, r in enumerate(rows[: L.KEY_ROW_SCAN])
                if any(isinstance(v, str) and v.startswith(L.SECTION_MARK) for v in r)
            ),
            None,
        )
        if key_row is None:
            continue
        keys = {c: v for c, v in enumerate(rows[key_row]) if isinstance(v, str) and v}
        code_col = next((c for c, k in keys.items() if k == L.COL_CODE), None)
        if code_col is None:
            continue
        for r in rows[key_row + 1 :]:
            code = r[code_col] if code_col < len(r) else ""
            if not isinstance(code, str) or not code.strip() or code.strip() == HEADER_CODE:
                continue
            for c, k in keys.items():
                if c < len(r) and r[c] != "" and not k.startswith(L.SECTION_MARK):
                    values[(code.strip(), k)] = r[c]
                    if k == L.COL_NAME:
                        values[(code.strip(), L.FREE_NAME_KEY)] = r[c]
    return meta, values
