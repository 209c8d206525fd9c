"""Command palette entries (Ctrl+P) for every action of the lookup screen."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from coach.tui.screens.lookup import LookupScreen

#: (title, action name on the lookup screen, help)
ACTIONS = [
    ("lookup: search", "focus_search", "Jump to the search box"),
    ("lookup: clear", "clear", "Clear the search and show the likely callers"),
    ("call: log callback", "log_callback", "Record that the selected contact called back now"),
    ("call: notes", "notes", "Type notes on the selected contact (saved as you type)"),
    ("call: next step", "next_step", "Record what was agreed and when"),
    ("call: log outbound touch", "log_touch", "Log a voicemail, call, email or meeting"),
    ("call: add caller", "add_contact", "Add a new caller to your book"),
    ("call: log meeting", "log_meeting", "A meeting just ended: log it and draft the follow-up"),
    ("practice: pick a drill", "app.practice", "Role-play a callback or a meeting ending, scored"),
    ("history: practice", "app.history('tab-practice')", "Scores over time, weakest item"),
    ("history: callback rate", "app.history('tab-callbacks')", "Are more prospects calling back?"),
    ("history: follow-ups", "app.history('tab-followups')", "Recap emails, invites, reminders"),
]


class CoachCommands(Provider):
    """Namespaced titles ("call: …") so a few letters find the action."""

    def _screen(self) -> LookupScreen | None:
        screen = self.app.screen_stack[-1] if self.app.screen_stack else None
        for candidate in reversed(self.app.screen_stack):
            if isinstance(candidate, LookupScreen):
                return candidate
        return screen if isinstance(screen, LookupScreen) else None

    async def discover(self) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        for title, action, help_text in ACTIONS:
            yield DiscoveryHit(title, partial(screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        for title, action, help_text in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(screen.run_action, action),
                    help=help_text,
                )
