"""The one catalogue of finding messages: CODE → (severity, Vietnamese template).

Codes are stable and carry no severity. A template says what is wrong and what to do; it may hold
``{name}`` fields filled by :func:`finding` (a missing field is left as written, never an error).
Keep this module plain data plus one function.
"""

from __future__ import annotations

import string
from typing import Any

from pipeline.manifest import Finding

MESSAGES: dict[str, tuple[str, str]] = {
    # --- file level (intake) ---
    "FILE-EMPTY": ("error", "Tệp rỗng (0 byte): gửi lại tệp biểu mẫu đã điền."),
    "FILE-TOO-LARGE": (
        "error",
        "Tệp quá lớn ({size} byte, giới hạn {limit} byte): kiểm tra lại tệp, xoá dữ liệu thừa rồi gửi lại.",
    ),
    "FILE-NOT-SPREADSHEET": (
        "error",
        "Tệp không phải bảng tính Excel/ODS ({detail}): gửi lại đúng tệp biểu mẫu (.xlsx).",
    ),
    "FILE-CORRUPT": (
        "error",
        "Tệp bị hỏng, không đọc được ({detail}): mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
    ),
    "FILE-ENCRYPTED": ("error", "Tệp có mật khẩu: gỡ mật khẩu rồi gửi lại."),
    "FILE-UNREADABLE": (
        "error",
        "Không mở được tệp ({detail}): kiểm tra quyền truy cập hoặc sao chép lại tệp.",
    ),
    "ZIP-TOO-MANY-ENTRIES": (
        "error",
        "Tệp chứa quá nhiều thành phần ({count}, giới hạn {limit}): tệp bất thường, lưu lại bằng Excel rồi gửi lại.",
    ),
    "ZIP-ENTRY-TOO-LARGE": (
        "error",
        "Thành phần {entry} khi giải nén quá lớn (vượt {limit} byte): tệp bất thường, không xử lý; lưu lại bằng Excel rồi gửi lại.",
    ),
    "ZIP-TOO-LARGE": (
        "error",
        "Tổng dung lượng giải nén của tệp vượt {limit} byte: tệp bất thường, không xử lý; lưu lại bằng Excel rồi gửi lại.",
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
        "Thành phần XML {entry} quá lớn (vượt {limit} byte): tệp bất thường, lưu lại bằng Excel rồi gửi lại.",
    ),
    "PARSER-CRASH": (
        "error",
        "Bộ đọc bảng tính gặp sự cố khi đọc tệp ({detail}): mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
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
    # --- e-mail ---
    "EMAIL-NO-ATTACHMENT": (
        "error",
        "Thư điện tử không có tệp bảng tính đính kèm: đề nghị đơn vị gửi lại thư kèm tệp biểu mẫu .xlsx.",
    ),
    "EMAIL-CORRUPT": ("error", "Không đọc được thư điện tử ({detail}): lưu lại thư dạng .eml rồi thử lại."),
    "EMAIL-NO-DATE": (
        "warning",
        "Thư điện tử không có ngày gửi hợp lệ (Date:): ngày nhận sẽ lấy theo sổ văn bản đến hoặc thời điểm lưu tệp.",
    ),
    "EMAIL-NESTED": (
        "info",
        "Thư điện tử chứa thư chuyển tiếp (.eml) đính kèm: chỉ đọc tệp bảng tính đính kèm trực tiếp; đề nghị gửi lại tệp biểu mẫu trực tiếp.",
    ),
}


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_FMT = string.Formatter()

_LOCATION = ("file", "sheet", "cell", "item", "field", "value")


def finding(code: str, **fmt: Any) -> Finding:
    """Build the :class:`Finding` for ``code``: ``file=``, ``sheet=``, ``cell=``, ``item=``, ``field=``,
    ``value=`` (and ``severity=`` to override) go to the finding; every keyword fills the template."""
    severity, template = MESSAGES[code]
    severity = fmt.pop("severity", severity)
    loc = {k: str(fmt[k]) for k in _LOCATION if k in fmt and fmt[k] is not None}
    message = _FMT.vformat(template, (), _Keep(fmt))
    return Finding(code=code, severity=severity, message=message, **loc)
