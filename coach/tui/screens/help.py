"""The keys, one screen away (F1 or ?)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("Lookup", ""),
    ("/  or  Ctrl+F", "jump to the search box"),
    ("type", "name, nickname, company, email or digits"),
    ("Up/Down  Esc", "walk the results; clear (likely callers)"),
    ("F2  F3  F4", "log callback; notes; next step"),
    ("F5  F6", "log an outbound touch; add the caller"),
    ("F9", "log a meeting that just ended; drafts follow-up"),
    ("Practice", ""),
    ("F7", "pick a drill (Esc back to lookup)"),
    ("Enter", "say your reply to the prospect"),
    ("F4  F5", "find the caller in the pane; back to reply"),
    ("F2  F3", "finish and score; voice on/off"),
    ("Enter on an item", "override the scorer (it is kept)"),
    ("1  2  3  4", "score card: score, transcript, follow-up, delivery"),
    ("History", ""),
    ("F8  1 2 3", "History; tabs: practice, callbacks, follow-ups"),
    ("k  p  Enter", "kind filter; practise weakest; open session"),
    ("c  r  w  d", "copy recap, reminder; write files; dismiss"),
    ("", ""),
    ("F1  or  ?", "this help      Ctrl+P  palette      Ctrl+Q  quit"),
]


class HelpScreen(ModalScreen[None]):
    """A list of keys; any of Esc, q, F1 or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close")
    ]

    def compose(self) -> ComposeResult:
        text = Text("Callback Coach keys\n\n", style="bold")
        for key, what in KEYS:
            if key and not what:
                text.append(f"{key}\n", style="bold underline")
                continue
            text.append(f"{key:>16}  ", style="bold")
            text.append(f"{what}\n")
        with VerticalScroll(id="help"):
            yield Static(text)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
