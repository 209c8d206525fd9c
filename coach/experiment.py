"""The experiment: the day the rep changed how they leave voicemails, so the callback report
can compare before and after (``coach experiment``, the History screen's ``e``).

One runs at a time: starting one while another is running is refused, in the app and on
the command line alike; stop it first. Also the days the user types (``YYYY-MM-DD``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from coach.errors import UserError

if TYPE_CHECKING:
    from coach.book import Book

#: Meta key holding the experiment's start day (ISO date).
META_KEY = "experiment_start"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> date:
    """A ``YYYY-MM-DD`` day; ValueError for anything else."""
    value = text.strip()
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(text)
    return date.fromisoformat(value)


def user_day(value: str, what: str, today: date | None = None) -> date:
    """A day the user typed (``YYYY-MM-DD``), no later than today and not before 1990;
    UserError naming ``what`` and ``value`` otherwise."""
    today = today or date.today()
    try:
        day = parse_day(value)
    except ValueError:
        raise UserError(f"{what} {value!r} is not a date (write it like 2026-11-02)") from None
    if day > today:
        raise UserError(f"{what} {value!r} is in the future (today is {today})")
    if day.year < 1990:
        raise UserError(f"{what} {value!r} is before 1990: no book goes back that far")
    return day


def start(book: Book, day: date) -> None:
    """Start the experiment on ``day``. One runs at a time: while another is running (from
    another day) this refuses, so a stray key or command never resets one; stop it first."""
    with book.transaction():
        running = started(book)
        if running is not None and running != day:
            raise UserError(
                f"an experiment is running since {running.isoformat()}; "
                "'coach experiment stop' ends it before a new one"
            )
        book.set_meta(META_KEY, day.isoformat())


def stop(book: Book) -> date | None:
    """End the running experiment (the touches stay); the day it had started, if any."""
    with book.transaction():
        was = started(book)
        book.delete_meta(META_KEY)
    return was


def started(book: Book) -> date | None:
    """The experiment's start day, or None when none is set (or the stored value is bad)."""
    value = book.get_meta(META_KEY)
    if not value:
        return None
    try:
        day = parse_day(value)
    except ValueError:
        return None
    return day if day >= date(1990, 1, 1) else None  # the CLI refuses older ones
