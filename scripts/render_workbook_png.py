"""Render the summary sheet (Tổng quan) of a consolidated workbook to PNG for the README.

    python scripts/render_workbook_png.py outputs/2024/tong-hop-2024.xlsx --out docs

LibreOffice (headless, private profile) → PDF → pdftoppm, page 1 only (the Tổng quan sheet).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render_report_png import docx_to_pdf, pdf_pages_to_png


def render_summary(xlsx: Path, out: Path, dpi: int = 90) -> Path:
    target = Path(out) / "tong-hop-tong-quan.png"
    with tempfile.TemporaryDirectory(prefix="ptn-wb-") as tmp:
        pdf = docx_to_pdf(Path(xlsx), Path(tmp))  # LibreOffice converts any office file
        pdf_pages_to_png(pdf, {1: target}, dpi=dpi)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("xlsx", type=Path)
    ap.add_argument("--out", type=Path, default=Path("docs"))
    ap.add_argument("--dpi", type=int, default=90)
    args = ap.parse_args(argv)
    print(render_summary(args.xlsx, args.out, args.dpi))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
