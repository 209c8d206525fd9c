"""``coach followups``: the drafts kept after meeting endings, and the reminders that are due."""

from __future__ import annotations

import time
from pathlib import Path

import click

from coach.cli.options import db_option
from coach.errors import UserError
from coach.models import FollowUp
from coach.text import json_text, printable


def echo_drafts(f: FollowUp) -> None:
    """The follow-up as a person reads it: the recap, then when the reminder comes."""
    from coach import followups

    click.echo(f"Follow-up: {printable(followups.summary(f))}")
    click.echo("")
    for line in followups.recap_email(f).as_text().splitlines():
        click.echo(f"  {printable(line)}")
    if f.remind_ts is not None:
        click.echo(
            f"Reminder with a pre-meeting email: {followups.when_text(f.remind_ts)}"
            " (invite and drafts: coach followups --write DIR)"
        )


@click.command("followups")
@click.option("--due", is_flag=True, help="Only the reminders that are due now.")
@click.option("--practice", is_flag=True, help="Include follow-ups drafted in practice drills.")
@click.option("--show", "show_id", type=int, metavar="ID", help="Print one follow-up's drafts.")
@click.option(
    "--write",
    "folder",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Write the drafts (recap, invite .ics, reminder) of the listed follow-ups into DIR.",
)
@click.option("--done", "done_id", type=int, metavar="ID", help="Dismiss a due reminder.")
@click.option("--json", "as_json_out", is_flag=True, help="Print JSON with every draft.")
@db_option
def followups_cmd(
    due: bool,
    practice: bool,
    show_id: int | None,
    folder: Path | None,
    done_id: int | None,
    as_json_out: bool,
    db: str | None,
) -> int:
    """Recap emails, invites and reminders drafted after meeting endings."""
    from coach import followups
    from coach.book import Book
    from coach.cli.overview import pick_book

    path, _is_demo = pick_book(db)
    now = time.time()
    with Book.open(path) as book:
        if done_id is not None:
            gone = followups.dismiss_reminder(book, done_id, int(now))
            click.echo(f"Reminder {done_id} for {printable(gone.who)} dismissed.")
            return 0
        due_now = book.due_followups(int(now))
        due_ids = {f.id for f in due_now}
        if show_id is not None:
            found = book.followup(show_id)
            if found is None:
                raise UserError(f"no follow-up with id {show_id}")
            chosen = [found]
        elif due:
            chosen = due_now
        else:
            chosen = book.followups(practice=practice)
    if folder is not None:
        for f in chosen:
            for written in followups.write_files(f, folder):
                click.echo(f"wrote {printable(str(written))}")
    if as_json_out:
        listed = [followups.as_json(f, f.id in due_ids) for f in chosen]
        click.echo(json_text(listed, indent=2))
        return 0
    if folder is not None:
        return 0
    if show_id is not None:
        echo_drafts(chosen[0])
        return 0
    if not chosen:
        click.echo(
            "No reminders due."
            if due
            else "No follow-ups yet: they are drafted after "
            "a meeting ending (a drill, 'coach score', or Log meeting in the app)."
        )
        return 0
    for f in chosen:
        flag = "DUE " if f.id in due_ids else "    "
        tag = " (practice)" if f.practice else ""
        click.echo(f"{flag}{f.id:>4}  {printable(followups.summary(f))}{tag}")
    click.echo("\ncoach followups --show ID prints the drafts; --write DIR writes them as files.")
    return 0
