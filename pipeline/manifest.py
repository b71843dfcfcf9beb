"""The run manifest ``run-<Y>.json``: defined once, here.

``ptn check --json`` prints its ``inputs``; ``ptn run`` writes it whole; the Word report is rendered
from it alone. Paths are relative POSIX paths; lists are sorted so two runs on the same inputs give
the same manifest apart from ``generated_at``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1

Severity = Literal["error", "warning", "info"]
Status = Literal["accepted", "rejected", "superseded", "duplicate", "ignored"]
ReceivedSource = Literal["register", "email", "mtime", "none"]
Verdict = Literal[
    "vuot",  # Vượt
    "dat",  # Đạt
    "chua_dat",  # Chưa đạt
    "dung_lo_trinh",  # Đúng lộ trình (tham khảo)
    "cham_lo_trinh",  # Chậm so với lộ trình (tham khảo)
    "chua_den_han",  # Chưa đến hạn đánh giá
    "chua_co_chi_tieu",  # Chưa có chỉ tiêu năm
    "chua_co_so_lieu",  # Chưa có số liệu
]

VERDICT_LABEL: dict[str, str] = {
    "vuot": "Vượt",
    "dat": "Đạt",
    "chua_dat": "Chưa đạt",
    "dung_lo_trinh": "Đúng lộ trình (tham khảo)",
    "cham_lo_trinh": "Chậm so với lộ trình (tham khảo)",
    "chua_den_han": "Chưa đến hạn đánh giá",
    "chua_co_chi_tieu": "Chưa có chỉ tiêu năm",
    "chua_co_so_lieu": "Chưa có số liệu",
}

SEVERITY_LABEL: dict[str, str] = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}


class M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Finding(M):
    code: str  # stable, no severity in it: "PART-GT-WHOLE"
    severity: Severity
    message: str  # Vietnamese: what is wrong and what to do
    file: str = ""  # relative POSIX path of the file (for an e-mail: "mail.eml#attachment.xlsx")
    sheet: str = ""
    cell: str = ""  # "E12"
    item: str = ""
    field: str = ""
    value: str = ""  # the raw text involved, if any
    detail: str = ""  # technical detail (library or system text, often English): kept out of the message


class InputEntry(M):
    path: str  # relative POSIX path; attachments: "<eml path>#<attachment name>"
    sha256: str
    size: int
    format: str  # xlsx, xlsm, xls, ods, eml, unknown
    container: str | None = None  # the .eml it came in
    container_sha256: str | None = None
    unit: str | None = None
    unit_name: str | None = None
    year: int | None = None
    identified_by: Literal["meta", "cells", "filename", "none"] = "none"
    template_version: str | None = None
    sender: str | None = None
    received_at: dt.datetime | None = None
    received_at_source: ReceivedSource = "none"
    days_late: int | None = None
    status: Status
    superseded_by: str | None = None
    findings: list[Finding] = []


class LateUnit(M):
    unit: str
    days_late: int
    received_at: dt.datetime
    received_at_source: ReceivedSource


class Completeness(M):
    expected: list[str]  # obliged units active in the year
    received: list[str]
    on_time: list[str]
    late: list[LateUnit]
    missing: list[str]
    not_yet_due: list[str] = []  # before the deadline (--as-of): not heard from yet
    requested: list[str] = []  # requested units active in the year
    requested_received: list[str] = []
    reporting_rate: float | None = None  # % of expected
    on_time_rate: float | None = None


class ValueRow(M):
    unit: str
    section: str
    item: str  # "" for fields sections
    part: str = ""  # "tu_so" / "mau_so" for ratio parts
    field: str
    value: float | str | None
    raw: str = ""
    type: str
    valid: bool
    file: str
    sheet: str
    cell: str


class ProvinceTarget(M):
    item: str
    name: str
    group: str
    measure: str
    unit_of_measure: str
    direction: str
    lead: str  # unit code holding the item this year
    figure_source: str  # "lead" or "sum_local"
    sources: list[str]  # units whose figures were used
    missing_sources: list[str]  # suppliers with no valid figure
    excluded: list[str]  # suppliers whose figure had an error (left out, with its pair)
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None  # % for ratios, the sum or the value otherwise
    actual: float | None = None  # "thực hiện đến thời điểm báo cáo", same aggregation
    target: float | None = None
    target_end_year: int | None = None
    due: bool = False
    reference: bool = False
    verdict: Verdict
    previous_value: float | None = None
    change: float | None = None  # value − previous value (points for ratios)


class DocumentStatus(M):
    unit: str
    item: str
    name: str
    status: str | None
    number: str = ""
    date: dt.date | None = None
    note: str = ""


class ProgrammeStatus(M):
    unit: str
    item: str
    name: str
    role: str
    status: str | None
    result: str = ""
    planned: float | None = None
    spent: float | None = None


class UnitText(M):
    unit: str
    unit_name: str
    field: str  # kq_noi_bat, kho_khan, kn_trung_uong, kn_ubnd_tinh, kn_so_nganh, phuong_huong, …
    text: str


class RegisterRef(M):
    """The incoming register (sổ đăng ký văn bản đến) the receipt dates came from."""

    path: str
    sha256: str
    rows: int
    problems: list[str] = []


class PlanRef(M):
    id: str
    number: str
    catalog_hash: str
    catalog_path: str


class Totals(M):
    """Sums over accepted valid values of ``fields`` sections, by field key (counts, amounts)."""

    by_field: dict[str, float] = {}
    units_by_field: dict[str, int] = {}  # how many units gave a valid value


class Manifest(M):
    schema_version: int = SCHEMA_VERSION
    generated_at: dt.datetime
    year: int
    as_of: dt.date
    sample_data: bool = False
    plan: PlanRef
    deadline: dt.datetime  # first late instant
    units: dict[str, str]  # code → full name, every unit active in the year
    inputs: list[InputEntry]
    incoming_register: RegisterRef | None = None
    completeness: Completeness
    values: list[ValueRow]
    province: list[ProvinceTarget]
    documents: list[DocumentStatus] = []
    programmes: list[ProgrammeStatus] = []
    texts: list[UnitText] = []
    totals: Totals = Totals()
    previous_year: int | None = None
    previous_totals: Totals | None = None
    # last year's figures of the local units that ended since (the districts, in 2025), for the
    # workbook's comparison across the reorganisation; empty in an ordinary year
    previous_local_values: list[ValueRow] = []
    findings_by_severity: dict[str, int] = {}
    outputs: dict[str, str] = {}
