"""Whose report is this, and for which year and plan?

From the very hidden ``_meta`` sheet first (docs/FORM-LAYOUT.md). When it is lost (the user copied
the sheets into a new workbook, another program dropped it), from the ``don_vi`` / ``nam_bao_cao``
rows of Thông tin chung, then from the file name – Unicode NFC, case- and diacritics-insensitive,
against the codes, names, short names and aliases of the units active that year – with an info
finding that it was guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.catalog.form_version import VersionCache
from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.model import Unit
from pipeline.catalog.query import CatalogView
from pipeline.checks.messages import finding
from pipeline.intake.raw import RawSheet, RawWorkbook
from pipeline.manifest import Finding
from pipeline.templates.layout import (
    COL_CODE,
    INFO_SHEET_KEY,
    KEY_ROW_SCAN,
    META_SHEET,
    SECTION_MARK,
    UNIT_ROW_CODE,
    VALUE_KEY,
    YEAR_ROW_CODE,
    split_code,
)
from pipeline.vn import fold, nfc

_CODE_IN_TEXT = re.compile(r"\(\s*m[ãa]\s*:\s*([A-Z][A-Z0-9]{1,15})\s*\)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20[2-3]\d)(?!\d)")


@dataclass
class Identity:
    plan_id: str | None = None
    template_version: str | None = None
    unit_code: str | None = None  # as found (may be unknown to the registry)
    unit: Unit | None = None  # the registry's unit, when known
    year: int | None = None
    identified_by: str = "none"  # meta, cells, filename, none
    findings: list[Finding] = field(default_factory=list)

    @property
    def identified(self) -> bool:
        return self.unit is not None and self.year is not None


def read_meta(raw: RawWorkbook) -> dict[str, str]:
    """Key → value of the ``_meta`` sheet (column A → column B), or ``{}`` when absent."""
    sheet = raw.sheet(META_SHEET)
    if sheet is None:
        return {}
    out: dict[str, str] = {}
    for row in sheet.rows:
        if len(row) >= 2 and row[0] not in (None, ""):
            v = row[1]
            if isinstance(v, float) and v == int(v):
                v = int(v)
            out[nfc(str(row[0])).strip()] = "" if v is None else nfc(str(v)).strip()
    return out


def key_row(sheet: RawSheet) -> tuple[int, str] | None:
    """``(row index, section key)`` of the hidden key row, scanning the first rows."""
    for r, row in enumerate(sheet.rows[:KEY_ROW_SCAN]):
        for v in row:
            if isinstance(v, str) and v.startswith(SECTION_MARK):
                return r, v[len(SECTION_MARK) :].strip()
    return None


def _int_year(v: Any) -> int | None:
    if isinstance(v, int | float) and not isinstance(v, bool) and v == int(v) and 2000 <= v <= 2100:
        return int(v)
    if isinstance(v, str):
        m = _YEAR.search(v)
        return int(m.group(1)) if m else None
    return None


def info_cells(raw: RawWorkbook) -> tuple[Any, Any]:
    """The values of the ``don_vi`` and ``nam_bao_cao`` rows of Thông tin chung (None when absent)."""
    for sheet in raw.sheets:
        kr = key_row(sheet)
        if kr is None or kr[1] != INFO_SHEET_KEY:
            continue
        keys = sheet.rows[kr[0]]
        try:
            c_code = keys.index(COL_CODE)
            c_val = keys.index(VALUE_KEY)
        except ValueError:
            return None, None
        unit_v = year_v = None
        for row in sheet.rows[kr[0] + 1 :]:
            if len(row) <= max(c_code, c_val):
                continue
            code = str(row[c_code] or "").strip()
            if code == UNIT_ROW_CODE:
                unit_v = row[c_val]
            elif code == YEAR_ROW_CODE:
                year_v = row[c_val]
        return unit_v, year_v
    return None, None


def match_unit(text: str, units: list[Unit]) -> Unit | None:
    """A unit named in ``text``: its code as a token, else the longest name/short name/alias
    contained in it (case- and diacritics-insensitive)."""
    text = nfc(text)
    if not text.strip():
        return None
    m = _CODE_IN_TEXT.search(text)
    by_code = {u.code: u for u in units}
    if m and m.group(1).upper() in by_code:
        return by_code[m.group(1).upper()]
    tokens = re.split(r"[^0-9A-Za-z]+", text)
    for t in tokens:
        if t.upper() in by_code and (t.isupper() or any(c.isdigit() for c in t)):
            return by_code[t.upper()]
    hay = f" {fold(text)} "
    best: tuple[int, Unit] | None = None
    for u in units:
        for name in (u.name, u.short_name, *u.aliases):
            key = fold(name)
            if key and f" {key} " in hay and (best is None or len(key) > best[0]):
                best = (len(key), u)
    return best[1] if best else None


FORM_VERSIONS = VersionCache()  # current form versions, once per catalog, year and unit
_BY_CODE: list = [None, {}]  # (catalog, code → unit) of the last catalog seen: not rebuilt per file


def _units_by_code(cat) -> dict[str, Unit]:
    if _BY_CODE[0] is not cat:
        _BY_CODE[0], _BY_CODE[1] = cat, {u.code: u for u in cat.units}
    return _BY_CODE[1]


def identify(raw: RawWorkbook, name: str, loaded: LoadedCatalog, year: int | None, file: str) -> Identity:
    """Identify one workbook. ``name`` is the file name (for the last fallback), ``year`` the year
    being checked (None: take the file's), ``file`` the relative path findings carry."""
    cat = loaded.catalog
    ident = Identity()
    meta = read_meta(raw)
    by_code = _units_by_code(cat)
    if meta.get("unit_code") or meta.get("plan_id"):
        ident.identified_by = "meta"
        ident.plan_id = meta.get("plan_id") or None
        ident.template_version = meta.get("template_version") or None
        ident.unit_code = (meta.get("unit_code") or "").strip().upper() or None
        ident.year = _int_year(meta.get("year", ""))
        if ident.plan_id and ident.plan_id != cat.plan.id:
            ident.findings.append(finding("PLAN-OTHER", plan=ident.plan_id, expected=cat.plan.id, file=file))
            return ident
        if ident.unit_code:
            ident.unit = by_code.get(ident.unit_code)
        form_year = ident.year or year
        if ident.template_version and ident.unit is not None and form_year is not None:
            # a form's version is its content (the unit's items, fields, rules), not the whole catalog's
            current = FORM_VERSIONS.version(cat, loaded.sha256, form_year, ident.unit)
            if ident.template_version != current:
                ident.findings.append(
                    finding(
                        "TEMPLATE-OLD",
                        detail=f"phiên bản {ident.template_version}, hiện hành {current}",
                        file=file,
                        sheet=META_SHEET,
                        value=ident.template_version,
                    )
                )
    elif any(key_row(s) for s in raw.sheets):  # a form of ours (section marks) that lost its _meta
        _guess(raw, name, loaded, year, file, ident)
        if ident.unit is None and ident.unit_code is None:
            ident.findings.append(finding("ID-UNIDENTIFIED", file=file))
            return ident
    else:
        ident.findings.append(finding("ID-UNIDENTIFIED", file=file))
        return ident
    if ident.unit is None:
        if ident.unit_code:
            ident.findings.append(finding("UNIT-UNKNOWN", unit=ident.unit_code, file=file))
        else:
            ident.findings.append(finding("ID-UNIDENTIFIED", file=file))
        return ident
    if ident.year is None:
        ident.year = year
    if ident.year is None:
        ident.findings.append(finding("ID-UNIDENTIFIED", file=file))
        return ident
    if year is not None and ident.year != year:
        ident.findings.append(finding("YEAR-MISMATCH", found=ident.year, year=year, file=file))
    check_year = year if year is not None else ident.year
    view = CatalogView.of(cat, check_year)
    if not ident.unit.active_on(view.reference_date):
        ident.findings.append(finding("UNIT-INACTIVE", name=ident.unit.name, year=check_year, file=file))
    if ident.identified_by != "meta":
        ident.findings.append(
            finding(
                "ID-GUESSED",
                unit=ident.unit.name,
                year=ident.year,
                source={"cells": "sheet Thông tin chung", "filename": "tên tệp"}[ident.identified_by],
                file=file,
            )
        )
    return ident


def _guess(
    raw: RawWorkbook, name: str, loaded: LoadedCatalog, year: int | None, file: str, ident: Identity
) -> None:
    cat = loaded.catalog
    unit_v, year_v = info_cells(raw)
    base = nfc(name.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
    y_cells = _int_year(year_v)
    y_name = _int_year(base)
    ident.year = y_cells or y_name
    # Prefer units active in the year at hand; then any unit of the registry.
    guess_year = year or ident.year
    pools: list[list[Unit]] = []
    if guess_year:
        pools.append(CatalogView.of(cat, guess_year).active_units)
    pools.append(list(cat.units))
    for pool in pools:
        u = match_unit(str(unit_v or ""), pool)
        if u is not None:
            ident.unit, ident.unit_code, ident.identified_by = u, u.code, "cells"
            break
        stem = base.rsplit(".", 1)[0].replace("_", " ").replace("-", " ")
        u = match_unit(stem, pool)
        if u is not None:
            ident.unit, ident.unit_code, ident.identified_by = u, u.code, "filename"
            break
    if ident.unit is not None:
        ident.plan_id = cat.plan.id


def reconcile_added_items(
    findings: list[Finding], ident: Identity, loaded: LoadedCatalog, view: CatalogView
) -> list[Finding]:
    """A form issued before items were assigned to the unit lacks their rows (or their sheet): when the
    form is exactly the current one without those items (its version says so), that is not the unit's
    fault – an ITEM-ADDED-LATER note for the Sở replaces ROW-MISSING / SHEET-MISSING and TEMPLATE-OLD."""
    old = next((f for f in findings if f.code == "TEMPLATE-OLD"), None)
    unit = ident.unit
    if old is None or unit is None or ident.year != view.year:
        return findings
    by_title = {view.sections_by_key[a.section].title: a.section for a in view.assignments(unit.code)}
    missing: dict[str, Finding] = {}
    for f in findings:
        if f.code == "ROW-MISSING" and f.item:
            missing.setdefault(split_code(f.item)[0], f)
        elif f.code == "SHEET-MISSING" and f.sheet in by_title:
            for a in view.assignments(unit.code, by_title[f.sheet]):
                missing.setdefault(a.code, f)
    without = frozenset(c for c in missing if c in view.items_by_code)
    if (
        not without
        or FORM_VERSIONS.version(loaded.catalog, loaded.sha256, view.year, unit, without) != old.value
    ):
        return findings
    explained = {id(f) for c, f in missing.items() if c in without}
    kept = [f for f in findings if f is not old and id(f) not in explained]
    for code in sorted(without):
        item = view.items_by_code[code]
        kind = {"targets": "Chỉ tiêu", "documents": "Văn bản", "programmes": "Chương trình"}.get(
            view.section_of(item).layout.value, "Mục"
        )
        kept.append(finding("ITEM-ADDED-LATER", kind=kind, item=code, name=item.name, file=old.file,
                            sheet=view.section_of(item).title))  # fmt: skip
    return kept
