"""Nickname equivalence from the shipped table (``data/nicknames.csv``).

The table lists pairs ``formal,has_nickname,nick``. A caller who says "Mike" is filed
as Michael; one filed as "Bob" may be typed "Robert". We expand one hop both ways:
``equivalents("mike") == {"michael"}`` and ``equivalents("michael") ⊇ {"mike", "mick"}``.
"""

from __future__ import annotations

import os
from functools import cache


@cache
def _table() -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = {}
    # Plain open(), not importlib.resources: this runs in every one-shot lookup.
    table = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "nicknames.csv")  # noqa: PTH118, PTH120
    with open(table, encoding="utf-8") as fh:  # noqa: PTH123
        text = fh.read()
    for line in text.splitlines()[1:]:
        parts = line.strip().split(",")
        if len(parts) != 3 or parts[1] != "has_nickname":
            continue
        formal, nick = parts[0].lower(), parts[2].lower()
        pairs.setdefault(formal, set()).add(nick)
        pairs.setdefault(nick, set()).add(formal)
    return {name: frozenset(others) for name, others in pairs.items()}


def equivalents(name: str) -> frozenset[str]:
    """Names that may stand for ``name`` (lower-case, folded), not including ``name`` itself."""
    return _table().get(name, frozenset())
