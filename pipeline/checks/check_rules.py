"""The catalog's validation rules (DHIS2-style left / operator / right) with their missing-value
strategy and importance → severity. Rules without ``section`` compare fields-section values of the
form; rules with ``section`` are checked on each item row of that section. The finding's code is the
rule's own code; the message is the rule's message and instruction."""

from __future__ import annotations

import re

from pipeline.catalog.expressions import COMPARE, evaluate, field_keys
from pipeline.catalog.model import MissingValueStrategy, Rule, SectionLayout
from pipeline.checks.base import CheckContext
from pipeline.checks.messages import finding
from pipeline.intake.locate import LocatedCell
from pipeline.vn import so_vn


def _side(
    expr: str, cells: dict[str, LocatedCell], strategy: MissingValueStrategy
) -> tuple[float | None, bool]:
    """``(value, skip)`` of one side under the missing-value strategy."""
    keys = field_keys(expr)
    vals: dict[str, float | None] = {}
    for k in keys:
        lc = cells.get(k)
        ok = lc is not None and lc.row.valid and isinstance(lc.row.value, float)
        vals[k] = lc.row.value if ok else None
    missing = [k for k in keys if vals[k] is None]
    if strategy == MissingValueStrategy.skip_if_any_missing and missing:
        return None, True
    if strategy == MissingValueStrategy.skip_if_all_missing and keys and len(missing) == len(keys):
        return None, True
    filled = {k: (0.0 if v is None else v) for k, v in vals.items()}
    return evaluate(expr, filled), False


def _apply(ctx: CheckContext, rule: Rule, cells: dict[str, LocatedCell], item: str = "") -> None:
    keys = field_keys(rule.left) + field_keys(rule.right)
    if not all(k in cells for k in keys):
        return  # the unit's form does not have the fields
    left, skip_l = _side(rule.left, cells, rule.missing_value_strategy)
    right, skip_r = _side(rule.right, cells, rule.missing_value_strategy)
    if skip_l or skip_r or left is None or right is None:
        return
    if COMPARE[rule.operator](left, right):
        return
    at = cells[keys[0]]
    f = finding(
        "RULE-VIOLATED",
        severity=rule.severity.value,
        message=rule.message,
        instruction=rule.instruction,
        left=_readable(rule.left, cells),
        right=_readable(rule.right, cells),
        left_value=so_vn(left, 2, trim=True),
        right_value=so_vn(right, 2, trim=True),
        file=ctx.file,
        sheet=at.row.sheet,
        cell=at.row.cell,
        item=item,
        field=at.row.field,
        value=at.row.raw,
    )
    ctx.findings.append(f.model_copy(update={"code": rule.code}))
    if f.severity == "error":
        for k in keys:
            cells[k].row.valid = False


def _readable(expr: str, cells: dict[str, LocatedCell]) -> str:
    """The expression in the form's words: each field key replaced by its label (never a key)."""

    def label(m: re.Match) -> str:
        lc = cells.get(m.group(0))
        return f"\u201c{lc.spec.label}\u201d" if lc is not None else m.group(0)

    return re.sub(r"[a-z][a-z0-9_]*", label, expr)


def check(ctx: CheckContext) -> None:
    fields_cells: dict[str, LocatedCell] = {}
    by_row: dict[tuple[str, str], dict[str, LocatedCell]] = {}
    for lc in ctx.cells:
        layout = ctx.view.sections_by_key[lc.spec.section].layout
        if layout == SectionLayout.fields:
            fields_cells[lc.row.field] = lc
        elif not lc.row.part:
            by_row.setdefault((lc.spec.section, lc.row.item), {})[lc.row.field] = lc
    for rule in ctx.view.catalog.rules:
        if rule.kinds and ctx.unit.kind not in rule.kinds:
            continue
        if rule.section is None:
            _apply(ctx, rule, fields_cells)
        else:
            for (section, item), cells in by_row.items():
                if section == rule.section:
                    _apply(ctx, rule, cells, item)
