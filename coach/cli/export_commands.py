"""``coach export sessions|touches --format csv|json [-o FILE]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

import click

from coach.cli.options import db_option
from coach.errors import UserError
from coach.text import printable, printable_stream


class _Stdout:
    """UTF-8 text onto the binary standard output, whatever the terminal's encoding; on a
    terminal, control characters in the data are made visible rather than obeyed (a row's
    CRLF and the newlines and tabs inside cells stay; a file gets the data as it is)."""

    def __init__(self, binary: BinaryIO, terminal: bool) -> None:
        self.binary = binary
        self.terminal = terminal

    def write(self, text: str, /) -> int:
        if self.terminal:
            text = printable_stream(text)
        self.binary.write(text.encode("utf-8"))
        return len(text)


def _is_book(target: Path, book: Path) -> bool:
    here = target.resolve()
    return any(here == Path(f"{book}{suffix}").resolve() for suffix in ("", "-wal", "-shm"))


@click.command("export")
@click.argument("kind", type=click.Choice(["sessions", "touches"]))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="CSV for spreadsheets, JSON for programs.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Write to FILE instead of standard output: created owner-only (0600), and only "
    "once complete.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@db_option
def export_cmd(kind: str, fmt: str, output: Path | None, force: bool, db: str | None) -> int:
    """Write every practice session or logged touch (oldest first) as CSV or JSON.

    Times are local, in ISO 8601 with the UTC offset. In CSV, a cell that begins with
    = + - @ (or a tab or carriage return) is written with a leading ' so a spreadsheet
    shows it as text and never runs it as a formula: a phone number is written
    '+15551234567. JSON is written exactly as stored."""
    from coach.book import Book
    from coach.cli.overview import pick_book
    from coach.export import export, output_file

    book, _is_demo = pick_book(db, announce=True, strict=True)
    if output is None:
        with Book.open_readonly(book) as reader:
            sys.stdout.flush()
            export(reader, kind, fmt, _Stdout(sys.stdout.buffer, sys.stdout.isatty()))
            sys.stdout.buffer.flush()
        return 0
    target = output.expanduser()
    if _is_book(target, book):
        raise UserError("is the book itself; name another file", where=str(target))
    with Book.open_readonly(book) as reader, output_file(target, force) as out:
        count = export(reader, kind, fmt, out)
    noun = kind if count != 1 else kind[:-1]
    click.echo(f"Wrote {count} {noun} to {printable(str(target))}.", err=True)
    return 0
