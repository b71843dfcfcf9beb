"""Per-unit feedback forms ``phan-hoi/<unit>.xlsx`` ("đề nghị bổ sung, hoàn thiện báo cáo").

The unit's own form rebuilt with the template builder, pre-filled with what it sent, each problem
cell marked (fill colour + a comment saying what to fix), and a sheet listing every finding. The unit
corrects the marked cells and sends the form back. Stale files of earlier runs are removed.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pipeline.catalog.load import LoadedCatalog
from pipeline.intake.flat import FlatRow
from pipeline.manifest import SEVERITY_LABEL, Finding, InputEntry
from pipeline.templates.build import TemplateKeyError, build_workbook
from pipeline.templates.layout import VALUE_KEY

PART_CODE = {"tu_so": ".1", "mau_so": ".2", "": ""}
FEEDBACK_SEVERITIES = ("error", "warning")


def form_key(r: FlatRow) -> tuple[str, str]:
    """The (row code, field key) of a flat row in the form layout (docs/FORM-LAYOUT.md)."""
    if r.item == "":
        return (r.field, VALUE_KEY)
    return (r.item + PART_CODE.get(r.part, ""), r.field)


def _prefill(r: FlatRow) -> object:
    if r.value is not None and r.value != "":
        return r.value
    return r.raw if r.raw != "" else None


def write_feedback(
    loaded: LoadedCatalog,
    year: int,
    inputs: list[InputEntry],
    rows: list[FlatRow],
    out_dir: Path,
) -> dict[str, Path]:
    """One feedback form per unit whose counted submission has errors or warnings."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows_by_sub: dict[str, list[FlatRow]] = defaultdict(list)
    for r in rows:
        rows_by_sub[r.submission].append(r)
    written: dict[str, Path] = {}
    for e in inputs:
        if e.status != "accepted" or not e.unit:
            continue
        problems = [f for f in e.findings if f.severity in FEEDBACK_SEVERITIES]
        if not problems:
            continue
        sub_rows = rows_by_sub.get(e.path, [])
        by_cell = {(r.sheet, r.cell): r for r in sub_rows}
        values = {}
        for r in sub_rows:
            v = _prefill(r)
            if v is not None:
                values[form_key(r)] = v
        marks: dict[tuple[str, str], str] = {}
        for f in problems:
            r = by_cell.get((f.sheet, f.cell))
            if r is None:
                continue
            key = form_key(r)
            text = f"{SEVERITY_LABEL[f.severity]} [{f.code}]: {f.message}"
            marks[key] = marks[key] + "\n" + text if key in marks else text
        path = out_dir / f"{e.unit}.xlsx"
        try:
            build_workbook(loaded, year, e.unit, path, values=values, marks=marks, findings=_sorted(problems))
        except TemplateKeyError:
            # a value that no longer fits the current form: rebuild without pre-filled values
            build_workbook(loaded, year, e.unit, path, marks=marks, findings=_sorted(problems))
        written[e.unit] = path
    for stale in out_dir.glob("*.xlsx"):
        if stale.stem not in written:
            stale.unlink(missing_ok=True)
    return written


def _sorted(findings: list[Finding]) -> list[Finding]:
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: (order[f.severity], f.sheet, f.cell, f.code))
