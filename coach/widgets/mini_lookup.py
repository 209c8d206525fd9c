"""The lookup pane beside a callback drill: the real lookup, over the drill's book."""

from __future__ import annotations

import threading
import time

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from coach.db import Store
from coach.lookup import Hit, Lookup, Result
from coach.screens.lookup import hit_label
from coach.widgets.card import ContactCard


class MiniLookup(Vertical):
    """Search box, results and card; tells the drill which contact the rep has selected."""

    class Selected(Message):
        def __init__(self, contact_id: int) -> None:
            super().__init__()
            self.contact_id = contact_id

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.engine = Lookup(store)
        self.hits: list[Hit] = []
        self._lock = threading.Lock()

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Who is it? Name, company or number", id="drill-query")
        yield OptionList(id="drill-results")
        with VerticalScroll(id="drill-card-pane"):
            yield ContactCard(id="drill-card")

    @on(Input.Changed, "#drill-query")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#drill-query")
    def _to_results(self) -> None:
        if self.hits:
            self.query_one("#drill-results", OptionList).focus()

    @work(thread=True, exclusive=True, group="drill-lookup", exit_on_error=False)
    def search(self, query: str) -> None:
        worker = get_current_worker()
        with self._lock:
            if worker.is_cancelled:
                return
            result = self.engine.search(query, limit=10) if query.strip() else Result("", [])
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, result)

    def _show(self, query: str, result: Result) -> None:
        if query != self.query_one("#drill-query", Input).value:
            return  # stale
        self.hits = list(result.hits)
        results = self.query_one("#drill-results", OptionList)
        now = time.time()
        results.set_options(Option(hit_label(h, now), id=str(i)) for i, h in enumerate(self.hits))
        if self.hits:
            results.highlighted = 0
        else:
            self.query_one("#drill-card", ContactCard).show(None, [])

    @on(OptionList.OptionHighlighted, "#drill-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if not 0 <= event.option_index < len(self.hits):
            return
        hit = self.hits[event.option_index]
        card = self.query_one("#drill-card", ContactCard)
        with self._lock:
            touches = self.store.touches_for(hit.contact.id, 5)
        card.show(hit, touches)
        self.post_message(self.Selected(hit.contact.id))
