"""Practice as a rep plays it: pick a drill, talk, find the caller, get a score card."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Footer, Input, OptionList

from coach.book import Book
from coach.practice.scenarios import load_file
from coach.practice.voice import Voice
from coach.tui.app import CoachApp
from coach.tui.screens.practice import DrillScreen, PracticeScreen
from coach.tui.screens.scorecard import ScoreCardScreen
from tests.tui.pilot import burst, on_screen, open_drill, play_to_card, say, settle, transcript

pytestmark = pytest.mark.usefixtures("quiet_practice")


async def test_a_full_callback_drill_finds_the_caller_and_keeps_the_session(
    book: Book, db_path: Path
) -> None:
    app = CoachApp(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        drill = await open_drill(pilot, "which-mike")
        assert "returning your call" in transcript(drill)
        await say(pilot, "Thanks for calling back. Sorry, which company are you with?")
        assert "Kestrel Cold Chain" in transcript(drill)
        # Find him in the lookup pane beside the conversation.
        await pilot.press("f4", *list("mike kestrel"))
        await settle(pilot)
        assert drill.identify_s is not None
        assert "Found them in" in str(drill.query_one("#timer").render())
        await say(
            pilot,
            "I called about your refrigerated loads spoiling when the trailer temperature "
            "alarms only arrive after delivery.",
        )
        await say(pilot, "Could we look at it properly on Thursday at 2pm?")
        checklist = str(drill.query_one("#checklist").render())
        assert "✔ Asked who / which company" in checklist
        assert "✔ Named why you called" in checklist
        await pilot.press("f2")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, ScoreCardScreen)
        shown = str(card.query_one("#items", OptionList).get_option_at_index(0).prompt)
        assert "PASS" in shown and "which company are you with" in shown
    with Book.open(db_path) as store:
        [session] = store.sessions()
    assert session.scenario_id == "which-mike"
    assert session.identify_s is not None
    assert session.items["asked_who"]["passed"] is True
    assert session.items["kept_on_line"]["passed"] is True
    assert ["Rep", "Thanks for calling back. Sorry, which company are you with?"] in [
        list(t) for t in session.transcript
    ]


async def test_a_meeting_ending_drill_names_the_vague_time_and_keeps_an_override(
    book: Book, db_path: Path
) -> None:
    app = CoachApp(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        drill = await open_drill(pilot, "wont-name-a-time")
        await say(pilot, "Let's talk again next week sometime.")
        assert "call me sometime" in transcript(drill).lower()
        assert not drill.drill.ended
        await pilot.press("f2")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, ScoreCardScreen)
        items = card.query_one("#items", OptionList)
        keys = [items.get_option_at_index(i).id for i in range(items.option_count)]
        timing = str(items.get_option_at_index(keys.index("specific_time")).prompt)
        assert "MISS" in timing and "next week" in timing
        # The rep disagrees with the recap verdict: Enter flips it and it is kept.
        items.highlighted = keys.index("recap")
        await pilot.press("enter")
        await pilot.pause()
        assert "(your call)" in str(items.get_option_at_index(keys.index("recap")).prompt)
    with Book.open(db_path) as store:
        [session] = store.sessions()
    assert session.items["recap"] == {
        **session.items["recap"],
        "passed": True,
        "overridden": True,
    }
    assert session.items["specific_time"]["passed"] is False


async def test_the_drill_pane_shows_contact_data_literally(book: Book, db_path: Path) -> None:
    app = CoachApp(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        drill = await open_drill(pilot, "wont-name-a-time")
        await say(pilot, "[bold]so[/bold] \x1b[31m are you open to a pilot?")
        assert "[bold]so[/bold]" in transcript(drill)


async def test_a_newcomer_finds_practice_in_the_footer_help_and_palette(
    book: Book, db_path: Path
) -> None:
    async with CoachApp(db_path, demo=True).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = pilot.app.screen.query_one(Footer)
        shown = [str(key.render()) for key in footer.query("FooterKey")]
        assert any("Practice" in label for label in shown[:3]), shown
        await pilot.press("f1")
        helptext = str(pilot.app.screen.query_one("#help Static").render())
        assert "F7" in helptext and "pick a drill" in helptext
        assert "F2  F3  F4" in helptext  # the lookup's call keys are listed too
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*list("practice"))
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PracticeScreen)


class RecordingVoice(Voice):
    """A voice that works and records what it said, and on which thread."""

    def __init__(self) -> None:
        super().__init__(enabled=True)
        self.said: list[tuple[str, str]] = []

    def problem(self) -> str | None:
        return None

    def speak(self, text: str, voice: str = "", rate: int = 0) -> bool:
        self.said.append((text, threading.current_thread().name))
        return True


async def test_prospect_lines_are_spoken_in_order_off_the_ui_thread(
    book: Book, db_path: Path
) -> None:
    voice = RecordingVoice()
    drill = load_file(Path("scenarios/which-mike.toml"))
    async with CoachApp(db_path).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(DrillScreen(drill, None, voice=voice))
        await settle(pilot)
        # One reply makes the prospect say two lines: the reaction, then the next step.
        await say(pilot, "Sorry, which company are you with?")
        screen = pilot.app.screen
        assert isinstance(screen, DrillScreen)
        prospect = [t.text for t in screen.drill.turns if t.speaker != "Rep"]
    assert [line for line, _ in voice.said] == prospect
    assert len(prospect) == 3
    assert all(thread != threading.main_thread().name for _, thread in voice.said)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@pytest.mark.parametrize("drill_id", ["gatekeeper-assistant", "wont-name-a-time"])
async def test_the_whole_brief_and_the_conversation_show_at_80x24_and_120x36(
    book: Book, db_path: Path, size: tuple[int, int], drill_id: str
) -> None:
    async with CoachApp(db_path).run_test(size=size) as pilot:
        screen = await open_drill(pilot, drill_id)
        await settle(pilot)
        brief = screen.query_one("#brief")
        shown = brief.region.height - 2  # inside its border
        written = len(brief.render_lines(brief.content_region.reset_offset))
        assert shown >= written, "the whole brief is readable, never cut"
        if screen.scenario.kind == "meeting_end":
            for issue in screen.scenario.issues:  # the very words the rep must recap
                assert issue in str(brief.render())
        transcript = screen.query_one("#transcript").region
        assert transcript.height >= 6, transcript  # room for the conversation itself
        said = " ".join(str(t.render()) for t in screen.query(".turn"))
        assert said, "the prospect's opening line shows"
        checklist = screen.query_one("#checklist")
        items = len(screen.scenario.weights)
        if size[1] < 32:  # short: the checklist is one line, so the conversation keeps room
            assert checklist.region.height <= 3  # a border and at most two lines
            lines = str(checklist.render()).splitlines()
            labels = [label.strip() for line in lines for label in line.split("·")]
            assert "Booked" in labels or "Kept on" in labels
            for line in lines:  # a line breaks between items, never inside one
                assert not line.rstrip().endswith(("Kept", "Asked", "Time", "Found")), lines
        else:
            assert checklist.region.height >= items
        assert checklist.region.bottom <= size[1] - 1  # above the footer


async def test_the_prospect_reacts_when_the_rep_goes_quiet(
    book: Book, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock is frozen and moved by hand: nothing happens before the persona's wait, a
    "still there?" after it, a different one the next time, and typing is not silence."""
    from dataclasses import replace

    from coach.tui.screens import practice as practice_screen

    now = [1000.0]
    monkeypatch.setattr(practice_screen, "monotonic", lambda: now[0])
    app = CoachApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        drill = await open_drill(pilot, "which-mike")
        persona = replace(drill.scenario.persona, silence=8.0, on_silence=())
        drill.drill.scenario = replace(drill.scenario, persona=persona)
        before = transcript(drill)
        drill.listen()  # the wait starts now
        now[0] += 7.5
        drill.listen()
        assert transcript(drill) == before, "7.5 s is not yet a silence"
        now[0] += 1.0
        drill.listen()
        await pilot.pause()
        assert "Hello? Are you still there?" in transcript(drill)
        now[0] += 8.5
        drill.listen()
        await pilot.pause()
        assert "Hello? Did I lose you?" in transcript(drill), "never the same line twice"
        await pilot.press(*list("Sorry"))  # typing a reply is not silence
        now[0] += 30
        drill.listen()
        now[0] += 30
        drill.listen()
        await pilot.pause()
        assert transcript(drill).count("Hello?") == 2
        assert not drill.drill.ended, "the call goes on; the timer keeps running"


async def test_f2_finishes_a_drill_and_on_the_score_card_means_nothing(
    book: Book, db_path: Path
) -> None:
    app = CoachApp(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drill(pilot, "wont-name-a-time")
        await say(pilot, "Let's talk again next week sometime.")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ScoreCardScreen)
        await pilot.press("f2")  # pressed again out of habit: the card stays
        await settle(pilot)
        assert isinstance(pilot.app.screen, ScoreCardScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ScoreCardScreen)


async def test_f1_keys_leads_every_footer_at_80x24(book: Book, db_path: Path) -> None:
    """Keys that do not fit at 80 columns are one F1 away, and F1 is never cut off."""

    def first_key() -> str:
        footer = pilot.app.screen.query_one(Footer)
        return str(next(iter(footer.query("FooterKey"))).render())

    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Keys" in first_key()  # the lookup
        await open_drill(pilot, "wont-name-a-time")
        assert "Keys" in first_key()  # a drill
        await pilot.press("f2")
        await settle(pilot)
        assert "Keys" in first_key()  # the score card
        await pilot.press("escape")
        await settle(pilot)
        assert "Keys" in first_key()  # back on the drill list
        await pilot.press("f1")
        await settle(pilot)
        helptext = str(pilot.app.screen.query_one("#help Static").render())
        for key in ("F2", "F3", "F4", "F5", "F6", "F9"):
            assert key in helptext


async def test_what_is_typed_straight_after_f4_and_f5_goes_where_the_key_said(
    book: Book, db_path: Path
) -> None:
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        drill = await open_drill(pilot, "which-mike")
        await burst(pilot, "f4", *"mike kestrel")
        assert drill.query_one("#drill-query", Input).value == "mike kestrel"
        assert drill.query_one("#reply", Input).value == ""
        await burst(pilot, "f5", *"Hi Mike")
        assert drill.query_one("#reply", Input).value == "Hi Mike"
        assert drill.query_one("#drill-query", Input).value == "mike kestrel"


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_transcript_calls_them_caller_until_they_give_their_name(
    book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    async with CoachApp(db_path).run_test(size=size) as pilot:
        drill = await open_drill(pilot, "you-called-me")
        assert transcript(drill).startswith("Caller: ")  # not "Tomasz:", which he never said
        assert "Tomasz" not in transcript(drill)
        await say(pilot, "Thanks for calling back. Who am I speaking with?")
        said = transcript(drill).splitlines()
        assert "Tomasz: Tomasz. Tomasz Wieczorek, Foxglove Staffing." in said
        assert said[-1].startswith("Tomasz: ")
        assert transcript(drill).startswith("Caller: ")  # what was shown stays as it was


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_up_and_down_walk_the_drill_lookup_from_its_search_box(
    book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    async with CoachApp(db_path).run_test(size=size) as pilot:
        drill = await open_drill(pilot, "which-mike")
        await pilot.press("f4", *list("mike"))
        await settle(pilot)
        box = drill.query_one("#drill-query", Input)
        results = drill.query_one("#drill-results", OptionList)
        assert box.has_focus and results.option_count >= 3 and results.highlighted == 0
        await pilot.press("down", "down")
        await settle(pilot)
        assert box.has_focus, "the rep keeps typing where they were"
        assert results.highlighted == 2
        picked = drill.query_one("#drill-lookup").hits[2].contact.name  # type: ignore[attr-defined]
        assert picked.split()[-1] in str(drill.query_one("#drill-card").render())
        await pilot.press("up")
        await settle(pilot)
        assert results.highlighted == 1


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_drill_lookup_says_what_to_type_until_it_has_hits(
    book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    """An empty results frame over a blank card read as broken: until something matches
    there is no list, and the card says what to type."""
    async with CoachApp(db_path).run_test(size=size) as pilot:
        drill = await open_drill(pilot, "which-mike")
        results = drill.query_one("#drill-results", OptionList)
        assert not results.display
        assert "Type a name, company" in str(drill.query_one("#drill-card").render())
        await pilot.press("f4", *list("mike"))
        await settle(pilot)
        assert results.display and results.option_count >= 3
        await pilot.press(*["backspace"] * 4, *list("zzqxw"))
        await settle(pilot)
        assert not results.display
        assert "Type a name, company" in str(drill.query_one("#drill-card").render())


@pytest.mark.parametrize("drill_id", ["which-mike", "wont-name-a-time"])
async def test_every_drill_key_is_labelled_in_the_footer_at_80x24(
    book: Book, db_path: Path, drill_id: str
) -> None:
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        await open_drill(pilot, drill_id)
        footer = on_screen(pilot).splitlines()[-1]
        for label in ("f1 Keys", "f2 Score", "f3 Voice", "esc Leave"):
            assert label in footer, footer
        if drill_id == "which-mike":
            assert "f4 Find caller" in footer and "f5 Reply" in footer, footer


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_score_card_shows_how_the_rep_spoke_on_its_delivery_tab(
    book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    async with CoachApp(db_path).run_test(size=size) as pilot:
        await play_to_card(
            pilot,
            "wont-name-a-time",
            "So, um, fuel bills are up a fifth and routes live on a whiteboard.",
            "Did I get that right?",
        )
        await pilot.press("4")
        await settle(pilot)
        seen = on_screen(pilot)
        assert "Talk share" in seen and "of the words" in seen
        assert "of the time" not in seen  # typing is not talk
        assert "Who spoke when" in seen and "█ you" in seen and "▒ them" in seen
        rows = seen.splitlines()
        strip = rows[next(n for n, row in enumerate(rows) if "Who spoke when" in row) + 1]
        assert len(strip.strip()) >= size[0] - 6  # across the width
        assert set(strip.strip()) <= set("█▒▓·│ ")  # who spoke when (the timing is real)
        assert "Questions          1 (0 open)" in seen
        assert "Fillers            1" in seen
    with Book.open(db_path) as store:
        [session] = store.sessions()
    assert session.delivery["basis"] == "drill"
    assert session.delivery["rep_questions"] == 1 and session.delivery["fillers"] == 1
    assert session.delivery["timeline"], "who spoke when is kept with the session"
