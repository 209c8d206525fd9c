"""The selected caller's card: who, how to reach them, and what happened last."""

from __future__ import annotations

import time

from rich.text import Text
from textual.widgets import Static

from coach.lookup import Hit, ago
from coach.models import Touch
from coach.text import printable


def _safe(value: str) -> str:
    return printable(value)


def render_card(
    hit: Hit, touches: list[Touch], steps: list[tuple[int, str]], now: float | None = None
) -> Text:
    """The card as plain text with styles: contact data is never read as markup."""
    now = time.time() if now is None else now
    c = hit.contact
    out = Text()
    out.append(_safe(c.name) or "(no name)", style="bold")
    role = ", ".join(_safe(p) for p in (c.title, c.company) if p)
    if role:
        out.append(f"\n{role}")
    for phone, shown in zip(c.phones, hit.phones_human, strict=False):
        out.append(f"\n{phone.label:<7} ", style="dim")
        out.append(_safe(shown))
    if c.email:
        out.append("\nemail   ", style="dim")
        out.append(_safe(c.email))
    out.append("\nmatched ", style="dim")
    out.append(_safe("; ".join(hit.why)), style="italic")
    if touches:
        out.append("\n\nLast touches", style="bold underline")
    for t in touches:
        out.append(f"\n{ago(t.ts, now):>12}  {t.kind:<10}", style="dim")
        out.append(_safe(t.reason or ""))
        if t.outcome:
            out.append(f" ({_safe(t.outcome)})", style="dim")
        if t.message:
            out.append("\n              left: ", style="dim")
            out.append(_safe(f'"{t.message}"'), style="italic")
    if steps:
        out.append("\n\nNext steps", style="bold underline")
    for due, what in steps:
        out.append(f"\n{time.strftime('%a %d %b %H:%M', time.localtime(due))}  ", style="dim")
        out.append(_safe(what))
    if c.notes:
        out.append("\n\nNotes\n", style="bold underline")
        out.append("\n".join(_safe(line) for line in c.notes.splitlines()))
    return out


class ContactCard(Static):
    """Shows one caller, or a hint when nobody is selected."""

    def show(
        self, hit: Hit | None, touches: list[Touch], steps: list[tuple[int, str]] | None = None
    ) -> None:
        if hit is None:
            self.update(Text("Type a name, company, email or the number on screen.", style="dim"))
        else:
            self.update(render_card(hit, touches, steps or []))
