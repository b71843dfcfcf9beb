"""Percentages typed in Excel: "85%" is stored as 0,85 with a per cent number format.

* xlsx/xlsm: the cell's number format is read from the file (styles.xml); in a % field the value
  is multiplied by 100 (VALUE-PERCENT, Lưu ý, saying what was converted); in a field counted in
  people, events or money a per cent format is an error (VALUE-PERCENT-WRONG-FIELD).
* other formats (.xls, .ods), whose formats the reader does not expose: in a % field a value
  strictly between 0 and 1 is read as a fraction typed with "%" (VALUE-PERCENT-GUESSED, Cảnh báo).
Runs right after the type check, before every check that reads the values.
"""

from __future__ import annotations

import zipfile

from pipeline.checks.base import CheckContext
from pipeline.intake.readers import percent_cells
from pipeline.vn import so_vn


def _percent_cells(ctx: CheckContext) -> set[tuple[str, str]] | None:
    """(sheet, cell) of the input cells with a per cent format; None when the format is not known."""
    if ctx.data is None or not ctx.data.startswith(b"PK") or ctx.format not in ("xlsx", "xlsm"):
        return None
    wanted: dict[str, set[str]] = {}
    for lc in ctx.numbers():
        wanted.setdefault(lc.row.sheet, set()).add(lc.row.cell)
    if not wanted:
        return set()
    pkg = ctx.package()
    if pkg is None:
        return None
    try:
        found = percent_cells(pkg.zf, pkg.sheet_parts, wanted)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None
    return {(s, a) for s, addrs in found.items() for a in addrs}


def check(ctx: CheckContext) -> None:
    known = _percent_cells(ctx)
    for lc in ctx.numbers():
        v = lc.row.value
        pct_field = lc.spec.uom == "%"
        if known is not None:
            if (lc.row.sheet, lc.row.cell) not in known:
                continue
            shown = so_vn(v, 6, trim=True)
            if pct_field:
                lc.row.value = v * 100
                ctx.add("VALUE-PERCENT", lc, text=f"{so_vn(v * 100, 4, trim=True)}%", stored=shown,
                        parsed=so_vn(v * 100, 4, trim=True))  # fmt: skip
            else:
                ctx.add(
                    "VALUE-PERCENT-WRONG-FIELD",
                    lc,
                    text=f"{so_vn(v * 100, 4, trim=True)}%",
                    uom=lc.spec.uom or "số",
                )
        elif pct_field and 0 < v < 1:
            lc.row.value = v * 100
            ctx.add(
                "VALUE-PERCENT-GUESSED",
                lc,
                stored=so_vn(v, 6, trim=True),
                parsed=so_vn(v * 100, 4, trim=True),
            )
