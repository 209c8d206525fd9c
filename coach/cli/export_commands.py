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
    type=click.Choice(["csv", "json", "salesforce", "hubspot"]),
    default="csv",
    show_default=True,
    help="CSV for spreadsheets, JSON for programs; salesforce or hubspot (touches only) "
    "for your CRM's importer: the touches logged in Coach, never those imported.",
)
@click.option(
    "--new",
    "new_only",
    is_flag=True,
    help="With salesforce or hubspot: only what no export in that format wrote before "
    "(the book remembers), for an evening write-back.",
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
def export_cmd(
    kind: str, fmt: str, new_only: bool, output: Path | None, force: bool, db: str | None
) -> int:
    """Write every practice session or logged touch (oldest first) as CSV or JSON, or the
    touches logged in Coach as a Salesforce (Task) or HubSpot (calls) import file.

    Times are local, in ISO 8601 with the UTC offset. In CSV, a cell that begins with
    = + - @ (or a tab or carriage return) is written with a leading ' so a spreadsheet
    shows it as text and never runs it as a formula: a phone number is written
    '+15551234567. JSON and the CRM files are written exactly as stored."""
    from coach.book import Book
    from coach.cli.overview import pick_book
    from coach.export import export, output_file
    from coach.writeback import FORMATS as CRM

    crm = fmt in CRM
    if crm and kind != "touches":
        raise UserError(f"--format {fmt} writes touches back to the CRM; sessions stay here")
    if new_only and not crm:
        raise UserError("--new goes with --format salesforce or hubspot")
    book, _is_demo = pick_book(db, announce=True, strict=True)
    if crm:
        return _write_back(book, fmt, new_only, output, force)
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


def _write_back(book: Path, fmt: str, new_only: bool, output: Path | None, force: bool) -> int:
    """The CRM file, then (once it is whole) the touches in it marked as exported."""
    from coach.book import Book
    from coach.export import output_file
    from coach.writeback import write_back

    target = output.expanduser() if output is not None else None
    if target is not None and _is_book(target, book):
        raise UserError("is the book itself; name another file", where=str(target))
    with Book.open(book) as writer:
        if target is None:
            sys.stdout.flush()
            out = _Stdout(sys.stdout.buffer, sys.stdout.isatty())
            written = write_back(writer, fmt, out, new_only)
            sys.stdout.buffer.flush()
        else:
            with output_file(target, force) as file:
                written = write_back(writer, fmt, file, new_only)
        # Shown on a terminal only to look at: not marked, so the real export still has it.
        shown = target is None and sys.stdout.isatty()
        if not shown:
            writer.mark_exported(fmt, written.sent)
    where = f" to {printable(str(target))}" if target is not None else ""
    noun = "touch" if written.count == 1 else "touches"
    said = f"Wrote {written.count} {noun} logged in Coach{where} for {_CRM_NAMES[fmt]}"
    if written.left_out:
        said += f"; left out {written.left_out} e-mails and meetings (a calls import takes calls)"
    if not written.count:
        said += ": nothing new since the last export" if new_only else ": none logged yet"
    if shown and written.count:
        said += " (shown only, not marked as exported: write it with -o FILE)"
    click.echo(said + ".", err=True)
    return 0


_CRM_NAMES = {"salesforce": "Salesforce (Task)", "hubspot": "HubSpot (calls)"}
