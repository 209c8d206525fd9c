"""The ``coach`` command line. Every command calls the same core the app uses.

Exit status: 0 done; 1 done, but some rows were skipped (or, for lookup, nothing
matched); 2 nothing done because of a bad input, said in one line on stderr.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from coach.cli.options import chosen_db, db_option, map_option, region_option
from coach.errors import UserError
from coach.text import printable

if TYPE_CHECKING:
    from coach.book import Book

F = TypeVar("F", bound=Callable[..., Any])
EXIT_SKIPPED = 1


class ImportGroup(click.Group):
    """``coach import contacts|calls FILE``, and ``coach import FILE.vcf`` with no kind."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            if args[0].lower().endswith((".vcf", ".vcard")):
                return "vcard", self.commands["vcard"], args
            raise UserError(
                f"say what {args[0]} holds: 'coach import contacts {args[0]}' or "
                f"'coach import calls {args[0]}' (vCard files end in .vcf)"
            )
        return super().resolve_command(ctx, args)


class Progress:
    """A progress bar on stderr that appears only once an import has run for a second."""

    def __init__(self, label: str) -> None:
        self.label, self.total = label, 0
        self.start = time.monotonic()
        self.bar: Any = None
        self.done = 0

    def __call__(self, rows: int, total: int) -> None:
        self.total = max(total, rows)
        if self.bar is None:
            if time.monotonic() - self.start < 1.0:
                return
            self.bar = click.progressbar(length=self.total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(rows - self.done)
        self.done = rows

    def close(self) -> None:
        if self.bar is not None:
            self.bar.update(self.total - self.done)
            self.bar.__exit__(None, None, None)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.option("--no-voice", is_flag=True, help="Practice drills in text only (no speech).")
@click.version_option(package_name="callback-coach", prog_name="coach")
@click.pass_context
def cli(ctx: click.Context, db: str | None, no_voice: bool) -> int:
    """Callback Coach: know who is calling back, and practise what to say."""
    if no_voice:
        os.environ["COACH_VOICE"] = "off"
    if ctx.invoked_subcommand is None:
        from coach.tui.app import run_app

        return run_app(db)
    return 0  # the commands find --db through the context (coach.cli.options)


@cli.group("import", cls=ImportGroup)
def import_group() -> None:
    """Import contacts or logged calls (CSV), or vCards (coach import FILE.vcf)."""


#: Problems printed to the terminal; the rest go to --problems FILE.
SHOWN_PROBLEMS = 20


def problems_option(fn: F) -> F:
    return click.option(
        "--problems",
        "problems_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Write every skipped row here (only the first {SHOWN_PROBLEMS} are printed).",
    )(fn)


def wait_option(fn: F) -> F:
    return click.option(
        "--wait",
        type=click.FloatRange(0, 24 * 3600),
        default=IMPORT_WAIT_S,
        show_default=True,
        metavar="SECONDS",
        help="How long to wait for another program (the app, another import) to let go of"
        " the book before giving up.",
    )(fn)


#: How long an import waits for the book's write lock: other imports and the app hold it
#: only for their last step, so a queue of imports all get their turn.
IMPORT_WAIT_S = 120.0


def _finish(report: Any, progress: Progress, problems_file: Path | None) -> int:
    progress.close()
    for problem in report.problems[:SHOWN_PROBLEMS]:
        click.echo(printable(str(problem)), err=True)
    hidden = len(report.problems) - SHOWN_PROBLEMS
    if problems_file is not None:
        from coach.export import output_file

        # Names and numbers: written whole and owner-only, like every file we write.
        with output_file(problems_file, force=True) as out:
            out.writelines(f"{p}\n" for p in report.problems)
        click.echo(f"All {len(report.problems)} problems written to {problems_file}", err=True)
    elif hidden > 0:
        click.echo(f"… and {hidden} more (see them all with --problems FILE)", err=True)
    click.echo(printable(report.summary()))
    # A dropped phone number is something skipped too, not only a dropped row.
    return EXIT_SKIPPED if report.problems else 0


@contextlib.contextmanager
def _book_for_import(db: str | None, wait: float = IMPORT_WAIT_S) -> Iterator[Book]:
    """Open the book to import into. If the import fails on a book this command created,
    the new file goes again: a bad input leaves nothing behind."""
    from coach.book import Book
    from coach.locations import book_path

    path = book_path(db)
    existed = path.exists()
    try:
        with Book.open(path, wait=wait) as book:
            yield book
    except BaseException:
        if not existed and _still_empty(path):
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise


def _still_empty(path: Path) -> bool:
    """The new book holds nothing (no other import has written to it meanwhile)."""
    from coach.book import Book

    try:
        with Book.open_readonly(path) as book:
            return book.count_contacts() == 0 and book.count_touches() == 0
    except (UserError, OSError):
        return path.exists() and path.stat().st_size == 0


def _run_import(
    importer: Callable[..., Any],
    label: str,
    file: Path,
    db: str | None,
    region: str,
    problems_file: Path | None,
    wait: float,
    **options: Any,
) -> int:
    progress = Progress(label)
    from coach.lookup.phones import check_region

    code = check_region(region)
    with _book_for_import(db, wait) as book:
        report = importer(book, file, progress=progress, region=code, **options)
    return _finish(report, progress, problems_file)


def import_options(fn: F) -> F:
    """FILE, --db, --region, --problems and --wait: what every import takes."""
    for option in (wait_option, problems_option, region_option, db_option):
        fn = option(fn)
    return click.argument("file", type=click.Path(path_type=Path))(fn)


def _csv_import(name: str, importer: str, label: str, summary: str) -> click.Command:
    """``coach import contacts|calls FILE``: the same options, another importer."""

    @import_group.command(name, help=summary)
    @import_options
    @map_option
    def command(
        file: Path,
        db: str | None,
        region: str,
        problems_file: Path | None,
        wait: float,
        mapping: tuple[str, ...],
    ) -> int:
        from coach import importers

        run = getattr(importers, importer)
        return _run_import(run, label, file, db, region, problems_file, wait, overrides=mapping)

    return command


import_contacts_cmd = _csv_import(
    "contacts",
    "import_contacts",
    "Importing contacts",
    "Add or update contacts from a CSV file (canonical, Salesforce, HubSpot, Google, Outlook).",
)
import_calls_cmd = _csv_import(
    "calls",
    "import_calls",
    "Importing touches",
    "Add logged touches (call, voicemail, email, meeting, callback) from a CSV file.",
)


@import_group.command("vcard")
@import_options
def import_vcard_cmd(
    file: Path, db: str | None, region: str, problems_file: Path | None, wait: float
) -> int:
    """Add or update contacts from a vCard (.vcf) file."""
    from coach.importers import import_vcards

    return _run_import(import_vcards, "Importing vCards", file, db, region, problems_file, wait)


@cli.command(
    "lookup",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def lookup_cmd(args: tuple[str, ...]) -> int:
    """Find who is calling: name, nickname, company, email or digits. See --help."""
    from coach.cli.fast_lookup import run

    db = chosen_db()  # `coach --db X lookup …`
    return run([*(["--db", db] if db else []), *args])


@cli.command("pop")
@click.argument("number")
@db_option
def pop_cmd(number: str, db: str | None) -> int:
    """Show a caller in the open app (for a softphone's incoming-call hook).

    NUMBER is the caller ID as the phone passes it: a number in any format, a SIP or tel
    URI ('"Mirela O" <sip:+16125550142@pbx>', 'sip:6125550142@10.1.2.3;user=phone',
    'number@host'), a display name, or 'anonymous'."""
    from coach import pop
    from coach.lookup import callerid

    if pop.send(number):
        click.echo("Sent to the open Callback Coach.")
        return 0
    caller = callerid.parse(number)
    if caller.withheld:
        click.echo("Incoming call, number withheld: ask who is calling.")
        return 0
    from coach.cli.fast_lookup import run

    return run([*(["--db", db] if db else []), "--", caller.query])


@cli.command("listen")
@click.argument("phone", type=click.Choice(["baresip"]))
@click.option(
    "--at",
    "address",
    default="127.0.0.1:4444",
    show_default=True,
    metavar="HOST:PORT",
    help="Where baresip's ctrl_tcp module listens (its ctrl_tcp_listen).",
)
@db_option
def listen_cmd(phone: str, address: str, db: str | None) -> int:
    """Follow a softphone's call events: pop each incoming caller in the open app, and log
    each outgoing call when it ends (connected, busy, declined or no answer). baresip:
    through its ctrl_tcp module. Runs until Ctrl+C."""
    from coach.cli.listen import address_of, follow
    from coach.cli.overview import pick_book

    address_of(address)  # a bad --at is said before anything else
    path, _demo = pick_book(db, announce=True, strict=True)
    return follow(address, path)


@cli.command("log")
@click.argument("kind", type=click.Choice(["call", "voicemail", "email", "meeting", "callback"]))
@click.argument("who")
@click.option("--outcome", default="", help="How it went: 'no answer', 'left voicemail', …")
@click.option("--reason", default="", help="Why (default: what you last reached them about).")
@click.option("--message", default="", help="The voicemail or e-mail you left, word for word.")
@click.option("--notes", default="", help="What you noted during the call.")
@click.option(
    "--at", "at", metavar="WHEN", help="When it happened (default: now), e.g. 2026-12-02T14:30."
)
@db_option
def log_cmd(
    kind: str,
    who: str,
    outcome: str,
    reason: str,
    message: str,
    notes: str,
    at: str | None,
    db: str | None,
) -> int:
    """Log a touch from a dialer's hang-up hook or a script. WHO is a number in any format,
    or a name that matches one person (else the candidates are listed and nothing is
    written). An open app shows it at once."""
    from coach import logbook
    from coach.book import Book
    from coach.cli.overview import pick_book

    path, _demo = pick_book(db, announce=True, strict=True)
    with Book.open(path) as book:
        contact = logbook.who_is(book, who)
        touch = logbook.dialed(
            book, kind, contact.id, outcome=outcome, reason=reason, message=message, at=at
        )
        logged = book.log_touch(contact.id, touch, notes=notes.strip())
    said = f"Logged a {kind} with {printable(contact.name)}"
    if contact.company:
        said += f" ({printable(contact.company)})"
    click.echo(said + ("." if logged else ": one was already logged that second."))
    return 0


@cli.command("overview")
@db_option
def overview_cmd(db: str | None) -> int:
    """Print which book is open and who is likely to call back (no app)."""
    from coach.cli.overview import show_overview

    return show_overview(db)


@cli.command("backup")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def backup_cmd(file: Path, db: str | None, force: bool) -> int:
    """Copy the book to FILE, whole and consistent, even while the app is open."""
    from coach.book import Book
    from coach.locations import book_path

    path = book_path(db)
    with Book.open_readonly(path) as book:
        size = book.backup(file.expanduser(), force=force)
        contacts, touches = book.count_contacts(), book.count_touches()
    click.echo(
        f"Backed up {path} to {file} ({contacts} contacts, {touches} touches, {size} bytes)."
    )
    return 0


@cli.command("paths")
@db_option
def paths_cmd(db: str | None) -> int:
    """Where your book, settings, bridge lines, drills and follow-up drafts live."""
    from coach.locations import paths

    for label, where in paths(db):
        state = "" if where.exists() else "  (not there yet)"
        click.echo(f"{label + ':':<18}{printable(str(where))}{state}")
    return 0


@cli.command("settings")
@click.option(
    "--name",
    metavar="NAME",
    help='Sign recap and reminder emails with NAME ("" to stop signing them).',
)
@click.option(
    "--whisper/--no-whisper",
    default=None,
    help="Speak who is calling and why you last reached them the moment a call pops.",
)
def settings_cmd(name: str | None, whisper: bool | None) -> int:
    """Show your settings (and where they are kept); --name sets the name emails are
    signed with, --whisper turns on the spoken brief when a call pops."""
    from coach import settings

    if name is not None:
        settings.set_name(name)
    if whisper is not None:
        settings.set_whisper(whisper)
    now = settings.current().checked()
    click.echo(f"{'settings file:':<18}{printable(str(settings.path()))}")
    click.echo(
        f"{'your name:':<18}{printable(now.name) if now.name else '(not set: emails go unsigned)'}"
    )
    click.echo(f"{'voice:':<18}{'on' if now.voice else 'off'}")
    click.echo(f"{'whisper on a pop:':<18}{'on' if now.whisper else 'off'}")
    click.echo(f"{'reminder:':<18}{now.remind_days} days before a booked meeting")
    click.echo(f"{'meetings last:':<18}{now.meeting_minutes} minutes")
    return 0


@cli.command("demo")
@db_option
def demo_cmd(db: str | None) -> int:
    """Write a made-up demo book (separate from yours) to try the lookup on."""
    from coach.book import Book
    from coach.demo import build_demo
    from coach.locations import book_path, demo_path

    path = demo_path(book_path(db))
    if path.exists():
        with Book.open_readonly(path) as old:
            if old.get_meta("label") != "demo":
                raise UserError("exists and is not a demo book; not replacing it", where=str(path))
        with Book.open(path, wait=0.2) as old:
            if old.in_use_elsewhere():  # removing its files under an open app would corrupt it
                raise UserError(
                    "the demo book is open in another program (the app?); close it first",
                    where=str(path),
                )
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with build_demo(path) as book:
        click.echo(
            f"Demo book written to {path}: {book.count_contacts()} contacts, "
            f"{book.count_touches()} touches (all invented)."
        )
    click.echo(f"Try: coach lookup --db {path} mike")
    return 0


def _add_practice_commands() -> None:
    from coach.cli.followup_commands import followups_cmd
    from coach.cli.practice_commands import history_cmd, scenarios_group, score_cmd

    cli.add_command(scenarios_group)
    cli.add_command(score_cmd)
    cli.add_command(history_cmd)
    cli.add_command(followups_cmd)


_add_practice_commands()


def _add_report_commands() -> None:
    from coach.cli.report_commands import experiment_group, report_cmd

    cli.add_command(experiment_group)
    cli.add_command(report_cmd)


_add_report_commands()


def _add_export_commands() -> None:
    from coach.cli.export_commands import export_cmd

    cli.add_command(export_cmd)


_add_export_commands()
