"""The run manifest ``run-<Y>.json``: defined once, here.

``ptn check --json`` prints its ``inputs``; ``ptn run`` writes it whole; the Word report is rendered
from it alone. Paths are relative POSIX paths; lists are sorted so two runs on the same inputs give
the same manifest apart from ``generated_at``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import ClassVar, Literal

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
    # built on first use: a reader worker uses Finding only, and starts ~0.1 s sooner without the rest
    model_config = ConfigDict(extra="forbid", defer_build=True)


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


@dataclasses.dataclass(slots=True, kw_only=True)
class ValueRow:
    """One cell's value as consolidated. A plain slotted dataclass, not a model: a national-size run
    holds some 370,000 of them (about a fifth of a model's memory, and built without re-validating
    what the checks have parsed); pydantic still validates them when a manifest is read back."""

    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(extra="forbid")

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
    excluded: list[str]  # suppliers with an error on a cell of their figure (left out of every column)
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None  # % for ratios, the sum or the value otherwise
    actual: float | None = None  # "thực hiện đến thời điểm báo cáo", same aggregation
    target: float | None = None
    target_end_year: int | None = None
    goal: float | None = None  # the value set for target_end_year (what a not-due target heads for)
    due: bool = False
    reference: bool = False
    verdict: Verdict
    previous_value: float | None = None
    change: float | None = None  # value − previous value (points for ratios)
    plan_end_value: float | None = None  # the value set for the plan's last year (e.g. 2025), if any
    plan_end_year: int | None = None
    base_concept: str = ""  # a ratio's whole is the same concept as this field (e.g. tn_tong_so)
    suppliers: list[str] = []  # every unit whose figure makes the province's (sources ∪ missing ∪ excluded)


class DocumentStatus(M):
    unit: str
    item: str
    name: str
    status: str | None
    number: str = ""
    date: dt.date | None = None
    note: str = ""
    in_period: bool | None = None  # issued inside the reporting period (None: no date given)
    product: str = ""  # the kind of document the plan asks for ("Kế hoạch"), Phụ lục I items only


class Inspection(M):
    """One inspection a unit reported (a row of its Kiểm tra sheet)."""

    unit: str
    item: str  # the row code (KT01 …)
    subject: str = ""  # nội dung, đơn vị được kiểm tra
    form: str = ""  # hình thức
    date: dt.date | None = None
    in_period: bool | None = None
    result: str = ""


class Dialogue(M):
    """A unit's answer about its dialogue with youths (Nghị định 13/2021)."""

    unit: str
    held: bool | None  # "Có" / "Không" / not answered
    date: dt.date | None = None
    in_period: bool | None = None
    youths: float | None = None
    opinions: float | None = None
    answered: float | None = None


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


class Coverage(M):
    """Who gave a figure of one field, against who was asked for it."""

    expected: list[str] = []  # obliged units whose form asks the field
    answered: list[str] = []  # obliged units with a valid value (summed)
    blank: list[str] = []  # obliged units that sent a report but left the cell empty (not a zero)
    invalid: list[str] = []  # a value with an error: left out of the sum
    not_received: list[str] = []  # obliged units with no report counted
    requested_answered: list[str] = []  # requested units with a valid value (summed too)


class Totals(M):
    """Sums over accepted valid values of ``fields`` sections, by field key (counts, amounts)."""

    by_field: dict[str, float] = {}
    units_by_field: dict[str, int] = {}  # how many units gave a valid value
    coverage: dict[str, Coverage] = {}  # by field key


class Period(M):
    """The reporting period (ND 09/2019): what is said "in year Y" is dated inside it."""

    start: dt.date
    end: dt.date


class KeyFigures(M):
    """Counts of dated activities inside a year's reporting period (compared year on year)."""

    documents_in_period: int = 0  # documents issued ("Đã ban hành") dated inside the period
    inspections_in_period: int = 0
    units_inspecting: int = 0
    dialogues_held: int = 0  # units that held a dialogue inside the period


class Comparison(M):
    """How this year compares with the previous one: unit by unit, or province totals only when
    the reporting units changed (merged departments, districts → communes)."""

    level: Literal["units", "province"] = "units"
    ended: list[str] = []  # reporting units of the previous year that no longer report
    started: list[str] = []  # reporting units new this year
    previous_basis: str = "uoc_ca_nam"  # the previous year's column its figures come from


OwedKind = Literal["report", "error", "figure"]


class OwedItem(M):
    """One thing a unit still owes: its report, a cell to correct, a target's figure."""

    kind: OwedKind  # report: the whole report; error: a cell to correct; figure: a target's figure
    what: str  # Vietnamese: "Báo cáo năm 2024", the finding's message, "Số liệu chỉ tiêu: <tên>"
    sheet: str = ""
    cell: str = ""
    item: str = ""  # the target (figure) or the row the error is on
    name: str = ""  # the target's name (figure)


class Owing(M):
    """A unit the Sở must remind (đôn đốc) or ask to correct (đề nghị bổ sung), with what it owes."""

    unit: str
    name: str
    kind: str  # Vietnamese: "Sở, ban, ngành" …
    obligation: Literal["obliged", "requested"]
    status: (
        str  # "Chưa gửi báo cáo", "Gửi chậm (2 ngày)", "Báo cáo có lỗi cần sửa", "Chưa có số liệu chỉ tiêu"
    )
    report_number: str = ""  # số, ký hiệu of the report the unit sent
    received_at: dt.datetime | None = None
    errors: int = 0
    warnings: int = 0
    owes: list[OwedItem] = []
    emails: list[str] = []

    def of(self, kind: OwedKind) -> list[OwedItem]:
        """What the unit owes of one kind (``report``, ``error``, ``figure``), in order."""
        return [x for x in self.owes if x.kind == kind]


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
    previous_by_unit: dict[str, dict[str, float]] = {}  # unit → field → last year's valid figure
    findings_by_severity: dict[str, int] = {}
    outputs: dict[str, str] = {}
    period: Period | None = None
    inspections: list[Inspection] = []
    dialogues: list[Dialogue] = []
    figures: KeyFigures = KeyFigures()
    previous_figures: KeyFigures | None = None
    comparison: Comparison = Comparison()
    followup_due: dt.date | None = None  # date to send a missing or corrected report by
    owing: list[Owing] = []  # units to remind or to ask for corrections (pipeline/consolidate/owing.py)
