"""The plan catalog: pydantic models of ``plans/<plan>.yaml`` (the contract every stage reads).

A catalog is data the province edits, never code. ``docs/CATALOG.md`` explains every field.
Structural problems (bad types, unknown keys) are pydantic errors; cross-references and plan
logic (codes, units active when referenced, one figure source, …) are checked by
:mod:`pipeline.catalog.validate`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceStatus(StrEnum):
    sourced = "sourced"  # stated in the plan text or a public source
    inferred = "inferred"  # our inference: to be replaced by the official appendix


class UnitKind(StrEnum):
    district = "district"  # UBND huyện, thành phố
    department = "department"  # sở, ban, ngành; cơ quan Trung ương trên địa bàn
    union = "union"  # Tỉnh đoàn, MTTQ, đoàn thể
    commune = "commune"  # UBND xã, phường (từ 1/7/2025)


class Obligation(StrEnum):
    obliged = "obliged"  # bắt buộc báo cáo (IV.2)
    requested = "requested"  # "đề nghị" (IV.3–4): shown apart from completeness rates


class Importance(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class Severity(StrEnum):
    error = "error"  # Lỗi (cần sửa)
    warning = "warning"  # Cảnh báo (cần kiểm tra lại)
    info = "info"  # Lưu ý


IMPORTANCE_SEVERITY = {
    Importance.high: Severity.error,
    Importance.medium: Severity.warning,
    Importance.low: Severity.info,
}


class Direction(StrEnum):
    ge = ">="
    gt = ">"
    le = "<="
    lt = "<"


class Measure(StrEnum):
    ratio = "ratio"  # Σ part / Σ whole × 100, two counts asked on the form
    count = "count"  # a number of people, events … summed
    amount = "amount"  # money (triệu đồng), summed
    survey = "survey"  # one value from one source (a survey rate, an average height)


class FieldType(StrEnum):
    count = "count"  # whole number ≥ 0
    amount = "amount"  # number ≥ 0, decimals allowed (triệu đồng)
    ratio_part = "ratio_part"  # a count that is the part or the whole of a ratio
    decimal = "decimal"  # a measured value (survey rate, cm)
    text = "text"
    date = "date"
    choice = "choice"


class MissingValueStrategy(StrEnum):
    skip_if_any_missing = "skip_if_any_missing"  # DHIS2 default
    skip_if_all_missing = "skip_if_all_missing"
    never_skip = "never_skip"  # a missing value counts as 0


# --------------------------------------------------------------------------- plan & report


class Deadline(Strict):
    """When a yearly report is due. Default: received by 14/11 23:59 Asia/Ho_Chi_Minh."""

    month: int = Field(11, ge=1, le=12)
    day: int = Field(15, ge=1, le=31)
    inclusive: bool = False  # "trước ngày 15/11" → 15/11 itself is late
    timezone: str = "Asia/Ho_Chi_Minh"
    source_status: SourceStatus = SourceStatus.inferred
    note: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(v)
        except Exception:
            raise ValueError(f"múi giờ {v!r} không có (dùng dạng Asia/Ho_Chi_Minh).") from None
        return v

    @model_validator(mode="after")
    def _real_day(self) -> Deadline:
        try:
            dt.date(2023, self.month, self.day)  # a day every year has (not 29/02, not 31/11)
        except ValueError:
            raise ValueError(f"hạn báo cáo ngày {self.day}/{self.month} không có thật.") from None
        return self

    def cutoff(self, year: int) -> dt.datetime:
        """The first instant that is late, timezone-aware."""
        from zoneinfo import ZoneInfo

        day = dt.datetime(year, self.month, self.day, tzinfo=ZoneInfo(self.timezone))
        return day + dt.timedelta(days=1) if self.inclusive else day

    def last_on_time_day(self, year: int) -> dt.date:
        return (self.cutoff(year) - dt.timedelta(seconds=1)).date()

    def days_late(self, received: dt.date | dt.datetime, year: int) -> int:
        """Whole days after the last on-time day (0 when on time); a time counts in the plan's zone."""
        if isinstance(received, dt.datetime):
            from zoneinfo import ZoneInfo

            received = received.astimezone(ZoneInfo(self.timezone)).date()
        return max(0, (received - self.last_on_time_day(year)).days)


class ReportingPeriod(Strict):
    """The data period of a yearly report: what is said "in year Y" happened inside it.

    Default (Nghị định 09/2019/NĐ-CP, Điều 12): from 15/12 of Y−1 to 14/12 of Y. The deadline is
    separate (a report sent before 15/11 gives "thực hiện đến thời điểm báo cáo" and an estimate).
    """

    start_month: int = Field(12, ge=1, le=12)
    start_day: int = Field(15, ge=1, le=31)
    start_in_previous_year: bool = True
    end_month: int = Field(12, ge=1, le=12)
    end_day: int = Field(14, ge=1, le=31)
    source_status: SourceStatus = SourceStatus.sourced
    note: str = ""

    def start(self, year: int) -> dt.date:
        return dt.date(year - 1 if self.start_in_previous_year else year, self.start_month, self.start_day)

    def end(self, year: int) -> dt.date:
        return dt.date(year, self.end_month, self.end_day)

    def contains(self, day: dt.date | dt.datetime, year: int) -> bool:
        if isinstance(day, dt.datetime):
            day = day.date()
        return self.start(year) <= day <= self.end(year)


class LegalDocument(Strict):
    number: str  # "1331/QĐ-TTg"
    date: dt.date
    issuer: str
    title: str
    source_status: SourceStatus = SourceStatus.sourced


class Contact(Strict):
    """The Sở Nội vụ officer units call about the forms (printed on forms, feedback and letters)."""

    name: str = ""  # họ và tên
    position: str = ""  # chức vụ, e.g. "Chuyên viên phòng Xây dựng chính quyền và công tác thanh niên"
    office: str = ""  # phòng, đơn vị
    phone: str = ""
    email: str = ""


class Signer(Strict):
    authority: Literal["", "TM.", "KT.", "Q.", "TL.", "TUQ."] = ""
    lines: list[
        str
    ]  # CAPS lines under the authority, e.g. ["ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    name: str


class ReportVariant(Strict):
    """Metadata of one issuer variant of the yearly report (ND 30 header, signature, Nơi nhận)."""

    key: Literal["so-noi-vu", "ubnd-tinh"]
    governing_body: str = ""  # cơ quan chủ quản, e.g. "UBND TỈNH LẠNG SƠN"; empty for UBND tỉnh
    issuer: str  # cơ quan ban hành, CAPS lines joined by "\n"
    issuer_name: str  # how the issuer is named in running text: "Sở Nội vụ"
    symbol: str  # ký hiệu: "BC-SNV"
    place: str = "Lạng Sơn"
    addressee: list[str]  # Kính gửi
    subject: str  # trích yếu, may use {year}
    signer: Signer
    recipients: list[str]  # Nơi nhận, without "- " and ";"
    records_code: str  # "Lưu: VT, <records_code>."
    includes_reporting_details: bool  # who reported late or not at all (Sở Nội vụ variant)

    @field_validator("subject")
    @classmethod
    def _renders(cls, v: str) -> str:
        """The subject is filled with the year when the report is written: it must render."""
        render_text(v, "subject", year=2024)
        return v


FORMATTED_FIELDS = {"subject": ("year",)}  # catalog texts filled in with {name} when used


def render_text(text: str, where: str, **values: object) -> str:
    """``text`` with ``{year}`` (and the other names of ``values``) filled in; a ``{`` that is not
    one of them is a catalog error in Vietnamese (write ``{{`` for a brace)."""
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError) as e:
        names = ", ".join("{" + k + "}" for k in values)
        raise ValueError(
            f"văn bản {where} có dấu ngoặc nhọn không hợp lệ ({type(e).__name__}: {e}); chỉ dùng {names}, "
            "muốn in dấu ngoặc nhọn thì viết {{ hoặc }}."
        ) from None


class Plausibility(Strict):
    """Bounds above which a figure cannot be true (an error at its cell, left out of every total).
    A field's own ``max`` wins; these are the defaults by kind of figure."""

    population: int = Field(802_000, gt=0)  # dân số toàn tỉnh (inferred, ~2023): no count of people above it
    visits_factor: float = Field(20.0, gt=0)  # counts in "lượt" (a person counted each time): × population
    max_events: int = Field(100_000, gt=0)  # cuộc, buổi, lớp, tin bài, văn bản … of one unit in a year
    max_amount: float = Field(1_000_000.0, gt=0)  # triệu đồng in one cell (= 1.000 tỷ đồng)
    source_status: SourceStatus = SourceStatus.inferred
    note: str = ""


class LetterSpec(Strict):
    """Metadata of one kind of letter Sở Nội vụ sends around the report (``ptn cong-van``)."""

    signer: Signer | None = None  # None: the signer of the Sở Nội vụ report (report_variants so-noi-vu)
    recipients: list[str] = []  # Nơi nhận after "- Như trên;" (without "- " and ";")


class SubmissionSpec(LetterSpec):
    """The tờ trình: it goes to a fixed addressee (UBND tỉnh)."""

    addressees: list[str] = ["Ủy ban nhân dân tỉnh"]  # Kính gửi


def _default_addressee_groups() -> dict[Obligation, dict[UnitKind, str]]:
    return {
        Obligation.obliged: {
            UnitKind.department: "Các sở, ban, ngành tỉnh",
            UnitKind.district: "Ủy ban nhân dân các huyện, thành phố",
            UnitKind.commune: "Ủy ban nhân dân các xã, phường",
            UnitKind.union: "Các tổ chức chính trị - xã hội tỉnh",
        },
        Obligation.requested: {
            UnitKind.department: "Các cơ quan Trung ương đóng trên địa bàn tỉnh",
            UnitKind.district: "Ủy ban nhân dân các huyện, thành phố",
            UnitKind.commune: "Ủy ban nhân dân các xã, phường",
            UnitKind.union: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, các tổ chức chính trị - xã hội tỉnh",
        },
    }


class Letters(Strict):
    """The công văn and the tờ trình around the yearly report (``ptn cong-van``).

    Header (cơ quan chủ quản, cơ quan ban hành), place and the default signer are those of the Sở
    Nội vụ report variant; the wording is in ``templates/cau-chu-*.txt``.
    """

    issuer_code: str = "SNV"  # viết tắt cơ quan ban hành: công văn 12/SNV-XDCQ, tờ trình 12/TTr-SNV
    drafting_unit_code: str = "XDCQ"  # viết tắt đơn vị soạn thảo, trong ký hiệu công văn
    records_code: str = ""  # "- Lưu: VT, <records_code>."; empty: that of the Sở Nội vụ report
    # Kính gửi of a letter to more units than name_addressees_up_to: one group name per kind of unit
    addressee_groups: dict[Obligation, dict[UnitKind, str]] = Field(default_factory=_default_addressee_groups)
    name_addressees_up_to: int = Field(8, ge=1, le=60)  # Kính gửi names each unit up to this many
    basis: dict[int, list[str]] = {}  # per year: further documents cited (the Bộ Nội vụ's request …)
    request: LetterSpec = LetterSpec(
        recipients=["UBND tỉnh (để báo cáo)", "Giám đốc, các Phó Giám đốc Sở"]
    )  # đề nghị báo cáo (obliged units)
    cooperation: LetterSpec = LetterSpec(
        recipients=["Giám đốc, các Phó Giám đốc Sở"]
    )  # đề nghị phối hợp (requested units)
    reminder: LetterSpec = LetterSpec(
        recipients=["UBND tỉnh (để báo cáo)", "Giám đốc, các Phó Giám đốc Sở"]
    )  # đôn đốc
    correction: LetterSpec = LetterSpec(recipients=["Giám đốc, các Phó Giám đốc Sở"])  # đề nghị bổ sung
    submission: SubmissionSpec = SubmissionSpec(recipients=["Giám đốc, các Phó Giám đốc Sở"])  # tờ trình


class Plan(Strict):
    id: str
    title: str
    number: str  # "253/KH-UBND"; empty in a new plan until it is signed (ptn plan check: CAT-TO-FILL)
    date: dt.date | None = None  # ngày ban hành; None in a new plan until it is signed (CAT-TO-FILL)
    issuer: str
    period_start: int
    period_end: int
    horizon: int = 2030  # last year an end value may name
    legal_basis: list[LegalDocument]
    deadline: Deadline = Deadline()
    reporting_period: ReportingPeriod = ReportingPeriod()
    contact: Contact = Contact()
    outlier_threshold_pct: float = 50.0  # |change vs previous year| above this → warning
    plausibility: Plausibility = Plausibility()
    followup_days: int = Field(7, ge=1, le=60)  # days given to send a missing or corrected report
    judge_on: Literal["uoc_ca_nam", "thuc_hien"] = "uoc_ca_nam"  # which column targets are judged on
    report_variants: list[ReportVariant]
    letters: Letters = Letters()

    @property
    def years(self) -> range:
        return range(self.period_start, self.period_end + 1)


# --------------------------------------------------------------------------- units


class Unit(Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,15}$")
    name: str  # full name, as on the form and in the report
    short_name: str
    kind: UnitKind
    obligation: Obligation
    valid_from: dt.date | None = None  # None = since before the plan
    valid_to: dt.date | None = None  # inclusive; None = still active
    merged_into: str | None = None  # default successor for items with no per-item successor
    emails: list[str] = []
    aliases: list[str] = []  # other names seen in files (for the name fallback)
    # units whose territory and duties this one took over when it began (main one first), where no
    # single merged_into says it: the 2025 communes name their former district(s)
    predecessors: list[str] = []
    gso_code: str | None = None
    source_status: SourceStatus = SourceStatus.inferred
    note: str = ""

    def active_on(self, day: dt.date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


# --------------------------------------------------------------------------- sections & fields


class FieldSpec(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    type: FieldType
    unit_of_measure: str = ""
    choices: list[str] = []  # for type choice
    required: bool = False
    help: str = ""  # input message shown by Excel
    min: float | None = None
    max: float | None = None
    kinds: list[UnitKind] = []  # only on forms of these kinds of unit; empty = every kind of the section
    # a figure of the reporting period with no date of its own (trainings, money, events): the form
    # asks for it "trong kỳ báo cáo (<start> – <end>)" and the report says it so
    in_period: bool = False


class SectionLayout(StrEnum):
    fields = "fields"  # one value per field (a label | value form)
    documents = "documents"  # Phụ lục I rows + free rows
    targets = "targets"  # Phụ lục II rows
    programmes = "programmes"  # Phụ lục III rows
    free_rows = "free_rows"  # only the unit's own rows (inspections …)


class Section(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str  # sheet name, ≤ 31 characters, no / \ ? * [ ] :
    kinds: list[UnitKind]  # kinds of unit that fill this section
    layout: SectionLayout
    fields: list[FieldSpec]  # for item layouts: the columns
    free_rows: int = 0  # rows for the unit's own entries (documents, activities)
    free_row_prefix: str = ""  # generated code prefix for free rows, e.g. "VBK"
    # the form's words for the free rows: the line above them and what the name cell holds
    free_row_label: str = ""  # e.g. "Mỗi cuộc kiểm tra một dòng (nếu có)"; empty: by layout
    free_row_name: str = ""  # e.g. "Tên cuộc kiểm tra"; empty: by layout
    years: list[int] = []  # years whose forms have this section; empty = every plan year
    note: str = ""


# --------------------------------------------------------------------------- appendix items


class Successor(Strict):
    """For one item: from ``from_date`` the duties of ``unit`` on it pass to ``successor``."""

    unit: str
    successor: str
    from_date: dt.date
    note: str = ""


class FigureSource(Strict):
    """Who supplies a target's figure: the lead agency, or the sum over local units. Never both."""

    lead: bool = False
    sum_local: list[UnitKind] = []  # e.g. [district, commune]


class Item(Strict):
    code: str = Field(pattern=r"^[A-Z]{2,4}[0-9]{2}[A-Z]?$")
    name: str
    lead: str | None = None  # one unit code …
    each_unit_of_kinds: list[UnitKind] = []  # … or every obliged unit of these kinds is its own lead
    co_agencies: list[str] = []
    successors: list[Successor] = []
    source_status: SourceStatus
    note: str = ""
    years: list[int] = []  # years the item applies; empty = every plan year
    review: str = ""  # "cần xem xét": why a carried-over item awaits the Sở's decision (ptn plan new);
    # the plan cannot be used until it is emptied (ptn plan check: CAT-REVIEW)


class MonthDay(Strict):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


class Document(Item):
    """Phụ lục I – a document to issue."""

    deadline_year: int | None = None  # a one-off document is due by 31/12 of this year
    product: str = ""
    yearly: bool = False  # issued again every year (kế hoạch hằng năm)
    yearly_due: MonthDay | None = None  # a yearly document is due by this day of each year
    # what a unit that began after the due date gives instead (printed on its form)
    instead_for_new_units: str = ""


class Target(Item):
    """Phụ lục II – a target (mục tiêu, chỉ tiêu)."""

    group: str  # goal group (mục tiêu)
    measure: Measure
    numerator_label: str = ""  # ratio: "Số thanh niên được …"
    denominator_label: str = ""  # ratio: "Tổng số thanh niên thuộc đối tượng"
    unit_of_measure: str  # "%", "người", "cm"
    direction: Direction
    yearly_values: dict[int, float] = {}  # value to reach in each year (inside the plan period)
    end_values: dict[int, float] = {}  # value to reach by a year (≤ horizon)
    baseline: float | None = None
    baseline_year: int | None = None
    figure_source: FigureSource
    # a ratio whose whole is the same concept as a field of a ``fields`` section (e.g. tn_tong_so,
    # "Tổng số thanh niên trên địa bàn"): a form asking both is cross-checked, the report compares bases
    denominator_same_as: str | None = None


class Programme(Item):
    """Phụ lục III – a programme, scheme or project."""

    period: str = ""
    product: str = ""


# --------------------------------------------------------------------------- rules


class Rule(Strict):
    """A DHIS2-style validation rule over field keys of ``fields`` sections."""

    code: str = Field(pattern=r"^[A-Z][A-Z0-9-]+$")
    name: str
    left: str  # expression: field keys, numbers, + - * / ( )
    operator: Literal["==", "!=", ">", ">=", "<", "<="]
    right: str
    importance: Importance = Importance.medium
    missing_value_strategy: MissingValueStrategy = MissingValueStrategy.skip_if_any_missing
    kinds: list[UnitKind] = []  # empty = every kind whose form has the fields
    section: str | None = None  # an item section: the rule is checked on each of its rows
    message: str  # what is wrong, in Vietnamese
    instruction: str = ""  # what to do
    excel: bool = True  # also rendered as conditional formatting on the form

    @property
    def severity(self) -> Severity:
        return IMPORTANCE_SEVERITY[self.importance]


# --------------------------------------------------------------------------- declared unit lists


class UnitList(Strict):
    """How many units of one kind the legal source names, and whether the catalog holds them all
    (e.g. the 65 communes of Nghị quyết 1672/NQ-UBTVQH15 from 1/7/2025). ``ptn plan check`` refuses
    a year whose list is declared complete but is not, and warns while a list is marked incomplete."""

    kind: UnitKind
    valid_from: dt.date | None = None  # the years whose last on-time day falls in [valid_from, valid_to]
    valid_to: dt.date | None = None
    expected: int = Field(ge=1)  # how many units the source names
    complete: bool = False  # true: every one of them is in the catalog
    source: str = ""  # the legal document naming them
    file: str = ""  # the unit_files CSV they come from, if any
    source_status: SourceStatus = SourceStatus.sourced
    note: str = ""

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_to is None or day <= self.valid_to
        )


# --------------------------------------------------------------------------- the catalog


class Catalog(Strict):
    schema_version: Literal[1] = 1
    plan: Plan
    units: list[Unit]
    sections: list[Section]
    documents: list[Document]
    targets: list[Target]
    programmes: list[Programme]
    rules: list[Rule] = []
    unit_files: list[str] = []  # CSV files of further units (e.g. the 2025 communes), relative to the YAML
    unit_lists: list[UnitList] = []  # declared lists: how many units of a kind, complete or not
