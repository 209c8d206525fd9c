"""Forms the rep fills in during or right after a call: notes, next step, touch, new contact.

A form checks what was typed and returns the write to make (a :data:`Write`: a function of
the writer's :class:`Book`); the screen hands it to the app's write queue, so a busy book
never freezes the form. Notes are the exception: they are queued on every keystroke.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from coach import followups, settings
from coach.book import Book
from coach.importers.calls import parse_when
from coach.lookup.phones import parse_phone
from coach.models import Contact, ContactIn, TouchIn
from coach.practice.timespec import is_past, mentions, resolve
from coach.text import printable, printable_lines
from coach.writes import WriteQueue

#: What a form returns: the write to make, run on the writer thread.
Write = Callable[[Book], Any]

OUTBOUND_KINDS = ("voicemail", "call", "email", "meeting")


class NotesDialog(ModalScreen[None]):
    """Notes typed during a call, saved on every keystroke: a closed terminal loses nothing.

    Each keystroke queues the whole text; a save still waiting (the book busy, the disk
    full) is replaced by the newer text, so the last thing typed is what lands."""

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
        area.focus()
        area.move_cursor(area.document.end)

    @on(TextArea.Changed, "#notes")
    def _save(self, event: TextArea.Changed) -> None:
        text, cid = event.text_area.text, self.contact_id
        if text == self.notes:
            return  # the text it opened with: nothing to write
        self.writes.submit(
            lambda store: store.set_notes(cid, text),
            label=f"notes on {printable(self.contact_name)}",
            key=("notes", cid),
        )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class _Form(ModalScreen["Write | None"]):
    """A small form: fields, an error line, Save and Cancel. Dismissed with the write to
    make (Save) or None (Cancel)."""

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

    def save(self) -> Write:
        """Check the fields (ValueError says what is wrong) and return the write."""
        raise NotImplementedError

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        try:
            write = self.save()
        except ValueError as exc:
            self.fail(str(exc))
            return
        self.dismiss(write)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class NextStepDialog(_Form):
    """What was agreed and when: a specific time, not "next week"."""

    TITLE = "Next step"

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id

    def fields(self) -> ComposeResult:
        yield Input(placeholder="When: Thursday at 2pm, or 2026-11-27 14:00", id="when")
        yield Input(placeholder="What was agreed: demo for their ops team", id="what")

    def save(self) -> Write:
        when, what = self.value("#when"), self.value("#what")
        if not when or not what:
            raise ValueError("say when (a day and a time) and what was agreed")
        cid, due = self.contact_id, booked_time(when)
        return lambda store: store.add_next_step(cid, due, what)


def booked_time(text: str) -> int:
    """Unix seconds for a next meeting typed as said ("Thursday at 2pm") or as a date.
    A vague "next week" or "Tuesday morning" is refused, naming what is missing."""
    now = datetime.now().replace(second=0, microsecond=0)
    found = resolve(text, now)
    if found is not None:
        return int(found.timestamp())
    kinds = {m.kind for m in mentions(text)}
    if not kinds & {"day", "clock"} or kinds == {"vague"}:
        with contextlib.suppress(ValueError):
            return parse_when(text)
    if "day" in kinds and "clock" in kinds and not is_past(text):
        raise ValueError(f"{text!r} has already passed: book a time still ahead")
    if "day" in kinds and "clock" not in kinds:
        raise ValueError(f"{text!r} has a day but no time: add one, like 'at 2pm'")
    if "clock" in kinds and "day" not in kinds:
        raise ValueError(f"{text!r} has a time but no day: add one, like 'Thursday'")
    raise ValueError(
        f"{text!r} is not a specific time: say a day and a time, like 'Thursday at 2pm'"
    )


class LogMeetingDialog(_Form):
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

    def save(self) -> Write:
        issues = [i.strip() for i in self.value("#issues").split(";") if i.strip()]
        if not issues:
            raise ValueError(
                "write their key issues (separate them with ;): the recap is built on them"
            )
        if not self.value("#benefit"):
            raise ValueError("say what is in it for them: the recap and the reminder lead with it")
        when = self.value("#when")
        if not when:
            raise ValueError("book the next meeting: a day and a time, like 'Thursday at 2pm'")
        meeting_ts = booked_time(when)
        now = datetime.now().replace(second=0, microsecond=0)
        if meeting_ts <= now.timestamp():
            raise ValueError(f"{when!r} has already passed")
        minutes, days = settings.followup_timing(lenient=True)
        draft = followups.make(
            source="meeting",
            who=self.contact.name,
            company=self.contact.company,
            email=self.contact.email,
            issues=issues,
            agreed=self.value("#agreed"),
            benefit=self.value("#benefit"),
            booked=when,
            meeting=datetime.fromtimestamp(meeting_ts),
            minutes=minutes,
            remind_days=days,
            now=now,
            contact_id=self.contact.id,
        )
        cid = self.contact.id
        touch = TouchIn(
            line=0,
            ts=int(now.timestamp()),
            kind="meeting",
            outcome="next meeting booked",
            reason="; ".join(issues),
        )
        agreed = self.value("#agreed") or "follow-up meeting"

        def write(store: Book) -> int:
            with store.transaction():
                store.log_touch(cid, touch)
                store.add_next_step(cid, meeting_ts, agreed)
                return store.save_followup(draft)

        return write


class LogTouchDialog(_Form):
    """Log an outbound touch right after it happened: what kind, why, what was left."""

    TITLE = "Log an outbound touch"

    def __init__(self, contact_id: int, reason: str, message: str) -> None:
        super().__init__()
        self.contact_id = contact_id
        # Prefilled from the book: shown with control characters made visible, so an
        # escape sequence in a CRM note never reaches the terminal from an input box.
        self.last_reason, self.last_message = printable(reason), printable(message)

    def fields(self) -> ComposeResult:
        yield Select(
            [(k, k) for k in OUTBOUND_KINDS], value="voicemail", id="kind", allow_blank=False
        )
        yield Input(placeholder="Outcome: left voicemail, no answer…", id="outcome")
        yield Input(self.last_reason, placeholder="Why you reached out", id="reason")
        yield Input(self.last_message, placeholder="The message you left", id="message")

    def save(self) -> Write:
        kind = str(self.query_one("#kind", Select).value)
        if not self.value("#reason"):
            raise ValueError("say why you reached out: it is what the callback will be about")
        touch = TouchIn(
            line=0,
            ts=int(time.time()),
            kind=kind,
            outcome=self.value("#outcome"),
            reason=self.value("#reason"),
            message=self.value("#message"),
        )
        cid = self.contact_id
        return lambda store: store.log_touch(cid, touch)


class AddContactDialog(_Form):
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

    def save(self) -> Write:
        first, last = self.value("#first"), self.value("#last")
        if not (first or last):
            raise ValueError("a name, please: first or last")
        phones = [parse_phone(self.value("#phone"))] if self.value("#phone") else []
        contact = ContactIn(
            line=0,
            first_name=first,
            last_name=last,
            company=self.value("#company"),
            email=self.value("#email").lower(),
            phones=phones,
        )
        callback = TouchIn(line=0, ts=int(time.time()), kind="callback")

        def write(store: Book) -> int:
            with store.transaction():
                added = store.add_contact(contact)
                store.log_touch(added, callback)
            return added

        return write
