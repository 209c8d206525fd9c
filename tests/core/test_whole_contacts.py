"""Every e-mail, the nickname and every possible number of a contact land and are findable."""

from __future__ import annotations

from coach.book import Book
from coach.lookup.engine import Lookup
from coach.lookup.phones import format_human, parse_phone
from coach.models import ContactIn


def robert(**changes: object) -> ContactIn:
    fields: dict[str, object] = {
        "line": 2,
        "source_id": "003QUAYLE",
        "first_name": "Robert",
        "last_name": "Quayle",
        "company": "Fenwick Freight",
        "email": "r.quayle@fenwick.example",
        "emails": ["Bob@Quayle-Home.example", "r.quayle@fenwick.example"],
        "nickname": "Bob",
        "phones": [parse_phone("(612) 555-0142"), parse_phone("(999) 555-0177")],
    }
    fields.update(changes)
    return ContactIn(**fields)  # type: ignore[arg-type]


def test_every_email_and_the_nickname_are_kept_and_found(book: Book) -> None:
    book.import_contacts([robert()])
    lookup = Lookup(book)
    hit = lookup.search("bob quayle").hits[0]
    assert hit.contact.name == "Robert Quayle" and hit.contact.nickname == "Bob"
    assert hit.contact.emails == ("bob@quayle-home.example",)  # the primary is not repeated
    for query in ("bob q", "bob@quayle-home.example", "r.quayle@fenwick.example"):
        assert lookup.search(query).hits[0].contact.id == hit.contact.id, query
    # "Bob" alone: Robert Haddad is a Bob too (nickname table), reached recently: both show.
    assert hit.contact.id in [h.contact.id for h in lookup.search("bob").hits[:2]]


def test_a_number_the_metadata_does_not_know_is_kept_shown_as_written_and_matched(
    book: Book,
) -> None:
    book.import_contacts([robert()])
    lookup = Lookup(book)
    c = lookup.search("quayle").hits[0].contact
    unknown = next(p for p in c.phones if not p.verified)
    assert unknown.e164 == "+19995550177" and format_human(unknown) == "(999) 555-0177"
    for typed in ("999-555-0177", "+1 999 555 0177", "9995550177"):
        assert lookup.search(typed).hits[0].contact.id == c.id, typed


def test_reimporting_changes_nothing_and_a_new_address_loses_no_old_one(book: Book) -> None:
    assert book.import_contacts([robert()]) == (1, 0, 0)
    assert book.import_contacts([robert()]) == (0, 0, 1)
    moved = robert(email="robert@newco.example", emails=[], nickname="")
    assert book.import_contacts([moved]) == (0, 1, 0)
    c = Lookup(book).search("quayle").hits[0].contact
    assert c.email == "robert@newco.example" and c.nickname == "Bob"
    assert set(c.emails) == {"r.quayle@fenwick.example", "bob@quayle-home.example"}
    assert Lookup(book).search("r.quayle@fenwick.example").hits[0].contact.id == c.id
    assert book.import_contacts([moved]) == (0, 0, 1)


def test_a_whole_gmail_address_finds_its_owner(book: Book) -> None:
    book.import_contacts([robert(email="asmithk@gmail.com", emails=[], source_id="")])
    assert Lookup(book).search("asmithk@gmail.com").hits[0].contact.last_name == "Quayle"


def test_a_number_from_abroad_keeps_its_layout_in_the_book(book: Book) -> None:
    berlin = parse_phone("+49 30 901820", "US")
    tokyo = parse_phone("+81 3-1234-5678 x9", "US")
    book.import_contacts([robert(source_id="", email="", emails=[], phones=[berlin, tokyo])])
    c = Lookup(book).search("quayle").hits[0].contact
    assert [p.shown_intl for p in c.phones] == ["+49 30 901820", "+81 3-1234-5678"]
    assert [format_human(p, "US") for p in c.phones] == ["+49 30 901820", "+81 3-1234-5678 ext. 9"]
    assert format_human(c.phones[0], "DE") == "030 901820"
