"""Catalog checks of codes and units: every code unique, units' dates and successions, the declared
unit lists complete, and every unit an item names existing and active in each year it applies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pipeline.catalog.labels import KIND_LABEL
from pipeline.catalog.model import Catalog, Obligation, SectionLayout
from pipeline.catalog.query import CatalogView, UnresolvedUnit
from pipeline.catalog.validate.problem import CatalogProblem, all_items, item_years

_INACTIVE = {  # a unit an item names, not active in one of the item's years
    "lead": "đơn vị '{code}' không hoạt động năm {year} và không có đơn vị tiếp nhận (thêm successors cho "
    "mục này hoặc merged_into cho đơn vị).",
    "co_agencies": "đơn vị phối hợp '{code}' không hoạt động năm {year} và không có đơn vị tiếp nhận.",
}


def check_unique_codes(c: Catalog) -> Iterator[CatalogProblem]:
    for kind, codes in (
        ("đơn vị", [u.code for u in c.units]),
        ("mục phụ lục", [i.code for i in all_items(c)]),
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
    for item in all_items(c):
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
        for year in item_years(c, item):
            view = CatalogView.of(c, year)
            named = [("lead", item.lead)] if item.lead else []
            for field, code in [*named, *(("co_agencies", x) for x in item.co_agencies)]:
                try:
                    view.resolve(code, item)
                except UnresolvedUnit:
                    yield CatalogProblem("CAT-UNIT-INACTIVE", "error", item.code, field,
                                         _INACTIVE[field].format(code=code, year=year))  # fmt: skip
            if item.each_unit_of_kinds and not view.leads(item):
                kinds = ", ".join(k.value for k in item.each_unit_of_kinds)
                yield CatalogProblem(
                    "CAT-UNIT-INACTIVE",
                    "warning",
                    item.code,
                    "each_unit_of_kinds",
                    f"năm {year} không có đơn vị bắt buộc nào thuộc loại {kinds}.",
                )
