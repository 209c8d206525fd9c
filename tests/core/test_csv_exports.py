"""Real exports' layouts (Salesforce API names, HubSpot, Outlook, Thunderbird, Android call
logs, dialer logs) import whole, say what they leave out, and import again as no change.

The fixtures are invented people in each product's layout, one file per case.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from coach.book import Book
from coach.importers import import_calls, import_contacts
from coach.importers.calls import parse_when
from coach.importers.columns import map_columns
from coach.importers.contacts import contact_from_cells
from coach.importers.csvfile import read_table
from coach.importers.summary import ImportReport
from coach.models import ContactIn

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
CONTACT_FILES = (
    "salesforce_contacts.csv",
    "salesforce_leads.csv",
    "hubspot_contacts.csv",
    "outlook_phones.csv",
    "thunderbird.csv",
    "roundcube_emails.csv",
    "google_one_word_names.csv",
    "unnamed_lookalikes.csv",
)
CALL_FILES = (
    "salesforce_tasks.csv",
    "hubspot_activities.csv",
    "android_call_log.csv",
    "dialer_log.csv",
)


def read_contacts(name: str) -> list[ContactIn]:
    path = FIXTURES / name
    table = read_table(path)
    cmap = map_columns(table.headers, "contacts", {}, str(path))
    return [
        contact_from_cells(line, cells, cmap, "US", f"{path}:{line}")[0]
        for line, cells in table.rows()
    ]


def notes(report: ImportReport) -> list[str]:
    return [str(p).replace(str(FIXTURES) + "/", "") for p in report.problems]


def phones_of(store: Book, last_name: str) -> dict[str, str]:
    rows = store.conn.execute(
        "SELECT p.e164, p.label FROM phones p JOIN contacts c ON c.id = p.contact_id"
        " WHERE c.last_name = ?",
        (last_name,),
    )
    return dict(rows.fetchall())


@pytest.fixture
def crm(db_path: Path) -> Book:
    """A book holding the Salesforce contacts and leads the activity files refer to."""
    store = Book.open(db_path)
    for name in ("salesforce_contacts.csv", "salesforce_leads.csv"):
        import_contacts(store, FIXTURES / name)
    return store


def touches(store: Book) -> list[tuple[str, str, str, str, str]]:
    rows = store.conn.execute(
        "SELECT c.last_name, t.kind, t.outcome, t.reason, t.message FROM touches t"
        " JOIN contacts c ON c.id = t.contact_id ORDER BY t.ts, t.id"
    )
    return list(rows)


def local(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


# 1. Salesforce by API field name


def test_salesforce_api_names_read_every_number_and_the_id(crm: Book) -> None:
    row = crm.conn.execute(
        "SELECT source_id, title, email FROM contacts WHERE last_name = 'Whitfield'"
    ).fetchone()
    assert row == ("003A1000001aBcDEF", "VP Sales", "dana.whitfield@northwind.example")
    assert phones_of(crm, "Whitfield") == {
        "+16125550101": "office",
        "+16125550102": "mobile",
        "+16125550103": "home",
        "+16125550104": "other",
        "+16125550105": "other",
    }
    lead = crm.conn.execute("SELECT company FROM contacts WHERE last_name = 'Park'").fetchone()
    assert lead == ("Bluefin Labs",)
    assert phones_of(crm, "Park") == {"+13035550121": "office", "+13035550122": "mobile"}


def test_salesforce_tasks_tie_through_whoid_and_a_to_do_is_not_a_touch(crm: Book) -> None:
    report = import_calls(crm, FIXTURES / "salesforce_tasks.csv")
    assert (report.added, report.skipped) == (5, 0)
    assert touches(crm) == [
        ("Whitfield", "call", "Connected", "Call", "Discussed the renewal"),
        ("Haddad", "callback", "Connected", "Returned call", "He called about pricing"),
        ("Whitfield", "email", "", "Email: Proposal", "Sent the proposal"),
        ("Whitfield", "voicemail", "Left Voicemail", "Call", "Quick check"),
        # TaskSubtype "Task", but CallType and CallDisposition say it was a call.
        ("Park", "call", "No Answer", "Intro", "First call with the lead"),
    ]
    # The moment it was logged (CreatedDate) where it is on the task's day; else the day.
    stamps = [ts for (ts,) in crm.conn.execute("SELECT ts FROM touches ORDER BY ts")]
    assert stamps[0] == int(datetime.fromisoformat("2025-03-04T15:02:11+00:00").timestamp())
    assert stamps[-1] == int(datetime.fromisoformat("2025-03-08T13:00:00+00:00").timestamp())
    assert stamps[2] == local("2025-03-06")  # logged the next day: the task's day it is
    assert notes(report) == [
        "salesforce_tasks.csv: note: 1 row not imported, not a call, voicemail, e-mail,"
        " meeting or callback (1 'Task': a task is a to-do until it has an outcome;"
        " a note is not a touch)"
    ]


# 2. HubSpot


def test_hubspot_activities_keep_tasks_and_notes_out_and_say_so_once(crm: Book) -> None:
    report = import_calls(crm, FIXTURES / "hubspot_activities.csv")
    assert report.added == 4
    assert touches(crm) == [
        ("Whitfield", "call", "Connected", "Renewal check-in", "Talked about timing"),
        ("Haddad", "email", "", "Pricing sheet", "Sent the pricing sheet"),
        ("Whitfield", "meeting", "", "QBR", "Quarterly review"),
        ("Haddad", "voicemail", "Left voicemail", "Pricing call", "No answer"),
    ]
    assert len(report.problems) == 1
    assert "3 rows not imported" in notes(report)[0]
    assert "1 'Note', 2 'Task'" in notes(report)[0]


def test_hubspot_duplicate_company_column_uses_the_one_with_a_value(db_path: Path) -> None:
    with Book.open(db_path) as store:
        import_contacts(store, FIXTURES / "hubspot_contacts.csv")
        rows = store.conn.execute("SELECT source_id, company FROM contacts ORDER BY source_id")
        assert rows.fetchall() == [("501", "Zephyr Analytics"), ("502", "Acme Tools")]


# 3. Outlook, Thunderbird, Roundcube; Android and dialer call logs


def test_outlook_reads_every_phone_and_email_column() -> None:
    grace, henrik = read_contacts("outlook_phones.csv")
    assert grace.email == "grace@ironwood.example"
    assert grace.emails == ["g.okoye@home.example", "grace.okoye@club.example"]
    assert sorted(p.e164 for p in grace.phones) == [f"+1612555{n:04}" for n in range(141, 153)]
    labels = {p.e164[-2:]: p.label for p in grace.phones}
    assert labels["43"] == "main"  # Primary Phone
    assert labels["46"] == labels["47"] == labels["48"] == "mobile"  # Mobile, Home Mobile, Car
    assert labels["49"] == labels["51"] == labels["52"] == "other"  # Assistant, Radio, Callback
    assert henrik.emails == []


def test_outlook_unread_phone_columns_are_said_once_per_file(db_path: Path) -> None:
    with Book.open(db_path) as store:
        report = import_contacts(store, FIXTURES / "outlook_phones.csv")
    assert report.added == 2
    assert notes(report) == [
        "outlook_phones.csv:1:19: note: column 'Pager' not imported:"
        ' map it with --map "Pager=phone" (or "Pager=ignore")',
        "outlook_phones.csv:1:20: note: column 'Business Fax' not imported:"
        ' map it with --map "Business Fax=phone" (or "Business Fax=ignore")',
    ]


def test_thunderbird_reads_both_emails_and_the_nickname() -> None:
    (peggy,) = read_contacts("thunderbird.csv")
    assert (peggy.first_name, peggy.nickname, peggy.company) == (
        "Margaret",
        "Peggy",
        "Ellison Foods",
    )
    assert (peggy.email, peggy.emails) == (
        "peggy@ellison.example",
        ["margaret.ellison@work.example"],
    )
    assert {p.label for p in peggy.phones} == {"office", "mobile"}


def test_roundcube_email_home_work_other_puts_work_first() -> None:
    (ivo,) = read_contacts("roundcube_emails.csv")
    assert ivo.email == "ivo@marsh.example"
    assert ivo.emails == ["ivo@home.example", "ivo.marsh@other.example"]
    assert ivo.nickname == "Ivy"
    assert len(ivo.phones) == 4


def test_android_call_log_joins_date_and_time_and_reads_the_call_type(crm: Book) -> None:
    report = import_calls(crm, FIXTURES / "android_call_log.csv")
    assert (report.added, list(report.problems)) == (3, [])
    assert touches(crm) == [
        ("Whitfield", "call", "", "", ""),  # outgoing
        ("Haddad", "callback", "", "", ""),  # incoming, tied by the number alone
        ("Haddad", "callback", "missed", "", ""),
    ]
    first = crm.conn.execute("SELECT min(ts) FROM touches").fetchone()[0]
    assert first == local("2025-05-01T09:15:00")


def test_a_dialer_log_reads_call_at_disposition_and_business(crm: Book) -> None:
    report = import_calls(crm, FIXTURES / "dialer_log.csv")
    assert (report.added, list(report.problems)) == (2, [])
    assert touches(crm) == [
        ("Whitfield", "call", "Connected", "", "Booked a demo"),
        ("Park", "voicemail", "Left Voicemail", "", ""),
    ]


# 4. Columns that look like numbers or addresses but are not read


def test_a_column_of_numbers_or_addresses_is_named_by_its_values(db_path: Path) -> None:
    with Book.open(db_path) as store:
        report = import_contacts(store, FIXTURES / "unnamed_lookalikes.csv")
    assert report.added == 2
    assert notes(report) == [
        "unnamed_lookalikes.csv:1:4: note: column 'Direct' not imported:"
        ' map it with --map "Direct=phone" (or "Direct=ignore")',
        "unnamed_lookalikes.csv:1:5: note: column 'Backup' not imported:"
        ' map it with --map "Backup=email" (or "Backup=ignore")',
    ]


def test_map_ignore_silences_the_note(db_path: Path) -> None:
    with Book.open(db_path) as store:
        report = import_contacts(
            store,
            FIXTURES / "unnamed_lookalikes.csv",
            overrides=["Direct=phone", "Backup=ignore"],
        )
        assert report.problems == []
        assert phones_of(store, "Silva") == {"+16125550171": "office"}


# 5. Importing again changes nothing


def test_a_one_word_name_in_either_slot_is_one_contact_named_once(db_path: Path) -> None:
    with Book.open(db_path) as store:
        report = import_contacts(store, FIXTURES / "google_one_word_names.csv")
        assert (report.added, report.updated) == (2, 0)
        rows = store.conn.execute("SELECT first_name, last_name FROM contacts ORDER BY id")
        assert rows.fetchall() == [("Ravi", ""), ("Cher", "")]


@pytest.mark.parametrize("name", CONTACT_FILES)
def test_importing_a_contacts_export_again_changes_nothing(db_path: Path, name: str) -> None:
    with Book.open(db_path) as store:
        first = import_contacts(store, FIXTURES / name)
        assert first.added > 0
        before = store.conn.execute("SELECT * FROM contacts ORDER BY id").fetchall()
        again = import_contacts(store, FIXTURES / name)
        assert (again.added, again.updated) == (0, 0)
        assert store.conn.execute("SELECT * FROM contacts ORDER BY id").fetchall() == before


@pytest.mark.parametrize("name", CALL_FILES)
def test_importing_a_calls_export_again_changes_nothing(crm: Book, name: str) -> None:
    first = import_calls(crm, FIXTURES / name)
    assert first.added > 0
    again = import_calls(crm, FIXTURES / name)
    assert (again.added, again.updated) == (0, 0)
    assert again.unchanged == first.added


def test_unix_time_in_seconds_or_milliseconds_is_a_date() -> None:
    assert parse_when("1746090900") == parse_when("1746090900000") == 1746090900


def test_a_numbered_column_that_is_no_phone_is_not_noted(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("first_name,email,Account Number,Created Date\nAna,a@b.example,12,2025-01-02\n")
    with Book.open(db_path) as store:
        assert import_contacts(store, path).problems == []
