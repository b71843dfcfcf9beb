"""``ptn so-ket``: the review's whole set, published at once into ``outputs/so-ket-<từ>-<đến>/``.

1. the phrase file and the Word templates are checked (a broken one stops before any work);
2. each year's manifest is taken as it is or the year is run again (:mod:`pipeline.so_ket.sources`);
3. the tables are built (:mod:`pipeline.so_ket.frames`);
4. the workbook, the report in both variants, the tờ trình and the review's record are written into
   the folder's staging area and published together (:func:`~pipeline.writers.output_set.write_set`),
   or not at all – the previous set stays whole.

The record ``so-ket-<từ>-<đến>.json`` names every yearly manifest the figures came from, with its
SHA-256: ``ptn so-ket render`` re-renders the reports from those manifests only while they are
unchanged (otherwise it asks for ``ptn so-ket`` again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from pipeline.catalog.load import LoadedCatalog
from pipeline.exitcodes import UsageProblem
from pipeline.manifest import Manifest
from pipeline.so_ket.frames import Review, build_review
from pipeline.so_ket.sources import YearSource, ensure_years
from pipeline.wording import Phrases
from pipeline.writers.atomic import check_writable, write_text_atomic
from pipeline.writers.output_set import write_set

__all__ = [
    "ReviewRecord",
    "ReviewResult",
    "build",
    "load_record",
    "output_dir",
    "render_outputs",
    "review_years",
]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class YearRef(_M):
    year: int
    manifest: str  # relative POSIX path
    sha256: str
    generated_at: dt.datetime
    rerun: str = ""  # why the review ran the year again ("" when it used the manifest as it was)


class ReviewRecord(_M):
    """``so-ket-<từ>-<đến>.json``: what the review was built from and what it wrote."""

    schema_version: int = 1
    generated_at: dt.datetime
    first: int
    last: int
    plan_id: str
    catalog_hash: str
    sample_data: bool
    years: list[YearRef]
    outputs: dict[str, str]


@dataclass
class ReviewResult:
    review: Review
    out_dir: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    rerun: dict[int, str] = field(default_factory=dict)


def output_dir(out_root: Path, first: int, last: int) -> Path:
    return Path(out_root) / f"so-ket-{first}-{last}"


def review_years(loaded: LoadedCatalog, first: int | None, last: int | None) -> list[int]:
    """The years of the review: the plan's period by default; a usage problem outside it."""
    p = loaded.catalog.plan
    first = p.period_start if first is None else first
    last = p.period_end if last is None else last
    if not p.period_start <= first <= last <= p.period_end:
        raise UsageProblem(
            f"Giai đoạn sơ kết {first}–{last} không nằm trong giai đoạn của kế hoạch {p.period_start}–{p.period_end}.",
            hint=f"Chọn --from, --to trong khoảng {p.period_start}–{p.period_end}, năm đầu không sau năm cuối.",
        )
    return list(range(first, last + 1))


def names(first: int, last: int) -> dict[str, str]:
    from pipeline.so_ket.report.render import report_filename
    from pipeline.so_ket.workbook import workbook_filename

    return {
        "workbook": workbook_filename(first, last),
        "report": report_filename(first, last, "so-noi-vu"),
        "report_ubnd": report_filename(first, last, "ubnd-tinh"),
        "to_trinh": f"to-trinh-so-ket-{first}-{last}.docx",
        "record": f"so-ket-{first}-{last}.json",
    }


def _ready(phrases_path: Path | str | None, template: Path | str | None) -> Phrases:
    """The phrases and templates the review needs, or a usage problem before any work (exit 2)."""
    from pipeline.letters.render import resolve_template as letter_template
    from pipeline.so_ket.report.phrases import ensure_usable
    from pipeline.so_ket.report.render import resolve_template

    phrases = ensure_usable(phrases_path)
    for tpl in (resolve_template(template), letter_template("to-trinh.docx")):
        if not tpl.is_file():
            raise UsageProblem(
                f"Không tìm thấy mẫu {tpl.as_posix()}.",
                hint="Chép lại tệp từ thư mục templates/ của ptn (hoặc chạy scripts/build_so_ket_template.py).",
            )
    return phrases


def build(
    loaded: LoadedCatalog,
    *,
    first: int | None = None,
    last: int | None = None,
    inputs_root: Path = Path("inputs"),
    out_root: Path = Path("outputs"),
    run: Callable[..., object] | None = None,
    say: Callable[[str], None] | None = None,
    phrases_path: Path | str | None = None,
    template: Path | str | None = None,
) -> ReviewResult:
    years = review_years(loaded, first, last)
    phrases = _ready(phrases_path, template)
    sources = ensure_years(loaded, years, Path(inputs_root), Path(out_root), run=run, say=say)
    review = build_review(loaded.catalog, sources)
    out_dir = output_dir(out_root, years[0], years[-1])
    files = names(years[0], years[-1])

    def write(out) -> dict[str, str]:
        for rel in files.values():
            check_writable(out_dir / rel)  # an output open in Excel or Word: say so before any work
        return render_outputs(review, loaded, phrases, out.path, files, template=template)

    staged = write_set(out_dir, "ptn so-ket", write)  # under the folder's lock, published at once
    return ReviewResult(
        review,
        out_dir,
        {k: out_dir / rel for k, rel in staged.items()},
        {y: s.rerun for y, s in sources.items() if s.rerun},
    )


def render_outputs(
    review: Review,
    loaded: LoadedCatalog,
    phrases: Phrases,
    path_of: Callable[[str], Path],
    files: dict[str, str],
    *,
    so: str | int | None = None,
    ngay: dt.date | None = None,
    only: tuple[str, ...] = (),
    template: Path | str | None = None,
) -> dict[str, str]:
    """Write the review's files (``only``: just those keys) where ``path_of(name)`` says; returns key →
    file name of what was written."""
    from pipeline.letters.render import render_letter
    from pipeline.letters.render import resolve_template as letter_template
    from pipeline.so_ket.report.render import render_review
    from pipeline.so_ket.submission import submission_ctx
    from pipeline.so_ket.workbook import write_workbook

    keys = only or tuple(files)
    written: dict[str, str] = {}
    if "workbook" in keys:
        write_workbook(review, phrases, path_of(files["workbook"]))
        written["workbook"] = files["workbook"]
    for key, variant in (("report", "so-noi-vu"), ("report_ubnd", "ubnd-tinh")):
        if key in keys:
            render_review(review, phrases, path_of(files[key]), variant, so=so, ngay=ngay, template=template)
            written[key] = files[key]
    if "to_trinh" in keys:
        ctx = submission_ctx(review, phrases, so=so, ngay_bh=ngay)
        render_letter(ctx, letter_template("to-trinh.docx"), path_of(files["to_trinh"]))
        written["to_trinh"] = files["to_trinh"]
    if "record" in keys:
        write_text_atomic(
            path_of(files["record"]), record(review, loaded, written).model_dump_json(indent=1) + "\n"
        )
        written["record"] = files["record"]
    return written


def record(review: Review, loaded: LoadedCatalog, outputs: dict[str, str]) -> ReviewRecord:
    tz = ZoneInfo(loaded.catalog.plan.deadline.timezone)
    return ReviewRecord(
        generated_at=dt.datetime.now(tz).replace(microsecond=0),
        first=review.first,
        last=review.last,
        plan_id=loaded.catalog.plan.id,
        catalog_hash=loaded.short_hash,
        sample_data=review.sample,
        years=[
            YearRef(
                year=y,
                manifest=s.path.as_posix(),
                sha256=s.sha256,
                generated_at=s.manifest.generated_at,
                rerun=s.rerun,
            )
            for y, s in sorted(review.sources.items())
        ],
        outputs=dict(sorted(outputs.items())),
    )


def load_record(out_root: Path, first: int, last: int) -> tuple[ReviewRecord, dict[int, YearSource]]:
    """The last review's record and its manifests, each checked against the SHA-256 it recorded."""
    path = output_dir(out_root, first, last) / names(first, last)["record"]
    hint = f"Chạy «ptn so-ket --from {first} --to {last}» để lập lại bảng sơ kết."
    try:
        rec = ReviewRecord.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise UsageProblem(f"Chưa có kết quả sơ kết {path.as_posix()}.", hint=hint) from None
    except ValueError:
        raise UsageProblem(f"Tệp {path.as_posix()} không đúng định dạng kết quả sơ kết.", hint=hint) from None
    sources: dict[int, YearSource] = {}
    for ref in rec.years:
        p = Path(ref.manifest)
        try:
            data = p.read_bytes()
        except OSError:
            raise UsageProblem(f"Không còn tệp {p.as_posix()} mà bảng sơ kết đã dùng.", hint=hint) from None
        if hashlib.sha256(data).hexdigest() != ref.sha256:
            raise UsageProblem(
                f"Kết quả tổng hợp năm {ref.year} đã thay đổi sau khi lập bảng sơ kết.", hint=hint
            )
        sources[ref.year] = YearSource(ref.year, Manifest.model_validate_json(data), p, ref.sha256, ref.rerun)
    return rec, sources
