"""The ND 30/2020/NĐ-CP building blocks of every Word template ptn builds: the yearly report
(:mod:`pipeline.report.template_builder`), the letters (:mod:`pipeline.letters.template_builder`) and
the five-year review (:mod:`pipeline.so_ket.report.template_builder`), so they look alike and an
official edits each the same way.

Layout follows ``ND30-FORMAT.md``: A4, margins 20/20/30/15 mm, header 10 mm, Times New Roman in every
font slot (:mod:`.text`), the borderless two-row header table (65 | 100 mm) and the other document
parts (:mod:`.parts`), PAGE field centred in the header from page 2, each phụ lục in its own landscape
section numbered from 1 (:mod:`.page`), appendix tables (:mod:`.tables`). Every ``{{ }}``/``{% %}`` tag
sits in one run.
"""

from __future__ import annotations

from pipeline.report.nd30.page import (
    SAMPLE_MARK,
    new_landscape,
    page_number_header,
    restart_numbering,
    setup_page,
)
from pipeline.report.nd30.parts import (
    appendix_head,
    body_loop,
    header_table,
    opening,
    report_document,
    signature,
)
from pipeline.report.nd30.tables import cell_text, grouped_table, loop_table
from pipeline.report.nd30.text import (
    BODY_PT,
    FONT,
    LANG,
    C,
    J,
    L,
    paragraph,
    rule,
    setup_styles,
    tag_paragraph,
)

__all__ = [
    "BODY_PT",
    "FONT",
    "LANG",
    "SAMPLE_MARK",
    "C",
    "J",
    "L",
    "appendix_head",
    "body_loop",
    "cell_text",
    "grouped_table",
    "header_table",
    "loop_table",
    "new_landscape",
    "opening",
    "page_number_header",
    "paragraph",
    "report_document",
    "restart_numbering",
    "rule",
    "setup_page",
    "setup_styles",
    "signature",
    "tag_paragraph",
]
