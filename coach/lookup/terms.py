"""What makes a contact findable: its search terms and its identity key.

Pure functions of a contact's fields, so an import can compute them in its parsing
process and the book only writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from coach.text import CACHED, index_words, words

#: Fields whose terms feed the typo index (emails are typed exactly, or by prefix).
NAME_FIELDS = ("first", "last", "company")
#: Email words too common to tell anyone apart.
EMAIL_NOISE = frozenset({"com", "net", "org", "io", "co", "uk", "us", "de", "mail", "gmail"})


class Named(Protocol):
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def nickname(self) -> str: ...
    @property
    def emails(self) -> Sequence[str]: ...


def match_key(first: str, last: str, company: str) -> str:
    """Identity of a contact with no id and no email: folded name plus company."""
    return " ".join(words(f"{first} {last}")) + "|" + " ".join(words(company))


@lru_cache(maxsize=CACHED)
def _field_terms(value: str, fld: str) -> tuple[tuple[str, str], ...]:
    """Cached: names and companies repeat across a book."""
    return tuple((t, fld) for t in index_words(value))


def contact_terms(c: Named) -> list[tuple[str, str]]:
    """(term, field) pairs that make a contact findable."""
    out = [
        *_field_terms(c.first_name, "first"),
        *_field_terms(c.nickname, "first"),  # "this is Bob": found as a first name
        *_field_terms(c.last_name, "last"),
        *_field_terms(c.company, "company"),
    ]
    for address in (c.email, *c.emails):
        if address:
            local, _, domain = address.lower().partition("@")
            out += [(t, "email") for t in index_words(local) if t not in EMAIL_NOISE]
            out += [(t, "email") for t in words(domain) if t not in EMAIL_NOISE]
    return list(dict.fromkeys(out))
