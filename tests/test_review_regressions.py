"""Review regressions: edge cases of receipt times, lateness, supersession and completeness."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pipeline.consolidate.completeness import completeness
from pipeline.consolidate.receipt import assign_receipts
from pipeline.consolidate.register import Register, RegisterEntry
from pipeline.intake.supersede import choose_latest
from pipeline.manifest import InputEntry

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC


def sub(path: str, unit: str = "SGDDT", **kw) -> InputEntry:
    return InputEntry(path=path, sha256="0" * 64, size=1, format="xlsx", unit=unit, status="accepted", **kw)


def reg(*rows: tuple[int, dt.date, str, str, str]) -> Register:
    """(row, Ngày đến, Số đến, Tác giả, Số ký hiệu)."""
    return Register(
        None,
        [RegisterEntry(row=r, received=d, number=n, author=a, doc_number=k, doc_date=None, summary="", note="")
         for r, d, n, a, k in rows],
        [],
    )  # fmt: skip


@pytest.mark.parametrize(("day", "late"), [(13, 0), (14, 0), (15, 1), (20, 6)])
def test_register_date_around_the_cutoff(view2024, day, late):
    s = sub("inputs/2024/sgd.xlsx")
    register = reg((2, dt.date(2024, 11, day), "1", "Sở Giáo dục và Đào tạo", "12/BC-SGDĐT"))
    assign_receipts([s], {s.path: "12/BC-SGDĐT"}, register, view2024, {})
    assert s.received_at_source == "register"
    assert s.days_late == late


@pytest.mark.parametrize(
    ("when", "late"),
    [
        (dt.datetime(2024, 11, 14, 23, 59, tzinfo=TZ), 0),
        (dt.datetime(2024, 11, 15, 0, 1, tzinfo=TZ), 1),
        # 14/11 17:30 UTC is 15/11 00:30 in Lạng Sơn: late
        (dt.datetime(2024, 11, 14, 17, 30, tzinfo=UTC), 1),
        # 15/11 06:00 +09:00 is 15/11 04:00 local: late; 14/11 20:00 -05:00 is 15/11 08:00 local
        (dt.datetime(2024, 11, 14, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), 1),
        (dt.datetime(2024, 11, 14, 16, 59, tzinfo=UTC), 0),
    ],
)
def test_email_date_judged_in_local_time(view2024, when, late):
    s = sub("inputs/2024/thu.eml#sgd.xlsx", received_at=when, received_at_source="email")
    assign_receipts([s], {}, reg(), view2024, {})
    assert s.received_at_source == "email"
    assert s.days_late == late


def test_mtime_never_makes_a_unit_late(view2024):
    s = sub("inputs/2024/sgd.xlsx")
    late = dt.datetime(2025, 1, 10, 9, 0, tzinfo=TZ)
    assign_receipts([s], {}, reg(), view2024, {s.path: late})
    assert s.received_at_source == "mtime" and s.days_late == 0
    assert any(f.code == "RECEIPT-ESTIMATED" for f in s.findings)
    c = completeness(view2024, [s], dt.date(2025, 1, 31))
    assert "SGDDT" in c.on_time and not c.late


def test_two_resubmissions_on_the_same_register_day_the_later_entry_counts(view2024):
    """Both entered in the register on 13/11: the later entry (Số đến 102) is the newest, whatever
    the file names sort as."""
    first = sub("inputs/2024/z-ban-dau.xlsx")
    second = sub("inputs/2024/a-ban-sua.xlsx")
    register = reg(
        (2, dt.date(2024, 11, 13), "101", "Sở Giáo dục và Đào tạo", "12/BC-SGDĐT"),
        (3, dt.date(2024, 11, 13), "102", "Sở Giáo dục và Đào tạo", "12a/BC-SGDĐT"),
    )
    inputs = [first, second]
    order = assign_receipts(
        inputs, {first.path: "12/BC-SGDĐT", second.path: "12a/BC-SGDĐT"}, register, view2024, {}
    )
    assert first.received_at_source == second.received_at_source == "register"
    choose_latest(inputs, order)
    assert second.status == "accepted"
    assert first.status == "superseded" and first.superseded_by == second.path


def test_two_resubmissions_by_email_on_the_same_day_the_later_counts(view2024):
    first = sub("inputs/2024/thu1.eml#z.xlsx", received_at=dt.datetime(2024, 11, 13, 8, 0, tzinfo=TZ),
                received_at_source="email")  # fmt: skip
    second = sub("inputs/2024/thu2.eml#a.xlsx", received_at=dt.datetime(2024, 11, 13, 15, 0, tzinfo=TZ),
                 received_at_source="email")  # fmt: skip
    inputs = [first, second]
    assign_receipts(inputs, {}, reg(), view2024, {})
    choose_latest(inputs)
    assert second.status == "accepted" and first.status == "superseded"


def test_requested_units_are_not_in_the_rates(view2024):
    requested = view2024.requested_units[0].code
    obliged = view2024.obliged_units[0].code
    subs = [sub("a.xlsx", unit=requested, days_late=0), sub("b.xlsx", unit=obliged, days_late=0)]
    c = completeness(view2024, subs, dt.date(2024, 12, 31))
    n = len(view2024.obliged_units)
    assert requested not in c.expected and requested in c.requested_received
    assert c.reporting_rate == round(100 / n, 2)


@pytest.mark.parametrize(("as_of", "before"), [(dt.date(2024, 11, 14), True), (dt.date(2024, 11, 15), False)])
def test_as_of_on_the_last_day_is_still_before_the_deadline(view2024, as_of, before):
    c = completeness(view2024, [], as_of)
    assert bool(c.not_yet_due) is before
    assert bool(c.missing) is not before


# ---------------------------------------------------------------- aggregation

from pipeline.catalog.model import Direction  # noqa: E402
from pipeline.consolidate.aggregate import _aggregate_field, verdict  # noqa: E402
from pipeline.intake.flat import FlatRow  # noqa: E402


def row(unit: str, item: str, part: str, value, *, valid: bool = True, field: str = "uoc_ca_nam") -> FlatRow:
    raw = "" if value is None else str(value)
    return FlatRow("s-" + unit, "0", 2024, unit, "muc_tieu", item, part, field, raw, value, "ratio_part", valid,
                   "f.xlsx", "Mục tiêu, chỉ tiêu", "E1")  # fmt: skip


def target(view, code):
    return next(t for t in view.catalog.targets if t.code == code)


def test_ratio_pairs_invalid_left_out_whole_empty_is_missing(view2024):
    t = target(view2024, "CT10")
    rows = [
        row("H178", "CT10", "tu_so", 90), row("H178", "CT10", "mau_so", 100),
        row("H180", "CT10", "tu_so", 100), row("H180", "CT10", "mau_so", 1000),
        row("H181", "CT10", "tu_so", 500, valid=False), row("H181", "CT10", "mau_so", 400),  # error: out whole
        row("H182", "CT10", "tu_so", None), row("H182", "CT10", "mau_so", 300),  # empty: missing, not 0/300
        row("H183", "CT10", "tu_so", 0), row("H183", "CT10", "mau_so", 50),  # a real zero counts
    ]  # fmt: skip
    idx = {(r.unit, r.item, r.part, r.field): r for r in rows}
    num, den, value, used, missing, excluded = _aggregate_field(t, ["H178", "H180", "H181", "H182", "H183"], idx,
                                                                "uoc_ca_nam")  # fmt: skip
    assert (num, den) == (190, 1150)
    assert value == pytest.approx(190 / 1150 * 100)
    assert used == ["H178", "H180", "H183"] and excluded == ["H181"] and missing == ["H182"]


def test_an_error_in_either_column_leaves_the_unit_out_of_both(view2024):
    """A district whose "thực hiện đến thời điểm báo cáo" pair has an error (part above whole) while its
    estimate is fine: listed as excluded (it owes a corrected figure), and both columns the report shows
    side by side are built from the same other districts – the estimate is not counted on its own."""
    from pipeline.consolidate.aggregate import target_figures

    t = target(view2024, "CT10")
    rows = []
    for unit, (td, uoc), ok in (
        ("H178", ((50, 100), (90, 100)), True),
        ("H180", ((300, 200), (150, 200)), False),  # error in the thực hiện column only
        ("H181", ((10, 40), (20, 40)), True),
    ):
        for field, (a, b) in zip(("thuc_hien", "uoc_ca_nam"), (td, uoc), strict=True):
            bad = not ok and field == "thuc_hien"
            rows += [row(unit, "CT10", "tu_so", a, valid=not bad, field=field),
                     row(unit, "CT10", "mau_so", b, valid=not bad, field=field)]  # fmt: skip
    rows += [
        row("H182", "CT10", p, None, field=f)
        for p in ("tu_so", "mau_so")
        for f in ("thuc_hien", "uoc_ca_nam")
    ]
    idx = {(r.unit, r.item, r.part, r.field): r for r in rows}
    num, den, value, actual, used, missing, excluded = target_figures(
        t, ["H178", "H180", "H181", "H182"], idx, "uoc_ca_nam"
    )
    assert used == ["H178", "H181"] and excluded == ["H180"] and missing == ["H182"]
    assert (num, den) == (110, 140) and value == pytest.approx(110 / 140 * 100)
    assert actual == pytest.approx(60 / 140 * 100)


def test_all_empty_is_no_figure_not_zero(view2024):
    t = target(view2024, "CT10")
    *_, value, _used, missing, _excluded = _aggregate_field(t, ["H178"], {}, "uoc_ca_nam")
    assert value is None and missing == ["H178"]


@pytest.mark.parametrize(
    ("value", "target_", "direction", "expected"),
    [
        (100, 100, Direction.ge, "dat"), (99.99, 100, Direction.ge, "chua_dat"), (81, 80, Direction.ge, "vuot"),
        (80, 80, Direction.gt, "chua_dat"), (80.1, 80, Direction.gt, "dat"),
        (7, 7, Direction.lt, "chua_dat"), (6.9, 7, Direction.lt, "dat"),
        (5, 6, Direction.le, "vuot"), (6, 6, Direction.le, "dat"), (6.1, 6, Direction.le, "chua_dat"),
        (None, 80, Direction.ge, "chua_co_so_lieu"),
    ],
)  # fmt: skip
def test_verdict_by_direction(value, target_, direction, expected):
    assert verdict(value, target_, direction, True, False, 2024) == expected


def test_email_time_is_shown_in_local_time(view2024):
    """An e-mail dated 14/11 17:30 UTC is late (15/11 00:30 in Lạng Sơn): the workbook, the reminder
    list and the report must not show it as received on 14/11."""
    from pipeline.writers.labels import received_text

    s = sub("inputs/2024/thu.eml#sgd.xlsx", received_at=dt.datetime(2024, 11, 14, 17, 30, tzinfo=UTC),
            received_at_source="email")  # fmt: skip
    assign_receipts([s], {}, reg(), view2024, {})
    assert s.days_late == 1
    assert received_text(s) == "15/11/2024 00:30"
    assert s.received_at.utcoffset() == dt.timedelta(hours=7)
