"""A follow-up's drafts (recap email, reminder, invite) with keys to copy or write them."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from coach import followups
from coach.errors import UserError
from coach.locations import data_dir
from coach.models import FollowUp
from coach.text import printable


def drafts_folder() -> Path:
    """Where ``w`` writes drafts: private, beside the book's data."""
    return data_dir() / "followups"


def followup_text(f: FollowUp) -> Text:
    """The drafts as the rep reads them; every text from the book is shown literally."""
    text = Text()
    text.append(printable(followups.summary(f)), style="bold")
    if f.practice:
        text.append("  (practice: no reminder)", style="dim")
    text.append("\n\nRecap email — send today\n", style="bold underline")
    text.append(printable(followups.recap_email(f).as_text()))
    reminder = followups.reminder_email(f)
    if reminder is not None and f.remind_ts is not None:
        text.append(f"\nReminder — {followups.when_text(f.remind_ts)}\n", style="bold underline")
        text.append(printable(reminder.as_text()))
    if f.meeting_ts is not None:
        text.append("\nCalendar invite\n", style="bold underline")
        text.append(
            f"{followups.when_text(f.meeting_ts, f.minutes)}"
            + (f", invite to {printable(f.email)}" if f.email else "")
            + ": written as an .ics file with w\n"
        )
    return text


class FollowUpView(VerticalScroll, can_focus=True):
    """Shows one follow-up. ``c`` copies the recap, ``r`` the reminder, ``w`` writes all three
    drafts (recap, reminder, .ics) as files in the data folder."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_recap", "Copy recap"),
        Binding("r", "copy_reminder", "Copy reminder"),
        Binding("w", "write", "Write files"),
    ]

    def __init__(self, followup: FollowUp | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.followup = followup

    def compose(self) -> ComposeResult:
        yield Static(id="followup-text")

    def on_mount(self) -> None:
        self.show(self.followup)

    def show(self, followup: FollowUp | None) -> None:
        self.followup = followup
        body = (
            followup_text(followup)
            if followup is not None
            else Text("No follow-up here yet.", style="dim")
        )
        self.query_one("#followup-text", Static).update(body)

    def action_copy_recap(self) -> None:
        if self.followup is not None:
            self.app.copy_to_clipboard(followups.recap_email(self.followup).as_text())
            self.notify("Recap email copied to the clipboard.")

    def action_copy_reminder(self) -> None:
        if self.followup is None:
            return
        reminder = followups.reminder_email(self.followup)
        if reminder is None:
            self.notify("No meeting was booked, so there is no reminder.", severity="warning")
            return
        self.app.copy_to_clipboard(reminder.as_text())
        self.notify("Pre-meeting email copied to the clipboard.")

    def action_write(self) -> None:
        if self.followup is None:
            return
        try:
            written = followups.write_files(self.followup, drafts_folder())
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"Wrote {len(written)} file(s) to {drafts_folder()}")
