"""Shared fixtures: a small hand-made book where we know who should be found."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from coach.book import Book
from coach.importers import import_calls, import_contacts

NOW = time.time()

CONTACTS = """\
id,first_name,last_name,company,title,phone,mobile,email,notes
C1,Michael,Okafor,Globex Logistics,Head of Operations,(612) 555-0142,,m.okafor@globex.example,
C2,Mike,Castellanos,Redline Freight,COO,651.555.0117,+1 952 555 0188,mike@redline.example,
C3,Michael,Brandt,Northwind Dental,Owner,(312) 555-0199,,mbrandt@northwind.example,
C4,Mikhail,Petrov,Stonegate Dental,Owner,,763-555-0163,mpetrov@stonegate.example,
C5,Robert,Haddad,Summit Labs,CFO,(415) 555-0123 x204,,rhaddad@summit.example,
C6,Elizabeth,Kowalski,Pinewood Foods,Controller,(206) 555-0177,,ekowalski@pinewood.example,
C7,William,Chen,Cobalt Software,IT Director,(303) 555-0165,,wchen@cobalt.example,
C8,Jill,Konrath,Meridian Health,VP Sales,(512) 555-0150,,jkonrath@meridian.example,
C9,Jürgen,Müller,Copperfield Mfg,Plant Manager,+49 89 1234 5678,,j.mueller@copperfield.example,
C10,Siobhán,O'Brien,Tidewater Health,IT Director,(617) 555-0131,,siobhan.obrien@tidewater.example,
"""

#: (contact id, days ago, kind, reason, message)
TOUCHES = [
    ("C1", 1, "voicemail", "the dispatch delays", "Hi Michael, about the Monday dispatch delays."),
    ("C2", 9, "call", "renewal of the support contract", ""),
    ("C3", 40, "voicemail", "front-desk no-shows", "Michael, about no-shows."),
    ("C4", 3, "voicemail", "front-desk no-shows", ""),
    ("C5", 60, "email", "invoice approvals", ""),
    ("C6", 20, "call", "inventory spreadsheets", ""),
    ("C7", 15, "call", "the pilot at their second site", ""),
    ("C8", 5, "voicemail", "support tickets piling up", "Jill, two minutes on tickets?"),
    ("C9", 2, "voicemail", "the spring audit", ""),
    ("C10", 30, "email", "moving off spreadsheets", ""),
]


def iso_days_ago(days: float) -> str:
    return datetime.fromtimestamp(NOW - days * 86400).isoformat(timespec="seconds")


def calls_csv() -> str:
    lines = ["contact_id,when,kind,outcome,reason,message"]
    for cid, days, kind, reason, message in TOUCHES:
        lines.append(f'{cid},{iso_days_ago(days)},{kind},,"{reason}","{message}"')
    return "\n".join(lines) + "\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "book.db"


@pytest.fixture
def book(tmp_path: Path, db_path: Path) -> Iterator[Book]:
    """The fixture book, imported through the real importers."""
    store = Book.open(db_path)
    import_contacts(store, write(tmp_path / "contacts.csv", CONTACTS))
    import_calls(store, write(tmp_path / "calls.csv", calls_csv()))
    yield store
    store.close()


@pytest.fixture(autouse=True)
def private_runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test's app listens for screen pops on its own socket (short path: Unix
    sockets allow ~100 characters)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cc"))
    monkeypatch.setenv("COACH_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def quiet_practice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Drills in UI tests: no speech, a private config dir, and a frozen drill clock."""
    from coach.tui.screens import practice as practice_screen

    monkeypatch.setenv("COACH_VOICE", "off")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(practice_screen, "monotonic", lambda: 1000.0)
