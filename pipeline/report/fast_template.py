"""docxtpl's :class:`DocxTemplate` with the same output, faster on long appendix tables and on many
documents from one template.

docxtpl walks every paragraph of the rendered XML for tab, new-line and page-break characters and
every cell of every table for its column span, in Python. A province's appendices hold hundreds of
rows (at national size the long lists are counted instead, :mod:`pipeline.report.unit_lists`): here a
paragraph is walked only when it holds one of those characters, and a row's cells are counted with
one compiled XPath – the result is byte for byte the same.

docxtpl also cleans each part's XML for Jinja (a dozen regular expressions over the whole part) and
compiles it, for every document. A run renders several letters from one template: each part is
cleaned and compiled once per process and reused (the cleaning depends on the XML alone; the
compiled template on the cleaned text, in one shared autoescaping environment with Jinja's defaults).
"""

from __future__ import annotations

import re
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment
from jinja2.utils import LRUCache
from lxml import etree

KEPT = 16  # parts kept cleaned and compiled (a report and a letter template have a few parts each)

_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # docxtpl's own pattern
_LISTING = re.compile(r"[\t\a\n\f]")  # what docxtpl's resolve_listing rewrites inside <w:t>


def _kept(cache: LRUCache, key: str, make) -> Any:
    """``cache[key]``, made and kept (the least recently used dropped beyond ``KEPT``)."""
    value = cache.get(key)
    if value is None:
        value = cache[key] = make()
    return value


class _KeepingEnvironment(Environment):
    """An autoescaping environment with Jinja's defaults whose ``from_string`` compiles a text once."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self.compiled = LRUCache(KEPT)

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        return _kept(self.compiled, source, lambda: super(_KeepingEnvironment, self).from_string(source))


_ENVIRONMENT: _KeepingEnvironment | None = None
_CLEANED = LRUCache(KEPT)


class FastTemplate(DocxTemplate):
    def render(self, context: dict[str, Any], jinja_env: Environment | None = None, autoescape: bool = False):
        global _ENVIRONMENT
        if jinja_env is None and autoescape:  # what docxtpl would make, shared across documents
            if _ENVIRONMENT is None:
                _ENVIRONMENT = _KeepingEnvironment()
            jinja_env = _ENVIRONMENT
        return super().render(context, jinja_env, autoescape)

    def patch_xml(self, src_xml: str) -> str:
        return _kept(_CLEANED, src_xml, lambda: super(FastTemplate, self).patch_xml(src_xml))

    def resolve_listing(self, xml: str) -> str:
        if not _LISTING.search(xml):
            return xml
        parent = super().resolve_listing
        return _PARAGRAPH.sub(
            lambda m: parent(m.group(0)) if _LISTING.search(m.group(0)) else m.group(0), xml
        )

    def fix_tables(self, xml):
        parser = etree.XMLParser(recover=True)
        tree = etree.fromstring(xml, parser=parser)
        w = tree.nsmap["w"]
        ns = "{" + w + "}"
        spans = etree.XPath("w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val", namespaces={"w": w})
        for t in tree.iter(ns + "tbl"):
            tbl_grid = t.find(ns + "tblGrid")
            columns = tbl_grid.findall(ns + "gridCol")
            rows = [(len(r.findall(ns + "tc")), r) for r in t.iter(ns + "tr")]
            to_add = max((n - len(columns) for n, _ in rows), default=0)
            if to_add > 0:
                width = 0.0
                new_average = None
                for c in columns:
                    if c.get(ns + "w") is not None:
                        width += float(c.get(ns + "w"))
                if width > 0:
                    old_average = width / len(columns)
                    new_average = width / (len(columns) + to_add)
                    for c in columns:
                        c.set(ns + "w", str(int(float(c.get(ns + "w")) * new_average / old_average)))
                    for _ in range(to_add):
                        etree.SubElement(tbl_grid, ns + "gridCol", {ns + "w": str(int(new_average))})
            columns = tbl_grid.findall(ns + "gridCol")
            columns_len = len(columns)
            cells_len_max = 0
            for n, r in rows:
                given = spans(r) if n else ()
                cells_len_max = max(cells_len_max, n - len(given) + sum(int(s) for s in given))
            to_remove = columns_len - cells_len_max
            if to_remove > 0:
                removed_width = 0.0
                for c in columns[-to_remove:]:
                    removed_width += float(c.get(ns + "w"))
                    tbl_grid.remove(c)
                columns_left = tbl_grid.findall(ns + "gridCol")
                extra_space = 0
                if len(columns_left) > 0:
                    extra_space = int(removed_width / len(columns_left))
                for c in columns_left:
                    c.set(ns + "w", str(int(float(c.get(ns + "w")) + extra_space)))
        return tree
