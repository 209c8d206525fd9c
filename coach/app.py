"""The Textual app: the live callback pane a rep keeps open all day."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from coach.commands import CoachCommands
from coach.db import Store
from coach.screens.help import HelpScreen
from coach.screens.lookup import LookupScreen


class CoachApp(App[None]):
    """Opens on the lookup screen over one book (the user's, or the labelled demo)."""

    CSS_PATH = "app.tcss"
    TITLE = "Callback Coach"
    COMMANDS = App.COMMANDS | {CoachCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", id="help"),
        Binding("ctrl+q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, book: Path, demo: bool = False) -> None:
        super().__init__()
        self.book = book
        self.demo = demo
        self.store: Store | None = None
        self.writer: Store | None = None

    def on_mount(self) -> None:
        self.writer = Store.open(self.book)
        self.store = Store.open_readonly(self.book)
        self.sub_title = f"DEMO BOOK · {self.book.name}" if self.demo else self.book.name
        self.push_screen(LookupScreen(self.store, self.writer, demo=self.demo))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_unmount(self) -> None:
        for store in (self.store, self.writer):
            if store is not None:
                store.close()


def run_app(db: str | None) -> int:
    """``coach`` with no command: the app on the user's book, or on the demo book."""
    from coach.overview import pick_book

    book, demo = pick_book(db)
    CoachApp(book, demo=demo).run()
    return 0
