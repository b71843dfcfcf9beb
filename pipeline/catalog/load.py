"""Load a plan catalog (YAML, plus CSV unit lists it names) into :class:`Catalog`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from pipeline.catalog.model import Catalog
from pipeline.exitcodes import UsageProblem
from pipeline.vn import nfc

DEFAULT_PLAN = Path("plans") / "kh-253-2021-2025.yaml"

UNIT_CSV_COLUMNS = (
    "code",
    "name",
    "short_name",
    "kind",
    "obligation",
    "valid_from",
    "valid_to",
    "merged_into",
    "emails",
    "gso_code",
    "source_status",
    "note",
)


@dataclass(frozen=True)
class LoadedCatalog:
    catalog: Catalog
    path: Path
    sha256: str  # of the canonical JSON of the catalog (formatting of the YAML does not count)

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


class CatalogSyntaxError(Exception):
    """The YAML cannot be read or does not fit the schema; ``problems`` are Vietnamese lines."""

    def __init__(self, path: Path, problems: list[str]):
        super().__init__("\n".join(problems))
        self.path = path
        self.problems = problems


def _nfc_tree(obj):
    if isinstance(obj, str):
        return nfc(obj)
    if isinstance(obj, list):
        return [_nfc_tree(x) for x in obj]
    if isinstance(obj, dict):
        return {_nfc_tree(k): _nfc_tree(v) for k, v in obj.items()}
    return obj


def _read_unit_csv(path: Path) -> list[dict]:
    text = path.read_bytes().decode("utf-8-sig")
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        unit = {k: row[k] for k in UNIT_CSV_COLUMNS if row.get(k)}
        if "emails" in unit:
            unit["emails"] = [e.strip() for e in unit["emails"].split(";") if e.strip()]
        rows.append(unit)
    return rows


def _pydantic_problems(path: Path, err: ValidationError, data: dict) -> list[str]:
    out = []
    for e in err.errors():
        loc = e["loc"]
        where = []
        node = data
        for part in loc:
            if isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
                code = node.get("code") or node.get("key") if isinstance(node, dict) else None
                where.append(f"[{part}]" + (f" ({code})" if code else ""))
            else:
                node = node.get(part) if isinstance(node, dict) else None
                where.append(str(part))
        out.append(f"{path.name}: {'.'.join(where)}: {_vi_message(e)}")
    return out


def _vi_message(e: dict) -> str:
    """pydantic's error in Vietnamese (the common kinds; others keep pydantic's text)."""
    kind, ctx, value = e["type"], e.get("ctx") or {}, e.get("input")
    if kind == "missing":
        return "thiếu trường bắt buộc."
    if kind == "extra_forbidden":
        return f"trường không có trong mẫu danh mục (gõ sai tên?): {value!r}."
    if kind in ("enum", "literal_error"):
        return f"giá trị {value!r} không hợp lệ; phải là một trong: {ctx.get('expected', '')}."
    if kind == "string_pattern_mismatch":
        return f"giá trị {value!r} sai dạng mã (mẫu {ctx.get('pattern', '')})."
    if kind.startswith(("date_", "datetime_")):
        return f"ngày {value!r} không hợp lệ (dùng dạng YYYY-MM-DD)."
    if kind.startswith(("int_", "float_")):
        return f"cần một số, không phải {value!r}."
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"giá trị {value!r} nằm ngoài khoảng cho phép."
    return f"{e['msg']} (giá trị: {value!r})"


def load_catalog(path: Path | str | None = None) -> LoadedCatalog:
    """Read and validate the catalog's schema. Raises :class:`UsageProblem` when the file is
    missing and :class:`CatalogSyntaxError` when it does not fit the schema."""
    path = Path(path) if path else DEFAULT_PLAN
    if not path.is_file():
        raise UsageProblem(
            f"Không tìm thấy danh mục kế hoạch: {path}",
            hint="Chỉ đường dẫn tới tệp .yaml của kế hoạch bằng --plan, "
            f"hoặc chạy lệnh trong thư mục chứa {DEFAULT_PLAN.as_posix()}.",
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise CatalogSyntaxError(path, [f"{path.name}: không đọc được YAML: {e}"]) from e
    if not isinstance(data, dict):
        raise CatalogSyntaxError(
            path, [f"{path.name}: tệp không phải một danh mục (cần các mục plan, units, …)"]
        )
    data = _nfc_tree(data)
    for rel in data.get("unit_files", []) or []:
        csv_path = path.parent / rel
        if not csv_path.is_file():
            raise CatalogSyntaxError(path, [f"{path.name}: unit_files: không tìm thấy {rel}"])
        data.setdefault("units", []).extend(_read_unit_csv(csv_path))
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as e:
        raise CatalogSyntaxError(path, _pydantic_problems(path, e, data)) from e
    return LoadedCatalog(catalog, path, catalog_sha256(catalog))


def catalog_sha256(catalog: Catalog) -> str:
    """SHA-256 of the catalog's canonical JSON: the same catalog gives the same hash, whatever file
    (YAML layout, CSV unit lists, a workbook imported) it was read from."""
    canonical = json.dumps(catalog.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
