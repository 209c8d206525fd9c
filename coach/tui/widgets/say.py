"""The "say this now" panel: an honest line for the next few seconds."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from coach.text import printable


class SayThis(Static):
    """One or two lines to say, shown large enough to read aloud."""

    def say(self, lines: list[str]) -> None:
        text = Text("Say this now  ", style="bold reverse")
        for n, line in enumerate(lines):
            text.append(("\n" if n else " ") + printable(line))
        self.update(text)
