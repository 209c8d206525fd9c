"""The score card after a drill, or opened from History: each item with its quoted evidence and
tip (overridable), the transcript, and for a meeting ending the follow-up drafts."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from coach.book import Book
from coach.practice import delivery
from coach.practice.delivery import Delivery
from coach.practice.drills import DRAFTED_FROM
from coach.practice.scoring import ItemScore
from coach.text import printable
from coach.tui.messages import KEYS_HINT, OpenScoreCard
from coach.tui.widgets.followup_view import FollowUpView
from coach.tui.widgets.tabs import NumberedTabs, number_keys

#: The Follow-up tab of a drill that produced nothing to send (no meeting booked on a callback,
#: or the rep overrode the booking away).
NOTHING_TO_SEND = "Nothing to send: no meeting was booked on this call."
GUTTER = 5  # "PASS " / "MISS " / "N/A  ": the item's words line up after it


def item_text(item: ItemScore, width: int | None = None, console: Console | None = None) -> Text:
    """One item: its mark, then the label, the quoted words and the tip. Given the
    ``width`` it is shown in, every line after the first wraps under the label, never back
    under the mark."""
    body = Text()
    if not item.needed:
        mark = Text("N/A  ", style="bold dim")
        body.append(printable(item.label), style="bold dim")
        body.append("  (not needed: not scored)", style="dim")
    else:
        mark = Text("PASS ", style="bold green") if item.passed else Text("MISS ", style="bold red")
        body.append(printable(item.label), style="bold")
    if item.overridden:
        body.append("  (your call)", style="italic yellow")
    if item.evidence:
        body.append("\n“")
        body.append(printable(item.evidence), style="italic")
        body.append("”")
    if not item.passed and item.needed and item.tip:
        body.append("\ntip: ", style="dim")
        body.append(printable(item.tip))
    lines = (
        body.split("\n")
        if width is None or console is None
        else body.wrap(console, max(10, width - GUTTER))
    )
    text = mark
    for n, line in enumerate(lines):
        if n:
            text.append("\n" + " " * GUTTER)
        text.append_text(line)
    return text


GLYPHS = {
    "r": ("█", "bold cyan"),
    "p": ("▒", "magenta"),
    "b": ("▓", "bold yellow"),
    " ": ("·", "dim"),
}


def delivery_text(d: Delivery, width: int, tips: list[delivery.Tip]) -> Text:
    """The Delivery tab: talk share as a bar, who spoke when as a strip across the width,
    the figures, and a tip for each one outside its band."""
    width = max(20, width)
    text = Text()
    share = d.talk_share_words if d.basis == "drill" else d.talk_share
    text.append("Talk share  ", style="bold")
    if share is not None:
        bar = max(10, min(40, width - 24))
        filled = round(share * bar)
        text.append("█" * filled, style="cyan")
        text.append("░" * (bar - filled), style="dim")
        by = " of the words" if d.basis in ("drill", "words") else " of the time"
        text.append(f"  {delivery.shown(share, '%')}{by}")
    else:
        text.append("– (nobody spoke)", style="dim")
    if d.timeline:
        text.append("\n\nWho spoke when\n", style="bold")
        for code in delivery.strip(d.timeline, width):
            glyph, style = GLYPHS[code]
            text.append(glyph, style=style)
        text.append("\n")
        for code, name in (("r", "you"), ("p", "them"), ("b", "both"), (" ", "silence")):
            glyph, style = GLYPHS[code]
            text.append(glyph, style=style)
            text.append(f" {name}   ", style="dim")
    text.append("\n\n")
    for n, line in enumerate(delivery.lines(d)):
        text.append(printable(line) + "\n", style="bold" if n == 0 else "")
    if d.basis == "drill":
        text.append(
            "You typed your replies: the clock times typing, so there is no pace, talk"
            " share is judged by words, and the rest follows the drill's clock.\n",
            style="dim",
        )
    for tip in tips:
        text.append("tip: ", style="bold yellow")
        text.append(printable(tip.text) + "\n")
    if not tips:
        text.append("Every figure is inside its band.", style="green")
    return text


def transcript_text(transcript: list[list[str]]) -> Text:
    text = Text()
    for speaker, words in transcript:
        text.append(f"{printable(speaker)}: ", style="bold")
        text.append(printable(words) + "\n")
    return text


class ScoreCardScreen(NumberedTabs):
    """Enter on an item flips it ("I did recap"); the override is kept with the session."""

    TABS = "#card-tabs"
    FOCUS: ClassVar[dict[str, str]] = {
        "tab-score": "#items",
        "tab-transcript": "#transcript",
        "tab-followup": "#card-followup",
        "tab-delivery": "#card-delivery",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        KEYS_HINT,
        Binding("escape", "done", "Back", id="done"),
        *number_keys(
            ("tab-score", "Score"),
            ("tab-transcript", "Transcript"),
            ("tab-followup", "Follow-up"),
            ("tab-delivery", "Delivery"),
        ),
    ]

    def __init__(self, shown: OpenScoreCard) -> None:
        """The card the app was asked to show (:class:`~coach.tui.messages.OpenScoreCard`)."""
        super().__init__()
        self.card = shown.card
        self.writer = shown.writer
        #: The session's id, in a list the writer fills in when the session was only
        #: just queued for saving (overrides queued after it then find it).
        self.session_ref = shown.session if isinstance(shown.session, list) else [shown.session]
        self.title_text = shown.title
        self.transcript = shown.transcript
        self.followup = shown.followup
        self.redraft = shown.redraft
        self.delivery = shown.delivery
        self.bands = delivery.current_bands()
        #: Straight after a drill, Back goes past the finished drill to the picker.
        self.after_drill = shown.after_drill

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="score")
        with TabbedContent(id="card-tabs"):
            with TabPane("1 Score", id="tab-score"):
                yield OptionList(id="items")
                yield Static(
                    Text(
                        "Enter on an item to override it when the scorer got it wrong.", style="dim"
                    ),
                    id="score-help",
                )
            with TabPane("2 Transcript", id="tab-transcript"), VerticalScroll(id="transcript"):
                yield Static(transcript_text(self.transcript), id="transcript-text")
            if self.followup is not None or self.redraft is not None:
                with TabPane("3 Follow-up", id="tab-followup"):
                    yield FollowUpView(self.followup, empty=NOTHING_TO_SEND, id="card-followup")
            if self.delivery is not None:
                # Key 4 whether or not there is a Follow-up tab: keys never change meaning.
                with TabPane("4 Delivery", id="tab-delivery"), VerticalScroll(id="card-delivery"):
                    yield Static(id="delivery-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = f"Score card · {printable(self.title_text)}"
        self._show()
        self.query_one("#items", OptionList).focus()
        self.call_after_refresh(self._show)  # again once the list knows its width

    def on_resize(self) -> None:
        self._show()  # the items wrap to the new width

    def _show(self) -> None:
        score = Text(f"Score {self.card.score}/100", style="bold")
        score.append(f"   {printable(self.title_text)}", style="dim")
        if self.followup is not None:
            score.append("   follow-up drafted: press 3", style="italic")
        self.query_one("#score", Static).update(score)
        items = self.query_one("#items", OptionList)
        keep = items.highlighted
        width = items.scrollable_content_region.width or None
        items.set_options(
            Option(item_text(i, width, self.app.console), i.key) for i in self.card.items
        )
        if self.card.items:
            items.highlighted = keep if keep is not None else 0
        if self.delivery is not None:
            pane = self.query_one("#card-delivery", VerticalScroll)
            width = pane.scrollable_content_region.width or self.app.size.width - 4
            self.query_one("#delivery-text", Static).update(
                delivery_text(self.delivery, width, delivery.tips(self.delivery, self.bands))
            )

    @on(OptionList.OptionSelected, "#items")
    def _flip(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        item = next(i for i in self.card.items if i.key == key)
        self.card = self.card.override(key, not item.passed)
        redrafted = self.redraft is not None and key in DRAFTED_FROM
        if redrafted and self.redraft is not None:  # the drafts say what the card now says
            self.followup = self.redraft(self.card)
            self.query_one("#card-followup", FollowUpView).show(self.followup)
        if self.writer is not None:
            ref, items, score = self.session_ref, self.card.as_json()["items"], self.card.score
            followup = self.followup

            def keep(book: Book) -> None:
                if ref[0]:
                    with book.transaction():
                        book.update_session_items(ref[0], items, score)
                        if redrafted:
                            book.redraft_session_followup(ref[0], followup)

            self.writer.submit(keep, label="your override", key=("override", id(ref)))
        self._show()

    def action_done(self) -> None:
        self.app.pop_screen()
        if self.after_drill:
            self.app.pop_screen()
