"""Write ``templates/bao-cao-so-ket.docx`` (the docxtpl template of the five-year review).

    python scripts/build_so_ket_template.py [OUT]

One year column per year of the plan's period (plans/kh-253-2021-2025.yaml). An official may edit the
written file in Word; ``ptn so-ket lint`` checks an edited copy.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.catalog import load_catalog  # noqa: E402
from pipeline.so_ket.report.template_builder import build_template  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else ROOT / "templates" / "bao-cao-so-ket.docx"
    plan = load_catalog(ROOT / "plans" / "kh-253-2021-2025.yaml").catalog.plan
    print(build_template(out, n_years=plan.period_end - plan.period_start + 1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
