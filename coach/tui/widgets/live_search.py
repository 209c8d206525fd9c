"""Live lookup shared by the lookup screen and a drill's lookup pane.

Every keystroke runs the lookup in an exclusive thread worker (a newer keystroke cancels the
older one) and results for a query the box no longer holds are dropped.
"""

from __future__ import annotations

import threading
import time
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from coach.lookup.engine import Hit, Result, ago
from coach.text import printable


def hit_label(hit: Hit, now: float, two_lines: bool = False) -> Text:
    """A hit in the results list: name and company, then when we last reached them (and,
    for a likely caller, why). ``two_lines`` puts when and why on a line of their own, for
    a list too narrow to show them after the company (80 columns, a drill's side pane)."""
    c = hit.contact
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(printable(c.name) or "(no name)", style="bold")
    if c.company:
        text.append(f" · {printable(c.company)}")
    after = "\n  " if two_lines else "  "
    if c.last_touch_ts:
        text.append(after)
        text.append(ago(c.last_touch_ts, now), style="dim")
        after = "  "
    if hit.score == 0 and hit.last_touch is not None and hit.last_touch.reason:
        # A likely caller (empty box): why we reached out is what the rep needs first.
        said = f"{hit.last_touch.kind}: {hit.last_touch.reason}"
        text.append(after)
        text.append(printable(said), style="italic")
    return text


def hit_labels(hits: list[Hit], now: float, width: int) -> list[Text]:
    """Each hit on one line where it fits in ``width`` cells (0: not laid out yet), else on
    two: when we reached them is never lost under the ellipsis."""
    labels = [hit_label(h, now) for h in hits]
    if not width:
        return labels
    return [
        label if label.cell_len <= width else hit_label(h, now, two_lines=True)
        for h, label in zip(hits, labels, strict=True)
    ]


class LiveSearch(DOMNode):
    """Mixin for a screen or widget with a search box (``BOX``) and results (``RESULTS``).

    Subclasses give :meth:`find` (runs in the worker, under ``search_lock``) and may react in
    :meth:`shown` once the list holds the new results (the top one highlighted)."""

    # Up and Down walk the results from the box, so the rep never has to leave it.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "next_result", "Next", show=False),
        Binding("up", "previous_result", "Previous", show=False),
    ]

    BOX: ClassVar[str]
    RESULTS: ClassVar[str]
    hits: list[Hit]
    search_lock: threading.Lock

    def find(self, query: str) -> Result:
        raise NotImplementedError

    def shown(self, query: str, result: Result) -> None:
        """Called on the UI thread after the results list was filled."""

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def search(self, query: str) -> None:
        """Run the lookup off the UI thread; a newer keystroke makes this one stale."""
        worker = get_current_worker()
        with self.search_lock:
            if worker.is_cancelled:
                return
            result = self.find(query)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._list, query, result)

    def _list(self, query: str, result: Result) -> None:
        if query != self.query_one(self.BOX, Input).value:
            return  # stale: the rep has typed on since
        self.hits = list(result.hits)
        results = self.query_one(self.RESULTS, OptionList)
        labels = hit_labels(self.hits, time.time(), results.scrollable_content_region.width)
        results.set_options(Option(label, id=str(i)) for i, label in enumerate(labels))
        if self.hits:
            results.highlighted = 0
        self.shown(query, result)

    def on_resize(self) -> None:
        # The list's width decides one line or two per hit: lay the hits out again for it
        # once the new size has been laid out (a label stays where it is, cursor and all).
        self.call_after_refresh(self._relabel)

    def _relabel(self) -> None:
        results = self.query_one(self.RESULTS, OptionList)
        if results.option_count != len(self.hits):
            return  # the list is being refilled
        width = results.scrollable_content_region.width
        for i, label in enumerate(hit_labels(self.hits, time.time(), width)):
            results.replace_option_prompt_at_index(i, label)

    def action_next_result(self) -> None:
        self.query_one(self.RESULTS, OptionList).action_cursor_down()

    def action_previous_result(self) -> None:
        self.query_one(self.RESULTS, OptionList).action_cursor_up()

    def to_results(self) -> None:
        """Enter in the box moves to the results, top one selected, ready for Up/Down."""
        if self.hits:
            self.query_one(self.RESULTS, OptionList).focus()
