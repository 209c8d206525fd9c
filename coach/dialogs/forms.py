"""Forms the rep fills in during or right after a call: notes, next step, touch, new contact.

Each writes through the store and reports what it did; none keeps state of its own.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from coach.db import Store
from coach.importers.calls import parse_when
from coach.models import ContactIn, TouchIn
from coach.phones import parse_phone
from coach.text import printable

OUTBOUND_KINDS = ("voicemail", "call", "email", "meeting")


class NotesDialog(ModalScreen[None]):
    """Notes typed during a call, saved on every keystroke: a closed terminal loses nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Done")]

    def __init__(self, store: Store, contact_id: int, name: str, notes: str) -> None:
        super().__init__()
        self.store, self.contact_id, self.notes = store, contact_id, notes
        self.contact_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            who = printable(self.contact_name)
            yield Label(f"Notes on {who} (saved as you type; Esc when done)")
            yield TextArea(self.notes, id="notes")

    def on_mount(self) -> None:
        area = self.query_one("#notes", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(TextArea.Changed, "#notes")
    def _save(self, event: TextArea.Changed) -> None:
        self.store.set_notes(self.contact_id, event.text_area.text)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class _Form(ModalScreen[bool]):
    """A small form: fields, an error line, Save and Cancel."""

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
        self.query_one("#error", Static).update(printable(message))

    def save(self) -> None:
        raise NotImplementedError

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        try:
            self.save()
        except ValueError as exc:
            self.fail(str(exc))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class NextStepDialog(_Form):
    """What was agreed and when: a specific time, not "next week"."""

    TITLE = "Next step"

    def __init__(self, store: Store, contact_id: int) -> None:
        super().__init__()
        self.store, self.contact_id = store, contact_id

    def fields(self) -> ComposeResult:
        yield Input(placeholder="When: 2026-11-27 14:00", id="when")
        yield Input(placeholder="What was agreed: demo for their ops team", id="what")

    def save(self) -> None:
        when, what = self.value("#when"), self.value("#what")
        if not when or not what:
            raise ValueError("say when (a date and time) and what was agreed")
        self.store.add_next_step(self.contact_id, parse_when(when), what)


class LogTouchDialog(_Form):
    """Log an outbound touch right after it happened: what kind, why, what was left."""

    TITLE = "Log an outbound touch"

    def __init__(self, store: Store, contact_id: int, reason: str, message: str) -> None:
        super().__init__()
        self.store, self.contact_id = store, contact_id
        self.last_reason, self.last_message = reason, message

    def fields(self) -> ComposeResult:
        yield Select(
            [(k, k) for k in OUTBOUND_KINDS], value="voicemail", id="kind", allow_blank=False
        )
        yield Input(placeholder="Outcome: left voicemail, no answer…", id="outcome")
        yield Input(self.last_reason, placeholder="Why you reached out", id="reason")
        yield Input(self.last_message, placeholder="The message you left", id="message")

    def save(self) -> None:
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
        self.store.log_touch(self.contact_id, touch)


class AddContactDialog(_Form):
    """A new caller: name, company and the number they called from."""

    TITLE = "Add the caller to your book"

    def __init__(self, store: Store, number: str = "") -> None:
        super().__init__()
        self.store, self.number = store, number
        self.added: int | None = None

    def fields(self) -> ComposeResult:
        yield Input(placeholder="First name", id="first")
        yield Input(placeholder="Last name", id="last")
        yield Input(placeholder="Company", id="company")
        yield Input(self.number, placeholder="Phone", id="phone")
        yield Input(placeholder="Email", id="email")

    def save(self) -> None:
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
        self.added = self.store.add_contact(contact)
        self.store.log_touch(self.added, TouchIn(line=0, ts=int(time.time()), kind="callback"))
