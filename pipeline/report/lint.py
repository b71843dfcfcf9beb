"""``ptn report lint``: check a (hand-edited) report template and say what to fix, in Vietnamese.

Finds tags Word split across runs (typed in several goes, spell-checked, partly formatted), Jinja
syntax errors, variables the context does not provide, and required variables the template lost.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.report.context import CONTEXT_KEYS, REQUIRED_KEYS

__all__ = ["lint_template"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PART = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_OPEN = re.compile(r"\{[{%#]")
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}
# names a template may use without the context giving them (loop variables, Jinja built-ins)
_BUILTINS = {"loop", "range", "true", "false", "none", "True", "False", "None"}


def _part_label(name: str) -> str:
    if "document" in name:
        return "thân văn bản"
    if "header" in name:
        return "đầu trang (header)"
    return "chân trang (footer)"


def _split_tags(part_name: str, xml: bytes) -> list[str]:
    problems: list[str] = []
    root = etree.fromstring(xml)
    for p in root.iter(f"{W}p"):
        runs: list[str] = []
        for r in p.iter(f"{W}r"):
            runs.append("".join(t.text or "" for t in r.iter(f"{W}t")))
        text = "".join(runs)
        if "{" not in text:
            continue
        # character offset → run index
        owner: list[int] = []
        for i, rt in enumerate(runs):
            owner.extend([i] * len(rt))
        pos = 0
        while True:
            m = _OPEN.search(text, pos)
            if not m:
                break
            opener = m.group(0)
            end = text.find(_CLOSE[opener], m.end())
            snippet = text[m.start() : (end + 2 if end >= 0 else m.start() + 40)]
            if end < 0:
                problems.append(
                    f"Thẻ chưa đóng trong {_part_label(part_name)}: «{snippet}» – thiếu «{_CLOSE[opener]}». "
                    "Gõ lại cả thẻ trong một lần."
                )
                break
            if owner[m.start()] != owner[end + 1]:
                problems.append(
                    f"Thẻ bị Word tách thành nhiều đoạn định dạng trong {_part_label(part_name)}: «{snippet}». "
                    "Xóa thẻ rồi gõ lại liền một lần (không sửa từng ký tự, không định dạng một phần thẻ)."
                )
            pos = end + 2
    return problems


def lint_template(
    path: Path | str,
    context_keys: frozenset[str] = CONTEXT_KEYS,
    required_keys: frozenset[str] = REQUIRED_KEYS,
    what: str = "báo cáo",
) -> list[str]:
    """Problems of the template at ``path`` (Vietnamese, each saying what to fix); ``[]`` = clean.

    ``context_keys``/``required_keys``: the contract of the document (the report's by default; the
    letters pass their own), ``what`` names the document in the messages."""
    path = Path(path)
    if not path.is_file():
        return [f"Không tìm thấy tệp mẫu {path}."]
    problems: list[str] = []
    try:
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                if _PART.match(name):
                    problems += _split_tags(name, z.read(name))
    except (zipfile.BadZipFile, etree.XMLSyntaxError) as e:
        return [f"Tệp {path.name} không phải tệp Word (.docx) hợp lệ: {e}. Lưu lại bằng Word dạng .docx."]

    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    try:
        used = DocxTemplate(str(path)).get_undeclared_template_variables()
    except TemplateSyntaxError as e:
        problems.append(
            f"Lỗi cú pháp thẻ mẫu: {e.message}. Kiểm tra các cặp {{% for %}}/{{% endfor %}}, "
            "{% if %}/{% endif %} và dấu đóng thẻ."
        )
        return problems
    for var in sorted(used - context_keys - _BUILTINS):
        problems.append(
            f"Biến không có trong dữ liệu {what}: «{var}». Sửa lại tên biến (các biến có: "
            f"{', '.join(sorted(context_keys))})."
        )
    for var in sorted(required_keys - used):
        problems.append(f"Mẫu thiếu biến bắt buộc «{{{{ {var} }}}}»: thêm lại vào đúng vị trí trong mẫu.")
    return problems
