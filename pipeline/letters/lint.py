"""``ptn cong-van lint``: check the letters' phrase files and Word templates the Sở edited.

A phrase file is held against the contract of the letters it words (:mod:`pipeline.letters.phrases`);
a template against the keys the letters' context provides, with the report's checks (tags Word split
across runs, Jinja syntax, unknown or lost variables: :func:`pipeline.report.lint.lint_template`).
A file given by path is recognised by its content, so an edited copy may have any name.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.letters.meta import CONG_VAN_KEYS, CONG_VAN_REQUIRED, TO_TRINH_KEYS, TO_TRINH_REQUIRED
from pipeline.letters.phrases import DOCUMENT, PHRASE_FILES, required_keys
from pipeline.letters.render import TEMPLATES, resolve_template
from pipeline.report.lint import lint_template
from pipeline.wording import PhraseFileError, check_file, parse, read_text, resolve

__all__ = ["Checked", "lint_default_files", "lint_file"]


@dataclass(frozen=True)
class Checked:
    path: Path
    what: str  # Vietnamese: "câu chữ công văn", "mẫu tờ trình" …
    problems: list[str]


def _phrase_kind(path: Path) -> str:
    """The phrase file whose contract shares the most entries with ``path`` (by name when none)."""
    if path.name in PHRASE_FILES:
        return path.name
    try:
        entries, _ = parse(read_text(path))
    except PhraseFileError:
        return next(iter(PHRASE_FILES))
    keys = {e.key for e in entries}
    return max(PHRASE_FILES, key=lambda name: len(keys & set(PHRASE_FILES[name])))


def _lint_phrases(path: Path, name: str) -> Checked:
    spec, doc = PHRASE_FILES[name], DOCUMENT[name]
    return Checked(path, f"câu chữ {doc}", check_file(path, spec, required_keys(spec), doc))


def _is_to_trinh(path: Path) -> bool:
    if "to-trinh" in path.name:
        return True
    try:
        with zipfile.ZipFile(path) as z:
            return "TỜ TRÌNH" in z.read("word/document.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def _lint_template(path: Path) -> Checked:
    if _is_to_trinh(path):
        return Checked(
            path, "mẫu tờ trình", lint_template(path, TO_TRINH_KEYS, TO_TRINH_REQUIRED, "tờ trình")
        )
    return Checked(path, "mẫu công văn", lint_template(path, CONG_VAN_KEYS, CONG_VAN_REQUIRED, "công văn"))


def lint_file(path: Path | str) -> Checked:
    """Check one file: a phrase file (.txt) or a template (.docx)."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return _lint_template(path)
    if path.suffix.lower() == ".txt":
        return _lint_phrases(path, _phrase_kind(path))
    return Checked(path, "tệp", [f"Tệp {path.name} không phải tệp câu chữ (.txt) hay mẫu Word (.docx)."])


def lint_default_files() -> list[Checked]:
    """Check the phrase files and templates the letters use now (the Sở's copies in ``templates/``
    when present, else the shipped ones)."""
    out = [_lint_phrases(resolve(name), name) for name in PHRASE_FILES]
    out += [_lint_template(resolve_template(name)) for name in TEMPLATES]
    return out
