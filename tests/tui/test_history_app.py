"""The History area as a rep uses it: sessions, trends and the weakest item; a session's score
card and transcript; the callback report; follow-ups (due first, dismissed, written as files);
logging a meeting from the lookup screen; reminders said at launch."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, OptionList, Static, TabbedContent

from coach import followups
from coach.book import Book
from coach.models import SessionRecord
from coach.tui.app import CoachApp
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.scorecard import ScoreCardScreen
from coach.tui.widgets.followup_view import FollowUpView
from tests.tui.pilot import burst, on_screen, open_drill, play_to_card, say, settle, text_of

pytestmark = pytest.mark.usefixtures("quiet_practice")


def kept(title: str, kind: str, days_ago: float, results: dict[str, bool]) -> SessionRecord:
    items = {
        key: {"passed": ok, "evidence": f"said {key}" if ok else None, "tip": f"try {key}",
              "weight": 1.0, "overridden": False}
        for key, ok in results.items()
    }  # fmt: skip
    return SessionRecord(
        "wont-name-a-time" if kind == "meeting_end" else "which-mike",
        title,
        kind,
        int((datetime.now() - timedelta(days=days_ago)).timestamp()),
        75.0,
        None if kind == "meeting_end" else 6.5,
        [["Prospect", "Send me something."], ["Rep", "[bold]Let's talk next week.[/]"]],
        items,
        round(100 * sum(results.values()) / len(results)),
    )


async def open_history(pilot: Pilot[None]) -> HistoryScreen:
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def test_history_shows_sessions_trends_and_the_weakest_item(
    book: Book, db_path: Path
) -> None:
    for n in range(4):
        book.save_session(
            kept("The Friendly Drifter", "meeting_end", 4 - n,
                 {"recap": n >= 2, "specific_time": False})
        )  # fmt: skip
    book.save_session(kept("Which Mike?", "callback", 0.5, {"asked_who": True}))
    app = CoachApp(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_history(pilot)
        summary = text_of(screen, "#history-summary")
        assert "5 sessions; streak" in summary
        assert "Weakest: Booked a specific time: practise 'Call Me Sometime'" in summary
        assert "wont-name-a-time" not in summary  # the app opens it with p, no id to type
        labels = [str(w.render()) for w in screen.query(".trend-label")]
        assert "Recapped their key issues" in labels
        table = screen.query_one("#sessions", DataTable)
        assert table.row_count == 5
        assert str(table.get_row_at(0)[1]) == "Which Mike?"  # newest first
        await pilot.press("k")  # callbacks only
        await settle(pilot)
        assert table.row_count == 1
        assert "callbacks" in text_of(screen, "#history-filter")
        await pilot.press("k")  # meeting endings
        await settle(pilot)
        assert table.row_count == 4
        await pilot.press("p")  # practise the weakest: the picker opens on its drill
        await settle(pilot)
        picker = pilot.app.screen
        drills = picker.query_one("#drills", OptionList)
        assert drills.highlighted is not None
        chosen = drills.get_option_at_index(drills.highlighted).id
        assert screen.summary is not None and screen.summary.drill is not None
        assert chosen == screen.summary.drill.id


async def test_opening_a_session_shows_its_card_and_transcript_literally(
    book: Book, db_path: Path
) -> None:
    session_id = book.save_session(
        kept("Won't Name a Time", "meeting_end", 1, {"recap": True, "specific_time": False})
    )
    app = CoachApp(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, ScoreCardScreen)
        items = card.query_one("#items", OptionList)
        first = str(items.get_option_at_index(0).prompt)
        assert "PASS Recapped their key issues" in first and "said recap" in first
        card.query_one("#card-tabs", TabbedContent).active = "tab-transcript"
        await settle(pilot)
        words = str(card.query_one("#transcript-text", Static).render())
        assert "Rep: [bold]Let's talk next week.[/]" in words
        card.query_one("#card-tabs", TabbedContent).active = "tab-score"
        card.query_one("#items", OptionList).focus()
        await settle(pilot)
        await pilot.press("down", "enter")  # override: "I did book a time"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HistoryScreen)  # back to History, not past it
    stored = {s.id: s for s in book.sessions()}[session_id]
    assert stored.items["specific_time"] == {**stored.items["specific_time"], "passed": True,
                                              "overridden": True}  # fmt: skip


async def test_the_callback_tab_counts_answered_voicemails(book: Book, db_path: Path) -> None:
    app = CoachApp(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_history(pilot)
        screen.query_one("#history-tabs", TabbedContent).active = "tab-callbacks"
        await settle(pilot)
        assert "No experiment running" in text_of(screen, "#report-summary")
        weeks = screen.query_one("#report-weeks", DataTable)
        assert weeks.row_count >= 12
        outbound = sum(int(str(weeks.get_row_at(i)[1])) for i in range(weeks.row_count))
        assert outbound == 8  # the fixture's calls and voicemails, all in the last 12 weeks
        legend = text_of(screen, "#report-legend")  # what the odd columns count
        assert "Received:" in legend and "Unprompted:" in legend and "Open:" in legend
        assert screen.query_one("#report-legend").region.bottom <= 35  # above the footer


async def test_e_never_replaces_a_running_experiment_and_says_why(
    book: Book, db_path: Path
) -> None:
    from datetime import date

    from coach import experiment

    earlier = date.today() - timedelta(days=20)
    experiment.start(book, earlier)
    async with CoachApp(db_path).run_test(size=(120, 36)) as pilot:
        screen = await open_history(pilot)
        screen.query_one("#history-tabs", TabbedContent).active = "tab-callbacks"
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        said = " ".join(str(n.message) for n in pilot.app._notifications)
        assert f"running since {earlier.isoformat()}" in said and "UserError" not in said
    assert experiment.started(book) == earlier


def _due(store: Book, who: str, days: float = 1.5) -> int:
    now = datetime.now().replace(second=0, microsecond=0)
    return store.save_followup(
        followups.make(
            source="meeting",
            who=who,
            company="Globex Logistics",
            email="m.okafor@globex.example",
            issues=["dispatch delays on Mondays", "drivers re-keying orders"],
            agreed="a walkthrough with the ops lead",
            benefit="Monday trucks out on time",
            meeting=now + timedelta(days=days),
            remind_days=2,
            now=now,
        )
    )


async def test_due_reminders_are_said_at_launch_and_can_be_dismissed(
    book: Book, db_path: Path, tmp_path: Path
) -> None:
    due_id = _due(book, "[red]Michael[/] Okafor")
    app = CoachApp(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        said = [n for n in app._notifications if "reminder due" in n.message]
        assert len(said) == 1
        assert "1 follow-up reminder due: [red]Michael[/] Okafor" in said[0].message
        assert said[0].markup is False  # the name is shown as typed, not as a style
        screen = await open_history(pilot)
        screen.query_one("#history-tabs", TabbedContent).active = "tab-followups"
        await settle(pilot)
        listed = screen.query_one("#followups", OptionList)
        assert "DUE [red]Michael[/] Okafor" in str(listed.get_option_at_index(0).prompt)
        view = screen.query_one("#followup-view", FollowUpView)
        shown = str(view.query_one("#followup-text", Static).render())
        assert "- dispatch delays on Mondays" in shown
        assert "What is in it for you: Monday trucks out on time." in shown
        view.focus()
        await pilot.press("w")
        await settle(pilot)
        written = sorted(p.name for p in (tmp_path / "data").rglob("followup-*"))
        assert written == [
            f"followup-{due_id}-invite.ics",
            f"followup-{due_id}-recap.txt",
            f"followup-{due_id}-reminder.txt",
        ]
        await pilot.press("d")
        await settle(pilot)
    assert book.due_followups(int(datetime.now().timestamp()) + 60) == []


async def log_meeting_for(pilot: Pilot[None], query: str) -> Screen[Any]:
    """Find someone on the lookup screen and open F9 (log meeting) on them."""
    await settle(pilot)
    await pilot.press(*query)
    await settle(pilot)
    await pilot.press("f9")
    await settle(pilot)
    return pilot.app.screen


async def fill_meeting(pilot: Pilot[None], form: Screen[Any], issues: str, when: str) -> None:
    form.query_one("#issues", Input).value = issues
    form.query_one("#benefit", Input).value = "trucks out on time"
    form.query_one("#when", Input).value = when
    form.query_one("#when", Input).focus()
    await pilot.press("enter")


async def test_log_meeting_logs_the_touch_the_next_step_and_drafts_the_follow_up(
    book: Book, db_path: Path
) -> None:
    app = CoachApp(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await log_meeting_for(pilot, "okafor")
        await fill_meeting(pilot, form, "Monday dispatch delays; re-keyed orders", "next week")
        await settle(pilot)
        assert "not a specific time" in str(form.query_one("#error", Static).render())
        form.query_one("#when", Input).value = "Thursday at 2pm"
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        view = screen.query_one("#followup-view", FollowUpView)
        assert view.followup is not None and view.followup.who == "Michael Okafor"
        assert "Thursday" in str(view.query_one("#followup-text", Static).render())
    michael = next(c for c in book.contacts([1]).values())
    touches = book.touches_for(michael.id)
    assert touches[0].kind == "meeting" and "Monday dispatch delays" in touches[0].reason
    steps = book.open_next_steps(michael.id)
    assert len(steps) == 1 and datetime.fromtimestamp(steps[0][0]).strftime("%A %H:%M") == (
        "Thursday 14:00"
    )
    assert [f.contact_id for f in book.followups()] == [michael.id]


async def test_markup_in_a_name_or_in_typed_words_is_shown_literally(
    book: Book, db_path: Path
) -> None:
    with Book.open(db_path) as writer:
        writer.set_notes(1, "")
        writer.conn.execute("UPDATE contacts SET first_name = 'Zed [/x]' WHERE id = 1")
        writer.conn.commit()
    app = CoachApp(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await log_meeting_for(pilot, "okafor")
        assert "With Zed [/x] Okafor" in str(form.query_one(".dialog-note", Static).render())
        await fill_meeting(pilot, form, "late trucks; re-keying", "Thursday [/x]")
        await settle(pilot)
        error = str(form.query_one("#error", Static).render())
        assert "'Thursday [/x]' has a day but no time" in error


async def test_a_meeting_drill_drafts_its_follow_up_on_the_score_card(
    book: Book, db_path: Path
) -> None:
    app = CoachApp(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_drill(pilot, "wont-name-a-time")
        await say(pilot, "So fuel bills are up a fifth and routes are planned on a whiteboard.")
        await say(pilot, "Did I get that right?")
        await say(pilot, "Would you like to go ahead with a route trial?")
        await say(pilot, "Then let's lock in Thursday at 10am. I'll send the invite.")
        await pilot.press("f2")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, ScoreCardScreen)
        assert "follow-up drafted: press 3" in str(card.query_one("#score", Static).render())
        await pilot.press("3")
        await settle(pilot)
        assert card.query_one("#card-tabs", TabbedContent).active == "tab-followup"
        view = card.query_one("#card-followup", FollowUpView)
        assert view.has_focus
        shown = str(view.query_one("#followup-text", Static).render())
        assert "Hi Dale," in shown and "- fuel bills up a fifth this year" in shown
        assert "Next: Thursday" in shown and "10:00 am" in shown
        assert "(practice: no reminder)" in shown
    (kept,) = book.followups(practice=True)
    session = book.sessions()[0]
    assert kept.practice and kept.session_id == session.id and kept.who == "Dale Fenwick"
    assert kept.meeting_ts is not None
    assert datetime.fromtimestamp(kept.meeting_ts).strftime("%A %H:%M") == "Thursday 10:00"
    assert book.due_followups(kept.meeting_ts - 60) == []  # practice never comes due


def _drafts(card: ScoreCardScreen) -> str:
    return str(card.query_one("#card-followup", FollowUpView).query_one(Static).render())


async def _flip(pilot: Pilot[None], card: ScoreCardScreen, key: str) -> None:
    """Enter on the score card's ``key`` item: the rep overrides it."""
    await pilot.press("1")
    items = card.query_one("#items", OptionList)
    items.focus()
    items.highlighted = next(
        n for n in range(items.option_count) if items.get_option_at_index(n).id == key
    )
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_overriding_booked_drafts_the_follow_up_again_now_and_from_history(
    book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    app = CoachApp(db_path)
    async with app.run_test(size=size) as pilot:
        card = await play_to_card(
            pilot,
            "wont-name-a-time",
            "So fuel bills are up a fifth and routes are planned on a whiteboard.",
            "Would you like to go ahead with a route trial?",
            "Then let's lock in Thursday at 10am. I'll send the invite.",
        )
        assert "Next: Thursday" in _drafts(card)
        # The rep says the scorer was wrong: Dale never really committed.
        await _flip(pilot, card, "specific_time")
        await pilot.press("3")
        await settle(pilot)
        shown = on_screen(pilot)
        assert "Next: Thursday" not in shown and "Calendar invite" not in shown
        assert "Hi Dale," in shown  # the recap itself is still there to send
        await pilot.press("escape")
        await settle(pilot)
    with Book.open(db_path) as store:
        [session] = store.sessions()
        kept = store.followup_for_session(session.id)
    assert kept is not None and kept.meeting_ts is None and not kept.booked
    assert session.items["specific_time"]["overridden"] is True
    # Opened again from History, flipped back: the meeting is drafted again, and kept.
    async with CoachApp(db_path).run_test(size=size) as pilot:
        screen = await open_history(pilot)
        screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        reopened = pilot.app.screen
        assert isinstance(reopened, ScoreCardScreen)
        await _flip(pilot, reopened, "specific_time")
        assert "Next: Thursday" in _drafts(reopened)
    with Book.open(db_path) as store:
        again = store.followup_for_session(session.id)
    assert again is not None and again.meeting_ts is not None
    assert datetime.fromtimestamp(again.meeting_ts).strftime("%A %H:%M") == "Thursday 10:00"
    assert again.created_ts == kept.created_ts  # as of the drill, not of the override


async def test_a_callback_that_booked_a_meeting_drafts_its_follow_up(
    book: Book, db_path: Path
) -> None:
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        card = await play_to_card(
            pilot,
            "which-mike",
            "Thanks for calling back. Sorry, which company are you with?",
            "I called about your refrigerated loads spoiling when the trailer temperature "
            "alarms only arrive after delivery.",
            "Could we look at it properly on Thursday at 2pm?",
            "Great, Thursday at 2pm it is. I'll send an invite.",
        )
        assert "follow-up drafted: press 3" in text_of(card, "#score")
        await pilot.press("3")
        await settle(pilot)
        assert "Next: Thursday" in on_screen(pilot) or "Next: Thursday" in _drafts(card)
        await _flip(pilot, card, "specific_time")  # "no, he never said yes"
        assert "Nothing to send: no meeting was booked on this call." in _drafts(card)
        await pilot.press("3")
        await settle(pilot)
        assert "Copy recap" not in on_screen(pilot).splitlines()[-1]  # nothing to copy
        await pilot.press("escape")
        await settle(pilot)
    with Book.open(db_path) as store:
        [session] = store.sessions()
        assert store.followup_for_session(session.id) is None


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_follow_up_drafts_scroll_to_their_end(
    book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    from coach import settings

    _due(book, "Michael Okafor")
    settings.set_name("Sam Rivera")
    async with CoachApp(db_path).run_test(size=size) as pilot:
        screen = await open_history(pilot)
        await pilot.press("3")
        await settle(pilot)
        view = screen.query_one("#followup-view", FollowUpView)
        assert view.has_focus or screen.query_one("#followups", OptionList).has_focus
        # The drafts pane sits inside the screen, above the footer…
        assert view.region.bottom <= size[1] - 1
        assert view.max_scroll_y > 0  # …and what does not fit is scrolled to, not cut
        view.focus()
        await pilot.press("end")
        await settle(pilot)
        seen = on_screen(pilot)
        # The last words, however the meeting's time made the lines wrap:
        flat = " ".join(re.sub(r"[│╭╮╰╯─▁▂▃▄▅▆▇█]", " ", seen).split())
        assert "Calendar invite" in seen and "as an .ics file with w" in flat
        assert "Sam Rivera" in seen  # the reminder is signed with the rep's name


async def test_a_tab_key_typed_straight_after_f8_opens_that_tab(book: Book, db_path: Path) -> None:
    async with CoachApp(db_path).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "f8", "3")
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.query_one("#history-tabs", TabbedContent).active == "tab-followups"
        assert screen.query_one("#followups", OptionList).has_focus


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_history_shows_delivery_trends_and_the_weakest_habit(
    book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    from coach.practice import delivery

    for n in range(4):
        figures = dict.fromkeys(delivery.KEYS)
        figures.update(basis="drill", talk_share_words=0.7 + n * 0.01)
        base = kept("Call Me Sometime", "meeting_end", 4 - n, {"recap": True})
        book.save_session(base._replace(delivery=figures))
    async with CoachApp(db_path).run_test(size=size) as pilot:
        screen = await open_history(pilot)
        summary = text_of(screen, "#history-summary")
        assert "Weakest habit: you talk 72% of the words on meeting endings" in summary
        assert "practise '" in summary
        labels = [str(w.render()) for w in screen.query(".figure .trend-label")]
        assert labels == ["Talk share"]
        rate = str(screen.query_one(".figure .trend-rate").render())
        assert rate == "72% now"
        assert "Talk share" in on_screen(pilot)  # next to the pass rates, not off screen
