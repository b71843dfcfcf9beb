"""Sheet writers: turn one unit's catalog view into :class:`SheetModel` s (docs/FORM-LAYOUT.md).

Each function returns the plan of one sheet; nothing here touches xlsxwriter, so the layout can
be tested and reused (pre-filled values and marks are applied by (code, field key) afterwards).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.catalog.labels import ROLE_LABEL
from pipeline.catalog.load import LoadedCatalog
from pipeline.catalog.model import (
    FieldSpec,
    FieldType,
    Measure,
    Section,
    SectionLayout,
    Target,
    Unit,
    UnitKind,
)
from pipeline.catalog.query import Assignment, CatalogView, Role
from pipeline.templates import layout as L
from pipeline.templates.model import Formula, InputSpec, PartPair, SheetModel
from pipeline.templates.phrases import form_phrases
from pipeline.templates.previous import JUDGED_FIELD, NO_DATA, NOT_COMPARABLE, PreviousYear
from pipeline.vn import ngay, so_vn
from pipeline.wording import Phrases

KEY_ROW, TITLE_ROW, UNIT_ROW, NOTE_ROW, HEADER_ROW, FIRST_DATA_ROW = 0, 1, 2, 3, 4, 5

DIRECTION_SIGN = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
REFERENCE_NOTE = "số liệu chỉ để tham khảo"
FREE_NAME_LABEL = {
    SectionLayout.documents: "Văn bản khác của cơ quan, đơn vị (nếu có)",
    SectionLayout.free_rows: "Mỗi cuộc kiểm tra một dòng (nếu có)",
}
FREE_NAME_INPUT = {
    SectionLayout.documents: "Tên loại và trích yếu văn bản",
    SectionLayout.free_rows: "Tên cuộc kiểm tra",
}
TARGET_VALUE_FIELDS = ("thuc_hien", "uoc_ca_nam")
VALUE_HEADER = "Số liệu, thông tin"
LOCAL_WORDS = {UnitKind.district: "các huyện, thành phố", UnitKind.commune: "các xã, phường"}
PREVIOUS_TYPES = {"count", "amount", "decimal", "ratio_part", "choice"}  # shown beside their input


@dataclass
class Context:
    loaded: LoadedCatalog
    view: CatalogView
    unit: Unit
    year: int
    previous: PreviousYear | None = None  # last year's run: its figures go beside the inputs
    phrases: Phrases = field(default_factory=form_phrases)  # the wording the Sở edits

    @property
    def plan(self):
        return self.loaded.catalog.plan

    @property
    def period_text(self) -> str:
        return f"từ ngày {ngay(self.view.period_start)} đến ngày {ngay(self.view.period_end)}"

    @property
    def unit_line(self) -> str:
        v = self.view
        return self.phrases(
            "dong_don_vi",
            don_vi=self.unit.name,
            nam=self.year,
            tu_ngay=ngay(v.period_start),
            den_ngay=ngay(v.period_end),
        )

    @property
    def previous_header(self) -> str:
        return self.phrases("cot_nam_truoc", nam_truoc=self.year - 1)

    def short_name(self, code: str) -> str:
        return self.view.unit(code).short_name

    def fields_of(self, section: Section) -> list[FieldSpec]:
        return [f for f in section.fields if not f.kinds or self.unit.kind in f.kinds]

    def label(self, f: FieldSpec) -> str:
        """A field's label as the form shows it: a figure of the reporting period with no date of its
        own (``in_period``) is asked "… trong kỳ báo cáo (15/12/2024 – 14/12/2025)" (phrase file)."""
        if not f.in_period:
            return f.label
        v = self.view
        return self.phrases(
            "nhan_trong_ky", nhan=f.label, tu_ngay=ngay(v.period_start), den_ngay=ngay(v.period_end)
        )

    def input(self, f: FieldSpec) -> InputSpec:
        return InputSpec.of(f, label=self.label(f))


# --------------------------------------------------------------------------- helpers


def _head(m: SheetModel, ctx: Context, section: Section, cols: list[tuple[str, str, float]]) -> None:
    """Key row, title, unit line, note and headers; ``cols`` = (key, header, width)."""
    for c, (key, header, width) in enumerate(cols):
        m.put(KEY_ROW, c, f"{L.SECTION_MARK}{section.key}" if c == 0 else key, "key")
        m.put(HEADER_ROW, c, header, "header")
        m.widths[c] = width
    m.put(TITLE_ROW, 0, f"{section.title.upper()} – NĂM {ctx.year}", "title")
    m.put(UNIT_ROW, 0, ctx.unit_line, "subtitle")
    if section.note:
        m.put(NOTE_ROW, 0, f"Ghi chú: {section.note}", "subtitle")
    m.header_row = HEADER_ROW
    m.freeze = (FIRST_DATA_ROW, 3)
    m.hidden_cols.add(_col(cols, L.COL_CODE))  # row codes are for intake, never shown


def _col(cols: list[tuple[str, str, float]], key: str) -> int:
    return [k for k, _, _ in cols].index(key)


def _width(f: FieldSpec) -> float:
    return {"text": 32, "date": 14, "choice": 20}.get(f.type.value, 16)


def _plan_text(view: CatalogView, t: Target) -> str:
    yt = view.target_for_year(t)
    sign = DIRECTION_SIGN[t.direction.value]
    if yt.value is None:
        if yt.end_year is not None and yt.end_year in t.end_values:  # not due yet: show where it heads
            return f"{sign} {so_vn(t.end_values[yt.end_year], 2, trim=True)} (mục tiêu năm {yt.end_year})"
        return ""
    value = so_vn(yt.value, 2, trim=True)
    if yt.due:
        return f"{sign} {value}"
    return f"{sign} {value} (lộ trình đến năm {yt.end_year})"


def _value_type(t: Target) -> str:
    return {
        Measure.count: "count",
        Measure.amount: "amount",
        Measure.survey: "decimal",
        Measure.ratio: "ratio_part",
    }[t.measure]


# --------------------------------------------------------------------------- fields sections


def fields_sheet(ctx: Context, section: Section) -> SheetModel:
    m = SheetModel(name=section.title, key=section.key)
    cols = [
        (L.COL_STT, "STT", 5),
        (L.COL_CODE, "Mã", 18),
        (L.COL_NAME, "Nội dung", 52),
        (L.COL_UOM, "Đơn vị tính", 12),
        (L.VALUE_KEY, VALUE_HEADER, 40),
    ]
    fields = ctx.fields_of(section)
    show_previous = ctx.previous is not None and any(f.type.value in PREVIOUS_TYPES for f in fields)
    if show_previous:
        cols.append((L.COL_PREVIOUS, ctx.previous_header, 19))
    _head(m, ctx, section, cols)
    m.freeze = (FIRST_DATA_ROW, 0)
    vcol = _col(cols, L.VALUE_KEY)
    r = FIRST_DATA_ROW
    stt = 0

    def row(code: str, name: str, uom: str) -> None:
        nonlocal stt
        stt += 1
        m.put(r, 0, stt, "center")
        m.put(r, 1, code, "code")
        m.put(r, 2, name, "text")
        m.put(r, 3, uom, "center")
        for c in range(4):
            m.index[(code, cols[c][0])] = (r, c)
        m.index[(code, L.VALUE_KEY)] = (r, vcol)

    if section.key == L.INFO_SHEET_KEY:
        row(L.UNIT_ROW_CODE, "Cơ quan, đơn vị báo cáo", "")
        m.put(r, vcol, ctx.unit.name, "text")
        r += 1
        row(L.YEAR_ROW_CODE, "Năm báo cáo", "")
        m.put(r, vcol, ctx.year, "plan")
        r += 1
    for f in fields:
        row(f.key, ctx.label(f) + (" (*)" if f.required else ""), f.unit_of_measure)
        m.put(r, vcol, None, input=ctx.input(f), required=f.required)
        if show_previous:
            if f.type.value in PREVIOUS_TYPES:
                _previous_cell(
                    ctx, m, r, len(cols) - 1, ctx.previous.value(ctx.view, ctx.unit.code, "", "", f.key)
                )
            else:
                m.put(r, len(cols) - 1, "", "na")
        if f.type == FieldType.text and section.key not in (L.INFO_SHEET_KEY,):
            m.row_heights[r] = 48
        r += 1
    if any(f.required for f in fields):
        m.put(r + 1, 2, "(*) bắt buộc điền.", "subtitle")
    return m


def _previous_cell(ctx: Context, m: SheetModel, r: int, c: int, value, pct: bool = False) -> None:
    """Last year's figure (locked, beside the input) or why there is none."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        style = "previous_pct" if pct else "previous" if float(value).is_integer() else "previous_dec"
        m.put(r, c, value, style)
        return
    why = {NOT_COMPARABLE: "nam_truoc.khong_so_sanh", NO_DATA: "nam_truoc.chua_co"}.get(value)
    m.put(r, c, ctx.phrases(why) if why else value, "previous_text")


# --------------------------------------------------------------------------- item sections


def items_sheet(ctx: Context, section: Section) -> SheetModel:
    m = SheetModel(name=section.title, key=section.key, landscape=True)
    fields = ctx.fields_of(section)
    is_targets = section.layout == SectionLayout.targets
    cols: list[tuple[str, str, float]] = [
        (L.COL_STT, "STT", 5),
        (L.COL_CODE, "Mã", 9),
        (L.COL_NAME, "Nội dung", 48),
    ]
    if is_targets:
        cols += [(L.COL_UOM, "Đơn vị tính", 9), (L.COL_PLAN, f"Kế hoạch năm {ctx.year}", 14)]
    if section.layout != SectionLayout.free_rows:
        cols.append((L.COL_ROLE, "Vai trò", 18))
    if is_targets and ctx.previous is not None:
        cols.append((L.COL_PREVIOUS, ctx.previous_header, 19))
    cols += [(f.key, ctx.label(f), _width(f)) for f in fields]
    _head(m, ctx, section, cols)
    ncols = len(cols)
    fcol = {f.key: _col(cols, f.key) for f in fields}
    r = FIRST_DATA_ROW
    stt = 0
    group = None

    def base(code: str, name: str, name_style: str = "text", numbered: bool = True) -> None:
        nonlocal stt
        if numbered:
            stt += 1
        m.put(r, 0, stt if numbered else "", "center")
        m.put(r, 1, code, "code")
        m.put(r, 2, name, name_style)
        for c in range(ncols):
            m.index[(code, cols[c][0])] = (r, c)

    assignments = ctx.view.assignments(ctx.unit.code, section.key)
    for a in assignments:
        item = a.item
        reference = a.role == Role.co or (isinstance(item, Target) and not a.supplies_figure)
        role_text = _role_text(ctx, a, is_targets)
        role_style = "role_ref" if reference else "center"
        if isinstance(item, Target) and item.group != group:
            group = item.group
            m.put(r, 2, group, "group")
            for c in range(ncols):
                if c != 2:
                    m.put(r, c, "", "group")
            r += 1
        if isinstance(item, Target):
            r = _target_rows(m, ctx, a, fields, cols, fcol, r, role_text, role_style, reference, base)
            m.items += 1
            continue
        base(item.code, item.name)
        if L.COL_ROLE in [k for k, _, _ in cols]:
            m.put(r, _col(cols, L.COL_ROLE), role_text, role_style)
        for f in fields:
            m.put(r, fcol[f.key], None, input=ctx.input(f), required=f.required and not reference)
        m.items += 1
        r += 1

    if section.layout == SectionLayout.documents:
        r = _waiver_rows(m, ctx, cols, r)
    if section.free_rows:
        m.put(r, 2, section.free_row_label or FREE_NAME_LABEL.get(section.layout, "Khác (nếu có)"), "group")
        for c in range(ncols):
            if c != 2:
                m.put(r, c, "", "group")
        r += 1
        for n in range(1, section.free_rows + 1):
            code = f"{section.free_row_prefix}{n:02d}"
            base(code, None)
            label = section.free_row_name or FREE_NAME_INPUT.get(section.layout, "Nội dung")
            m.put(r, 2, None, input=InputSpec(type="text", label=label))
            m.index[(code, L.FREE_NAME_KEY)] = (r, 2)
            if L.COL_ROLE in [k for k, _, _ in cols]:
                m.put(r, _col(cols, L.COL_ROLE), "Của đơn vị", "center")
            for f in fields:
                m.put(r, fcol[f.key], None, input=ctx.input(f))
            r += 1
    return m


def _role_text(ctx: Context, a: Assignment, is_targets: bool) -> str:
    """Chủ trì / Phối hợp / Thực hiện tại địa phương, what the figure is for, and whose duty it was."""
    text = ROLE_LABEL[a.role]
    item = a.item
    if a.role == Role.co:
        text += f" ({REFERENCE_NOTE})" if is_targets else " (không bắt buộc)"
    elif isinstance(item, Target) and not a.supplies_figure:
        # the lead of a target summed over local units: its own figure is not added in, and it is
        # the lead – never told its figure is "for reference only"
        words = [LOCAL_WORDS[k] for k in item.figure_source.sum_local if ctx.view.units_of_kinds([k])]
        if words:
            text += " " + ctx.phrases("vai_tro.chu_tri_tong_dia_phuong", dia_phuong=" và ".join(words))
    news = [h for h in a.handovers if h.since > ctx.view.previous_reference_date]
    if news:
        names = ", ".join(dict.fromkeys(ctx.short_name(h.predecessor) for h in news))
        since = ngay(min(h.since for h in news))
        text += "\n" + ctx.phrases("vai_tro.nhiem_vu_cua", don_vi_truoc=names, ngay=since)
    return text.strip()


def _waiver_rows(m: SheetModel, ctx: Context, cols, r: int) -> int:
    """Documents the unit is not asked for (due before it began), and what it gives instead."""
    waivers = ctx.view.waivers(ctx.unit.code)
    if not waivers:
        return r
    m.put(r, 2, ctx.phrases("van_ban.khong_yeu_cau_tieu_de", ngay=ngay(waivers[0].since)), "group")
    for c in range(len(cols)):
        if c != 2:
            m.put(r, c, "", "group")
    r += 1
    for w in waivers:
        due = f"năm {w.due.year}" if (w.due.month, w.due.day) == (12, 31) else f"ngày {ngay(w.due)}"
        why = [ctx.phrases("van_ban.khong_yeu_cau", han=due), w.item.instead_for_new_units]
        text = "\n".join([w.item.name, " ".join(x for x in why if x)]).strip()
        for c in range(len(cols)):
            m.put(r, c, "", "na")
        m.put(r, 2, text, "subtext")
        if L.COL_ROLE in [k for k, _, _ in cols]:
            m.put(r, _col(cols, L.COL_ROLE), "Không yêu cầu", "role_ref")
        r += 1
    return r


def _target_rows(m, ctx, a: Assignment, fields, cols, fcol, r, role_text, role_style, reference, base) -> int:
    t: Target = a.item  # type: ignore[assignment]
    ncols = len(cols)
    ucol, pcol, rcol = _col(cols, L.COL_UOM), _col(cols, L.COL_PLAN), _col(cols, L.COL_ROLE)
    value_fields = [f for f in fields if f.key in TARGET_VALUE_FIELDS]
    other_fields = [f for f in fields if f.key not in TARGET_VALUE_FIELDS]
    required = a.supplies_figure and a.role != Role.co
    base(t.code, t.name)
    m.put(r, ucol, t.unit_of_measure, "center")
    m.put(r, pcol, _plan_text(ctx.view, t), "plan")
    m.put(r, rcol, role_text, role_style)
    prev = ctx.previous
    vcol = _col(cols, L.COL_PREVIOUS) if prev is not None else None
    if vcol is not None:
        view, unit = ctx.view, ctx.unit.code
        if t.measure == Measure.ratio:
            _previous_cell(ctx, m, r, vcol, prev.ratio(view, unit, t.code), pct=True)
            _previous_cell(ctx, m, r + 1, vcol, prev.value(view, unit, t.code, "tu_so", JUDGED_FIELD))
            _previous_cell(ctx, m, r + 2, vcol, prev.value(view, unit, t.code, "mau_so", JUDGED_FIELD))
        else:
            _previous_cell(ctx, m, r, vcol, prev.value(view, unit, t.code, "", JUDGED_FIELD))
    for f in other_fields:
        m.put(r, fcol[f.key], None, input=ctx.input(f))
    if t.measure != Measure.ratio:
        vtype = _value_type(t)
        for f in value_fields:
            spec = InputSpec.of(f, type=vtype, label=f"{f.label} ({t.unit_of_measure})")
            if t.unit_of_measure == "%":
                spec.max = 100
            m.put(r, fcol[f.key], None, input=spec, required=required)
        return r + 1
    main = r
    part, whole = r + 1, r + 2
    for row, suffix, label in ((part, ".1", t.numerator_label), (whole, ".2", t.denominator_label)):
        code = t.code + suffix
        for c in range(ncols):
            if c != vcol:
                m.put(row, c, "", "na")
        m.put(row, 0, "", "center")
        m.put(row, 1, code, "code")
        m.put(row, 2, f"– {label}", "subtext")
        m.put(row, ucol, "người", "center")
        for c in range(ncols):
            m.index[(code, cols[c][0])] = (row, c)
        for f in value_fields:
            spec = InputSpec.of(f, type="ratio_part", label=f"{label} – {f.label} (người)")
            m.put(row, fcol[f.key], None, input=spec, required=required)
    from pipeline.intake.addresses import a1 as ref

    for f in value_fields:
        c = fcol[f.key]
        p, w = ref(part, c), ref(whole, c)
        formula = Formula(f'=IF(AND(ISNUMBER({p}),ISNUMBER({w}),{w}>0),{p}/{w}*100,"")')
        m.put(main, c, formula, "pct")
        m.pairs.append(PartPair((part, c), (whole, c), (main, c)))
    return whole + 1


# --------------------------------------------------------------------------- lists & meta


def choice_lists(ctx: Context, sections: list[Section]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in sections:
        for f in ctx.fields_of(s):
            if f.type == FieldType.choice and f.choices:
                out[f"ds_{f.key}"] = list(f.choices)
    return out


def section_sheet(ctx: Context, section: Section) -> SheetModel:
    if section.layout == SectionLayout.fields:
        return fields_sheet(ctx, section)
    return items_sheet(ctx, section)
