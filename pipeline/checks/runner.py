"""The checks, in order. Parsing first (the others read parsed values); "missing" checks after the
unfilled-form check, which silences them; the catalog's rules once values are known to be valid.

A check that raises costs its own findings only: the exception becomes a ``CHECK-FAILED`` error on
the file and the other checks still run."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.checks import (
    check_documents,
    check_formulas,
    check_inspection,
    check_locked,
    check_negative,
    check_part_whole,
    check_percent,
    check_plausible,
    check_programmes,
    check_range,
    check_report_date,
    check_required,
    check_rules,
    check_same_concept,
    check_type,
    check_unfilled,
)
from pipeline.checks.base import CheckContext
from pipeline.manifest import Finding

CHECKS: list[tuple[str, Callable[[CheckContext], None]]] = [
    ("type", check_type.check),
    ("percent", check_percent.check),
    ("formulas", check_formulas.check),
    ("unfilled", check_unfilled.check),
    ("required", check_required.check),
    ("negative", check_negative.check),
    ("range", check_range.check),
    ("plausible", check_plausible.check),
    ("report_date", check_report_date.check),
    ("part_whole", check_part_whole.check),
    ("rules", check_rules.check),
    ("same_concept", check_same_concept.check),
    ("documents", check_documents.check),
    ("programmes", check_programmes.check),
    ("inspection", check_inspection.check),
    ("locked", check_locked.check),
]


def run_checks(ctx: CheckContext) -> list[Finding]:
    try:
        for name, fn in CHECKS:
            try:
                fn(ctx)
            except Exception as e:  # a bug in one rule must not stop the others, nor the run
                ctx.add("CHECK-FAILED", detail=f"{name}: {type(e).__name__}: {e}")
    finally:
        pkg = ctx._package
        if pkg:
            pkg.close()
        ctx._package = None
    return ctx.findings
