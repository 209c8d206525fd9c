"""The lookup screen as a rep uses it: type, see the right caller, read the line to say."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from coach.book import Book
from coach.importers import import_contacts
from coach.lookup import whisper
from coach.lookup.engine import Lookup
from coach.practice.voice import Voice
from coach.tui.app import CoachApp
from coach.tui.screens.help import HelpScreen
from tests.helpers import write
from tests.tui.pilot import burst, on_screen, results, settle, type_query, visible


async def test_the_search_box_has_focus_and_likely_callers_show_at_once(
    book: Book, db_path: Path
) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.focused, Input)
        assert results(pilot)[0].startswith("Michael Okafor")  # reached yesterday
        assert "I left you a message about the dispatch delays" in visible(pilot, "#say")
        card = visible(pilot, "#card")
        assert "dispatch delays" in card  # the touch he is likely calling about
        assert "matched" not in card  # nothing was typed: nothing matched
        await type_query(pilot, "okafor")
        assert "matched surname okafor" in visible(pilot, "#card")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_every_result_says_when_we_reached_them_at_any_width(
    book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    """At 80 columns "Michael Okafor · Globex Logistics  yesterday" does not fit the list:
    the day went under the ellipsis, and "which Mike?" is answered by when we called."""
    async with CoachApp(db_path).run_test(size=size) as pilot:
        await type_query(pilot, "mike")
        width = pilot.app.screen.query_one("#results", OptionList).scrollable_content_region.width
        labels = results(pilot)
        assert len(labels) >= 2
        for label in labels:
            lines = label.split("\n")
            when = lines[-1].rstrip()
            assert when.endswith(("ago", "yesterday", "today")), label
            assert len(when) <= width, label  # the day is on screen, not cut
            assert len(lines) == 1 or len(label.replace("\n", "")) > width  # two: too long


async def test_results_are_laid_out_again_when_the_terminal_is_resized(
    book: Book, db_path: Path
) -> None:
    """Narrowed from 140 to 80 columns, the day went under the ellipsis until the next
    keystroke; widened again, the labels kept their second lines."""
    async with CoachApp(db_path).run_test(size=(140, 36)) as pilot:
        await type_query(pilot, "mike")
        assert all("\n" not in label for label in results(pilot))
        for size, two_lines in (((80, 24), True), ((140, 36), False)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await pilot.pause()
            results_list = pilot.app.screen.query_one("#results", OptionList)
            width = results_list.scrollable_content_region.width
            labels = results(pilot)
            assert any("\n" in label for label in labels) == two_lines, (size, labels)
            assert all(len(label.split("\n")[-1]) <= width for label in labels)  # the day


async def test_typing_mike_shows_the_right_mike_first(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "mike globx")
        assert results(pilot)[0].startswith("Michael Okafor · Globex Logistics")
        card = visible(pilot, "#card")
        assert "(612) 555-0142" in card and "dispatch delays" in card
        assert "Michael" in visible(pilot, "#say")


async def test_a_caller_id_number_finds_the_contact(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "952.555.0188")
        assert results(pilot)[0].startswith("Mike Castellanos")
        assert "renewal of the support contract" in visible(pilot, "#say")


async def test_an_unknown_number_shows_the_new_caller_script(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "(999) 555-0000")
        assert results(pilot) == []
        assert "New caller" in visible(pilot, "#card")
        assert "full name and company" in visible(pilot, "#say")


async def test_moving_down_the_results_moves_the_card(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "michael")
        second = results(pilot)[1].split(" · ")[0]
        await pilot.press("down")
        await pilot.pause()
        assert visible(pilot, "#card").startswith(second)


async def test_markup_in_a_name_is_shown_literally(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    text = 'first_name,last_name,company\n[bold]Bob[/],"\x1b[31mRed",Acme [i]Labs[/i]\n'
    with Book.open(db) as store:
        import_contacts(store, write(tmp_path / "c.csv", text))
    async with CoachApp(db).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "bob")
        assert results(pilot)[0].startswith("[bold]Bob[/] \\x1b[31mRed · Acme [i]Labs[/i]")
        assert "[bold]Bob[/]" in visible(pilot, "#card")


async def test_search_is_one_key_away_and_help_lists_the_keys(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pilot.app.screen.query_one("#results", OptionList).focus()
        await pilot.press("slash")
        assert isinstance(pilot.app.focused, Input)
        await pilot.press("f1")
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, HelpScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_demo_book_is_labelled(book: Book, db_path: Path, size: tuple[int, int]) -> None:
    async with CoachApp(db_path, demo=True).run_test(size=size) as pilot:
        await settle(pilot)
        assert "DEMO BOOK" in visible(pilot, "#demo-banner")
        # The whole way out of the demo, even at 80 columns:
        assert "coach import contacts FILE.csv" in on_screen(pilot)


def touches_of(db_path: Path, last_name: str, logged_notes: bool = False) -> list[tuple[str, str]]:
    """(kind, reason) of each of their touches, oldest first; with ``logged_notes``,
    (kind, notes) of those logged in Coach, in the order they were logged."""
    what, where = ("notes", " AND t.logged_ts IS NOT NULL") if logged_notes else ("reason", "")
    with Book.open_readonly(db_path) as store:
        rows = store.conn.execute(
            f"SELECT t.kind, t.{what} FROM touches t JOIN contacts c ON c.id = t.contact_id"
            f" WHERE c.last_name = ?{where} ORDER BY {'t.id' if logged_notes else 't.ts'}",
            (last_name,),
        )
        return [(r[0], r[1]) for r in rows]


async def test_logging_a_callback_lands_in_the_book(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "okafor")
        await pilot.press("f2")
        await settle(pilot)
    assert touches_of(db_path, "Okafor")[-1] == ("callback", "the dispatch delays")


async def test_notes_survive_the_app_closing_mid_sentence(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "jill")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press(*list("wants pricing by fri"))
        await pilot.pause()
        pilot.app.exit()  # the terminal closes with the notes dialog still open
    with Book.open_readonly(db_path) as store:
        notes = store.conn.execute("SELECT notes FROM contacts WHERE last_name = 'Konrath'")
        assert notes.fetchone()[0] == "wants pricing by fri"


async def test_notes_typed_during_a_call_go_with_its_touch(
    book: Book, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import itertools
    import types

    # Each callback a minute after the last, so two in one second are never one touch.
    minutes = itertools.count(datetime.now().timestamp() - 3600, 60)
    monkeypatch.setattr("coach.logbook.time", types.SimpleNamespace(time=lambda: next(minutes)))
    jill = Lookup(book).search("jill konrath").hits[0].contact.id
    book.set_notes(jill, "Met at the expo.")  # her running notes, from before this call
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        await type_query(pilot, "jill")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter", *list("wants pricing"), "escape")
        await settle(pilot)
        await pilot.press("f2")  # the callback, logged after those notes
        await settle(pilot)
        assert touches_of(db_path, "Konrath", logged_notes=True) == [("callback", "wants pricing")]
        await pilot.press("f3")  # and more typed after logging it, still on the call
        await pilot.pause()
        await pilot.press("enter", *list("ask for Dana"), "escape")
        await settle(pilot)
        assert touches_of(db_path, "Konrath", logged_notes=True) == [
            ("callback", "wants pricing\nask for Dana")
        ]
        # The next call (a pop) starts afresh: its touch has only what is typed in it.
        pilot.app.screen.pop("+1 512 555 0150")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter", *list("sent deck"), "escape")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
    assert touches_of(db_path, "Konrath", logged_notes=True)[-1] == ("callback", "sent deck")
    with Book.open_readonly(db_path) as store:
        notes = store.contacts([jill])[jill].notes
    assert notes == "Met at the expo.\nwants pricing\nask for Dana\nsent deck"


async def test_a_next_step_is_saved_and_shown_on_the_card(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "jill")
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press(*list("2026-12-03 14:00"), "tab", *list("demo for the support team"))
        await pilot.press("enter")
        await settle(pilot)
        assert "demo for the support team" in visible(pilot, "#card")
        assert "Thu 03 Dec 14:00" in visible(pilot, "#card")


async def test_a_vague_next_step_time_is_refused_in_the_form(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "jill")
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press(*list("next week"), "tab", *list("catch up"), "enter")
        await pilot.pause()
        assert "'next week' is not a specific time" in visible(pilot, "#error")
    with Book.open_readonly(db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM next_steps").fetchone()[0] == 0


async def test_a_next_step_can_be_typed_as_said(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "jill")
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press(*list("Tuesday morning"), "tab", *list("demo"), "enter")
        await pilot.pause()
        assert "has a day but no time" in visible(pilot, "#error")
        pilot.app.screen.query_one("#when", Input).value = "Tuesday at 10am"
        pilot.app.screen.query_one("#what", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
    with Book.open_readonly(db_path) as store:
        (due,) = store.conn.execute("SELECT due_ts FROM next_steps").fetchone()
    assert datetime.fromtimestamp(due).strftime("%A %H:%M") == "Tuesday 10:00"


async def test_an_outbound_touch_is_logged_with_the_last_reason_offered(
    book: Book, db_path: Path
) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "jill")
        await pilot.press("f5")
        await pilot.pause()
        reason = pilot.app.screen.query_one("#reason", Input).value
        assert reason == "support tickets piling up"
        pilot.app.screen.query_one("#message", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
    assert touches_of(db_path, "Konrath")[-1] == ("voicemail", "support tickets piling up")


async def test_a_new_caller_can_be_added_with_the_number_they_called_from(
    book: Book, db_path: Path
) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "(415) 555-0188")
        await pilot.press("f6")
        await pilot.pause()
        assert pilot.app.screen.query_one("#phone", Input).value == "(415) 555-0188"
        await pilot.press(*list("Nadia"), "tab", *list("Brook"), "tab", *list("Fernway"))
        await pilot.press("enter")
        await settle(pilot)
        assert results(pilot)[0].startswith("Nadia Brook · Fernway")
    with Book.open_readonly(db_path) as store:
        row = store.conn.execute(
            "SELECT p.e164 FROM contacts c JOIN phones p ON p.contact_id = c.id"
            " WHERE c.last_name = 'Brook'"
        ).fetchone()
        assert row == ("+14155550188",)
    assert touches_of(db_path, "Brook") == [("callback", "")]


async def test_the_command_palette_runs_the_call_actions(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "okafor")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*list("log callback"))
        await settle(pilot)  # the palette gathers its hits in a worker
        await pilot.press("enter")
        await settle(pilot)
    assert touches_of(db_path, "Okafor")[-1][0] == "callback"


async def test_a_screen_pop_puts_the_caller_on_screen(book: Book, db_path: Path) -> None:
    import asyncio
    import stat

    from coach import pop

    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        path = pop.socket_path()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        delivered = await asyncio.get_running_loop().run_in_executor(
            None, pop.send, "+1 952 555 0188"
        )
        assert delivered
        for _ in range(50):  # the pop arrives over the socket, then the lookup runs
            await settle(pilot)
            if pilot.app.screen.query_one("#query", Input).value:
                break
        await settle(pilot)
        assert pilot.app.screen.query_one("#query", Input).value == "+1 952 555 0188"
        assert results(pilot)[0].startswith("Mike Castellanos")
    assert not pop.socket_path().exists()


def test_pop_with_no_app_running_prints_the_lookup(
    book: Book, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.main import main

    assert main(["pop", "612.555.0142", "--db", str(db_path)]) == 0
    assert "Michael Okafor" in capsys.readouterr().out


@pytest.mark.parametrize(
    "caller_id",
    [
        '"Mirela O" <sip:+16125550142@pbx.example.com>',
        "sip:6125550142@10.1.2.3;user=phone",
        "tel:+1-612-555-0142",
        "6125550142@pbx",
    ],
)
def test_pop_reads_the_caller_id_as_softphones_pass_it(
    book: Book, db_path: Path, capsys: pytest.CaptureFixture[str], caller_id: str
) -> None:
    from coach.main import main

    assert main(["pop", caller_id, "--db", str(db_path)]) == 0
    assert "Michael Okafor" in capsys.readouterr().out


def test_pop_of_a_withheld_number_says_so(
    book: Book, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.main import main

    assert main(["pop", "anonymous", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out == "Incoming call, number withheld: ask who is calling.\n"


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_a_screen_pop_in_the_app_finds_the_caller_from_a_sip_uri(
    book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    async with CoachApp(db_path).run_test(size=size) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        screen.pop('"Mirela O" <sip:+16125550142@pbx.example.com>')  # type: ignore[attr-defined]
        await settle(pilot)
        assert pilot.app.screen.query_one("#query", Input).value == "+16125550142"
        assert results(pilot)[0].startswith("Michael Okafor")
        said = " ".join(str(n.message) for n in pilot.app._notifications)
        assert "Incoming call: Mirela O +16125550142" in said
        screen.pop("anonymous")  # type: ignore[attr-defined]
        await settle(pilot)
        assert pilot.app.screen.query_one("#query", Input).value == ""
        said = " ".join(str(n.message) for n in pilot.app._notifications)
        assert "number withheld: ask who is calling" in said


class HeardVoice(Voice):
    """A voice that records what it was asked to say, and on which thread; or, with
    ``problem``, one that cannot speak."""

    def __init__(self, problem: str | None = None, plays: bool = True) -> None:
        super().__init__(enabled=True)
        self.said: list[tuple[str, str]] = []
        self._why, self._plays = problem, plays

    def problem(self) -> str | None:
        return self._why

    def speak(self, text: str, voice: str = "", rate: int = 0) -> bool:
        self.said.append((text, threading.current_thread().name))
        return self._plays


async def _popped(pilot: Pilot[None], voice: Voice, *numbers: str) -> None:
    """The lookup screen's whisper speaks through ``voice``; each number pops in turn."""
    await settle(pilot)
    screen = pilot.app.screen
    screen.whisper_voice = voice  # type: ignore[attr-defined]
    for number in numbers:
        screen.pop(number)  # type: ignore[attr-defined]
        await settle(pilot)


async def test_the_whisper_says_who_is_calling_off_the_ui_thread(book: Book, db_path: Path) -> None:
    from coach import settings

    settings.set_whisper(True)
    heard = HeardVoice()
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        await _popped(pilot, heard, "sip:6125550142@10.1.2.3;user=phone")
        line = "Michael Okafor, Globex Logistics: voicemail yesterday about the dispatch delays."
        assert [text for text, _ in heard.said] == [line]
        assert heard.said[0][1] != threading.main_thread().name
        # The same caller again is said again; then a withheld number and a new caller.
        await _popped(pilot, heard, "sip:6125550142@10.1.2.3;user=phone", "anonymous")
        assert [text for text, _ in heard.said] == [line, line, whisper.WITHHELD]
        await _popped(pilot, heard, "+1 999 555 0100")
        assert heard.said[-1][0] == whisper.NEW_CALLER


async def test_the_whisper_is_off_unless_asked_for(book: Book, db_path: Path) -> None:
    heard = HeardVoice()
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        await _popped(pilot, heard, "+16125550142")
        assert heard.said == []
        assert results(pilot)[0].startswith("Michael Okafor")


@pytest.mark.parametrize(
    "voice", [HeardVoice(problem="No audio player (aplay, …)"), HeardVoice(plays=False)]
)
async def test_a_whisper_with_no_audio_is_a_notice_once_never_an_error(
    book: Book, db_path: Path, voice: HeardVoice
) -> None:
    from coach import settings

    settings.set_whisper(True)
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        await _popped(pilot, voice, "+16125550142", "(512) 555-0150")
        notices = [str(n.message) for n in pilot.app._notifications]
        assert sum("whisper is on but cannot be heard" in n for n in notices) == 1
        assert results(pilot)[0].startswith("Jill Konrath")  # the lookup went on


async def test_enter_moves_to_the_results_and_arrows_walk_them(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "michael")
        await pilot.press("enter")
        assert isinstance(pilot.app.focused, OptionList)
        second = results(pilot)[1].split(" · ")[0]
        await pilot.press("down")
        await pilot.pause()
        assert visible(pilot, "#card").startswith(second)


async def test_the_reps_own_bridge_lines_replace_the_shipped_ones(
    book: Book, db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "bridges.toml").write_text(
        '[known]\nvoicemail = "Hey {first}, about {reason}: got a minute?"\n', encoding="utf-8"
    )
    monkeypatch.setattr("coach.locations.config_dir", lambda: config)
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "okafor")
        assert "Hey Michael, about the dispatch delays: got a minute?" in visible(pilot, "#say")


async def test_a_broken_bridge_file_is_reported_and_the_app_still_opens(
    book: Book, db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "bridges.toml").write_text("[known\nvoicemail = ", encoding="utf-8")
    monkeypatch.setattr("coach.locations.config_dir", lambda: config)
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "okafor")
        assert "I left you a message about the dispatch delays" in visible(pilot, "#say")
        assert any("bridges.toml" in str(n.message) for n in pilot.app._notifications)


@pytest.mark.parametrize("width", [44, 70])  # the card at 80 and at 120 columns
def test_a_long_voicemail_wraps_under_itself_not_at_the_card_edge(book: Book, width: int) -> None:
    from coach.lookup.engine import Lookup
    from coach.models import Touch
    from coach.tui.widgets.card import COMPACT_BELOW, MESSAGE_INDENT, render_card

    hit = Lookup(book).search("okafor").hits[0]
    message = "Hi Mike, about the trade-show conversation. " * 4
    reason = "the trade show in Denver and the dispatch delays there"
    touch = Touch(hit.contact.id, 1_700_000_000, "voicemail", "left voicemail", reason, message)
    lines = render_card(hit, [touch], [], now=1_700_086_400, width=width).plain.splitlines()
    assert all(len(line) <= width for line in lines)
    assert "(left voicemail)" not in "\n".join(lines)  # the kind says it already
    start = next(n for n, line in enumerate(lines) if "left: " in line)
    wrapped = [line for line in lines[start + 1 :] if line.strip()][:3]
    indent = 2 if width < COMPACT_BELOW else MESSAGE_INDENT
    assert all(line.startswith(" " * indent) and line[indent] != " " for line in wrapped)
    said = " ".join(line.strip() for line in lines[start:] if line.strip())
    assert said.startswith('left: "Hi Mike, about the trade-show conversation. Hi Mike,')
    head = next(n for n, line in enumerate(lines) if "voicemail" in line and "left:" not in line)
    if width < COMPACT_BELOW:  # a narrow card: "yesterday · voicemail: the trade show…"
        assert lines[head].startswith("yesterday · voicemail: the trade show")
        assert lines[head + 1].startswith("  ") and lines[head + 1][2] != " "


def test_a_narrow_card_never_cuts_a_word_to_start_a_reason(book: Book) -> None:
    """The drill's card at 80 columns is 26 wide: "2 days ago · voicemail: " leaves two
    columns, and the reason's first word used to be cut there ("c" / "ancelled")."""
    from coach.lookup.engine import Lookup
    from coach.models import Touch
    from coach.tui.widgets.card import render_card

    hit = Lookup(book).search("okafor").hits[0]
    reason = "cancelled appointment slots left empty"
    touch = Touch(hit.contact.id, 1_700_000_000, "voicemail", "left voicemail", reason, "")
    now = 1_700_000_000 + 2 * 86_400
    lines = render_card(hit, [touch], [], now=now, width=26).plain.splitlines()
    touch_lines = lines[lines.index("Last touches") + 1 :]
    assert all(len(line) <= 26 for line in touch_lines)
    assert touch_lines[0].startswith("2 days ago · voicemail:")
    assert touch_lines[1:] == ["  cancelled appointment", "  slots left empty"]
    # Nor a later word on the first line ("re canc" / "elled"), nor one longer than a line.
    for reason, expected in [
        ("re cancelled appointment slots", ["  cancelled appointment", "  slots"]),
        ("see " + "x" * 30, ["  " + "x" * 24, "  " + "x" * 6]),
    ]:
        call = Touch(hit.contact.id, 1_700_000_000, "call", "", reason, "")
        lines = render_card(hit, [call], [], now=now, width=26).plain.splitlines()
        touch_lines = lines[lines.index("Last touches") + 1 :]
        assert all(len(line) <= 26 for line in touch_lines), touch_lines
        assert touch_lines[1:] == expected, touch_lines


async def test_a_broken_settings_file_is_said_once_and_the_app_still_logs_a_meeting(
    book: Book, db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text("[followups]\nremind_days = 'soon'\n", encoding="utf-8")
    monkeypatch.setattr("coach.locations.config_dir", lambda: config)
    async with CoachApp(db_path).run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "okafor")
        await pilot.press("f9")
        await settle(pilot)
        for field, text in [("#issues", "dispatch delays"), ("#benefit", "same-day")]:
            pilot.app.screen.query_one(field, Input).value = text
        when = pilot.app.screen.query_one("#when", Input)
        when.value = "2099-01-15 14:00"
        when.focus()
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(100):  # the writer's "saved" reaches the screen as a message
            said = [str(n.message) for n in pilot.app._notifications]
            if any("Meeting logged" in s for s in said):
                break
            await pilot.pause(0.05)
        assert len([s for s in said if "remind_days" in s]) == 1  # once, at launch
        assert any("Meeting logged" in s for s in said)
    with Book.open_readonly(db_path) as kept:
        drafted = kept.followups()[0]
        # The default: 9 am two days before (remind_days = 2), not the file's broken value.
        assert datetime.fromtimestamp(drafted.remind_ts or 0) == datetime(2099, 1, 13, 9, 0)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_two_as_likely_mikes_get_the_question_until_the_rep_picks_one(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    from coach.importers import import_calls
    from tests.helpers import iso_days_ago

    db = tmp_path / "b.db"
    people = (
        "contact_id,first_name,last_name,company\n"
        "A,Mike,Murphy,Granite Foods\nB,Mike,Rossi,Juniper Staffing\n"
    )
    calls = (
        "contact_id,when,kind,outcome,reason,message\n"
        f"A,{iso_days_ago(1)},voicemail,left voicemail,the pallet recall they mentioned,\n"
        f"B,{iso_days_ago(1)},voicemail,left voicemail,their agency fees,\n"
    )
    with Book.open(db) as store:
        import_contacts(store, write(tmp_path / "c.csv", people))
        import_calls(store, write(tmp_path / "t.csv", calls))
    async with CoachApp(db).run_test(size=size) as pilot:
        await type_query(pilot, "mike")
        assert len(results(pilot)) == 2
        assert "Thanks for calling back, Mike. Remind me which company" in visible(pilot, "#say")
        await pilot.press("down")  # the rep picks the second Mike: the line follows him
        await pilot.pause()
        said = visible(pilot, "#say")
        picked = results(pilot)[1]
        assert ("agency fees" in said) == ("Rossi" in picked), (said, picked)
        assert "your" in said or "you mentioned" in said, "said to the caller"
        assert "Remind me which company" not in said


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_f6_keeps_the_caller_id_it_prefilled_even_a_number_the_plan_does_not_know(
    book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    async with CoachApp(db_path).run_test(size=size) as pilot:
        await type_query(pilot, "(999) 555-0000")  # possible, but not an assigned area code
        await pilot.press("f6")
        await pilot.pause()
        assert pilot.app.screen.query_one("#phone", Input).value == "(999) 555-0000"
        await pilot.press(*list("Priya"), "tab", *list("Shah"))
        await pilot.press("enter")
        await settle(pilot)
        assert results(pilot)[0].startswith("Priya Shah")
        assert "How can I help today?" in visible(pilot, "#say")
    with Book.open_readonly(db_path) as store:
        row = store.conn.execute(
            "SELECT p.raw, p.verified FROM contacts c JOIN phones p ON p.contact_id = c.id"
            " WHERE c.last_name = 'Shah'"
        ).fetchone()
    assert row == ("(999) 555-0000", 0), "kept as written, flagged unverified"


async def test_f6_on_a_number_someone_already_has_shows_them_instead(
    book: Book, db_path: Path
) -> None:
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        await type_query(pilot, "651.555.0117")
        await pilot.press("f6")
        await pilot.pause()
        assert not pilot.app.screen.query("#phone"), "no form for a twin"
        assert visible(pilot, "#card").startswith("Mike Castellanos")
    with Book.open_readonly(db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 10


async def test_keys_typed_straight_after_f4_land_in_the_form_not_the_search_box(
    book: Book, db_path: Path
) -> None:
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        await type_query(pilot, "jill")
        await burst(pilot, "f4", *"Thursday at 2pm")  # no pause: as a fast typist sends them
        assert pilot.app.screen.query_one("#when", Input).value == "Thursday at 2pm"
        pilot.app.screen.dismiss(None)
        await settle(pilot)
        assert pilot.app.screen.query_one("#query", Input).value == "jill"


@pytest.mark.parametrize(("key", "field"), [("f3", "#notes"), ("f6", "#first"), ("f9", "#issues")])
async def test_every_form_takes_the_keys_typed_right_after_its_key(
    book: Book, db_path: Path, key: str, field: str
) -> None:
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        await type_query(pilot, "jill")
        await burst(pilot, key, *"asap")
        typed = pilot.app.screen.query_one(field)
        shown = typed.text if isinstance(typed, TextArea) else typed.value  # type: ignore[attr-defined]
        assert typed.has_focus and "asap" in shown
        pilot.app.screen.dismiss(None)
        await settle(pilot)
        assert pilot.app.screen.query_one("#query", Input).value == "jill"  # nothing leaked


# ---------------------------------------------------------------- coach log
def _touch_count(db_path: Path) -> int:
    with Book.open_readonly(db_path) as store:
        return store.count_touches()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["call", "mike"], "'mike' could be "),  # several Mikes: listed, none chosen
        (["call", "zzqxv"], "nobody in the book matches 'zzqxv'"),
        (["call", "okafor globex", "--at", "around lunch"], "--at 'around lunch': "),
        (["call", "okafor globex", "--at", "2099-01-01T10:00"], "is ahead of now"),
        (["call", "anonymous"], "'anonymous' is a withheld number: say who it was"),
    ],
)
def test_coach_log_refuses_in_one_line_and_writes_nothing(
    book: Book, db_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    from coach.main import main

    before = _touch_count(db_path)
    assert main(["log", *args, "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coach: error: ") and said in err and err.count("\n") == 1
    assert _touch_count(db_path) == before


@pytest.mark.parametrize(
    "who",
    [
        "sip:6125550142@10.1.2.3;user=phone",
        "6125550142@pbx",
        '"M Okafor" <sip:+16125550142@127.0.0.1:5071>;tag=e334868f814e15d0',
        "tel:%2B1-612-555-0142",
        "m.okafor@globex.example",
    ],
)
def test_coach_log_takes_every_shape_coach_pop_takes(
    book: Book, db_path: Path, capsys: pytest.CaptureFixture[str], who: str
) -> None:
    from coach.main import main

    assert main(["log", "call", who, "--outcome", "no answer", "--db", str(db_path)]) == 0
    assert "Logged a call with Michael Okafor" in capsys.readouterr().out


def test_coach_log_writes_one_touch_for_a_number_in_any_format(
    book: Book, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.main import main

    args = ["log", "voicemail", "(612) 555-0142", "--outcome", "left voicemail"]
    assert main([*args, "--message", "Hi Michael, Sam here.", "--db", str(db_path)]) == 0
    assert "Logged a voicemail with Michael Okafor" in capsys.readouterr().out
    with Book.open_readonly(db_path) as store:
        cid = Lookup(store).search("okafor globex").hits[0].contact.id
        newest = store.touches_for(cid, 1)[0]
    assert (newest.kind, newest.outcome, newest.message) == (
        "voicemail", "left voicemail", "Hi Michael, Sam here.",
    )  # fmt: skip
    assert newest.reason  # what we last reached him about, since no --reason was given


async def test_the_open_app_shows_a_touch_logged_by_another_program(
    book: Book, db_path: Path
) -> None:
    import asyncio

    from tests.helpers import coach

    async with CoachApp(db_path).run_test(size=(120, 36)) as pilot:
        await type_query(pilot, "okafor globex")
        assert "quarterly freight audit" not in visible(pilot, "#card")
        # A dialer's hang-up hook: a real second `coach` process, while the app is open.
        args = ["log", "call", "6125550142", "--reason", "quarterly freight audit"]
        done = await asyncio.to_thread(coach, *args, "--db", str(db_path))
        assert done.returncode == 0, done.stderr
        # The app polls for this every second; here it is asked at once.
        pilot.app.screen.check_book()  # type: ignore[attr-defined]
        await settle(pilot)
        assert "quarterly freight audit" in visible(pilot, "#card")
