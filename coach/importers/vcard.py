"""``coach import FILE.vcf``: vCards (2.1, 3.0, 4.0) as phones and address books export them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import vobject

from coach.book import Book
from coach.errors import UserError
from coach.importers.contacts import PROGRESS_EVERY, clean_email, split_name
from coach.importers.csvfile import read_text
from coach.importers.summary import ImportReport, Problem, Progress
from coach.lookup.phones import DEFAULT_REGION, parse_phone
from coach.models import ContactIn

#: Properties we never use that carry binary data (a phone's contact photo is often
#: hundreds of KB of base64): dropped before vobject parses a card, so they cost nothing.
_BINARY_PROPERTY = re.compile(r"(?:[A-Za-z0-9-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.I)


def split_cards(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each BEGIN:VCARD … END:VCARD block, without its
    PHOTO, LOGO, SOUND and KEY properties."""
    start, block = 0, []
    dropping = False
    for number, line in enumerate(text.splitlines(), start=1):
        if dropping:
            # A property's folded lines start with a space or tab; vCard 2.1 base64 may
            # also run on unindented (never with a colon) up to a blank line.
            if line[:1] in (" ", "\t") or (line.strip() and ":" not in line):
                continue
            dropping = False
            if not line.strip():
                continue
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            start, block = number, [line]
        elif block:
            if _BINARY_PROPERTY.match(line):
                dropping = True
                continue
            block.append(line)
            if upper == "END:VCARD":
                yield start, "\n".join(block) + "\n"
                block = []
    if block:
        yield start, "\n".join(block) + "\n"


def _values(card: object, name: str) -> list[object]:
    return list(getattr(card, "contents", {}).get(name, []))


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


def contact_from_card(
    card: object, line: int, region: str, where: str
) -> tuple[ContactIn, list[Problem]]:
    """One parsed vCard as a contact, plus notes about numbers that could not be read."""
    notes: list[Problem] = []
    contact = ContactIn(line=line)
    for n in _values(card, "n")[:1]:
        name = n.value  # type: ignore[attr-defined]
        contact.first_name = _text(getattr(name, "given", ""))
        contact.last_name = _text(getattr(name, "family", ""))
    if not (contact.first_name or contact.last_name):
        for fn in _values(card, "fn")[:1]:
            contact.first_name, contact.last_name = split_name(_text(fn.value))  # type: ignore[attr-defined]
    for org in _values(card, "org")[:1]:
        contact.company = _text(org.value)  # type: ignore[attr-defined]
    for title in _values(card, "title")[:1]:
        contact.title = _text(title.value)  # type: ignore[attr-defined]
    for uid in _values(card, "uid")[:1]:
        contact.source_id = _text(uid.value)  # type: ignore[attr-defined]
    for email in _values(card, "email"):
        if address := clean_email(_text(email.value)):  # type: ignore[attr-defined]
            contact.email = address
            break
    contact.notes = "\n".join(_text(n.value) for n in _values(card, "note"))  # type: ignore[attr-defined]
    for tel in _values(card, "tel"):
        raw = _text(tel.value).removeprefix("tel:")  # type: ignore[attr-defined]
        # vCard 3/4 say TYPE=CELL; vCard 2.1 writes the bare parameter (TEL;CELL:…).
        types = [*tel.params.get("TYPE", []), *tel.singletonparams]  # type: ignore[attr-defined]
        kinds = " ".join(map(str, types)).lower()
        label = "mobile" if "cell" in kinds else "home" if "home" in kinds else "office"
        try:
            phone = parse_phone(raw, region, label)
        except ValueError as exc:
            notes.append(Problem(where, str(exc), skipped=False))
            continue
        if phone not in contact.phones:
            contact.phones.append(phone)
    return contact, notes


def import_vcards(
    book: Book, path: Path, *, region: str = DEFAULT_REGION, progress: Progress | None = None
) -> ImportReport:
    """Add or update a contact per card; a card that cannot be read is reported and skipped."""
    text, encoding = read_text(path, "a contacts file")
    cards = list(split_cards(text.lstrip("\ufeff")))
    if not cards:
        raise UserError("no vCard in this file (no BEGIN:VCARD line)", where=str(path))
    report = ImportReport(str(path), "contacts", encoding=encoding)

    def records() -> Iterator[ContactIn]:
        for n, (line, block) in enumerate(cards, start=1):
            where = f"{path}:{line}"
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(n, len(cards))
            try:
                card = vobject.readOne(block)
            except Exception as exc:  # vobject raises many types for malformed input
                reason = f"unreadable vCard (starting here): {_short(exc)}"
                report.problems.append(Problem(where, reason))
                continue
            contact, notes = contact_from_card(card, line, region, where)
            report.problems.extend(notes)
            if contact.has_identity:
                yield contact
            else:
                report.problems.append(Problem(where, "vCard with no name, email or phone number"))

    report.added, report.updated, report.unchanged = book.import_contacts(records())
    return report


def _short(exc: Exception) -> str:
    first = str(exc).strip().splitlines()
    return first[0][:120] if first else type(exc).__name__
