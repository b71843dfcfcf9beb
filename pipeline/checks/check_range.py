"""VALUE-OUT-OF-RANGE: a number outside its field's ``min``/``max`` (a % target at most 100)."""

from __future__ import annotations

from pipeline.checks.base import CheckContext
from pipeline.vn import so_vn

CODE = "VALUE-OUT-OF-RANGE"


def check(ctx: CheckContext) -> None:
    for lc in ctx.numbers():
        lo, hi, v = lc.spec.min, lc.spec.max, lc.row.value
        if v < 0 and (lo is None or lo >= 0):
            continue  # check_negative says it
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            bounds = f"{so_vn(lo, 2, trim=True) if lo is not None else '…'} – {so_vn(hi, 2, trim=True) if hi is not None else '…'}"
            ctx.add(CODE, lc, text=lc.row.raw, bounds=bounds)
