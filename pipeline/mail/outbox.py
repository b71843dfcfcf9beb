"""What each kind of message needs and who gets it – read from ptn's own outputs, nothing sent here.

* ``de-nghi-bao-cao``: every unit of the mailing list ``outputs/<Y>/mau/danh-sach-gui.xlsx`` gets its
  own form and the request letter (obliged units ``de-nghi-bao-cao-<Y>.docx``, requested units
  ``de-nghi-phoi-hop-<Y>.docx``, in ``outputs/<Y>/cong-van/``).
* ``bo-sung``: after ``ptn run``, each unit with a feedback form ``phan-hoi/<unit>.xlsx`` of the last
  run gets it with its letter ``phan-hoi/<unit>.docx``, at its addresses and the address its report
  came from.
* ``don-doc``: after ``ptn run``, each unit the run's ``owing`` list says owes its report (obliged
  units not heard from, and requested units whose figure of a target is awaited) gets the reminder
  letter ``don-doc-<Y>.docx`` – which names them – and its form again. Units whose report only has
  errors are asked through ``bo-sung``.

A letter that is missing is reported with the command that makes it; a unit without an address or
without its form is reported and left out.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pipeline.catalog.model import Obligation
from pipeline.catalog.query import CatalogView
from pipeline.exitcodes import UsageProblem
from pipeline.mail.records import attachments_hash
from pipeline.manifest import Manifest
from pipeline.templates.build import MAILING_LIST
from pipeline.templates.layout import META_SHEET
from pipeline.vn import nfc, ngay

KINDS = ("de-nghi-bao-cao", "bo-sung", "don-doc")
KIND_LABEL = {
    "de-nghi-bao-cao": "đề nghị báo cáo (biểu mẫu và công văn)",
    "bo-sung": "đề nghị bổ sung, hoàn thiện báo cáo",
    "don-doc": "đôn đốc báo cáo",
}
LETTER_LABEL = {
    "de-nghi-bao-cao": "Công văn đề nghị báo cáo",
    "de-nghi-phoi-hop": "Công văn đề nghị phối hợp báo cáo",
    "bo-sung": "Công văn đề nghị bổ sung, hoàn thiện báo cáo",
    "don-doc": "Công văn đôn đốc báo cáo",
}
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")  # ASCII only


def letter_command(letter: str, year: int) -> str:
    """The command that makes a letter (the contract of PARALLEL.md: ``ptn cong-van`` / ``ptn run``)."""
    if letter in ("de-nghi-bao-cao", "de-nghi-phoi-hop"):
        return f"ptn cong-van de-nghi-bao-cao --year {year}"
    return f"ptn run --year {year}"


def letter_path(out_dir: Path, year: int, letter: str, unit: str = "") -> Path:
    base = Path(out_dir) / str(year)
    if letter == "bo-sung":
        return base / "phan-hoi" / f"{unit}.docx"
    return base / "cong-van" / f"{letter}-{year}.docx"


@dataclass(frozen=True)
class Attachment:
    path: Path
    name: str  # as the recipient sees it
    sha256: str  # content_hash(path)


@dataclass
class Outgoing:
    kind: str  # de-nghi-bao-cao, bo-sung, don-doc
    wording: str  # section of the phrase file: de_nghi_bao_cao, de_nghi_phoi_hop, bo_sung, don_doc
    unit: str
    unit_name: str
    to: list[str]
    attachments: list[Attachment] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # phrase-file placeholders for this unit
    problem: str = ""  # why it cannot be sent (no address, form missing, letter missing)

    @property
    def attachments_sha256(self) -> str:
        return attachments_hash([(a.name, a.sha256) for a in self.attachments])

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.unit, self.kind, self.attachments_sha256)


@dataclass
class MissingLetter:
    letter: str  # de-nghi-bao-cao, de-nghi-phoi-hop, bo-sung, don-doc
    path: Path
    units: list[str]
    command: str


@dataclass
class Outbox:
    kind: str
    messages: list[Outgoing] = field(default_factory=list)
    missing_letters: list[MissingLetter] = field(default_factory=list)


VOLATILE_PARTS = {"docProps/core.xml", "docProps/app.xml"}  # creation time, editing statistics


def _generated_at(data: bytes) -> bytes:
    """The ``generated_at`` stamp of a ptn form (its ``_meta`` sheet), or b""."""
    from python_calamine import CalamineWorkbook

    try:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(META_SHEET).to_python()
    except Exception:
        return b""
    return next((str(r[1]).encode() for r in rows if len(r) > 1 and r[0] == "generated_at" and r[1]), b"")


def content_hash(path: Path) -> str:
    """SHA-256 of what a recipient reads: for .xlsx/.docx, every part of the package except the file
    properties, and without the form's own generation time – so rebuilding the same form or feedback
    (``ptn templates``, ``ptn run`` again) is the same attachment, and a changed one is a new message."""
    data = path.read_bytes()
    if path.suffix.lower() not in (".xlsx", ".docx") or not zipfile.is_zipfile(io.BytesIO(data)):
        return hashlib.sha256(data).hexdigest()
    stamp = _generated_at(data) if path.suffix.lower() == ".xlsx" else b""
    h = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in sorted(z.infolist(), key=lambda i: i.filename):
            if info.filename in VOLATILE_PARTS or info.is_dir():
                continue
            part = z.read(info)
            if stamp:
                part = part.replace(stamp, b"")
            h.update(f"{info.filename}\0{len(part)}\0".encode() + part)
    return h.hexdigest()


def _attach(path: Path, name: str | None = None) -> Attachment:
    return Attachment(path, name or path.name, content_hash(path))


def split_addresses(text: str) -> tuple[list[str], list[str]]:
    """``"a@x.vn; b@y.vn"`` → (valid addresses, invalid pieces)."""
    good, bad = [], []
    for piece in re.split(r"[;,\s]+", nfc(text)):
        piece = piece.strip().strip("<>")
        if not piece:
            continue
        (good if _ADDRESS.match(piece) else bad).append(piece)
    return list(dict.fromkeys(good)), bad


@dataclass(frozen=True)
class MailingRow:
    unit: str
    addresses: str
    form: str  # file name in the mau/ folder


def read_mailing_list(path: Path) -> list[MailingRow]:
    """The mailing list written by ``ptn templates`` (the officer may have corrected addresses in it)."""
    from python_calamine import CalamineWorkbook

    if not path.is_file():
        raise UsageProblem(
            f"Chưa có danh sách gửi {path.as_posix()}.",
            hint=f"Tạo biểu mẫu và danh sách gửi trước: ptn templates --year {path.parent.parent.name}.",
        )
    try:
        wb = CalamineWorkbook.from_path(str(path))
        rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as e:
        raise UsageProblem(
            f"Không đọc được danh sách gửi {path.as_posix()}: {e}.",
            hint="Đóng tệp trong Excel nếu đang mở; nếu tệp hỏng, tạo lại bằng ptn templates.",
        ) from None
    head = next((i for i, r in enumerate(rows[:20]) if "Mã đơn vị" in [nfc(str(v)).strip() for v in r]), None)
    if head is None:
        raise UsageProblem(
            f"Danh sách gửi {path.as_posix()} không có dòng tiêu đề «Mã đơn vị».",
            hint="Không xóa dòng tiêu đề của danh sách; tạo lại bằng ptn templates nếu cần.",
        )
    cols = {nfc(str(v)).strip(): c for c, v in enumerate(rows[head])}
    need = ("Mã đơn vị", "Thư điện tử", "Tệp đính kèm")
    if any(n not in cols for n in need):
        raise UsageProblem(
            f"Danh sách gửi {path.as_posix()} thiếu cột: {', '.join(n for n in need if n not in cols)}.",
            hint="Giữ nguyên các cột của danh sách; tạo lại bằng ptn templates nếu cần.",
        )
    out = []
    for r in rows[head + 1 :]:
        code, addresses, form = (nfc(str(r[cols[n]])).strip() if cols[n] < len(r) else "" for n in need)
        if code:
            out.append(MailingRow(code.upper(), addresses, form))
    return out


def load_manifest(out_dir: Path, year: int) -> Manifest:
    path = Path(out_dir) / str(year) / f"run-{year}.json"
    if not path.is_file():
        raise UsageProblem(
            f"Chưa có kết quả tổng hợp năm {year} ({path.as_posix()}).",
            hint=f"Chạy ptn run --year {year} trước: thư đề nghị bổ sung và đôn đốc lấy từ kết quả đó.",
        )
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except (ValidationError, ValueError):
        raise UsageProblem(
            f"Tệp {path.as_posix()} không đúng định dạng kết quả tổng hợp.",
            hint=f"Chạy lại ptn run --year {year} để tạo lại tệp.",
        ) from None


def common_values(view: CatalogView, sender_name: str) -> dict[str, str]:
    plan = view.catalog.plan
    c = plan.contact
    return {
        "nam": str(view.year),
        "so_ke_hoach": plan.number,
        "ngay_ke_hoach": ngay(plan.date),
        "han_gui": ngay(plan.deadline.cutoff(view.year).date()),
        "co_quan_gui": sender_name,
        "nguoi_lien_he": c.name,
        "chuc_vu_nguoi_lien_he": c.position,
        "phong_lien_he": c.office,
        "dien_thoai_lien_he": c.phone,
        "thu_dien_tu_lien_he": c.email,
    }


class _Builder:
    def __init__(self, view: CatalogView, out_dir: Path, sender_name: str, units: Iterable[str] | None):
        self.view = view
        self.year = view.year
        self.out_dir = Path(out_dir)
        self.common = common_values(view, sender_name)
        self.only = {u.strip().upper() for u in units} if units else None
        self.missing: dict[str, MissingLetter] = {}
        self.mau = self.out_dir / str(self.year) / "mau"
        self._mailing: dict[str, MailingRow] | None = None

    def mailing(self) -> dict[str, MailingRow]:
        if self._mailing is None:
            path = self.mau / MAILING_LIST
            self._mailing = {r.unit: r for r in read_mailing_list(path)} if path.is_file() else {}
        return self._mailing

    def addresses(self, code: str) -> tuple[list[str], list[str], Path | None]:
        """A unit's addresses and blank form: from the mailing list when it has the unit, else the catalog."""
        row = self.mailing().get(code)
        if row is not None:
            good, bad = split_addresses(row.addresses)
            form = self.mau / row.form if row.form and (self.mau / row.form).is_file() else None
            return good, bad, form
        u = self.view.units_by_code.get(code)
        good, bad = split_addresses("; ".join(u.emails) if u else "")
        return good, bad, None

    def wanted(self, code: str) -> bool:
        return self.only is None or code in self.only

    def letter(self, letter: str, unit: str) -> Attachment | None:
        path = letter_path(self.out_dir, self.year, letter, unit)
        if path.is_file():
            name = f"{self.year}_{unit}_de-nghi-bo-sung.docx" if letter == "bo-sung" else None
            return _attach(path, name)
        key = str(path) if letter != "bo-sung" else "bo-sung"
        miss = self.missing.setdefault(
            key, MissingLetter(letter, path, [], letter_command(letter, self.year))
        )
        miss.units.append(unit)
        return None

    def message(self, kind: str, wording: str, code: str, addresses: list[str], bad: list[str]) -> Outgoing:
        u = self.view.units_by_code.get(code)
        name = u.name if u else code
        values = {**self.common, "ten_don_vi": name, "ma_don_vi": code}
        msg = Outgoing(kind, wording, code, name, addresses, values=values)
        if u is None or code not in self.view.active_codes:
            msg.problem = f"mã {code} không có trong danh mục hoặc không hoạt động năm {self.year}"
        elif not addresses:
            msg.problem = "chưa có địa chỉ thư điện tử" + (f" hợp lệ ({'; '.join(bad)})" if bad else "")
        return msg

    def finish(self, msg: Outgoing, attachments: list[Attachment | None], missing_file: str = "") -> Outgoing:
        msg.attachments = [a for a in attachments if a is not None]
        if not msg.problem and missing_file:
            msg.problem = missing_file
        elif not msg.problem and len(msg.attachments) < len(attachments):
            msg.problem = "thiếu công văn (xem dưới bảng)"
        return msg


def request_outbox(view: CatalogView, out_dir: Path, sender_name: str, units=None) -> Outbox:
    b = _Builder(view, out_dir, sender_name, units)
    mau = b.mau
    box = Outbox("de-nghi-bao-cao")
    for row in read_mailing_list(mau / MAILING_LIST):
        if not b.wanted(row.unit):
            continue
        good, bad = split_addresses(row.addresses)
        u = view.units_by_code.get(row.unit)
        requested = u is not None and u.obligation == Obligation.requested
        letter = "de-nghi-phoi-hop" if requested else "de-nghi-bao-cao"
        msg = b.message(box.kind, letter.replace("-", "_"), row.unit, good, bad)
        form = mau / row.form if row.form else None
        missing = ""
        if form is None or not form.is_file() or form.parent != mau:
            missing = f"không thấy biểu mẫu {row.form or '(trống)'} trong {mau.as_posix()}"
        box.messages.append(
            b.finish(msg, [None if missing else _attach(form), b.letter(letter, row.unit)], missing)
        )
    box.missing_letters = list(b.missing.values())
    return box


def feedback_outbox(view: CatalogView, out_dir: Path, sender_name: str, units=None) -> Outbox:
    b = _Builder(view, out_dir, sender_name, units)
    m = load_manifest(out_dir, b.year)
    box = Outbox("bo-sung")
    counted = {e.unit: e for e in m.inputs if e.status == "accepted" and e.unit}
    for key in sorted(m.outputs):
        if not key.startswith("phan-hoi/"):
            continue
        code = key.split("/", 1)[1]
        if not b.wanted(code):
            continue
        good, bad, _form = b.addresses(code)
        entry = counted.get(code)
        if entry is not None and entry.sender and _ADDRESS.match(entry.sender):
            good = list(dict.fromkeys([*good, entry.sender.lower()]))
        msg = b.message(box.kind, "bo_sung", code, good, bad)
        if entry is not None:
            sev = [f.severity for f in entry.findings]
            msg.values["so_loi"] = str(sev.count("error"))
            msg.values["so_canh_bao"] = str(sev.count("warning"))
        form = b.out_dir / str(b.year) / m.outputs[key]
        missing = (
            "" if form.is_file() else f"không thấy biểu mẫu phản hồi {form.as_posix()} (chạy lại ptn run)"
        )
        attached = None if missing else _attach(form, f"{b.year}_{code}_de-nghi-bo-sung.xlsx")
        box.messages.append(b.finish(msg, [attached, b.letter("bo-sung", code)], missing))
    box.missing_letters = list(b.missing.values())
    return box


def reminder_outbox(view: CatalogView, out_dir: Path, sender_name: str, units=None) -> Outbox:
    b = _Builder(view, out_dir, sender_name, units)
    m = load_manifest(out_dir, b.year)
    box = Outbox("don-doc")
    for code in [o.unit for o in m.owing if o.of("report")]:  # the đôn đốc's own list (one source)
        if not b.wanted(code):
            continue
        good, bad, form = b.addresses(code)
        msg = b.message(box.kind, "don_doc", code, good, bad)
        msg.values["tinh_trang"] = "chưa nhận được báo cáo"
        attachments = [b.letter("don-doc", code)]
        if form is not None:
            attachments.append(_attach(form))
        box.messages.append(b.finish(msg, attachments))
    box.missing_letters = list(b.missing.values())
    return box


BUILDERS = {"de-nghi-bao-cao": request_outbox, "bo-sung": feedback_outbox, "don-doc": reminder_outbox}


def build_outbox(kind: str, view: CatalogView, out_dir: Path, sender_name: str, units=None) -> Outbox:
    return BUILDERS[kind](view, out_dir, sender_name, units)
