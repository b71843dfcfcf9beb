"""``bench/results.md``: the targets of issue 18 against what was measured, the whole-process table,
the phases (seconds and milliseconds per file, to see that time grows linearly), the sample years
and start-up, what dominates – then the notes kept from the previous file."""

from __future__ import annotations

PHASES = (
    "read_check",
    "previous_year",
    "consolidate",
    "workbook",
    "detail",
    "feedback",
    "docx",
    "letters",
    "manifest",
)
LABELS = {
    "read_check": "đọc + kiểm tra",
    "previous_year": "năm trước",
    "consolidate": "tổng hợp",
    "workbook": "bảng tổng hợp *",
    "detail": "CSV chi tiết",
    "feedback": "phản hồi *",
    "docx": "báo cáo Word",
    "letters": "công văn",
    "manifest": "run-<Y>.json",
}
RUN_OVER_FLOOR = 4.0  # N = 1,000
NATIONAL_SECONDS, NATIONAL_MB = 30.0, 1024  # N = 3,400
SAMPLE_SECONDS, HELP_SECONDS = 1.2, 0.3


def _mb(b: int) -> str:
    return f"{b / 2**20:.0f}"


def _ok(good: bool) -> str:
    return "đạt" if good else "**chưa đạt**"


def targets(rows, samples) -> list[str]:
    by_n = {r.n: r for r in rows}
    out = ["| Mục tiêu (issue 18) | Đo được | |", "|---|---|---|"]
    r = by_n.get(1000)
    if r:
        q = r.run.seconds / r.floor.seconds
        out.append(f"| N = 1.000: run ≤ {RUN_OVER_FLOOR:g} × floor | {r.run.seconds:.2f} s / {r.floor.seconds:.2f} s "
                   f"= {q:.2f} × | {_ok(q <= RUN_OVER_FLOOR)} |")  # fmt: skip
    r = by_n.get(3400)
    if r:
        out.append(
            f"| N = 3.400: < {NATIONAL_SECONDS:g} s | {r.run.seconds:.2f} s | {_ok(r.run.seconds < NATIONAL_SECONDS)} |"
        )
        out.append(f"| N = 3.400: RSS đỉnh cả cây tiến trình < 1 GB | {_mb(r.run.peak_rss)} MB | "
                   f"{_ok(r.run.peak_rss < NATIONAL_MB * 2**20)} |")  # fmt: skip
    for s in samples:
        limit = HELP_SECONDS if "--help" in s.what else SAMPLE_SECONDS
        files = f" ({s.files} tệp)" if s.files else ""
        out.append(f"| {s.what}{files} ≤ {limit:g} s | {s.median:.2f} s (trung vị {s.runs} lần; nhanh nhất {s.best:.2f} s) "
                   f"| {_ok(s.median <= limit)} |")  # fmt: skip
    return out


def whole(rows) -> list[str]:
    out = [
        "| N | tệp (.xls) | run (s) | floor (s) | run/floor | naive (s) | run/naive | RSS đỉnh run (MB) | run-<Y>.json (MB) | tải máy trước/sau |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        naive = f"{r.naive.seconds:.2f}" if r.naive else "–"
        rn = f"{r.run.seconds / r.naive.seconds:.2f}" if r.naive else "–"
        csv = " + CSV" if r.detail_csv else ""
        out.append(
            f"| {r.n} | {r.files} ({r.xls}) | {r.run.seconds:.2f} | {r.floor.seconds:.2f} | "
            f"{r.run.seconds / r.floor.seconds:.2f} | {naive} | {rn} | {_mb(r.run.peak_rss)} | "
            f"{r.manifest_bytes / 1e6:.1f}{csv} | {r.load[0]:.2f} / {r.load[1]:.2f} |"
        )
    return out


def phase_tables(rows) -> list[str]:
    rows = [r for r in rows if r.phases]
    if not rows:
        return []
    head = "| N | " + " | ".join(LABELS[k] for k in PHASES) + " | tổng |"
    rule = "|---:|" + "---:|" * (len(PHASES) + 1)
    out = [
        "Giây (trong tiến trình, `run_year`; * ghi song song trong một tiến trình sao chép, cùng lúc với các "
        "pha sau nó, nên **tổng** là thời gian thực, nhỏ hơn tổng các cột):",
        "",
        head,
        rule,
    ]
    for r in rows:
        out.append(f"| {r.n} | " + " | ".join(f"{r.phases.get(k, 0.0):.2f}" for k in PHASES)
                   + f" | {r.phases.get('total', 0.0):.2f} |")  # fmt: skip
    out += ["", "Mili giây cho mỗi tệp (thời gian tăng tuyến tính theo N khi cột này gần như không đổi):", "",
            head, rule]  # fmt: skip
    for r in rows:
        out.append(f"| {r.n} | " + " | ".join(f"{1000 * r.phases.get(k, 0.0) / r.files:.2f}" for k in PHASES)
                   + f" | {1000 * r.phases.get('total', 0.0) / r.files:.2f} |")  # fmt: skip
    return out


def dominant(rows) -> list[str]:
    out = []
    for r in rows:
        if not r.phases or not r.phases.get("total"):
            continue
        total = sum(r.phases.get(k, 0.0) for k in PHASES)  # the workbook overlaps others: shares of the work
        ranked = sorted(((r.phases.get(k, 0.0), k) for k in PHASES), reverse=True)[:3]
        parts = ", ".join(f"{LABELS[k]} {100 * v / total:.0f} %" for v, k in ranked)
        out.append(f"- N = {r.n}: {parts}.")
    return out


def render(rows, samples, *, machine: str, stamp: str, loads: tuple[float, float], notes: str = "") -> str:
    lines = [
        "# ptn run benchmark",
        "",
        f"{stamp} – {machine}. Tải máy (load average 1 phút) lúc bắt đầu / kết thúc: {loads[0]:.2f} / {loads[1]:.2f}.",
        "",
        "Thời gian cả tiến trình (`python -m pipeline run`, có báo cáo Word, không có năm trước); **floor**: "
        "python-calamine chỉ đọc mọi sheet của mọi tệp; **naive**: pandas + openpyxl; RSS đỉnh của cả cây tiến trình "
        "`ptn run` (kể cả hai tiến trình đọc và bản sao ghi các tệp Excel – phần các tiến trình này dùng chung với "
        "tiến trình chính được tính nhiều lần).",
        "",
        "## Mục tiêu",
        "",
        *targets(rows, samples),
        "",
        "## Cả tiến trình",
        "",
        *whole(rows),
        "",
        "## Từng pha",
        "",
        *phase_tables(rows),
        "",
        "## Phần lớn thời gian nằm ở",
        "",
        "Phần trăm của tổng thời gian các pha (các tệp Excel được ghi song song nên tổng này lớn hơn thời gian thực):",
        "",
        *dominant(rows),
        "",
        "<!-- notes -->",
        "",
        notes,
        "",
    ]
    return "\n".join(lines)
