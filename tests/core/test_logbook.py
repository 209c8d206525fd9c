"""What the rep logs from a call, checked and written by the core (the app's forms call it)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach import logbook
from coach.book import Book
from coach.errors import UserError
from coach.lookup.engine import Lookup, last_reached, reached
from coach.models import Touch
from tests.helpers import NOW

#: A Monday morning, so "Thursday at 2pm" is this week's.
MONDAY = datetime(2026, 11, 23, 9, 30)


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def contact_named(book: Book, last_name: str) -> int:
    hit = Lookup(book).search(last_name).hits[0]
    assert hit.contact.last_name == last_name
    return hit.contact.id


def test_booked_time_reads_a_spoken_time_and_refuses_a_vague_one() -> None:
    due = logbook.booked_time("Thursday at 2pm", MONDAY)
    assert datetime.fromtimestamp(due) == datetime(2026, 11, 26, 14, 0)
    for said, missing in [
        ("next week", "not a specific time"),
        ("Thursday", "a day but no time"),
        ("at 2pm", "a time but no day"),
    ]:
        with pytest.raises(UserError, match=missing):
            logbook.booked_time(said, MONDAY)


def test_a_meeting_needs_issues_a_benefit_and_a_time_ahead(book: Book) -> None:
    c = book.contacts([contact_named(book, "Okafor")])
    contact = next(iter(c.values()))
    typed = {"issues": "dispatch delays", "agreed": "", "benefit": "same-day", "when": "x"}
    for field, message in [
        ("issues", "key issues"),
        ("benefit", "what is in it for them"),
        ("when", "book the next meeting"),
    ]:
        with pytest.raises(UserError, match=message):
            logbook.meeting(contact, now=MONDAY, **{**typed, field: " "})
    with pytest.raises(UserError, match="already passed"):
        logbook.meeting(contact, now=MONDAY, **{**typed, "when": "2026-11-20 10:00"})


def test_logging_a_meeting_writes_touch_next_step_and_follow_up_together(book: Book) -> None:
    cid = contact_named(book, "Okafor")
    contact = book.contacts([cid])[cid]
    m = logbook.meeting(
        contact,
        issues="dispatch delays; re-keying orders",
        agreed="a walkthrough with ops",
        benefit="same-day dispatch",
        when="Thursday at 2pm",
        now=MONDAY,
    )
    fid = logbook.log_meeting(book, m)
    meetings = [t for t in book.touches_for(cid, 50) if t.kind == "meeting"]
    assert [t.reason for t in meetings] == ["dispatch delays; re-keying orders"]
    assert book.open_next_steps(cid)[-1][1] == "a walkthrough with ops"
    saved = book.followup(fid)
    assert saved is not None and saved.issues == ("dispatch delays", "re-keying orders")
    assert datetime.fromtimestamp(saved.meeting_ts or 0) == datetime(2026, 11, 26, 14, 0)


def test_a_meeting_that_cannot_be_saved_whole_leaves_nothing(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = contact_named(book, "Okafor")
    contact = book.contacts([cid])[cid]
    m = logbook.meeting(
        contact, issues="delays", agreed="", benefit="speed", when="Thursday 2pm", now=MONDAY
    )
    before = (book.touches_for(cid, 50), book.open_next_steps(cid), book.followups())

    def broken(_f: object) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(book, "save_followup", broken)
    with pytest.raises(sqlite3.OperationalError):
        logbook.log_meeting(book, m)
    assert (book.touches_for(cid, 50), book.open_next_steps(cid), book.followups()) == before


def test_a_callback_is_about_the_last_time_we_reached_them(book: Book) -> None:
    cid = contact_named(book, "Okafor")
    first = logbook.log_callback(book, cid, now=MONDAY.timestamp() + 86400 * 400)
    assert first
    newest = book.touches_for(cid, 1)[0]
    assert (newest.kind, newest.reason) == ("callback", "the dispatch delays")
    # A second callback is still about our voicemail, not about the first callback.
    logbook.log_callback(book, cid, now=MONDAY.timestamp() + 86400 * 401)
    assert book.touches_for(cid, 1)[0].reason == "the dispatch delays"


def test_last_reached_skips_their_callbacks() -> None:
    def touch(kind: str, ts: int) -> Touch:
        return Touch(1, ts, kind, "", kind, "")

    newest_first = [touch("callback", 3), touch("voicemail", 2), touch("call", 1)]
    assert last_reached(newest_first) == newest_first[1]
    assert reached(newest_first) == newest_first[1:]
    assert last_reached([touch("callback", 1)]) is None


def test_an_outbound_touch_says_why_and_is_a_known_kind() -> None:
    with pytest.raises(UserError, match="why you reached out"):
        logbook.outbound("voicemail", "left one", "  ", "")
    with pytest.raises(UserError, match="not a kind of touch"):
        logbook.outbound("callback", "", "pricing", "")
    touch = logbook.outbound("call", " no answer ", " pricing ", "", now=100)
    assert touch[1:5] == (100, "call", "no answer", "pricing")


def test_a_new_caller_is_added_with_the_callback_they_are_making(book: Book) -> None:
    with pytest.raises(UserError, match="a name"):
        logbook.new_caller(" ", "", "Acme", "", "")
    with pytest.raises(UserError, match="phone number"):
        logbook.new_caller("Dana", "", "", "12", "")
    caller = logbook.new_caller("Dana", "Whitfield", "Acme", "(612) 555-0100", "Dana@Acme.Example")
    cid = logbook.add_caller(book, caller)
    added = book.contacts([cid])[cid]
    assert (added.name, added.email, len(added.phones)) == (
        "Dana Whitfield",
        "dana@acme.example",
        1,
    )
    assert [t.kind for t in book.touches_for(cid)] == ["callback"]


def test_a_next_step_needs_both_parts(book: Book) -> None:
    with pytest.raises(UserError, match="say when"):
        logbook.next_step(1, "", "demo")
    cid = contact_named(book, "Brandt")
    step = logbook.next_step(cid, "Thursday at 2pm", " demo for ops ", MONDAY)
    logbook.save_next_step(book, step)
    assert book.open_next_steps(cid)[-1] == (step.due_ts, "demo for ops")
    assert step.due_ts - int(MONDAY.timestamp()) < int(timedelta(days=4).total_seconds())


def test_likely_callers_are_the_people_reached_most_recently(book: Book) -> None:
    hits = Lookup(book).likely_callers(3).hits
    assert [h.contact.last_name for h in hits] == ["Okafor", "Müller", "Petrov"]
    assert hits[0].last_touch is not None and hits[0].last_touch.reason == "the dispatch delays"
    assert hits[0].phones_human  # formatted for the rep to read back
    assert all(h.why == [] for h in hits)  # nothing was typed: nothing matched


# ------------------------------------------------------- notes of a call
@pytest.mark.parametrize(
    ("before", "after", "typed"),
    [
        ("", "wants pricing", "wants pricing"),
        ("Met at the expo.", "Met at the expo.\nwants pricing", "wants pricing"),
        ("a\nb", "a\nB, really\nb", "B, really"),  # a line put in the middle
        ("a\nold line", "a\nnew line", "new line"),  # a line rewritten
        ("a\nb", "a", ""),  # taken out: not a note
        ("a", "a\n\n   \n", ""),  # blank lines are not notes
    ],
)
def test_the_notes_of_a_call_are_what_was_typed_in_it(before: str, after: str, typed: str) -> None:
    assert logbook.typed_since(before, after) == typed


@given(st.lists(st.text(alphabet="abc .", min_size=1), max_size=6), st.text(alphabet="xyz"))
def test_a_line_added_at_the_end_is_the_calls_note(lines: list[str], added: str) -> None:
    before = "\n".join(lines)
    after = f"{before}\n{added}" if before else added
    assert logbook.typed_since(before, after) == added.rstrip()


def test_a_touch_logged_in_coach_is_marked_and_keeps_its_notes(book: Book) -> None:
    cid = Lookup(book).search("okafor globex").hits[0].contact.id
    imported = book.conn.execute("SELECT count(*) FROM touches WHERE logged_ts IS NULL")
    assert imported.fetchone()[0] == 10  # the fixture's import
    touch_id = logbook.log_callback(book, cid, now=NOW, notes="asked about Q3")
    row = book.conn.execute("SELECT logged_ts, notes FROM touches WHERE id = ?", (touch_id,))
    logged_ts, notes = row.fetchone()
    assert logged_ts and notes == "asked about Q3"
    assert book.set_touch_notes(touch_id, "asked about Q3\nand Q4")
    assert [r.notes for r in book.write_back_touches("salesforce")] == ["asked about Q3\nand Q4"]
    assert (
        book.mark_exported("salesforce", [(touch_id, "Callback"), (999_999, "")]) == 1
    )  # 999999: no such touch
    assert list(book.write_back_touches("salesforce", new_only=True)) == []
    assert len(list(book.write_back_touches("hubspot", new_only=True))) == 1
