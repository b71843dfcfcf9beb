"""Generate the sample years ``inputs/2021/`` … ``inputs/2025/``: 2023 and 2024 (issue 7), 2025 (issue 12),
2021 and 2022 (issue 13: the five-year review runs out of the box).

Every file is produced from the package's own templates (``build_workbook(values=…)``) and form
filler (``fill_workbook`` where a person's typing matters, ``resave`` through LibreOffice,
``wrap_eml``), so the committed files always carry the current template version. Fixed seed, fixed
``--generated-at``, fixed file times: running it twice gives the same data.

2024 carries the real-world faults listed in ``PLANTED`` (``scripts/sample_years.py``), 2025 – the first
year under two-level local government: 65 communes, merged departments – those of
``scripts/sample_2025.py`` (``PLANTED_2025``); both are written to ``tests/sample_expectations.json`` for the end-to-end tests.
2023 is a smaller clean year for the year-on-year comparison; 2021 (the plan's first year: the
plan was signed on 31/12/2021, so units fold the year's plan into their work plan and the one-off
documents are still being drafted) and 2022 are clean years too, each with a few units late or
missing, and figures a little lower year by year. Each year's forms carry the ``--generated-at`` time
in that year. The 2025 forms carry the commendation proposals (``khen_thuong``) of some units.

    python scripts/make_sample_inputs.py [--generated-at 2024-09-16T08:00:00+07:00] [--root .]

This module writes the years; what goes into them lives beside it: ``sample_years.py`` (who reports,
late, missing, under which file name, the planted faults), ``sample_values.py`` (a department's or a
district's answers), ``sample_2025.py`` (the communes of 2025, commendation proposals),
``sample_register.py`` (the Sở's incoming register), ``sample_common.py`` (seed, names, numbers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from pipeline.catalog import load_catalog  # noqa: E402
from pipeline.catalog.model import Unit, UnitKind  # noqa: E402
from pipeline.catalog.query import CatalogView  # noqa: E402
from pipeline.forms.filler import fill_workbook, form_cells, resave, wrap_eml  # noqa: E402
from pipeline.templates.build import build_workbook, template_filename  # noqa: E402
from pipeline.templates.layout import LAYOUT_VERSION  # noqa: E402
from pipeline.vn import slug  # noqa: E402
from scripts.sample_2025 import PLANTED_2025, commendation_values, commune_values, commune_youth  # noqa: E402
from scripts.sample_common import Numbers, input_keys, person, rng  # noqa: E402
from scripts.sample_register import write_register  # noqa: E402
from scripts.sample_values import COMMUNES, YOUTH, unit_values  # noqa: E402
from scripts.sample_years import (  # noqa: E402
    LATE,
    MISSING,
    NAMES,
    PLANTED,
    PLANTED_BY_YEAR,
    REQUESTED_SENT,
)

# bench/make_corpus.py loads this file and draws a unit's values through these names
__all__ = ["COMMUNES", "YOUTH", "Numbers", "_input_keys", "unit_values"]
_input_keys = input_keys

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
GENERATED_AT = "2024-09-16T08:00:00+07:00"
MARKER = ".du-lieu-mau"
MARKER_TEXT = "Dữ liệu mẫu do scripts/make_sample_inputs.py tạo\n"
REGISTER = "so-van-ban-den.xlsx"
YEARS = (2021, 2022, 2023, 2024, 2025)


def cell_of(path: Path, key: tuple[str, str]) -> tuple[str, str]:
    wb = openpyxl.load_workbook(path)
    return form_cells(wb)[key]


def make_year(loaded, year: int, root: Path, generated_at: dt.datetime, tmp: Path) -> dict:
    view = CatalogView(loaded.catalog, year)
    out = root / "inputs" / str(year)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    numbers = Numbers(year)
    r = rng("calendar", year)
    deadline = view.catalog.plan.deadline.last_on_time_day(year)
    planted = PLANTED_BY_YEAR.get(year)
    missing = planted["missing_obliged"] if planted else MISSING[year]
    sent_requested = planted["requested_sent"] if planted else REQUESTED_SENT[year]
    names = NAMES.get(year, {})
    senders = [u for u in view.active_units if u.obligation.value == "obliged" and u.code not in missing]
    senders += [u for u in view.active_units if u.code in sent_requested]
    youth = commune_youth(view, YOUTH) if year >= 2025 else {}

    register: list[dict] = []
    files: dict[str, dict] = {}
    late_days = planted["register_late"] if planted else LATE.get(year, {})

    def build(unit: Unit, values: dict, dst: Path) -> Path:
        keys = input_keys(loaded, year, unit.code)
        values = {k: x for k, x in values.items() if k in keys and x not in (None, "")}
        return build_workbook(loaded, year, unit.code, dst, values=values, generated_at=generated_at)

    def role(code: str) -> str | None:
        """Which planted fault ``code`` carries this year."""
        if not planted:
            return None
        if code == planted["text_numbers"][0]["unit"]:
            return "text_counts"
        if code == planted["text_numbers"][1]["unit"]:
            return "text_decimals"
        for key in ("legacy_xls", "ods", "email_late", "superseded", "part_gt_whole", "half_filled"):
            if planted[key]["unit"] == code:
                return key
        return None

    for unit in senders:
        code = unit.code
        received = deadline - dt.timedelta(days=r.randint(0, 12))
        if code in late_days:
            received = deadline + dt.timedelta(days=late_days[code])
        report_day = received - dt.timedelta(days=r.randint(1, 4))
        fault = role(code)
        if unit.kind == UnitKind.commune:
            values = commune_values(
                view,
                unit,
                youth[code],
                numbers,
                report_day,
                person,
                dialogue=True if fault == "text_counts" else None,
            )
        else:
            values = unit_values(view, unit, year, numbers, report_day)
        if year == 2025:  # the last year: proposals for the five-year review's commendations
            values.update(commendation_values(unit, person))
        number = values[("so_ky_hieu", "gia_tri")]
        name = names.get(code, template_filename(year, unit))
        author = unit.short_name if r.random() < 0.3 else unit.name
        entry = {"received": received, "author": author, "doc_number": number, "doc_date": report_day}
        info: dict[str, Any] = {"unit": code, "so_ky_hieu": number, "findings": [], "days_late": 0}
        if code in late_days:
            info["days_late"] = late_days[code]

        if fault == "text_counts":  # counts typed as text
            as_text = {
                ("tt_so_cuoc", "gia_tri"): f" {values[('tt_so_cuoc', 'gia_tri')]} ",
                ("tt_so_luot_nguoi", "gia_tri"): f"{values[('tt_so_luot_nguoi', 'gia_tri')]:,}".replace(
                    ",", "."
                ),
                ("dt_so_thanh_nien", "gia_tri"): f"{values[('dt_so_thanh_nien', 'gia_tri')]} ",
            }
            src = build(unit, {k: x for k, x in values.items() if k not in as_text}, tmp / name)
            fill_workbook(src, out / name, as_text, as_text=as_text)
            for k, text in as_text.items():
                s, c = cell_of(out / name, k)
                info["findings"].append(
                    {"code": "VALUE-CONVERTED", "sheet": s, "cell": c, "key": list(k), "text": text}
                )
        elif fault == "text_decimals":  # decimals typed with a comma, an amount as text
            values[("kp_thuong_xuyen", "gia_tri")] = 85.5
            values[("kp_long_ghep", "gia_tri")] = "Không"
            as_text = {
                ("CT20A", "thuc_hien"): "165,4",
                ("CT20B", "uoc_ca_nam"): "155,3",
                ("kp_thuong_xuyen", "gia_tri"): "85,5",
            }
            src = build(unit, {k: x for k, x in values.items() if k not in as_text}, tmp / name)
            fill_workbook(src, out / name, as_text, as_text=as_text)
            for k, text in as_text.items():
                s, c = cell_of(out / name, k)
                info["findings"].append(
                    {"code": "VALUE-CONVERTED", "sheet": s, "cell": c, "key": list(k), "text": text}
                )
        elif fault in ("legacy_xls", "ods"):  # re-saved through LibreOffice
            fmt = "xls" if fault == "legacy_xls" else "ods"
            src = build(unit, values, tmp / name)
            new = resave(src, out, fmt)
            name = new.name
            info["findings"].append({"code": "FORMAT-LEGACY", "format": fmt})
        elif fault == "email_late":  # arrives as a saved e-mail, after the deadline
            late = planted["email_late"]
            src = build(unit, values, tmp / name)
            sent = dt.datetime.combine(
                deadline + dt.timedelta(days=late["days_late"]), dt.time(9, 12), tzinfo=TZ
            )
            name = late["file"]
            local = unit.short_name.removeprefix("UBND ")
            wrap_eml(
                [src], out / name, sender=f"vanphong.{slug(local).replace('-', '')}@langson.gov.vn", date=sent,
                subject=f"V/v gửi báo cáo kết quả thực hiện Chương trình phát triển thanh niên năm {year}",
                body=f"Kính gửi Sở Nội vụ,\n\n{unit.short_name} gửi kèm báo cáo năm {year} "
                "(xin lỗi vì gửi chậm do mất điện diện rộng).\n\nTrân trọng.\n",
            )  # fmt: skip
            info["attachment"] = src.name
            info["days_late"] = late["days_late"]
            files[name] = info
            continue  # not in the register: it came by e-mail
        elif fault == "superseded":  # a first report, then a corrected one that supersedes it
            old_name, new_name = planted["superseded"]["old"], planted["superseded"]["new"]
            old_values = dict(values)
            old_values[("tt_so_tin_bai", "gia_tri")] = values[("tt_so_tin_bai", "gia_tri")] - (
                7 if year == 2024 else 1
            )
            old_number = numbers.take("BC-UBND")
            old_values[("so_ky_hieu", "gia_tri")] = old_number
            old_day = report_day - dt.timedelta(days=6)
            old_values[("ngay_bao_cao", "gia_tri")] = old_day
            build(unit, old_values, out / old_name)
            register.append(
                {"received": old_day + dt.timedelta(days=1), "author": unit.name, "doc_number": old_number,
                 "doc_date": old_day}
            )  # fmt: skip
            files[old_name] = {
                "unit": code, "so_ky_hieu": old_number, "days_late": 0, "superseded_by": new_name,
                "findings": [{"code": "SUPERSEDED"}],
            }  # fmt: skip
            entry["note"] = "Thay thế báo cáo số " + old_number
            name = new_name
            build(unit, values, out / name)
        elif fault == "part_gt_whole":  # part above its whole in one column
            whole = values[("CT10.2", "thuc_hien")]
            values[("CT10.1", "thuc_hien")] = whole + 1375
            build(unit, values, out / name)
            s, c = cell_of(out / name, ("CT10.1", "thuc_hien"))
            info["findings"].append(
                {"code": "PART-GT-WHOLE", "sheet": s, "cell": c, "key": ["CT10.1", "thuc_hien"]}
            )
        elif fault == "half_filled":  # returned half-filled
            keys = input_keys(loaded, year, code)
            empty = [
                k for k in (
                    ("CT10.1", "thuc_hien"), ("CT10.1", "uoc_ca_nam"), ("CT10.2", "thuc_hien"),
                    ("CT10.2", "uoc_ca_nam"), ("dt_da_to_chuc", "gia_tri"), ("dn_chuyen_trach", "gia_tri"),
                    ("dn_kiem_nhiem", "gia_tri"),
                ) if k in keys
            ]  # fmt: skip
            sections_dropped = ("CT10", "dt_", "dn_", "kp_", "KT", "kq_", "kho_khan", "kn_", "phuong_huong")
            kept = {k: x for k, x in values.items() if not k[0].startswith(sections_dropped)}
            build(unit, kept, out / name)
            for k in empty:
                s, c = cell_of(out / name, k)
                info["findings"].append({"code": "REQUIRED-EMPTY", "sheet": s, "cell": c, "key": list(k)})
            if ("KT01", "noi_dung") in keys:  # a unit that must inspect and reported no inspection
                s, c = cell_of(out / name, ("KT01", "noi_dung"))
                info["findings"].append(
                    {"code": "INSPECTION-NONE", "sheet": s, "cell": c, "key": ["KT01", "noi_dung"]}
                )
        else:
            build(unit, values, out / name)
        register.append(entry)
        files[name] = info

    write_register(out / REGISTER, year, register)
    stamp = dt.datetime(year, 11, 20, 8, 0, tzinfo=TZ).timestamp()
    for p in out.iterdir():
        p.chmod(0o644)
        os.utime(p, (stamp, stamp))

    obliged = [u.code for u in view.obliged_units]
    requested = [u.code for u in view.requested_units]
    return {
        "files": dict(sorted(files.items())),
        "missing_obliged": sorted(missing),
        "requested_sent": sorted(sent_requested),
        "requested_silent": sorted(c for c in requested if c not in sent_requested),
        "obliged_total": len(obliged),
        "obliged_sent": len(obliged) - len(missing),
        "communes_total": len(view.units_of_kinds([UnitKind.commune])),
        "late": {
            f["unit"]: f["days_late"]
            for f in files.values()
            if f.get("days_late") and "superseded_by" not in f
        },
        "superseded": {n: f["superseded_by"] for n, f in files.items() if "superseded_by" in f},
        "register_rows": len(register),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generated-at", default=GENERATED_AT, help="ISO time written into every form's _meta")
    ap.add_argument("--root", type=Path, default=ROOT, help="repository root (writes inputs/ and tests/)")
    args = ap.parse_args(argv)
    generated_at = dt.datetime.fromisoformat(args.generated_at)
    loaded = load_catalog(args.root / "plans" / "kh-253-2021-2025.yaml")
    expectations: dict[str, Any] = {
        "generated_by": "scripts/make_sample_inputs.py",
        "layout_version": LAYOUT_VERSION,  # each form's template_version is its own content's (per unit)
        "catalog_hash": loaded.short_hash,
        "planted": PLANTED,
        "planted_2025": PLANTED_2025,
    }
    with tempfile.TemporaryDirectory(prefix="ptn-sample-") as t:
        for year in YEARS:
            tmp = Path(t) / str(year)
            tmp.mkdir()
            at = generated_at.replace(year=year)  # the forms of year Y went out in year Y
            expectations[str(year)] = make_year(loaded, year, args.root, at, tmp)
            print(f"inputs/{year}: {len(expectations[str(year)]['files'])} tệp")
    path = args.root / "tests" / "sample_expectations.json"
    path.write_text(
        json.dumps(expectations, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    print(f"{path.relative_to(args.root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
