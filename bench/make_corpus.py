"""Synthetic corpora for the benchmark (issue 8): a catalog of N reporting units and N returned files.

The catalog is ``plans/kh-253-2021-2025.yaml`` with its 11 districts replaced by ``N - 22``
district-like units ``X0001…`` (the 22 departments obliged in 2024 stay: they lead the targets,
documents and programmes; the 10 ``requested`` units stay and stay silent, as in a real year). The
sections, targets, rules and deadline are untouched. ``N = 33`` is the real province's shape.

The files, for ``YEAR`` (2024):

* the 22 departments' forms and :data:`BASES` district forms are built for real with
  ``build_workbook(values=…)`` and the sample year's value generator (``scripts/make_sample_inputs.py``);
* every other district form is a **zip-level clone** of one base: the unit's code (also inside its
  name, short name and e-mail) is rewritten in every part of the zip (``_meta`` and the visible
  cells via shared strings, document properties), and the integer inputs are scaled by a per-clone
  factor in the sheet XML (monotone, so part ≤ whole and the rules still hold) and the cached
  value of each % formula recomputed as Excel would save it: identity, values and SHA-256 differ
  per file;
* about 10 % are legacy ``.xls``: :data:`XLS_POOL` base forms converted once through LibreOffice
  (``pipeline.forms.filler.resave``) and cloned at byte level – a BIFF8 file keeps its strings in a
  shared string table, 8-bit when ASCII and UTF-16LE otherwise, so a same-length code is rewritten
  in both encodings. Their values are those of their base (numbers in BIFF records are not
  rewritten); identity and SHA-256 differ. Without LibreOffice the share is built as ``.xlsx``.

Corpora are cached in ``bench/.cache/n<N>-<key>/`` where the key hashes the source catalog, this
file, the sample-value scripts (``scripts/make_sample_inputs.py``, ``scripts/sample_*.py``) and the
template builder's code (a new template version means a new corpus).

    python bench/make_corpus.py --sizes 33,300
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import importlib.util
import io
import os
import random
import re
import shutil
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.catalog import load_catalog  # noqa: E402
from pipeline.catalog.load import LoadedCatalog  # noqa: E402
from pipeline.catalog.query import CatalogView  # noqa: E402

SOURCE_PLAN = ROOT / "plans" / "kh-253-2021-2025.yaml"
CACHE = ROOT / "bench" / ".cache"
YEAR = 2024
GENERATED_AT = dt.datetime.fromisoformat("2024-09-16T08:00:00+07:00")
BASES = 8  # district forms built for real per corpus
XLS_SHARE = 0.10
XLS_POOL = 3  # distinct .xls bases converted through LibreOffice per corpus
CORPUS_VERSION = "2"
SEED = 8


def _code(i: int) -> str:
    return f"X{i:04d}"


def _sample_module():
    """``scripts/make_sample_inputs.py`` (not a package): its plausible per-unit values."""
    name = "ptn_make_sample_inputs"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "make_sample_inputs.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


# --------------------------------------------------------------------------- catalog


def catalog_data(n: int, source: Path = SOURCE_PLAN) -> dict:
    """The source catalog with its districts replaced by ``n - departments`` units X0001…"""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data.pop("unit_files", None)  # 2025 communes: not active in YEAR, and relative to the source
    keep = [u for u in data["units"] if u.get("kind") != "district"]
    ref = dt.date(YEAR, 12, 31)
    obliged = [
        u
        for u in keep
        if u.get("obligation") == "obliged"
        and (u.get("valid_from") is None or u["valid_from"] <= ref)
        and (u.get("valid_to") is None or u["valid_to"] >= dt.date(YEAR, 11, 14))
    ]
    extra = max(0, n - len(obliged))
    units = list(keep)
    for i in range(1, extra + 1):
        c = _code(i)
        units.append(
            {
                "code": c,
                "name": f"Ủy ban nhân dân đơn vị thử nghiệm {c}",
                "short_name": f"UBND {c}",
                "kind": "district",
                "obligation": "obliged",
                "emails": [f"ubnd.{c.lower()}@bench.invalid"],
                "source_status": "inferred",
                "note": "Đơn vị giả lập cho bench/ (issue 8).",
            }
        )
    data["units"] = units
    return data


def _code_hash() -> str:
    h = hashlib.sha256()
    h.update(CORPUS_VERSION.encode())
    h.update(Path(__file__).read_bytes())
    h.update(SOURCE_PLAN.read_bytes())
    for p in sorted((ROOT / "pipeline" / "templates").glob("*.py")):
        h.update(p.read_bytes())
    for p in [ROOT / "scripts" / "make_sample_inputs.py", *sorted((ROOT / "scripts").glob("sample_*.py"))]:
        h.update(p.read_bytes())
    return h.hexdigest()[:10]


# --------------------------------------------------------------------------- zip-level cloning


def _scale(text: str, f: float) -> str:
    try:
        x = float(text)
    except ValueError:
        return text
    if x != int(x):
        return text
    return str(round(x * f))


def clone_xlsx(data: bytes, old: str, new: str, numeric_cells: dict[str, list[str]], f: float) -> bytes:
    """``data`` with the code ``old`` → ``new`` in every part and the integer input cells
    ``numeric_cells`` (zip part → cell refs) scaled by ``f``."""
    assert len(old) == len(new)
    pairs = [(old.encode(), new.encode()), (old.lower().encode(), new.lower().encode())]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            for a, b in pairs:
                body = body.replace(a, b)
            refs = numeric_cells.get(info.filename)
            if refs and f != 1.0:
                text = body.decode("utf-8")
                for ref in refs:
                    text = re.sub(
                        rf'(<c r="{ref}"[^>]*>(?:<f>[^<]*</f>)?<v>)([^<]*)(</v>)',
                        lambda m: m.group(1) + _scale(m.group(2), f) + m.group(3),
                        text,
                        count=1,
                    )
                text = _recompute_percentages(text)
                body = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            zout.writestr(zi, body, compresslevel=6)
    return out.getvalue()


_PCT = re.compile(
    r'(<c r="[A-Z]+\d+"[^>]*><f>IF\(AND\(ISNUMBER\(([A-Z]+\d+)\),ISNUMBER\(([A-Z]+\d+)\),[^<]*</f>)'
    r"(?:<v>[^<]*</v>)?"
)


def _recompute_percentages(text: str) -> str:
    """The cached value of each % formula of the form (part / whole × 100, ``sheets.py``) recomputed
    from the scaled part and whole, as Excel does when it saves: a clone is a file a unit could send."""

    def value(ref: str) -> float | None:
        m = re.search(rf'<c r="{ref}"[^>]*>(?:<f>[^<]*</f>)?<v>([^<]*)</v>', text)
        try:
            return float(m.group(1)) if m else None
        except ValueError:
            return None

    def fix(m: re.Match) -> str:
        part, whole = value(m.group(2)), value(m.group(3))
        if part is None or whole is None or whole <= 0:
            return m.group(1)  # shows "" in Excel: no cached number
        return f"{m.group(1)}<v>{part / whole * 100!r}</v>"

    return _PCT.sub(fix, text)


def clone_xls(data: bytes, old: str, new: str) -> bytes:
    """BIFF8: the code in 8-bit and UTF-16LE string forms, same length, no checksum to fix."""
    assert len(old) == len(new)
    for o, n in ((old, new), (old.lower(), new.lower())):
        data = data.replace(o.encode("latin-1"), n.encode("latin-1"))
        data = data.replace(o.encode("utf-16-le"), n.encode("utf-16-le"))
    return data


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip part (``xl/worksheets/sheetN.xml``)."""
    wb = zf.read("xl/workbook.xml").decode("utf-8")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    target = {
        m.group(1): m.group(2) for m in re.finditer(r'<Relationship Id="([^"]+)"[^>]*Target="([^"]+)"', rels)
    }
    target.update(
        {
            m.group(2): m.group(1)
            for m in re.finditer(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)
        }
    )
    out = {}
    for m in re.finditer(r'<sheet name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        t = target[m.group(2)].lstrip("/")
        out[html.unescape(m.group(1))] = t if t.startswith("xl/") else "xl/" + t
    return out


def numeric_input_cells(path: Path, values: dict) -> dict[str, list[str]]:
    """Zip part → refs of the form's integer inputs (via the filler's own cell locator)."""
    import openpyxl

    from pipeline.forms.filler import form_cells

    wb = openpyxl.load_workbook(path)
    cells = form_cells(wb)
    with zipfile.ZipFile(path) as zf:
        parts = _sheet_parts(zf)
    out: dict[str, list[str]] = {}
    for key, v in values.items():
        if isinstance(v, int) and not isinstance(v, bool) and key in cells:
            sheet, ref = cells[key]
            out.setdefault(parts[sheet], []).append(ref)
    return out


# --------------------------------------------------------------------------- the corpus


@dataclass
class Corpus:
    n: int
    root: Path  # holds plan/ and inputs/<YEAR>/
    plan: Path
    inputs: Path  # the inputs root (contains <YEAR>/)
    year: int
    files: int
    xls: int
    built_seconds: float

    @property
    def folder(self) -> Path:
        return self.inputs / str(self.year)

    def loaded(self) -> LoadedCatalog:
        return load_catalog(self.plan)


def corpus_dir(n: int, cache: Path = CACHE) -> Path:
    return cache / f"n{n}-{_code_hash()}"


def build_corpus(n: int, cache: Path = CACHE, *, log=print, xls: bool = True) -> Corpus:
    """The corpus of ``n`` units and files, from the cache when present."""
    root = corpus_dir(n, cache)
    done = root / "DONE"
    plan = root / "plan" / "kh-bench.yaml"
    inputs = root / "inputs"
    if done.is_file():
        info = yaml.safe_load(done.read_text(encoding="utf-8"))
        return Corpus(n, root, plan, inputs, YEAR, info["files"], info["xls"], info["seconds"])
    t0 = time.perf_counter()
    if root.exists():
        shutil.rmtree(root)
    plan.parent.mkdir(parents=True)
    plan.write_text(
        "# Danh mục giả lập cho bench/ (issue 8), sinh từ plans/kh-253-2021-2025.yaml\n"
        + yaml.safe_dump(catalog_data(n), allow_unicode=True, sort_keys=False, width=200),
        encoding="utf-8",
    )
    loaded = load_catalog(plan)
    folder = inputs / str(YEAR)
    folder.mkdir(parents=True)
    work = root / "work"
    work.mkdir()
    n_xls = _make_files(loaded, n, folder, work, log=log, xls=xls)
    shutil.rmtree(work)
    stamp = dt.datetime(YEAR, 11, 10, 8, 0, tzinfo=GENERATED_AT.tzinfo).timestamp()
    files = 0
    for p in folder.iterdir():
        os.utime(p, (stamp, stamp))
        files += 1
    seconds = round(time.perf_counter() - t0, 1)
    done.write_text(yaml.safe_dump({"files": files, "xls": n_xls, "seconds": seconds}), encoding="utf-8")
    log(f"corpus N={n}: {files} tệp ({n_xls} .xls) trong {seconds:.1f} s → {root}")
    return Corpus(n, root, plan, inputs, YEAR, files, n_xls, seconds)


def _make_files(loaded: LoadedCatalog, n: int, folder: Path, work: Path, *, log, xls: bool) -> int:
    from pipeline.forms.filler import find_soffice, resave
    from pipeline.templates.build import build_workbook, template_filename

    sample = _sample_module()
    view = CatalogView(loaded.catalog, YEAR)
    rng = random.Random(f"{SEED}-{n}")
    numbers = sample.Numbers(YEAR)
    deadline = loaded.catalog.plan.deadline.last_on_time_day(YEAR)
    active = {u.code: u for u in view.active_units}
    departments = [u for u in view.obliged_units if not u.code.startswith("X")][:n]
    x_units = [active[_code(i)] for i in range(1, n - len(departments) + 1)]

    def values_for(unit) -> dict:
        if unit.code.startswith("X"):
            sample.YOUTH.setdefault(unit.code, rng.randint(12000, 42000))
            sample.COMMUNES.setdefault(unit.code, [f"xã Thử Nghiệm {k}" for k in range(1, 5)])
        report_day = deadline - dt.timedelta(days=rng.randint(2, 14))
        v = sample.unit_values(view, unit, YEAR, numbers, report_day)
        keys = sample._input_keys(loaded, YEAR, unit.code)
        return {k: x for k, x in v.items() if k in keys and x not in (None, "")}

    for unit in departments:
        build_workbook(
            loaded, YEAR, unit.code, folder / template_filename(YEAR, unit),
            values=values_for(unit), generated_at=GENERATED_AT,
        )  # fmt: skip

    bases = []  # (unit, bytes, numeric cells)
    for unit in x_units[:BASES]:
        values = values_for(unit)
        path = work / template_filename(YEAR, unit)
        build_workbook(loaded, YEAR, unit.code, path, values=values, generated_at=GENERATED_AT)
        bases.append((unit, path, numeric_input_cells(path, values)))

    want_xls = round(len(x_units) * XLS_SHARE) if xls else 0
    xls_bases: list[tuple[str, bytes]] = []
    if want_xls and find_soffice() is None:
        log("không có LibreOffice: phần .xls được tạo dưới dạng .xlsx")
        want_xls = 0
    for unit, path, _ in bases[: min(XLS_POOL, want_xls)]:
        out = resave(path, work / "xls", "xls")
        xls_bases.append((unit.code, out.read_bytes()))

    # every xls_every-th district unit is an .xls
    xls_every = max(1, len(x_units) // want_xls) if want_xls else 0
    n_xls = 0
    for i, unit in enumerate(x_units):
        is_xls = bool(xls_every) and i % xls_every == xls_every - 1 and n_xls < want_xls
        if is_xls:
            base_code, data = xls_bases[n_xls % len(xls_bases)]
            name = template_filename(YEAR, unit).rsplit(".", 1)[0] + ".xls"
            (folder / name).write_bytes(clone_xls(data, base_code, unit.code))
            n_xls += 1
            continue
        b_unit, b_path, cells = bases[i % len(bases)]
        name = template_filename(YEAR, unit)
        if b_unit.code == unit.code:
            shutil.copyfile(b_path, folder / name)
            continue
        f = rng.uniform(0.8, 1.25)
        data = clone_xlsx(b_path.read_bytes(), b_unit.code, unit.code, cells, f)
        (folder / name).write_bytes(data)
    return n_xls


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Tạo bộ dữ liệu giả lập cho bench/ (issue 8).")
    ap.add_argument("--sizes", default="33,300,1000,3400", help="các cỡ N, phân cách bằng dấu phẩy")
    ap.add_argument("--no-xls", action="store_true", help="không tạo tệp .xls (không cần LibreOffice)")
    args = ap.parse_args(argv)
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        c = build_corpus(n, xls=not args.no_xls)
        print(f"N={n}: {c.files} tệp, {c.xls} .xls, {c.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
