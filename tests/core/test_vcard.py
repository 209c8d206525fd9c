"""vCards from phones and address books become contacts; broken cards are named."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from coach.book import Book
from coach.errors import UserError
from coach.importers import ImportReport, import_vcards
from coach.importers.csvfile import decode
from coach.lookup.engine import Lookup
from coach.models import ContactIn
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
            ("Michael", "Okafor", "Globex Logistics", "+16125550142", "office"),
            ("Michael", "Okafor", "Globex Logistics", "+16125550199", "mobile"),
            ("Jürgen", "Müller", "", "+498912345678", "mobile"),
        ]
        assert Lookup(store).search("muller").hits[0].contact.first_name == "Jürgen"


def test_reimporting_vcards_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "people.vcf", CARDS)
    with Book.open(db_path) as store:
        import_vcards(store, path)
        again = import_vcards(store, path)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_a_line_that_is_no_property_is_left_out_and_a_card_with_nothing_is_skipped(
    tmp_path: Path, db_path: Path
) -> None:
    text = CARDS + "BEGIN:VCARD\nVERSION:3.0\nthis line is not a property\nEND:VCARD\n"
    path = write(tmp_path / "people.vcf", text)
    first_line_of_bad_card = CARDS.count("\n") + 1
    with Book.open(db_path) as store:
        report = import_vcards(store, path)
        assert report.added == 3
        assert [str(p) for p in report.problems] == [
            f"{path}:{first_line_of_bad_card + 2}: note: not a vCard property, left out:"
            " 'this line is not a property'",
            f"{path}:{first_line_of_bad_card}: skipped: vCard with no name, email or phone number",
        ]


def test_a_file_without_cards_is_refused(tmp_path: Path, db_path: Path) -> None:
    with Book.open(db_path) as store, pytest.raises(UserError, match="no vCard"):
        import_vcards(store, write(tmp_path / "x.vcf", "first_name,last_name\nAna,Lopez\n"))


# --- Real exports' shapes, one fixture each (invented people) -------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "vcard"


class _Catch:
    """Stands in for the book: keeps the contacts an import hands it."""

    def __init__(self) -> None:
        self.got: list[ContactIn] = []

    def import_contacts(self, contacts: object, expected: int = 0) -> tuple[int, int, int]:
        self.got = list(cast("list[ContactIn]", contacts))
        return len(self.got), 0, 0


def parsed(name: str) -> tuple[ImportReport, list[ContactIn]]:
    catch = _Catch()
    report = import_vcards(cast(Book, catch), FIXTURES / name)
    return report, catch.got


def summary(c: ContactIn) -> tuple[object, ...]:
    phones = [(p.e164, p.ext, p.label) for p in c.phones]
    return (c.first_name, c.last_name, c.company, c.nickname, c.email, c.emails, phones)


EXPECTED: dict[str, list[tuple[object, ...]]] = {
    # Outlook 2003/2007 and Android: QP soft breaks on lines that start with no space.
    "outlook_qp_soft_breaks.vcf": [
        (
            "Priya",
            "Ramán",
            "Northwind Traders",
            "Pri",
            "priya.raman@northwind.example",
            ["praman@home.example"],
            [
                ("+16125550142", "", "office"),
                ("+16125550199", "", "mobile"),
                ("+14155550101", "", "home"),
                ("+16125550143", "", "fax"),
            ],
        ),
        (
            "Dale Chukwuémeka",
            "Okonkwo",
            "Okonkwo Distribución",
            "",
            "dale.okonkwo@example.com",
            [],
            [("+13035550188", "", "mobile")],
        ),
    ],
    # The Bat!: 8-bit QP, no CHARSET.
    "thebat_8bit_qp.vcf": [
        (
            "Zbigniew",
            "Wójcik",
            "",
            "",
            "zbigniew.wojcik@example.pl",
            [],
            [("+48225550142", "", "office")],
        )
    ],
    # CHARSET=windows-1252 and raw bytes in the file.
    "cp1252_raw.vcf": [
        (
            "Renée",
            "Dubois",
            "Café Lumière",
            "",
            "renee@lumiere.example",
            ["renee.dubois@mail.example"],
            [("+16125550150", "", "office"), ("+16125550151", "", "mobile")],
        )
    ],
    # Apple: UTF-16 without a BOM.
    **{
        name: [
            (
                "Åsa",
                "Lindqvist",
                "Fjällräven Outfitters",
                "",
                "asa@fjall.example",
                [],
                [("+16125550160", "", "mobile")],
            )
        ]
        for name in ("apple_utf16be_nobom.vcf", "apple_utf16le_nobom.vcf")
    },
    # iPhone: CR CR LF, item groups with X-ABLabel, a folded PHOTO.
    "iphone_crcrlf.vcf": [
        (
            "Omar",
            "Haddad",
            "Cedar Logistics",
            "Oz",
            "omar@cedar.example",
            ["o.haddad@home.example"],
            [
                ("+16125550170", "", "mobile"),
                ("+16125550171", "", "mobile"),
                ("+16125550172", "", "home"),
                ("+16125550173", "", "other"),
            ],
        )
    ],
    # Lotus Notes: PROFILE:VCard; a grouped ORG of three units; an e-mail twice.
    "lotus_profile.vcf": [
        (
            "Keiko",
            "Nakamura",
            "IBM",
            "Kei",
            "knakamura@ibm.example",
            ["keiko@home.example"],
            [("+13035550120", "", "office"), ("+13035550121", "", "fax")],
        )
    ],
    # Thunderbird: lower case, VERSION last, a bare quoted-printable parameter.
    "thunderbird_lower.vcf": [
        (
            "Marta",
            "Kowalczyk",
            "Baltic Amber Co.",
            "Marti",
            "marta@amber.example",
            [],
            [("+14155550130", "", "mobile")],
        ),
        ("Ines", "Carvalho", "", "", "ines@porto.example", [], [("+14155550131", "", "office")]),
    ],
    # tel: URIs with ;ext=, VALUE=uri holding a bare number, BEGIN:vCard.
    "tel_uri.vcf": [
        (
            "Tomasz",
            "Brandt",
            "Example.com Inc.",
            "",
            "tomasz@example.com",
            [],
            [("+16125550180", "5555", "home"), ("+16125550181", "", "home")],
        ),
        ("Ngozi", "Eze", "", "", "", [], [("+16125550182", "", "mobile")]),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_person_number_and_email_of_an_export_lands(name: str) -> None:
    report, contacts = parsed(name)
    assert [summary(c) for c in contacts] == EXPECTED[name]
    assert report.skipped == 0, report.problems


def test_quoted_printable_text_is_decoded_across_soft_breaks() -> None:
    report, (priya, _) = parsed("outlook_qp_soft_breaks.vcf")
    assert report.problems == []
    assert priya.notes.startswith("Prefers calls before noon.\nSecond line")


def test_qp_bytes_that_are_not_utf8_are_read_as_windows_1252_and_said() -> None:
    report, _ = parsed("thebat_8bit_qp.vcf")
    path = FIXTURES / "thebat_8bit_qp.vcf"
    assert [str(p) for p in report.problems] == [
        f"{path}:3: note: quoted-printable text is not UTF-8 (no CHARSET): read as windows-1252"
    ]


def test_a_broken_number_or_line_is_said_at_its_line_and_the_card_lands() -> None:
    report, contacts = parsed("broken_lines.vcf")
    path = FIXTURES / "broken_lines.vcf"
    assert [summary(c) for c in contacts] == [
        (
            "Kofi",
            "Mensah",
            "",
            "",
            "kofi@mensah.example",
            ["kofi.mensah@mail.example"],
            [("+16125550190", "", "mobile")],
        )
    ]
    assert [str(p) for p in report.problems] == [
        f"{path}:5: note: not a phone number: 'ask reception'",
        f"{path}:7: note: not a vCard property, left out: 'this line is not a property'",
        f"{path}:11: skipped: vCard with no name, email or phone number",
    ]


@pytest.mark.parametrize("name", sorted([*EXPECTED, "broken_lines.vcf"]))
def test_each_export_lands_in_the_book_and_a_second_import_changes_nothing(
    name: str, db_path: Path
) -> None:
    people = len(EXPECTED.get(name, [None]))
    numbers = sum(len(cast("list[object]", c[6])) for c in EXPECTED.get(name, [])) or 1
    with Book.open(db_path) as store:
        first = import_vcards(store, FIXTURES / name)
        assert (first.added, first.updated) == (people, 0)
        (stored,) = store.conn.execute("SELECT count(*) FROM phones").fetchone()
        assert stored == numbers
        again = import_vcards(store, FIXTURES / name)
        assert (again.added, again.updated, again.unchanged) == (0, 0, people)


def test_utf16_without_a_bom_is_read_and_binary_is_still_refused(tmp_path: Path) -> None:
    text = "BEGIN:VCARD\r\nFN:Åsa Lindqvist\r\nEND:VCARD\r\n"
    for endian in ("utf-16-be", "utf-16-le"):
        assert decode(text.encode(endian), tmp_path / "a.vcf") == (text, endian)
    # NULs in every other byte, but what they decode to is no text.
    binary = bytes(b for i in range(600) for b in (0, i % 32 if i % 7 else 1))
    with pytest.raises(UserError, match="this is a binary file, not a CSV or vCard file"):
        decode(binary, tmp_path / "b.vcf")
    with pytest.raises(UserError, match="this is a binary file"):
        decode(b"\x00\x01\x02\x03" * 300, tmp_path / "c.vcf")


def test_a_soft_break_at_the_last_property_never_swallows_the_end(
    tmp_path: Path, db_path: Path
) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nN:Raman;Priya\nTEL;CELL:+1 612 555 0142\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:cut short=\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:2.1\nN:Okonkwo;Dale\nEND:VCARD\n"
    )
    with Book.open(db_path) as store:
        report = import_vcards(store, write(tmp_path / "short.vcf", text))
        assert (report.added, list(report.problems)) == (2, [])
