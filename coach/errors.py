"""Errors that are the user's to fix: shown as one line, never as a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A bad input or setting. ``str()`` is the whole message: what is wrong and where."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)
