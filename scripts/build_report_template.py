"""Write ``templates/report.docx`` (the docxtpl template of the yearly report).

    python scripts/build_report_template.py [OUT]

An official may edit the written file in Word; ``ptn report lint`` checks an edited copy.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.report.template_builder import build_template


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "templates" / "report.docx"
    print(build_template(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
