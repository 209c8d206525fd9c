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


def hit_label(hit: Hit, now: float) -> Text:
    """One line in the results list: name, company, and when we last reached them."""
    c = hit.contact
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(printable(c.name) or "(no name)", style="bold")
    if c.company:
        text.append(f" · {printable(c.company)}")
    if c.last_touch_ts:
        text.append(f"  {ago(c.last_touch_ts, now)}", style="dim")
    if hit.score == 0 and hit.last_touch is not None and hit.last_touch.reason:
        # A likely caller (empty box): why we reached out is what the rep needs first.
        said = f"{hit.last_touch.kind}: {hit.last_touch.reason}"
        text.append(f"  {printable(said)}", style="italic")
    return text


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
        now = time.time()
        results.set_options(Option(hit_label(h, now), id=str(i)) for i, h in enumerate(self.hits))
        if self.hits:
            results.highlighted = 0
        self.shown(query, result)

    def action_next_result(self) -> None:
        self.query_one(self.RESULTS, OptionList).action_cursor_down()

    def action_previous_result(self) -> None:
        self.query_one(self.RESULTS, OptionList).action_cursor_up()

    def to_results(self) -> None:
        """Enter in the box moves to the results, top one selected, ready for Up/Down."""
        if self.hits:
            self.query_one(self.RESULTS, OptionList).focus()
