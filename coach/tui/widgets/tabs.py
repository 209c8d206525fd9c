"""Screens with tabs that are also the keys 1, 2, 3…, and that put focus on what a tab shows."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import TabbedContent


def number_keys(*tabs: tuple[str, str]) -> list[BindingType]:
    """Bindings 1, 2, 3… for (pane id, title) pairs, in order."""
    return [
        Binding(str(n), f"tab('{pane}')", title, show=False)
        for n, (pane, title) in enumerate(tabs, 1)
    ]


class NumberedTabs(Screen[None]):
    #: The screen's TabbedContent, and what to focus when each pane is shown.
    TABS: ClassVar[str] = ""
    FOCUS: ClassVar[dict[str, str]] = {}

    def action_tab(self, tab: str) -> None:
        if self.query(f"#{tab}"):
            self.query_one(self.TABS, TabbedContent).active = tab
            self.focus_tab(tab)

    def focus_tab(self, tab: str) -> None:
        if tab in self.FOCUS and self.query(self.FOCUS[tab]):
            self.set_focus(self.query_one(self.FOCUS[tab]))

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is not None:
            self.focus_tab(event.pane.id)
