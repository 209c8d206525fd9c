"""Plain helpers shared by the tests (no fixtures: those live in the conftest files).

Import them by name: ``from tests.helpers import make_book``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from coach.book import Book
from coach.importers import import_calls, import_contacts
from tests.conftest import CONTACTS, calls_csv, write

#: `coach` as a process of its own, run from the Python that runs the tests.
COACH_MODULE = [sys.executable, "-m", "coach"]


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
        os.execvpe(sys.executable, [*COACH_MODULE, "--db", str(db)], env)
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
