"""Catalog checks of what the forms are built from: sections (one per appendix layout, sheet names),
their fields (keys, choices, kinds), rule expressions over numeric fields, a form for every kind of
unit."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pipeline.catalog.expressions import ExpressionError, field_keys
from pipeline.catalog.model import Catalog, FieldType, SectionLayout, UnitKind
from pipeline.catalog.validate.problem import CatalogProblem

SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")
# "_x" + a hex digit is read as an escape (_xHHHH_) by LibreOffice, which then corrupts the key
KEY_ESCAPE_LIKE = re.compile(r"_x[0-9a-fA-F]")


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


def check_kinds_have_forms(c: Catalog) -> Iterator[CatalogProblem]:
    for kind in UnitKind:
        if any(u.kind == kind for u in c.units) and not any(kind in s.kinds for s in c.sections):
            yield CatalogProblem(
                "CAT-SECTION", "error", kind.value, "kinds", "loại đơn vị này không có phần nào để điền."
            )
