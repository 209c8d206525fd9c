"""The live callback pane: type what the caller gives you, see who it is, say the right thing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static

from coach import logbook, settings
from coach.book import Book
from coach.errors import UserError
from coach.lookup import bridge, callerid, whisper
from coach.lookup.engine import Hit, Lookup, Result, close_calls, last_reached
from coach.models import ContactIn, Touch, TouchIn
from coach.practice.voice import Voice
from coach.text import printable
from coach.tui.dialogs.forms import (
    AddContactDialog,
    LogMeetingDialog,
    LogTouchDialog,
    NextStepDialog,
    NotesDialog,
)
from coach.tui.messages import KEYS_HINT, OpenHistory
from coach.tui.widgets.card import ContactCard
from coach.tui.widgets.live_search import LiveSearch
from coach.tui.widgets.say import SayThis
from coach.writes import WriteQueue

LIKELY = 20


class LookupScreen(LiveSearch, Screen[None]):
    """Search box on top, results on the left, the caller's card on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # F1 first and Practice next, so they show even at 80 columns; the labels are short
        # so that every key fits there (F1 lists them all with what they do).
        KEYS_HINT,
        Binding("f7", "app.practice", "Practice", id="practice", priority=True),
        Binding("f8", "app.history", "History", id="history", priority=True),
        Binding("slash,ctrl+f", "focus_search", "Search", id="search", show=False),
        Binding("escape", "clear", "Clear", id="clear", show=False),
        # The keys that open a form are priority bindings whose actions wait for the form to
        # be up and focused: what the rep types right after the key lands in the form, not
        # in the search box below it (an ordinary binding runs only after the keys already
        # read have gone to the focused box).
        Binding("f2", "log_callback", "Callback", id="log-callback"),
        Binding("f3", "notes", "Notes", id="notes", priority=True),
        Binding("f4", "next_step", "Next", id="next-step", priority=True),
        Binding("f5", "log_touch", "Touch", id="log-touch", priority=True),
        Binding("f6", "add_contact", "Add", id="add-contact", priority=True),
        Binding("f9", "log_meeting", "Meeting", id="log-meeting", priority=True),
        Binding("ctrl+z", "undo", "Undo", id="undo", show=False),
    ]

    BOX = "#query"
    RESULTS = "#results"

    def __init__(self, reader: Book, writes: WriteQueue, demo: bool = False) -> None:
        super().__init__()
        self.reader = reader  # read here, on the UI thread only
        # The lookup worker's own connection: an sqlite3 connection must not run queries
        # from two threads at once (that crashed the process). Closed under the lock.
        self.search_reader = Book.open_readonly(reader.path)
        self.writes = writes  # every write goes through the app's writer thread
        #: The last touch logged here, while it can be undone: (touch id, who).
        self.undoable: tuple[int, str] | None = None
        #: The call on the card: whose, their notes when it began, the touch logged for it.
        self.call: logbook.CallNotes | None = None
        #: Speaks the whisper when a call pops (``[lookup] whisper``); said to be mute once.
        self.whisper_voice = Voice(True)
        self._whisper_for: str | None = None  # the popped query whose results it waits for
        self._whisper_mute_said = False
        self.demo = demo
        self.engine = Lookup(self.search_reader)
        self.lines_problem = ""
        try:
            self.lines = bridge.load_lines(_user_bridges())
        except UserError as exc:  # a broken bridges.toml must not keep the app from opening
            self.lines, self.lines_problem = bridge.load_lines(None), str(exc)
        self.hits: list[Hit] = []
        self.result: Result | None = None
        #: Seconds from the last keystroke to its results on screen (read by `make bench`).
        self.latency = 0.0
        self._typed_at = 0.0
        self._shown: tuple[object, ...] | None = None
        self._read: tuple[int, object, list[Touch], list[tuple[int, str]]] | None = None
        self._unsure: tuple[str, list[Hit]] | None = None  # several as likely: (query, them)
        self.search_lock = threading.Lock()

    def compose(self) -> ComposeResult:
        yield Header()
        if self.demo:
            yield Static(
                Text(
                    # Whole at 80 columns: the command is what the rep needs from it.
                    " DEMO BOOK: invented people. Import yours: coach import contacts FILE.csv ",
                    style="bold reverse",
                ),
                id="demo-banner",
            )
        yield Input(placeholder="Who is calling? Name, company, email or number", id="query")
        with Horizontal(id="panes"):
            yield OptionList(id="results")
            with VerticalScroll(id="card-pane"):
                yield ContactCard(id="card")
        yield SayThis(id="say")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        if self.lines_problem:
            self.notify(
                f"Using the shipped lines: {printable(self.lines_problem)}", severity="error"
            )
        self.search("")
        self._version = self.reader.data_version()
        self.set_interval(1.0, self.check_book)

    def check_book(self) -> None:
        """Another program wrote to the book (``coach log`` from a dialer's hook, a second
        app): show what is there now."""
        if self.reader.data_version() != self._version:
            self.refresh_results()

    # ------------------------------------------------------------ searching
    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        self._typed_at = time.perf_counter()
        self.search(event.value)

    @on(Input.Submitted, "#query")
    def _to_results(self) -> None:
        self.to_results()

    def find(self, query: str) -> Result:
        if query.strip():
            return self.engine.search(query, limit=LIKELY)
        return self.engine.likely_callers(LIKELY)

    def shown(self, query: str, result: Result) -> None:
        self.result = result
        results = self.query_one("#results", OptionList)
        results.border_title = "Likely callers" if not query.strip() else f"{len(self.hits)} found"
        # Several as likely as the top one: the line asks until the rep picks someone.
        close = close_calls(result) if query.strip() else []
        self._unsure = (query, close) if len(close) > 1 else None
        self._select(self.hits[0] if self.hits else None)
        self.latency = time.perf_counter() - self._typed_at
        if self._whisper_for is not None and query == self._whisper_for:
            self._whisper_for = None
            self.whisper(self._whisper_line(result))

    def _whisper_line(self, result: Result) -> str:
        if self._unsure is not None:
            return whisper.several([h.contact for h in self._unsure[1]])
        if not self.hits:
            return whisper.NEW_CALLER
        top = self.hits[0]
        touches = self._read[2] if self._read and self._read[0] == top.contact.id else []
        return whisper.brief(top.contact, last_reached(touches), time.time())

    @work(thread=True, group="whisper", exclusive=True, exit_on_error=False)
    def whisper(self, line: str) -> None:
        """Say the pop's one line, off the UI thread; with no way to play it, say so once
        (a notice, never an error)."""
        voice = self.whisper_voice
        problem = voice.problem()
        if problem is None and voice.speak(line):
            return
        if not self._whisper_mute_said:
            self._whisper_mute_said = True
            why = problem or "the audio player failed (no sound device?)"
            self.app.call_from_thread(
                self.notify,
                f"The whisper is on but cannot be heard: {printable(why)}",
                severity="warning",
                timeout=8,
            )

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if index != 0:
            self._unsure = None  # the rep moved to someone: the line follows them
        self._select(self.hits[index] if 0 <= index < len(self.hits) else None)

    @on(OptionList.OptionSelected, "#results")
    def _chose(self, event: OptionList.OptionSelected) -> None:
        if self._unsure is not None:
            self._unsure = None
            index = event.option_index
            self._select(self.hits[index] if 0 <= index < len(self.hits) else None)

    def _select(self, hit: Hit | None) -> None:
        # Who is on the card, and whether the line is still asking which of several it is.
        asking = self._unsure[0] if self._unsure is not None else None
        shown = (hit.contact.id, hit.last_touch, tuple(hit.why), asking) if hit else None
        if shown is not None and shown == self._shown:
            return  # already on the card (set directly, then again by the highlight event)
        self._shown = shown
        card = self.query_one("#card", ContactCard)
        say = self.query_one("#say", SayThis)
        if hit is None:
            card.show(None, [])
            if self.result is not None and self.result.new_caller:
                card.update(Text("New caller: not in your book.", style="bold"))
                say.say(bridge.new_caller(self.lines))
            else:
                say.say([bridge.unsure(self.lines)])
            return
        # One read of the touches serves the card and the line (this runs per keystroke), and
        # the next keystroke that keeps the same person on top (why they matched changes)
        # reads nothing again.
        cid = hit.contact.id
        if self.call is None or self.call.contact_id != cid:
            self.call = logbook.CallNotes(cid, hit.contact.notes)
        if self._read is None or self._read[:2] != (cid, hit.last_touch):
            self._read = (cid, hit.last_touch, self.reader.touches_for(cid, 10),
                          self.reader.open_next_steps(cid))  # fmt: skip
        touches, steps = self._read[2], self._read[3]
        card.show(hit, touches[:5], steps)
        if self._unsure is not None:
            say.say([bridge.which_one(self.lines, *self._unsure)])
            return
        last = last_reached(touches)
        # Only their own call back so far (just added with F6): nothing to pick up from.
        touched = any(t.kind != "callback" for t in touches)
        say.say([bridge.for_contact(self.lines, hit.contact, last, touched=touched)])

    # -------------------------------------------------------------- actions
    def pop(self, number: str) -> None:
        """The phone is ringing: put the caller ID in the box (the lookup follows). Any
        shape a softphone writes is read (``"Name" <sip:…>``, ``tel:``, ``number@host``);
        a withheld number empties the box and says so."""
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        caller = callerid.parse(number)
        self.call = None  # a new call: notes typed from now on are its own
        speak = settings.current().whisper
        box = self.query_one("#query", Input)
        # The whisper waits for this query's results (the lookup follows the box).
        self._whisper_for = printable(caller.query) if speak and not caller.withheld else None
        query = printable(caller.query)  # caller ID from a phone hook is data
        if box.value == query:
            self.search(query)  # the same caller again: no change event, so look up here
        box.value = query
        box.focus()
        if speak and caller.withheld:
            self.whisper(whisper.WITHHELD)
        if caller.withheld:
            self.notify("Incoming call, number withheld: ask who is calling.", timeout=10)
            return
        who = f"{caller.name} " if caller.name and caller.number else ""
        self.notify(f"Incoming call: {printable(who + caller.query)}")

    def on_unmount(self) -> None:
        with self.search_lock:  # never while a search is running on it
            self.search_reader.close()

    def action_focus_search(self) -> None:
        self.query_one("#query", Input).focus()

    def action_clear(self) -> None:
        box = self.query_one("#query", Input)
        box.value = ""
        box.focus()

    # ------------------------------------------------------ call actions
    def selected(self) -> Hit | None:
        index = self.query_one("#results", OptionList).highlighted
        return self.hits[index] if index is not None and 0 <= index < len(self.hits) else None

    def _need_caller(self) -> Hit | None:
        hit = self.selected()
        if hit is None:
            self.notify("Pick the caller first (type to find them).", severity="warning")
        return hit

    def refresh_results(self) -> None:
        self._shown = self._read = None  # something was written: read and redraw the card
        # Seen now, whoever wrote it: the app's own write is not read a second time when
        # the poll (:meth:`check_book`) comes round.
        self._version = self.reader.data_version()
        self.search(self.query_one("#query", Input).value)

    def action_log_callback(self) -> None:
        hit = self._need_caller()
        if hit is None:
            return
        cid, who = hit.contact.id, printable(hit.contact.name)

        def logged(touch_id: int) -> None:
            if not touch_id:
                self.notify(f"Callback from {who} was already logged this second.")
                return
            self._logged_in_call(cid, touch_id)
            self.undoable = (touch_id, who)
            self.notify(f"Callback from {who} logged. Ctrl+Z undoes it.")
            self.refresh_results()

        notes = self._call_notes(cid)
        self.writes.submit(
            lambda book: logbook.log_callback(book, cid, notes=notes),
            label=f"callback from {who}",
            done=logged,
        )

    def action_undo(self) -> None:
        """Take back the touch just logged (F2 pressed twice, say)."""
        if self.undoable is None:
            self.notify("Nothing to undo.")
            return
        touch_id, who = self.undoable
        self.undoable = None

        if self.call is not None and self.call.touch_id == touch_id:
            self.call.touch_id = 0

        def undone(found: bool) -> None:
            self.notify(f"Callback from {who} taken back." if found else "Already gone.")
            self.refresh_results()

        self.writes.submit(
            lambda book: book.delete_touch(touch_id), label=f"undo for {who}", done=undone
        )

    async def action_notes(self) -> None:
        hit = self._need_caller()
        if hit is not None:
            contact = self.reader.contacts([hit.contact.id])[hit.contact.id]
            dialog = NotesDialog(self.writes, contact.id, contact.name, contact.notes)
            await self.app.push_screen(dialog, lambda text: self._notes_closed(contact.id, text))

    # The notes typed during a call go with the touch logged for it (written back to the
    # CRM), whether they are typed before the touch is logged or after.
    def _call_notes(self, contact_id: int) -> str:
        call = self.call
        if call is None or call.contact_id != contact_id:
            return ""
        if call.latest is None:
            call.latest = self.reader.contacts([contact_id])[contact_id].notes
        return call.typed(call.latest)

    def _logged_in_call(self, contact_id: int, touch_id: int) -> None:
        if self.call is not None and self.call.contact_id == contact_id and touch_id:
            self.call.touch_id = touch_id

    def _notes_closed(self, contact_id: int, text: str | None) -> None:
        call = self.call
        if text is not None and call is not None and call.contact_id == contact_id:
            call.latest = text
            if call.touch_id:
                touch_id, typed = call.touch_id, call.typed(text)
                self.writes.submit(
                    lambda book: book.set_touch_notes(touch_id, typed),
                    label="the call's notes",
                    key=("touch-notes", touch_id),
                )
        self.refresh_results()

    async def action_next_step(self) -> None:
        hit = self._need_caller()
        if hit is not None:
            await self.app.push_screen(NextStepDialog(hit.contact.id), self._next_step_typed)

    def _next_step_typed(self, step: logbook.NextStep | None) -> None:
        if step is not None:
            self._save(lambda book: logbook.save_next_step(book, step), "the next step")

    async def action_log_touch(self) -> None:
        hit = self._need_caller()
        if hit is None:
            return
        cid = hit.contact.id
        last = last_reached(self.reader.touches_for(cid, 10))

        def typed(touch: TouchIn | None) -> None:
            if touch is None:
                return
            notes = self._call_notes(cid)

            def saved(touch_id: int) -> None:
                self._logged_in_call(cid, touch_id)
                self.notify("Saved.")
                self.refresh_results()

            self.writes.submit(
                lambda book: book.log_touch(cid, touch, notes=notes), label="the touch", done=saved
            )

        dialog = LogTouchDialog(last.reason if last else "", last.message if last else "")
        await self.app.push_screen(dialog, typed)

    async def action_add_contact(self) -> None:
        typed = self.query_one("#query", Input).value
        number = typed if self.result is not None and self.result.is_number else ""
        if number and self.result is not None and self.result.hits:
            # The number is someone's already: show them instead of adding a twin.
            owner = self.result.hits[0].contact
            self.query_one("#results", OptionList).highlighted = 0
            self._select(self.result.hits[0])
            self.notify(
                f"{printable(number)} is already {printable(owner.name)}"
                + (f", {printable(owner.company)}" if owner.company else "")
                + ": they are on screen. Clear the box and press F6 to add someone else.",
                severity="warning",
            )
            return
        await self.app.push_screen(AddContactDialog(number), self._caller_typed)

    def _caller_typed(self, contact: ContactIn | None) -> None:
        if contact is not None:
            self._save(lambda book: logbook.add_caller(book, contact), "the new caller")

    async def action_log_meeting(self) -> None:
        hit = self._need_caller()
        if hit is None:
            return
        contact = self.reader.contacts([hit.contact.id])[hit.contact.id]
        await self.app.push_screen(LogMeetingDialog(contact), self._meeting_typed)

    def _meeting_typed(self, meeting: logbook.Meeting | None) -> None:
        if meeting is None:
            return

        def saved(_: object) -> None:
            self.notify("Meeting logged; the follow-up is drafted.")
            self.refresh_results()
            self.post_message(OpenHistory("tab-followups"))

        notes = self._call_notes(meeting.contact_id)
        self.writes.submit(
            lambda book: logbook.log_meeting(book, meeting, notes=notes),
            label="the meeting and its follow-up",
            done=saved,
        )

    def _save(self, write: Callable[[Book], object], label: str) -> None:
        def saved(_: object) -> None:
            self.notify("Saved.")
            self.refresh_results()

        self.writes.submit(write, label=label, done=saved)


def _user_bridges() -> Path:
    from coach.locations import config_dir

    return config_dir() / "bridges.toml"
