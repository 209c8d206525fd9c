"""Fixtures for the Pilot and snapshot tests of the app (helpers live in tests/tui/pilot.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every search box, form field and reply box starts with its cursor not blinking, so a
    snapshot never catches the cursor mid-blink (a focused box always shows it).

    Input's ``cursor_blink`` is a reactive whose class default is read when an instance
    first uses it; the tests used to set it to False on each box before a snapshot."""
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    yield
