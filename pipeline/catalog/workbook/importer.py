"""``ptn plan import``: a workbook becomes the catalog – only when everything in it is right.

read (guarded) → the schema → the files ``load_catalog`` reads, staged next to the target and loaded
from there → every catalog check (``ptn plan check``), each problem at its sheet and cell → the
guard against a catalog changed since the export → put in place (the previous files kept in
``plans/luu-tru/``). Any error stops before the last step: nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.catalog.load import (
    DEFAULT_PLAN,
    CatalogSyntaxError,
    LoadedCatalog,
    catalog_sha256,
    load_catalog,
)
from pipeline.catalog.model import Catalog
from pipeline.catalog.save import CatalogFileProblem, catalog_files, discard, header_for, put_in_place, stage
from pipeline.catalog.validate import check_catalog
from pipeline.catalog.workbook.locate import sheet_problem
from pipeline.catalog.workbook.mapping import words_for
from pipeline.catalog.workbook.problems import SheetProblem
from pipeline.catalog.workbook.read import ReadBack, read_catalog_workbook


@dataclass
class ImportResult:
    target: Path | None = None
    problems: list[SheetProblem] = field(default_factory=list)
    catalog: Catalog | None = None  # the catalog the workbook holds (when it fits the schema)
    previous: LoadedCatalog | None = None  # the catalog being replaced
    sha256: str = ""
    written: list[Path] = field(default_factory=list)
    archived: list[Path] = field(default_factory=list)
    unchanged: bool = False

    @property
    def errors(self) -> list[SheetProblem]:
        return [p for p in self.problems if p.severity == "error"]


def default_target(back: ReadBack) -> Path:
    """The catalog file the workbook was exported from, else ``plans/<plan id>.yaml``."""
    source = back.meta.get("source_file", "")
    if source and Path(source).suffix.lower() in (".yaml", ".yml") and Path(source).is_file():
        return Path(source)
    plan_id = back.catalog.plan.id if back.catalog else ""
    guess = DEFAULT_PLAN.parent / f"{plan_id}.yaml"
    if plan_id and guess.is_file():
        return guess
    return Path(source) if source else guess


def _file_problem(e: CatalogFileProblem, back: ReadBack) -> SheetProblem:
    path = ("units", e.index, e.field) if e.index >= 0 else ("unit_files",)
    where = back.origins.find(path)
    return SheetProblem("CAT-XLSX-VALUE", "error", e.message, where.sheet if where else "",
                        where.cell if where else "", back.origins.captions.get(where, "") if where else "")  # fmt: skip


def import_workbook(
    xlsx: Path, out: Path | None = None, *, force: bool = False, dry_run: bool = False
) -> ImportResult:
    res = ImportResult()
    back = read_catalog_workbook(Path(xlsx))
    res.problems = list(back.problems)
    res.catalog = back.catalog
    if back.catalog is None or res.errors:
        return res
    cat = back.catalog
    res.target = target = Path(out) if out else default_target(back)
    try:
        files = catalog_files(
            cat, target.name, back.unit_files, header_for(cat, f"Nhập từ bảng tính {Path(xlsx).name}.")
        )
    except CatalogFileProblem as e:
        res.problems.append(_file_problem(e, back))
        return res
    try:
        staged = stage(files, target.name, target.parent)
    except CatalogSyntaxError as e:  # cannot happen for a catalog that passed the schema: say so plainly
        res.problems += [SheetProblem("CAT-SCHEMA", "error", line) for line in e.problems]
        return res
    try:
        res.problems += [sheet_problem(p, cat, back.origins) for p in check_catalog(cat)]
        res.sha256 = catalog_sha256(cat)
        as_filed = catalog_sha256(_units_as_filed(cat, back.unit_files))
        if staged.loaded.sha256 != as_filed:  # the files would not hold what the workbook holds: refuse
            res.problems.append(SheetProblem("CAT-XLSX-SAVE", "error", "tệp danh mục ghi ra không giữ được toàn "
                                             "bộ nội dung bảng tính; chưa ghi gì. Báo cho người quản trị ptn."))  # fmt: skip
        elif as_filed != res.sha256:
            res.problems.append(SheetProblem("CAT-XLSX-ORDER", "warning", "các đơn vị lưu trong tệp danh sách .csv "
                                             "sẽ được xếp sau các đơn vị của danh mục chính."))  # fmt: skip
            res.sha256 = as_filed
        res.previous, stale = _current(target, back, res.sha256)
        if stale and not force:
            res.problems.append(stale)
        if res.errors:
            return res
        res.unchanged = res.previous is not None and res.previous.sha256 == res.sha256
        if dry_run or res.unchanged:
            return res
        res.written, res.archived = put_in_place(staged, target.parent)
    finally:
        discard(staged)
    return res


def _units_as_filed(cat: Catalog, unit_files: list[str]) -> Catalog:
    """``cat`` with its units in the order the files keep them: the YAML's, then each CSV's."""
    files = (list(unit_files) + [""] * len(cat.units))[: len(cat.units)]
    order = [i for i, f in enumerate(files) if not f]
    order += [i for name in cat.unit_files for i, f in enumerate(files) if f == name]
    return cat.model_copy(update={"units": [cat.units[i] for i in order]})


def _current(target: Path, back: ReadBack, new_sha: str) -> tuple[LoadedCatalog | None, SheetProblem | None]:
    """The catalog now at ``target`` and, when it changed since the export, the problem to report."""
    if not target.is_file():
        return None, None
    try:
        current = load_catalog(target)
    except CatalogSyntaxError:
        return None, SheetProblem("CAT-XLSX-STALE", "error", f"danh mục hiện tại {target} không đọc được; "
                                  "muốn thay bằng nội dung bảng tính thì chạy lại với --force.")  # fmt: skip
    exported_from = back.meta.get("source_sha256", "")
    if current.sha256 in (exported_from, new_sha):
        return current, None
    return current, SheetProblem(
        "CAT-XLSX-STALE",
        "error",
        f"danh mục {target} đã thay đổi sau khi xuất bảng tính này "
        f"({'không rõ bản xuất' if not exported_from else 'mã ' + exported_from[:12]} → hiện tại {current.short_hash}): "
        "nhập bảng tính này sẽ xóa các thay đổi đó. Xuất bảng tính mới (ptn plan export) rồi sửa lại; "
        "hoặc chạy lại với --force nếu chắc chắn muốn thay.",
    )


# --------------------------------------------------------------------------- what changed


def catalog_changes(old: Catalog, new: Catalog) -> list[str]:
    """What an import changes, in words: one line per part of the catalog."""
    from pipeline.catalog.model import Plan, ReportVariant

    lines = []
    po, pn = old.plan.model_dump(), new.plan.model_dump()
    changed = [k for k in pn if po.get(k) != pn[k] and k not in ("report_variants", "legal_basis")]
    words = [words_for(Plan, k).header if words_for(Plan, k) else k for k in changed]
    for vo, vn in zip(old.plan.report_variants, new.plan.report_variants, strict=False):
        do, dn = vo.model_dump(), vn.model_dump()
        for k in dn:
            if do.get(k) != dn[k]:
                if k == "signer":
                    words += [f"{w} ({vn.issuer_name})" for w, sk in (("Người ký", "name"), ("Chức vụ người ký", "lines"))
                              if do["signer"][sk] != dn["signer"][sk]]  # fmt: skip
                else:
                    words.append(f"{words_for(ReportVariant, k).header} ({vn.issuer_name})")
    if len(old.plan.report_variants) != len(new.plan.report_variants):
        words.append("Báo cáo năm")
    if po["legal_basis"] != pn["legal_basis"]:
        words.append("Căn cứ")
    if words:
        lines.append("Kế hoạch: sửa " + "; ".join(words) + ".")
    for title, key, attr in (("Đơn vị", "units", "code"), ("Phụ lục I", "documents", "code"),
                             ("Phụ lục II", "targets", "code"), ("Phụ lục III", "programmes", "code"),
                             ("Quy tắc", "rules", "code"), ("Biểu mẫu", "sections", "key")):  # fmt: skip
        a = {getattr(x, attr): x.model_dump() for x in getattr(old, key)}
        b = {getattr(x, attr): x.model_dump() for x in getattr(new, key)}
        parts = []
        if added := [k for k in b if k not in a]:
            parts.append("thêm " + ", ".join(added))
        if removed := [k for k in a if k not in b]:
            parts.append("bỏ " + ", ".join(removed))
        if edited := [k for k in b if k in a and a[k] != b[k]]:
            parts.append("sửa " + ", ".join(edited))
        if parts:
            lines.append(f"{title}: " + "; ".join(parts) + ".")
    if old.unit_files != new.unit_files:
        lines.append("Tệp danh sách đơn vị kèm theo: " + (", ".join(new.unit_files) or "không còn") + ".")
    said = {
        "schema_version",
        "plan",
        "units",
        "documents",
        "targets",
        "programmes",
        "rules",
        "sections",
        "unit_files",
    }
    for key in Catalog.model_fields:  # the other parts (the declared unit lists …): whether they changed
        if key not in said and getattr(old, key) != getattr(new, key):
            lines.append(f"{words_for(Catalog, key).header if words_for(Catalog, key) else key}: sửa.")
    return lines
