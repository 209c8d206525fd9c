"""The rep types what the caller gave them; the right person comes first."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.book import Book
from coach.lookup.engine import HALF_LIFE_DAYS, Lookup, Result, ago
from tests.helpers import NOW


def search(book: Book, query: str, limit: int = 5) -> Result:
    return Lookup(book).search(query, limit=limit, now=NOW)


def first(book: Book, query: str) -> str:
    result = search(book, query)
    assert result.hits, f"no hits for {query!r}"
    return result.hits[0].contact.name


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("jill", "Jill Konrath"),
        ("mike", "Michael Okafor"),  # nickname, and the most recently touched Mike
        ("bob", "Robert Haddad"),
        ("liz", "Elizabeth Kowalski"),
        ("bill", "William Chen"),
        ("Mikhail", "Mikhail Petrov"),
    ],
)
def test_a_caller_who_gives_a_first_name_or_nickname_is_found(
    book: Book, query: str, who: str
) -> None:
    assert first(book, query) == who


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("mike globx", "Michael Okafor"),
        ("mike redlin", "Mike Castellanos"),
        ("jil konrat", "Jill Konrath"),
        ("mike castelanos", "Mike Castellanos"),
        ("michael brandt", "Michael Brandt"),
        ("mike northwnd", "Michael Brandt"),
    ],
)
def test_a_first_name_with_a_misspelt_company_or_surname_is_found(
    book: Book, query: str, who: str
) -> None:
    assert first(book, query) == who


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("muller", "Jürgen Müller"),
        ("mueller", "Jürgen Müller"),
        ("MÜLLER", "Jürgen Müller"),
        ("obrien", "Siobhán O'Brien"),
        ("o'brien", "Siobhán O'Brien"),
        ("siobhan", "Siobhán O'Brien"),
        ("jurgen", "Jürgen Müller"),
    ],
)
def test_names_are_found_without_accents_or_punctuation(book: Book, query: str, who: str) -> None:
    assert first(book, query) == who


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("stonegate", "Mikhail Petrov"),
        ("stongate", "Mikhail Petrov"),
        ("Tidewater Health", "Siobhán O'Brien"),
        ("jkonrath", "Jill Konrath"),
        ("okafor@globex", "Michael Okafor"),
        ("@redline", "Mike Castellanos"),
        ("siobhan.obrien", "Siobhán O'Brien"),
    ],
)
def test_a_company_or_an_email_fragment_finds_the_person(book: Book, query: str, who: str) -> None:
    assert first(book, query) == who


@pytest.mark.parametrize(
    "typed",
    [
        "(612) 555-0142",
        "+1 612 555 0142",
        "612.555.0142",
        "6125550142",
        "1-612-555-0142",
        "tel:+16125550142",
        "555-0142",
        "5550142",
        "0142",
        "612 555",
    ],
)
def test_caller_id_in_any_format_finds_the_person(book: Book, typed: str) -> None:
    result = search(book, typed)
    assert result.is_number
    assert result.hits[0].contact.name == "Michael Okafor"
    assert "(612) 555-0142" in result.hits[0].why[0]


def test_a_mobile_number_finds_the_person(book: Book) -> None:
    hit = search(book, "952-555-0188").hits[0]
    assert hit.contact.name == "Mike Castellanos"
    assert "mobile" in hit.why[0]


def test_an_international_number_is_found_with_or_without_its_prefix(book: Book) -> None:
    assert first(book, "+49 89 1234 5678") == "Jürgen Müller"
    assert first(book, "011 49 89 12345678") == "Jürgen Müller"


def test_a_number_with_an_extension_is_found(book: Book) -> None:
    assert first(book, "415-555-0123") == "Robert Haddad"
    assert first(book, "(415) 555-0123 ext. 204") == "Robert Haddad"


@pytest.mark.parametrize("typed", ["(999) 555-0000", "5559999", "612 555 0143", "+44 20 7946 0958"])
def test_a_full_number_not_in_the_book_is_a_new_caller_never_a_near_miss(
    book: Book, typed: str
) -> None:
    result = search(book, typed)
    assert result.hits == []
    assert result.new_caller


def test_a_few_digits_that_match_nothing_are_not_a_new_caller(book: Book) -> None:
    result = search(book, "999")
    assert result.hits == []
    assert not result.new_caller


def test_among_comparable_matches_the_most_recently_touched_comes_first(book: Book) -> None:
    names = [h.contact.name for h in search(book, "michael").hits]
    # Both are Michaels matched exactly; Okafor was reached yesterday, Brandt 40 days ago.
    assert names.index("Michael Okafor") < names.index("Michael Brandt")


def test_recency_does_not_beat_a_clearly_better_match(book: Book) -> None:
    # Okafor (yesterday) matches only "michael"; Brandt (40 days ago) matches both words.
    assert first(book, "michael brandt") == "Michael Brandt"


def test_an_exact_first_name_and_a_nickname_trade_places_by_recency(book: Book) -> None:
    names = [h.contact.name for h in search(book, "mike").hits]
    # "Mike" Castellanos is an exact match touched 9 days ago; Michael Okafor a nickname
    # match touched yesterday: the prior for yesterday outweighs the small quality gap.
    assert names[:2] == ["Michael Okafor", "Mike Castellanos"]
    scores = [h.score for h in search(book, "mike").hits]
    assert scores == sorted(scores, reverse=True)


def test_the_recency_prior_halves_every_week() -> None:
    day = 86400
    fresh = Lookup._prior(int(NOW), NOW)
    week = Lookup._prior(int(NOW - HALF_LIFE_DAYS * day), NOW)
    assert week == pytest.approx(fresh / 2)
    assert Lookup._prior(0, NOW) == 0


def test_hits_carry_what_the_rep_needs_to_say(book: Book) -> None:
    hit = search(book, "okafor").hits[0]
    assert hit.phones_human == ("(612) 555-0142",)
    assert hit.last_touch is not None
    assert hit.last_touch.kind == "voicemail"
    assert hit.last_touch.reason == "the dispatch delays"
    assert hit.last_touch.message.startswith("Hi Michael")
    data = hit.as_json()
    assert set(data) >= {"name", "company", "title", "phones", "email", "last_touch", "touches"}
    assert data["touches"] == 1
    assert "surname okafor" in str(data["why"])


def test_why_names_the_nickname_that_matched(book: Book) -> None:
    hit = search(book, "bill").hits[0]
    assert "nickname bill → william" in hit.why


def test_a_limit_caps_the_hits(book: Book) -> None:
    assert len(search(book, "mi", limit=2).hits) <= 2


def test_an_empty_query_finds_nothing(book: Book) -> None:
    assert search(book, "   ").hits == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_no_query_crashes_the_lookup(book: Book, query: str) -> None:
    # The book is only read, so sharing it between examples is sound.
    result = search(book, query)
    assert all(h.score > 0 for h in result.hits)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.from_regex(r"\+?[0-9 ().\-]{0,20}(x[0-9]{1,4})?", fullmatch=True))
def test_no_phone_like_query_crashes_the_lookup(book: Book, query: str) -> None:
    search(book, query)


def test_an_exact_name_is_not_crowded_out_by_recent_near_names(tmp_path: Path) -> None:
    from coach.importers import import_calls, import_contacts
    from tests.helpers import iso_days_ago, write

    people = ["id,first_name,last_name", "J,Jill,Konrath"]
    people += [f"B{i},Bill,Nr{i}" for i in range(80)]
    calls = ["contact_id,when,kind", f"J,{iso_days_ago(21)},call"]
    calls += [f"B{i},{iso_days_ago(0.1)},call" for i in range(80)]
    with Book.open(tmp_path / "b.db") as store:
        import_contacts(store, write(tmp_path / "c.csv", "\n".join(people) + "\n"))
        import_calls(store, write(tmp_path / "t.csv", "\n".join(calls) + "\n"))
        hits = Lookup(store).search("jill", limit=3, now=NOW).hits
        assert hits[0].contact.name == "Jill Konrath"
        assert all(h.contact.first_name != "Bill" for h in hits)


def test_a_nickname_is_the_same_first_name_and_recency_decides(book: Book) -> None:
    # Michael Okafor was reached yesterday, Mike Castellanos nine days ago.
    first = search(book, "mike").hits[:2]
    assert [h.contact.last_name for h in first] == ["Okafor", "Castellanos"]
    assert first[0].quality == first[1].quality
    assert search(book, "michael").hits[0].contact.last_name == "Okafor"


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (0.2, "today"),
        (1, "yesterday"),
        (9, "9 days ago"),
        (17, "2 weeks ago"),
        (34, "5 weeks ago"),  # the rep left it five weeks ago, not four
        (59, "8 weeks ago"),
        (75, "3 months ago"),
    ],
)
def test_ago_says_the_nearest_week_or_month(days: float, said: str) -> None:
    assert ago(int(NOW - days * 86400), NOW) == said


# --------------------------------------------------------------- at scale
def _crowd(tmp_path: Path, rows: list[str]) -> Book:
    """A book of these contacts, each touched more recently than the one before, so the
    last row is the least recently touched (the one a recent-first cap leaves out)."""
    from coach.importers import import_calls, import_contacts
    from tests.helpers import write

    store = Book.open(tmp_path / "crowd.db")
    head = "id,first_name,last_name,company,email\n"
    import_contacts(store, write(tmp_path / "crowd.csv", head + "\n".join(rows) + "\n"))
    start = datetime(2026, 1, 1, 9, 0)
    calls = ["contact_id,when,kind"] + [
        f"{row.split(',')[0]},{(start + timedelta(hours=i)).isoformat()},call"
        for i, row in enumerate(reversed(rows))
    ]
    import_calls(store, write(tmp_path / "crowd-calls.csv", "\n".join(calls) + "\n"))
    return store


_BERNARDS = [f"B{i},Bernard,Other{i},Firm {i},bernard{i}@firm{i}.example" for i in range(8)]
_BRYANTS = [f"Y{i},Yusuf,Bryant,Bryant Works {i},y{i}@works.example" for i in range(8)]
_ROBERTS = [f"R{i},Robert,Jones{i},Firm {i},r{i}@firm{i}.example" for i in range(30)]
_SMITHS = [f"S{i},Anna,Smith,Works {i},s{i}@works.example" for i in range(12)]


@pytest.mark.parametrize(
    ("few", "word_cap", "rows", "query", "who"),
    [
        # Each Bernard has two index rows (first name and e-mail): 8 Bernards fill a cap
        # of 10 rows with 5 of them. Those 5 were taken for every Bernard there is, and
        # the one at The Bryant Group, touched least recently, was never found.
        (10, 5000, [*_BERNARDS, *_BRYANTS,
                    "T1,Bernard,Richardson,The Bryant Group,bernard.r@bryantgroup.example"],
         "bernard bryant", "Bernard Richardson"),
        # Bob Smith among more Roberts and Smiths than FEW rows: the most recent few of
        # each need not overlap, so the rarer word (counted, within WORD_CAP) is read
        # whole and the other filters it.
        (5, 40, [*_ROBERTS, *_SMITHS, "T1,Robert,Smith,Quiet Co,robert@quiet.example"],
         "bob smith", "Robert Smith"),
    ],
)  # fmt: skip
def test_the_one_person_every_word_describes_is_found_however_common_the_words(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    few: int,
    word_cap: int,
    rows: list[str],
    query: str,
    who: str,
) -> None:
    from coach.lookup import engine

    monkeypatch.setattr(engine, "FEW", few)
    monkeypatch.setattr(engine, "WORD_CAP", word_cap)
    with _crowd(tmp_path, rows) as store:
        hits = Lookup(store).search(query, limit=3).hits
    assert hits[0].contact.name == who


def test_a_whole_email_address_finds_its_owner_by_the_index(tmp_path: Path) -> None:
    rows = [f"S{i},Sam,Lee,Acme,sam.lee{i}@acme.example" for i in range(30)]
    with _crowd(tmp_path, rows) as store:
        hits = Lookup(store).search("Sam.Lee17@acme.example", limit=3).hits
    assert [h.contact.email for h in hits] == ["sam.lee17@acme.example"]
    assert hits[0].why[0] == "email sam.lee17@acme.example"


def test_a_whole_company_name_finds_its_people_by_the_joined_term(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every word of "Lake Harbor Ltd." is common; the name joined up is one index term."""
    from coach.lookup import engine

    monkeypatch.setattr(engine, "FEW", 5)
    monkeypatch.setattr(engine, "WORD_CAP", 8)
    rows = [f"L{i},Ann,Lake{i},Harbor Bay Ltd,a{i}@bay.example" for i in range(20)]
    rows += [f"H{i},Bo,Harbor,Lake View Ltd,b{i}@view.example" for i in range(20)]
    rows.append("T1,Cy,Quinn,Lake Harbor Ltd.,cy@lakeharbor.example")
    with _crowd(tmp_path, rows) as store:
        hits = Lookup(store).search("Lake Harbor Ltd", limit=3).hits
        assert [h.contact.name for h in hits] == ["Cy Quinn"]
        # Not a company's whole name: the words are weighed as before.
        assert Lookup(store).search("ann lake3", limit=1).hits[0].contact.name == "Ann Lake3"


def test_a_names_equivalents_are_every_pair_of_the_table_it_is_in() -> None:
    """The table is searched per name, not loaded whole: the answers are the pairs' own."""
    import csv

    from coach.lookup import nicknames

    pairs: dict[str, set[str]] = {}
    table = Path(nicknames.__file__).parent.parent / "data" / "nicknames.csv"
    with table.open(encoding="utf-8", newline="") as fh:
        for formal, relation, nick in itertools.islice(csv.reader(fh), 1, None):
            assert relation == "has_nickname"
            pairs.setdefault(formal.lower(), set()).add(nick.lower())
            pairs.setdefault(nick.lower(), set()).add(formal.lower())
    assert len(pairs) > 1000
    for name, others in pairs.items():
        assert nicknames.equivalents(name) == others - {name}, name
    assert nicknames.equivalents("mike") >= {"michael"}
    for not_in_it in ("", "zensys", "has_nickname", "mike,", "mike\nmichael", "zzqx"):
        assert nicknames.equivalents(not_in_it) == frozenset(), not_in_it
