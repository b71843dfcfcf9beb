"""Where the letters are written and which ones a step makes (the file contract of PARALLEL.md).

* ``outputs/<Y>/cong-van/de-nghi-bao-cao-<Y>.docx`` and ``de-nghi-phoi-hop-<Y>.docx`` – with the
  forms (``ptn templates``, ``ptn cong-van de-nghi-bao-cao``);
* ``outputs/<Y>/cong-van/don-doc-<Y>.docx`` – by ``ptn run`` after the deadline when a unit owes
  something (removed when nobody does any more);
* ``outputs/<Y>/phan-hoi/<UNIT>.docx`` – by ``ptn run`` beside ``phan-hoi/<UNIT>.xlsx`` for each unit
  whose report has errors (stale ones removed);
* ``outputs/<Y>/cong-van/to-trinh-<Y>.docx`` – ``ptn cong-van to-trinh``.

Every file is written atomically; a broken phrase file or template is a usage problem raised before
anything is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.catalog.model import Catalog
from pipeline.catalog.query import CatalogView
from pipeline.exitcodes import UsageProblem
from pipeline.letters.followup import (
    correction_context,
    corrections_due,
    deadline_passed,
    reminder_context,
    to_remind,
)
from pipeline.letters.phrases import CONG_VAN_FILE, TO_TRINH_FILE, load_phrases
from pipeline.letters.render import render_letter, resolve_template
from pipeline.letters.request import REQUEST_KINDS, request_context, request_units
from pipeline.letters.submission import submission_context, yearly_submission
from pipeline.manifest import Manifest, Owing
from pipeline.wording import PhraseFileError, Phrases

__all__ = [
    "CONG_VAN_DIR",
    "FEEDBACK_DIR",
    "letter_path",
    "letters_ready",
    "run_letter_paths",
    "write_corrections",
    "write_reminder",
    "write_requests",
    "write_run_letters",
    "write_submission",
]

CONG_VAN_DIR = "cong-van"
FEEDBACK_DIR = "phan-hoi"
_LINT = "Sửa theo các lỗi trên (chạy «ptn cong-van lint» để xem đủ) rồi chạy lại."


def letter_path(year_dir: Path, kind: str, year: int, unit: str = "") -> Path:
    """The path of a letter under ``outputs/<Y>/``."""
    if kind == "bo-sung":
        return Path(year_dir) / FEEDBACK_DIR / f"{unit}.docx"
    return Path(year_dir) / CONG_VAN_DIR / f"{kind}-{year}.docx"


def _phrases(name: str) -> Phrases:
    try:
        return load_phrases(name)
    except PhraseFileError as e:
        first = "; ".join(e.problems[:3]) + (" …" if len(e.problems) > 3 else "")
        raise UsageProblem(f"{e.title} không dùng được: {first}", hint=_LINT) from None


def _template(name: str) -> Path:
    path = resolve_template(name)
    if not path.is_file():
        raise UsageProblem(
            f"Không tìm thấy mẫu văn bản {path.as_posix()}.",
            hint="Chép lại tệp từ thư mục templates/ của ptn (hoặc chạy scripts/build_letter_templates.py).",
        )
    return path


def letters_ready() -> None:
    """Raise :class:`UsageProblem` when a phrase file or a template the letters need cannot be used
    (called before a run writes anything)."""
    _phrases(CONG_VAN_FILE)
    _phrases(TO_TRINH_FILE)
    _template("cong-van.docx")
    _template("to-trinh.docx")


# --------------------------------------------------------------------------- before the round


def write_requests(
    catalog: Catalog,
    year: int,
    year_dir: Path,
    *,
    so: str | int | None = None,
    so_phoi_hop: str | int | None = None,
    ngay: dt.date | None = None,
    today: dt.date | None = None,
) -> dict[str, Path]:
    """The đề nghị báo cáo and (when the year has requested units) the đề nghị phối hợp."""
    p, tpl = _phrases(CONG_VAN_FILE), _template("cong-van.docx")
    view = CatalogView.of(catalog, year)
    out: dict[str, Path] = {}
    for kind, number in zip(REQUEST_KINDS, (so, so_phoi_hop), strict=True):
        target = letter_path(year_dir, kind, year)
        if not request_units(view, kind):
            target.unlink(missing_ok=True)  # no unit of that kind this year: no letter, none stale
            continue
        ctx = request_context(catalog, year, kind, p, so=number, ngay_bh=ngay, today=today)
        out[kind] = render_letter(ctx, tpl, target)
    return out


# --------------------------------------------------------------------------- after a run


def write_reminder(
    m: Manifest,
    catalog: Catalog,
    year_dir: Path,
    owed: list[Owing] | None = None,
    *,
    so: str | int | None = None,
    ngay: dt.date | None = None,
    han: dt.date | None = None,
) -> Path | None:
    """The đôn đốc to every unit that owes something (the manifest's ``owing``); ``None`` (and no
    file) when nobody does."""
    owed = to_remind(m) if owed is None else owed
    target = letter_path(year_dir, "don-doc", m.year)
    if not owed:
        target.unlink(missing_ok=True)
        return None
    ctx = reminder_context(m, catalog, owed, _phrases(CONG_VAN_FILE), so=so, ngay_bh=ngay, han_moi=han)
    return render_letter(ctx, _template("cong-van.docx"), target)


def write_corrections(
    m: Manifest,
    catalog: Catalog,
    year_dir: Path,
    owed: list[Owing] | None = None,
    *,
    units: list[str] | None = None,
    so: str | int | None = None,
    ngay: dt.date | None = None,
    han: dt.date | None = None,
) -> dict[str, Path]:
    """One đề nghị bổ sung, hoàn thiện per unit whose counted report has errors (or per unit of
    ``units``), beside its feedback form ``phan-hoi/<UNIT>.xlsx``."""
    owed = corrections_due(m) if owed is None else owed
    p, tpl = _phrases(CONG_VAN_FILE), _template("cong-van.docx")
    out: dict[str, Path] = {}
    for o in owed:
        if not o.of("error") or (units is not None and o.unit not in units):
            continue
        target = letter_path(year_dir, "bo-sung", m.year, o.unit)
        ctx = correction_context(
            m, catalog, o, p, feedback_name=target.with_suffix(".xlsx").name, so=so, ngay_bh=ngay, han_moi=han
        )
        out[o.unit] = render_letter(ctx, tpl, target)
    return out


def run_letter_paths(year_dir: Path, year: int) -> list[Path]:
    """The letters a run may rewrite or remove (checked for being open before the run starts)."""
    fb = Path(year_dir) / FEEDBACK_DIR
    existing = sorted(x for x in fb.glob("*.docx") if not x.name.startswith("~$")) if fb.is_dir() else []
    return [letter_path(year_dir, "don-doc", year), *existing]


def write_run_letters(m: Manifest, catalog: Catalog, year_dir: Path) -> dict[str, Path]:
    """What ``ptn run`` writes: the đề nghị bổ sung of each unit with errors, and the đôn đốc when the
    deadline has passed and a unit owes something, into ``year_dir`` (the run's staging folder: letters
    of an earlier run that no longer apply are removed when the set is published). Keys: ``don-doc``,
    ``bo-sung/<UNIT>``."""
    out: dict[str, Path] = {}
    corrections = write_corrections(m, catalog, year_dir)
    for code, path in corrections.items():
        out[f"bo-sung/{code}"] = path
    reminder = write_reminder(m, catalog, year_dir, None if deadline_passed(m) else [])
    if reminder is not None:
        out["don-doc"] = reminder
    return out


# --------------------------------------------------------------------------- the submission


def write_submission(
    m: Manifest,
    catalog: Catalog,
    year_dir: Path,
    *,
    so: str | int | None = None,
    ngay: dt.date | None = None,
) -> Path:
    """The tờ trình submitting the yearly report (UBND-tỉnh variant) to UBND tỉnh."""
    draft = yearly_submission(m, catalog, _phrases(TO_TRINH_FILE))
    ctx = submission_context(
        catalog, draft, year=m.year, draft_day=m.as_of, so=so, ngay_bh=ngay, sample=m.sample_data
    )
    return render_letter(ctx, _template("to-trinh.docx"), letter_path(year_dir, "to-trinh", m.year))
