"""``coach import contacts FILE``: a CSV of people into the book."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path

from coach.book import Book
from coach.errors import UserError
from coach.importers.columns import (
    CONTACT_FIELDS,
    ColumnMap,
    lookalike_note,
    map_columns,
    parse_overrides,
    unread_lookalikes,
)
from coach.importers.csvfile import Table, read_table
from coach.importers.parallel import parallel
from coach.importers.summary import ImportReport, Problem, Progress
from coach.lookup.phones import DEFAULT_REGION, parse_phone, split_numbers
from coach.models import ContactIn
from coach.text import CACHED

IDENTITY_FIELDS = ("first_name", "last_name", "name", "email", "phone", "mobile")
PROGRESS_EVERY = 500
#: Rows read ahead to tell a phone- or e-mail-like column by its values.
SAMPLE_ROWS = 100


def split_name(full: str) -> tuple[str, str]:
    """("Jill Konrath" | "Konrath, Jill") -> ("Jill", "Konrath"). One word is a first name."""
    full = " ".join(full.split())
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    first, _, last = full.partition(" ")
    return first, last


def phone_label(field: str, header: str) -> str:
    """ "mobile" for mobile columns, else a label read off the column name."""
    h = header.lower()
    if field == "mobile" or "mobile" in h or "cell" in h or "car" in h:
        return "mobile"
    if "primary" in h:
        return "main"
    for word in ("home", "fax", "other", "main"):
        if word in h:
            return word
    if "assistant" in h or "radio" in h or "callback" in h:
        return "other"
    return "office"


def clean_email(value: str) -> str:
    """The first address in the cell, or "" when it holds none."""
    if not value:
        return ""
    for part in value.replace(";", " ").replace(",", " ").replace(":::", " ").split():
        part = part.strip("<>\"'").removeprefix("mailto:")
        if "@" in part and "." in part.rpartition("@")[2]:
            return part.lower()
    return ""


def all_emails(value: str) -> list[str]:
    """Every address in the cell ("a@x.com ::: b@y.com" from Google), in order."""
    found = []
    for part in value.replace(";", " ").replace(",", " ").replace(":::", " ").split():
        if address := clean_email(part):
            found.append(address)
    return found


def one_name(first: str, last: str) -> tuple[str, str]:
    """A name given in one slot only is laid out as :func:`split_name` lays it out.

    "Ravi" as a given name and "Ravi" as a family name are one identity (the same match
    key); read as-is, the second row would fill the first's blank family name and make
    "Ravi Ravi", whom the next import of the same file no longer finds.
    """
    if first and last:
        return first, last
    return split_name(first or last)


def contact_from_cells(
    line: int, cells: list[str], cmap: ColumnMap, region: str, where: str
) -> tuple[ContactIn, list[Problem]]:
    """One CSV row as a contact, plus notes about cells that could not be used."""
    notes: list[Problem] = []
    first, last = cmap.first("first_name", cells), cmap.first("last_name", cells)
    if not (first or last) and cmap.first("name", cells):
        first, last = split_name(cmap.first("name", cells))
    elif not (first and last):
        first, last = one_name(first, last)
    contact = ContactIn(
        line=line,
        source_id=cmap.first("source_id", cells),
        first_name=first,
        last_name=last,
        company=cmap.first("company", cells),
        title=cmap.first("title", cells),
        notes="\n".join(text for _, text in cmap.all("notes", cells)),
        nickname=cmap.first("nickname", cells),
    )
    addresses: list[str] = []
    for _, raw_email in cmap.all("email", cells):
        found = all_emails(raw_email)
        if not found:
            notes.append(Problem(where, f"not an email address: {raw_email!r}", skipped=False))
        addresses += (a for a in found if a not in addresses)
    if addresses:
        contact.email, contact.emails = addresses[0], addresses[1:]
    for field in ("phone", "mobile"):
        for col, value in cmap.all(field, cells):
            for raw in split_numbers(value):
                try:
                    phone = _parsed(raw, region, phone_label(field, cmap.header(col)))
                except ValueError as exc:
                    at = f"{where}:{col + 1}"
                    notes.append(Problem(at, f"{exc} (column {cmap.header(col)!r})", False))
                    continue
                if phone not in contact.phones:
                    contact.phones.append(phone)
    return contact, notes


#: A number written the same way again (a company's switchboard, shared by everyone
#: there) is parsed once: phonenumbers takes tens of microseconds over each.
_parsed = functools.lru_cache(maxsize=CACHED)(parse_phone)


def lookalike_problems(table: Table, cmap: ColumnMap) -> list[Problem]:
    """One note per column that looks like a phone or e-mail column but is not read."""
    sample = [cells for _, cells in itertools.islice(table.rows(), SAMPLE_ROWS)]
    return [
        Problem(f"{table.path}:1:{col + 1}", lookalike_note(cmap.header(col), field), False)
        for col, field in unread_lookalikes(cmap, sample)
    ]


def import_contacts(
    book: Book,
    path: Path,
    *,
    region: str = DEFAULT_REGION,
    overrides: Sequence[str] = (),
    progress: Progress | None = None,
) -> ImportReport:
    """Add or update every usable row; rows that cannot be used are reported, not fatal."""
    table = read_table(path)
    cmap = map_columns(
        table.headers, "contacts", parse_overrides(overrides, CONTACT_FIELDS), str(path)
    )
    if not any(cmap.has(f) for f in IDENTITY_FIELDS):
        raise UserError(
            "no usable column: found "
            + (", ".join(repr(h) for h in table.headers[:8]) or "none")
            + "; expected a name, email or phone column such as first_name, last_name, email,"
            ' phone (or use --map "Column=field")',
            where=f"{path}:1",
        )
    report = ImportReport(str(path), "contacts", encoding=table.encoding)
    report.problems += lookalike_problems(table, cmap)

    def convert(numbered: tuple[int, list[str]]) -> list[bytes | Problem]:
        line, cells = numbered
        where = f"{path}:{line}"
        contact, notes = contact_from_cells(line, cells, cmap, region, where)
        found: list[bytes | Problem] = list(notes)
        if contact.has_identity:
            # Packed here, in the parsing process: this one only stores it.
            found.append(contact.prepared().packed())
        else:
            found.append(Problem(where, "no name, email or phone number"))
        return found

    def records() -> Iterator[bytes]:
        # Two parsing processes: the numbers are most of the work, and this process only
        # stages what they send until the file is read.
        items = parallel(table.rows, convert, table.approx_rows, workers=2)
        for n, item in enumerate(items, start=1):
            if isinstance(item, Problem):
                report.problems.append(item)
            else:
                yield item
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(n, table.approx_rows)

    counts = book.import_contacts(records(), expected=table.approx_rows)
    report.added, report.updated, report.unchanged = counts
    return report
