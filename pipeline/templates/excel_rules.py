"""Catalog rules rendered as conditional formatting (the pipeline evaluates the same declaration
with :func:`pipeline.catalog.expressions.evaluate`: one rule, two renderings).

A rule over ``fields`` sections is drawn when all its field keys are input cells on one sheet of
the unit's form; a rule with ``section`` is drawn on each row of that item section that has all
its keys. Cells are marked while the rule is broken, honouring the missing-value strategy.
Only Excel 2010 functions: AND, OR, ISNUMBER, ABS, NOT.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.catalog.expressions import EXCEL_OPERATOR, field_keys, to_excel
from pipeline.catalog.model import MissingValueStrategy, Rule, Unit
from pipeline.templates import layout as L
from pipeline.templates.model import RuleFormat, SheetModel


def _abs(rc: tuple[int, int]) -> str:
    return xl_rowcol_to_cell(*rc, row_abs=True, col_abs=True)


def rule_formula(rule: Rule, cells: dict[str, tuple[int, int]]) -> str:
    """Excel formula, true while ``rule`` is broken; ``cells`` maps each field key to its cell."""

    def ref(key: str) -> str:
        return _abs(cells[key])

    left, right = to_excel(rule.left, ref), to_excel(rule.right, ref)
    if rule.operator == "==":
        broken = f"ABS({left}-{right})>0.000000001"
    else:
        broken = f"NOT({left}{EXCEL_OPERATOR[rule.operator]}{right})"
    refs = [ref(k) for k in rule_keys(rule)]
    checks = ",".join(f"ISNUMBER({r})" for r in refs)
    strategy = rule.missing_value_strategy
    if strategy == MissingValueStrategy.skip_if_any_missing:
        return f"=AND({checks},{broken})"
    if strategy == MissingValueStrategy.skip_if_all_missing:
        return f"=AND(OR({checks}),{broken})"
    return f"={broken}"


def rule_keys(rule: Rule) -> list[str]:
    keys = field_keys(rule.left)
    return keys + [k for k in field_keys(rule.right) if k not in keys]


def _applies(rule: Rule, unit: Unit) -> bool:
    return rule.excel and (not rule.kinds or unit.kind in rule.kinds)


def attach_rules(rules: list[Rule], unit: Unit, sheets: list[SheetModel]) -> list[Rule]:
    """Add :class:`RuleFormat` s to the sheets; return the rules drawn (for the guide sheet)."""
    drawn: list[Rule] = []
    for rule in rules:
        if not _applies(rule, unit):
            continue
        keys = rule_keys(rule)
        if rule.section is None:
            for m in sheets:
                cells = {}
                for k in keys:
                    rc = m.index.get((k, L.VALUE_KEY))
                    if rc is not None and m.cells.get(rc) is not None and m.cells[rc].input is not None:
                        cells[k] = rc
                if len(cells) == len(keys):
                    m.rules.append(
                        RuleFormat(list(cells.values()), rule_formula(rule, cells), rule.severity.value)
                    )
                    drawn.append(rule)
                    break
            continue
        for m in sheets:
            if m.key != rule.section:
                continue
            codes = sorted({code for code, _ in m.index})
            for code in codes:
                cells = {}
                for k in keys:
                    rc = m.index.get((code, k))
                    if rc is not None and m.cells.get(rc) is not None and m.cells[rc].input is not None:
                        cells[k] = rc
                if len(cells) == len(keys):
                    m.rules.append(
                        RuleFormat(list(cells.values()), rule_formula(rule, cells), rule.severity.value)
                    )
                    if rule not in drawn:
                        drawn.append(rule)
    return drawn
