"""Logged touches are tied to the right contact and make tomorrow's callback findable."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from coach.book import Book
from coach.errors import UserError
from coach.importers import import_calls
from coach.importers.calls import parse_kind, parse_when
from coach.lookup.engine import Lookup
from tests.helpers import NOW, calls_csv, iso_days_ago, write


def touches(store: Book) -> list[tuple[str, str, str]]:
    rows = store.conn.execute(
        "SELECT c.last_name, t.kind, t.reason FROM touches t"
        " JOIN contacts c ON c.id = t.contact_id ORDER BY t.ts"
    )
    return list(rows)


def test_touches_are_tied_by_id_email_phone_or_name(tmp_path: Path, book: Book) -> None:
    when = iso_days_ago(0.5)
    text = (
        "contact_id,email,phone,name,company,when,kind,reason\n"
        f"C8,,,,,{when},call,by id\n"
        f",ekowalski@pinewood.example,,,,{when},email,by email\n"
        f",,(303) 555-0165,,,{when},call,by phone\n"
        f",,,Mikhail Petrov,,{when},meeting,by name\n"
        f",,,Robert Haddad,Summit Labs,{when},callback,by name and company\n"
    )
    report = import_calls(book, write(tmp_path / "t.csv", text))
    assert (report.added, report.skipped) == (5, 0)
    latest = {name: (kind, reason) for name, kind, reason in touches(book)}
    assert latest["Konrath"] == ("call", "by id")
    assert latest["Kowalski"] == ("email", "by email")
    assert latest["Chen"] == ("call", "by phone")
    assert latest["Petrov"] == ("meeting", "by name")
    assert latest["Haddad"] == ("callback", "by name and company")


def test_a_new_touch_moves_its_contact_up_the_ranking(tmp_path: Path, book: Book) -> None:
    assert Lookup(book).search("michael", now=NOW).hits[0].contact.last_name == "Okafor"
    text = f"contact_id,when,kind,reason\nC3,{iso_days_ago(0.01)},voicemail,new pricing\n"
    import_calls(book, write(tmp_path / "t.csv", text))
    hit = Lookup(book).search("michael", now=NOW).hits[0]
    assert hit.contact.last_name == "Brandt"
    assert hit.last_touch is not None and hit.last_touch.reason == "new pricing"
    assert hit.contact.touch_count == 2


def test_reimporting_the_same_touches_changes_nothing(tmp_path: Path, book: Book) -> None:
    before = book.conn.execute("SELECT * FROM touches ORDER BY id").fetchall()
    report = import_calls(book, write(tmp_path / "again.csv", calls_csv()))
    assert (report.added, report.updated, report.unchanged) == (0, 0, 10)
    assert book.conn.execute("SELECT * FROM touches ORDER BY id").fetchall() == before


def test_two_calls_on_the_same_day_with_different_notes_are_both_kept(
    tmp_path: Path, book: Book
) -> None:
    text = (
        "contact_id,when,kind,outcome,message\n"
        "C1,2026-05-01,call,no answer,\n"
        "C1,2026-05-01,call,connected,asked for pricing\n"
        "C1,2026-05-01,call,connected,asked for pricing\n"
    )
    report = import_calls(book, write(tmp_path / "t.csv", text))
    assert (report.added, report.unchanged) == (2, 1)
    assert book.count_touches() == 12


def test_rows_that_cannot_be_used_are_named_with_line_and_column(
    tmp_path: Path, book: Book
) -> None:
    text = (
        "contact_id,when,kind,reason\n"
        f"C1,{iso_days_ago(1)},call,fine\n"
        "C1,next tuesday,call,bad date\n"
        f"C1,{iso_days_ago(1)},fax,bad kind\n"
        f"C999,{iso_days_ago(1)},call,nobody\n"
        "C1,,call,no date\n"
    )
    path = write(tmp_path / "t.csv", text)
    report = import_calls(book, path)
    assert report.added == 1
    assert [str(p) for p in report.problems] == [
        f"{path}:3:2: skipped: not a date/time: 'next tuesday' (expected ISO 8601 like "
        "2026-11-20T14:30) in column 'when'",
        f"{path}:4:3: skipped: unknown kind 'fax' (one of: call, voicemail, email, meeting, "
        "callback) in column 'kind'",
        f"{path}:5: skipped: no contact 'C999' in the book",
        f"{path}:6:2: skipped: no date/time in column 'when'",
    ]


def test_crm_activity_exports_are_read_without_flags(tmp_path: Path, book: Book) -> None:
    hubspot = (
        "Activity date,Call title,Call notes,Call outcome,Call direction,Associated Contact IDs\n"
        "2026-11-20 14:30,Pricing follow-up,Left a message about pricing,Left voicemail,"
        "Outbound,C1\n"
        "2026-11-21 09:05,Returned call,She called back,Connected,Inbound,C8\n"
    )
    salesforce = (
        '"Subject","Date","Comments","Call Result","Contact ID","Task Subtype"\n'
        '"Intro call","11/19/2026 2:30 PM","Asked about audit","Connected","C9","Call"\n'
    )
    import_calls(book, write(tmp_path / "h.csv", hubspot))
    import_calls(book, write(tmp_path / "s.csv", salesforce))
    rows = book.conn.execute(
        "SELECT c.last_name, t.kind, t.reason, t.message FROM touches t"
        " JOIN contacts c ON c.id = t.contact_id WHERE t.reason IN"
        " ('Pricing follow-up', 'Returned call', 'Intro call') ORDER BY c.last_name"
    ).fetchall()
    assert rows == [
        ("Konrath", "callback", "Returned call", "She called back"),
        ("Müller", "call", "Intro call", "Asked about audit"),
        ("Okafor", "voicemail", "Pricing follow-up", "Left a message about pricing"),
    ]


def test_a_calls_file_without_a_date_column_writes_nothing(tmp_path: Path, book: Book) -> None:
    with pytest.raises(UserError, match="no date/time column"):
        import_calls(book, write(tmp_path / "t.csv", "contact_id,kind\nC1,call\n"))
    assert book.count_touches() == 10


def test_a_calls_file_without_a_way_to_name_the_contact_writes_nothing(
    tmp_path: Path, book: Book
) -> None:
    with pytest.raises(UserError, match="tie a touch to a contact"):
        import_calls(book, write(tmp_path / "t.csv", "when,kind\n2026-11-20,call\n"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T14:30:00+00:00", datetime.fromisoformat("2026-11-20T14:30:00+00:00")),
        ("2026-11-20T14:30:00Z", datetime.fromisoformat("2026-11-20T14:30:00+00:00")),
        ("2026-11-20 14:30", datetime(2026, 11, 20, 14, 30).astimezone()),
        ("11/20/2026 2:30 pm", datetime(2026, 11, 20, 14, 30).astimezone()),
        ("11/20/2026", datetime(2026, 11, 20).astimezone()),
        ("2026/11/20 14:30", datetime(2026, 11, 20, 14, 30).astimezone()),
    ],
)
def test_dates_as_exports_write_them(text: str, expected: datetime) -> None:
    assert parse_when(text) == int(expected.timestamp())


def test_day_first_dates_outside_north_america() -> None:
    assert parse_when("20/11/2026 14:30", "GB") == int(
        datetime(2026, 11, 20, 14, 30).astimezone().timestamp()
    )


@pytest.mark.parametrize(
    ("kind", "direction", "outcome", "expected"),
    [
        ("Call", "", "", "call"),
        ("call", "Inbound", "", "callback"),
        ("Call", "", "Left voicemail", "voicemail"),
        ("VM", "", "", "voicemail"),
        ("E-mail", "", "", "email"),
        ("Event", "", "", "meeting"),
        ("", "", "", "call"),
    ],
)
def test_activity_types_map_onto_five_kinds(
    kind: str, direction: str, outcome: str, expected: str
) -> None:
    assert parse_kind(kind, direction, outcome, "") == expected


def test_a_generic_task_is_read_from_its_subject() -> None:
    assert parse_kind("Task", "", "", "Email: pricing sheet") == "email"
    assert parse_kind("Task", "", "", "Call back re pricing") == "call"
