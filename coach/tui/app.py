"""The Textual app: the live callback pane a rep keeps open all day."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel

from coach import pop
from coach.book import Book
from coach.errors import UserError
from coach.text import plural, printable, printable_lines
from coach.tui import messages
from coach.tui.palette import CoachCommands
from coach.tui.screens.help import HelpScreen
from coach.tui.screens.lookup import LookupScreen
from coach.writes import WriteQueue

#: How long the app's own writes wait for another program's lock before they say the book
#: is busy (they are kept and tried again; the UI never waits for them).
WRITE_WAIT_S = 2.0
#: On quit, how long to wait for writes still held back by a busy book.
CLOSE_WAIT_S = 30.0
#: How often the app checks that its terminal is still there.
TERMINAL_CHECK_S = 1.0


class CoachApp(App[None]):
    """Opens on the lookup screen over one book (the user's, or the labelled demo)."""

    CSS_PATH = "app.tcss"
    TITLE = "Callback Coach"
    COMMANDS = App.COMMANDS | {CoachCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown first by every screen as "f1 Keys" (KEYS_HINT), so it is never cut off.
        Binding("f1,question_mark", "help", "Help", id="help", show=False),
        Binding("f7", "practice", "Practice", id="practice", show=False),
        Binding("ctrl+q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, book: Path, demo: bool = False) -> None:
        super().__init__()
        self.book = book
        self.demo = demo
        self.reader: Book | None = None
        self.writes: WriteQueue | None = None
        #: Said on the terminal after the app has closed (the book could not be opened,
        #: or writes that never landed).
        self.farewell = ""
        self._pop_server: asyncio.Server | None = None
        self._pop_path: Path | None = None
        self._pop_ident = (0, 0)

    async def on_mount(self) -> None:
        try:
            writer = Book.open(self.book, wait=WRITE_WAIT_S)
            self.reader = Book.open_readonly(self.book)
        except UserError as exc:
            self.farewell = f"coach: error: {printable(str(exc))}"
            self.exit(return_code=2)
            return
        self.writes = WriteQueue(writer, report=self._write_report, call=self._from_writer)
        name = printable(self.book.name)  # a file name is data too
        self.sub_title = f"DEMO BOOK · {name}" if self.demo else name
        self.lookup_screen = LookupScreen(self.reader, self.writes, demo=self.demo)
        self.push_screen(self.lookup_screen)
        self.remind()
        self._settings_problem()
        self._watch_terminal()
        await self._listen_for_pops()

    def _watch_terminal(self) -> None:
        """Close when the terminal goes away. A window closed on an app that does not lead
        its terminal's session (started by `make run`, or from a script) sends it no hang-up:
        it would run on unseen and busy, holding the screen-pop socket from the next one."""
        stdin = sys.__stdin__
        if self.is_headless or stdin is None or not os.isatty(fd := stdin.fileno()):
            return

        def check() -> None:
            if not os.isatty(fd):  # a hung-up terminal answers as no terminal at all
                self.exit()

        self.set_interval(TERMINAL_CHECK_S, check)

    async def _listen_for_pops(self) -> None:
        """Accept `coach pop NUMBER` from this user's softphone hook (one app at a time)."""
        path = pop.socket_path()
        try:
            sock = pop.claim(path)  # never takes a live app's socket, never replaces a file
            self._pop_path, self._pop_ident = path, pop.ident(path)
            self._pop_server = await asyncio.start_unix_server(self._popped, sock=sock)
        except pop.Taken:
            self.notify("Screen pops go to the other open Callback Coach.", timeout=8)
        except OSError as exc:
            self.notify(f"Screen pop is off: {exc.strerror or exc}", severity="warning")

    async def _popped(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:  # one short line, soon: anything else is not a caller ID
            line = await asyncio.wait_for(reader.readline(), pop.READ_TIMEOUT_S)
        except (ValueError, OSError, TimeoutError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()
        number = line.decode("utf-8", "replace").strip()[: pop.MAX_LINE]
        if number:
            self.lookup_screen.pop(number)

    class WriterCall(Message):
        """A callback from the writer thread, run on the UI thread."""

        def __init__(self, fn: Callable[..., object], args: tuple[object, ...]) -> None:
            super().__init__()
            self.fn, self.args = fn, args

    def _from_writer(self, fn: Callable[..., object], *args: object) -> None:
        """Hand a write's callback to the UI thread without waiting for it (the UI may be
        waiting for the writer itself, at quit). Dropped once the app has stopped."""
        self.post_message(self.WriterCall(fn, args))

    @on(WriterCall)
    def _writer_call(self, message: WriterCall) -> None:
        message.fn(*message.args)

    def _write_report(self, kind: str, text: str) -> None:
        """What the writer thread tells the rep: a write is waiting, landed late, or failed."""
        levels: dict[str, SeverityLevel] = {"saved": "information", "error": "error"}
        severity = levels.get(kind, "warning")
        self._from_writer(lambda: self.notify(text, severity=severity, timeout=8))

    # ------------------------------------------------------------ navigation
    # Screens never import screens: they post these messages, and the app pushes.
    # A screen opened by a key is awaited until it is up and focused, so the keys typed
    # right after that one are read by it (the keys are priority bindings on the lookup).
    async def action_practice(self) -> None:
        if self.screen is self.lookup_screen:
            await self._open_practice()

    async def action_history(self, tab: str = "tab-practice") -> None:
        if self.screen is self.lookup_screen and self.reader is not None:
            await self._open_history(tab)

    async def _open_practice(self, select: str = "") -> None:
        from coach.tui.screens.practice import PracticeScreen

        await self.push_screen(PracticeScreen(self.reader, self.writes, select=select))

    async def _open_history(self, tab: str) -> None:
        from coach.tui.screens.history import HistoryScreen

        if self.reader is not None:
            await self.push_screen(HistoryScreen(self.reader, self.writes, tab=tab))

    @on(messages.OpenPractice)
    async def _practice_asked(self, message: messages.OpenPractice) -> None:
        await self._open_practice(message.select)

    @on(messages.OpenHistory)
    async def _history_asked(self, message: messages.OpenHistory) -> None:
        if self.screen is self.lookup_screen:
            await self._open_history(message.tab)

    @on(messages.OpenScoreCard)
    def _score_card_asked(self, m: messages.OpenScoreCard) -> None:
        from coach.tui.screens.scorecard import ScoreCardScreen

        closed = m.closed
        self.push_screen(
            ScoreCardScreen(m), callback=None if closed is None else lambda _: closed()
        )

    def _settings_problem(self) -> None:
        """A broken settings file, said once: the app carries on with the defaults."""
        from coach import settings

        problem = settings.current().problem
        if problem is not None:
            self.notify(
                f"Settings ignored, using the defaults: {problem}", severity="warning", timeout=30
            )

    def remind(self) -> None:
        """Due follow-up reminders, said once at launch."""
        if self.reader is None:
            return
        due = self.reader.due_followups(int(time.time()))
        if not due:
            return
        names = ", ".join(printable(f.who) for f in due[:3]) + (" …" if len(due) > 3 else "")
        self.notify(
            f"{plural(len(due), 'follow-up reminder')} due: {names}. "
            "F8 then Follow-ups to see them.",
            title="Before your next meetings",
            timeout=15,
        )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification shows its text literally: they carry names from the book, and
        "[red]Bob[/]" is a name, not a style."""
        super().notify(
            printable_lines(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_unmount(self) -> None:
        if self._pop_server is not None:
            self._pop_server.close()
        if self._pop_path is not None:  # only the socket this app made, and its lock
            pop.release(self._pop_path, self._pop_ident)
        if self.writes is not None:
            left = self.writes.close(timeout=CLOSE_WAIT_S)
            if left:
                self.farewell = (
                    f"coach: {plural(len(left), 'change')} could not be saved"
                    " (the book stayed busy):"
                    f" {printable('; '.join(left))}"
                )
        if self.reader is not None:
            self.reader.close()


def run_app(db: str | None) -> int:
    """``coach`` with no command: the app on the user's book, or on the demo book."""
    from coach.demo import book_or_demo

    book, demo = book_or_demo(db)
    Book.open(book).close()  # a bad --db is one line and exit 2, before the screen changes
    app = CoachApp(book, demo=demo)
    app.run()
    if app.farewell:
        import sys

        print(app.farewell, file=sys.stderr)
    return app.return_code or (2 if app.farewell.startswith("coach: error") else 0)
