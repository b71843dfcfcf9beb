"""Render the yearly report (.docx) from the run manifest alone, through ``templates/report.docx``.

``render(ctx, autoescape=True)`` so unit names with ``&``, ``<`` or quotes cannot break the XML;
every string is NFC; the file is written to a temporary name beside the target, then moved into
place (a reader never sees half a file).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.catalog.load import LoadedCatalog
from pipeline.manifest import Manifest
from pipeline.report.context import build_context

__all__ = [
    "DEFAULT_TEMPLATE",
    "detach_section_breaks",
    "render_report",
    "report_filename",
    "resolve_template",
]

DEFAULT_TEMPLATE = Path("templates/report.docx")
_PACKAGED = Path(__file__).resolve().parents[2] / "templates" / "report.docx"


def resolve_template(template: Path | str | None = None) -> Path:
    """The template to use: the given path, else ``templates/report.docx`` here or in the repository."""
    if template is not None and Path(template) != DEFAULT_TEMPLATE:
        return Path(template)
    if DEFAULT_TEMPLATE.is_file() or not _PACKAGED.is_file():
        return DEFAULT_TEMPLATE
    return _PACKAGED


def report_filename(year: int, variant: str = "so-noi-vu") -> str:
    """``bao-cao-2025.docx`` (Sở Nội vụ variant) or ``bao-cao-2025-ubnd-tinh.docx``."""
    return f"bao-cao-{year}.docx" if variant == "so-noi-vu" else f"bao-cao-{year}-{variant}.docx"


_TAG_P = re.compile(r"^\s*\{%-?\s*p\s")


def detach_section_breaks(body) -> int:
    """Move a section break off a ``{%p … %}`` paragraph onto a new empty paragraph right after it.

    Word and LibreOffice put a section break on the last paragraph of a section; when an edited
    template's last paragraph is a ``{%p %}`` tag, docxtpl would drop the break with the tag. After
    the tag, the break belongs to what the tag opens (``{%p if %}``) or follows it (``{%p endif %}``).
    Returns how many breaks were moved.
    """
    moved = 0
    for para in list(body.iterchildren(qn("w:p"))):
        ppr = para.find(qn("w:pPr"))
        sect = ppr.find(qn("w:sectPr")) if ppr is not None else None
        if sect is None:
            continue
        text = "".join(t.text or "" for t in para.iter(qn("w:t")))
        if not _TAG_P.match(text):
            continue
        new_p = OxmlElement("w:p")
        new_ppr = OxmlElement("w:pPr")
        new_p.append(new_ppr)
        ppr.remove(sect)
        new_ppr.append(sect)
        para.addnext(new_p)
        moved += 1
    return moved


def _catalog(loaded_catalog: Any):
    return loaded_catalog.catalog if isinstance(loaded_catalog, LoadedCatalog) else loaded_catalog


def render_report(
    manifest: Manifest,
    loaded_catalog: LoadedCatalog,
    out_path: Path | str,
    variant: str = "so-noi-vu",
    so: str | int | None = None,
    ngay: dt.date | None = None,
    template: Path | str = DEFAULT_TEMPLATE,
    charts: bool = False,
    phrases: Path | str | None = None,
) -> Path:
    """Write the report for ``manifest`` to ``out_path`` and return it.

    ``so``/``ngay`` fill the number and the day; without them the report is a draft (DỰ THẢO) with
    both left blank for the records office. ``charts`` adds a chart appendix (matplotlib).
    ``phrases``: the Sở's phrase file (default ``templates/cau-chu-bao-cao.txt``); a file that does
    not pass ``ptn report lint`` raises :class:`~pipeline.wording.PhraseFileError`.
    """
    from pipeline.report import phrases as report_phrases
    from pipeline.report.fast_template import FastTemplate

    template = resolve_template(template)
    if not template.is_file():
        raise FileNotFoundError(f"Không tìm thấy mẫu báo cáo {template}")
    out_path = Path(out_path)
    book = report_phrases.load(phrases)
    ctx = build_context(
        manifest, _catalog(loaded_catalog), variant=variant, so=so, ngay_bh=ngay, phrases=book
    )
    tpl = FastTemplate(str(template))
    tpl.init_docx()
    detach_section_breaks(tpl.docx.element.body)
    tpl.render(ctx, autoescape=True)
    if charts:
        from pipeline.report.charts import add_chart_appendix

        add_chart_appendix(tpl.docx, manifest, ctx)
    return save_docx(tpl, out_path)


def save_docx(tpl, out_path: Path | str) -> Path:
    """Write a rendered document whole, then move it into place (``write_bytes_atomic``). It is saved in
    memory first: python-docx leaves its zip file open when a write into it fails (a full disk), and
    that file, closed later by the garbage collector, fails again with a traceback on screen."""
    import io

    from pipeline.writers.atomic import write_bytes_atomic

    buf = io.BytesIO()
    tpl.save(buf)
    return write_bytes_atomic(Path(out_path), buf.getvalue())
