"""Write a catalog as the files ``load_catalog`` reads: the YAML, and the CSV unit lists it names.

Used by ``ptn plan import`` (the workbook becomes the catalog) and ``ptn plan new``. Files are first
written into a staging folder next to the target and read back by :func:`load_catalog` there, so
what is put in place is exactly what was checked; then the previous files are kept in
``plans/luu-tru/`` and the new ones moved in (each an atomic replace).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from pipeline.catalog.load import UNIT_CSV_COLUMNS, LoadedCatalog, load_catalog
from pipeline.catalog.model import Catalog, Unit
from pipeline.exitcodes import OutputLocked

ARCHIVE = "luu-tru"  # plans/luu-tru/: the catalog files an import replaced
TOP_ORDER = ("schema_version", "plan", "unit_files", "unit_lists", "units", "sections", "documents", "targets",
             "programmes", "rules")  # fmt: skip
COMMENTS = {
    "plan": "Thông tin kế hoạch, hạn báo cáo, kỳ số liệu, người liên hệ, mẫu báo cáo năm và người ký.",
    "unit_files": "Danh sách đơn vị kèm theo (CSV, cùng thư mục).",
    "unit_lists": "Số đơn vị mỗi loại theo văn bản pháp lý, và danh mục đã đủ chưa (complete).",
    "units": "Đơn vị báo cáo. Một đơn vị hoạt động trong năm Y nếu còn hoạt động vào ngày cuối của hạn báo cáo năm Y.",
    "sections": "Các phần (sheet) của biểu mẫu và các trường. Khóa trường không đổi sau khi đã gửi biểu mẫu.",
    "documents": "Phụ lục I – văn bản cần ban hành.",
    "targets": "Phụ lục II – mục tiêu, chỉ tiêu. figure_source: lead (cơ quan chủ trì) hoặc sum_local, không cả hai.",
    "programmes": "Phụ lục III – chương trình, đề án, dự án.",
    "rules": "Quy tắc kiểm tra kiểu DHIS2 (importance: high = Lỗi, medium = Cảnh báo, low = Lưu ý).",
}


class CatalogFileProblem(ValueError):
    """A value that cannot be stored in the file it belongs to (Vietnamese message)."""

    def __init__(self, index: int, field: str, message: str):
        super().__init__(message)
        self.index, self.field, self.message = index, field, message


# --------------------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, s: str):
    style = "|" if "\n" in s and not any(line != line.rstrip() for line in s.split("\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)


def _list(dumper: yaml.SafeDumper, lst: list):
    flow = bool(lst) and all(isinstance(x, str | int | float) and "\n" not in str(x) for x in lst)
    flow = flow and sum(len(str(x)) + 2 for x in lst) < 90
    return dumper.represent_sequence("tag:yaml.org,2002:seq", lst, flow_style=flow)


def _dict(dumper: yaml.SafeDumper, d: dict):
    flow = bool(d) and all(isinstance(k, int) for k in d)  # yearly values: {2026: 100, 2027: 100}
    return dumper.represent_mapping("tag:yaml.org,2002:map", d.items(), flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(dict, _dict)


def _plain(obj: Any) -> Any:
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, float) and obj.is_integer() and abs(obj) < 1e15:
        return int(obj)
    if isinstance(obj, list):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {_plain(k): _plain(v) for k, v in obj.items()}
    return obj


def catalog_yaml(catalog: Catalog, units: list[Unit], header: str) -> str:
    """The YAML text of ``catalog`` with ``units`` (the ones not kept in a CSV file): every part of
    the catalog, those of ``TOP_ORDER`` first (a part added to the model later is written too)."""
    data: dict[str, Any] = {}
    for key, info in Catalog.model_fields.items():
        value = units if key == "units" else getattr(catalog, key)
        if key not in TOP_ORDER and value == info.get_default(call_default_factory=True):
            continue
        if isinstance(value, BaseModel):
            data[key] = value.model_dump()
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            data[key] = [m.model_dump(exclude_defaults=True) for m in value]
        else:
            data[key] = value
    if not catalog.unit_files:
        data.pop("unit_files", None)
    out = io.StringIO()
    out.write(header)
    for key in sorted(data, key=lambda k: TOP_ORDER.index(k) if k in TOP_ORDER else len(TOP_ORDER)):
        if key in COMMENTS:
            out.write(f"\n# {COMMENTS[key]}\n")
        out.write(
            yaml.dump(
                {key: _plain(data[key])}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110
            )
        )
    return out.getvalue()


def unit_csv(units: list[Unit], file: str, first_index: int) -> str:
    """CSV text of ``units`` (columns of ``UNIT_CSV_COLUMNS``); a value the CSV cannot hold raises."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(UNIT_CSV_COLUMNS)
    for n, u in enumerate(units):
        data = u.model_dump()
        for name in Unit.model_fields:
            if name not in UNIT_CSV_COLUMNS and data[name] != Unit.model_fields[name].get_default(
                call_default_factory=True
            ):
                raise CatalogFileProblem(first_index + n, name, f"tệp {file} không có cột cho giá trị này: "
                                         "để trống ô «Lưu trong tệp danh sách» để lưu đơn vị trong danh mục chính.")  # fmt: skip
        row = []
        for col in UNIT_CSV_COLUMNS:
            v = data.get(col)
            if isinstance(v, list):  # e-mails, aliases, predecessors: separated by ";" in the CSV
                bad = [e for e in v if ";" in e or e != e.strip() or not e]
                if bad:
                    raise CatalogFileProblem(first_index + n, col, f"giá trị «{bad[0]}» có dấu «;» hoặc khoảng "
                                             "trắng đầu/cuối: tệp .csv không giữ được.")  # fmt: skip
                v = ";".join(v)
            row.append(
                "" if v is None else _plain(v).isoformat() if isinstance(v, dt.date) else str(_plain(v))
            )
        w.writerow(row)
    return out.getvalue()


def catalog_files(catalog: Catalog, yaml_name: str, unit_files: list[str], header: str) -> dict[str, str]:
    """File name (relative to the catalog's folder) → text, for ``catalog`` whose unit ``i`` is kept in
    ``unit_files[i]`` ("" = the YAML). Raises :class:`CatalogFileProblem`."""
    files = (list(unit_files) + [""] * len(catalog.units))[: len(catalog.units)]
    in_yaml = [u for u, f in zip(catalog.units, files, strict=True) if not f]
    out: dict[str, str] = {}
    for name in catalog.unit_files:
        if Path(name).name != name or not name.lower().endswith(".csv"):
            raise CatalogFileProblem(-1, "unit_files", f"«{name}»: chỉ ghi tên tệp .csv (không có thư mục).")
        idx = [i for i, f in enumerate(files) if f == name]
        out[name] = unit_csv([catalog.units[i] for i in idx], name, idx[0] if idx else 0)
    out[yaml_name] = catalog_yaml(catalog, in_yaml, header)
    return out


def header_for(catalog: Catalog, how: str) -> str:
    p = catalog.plan

    def one_line(text: str) -> str:
        return " ".join(text.split())

    return (
        f"# Danh mục {one_line(p.title or p.id)}{' (' + one_line(p.number) + ')' if p.number.strip() else ''}.\n"
        f"# {one_line(how)}\n"
        "# Đây là DỮ LIỆU do Sở Nội vụ chỉnh sửa, không phải mã nguồn. Sửa bằng bảng tính:\n"
        "#   ptn plan export  →  sửa trong Excel  →  ptn plan import <tệp .xlsx>   (docs/CATALOG.md)\n"
    )


# --------------------------------------------------------------------------- staging & putting in place


@dataclass
class Staged:
    folder: Path  # the staging folder (removed by put_in_place or discard)
    files: dict[str, Path]  # name → staged file
    loaded: LoadedCatalog  # the staged catalog as load_catalog reads it


def stage(files: dict[str, str], yaml_name: str, target_dir: Path) -> Staged:
    """Write ``files`` into a staging folder inside ``target_dir`` and load the catalog from there.
    Raises what :func:`load_catalog` raises (the caller discards the staging folder)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".~ptn-", dir=target_dir))
    staged = {}
    for name, text in files.items():
        p = folder / name
        p.write_text(text, encoding="utf-8-sig" if name.lower().endswith(".csv") else "utf-8", newline="\n")
        staged[name] = p
    try:
        return Staged(folder, staged, load_catalog(folder / yaml_name))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def discard(staged: Staged) -> None:
    shutil.rmtree(staged.folder, ignore_errors=True)


def put_in_place(staged: Staged, target_dir: Path, now: dt.datetime | None = None,
                 say: Callable[[str], None] | None = None) -> tuple[list[Path], list[Path]]:  # fmt: skip
    """Keep the files about to be replaced in ``<target_dir>/luu-tru/`` and move the staged ones in
    (unit lists first, the YAML last). Returns (written, archived)."""
    now = now or dt.datetime.now()
    stamp = now.strftime("%Y%m%d-%H%M%S")
    written, archived = [], []
    try:
        names = sorted(staged.files, key=lambda n: n.lower().endswith((".yaml", ".yml")))
        for name in names:
            dst = target_dir / name
            if dst.exists():
                arch = target_dir / ARCHIVE / f"{dst.stem}-{stamp}{dst.suffix}"
                arch.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(dst, arch)
                archived.append(arch)
            try:
                os.replace(staged.files[name], dst)
            except PermissionError as e:
                raise OutputLocked(f"Không ghi được {dst}: tệp đang mở trong chương trình khác.",
                                   hint="Đóng tệp rồi chạy lại lệnh.") from e  # fmt: skip
            written.append(dst)
    finally:
        discard(staged)
    return written, archived
