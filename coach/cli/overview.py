"""What ``coach`` with no command shows: which book is open and who is likely to call back."""

from __future__ import annotations

import time
from pathlib import Path

import click

from coach.book import Book
from coach.locations import book_path
from coach.lookup.engine import Lookup, ago
from coach.text import printable

LIKELY = 10


def pick_book(db: str | None, announce: bool = False, strict: bool = False) -> tuple[Path, bool]:
    """The book a command reads (:func:`coach.demo.book_or_demo`); with ``announce``, one
    line on stderr says when it is the demo (stdout stays the command's own output)."""
    from coach.demo import book_or_demo

    path, is_demo = book_or_demo(db, strict)
    if is_demo and announce:
        click.echo(
            f"(the DEMO book of invented people, {printable(str(path))}: import your "
            "contacts to use yours)",
            err=True,
        )
    return path, is_demo


def show_overview(db: str | None) -> int:
    path, is_demo = pick_book(db)
    with Book.open(path) as book:
        if is_demo:
            click.secho(" DEMO BOOK — invented people, not your contacts ", reverse=True)
            click.echo(
                "Import your own: coach import contacts FILE.csv "
                f"(writes {printable(str(book_path(db)))})"
            )
        click.echo(
            f"Book: {printable(str(path))} — {book.count_contacts()} contacts, "
            f"{book.count_touches()} touches"
        )
        hits = Lookup(book).likely_callers(LIKELY).hits
        if hits:
            click.echo("\nLikely callers (reached most recently):")
        now = time.time()
        for hit in hits:
            c, t = hit.contact, hit.last_touch
            if t is None:
                continue
            who = printable(f"{c.name} ({c.company})" if c.company else c.name)
            kind = printable(t.kind)
            click.echo(f"  {ago(t.ts, now):>12}  {kind:<9} {who} — {printable(t.reason)}")
        click.echo("\nFind a caller: coach lookup mike   ·   coach lookup '(612) 555-0142'")
    return 0
