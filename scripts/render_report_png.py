"""Render pages of a report (.docx) to PNG: LibreOffice → PDF → ``pdftoppm``.

    python scripts/render_report_png.py REPORT.docx [--out docs] [--prefix bao-cao]

Writes ``<prefix>-trang-1.png`` (page 1) and ``<prefix>-phu-luc.png`` (the first appendix page) into
``docs/``. :func:`docx_to_pdf` and :func:`pdf_pages_to_png` are reused by later scripts.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["docx_to_pdf", "find_page", "pdf_page_count", "pdf_pages_to_png", "render_pngs"]


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RuntimeError("Không tìm thấy LibreOffice (soffice).")
    return exe


def docx_to_pdf(docx: Path, out_dir: Path, timeout: int = 180) -> Path:
    """Convert ``docx`` to PDF in ``out_dir`` with a private LibreOffice profile (parallel-safe)."""
    docx, out_dir = Path(docx).resolve(), Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ptn-lo-") as profile:
        subprocess.run(
            [
                _soffice(),
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    pdf = out_dir / (docx.stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"LibreOffice không tạo được {pdf.name}.")
    return pdf


def pdf_page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else 0


def pdf_text(pdf: Path, page: int | None = None, layout: bool = True) -> str:
    args = ["pdftotext"] + (["-layout"] if layout else [])
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def find_page(pdf: Path, line: str) -> int | None:
    """First page with a line reading exactly ``line`` (surrounding spaces ignored)."""
    for i in range(1, pdf_page_count(pdf) + 1):
        if any(t.strip() == line for t in pdf_text(pdf, i).splitlines()):
            return i
    return None


def pdf_pages_to_png(pdf: Path, pages: dict[int, Path], dpi: int = 80) -> list[Path]:
    """Write the given 1-based ``pages`` of ``pdf`` to the PNG paths they map to."""
    written = []
    for page, target in pages.items():
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        stem = target.with_suffix("")
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
            capture_output=True,
        )
        written.append(target)
    return written


def render_pngs(
    docx: Path, out_dir: Path = Path("docs"), prefix: str = "bao-cao", dpi: int = 80
) -> list[Path]:
    """Page 1 and the first ``Phụ lục`` page of ``docx`` as PNGs in ``out_dir``."""
    with tempfile.TemporaryDirectory(prefix="ptn-pdf-") as tmp:
        pdf = docx_to_pdf(docx, Path(tmp))
        pages = {1: Path(out_dir) / f"{prefix}-trang-1.png"}
        appendix = find_page(pdf, "Phụ lục I")
        if appendix:
            pages[appendix] = Path(out_dir) / f"{prefix}-phu-luc.png"
        return pdf_pages_to_png(pdf, pages, dpi=dpi)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Xuất trang 1 và trang phụ lục của báo cáo ra ảnh PNG.")
    ap.add_argument("docx", type=Path)
    ap.add_argument("--out", type=Path, default=Path("docs"))
    ap.add_argument("--prefix", default="bao-cao")
    ap.add_argument("--dpi", type=int, default=80)
    a = ap.parse_args(argv)
    for p in render_pngs(a.docx, a.out, a.prefix, a.dpi):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
