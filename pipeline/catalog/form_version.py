"""A unit's form is versioned by what it contains, not by the whole catalog.

:func:`form_parts` lists the parts of one unit's form for one year – its sheets, the fields it
asks, the appendix items assigned to it (as shown: name, role, plan value of the year …) and the
rules drawn on it – and :func:`form_version` hashes them. Editing the signer, an e-mail address or
another unit's item leaves a form's version unchanged, so forms already sent stay current.

``ptn templates`` records the parts of every form it issues (:func:`record_issue`,
``<forms folder>/phien-ban-bieu-mau.json``); ``ptn plan check`` and ``ptn plan import`` compare a
catalog with that record (:func:`form_changes`) to say whose forms an edit changes and whether they
must be sent again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.catalog.expressions import ExpressionError, field_keys
from pipeline.catalog.model import Catalog, Document, Programme, SectionLayout, Target, Unit
from pipeline.catalog.query import CatalogView
from pipeline.templates.layout import LAYOUT_VERSION

ISSUE_RECORD = "phien-ban-bieu-mau.json"
# item fields that are about the catalog's administration, not what the unit's form shows or asks
NOT_ON_FORM = frozenset({"note", "source_status", "co_agencies", "successors", "lead", "each_unit_of_kinds",
                         "years", "review", "yearly_values", "end_values", "baseline", "baseline_year"})  # fmt: skip


def _digest(obj: Any, n: int = 12) -> str:
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def _rule_applies(rule, unit: Unit, scalar: set[str], rows: dict[str, set[str]]) -> bool:
    """Whether ``rule`` is checked on ``unit``'s form: its keys are fields of the form (``scalar``:
    fields of ``fields`` sheets; ``rows``: the columns of each item sheet)."""
    if rule.kinds and unit.kind not in rule.kinds:
        return False
    try:
        keys = set(field_keys(rule.left)) | set(field_keys(rule.right))
    except ExpressionError:
        return False
    if rule.section:
        return rule.section in rows and keys <= rows[rule.section]
    return keys <= scalar


ITEM_ONLY_LAYOUTS = (SectionLayout.targets, SectionLayout.programmes)  # sheets only when items are assigned


def _memo(view: CatalogView) -> dict:
    """Digests of catalog parts, computed once per view (many units share the same fields and rules)."""
    return view.__dict__.setdefault("_form_part_digests", {})


def _part(memo: dict, key: tuple, make) -> str:
    if key not in memo:
        memo[key] = _digest(make(), 10)
    return memo[key]


def form_parts(view: CatalogView, unit: Unit, without: frozenset[str] = frozenset()) -> dict[str, str]:
    """Part name → digest of its content, for ``unit``'s form in ``view.year``: ``section:<key>``,
    ``field:<section>.<key>``, ``item:<code>``, ``rule:<code>``. ``without``: the form as it was before
    these items were assigned (a sheet that only held them goes too)."""
    memo = _memo(view)
    parts: dict[str, str] = {}
    scalar: set[str] = set()
    rows: dict[str, set[str]] = {}
    assignments = [a for a in view.assignments(unit.code) if a.code not in without]
    holding = {a.section for a in assignments}
    for s in view.sections_for(unit):
        if s.layout in ITEM_ONLY_LAYOUTS and s.key not in holding:
            continue
        fields = [f for f in s.fields if not f.kinds or unit.kind in f.kinds]
        parts[f"section:{s.key}"] = _part(
            memo, ("s", s.key), lambda s=s: s.model_dump(mode="json", exclude={"fields", "kinds"})
        )
        for f in fields:
            parts[f"field:{s.key}.{f.key}"] = _part(
                memo, ("f", s.key, f.key), lambda f=f: f.model_dump(mode="json", exclude={"kinds"})
            )
        if s.layout == SectionLayout.fields:
            scalar |= {f.key for f in fields}
        else:
            rows[s.key] = {f.key for f in fields}
    for a in assignments:
        key = ("i", a.code, a.section, a.role.value, a.supplies_figure)
        parts[f"item:{a.code}"] = _part(memo, key, lambda a=a: _item_content(view, a))
    for rule in view.catalog.rules:
        if _rule_applies(rule, unit, scalar, rows):
            parts[f"rule:{rule.code}"] = _part(
                memo, ("r", rule.code), lambda r=rule: r.model_dump(mode="json", exclude={"kinds"})
            )
    return parts


def _item_content(view: CatalogView, a) -> dict[str, Any]:
    """An item as the unit's form shows and asks it: not the catalog's administration of it."""
    item = a.item
    content = item.model_dump(mode="json", exclude=set(NOT_ON_FORM))
    content.update(section=a.section, role=a.role.value, supplies_figure=a.supplies_figure)
    if isinstance(item, Target):
        yt = view.target_for_year(item)
        content["plan"] = [yt.value, yt.due, yt.reference, yt.end_year, item.end_values.get(yt.end_year or 0)]
    return content


def version_of(plan_id: str, year: int, parts: dict[str, Any], layout: int = LAYOUT_VERSION) -> str:
    return f"{layout}-{_digest({'plan': plan_id, 'year': year, 'parts': parts})}"


def form_version(view: CatalogView, unit: Unit, layout: int = LAYOUT_VERSION) -> str:
    """``"<layout>-<12 hex>"``: the version written into the unit's form (``_meta``)."""
    return version_of(view.catalog.plan.id, view.year, form_parts(view, unit), layout)


class VersionCache:
    """Form versions of a catalog by (year, unit), computed once per catalog and year (intake)."""

    def __init__(self) -> None:
        self._key: tuple[int, str] | None = None
        self._views: dict[int, CatalogView] = {}
        self._versions: dict[tuple[int, str, frozenset[str]], str] = {}

    def view(self, catalog: Catalog, sha: str, year: int) -> CatalogView:
        if self._key != (id(catalog), sha):
            self._key, self._views, self._versions = (id(catalog), sha), {}, {}
        if year not in self._views:
            self._views[year] = CatalogView.of(catalog, year)
        return self._views[year]

    def version(
        self, catalog: Catalog, sha: str, year: int, unit: Unit, without: frozenset[str] = frozenset()
    ) -> str:
        """The unit's current form version; ``without``: as if these items had not been added yet."""
        view = self.view(catalog, sha, year)
        # a form's parts follow from the unit's kind and what it is assigned (form_parts): units of
        # one shape share a version, worked out once
        shape = tuple(
            (a.code, a.section, a.role.value, a.supplies_figure)
            for a in view.assignments(unit.code)
            if a.code not in without
        )
        key = (year, unit.kind, shape, without)
        if key not in self._versions:
            self._versions[key] = version_of(catalog.plan.id, year, form_parts(view, unit, without))
        return self._versions[key]


# --------------------------------------------------------------------------- the issue record


def record_path(forms_dir: Path) -> Path:
    return Path(forms_dir) / ISSUE_RECORD


def record_issue(catalog: Catalog, year: int, units: list[Unit], forms_dir: Path,
                 issued_at: dt.datetime | None = None) -> Path:  # fmt: skip
    """Add (or replace) the units' entries in the forms folder's issue record; written atomically."""
    from pipeline.writers.atomic import write_text_atomic

    path = record_path(forms_dir)
    old = read_record(path)
    if old is None or old.get("plan_id") != catalog.plan.id or old.get("year") != year:
        old = {"plan_id": catalog.plan.id, "year": year, "units": {}}
    issued_at = issued_at or dt.datetime.now().astimezone().replace(microsecond=0)
    view = CatalogView.of(catalog, year)
    for u in units:
        old["units"][u.code] = {
            "name": u.name,
            "version": form_version(view, u),
            "issued_at": issued_at.isoformat(),
            "parts": form_parts(view, u),
        }
    old["units"] = dict(sorted(old["units"].items()))
    write_text_atomic(path, json.dumps(old, ensure_ascii=False, indent=1) + "\n")
    return path


def read_record(path: Path) -> dict | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("units"), dict) else None


def latest_record(outputs: Path, plan_id: str) -> tuple[Path, dict] | None:
    """The issue record of the latest year under ``outputs/<Y>/mau/`` for this plan."""
    found = []
    for p in Path(outputs).glob(f"*/mau/{ISSUE_RECORD}"):
        data = read_record(p)
        if data and data.get("plan_id") == plan_id and isinstance(data.get("year"), int):
            found.append((data["year"], p, data))
    if not found:
        return None
    _, p, data = max(found, key=lambda x: x[0])
    return p, data


# --------------------------------------------------------------------------- comparing


@dataclass
class UnitFormChange:
    code: str
    name: str
    added: list[str] = field(default_factory=list)  # part names
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    new_unit: bool = False  # no form was issued to it
    gone: bool = False  # issued a form, no longer reports this year

    @property
    def must_resend(self) -> bool:
        """The unit is asked something its form does not have: a new item, sheet or field, or a
        field whose type or list changed."""
        asks = ("item:", "field:", "section:")
        return (
            self.new_unit
            or any(p.startswith(asks) for p in self.added)
            or any(p.startswith("field:") for p in self.changed)
        )


@dataclass
class FormChanges:
    year: int
    record: Path
    changes: list[UnitFormChange]
    unchanged: int


def form_changes(catalog: Catalog, record: dict, record_file: Path) -> FormChanges:
    year = int(record["year"])
    view = CatalogView.of(catalog, year)
    issued: dict[str, dict] = record.get("units", {})
    out: list[UnitFormChange] = []
    unchanged = 0
    current = {u.code: u for u in view.active_units}
    for code, u in current.items():
        before = issued.get(code)
        if before is None:
            out.append(UnitFormChange(code, u.name, new_unit=True))
            continue
        now = form_parts(view, u)
        old = before.get("parts", {})
        if form_version(view, u) == before.get("version") and now == old:
            unchanged += 1
            continue
        ch = UnitFormChange(code, u.name)
        ch.added = sorted(set(now) - set(old))
        ch.removed = sorted(set(old) - set(now))
        ch.changed = sorted(k for k in set(now) & set(old) if now[k] != old[k])
        if ch.added or ch.removed or ch.changed:
            out.append(ch)
        else:
            unchanged += 1
    for code, before in issued.items():
        if code not in current:
            out.append(UnitFormChange(code, before.get("name", code), gone=True))
    return FormChanges(year, record_file, out, unchanged)


def describe_part(part: str, catalog: Catalog) -> str:
    """A part name in words: ``item:CT21`` → ``chỉ tiêu CT21``."""
    kind, _, key = part.partition(":")
    if kind == "item":
        items = {i.code: i for i in [*catalog.documents, *catalog.targets, *catalog.programmes]}
        word = {Document: "văn bản", Target: "chỉ tiêu", Programme: "chương trình"}.get(
            type(items.get(key)), "mục"
        )
        return f"{word} {key}"
    if kind == "field":
        section, _, fkey = key.partition(".")
        for s in catalog.sections:
            for f in s.fields:
                if s.key == section and f.key == fkey:
                    return f"trường «{f.label}» (sheet {s.title})"
        return f"trường {fkey}"
    if kind == "section":
        title = next((s.title for s in catalog.sections if s.key == key), key)
        return f"sheet «{title}»"
    return f"quy tắc {key}"
