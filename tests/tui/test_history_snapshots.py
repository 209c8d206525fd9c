"""The History screen pinned: practice summary with trends and sessions, and the follow-ups
tab, on a book whose every date is fixed (the screen is given its own "now")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from coach import followups
from coach.book import Book
from coach.models import SessionRecord, TouchIn
from coach.tui.app import CoachApp
from coach.tui.screens.history import HistoryScreen

SnapCompare = Callable[..., bool]
NOW = datetime(2026, 11, 24, 12, 0)

pytestmark = pytest.mark.usefixtures("quiet_practice")


def fixed_book(path: Path) -> None:
    with Book.open(path) as store:
        for n in range(8):
            results = {
                "recap": n >= 3,
                "checked_understanding": n % 2 == 0,
                "confirm_interest": True,
                "specific_time": n >= 6,
            }
            store.save_session(
                SessionRecord(
                    "wont-name-a-time" if n % 2 else "friendly-drifter",
                    "Won't Name a Time" if n % 2 else "The Friendly Drifter",
                    "meeting_end",
                    int((NOW - timedelta(days=7 - n, hours=2)).timestamp()),
                    80.0 + n,
                    None,
                    [["Rep", "hello"]],
                    {
                        k: {
                            "passed": v,
                            "evidence": None,
                            "tip": "",
                            "weight": 1.0,
                            "overridden": False,
                        }
                        for k, v in results.items()
                    },
                    round(100 * sum(results.values()) / 4),
                )
            )
        store.save_followup(
            followups.make(
                source="practice",
                who="Dale Ruiz",
                company="Ruiz Haulage",
                issues=["fuel bills up a fifth", "routes planned on a whiteboard"],
                benefit="less fuel burned at the docks",
                meeting=NOW + timedelta(days=2, hours=2),
                now=NOW - timedelta(hours=1),
                practice=True,
            )
        )
        from coach.models import ContactIn

        cid = store.add_contact(ContactIn(line=0, first_name="Ana", last_name="Silva"))
        for days, kind in ((20, "voicemail"), (18, "callback"), (9, "call"), (3, "voicemail")):
            ts = int((NOW - timedelta(days=days)).timestamp())
            store.log_touch(cid, TouchIn(line=0, ts=ts, kind=kind))


def history(tab: str) -> Callable[[Pilot[None]], Any]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app = pilot.app
        assert isinstance(app, CoachApp) and app.reader is not None
        app.push_screen(HistoryScreen(app.reader, app.writes, tab=tab, now=NOW.timestamp()))
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.screen.query_one("#history-tabs", TabbedContent).active = tab
        await pilot.pause()
        await pilot.pause()

    return run_before


def test_history_practice_tab(snap_compare: SnapCompare, tmp_path: Path) -> None:
    fixed_book(tmp_path / "book.db")
    app = CoachApp(tmp_path / "book.db")
    assert snap_compare(app, terminal_size=(120, 36), run_before=history("tab-practice"))


def test_history_followups_tab(snap_compare: SnapCompare, tmp_path: Path) -> None:
    fixed_book(tmp_path / "book.db")
    app = CoachApp(tmp_path / "book.db")
    assert snap_compare(app, terminal_size=(100, 30), run_before=history("tab-followups"))
