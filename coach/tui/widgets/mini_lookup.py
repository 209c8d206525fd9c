"""The lookup pane beside a callback drill: the real lookup, over the drill's book."""

from __future__ import annotations

import threading

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList

from coach.book import Book
from coach.lookup.engine import Hit, Lookup, Result
from coach.tui.widgets.card import ContactCard
from coach.tui.widgets.live_search import LiveSearch


class MiniLookup(LiveSearch, Vertical):
    """Search box, results and card; tells the drill which contact the rep has selected."""

    class Selected(Message):
        def __init__(self, contact_id: int) -> None:
            super().__init__()
            self.contact_id = contact_id

    BOX = "#drill-query"
    RESULTS = "#drill-results"

    def __init__(self, book: Book, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Its own connection, used under ``search_lock`` only (worker and UI thread alike).
        self.reader = Book.open_readonly(book.path)
        self.engine = Lookup(self.reader)
        self.hits: list[Hit] = []
        self.search_lock = threading.Lock()

    def on_unmount(self) -> None:
        with self.search_lock:
            self.reader.close()

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Name, company or number", id="drill-query")
        yield OptionList(id="drill-results")
        with VerticalScroll(id="drill-card-pane"):
            yield ContactCard(id="drill-card")

    @on(Input.Changed, "#drill-query")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#drill-query")
    def _to_results(self) -> None:
        self.to_results()

    def on_mount(self) -> None:
        self.shown("", Result("", []))

    def find(self, query: str) -> Result:
        return self.engine.search(query, limit=10) if query.strip() else Result("", [])

    def shown(self, query: str, result: Result) -> None:
        # No hits, no list: an empty frame reads as broken; the card says what to type.
        self.query_one("#drill-results", OptionList).display = bool(self.hits)
        if not self.hits:
            self.query_one("#drill-card", ContactCard).show(None, [])

    @on(OptionList.OptionHighlighted, "#drill-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if not 0 <= event.option_index < len(self.hits):
            return
        hit = self.hits[event.option_index]
        card = self.query_one("#drill-card", ContactCard)
        with self.search_lock:
            touches = self.reader.touches_for(hit.contact.id, 5)
        card.show(hit, touches)
        self.post_message(self.Selected(hit.contact.id))
