"""The selected caller's card: who, how to reach them, and what happened last."""

from __future__ import annotations

import textwrap
import time

from rich.text import Text
from textual import events
from textual.widgets import Static

from coach.lookup.engine import Hit, ago
from coach.models import Touch
from coach.text import printable


def _safe(value: str) -> str:
    return printable(value)


WHEN, KIND = 12, 10
TOUCH_INDENT = WHEN + 2 + KIND  # where a touch's words start
LEFT = "left: "
MESSAGE_INDENT = WHEN + 2 + len(LEFT)  # where a voicemail's words start
#: An outcome the kind already says ("voicemail (left voicemail)"): not repeated.
SAYS_ITSELF = {"voicemail": "left voicemail", "email": "sent"}
COMPACT_BELOW = 60  # a card narrower than this lists touches without columns


def _hanging(
    out: Text,
    words: str,
    indent: int,
    width: int | None,
    style: str = "",
    first: int | None = None,
) -> None:
    """Append ``words`` wrapped so that every continuation line starts ``indent`` in,
    instead of at the card's left edge (Rich wraps without a hanging indent). ``first``:
    the column the first line starts at, when not ``indent``."""
    if not width or width - indent < 20:
        out.append(words, style=style)
        return
    start, room = (indent if first is None else first), width - indent
    # A word is never cut where a line ends ("re canc" / "elled"): it moves to the next
    # line. Only a word longer than a whole line (a URL) is split, at the line's length.
    pieces = [w[i : i + room] for w in words.split() for i in range(0, len(w), room)]
    if start > indent and pieces and len(pieces[0]) > width - start:
        # Not even the first word fits after what precedes it ("2 days ago · voicemail:"):
        # the words start on the next line.
        out.append("\n" + " " * indent)
        start = indent
    lines = textwrap.wrap(
        " ".join(pieces), room, initial_indent="x" * (start - indent), break_long_words=False
    ) or [""]
    out.append(lines[0][start - indent :], style=style)
    for line in lines[1:]:
        out.append("\n" + " " * indent)
        out.append(line, style=style)


def render_card(
    hit: Hit,
    touches: list[Touch],
    steps: list[tuple[int, str]],
    now: float | None = None,
    width: int | None = None,
) -> Text:
    """The card as plain text with styles: contact data is never read as markup.

    ``width`` (the card's content width) lets touch lines wrap under their own column."""
    now = time.time() if now is None else now
    c = hit.contact
    out = Text()
    out.append(_safe(c.name) or "(no name)", style="bold")
    if c.nickname:
        out.append(f" ({_safe(c.nickname)})")
    role = ", ".join(_safe(p) for p in (c.title, c.company) if p)
    if role:
        out.append(f"\n{role}")
    for phone, shown in zip(c.phones, hit.phones_human, strict=False):
        out.append(f"\n{_safe(phone.label):<7} ", style="dim")
        out.append(_safe(shown))
        if not phone.verified:
            out.append("  (unverified)", style="dim")
    for address in (c.email, *c.emails):
        if address:
            out.append("\nemail   ", style="dim")
            out.append(_safe(address))
    if hit.why:  # a likely caller, shown before anything is typed, matched nothing
        out.append("\nmatched ", style="dim")
        out.append(_safe("; ".join(hit.why)), style="italic")
    # In a narrow card (80 columns) the columns would leave the words a third of the width:
    # each touch starts "when · kind:" and its words and voicemail wrap two spaces in.
    compact = width is not None and width < COMPACT_BELOW
    if touches:
        out.append("\nLast touches" if compact else "\n\nLast touches", style="bold underline")
    for t in touches:
        outcome = "" if SAYS_ITSELF.get(t.kind) == t.outcome.lower() else t.outcome
        said = _safe(t.reason or "") + (f" ({_safe(outcome)})" if outcome else "")
        if compact:
            head = f"{ago(t.ts, now)} · {_safe(t.kind)}"
            out.append(f"\n{head}", style="dim")
            if said:
                out.append(": ", style="dim")
                _hanging(out, said, 2, width, first=len(head) + 2)
            if t.message:
                out.append("\n  " + LEFT, style="dim")
                _hanging(out, _safe(f'"{t.message}"'), 2, width, "italic", first=2 + len(LEFT))
            continue
        out.append(f"\n{ago(t.ts, now):>{WHEN}}  {_safe(t.kind):<{KIND}}", style="dim")
        _hanging(out, said, TOUCH_INDENT, width)
        if t.message:
            out.append("\n" + " " * (WHEN + 2) + LEFT, style="dim")
            _hanging(out, _safe(f'"{t.message}"'), MESSAGE_INDENT, width, "italic")
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
    """Shows one caller, or a hint when nobody is selected; rewraps when resized."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[Hit, list[Touch], list[tuple[int, str]]] | None = None
        self._width = 0

    def show(
        self, hit: Hit | None, touches: list[Touch], steps: list[tuple[int, str]] | None = None
    ) -> None:
        if hit is None:
            self._shown = None
            self.update(Text("Type a name, company, email or the number on screen.", style="dim"))
        else:
            self._shown = (hit, touches, steps or [])
            self._draw()

    def _draw(self) -> None:
        if self._shown is not None:
            hit, touches, steps = self._shown
            self._width = self.content_size.width
            self.update(render_card(hit, touches, steps, width=self._width))

    def on_resize(self, event: events.Resize) -> None:
        if self.content_size.width != self._width:  # a new height alone needs no rewrap
            self._draw()
