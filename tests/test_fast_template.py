"""The report's and letters' docxtpl template (pipeline/report/fast_template.py): the same documents as
docxtpl's own DocxTemplate, each part of a template cleaned and compiled once per process."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import Environment

from pipeline.letters.render import _template_bytes, render_letter, resolve_template
from pipeline.report.fast_template import FastTemplate
from pipeline.report.render import detach_section_breaks


def _parts(path_or_bytes) -> dict[str, bytes]:
    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with zipfile.ZipFile(src) as z:
        return {n: z.read(n) for n in z.namelist()}


def _by_docxtpl(ctx, template: Path) -> bytes:
    tpl = DocxTemplate(io.BytesIO(_template_bytes(template)))
    tpl.init_docx()
    detach_section_breaks(tpl.docx.element.body)
    tpl.render(ctx, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def test_every_letter_is_the_document_docxtpl_makes(letters):
    """Rendered one after the other (the later ones from what the first ones cleaned and compiled)."""
    assert len(letters) >= 4
    for key, r in letters.items():
        template = resolve_template("to-trinh.docx" if key.startswith("to-trinh") else "cong-van.docx")
        assert _parts(r.path) == _parts(_by_docxtpl(r.ctx, template)), key


def test_a_template_is_compiled_once_for_many_documents(letters, tmp_path, monkeypatch):
    compiled = []
    make = Environment.from_string

    def counting(self, source, *a, **k):
        compiled.append(len(source))
        return make(self, source, *a, **k)

    monkeypatch.setattr(Environment, "from_string", counting)
    ctx = letters["bo-sung"].ctx
    template = resolve_template("cong-van.docx")
    first = render_letter(ctx, template, tmp_path / "a.docx")  # the fixture rendered it already: kept
    again = render_letter(ctx, template, tmp_path / "b.docx")
    assert compiled == []
    assert _parts(first) == _parts(again)
    # a template edited since is a new text: compiled anew
    tpl = FastTemplate(io.BytesIO(_template_bytes(template)))
    tpl.init_docx()
    tpl.docx.add_paragraph("{{ 1 + 1 }}")
    tpl.render(ctx, autoescape=True)
    assert len(compiled) == 1
    out = io.BytesIO()
    tpl.save(out)
    assert b">2</w:t>" in _parts(out.getvalue())["word/document.xml"]
