"""A follow-up's drafts (recap email, reminder, invite) with keys to copy or write them."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from coach import followups
from coach.errors import UserError
from coach.locations import drafts_dir
from coach.models import FollowUp
from coach.text import plural, printable, printable_lines


def followup_text(f: FollowUp) -> Text:
    """The drafts as the rep reads them; every text from the book is shown literally."""
    text = Text()
    text.append(printable(followups.summary(f)), style="bold")
    if f.practice:
        text.append("  (practice: no reminder)", style="dim")
    text.append("\n\nRecap email — send today\n", style="bold underline")
    text.append(printable_lines(followups.recap_email(f).as_text()))
    if followups.signature() == followups.signature(""):
        text.append(
            '(unsigned: coach settings --name "Your Name" signs your emails)\n', style="dim"
        )
    reminder = followups.reminder_email(f)
    if reminder is not None and f.remind_ts is not None and not f.practice:
        text.append(f"\nReminder — {followups.when_text(f.remind_ts)}\n", style="bold underline")
        text.append(printable_lines(reminder.as_text()))
    if f.meeting_ts is not None:
        text.append("\nCalendar invite\n", style="bold underline")
        text.append(
            f"{followups.when_text(f.meeting_ts, f.minutes)}"
            + (f", invite to {printable(f.email)}" if f.email else "")
            + ": written as an .ics file with w\n"
        )
    return text


class DraftKeys(Widget):
    """``c`` copies the recap, ``r`` the pre-meeting reminder, ``w`` writes all three drafts
    (recap, reminder, .ics) as files in the data folder. Active while focus is inside."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_recap", "Copy recap"),
        Binding("r", "copy_reminder", "Copy reminder"),
        Binding("w", "write", "Write files"),
    ]

    def current(self) -> FollowUp | None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """With nothing to send, the draft keys leave the footer."""
        if action in {"copy_recap", "copy_reminder", "write"}:
            return self.current() is not None
        return True

    def action_copy_recap(self) -> None:
        if (f := self.current()) is not None:
            self.app.copy_to_clipboard(followups.recap_email(f).as_text())
            self.notify("Recap email copied to the clipboard.")

    def action_copy_reminder(self) -> None:
        if (f := self.current()) is None:
            return
        reminder = followups.reminder_email(f)
        if reminder is None:
            self.notify("No meeting was booked, so there is no reminder.", severity="warning")
            return
        self.app.copy_to_clipboard(reminder.as_text())
        self.notify("Pre-meeting email copied to the clipboard.")

    def action_write(self) -> None:
        if (f := self.current()) is None:
            return
        try:
            written = followups.write_files(f, drafts_dir())
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"Wrote {plural(len(written), 'file')} to {drafts_dir()}")


class FollowUpView(DraftKeys, VerticalScroll, can_focus=True):
    """Shows one follow-up's drafts, scrolled when they are longer than the pane."""

    # DraftKeys comes first in the bases, so its Widget defaults (overflow hidden) would win
    # over VerticalScroll's: say it here.
    DEFAULT_CSS = """
    FollowUpView {
        overflow-y: auto;
    }
    """

    def __init__(
        self,
        followup: FollowUp | None = None,
        *,
        empty: str = "No follow-up here yet.",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.followup = followup
        self.empty = empty  # what shows when there is no follow-up

    def compose(self) -> ComposeResult:
        yield Static(id="followup-text")

    def on_mount(self) -> None:
        self.show(self.followup)

    def current(self) -> FollowUp | None:
        return self.followup

    def show(self, followup: FollowUp | None) -> None:
        self.followup = followup
        self.refresh_bindings()  # the draft keys come and go with it
        body = followup_text(followup) if followup is not None else Text(self.empty, style="dim")
        self.query_one("#followup-text", Static).update(body)


class FollowUpsPane(DraftKeys, Horizontal):
    """A list of follow-ups beside the chosen one's drafts; the keys work from either."""

    def current(self) -> FollowUp | None:
        return self.query_one(FollowUpView).followup
