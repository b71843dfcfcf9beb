"""Kết quả thực hiện các mục tiêu, chỉ tiêu: counts that equal Phụ lục I, each due target with its
plan, last year and 2025 value; missing data said as missing, with who owes it; partial coverage and
bases that should agree but do not, said once each."""

from __future__ import annotations

from collections import defaultdict

from pipeline.manifest import VERDICT_LABEL, ProvinceTarget
from pipeline.report.facts import Facts
from pipeline.report.sections.situation import TOTAL, unit_values
from pipeline.report.writing import Block, join, so, value, value_uom

PHRASES = {
    "muc_tieu.tong": "nam so_chi_tieu ket_qua",
    "muc_tieu.so_den_han": "so chi_tiet",
    "muc_tieu.dg.vuot": "so",
    "muc_tieu.dg.dat": "so",
    "muc_tieu.dg.chua_dat": "so",
    "muc_tieu.so_lo_trinh": "so_dung so_cham",
    "muc_tieu.so_chua_den_han": "so nam_muc_tieu",
    "muc_tieu.so_chua_co_chi_tieu": "so",
    "muc_tieu.so_chua_co_so_lieu": "so",
    "muc_tieu.cot.uoc_ca_nam": "",
    "muc_tieu.cot.thuc_hien": "",
    "muc_tieu.den_han": "ten cot gia_tri thuc_hien danh_gia nam ke_hoach so_sanh nam_cuoi",
    "muc_tieu.den_han_thuc_hien": "gia_tri",
    "muc_tieu.nam_cuoi": "nam gia_tri",
    "muc_tieu.lo_trinh": "ten cot gia_tri danh_gia lo_trinh muc_tieu nam_muc_tieu",
    "muc_tieu.chua_den_han": "so nam_muc_tieu so_sanh",
    "muc_tieu.chua_den_han_so_sanh": "nam_truoc so_tang so_giam",
    "muc_tieu.chua_den_han_tang_het": "nam_truoc so",
    "muc_tieu.xa_muc_tieu": "vi_du",
    "muc_tieu.chua_den_han_vd": "ten gia_tri muc_tieu nam",
    "muc_tieu.chua_co_chi_tieu": "ten cot gia_tri so_sanh",
    "muc_tieu.thieu_mo": "so",
    "muc_tieu.thieu": "ten ly_do",
    "muc_tieu.thieu_chua_ro": "ten",
    "muc_tieu.thieu_ubnd": "so danh_sach",
    "muc_tieu.mot_phan": "ten pham_vi ly_do",
    "muc_tieu.mot_phan_ubnd": "ten pham_vi",
    "muc_tieu.ly_do.chua_gui": "don_vi",
    "muc_tieu.ly_do.de_trong": "don_vi",
    "muc_tieu.ly_do.loi": "don_vi",
    "muc_tieu.co_so": "ten mau_so nguon so_thanh_nien nguon_tong",
    "muc_tieu.chua_giao": "",
    "muc_tieu.lo_trinh_ke_hoach": "gia_tri muc_tieu nam",
    "muc_tieu.huong.ge": "",
    "muc_tieu.huong.gt": "",
    "muc_tieu.huong.le": "",
    "muc_tieu.huong.lt": "",
}

DUE = ("vuot", "dat", "chua_dat")
DIRECTION_KEY = {">=": "ge", ">": "gt", "<=": "le", "<": "lt"}
SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
BASE_TOLERANCE = 0.01  # bases differing by more than 1 % are said to differ


def by_verdict(f: Facts) -> dict[str, list[ProvinceTarget]]:
    g: dict[str, list[ProvinceTarget]] = defaultdict(list)
    for t in f.m.province:
        g[t.verdict].append(t)
    return g


def goal(f: Facts, t: ProvinceTarget, x: float | None = None, year: int | None = None) -> str:
    """``trên 70%`` – a value with the direction said in words (the Sở's words)."""
    x = t.goal if x is None else x
    word = f.say(f"muc_tieu.huong.{DIRECTION_KEY.get(t.direction, 'ge')}")
    return f"{word} {value_uom(x, t.unit_of_measure)}".strip()


def plan_cell(f: Facts, t: ProvinceTarget) -> str:
    """The "Kế hoạch năm Y" cell: never blank – the year's value, the reference path, or the value
    the target heads for (``> 70% (năm 2030)``), or "Chưa giao chỉ tiêu"."""
    sym = SYMBOL.get(t.direction, "")
    sym = f"{sym} " if sym in (">", "<") else ""
    if t.target is not None and not t.reference:
        return f"{sym}{value_uom(t.target, t.unit_of_measure)}"
    if t.reference and t.target is not None and t.goal is not None:
        return f.say(
            "muc_tieu.lo_trinh_ke_hoach",
            gia_tri=value_uom(t.target, t.unit_of_measure),
            muc_tieu=f"{SYMBOL.get(t.direction, '')} {value_uom(t.goal, t.unit_of_measure)}".strip(),
            nam=t.target_end_year,
        )
    if t.goal is not None and t.target_end_year:
        return f"{SYMBOL.get(t.direction, '')} {value_uom(t.goal, t.unit_of_measure)} (năm {t.target_end_year})".strip()
    return f.say("muc_tieu.chua_giao")


def owed_by(f: Facts, t: ProvinceTarget) -> list[str]:
    """Why figures are missing, unit by unit: not sent, left empty, or excluded for an error."""
    groups: dict[str, list[str]] = defaultdict(list)
    for u in t.missing_sources:
        groups["chua_gui" if u not in f.accepted else "de_trong"].append(u)
    for u in t.excluded:
        groups["loi"].append(u)
    out = []
    for reason in ("chua_gui", "de_trong", "loi"):
        if groups.get(reason):
            out.append(
                f.say(
                    f"muc_tieu.ly_do.{reason}", don_vi=f.short_list(f.names(groups[reason]), groups[reason])
                )
            )
    return out


def verdict_cell(f: Facts, t: ProvinceTarget) -> str:
    """The "Đánh giá" cell; a target without figures names who owes them (Sở Nội vụ variant)."""
    label = VERDICT_LABEL.get(t.verdict, t.verdict)
    if t.verdict == "chua_co_so_lieu" and f.details:
        reasons = owed_by(f, t)
        if reasons:
            return f"{label} ({'; '.join(reasons)})"
    return label


def _cot(f: Facts) -> str:
    return f.say(f"muc_tieu.cot.{f.c.plan.judge_on}")


def _compare(f: Facts, t: ProvinceTarget) -> str:
    if t.unit_of_measure.strip() == "%":
        return f.compare_points(t.value, t.previous_value, value(t.previous_value, "%"))
    return f.compare(t.value, t.previous_value)


def write(f: Facts, b: Block) -> None:
    targets = f.m.province
    if not targets:
        b.p(f.say("chung.chua_co_so_lieu"))
        return
    g = by_verdict(f)
    due = [t for k in DUE for t in g.get(k, [])]
    clauses = []
    if due:
        detail = ", ".join(f.say(f"muc_tieu.dg.{k}", so=len(g[k])) for k in DUE if g.get(k))
        clauses.append(f.say("muc_tieu.so_den_han", so=len(due), chi_tiet=detail))
    if g.get("dung_lo_trinh") or g.get("cham_lo_trinh"):
        clauses.append(
            f.say(
                "muc_tieu.so_lo_trinh",
                so_dung=len(g.get("dung_lo_trinh", [])),
                so_cham=len(g.get("cham_lo_trinh", [])),
            )
        )
    not_due = g.get("chua_den_han", [])
    for year, ts in _by_end_year(not_due):
        clauses.append(f.say("muc_tieu.so_chua_den_han", so=len(ts), nam_muc_tieu=year))
    if g.get("chua_co_chi_tieu"):
        clauses.append(f.say("muc_tieu.so_chua_co_chi_tieu", so=len(g["chua_co_chi_tieu"])))
    if g.get("chua_co_so_lieu"):
        clauses.append(f.say("muc_tieu.so_chua_co_so_lieu", so=len(g["chua_co_so_lieu"])))
    b.p(f.say("muc_tieu.tong", nam=f.y, so_chi_tieu=len(targets), ket_qua="; ".join(clauses)))

    for t in due:
        b.p(_due_line(f, t))
    for t in g.get("cham_lo_trinh", []) + g.get("dung_lo_trinh", []):
        b.p(
            f.say(
                "muc_tieu.lo_trinh",
                ten=t.name,
                cot=_cot(f),
                gia_tri=value_uom(t.value, t.unit_of_measure),
                danh_gia=VERDICT_LABEL[t.verdict].lower(),
                lo_trinh=value_uom(t.target, t.unit_of_measure),
                muc_tieu=goal(f, t),
                nam_muc_tieu=t.target_end_year,
            )
        )
    for year, ts in _by_end_year(not_due):
        for line in _not_due(f, ts, year):
            b.p(line)
    for t in g.get("chua_co_chi_tieu", []):
        cmp = _compare(f, t)
        b.p(
            f.say(
                "muc_tieu.chua_co_chi_tieu",
                ten=t.name,
                cot=_cot(f),
                gia_tri=value_uom(t.value, t.unit_of_measure),
                so_sanh=f" ({cmp})" if cmp else "",
            )
        )
    missing = g.get("chua_co_so_lieu", [])
    if missing and f.details:
        b.p(f.say("muc_tieu.thieu_mo", so=len(missing)))
        for t in missing:
            why = owed_by(f, t)
            if why:
                b.p(f.say("muc_tieu.thieu", ten=t.name, ly_do="; ".join(why)))
            else:  # no unit owes it (none is asked for this figure): no empty brackets
                b.p(f.say("muc_tieu.thieu_chua_ro", ten=t.name))
    elif missing:
        b.p(f.say("muc_tieu.thieu_ubnd", so=len(missing), danh_sach="; ".join(t.name for t in missing)))
    for t in targets:
        if t.value is not None and (t.missing_sources or t.excluded) and len(t.suppliers) > 1:
            scope = f.scope(t.sources, t.suppliers)
            if f.details:
                b.p(f.say("muc_tieu.mot_phan", ten=t.name, pham_vi=scope, ly_do="; ".join(owed_by(f, t))))
            else:
                b.p(f.say("muc_tieu.mot_phan_ubnd", ten=t.name, pham_vi=scope))
    for line in base_notes(f):
        b.p(line)


def _by_end_year(ts: list[ProvinceTarget]) -> list[tuple[int, list[ProvinceTarget]]]:
    out: dict[int, list[ProvinceTarget]] = defaultdict(list)
    for t in ts:
        out[t.target_end_year or 0].append(t)
    return sorted(out.items())


def _due_line(f: Facts, t: ProvinceTarget) -> str:
    uom = t.unit_of_measure
    actual = ""
    if f.c.plan.judge_on == "uoc_ca_nam" and t.actual is not None and t.actual != t.value:
        actual = " " + f.say("muc_tieu.den_han_thuc_hien", gia_tri=value_uom(t.actual, uom))
    cmp = _compare(f, t)
    end = ""
    if t.plan_end_value is not None and t.plan_end_year and t.plan_end_year != f.y:
        end = f.say("muc_tieu.nam_cuoi", nam=t.plan_end_year, gia_tri=goal(f, t, t.plan_end_value))
    return f.say(
        "muc_tieu.den_han",
        ten=t.name,
        cot=_cot(f),
        gia_tri=value_uom(t.value, uom),
        thuc_hien=actual,
        danh_gia=VERDICT_LABEL[t.verdict].lower(),
        nam=f.y,
        ke_hoach=plan_cell(f, t),
        so_sanh=f"; {cmp}" if cmp else "",
        nam_cuoi=f"; {end}" if end else "",
    )


def _not_due(f: Facts, ts: list[ProvinceTarget], year: int) -> list[str]:
    up = sum(1 for t in ts if t.change is not None and t.change > 0)
    down = sum(1 for t in ts if t.change is not None and t.change < 0)
    cmp = ""
    if f.prev_y is not None and up and not down and up == len(ts):
        cmp = f.say("muc_tieu.chua_den_han_tang_het", nam_truoc=f.prev_y, so=up)
    elif f.prev_y is not None and (up or down):
        cmp = f.say("muc_tieu.chua_den_han_so_sanh", nam_truoc=f.prev_y, so_tang=up, so_giam=down)

    def distance(t: ProvinceTarget) -> float:
        if t.value is None or not t.goal:
            return 0.0
        return t.value / t.goal if t.direction in (">=", ">") else t.goal / max(t.value, 1e-9)

    far = sorted((t for t in ts if t.value is not None and t.goal), key=distance)[:2]
    examples = [
        f.say(
            "muc_tieu.chua_den_han_vd",
            ten=t.name,
            gia_tri=value_uom(t.value, t.unit_of_measure),
            muc_tieu=goal(f, t),
            nam=t.target_end_year,
        )
        for t in far
        if distance(t) < 1
    ]
    out = [f.say("muc_tieu.chua_den_han", so=len(ts), nam_muc_tieu=year, so_sanh=f", {cmp}" if cmp else "")]
    if examples:
        out.append(f.say("muc_tieu.xa_muc_tieu", vi_du="; ".join(examples)))
    return out


def base_notes(f: Facts) -> list[str]:
    """Ratios whose whole is declared the same concept as a field (e.g. the youth total) but whose
    whole differs from that field's total over the same units: said, once each."""
    out = []
    per_unit = unit_values(f, TOTAL)
    for t in f.m.province:
        if t.base_concept != TOTAL or t.denominator is None:
            continue
        if t.figure_source == "sum_local":
            units = [u for u in t.sources if u in per_unit]
            if not units:
                continue
            total = sum(per_unit[u] for u in units)
            source_total = f.scope(units, t.sources)
            source = f.scope(t.sources, t.suppliers)
        else:
            total = f.total(TOTAL)
            if not total:
                continue
            source_total = f.scope_of(TOTAL)
            source = join(f.names(t.sources))
        if abs(t.denominator - total) <= BASE_TOLERANCE * total:
            continue
        out.append(
            f.say(
                "muc_tieu.co_so",
                ten=t.name,
                mau_so=so(t.denominator),
                nguon=source,
                so_thanh_nien=so(total),
                nguon_tong=source_total,
            )
        )
    return out
