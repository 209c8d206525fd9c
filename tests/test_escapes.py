"""Text from the book, files and caller ID is data: escape sequences never reach the
terminal, in the app or the CLI; they are shown in a visible form."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from textual.widgets import Input, TextArea

from coach.app import CoachApp
from coach.db import Store
from coach.models import ContactIn, TouchIn
from coach.text import printable, printable_lines

OSC52 = "\x1b]52;c;aGk=\x07"  # sets the terminal's clipboard
CLEAR = "\x1b[2J"
C1 = "\x9b31m"
BIDI = "\u202e"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def hostile_book(db: Path) -> None:
    with Store.open(db) as store:
        cid = store.add_contact(
            ContactIn(
                line=0,
                first_name=f"Bob{OSC52}",
                last_name=f"Stone{BIDI}enots",
                company=f"Acme{CLEAR}",
                notes=f"first line\nsecond {OSC52} line",
            )
        )
        store.log_touch(
            cid,
            TouchIn(0, int(time.time()) - 3600, "voicemail", reason=f"pricing{C1}", message=OSC52),
        )


def test_printable_makes_every_control_visible() -> None:
    shown = printable(f"a{OSC52}b{CLEAR}c{C1}d{BIDI}e\tf\ng")
    assert not any(ch in shown for ch in RAW)
    assert "\\x1b]52;c;aGk=\\x07" in shown and "\\x9b31m" in shown and "\\u202e" in shown
    assert printable_lines("one\ntwo\x1b") == "one\ntwo\\x1b"


def test_the_cli_never_prints_raw_escapes(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    hostile_book(db)
    for args in (("lookup", "bob"), ("overview",), ("lookup", "--json", "bob")):
        done = subprocess.run(
            [sys.executable, "-m", "coach", *args[:1], "--db", str(db), *args[1:]],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        out = done.stdout + done.stderr
        assert not any(ch in out for ch in RAW), (args, out)
        if "--json" not in args:
            assert "\\x1b" in out


async def test_the_app_shows_escapes_visibly_everywhere(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    hostile_book(db)
    app = CoachApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        box = pilot.app.screen.query_one("#query", Input)
        box.value = "bob"
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.export_screenshot()
        assert not any(ch in screen for ch in RAW)
        assert "\\x1b" in screen and "\\u202e" in screen
        # F5 offers the last reason and message: visible, never raw, in its inputs.
        await pilot.press("f5")
        await pilot.pause()
        values = [i.value for i in pilot.app.screen.query(Input)]
        assert any("pricing\\x9b31m" in v for v in values)
        assert not any(ch in v for v in values for ch in RAW)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        notes = pilot.app.screen.query_one("#notes", TextArea).text
        assert notes == "first line\nsecond \\x1b]52;c;aGk=\\x07 line"
        assert not any(ch in app.export_screenshot() for ch in RAW)
        await pilot.press("escape")
        await pilot.pause()
        # A caller ID handed over by a phone hook is data too.
        pilot.app.screen.pop(f"+1 612{OSC52}")  # type: ignore[attr-defined]
        await pilot.pause()
        assert not any(ch in box.value for ch in RAW)
        assert not any(ch in app.export_screenshot() for ch in RAW)


async def test_every_notification_is_shown_literally(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    hostile_book(db)
    app = CoachApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify(f"Screen pop is off: /run/{OSC52}", title=f"t{BIDI}")
        await pilot.pause()
        last = list(app._notifications)[-1]
        assert last.message == "Screen pop is off: /run/\\x1b]52;c;aGk=\\x07"
        assert last.title == "t\\u202e"
        assert not any(ch in app.export_screenshot() for ch in RAW)
