"""``ptn plan new``: the next plan's catalog, started from the one that ends.

* the unit registry as of the end of the old period (units ended by then left out, the others kept
  without their past start dates; duties of merged units already resolved per item);
* targets not met in the last year reported – or still heading for a year inside the new period –
  carried as suggestions: the last value becomes the baseline, the values to reach are left to fill;
* documents not yet issued (or issued every year) and programmes «Đang triển khai» carried for review;
* number, date and signers left blank; every carried item says in ``review`` why it is there;
* a form section of the old plan's last year only (the commendation proposals) moves to the new one's.

The evidence is the yearly run manifests ``outputs/<Y>/run-<Y>.json`` (read leniently: any field
missing means «no data»). ``ptn plan check`` then lists exactly what must be filled or reviewed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.model import Catalog, FigureSource, Item, Section, UnitKind
from pipeline.catalog.query import CatalogView, UnresolvedUnit
from pipeline.vn import so_vn

NOT_MET = {"chua_dat", "cham_lo_trinh"}
MET = {"vuot", "dat", "dung_lo_trinh"}
VERDICT_WORDS = {"vuot": "vượt", "dat": "đạt", "chua_dat": "chưa đạt", "dung_lo_trinh": "đúng lộ trình",
                 "cham_lo_trinh": "chậm so với lộ trình", "chua_den_han": "chưa đến hạn đánh giá",
                 "chua_co_chi_tieu": "chưa có chỉ tiêu năm", "chua_co_so_lieu": "chưa có số liệu"}  # fmt: skip
DOC_NOT_ISSUED = {"Đang xây dựng", "Chưa ban hành"}
PROGRAMME_RUNNING = {"Đang triển khai"}


@dataclass
class Evidence:
    """What the last run manifests of the old plan say."""

    manifests: list[Path] = field(default_factory=list)
    targets: dict[str, dict] = field(default_factory=dict)  # code → {year, value, target, verdict}
    doc_status: dict[str, list[tuple[str, str, int]]] = field(
        default_factory=dict
    )  # code → (unit, status, year)
    prog_status: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)


@dataclass
class NewPlan:
    catalog: Catalog
    evidence: Evidence
    carried: list[tuple[str, str]] = field(default_factory=list)  # (code, why)
    left: list[tuple[str, str]] = field(default_factory=list)  # (code, why not carried)
    units_left: list[str] = field(default_factory=list)  # unit codes not in the new registry


def read_evidence(old: Catalog, outputs: Path) -> Evidence:
    ev = Evidence()
    for year in sorted(old.plan.years, reverse=True):
        path = Path(outputs) / str(year) / f"run-{year}.json"
        try:
            m = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(m, dict) or (m.get("plan") or {}).get("id") not in (None, old.plan.id):
            continue
        ev.manifests.append(path)
        for p in m.get("province") or []:
            code = p.get("item")
            prev = ev.targets.get(code)
            if prev is None:
                ev.targets[code] = {"year": year, "value": p.get("value"), "target": p.get("target"),
                                    "verdict": p.get("verdict")}  # fmt: skip
            elif prev.get("value") is None and p.get("value") is not None:  # the last year with a figure
                prev.update(value_year=year, value=p.get("value"))
        first = len(ev.manifests) == 1  # statuses: the latest year only
        if first:
            for d in m.get("documents") or []:
                ev.doc_status.setdefault(d.get("item"), []).append(
                    (d.get("unit"), d.get("status") or "", year)
                )
            for d in m.get("programmes") or []:
                if d.get("role") in (None, "lead"):
                    ev.prog_status.setdefault(d.get("item"), []).append(
                        (d.get("unit"), d.get("status") or "", year)
                    )
    return ev


def _resolve(view: CatalogView, codes: list[str], item: Item, keep: set[str]) -> list[str]:
    """Who holds ``codes``' duties on ``item`` on the new period's first day (merged units followed)."""
    on = dt.date(view.catalog.plan.period_end + 1, 1, 1)
    out = []
    for c in codes:
        try:
            r = view.resolve(c, item, on=on)
        except UnresolvedUnit:
            continue
        if r in keep and r not in out:
            out.append(r)
    return out


def _base(
    item: Item, view: CatalogView, keep: set[str], kinds: set[UnitKind], old_id: str, review: str
) -> dict:
    d = item.model_dump()
    lead = _resolve(view, [item.lead], item, keep) if item.lead else []
    d.update(
        lead=lead[0] if lead else None,
        each_unit_of_kinds=[k for k in item.each_unit_of_kinds if k in kinds],
        successors=[],
        years=[],
        source_status="inferred",
        note=f"Chuyển từ kế hoạch {old_id}." + (f" {item.note}" if item.note else ""),
        review=review,
    )
    d["co_agencies"] = [c for c in _resolve(view, item.co_agencies, item, keep) if c != d["lead"]]
    return d


def _value(v: Any, uom: str) -> str:
    if v is None:
        return "chưa có số liệu"
    return f"{so_vn(v, 2, trim=True)}{'%' if uom == '%' else ' ' + uom}"


def _section(s: Section, old_end: int, start: int, end: int) -> dict | None:
    """A form section for the new plan: a section of the old plan's last year only (the commendation
    proposals for its review) moves to the new plan's last year; other years outside the new period
    are dropped, and a section left with none is not carried."""
    d = s.model_dump()
    if s.years:
        years = sorted({end if y == old_end else y for y in s.years if y == old_end or start <= y <= end})
        if not years:
            return None
        d["years"] = years
    return d


def new_plan(old: LoadedCatalog, new_id: str, start: int, end: int, outputs: Path) -> NewPlan:
    c = old.catalog
    ev = read_evidence(c, outputs)
    end_day = dt.date(c.plan.period_end, 12, 31)
    view = CatalogView.of(c, c.plan.period_end)
    units, left_units = [], []
    for u in c.units:
        if u.valid_to and u.valid_to <= end_day:
            left_units.append(u.code)
            continue
        d = u.model_dump()
        if u.valid_from and u.valid_from <= end_day:
            d["valid_from"] = None
        units.append(d)
    keep = {u["code"] for u in units}
    for u in units:
        if u.get("merged_into") and u["merged_into"] not in keep:
            u["merged_into"] = None
        u["predecessors"] = [
            p for p in u.get("predecessors", []) if p in keep
        ]  # the former districts are gone
    kinds = {u["kind"] for u in units}
    horizon = max(c.plan.horizon, end)
    out = NewPlan(catalog=c, evidence=ev, units_left=left_units)
    fill = f"Điền kế hoạch các năm {start}–{end}, hoặc xóa chỉ tiêu nếu kế hoạch mới không giao."
    targets = []
    for t in c.targets:
        info = ev.targets.get(t.code)
        ahead = {y: v for y, v in t.end_values.items() if start <= y <= horizon}
        last = ""
        if info:
            verdict = VERDICT_WORDS.get(info.get("verdict"), "chưa đánh giá")
            figure = (
                "" if info.get("value") is None else f", thực hiện {_value(info['value'], t.unit_of_measure)}"
            )
            plan_value = (
                ""
                if info.get("target") is None
                else f" (kế hoạch {_value(info['target'], t.unit_of_measure)})"
            )
            last = f"Năm {info['year']}: {verdict}{figure}{plan_value}."
        verdict = (info or {}).get("verdict")
        if verdict in MET and not ahead:
            out.left.append((t.code, f"đã {VERDICT_WORDS[verdict]} năm {info['year']}: không chuyển sang."))
            continue
        if ahead:
            why = f"Mục tiêu đến năm {max(ahead)} vẫn trong giai đoạn mới. {last}".strip()
        elif verdict in NOT_MET:
            why = f"Chưa đạt. {last}"
        elif info:
            why = f"Chưa đánh giá được. {last}"
        else:
            why = "Chưa có số liệu đánh giá của kế hoạch trước."
        d = _base(t, view, keep, kinds, c.plan.id, f"{why} {fill}")
        d.update(yearly_values={}, end_values=ahead, baseline=None, baseline_year=None)
        if info and info.get("value") is not None:
            d.update(baseline=info["value"], baseline_year=info.get("value_year", info["year"]))
        fs = t.figure_source
        d["figure_source"] = FigureSource(
            lead=fs.lead, sum_local=[k for k in fs.sum_local if k in kinds]
        ).model_dump()
        targets.append(d)
        out.carried.append((t.code, why))
    documents = []
    for doc in c.documents:
        statuses = ev.doc_status.get(doc.code, [])
        pending = [(u, s, y) for u, s, y in statuses if s in DOC_NOT_ISSUED]
        if pending:
            why = (
                f"Năm {pending[0][2]} chưa ban hành xong ("
                + ", ".join(f"{u}: {s}" for u, s, _ in pending)
                + ")."
            )
        elif doc.yearly:
            why = "Văn bản ban hành hằng năm trong kế hoạch trước."
        else:
            out.left.append((doc.code, "đã ban hành hoặc hết thời hạn: không chuyển sang."))
            continue
        d = _base(doc, view, keep, kinds, c.plan.id, f"{why} Giữ (sửa nếu cần) hoặc xóa mục.")
        if d["deadline_year"] is not None and d["deadline_year"] < start:
            d["deadline_year"] = None
        documents.append(d)
        out.carried.append((doc.code, why))
    programmes = []
    for prog in c.programmes:
        running = [(u, s, y) for u, s, y in ev.prog_status.get(prog.code, []) if s in PROGRAMME_RUNNING]
        if not running:
            seen = (
                ", ".join(sorted({s for _, s, _ in ev.prog_status.get(prog.code, []) if s}))
                or "chưa có số liệu"
            )
            out.left.append((prog.code, f"không «Đang triển khai» ({seen}): không chuyển sang."))
            continue
        why = f"Năm {running[0][2]} đang triển khai (" + ", ".join(u for u, _, _ in running) + ")."
        d = _base(prog, view, keep, kinds, c.plan.id,
                  f"{why} Tiếp tục trong giai đoạn mới? Sửa thời gian thực hiện, sản phẩm, hoặc xóa mục.")  # fmt: skip
        d["period"] = ""
        programmes.append(d)
        out.carried.append((prog.code, why))
    plan = c.plan.model_dump()
    old_period = f"{c.plan.period_start}-{c.plan.period_end}"
    plan.update(
        id=new_id,
        title=c.plan.title.replace(old_period, f"{start}-{end}"),
        number="",
        date=None,
        period_start=start,
        period_end=end,
        horizon=horizon,
    )
    for v in plan["report_variants"]:
        v["signer"]["name"] = ""
    letters = plan["letters"]
    letters["basis"] = {}  # documents cited in the old plan's years
    for key in ("request", "cooperation", "reminder", "correction", "submission"):
        if letters[key]["signer"] is not None:
            letters[key]["signer"]["name"] = ""
    # declared unit lists still in force (the communes): kept, now in the YAML itself
    new_start = dt.date(start, 1, 1)
    unit_lists = [
        {**ul.model_dump(), "file": ""} for ul in c.unit_lists if not ul.valid_to or ul.valid_to >= new_start
    ]
    data = {
        "schema_version": c.schema_version,
        "plan": plan,
        "units": units,
        "sections": [d for s in c.sections if (d := _section(s, c.plan.period_end, start, end)) is not None],
        "documents": documents,
        "targets": targets,
        "programmes": programmes,
        "rules": [r.model_dump() for r in c.rules],
        "unit_files": [],
        "unit_lists": unit_lists,
    }
    out.catalog = Catalog.model_validate(data)
    return out
