"""Wording an official can edit: phrase files, one entry per sentence pattern (shared by every document).

The Sở rewords its documents every year; the sentences therefore live in plain UTF-8 text files
(``templates/cau-chu-*.txt``), never in Python. A phrase file reads::

    # Lines starting with # are comments: what the sentence is for, what each {chỗ trống} holds.
    [dac_diem.thanh_nien]
    Theo báo cáo của {pham_vi}, trên địa bàn tỉnh có {so_thanh_nien} thanh niên.

* ``[khóa]`` opens an entry; the lines under it (up to the next ``[…]``) are its text, joined with
  single spaces. An entry whose text is left empty drops that sentence from the document.
* ``{ten}`` is a placeholder ptn fills with a figure or a name (already written the Vietnamese way);
  ``{{`` and ``}}`` write a brace.
* The code that uses a file declares a :data:`Contract`: for each key, the placeholders it provides.
  :func:`check_text` holds an edited copy against it (unknown, missing or repeated entries, unknown
  placeholders, unbalanced braces, entries that must not be empty) and says each problem in
  Vietnamese with its line; :meth:`Phrases.say` refuses a call that does not pass exactly the
  declared placeholders, so the contract stays true.

Used by the yearly report (``cau-chu-bao-cao.txt``), the forms (``cau-chu-bieu-mau.txt``), the
feedback forms (``cau-chu-phan-hoi.txt``), the letters (``cau-chu-cong-van.txt``, ``cau-chu-to-trinh.txt``)
and the e-mails (``cau-chu-thu-dien-tu.txt``), each with its contract and the name of its document
(``what``), so a problem says whose wording it is in.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Contract",
    "PhraseFileError",
    "Phrases",
    "check_file",
    "check_text",
    "contract",
    "parse",
    "placeholders",
    "read_text",
    "resolve",
]

#: key → the placeholders the code provides for it
Contract = Mapping[str, frozenset[str]]

_KEY_LINE = re.compile(r"^\[\s*([^\]]*?)\s*\]\s*$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

_REPO_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@dataclass(frozen=True)
class Entry:
    key: str
    text: str  # joined, whitespace collapsed, NFC; "" = the sentence is dropped
    line: int  # line of the [key] header (1-based)


class PhraseFileError(Exception):
    """A phrase file that cannot be used: ``problems`` says what to fix, in Vietnamese; ``what`` names
    the document it words ("báo cáo", "biểu mẫu", "công văn" …) for the caller's message."""

    def __init__(self, path: str, problems: list[str], what: str = ""):
        self.path = path
        self.problems = problems
        self.what = what
        super().__init__(f"{path}: " + "; ".join(problems[:3]))

    @property
    def title(self) -> str:
        """``Tệp câu chữ <document> <path>`` – the start of a message about this file."""
        return (
            f"Tệp câu chữ {self.what} {Path(self.path).as_posix()}"
            if self.what
            else (f"Tệp câu chữ {Path(self.path).as_posix()}")
        )


def _in(what: str) -> str:
    """Where an entry is looked for, in a message: "trong công văn", or neutral when not named."""
    return f"trong {what}" if what else "trong tệp câu chữ này"


def contract(*declarations: Mapping[str, str | Iterable[str]]) -> dict[str, frozenset[str]]:
    """Merge declarations ``{key: "ten_mot ten_hai"}`` (or an iterable of names) into a contract."""
    out: dict[str, frozenset[str]] = {}
    for decl in declarations:
        for key, names in decl.items():
            if key in out:
                raise ValueError(f"phrase key declared twice: {key}")
            out[key] = frozenset(names.split() if isinstance(names, str) else names)
    return out


def resolve(name: str, given: Path | str | None = None) -> Path:
    """The phrase file to use: ``given``, else ``templates/<name>`` in the working folder (where the
    Sở keeps its edited copy), else the copy shipped in the repository."""
    if given is not None:
        return Path(given)
    local = Path("templates") / name
    if local.is_file() or not (_REPO_TEMPLATES / name).is_file():
        return local
    return _REPO_TEMPLATES / name


def read_text(path: Path | str) -> str:
    """The file's text (UTF-8, with or without BOM); :class:`PhraseFileError` when it is not UTF-8."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PhraseFileError(str(path), [f"Không tìm thấy tệp câu chữ {path}."]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PhraseFileError(
            str(path),
            [
                f"Tệp {path.name} không lưu dạng UTF-8: mở bằng Notepad, chọn Lưu thành (Save as) với "
                "mã hóa (Encoding) UTF-8 rồi lưu lại."
            ],
        ) from None


def placeholders(text: str) -> tuple[set[str], list[str]]:
    """The placeholder names ``text`` uses, and its brace problems (Vietnamese)."""
    names: set[str] = set()
    problems: list[str] = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok in ("{{", "}}"):
            continue
        if tok in ("{", "}"):
            problems.append(
                f"dấu «{tok}» không thành cặp (chỗ trống viết dạng {{ten}}; muốn in dấu ngoặc nhọn thì gõ hai lần)"
            )
            continue
        name = unicodedata.normalize("NFC", m.group(1)).strip()
        if not _NAME.match(name):
            problems.append(f"chỗ trống «{tok}» không hợp lệ (chỉ gồm chữ thường không dấu, số và dấu _)")
            continue
        names.add(name)
    return names, problems


def parse(text: str) -> tuple[list[Entry], list[str]]:
    """Entries of a phrase file in file order (repeats kept) and its syntax problems."""
    text = unicodedata.normalize("NFC", text)
    entries: list[Entry] = []
    problems: list[str] = []
    key: str | None = None
    start = 0
    body: list[str] = []

    def close() -> None:
        if key is not None:
            entries.append(Entry(key, re.sub(r"\s+", " ", " ".join(body)).strip(), start))

    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _KEY_LINE.match(line)
        if m:
            close()
            key, start, body = m.group(1), n, []
            if not _KEY.match(key):
                problems.append(
                    f"Dòng {n}: tên mục «[{key}]» không hợp lệ (chữ thường không dấu, số, dấu _ và dấu chấm)."
                )
            continue
        if key is None:
            problems.append(
                f"Dòng {n}: câu «{line[:40]}» nằm trước mọi mục: đặt câu dưới một dòng [tên mục], "
                "hoặc thêm # ở đầu dòng nếu là ghi chú."
            )
            continue
        body.append(line)
    close()
    return entries, problems


def check_text(text: str, spec: Contract, required: Iterable[str] = (), what: str = "") -> list[str]:
    """Problems of phrase-file ``text`` against ``spec`` (Vietnamese, each with its line); [] = usable.

    ``required``: key prefixes whose text must not be left empty (e.g. headings); ``what`` names the
    document the file words ("báo cáo", "biểu mẫu", "biểu mẫu phản hồi", "công văn", "tờ trình", "thư
    điện tử"), in the messages – every user passes its own."""
    entries, problems = parse(text)
    required = tuple(required)
    seen: dict[str, int] = {}
    for e in entries:
        if e.key in seen:
            problems.append(
                f"Dòng {e.line}: mục [{e.key}] lặp lại (đã có ở dòng {seen[e.key]}): giữ một mục, xóa mục kia."
            )
            continue
        seen[e.key] = e.line
        if e.key not in spec:
            near = difflib.get_close_matches(e.key, list(spec), n=1)
            hint = f" Có phải [{near[0]}]?" if near else ""
            problems.append(f"Dòng {e.line}: không có mục [{e.key}] {_in(what)}.{hint} Sửa lại tên mục.")
            continue
        names, brace = placeholders(e.text)
        problems += [f"Dòng {e.line}, mục [{e.key}]: {p}." for p in brace]
        allowed = spec[e.key]
        for name in sorted(names - allowed):
            near = difflib.get_close_matches(name, sorted(allowed), n=1)
            hint = f" Có phải {{{near[0]}}}?" if near else ""
            have = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "không có chỗ trống nào"
            problems.append(
                f"Dòng {e.line}, mục [{e.key}]: không có số liệu {{{name}}}.{hint} Các chỗ trống dùng được: {have}."
            )
        if not e.text and e.key.startswith(required):
            problems.append(
                f"Dòng {e.line}, mục [{e.key}]: không được để trống (đây là tiêu đề của một phần)."
            )
    for key in spec:
        if key not in seen:
            problems.append(
                f"Thiếu mục [{key}]: chép lại mục này từ tệp gốc (hoặc để trống câu dưới dòng [{key}] nếu muốn bỏ câu)."
            )
    return problems


def check_file(path: Path | str, spec: Contract, required: Iterable[str] = (), what: str = "") -> list[str]:
    """:func:`check_text` on a file; an unreadable file is one problem."""
    try:
        return check_text(read_text(path), spec, required, what)
    except PhraseFileError as e:
        return e.problems


class Phrases:
    """A checked phrase file: ``say(key, **values)`` fills one sentence pattern."""

    def __init__(self, entries: Mapping[str, str], spec: Contract, source: str = ""):
        self.entries = dict(entries)
        self.spec = spec
        self.source = source

    @classmethod
    def load(cls, path: Path | str, spec: Contract, required: Iterable[str] = (), what: str = "") -> Phrases:
        """Read and check ``path`` (the phrase file of the document ``what``); :class:`PhraseFileError`
        lists every problem."""
        try:
            text = read_text(path)
        except PhraseFileError as e:
            raise PhraseFileError(e.path, e.problems, what) from None
        problems = check_text(text, spec, required, what)
        if problems:
            raise PhraseFileError(str(path), problems, what)
        entries, _ = parse(text)
        return cls({e.key: e.text for e in entries}, spec, str(path))

    def has(self, key: str) -> bool:
        """Whether the sentence ``key`` is kept (its text is not empty)."""
        self._known(key)
        return bool(self.entries.get(key))

    def say(self, key: str, /, **values: object) -> str:
        """The sentence ``key`` with its placeholders filled (NFC; "" when the Sở emptied it)."""
        self._known(key)
        if set(values) != self.spec[key]:
            raise ValueError(
                f"phrase [{key}] declares {sorted(self.spec[key])} but was given {sorted(values)}"
            )
        text = self.entries.get(key, "")

        def fill(m: re.Match) -> str:
            tok = m.group(0)
            if tok == "{{":
                return "{"
            if tok == "}}":
                return "}"
            return str(values[m.group(1).strip()])

        out = _TOKEN.sub(fill, text)
        return unicodedata.normalize("NFC", re.sub(r"\s+", " ", out).strip())

    __call__ = say

    def _known(self, key: str) -> None:
        if key not in self.spec:
            raise KeyError(f"phrase key not in the contract: {key}")
