"""The round trip against real servers: ``ptn mail send`` the forms to 5 units through the SMTP server,
the units read them from their Dovecot mailboxes, fill them (one through LibreOffice) and reply,
``ptn mail fetch`` saves the replies into ``inputs/2024/`` unchanged, and ``ptn run`` counts them with the
e-mail ``Date:`` as receipt time. Then the feedback and reminder messages after the run. Re-running
send and fetch changes nothing; every connection went to 127.0.0.1 only."""

from __future__ import annotations

import hashlib
import json

import pytest

from pipeline.catalog import CatalogView
from pipeline.forms.filler import fill_workbook, resave
from pipeline.templates.build import build_all

from ._intake import good_values
from ._mail import (
    YEAR,
    address,
    attachments,
    connections,
    out,
    parse,
    pick_units,
    ptn,
    reply,
    request_letters,
    vn,
    workdir,
)
from .mail_servers import SNV

DATES = [
    vn(2024, 11, 4),
    vn(2024, 11, 8, 16, 30),
    vn(2024, 11, 12),
    vn(2024, 11, 14, 23, 10),
    vn(2024, 11, 20),
]


@pytest.fixture(scope="module")
def trip(mail_servers_session, loaded_catalog, soffice, tmp_path_factory):
    s = mail_servers_session
    s.reset()
    view = CatalogView(loaded_catalog.catalog, YEAR)
    units = pick_units(view, 5)
    for u in units:
        s.add_user(address(view, u))
    work = workdir(tmp_path_factory.mktemp("trip") / "so-noi-vu", s)
    build_all(loaded_catalog, YEAR, work / "outputs" / str(YEAR) / "mau", units)
    request_letters(work)
    steps = {"dry": ptn(work, "mail", "send", "--year", str(YEAR))}
    steps["inboxes_after_dry"] = {u: s.inbox(address(view, u)) for u in units}
    steps["record_after_dry"] = (work / "outputs" / str(YEAR) / f"thu-da-gui-{YEAR}.json").exists()
    steps["send"] = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    assert steps["send"].returncode == 0, out(steps["send"])
    steps["send_again"] = ptn(work, "mail", "send", "--year", str(YEAR), "--send")
    received = {u: s.inbox(address(view, u)) for u in units}
    steps["received"] = received

    # each unit fills the form it received and replies; the second one re-saves through LibreOffice
    replies = {}
    for i, u in enumerate(units):
        (raw,) = received[u]
        form_name, form = next((n, b) for n, b in attachments(raw).items() if n.endswith(".xlsx"))
        blank = work.parent / "don-vi" / u / form_name
        blank.parent.mkdir(parents=True, exist_ok=True)
        blank.write_bytes(form)
        filled = fill_workbook(blank, blank.with_name(f"bao-cao-{u}.xlsx"), good_values(view, u))
        if i == 1:
            filled = resave(filled, blank.parent / "libreoffice", "xlsx", soffice)
        replies[u] = reply(s, raw, address(view, u), [filled], DATES[i])
    steps["snv_inbox"] = s.inbox(SNV)
    steps["fetch"] = ptn(work, "mail", "fetch", "--year", str(YEAR))
    saved = sorted((work / "inputs" / str(YEAR)).glob("*.eml"))
    steps["saved"] = {p.name: p.read_bytes() for p in saved}
    steps["fetch_again"] = ptn(work, "mail", "fetch", "--year", str(YEAR))
    steps["saved_again"] = {p.name: p.read_bytes() for p in (work / "inputs" / str(YEAR)).glob("*.eml")}
    steps["run"] = ptn(work, "run", "--year", str(YEAR), "--as-of", "30/11/2024", "--no-report")
    manifest = json.loads((work / "outputs" / str(YEAR) / f"run-{YEAR}.json").read_text(encoding="utf-8"))
    return {"work": work, "units": units, "view": view, "replies": replies, "manifest": manifest, **steps}


def test_dry_run_sends_nothing(trip):
    assert trip["dry"].returncode == 0, out(trip["dry"])
    assert "Chạy thử" in trip["dry"].stdout and "5 thư sẽ được gửi" in trip["dry"].stdout
    assert all(msgs == [] for msgs in trip["inboxes_after_dry"].values())
    assert trip["record_after_dry"] is False


def test_each_unit_gets_one_message_with_its_own_form_and_the_letter(trip):
    assert trip["send"].returncode == 0, out(trip["send"])
    assert "Đã gửi 5/5 thư" in trip["send"].stdout
    view = trip["view"]
    mau = trip["work"] / "outputs" / str(YEAR) / "mau"
    for u in trip["units"]:
        (raw,) = trip["received"][u]
        msg = parse(raw)
        assert msg["To"] == address(view, u)
        assert SNV in msg["From"] and "Sở Nội vụ tỉnh Lạng Sơn" in msg["From"]
        assert (
            msg["Subject"]
            == f"Đề nghị báo cáo kết quả thực hiện Chương trình phát triển thanh niên năm {YEAR}"
        )
        body = msg.get_body(("plain",)).get_content()
        assert f"Kính gửi: {view.units_by_code[u].name}" in body and "trước ngày 15/11/2024" in body
        files = attachments(raw)
        forms = [n for n in files if n.endswith(".xlsx")]
        assert forms == [next(mau.glob(f"{YEAR}_{u}_*.xlsx")).name]
        assert files[forms[0]] == (mau / forms[0]).read_bytes()
        letter_bytes = (
            trip["work"] / "outputs" / str(YEAR) / "cong-van" / f"de-nghi-bao-cao-{YEAR}.docx"
        ).read_bytes()
        assert files[f"de-nghi-bao-cao-{YEAR}.docx"] == letter_bytes


def test_sending_again_sends_nothing(trip):
    r = trip["send_again"]
    assert r.returncode == 0, out(r)
    assert "Không có thư nào cần gửi" in r.stdout and r.stdout.count("Đã gửi trước đây") == 5
    assert all(len(msgs) == 1 for msgs in trip["received"].values())
    record = json.loads(
        (trip["work"] / "outputs" / str(YEAR) / f"thu-da-gui-{YEAR}.json").read_text(encoding="utf-8")
    )
    assert sorted(e["unit"] for e in record["sent"]) == sorted(trip["units"])
    assert all(e["kind"] == "de-nghi-bao-cao" and len(e["attachments"]) == 2 for e in record["sent"])


def test_fetch_saves_each_reply_unchanged_with_a_safe_name(trip):
    r = trip["fetch"]
    assert r.returncode == 0, out(r)
    assert "lưu mới 5" in r.stdout and "chưa xác định được đơn vị" not in r.stdout
    saved = trip["saved"]
    assert len(saved) == 5
    assert sorted(saved.values()) == sorted(trip["snv_inbox"])  # the server's bytes, unchanged
    for name in saved:
        day, sender, _subject = name[:-4].split("_", 2)
        assert day.startswith("2024-11-") and sender in {address(trip["view"], u) for u in trip["units"]}
        assert all(ch.isascii() and (ch.isalnum() or ch in "._@+-") for ch in name)
    assert "2024-11-20_" in " ".join(saved)  # the e-mail Date, in Vietnam time


def test_fetching_again_takes_nothing_and_changes_nothing(trip):
    r = trip["fetch_again"]
    assert r.returncode == 0, out(r)
    assert "lưu mới 0" in r.stdout and "bỏ qua 5" in r.stdout
    assert trip["saved_again"] == trip["saved"]


def test_run_counts_the_replies_by_their_email_date(trip):
    assert trip["run"].returncode == 0, out(trip["run"])
    m = trip["manifest"]
    by_unit = {e["unit"]: e for e in m["inputs"] if e["status"] == "accepted"}
    assert sorted(by_unit) == sorted(trip["units"])
    for i, u in enumerate(trip["units"]):
        e = by_unit[u]
        assert e["received_at_source"] == "email"
        assert e["container"].endswith(".eml") and e["path"].startswith(e["container"] + "#")
        assert e["received_at"].startswith(DATES[i].strftime("%Y-%m-%dT%H:%M"))
        assert not [f for f in e["findings"] if f["severity"] == "error"], e["findings"]
    c = m["completeness"]
    assert set(trip["units"]) <= set(c["received"])
    assert sorted(c["on_time"]) == sorted(trip["units"][:4])
    assert [(x["unit"], x["days_late"]) for x in c["late"]] == [(trip["units"][4], 6)]


def test_feedback_and_reminders_after_the_run(trip, mail_servers_session):
    s, work, view = mail_servers_session, trip["work"], trip["view"]
    year_out = work / "outputs" / str(YEAR)
    # a unit with an error in its form gets the feedback: make one by replying again with a bad value
    u = trip["units"][0]
    (raw,) = trip["received"][u]
    blank = work.parent / "don-vi" / u / "sua.xlsx"
    blank.write_bytes(next(b for n, b in attachments(raw).items() if n.endswith(".xlsx")))
    values = good_values(view, u)
    values[("tt_so_cuoc", "gia_tri")] = "nhiều"
    bad = fill_workbook(blank, blank.with_name(f"bao-cao-{u}-lan-2.xlsx"), values)
    reply(s, raw, address(view, u), [bad], vn(2024, 11, 21))
    assert ptn(work, "mail", "fetch", "--year", str(YEAR)).returncode == 0
    assert ptn(work, "run", "--year", str(YEAR), "--as-of", "30/11/2024", "--no-report").returncode == 0
    assert (year_out / "phan-hoi" / f"{u}.xlsx").is_file()

    # ptn run wrote the đề nghị bổ sung letter beside the feedback form; without it, the dry run says so
    # and --send refuses with the command that makes it
    letter_path = year_out / "phan-hoi" / f"{u}.docx"
    assert letter_path.is_file()
    letter_path.unlink()
    dry = ptn(work, "mail", "send", "bo-sung", "--year", str(YEAR))
    assert dry.returncode == 1 and "ptn run --year 2024" in dry.stdout, out(dry)
    refused = ptn(work, "mail", "send", "bo-sung", "--year", str(YEAR), "--send")
    assert refused.returncode == 2 and "ptn run --year 2024" in refused.stderr, out(refused)
    assert len(s.inbox(address(view, u))) == 1

    assert ptn(work, "run", "--year", str(YEAR), "--as-of", "30/11/2024", "--no-report").returncode == 0
    assert letter_path.is_file()
    sent = ptn(work, "mail", "send", "bo-sung", "--year", str(YEAR), "--send")
    assert sent.returncode == 0, out(sent)
    inbox = s.inbox(address(view, u))
    assert len(inbox) == 2
    fb = parse(inbox[-1])
    assert fb["Subject"].startswith("Đề nghị bổ sung, hoàn thiện báo cáo")
    files = attachments(inbox[-1])
    assert files[f"{YEAR}_{u}_de-nghi-bo-sung.xlsx"] == (year_out / "phan-hoi" / f"{u}.xlsx").read_bytes()
    assert files[f"{YEAR}_{u}_de-nghi-bo-sung.docx"] == (year_out / "phan-hoi" / f"{u}.docx").read_bytes()
    assert "1 lỗi cần sửa" in fb.get_body(("plain",)).get_content()
    # ptn run again rebuilds the same feedback form: it is not sent twice
    assert ptn(work, "run", "--year", str(YEAR), "--as-of", "30/11/2024", "--no-report").returncode == 0
    again = ptn(work, "mail", "send", "bo-sung", "--year", str(YEAR), "--send")
    assert again.returncode == 0 and "Không có thư nào cần gửi" in again.stdout, out(again)
    assert len(s.inbox(address(view, u))) == 2

    # reminders go to units not heard from, with the đôn đốc letter and their form
    m = json.loads((year_out / f"run-{YEAR}.json").read_text(encoding="utf-8"))
    late = [x for x in m["completeness"]["missing"] if view.units_by_code[x].emails][:2]
    for x in late:
        s.add_user(address(view, x))
    args = ["mail", "send", "don-doc", "--year", str(YEAR), *[a for x in late for a in ("--unit", x)]]
    # ptn run wrote the đôn đốc letter: the deadline has passed and these units owe their report
    assert (year_out / "cong-van" / f"don-doc-{YEAR}.docx").is_file()
    r = ptn(work, *args, "--send")
    assert r.returncode == 0, out(r)
    for x in late:
        (msg,) = s.inbox(address(view, x))
        assert parse(msg)["Subject"].startswith("Đôn đốc báo cáo")
        assert f"don-doc-{YEAR}.docx" in attachments(msg)
    assert ptn(work, *args, "--send").stdout.count("Đã gửi trước đây") == 2


def test_nothing_left_127_0_0_1(trip):
    seen = connections(trip["work"])
    assert seen, "the guard saw no connection at all"
    assert {c["host"] for c in seen} == {"127.0.0.1"}


def test_saved_files_hash_in_the_manifest(trip):
    m = trip["manifest"]
    containers = {e["container"]: e["container_sha256"] for e in m["inputs"] if e.get("container")}
    for name, data in trip["saved"].items():
        assert containers[f"inputs/{YEAR}/{name}"] == hashlib.sha256(data).hexdigest()
