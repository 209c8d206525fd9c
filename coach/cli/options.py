"""Options more than one command takes, each declared once.

``--db`` may be given before the command (``coach --db X report``) or after it
(``coach report --db X``); either way the command receives it through the click context.
Without it, the book is ``$COACH_DB`` or the default file (:func:`coach.locations.book_path`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

#: Where the chosen book travels down the context chain (``ctx.meta`` is shared by all).
_DB = "coach.db"


def _chosen_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """The ``--db`` given here, else the one given to an enclosing command."""
    if value is not None:
        ctx.meta[_DB] = value
        return value
    found = ctx.meta.get(_DB)
    return found if isinstance(found, str) else None


def db_option(fn: F) -> F:
    """``--db PATH``: the book to use."""
    return click.option(
        "--db",
        "db",
        metavar="PATH",
        callback=_chosen_db,
        help="The book to use (default: $COACH_DB, else book.db in your data folder).",
    )(fn)


def chosen_db() -> str | None:
    """The ``--db`` of the running command line, wherever on it it was given."""
    found = click.get_current_context().meta.get(_DB)
    return found if isinstance(found, str) else None


def region_option(fn: F) -> F:
    return click.option(
        "--region",
        default="US",
        show_default=True,
        help="Country for numbers written without +code (two letters).",
    )(fn)


def map_option(fn: F) -> F:
    return click.option(
        "--map",
        "mapping",
        multiple=True,
        metavar='"Column=field"',
        help="Read a column as a field, overriding the automatic match. Repeatable.",
    )(fn)


def json_option(fn: F) -> F:
    """``--json``: machine-readable output (the parameter is ``as_json``)."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(fn)
