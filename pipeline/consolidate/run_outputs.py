"""Writing a run's outputs: every file into the staging folder of the year's output set, then the
whole set published at once (or nothing, exit 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.exitcodes import UsageProblem
from pipeline.manifest import Manifest
from pipeline.writers.atomic import write_bytes_atomic
from pipeline.writers.beside import Beside, WriterStopped
from pipeline.writers.feedback import feedback_name, needs_feedback, write_feedback
from pipeline.writers.output_set import OutputFailed, why


def write_outputs(c: Any, manifest: Manifest, inputs, rows) -> dict[str, Path]:
    """Workbook, feedback forms, reminder list, report, manifest – into the staging folder, then the
    whole set published at once. Any failure: nothing of this run is published (exit 2)."""
    step = "bảng tổng hợp"
    try:
        staged = _write_staged(c, manifest, inputs, rows)
        step = "công bố các tệp kết quả"
        c.out.replace_folder("phan-hoi", "*.xlsx")  # feedback of units that no longer need one goes
        c.out.publish()
    except OutputFailed:
        raise
    except WriterStopped as e:  # the forked copy writing the Excel files (writers/beside.py) was killed
        cause = ", thường do máy thiếu bộ nhớ" if e.killed else ""
        raise OutputFailed(
            f"Không ghi được bảng tổng hợp và biểu mẫu phản hồi: việc ghi bị dừng giữa chừng{cause}. Các tệp kết quả "
            "trước đó được giữ nguyên.",
            hint="Đóng bớt các chương trình đang mở rồi chạy lại lệnh; nếu vẫn lỗi, báo người quản trị ptn kèm chi "
            "tiết kỹ thuật dưới đây.",
            detail=f"WriterStopped: {e}",
        ) from None
    except (OSError, MemoryError) as e:
        raise OutputFailed(
            f"Không ghi được các tệp kết quả vào {c.out_dir} ({why(e)}). Các tệp kết quả trước đó được giữ nguyên.",
            hint="Giải phóng ổ đĩa, kiểm tra quyền ghi hoặc xoá thư mục trùng tên với tệp kết quả, rồi chạy lại.",
            detail=f"{type(e).__name__}: {e}",
        ) from None
    except Exception as e:
        if isinstance(e, UsageProblem):
            raise
        raise OutputFailed(
            f"Không tạo được các tệp kết quả (bước {step}). Các tệp kết quả trước đó được giữ nguyên.",
            hint="Kiểm tra mẫu báo cáo (ptn report lint) và danh mục (ptn plan check); nếu vẫn lỗi, báo người "
            "quản trị ptn kèm chi tiết kỹ thuật dưới đây.",
            detail=f"{type(e).__name__}: {e}",
        ) from None
    return {k: c.out_dir / rel for k, (_p, rel) in staged.items()}


def _write_staged(c: Any, manifest: Manifest, inputs, rows) -> dict[str, tuple[Path, str]]:
    out = c.out
    staged: dict[str, tuple[Path, str]] = {}

    def put(key: str, rel: str) -> Path:
        p = out.path(rel)
        staged[key] = (p, rel)
        return p

    c.say("Ghi bảng tổng hợp")
    workbook = put("workbook", c.names["workbook"].name)
    reminders = put("reminders", c.names["reminders"].name)
    excel = _ExcelOutputs(c, manifest, inputs, rows, workbook, reminders)
    # the Excel files (the workbook, the longest output, then the feedback forms and the reminder list)
    # are written beside this process (writers/beside.py) while this one writes the detail list, the
    # Word documents and the manifest; both are done before anything is published. The feedback forms'
    # names are known beforehand (the manifest lists them).
    for code in excel.feedback_units:
        put(f"phan-hoi/{code}", f"phan-hoi/{feedback_name(code)}")
    with Beside(excel) as side:
        _write_rest(c, manifest, staged, put)
        c.say("Ghi bảng tổng hợp, biểu mẫu phản hồi")  # what is left to wait for
        side.wait()
    timings, written = side.value
    c.timings.update(timings)
    if sorted(written) != excel.feedback_units:  # one rule decides both (writers/feedback.py)
        raise RuntimeError(f"feedback forms {sorted(written)} ≠ {excel.feedback_units}")
    return staged


class _ExcelOutputs:
    """The run's Excel files, written in one go: ``()`` returns the seconds each took and the feedback
    forms written (unit → path)."""

    def __init__(self, c: Any, manifest: Manifest, inputs, rows, workbook: Path, reminders: Path):
        self.c, self.manifest, self.inputs, self.rows = c, manifest, inputs, rows
        self.workbook, self.reminders = workbook, reminders
        self.feedback_units = sorted(e.unit for e in inputs if needs_feedback(e))

    def __call__(self) -> tuple[dict[str, float], dict[str, Path]]:
        import time

        from pipeline.writers.reminders import write_reminders
        from pipeline.writers.workbook import write_workbook

        c, m = self.c, self.manifest
        t = time.perf_counter()
        write_workbook(m, c.view, self.workbook)
        t1 = time.perf_counter()
        written = write_feedback(c.loaded, c.view.year, self.inputs, self.rows, c.out.path("phan-hoi"),
                                 due=m.followup_due)  # fmt: skip
        write_reminders(m, c.view, self.reminders)
        return {"workbook": t1 - t, "feedback": time.perf_counter() - t1}, written


def _write_rest(c: Any, manifest: Manifest, staged, put) -> None:
    import time

    from pipeline.writers.workbook_units import detail_csv_name, detail_in_csv, write_detail_csv

    out = c.out
    t = time.perf_counter()
    detail = detail_csv_name(c.view.year)
    if detail_in_csv(manifest):  # national size: the one-row-per-cell list beside the workbook
        write_detail_csv(manifest, c.view, put("detail", detail))
    out.replace_folder("", detail)  # a list of an earlier, bigger run goes
    c.timings["detail"] = time.perf_counter() - t
    manifest.outputs = {k: rel for k, (_p, rel) in sorted(staged.items())}
    manifest.outputs["manifest"] = c.names["manifest"].name
    if c.report:
        t = time.perf_counter()
        c.say("Soạn dự thảo báo cáo Word")
        from pipeline.report.render import render_report

        manifest.outputs["report"] = c.names["report"].name
        render_report(manifest, c.loaded, put("report", c.names["report"].name))
        c.timings["docx"] = time.perf_counter() - t
    t = time.perf_counter()
    c.say("Soạn công văn đề nghị bổ sung, đôn đốc")
    from pipeline.letters.outputs import CONG_VAN_DIR, FEEDBACK_DIR, write_run_letters

    root = out.path("")
    for key, p in sorted(write_run_letters(manifest, c.loaded.catalog, root).items()):
        staged[key] = (p, p.relative_to(root).as_posix())
        manifest.outputs[key] = staged[key][1]
    # letters of an earlier run that no longer apply go when the set is published
    out.replace_folder(FEEDBACK_DIR, "*.docx")
    out.replace_folder(CONG_VAN_DIR, f"don-doc-{c.view.year}.docx")
    c.timings["letters"] = time.perf_counter() - t
    t = time.perf_counter()
    write_bytes_atomic(put("manifest", c.names["manifest"].name), manifest_json(manifest))
    c.timings["manifest"] = time.perf_counter() - t


def manifest_json(m: Manifest) -> bytes:
    """The manifest as UTF-8 JSON, serialised straight to bytes (no 100 MB str at national size):
    indented, one field a line, for a province's run (two runs compare line by line); compact at
    national size, where the one-row-per-cell list goes to a CSV file too (a third smaller, quicker)."""
    from pipeline.writers.workbook_units import detail_in_csv

    indent = None if detail_in_csv(m) else 1
    return Manifest.__pydantic_serializer__.to_json(m, indent=indent) + b"\n"
