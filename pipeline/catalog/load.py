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

from pipeline.catalog import cache
from pipeline.catalog.model import Catalog
from pipeline.catalog.paths import DEFAULT_PLAN
from pipeline.exitcodes import UsageProblem
from pipeline.vn import dung_luong, nfc

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
    "aliases",
    "predecessors",
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


MAX_CATALOG_SIZE = 5 * 1024 * 1024  # bytes: the real catalog is ~100 KB
MAX_DEPTH = 40  # nesting of YAML mappings/lists: the schema needs 6


class _Refused(yaml.YAMLError):
    def __init__(self, message: str, mark=None):
        super().__init__(message)
        self.message = message
        self.mark = mark


class _CatalogLoader(yaml.SafeLoader):
    """YAML as the catalog needs it and no more: no aliases (a 342-byte "billion laughs" of aliases
    expands to gigabytes), bounded nesting (deep nesting is a RecursionError), no duplicate keys
    (in YAML the last one silently wins: a second ``deadline:`` would replace the first)."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                "dùng tham chiếu YAML (*tên, &tên): hãy viết đầy đủ giá trị, không dùng tham chiếu",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"lồng nhau quá sâu (hơn {MAX_DEPTH} mức)", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _value in node.value:
                try:
                    key = self.construct_object(key_node, deep=True)
                    hash(key)
                except Exception:
                    continue
                if key in seen:
                    raise _Refused(
                        f"khoá '{key}' xuất hiện hai lần trong cùng một mục (dòng {seen[key] + 1} và dòng "
                        f"{key_node.start_mark.line + 1}): xoá hoặc gộp một trong hai",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str):
    """The catalog's YAML with the limits of :class:`_CatalogLoader`.

    libyaml (C) parses it when present – ten times faster – and its node tree is held to the same
    limits (no alias, bounded nesting, no duplicate key); anything that does not pass, or that
    libyaml refuses, is parsed again by :class:`_CatalogLoader`, which says exactly what and where."""
    fast = _parse_with_libyaml(text)
    if fast is not _SLOW:
        return fast
    loader = _CatalogLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


_SLOW = object()


def _parse_with_libyaml(text: str):
    """The data, or ``_SLOW`` when libyaml is missing or the text needs the careful loader."""
    c_loader = getattr(yaml, "CSafeLoader", None)
    if c_loader is None:
        return _SLOW
    loader = c_loader(text)
    try:
        node = loader.get_single_node()
        if node is None or not _plain_tree(loader, node):
            return _SLOW
        return loader.construct_document(node)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return _SLOW
    finally:
        loader.dispose()


def _plain_tree(loader, root) -> bool:
    """No node reached twice (an alias), nesting within MAX_DEPTH, no key twice in a mapping."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > MAX_DEPTH:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = set()
            for key_node, value in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    return False
                key = loader.construct_object(key_node)
                if key in keys:
                    return False
                keys.add(key)
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return True


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
        for key in ("emails", "aliases", "predecessors"):  # lists: separated by ";"
            if key in unit:
                unit[key] = [e.strip() for e in unit[key].split(";") if e.strip()]
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
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"giá trị {value!r} nằm ngoài khoảng cho phép."
    if kind == "value_error":  # our own validators say it in Vietnamese
        return str(e["msg"]).removeprefix("Value error, ")
    if kind in ("list_type", "dict_type", "model_type", "string_type", "bool_type", "bool_parsing"):
        return f"sai kiểu dữ liệu (giá trị: {str(value)[:80]!r})."
    return f"giá trị không hợp lệ ({str(value)[:80]!r})."


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
        size = path.stat().st_size
        if size > MAX_CATALOG_SIZE:
            raise CatalogSyntaxError(
                path,
                [
                    f"{path.name}: tệp danh mục quá lớn ({dung_luong(size)}, giới hạn {dung_luong(MAX_CATALOG_SIZE)})."
                ],
            )
        raw = path.read_bytes()
        kept = cache.get(path, raw)
        if kept is not None:
            return kept
        data = parse_yaml(raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
    except _Refused as e:
        line = f" (dòng {e.mark.line + 1})" if e.mark is not None else ""
        raise CatalogSyntaxError(path, [f"{path.name}{line}: {e.message}."]) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" dòng {mark.line + 1}, cột {mark.column + 1}" if mark is not None else ""
        raise CatalogSyntaxError(
            path,
            [
                f"{path.name}:{line} sai cú pháp YAML (thụt lề, dấu hai chấm, dấu ngoặc kép): sửa rồi chạy lại."
            ],
        ) from None
    except UnicodeDecodeError:
        raise CatalogSyntaxError(
            path, [f"{path.name}: tệp không phải văn bản UTF-8: lưu lại với mã UTF-8."]
        ) from None
    except RecursionError:
        raise CatalogSyntaxError(path, [f"{path.name}: lồng nhau quá sâu."]) from None
    except OSError:
        raise CatalogSyntaxError(
            path, [f"{path.name}: không đọc được tệp danh mục (quyền truy cập?)."]
        ) from None
    if not isinstance(data, dict):
        raise CatalogSyntaxError(
            path, [f"{path.name}: tệp không phải một danh mục (cần các mục plan, units, …)"]
        )
    data = _nfc_tree(data)
    unit_files = data.get("unit_files", []) or []
    for rel in unit_files if isinstance(unit_files, list) else []:
        if not isinstance(rel, str) or not (path.parent / rel).is_file():
            raise CatalogSyntaxError(path, [f"{path.name}: unit_files: không tìm thấy {rel}"])
        csv_path = path.parent / rel
        try:
            units = data.setdefault("units", [])
            if not isinstance(units, list):
                raise CatalogSyntaxError(path, [f"{path.name}: units: phải là một danh sách."])
            units.extend(_read_unit_csv(csv_path))
        except (OSError, UnicodeDecodeError, csv.Error):
            raise CatalogSyntaxError(
                path, [f"{path.name}: unit_files: không đọc được {rel} (cần tệp CSV mã UTF-8)."]
            ) from None
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as e:
        raise CatalogSyntaxError(path, _pydantic_problems(path, e, data)) from e
    loaded = LoadedCatalog(catalog, path, catalog_sha256(catalog))
    cache.put(
        path,
        raw,
        loaded,
        [rel for rel in unit_files if isinstance(rel, str)] if isinstance(unit_files, list) else [],
    )
    return loaded


def catalog_sha256(catalog: Catalog) -> str:
    """SHA-256 of the catalog's canonical JSON: the same catalog gives the same hash, whatever file
    (YAML layout, CSV unit lists, a workbook imported) it was read from."""
    canonical = json.dumps(catalog.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
