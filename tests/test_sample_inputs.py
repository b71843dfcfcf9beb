"""The committed sample years (inputs/2021 … inputs/2025) match the current template version.

If this fails after a catalog or layout change, regenerate them:
``python scripts/make_sample_inputs.py`` and commit inputs/ and tests/sample_expectations.json.
"""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

import pytest

from pipeline.catalog import CatalogView, load_catalog
from pipeline.catalog.form_version import form_version
from pipeline.templates.layout import LAYOUT_VERSION, META_SHEET

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
EXPECTATIONS = json.loads((ROOT / "tests" / "sample_expectations.json").read_text(encoding="utf-8"))
YEARS = ("2021", "2022", "2023", "2024", "2025")
FORM_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
REGENERATE = (
    "chạy lại: python scripts/make_sample_inputs.py (rồi commit inputs/ và tests/sample_expectations.json)"
)


def _sample_files() -> list[Path]:
    return sorted(
        p
        for year in YEARS
        for p in (INPUTS / year).iterdir()
        if p.is_file() and not p.name.startswith(".") and p.stem != "so-van-ban-den"
    )


def _meta_from_bytes(data: bytes, suffix: str, tmp_path: Path) -> dict[str, str]:
    from python_calamine import CalamineWorkbook

    f = tmp_path / f"form{suffix}"
    f.write_bytes(data)
    wb = CalamineWorkbook.from_path(str(f))
    assert META_SHEET in wb.sheet_names
    rows = wb.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)
    return {str(r[0]): str(r[1]) for r in rows if len(r) >= 2 and r[0] != ""}


def _metas(path: Path, tmp_path: Path) -> list[dict[str, str]]:
    if path.suffix.lower() == ".eml":
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        out = []
        for att in msg.iter_attachments():
            suffix = Path(att.get_filename() or "").suffix.lower()
            if suffix in FORM_SUFFIXES:
                out.append(_meta_from_bytes(att.get_content(), suffix, tmp_path))
        return out
    assert path.suffix.lower() in FORM_SUFFIXES, f"tệp lạ trong dữ liệu mẫu: {path}"
    return [_meta_from_bytes(path.read_bytes(), path.suffix.lower(), tmp_path)]


@pytest.fixture(scope="module")
def current_version():
    """The version the unit's form has today (by its content) for a year."""
    catalog = load_catalog().catalog
    views = {int(y): CatalogView(catalog, int(y)) for y in YEARS}
    return lambda year, unit: form_version(views[year], views[year].unit(unit))


@pytest.mark.parametrize("path", _sample_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_file_has_current_template_version(path: Path, current_version, tmp_path: Path):
    metas = _metas(path, tmp_path)
    assert metas, f"{path.name}: không có biểu mẫu"
    for meta in metas:
        want = current_version(int(meta["year"]), meta["unit_code"])
        assert meta.get("template_version") == want, (
            f"{path.name}: phiên bản {meta.get('template_version')} ≠ {want}; {REGENERATE}"
        )
        assert meta.get("year") == path.parent.name


def test_expectations_match_files():
    assert EXPECTATIONS["layout_version"] == LAYOUT_VERSION, REGENERATE
    for year in YEARS:
        on_disk = {p.name for p in _sample_files() if p.parent.name == year}
        assert set(EXPECTATIONS[year]["files"]) == on_disk
        assert (INPUTS / year / ".du-lieu-mau").is_file()
        assert (INPUTS / year / "so-van-ban-den.xlsx").is_file()
