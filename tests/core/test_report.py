"""The callback-rate report: a hand-built book with known answers, the before/after test,
invariants over random books checked against a slow reference, and the CLI."""

from __future__ import annotations

import json
import math
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import experiment
from coach.book import Book
from coach.experiment import META_KEY
from coach.models import ContactIn, TouchIn, touch_row
from coach.report import (
    MIN_SIDE,
    Side,
    WeekRow,
    build_report,
    compare,
    lines,
    sides,
    two_proportion_p,
    wilson,
)
from tests.helpers import run_main


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fixture's weeks are counted in seconds across a clock change in some zones; pin
    the zone (the clock-change test sets its own)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


#: The fixture's "now": Wednesday 2026-11-25, noon local time. M0 is that week's Monday.
M0 = date(2026, 11, 23)
NOW = datetime(2026, 11, 25, 12, 0).timestamp()
DAY = 86400


def at(week: int, weekday: int, hour: int, minute: int = 0) -> int:
    """Local time ``week`` weeks from M0 (negative: earlier), on ``weekday`` (0 = Monday)."""
    day = M0 + timedelta(weeks=week, days=weekday)
    return int(datetime(day.year, day.month, day.day, hour, minute).timestamp())


def new_book(path: Path, people: int) -> tuple[Book, list[int]]:
    store = Book.open(path)
    ids = [store.add_contact(ContactIn(line=i, first_name=f"Person{i}x")) for i in range(people)]
    return store, ids


def add(store: Book, touches: list[tuple[int, int, str]]) -> None:
    with store.transaction():
        store.save_touches(
            touch_row(cid, TouchIn(line=0, ts=ts, kind=kind)) for cid, ts, kind in touches
        )


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Book]:
    """Eight people whose touches exercise every rule once (see the expected rows)."""
    store, (a, b, c, d, e, f, g, h) = new_book(tmp_path / "report.db", 8)
    add(
        store,
        [
            # A: one voicemail, answered twice: counted once; both callbacks received.
            (a, at(-4, 1, 10), "voicemail"),
            (a, at(-4, 2, 9), "callback"),
            (a, at(-4, 3, 9), "callback"),
            # B: a Friday call answered the next Monday; an email that is not outbound.
            (b, at(-3, 4, 10), "call"),
            (b, at(-3, 4, 11), "email"),
            (b, at(-2, 0, 11), "callback"),
            # C: calls back out of the blue: unprompted.
            (c, at(-3, 1, 15), "callback"),
            # D: calls back 15 days after a voicemail: outside the window, unprompted.
            (d, at(-5, 0, 10), "voicemail"),
            (d, at(-3, 1, 10), "callback"),
            # E: calls back exactly 14 days later: still inside the window.
            (e, at(-2, 0, 10), "call"),
            (e, at(0, 0, 10), "callback"),
            # F: a call, then a voicemail, then a callback: it answers the voicemail.
            (f, at(-1, 1, 10), "call"),
            (f, at(-1, 3, 10), "voicemail"),
            (f, at(-1, 4, 10), "callback"),
            # G: called this week; their callback is logged after "now": left out.
            (g, at(0, 1, 9), "call"),
            (g, at(0, 3, 9), "callback"),
            # H: called two weeks ago, no answer yet, window still open.
            (h, at(-2, 3, 10), "call"),
        ],
    )
    yield store
    store.close()


def row(week: int, calls: int = 0, vms: int = 0, cbs: int = 0, rec: int = 0, unp: int = 0,
        open_: int = 0) -> WeekRow:  # fmt: skip
    return WeekRow(M0 + timedelta(weeks=week), calls, vms, cbs, rec, unp, open_)


EXPECTED = [
    row(-7),  # no touches at all: still a row
    row(-6),
    row(-5, vms=1),  # D's voicemail: answered too late
    row(-4, vms=1, cbs=1, rec=2),  # A: two callbacks, one answered voicemail
    row(-3, calls=1, cbs=1, unp=2),  # B answered next week; C and D unprompted
    row(-2, calls=2, cbs=1, rec=1, open_=1),  # E answered; B's callback came in; H open
    row(-1, calls=1, vms=1, cbs=1, rec=1, open_=1),  # F: voicemail answered, call open
    row(0, calls=1, rec=1, open_=1),  # G open; E's callback came in this week
]


def test_weekly_rows_follow_the_definitions(book: Book) -> None:
    report = build_report(book, weeks=8, now=NOW)
    assert list(report.weeks) == EXPECTED
    assert [w.rate for w in report.weeks[3:]] == [1.0, 1.0, 0.5, 0.5, 0.0]
    assert report.weeks[0].rate is None
    assert report.experiment_start is None and report.before is None and report.verdict is None


def test_since_starts_with_the_week_holding_that_day(book: Book) -> None:
    report = build_report(book, weeks=2, since=M0 - timedelta(weeks=3, days=-2), now=NOW)
    assert list(report.weeks) == EXPECTED[-4:]


def test_a_wider_window_answers_the_late_callback(book: Book) -> None:
    report = build_report(book, weeks=8, window_days=15, now=NOW)
    assert report.weeks[2].callbacks == 1 and report.weeks[4].unprompted == 1


def test_before_and_after_with_too_few_to_tell(book: Book) -> None:
    book.set_meta(META_KEY, (M0 - timedelta(weeks=1)).isoformat())
    report = build_report(book, weeks=8, now=NOW)
    assert report.experiment_start == M0 - timedelta(weeks=1)
    # After is 9.5 days, so before is the 21 days (three weeks) before the start.
    assert report.before is not None and report.after is not None
    # Before: A, B and E answered; H (called 13.1 days ago) is still inside its 14 days, so
    # it is shown as open and kept out of the rate: 3 of the 3 settled, not 3 of 4.
    assert report.before.as_json() == {
        "from": (M0 - timedelta(weeks=4)).isoformat(),
        "to": (M0 - timedelta(weeks=1, days=1)).isoformat(),
        "outbound": 4,
        "callbacks": 3,
        "rate": 1.0,
        "low": pytest.approx(0.4385, abs=1e-4),
        "high": 1.0,
        "open": 1,
        "unprompted": 2,
        "settled": 3,
        "settled_callbacks": 3,
    }
    after = report.after.as_json()
    assert (after["from"], after["to"]) == ((M0 - timedelta(weeks=1)).isoformat(), "2026-11-25")
    assert (after["outbound"], after["callbacks"], after["open"], after["unprompted"]) == (
        3,
        1,
        2,
        0,
    )
    # After: nothing settled yet (every call is under 14 days old): no rate at all, rather
    # than a low one made of calls that may still be answered.
    assert (after["settled"], after["rate"], after["low"]) == (0, None, None)
    assert report.p_value is None and report.too_few
    assert report.verdict is not None and report.verdict.startswith("Too few to tell")
    text = "\n".join(lines(report))
    assert "Experiment started 2026-11-16" in text and "swing a lot by chance" in text
    assert "3 of 3 answered, 100.0%" in text and "1 newer not counted yet (1 still open)" in text
    assert "0 of 0 answered, –" in text and "3 newer not counted yet (2 still open)" in text


def test_before_is_as_long_as_after_once_that_passes_21_days() -> None:
    start = date(2026, 9, 1)
    now = datetime(2026, 10, 1, 6, 0).timestamp()
    (b0, b1), (a0, a1) = sides(start, now)
    assert a0 == b1 == datetime(2026, 9, 1).timestamp() and a1 == now
    assert datetime.fromtimestamp(b0) == datetime(2026, 8, 1, 18, 0)  # 30 days 6 hours before
    (b0, _), _ = sides(start, datetime(2026, 9, 3).timestamp())
    assert datetime.fromtimestamp(b0) == datetime(2026, 8, 11)  # at least 21 days


def test_a_clear_rise_is_unlikely_to_be_chance(tmp_path: Path) -> None:
    start = date(2026, 10, 5)
    now = datetime(2026, 11, 2, 12, 0).timestamp()  # after: 28.5 days, windows all closed
    store, ids = new_book(tmp_path / "big.db", 200)
    touches: list[tuple[int, int, str]] = []
    for i, cid in enumerate(ids):
        after = i >= 100
        base = datetime(2026, 10, 6) if after else datetime(2026, 9, 8)
        ts = int((base + timedelta(hours=2 * (i % 100))).timestamp())
        touches.append((cid, ts, "voicemail" if i % 2 else "call"))
        if (i % 100) < (45 if after else 15):
            touches.append((cid, ts + DAY, "callback"))
    add(store, touches)
    store.set_meta(META_KEY, start.isoformat())
    report = build_report(store, now=now)
    assert report.before is not None and report.after is not None
    assert (report.before.outbound, report.before.callbacks) == (100, 15)
    assert (report.after.outbound, report.after.callbacks) == (100, 45)
    assert report.after.open == report.before.open == 0
    assert report.p_value is not None and report.p_value < 0.001
    assert report.verdict == "Higher after, unlikely to be chance (p < 0.001)."
    out = report.as_json()
    assert out["p_value"] == pytest.approx(two_proportion_p(15, 100, 45, 100), rel=1e-2)
    assert out["before"]["rate"] == 0.15 and out["after"]["rate"] == 0.45
    store.close()


def test_calls_still_waiting_for_a_callback_do_not_pull_the_after_rate_down(
    tmp_path: Path,
) -> None:
    start = date(2026, 10, 5)
    now = datetime(2026, 11, 4, 12, 0).timestamp()
    store, ids = new_book(tmp_path / "open.db", 110)
    touches: list[tuple[int, int, str]] = []
    for i, cid in enumerate(ids[:80]):  # 40 before, 40 after: a quarter answered, both sides
        base = datetime(2026, 10, 6) if i >= 40 else datetime(2026, 9, 8)
        ts = int((base + timedelta(hours=3 * (i % 40))).timestamp())
        touches.append((cid, ts, "call"))
        if i % 4 == 0:
            touches.append((cid, ts + DAY, "callback"))
    for n, cid in enumerate(ids[80:]):  # 30 calls in the last five days, not answered yet
        touches.append((cid, int(now) - DAY - n * 3 * 3600, "voicemail"))
    add(store, touches)
    store.set_meta(META_KEY, start.isoformat())
    report = build_report(store, now=now)
    store.close()
    assert report.before is not None and report.after is not None
    assert (report.after.outbound, report.after.open, report.after.newer) == (70, 30, 30)
    assert (report.after.settled, report.after.settled_callbacks) == (40, 10)
    assert report.before.rate == report.after.rate == 0.25  # 10 of 70 would read as 14 %
    assert report.verdict == "No clear difference yet (p = 1)."


def side(settled: int, callbacks: int, newer: int = 0) -> Side:
    """A side with ``settled`` calls and voicemails (``callbacks`` of them answered) and
    ``newer`` ones still inside their window, none answered yet."""
    return Side(0.0, 1.0, settled + newer, callbacks, 0, newer, settled, callbacks)


def test_the_verdict_wording() -> None:
    verdict, p = compare(side(100, 10), side(100, 12))
    assert verdict.startswith("No clear difference yet (p = 0.") and p is not None and p > 0.05
    verdict, p = compare(side(100, 30), side(100, 10))
    assert verdict.startswith("Lower after, unlikely to be chance (p < 0.001")
    verdict, _ = compare(side(100, 30), side(100, 10, newer=40))
    assert verdict.startswith("Lower after so far") and "40 of the calls" in verdict
    verdict, p = compare(side(MIN_SIDE - 1, 5), side(100, 50))
    assert verdict.startswith("Too few to tell yet: 19 calls") and p is None
    assert compare(side(50, 0), side(50, 0))[1] == 1.0  # no spread at all: no difference


def test_wilson_and_the_z_test_match_published_values() -> None:
    assert wilson(0, 0) is None
    low, high = wilson(0, 10) or (1.0, 0.0)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson(5, 10) or (0.0, 0.0)
    assert [low, high] == pytest.approx([0.2366, 0.7634], abs=1e-4)
    assert two_proportion_p(10, 100, 20, 100) == pytest.approx(0.0477, abs=5e-4)


@pytest.fixture
def new_york() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "America/New_York")
        time.tzset()
        yield
    time.tzset()


def test_weeks_are_local_and_survive_a_clock_change(tmp_path: Path, new_york: None) -> None:
    # US clocks went back on Sunday 2026-11-01: that week is 7 days and an hour long.
    store, (who,) = new_book(tmp_path / "ny.db", 1)
    late_sunday = int(datetime(2026, 11, 1, 23, 30).timestamp())
    monday = int(datetime(2026, 11, 2, 0, 10).timestamp())
    add(store, [(who, late_sunday, "call"), (who, monday, "voicemail")])
    report = build_report(store, weeks=2, now=datetime(2026, 11, 3, 12).timestamp())
    assert [(w.week, w.calls, w.voicemails) for w in report.weeks] == [
        (date(2026, 10, 26), 1, 0),
        (date(2026, 11, 2), 0, 1),
    ]
    store.close()


# --------------------------------------------------------------- invariants
RANGE_START = M0 - timedelta(weeks=3)
touches_strategy = st.lists(
    st.tuples(
        st.integers(0, 3),
        # from 20 days before the first week to 3 days after now, in hours
        st.integers(-20 * 24, 25 * 24 + 3 * 24).map(
            lambda h: int(datetime(2026, 11, 2).timestamp()) + h * 3600
        ),
        st.sampled_from(["call", "voicemail", "callback", "callback", "email"]),
    ),
    max_size=40,
    unique_by=lambda t: (t[0], t[1], t[2]),
)


def reference(
    touches: list[tuple[int, int, str]], a: int, b: int, now: float, window: int
) -> tuple[int, int, int, int, int]:
    """Straight from the definitions, slowly: (outbound, answered, received, unprompted, open)
    for touches made (outbound) or received (callbacks) in a <= ts < b."""
    seen = [t for t in touches if t[1] <= now]
    outbound = [t for t in seen if t[2] in ("call", "voicemail")]
    answered: set[tuple[int, int]] = set()
    received = unprompted = 0
    for cid, ts, kind in seen:
        if kind != "callback":
            continue
        earlier = [o[1] for o in outbound if o[0] == cid and o[1] <= ts]
        if earlier and ts - max(earlier) <= window:
            answered.add((cid, max(earlier)))
            received += a <= ts < b
        else:
            unprompted += a <= ts < b
    made = [o for o in outbound if a <= o[1] < b]
    done = len({(o[0], o[1]) for o in made} & answered)
    # Of two touches to one person in the same second, one is the one answered.
    recent = [o for o in made if o[1] + window >= now]
    waiting = len(recent) - len({(o[0], o[1]) for o in recent} & answered)
    return len(made), done, received, unprompted, waiting


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    touches=touches_strategy,
    window_days=st.sampled_from([1, 7, 14]),
    start_day=st.none() | st.integers(0, 27),
)
def test_random_books_agree_with_the_definitions(
    touches: list[tuple[int, int, str]], window_days: int, start_day: int | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store, ids = new_book(Path(folder) / "r.db", 4)
        add(store, [(ids[c], ts, kind) for c, ts, kind in touches])
        if start_day is not None:
            store.set_meta(META_KEY, (RANGE_START + timedelta(days=start_day)).isoformat())
        report = build_report(store, weeks=4, window_days=window_days, now=NOW)
        store.close()
    window = window_days * DAY
    local = [(ids[c], ts, kind) for c, ts, kind in touches]
    first = int(datetime.combine(RANGE_START, datetime.min.time()).timestamp())
    for w in report.weeks:
        a = int(datetime.combine(w.week, datetime.min.time()).timestamp())
        b = int(datetime.combine(w.week + timedelta(weeks=1), datetime.min.time()).timestamp())
        outbound, answered, received, unprompted, waiting = reference(local, a, b, NOW, window)
        assert (w.outbound, w.callbacks, w.received, w.unprompted) == (
            outbound,
            answered,
            received,
            unprompted,
        )
        assert w.open == waiting
        assert w.rate is None or 0.0 <= w.rate <= 1.0
        assert w.callbacks + w.open <= w.outbound
    in_range = sum(1 for _, ts, kind in touches if kind == "callback" and first <= ts <= NOW)
    assert sum(w.received + w.unprompted for w in report.weeks) == in_range
    if start_day is None:
        assert report.before is None and report.after is None
        return
    assert report.before is not None and report.after is not None
    for got in (report.before, report.after):
        a, b = int(got.start), int(got.end)
        outbound, answered, _received, unprompted, waiting = reference(local, a, b, NOW, window)
        assert (got.outbound, got.callbacks, got.unprompted, got.open) == (
            outbound,
            answered,
            unprompted,
            waiting,
        )
        # The rate rests only on calls and voicemails whose window is over at NOW.
        settled_end = max(a, min(b, math.ceil(NOW - window)))
        settled, settled_answered, *_ = reference(local, a, settled_end, NOW, window)
        assert (got.settled, got.settled_callbacks) == (settled, settled_answered)
        assert got.rate == (None if settled == 0 else settled_answered / settled)
        low_high = got.interval
        assert (low_high is None) == (got.rate is None)
        if low_high is not None and got.rate is not None:
            assert low_high[0] <= got.rate <= low_high[1]


# ---------------------------------------------------------------------- CLI
@pytest.fixture
def db(tmp_path: Path) -> str:
    """A book with a few touches in the last days (the CLI's "now" is the real one)."""
    store, (a, b) = new_book(tmp_path / "cli.db", 2)
    now = int(time.time())
    add(
        store,
        [(a, now - 3 * DAY, "voicemail"), (a, now - 2 * DAY, "callback"), (b, now - DAY, "call")],
    )
    store.close()
    return str(tmp_path / "cli.db")


def test_report_json_has_the_documented_shape(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_DB", db)
    code, output, err = run_main(capsys, "report", "--json")
    assert code == 0, output + err
    out = json.loads(output)
    assert set(out) == {
        "window_days",
        "weeks",
        "experiment_start",
        "before",
        "after",
        "verdict",
        "p_value",
    }
    assert out["window_days"] == 14 and len(out["weeks"]) == 12
    assert set(out["weeks"][0]) == {
        "week",
        "outbound",
        "calls",
        "voicemails",
        "callbacks",
        "rate",
        "received",
        "unprompted",
        "open",
    }
    assert sum(w["outbound"] for w in out["weeks"]) == 2
    assert sum(w["callbacks"] for w in out["weeks"]) == 1
    assert out["before"] is out["after"] is out["verdict"] is out["p_value"] is None
    assert date.fromisoformat(out["weeks"][-1]["week"]).weekday() == 0


def test_report_text_says_how_to_start_an_experiment(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(capsys, "report", "--db", db, "--weeks", "3", "--window", "7")
    assert code == 0 and err == ""
    assert "within 7 days" in out and "coach experiment start" in out
    assert out.count("\n20") == 3  # three week rows


@pytest.mark.parametrize("bad", ["2026-13-40", "last week", "2099-01-01"])
def test_a_bad_since_is_one_line_naming_it(
    db: str, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(capsys, "report", "--db", db, "--since", bad)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"--since '{bad}'" in err


def test_a_bad_start_date_is_one_line_and_changes_nothing(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(capsys, "experiment", "start", "2026-13-40", "--db", db)
    assert code == 2 and out == ""
    assert (
        err
        == "coach: error: the start date '2026-13-40' is not a date (write it like 2026-11-02)\n"
    )
    with Book.open_readonly(db) as store:
        assert experiment.started(store) is None


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--since", "0001-01-03"),
        ("experiment", "start", "0001-01-01"),
        ("report", "--since", "1900-01-01"),
    ],
)
def test_days_before_any_book_are_refused_in_one_line(
    db: str, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, out, err = run_main(capsys, *args, "--db", db)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "before 1990" in err and args[-1] in err


def test_a_stored_start_out_of_range_is_ignored(db: str) -> None:
    with Book.open(db) as store:
        store.set_meta(META_KEY, "0001-01-01")
        assert experiment.started(store) is None
        assert build_report(store, now=NOW).before is None


def test_an_experiment_gives_before_and_after(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert "No experiment running" in run_main(capsys, "experiment", "--db", db)[1]
    code, out, _ = run_main(capsys, "--db", db, "experiment", "start")
    assert code == 0 and f"Experiment started {date.today().isoformat()}" in out
    shown = run_main(capsys, "experiment", "show", "--db", db)[1]
    assert f"started {date.today().isoformat()}" in shown
    code, out, _ = run_main(capsys, "report", "--json", "--db", db)
    report = json.loads(out)
    assert report["experiment_start"] == date.today().isoformat()
    for name in ("before", "after"):
        assert {"outbound", "callbacks", "rate", "from", "to", "low", "high"} <= set(report[name])
    assert report["before"]["outbound"] == 2 and report["before"]["callbacks"] == 1
    # Both were made in the last 14 days: answered or not, none is settled, so no rate yet.
    assert report["before"]["settled"] == 0 and report["before"]["rate"] is None
    assert report["verdict"].startswith("Too few to tell") and report["p_value"] is None
    code, out, _ = run_main(capsys, "experiment", "stop", "--db", db)
    assert code == 0 and "Experiment stopped" in out
    assert json.loads(run_main(capsys, "report", "--json", "--db", db)[1])["before"] is None


def test_without_a_book_it_is_one_line_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.db"
    for args in (["report"], ["experiment", "start"], ["experiment"]):
        code, out, err = run_main(capsys, *args, "--db", str(missing))
        assert code == 2 and out == "" and err.count("\n") == 1
        assert "no contact book here yet" in err
    assert not missing.exists()
