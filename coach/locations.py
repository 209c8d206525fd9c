"""Every path the app uses, in one place.

The book is ``--db PATH`` if given, else ``$COACH_DB``, else ``book.db`` in the platform's
user-data folder. The demo book lives beside it as ``demo.db`` and is never the user's.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "callback-coach"


def data_dir() -> Path:
    """The per-user data folder (created owner-only on first write, not here)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The per-user settings folder (user scenarios and bridge lines live here)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def book_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The user's book: the explicit path, else ``$COACH_DB``, else the default file."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("COACH_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "book.db"


def choose_book(explicit: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The book to open, and whether it is the demo standing in for a missing one: the
    user's book when it exists, else the demo book beside it (which may not exist yet)."""
    book = book_path(explicit)
    return (book, False) if book.exists() else (demo_path(book), True)


def demo_path(book: Path | None = None) -> Path:
    """The demo book: beside the user's book, named so no one mistakes it for theirs."""
    base = book if book is not None else book_path()
    return base.with_name("demo.db")


def drafts_dir() -> Path:
    """Where follow-up drafts are written (private, beside the book's data)."""
    return data_dir() / "followups"


def paths(explicit: str | os.PathLike[str] | None = None) -> list[tuple[str, Path]]:
    """Where everything of the user's lives, as ``coach paths`` prints it."""
    book = book_path(explicit)
    return [
        ("book", book),
        ("demo book", demo_path(book)),
        ("settings", config_dir() / "settings.toml"),
        ("bridge lines", config_dir() / "bridges.toml"),
        ("your drills", config_dir() / "scenarios"),
        ("follow-up drafts", drafts_dir()),
    ]
