"""The keys, one screen away (F1 or ?)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("/  or  Ctrl+F", "jump to the search box from anywhere"),
    ("type", "results update on every key: name, nickname, company, email, digits"),
    ("Up / Down", "move through the results; the card and the line to say follow"),
    ("Esc", "clear the search (shows the likely callers again)"),
    ("F1  or  ?", "this help"),
    ("Ctrl+P", "command palette"),
    ("Ctrl+Q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    """A list of keys; any of Esc, q, F1 or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close")
    ]

    def compose(self) -> ComposeResult:
        text = Text("Callback Coach keys\n\n", style="bold")
        for key, what in KEYS:
            text.append(f"{key:>16}  ", style="bold")
            text.append(f"{what}\n")
        with Vertical(id="help"):
            yield Static(text)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
