"""`coach export touches --format salesforce|hubspot [--new]`: the touches logged in Coach,
as the CRM's importer takes them, parsed back and checked column by column."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest

from coach import writeback
from coach.book import Book
from coach.importers import import_contacts
from coach.lookup.engine import Lookup
from coach.models import WriteBackRow
from tests.helpers import run_main, write

AT = "2026-11-30T14:30"  # a Monday, in the past whenever these run
DAY = "2026-11-30"


def _log(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> None:
    status, _out, err = run_main(capsys, "log", *args, "--db", str(db))
    assert status == 0, err


def _export(
    capsys: pytest.CaptureFixture[str], db: Path, fmt: str, target: Path, *more: str
) -> tuple[list[str], list[dict[str, str]], str]:
    status, _out, err = run_main(
        capsys, "export", "touches", "--format", fmt, "--db", str(db), "-o", str(target), *more
    )
    assert status == 0, err
    with target.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows, err


def _day_of(at: str) -> str:
    return datetime.fromisoformat(at).strftime("%Y-%m-%d")


@pytest.fixture
def logged(book: Book, db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The fixture book (its touches imported) and four touches logged with `coach log`."""
    _log(capsys, db_path, "voicemail", "(612) 555-0142", "--reason", "the dispatch delays",
         "--message", "Hi Michael, Sam here about Monday.", "--notes", "ask for Dana next",
         "--at", AT)  # fmt: skip
    _log(capsys, db_path, "callback", "+16125550142", "--outcome", "spoke, wants pricing",
         "--at", "2026-11-30T16:05")  # fmt: skip
    _log(capsys, db_path, "email", "jkonrath@meridian.example", "--reason", "ticket backlog",
         "--message", "The one-pager we discussed.", "--at", "2026-11-30T16:20")  # fmt: skip
    _log(capsys, db_path, "call", "jill konrath", "--outcome", "no answer",
         "--at", "2026-11-30T17:00")  # fmt: skip
    return db_path


def test_imported_touches_never_go_back_to_the_crm(
    book: Book, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert book.count_touches() == 10  # the fixture's, all from an import
    for fmt in writeback.FORMATS:
        columns, rows, err = _export(capsys, db_path, fmt, tmp_path / f"{fmt}.csv")
        assert rows == [] and columns
        assert "Wrote 0 touches" in err and "none logged yet" in err


def test_salesforce_tasks_have_the_task_fields_and_values(
    logged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    columns, rows, err = _export(capsys, logged, "salesforce", tmp_path / "tasks.csv")
    assert columns == list(writeback.SALESFORCE_COLUMNS)
    assert "Wrote 4 touches logged in Coach" in err
    voicemail, callback, email, call = rows
    assert voicemail == {
        "WhoId": "",  # not from Salesforce: the e-mail lets the import match him
        "Email": "m.okafor@globex.example",
        "Subject": "Voicemail left: the dispatch delays",
        "ActivityDate": _day_of(AT),
        "Status": "Completed",
        "TaskSubtype": "Call",
        "CallType": "Outbound",
        "CallDisposition": "left voicemail",
        "Description": "Reason: the dispatch delays\n"
        "Message left: Hi Michael, Sam here about Monday.\nNotes: ask for Dana next",
    }
    assert (callback["TaskSubtype"], callback["CallType"]) == ("Call", "Inbound")
    assert callback["CallDisposition"] == "spoke, wants pricing"
    # With no --reason, a callback is about what we last reached him about.
    assert callback["Subject"] == "Callback: the dispatch delays"
    assert (email["TaskSubtype"], email["CallType"], email["Email"]) == (
        "Email", "", "jkonrath@meridian.example",
    )  # fmt: skip
    assert email["Description"] == "Reason: ticket backlog\nMessage: The one-pager we discussed."
    assert (call["CallType"], call["CallDisposition"]) == ("Outbound", "no answer")
    assert all(r["ActivityDate"] == DAY for r in rows)


def test_a_contact_from_salesforce_is_named_by_its_salesforce_id(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = "Id,FirstName,LastName,Account Name,Phone,Email\n"
    export += "0035g00000AbCdEAAZ,Mirela,Okonkwo,Fernbrook Labs,+1 612 555 0199,mo@fern.example\n"
    export += "00Q5g00000XyZ12,Tomas,Reyes,Brightline,+1 612 555 0111,tr@bright.example\n"
    export += "12345,Ana,Lima,Porto Co,+1 612 555 0122,al@porto.example\n"  # a HubSpot id
    with Book.open(db_path) as store:
        import_contacts(store, write(tmp_path / "sf.csv", export))
    for who in ("+1 612 555 0199", "+1 612 555 0111", "+1 612 555 0122"):
        _log(capsys, db_path, "call", who, "--at", AT)
    _cols, rows, _err = _export(capsys, db_path, "salesforce", tmp_path / "tasks.csv")
    assert [r["WhoId"] for r in rows] == ["0035g00000AbCdEAAZ", "00Q5g00000XyZ12", ""]
    assert rows[2]["Email"] == "al@porto.example"


def test_hubspot_calls_have_its_call_properties_and_leave_emails_out(
    logged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    columns, rows, err = _export(capsys, logged, "hubspot", tmp_path / "hs-calls.csv")
    assert columns == list(writeback.HUBSPOT_COLUMNS)
    assert "Wrote 3 touches" in err and "left out 1 e-mails and meetings" in err
    voicemail, callback, call = rows
    assert voicemail == {
        "Activity date": "2026-11-30 14:30",
        "Call title": "Voicemail left: the dispatch delays",
        "Call notes": "Reason: the dispatch delays\n"
        "Message left: Hi Michael, Sam here about Monday.\nNotes: ask for Dana next",
        "Call direction": "Outbound",
        "Call outcome": "Left voicemail",
        "Call status": "Completed",
        "Email": "m.okafor@globex.example",
        "First name": "Michael",
        "Last name": "Okafor",
    }
    assert (callback["Call direction"], callback["Call outcome"]) == ("Inbound", "Connected")
    assert (call["Call outcome"], call["First name"]) == ("No answer", "Jill")


def test_an_outcome_hubspot_does_not_know_goes_in_the_notes(
    book: Book, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _log(capsys, db_path, "call", "+16125550142", "--outcome", "gatekeeper said Friday",
         "--at", AT)  # fmt: skip
    _cols, rows, _err = _export(capsys, db_path, "hubspot", tmp_path / "hs-calls.csv")
    assert rows[0]["Call outcome"] == ""  # an unknown label would fail the row
    assert rows[0]["Call notes"].startswith("Outcome: gatekeeper said Friday\n")


def test_new_exports_only_what_that_format_has_not_written(
    logged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cols, first, _err = _export(capsys, logged, "salesforce", tmp_path / "1.csv", "--new")
    assert len(first) == 4
    columns, again, err = _export(capsys, logged, "salesforce", tmp_path / "2.csv", "--new")
    assert again == [] and columns == list(writeback.SALESFORCE_COLUMNS)
    assert (tmp_path / "2.csv").read_text().count("\n") == 1  # the header alone
    assert "nothing new since the last export" in err
    # The evening after: only the new touch. HubSpot keeps its own watermark.
    _log(capsys, logged, "call", "+16125550142", "--outcome", "booked Thursday 2pm")
    _cols, third, _err = _export(capsys, logged, "salesforce", tmp_path / "3.csv", "--new")
    assert [r["CallDisposition"] for r in third] == ["booked Thursday 2pm"]
    _cols, hub, _err = _export(capsys, logged, "hubspot", tmp_path / "4.csv", "--new")
    assert len(hub) == 4  # three calls before, and the new one
    # A touch logged with --at in the past, after an export, is still new.
    _log(capsys, logged, "call", "+16125550142", "--outcome", "no answer", "--at", "2026-11-01")
    _cols, late, _err = _export(capsys, logged, "salesforce", tmp_path / "5.csv", "--new")
    assert [r["ActivityDate"] for r in late] == ["2026-11-01"]
    # Without --new, everything logged here, exported before or not.
    _cols, whole, _err = _export(capsys, logged, "salesforce", tmp_path / "6.csv")
    assert len(whole) == 6


def test_a_touch_taken_back_after_export_leaves_no_trace(
    logged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _export(capsys, logged, "salesforce", tmp_path / "1.csv", "--new")
    with Book.open(logged) as store:
        cid = Lookup(store).search("okafor globex").hits[0].contact.id
        newest = store.conn.execute(
            "SELECT max(id) FROM touches WHERE contact_id = ?", (cid,)
        ).fetchone()[0]
        assert store.delete_touch(newest)
        left = store.conn.execute("SELECT count(*) FROM touch_exports").fetchone()[0]
    assert left == 3  # its mark went with it
    _cols, rows, _err = _export(capsys, logged, "salesforce", tmp_path / "2.csv", "--new")
    assert rows == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["sessions", "--format", "salesforce"], "writes touches back to the CRM"),
        (["touches", "--new"], "--new goes with --format salesforce or hubspot"),
        (["touches", "--format", "json", "--new"], "--new goes with"),
    ],
)
def test_write_back_mistakes_are_one_line(
    logged: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    status, out, err = run_main(capsys, "export", *args, "--db", str(logged))
    assert status == 2 and out == ""
    assert err.startswith("coach: error: ") and said in err and err.count("\n") == 1


def test_a_write_back_that_fails_marks_nothing(
    logged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no such folder" / "tasks.csv"
    status, _out, err = run_main(
        capsys, "export", "touches", "--format", "salesforce", "--new", "--db", str(logged),
        "-o", str(target),
    )  # fmt: skip
    assert status == 2 and "no such folder" in err
    _cols, rows, _err = _export(capsys, logged, "salesforce", tmp_path / "t.csv", "--new")
    assert len(rows) == 4


def test_the_rows_stream_through_the_writer() -> None:
    row = WriteBackRow(
        1, 1_764_000_000, "meeting", "next meeting booked", "audit; budget", "", "", "Ana",
        "Lima", "Porto", "a@p.example", "", "",
    )  # fmt: skip
    assert writeback.salesforce_row(row)[5:8] == ["Task", "", "next meeting booked"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(writeback.salesforce_row(row))
    assert "Meeting: audit; budget" in out.getvalue()


@pytest.mark.parametrize("fmt", writeback.FORMATS)
def test_the_crms_copy_of_what_we_wrote_back_is_not_imported_twice(
    logged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    target = tmp_path / f"sent-{fmt}.csv"
    _export(capsys, logged, fmt, target, "--new")
    with Book.open_readonly(logged) as store:
        before = store.count_touches()
    # The CRM's export the next morning holds what we sent it (here: the very file).
    status, _out, err = run_main(capsys, "import", "calls", str(target), "--db", str(logged))
    assert status == 0, err
    assert " 0 added" in err or " 0 added" in _out
    with Book.open_readonly(logged) as store:
        assert store.count_touches() == before
    # A touch of the same day under another title is a touch of its own.
    other = tmp_path / "crm-other.csv"
    write(other, "email,when,kind,reason\nm.okafor@globex.example,2026-11-30,call,A new topic\n")
    run_main(capsys, "import", "calls", str(other), "--db", str(logged))
    with Book.open_readonly(logged) as store:
        assert store.count_touches() == before + 1
