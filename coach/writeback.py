"""Write-back to the CRM: the touches logged in Coach as a file the CRM's own importer takes.

Only touches logged here (in the app or with ``coach log``) go out, never those an import
brought in: sending a CRM its own calls back would double them. Two formats:

``salesforce``
    The Task object, as Salesforce's Data Import Wizard and Data Loader take it (field API
    names as the headers). ``WhoId`` is the contact's Salesforce id when the contact came
    from a Salesforce export (an id that begins ``003``, a contact, or ``00Q``, a lead: 15
    or 18 letters and digits); otherwise it is empty and ``Email`` lets the import match the
    contact. ``TaskSubtype`` is ``Call`` for calls, voicemails and callbacks, ``Email`` for
    e-mails and ``Task`` for meetings (Salesforce keeps meetings as Events; a Task keeps the
    record). ``CallType`` is ``Inbound`` for a callback and ``Outbound`` for a call or a
    voicemail, and empty on an e-mail or a meeting, which are not calls.

``hubspot``
    A calls import, headed with the call properties' labels that HubSpot's import tool
    maps by itself: ``Activity date`` (local time, ``YYYY-MM-DD HH:MM``), ``Call title``,
    ``Call notes``, ``Call direction``, ``Call outcome``, ``Call status``, and the contact's
    ``Email``, ``First name`` and ``Last name`` to associate each call with its contact.
    ``Call outcome`` takes one of HubSpot's default outcomes (Busy, Connected, Left live
    message, Left voicemail, No answer, Wrong number) when what was logged says one;
    otherwise it is empty (an unknown label fails the row) and the outcome is in the notes.
    E-mails and meetings are not calls and are left out (and not marked as exported).

Cells are written exactly as stored, with no spreadsheet guard: a leading ``'`` would land
in the CRM's records. These files are for the CRM's importer, not for a spreadsheet.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from coach.models import WriteBackRow

if TYPE_CHECKING:
    from coach.book import Book
    from coach.export import Sink

FORMATS = ("salesforce", "hubspot")

SALESFORCE_COLUMNS = (
    "WhoId",
    "Email",
    "Subject",
    "ActivityDate",
    "Status",
    "TaskSubtype",
    "CallType",
    "CallDisposition",
    "Description",
)
HUBSPOT_COLUMNS = (
    "Activity date",
    "Call title",
    "Call notes",
    "Call direction",
    "Call outcome",
    "Call status",
    "Email",
    "First name",
    "Last name",
)

#: A Salesforce Contact (003) or Lead (00Q) id, case-sensitive 15 or case-safe 18 form.
SALESFORCE_WHO = re.compile(r"(?:003|00Q)[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?")

CALLS = frozenset({"call", "voicemail", "callback"})
_TITLE = {
    "call": "Call",
    "voicemail": "Voicemail left",
    "callback": "Callback",
    "email": "Email",
    "meeting": "Meeting",
}
#: Salesforce's Subject holds 255 characters, CallDisposition 255, Description 32,000.
_SUBJECT_MAX, _DISPOSITION_MAX, _DESCRIPTION_MAX = 255, 255, 32000

#: HubSpot's default call outcomes, and words in a logged outcome that say each one
#: (the first that matches wins: "no answer, left voicemail" left a voicemail).
HUBSPOT_OUTCOMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Wrong number", ("wrong number", "not their number", "number not in service")),
    ("Left voicemail", ("voicemail", "voice mail", "left a message on")),
    ("Left live message", ("left message with", "left a message with", "live message")),
    ("Busy", ("busy", "engaged")),
    ("No answer", ("no answer", "no reply", "didn't answer", "did not answer", "unanswered")),
    (
        "Connected",
        ("connected", "spoke", "talked", "reached", "answered", "booked", "interested"),
    ),
)


def _name(row: WriteBackRow) -> str:
    return " ".join(p for p in (row.first_name, row.last_name) if p)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def title(row: WriteBackRow) -> str:
    """``Callback: the assay backlog``: the kind, and why, when there was a reason."""
    head = _TITLE.get(row.kind, row.kind.capitalize())
    return f"{head}: {row.reason}" if row.reason else head


def outcome_of(row: WriteBackRow) -> str:
    """What the touch came to, as logged; a voicemail logged without one left a voicemail."""
    if row.outcome:
        return row.outcome
    return "left voicemail" if row.kind == "voicemail" else ""


def description(row: WriteBackRow, with_outcome: bool = False) -> str:
    """The reason, the message left and the notes typed during the call, a line each."""
    lines = []
    if with_outcome and outcome_of(row):
        lines.append(f"Outcome: {outcome_of(row)}")
    if row.reason:
        lines.append(f"Reason: {row.reason}")
    if row.message:
        lines.append(f"{'Message' if row.kind == 'email' else 'Message left'}: {row.message}")
    if row.notes.strip():
        lines.append(f"Notes: {row.notes.strip()}")
    return "\n".join(lines)


def salesforce_row(row: WriteBackRow) -> list[str]:
    """One Task, in :data:`SALESFORCE_COLUMNS` order."""
    who = row.source_id if SALESFORCE_WHO.fullmatch(row.source_id) else ""
    call = row.kind in CALLS
    return [
        who,
        row.email,
        _clip(title(row), _SUBJECT_MAX),
        datetime.fromtimestamp(row.ts).strftime("%Y-%m-%d"),
        "Completed",
        "Call" if call else "Email" if row.kind == "email" else "Task",
        ("Inbound" if row.kind == "callback" else "Outbound") if call else "",
        _clip(outcome_of(row), _DISPOSITION_MAX),
        _clip(description(row), _DESCRIPTION_MAX),
    ]


def hubspot_outcome(row: WriteBackRow) -> str:
    """One of HubSpot's default call outcomes, or "" when what was logged says none."""
    said = outcome_of(row).lower()
    for label, words in HUBSPOT_OUTCOMES:
        if any(w in said for w in words):
            return label
    return "Connected" if row.kind == "callback" and not said else ""


def hubspot_row(row: WriteBackRow) -> list[str]:
    """One call, in :data:`HUBSPOT_COLUMNS` order."""
    known = hubspot_outcome(row)
    return [
        datetime.fromtimestamp(row.ts).strftime("%Y-%m-%d %H:%M"),
        title(row),
        description(row, with_outcome=not known),
        "Inbound" if row.kind == "callback" else "Outbound",
        known,
        "Completed",
        row.email,
        row.first_name,
        row.last_name,
    ]


class Written:
    """What an export wrote: each touch that went out with the title it was sent under
    (its Subject, its Call title), and how many were left out."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.left_out = 0

    @property
    def count(self) -> int:
        return len(self.sent)


def _rows(fmt: str, rows: Iterable[WriteBackRow], written: Written) -> Iterator[list[str]]:
    for row in rows:
        if fmt == "hubspot":
            if row.kind not in CALLS:
                written.left_out += 1
                continue
            cells = hubspot_row(row)
            written.sent.append((row.touch_id, cells[1]))
        else:
            cells = salesforce_row(row)
            written.sent.append((row.touch_id, cells[2]))
        yield cells


def write_back(book: Book, fmt: str, out: Sink, new_only: bool = False) -> Written:
    """Write the touches logged in Coach to ``out`` as ``fmt`` ("salesforce" or "hubspot"),
    every one or (``new_only``) those not exported in that format before. The caller marks
    them exported (:meth:`Book.mark_exported <coach.book.Book.mark_exported>`) once the file
    is whole. With nothing to write, the file is the header alone."""
    if fmt not in FORMATS:
        raise ValueError(f"cannot write back as {fmt!r}")
    columns = SALESFORCE_COLUMNS if fmt == "salesforce" else HUBSPOT_COLUMNS
    written = Written()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(_rows(fmt, book.write_back_touches(fmt, new_only), written))
    return written
