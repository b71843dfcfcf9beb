"""The review's phrase file ``templates/cau-chu-so-ket.txt`` and its contract (:mod:`pipeline.wording`).

One file holds every sentence of the review's report and of its tờ trình (``to_trinh.*``). The
shared words of the yearly report's helpers (``nhom.*``, ``chung.*``, ``so_sanh.*``, the direction
words of a target, why a figure is missing) are entries of this file too, so the review says them
in the Sở's words of the review. ``ptn so-ket lint`` checks an edited copy against the contract.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import wording

FILE_NAME = "cau-chu-so-ket.txt"
WHAT = "báo cáo sơ kết"  # the document the file words, in messages
REQUIRED = (
    "tieu_de.",
    "trich_yeu.",
    "ket_thuc",
    "to_trinh.trich_yeu",
    "to_trinh.ket_thuc",
    "to_trinh.tieu_de.",
)

#: what the review borrows of the yearly report's sections (their helpers say these keys)
BORROWED = (
    "muc_tieu.huong.ge",
    "muc_tieu.huong.gt",
    "muc_tieu.huong.le",
    "muc_tieu.huong.lt",
    "muc_tieu.chua_giao",
    "muc_tieu.ly_do.chua_gui",
    "muc_tieu.ly_do.de_trong",
    "muc_tieu.ly_do.loi",
    "y_kien.muc",
)

CONTRACT: dict[str, frozenset[str]] = {}


def contract() -> dict[str, frozenset[str]]:
    if not CONTRACT:
        from pipeline.report import facts as report_facts
        from pipeline.report.sections import points, targets
        from pipeline.so_ket import submission
        from pipeline.so_ket.report import appendices, assessment, body, context, facts, results

        yearly = {**targets.PHRASES, **points.PHRASES}
        CONTRACT.update(
            wording.contract(
                report_facts.PHRASES,
                {k: yearly[k] for k in BORROWED},
                facts.PHRASES,
                body.PHRASES,
                results.PHRASES,
                assessment.PHRASES,
                appendices.PHRASES,
                context.PHRASES,
                submission.PHRASES,
            )
        )
    return CONTRACT


def resolve(path: Path | str | None = None) -> Path:
    """``path``, else ``templates/cau-chu-so-ket.txt`` in the working folder, else the shipped copy."""
    return wording.resolve(FILE_NAME, path)


def load(path: Path | str | None = None) -> wording.Phrases:
    """The checked phrases (:class:`~pipeline.wording.PhraseFileError` lists what to fix)."""
    return wording.Phrases.load(resolve(path), contract(), REQUIRED, WHAT)


def lint(path: Path | str | None = None) -> list[str]:
    return wording.check_file(resolve(path), contract(), REQUIRED, WHAT)


def ensure_usable(path: Path | str | None = None) -> wording.Phrases:
    """:func:`load`, a broken file being a usage problem (exit 2) naming its first problems."""
    from pipeline.exitcodes import UsageProblem

    try:
        return load(path)
    except wording.PhraseFileError as e:
        first = "; ".join(e.problems[:3]) + (" …" if len(e.problems) > 3 else "")
        raise UsageProblem(
            f"{e.title} chưa dùng được: {first}",
            hint=f"Chạy «ptn so-ket lint {Path(e.path).as_posix()}» để xem đủ các chỗ cần sửa.",
        ) from None
