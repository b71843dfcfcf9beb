"""Write the letters' Word templates ``templates/cong-van.docx`` and ``templates/to-trinh.docx``.

    python scripts/build_letter_templates.py [--out templates]

Run after changing :mod:`pipeline.letters.template_builder`; ``ptn cong-van lint`` checks the result
(and any copy the Sở edits in Word).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.letters.template_builder import build_cong_van, build_to_trinh


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "templates")
    args = ap.parse_args()
    for path in (build_cong_van(args.out / "cong-van.docx"), build_to_trinh(args.out / "to-trinh.docx")):
        print(f"Đã ghi {path}")


if __name__ == "__main__":
    main()
