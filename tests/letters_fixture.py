"""A real run of the shipped sample year after its deadline (letters included), and each kind of
letter rendered from it and from the catalog, for the letters' tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx

from pipeline.catalog.load import LoadedCatalog
from pipeline.consolidate.run_year import RunResult, run_year
from pipeline.letters.followup import correction_context, corrections_due, reminder_context, to_remind
from pipeline.letters.phrases import CONG_VAN_FILE, TO_TRINH_FILE, load_phrases
from pipeline.letters.render import render_letter, resolve_template
from pipeline.letters.request import request_context
from pipeline.letters.submission import submission_context, yearly_submission

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
AS_OF = dt.date(2024, 12, 2)  # after the deadline (14/11/2024): the đôn đốc is due
TODAY = dt.date(2025, 9, 20)  # the day the đề nghị báo cáo of 2025 is drafted


def sample_run(loaded: LoadedCatalog, out_root: Path) -> RunResult:
    return run_year(loaded, year=YEAR, inputs_root=ROOT / "inputs", out_root=out_root, as_of=AS_OF)


@dataclass
class Rendered:
    path: Path
    doc: Any  # python-docx Document
    ctx: dict[str, Any]


def render_all(loaded: LoadedCatalog, result: RunResult, out: Path) -> dict[str, Rendered]:
    """Every kind, as a draft or with a number and a day: keys de-nghi-bao-cao (draft), de-nghi-phoi-hop
    (05, 22/09/2025), don-doc (draft), bo-sung (12, 04/12/2024), to-trinh (draft), to-trinh-so (07,
    05/12/2024)."""
    c, m = loaded.catalog, result.manifest
    cv, tt = load_phrases(CONG_VAN_FILE), load_phrases(TO_TRINH_FILE)
    owed = to_remind(m)
    unit = corrections_due(m)[0]
    ctxs = {
        "de-nghi-bao-cao": request_context(c, 2025, "de-nghi-bao-cao", cv, today=TODAY),
        "de-nghi-phoi-hop": request_context(
            c, 2025, "de-nghi-phoi-hop", cv, so=5, ngay_bh=dt.date(2025, 9, 22), today=TODAY
        ),
        "don-doc": reminder_context(m, c, owed, cv),
        "bo-sung": correction_context(
            m, c, unit, cv, feedback_name=f"{unit.unit}.xlsx", so=12, ngay_bh=dt.date(2024, 12, 4)
        ),
        "to-trinh": submission_context(
            c, yearly_submission(m, c, tt), year=m.year, draft_day=m.as_of, sample=m.sample_data
        ),
        "to-trinh-so": submission_context(
            c, yearly_submission(m, c, tt), year=m.year, draft_day=m.as_of, so=7, ngay_bh=dt.date(2024, 12, 5)
        ),
    }
    out.mkdir(parents=True, exist_ok=True)
    rendered = {}
    for key, ctx in ctxs.items():
        tpl = resolve_template("to-trinh.docx" if key.startswith("to-trinh") else "cong-van.docx")
        path = render_letter(ctx, tpl, out / f"{key}.docx")
        rendered[key] = Rendered(path, docx.Document(str(path)), ctx)
    return rendered
