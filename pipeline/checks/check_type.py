"""Each input cell parsed by its field's type (VALUE-CONVERTED / -AMBIGUOUS / -NOT-NUMBER / -NOT-WHOLE /
-NOT-DATE / -NOT-CHOICE / -LEGACY-ENCODING); sets the flat rows' ``raw`` and ``value``."""

from __future__ import annotations

from pipeline.checks.base import CheckContext
from pipeline.intake.parse_values import parse_value

CODE = "VALUE-*"


def check(ctx: CheckContext) -> None:
    for lc in ctx.cells:
        p = parse_value(lc.raw_value, lc.spec.type, list(lc.spec.choices))
        lc.row.raw = p.raw
        lc.row.value = p.value
        for issue in p.issues:
            ctx.add(issue.code, lc, **issue.facts)
