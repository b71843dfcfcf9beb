"""Catalog checks: the plan logic pydantic cannot see (``ptn plan check``).

Each check is a small function yielding :class:`CatalogProblem`; ``CHECKS`` lists them in order.
Messages are Vietnamese and name the file, the item and the field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.catalog.expressions import ExpressionError, field_keys
from pipeline.catalog.labels import KIND_LABEL
from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.model import (
    Catalog,
    FieldType,
    Item,
    Measure,
    Obligation,
    SectionLayout,
    Target,
    UnitKind,
)
from pipeline.catalog.query import CatalogView, UnresolvedUnit


@dataclass(frozen=True)
class CatalogProblem:
    code: str
    severity: str  # "error" | "warning"
    item: str  # the item, unit, section or rule code concerned
    field: str
    message: str

    def line(self, file: str) -> str:
        label = "Lỗi" if self.severity == "error" else "Cảnh báo"
        return f"{label} [{self.code}] {file}: {self.item} › {self.field}: {self.message}"


Check = Callable[[Catalog], Iterator[CatalogProblem]]

SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")
# "_x" + a hex digit is read as an escape (_xHHHH_) by LibreOffice, which then corrupts the key
KEY_ESCAPE_LIKE = re.compile(r"_x[0-9a-fA-F]")


def _all_items(c: Catalog) -> list[Item]:
    return [*c.documents, *c.targets, *c.programmes]


def _item_years(c: Catalog, item: Item) -> list[int]:
    years = item.years or list(c.plan.years)
    return [y for y in years if c.plan.period_start <= y <= c.plan.period_end]


def check_unique_codes(c: Catalog) -> Iterator[CatalogProblem]:
    for kind, codes in (
        ("đơn vị", [u.code for u in c.units]),
        ("mục phụ lục", [i.code for i in _all_items(c)]),
        ("quy tắc", [r.code for r in c.rules]),
        ("phần (sheet)", [s.key for s in c.sections]),
    ):
        for code, n in Counter(codes).items():
            if n > 1:
                yield CatalogProblem(
                    "CAT-DUP-CODE",
                    "error",
                    code,
                    "code",
                    f"mã {kind} '{code}' xuất hiện {n} lần; mỗi mã phải duy nhất.",
                )
    keys = Counter(f.key for s in c.sections for f in s.fields if s.layout == SectionLayout.fields)
    item_keys = {f.key for s in c.sections if s.layout != SectionLayout.fields for f in s.fields}
    for key, n in keys.items():
        if n > 1 or key in item_keys:
            yield CatalogProblem(
                "CAT-DUP-CODE",
                "error",
                key,
                "key",
                f"khóa trường '{key}' dùng ở nhiều phần; khóa trường phải duy nhất.",
            )


def check_units(c: Catalog) -> Iterator[CatalogProblem]:
    codes = {u.code for u in c.units}
    for u in c.units:
        if u.valid_from and u.valid_to and u.valid_to < u.valid_from:
            yield CatalogProblem(
                "CAT-UNIT-DATES",
                "error",
                u.code,
                "valid_to",
                f"ngày kết thúc {u.valid_to} trước ngày bắt đầu {u.valid_from}.",
            )
        if u.merged_into and u.merged_into not in codes:
            yield CatalogProblem(
                "CAT-UNIT-UNKNOWN",
                "error",
                u.code,
                "merged_into",
                f"đơn vị tiếp nhận '{u.merged_into}' không có trong danh sách đơn vị.",
            )
        if u.merged_into and not u.valid_to:
            yield CatalogProblem(
                "CAT-UNIT-DATES",
                "error",
                u.code,
                "merged_into",
                "đơn vị có merged_into nhưng không có valid_to (ngày kết thúc).",
            )
        by_code = {x.code: x for x in c.units}
        for p in u.predecessors:
            before = by_code.get(p)
            if before is None:
                yield CatalogProblem(
                    "CAT-UNIT-UNKNOWN",
                    "error",
                    u.code,
                    "predecessors",
                    f"đơn vị tiền thân '{p}' không có trong danh sách đơn vị.",
                )
            elif u.valid_from is None or before.valid_to is None or before.valid_to >= u.valid_from:
                yield CatalogProblem(
                    "CAT-UNIT-DATES",
                    "error",
                    u.code,
                    "predecessors",
                    f"đơn vị tiền thân '{p}' phải kết thúc (valid_to) trước ngày đơn vị này bắt đầu (valid_from).",
                )


def check_successions(c: Catalog) -> Iterator[CatalogProblem]:
    """An obliged unit that ends inside the plan period hands its duties to someone."""
    named = {p for u in c.units for p in u.predecessors}
    for u in c.units:
        if u.obligation != Obligation.obliged or u.valid_to is None:
            continue
        if not (c.plan.period_start <= u.valid_to.year <= c.plan.period_end):
            continue
        if not u.merged_into and u.code not in named:
            yield CatalogProblem(
                "CAT-UNIT-SUCCESSOR",
                "warning",
                u.code,
                "valid_to",
                f"đơn vị kết thúc ngày {u.valid_to:%d/%m/%Y} nhưng không có đơn vị nào tiếp nhận "
                "(merged_into, hoặc predecessors của đơn vị mới): số liệu, nhiệm vụ của đơn vị sau ngày đó "
                "không được giao cho ai.",
            )


def check_unit_lists(c: Catalog) -> Iterator[CatalogProblem]:
    """A list declared complete holds every unit its source names, in each year it covers; a list
    marked incomplete is a warning until it is completed."""
    for i, ul in enumerate(c.unit_lists):
        where = f"unit_lists[{i}] ({KIND_LABEL[ul.kind]})"
        if ul.file and ul.file not in c.unit_files:
            yield CatalogProblem(
                "CAT-UNIT-LIST", "error", where, "file", f"tệp '{ul.file}' không có trong unit_files."
            )
        for year in c.plan.years:
            view = CatalogView.of(c, year)
            if not ul.covers(view.reference_date):
                continue
            found = len(view.units_of_kinds([ul.kind]))
            source = f" ({ul.source})" if ul.source else ""
            if ul.complete and found != ul.expected:
                yield CatalogProblem(
                    "CAT-UNIT-LIST",
                    "error",
                    where,
                    "complete",
                    f"năm {year}: danh sách khai là đầy đủ ({ul.expected} đơn vị{source}) nhưng danh mục có "
                    f"{found} đơn vị hoạt động; bổ sung đơn vị còn thiếu"
                    + (f" vào {ul.file}" if ul.file else "")
                    + " hoặc đặt complete: false cho đến khi đủ.",
                )
            elif not ul.complete:
                yield CatalogProblem(
                    "CAT-UNIT-LIST",
                    "warning",
                    where,
                    "complete",
                    f"năm {year}: danh sách chưa đầy đủ ({found}/{ul.expected} đơn vị{source}): biểu mẫu, "
                    "danh sách gửi và tỷ lệ gửi báo cáo sẽ thiếu các đơn vị chưa có trong danh mục.",
                )


def check_item_units(c: Catalog) -> Iterator[CatalogProblem]:
    """Every referenced unit exists and – after successors – is active in every year the item applies."""
    codes = {u.code for u in c.units}
    for item in _all_items(c):
        if bool(item.lead) == bool(item.each_unit_of_kinds):
            yield CatalogProblem(
                "CAT-LEAD",
                "error",
                item.code,
                "lead",
                "cần đúng một trong hai: lead (một đơn vị chủ trì) hoặc each_unit_of_kinds.",
            )
        refs = [("lead", item.lead)] if item.lead else []
        refs += [("co_agencies", x) for x in item.co_agencies]
        refs += [("successors", s.unit) for s in item.successors]
        refs += [("successors", s.successor) for s in item.successors]
        unknown = False
        for field, code in refs:
            if code not in codes:
                unknown = True
                yield CatalogProblem(
                    "CAT-UNIT-UNKNOWN",
                    "error",
                    item.code,
                    field,
                    f"đơn vị '{code}' không có trong danh sách đơn vị.",
                )
        if unknown:
            continue
        for year in _item_years(c, item):
            view = CatalogView.of(c, year)
            for field, code in [("lead", item.lead)] if item.lead else []:
                try:
                    view.resolve(code, item)
                except UnresolvedUnit:
                    yield CatalogProblem(
                        "CAT-UNIT-INACTIVE",
                        "error",
                        item.code,
                        field,
                        f"đơn vị '{code}' không hoạt động năm {year} và không có đơn vị "
                        "tiếp nhận (thêm successors cho mục này hoặc merged_into cho đơn vị).",
                    )
            for code in item.co_agencies:
                try:
                    view.resolve(code, item)
                except UnresolvedUnit:
                    yield CatalogProblem(
                        "CAT-UNIT-INACTIVE",
                        "error",
                        item.code,
                        "co_agencies",
                        f"đơn vị phối hợp '{code}' không hoạt động năm {year} và không có đơn vị tiếp nhận.",
                    )
            if item.each_unit_of_kinds and not view.leads(item):
                kinds = ", ".join(k.value for k in item.each_unit_of_kinds)
                yield CatalogProblem(
                    "CAT-UNIT-INACTIVE",
                    "warning",
                    item.code,
                    "each_unit_of_kinds",
                    f"năm {year} không có đơn vị bắt buộc nào thuộc loại {kinds}.",
                )


def check_figure_source(c: Catalog) -> Iterator[CatalogProblem]:
    for t in c.targets:
        fs = t.figure_source
        if fs.lead == bool(fs.sum_local):
            yield CatalogProblem(
                "CAT-FIGURE-SOURCE",
                "error",
                t.code,
                "figure_source",
                "mỗi chỉ tiêu có đúng một nguồn số liệu: lead: true (cơ quan chủ trì) "
                "hoặc sum_local (tổng các địa phương), không bao giờ cả hai.",
            )
            continue
        if fs.lead and t.each_unit_of_kinds:
            yield CatalogProblem(
                "CAT-FIGURE-SOURCE",
                "error",
                t.code,
                "figure_source",
                "nguồn số liệu là cơ quan chủ trì nhưng chỉ tiêu không có một cơ quan chủ trì (lead).",
            )
            continue
        if fs.sum_local and t.measure == Measure.survey:
            yield CatalogProblem(
                "CAT-FIGURE-SOURCE",
                "error",
                t.code,
                "figure_source",
                "chỉ tiêu điều tra (survey) chỉ có một nguồn: dùng lead: true.",
            )
        for year in _item_years(c, t):
            view = CatalogView.of(c, year)
            try:
                suppliers = view.figure_suppliers(t)
            except UnresolvedUnit:
                continue  # reported by check_item_units
            if not suppliers:
                yield CatalogProblem(
                    "CAT-FIGURE-SOURCE",
                    "error",
                    t.code,
                    "figure_source",
                    f"năm {year} không có đơn vị nào hoạt động cung cấp số liệu.",
                )


def check_measures(c: Catalog) -> Iterator[CatalogProblem]:
    for t in c.targets:
        if t.measure == Measure.ratio:
            if not t.numerator_label or not t.denominator_label:
                yield CatalogProblem(
                    "CAT-MEASURE",
                    "error",
                    t.code,
                    "numerator_label",
                    "chỉ tiêu tỷ lệ cần nhãn của hai số: numerator_label và denominator_label.",
                )
            if t.unit_of_measure != "%":
                yield CatalogProblem(
                    "CAT-MEASURE",
                    "error",
                    t.code,
                    "unit_of_measure",
                    f"chỉ tiêu tỷ lệ có đơn vị tính '%', không phải '{t.unit_of_measure}'.",
                )
            for y, v in {**t.yearly_values, **t.end_values}.items():
                if not 0 <= v <= 100:
                    yield CatalogProblem(
                        "CAT-MEASURE",
                        "error",
                        t.code,
                        "values",
                        f"giá trị {v} năm {y} của chỉ tiêu tỷ lệ phải trong khoảng 0–100.",
                    )
        elif t.numerator_label or t.denominator_label:
            yield CatalogProblem(
                "CAT-MEASURE",
                "error",
                t.code,
                "numerator_label",
                f"chỉ tiêu loại '{t.measure.value}' không có tử số, mẫu số; bỏ hai nhãn này.",
            )
        if (t.baseline is None) != (t.baseline_year is None):
            yield CatalogProblem(
                "CAT-MEASURE", "error", t.code, "baseline", "baseline và baseline_year phải đi cùng nhau."
            )
        if t.denominator_same_as is not None:
            counts = {
                f.key
                for s in c.sections
                if s.layout == SectionLayout.fields
                for f in s.fields
                if f.type.value in ("count", "ratio_part")
            }
            if t.measure != Measure.ratio or t.denominator_same_as not in counts:
                yield CatalogProblem(
                    "CAT-MEASURE",
                    "error",
                    t.code,
                    "denominator_same_as",
                    f"'{t.denominator_same_as}' phải là khóa một trường số đếm của phần dạng fields, "
                    "và chỉ tiêu phải là tỷ lệ.",
                )


def check_target_years(c: Catalog) -> Iterator[CatalogProblem]:
    p = c.plan
    for t in c.targets:
        for y in t.yearly_values:
            if not p.period_start <= y <= p.period_end:
                yield CatalogProblem(
                    "CAT-YEAR-OUTSIDE",
                    "error",
                    t.code,
                    "yearly_values",
                    f"năm {y} nằm ngoài giai đoạn kế hoạch {p.period_start}–{p.period_end}.",
                )
        for y in t.end_values:
            if y > p.horizon or y < p.period_start:
                yield CatalogProblem(
                    "CAT-END-YEAR",
                    "error",
                    t.code,
                    "end_values",
                    f"năm {y} phải trong khoảng {p.period_start}–{p.horizon}.",
                )
        for y in t.years:
            if not p.period_start <= y <= p.period_end:
                yield CatalogProblem(
                    "CAT-YEAR-OUTSIDE",
                    "error",
                    t.code,
                    "years",
                    f"năm {y} nằm ngoài giai đoạn kế hoạch {p.period_start}–{p.period_end}.",
                )
    for i in [*c.documents, *c.programmes, *c.sections]:
        for y in i.years:
            if not p.period_start <= y <= p.period_end:
                yield CatalogProblem(
                    "CAT-YEAR-OUTSIDE",
                    "error",
                    getattr(i, "code", None) or getattr(i, "key", ""),
                    "years",
                    f"năm {y} nằm ngoài giai đoạn kế hoạch {p.period_start}–{p.period_end}.",
                )


def check_sections(c: Catalog) -> Iterator[CatalogProblem]:
    layouts = Counter(s.layout for s in c.sections)
    for layout in (SectionLayout.documents, SectionLayout.targets, SectionLayout.programmes):
        if layouts[layout] != 1:
            yield CatalogProblem(
                "CAT-SECTION",
                "error",
                layout.value,
                "layout",
                f"cần đúng một phần có layout '{layout.value}' (hiện có {layouts[layout]}).",
            )
    for s in c.sections:
        if len(s.title) > 31 or SHEET_FORBIDDEN.search(s.title):
            yield CatalogProblem(
                "CAT-SECTION",
                "error",
                s.key,
                "title",
                f"tên sheet '{s.title}' dài quá 31 ký tự hoặc có ký tự \\ / ? * [ ] :.",
            )
        if s.free_rows and not s.free_row_prefix:
            yield CatalogProblem(
                "CAT-SECTION",
                "error",
                s.key,
                "free_row_prefix",
                "phần có dòng tự khai (free_rows) cần tiền tố mã (free_row_prefix).",
            )
        for f in s.fields:
            if KEY_ESCAPE_LIKE.search(f.key):
                yield CatalogProblem(
                    "CAT-FIELD",
                    "error",
                    s.key,
                    f.key,
                    "khóa trường chứa '_x' và một chữ số hexa: LibreOffice đọc nhầm thành ký tự "
                    "điều khiển khi lưu lại biểu mẫu; đổi khóa (ví dụ bỏ dấu '_').",
                )
            if f.type == FieldType.choice and not f.choices:
                yield CatalogProblem(
                    "CAT-FIELD", "error", s.key, f.key, "trường lựa chọn (choice) cần danh sách choices."
                )
            if f.type != FieldType.choice and f.choices:
                yield CatalogProblem(
                    "CAT-FIELD", "error", s.key, f.key, "chỉ trường lựa chọn (choice) mới có choices."
                )
            bad = [k for k in f.kinds if k not in s.kinds]
            if bad:
                yield CatalogProblem(
                    "CAT-FIELD",
                    "error",
                    s.key,
                    f.key,
                    f"loại đơn vị {', '.join(b.value for b in bad)} không điền phần này.",
                )


def check_rules(c: Catalog) -> Iterator[CatalogProblem]:
    scalar = {f.key: f for s in c.sections if s.layout == SectionLayout.fields for f in s.fields}
    numeric = {FieldType.count, FieldType.amount, FieldType.ratio_part, FieldType.decimal}
    sections = {s.key: s for s in c.sections}
    for r in c.rules:
        if r.section:
            sec = sections.get(r.section)
            if sec is None or sec.layout == SectionLayout.fields:
                yield CatalogProblem(
                    "CAT-RULE",
                    "error",
                    r.code,
                    "section",
                    f"'{r.section}' không phải một phần dạng dòng mục (documents/targets/programmes/free_rows).",
                )
                continue
            known = {f.key: f for f in sec.fields}
        else:
            known = scalar
        for side in ("left", "right"):
            expr = getattr(r, side)
            try:
                keys = field_keys(expr)
            except ExpressionError as e:
                yield CatalogProblem("CAT-RULE", "error", r.code, side, str(e))
                continue
            for k in keys:
                if k not in known:
                    yield CatalogProblem(
                        "CAT-RULE-KEY",
                        "error",
                        r.code,
                        side,
                        f"khóa trường '{k}' không có trong danh mục"
                        + (f" (phần {r.section})" if r.section else "")
                        + ".",
                    )
                elif known[k].type not in numeric:
                    yield CatalogProblem(
                        "CAT-RULE-KEY", "error", r.code, side, f"khóa trường '{k}' không phải trường số."
                    )


def check_report_metadata(c: Catalog) -> Iterator[CatalogProblem]:
    keys = [v.key for v in c.plan.report_variants]
    for key in ("so-noi-vu", "ubnd-tinh"):
        if key not in keys:
            yield CatalogProblem(
                "CAT-REPORT", "error", "plan", "report_variants", f"thiếu mẫu báo cáo '{key}'."
            )
    for v in c.plan.report_variants:
        if not v.signer.name.strip():
            yield CatalogProblem(
                "CAT-REPORT",
                "warning",
                f"report_variants.{v.key}",
                "signer.name",
                "chưa có họ tên người ký: báo cáo sẽ để trống dòng họ tên.",
            )
        if v.signer.authority and not v.signer.lines[0].startswith(v.signer.authority):
            yield CatalogProblem(
                "CAT-REPORT",
                "error",
                f"report_variants.{v.key}",
                "signer.lines",
                f"dòng đầu khối chữ ký phải bắt đầu bằng '{v.signer.authority}'.",
            )


SYMBOL_PART = re.compile(r"^[A-ZĐ0-9]+$")
LETTER_LABELS = {
    "request": "đề nghị báo cáo",
    "cooperation": "đề nghị phối hợp",
    "reminder": "đôn đốc",
    "correction": "đề nghị bổ sung",
    "submission": "tờ trình",
}


def check_letters(c: Catalog) -> Iterator[CatalogProblem]:
    """The metadata of the công văn and the tờ trình (``plan.letters``)."""
    lt = c.plan.letters
    for field in ("issuer_code", "drafting_unit_code"):
        if not SYMBOL_PART.match(getattr(lt, field)):
            yield CatalogProblem(
                "CAT-LETTERS",
                "error",
                "plan.letters",
                field,
                f"'{getattr(lt, field)}' phải là chữ in hoa hoặc số, không dấu cách (ví dụ SNV, XDCQ).",
            )
    for obligation, kind in sorted({(u.obligation, u.kind) for u in c.units}, key=str):
        if not lt.addressee_groups.get(obligation, {}).get(kind, "").strip():
            yield CatalogProblem(
                "CAT-LETTERS",
                "error",
                "plan.letters",
                f"addressee_groups.{obligation.value}",
                f"thiếu tên nhóm cho loại đơn vị '{kind.value}' (dùng trong dòng Kính gửi).",
            )
    if not [a for a in lt.submission.addressees if a.strip()]:
        yield CatalogProblem(
            "CAT-LETTERS",
            "error",
            "plan.letters",
            "submission.addressees",
            "tờ trình cần nơi gửi (Kính gửi).",
        )
    for year in sorted(set(lt.basis) - set(c.plan.years)):
        yield CatalogProblem(
            "CAT-LETTERS",
            "error",
            "plan.letters",
            "basis",
            f"năm {year} nằm ngoài giai đoạn của kế hoạch ({c.plan.period_start}–{c.plan.period_end}).",
        )
    for key, label in LETTER_LABELS.items():
        spec = getattr(lt, key)
        if any(r.strip().rstrip(";.").casefold() == "như trên" for r in spec.recipients):
            yield CatalogProblem(
                "CAT-LETTERS",
                "warning",
                f"plan.letters.{key}",
                "recipients",
                f"công văn {label} tự ghi '- Như trên;' ở dòng đầu Nơi nhận: bỏ dòng này để khỏi lặp.",
            )
        signer = spec.signer
        if signer is None:
            continue
        if signer.authority and not (signer.lines and signer.lines[0].startswith(signer.authority)):
            yield CatalogProblem(
                "CAT-LETTERS",
                "error",
                f"plan.letters.{key}",
                "signer.lines",
                f"dòng đầu khối chữ ký phải bắt đầu bằng '{signer.authority}'.",
            )
        if not signer.name.strip():
            yield CatalogProblem(
                "CAT-LETTERS",
                "warning",
                f"plan.letters.{key}",
                "signer.name",
                f"chưa có họ tên người ký {label}: văn bản sẽ để chỗ ghi họ tên.",
            )


def check_contact(c: Catalog) -> Iterator[CatalogProblem]:
    ct = c.plan.contact
    for field, label in (("name", "họ tên"), ("phone", "số điện thoại"), ("email", "thư điện tử")):
        if not getattr(ct, field).strip():
            yield CatalogProblem(
                "CAT-CONTACT",
                "warning",
                "plan",
                f"contact.{field}",
                f"chưa có {label} người liên hệ: biểu mẫu, phản hồi và công văn sẽ để chỗ trống.",
            )


def check_reporting_period(c: Catalog) -> Iterator[CatalogProblem]:
    """The data period must be real dates and cover about one year, ending inside year Y."""
    import datetime as dt

    rp = c.plan.reporting_period
    for y in c.plan.years:
        try:
            start, end = rp.start(y), rp.end(y)
        except ValueError:
            yield CatalogProblem(
                "CAT-PERIOD",
                "error",
                "plan",
                "reporting_period",
                f"ngày đầu hoặc ngày cuối kỳ năm {y} không có thật.",
            )
            return
        if not (dt.timedelta(days=300) <= end - start <= dt.timedelta(days=366)):
            yield CatalogProblem(
                "CAT-PERIOD",
                "error",
                "plan",
                "reporting_period",
                f"kỳ số liệu năm {y} ({start:%d/%m/%Y} – {end:%d/%m/%Y}) phải dài khoảng một năm.",
            )
            return


def check_plan_metadata(c: Catalog) -> Iterator[CatalogProblem]:
    """What a plan needs before forms can be issued: a new plan (ptn plan new) starts without them."""
    p = c.plan
    for field, label, empty in (
        ("id", "mã kế hoạch", not p.id.strip()),
        ("title", "tên kế hoạch", not p.title.strip()),
        ("number", "số, ký hiệu của kế hoạch", not p.number.strip()),
        ("date", "ngày ban hành kế hoạch", p.date is None),
        ("issuer", "cơ quan ban hành kế hoạch", not p.issuer.strip()),
    ):
        if empty:
            yield CatalogProblem("CAT-TO-FILL", "error", "plan", field, f"chưa có {label}.")


def check_review(c: Catalog) -> Iterator[CatalogProblem]:
    """Items carried over into a new plan wait for the Sở's decision (their ``review`` text)."""
    for item in _all_items(c):
        if item.review.strip():
            yield CatalogProblem(
                "CAT-REVIEW",
                "error",
                item.code,
                "review",
                f"cần xem xét – {item.review.strip()} Xong thì để trống ô «Cần xem xét».",
            )


# Problems that keep a plan from being used at all (forms, intake, report): ptn plan check lists them.
BLOCKING_CODES = frozenset({"CAT-TO-FILL", "CAT-REVIEW"})


def blocking_problems(c: Catalog) -> list[CatalogProblem]:
    return [*check_plan_metadata(c), *check_review(c)]


def check_kinds_have_forms(c: Catalog) -> Iterator[CatalogProblem]:
    for kind in UnitKind:
        if any(u.kind == kind for u in c.units) and not any(kind in s.kinds for s in c.sections):
            yield CatalogProblem(
                "CAT-SECTION", "error", kind.value, "kinds", "loại đơn vị này không có phần nào để điền."
            )


CHECKS: list[Check] = [
    check_unique_codes,
    check_units,
    check_successions,
    check_unit_lists,
    check_item_units,
    check_figure_source,
    check_measures,
    check_target_years,
    check_sections,
    check_rules,
    check_report_metadata,
    check_letters,
    check_reporting_period,
    check_contact,
    check_kinds_have_forms,
    check_plan_metadata,
    check_review,
]


def check_catalog(loaded: LoadedCatalog | Catalog) -> list[CatalogProblem]:
    c = loaded.catalog if isinstance(loaded, LoadedCatalog) else loaded
    out: list[CatalogProblem] = []
    for check in CHECKS:
        out.extend(check(c))
    return out


def is_target(item: Item) -> bool:
    return isinstance(item, Target)
