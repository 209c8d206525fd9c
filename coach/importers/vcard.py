"""``coach import FILE.vcf``: vCards (2.1, 3.0, 4.0) as phones and address books export them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import vobject

from coach.book import Book
from coach.errors import UserError
from coach.importers.contacts import PROGRESS_EVERY, clean_email, split_name
from coach.importers.csvfile import read_text
from coach.importers.summary import ImportReport, Problem, Progress
from coach.importers.vcard_lines import clean_card
from coach.lookup.phones import DEFAULT_REGION, parse_phone
from coach.models import ContactIn

#: Properties we never use that carry binary data (a phone's contact photo is often
#: hundreds of KB of base64): dropped before vobject parses a card, so they cost nothing.
_BINARY_PROPERTY = re.compile(r"(?:[A-Za-z0-9-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]", re.I)


def card_lines(text: str) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """(first line number, [(line number, line)]) of each BEGIN:VCARD … END:VCARD block,
    without its PHOTO, LOGO, SOUND and KEY properties. CR CR LF (iPhone) is one line end."""
    start, block = 0, []
    dropping = False
    for number, line in enumerate(text.replace("\r\r\n", "\n").splitlines(), start=1):
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
            start, block = number, [(number, line)]
        elif block:
            if _BINARY_PROPERTY.match(line):
                dropping = True
                continue
            block.append((number, line))
            if upper == "END:VCARD":
                yield start, block
                block = []
    if block:
        yield start, block


def split_cards(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each card, as :func:`card_lines` finds them."""
    for start, lines in card_lines(text):
        yield start, "\n".join(line for _, line in lines) + "\n"


def _values(card: object, name: str) -> list[Any]:
    return list(getattr(card, "contents", {}).get(name, []))


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


def _first_unit(value: object) -> str:
    """The first unit of a structured value: "IBM" of ``ORG:IBM;Accounting;Dungeon``."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    if isinstance(value, list | tuple):  # vobject splits a unit at its commas
        return ",".join(str(v) for v in value).strip()
    return str(value).strip()


def phone_kind(words: str) -> str:
    """A phone's label from its TYPE parameters (and an Apple X-ABLabel), lower-case."""
    if "fax" in words:
        return "fax"
    if any(w in words for w in ("cell", "mobile", "iphone")):
        return "mobile"
    for word in ("home", "main", "other", "pager"):
        if word in words:
            return "other" if word == "pager" else word
    return "office"


def contact_from_card(
    card: object,
    line: int,
    region: str,
    where: str,
    lines: dict[str, list[int]] | None = None,
) -> tuple[ContactIn, list[Problem]]:
    """One parsed vCard as a contact, plus notes about numbers that could not be read.

    ``where`` is the card's ``file:line``; with ``lines`` (a property's file lines, as
    :func:`clean_card` gives them) a note names the line of the number it is about.
    """
    notes: list[Problem] = []
    contact = ContactIn(line=line)
    path = where.rsplit(":", 1)[0] if lines is not None else where
    for n in _values(card, "n")[:1]:
        name = n.value
        contact.first_name = _text(getattr(name, "given", ""))
        contact.last_name = _text(getattr(name, "family", ""))
    if not (contact.first_name or contact.last_name):
        for fn in _values(card, "fn")[:1]:
            contact.first_name, contact.last_name = split_name(_text(fn.value))
    for org in _values(card, "org")[:1]:
        contact.company = _first_unit(org.value)
    for title in _values(card, "title")[:1]:
        contact.title = _text(title.value)
    for uid in _values(card, "uid")[:1]:
        contact.source_id = _text(uid.value)
    for nick in _values(card, "nickname")[:1]:
        value = nick.value
        first = value[0] if isinstance(value, list | tuple) and value else value
        contact.nickname = str(first or "").split(",")[0].strip()
    for email in _values(card, "email"):
        address = clean_email(_text(email.value))
        if not address or address == contact.email or address in contact.emails:
            continue
        if contact.email:
            contact.emails.append(address)
        else:
            contact.email = address
    contact.notes = "\n".join(_text(n.value) for n in _values(card, "note"))
    labels = {
        str(x.group).lower(): _text(x.value).lower()
        for x in _values(card, "x-ablabel")
        if getattr(x, "group", None)
    }
    tel_lines = (lines or {}).get("tel", [])
    for k, tel in enumerate(_values(card, "tel")):
        raw = _text(tel.value)
        if raw[:4].lower() == "tel:":
            raw = raw[4:]
        # vCard 3/4 say TYPE=CELL; vCard 2.1 writes the bare parameter (TEL;CELL:…).
        types = [*tel.params.get("TYPE", []), *tel.singletonparams]
        kinds = " ".join(map(str, types)).lower()
        kinds += " " + labels.get(str(getattr(tel, "group", "") or "").lower(), "")
        at = f"{path}:{tel_lines[k]}" if k < len(tel_lines) else where
        try:
            phone = parse_phone(raw, region, phone_kind(kinds))
        except ValueError as exc:
            notes.append(Problem(at, str(exc), skipped=False))
            continue
        if not any((p.e164, p.ext) == (phone.e164, phone.ext) for p in contact.phones):
            contact.phones.append(phone)
    return contact, notes


def import_vcards(
    book: Book, path: Path, *, region: str = DEFAULT_REGION, progress: Progress | None = None
) -> ImportReport:
    """Add or update a contact per card; a card that cannot be read is reported and skipped.

    A line of a card that cannot be read is reported and left out; the card still lands.
    """
    text, encoding = read_text(path, "a contacts file")
    cards = list(card_lines(text.lstrip("\ufeff")))
    if not cards:
        raise UserError("no vCard in this file (no BEGIN:VCARD line)", where=str(path))
    report = ImportReport(str(path), "contacts", encoding=encoding)

    def records() -> Iterator[ContactIn]:
        for n, (line, block) in enumerate(cards, start=1):
            where = f"{path}:{line}"
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(n, len(cards))
            clean = clean_card(block)
            said = [Problem(f"{path}:{at}", what, skipped=False) for at, what in clean.notes]
            try:
                card = vobject.readOne(clean.text)
            except Exception as exc:  # vobject raises many types for malformed input
                reason = f"unreadable vCard (starting here): {_short(exc)}"
                report.problems.extend([*said, Problem(where, reason)])
                continue
            contact, notes = contact_from_card(card, line, region, where, clean.lines)
            said.extend(notes)
            report.problems.extend(sorted(said, key=_line_of))
            if contact.has_identity:
                yield contact
            else:
                report.problems.append(Problem(where, "vCard with no name, email or phone number"))

    report.added, report.updated, report.unchanged = book.import_contacts(records())
    return report


def _line_of(problem: Problem) -> int:
    number = problem.where.rpartition(":")[2]
    return int(number) if number.isdigit() else 0


def _short(exc: Exception) -> str:
    first = str(exc).strip().splitlines()
    return first[0][:120] if first else type(exc).__name__
