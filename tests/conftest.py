"""Shared fixtures: a small hand-made book where we know who should be found.

The data it is made of (``CONTACTS``, ``calls_csv``…) lives in tests/helpers.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.book import Book
from coach.importers import import_calls, import_contacts
from tests.helpers import CONTACTS, calls_csv, write


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "book.db"


@pytest.fixture
def book(tmp_path: Path, db_path: Path) -> Iterator[Book]:
    """The fixture book, imported through the real importers."""
    store = Book.open(db_path)
    import_contacts(store, write(tmp_path / "contacts.csv", CONTACTS))
    import_calls(store, write(tmp_path / "calls.csv", calls_csv()))
    yield store
    store.close()


@pytest.fixture(autouse=True)
def private_user_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads or writes the real user's settings, drills or drafts."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture(autouse=True)
def private_runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test's app listens for screen pops on its own socket (short path: Unix
    sockets allow ~100 characters)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cc"))
    monkeypatch.setenv("COACH_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def quiet_practice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Drills in UI tests: no speech, a private config dir, and a frozen drill clock."""
    from coach.tui.screens import practice as practice_screen

    monkeypatch.setenv("COACH_VOICE", "off")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(practice_screen, "monotonic", lambda: 1000.0)
