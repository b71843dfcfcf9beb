"""The yearly runs a review is built from: ``outputs/<Y>/run-<Y>.json`` of each year, as it is, or
re-run (``ptn run --year Y``) when it cannot be used:

* it is missing, unreadable, or of another manifest schema;
* it was made from another catalog (the catalog's hash differs: a unit, a target, a form changed);
* it is older than its inputs: a file of ``inputs/<Y>/`` (or the incoming register) was added,
  removed, or changed since. A file is hashed only when its modification time is not older than
  the manifest (a ``git checkout`` or a copy that only touched the times re-runs nothing).

A year whose manifest can be used is not read again: its inputs are neither parsed nor checked.
A year with a manifest but no ``inputs/<Y>/`` folder (its files archived elsewhere) is used as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipeline.catalog.load import LoadedCatalog
from pipeline.consolidate.register import find_register
from pipeline.exitcodes import UsageProblem
from pipeline.intake.source import is_skipped, sha256_file
from pipeline.manifest import SCHEMA_VERSION, Manifest

__all__ = ["YearSource", "ensure_years", "manifest_path", "stale_reason"]

MTIME_SLACK = 2.0  # seconds: file systems that keep coarse times (FAT, network shares)


@dataclass(frozen=True)
class YearSource:
    """One year's manifest as the review uses it."""

    year: int
    manifest: Manifest
    path: Path  # outputs/<Y>/run-<Y>.json
    sha256: str  # of the manifest file: the review names the exact figures it was built from
    rerun: str = ""  # why the year was run again ("" when its manifest was used as it was)


def manifest_path(out_root: Path, year: int) -> Path:
    return Path(out_root) / str(year) / f"run-{year}.json"


def _read(path: Path) -> tuple[Manifest | None, str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, f"chưa có kết quả tổng hợp {path.as_posix()}"
    except OSError:
        return None, f"không đọc được {path.as_posix()}"
    try:
        m = Manifest.model_validate_json(data)
    except (ValidationError, ValueError):
        return None, f"tệp {path.as_posix()} không đúng định dạng kết quả tổng hợp hiện nay"
    return m, ""


def _recorded(m: Manifest) -> dict[str, str]:
    """Relative path → SHA-256 of every file the run read (an e-mail once, by its container)."""
    out: dict[str, str] = {}
    for e in m.inputs:
        if e.container:
            out[e.container] = e.container_sha256 or ""
        else:
            out[e.path.split("#", 1)[0]] = e.sha256
    if m.incoming_register is not None:
        out[m.incoming_register.path] = m.incoming_register.sha256
    return out


def _current(folder: Path, root: Path) -> dict[str, Path]:
    """Relative path → file of what ``ptn run`` would read in ``folder`` now."""
    out: dict[str, Path] = {}
    for p in sorted(folder.rglob("*")):
        rel_parts = p.relative_to(folder).parts
        if any(part.startswith(".") for part in rel_parts) or not p.is_file():
            continue
        if is_skipped(p) and p != find_register(folder):
            continue
        try:
            rel = p.resolve().relative_to(root).as_posix()
        except ValueError:
            rel = p.name
        out[rel] = p
    return out


def _names(rels: list[str]) -> str:
    shown = [Path(r).name for r in sorted(rels)[:3]]
    more = f" và {len(rels) - 3} tệp khác" if len(rels) > 3 else ""
    return ", ".join(shown) + more


def stale_reason(loaded: LoadedCatalog, year: int, inputs_root: Path, out_root: Path) -> str:
    """Why the year's manifest cannot be used as it is (Vietnamese), or "" when it can."""
    path = manifest_path(out_root, year)
    m, why = _read(path)
    if m is None:
        return why
    if m.schema_version != SCHEMA_VERSION or m.year != year:
        return f"tệp {path.as_posix()} không đúng định dạng kết quả tổng hợp hiện nay"
    if m.plan.catalog_hash != loaded.short_hash:
        return "danh mục kế hoạch đã thay đổi sau lần tổng hợp trước"
    folder = Path(inputs_root) / str(year)
    if not folder.is_dir():
        return ""  # the files are archived elsewhere: the manifest is the year's record
    root = Path(inputs_root).resolve().parent
    recorded, current = _recorded(m), _current(folder, root)
    added = [r for r in current if r not in recorded]
    if added:
        return f"có tệp mới trong {folder.as_posix()} ({_names(added)})"
    gone = [r for r in recorded if r not in current]
    if gone:
        return f"không còn tệp {_names(gone)} trong {folder.as_posix()}"
    made = path.stat().st_mtime
    changed = [
        rel
        for rel, p in current.items()
        if p.stat().st_mtime >= made - MTIME_SLACK and sha256_file(p) != recorded[rel]
    ]
    if changed:
        return f"tệp {_names(changed)} đã thay đổi sau lần tổng hợp trước"
    return ""


RunYear = Callable[..., object]


def ensure_years(
    loaded: LoadedCatalog,
    years: list[int],
    inputs_root: Path,
    out_root: Path,
    run: RunYear | None = None,
    say: Callable[[str], None] | None = None,
) -> dict[int, YearSource]:
    """Each year's manifest, running the year again (oldest first) when it cannot be used as it is.

    ``run`` is :func:`pipeline.consolidate.run_year.run_year` (a test may wrap it); ``say`` gets one
    Vietnamese line per year. A year with neither a manifest nor an inputs folder stops the review
    (exit 2) before anything is run or written."""
    if run is None:
        from pipeline.consolidate.run_year import run_year as run
    say = say or (lambda _msg: None)
    plans: dict[int, str] = {}
    for y in years:
        reason = stale_reason(loaded, y, inputs_root, out_root)
        if reason and not (Path(inputs_root) / str(y)).is_dir():
            raise UsageProblem(
                f"Không có số liệu năm {y}: {reason} và không có thư mục {(Path(inputs_root) / str(y)).as_posix()}.",
                hint=f"Lưu các tệp báo cáo năm {y} vào {(Path(inputs_root) / str(y)).as_posix()} (hoặc chép lại "
                f"tệp run-{y}.json vào {(Path(out_root) / str(y)).as_posix()}), hoặc chọn --from, --to bỏ qua năm đó.",
            )
        plans[y] = reason
    out: dict[int, YearSource] = {}
    for y in years:
        path = manifest_path(out_root, y)
        if plans[y]:
            say(f"Năm {y}: tổng hợp lại ({plans[y]}).")
            run(loaded, year=y, inputs_root=Path(inputs_root), out_root=Path(out_root))
        data = path.read_bytes()
        m = Manifest.model_validate_json(data)
        if not plans[y]:
            say(
                f"Năm {y}: dùng kết quả tổng hợp ngày {m.generated_at:%d/%m/%Y} (số liệu đến ngày "
                f"{m.as_of:%d/%m/%Y}; {path.as_posix()})."
            )
        out[y] = YearSource(y, m, path, hashlib.sha256(data).hexdigest(), plans[y])
    return out
