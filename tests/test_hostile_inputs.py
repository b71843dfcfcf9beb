"""Nothing a unit sends can stop the run, fool the totals or eat the machine (issue 17).

One folder per command holds every class of hostile or careless input next to good forms; the
public commands run on it as subprocesses (``ptn check``, ``ptn run``), measured as a whole process
tree: no traceback, no native abort or Rust text on the terminal, the right finding at the right
place, the good files still processed, peak memory under 1 GB and time under 10 s per hostile file.
The most dangerous files are also given alone to ``ptn check`` (the single-file path)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ._intake import YEAR, build, edit_meta, good_values
from .hostile import MB, PLAN, ROOT, assert_calm, ptn
from .intake_files import make_xlsx, rezip

HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
GRID_BYPASS = {  # every spelling that reached python-calamine before, each a 16-million-cell box
    "nhay-don.xlsx": "<sheetData><row r='1'><c r='A1'><v>1</v></c></row><row r='1000000'><c r='XFD1000000'><v>2</v></c></row></sheetData>",
    "dau-cach.xlsx": '<sheetData><row r="1"><c r = "A1"><v>1</v></c><c r = "XFD1000000"><v>2</v></c></row></sheetData>',
    "chu-thuong.xlsx": '<sheetData><row r="1"><c r="a1"><v>1</v></c><c r="xfd1000000"><v>2</v></c></row></sheetData>',
    "tam-chu-so.xlsx": '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="A99999999"><v>2</v></c></row></sheetData>',
    "khong-r.xlsx": '<sheetData><row r="1">'
    + '<c r="A1"><v>1</v></c>'
    + "<c/>" * 16383
    + "<c><v>2</v></c></row>"
    + '<row r="1048576"><c><v>3</v></c></row></sheetData>',
}
ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    '<office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="1000000">'
    '<table:table-cell table:number-columns-repeated="99" office:value-type="float" office:value="1"/>'
    "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
)


def ods_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", ODS_CONTENT)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
    return out.getvalue()


def mail(
    att: bytes | None, *, subject: bytes = b"Bao cao", frm: bytes = b"a@b.vn", extra: bytes = b""
) -> bytes:
    import base64

    head = (
        b"From: "
        + frm
        + b"\r\nDate: Mon, 11 Nov 2024 08:00:00 +0700\r\nSubject: "
        + subject
        + b"\r\nMIME-Version: 1.0\r\n"
    )
    if att is None:
        return head + extra + b"\r\n\r\nx"
    body = base64.encodebytes(att)
    return (head + b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: application/octet-stream\r\n'
            b"Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"bao-cao.xlsx\"" + extra
            + b"\r\n\r\n" + body + b"\r\n--B--\r\n")  # fmt: skip


def set_cell(
    path: Path, sheet_key: str, code: str, column_key: str, value, number_format: str | None = None
) -> str:
    """Write ``value`` into the cell of row ``code`` and column ``column_key`` of the sheet keyed
    ``sheet_key`` (unprotecting it, as a unit would); returns the cell's address."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        keys = [c.value for c in ws[1]]
        if keys and keys[0] == f"ptn:section:{sheet_key}":
            col = keys.index(column_key) + 1
            code_col = keys.index("__code__") + 1
            for row in ws.iter_rows(min_row=2):
                if row[code_col - 1].value == code:
                    cell = ws.cell(row=row[0].row, column=col)
                    ws.protection.sheet = False
                    cell.value = value
                    if number_format:
                        cell.number_format = number_format
                    wb.save(path)
                    return cell.coordinate
    raise AssertionError((sheet_key, code, column_key))


@pytest.fixture(scope="module")
def corpus(loaded_catalog, view2024, tmp_path_factory):
    """inputs/2024/ with good forms and one file per class of bad input; returns (root, expectations)."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "plans", root / "plans")
    d = root / "inputs" / str(YEAR)
    d.mkdir(parents=True)
    from pipeline.catalog.query import CatalogView

    L, V = loaded_catalog, view2024
    old = dt.datetime(2024, 11, 1).timestamp()
    # good forms
    for code in ("H178", "H180"):
        build(L, code, d / f"tot-{code}.xlsx", good_values(V, code))
        os.utime(d / f"tot-{code}.xlsx", (old, old))
    # a later blank form of H178 must not supersede its filled one
    build(L, "H178", d / "trong-H178.xlsx", {})
    # a 2021 form sent for 2024
    v21 = CatalogView(L.catalog, 2021)
    build(L, "H181", d / "nam-2021.xlsx", good_values(v21, "H181"), year=2021)
    # a unit not active in 2024 (a commune of 2025)
    v25 = CatalogView(L.catalog, 2025)
    p = build(L, "PTAMTHANH", d / "xa-2025.xlsx", good_values(v25, "PTAMTHANH"), year=2025)
    edit_meta(p, year="2024")
    # figures: 1e15 people, a report date of 2021, TCVN3 text, a number over a printed label
    vals = good_values(V, "H182")
    vals[("tt_so_luot_nguoi", "gia_tri")] = 1e15
    vals[("ngay_bao_cao", "gia_tri")] = dt.date(2021, 5, 1)
    vals[("nguoi_lap", "gia_tri")] = "NguyÔn V¨n An"
    p = build(L, "H182", d / "so-lieu-H182.xlsx", vals)
    label_cell = set_cell(p, "tuyen_truyen", "tt_so_cuoc", "__name__", 999)
    # a percentage typed as 85% (stored 0,85 with a % format)
    p = build(L, "CTK", d / "phan-tram-CTK.xlsx", good_values(V, "CTK"))
    pct_cell = set_cell(p, "muc_tieu", "CT14", "thuc_hien", 0.085, "0.0%")
    # files that used to stop or swamp the run
    base = make_xlsx()
    for name, xml in GRID_BYPASS.items():
        (d / name).write_bytes(
            rezip(base, {"xl/worksheets/sheet2.xml": (HEAD + xml + "</worksheet>").encode()})
        )
    (d / "lap-lai.ods").write_bytes(ods_bomb())
    good_h183 = build(L, "H183", root / "h183.xlsx", good_values(V, "H183")).read_bytes()
    (d / "tieu-de-dai.eml").write_bytes(mail(good_h183, subject=b" ".join([b"=?utf-8?b?w6HDoQ==?="] * 25000)))
    (d / "nguoi-gui.eml").write_bytes(mail(None, frm=b", ".join(b"x%d@b.vn" % i for i in range(200000))))
    (d / "ngoac.eml").write_bytes(mail(b"PK\x03\x04x", extra=b"; x=" + b"(" * 60000 + b")" * 60000))
    (d / "thu-lon.eml").write_bytes(mail(None) + b"A" * (41 * MB))
    (d / "byte-hong.eml").write_bytes(mail(None, frm=b"C\xe1n b\xf4 <c\xe1@b.vn>"))
    (d / os.fsdecode(b"t\xeap-h\xf4ng.xlsx")).write_bytes(b"khong phai bang tinh")
    (d / "lien-ket.xlsx").symlink_to("/etc/passwd")
    os.mkfifo(d / "ong.xlsx")
    # the incoming register: UTF-16, an impossible date for H180, then an open quote
    reg = ("Ngày đến;Số đến;Tác giả;Số, ký hiệu văn bản;Ghi chú\r\n"
           "31/12/9999;1;UBND huyện Tràng Định;45/BC-UBND;tot-H180.xlsx\r\n"
           '12/11/2024;2;"UBND huyện Bình Gia;x;y\r\n')  # fmt: skip
    (d / "so-van-ban-den.csv").write_bytes("\ufeff".encode("utf-16-le") + reg.encode("utf-16-le"))
    return root, {"label_cell": label_cell, "pct_cell": pct_cell}


def entries(r) -> dict:
    return {e["path"].split("/", 2)[-1]: e for e in json.loads(r.stdout)}


def codes(e) -> list[str]:
    return [f["code"] for f in e["findings"]]


def test_ptn_check_folder_every_class(corpus):
    root, where = corpus
    r = ptn("check", "--json", "inputs/2024", "--plan", "plans/kh-253-2021-2025.yaml", cwd=root,
            env={"PYTHONUTF8": "0", "LC_ALL": "C.UTF-8"})  # fmt: skip
    hostile = 20
    assert_calm(r, files=hostile)
    print(
        f"\nptn check on {hostile} hostile + 2 good files: {r.seconds:.1f} s, peak {r.peak_rss / MB:.0f} MB"
    )
    got = entries(r)
    assert got["tot-H178.xlsx"]["status"] == "accepted" and got["tot-H180.xlsx"]["status"] == "accepted"
    # wrong figures: rejected or found at their cell
    assert got["trong-H178.xlsx"]["status"] == "rejected" and "FORM-EMPTY" in codes(got["trong-H178.xlsx"])
    assert got["nam-2021.xlsx"]["status"] == "rejected" and "YEAR-MISMATCH" in codes(got["nam-2021.xlsx"])
    xa = got["xa-2025.xlsx"]
    assert xa["status"] == "rejected" and "UNIT-INACTIVE" in codes(xa)
    assert "ptn plan show --year 2024" in next(
        f["message"] for f in xa["findings"] if f["code"] == "UNIT-INACTIVE"
    )
    f = {x["code"]: x for x in got["so-lieu-H182.xlsx"]["findings"]}
    assert (
        f["VALUE-IMPLAUSIBLE"]["severity"] == "error"
        and f["VALUE-IMPLAUSIBLE"]["field"] == "tt_so_luot_nguoi"
    )
    assert (
        f["REPORT-DATE-OUTSIDE"]["field"] == "ngay_bao_cao"
        and f["REPORT-DATE-OUTSIDE"]["severity"] == "error"
    )
    assert "Nguyễn Văn An" in f["VALUE-LEGACY-ENCODING"]["message"]
    assert (
        f["LOCKED-CELL-CHANGED"]["cell"] == where["label_cell"] and f["LOCKED-CELL-CHANGED"]["value"] == "999"
    )
    pct = next(x for x in got["phan-tram-CTK.xlsx"]["findings"] if x["code"] == "VALUE-PERCENT")
    assert pct["cell"] == where["pct_cell"] and "8,5%" in pct["message"]
    # inputs that stopped or swamped the run
    for name in GRID_BYPASS:
        assert codes(got[name]) == ["SHEET-TOO-LARGE"], (name, got[name]["findings"])
        assert "triệu ô" in got[name]["findings"][0]["message"]
    assert codes(got["lap-lai.ods"]) == ["SHEET-TOO-LARGE"]
    long_subject = got["tieu-de-dai.eml#bao-cao.xlsx"]
    assert long_subject["status"] == "accepted" and long_subject["unit"] == "H183"
    assert "EMAIL-HEADER-LONG" in codes(long_subject)
    assert "EMAIL-HEADER-LONG" in codes(got["nguoi-gui.eml"])
    assert got["thu-lon.eml"]["status"] == "rejected" and codes(got["thu-lon.eml"]) == ["EMAIL-TOO-LARGE"]
    assert (
        " MB" in got["thu-lon.eml"]["findings"][0]["message"]
        and "byte" not in got["thu-lon.eml"]["findings"][0]["message"]
    )
    assert got["ngoac.eml"]["status"] == "rejected"
    assert got["byte-hong.eml"]["sender"] == "c\ufffd@b.vn"
    broken_name = next(k for k in got if k.startswith("t") and k.endswith("ng.xlsx") and "\ufffd" in k)
    assert codes(got[broken_name]) == ["FILE-NOT-SPREADSHEET"]
    assert codes(got["lien-ket.xlsx"]) == ["PATH-LINK-OUTSIDE"] and got["lien-ket.xlsx"]["sha256"] == ""
    assert codes(got["ong.xlsx"]) == ["PATH-NOT-FILE"]
    # the register: an impossible date is a finding on the report it names, and is not used
    h180 = got["tot-H180.xlsx"]
    assert "REGISTER-DATE-INVALID" in codes(h180) and h180["received_at_source"] != "register"
    for e in got.values():  # no English library text inside a Vietnamese message
        for x in e["findings"]:
            assert "Error" not in x["message"] and "Errno" not in x["message"], x


@pytest.mark.parametrize(
    "name", ["nhay-don.xlsx", "khong-r.xlsx", "lap-lai.ods", "thu-lon.eml", "ngoac.eml", "ong.xlsx"]
)
def test_ptn_check_single_hostile_file(corpus, name):
    """The single-file path: read in the capped worker like any other, one verdict, exit 1."""
    root, _ = corpus
    r = ptn("check", f"inputs/2024/{name}", "--plan", "plans/kh-253-2021-2025.yaml", cwd=root)
    assert_calm(r)
    assert r.seconds < 10, r.seconds
    assert r.returncode == 1 and "1 tệp" in r.stdout.splitlines()[-1], r.stdout[-500:]


def test_ptn_run_on_the_hostile_year(corpus, tmp_path):
    root, _ = corpus
    r = ptn("run", "--as-of", "20/11/2024", "--no-report", "--plan", "plans/kh-253-2021-2025.yaml", cwd=root)
    assert_calm(r, files=20)
    assert r.returncode == 0, r.output[-3000:]
    m = json.loads((root / "outputs" / "2024" / "run-2024.json").read_text(encoding="utf-8"))
    c = m["completeness"]
    for unit in ("H181", "PTAMTHANH"):  # another year's form, a unit not active: not received
        assert unit not in c["received"]
    assert "H178" in c["received"]  # its blank later form did not replace the filled one
    h178 = [e for e in m["inputs"] if e["unit"] == "H178"]
    assert {e["path"].rsplit("/", 1)[-1]: e["status"] for e in h178} == {
        "tot-H178.xlsx": "accepted",
        "trong-H178.xlsx": "rejected",
    }
    values = {(v["unit"], v["item"], v["field"]): v for v in m["values"]}
    assert values[("H182", "", "tt_so_luot_nguoi")]["valid"] is False  # 1e15 counted nowhere
    assert values[("H182", "", "nguoi_lap")]["value"] == "Nguyễn Văn An"  # converted, not garbled
    assert values[("CTK", "CT14", "thuc_hien")]["value"] == pytest.approx(8.5)  # 8,5% typed, not 0,085
    assert all(v < 1e12 for v in m["totals"].values() if isinstance(v, int | float)), m["totals"]
    out = root / "outputs" / "2024"
    assert not list(out.glob(".ptn-*")) and not list(out.glob(".~*"))  # no staging, no lock left


def test_catalog_attacks_are_messages_not_tracebacks(tmp_path):
    good = PLAN.read_text(encoding="utf-8")
    cases = {
        "bom-alias.yaml": "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n",
        "long-nhau.yaml": "a: " + "[" * 100000 + "]" * 100000 + "\n",
        "han-sai.yaml": good.replace("plan:\n", "plan:\n  deadline: {month: 11, day: 31}\n", 1),
        "mui-gio.yaml": good.replace("plan:\n", "plan:\n  deadline: {timezone: Asia/Ha_Noi}\n", 1),
        "trung-khoa.yaml": good.replace(
            "plan:\n", "plan:\n  outlier_threshold_pct: 50\n  outlier_threshold_pct: 70\n", 1
        ),
        "ngoac-nhon.yaml": good.replace("năm {year}", "năm {nam}", 1),
    }
    for rel in ("don-vi-cap-xa-2025.csv",):
        shutil.copy(PLAN.parent / rel, tmp_path / rel)
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        r = ptn("plan", "check", str(tmp_path / name), cwd=tmp_path)
        assert_calm(r)
        assert r.returncode == 1 and "Danh mục không hợp lệ" in r.stdout, (name, r.output[-2000:])
        r2 = ptn(
            "templates", "--year", "2024", "--unit", "H178", "--plan", str(tmp_path / name), cwd=tmp_path
        )
        assert_calm(r2)
        assert r2.returncode == 2 and "Lỗi:" in r2.stderr, (name, r2.output[-2000:])
        assert not (tmp_path / "outputs").exists()


# ---- outputs: all or nothing, locked, shareable ---------------------------------------------------


@pytest.fixture()
def small_year(loaded_catalog, view2024, tmp_path):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    d = tmp_path / "inputs" / str(YEAR)
    d.mkdir(parents=True)
    build(loaded_catalog, "H178", d / "a.xlsx", good_values(view2024, "H178"))
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def run_year(root: Path, *extra: str, **kw):
    return ptn(
        "run", "--as-of", "20/11/2024", "--plan", "plans/kh-253-2021-2025.yaml", *extra, cwd=root, **kw
    )


def test_outputs_shareable_and_a_failure_keeps_the_previous_set(small_year):
    root = small_year
    first = run_year(root, "--no-report", preexec=lambda: os.umask(0o022))
    assert first.returncode == 0, first.output[-2000:]
    out = root / "outputs" / "2024"
    for p in out.rglob("*.xlsx"):
        assert p.stat().st_mode & 0o777 == 0o644, p  # the umask, not mkstemp's 0600
    before = snapshot(out)
    # 1. a failure at the report step (a broken report template): nothing published, exit 2
    (root / "templates").mkdir()
    (root / "templates" / "report.docx").write_bytes(b"not a docx")
    r = run_year(root)
    assert_calm(r)
    assert r.returncode == 2 and "Các tệp kết quả trước đó được giữ nguyên" in r.stderr, r.output[-2000:]
    assert snapshot(out) == before
    shutil.rmtree(root / "templates")
    # 2. the disk full while writing (a file size limit makes every large write fail)
    import resource

    r = run_year(root, "--no-report", preexec=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)))
    assert_calm(r)
    assert r.returncode == 2 and "ổ đĩa đã đầy" in r.stderr, r.output[-2000:]
    assert snapshot(out) == before
    # 3. a folder where an output file goes: refused, the folder untouched
    (out / "danh-sach-chua-gui.xlsx").unlink()
    (out / "danh-sach-chua-gui.xlsx").mkdir()
    (out / "danh-sach-chua-gui.xlsx" / "cua-toi.txt").write_text("x")
    r = run_year(root, "--no-report")
    assert_calm(r)
    assert r.returncode == 2 and "thư mục trùng tên" in r.stderr, r.output[-2000:]
    assert (out / "danh-sach-chua-gui.xlsx" / "cua-toi.txt").read_text() == "x"
    assert not list(out.glob(".ptn-tam-*"))


def test_lock_says_who_holds_it_and_stale_leftovers_are_cleaned(small_year):
    import socket

    import psutil

    root = small_year
    out = root / "outputs" / "2024"
    out.mkdir(parents=True)
    me = psutil.Process()
    (out / ".ptn-khoa.json").write_text(json.dumps({
        "command": "ptn run", "pid": me.pid, "process_started": me.create_time(), "host": socket.gethostname(),
        "user": "chuyenvien", "since": "2024-11-20T09:15:00+07:00"}), encoding="utf-8")  # fmt: skip
    r = run_year(root, "--no-report")
    assert_calm(r)
    assert r.returncode == 2 and "chuyenvien" in r.stderr and "09:15 ngày 20/11/2024" in r.stderr, r.stderr
    assert not (out / "tong-hop-2024.xlsx").exists()
    # the holder died: its lock, its staging folder and a writer's temporary file are cleaned up
    (out / ".ptn-khoa.json").write_text(
        json.dumps({"command": "ptn run", "pid": 2**22 + 7, "host": socket.gethostname()})
    )
    (out / ".ptn-tam-1-abc" / "moi").mkdir(parents=True)
    (out / ".~tmp123.xlsx").write_bytes(b"half")
    r = run_year(root, "--no-report")
    assert r.returncode == 0, r.output[-2000:]
    assert (out / "tong-hop-2024.xlsx").is_file()
    assert not (out / ".ptn-khoa.json").exists() and not (out / ".~tmp123.xlsx").exists()
    assert not list(out.glob(".ptn-tam-*"))


@pytest.mark.libreoffice
def test_real_xls_with_a_value_at_iv65536_is_read(loaded_catalog, view2024, tmp_path, soffice):
    """A legal .xls whose last cell is IV65536 (16,8 million cells from A1): read, the form's values
    used, the far cell reported – not a 1 GB allocation nor a rejected file."""
    from .intake_files import soffice_convert

    p = build(loaded_catalog, "H184", tmp_path / "f.xlsx", good_values(view2024, "H184"))
    wb = openpyxl.load_workbook(p)
    wb.worksheets[1]["IV65536"] = 7
    wb.save(p)
    d = tmp_path / "inputs" / "2024"
    d.mkdir(parents=True)
    (d / "xa-cuoi.xls").write_bytes(soffice_convert(soffice, p.read_bytes(), ".xlsx", "xls"))
    r = ptn("check", "--json", str(d / "xa-cuoi.xls"), "--plan", str(PLAN), cwd=tmp_path)
    assert_calm(r)
    assert r.seconds < 10 and r.peak_rss < 1024 * MB
    (e,) = json.loads(r.stdout)
    assert e["status"] == "accepted" and e["unit"] == "H184", e["findings"]
    far = [f for f in e["findings"] if f["code"] == "SHEET-TRUNCATED"]
    assert far and far[0]["cell"] == "IV65536"
