"""The Vietnamese words of the catalog workbook: a header (and an input hint) for every model field,
a label for every value of every closed list. Declarations only; :mod:`.mapping` derives the
columns from the pydantic models and looks their words up here.

A field added to :mod:`pipeline.catalog.model` is carried by the workbook at once (the columns come
from the model), and ``tests/test_catalog_workbook.py`` fails until its header is written here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.catalog.labels import KIND_LABEL, OBLIGATION_LABEL
from pipeline.catalog.model import (
    Direction,
    FieldType,
    Importance,
    Measure,
    MissingValueStrategy,
    Obligation,
    SectionLayout,
    SourceStatus,
    UnitKind,
)


@dataclass(frozen=True)
class Words:
    header: str  # the column header (or row label on a record sheet)
    hint: str = ""  # Excel's input message: what to type
    width: float = 18
    group: str = ""  # the title when the field is a group of rows (default: the header)
    note: str = ""  # a group's note, under its title
    item: str = ""  # a list shown one record a column: the caption of record {n}

    @property
    def title(self) -> str:
        return self.group or self.header


W = Words

# "Model.field" → words. Inherited fields are looked up along the model's MRO (Target.name → Item.name).
FIELD_WORDS: dict[str, Words] = {
    # ------------------------------------------------------------------ the catalog's parts (sheets)
    "Catalog.plan": W("Kế hoạch"),
    "Catalog.units": W("Đơn vị báo cáo"),
    "Catalog.sections": W("Biểu mẫu: các phần"),
    "Catalog.documents": W("Phụ lục I – văn bản"),
    "Catalog.targets": W("Phụ lục II – mục tiêu, chỉ tiêu"),
    "Catalog.programmes": W("Phụ lục III – chương trình, đề án, dự án"),
    "Catalog.rules": W("Quy tắc kiểm tra"),
    "Catalog.unit_lists": W("Số đơn vị theo văn bản"),
    # ------------------------------------------------------------------ plan
    "Plan.id": W("Mã kế hoạch", "Mã cố định, ghi vào mọi biểu mẫu. Không đổi sau khi đã gửi biểu mẫu."),
    "Plan.title": W("Tên kế hoạch", "Tên đầy đủ, dùng trong báo cáo."),
    "Plan.number": W("Số, ký hiệu kế hoạch", "Ví dụ: 253/KH-UBND."),
    "Plan.date": W("Ngày ban hành kế hoạch", "Ngày/tháng/năm, ví dụ 31/12/2021."),
    "Plan.issuer": W("Cơ quan ban hành kế hoạch"),
    "Plan.period_start": W("Giai đoạn: từ năm"),
    "Plan.period_end": W("Giai đoạn: đến năm"),
    "Plan.horizon": W("Năm xa nhất của mục tiêu", "Giá trị «mục tiêu đến năm» không vượt quá năm này."),
    "Plan.outlier_threshold_pct": W(
        "Ngưỡng thay đổi so với năm trước (%)", "Số liệu thay đổi quá ngưỡng này so với năm trước → Cảnh báo."
    ),
    "Plan.judge_on": W("Đánh giá chỉ tiêu theo cột"),
    "Plan.legal_basis": W("Căn cứ ban hành kế hoạch"),
    "Plan.report_variants": W("Báo cáo năm và người ký", item="Báo cáo {n}"),
    "Plan.deadline": W("Hạn báo cáo"),
    "Plan.reporting_period": W("Kỳ số liệu"),
    "Plan.contact": W("Người liên hệ của Sở Nội vụ"),
    "Plan.followup_days": W(
        "Số ngày cho đơn vị gửi bổ sung",
        "Hạn mới trong công văn đôn đốc, đề nghị bổ sung: bao nhiêu ngày sau ngày gửi công văn (1–60).",
    ),
    "Plan.plausibility": W(
        "Giới hạn hợp lý của số liệu",
        note="Số liệu vượt giới hạn là Lỗi tại ô và không được cộng vào tổng. «Giá trị lớn nhất» riêng của một "
        "trường (sheet Biểu mẫu - Các trường) được dùng trước các giới hạn chung này.",
    ),
    "Plausibility.population": W("Dân số toàn tỉnh (người)", "Không số người nào trên biểu mẫu được vượt số này."),
    "Plausibility.visits_factor": W(
        "Hệ số số lượt so với dân số", "Số «lượt người» (một người tính nhiều lần) tối đa = dân số × hệ số này."
    ),
    "Plausibility.max_events": W(
        "Số cuộc, buổi, lớp, tin bài … tối đa", "Của một đơn vị trong một năm (một ô trên biểu mẫu)."
    ),
    "Plausibility.max_amount": W("Số tiền tối đa trong một ô (triệu đồng)", "1.000.000 triệu đồng = 1.000 tỷ đồng."),
    "Plausibility.source_status": W("Giới hạn: nguồn"),
    "Plausibility.note": W("Giới hạn: ghi chú"),
    "Plan.letters": W("Công văn, tờ trình"),
    # ------------------------------------------------------------------ letters (sheet Công văn, tờ trình)
    "Letters.issuer_code": W(
        "Viết tắt tên cơ quan ban hành",
        "Trong số, ký hiệu: công văn 12/SNV-XDCQ, tờ trình 12/TTr-SNV → SNV. Chữ in hoa hoặc số, không dấu cách.",
    ),
    "Letters.drafting_unit_code": W(
        "Viết tắt tên đơn vị soạn thảo", "Phần sau dấu «-» trong ký hiệu công văn: 12/SNV-XDCQ → XDCQ."
    ),
    "Letters.records_code": W(
        "Lưu (ký hiệu đơn vị soạn thảo)",
        "Cho dòng «- Lưu: VT, …» cuối Nơi nhận; để trống: như báo cáo của Sở Nội vụ.",
    ),
    "Letters.name_addressees_up_to": W(
        "Ghi tên từng đơn vị nhận khi gửi không quá (đơn vị)",
        "Gửi nhiều đơn vị hơn số này thì dòng Kính gửi ghi tên nhóm đơn vị (bảng «Kính gửi» bên dưới).",
    ),
    "Letters.addressee_groups": W(
        "Tên nhóm đơn vị ở dòng Kính gửi",
        "Tên nhóm ghi ở dòng Kính gửi, ví dụ «Các sở, ban, ngành tỉnh».",
        group="Kính gửi khi gửi nhiều đơn vị",
        note="Công văn gửi nhiều đơn vị hơn số ghi tên ở trên: dòng Kính gửi ghi tên nhóm của từng loại đơn vị nhận.",
    ),
    "Letters.basis": W(
        "Căn cứ thêm năm {year}",
        "Văn bản căn cứ thêm của công văn đề nghị báo cáo và tờ trình năm {year}, ví dụ công văn của Bộ Nội vụ; "
        "mỗi văn bản một dòng (Alt+Enter). Để trống nếu không có.",
        group="Văn bản căn cứ thêm từng năm",
        note="Văn bản căn cứ thêm của công văn đề nghị báo cáo và tờ trình từng năm (sau Kế hoạch), ví dụ công văn "
        "của Bộ Nội vụ.",
    ),
    "Letters.request": W("Đề nghị báo cáo"),
    "Letters.cooperation": W("Đề nghị phối hợp"),
    "Letters.reminder": W("Đôn đốc"),
    "Letters.correction": W("Đề nghị bổ sung"),
    "Letters.submission": W("Tờ trình"),
    "LetterSpec.signer": W("Người ký"),
    "LetterSpec.recipients": W(
        "Nơi nhận (sau «- Như trên;»)",
        "Mỗi nơi một dòng (Alt+Enter), không ghi «- » và «;»; ptn tự ghi dòng «- Như trên;».",
    ),
    "SubmissionSpec.addressees": W("Kính gửi", "Nơi nhận tờ trình; mỗi nơi một dòng (Alt+Enter)."),
    "Deadline.month": W("Hạn báo cáo: tháng"),
    "Deadline.day": W("Hạn báo cáo: ngày"),
    "Deadline.inclusive": W(
        "Nhận đúng ngày hạn vẫn là đúng hạn",
        "Không: «trước ngày 15/11» – nhận ngày 15/11 là chậm. Có: nhận hết ngày 15/11 vẫn đúng hạn.",
    ),
    "Deadline.timezone": W("Múi giờ", "Asia/Ho_Chi_Minh"),
    "Deadline.source_status": W("Hạn báo cáo: nguồn"),
    "Deadline.note": W("Hạn báo cáo: ghi chú"),
    "ReportingPeriod.start_month": W("Kỳ số liệu: tháng bắt đầu"),
    "ReportingPeriod.start_day": W("Kỳ số liệu: ngày bắt đầu"),
    "ReportingPeriod.start_in_previous_year": W(
        "Kỳ số liệu bắt đầu từ năm trước", "Có: từ 15/12 năm trước (Nghị định 09/2019/NĐ-CP)."
    ),
    "ReportingPeriod.end_month": W("Kỳ số liệu: tháng kết thúc"),
    "ReportingPeriod.end_day": W("Kỳ số liệu: ngày kết thúc"),
    "ReportingPeriod.source_status": W("Kỳ số liệu: nguồn"),
    "ReportingPeriod.note": W("Kỳ số liệu: ghi chú"),
    "Contact.name": W("Người liên hệ: họ và tên"),
    "Contact.position": W("Người liên hệ: chức vụ"),
    "Contact.office": W("Người liên hệ: phòng, đơn vị"),
    "Contact.phone": W("Người liên hệ: điện thoại"),
    "Contact.email": W("Người liên hệ: thư điện tử"),
    "Catalog.unit_files": W(
        "Tệp danh sách đơn vị kèm theo (.csv)",
        "Mỗi tệp một dòng (Alt+Enter), ví dụ don-vi-cap-xa-2025.csv, trong thư mục plans/.",
    ),
    # ------------------------------------------------------------------ legal basis
    "LegalDocument.number": W("Số, ký hiệu", "Ví dụ: 1331/QĐ-TTg.", 16),
    "LegalDocument.date": W("Ngày ban hành", "", 14),
    "LegalDocument.issuer": W("Cơ quan, người ban hành", "", 28),
    "LegalDocument.title": W("Trích yếu", "", 60),
    "LegalDocument.source_status": W("Nguồn", "", 16),
    # ------------------------------------------------------------------ report variants
    "ReportVariant.key": W("Loại báo cáo"),
    "ReportVariant.governing_body": W(
        "Cơ quan chủ quản (dòng trên)", "Ví dụ: UBND TỈNH LẠNG SƠN; để trống với báo cáo của UBND tỉnh."
    ),
    "ReportVariant.issuer": W("Cơ quan ban hành (chữ in hoa)", "Nhiều dòng: Alt+Enter giữa các dòng."),
    "ReportVariant.issuer_name": W("Tên cơ quan trong câu văn", "Ví dụ: Sở Nội vụ."),
    "ReportVariant.symbol": W("Ký hiệu báo cáo", "Phần sau số: Số: 12/BC-SNV → BC-SNV."),
    "ReportVariant.place": W("Địa danh ghi ngày tháng"),
    "ReportVariant.addressee": W("Kính gửi", "Mỗi nơi một dòng (Alt+Enter)."),
    "ReportVariant.subject": W("Trích yếu báo cáo", "{year} được thay bằng năm báo cáo."),
    "ReportVariant.signer": W("Người ký"),
    "ReportVariant.recipients": W("Nơi nhận", "Mỗi nơi một dòng (Alt+Enter), không ghi «- » và «;»."),
    "ReportVariant.records_code": W("Lưu (ký hiệu phòng soạn)", "Cho dòng «- Lưu: VT, …»."),
    "ReportVariant.includes_reporting_details": W("Nêu đơn vị gửi chậm, chưa gửi"),
    "Signer.authority": W("Thẩm quyền ký", "TM., KT., Q., TL., TUQ. hoặc để trống."),
    "Signer.lines": W("Chức vụ người ký (chữ in hoa)", "Mỗi dòng một dòng (Alt+Enter), ví dụ KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC."),
    "Signer.name": W("Họ và tên người ký"),
    # ------------------------------------------------------------------ units
    "Unit.code": W("Mã đơn vị", "Chữ in hoa và số, không dấu, 2–16 ký tự (ví dụ SNV, H178). Không đổi sau khi đã gửi biểu mẫu.", 12),
    "Unit.name": W("Tên đầy đủ", "Như trên biểu mẫu và báo cáo.", 40),
    "Unit.short_name": W("Tên viết tắt", "Dùng trong các bảng.", 22),
    "Unit.kind": W("Loại đơn vị", "", 22),
    "Unit.obligation": W("Báo cáo", "Bắt buộc (Kế hoạch mục IV.2) hoặc Đề nghị (IV.3–4).", 11),
    "Unit.valid_from": W("Hoạt động từ ngày", "Để trống: có từ trước kế hoạch.", 13),
    "Unit.valid_to": W("Hoạt động đến ngày", "Ngày cuối cùng hoạt động (tính cả ngày đó); để trống: còn hoạt động.", 13),
    "Unit.merged_into": W("Sáp nhập vào (mã)", "Mã đơn vị tiếp nhận nhiệm vụ sau ngày kết thúc.", 13),
    "Unit.emails": W("Thư điện tử", "Nhiều địa chỉ cách nhau bằng dấu «;».", 30),
    "Unit.predecessors": W(
        "Đơn vị tiền thân (mã)",
        "Đơn vị cũ mà đơn vị này tiếp nhận địa bàn, nhiệm vụ khi bắt đầu hoạt động (ví dụ huyện cũ của xã mới), "
        "đơn vị chính ghi trước; nhiều mã cách nhau bằng «;».",
        14,
    ),
    "Unit.aliases": W("Tên gọi khác", "Tên đơn vị hay ghi trong tệp gửi về; mỗi tên một dòng (Alt+Enter).", 24),
    "Unit.gso_code": W("Mã hành chính", "Mã đơn vị hành chính (GSO) của huyện, xã.", 11),
    "Unit.source_status": W("Nguồn", "", 15),
    "Unit.note": W("Ghi chú", "", 36),
    # ------------------------------------------------------------------ sections & fields
    "Section.key": W("Mã phần", "Chữ thường không dấu, số và «_». Không đổi sau khi đã gửi biểu mẫu.", 16),
    "Section.title": W("Tên sheet trên biểu mẫu", "Tối đa 31 ký tự, không có \\ / ? * [ ] :", 26),
    "Section.kinds": W("Loại đơn vị điền", "Các loại cách nhau bằng dấu «;».", 30),
    "Section.layout": W("Dạng", "", 22),
    "Section.fields": W("Các trường"),
    "Section.free_rows": W("Số dòng tự khai", "Số dòng trống để đơn vị tự ghi (văn bản khác, cuộc kiểm tra).", 10),
    "Section.free_row_prefix": W("Tiền tố mã dòng tự khai", "Ví dụ VBK → VBK01, VBK02 …", 11),
    "Section.free_row_label": W("Dòng tiêu đề trên các dòng tự khai", "Để trống: theo dạng của phần.", 30),
    "Section.free_row_name": W("Nội dung ghi ở cột tên của dòng tự khai", "Để trống: theo dạng của phần.", 24),
    "Section.years": W("Chỉ có trên biểu mẫu các năm", "Để trống: mọi năm của giai đoạn. Nhiều năm cách nhau bằng «;».", 14),
    "Section.note": W("Ghi chú trên sheet", "", 40),
    "FieldSpec.key": W("Mã trường", "Chữ thường không dấu, số và «_», duy nhất. Không đổi sau khi đã gửi biểu mẫu.", 18),
    "FieldSpec.label": W("Nội dung (nhãn trên biểu mẫu)", "", 40),
    "FieldSpec.type": W("Kiểu dữ liệu", "", 20),
    "FieldSpec.unit_of_measure": W("Đơn vị tính", "người, lượt người, cuộc, buổi, tin bài, văn bản, lớp, triệu đồng …", 11),
    "FieldSpec.choices": W("Danh sách lựa chọn", "Với kiểu «Chọn trong danh sách»: mỗi lựa chọn một dòng (Alt+Enter).", 24),
    "FieldSpec.required": W("Bắt buộc", "", 9),
    "FieldSpec.help": W("Hướng dẫn nhập", "Lời nhắc hiện khi đặt con trỏ vào ô trên biểu mẫu.", 26),
    "FieldSpec.min": W("Giá trị nhỏ nhất", "", 10),
    "FieldSpec.max": W("Giá trị lớn nhất", "", 10),
    "FieldSpec.kinds": W("Chỉ với loại đơn vị", "Để trống: mọi loại đơn vị điền phần này. Các loại cách nhau bằng «;».", 24),
    "FieldSpec.in_period": W("Số liệu trong kỳ báo cáo", "Có: số liệu phát sinh trong kỳ báo cáo mà không có ngày riêng (tập huấn, kinh phí, số cuộc…); biểu mẫu ghi kèm kỳ báo cáo sau nhãn.", 12),
    # ------------------------------------------------------------------ appendix items
    "Item.code": W("Mã", "VB.., CT.., DA.. và hai chữ số (ví dụ CT21). Không đổi sau khi đã gửi biểu mẫu.", 9),
    "Item.name": W("Tên", "", 48),
    "Item.lead": W("Đơn vị chủ trì"),
    "Item.each_unit_of_kinds": W("Chủ trì: từng đơn vị thuộc loại"),
    "Item.co_agencies": W("Đơn vị phối hợp"),
    "Item.successors": W("Chuyển giao nhiệm vụ"),
    "Item.source_status": W("Nguồn", "", 15),
    "Item.note": W("Ghi chú", "", 36),
    "Item.years": W("Chỉ áp dụng các năm", "Để trống: mọi năm của giai đoạn. Nhiều năm cách nhau bằng «;».", 14),
    "Item.review": W(
        "Cần xem xét",
        "Mục chuyển từ kế hoạch trước: sửa mục theo ghi chú rồi để trống ô này (hoặc xóa cả dòng mục).",
        30,
    ),
    "Document.deadline_year": W("Năm hoàn thành", "", 10),
    "Document.product": W("Sản phẩm", "", 18),
    "Document.yearly": W("Ban hành hằng năm", "", 10),
    "Document.yearly_due": W("Hạn ban hành hằng năm"),
    "MonthDay.month": W("Hạn hằng năm: tháng", "Văn bản ban hành hằng năm: hạn mỗi năm (ngày, tháng); để trống cả hai nếu không có hạn.", 10),
    "MonthDay.day": W("Hạn hằng năm: ngày", "Văn bản ban hành hằng năm: hạn mỗi năm (ngày, tháng); để trống cả hai nếu không có hạn.", 10),
    "Document.instead_for_new_units": W(
        "Đơn vị thành lập sau hạn ghi thay", "In trên biểu mẫu của đơn vị bắt đầu hoạt động sau hạn ban hành văn bản.", 30
    ),
    "Target.group": W("Nhóm mục tiêu", "", 30),
    "Target.measure": W("Loại chỉ tiêu", "", 16),
    "Target.numerator_label": W("Tử số: số người đạt", "Chỉ với chỉ tiêu tỷ lệ; hỏi bằng lời thường.", 26),
    "Target.denominator_label": W("Mẫu số: tổng số người", "Chỉ với chỉ tiêu tỷ lệ.", 26),
    "Target.unit_of_measure": W("Đơn vị tính", "% với chỉ tiêu tỷ lệ.", 9),
    "Target.direction": W("Chiều so sánh", "", 16),
    "Target.yearly_values": W("Kế hoạch năm {year}", "Giá trị phải đạt trong năm {year}; để trống nếu không giao.", 11),
    "Target.end_values": W("Mục tiêu đến năm {year}", "Giá trị phải đạt đến năm {year}.", 11),
    "Target.baseline": W("Giá trị gốc", "Có giá trị và năm gốc thì các năm giữa được so với lộ trình (tham khảo).", 10),
    "Target.baseline_year": W("Năm gốc", "", 9),
    "Target.figure_source": W("Nguồn số liệu"),
    "Target.denominator_same_as": W(
        "Mẫu số cùng số liệu với trường",
        "Mã trường số đếm của phần dạng danh sách trường (ví dụ tn_tong_so – Tổng số thanh niên trên địa bàn): "
        "biểu mẫu có cả hai thì đối chiếu hai ô. Chỉ với chỉ tiêu tỷ lệ.",
        16,
    ),
    "FigureSource.lead": W("Số liệu lấy của cơ quan chủ trì", "Có: số của cơ quan chủ trì. Không bao giờ dùng cùng cột bên cạnh.", 14),
    "FigureSource.sum_local": W(
        "Số liệu là tổng các địa phương loại", "Ví dụ: UBND huyện, thành phố; UBND xã, phường. Để trống nếu lấy số của cơ quan chủ trì.", 24
    ),
    "Programme.period": W("Thời gian thực hiện", "Ví dụ 2026-2030.", 12),
    "Programme.product": W("Sản phẩm", "", 22),
    # ------------------------------------------------------------------ assignments (Phân công)
    "Successor.unit": W("Đơn vị (mã) hoặc loại đơn vị"),
    "Successor.successor": W("Đơn vị tiếp nhận (mã)"),
    "Successor.from_date": W("Từ ngày"),
    "Successor.note": W("Ghi chú chuyển giao"),
    # ------------------------------------------------------------------ declared unit lists
    "UnitList.kind": W("Loại đơn vị", "", 22),
    "UnitList.valid_from": W("Áp dụng từ ngày", "Để trống: từ đầu kế hoạch.", 13),
    "UnitList.valid_to": W("Áp dụng đến ngày", "Để trống: đến hết kế hoạch.", 13),
    "UnitList.expected": W("Số đơn vị theo văn bản", "Số đơn vị loại này văn bản pháp lý quy định.", 11),
    "UnitList.complete": W(
        "Danh mục đã đủ",
        "Có: sheet Đơn vị báo cáo có đủ các đơn vị này (thiếu hay thừa là Lỗi). Không: còn thiếu – Cảnh báo cho đến khi bổ sung đủ.",
        10,
    ),
    "UnitList.source": W("Văn bản quy định", "Ví dụ: Nghị quyết 1672/NQ-UBTVQH15 ngày 16/6/2025 …", 40),
    "UnitList.file": W("Tệp danh sách (.csv)", "Tệp danh sách đơn vị kèm theo chứa các đơn vị này, nếu có.", 18),
    "UnitList.source_status": W("Nguồn", "", 15),
    "UnitList.note": W("Ghi chú", "", 36),
    # ------------------------------------------------------------------ rules
    "Rule.code": W("Mã quy tắc", "Chữ in hoa, số và «-».", 20),
    "Rule.name": W("Tên quy tắc", "", 34),
    "Rule.left": W("Vế trái", "Mã trường, số, + - * / ( ).", 22),
    "Rule.operator": W("So sánh", "", 12),
    "Rule.right": W("Vế phải", "Mã trường, số, + - * / ( ).", 22),
    "Rule.importance": W("Mức độ", "", 18),
    "Rule.missing_value_strategy": W("Khi thiếu số liệu", "", 24),
    "Rule.kinds": W("Chỉ với loại đơn vị", "Để trống: mọi đơn vị có các trường này.", 20),
    "Rule.section": W("Kiểm tra từng dòng của phần (mã phần)", "Để trống với trường của các phần dạng danh sách trường.", 16),
    "Rule.message": W("Thông báo khi sai", "", 40),
    "Rule.instruction": W("Hướng dẫn sửa", "", 34),
    "Rule.excel": W("Báo ngay trên biểu mẫu", "Có: tô màu ô ngay khi nhập trên Excel.", 10),
}  # fmt: skip

# labels of a dict's keys where the field needs other words than the closed list's own
KEY_WORDS: dict[str, dict[str, str]] = {
    "Letters.addressee_groups": {
        "obliged": "Đơn vị bắt buộc báo cáo",
        "requested": "Đơn vị được đề nghị báo cáo",
    },
}

YES, NO = "Có", "Không"

SOURCE_STATUS_LABEL = {
    SourceStatus.sourced: "Có nguồn",
    SourceStatus.inferred: "Suy luận (cần thay)",
}

# enum class (or "Model.field" of a Literal) → value → label. Typing the value itself is accepted too.
ENUM_WORDS: dict[object, dict[str, str]] = {
    UnitKind: {k.value: v for k, v in KIND_LABEL.items()},
    Obligation: {k.value: v for k, v in OBLIGATION_LABEL.items()},
    SourceStatus: {k.value: v for k, v in SOURCE_STATUS_LABEL.items()},
    Direction: {">=": "≥ (từ … trở lên)", ">": "> (trên)", "<=": "≤ (không quá)", "<": "< (dưới)"},
    Measure: {
        Measure.ratio.value: "Tỷ lệ (%)",
        Measure.count.value: "Số lượng",
        Measure.amount.value: "Kinh phí",
        Measure.survey.value: "Số liệu điều tra",
    },
    FieldType: {
        FieldType.count.value: "Số đếm (số nguyên)",
        FieldType.amount.value: "Số tiền (triệu đồng)",
        FieldType.ratio_part.value: "Số người (tử số, mẫu số)",
        FieldType.decimal.value: "Số thập phân",
        FieldType.text.value: "Chữ",
        FieldType.date.value: "Ngày",
        FieldType.choice.value: "Chọn trong danh sách",
    },
    SectionLayout: {
        SectionLayout.fields.value: "Các trường, mỗi trường một dòng",
        SectionLayout.documents.value: "Văn bản (Phụ lục I)",
        SectionLayout.targets.value: "Chỉ tiêu (Phụ lục II)",
        SectionLayout.programmes.value: "Chương trình (Phụ lục III)",
        SectionLayout.free_rows.value: "Chỉ dòng tự khai",
    },
    Importance: {
        Importance.high.value: "Lỗi (cần sửa)",
        Importance.medium.value: "Cảnh báo (cần kiểm tra lại)",
        Importance.low.value: "Lưu ý",
    },
    MissingValueStrategy: {
        MissingValueStrategy.skip_if_any_missing.value: "Bỏ qua nếu thiếu một số",
        MissingValueStrategy.skip_if_all_missing.value: "Bỏ qua nếu thiếu tất cả",
        MissingValueStrategy.never_skip.value: "Luôn kiểm tra (ô trống là 0)",
    },
    "Plan.judge_on": {"uoc_ca_nam": "Ước thực hiện cả năm", "thuc_hien": "Thực hiện đến thời điểm báo cáo"},
    "ReportVariant.key": {"so-noi-vu": "Sở Nội vụ gửi UBND tỉnh", "ubnd-tinh": "UBND tỉnh gửi Bộ Nội vụ"},
    "Signer.authority": {"": "(ký trực tiếp)", "TM.": "TM.", "KT.": "KT.", "Q.": "Q.", "TL.": "TL.", "TUQ.": "TUQ."},
    "Rule.operator": {"==": "= (bằng)", "!=": "≠ (khác)", ">": "> (lớn hơn)", ">=": "≥ (lớn hơn hoặc bằng)",
                      "<": "< (nhỏ hơn)", "<=": "≤ (nhỏ hơn hoặc bằng)"},
}  # fmt: skip

# other spellings accepted on import (besides the value and the label): "≥" for ">=" …
ENUM_ALIASES: dict[str, str] = {"≥": ">=", "≤": "<=", "=": "==", "≠": "!=", "<>": "!="}
