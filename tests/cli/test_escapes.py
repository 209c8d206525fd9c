"""Text from the book, files and caller ID is data: escape sequences never reach the
terminal, in the app or the CLI; they are shown in a visible form."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from textual.widgets import Input, TextArea

from coach.book import Book
from coach.models import ContactIn, TouchIn
from coach.text import printable, printable_lines
from coach.tui.app import CoachApp
from tests.helpers import coach

OSC52 = "\x1b]52;c;aGk=\x07"  # sets the terminal's clipboard
CLEAR = "\x1b[2J"
C1 = "\x9b31m"
BIDI = "\u202e"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def run_on(db: Path, args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    """`coach COMMAND --db DB ARGS…` as its own process, output captured."""
    return coach(*args[:1], "--db", str(db), *args[1:])


def hostile_book(db: Path) -> None:
    with Book.open(db) as store:
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
        done = run_on(db, args)
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


MARKUP = "[bold]Bob[/]"
EVERY = f"{OSC52}|{CLEAR}|{C1}|{BIDI}|{MARKUP}"  # one of each in a single text


def every_field_book(db: Path) -> None:
    """A contact whose every text (and a follow-up's and a session's) holds each hostile
    piece: OSC 52, a screen clear, a C1 CSI, a bidi override and markup."""
    from coach.lookup.phones import parse_phone
    from coach.models import FollowUp, SessionRecord

    with Book.open(db) as store:
        cid = store.add_contact(
            ContactIn(
                line=0,
                first_name="Zed",
                last_name=f"Vex{EVERY}",
                company=f"Acme{EVERY}",
                title=f"Boss{EVERY}",
                email="zed@acme.example",
                notes=f"line one {EVERY}\nline two {EVERY}",
                phones=[parse_phone("(612) 555-0142", "US", f"cell{OSC52}")],
            )
        )
        store.log_touch(
            cid,
            TouchIn(
                0, int(time.time()) - 600, "voicemail", reason=f"pricing{EVERY}", message=EVERY
            ),
        )
        store.save_followup(
            FollowUp(
                int(time.time()) - 60,
                "meeting",
                who=f"Zed{EVERY}",
                company=f"Acme{EVERY}",
                issues=(f"cost{EVERY}", f"speed{EVERY}"),
                agreed=f"a pilot{EVERY}",
            )
        )
        store.save_session(
            SessionRecord(
                "callback-drill",
                f"Drill{EVERY}",
                "callback",
                int(time.time()) - 120,
                60.0,
                5.0,
                [["Rep", f"hi{EVERY}"], ["Zed", f"yo{EVERY}"]],
                {
                    f"odd{CLEAR}item": {
                        "passed": False,
                        "evidence": f"said{EVERY}",
                        "tip": f"tip{EVERY}",
                        "weight": 1.0,
                        "overridden": False,
                    }
                },
                40,
            )
        )


def assert_shown_visibly(out: str, where: object) -> None:
    assert not any(ch in out for ch in RAW), (where, out)
    assert not any("\x80" <= ch <= "\x9f" for ch in out), (where, out)
    assert "\\x1b]52;c;aGk=\\x07" in out and "\\x1b[2J" in out, (where, out)


def test_every_command_shows_hostile_data_visibly(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    every_field_book(db)
    commands = [
        ("lookup", "zed"),
        ("overview",),
        ("followups",),
        ("followups", "--show", "1"),
        ("history",),
    ]
    for args in commands:
        done = run_on(db, args)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert_shown_visibly(done.stdout + done.stderr, args)
        if args[0] != "history":  # the history shows the session's title and item
            assert "\\x9b31m" in done.stdout and "\\u202e" in done.stdout, args
        assert MARKUP in done.stdout, args  # markup is a name, shown as written


def strings(value: object) -> list[str]:
    """Every text inside a parsed JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_json_output_escapes_what_json_leaves_raw(tmp_path: Path) -> None:
    import json

    db = tmp_path / "book.db"
    every_field_book(db)
    for args in (("lookup", "--json", "zed"), ("followups", "--json"), ("history", "--json")):
        done = run_on(db, args)
        assert done.returncode == 0, (args, done.stderr)
        assert not any(ch in done.stdout for ch in RAW), args
        assert not any("\x80" <= ch <= "\x9f" for ch in done.stdout), args
        # The data itself is all there, exactly: JSON escapes are read back as the text.
        assert any(EVERY in text for text in strings(json.loads(done.stdout))), args


def test_export_to_a_terminal_shows_bidi_and_c1_visibly() -> None:
    import io

    from coach.cli.export_commands import _Stdout

    raw = io.BytesIO()
    _Stdout(raw, terminal=True).write(f'"Vex{BIDI}",{C1}\t"x\ny"{OSC52}\r\n')
    shown = raw.getvalue().decode()
    assert shown == '"Vex\\u202e",\\x9b31m\t"x\ny"\\x1b]52;c;aGk=\\x07\r\n'
    to_file = io.BytesIO()
    _Stdout(to_file, terminal=False).write(f"Vex{BIDI}{OSC52}\r\n")
    assert to_file.getvalue().decode() == f"Vex{BIDI}{OSC52}\r\n"  # a file keeps the data


async def test_the_list_card_and_say_line_show_hostile_data_visibly(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    db = tmp_path / "book.db"
    every_field_book(db)
    app = CoachApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one("#results", OptionList)
        # The empty box lists the likely callers with why we reached out.
        listed = str(results.get_option_at_index(0).prompt)
        assert_shown_visibly(listed, "likely callers")
        assert f"Acme\\x1b]52;c;aGk=\\x07|\\x1b[2J|\\x9b31m|\\u202e|{MARKUP}" in listed
        assert "voicemail: pricing\\x1b]52" in listed
        box = app.screen.query_one("#query", Input)
        box.value = "zed"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        listed = str(results.get_option_at_index(0).prompt)
        assert_shown_visibly(listed, "results")
        assert listed.startswith(f"Zed Vex\\x1b]52;c;aGk=\\x07|\\x1b[2J|\\x9b31m|\\u202e|{MARKUP}")
        card = str(app.screen.query_one("#card").render())
        assert_shown_visibly(card, "card")
        for shown in ("cell\\x1b]52", "Boss\\x1b]52", "line two \\x1b]52", "pricing\\x1b]52"):
            assert shown in card
        assert card.count(MARKUP) >= 5  # name, role, reason, message, notes: as written
        say = str(app.screen.query_one("#say").render())
        assert_shown_visibly(say, "say")
        assert f"pricing\\x1b]52;c;aGk=\\x07|\\x1b[2J|\\x9b31m|\\u202e|{MARKUP}" in say
        assert not any(ch in app.export_screenshot() for ch in RAW)
