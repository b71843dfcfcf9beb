"""Catalog checks: the plan logic pydantic cannot see (``ptn plan check``).

Each check is a small function yielding :class:`CatalogProblem`; ``CHECKS`` lists them in order.
Messages are Vietnamese and name the file, the item and the field. The checks live by concern:
:mod:`.units` (codes, units, unit lists, the units items name), :mod:`.targets` (figure sources,
measures, years), :mod:`.forms` (sections, fields, rules, a form per kind of unit), :mod:`.plan`
(report variants, letters, contact, reporting period, what a new plan must fill, review).
"""

from __future__ import annotations

from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.model import Catalog
from pipeline.catalog.validate.forms import (
    KEY_ESCAPE_LIKE,
    SHEET_FORBIDDEN,
    check_kinds_have_forms,
    check_rules,
    check_sections,
)
from pipeline.catalog.validate.plan import (
    LETTER_LABELS,
    SYMBOL_PART,
    check_contact,
    check_letters,
    check_plan_metadata,
    check_report_metadata,
    check_reporting_period,
    check_review,
)
from pipeline.catalog.validate.problem import CatalogProblem, Check, is_target
from pipeline.catalog.validate.targets import check_figure_source, check_measures, check_target_years
from pipeline.catalog.validate.units import (
    check_item_units,
    check_successions,
    check_unique_codes,
    check_unit_lists,
    check_units,
)

__all__ = [
    "BLOCKING_CODES",
    "CHECKS",
    "KEY_ESCAPE_LIKE",
    "LETTER_LABELS",
    "SHEET_FORBIDDEN",
    "SYMBOL_PART",
    "CatalogProblem",
    "Check",
    "blocking_problems",
    "check_catalog",
    "check_contact",
    "check_figure_source",
    "check_item_units",
    "check_kinds_have_forms",
    "check_letters",
    "check_measures",
    "check_plan_metadata",
    "check_report_metadata",
    "check_reporting_period",
    "check_review",
    "check_rules",
    "check_sections",
    "check_successions",
    "check_target_years",
    "check_unique_codes",
    "check_unit_lists",
    "check_units",
    "is_target",
]

# Problems that keep a plan from being used at all (forms, intake, report): ptn plan check lists them.
BLOCKING_CODES = frozenset({"CAT-TO-FILL", "CAT-REVIEW"})


def blocking_problems(c: Catalog) -> list[CatalogProblem]:
    return [*check_plan_metadata(c), *check_review(c)]


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
