"""A follow-up's drafts as the rep reads them."""

from __future__ import annotations

from datetime import datetime

from coach import followups
from coach.tui.widgets.followup_view import followup_text


def test_a_practice_follow_up_says_no_reminder_and_shows_none() -> None:
    made = followups.make(
        source="practice",
        who="Dale Fenwick",
        now=datetime(2026, 12, 2, 9, 0),
        issues=("fuel bills up a fifth",),
        booked="Thursday at 2pm",
        meeting=datetime(2026, 12, 10, 14, 0),
        practice=True,
    )
    shown = followup_text(made).plain
    assert "(practice: no reminder)" in shown
    assert "Reminder —" not in shown
    assert "Calendar invite" in shown  # what the drill produced is still there
    real = followup_text(made._replace(practice=False)).plain
    assert "Reminder —" in real


def test_the_next_step_example_date_is_never_in_the_past() -> None:
    from coach.tui.dialogs.forms import example_date

    assert example_date(datetime(2026, 12, 2, 9, 0)) == "2026-12-09 14:00"
    assert example_date() > datetime.now().strftime("%Y-%m-%d %H:%M")
