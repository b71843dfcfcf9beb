"""Render a letter's context through its Word template and write it atomically.

The templates are ordinary Word files the Sở may edit (``templates/cong-van.docx``,
``templates/to-trinh.docx``; the copy in the working folder's ``templates/`` wins over the shipped
one). Rendering uses the report's rules and its template class (a template's parts cleaned and
compiled once for many letters, :mod:`pipeline.report.fast_template`): ``autoescape=True`` (a unit
named ``A & B <C>`` cannot break the XML), section breaks moved off ``{%p %}`` tags (a template
re-saved by LibreOffice), and the file written beside its target then moved into place (a reader
never sees half a letter; a letter open in Word is reported with what to do).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pipeline.report.render import detach_section_breaks, save_docx

__all__ = ["TEMPLATES", "render_letter", "resolve_template"]

#: template name → the kinds of letter it renders
TEMPLATES = {"cong-van.docx": "công văn", "to-trinh.docx": "tờ trình"}
_PACKAGED = Path(__file__).resolve().parents[2] / "templates"
_cache: dict[tuple[str, int, int], bytes] = {}


def resolve_template(name: str, given: Path | str | None = None) -> Path:
    """``given``, else ``templates/<name>`` in the working folder, else the shipped copy."""
    if given is not None:
        return Path(given)
    local = Path("templates") / name
    if local.is_file() or not (_PACKAGED / name).is_file():
        return local
    return _PACKAGED / name


def _template_bytes(path: Path) -> bytes:
    """The template's bytes, read once per version of the file (a run renders many letters)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise FileNotFoundError(f"Không tìm thấy mẫu văn bản {path.as_posix()}") from None
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    if key not in _cache:
        _cache.clear()
        _cache[key] = path.read_bytes()
    return _cache[key]


def render_letter(ctx: dict[str, Any], template: Path | str, out_path: Path | str) -> Path:
    """Render ``ctx`` through ``template`` into ``out_path`` (atomically) and return the path."""
    from pipeline.report.fast_template import FastTemplate

    tpl = FastTemplate(io.BytesIO(_template_bytes(Path(template))))
    tpl.init_docx()
    detach_section_breaks(tpl.docx.element.body)
    tpl.render(ctx, autoescape=True)
    return save_docx(tpl, out_path)
