"""SAME-CONCEPT-DIFFERS: a form asks one concept twice and the two numbers differ.

A ratio target whose whole is declared the same concept as a field (``denominator_same_as``, e.g.
CT10's "Tổng số thanh niên trên địa bàn" and Thông tin chung's ``tn_tong_so``): when both cells
hold a number and they differ, both cells get a warning naming the other one. Nothing is left out
of the sums (the unit is asked to check), but the report compares the bases it uses.
"""

from __future__ import annotations

from pipeline.catalog.model import Target
from pipeline.checks.base import CheckContext
from pipeline.vn import so_vn

CODE = "SAME-CONCEPT-DIFFERS"


def _number(lc) -> float | None:
    v = lc.row.value
    return v if lc.row.valid and isinstance(v, float) else None


def check(ctx: CheckContext) -> None:
    fields = {lc.row.field: lc for lc in ctx.cells if lc.row.item == ""}
    for t in ctx.view.catalog.targets:
        if not isinstance(t, Target) or not t.denominator_same_as or not ctx.view.applies(t):
            continue
        single = fields.get(t.denominator_same_as)
        if single is None or _number(single) is None:
            continue
        wholes = [lc for lc in ctx.cells if lc.row.item == t.code and lc.row.part == "mau_so"]
        differing = [lc for lc in wholes if _number(lc) is not None and _number(lc) != _number(single)]
        columns = {f.key: f.label for f in ctx.view.section_of(t).fields}
        for lc in differing:
            ctx.add(
                CODE, lc, item=t.code, label=f"{t.denominator_label} – {columns.get(lc.row.field, lc.row.field)}",
                this=so_vn(_number(lc), 2, trim=True), other_label=single.spec.label,
                other=so_vn(_number(single), 2, trim=True), other_sheet=single.row.sheet,
                other_cell=single.row.cell,
            )  # fmt: skip
        if differing:
            first = differing[0]
            ctx.add(
                CODE, single, label=single.spec.label, this=so_vn(_number(single), 2, trim=True),
                other_label=f"{t.denominator_label} của chỉ tiêu {t.name}",
                other=", ".join(sorted({so_vn(_number(x), 2, trim=True) for x in differing})),
                other_sheet=first.row.sheet, other_cell=", ".join(x.row.cell for x in differing),
            )  # fmt: skip
