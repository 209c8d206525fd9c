"""Plain helpers shared by the tests (no fixtures: those live in the conftest files).

Import them by name: ``from tests.helpers import make_book``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from coach.book import Book
from coach.importers import import_calls, import_contacts
from coach.main import main

# ----------------------------------------------------------------------------- data
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


# ------------------------------------------------------------------ running `coach`
#: The installed `coach` console script beside the Python running the tests: a real
#: process of its own (with PYTHONPATH it runs this checkout's code).
COACH_SCRIPT = Path(sys.executable).with_name("coach")
COACH = [str(COACH_SCRIPT)]


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`coach ARGS…` in this process, through the real entry point (``coach.main.main``,
    which routes `lookup` to its lean path and turns user mistakes into one line):
    (exit status, stdout, stderr)."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def coach(
    *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`coach ARGS…` as a real process, output captured as text. The time-out turns a hang
    (a named pipe opened, a lock never let go) into a failure instead of a stuck suite."""
    if not COACH_SCRIPT.exists():
        pytest.fail(f"no `coach` console script at {COACH_SCRIPT}: install the project")
    return subprocess.run(
        [*COACH, *args], capture_output=True, text=True, timeout=timeout, check=False, env=env
    )


# ----------------------------------------------------------------------- the app


def make_book(db: Path, folder: Path) -> None:
    """The fixture book at ``db`` (its CSV files written into ``folder``)."""
    with Book.open(db) as store:
        import_contacts(store, write(folder / "contacts.csv", CONTACTS))
        import_calls(store, write(folder / "calls.csv", calls_csv()))


def spawn_app(db: Path, runtime: Path) -> tuple[int, int]:
    """`coach --db DB` in a pseudo-terminal of its own: (pid, master fd)."""
    import pty

    env = dict(os.environ, COACH_RUNTIME_DIR=str(runtime), COACH_VOICE="off", TERM="xterm")
    env.pop("TEXTUAL", None)
    import fcntl
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: an 80x24 terminal, then become the app
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(COACH[0], [*COACH, "--db", str(db)], env)
    return pid, fd


def drain(fd: int, stop: list[bool], seen: bytearray) -> None:
    """Read what the app paints (a pty must be read or the app blocks), keeping it."""
    while not stop[0]:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        seen.extend(data)


def wait_for(check: Callable[..., object], timeout: float = 30.0) -> bool:
    """Poll ``check`` until it is true (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


#: A meeting ending that recaps, checks, asks and books (Priya agrees to Thursday at 2).
ENDING = """\
Dana: So your invoice approvals get lost in email, and the close takes nine days.
Dana: Did I get that right?
Priya: Yes, that's it.
Dana: Would you be open to a second session with your controller?
Priya: Sure. Thursday at 2 works.
"""
