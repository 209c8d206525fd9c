"""Property tests: no input crashes the phone parser or the CSV importer."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.book import Book
from coach.errors import UserError
from coach.importers import import_calls, import_contacts
from coach.lookup.phones import format_human, looks_like_phone, parse_phone, query_keys
from coach.text import fold, index_words, words


@given(st.text(max_size=40))
def test_parse_phone_returns_e164_or_says_why_not(text: str) -> None:
    try:
        phone = parse_phone(text)
    except ValueError as exc:
        assert str(exc)
        return
    assert phone.e164.startswith("+") and phone.e164[1:].isdigit()
    assert phone.digits.endswith(phone.national)


separators = st.sampled_from(["", " ", "-", ".", "  "])


@given(
    area=st.integers(200, 999),
    exchange=st.integers(200, 999),
    line=st.integers(0, 9999),
    style=st.integers(0, 4),
    sep=separators,
)
def test_the_north_american_shortcut_agrees_with_phonenumbers(
    area: int, exchange: int, line: int, style: int, sep: str
) -> None:
    a, b, c = str(area), str(exchange), f"{line:04d}"
    text = [
        f"({a}){sep}{b}{sep}{c}",
        f"{a}{sep}{b}{sep}{c}",
        f"+1{sep}{a}{sep}{b}{sep}{c}",
        f"1{sep}{a}{sep}{b}{sep}{c}",
        f"+1({a}){b}-{c}",
    ][style]
    theirs = phonenumbers.parse(text, "US")
    ours = parse_phone(text, "US")
    # A number the library cannot validate is kept too, flagged (it is still on caller ID).
    assert ours.verified == phonenumbers.is_valid_number(theirs)
    assert ours.e164 == phonenumbers.format_number(theirs, phonenumbers.PhoneNumberFormat.E164)
    assert ours.national == phonenumbers.national_significant_number(theirs)


@given(st.text(max_size=30))
def test_query_helpers_never_crash(text: str) -> None:
    looks_like_phone(text)
    query_keys(text)
    assert fold(text) == fold(text).lower()
    assert all(w.isalnum() and w.isascii() for w in words(text))
    assert all(w for w in index_words(text))


cells = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=6), max_size=6), st.sampled_from(",;\t"))
def test_no_csv_crashes_the_contact_importer(rows: list[list[str]], delimiter: str) -> None:
    text = "\n".join(delimiter.join(row) for row in rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.csv"
        path.write_text(text, encoding="utf-8")
        with Book.open(Path(tmp) / "book.db") as store:
            try:
                report = import_contacts(store, path)
            except UserError:
                assert store.count_contacts() == 0
                return
            physical_lines = len(text.splitlines())  # cells may hold line breaks
            assert report.added + report.updated + report.unchanged <= physical_lines


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_no_bytes_crash_the_importers(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.csv"
        path.write_bytes(b"first_name,phone,when,contact_id\n" + data)
        with Book.open(Path(tmp) / "book.db") as store:
            for importer in (import_contacts, import_calls):
                with contextlib.suppress(UserError):
                    importer(store, path)


@given(area=st.integers(200, 999), exchange=st.integers(200, 999), line=st.integers(0, 9999))
def test_north_american_numbers_are_formatted_as_the_library_would(
    area: int, exchange: int, line: int
) -> None:
    text = f"{area}{exchange}{line:04d}"
    theirs = phonenumbers.parse(text, "US")
    if not phonenumbers.is_valid_number(theirs):
        return
    ours = parse_phone(text, "US")
    assert ours.region == phonenumbers.region_code_for_number(theirs)
    for region in ("US", "CA", "GB"):
        same = ours.region == region
        style = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if same
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        assert format_human(ours, region) == phonenumbers.format_number(theirs, style)


WORLD = sorted(phonenumbers.SUPPORTED_REGIONS - {"US"})
KINDS = (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE)


@given(home=st.sampled_from(WORLD), kind=st.sampled_from(KINDS), ext=st.booleans())
def test_numbers_outside_north_america_are_shown_as_the_library_shows_them(
    home: str, kind: int, ext: bool
) -> None:
    example = phonenumbers.example_number_for_type(home, kind)
    if example is None or not phonenumbers.is_valid_number(example):
        return
    written = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
    ours = parse_phone(written + (" ext. 23" if ext else ""), home)
    theirs = phonenumbers.parse(ours.e164, None)
    for viewer in (home, "US", "GB"):
        same = phonenumbers.region_code_for_number(theirs) == viewer
        style = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if same
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        expected = phonenumbers.format_number(theirs, style) + (" ext. 23" if ext else "")
        assert format_human(ours, viewer) == expected
        # A number kept before its layout was (an older book) is laid out by the library.
        assert format_human(ours._replace(shown_intl="", shown_natl=""), viewer) == expected


@settings(max_examples=300)
@given(
    home=st.sampled_from(["US", "GB", "DE", "FR", "IT", "JP", "BR", "IN", "AU", "ZA"]),
    plus=st.booleans(),
    country=st.sampled_from(["", "1", "33", "39", "44", "49", "61", "81", "800", "882"]),
    body=st.text(alphabet="0123456789", min_size=3, max_size=14),
)
def test_any_number_reads_as_the_library_reads_it(
    home: str, plus: bool, country: str, body: str
) -> None:
    """Our reading of a number outside the shortcut (the region asked once, E.164 put
    together by hand) is the library's: validity, E.164, national number and country."""
    text = ("+" if plus else "") + country + body
    try:
        theirs = phonenumbers.parse(text, home)
    except phonenumbers.NumberParseException:
        theirs = None
    valid = theirs is not None and phonenumbers.is_valid_number(theirs)
    possible = theirs is not None and (valid or phonenumbers.is_possible_number(theirs))
    try:
        ours = parse_phone(text, home)
    except ValueError:
        assert not possible
        return
    assert theirs is not None and possible
    assert ours.verified == valid
    assert ours.e164 == phonenumbers.format_number(theirs, phonenumbers.PhoneNumberFormat.E164)
    assert ours.national == phonenumbers.national_significant_number(theirs)
    assert ours.region == ((phonenumbers.region_code_for_number(theirs) or "") if valid else "")
