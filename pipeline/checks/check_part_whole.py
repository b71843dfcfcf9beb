"""PART-GT-WHOLE: a ratio's part (tử số, row CT01.1) above its whole (mẫu số, CT01.2). Both cells
become invalid: the pair stays out of the province's sums."""

from __future__ import annotations

from pipeline.checks.base import CheckContext
from pipeline.vn import so_vn

CODE = "PART-GT-WHOLE"


def check(ctx: CheckContext) -> None:
    pairs: dict[tuple[str, str, str], dict[str, object]] = {}
    for lc in ctx.cells:
        if lc.row.part:
            pairs.setdefault((lc.row.section, lc.row.item, lc.row.field), {})[lc.row.part] = lc
    for (_s, item, _f), pair in pairs.items():
        part, whole = pair.get("tu_so"), pair.get("mau_so")
        if part is None or whole is None:
            continue
        pv, wv = part.row.value, whole.row.value
        if isinstance(pv, float) and isinstance(wv, float) and pv > wv:
            label = ctx.view.sections_by_key[part.spec.section].fields
            flabel = next((f.label for f in label if f.key == part.spec.field), part.spec.field)
            target = ctx.view.items_by_code.get(item)
            ctx.add(
                CODE, part, invalid=[whole], item=item, label=flabel, name=getattr(target, "name", item),
                part_label=getattr(target, "numerator_label", "") or "Số thực hiện",
                whole_label=getattr(target, "denominator_label", "") or "Tổng số",
                part=so_vn(pv, 2, trim=True), whole=so_vn(wv, 2, trim=True),
            )  # fmt: skip
