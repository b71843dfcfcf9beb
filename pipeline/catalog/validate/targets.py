"""Catalog checks of the targets (Phụ lục II): one source for each figure, measures and their labels
and values, years inside the plan period (and the same for documents, programmes and sections)."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.catalog.model import Catalog, Measure, SectionLayout
from pipeline.catalog.query import CatalogView, UnresolvedUnit
from pipeline.catalog.validate.problem import CatalogProblem, item_years


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
        for year in item_years(c, t):
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


def _outside_period(c: Catalog, code: str, field: str, years) -> Iterator[CatalogProblem]:
    p = c.plan
    for y in years:
        if not p.period_start <= y <= p.period_end:
            yield CatalogProblem(
                "CAT-YEAR-OUTSIDE",
                "error",
                code,
                field,
                f"năm {y} nằm ngoài giai đoạn kế hoạch {p.period_start}–{p.period_end}.",
            )


def check_target_years(c: Catalog) -> Iterator[CatalogProblem]:
    p = c.plan
    for t in c.targets:
        yield from _outside_period(c, t.code, "yearly_values", t.yearly_values)
        for y in t.end_values:
            if y > p.horizon or y < p.period_start:
                yield CatalogProblem(
                    "CAT-END-YEAR",
                    "error",
                    t.code,
                    "end_values",
                    f"năm {y} phải trong khoảng {p.period_start}–{p.horizon}.",
                )
        yield from _outside_period(c, t.code, "years", t.years)
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
