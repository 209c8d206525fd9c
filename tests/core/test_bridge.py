"""What to say now: lines said to the caller, and an honest question when it could be
any of several people."""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files

import pytest

from coach.book import Book
from coach.lookup import bridge
from coach.lookup.engine import Lookup, close_calls, last_reached
from coach.models import Contact, Touch

THIRD_PERSON = re.compile(r"\b(?:they|their|them|theirs|he|she|his|him|her|hers)\b", re.I)


def _person(first: str, last: str) -> Contact:
    return Contact(1, "", first, last, "Acme", "", "", "", 0, 0)


def _demo_reasons() -> list[str]:
    data = tomllib.loads(files("coach").joinpath("data/demo.toml").read_text(encoding="utf-8"))
    return sorted({*data["reasons"], *(a["reason"] for a in data["anchor"])})


@pytest.mark.parametrize("reason", _demo_reasons())
@pytest.mark.parametrize("kind", ["voicemail", "call", "email", "meeting"])
def test_every_demo_reason_is_said_to_the_caller(reason: str, kind: str) -> None:
    contact = _person("Dana", "Reyes")
    line = bridge.for_contact(bridge.load_lines(), contact, Touch(1, 0, kind, "", reason, ""))
    assert not THIRD_PERSON.search(line), line


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            "the dispatch delays they mentioned at the expo",
            "the dispatch delays you mentioned at the expo",
        ),
        ("the referral from their CFO", "the referral from your CFO"),
        ("what she was worried about", "what you were worried about"),
        ("the call with her team", "the call with your team"),
        ("the quote we sent them", "the quote we sent you"),
        ("renewal of the support contract", "renewal of the support contract"),
    ],
)
def test_a_reason_written_about_them_is_reworded_to_them(written: str, said: str) -> None:
    assert bridge.to_the_caller(written) == said


def test_several_as_likely_mikes_get_a_question_not_a_guess(book: Book) -> None:
    lookup = Lookup(book)
    result = lookup.search("mike", limit=8)
    close = close_calls(result, gap=20)  # the fixture's two Mikes, made comparable
    assert len(close) >= 2
    line = bridge.which_one(bridge.load_lines(), "mike", close)
    assert line == "Thanks for calling back, Mike. Remind me which company you're with?"
    assert bridge.which_one(bridge.load_lines(), "okafor castellanos", close) == bridge.unsure(
        bridge.load_lines()
    )


def test_a_clear_winner_or_a_number_is_not_a_close_call(book: Book) -> None:
    lookup = Lookup(book)
    assert len(close_calls(lookup.search("mike globx", limit=8))) == 1
    assert len(close_calls(lookup.search("(612) 555-0142", limit=8))) == 1


def test_someone_just_added_is_not_asked_where_things_stand(book: Book) -> None:
    contact = _person("Priya", "Shah")
    line = bridge.for_contact(bridge.load_lines(), contact, None, touched=False)
    assert line == "Thanks for calling, Priya. How can I help today?"
    known = bridge.for_contact(bridge.load_lines(), contact, None)
    assert "where things stand" in known
    assert last_reached([]) is None
