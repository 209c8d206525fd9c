"""Practice: pick a drill, play it (spoken prospect, live checklist), then the score card."""

from __future__ import annotations

import contextlib
import queue
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from coach import settings
from coach.book import Book
from coach.errors import UserError
from coach.practice import delivery, scenarios
from coach.practice import drills as practice
from coach.practice.prospect import Drill
from coach.practice.scenarios import Scenario
from coach.practice.scoring import IDENTIFY_LIMIT
from coach.practice.voice import Voice
from coach.text import printable
from coach.tui.messages import KEYS_HINT, OpenScoreCard
from coach.tui.widgets.mini_lookup import MiniLookup
from coach.writes import WriteQueue

if TYPE_CHECKING:
    from coach.practice.scoring import ScoreCard

#: The clock drills are timed by (tests replace it to freeze the timer).
monotonic = time.monotonic
SURPRISE = "surprise"


#: The checklist's words on a short terminal, where it is one line.
SHORT_LABELS = {
    "recap": "Recap",
    "checked_understanding": "Checked",
    "confirm_interest": "Interest",
    "specific_time": "Booked",
    "asked_who": "Asked who",
    "named_reason": "Reason",
    "kept_on_line": "Kept on",
    "time_to_identify": "Found them",
}


def drill_label(s: Scenario) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{'callback' if s.kind == 'callback' else 'meeting end':<12}", style="dim")
    text.append(f"{'*' * s.difficulty:<4}", style="bold")
    text.append(printable(s.title), style="bold")
    if s.summary:
        text.append(f"  {printable(s.summary)}", style="italic")
    return text


class PracticeScreen(Screen[None]):
    """The drill picker: "surprise me" first, then every bundled and user drill."""

    BINDINGS: ClassVar[list[BindingType]] = [
        KEYS_HINT,
        Binding("escape,f7", "app.pop_screen", "Back to lookup", id="back"),
    ]

    def __init__(self, book: Book | None, writer: WriteQueue | None, select: str = "") -> None:
        super().__init__()
        self.book = book
        self.writer = writer
        self.select = select  # a drill to highlight (History's "practise the weakest")
        self.drills, self.problems = scenarios.load_all()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Text("Practice: pick a drill and press Enter.", style="bold"), id="practice-title"
        )
        options = [
            Option(Text("Surprise me: a callback from your own book", style="bold"), SURPRISE)
        ]
        options += [Option(drill_label(s), s.id) for s in self.drills]
        yield OptionList(*options, id="drills")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        drills = self.query_one("#drills", OptionList)
        self.set_focus(drills)
        if self.select:
            with contextlib.suppress(OptionDoesNotExist):
                drills.highlighted = drills.get_option_index(self.select)
        for problem in self.problems:
            self.notify(f"Skipped a drill: {printable(str(problem))}", severity="error")

    @on(OptionList.OptionSelected, "#drills")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.start(event.option.id or "")

    def start(self, drill_id: str) -> None:
        if drill_id == SURPRISE:
            found = practice.surprise(self.book) if self.book is not None else None
            if found is None:
                self.notify("Nobody in your book has been called yet: import your calls first.")
                return
            drill, caller = found
            self.app.push_screen(DrillScreen(drill, self.writer, book=self.book, caller=caller))
            return
        scenario = next(s for s in self.drills if s.id == drill_id)
        self.app.push_screen(DrillScreen(scenario, self.writer))


class DrillScreen(Screen[None]):
    """One drill: the conversation on the left, the lookup pane on the right for callbacks."""

    #: At 80×24 the brief, the prospect's line and the checklist must all still show:
    #: ``app.tcss`` packs the drill tighter on narrow and short terminals.
    #: (Textual declares these per instance, so they cannot be ClassVar here.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012

    # Labels short enough that every key shows at 80 columns (F1 says each in full); the
    # tooltips are the palette's words.
    BINDINGS: ClassVar[list[BindingType]] = [
        KEYS_HINT,
        Binding("f2", "finish", "Score", id="finish", tooltip="Finish the drill and score it"),
        Binding("f3", "toggle_voice", "Voice", id="voice", tooltip="Voice on/off"),
        # Priority, and the focus moves at once: what is typed right after F4 or F5 goes to
        # the field the key named, not to the one the focus was leaving.
        Binding("f4", "find_caller", "Find caller", id="find-caller", priority=True),
        Binding("f5", "focus_reply", "Reply", id="focus-reply", priority=True),
        Binding("escape", "leave", "Leave", id="leave", tooltip="Leave the drill unscored"),
    ]

    def __init__(
        self,
        scenario: Scenario,
        writer: WriteQueue | None,
        *,
        book: Book | None = None,
        caller: int = 0,
        voice: Voice | None = None,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.writer = writer
        # The drill keeps time from when it opened: each turn's start and end feed the
        # delivery figures.
        self.drill = Drill(scenario, clock=lambda: monotonic() - self.started)
        self._typing_since: float | None = None  # when the reply being typed was begun
        self.voice = voice or Voice(_voice_setting())
        self.drill.voiced = self.voice.enabled  # a spoken line lasts; a shown one does not
        self.caller = caller
        self.book = book
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._to_say: queue.SimpleQueue[tuple[str, str, int]] = queue.SimpleQueue()
        self._say_lock = threading.Lock()
        self._speaking = False
        self._voice_checked = False
        self.started_wall = time.time()
        self.started = monotonic()
        self.identify_s: float | None = None
        self.card: ScoreCard | None = None

    def compose(self) -> ComposeResult:
        s = self.scenario
        yield Header()
        with Horizontal(id="drill"):
            with Vertical(id="conversation"):
                yield Static(self._brief(), id="brief")
                yield VerticalScroll(id="transcript", can_focus=False)
                yield Input(placeholder="Your reply (Enter to say it)", id="reply")
                with Horizontal(id="drill-status"):
                    yield Static(id="checklist")
                    if s.kind == "callback":
                        yield Static(id="timer")
            if s.kind == "callback" and self.book is not None:
                yield MiniLookup(self.book, id="drill-lookup")
            elif s.kind == "callback":
                yield Static(Text("Opening the practice book…", style="dim"), id="drill-book-wait")
        yield Footer(compact=True)

    def _brief(self) -> Text:
        s = self.scenario
        text = Text()
        text.append(printable(s.title), style="bold")
        text.append(f"  ({'callback' if s.kind == 'callback' else 'meeting ending'})", style="dim")
        if s.context:
            text.append(f"\n{printable(s.context)}")
        if s.kind == "meeting_end" and s.issues:
            text.append("\nTheir issues:", style="dim")
            for issue in s.issues:  # one a line: the very words the rep must play back
                text.append(f"\n • {printable(issue)}")
        return text

    def on_mount(self) -> None:
        self.sub_title = f"Practice · {printable(self.scenario.title)}"
        self.set_focus(self.query_one("#reply", Input))
        if self.scenario.kind == "callback" and self.book is None and self.scenario.book:
            self.open_practice_book()
        self._update_checklist()
        if self.scenario.kind == "callback":
            self._tick()
            self.set_interval(0.5, self._tick)
        for line in self.drill.start():
            self._prospect_says(line)
        if self.scenario.persona.silence:
            self.set_interval(0.5, self.listen)

    def listen(self) -> None:
        """Silence is part of a call: when the rep says nothing for the persona's wait, the
        prospect asks whether they are still there. The wait starts once the prospect has
        finished speaking, and a reply being typed is not silence."""
        if self._speaking or self.query_one("#reply", Input).value.strip():
            self.drill.quiet_since = None
            return
        line = self.drill.silence(monotonic())
        if line:
            self._prospect_says(line)

    # ------------------------------------------------------------ conversation
    def _add_turn(self, speaker: str, words: str, mine: bool) -> None:
        text = Text()
        text.append(f"{printable(speaker)}: ", style="bold cyan" if mine else "bold magenta")
        text.append(printable(words))
        log = self.query_one("#transcript", VerticalScroll)
        log.mount(Static(text, classes="turn rep" if mine else "turn prospect"))
        log.scroll_end(animate=False)

    def _prospect_says(self, line: str) -> None:
        self._add_turn(self.drill.shown_as(self.identify_s is not None), line, mine=False)
        persona = self.scenario.persona
        if self.voice.enabled:
            with self._say_lock:
                self._to_say.put((line, persona.voice, persona.rate))
                if not self._speaking:
                    self._speaking = True
                    self.speak()

    @work(thread=True, group="voice", exit_on_error=False)
    def speak(self) -> None:
        """Say the queued lines in order, in this thread; the UI never waits on speech.

        The worker ends when the queue is empty (the next line starts a new one), so a test
        waiting for workers never waits on an idle speaker."""
        if not self._voice_checked:
            self._voice_checked = True
            problem = self.voice.problem()  # loads the speech engine: not on the UI thread
            if problem:
                said = f"{problem[:1].upper()}{problem[1:]}; lines are shown as text."
                self.app.call_from_thread(self.notify, printable(said), severity="warning")
        while True:
            with self._say_lock:
                if self._to_say.empty():
                    self._speaking = False
                    return
                line, voice, rate = self._to_say.get()
            self.voice.speak(line, voice, rate)

    @work(thread=True, group="practice-book", exit_on_error=False)
    def open_practice_book(self) -> None:
        """Write the drill's small book to a private temporary folder, off the UI thread."""
        folder = tempfile.TemporaryDirectory(prefix="coach-drill-")
        path = Path(folder.name) / "practice.db"
        caller = practice.build_book(self.scenario, path)
        self.app.call_from_thread(self._book_ready, folder, Book.open_readonly(path), caller)

    def _book_ready(
        self, folder: tempfile.TemporaryDirectory[str], book: Book, caller: int
    ) -> None:
        self._folder, self.book, self.caller = folder, book, caller
        self.query_one("#drill-book-wait").remove()
        self.query_one("#drill", Horizontal).mount(MiniLookup(book, id="drill-lookup"))

    @on(Input.Changed, "#reply")
    def _typing(self, event: Input.Changed) -> None:
        """The rep's turn starts at their first keystroke (an emptied box starts again)."""
        if not event.value.strip():
            self._typing_since = None
        elif self._typing_since is None:
            self._typing_since = monotonic() - self.started

    @on(Input.Submitted, "#reply")
    def _replied(self, event: Input.Submitted) -> None:
        words = event.value.strip()
        if not words or self.drill.ended:
            return
        event.input.value = ""
        began, self._typing_since = self._typing_since, None
        self._add_turn("You", words, mine=True)
        for line in self.drill.reply(words, began):
            self._prospect_says(line)
        self._update_checklist()
        if self.drill.ended:
            self.action_finish()

    def _update_checklist(self) -> None:
        card = practice.final_card(self.drill, self.identify_s)
        # A short terminal (the "-short" breakpoint): items run on in lines, so the
        # conversation keeps room, and a line breaks between items, never inside one.
        short = self.app.size.height < self.VERTICAL_BREAKPOINTS[1][0]
        checklist = self.query_one("#checklist", Static)
        width = checklist.content_size.width
        text, used = Text(), 0
        for n, item in enumerate(card.items):
            piece = Text()
            if not item.needed:
                piece.append("– ", style="dim")  # nothing to do: they said who they are
            else:
                mark, style = ("✔ ", "bold green") if item.passed else ("· ", "dim")
                piece.append(mark, style=style)
            piece.append(printable(SHORT_LABELS.get(item.key, item.label) if short else item.label))
            if n and (not short or (width and used + 2 + piece.cell_len > width)):
                text.append("\n")
                used = 0
            elif n:
                text.append("  ")
                used += 2
            text.append_text(piece)
            used += piece.cell_len
        checklist.update(text)

    def on_resize(self) -> None:
        if self.query("#checklist"):
            self._update_checklist()
            self.call_after_refresh(self._update_checklist)  # once the widths are known
        if self.query("#timer"):
            self._tick()

    # -------------------------------------------------------------- identify
    def _tick(self) -> None:
        elapsed = monotonic() - self.started
        narrow = self.app.size.width < self.HORIZONTAL_BREAKPOINTS[1][0]  # a 14-column box
        limit = IDENTIFY_LIMIT
        if self.identify_s is not None:
            found = "Found in" if narrow else "Found them in"
            late = self.identify_s > limit  # the checklist says so too: not ticked
            shown = Text(
                f"{found}\n{self.identify_s:.1f} s" + (f" (>{limit:g} s)" if late else ""),
                style="bold yellow" if late else "bold green",
            )
        else:
            label = "To identify" if narrow else "Time to identify"
            clock = f"{int(elapsed) // 60}:{int(elapsed) % 60:02d}"
            shown = Text(f"{label}\n{clock} of {int(limit) // 60}:{int(limit) % 60:02d}")
            if elapsed > limit:
                shown.stylize("yellow")
        self.query_one("#timer", Static).update(shown)

    @on(MiniLookup.Selected)
    def _selected(self, event: MiniLookup.Selected) -> None:
        if self.identify_s is None and event.contact_id == self.caller:
            self.identify_s = monotonic() - self.started
            self._tick()
            self._update_checklist()

    # --------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F4 (find the caller) only where there is a lookup pane: callback drills."""
        if action == "find_caller":
            return self.scenario.kind == "callback"
        return True

    def action_find_caller(self) -> None:
        if self.query("#drill-query"):
            self.set_focus(self.query_one("#drill-query", Input))

    def action_focus_reply(self) -> None:
        self.set_focus(self.query_one("#reply", Input))

    @on(OptionList.OptionSelected, "#drill-results")
    def _picked_caller(self) -> None:
        self.action_focus_reply()

    def action_toggle_voice(self) -> None:
        self.voice.enabled = not self.voice.enabled
        self.drill.voiced = self.voice.enabled
        try:
            settings.set_voice(self.voice.enabled)
        except OSError as exc:
            self.notify(f"Could not save the setting: {exc.strerror}", severity="warning")
        except UserError as exc:
            self.notify(f"Voice setting not saved: {exc}", severity="warning")
        self.notify(f"Voice {'on' if self.voice.enabled else 'off'}.")

    def action_finish(self) -> None:
        if self.card is not None:
            return
        self.drill.finish()
        self.query_one("#reply", Input).disabled = True
        card = practice.final_card(self.drill, self.identify_s)
        self.card = card
        record = practice.record(
            self.drill, card, self.started_wall, monotonic() - self.started, self.identify_s
        )
        drill, held = self.drill, datetime.now().replace(second=0, microsecond=0)
        followup = practice.followup(drill, card, 0, now=held)
        # The session's id once the writer has kept it (overrides queued after it use it).
        session_ref = [0]
        if self.writer is not None:

            def keep(book: Book) -> int:
                session_ref[0] = practice.keep(book, record, followup)
                return session_ref[0]

            self.writer.submit(keep, label=f"the session of {self.scenario.title}")
        self.post_message(
            OpenScoreCard(
                card,
                self.writer,
                session_ref,
                self.scenario.title,
                transcript=record.transcript,
                followup=followup,
                redraft=lambda c: practice.followup(drill, c, session_ref[0], now=held),
                delivery=delivery.from_kept(record.delivery),
            )
        )

    def action_leave(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        if self._folder is not None and self.book is not None:
            self.book.close()
            self._folder.cleanup()


def _voice_setting() -> bool:
    return settings.current().voice
