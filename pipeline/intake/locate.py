"""Find every input cell of a unit's form in a returned workbook, by key and code – never by position.

Sheets are found by their hidden key row (``ptn:section:<key>`` in the first rows), columns by the
key above them, rows by the text in the ``Mã`` column (docs/FORM-LAYOUT.md). The result holds one
:class:`LocatedCell` per input cell the unit's form has – empty ones too, so an empty required cell
is visible – with its true A1 address. Missing sheets, rows, columns and merged input cells are
findings.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import Any

from pipeline.catalog.model import FieldSpec, Measure, Section, SectionLayout, Target, Unit
from pipeline.catalog.query import CatalogView, Role
from pipeline.checks.messages import finding
from pipeline.intake.addresses import a1
from pipeline.intake.flat import FlatRow
from pipeline.intake.identify import key_row
from pipeline.intake.raw import RawSheet, RawWorkbook
from pipeline.manifest import Finding
from pipeline.templates.layout import COL_CODE, COL_NAME, FREE_NAME_KEY, META_SHEET, VALUE_KEY

TARGET_VALUE_FIELDS = ("thuc_hien", "uoc_ca_nam")  # the figure columns of Mục tiêu, chỉ tiêu
_MEASURE_TYPE = {Measure.count: "count", Measure.amount: "amount", Measure.survey: "decimal"}


@dataclass(frozen=True)
class Expected:
    """One input cell the unit's form has."""

    section: str
    title: str  # the section's sheet title (for findings when the sheet is missing)
    code: str  # the row's Mã: field key, item code, "CT01.1", free-row code
    item: str  # "" for fields sections
    part: str  # tu_so / mau_so / ""
    field: str  # field key (``noi_dung`` for a free row's name)
    column: str  # the key above the column (``gia_tri``, a field key, ``__name__``)
    type: str
    label: str
    required: bool = False
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    free: bool = False  # a free row (documents, inspections)
    reference: bool = False  # co-agency / reference row: not obliged
    uom: str = ""  # unit of measure (người, lượt người, cuộc, triệu đồng, %, cm)


@dataclass
class LocatedCell:
    row: FlatRow
    spec: Expected
    raw_value: Any  # what the reader returned


@dataclass
class Located:
    cells: list[LocatedCell] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sheets: dict[str, str] = field(default_factory=dict)  # section key → sheet name found


# --------------------------------------------------------------------------- addresses


# --------------------------------------------------------------------------- the expected form


def _fields_of(section: Section, unit: Unit) -> list[FieldSpec]:
    return [f for f in section.fields if not f.kinds or unit.kind in f.kinds]


def _spec(section: Section, code: str, item: str, f: FieldSpec, **kw: Any) -> Expected:
    base = dict(
        section=section.key,
        title=section.title,
        code=code,
        item=item,
        part="",
        field=f.key,
        column=f.key,
        type=f.type.value,
        label=f.label,
        required=f.required,
        choices=tuple(f.choices),
        min=f.min,
        max=f.max,
        uom=f.unit_of_measure,
    )
    base.update(kw)
    return Expected(**base)


_MEMO_MAX = 10_000
_EXPECTED: weakref.WeakKeyDictionary[CatalogView, dict[tuple, tuple[Expected, ...]]] = (
    weakref.WeakKeyDictionary()
)


def expected_cells(view: CatalogView, unit: Unit, section: Section) -> list[Expected]:
    """The input cells of ``section`` on ``unit``'s form, in form order (mirrors the template builder).

    Worked out once per view for each kind of unit and set of assignments (the forms of a thousand
    communes share a handful)."""
    assigned = view.assignments(unit.code, section.key)
    key = (section.key, unit.kind, tuple((a.item.code, a.role, a.supplies_figure) for a in assigned))
    memo = _EXPECTED.setdefault(view, {})
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = tuple(_expected_cells(view, unit, section, assigned))
    return list(hit)


def _expected_cells(view: CatalogView, unit: Unit, section: Section, assigned: list) -> list[Expected]:
    fields = _fields_of(section, unit)
    out: list[Expected] = []
    if section.layout == SectionLayout.fields:
        for f in fields:
            out.append(_spec(section, f.key, "", f, column=VALUE_KEY))
        return out
    for a in assigned:
        item = a.item
        reference = a.role == Role.co or (isinstance(item, Target) and not a.supplies_figure)
        if not isinstance(item, Target):
            for f in fields:
                out.append(
                    _spec(
                        section,
                        item.code,
                        item.code,
                        f,
                        required=f.required and not reference,
                        reference=reference,
                    )
                )
            continue
        obliged = a.supplies_figure and a.role != Role.co
        for f in fields:
            if f.key not in TARGET_VALUE_FIELDS:
                out.append(_spec(section, item.code, item.code, f, required=False, reference=reference))
        if item.measure != Measure.ratio:
            for f in fields:
                if f.key in TARGET_VALUE_FIELDS:
                    mx = 100.0 if item.unit_of_measure == "%" else f.max
                    out.append(
                        _spec(
                            section,
                            item.code,
                            item.code,
                            f,
                            type=_MEASURE_TYPE[item.measure],
                            required=obliged,
                            reference=reference,
                            max=mx,
                            uom=item.unit_of_measure,
                            label=f"{item.name} – {f.label} ({item.unit_of_measure})",
                        )
                    )
            continue
        for suffix, part, what in (
            (".1", "tu_so", item.numerator_label),
            (".2", "mau_so", item.denominator_label),
        ):
            for f in fields:
                if f.key in TARGET_VALUE_FIELDS:
                    out.append(
                        _spec(
                            section,
                            item.code + suffix,
                            item.code,
                            f,
                            part=part,
                            type="ratio_part",
                            uom="người",
                            required=obliged,
                            reference=reference,
                            label=f"{item.name} – {what} – {f.label} (người)",
                        )
                    )
    return out


def free_cells(view: CatalogView, section: Section, unit: Unit, code: str) -> list[Expected]:
    """The cells of the free row ``code`` (worked out once per view, section, kind of unit and code)."""
    key = ("free", section.key, unit.kind, code)
    memo = _EXPECTED.setdefault(view, {})
    hit = memo.get(key)
    if hit is None:
        hit = tuple(_free_cells(section, unit, code))
        if len(memo) < _MEMO_MAX:  # a form with thousands of inserted free rows is not kept
            memo[key] = hit
    return list(hit)


def _free_cells(section: Section, unit: Unit, code: str) -> list[Expected]:
    name = Expected(
        section=section.key, title=section.title, code=code, item=code, part="", field=FREE_NAME_KEY,
        column=COL_NAME, type="text", label="Nội dung", free=True,
    )  # fmt: skip
    return [name] + [
        _spec(section, code, code, f, required=False, free=True) for f in _fields_of(section, unit)
    ]


# --------------------------------------------------------------------------- locating


def find_sheets(raw: RawWorkbook) -> dict[str, tuple[RawSheet, int]]:
    """Section key → (sheet, key-row index); the first sheet carrying a key wins (visible first)."""
    out: dict[str, tuple[RawSheet, int]] = {}
    order = sorted(raw.sheets, key=lambda s: s.visible != "visible")
    for s in order:
        if s.name == META_SHEET:
            continue
        kr = key_row(s)
        if kr and kr[1] not in out:
            out[kr[1]] = (s, kr[0])
    return out


def _code_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v == int(v):
        v = int(v)
    return str(v).strip()


@dataclass
class Submission:
    """What each flat row repeats about its file."""

    id: str
    sha256: str
    year: int | None
    unit: str | None
    file: str


def locate(raw: RawWorkbook, view: CatalogView, unit: Unit, sub: Submission) -> Located:
    out = Located()
    found = find_sheets(raw)
    for section in view.sections_for(unit):
        specs = expected_cells(view, unit, section)
        if section.layout != SectionLayout.fields and not specs and not section.free_rows:
            continue
        hit = found.get(section.key)
        if hit is None:
            out.findings.append(
                finding("SHEET-MISSING", title=section.title, file=sub.file, sheet=section.title)
            )
            continue
        sheet, kr = hit
        out.sheets[section.key] = sheet.name
        keys = [_code_text(v) for v in sheet.rows[kr]]
        col = {}
        for c, k in enumerate(keys):
            if c == 0 and k.startswith("ptn:"):
                continue
            if k and k not in col:
                col[k] = c
        if COL_CODE not in col:
            out.findings.append(
                finding("COLUMN-MISSING", label="Mã", sheet=sheet.name, file=sub.file, field=COL_CODE)
            )
            continue
        ccode = col[COL_CODE]
        rows = sheet.rows
        rows_by_code: dict[str, int] = {}
        for r in range(kr + 1, len(rows)):
            row = rows[r]
            if ccode >= len(row) or row[ccode] is None:
                continue
            v = row[ccode]
            code = v.strip() if v.__class__ is str else _code_text(v)
            if code and code not in rows_by_code:
                rows_by_code[code] = r
        # free rows: the ones the form had and any the user inserted with the same prefix
        if section.free_rows and section.free_row_prefix:
            pat = re.compile(rf"^{re.escape(section.free_row_prefix)}\d+$")
            free_codes = sorted((c for c in rows_by_code if pat.match(c)), key=lambda c: rows_by_code[c])
            for code in free_codes:
                specs += free_cells(view, section, unit, code)
        missing_cols: set[str] = set()
        missing_rows: set[str] = set()
        for spec in specs:
            c = col.get(spec.column)
            if c is None:
                if spec.column not in missing_cols:
                    missing_cols.add(spec.column)
                    out.findings.append(
                        finding(
                            "COLUMN-MISSING",
                            label=spec.label,
                            sheet=sheet.name,
                            file=sub.file,
                            field=spec.column,
                        )
                    )
                continue
            r = rows_by_code.get(spec.code)
            if r is None:
                if spec.code not in missing_rows and not spec.free:
                    missing_rows.add(spec.code)
                    item = view.items_by_code.get(spec.item)
                    name = item.name if item else spec.label  # the row as the form shows it, never its code
                    if item is not None and spec.part:
                        part = item.numerator_label if spec.part == "tu_so" else item.denominator_label
                        name = f"{name} – {part}" if part else name
                    out.findings.append(
                        finding("ROW-MISSING", item=spec.code, name=name, sheet=sheet.name, file=sub.file)
                    )
                continue
            row = rows[r]
            v = row[c] if c < len(row) else None
            # positional, in FlatRow's field order (submission, sha256, year, unit, section, item, part,
            # field, raw, value, type, valid, file, sheet, cell): ~100 of these per file
            flat = FlatRow(sub.id, sub.sha256, sub.year, sub.unit, section.key, spec.item, spec.part, spec.field,
                           "", None, spec.type, True, sub.file, sheet.name, a1(r, c))  # fmt: skip
            out.cells.append(LocatedCell(flat, spec, v))
        _merged(sheet, out, sub)
    return out


def _merged(sheet: RawSheet, out: Located, sub: Submission) -> None:
    """CELL-MERGED for input cells inside a merged range. Each range is tested against the located
    cells (never walked cell by cell: a merged A1:XFD1048576 is one comparison per input cell)."""
    if not sheet.merged:
        return
    mine = [(lc, *_rc(lc.row.cell)) for lc in out.cells if lc.row.sheet == sheet.name]
    for r0, c0, r1, c1 in sheet.merged[:10_000]:
        if (r0, c0) == (r1, c1):
            continue
        inside = [lc for lc, r, c in mine if r0 <= r <= r1 and c0 <= c <= c1]
        if not inside:
            continue
        rng = f"{a1(r0, c0)}:{a1(r1, c1)}"
        first = inside[0]
        out.findings.append(
            finding(
                "CELL-MERGED", range=rng, file=sub.file, sheet=sheet.name, cell=a1(r0, c0),
                item=first.row.item, field=first.row.field,
            )
        )  # fmt: skip


def _rc(addr: str) -> tuple[int, int]:
    m = re.match(r"([A-Z]+)(\d+)", addr)
    if not m:
        return (-1, -1)
    c = 0
    for ch in m.group(1):
        c = c * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, c - 1
