"""What Pilot tests do to the app, in one place: let it settle, type into it, read it.

Plain functions (no fixtures): import them, ``from tests.tui.pilot import settle``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

if TYPE_CHECKING:
    from textual.screen import Screen

    from coach.tui.screens.practice import DrillScreen
    from coach.tui.screens.scorecard import ScoreCardScreen


async def settle(
    pilot: Pilot[None], *, flush: bool = True, timeout: float = 30, need_writes: bool = False
) -> None:
    """Let the workers finish and their results reach the screen; with ``flush``, wait for
    the app's writes (they land on their own thread) too. ``need_writes``: the app must
    have a write queue (a book is open)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    writes = getattr(pilot.app, "writes", None)
    if need_writes:
        assert writes is not None, "the app has no write queue"
    if flush and writes is not None:
        assert await asyncio.to_thread(writes.flush, timeout), "a write never landed"
    await pilot.pause()


async def still(pilot: Pilot[None]) -> None:
    """A quiet screen for a snapshot: workers done, nothing waited on beyond that."""
    await settle(pilot, flush=False)


async def type_query(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` key by key where the focus is (the search box), then settle."""
    await pilot.press(*list(text))
    await settle(pilot)


async def say(pilot: Pilot[None], words: str) -> None:
    """Say ``words`` in a drill: type them into the reply box and press enter."""
    pilot.app.screen.query_one("#reply", Input).focus()
    await pilot.press(*list(words), "enter")
    await settle(pilot)


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Send ``keys`` the way a fast typist's terminal does: all in one read, so the app
    gets them queued together, with no pause for it to catch up between them (Pilot's
    ``press`` waits after each key). Then settle."""
    from textual import events

    for key in keys:
        char = key if len(key) == 1 else None
        event = events.Key("space" if key == " " else key, char)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)
    await settle(pilot)


def pick(options: OptionList, option_id: str) -> None:
    """Highlight the option whose id is ``option_id``."""
    options.highlighted = next(
        i for i in range(options.option_count) if options.get_option_at_index(i).id == option_id
    )


async def open_drill(pilot: Pilot[None], drill_id: str) -> DrillScreen:
    """From the lookup screen: F7, choose ``drill_id`` in the picker, start it."""
    from coach.tui.screens.practice import DrillScreen, PracticeScreen

    await settle(pilot)
    await pilot.press("f7")
    await pilot.pause()
    picker = pilot.app.screen
    assert isinstance(picker, PracticeScreen)
    pick(picker.query_one("#drills", OptionList), drill_id)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DrillScreen)
    return screen


async def play_to_card(pilot: Pilot[None], drill_id: str, *replies: str) -> ScoreCardScreen:
    """Open ``drill_id``, say each reply in turn, finish with F2: the score card."""
    from coach.tui.screens.scorecard import ScoreCardScreen

    await open_drill(pilot, drill_id)
    for words in replies:
        await say(pilot, words)
    await pilot.press("f2")
    await settle(pilot)
    card = pilot.app.screen
    assert isinstance(card, ScoreCardScreen)
    return card


def results(pilot: Pilot[None]) -> list[str]:
    """The lookup result lines, top first."""
    options = pilot.app.screen.query_one("#results", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def visible(pilot: Pilot[None], selector: str) -> str:
    """What the widget at ``selector`` on the current screen shows."""
    return str(pilot.app.screen.query_one(selector).render())


def on_screen(pilot: Pilot[None]) -> str:
    """Every character the terminal shows now, one line per row (what a rep can read)."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def text_of(screen: Screen[Any], selector: str) -> str:
    """What the Static at ``selector`` on ``screen`` shows."""
    return str(screen.query_one(selector, Static).render())


def transcript(screen: DrillScreen) -> str:
    """A drill's conversation so far, one turn a line."""
    return "\n".join(str(w.render()) for w in screen.query(".turn"))
