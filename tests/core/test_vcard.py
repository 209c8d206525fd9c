"""vCards from phones and address books become contacts; broken cards are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.book import Book
from coach.errors import UserError
from coach.importers import import_vcards
from coach.lookup.engine import Lookup
from tests.helpers import write

CARDS = """\
BEGIN:VCARD
VERSION:3.0
UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1
N:Okafor;Michael;;;
FN:Michael Okafor
ORG:Globex Logistics;Operations
TITLE:Head of Operations
TEL;TYPE=WORK,VOICE:(612) 555-0142
TEL;TYPE=CELL:+1 612 555 0199
EMAIL;TYPE=INTERNET:m.okafor@globex.example
NOTE:Met at the freight expo
END:VCARD
BEGIN:VCARD
VERSION:2.1
N:Müller;Jürgen
FN:Jürgen Müller
TEL;CELL:+49 89 1234 5678
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Ana Lopez
TEL;VALUE=uri;TYPE=home:tel:+1-415-555-0101
END:VCARD
"""


def test_vcards_import_with_names_numbers_and_labels(tmp_path: Path, db_path: Path) -> None:
    with Book.open(db_path) as store:
        report = import_vcards(store, write(tmp_path / "people.vcf", CARDS))
        assert (report.added, report.skipped) == (3, 0), report.problems
        rows = store.conn.execute(
            "SELECT c.first_name, c.last_name, c.company, p.e164, p.label FROM contacts c"
            " JOIN phones p ON p.contact_id = c.id ORDER BY p.e164"
        ).fetchall()
        assert rows == [
            ("Ana", "Lopez", "", "+14155550101", "home"),
            ("Michael", "Okafor", "Globex Logistics Operations", "+16125550142", "office"),
            ("Michael", "Okafor", "Globex Logistics Operations", "+16125550199", "mobile"),
            ("Jürgen", "Müller", "", "+498912345678", "mobile"),
        ]
        assert Lookup(store).search("muller").hits[0].contact.first_name == "Jürgen"


def test_reimporting_vcards_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "people.vcf", CARDS)
    with Book.open(db_path) as store:
        import_vcards(store, path)
        again = import_vcards(store, path)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_a_broken_card_is_skipped_with_its_line_and_the_rest_import(
    tmp_path: Path, db_path: Path
) -> None:
    text = CARDS + "BEGIN:VCARD\nVERSION:3.0\nthis line is not a property\nEND:VCARD\n"
    path = write(tmp_path / "people.vcf", text)
    with Book.open(db_path) as store:
        report = import_vcards(store, path)
        assert report.added == 3
        assert len(report.problems) == 1
        first_line_of_bad_card = CARDS.count("\n") + 1
        assert str(report.problems[0]).startswith(f"{path}:{first_line_of_bad_card}: skipped:")
        assert "unreadable vCard" in str(report.problems[0])


def test_a_file_without_cards_is_refused(tmp_path: Path, db_path: Path) -> None:
    with Book.open(db_path) as store, pytest.raises(UserError, match="no vCard"):
        import_vcards(store, write(tmp_path / "x.vcf", "first_name,last_name\nAna,Lopez\n"))
