"""Forms the rep fills in during or right after a call: notes, next step, touch, new contact.

A form checks what was typed with the core (:mod:`coach.logbook`, which says what is wrong)
and returns the checked entry; the screen hands the write to the app's write queue, so a
busy book never freezes the form. Notes are the exception: they are queued on every
keystroke.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from coach import logbook
from coach.errors import UserError
from coach.models import Contact, ContactIn, TouchIn
from coach.text import printable, printable_lines
from coach.writes import WriteQueue

T = TypeVar("T")


class NotesDialog(ModalScreen[str]):
    """Notes typed during a call, saved on every keystroke: a closed terminal loses nothing.

    Each keystroke queues the whole text; a save still waiting (the book busy, the disk
    full) is replaced by the newer text, so the last thing typed is what lands. Returns the
    notes as they are when it closes (the call's own notes are worked out from them)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Done")]

    def __init__(self, writes: WriteQueue, contact_id: int, name: str, notes: str) -> None:
        super().__init__()
        # Shown with control characters made visible: notes can come from a CRM export.
        self.writes, self.contact_id, self.notes = writes, contact_id, printable_lines(notes)
        self.contact_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            who = printable(self.contact_name)
            yield Label(Text(f"Notes on {who} (saved as you type; Esc when done)"))
            yield TextArea(self.notes, id="notes")

    def on_mount(self) -> None:
        area = self.query_one("#notes", TextArea)
        self.set_focus(area)  # now, not on the next turn: keys typed already are for it
        area.move_cursor(area.document.end)

    @on(TextArea.Changed, "#notes")
    def _save(self, event: TextArea.Changed) -> None:
        text, cid = event.text_area.text, self.contact_id
        if text == self.notes:
            return  # the text it opened with: nothing to write
        self.writes.submit(
            lambda book: book.set_notes(cid, text),
            label=f"notes on {printable(self.contact_name)}",
            key=("notes", cid),
        )

    async def action_dismiss(self, result: str | None = None) -> None:
        self.dismiss(self.query_one("#notes", TextArea).text if result is None else result)


def example_date(now: datetime | None = None) -> str:
    """A date a week ahead at 2 pm, written as the field takes it: never one in the past."""
    day = (now or datetime.now()) + timedelta(days=7)
    return f"{day:%Y-%m-%d} 14:00"


class _Form(ModalScreen["T | None"], Generic[T]):
    """A small form: fields, an error line, Save and Cancel. Dismissed with the checked
    entry (Save) or None (Cancel)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    TITLE = ""

    def fields(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.TITLE, classes="dialog-title")
            yield from self.fields()
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def fail(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(printable(message)))

    def check(self) -> T:
        """What was typed, checked by the core (UserError says what is wrong)."""
        raise NotImplementedError

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        try:
            entry = self.check()
        except UserError as exc:
            self.fail(str(exc))
            return
        self.dismiss(entry)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class NextStepDialog(_Form[logbook.NextStep]):
    """What was agreed and when: a specific time, not "next week"."""

    TITLE = "Next step"

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id

    def fields(self) -> ComposeResult:
        yield Input(placeholder=f"When: Thursday at 2pm, or {example_date()}", id="when")
        yield Input(placeholder="What was agreed: demo for their ops team", id="what")

    def check(self) -> logbook.NextStep:
        return logbook.next_step(self.contact_id, self.value("#when"), self.value("#what"))


class LogMeetingDialog(_Form[logbook.Meeting]):
    """A meeting just ended: what they said, what was agreed, what is in it for them, and the
    next meeting. Logs the meeting and the next step, and drafts the follow-up."""

    TITLE = "Log a meeting that just ended"

    def __init__(self, contact: Contact) -> None:
        super().__init__()
        self.contact = contact

    def fields(self) -> ComposeResult:
        yield Label(Text(f"With {printable(self.contact.name)}"), classes="dialog-note")
        yield Input(placeholder="Their key issues, separated by ;", id="issues")
        yield Input(placeholder="What was agreed: a walkthrough with their ops lead", id="agreed")
        yield Input(
            placeholder="What is in it for them: same-day dispatch, no re-keying", id="benefit"
        )
        yield Input(placeholder="Next meeting: Thursday at 2pm", id="when")

    def check(self) -> logbook.Meeting:
        return logbook.meeting(
            self.contact,
            issues=self.value("#issues"),
            agreed=self.value("#agreed"),
            benefit=self.value("#benefit"),
            when=self.value("#when"),
        )


class LogTouchDialog(_Form[TouchIn]):
    """Log an outbound touch right after it happened: what kind, why, what was left."""

    TITLE = "Log an outbound touch"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__()
        # Prefilled from the book: shown with control characters made visible, so an
        # escape sequence in a CRM note never reaches the terminal from an input box.
        self.last_reason, self.last_message = printable(reason), printable(message)

    def fields(self) -> ComposeResult:
        yield Select(
            [(k, k) for k in logbook.OUTBOUND_KINDS],
            value="voicemail",
            id="kind",
            allow_blank=False,
        )
        yield Input(placeholder="Outcome: left voicemail, no answer…", id="outcome")
        yield Input(self.last_reason, placeholder="Why you reached out", id="reason")
        yield Input(self.last_message, placeholder="The message you left", id="message")

    def check(self) -> TouchIn:
        return logbook.outbound(
            str(self.query_one("#kind", Select).value),
            self.value("#outcome"),
            self.value("#reason"),
            self.value("#message"),
        )


class AddContactDialog(_Form[ContactIn]):
    """A new caller: name, company and the number they called from."""

    TITLE = "Add the caller to your book"

    def __init__(self, number: str = "") -> None:
        super().__init__()
        self.number = printable(number)  # caller ID from a phone hook is data

    def fields(self) -> ComposeResult:
        yield Input(placeholder="First name", id="first")
        yield Input(placeholder="Last name", id="last")
        yield Input(placeholder="Company", id="company")
        yield Input(self.number, placeholder="Phone", id="phone")
        yield Input(placeholder="Email", id="email")

    def check(self) -> ContactIn:
        return logbook.new_caller(
            self.value("#first"),
            self.value("#last"),
            self.value("#company"),
            self.value("#phone"),
            self.value("#email"),
        )
