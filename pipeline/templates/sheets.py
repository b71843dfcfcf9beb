"""Sheet writers: turn one unit's catalog view into :class:`SheetModel` s (docs/FORM-LAYOUT.md).

Each function returns the plan of one sheet; nothing here touches xlsxwriter, so the layout can
be tested and reused (pre-filled values and marks are applied by (code, field key) afterwards).
"""

from __future__ import annotations

from dataclasses import dataclass

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
)
from pipeline.catalog.query import Assignment, CatalogView, Role
from pipeline.templates import layout as L
from pipeline.templates.model import Formula, InputSpec, PartPair, SheetModel
from pipeline.vn import fold, ngay, so_vn

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


@dataclass
class Context:
    loaded: LoadedCatalog
    view: CatalogView
    unit: Unit
    year: int

    @property
    def plan(self):
        return self.loaded.catalog.plan

    @property
    def unit_line(self) -> str:
        return f"Cơ quan, đơn vị: {self.unit.name} (mã: {self.unit.code})   –   Năm báo cáo: {self.year}"

    def fields_of(self, section: Section) -> list[FieldSpec]:
        return [f for f in section.fields if not f.kinds or self.unit.kind in f.kinds]


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
    return f"{sign} {value} (tham khảo, lộ trình đến năm {yt.end_year})"


def _value_type(t: Target) -> str:
    return {
        Measure.count: "count",
        Measure.amount: "amount",
        Measure.survey: "decimal",
        Measure.ratio: "ratio_part",
    }[t.measure]


# --------------------------------------------------------------------------- guide


def guide_sheet(ctx: Context, sections: list[Section], rule_lines: list[str]) -> SheetModel:
    m = SheetModel(name=L.GUIDE_SHEET, key="", key_row=False)
    m.widths = {0: 4, 1: 24, 2: 86}
    plan = ctx.plan
    deadline = plan.deadline
    last_day = deadline.last_on_time_day(ctx.year)
    variant = plan.report_variants[0] if plan.report_variants else None
    receiver = variant.issuer_name if variant else "Sở Nội vụ"
    emails: list[str] = []
    for u in ctx.view.catalog.units:
        if variant and fold(u.name) == fold(variant.issuer_name):
            emails = u.emails
    r = 0

    def line(text: str, style: str = "guide", col: int = 2, height: float | None = None) -> None:
        nonlocal r
        m.put(r, col, text, style)
        if height:
            m.row_heights[r] = height
        r += 1

    line(f"HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO NĂM {ctx.year}", "title")
    line(f"Kết quả thực hiện {plan.title} ({plan.number} ngày {ngay(plan.date)})", "subtitle")
    line(ctx.unit_line, "subtitle")
    r += 1
    line("1. Cách điền", "guide_h")
    steps = [
        "Chỉ nhập vào các ô nền vàng nhạt; các ô khác đã được khóa để biểu mẫu không bị thay đổi.",
        "Điền lần lượt từng sheet theo thứ tự. Đặt con trỏ vào ô để xem hướng dẫn; "
        "Excel sẽ từ chối giá trị không hợp lệ (ví dụ chữ trong ô số, số âm, ngày sai).",
        "Nhập số như bình thường, không gõ dấu chấm phân cách hàng nghìn bằng tay, không gõ ký hiệu %. "
        "Ngày nhập theo dạng ngày/tháng/năm, ví dụ 05/11/" + str(ctx.year) + ".",
        "Với chỉ tiêu tỷ lệ (%), chỉ nhập hai con số: số người đạt và tổng số người thuộc đối tượng; "
        "tỷ lệ % được tính tự động.",
        'Dòng có vai trò "Phối hợp" hoặc ghi "' + REFERENCE_NOTE + '" không bắt buộc: số liệu '
        "(nếu có) chỉ để tham khảo, không cộng vào số liệu của tỉnh; nên ghi kết quả phối hợp ở cột Ghi chú.",
        "Ô để trống nghĩa là chưa có số liệu (không phải bằng 0): nếu kết quả là 0, hãy nhập 0.",
        "Các dòng trống có mã (VBK01, KT01, …) dành cho văn bản, hoạt động khác của đơn vị: "
        "ghi tên ở cột Nội dung rồi điền các cột còn lại.",
    ]
    for s in steps:
        line("• " + s, height=32 if len(s) > 95 else None)
    r += 1
    line("2. Không được thay đổi", "guide_h")
    for s in [
        "Không đổi tên, xóa hoặc thêm sheet; không chèn, xóa dòng, cột; không sửa cột Mã.",
        "Không sao chép, dán dữ liệu từ tệp khác vào biểu mẫu (dán sẽ bỏ qua kiểm tra nhập liệu); "
        "nếu phải dán, dùng Dán giá trị (Paste Values).",
        "Không đặt mật khẩu cho tệp. Có thể lưu lại dưới dạng .xlsx, .xls hoặc .ods.",
    ]:
        line("• " + s, height=32 if len(s) > 95 else None)
    r += 1
    line("3. Màu trên biểu mẫu", "guide_h")
    for style, text in [
        ("legend_input", "Ô nhập liệu"),
        ("legend_required", "Ô bắt buộc nhưng còn trống"),
        ("legend_error", "Số liệu mâu thuẫn (lỗi, cần sửa)"),
        ("legend_warning", "Số liệu bất thường (cần kiểm tra lại)"),
        ("legend_na", "Không áp dụng"),
        ("legend_mark", "Ô Sở Nội vụ đề nghị bổ sung, hoàn thiện (xem ghi chú trong ô)"),
    ]:
        m.put(r, 1, "", style)
        line(text)
    r += 1
    line("4. Các sheet cần điền", "guide_h")
    for s in sections:
        line("• " + s.title)
    if rule_lines:
        r += 1
        line("5. Kiểm tra tự động khi nhập", "guide_h")
        for s in rule_lines:
            line("• " + s)
    r += 1
    line("Thời hạn và nơi gửi", "guide_h")
    line(
        f"Gửi tệp đã điền về {receiver} chậm nhất ngày {ngay(last_day)} "
        f"(Kế hoạch {plan.number}: trước ngày {deadline.day:02d}/{deadline.month:02d} hằng năm)."
        + (f" Thư điện tử: {'; '.join(emails)}." if emails else ""),
        height=32,
    )
    line("Gửi kèm bản chụp (PDF) báo cáo đã ký nếu có; tên tệp giữ nguyên như khi nhận.")
    m.widths = {0: 2, 1: 6, 2: 104}
    return m


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
        m.put(r, vcol, f"{ctx.unit.name} (mã: {ctx.unit.code})", "text")
        r += 1
        row(L.YEAR_ROW_CODE, "Năm báo cáo", "")
        m.put(r, vcol, ctx.year, "plan")
        r += 1
    for f in ctx.fields_of(section):
        row(f.key, f.label + (" (*)" if f.required else ""), f.unit_of_measure)
        m.put(r, vcol, None, input=InputSpec.of(f), required=f.required)
        if f.type == FieldType.text and section.key not in (L.INFO_SHEET_KEY,):
            m.row_heights[r] = 48
        r += 1
    m.put(r + 1, 2, "(*) bắt buộc điền.", "subtitle")
    return m


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
        cols.append((L.COL_ROLE, "Vai trò", 14))
    cols += [(f.key, f.label, _width(f)) for f in fields]
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
        role_text = ROLE_LABEL[a.role]
        if reference:
            role_text += f" ({REFERENCE_NOTE})" if is_targets else " (không bắt buộc)"
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
            m.put(r, fcol[f.key], None, input=InputSpec.of(f), required=f.required and not reference)
        m.items += 1
        r += 1

    if section.free_rows:
        m.put(r, 2, FREE_NAME_LABEL.get(section.layout, "Khác (nếu có)"), "group")
        for c in range(ncols):
            if c != 2:
                m.put(r, c, "", "group")
        r += 1
        for n in range(1, section.free_rows + 1):
            code = f"{section.free_row_prefix}{n:02d}"
            base(code, None)
            label = FREE_NAME_INPUT.get(section.layout, "Nội dung")
            m.put(r, 2, None, input=InputSpec(type="text", label=label))
            m.index[(code, L.FREE_NAME_KEY)] = (r, 2)
            if L.COL_ROLE in [k for k, _, _ in cols]:
                m.put(r, _col(cols, L.COL_ROLE), "Của đơn vị", "center")
            for f in fields:
                m.put(r, fcol[f.key], None, input=InputSpec.of(f))
            r += 1
    return m


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
    for f in other_fields:
        m.put(r, fcol[f.key], None, input=InputSpec.of(f))
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
    from xlsxwriter.utility import xl_rowcol_to_cell as ref

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
