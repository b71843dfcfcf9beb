"""Optional chart appendix (``--bieu-do``): charts normally stay in the workbook (DOMAIN §8).

Drawn with matplotlib (Agg backend, imported lazily) and added after the last appendix, in its own
landscape section numbered from 1 (the section inherits the appendix layout).
"""

from __future__ import annotations

import io
from typing import Any

from docx.enum.section import WD_SECTION
from docx.shared import Mm

from pipeline.manifest import Manifest
from pipeline.report.nd30 import paragraph, rule

__all__ = ["add_chart_appendix"]

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]


def _fig_targets(manifest: Manifest):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [t for t in manifest.province if t.unit_of_measure.strip() == "%" and t.value is not None]
    fig, ax = plt.subplots(figsize=(10, 0.5 * max(len(rows), 2) + 1.2), dpi=150)
    plt.rcParams["font.family"] = "serif"
    plt.rcParams["font.serif"] = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]
    names = [t.name if len(t.name) <= 70 else t.name[:67] + "…" for t in rows]  # names, never codes
    y = range(len(rows))
    ax.barh(
        [i + 0.2 for i in y],
        [t.value for t in rows],
        height=0.4,
        label=f"Ước thực hiện cả năm {manifest.year}",
        color="#1f4e79",
    )
    ax.barh(
        [i - 0.2 for i in y],
        [t.target or 0 for t in rows],
        height=0.4,
        label="Chỉ tiêu kế hoạch",
        color="#a6a6a6",
    )
    ax.set_yticks(list(y), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def _fig_reporting(manifest: Manifest):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    c = manifest.completeness
    labels = ["Đúng hạn", "Gửi chậm", "Chưa gửi báo cáo"]
    values = [len(c.on_time), len(c.late), len(c.missing)]
    fig, ax = plt.subplots(figsize=(6, 3), dpi=150)
    ax.bar(labels, values, color=["#1f4e79", "#c55a11", "#a6a6a6"])
    for i, v in enumerate(values):
        ax.text(i, v, str(v), ha="center", va="bottom")
    ax.set_ylabel("Số cơ quan, đơn vị, địa phương")
    fig.tight_layout()
    return fig


def _png(fig) -> io.BytesIO:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    buf.seek(0)
    return buf


def add_chart_appendix(doc, manifest: Manifest, ctx: dict[str, Any]) -> None:
    """Append ``Phụ lục … BIỂU ĐỒ`` to the rendered ``doc`` (a python-docx Document)."""
    n = 4 + (1 if ctx.get("co_phu_luc_y_kien") else 0) + (1 if ctx.get("co_phu_luc_gui_bao_cao") else 0)
    doc.add_section(WD_SECTION.NEW_PAGE)
    paragraph(doc, f"Phụ lục {ROMAN[n - 1]}", bold=True, size=14)
    paragraph(doc, f"BIỂU ĐỒ KẾT QUẢ THỰC HIỆN NĂM {manifest.year}", bold=True, size=14)
    paragraph(doc, f"(Kèm theo {ctx['kem_theo']})", italic=True, size=14)
    rule(doc, 40, 252)
    if any(t.unit_of_measure.strip() == "%" and t.value is not None for t in manifest.province):
        paragraph(
            doc, "Biểu đồ 1. Các chỉ tiêu tỷ lệ: thực hiện so với kế hoạch", bold=True, size=13, before=6
        )
        doc.add_picture(_png(_fig_targets(manifest)), width=Mm(230))
    if manifest.completeness.expected:
        paragraph(doc, "Biểu đồ 2. Tình hình gửi báo cáo", bold=True, size=13, before=6)
        doc.add_picture(_png(_fig_reporting(manifest)), width=Mm(140))
