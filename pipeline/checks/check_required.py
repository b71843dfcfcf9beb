"""REQUIRED-EMPTY: a required cell of a fields section, or an obliged target figure, left empty.

Documents and programmes have their own rules (check_documents, check_programmes)."""

from __future__ import annotations

from pipeline.catalog.model import SectionLayout
from pipeline.checks.base import CheckContext

CODE = "REQUIRED-EMPTY"
_OWN_RULES = (SectionLayout.documents, SectionLayout.programmes)


def check(ctx: CheckContext) -> None:
    if ctx.empty_form:
        return
    for lc in ctx.cells:
        if not lc.spec.required or lc.row.raw != "":
            continue
        section = ctx.view.sections_by_key[lc.spec.section]
        if section.layout in _OWN_RULES:
            continue
        ctx.add(CODE, lc)
