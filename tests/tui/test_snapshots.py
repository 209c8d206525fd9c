"""What the rep sees, pinned: the lookup screen in its main states at two terminal sizes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from coach.book import Book
from coach.tui.app import CoachApp

SIZES = [(80, 24), (120, 36)]
SnapCompare = Callable[..., bool]


def typing(text: str, *then: str) -> Callable[[Pilot[None]], Any]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press(*list(text))
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if then:
            await pilot.press(*then)
            await pilot.pause()
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_lookup_with_a_selected_caller(
    snap_compare: SnapCompare, book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(CoachApp(db_path), terminal_size=size, run_before=typing("mike globx"))


@pytest.mark.parametrize("size", SIZES)
def test_lookup_new_caller(
    snap_compare: SnapCompare, book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(CoachApp(db_path), terminal_size=size, run_before=typing("(999) 555-0000"))


@pytest.mark.parametrize("size", SIZES)
def test_log_touch_form(
    snap_compare: SnapCompare, book: Book, db_path: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(CoachApp(db_path), terminal_size=size, run_before=typing("jill", "f5"))
