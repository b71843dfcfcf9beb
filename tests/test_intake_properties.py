"""Property test of intake end to end: arbitrary bytes under spreadsheet and e-mail names, and real
generated forms with flipped, cut or inserted bytes, next to one good form. ``check_files`` never
raises, every file gets an entry with a status, and the good form stays accepted."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.intake.pool import MB, PoolOptions, ReaderPool
from pipeline.intake.process import check_files

from ._intake import YEAR, build, good_values, pick_district
from .intake_files import rezip

STATUSES = {"accepted", "rejected", "duplicate", "superseded"}
GOOD = "good.xlsx"


class Forms(NamedTuple):
    good: bytes
    base: bytes

    def __repr__(self) -> str:  # hypothesis prints the arguments of a failing example
        return f"Forms(good={len(self.good)} bytes, base={len(self.base)} bytes)"


@pytest.fixture(scope="module")
def forms(loaded_catalog, view2024, tmp_path_factory):
    """(good form bytes, another unit's form bytes to mutate): different units, so a mutant that
    still reads as a form never supersedes the good one."""
    d = tmp_path_factory.mktemp("forms")
    good_unit = pick_district(view2024)
    other = next(u.code for u in view2024.active_units if u.code != good_unit)
    good = build(loaded_catalog, good_unit, d / "good.xlsx", good_values(view2024, good_unit)).read_bytes()
    base = build(loaded_catalog, other, d / "other.xlsx", good_values(view2024, other)).read_bytes()
    return Forms(good, base)


@pytest.fixture(scope="module")
def pool():
    with ReaderPool(PoolOptions(workers=2, timeout=20.0, memory_limit=512 * MB)) as p:
        yield p


# one edit of a real form: ("flip", position, xor mask) / ("cut", position) / ("insert", position, bytes)
EDIT = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 2**31), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 2**31)),
    st.tuples(st.just("insert"), st.integers(0, 2**31), st.binary(min_size=1, max_size=64)),
)


def mutate(data: bytes, edits: list[tuple]) -> bytes:
    b = bytearray(data)
    for edit in edits:
        pos = edit[1] % (len(b) + 1)
        if edit[0] == "flip" and b:
            b[min(pos, len(b) - 1)] ^= edit[2]
        elif edit[0] == "cut":
            del b[pos:]
        elif edit[0] == "insert":
            b[pos:pos] = edit[2]
    return bytes(b)


def mutate_part(data: bytes, which: int, edits: list[tuple]) -> bytes:
    """The same edits inside one part of the zip (a sheet's XML, shared strings, …), re-zipped: what
    reaches the XML and spreadsheet parsers rather than failing the zip's CRC."""
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    name = names[which % len(names)]
    return rezip(data, {name: mutate(zipfile.ZipFile(io.BytesIO(data)).read(name), edits)})


ARBITRARY = st.tuples(
    st.just("bytes"),
    st.sampled_from([".xlsx", ".xls", ".ods", ".eml", ".xlsm"]),
    st.one_of(
        st.binary(max_size=2048),
        # plausible starts: a zip, an OLE2 compound file, an e-mail header
        st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=512).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
        st.binary(max_size=512).map(lambda b: b"From: a@b.vn\r\nSubject: bc\r\n\r\n" + b),
    ),
)
MUTANT = st.tuples(
    st.just("mutant"), st.sampled_from([".xlsx", ".ods", ".xls"]), st.lists(EDIT, min_size=1, max_size=4)
)
PART_MUTANT = st.tuples(
    st.just("part"), st.just(".xlsx"), st.tuples(st.integers(0, 99), st.lists(EDIT, min_size=1, max_size=3))
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(files=st.lists(st.one_of(ARBITRARY, MUTANT, PART_MUTANT), min_size=1, max_size=4))
def test_check_files_never_raises(loaded_catalog, forms, pool, files):
    good, base = forms
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        (root / GOOD).write_bytes(good)
        names = []
        for k, (kind, suffix, arg) in enumerate(files):
            name = f"tep-{k}{suffix}"
            if kind == "bytes":
                data = arg
            elif kind == "mutant":
                data = mutate(base, arg)
            else:
                data = mutate_part(base, *arg)
            (root / name).write_bytes(data)
            names.append(name)

        res = check_files([root], loaded_catalog, YEAR, root, pool=pool)

        for e in res.inputs:
            assert e.status in STATUSES, e
            assert "CHECK-FAILED" not in [f.code for f in e.findings], e.findings  # no rule crashed
            assert all(
                f.code and f.severity in ("error", "warning", "info") and f.message for f in e.findings
            )
            if e.status == "rejected":
                assert any(f.severity == "error" for f in e.findings), e
        paths = [e.path for e in res.inputs]
        for name in [GOOD, *names]:  # every file gets a verdict (an e-mail: one per attachment)
            assert any(p == name or p.startswith(name + "#") for p in paths), (name, paths)
        good_entry = next(e for e in res.inputs if e.path == GOOD)
        assert good_entry.status == "accepted", good_entry.findings
        assert not [f for f in good_entry.findings if f.severity == "error"], good_entry.findings
        assert {r.submission for r in res.rows} >= {GOOD}
