"""Nickname equivalence from the shipped table (``data/nicknames.csv``).

The table lists pairs ``formal,has_nickname,nick``. A caller who says "Mike" is filed
as Michael; one filed as "Bob" may be typed "Robert". We expand one hop both ways:
``equivalents("mike") == {"michael"}`` and ``equivalents("michael") ⊇ {"mike", "mick"}``.

A name's equivalents are found by searching the table's text for its lines, not by
building a map of all 2,700 pairs: a one-shot ``coach lookup`` asks about two or three
names, and the map cost it 5 ms of a 45 ms process. Each answer is remembered.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache

from coach.text import CACHED

_RELATION = ",has_nickname,"


@cache
def _text() -> str:
    """The table's rows, lower-case, each between newlines (the header too)."""
    # Plain open(), not importlib.resources: this runs in every one-shot lookup.
    table = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "nicknames.csv")  # noqa: PTH118, PTH120
    with open(table, encoding="utf-8") as fh:  # noqa: PTH123
        text = fh.read()
    text = text.lower().replace("\r\n", "\n")
    return "\n" + text + ("" if text.endswith("\n") else "\n")


@lru_cache(maxsize=CACHED)
def equivalents(name: str) -> frozenset[str]:
    """Names that may stand for ``name`` (lower-case, folded), not including ``name`` itself."""
    if not name or any(ch in name for ch in ",\n\r"):
        return frozenset()
    text = _text()
    found: set[str] = set()
    nick_of = f"\n{name}{_RELATION}"  # name,has_nickname,NICK
    at = text.find(nick_of)
    while at >= 0:
        start = at + len(nick_of)
        end = text.index("\n", start)
        found.add(text[start:end])
        at = text.find(nick_of, end)
    formal_of = f"{_RELATION}{name}\n"  # FORMAL,has_nickname,name
    at = text.find(formal_of)
    while at >= 0:
        found.add(text[text.rindex("\n", 0, at) + 1 : at])
        at = text.find(formal_of, at + len(formal_of) - 1)
    found = {other for other in found if other and "," not in other}
    found.discard(name)
    return frozenset(found)
