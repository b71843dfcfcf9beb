"""The report's phrase file ``templates/cau-chu-bao-cao.txt`` and its contract.

Every sentence pattern of the report lives in that file (see ``docs/CAU-CHU.md``); each section
module declares the keys it uses and the placeholders it provides (``PHRASES``), and
:data:`CONTRACT` is their union. ``ptn report lint`` checks an edited copy against it.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import wording

FILE_NAME = "cau-chu-bao-cao.txt"
REQUIRED = ("tieu_de.",)  # headings may be reworded, never emptied
DOCUMENT = "báo cáo"  # the document this file words, in messages


def _contract() -> dict[str, frozenset[str]]:
    from pipeline.report import appendices, context, facts, sections, unit_lists

    return wording.contract(
        facts.PHRASES,
        context.PHRASES,
        appendices.PHRASES,
        unit_lists.PHRASES,
        sections.PHRASES,
        *(m.PHRASES for m in sections.MODULES),
    )


CONTRACT: dict[str, frozenset[str]] = {}


def contract() -> dict[str, frozenset[str]]:
    if not CONTRACT:
        CONTRACT.update(_contract())
    return CONTRACT


def resolve(path: Path | str | None = None) -> Path:
    """The phrase file to use: ``path``, else ``templates/cau-chu-bao-cao.txt`` here or in the repository."""
    return wording.resolve(FILE_NAME, path)


def load(path: Path | str | None = None) -> wording.Phrases:
    """The checked phrases (:class:`~pipeline.wording.PhraseFileError` lists what to fix)."""
    return wording.Phrases.load(resolve(path), contract(), REQUIRED, DOCUMENT)


def lint(path: Path | str | None = None) -> list[str]:
    return wording.check_file(resolve(path), contract(), REQUIRED, DOCUMENT)


def ensure_usable(
    path: Path | str | None = None, feedback: bool = False, report: bool = True
) -> wording.Phrases | None:
    """:func:`load`, a broken file being a usage problem (exit 2) that names its first problems;
    ``feedback``: the feedback forms' phrase file is checked too; ``report=False``: only that one."""
    from pipeline.exitcodes import UsageProblem

    try:
        if feedback:
            from pipeline.writers import feedback as fb

            fb.phrases()
        return load(path) if report else None
    except wording.PhraseFileError as e:
        first = "; ".join(e.problems[:3]) + (" …" if len(e.problems) > 3 else "")
        raise UsageProblem(
            f"{e.title} chưa dùng được: {first}",
            hint=f"Chạy «ptn report lint {Path(e.path).as_posix()}» để xem đủ các chỗ cần sửa.",
        ) from None
