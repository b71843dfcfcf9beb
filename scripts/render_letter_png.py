"""Render page 1 of a letter (.docx) to PNG for the README.

    python scripts/render_letter_png.py outputs/2024/cong-van/don-doc-2024.docx --out docs

LibreOffice (headless, private profile) → PDF → pdftoppm, page 1 only; writes
``<out>/cong-van-<letter>-trang-1.png`` (``cong-van-don-doc-trang-1.png`` for the đôn đốc).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render_report_png import docx_to_pdf, pdf_pages_to_png


def render_first_page(docx: Path, out: Path, dpi: int = 80) -> Path:
    letter = re.sub(r"-\d{4}$", "", Path(docx).stem)  # don-doc-2024 → don-doc
    target = Path(out) / f"cong-van-{letter}-trang-1.png"
    with tempfile.TemporaryDirectory(prefix="ptn-letter-") as tmp:
        pdf = docx_to_pdf(Path(docx), Path(tmp))
        pdf_pages_to_png(pdf, {1: target}, dpi=dpi)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Xuất trang 1 của một công văn ra ảnh PNG.")
    ap.add_argument("docx", type=Path)
    ap.add_argument("--out", type=Path, default=Path("docs"))
    ap.add_argument("--dpi", type=int, default=80)
    args = ap.parse_args(argv)
    print(render_first_page(args.docx, args.out, args.dpi))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
