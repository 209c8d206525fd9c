"""What the rep sees in practice, pinned: the picker, a callback drill, and the score card."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from coach.book import Book
from coach.tui.app import CoachApp
from tests.tui.pilot import pick, still

SnapCompare = Callable[..., bool]


pytestmark = pytest.mark.usefixtures("quiet_practice")


def drill(drill_id: str, *replies: str, finish: bool = False) -> Callable[[Pilot[None]], Any]:
    async def run_before(pilot: Pilot[None]) -> None:
        await still(pilot)
        await pilot.press("f7")
        await pilot.pause()
        if not drill_id:
            await still(pilot)
            return
        pick(pilot.app.screen.query_one("#drills", OptionList), drill_id)
        await pilot.press("enter")
        await still(pilot)
        for words in replies:
            await pilot.press(*list(words), "enter")
            await still(pilot)
        if finish:
            await pilot.press("f2")
        await still(pilot)

    return run_before


def test_practice_picker(snap_compare: SnapCompare, book: Book, db_path: Path) -> None:
    assert snap_compare(CoachApp(db_path), terminal_size=(120, 36), run_before=drill(""))


def test_callback_drill_with_lookup_pane(
    snap_compare: SnapCompare, book: Book, db_path: Path
) -> None:
    run = drill("which-mike", "Thanks for calling back. Sorry, which company are you with?")
    assert snap_compare(CoachApp(db_path), terminal_size=(120, 36), run_before=run)


def test_score_card(snap_compare: SnapCompare, book: Book, db_path: Path) -> None:
    run = drill("wont-name-a-time", "Let's talk again next week sometime.", finish=True)
    assert snap_compare(CoachApp(db_path), terminal_size=(120, 36), run_before=run)


def test_meeting_drill_at_80x24(snap_compare: SnapCompare, book: Book, db_path: Path) -> None:
    run = drill("wont-name-a-time", "So your fuel bills are up a fifth this year.", "Sounds good.")
    assert snap_compare(CoachApp(db_path), terminal_size=(80, 24), run_before=run)


def test_callback_drill_at_80x24(snap_compare: SnapCompare, book: Book, db_path: Path) -> None:
    run = drill("which-mike", "Thanks for calling back. Sorry, which company are you with?")
    assert snap_compare(CoachApp(db_path), terminal_size=(80, 24), run_before=run)
