"""Smoke test of bench/ (issue 8): the corpus builder and one ``run_year`` at N = 33.

Not a timed test – it only proves the benchmark still runs: every synthetic file (real forms,
zip-level clones and, with LibreOffice, byte-level .xls clones) is identified by its own ``_meta``
and the run receives all 33 units.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections import Counter

from bench.make_corpus import build_corpus
from pipeline.consolidate.run_year import run_year
from tests.conftest import find_soffice


def test_bench_corpus_and_run_at_33(tmp_path):
    with_xls = find_soffice() is not None or bool(os.environ.get("CI"))
    corpus = build_corpus(33, cache=tmp_path / "cache", log=lambda _m: None, xls=with_xls)
    assert corpus.files == 33
    assert (corpus.xls >= 1) == with_xls

    # clones differ from their base in identity and bytes
    names = sorted(p.name for p in corpus.folder.iterdir())
    assert len({(corpus.folder / n).read_bytes() for n in names}) == 33
    clone = next(p for p in corpus.folder.iterdir() if "X0010" in p.name and p.suffix == ".xlsx")
    with zipfile.ZipFile(clone) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode("utf-8")
    assert "X0010" in strings and "X0002" not in strings  # a clone of X0002

    result = run_year(
        corpus.loaded(),
        year=corpus.year,
        inputs_root=corpus.inputs,
        out_root=tmp_path / "out",
        as_of=dt.date(2024, 11, 30),
    )
    m = result.manifest
    assert len(m.completeness.received) == 33
    assert Counter(e.status for e in m.inputs) == {"accepted": 33}
    assert {e.identified_by for e in m.inputs} == {"meta"}
    assert not [f for e in m.inputs for f in e.findings if f.severity == "error"]
    assert result.outputs["workbook"].is_file()
    assert result.outputs["report"].is_file()
    assert set(result.timings) >= {
        "read_check",
        "consolidate",
        "workbook",
        "feedback",
        "docx",
        "letters",
        "total",
    }
