"""The catalog cache (issue 18): a catalog parsed once is read back as JSON by the next command – the
same catalog, the same hash – and never when anything it was made from changed."""

from __future__ import annotations

import shutil

from pipeline.catalog import cache
from pipeline.catalog.load import load_catalog

from .conftest import PLAN


def _copy(tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(PLAN.parent, folder)
    return folder / PLAN.name


def test_second_load_comes_from_the_cache_and_is_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("PTN_CACHE_DIR", str(tmp_path / "cache"))
    plan = _copy(tmp_path)
    first = load_catalog(plan)
    entries = list((tmp_path / "cache").glob("danh-muc-*.json"))
    assert len(entries) == 1
    kept = cache.get(plan, plan.read_bytes())
    assert kept is not None and kept.catalog == first.catalog and kept.sha256 == first.sha256
    again = load_catalog(plan)
    assert again.catalog == first.catalog and again.sha256 == first.sha256 and again.path == plan


def test_a_changed_unit_list_or_damaged_entry_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("PTN_CACHE_DIR", str(tmp_path / "cache"))
    plan = _copy(tmp_path)
    first = load_catalog(plan)
    csv = plan.parent / "don-vi-cap-xa-2025.csv"
    text = csv.read_text(encoding="utf-8-sig")
    name = next(u.name for u in first.catalog.units if u.code.startswith("X"))
    csv.write_text(text.replace(name, name + " mới", 1), encoding="utf-8")
    assert cache.get(plan, plan.read_bytes()) is None  # the CSV it was made from changed
    changed = load_catalog(plan)
    assert changed.sha256 != first.sha256 and any(u.name == name + " mới" for u in changed.catalog.units)
    for entry in (tmp_path / "cache").glob("danh-muc-*.json"):
        entry.write_text("{ hỏng", encoding="utf-8")
    assert cache.get(plan, plan.read_bytes()) is None
    assert load_catalog(plan).sha256 == changed.sha256


def test_an_unwritable_cache_folder_is_no_problem(tmp_path, monkeypatch):
    blocker = tmp_path / "tep"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("PTN_CACHE_DIR", str(blocker / "cache"))  # a file where the folder would be
    plan = _copy(tmp_path)
    assert load_catalog(plan).sha256 == load_catalog(plan).sha256
