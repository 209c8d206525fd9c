"""``coach report`` and ``coach experiment``: is the new voicemail getting more callbacks?

The report only reads the book; ``coach experiment start|stop`` write its start day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coach.cli.options import db_option
from coach.text import json_text, plural, printable

if TYPE_CHECKING:
    from coach.book import Book


def _book(db: str | None) -> Path:
    """The user's book, or the demo standing in for it (said on stderr)."""
    from coach.cli.overview import pick_book

    return pick_book(db, announce=True, strict=True)[0]


def _writable(db: str | None) -> Book:
    """The existing book, opened for writing (never creates one)."""
    from coach.book import Book

    path = _book(db)
    if not path.exists():
        Book.open_readonly(path)  # raises the usual "no contact book here yet" error
    return Book.open(path)


@click.command("report")
@click.option(
    "--weeks",
    type=click.IntRange(1, 520),
    default=12,
    show_default=True,
    help="How many weeks, ending with this one.",
)
@click.option(
    "--since",
    metavar="DATE",
    help="Start with the week holding this day (YYYY-MM-DD), not --weeks.",
)
@click.option(
    "--window",
    "window_days",
    type=click.IntRange(1, 365),
    default=14,
    show_default=True,
    metavar="DAYS",
    help="A callback answers a call or voicemail made at most this many days before it.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def report_cmd(
    weeks: int, since: str | None, window_days: int, as_json: bool, db: str | None
) -> int:
    """The callback rate by week, and before/after your experiment's start day."""
    from coach.book import Book
    from coach.experiment import user_day
    from coach.report import build_report, lines

    first = None if since is None else user_day(since, "--since")
    with Book.open_readonly(_book(db)) as book:
        report = build_report(book, weeks=weeks, since=first, window_days=window_days)
    if as_json:
        click.echo(json_text(report.as_json(), indent=2))
        return 0
    for line in lines(report):
        click.echo(printable(line))
    return 0


@click.group("experiment", invoke_without_command=True)
@db_option
@click.pass_context
def experiment_group(ctx: click.Context, db: str | None) -> int:
    """Mark the day you changed how you leave voicemails (start, show, stop)."""
    if ctx.invoked_subcommand is None:
        return _show(db)
    return 0


@experiment_group.command("start")
@click.argument("day", metavar="[DATE]", required=False)
@db_option
def experiment_start_cmd(day: str | None, db: str | None) -> int:
    """Start the experiment on DATE (YYYY-MM-DD; default today). One runs at a time:
    'coach experiment stop' ends the running one first."""
    from coach import experiment
    from coach.report import MIN_BEFORE_DAYS

    first = date.today() if day is None else experiment.user_day(day, "the start date")
    with _writable(db) as book:
        experiment.start(book, first)
    click.echo(f"Experiment started {first.isoformat()}.")
    click.echo(
        "'coach report' now compares the callback rate since then with the same length of "
        f"time before it (at least {MIN_BEFORE_DAYS} days)."
    )
    return 0


@experiment_group.command("show")
@db_option
def experiment_show_cmd(db: str | None) -> int:
    """Say when the experiment started, if one is running."""
    return _show(db)


@experiment_group.command("stop")
@db_option
def experiment_stop_cmd(db: str | None) -> int:
    """Forget the start day (the touches stay in the book)."""
    from coach import experiment

    with _writable(db) as book:
        was = experiment.stop(book)
    if was is None:
        click.echo("No experiment was running.")
    else:
        click.echo(f"Experiment stopped (it started {was.isoformat()}); your touches are kept.")
    return 0


def _show(db: str | None) -> int:
    from coach import experiment
    from coach.book import Book

    with Book.open_readonly(_book(db)) as book:
        start = experiment.started(book)
    if start is None:
        click.echo(
            "No experiment running. Start one on the day you change how you leave voicemails: "
            "coach experiment start [YYYY-MM-DD]"
        )
        return 0
    days = (date.today() - start).days
    click.echo(
        f"Experiment started {start.isoformat()} ({plural(days, 'day')} ago). "
        "See how it is going: coach report"
    )
    return 0
