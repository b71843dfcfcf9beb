"""The one catalogue of finding messages: CODE → (severity, Vietnamese template).

Codes are stable and carry no severity. A template says what is wrong and what to do; it may hold
``{name}`` fields filled by :func:`finding` (a missing field is left as written, never an error).
Keep this module plain data plus one function.
"""

from __future__ import annotations

import string
from typing import Any

from pipeline.manifest import Finding
from pipeline.textsafe import clean

MESSAGES: dict[str, tuple[str, str]] = {
    # --- file level (intake) ---
    "FILE-EMPTY": ("error", "Tệp rỗng (0 byte): gửi lại tệp biểu mẫu đã điền."),
    "FILE-TOO-LARGE": (
        "error",
        "Tệp quá lớn ({size}, giới hạn {limit}): kiểm tra lại tệp, xoá dữ liệu thừa rồi gửi lại.",
    ),
    "FILE-NOT-SPREADSHEET": (
        "error",
        "Tệp không phải bảng tính Excel/ODS ({kind}): gửi lại đúng tệp biểu mẫu (.xlsx).",
    ),
    "FILE-CORRUPT": (
        "error",
        "Tệp bị hỏng, không đọc được: mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
    ),
    "FILE-ENCRYPTED": ("error", "Tệp có mật khẩu: gỡ mật khẩu rồi gửi lại."),
    "FILE-UNREADABLE": (
        "error",
        "Không mở được tệp ({reason}): kiểm tra quyền truy cập hoặc sao chép lại tệp.",
    ),
    "ZIP-TOO-MANY-ENTRIES": (
        "error",
        "Tệp chứa quá nhiều thành phần ({count}, giới hạn {limit}): tệp bất thường, lưu lại bằng Excel rồi gửi lại.",
    ),
    "ZIP-ENTRY-TOO-LARGE": (
        "error",
        "Thành phần {entry} khi giải nén quá lớn (vượt {limit}): tệp bất thường, không xử lý; lưu lại bằng Excel rồi gửi lại.",
    ),
    "ZIP-TOO-LARGE": (
        "error",
        "Tổng dung lượng giải nén của tệp vượt {limit}: tệp bất thường, không xử lý; lưu lại bằng Excel rồi gửi lại.",
    ),
    "ZIP-RATIO": (
        "error",
        "Thành phần {entry} có tỉ lệ nén bất thường (hơn {limit} lần; có thể là \u201cbom nén\u201d): tệp không được xử lý; lưu lại bằng Excel rồi gửi lại.",
    ),
    "ZIP-METHOD": (
        "error",
        "Thành phần {entry} dùng kiểu nén không hỗ trợ ({method}): mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
    ),
    "XML-ENTITIES": (
        "error",
        "Thành phần {entry} chứa khai báo DOCTYPE/ENTITY (nguy cơ tấn công XML): tệp không được xử lý; lưu lại bằng Excel rồi gửi lại.",
    ),
    "XML-TOO-LARGE": (
        "error",
        "Thành phần XML {entry} quá lớn (vượt {limit}): tệp bất thường, lưu lại bằng Excel rồi gửi lại.",
    ),
    "PARSER-CRASH": (
        "error",
        "Bộ đọc bảng tính gặp sự cố và phải dừng khi đọc tệp này (cấu trúc tệp bất thường): mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
    ),
    "PARSER-TIMEOUT": (
        "error",
        "Đọc tệp quá thời gian cho phép ({seconds} giây): tệp quá nặng hoặc bất thường; xoá dữ liệu thừa, lưu lại rồi gửi lại.",
    ),
    "PARSER-MEMORY": (
        "error",
        "Đọc tệp cần quá nhiều bộ nhớ (giới hạn {limit_mb} MB): tệp quá nặng hoặc bất thường; xoá dữ liệu thừa, lưu lại rồi gửi lại.",
    ),
    "MACROS-IGNORED": (
        "info",
        "Tệp có macro (VBA): macro không được chạy, chỉ đọc giá trị; nên gửi tệp dạng .xlsx.",
    ),
    "FORMAT-LEGACY": (
        "info",
        "Tệp định dạng {format}: đã đọc được, nhưng nên dùng đúng biểu mẫu .xlsx được phát hành.",
    ),
    "EXTENSION-MISMATCH": (
        "info",
        "Đuôi tệp ({extension}) không khớp nội dung (thực tế là {format}): đã đọc theo nội dung; nên đặt lại đúng đuôi tệp.",
    ),
    "SHEET-TOO-LARGE": (
        "error",
        "Một trang tính có dữ liệu ở ô quá xa ({cell}: vùng khoảng {cells} ô, giới hạn {limit} ô): xoá các ô thừa ở cuối trang tính, lưu lại rồi gửi lại.",
    ),
    "SHEET-TRUNCATED": (
        "warning",
        "Trang tính có vùng dữ liệu quá rộng (đến ô {cell}): chỉ đọc {rows} dòng đầu; xoá dữ liệu thừa ở cuối trang tính rồi gửi lại.",
    ),
    # --- the file system (pipeline/intake/source.py) ---
    "PATH-LINK-OUTSIDE": (
        "error",
        "Đây là liên kết (symlink, shortcut) tới một tệp nằm ngoài thư mục đang kiểm tra: không đọc tệp đó. Sao chép tệp báo cáo thật vào thư mục rồi chạy lại.",
    ),
    "PATH-LINK-BROKEN": (
        "error",
        "Liên kết (symlink, shortcut) tới một tệp không còn tồn tại: xoá liên kết, sao chép tệp báo cáo thật vào thư mục rồi chạy lại.",
    ),
    "PATH-LINK-FOLDER": (
        "warning",
        "Thư mục liên kết (symlink) không được đọc: sao chép các tệp báo cáo vào một thư mục con thật nếu cần đưa vào tổng hợp.",
    ),
    "PATH-NOT-FILE": (
        "error",
        "Đường dẫn này không phải tệp thông thường (đường ống, thiết bị…): không đọc. Lưu tệp báo cáo thật vào thư mục.",
    ),
    "PATH-UNREADABLE": (
        "error",
        "Không đọc được đường dẫn này (không có quyền truy cập hoặc đã bị xoá): kiểm tra quyền truy cập rồi chạy lại.",
    ),
    # --- e-mail ---
    "EMAIL-NO-ATTACHMENT": (
        "error",
        "Thư điện tử không có tệp bảng tính đính kèm: đề nghị đơn vị gửi lại thư kèm tệp biểu mẫu .xlsx.",
    ),
    "EMAIL-CORRUPT": (
        "error",
        "Không đọc được thư điện tử ({reason}): lưu lại thư dạng .eml rồi thử lại, hoặc lưu riêng tệp đính kèm vào thư mục.",
    ),
    "EMAIL-TOO-LARGE": (
        "error",
        "Thư điện tử quá lớn ({size}, giới hạn {limit}): lưu riêng tệp biểu mẫu đính kèm vào thư mục thay cho cả thư.",
    ),
    "EMAIL-HEADER-LONG": (
        "warning",
        "Dòng tiêu đề thư “{header}” dài bất thường ({size}): chỉ đọc phần đầu; kiểm tra lại người gửi, ngày gửi.",
    ),
    "EMAIL-TOO-MANY-PARTS": (
        "error",
        "Thư điện tử có quá nhiều phần ({count}, giới hạn {limit}): thư bất thường, không đọc; lưu riêng tệp biểu mẫu đính kèm vào thư mục.",
    ),
    "EMAIL-NO-DATE": (
        "warning",
        "Thư điện tử không có ngày gửi hợp lệ (Date:): ngày nhận sẽ lấy theo sổ văn bản đến hoặc thời điểm lưu tệp.",
    ),
    "EMAIL-NESTED": (
        "info",
        "Thư điện tử chứa thư chuyển tiếp (.eml) đính kèm: chỉ đọc tệp bảng tính đính kèm trực tiếp; đề nghị gửi lại tệp biểu mẫu trực tiếp.",
    ),
    # --- identification (pipeline/intake/identify.py, process.py) ---
    "ID-GUESSED": (
        "info",
        "Tệp không còn thông tin nhận dạng ẩn của biểu mẫu (số liệu đã được chép sang tệp khác?): đã xác định là báo cáo của {unit} năm {year} theo {source}. Nên dùng đúng tệp biểu mẫu được phát hành, không chép sang tệp mới.",
    ),
    "ID-UNIDENTIFIED": (
        "error",
        "Không xác định được đơn vị hoặc năm báo cáo của tệp: dùng đúng biểu mẫu được phát hành cho đơn vị (hoặc ghi rõ tên đơn vị, năm tại sheet Thông tin chung) rồi gửi lại.",
    ),
    "YEAR-MISMATCH": (
        "error",
        "Biểu mẫu là của năm {found}, không phải năm {year} đang tổng hợp: tệp không được tổng hợp vào năm {year}; đề nghị đơn vị dùng biểu mẫu năm {year} rồi gửi lại.",
    ),
    "UNIT-UNKNOWN": (
        "error",
        "Đơn vị \u201c{unit}\u201d không có trong danh mục đơn vị của Kế hoạch: dùng đúng biểu mẫu được phát hành cho đơn vị rồi gửi lại.",
    ),
    "UNIT-INACTIVE": (
        "error",
        "{name} không hoạt động trong năm {year} (đã sáp nhập, giải thể hoặc chưa thành lập): tệp không được tổng hợp; đơn vị kế thừa báo cáo theo biểu mẫu năm {year} của mình (xem danh sách đơn vị: ptn plan show --year {year}).",
    ),
    "PLAN-OTHER": (
        "error",
        "Biểu mẫu thuộc kế hoạch khác ({plan}), không phải {expected}: gửi đúng biểu mẫu báo cáo của Kế hoạch này.",
    ),
    "TEMPLATE-OLD": (
        "warning",
        "Biểu mẫu là bản phát hành trước, khác biểu mẫu hiện hành (danh mục đã thay đổi sau khi phát hành): đã đọc số liệu theo từng dòng, từng cột tương ứng; lần sau dùng biểu mẫu mới nhất.",
    ),
    "ITEM-ADDED-LATER": (
        "info",
        "{kind} \u201c{name}\u201d được bổ sung sau khi gửi biểu mẫu: biểu mẫu đơn vị đã nhận chưa có mục này, không tính là lỗi của đơn vị. Nếu cần số liệu, Sở Nội vụ đề nghị đơn vị báo cáo bổ sung (gửi biểu mẫu mới: ptn templates --unit).",
    ),
    "DUPLICATE": (
        "info",
        "Tệp trùng hoàn toàn (từng byte) với {other}: không đọc lại tệp này.",
    ),
    "SUPERSEDED": (
        "info",
        "Đơn vị gửi nhiều báo cáo: báo cáo này (nhận {received}) được thay bằng {other} (nhận {other_received}); chỉ dùng báo cáo nhận sau cùng.",
    ),
    # --- form layout (pipeline/intake/locate.py) ---
    "SHEET-MISSING": (
        "error",
        "Thiếu sheet \u201c{title}\u201d của biểu mẫu: dùng lại biểu mẫu được phát hành, không xoá sheet, điền đủ rồi gửi lại.",
    ),
    "ROW-MISSING": (
        "error",
        "Thiếu dòng \u201c{name}\u201d tại sheet \u201c{sheet}\u201d (dòng đã bị xoá?): dùng lại biểu mẫu được phát hành, không xoá dòng.",
    ),
    "COLUMN-MISSING": (
        "error",
        "Thiếu cột \u201c{label}\u201d tại sheet \u201c{sheet}\u201d (cột đã bị xoá?): dùng lại biểu mẫu được phát hành, không xoá cột.",
    ),
    "CELL-MERGED": (
        "warning",
        "Ô nhập liệu nằm trong vùng gộp ô {range}: chỉ đọc được giá trị ở ô đầu vùng; bỏ gộp ô và nhập giá trị vào từng ô.",
    ),
    # --- values (pipeline/intake/parse_values.py via checks/check_type.py) ---
    "VALUE-CONVERTED": (
        "info",
        "Giá trị \u201c{text}\u201d nhập dạng chữ, đã hiểu là {parsed}: nên nhập đúng kiểu số, ngày để tránh nhầm lẫn.",
    ),
    "VALUE-AMBIGUOUS": (
        "warning",
        "Giá trị \u201c{text}\u201d có thể hiểu là {parsed} hoặc {other}: đã hiểu là {parsed} (dấu chấm phân cách hàng nghìn); kiểm tra lại và nhập dạng số.",
    ),
    "VALUE-NOT-NUMBER": (
        "error",
        "\u201c{label}\u201d phải là số, nhưng ô ghi \u201c{text}\u201d: nhập lại bằng số (dấu phẩy là dấu thập phân).",
    ),
    "VALUE-NOT-WHOLE": (
        "error",
        "\u201c{label}\u201d phải là số nguyên, nhưng ô ghi \u201c{text}\u201d: nhập lại số nguyên.",
    ),
    "VALUE-NOT-DATE": (
        "error",
        "\u201c{label}\u201d phải là ngày, nhưng ô ghi \u201c{text}\u201d: nhập ngày dạng dd/mm/yyyy.",
    ),
    "VALUE-NOT-CHOICE": (
        "error",
        "\u201c{label}\u201d ghi \u201c{text}\u201d, không thuộc danh sách chọn ({choices}): chọn một giá trị trong danh sách.",
    ),
    "VALUE-LEGACY-ENCODING": (
        "warning",
        "Văn bản \u201c{text}\u201d được gõ bằng bảng mã cũ {encoding}, không phải Unicode: đã chuyển sang Unicode thành \u201c{converted}\u201d để tổng hợp; kiểm tra lại, lần sau gõ bằng Unicode (Unikey: bảng mã Unicode).",
    ),
    # --- checks (pipeline/checks/check_*.py) ---
    "VALUE-PERCENT": (
        "info",
        "Ô nhập dạng phần trăm ({text}, Excel lưu là {stored}): đã hiểu là {parsed}%. Có thể nhập thẳng số {parsed}.",
    ),
    "VALUE-PERCENT-GUESSED": (
        "warning",
        "Ô ghi {stored} ở chỉ tiêu tính bằng %: đã hiểu là {parsed}% (có lẽ nhập dạng phần trăm). Nếu đúng là {stored}%, ghi rõ ở cột Ghi chú; nên nhập thẳng số phần trăm ({parsed}).",
    ),
    "VALUE-PERCENT-WRONG-FIELD": (
        "error",
        "“{label}” tính bằng {uom}, nhưng ô được nhập dạng phần trăm ({text}): nhập lại bằng số {uom}, không dùng dấu %.",
    ),
    "VALUE-IMPLAUSIBLE": (
        "error",
        "“{label}” = {text} lớn hơn mức có thể có ({limit}; {why}): kiểm tra lại số liệu (gõ thừa chữ số?); số này chưa được cộng vào số liệu toàn tỉnh.",
    ),
    "REPORT-DATE-OUTSIDE": (
        "error",
        "Ngày báo cáo {date} nằm ngoài kỳ báo cáo năm {year} (từ {start} đến {end}): kiểm tra lại ngày, năm ghi trên báo cáo.",
    ),
    "LOCKED-CELL-CHANGED": (
        "warning",
        "Ô {cell} thuộc phần in sẵn của biểu mẫu ({what}) nhưng đã bị sửa thành “{text}”: giá trị này không được dùng (chỉ các ô nhập liệu được đọc). Nếu cần sửa số liệu, nhập vào đúng ô nhập liệu; không mở khoá biểu mẫu.",
    ),
    "REQUIRED-EMPTY": (
        "error",
        "Chưa nhập \u201c{label}\u201d (bắt buộc): điền giá trị vào ô này rồi gửi lại.",
    ),
    "VALUE-NEGATIVE": (
        "error",
        "\u201c{label}\u201d không được âm (ô ghi {text}): nhập lại số không âm.",
    ),
    "VALUE-OUT-OF-RANGE": (
        "error",
        "\u201c{label}\u201d = {text} nằm ngoài khoảng cho phép ({bounds}): kiểm tra lại số liệu.",
    ),
    "PART-GT-WHOLE": (
        "error",
        "Chỉ tiêu “{name}”, cột “{label}”: “{part_label}” ({part}) lớn hơn “{whole_label}” ({whole}), không thể đúng: kiểm tra lại hai số này rồi gửi lại; số liệu chỉ tiêu này của đơn vị chưa được cộng vào số liệu toàn tỉnh.",
    ),
    "SAME-CONCEPT-DIFFERS": (
        "warning",
        "\u201c{label}\u201d ({this}) khác \u201c{other_label}\u201d ({other}) tại sheet \u201c{other_sheet}\u201d, ô {other_cell}: hai ô cùng hỏi một số liệu nên phải bằng nhau; kiểm tra lại, sửa ô sai cho khớp.",
    ),
    "RULE-VIOLATED": (
        "warning",
        "{message} ({left} = {left_value}; {right} = {right_value}). {instruction}",
    ),
    "DOC-STATUS-EMPTY": (
        "error",
        "Văn bản \u201c{name}\u201d chưa ghi tình hình ban hành: chọn Đã ban hành / Đang xây dựng / Chưa ban hành / Lồng ghép.",
    ),
    "DOC-NUMBER-EMPTY": (
        "warning",
        "Văn bản \u201c{name}\u201d ghi \u201cĐã ban hành\u201d nhưng chưa có số, ký hiệu: ghi số, ký hiệu văn bản (ví dụ 45/KH-UBND).",
    ),
    "PROG-STATUS-EMPTY": (
        "error",
        "Chương trình, đề án, dự án \u201c{name}\u201d chưa ghi tình hình triển khai: chọn một tình trạng trong danh sách.",
    ),
    "INSPECTION-NONE": (
        "warning",
        "Chưa báo cáo cuộc kiểm tra nào trong năm (Kế hoạch 253 mục II.4: ít nhất 01 lần/năm): ghi các cuộc kiểm tra đã thực hiện; nếu không có, nêu lý do tại sheet Khó khăn, kiến nghị.",
    ),
    "FORM-EMPTY": (
        "error",
        "Biểu mẫu chưa được điền (mọi ô nhập liệu đều trống): đây chưa phải báo cáo, không tính là đã gửi và không thay báo cáo đã gửi trước; điền số liệu rồi gửi lại.",
    ),
    "FORMULA-NO-VALUE": (
        "error",
        "Ô nhập liệu chứa công thức nhưng không có giá trị đã tính (tệp tạo bằng phần mềm khác?): mở tệp bằng Excel, lưu lại rồi gửi lại, hoặc nhập giá trị thay cho công thức.",
    ),
    "CHECK-FAILED": (
        "error",
        "Lỗi nội bộ của ptn khi kiểm tra tệp này: báo cho người quản trị ptn kèm tệp (chi tiết kỹ thuật có trong nhật ký lần chạy); các kiểm tra khác vẫn chạy.",
    ),
    # --- consolidation (pipeline/consolidate/) ---
    "RECEIPT-ESTIMATED": (
        "info",
        "Không thấy tệp trong sổ văn bản đến và không có ngày gửi thư: thời điểm nhận được ước tính theo thời điểm sửa tệp ({when}); ước tính này không làm đơn vị bị tính gửi chậm. Bổ sung tệp vào sổ văn bản đến.",
    ),
    "REGISTER-DATE-INVALID": (
        "warning",
        "Sổ văn bản đến (dòng {row}) ghi ngày đến {date} cho báo cáo này: ngày không hợp lý (phải từ {start} đến hôm nay {today}), không dùng; thời điểm nhận lấy theo thư điện tử hoặc thời điểm lưu tệp. Sửa ngày đến trong sổ rồi chạy lại.",
    ),
    "RECEIVED-AFTER-AS-OF": (
        "info",
        "Tệp nhận sau ngày chốt số liệu {as_of}: không đưa vào tổng hợp lần này.",
    ),
    "OUTLIER-YOY": (
        "warning",
        "Số liệu thay đổi bất thường so với năm {year}: {before} → {now} ({change}%). Kiểm tra lại; nếu đúng, nêu lý do ở cột Ghi chú của dòng này (nếu có) hoặc tại sheet Khó khăn, kiến nghị.",
    ),
}


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_FMT = string.Formatter()

_LOCATION = ("file", "sheet", "cell", "item", "field", "value")


def finding(code: str, **fmt: Any) -> Finding:
    """Build the :class:`Finding` for ``code``: ``file=``, ``sheet=``, ``cell=``, ``item=``, ``field=``,
    ``value=`` (and ``severity=`` to override) go to the finding; every keyword fills the template.
    ``detail=`` (technical text, often a library's English) goes to ``Finding.detail`` only, never
    into the Vietnamese message. Every text is made safe to print and to write (no lone surrogates)."""
    severity, template = MESSAGES[code]
    severity = fmt.pop("severity", severity)
    detail = clean(fmt.pop("detail", "") or "", 500)
    loc = {k: clean(fmt[k]) for k in _LOCATION if k in fmt and fmt[k] is not None}
    values = _Keep({k: clean(v) if isinstance(v, str) else v for k, v in fmt.items()})
    message = clean(_FMT.vformat(template, (), values))
    return Finding(code=code, severity=severity, message=message, detail=detail, **loc)
