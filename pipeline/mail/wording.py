"""The wording of each kind of message: ``templates/thu-dien-tu.txt``, a plain text file the Sở edits.

One section per kind (``[de-nghi-bao-cao]`` …), a ``Tiêu đề:`` line, then the body. Placeholders are
Vietnamese words in braces (``{tên đơn vị}``); an unknown one is reported with its line when the file
is read, before anything is sent. A line whose placeholders are all empty is left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.exitcodes import UsageProblem

WORDING_FILE = Path("templates") / "thu-dien-tu.txt"
_PACKAGED = Path(__file__).resolve().parents[2] / "templates" / "thu-dien-tu.txt"
SUBJECT_PREFIX = "Tiêu đề:"

# the placeholders a message may use (explained at the top of the wording file)
PLACEHOLDERS = (
    "năm",
    "tên đơn vị",
    "mã đơn vị",
    "số kế hoạch",
    "ngày kế hoạch",
    "hạn gửi",
    "tệp đính kèm",
    "cơ quan gửi",
    "người liên hệ",
    "chức vụ người liên hệ",
    "phòng liên hệ",
    "điện thoại liên hệ",
    "thư điện tử liên hệ",
    "số lỗi",
    "số cảnh báo",
    "tình trạng",
)
_SECTION = re.compile(r"^\[\s*([^\]]+?)\s*\]\s*$")
_FIELD = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Wording:
    kind: str
    subject: str
    body: list[str]  # lines, placeholders unfilled


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def wording_path(given: Path | None = None) -> Path:
    """The wording file: the given one, else ``templates/thu-dien-tu.txt`` here or in the repository."""
    if given is not None:
        return Path(given)
    return WORDING_FILE if WORDING_FILE.is_file() or not _PACKAGED.is_file() else _PACKAGED


def load_wording(path: Path | None = None, kinds: tuple[str, ...] = ()) -> dict[str, Wording]:
    """Read the wording file; ``kinds`` must each have a section with a subject."""
    path = wording_path(path)
    try:
        text = _nfc(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as e:
        raise UsageProblem(
            f"Không đọc được tệp lời văn thư điện tử {path}: {e}.",
            hint="Tệp phải là văn bản thuần mã UTF-8 (Notepad: Lưu thành… → Mã hóa UTF-8).",
        ) from None
    sections: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    for no, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        m = _SECTION.match(line)
        if m:
            current = sections.setdefault(m[1].strip().lower(), [])
            continue
        if current is not None:
            current.append((no, line.rstrip()))
        for name in _FIELD.findall(line):
            if name.strip() not in PLACEHOLDERS:
                raise UsageProblem(
                    f"Tệp lời văn thư {path}, dòng {no}: chỗ điền {{{name}}} không có.",
                    hint="Dùng một trong: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS) + ".",
                )
    out: dict[str, Wording] = {}
    for kind, lines in sections.items():
        subject = next(
            (ln[len(SUBJECT_PREFIX) :].strip() for _, ln in lines if ln.startswith(SUBJECT_PREFIX)), ""
        )
        body = [ln for _, ln in lines if not ln.startswith(SUBJECT_PREFIX)]
        while body and not body[0].strip():
            body.pop(0)
        while body and not body[-1].strip():
            body.pop()
        out[kind] = Wording(kind, subject, body)
    for kind in kinds:
        if kind not in out or not out[kind].subject:
            raise UsageProblem(
                f"Tệp lời văn thư {path} thiếu mục [{kind}] hoặc dòng «{SUBJECT_PREFIX}» của mục đó.",
                hint=f"Thêm mục [{kind}] với dòng «{SUBJECT_PREFIX} …» và nội dung thư (xem tệp gốc trong kho mã).",
            )
    return out


def fill(text: str, values: Mapping[str, str]) -> str:
    out = _FIELD.sub(lambda m: values.get(m[1].strip(), ""), text)
    out = re.sub(r"([:,])(\s*,)+", r"\1", out)  # "liên hệ: , Chuyên viên" when a value is empty
    return re.sub(r"[ \t]*,[ \t]*$", "", out)


def render(w: Wording, values: Mapping[str, str]) -> tuple[str, str]:
    """(subject, body) with the placeholders filled; lines whose placeholders are all empty dropped."""
    lines = []
    for line in w.body:
        names = [n.strip() for n in _FIELD.findall(line)]
        if names and not any(values.get(n, "").strip() for n in names):
            continue
        lines.append(fill(line, values))
    subject = " ".join(fill(w.subject, values).split())
    return subject, "\n".join(lines).strip() + "\n"
