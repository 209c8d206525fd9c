"""What to say now: honest bridge lines for the first seconds of a callback.

The lines are data (``data/bridges.toml``); a copy named ``bridges.toml`` in the user's
settings folder replaces them. Placeholders are filled with the caller's details as
plain text: a name cannot inject anything.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from coach.errors import UserError
from coach.lookup.engine import Hit
from coach.models import Contact, Touch

#: The sections of a bridges file, and the lines each may hold.
SECTIONS = {
    "known": ("voicemail", "call", "email", "other", "no_reason", "first_time"),
    "unsure": ("line", "same_name"),
    "new_caller": ("line", "follow_up"),
}


def load_lines(user_file: Path | None = None) -> dict[str, Any]:
    """The bridge lines: the user's file when it exists, else the shipped ones.

    A user's file that is not TOML, is nested too deeply, or holds something other than
    tables of text lines is a :class:`UserError` naming the file (never a crash later,
    when a caller is on screen)."""
    if user_file is not None and user_file.exists():
        from coach.userfile import load_toml

        return _checked(load_toml(user_file), user_file)
    return _shipped()


def _checked(data: dict[str, Any], path: Path) -> dict[str, Any]:
    for section, keys in SECTIONS.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise UserError(f"[{section}] must be a table of lines", where=str(path))
        for key in keys:
            if not isinstance(table.get(key, ""), str):
                raise UserError(f"[{section}] {key} must be text in quotes", where=str(path))
    return data


@cache
def _shipped() -> dict[str, Any]:
    text = files("coach").joinpath("data/bridges.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _fill(template: str, **values: str) -> str:
    """``{first}``, ``{reason}`` and ``{company}`` filled in; any other brace is kept as
    written (a stray "{" or "{0:>99}" in the user's file is text, not a format field)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group()), template)


#: Third person as reps jot reasons down ("the delays they mentioned", "their CFO"), and
#: the words to say to the caller instead.
_TO_THEM = {
    "they": "you",
    "they're": "you're",
    "they've": "you've",
    "they'd": "you'd",
    "they'll": "you'll",
    "their": "your",
    "theirs": "yours",
    "them": "you",
    "themselves": "yourselves",
    "he": "you",
    "she": "you",
    "his": "your",
    "him": "you",
    "hers": "yours",
    "himself": "yourself",
    "herself": "yourself",
}
_PRONOUN = re.compile(r"\b(" + "|".join(sorted(_TO_THEM, key=len, reverse=True)) + r"|her)\b", re.I)
#: Verbs that must agree with "you" once he or she becomes it.
_AGREE = {
    "was": "were",
    "is": "are",
    "has": "have",
    "wants": "want",
    "needs": "need",
    "says": "say",
    "thinks": "think",
    "asks": "ask",
    "likes": "like",
}
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:to|a|an|the|about|for|on|in|at|and|or|that|this|know|back)\b)[a-z]", re.I
)


def to_the_caller(reason: str) -> str:
    """A reason written about the caller, reworded to be said to them: "the dispatch delays
    they mentioned at the expo" -> "the dispatch delays you mentioned at the expo"."""

    def swap(m: re.Match[str]) -> str:
        word = m.group(1)
        low = word.lower()
        if low == "her":  # "her team" is theirs; "asked her" is them
            said = "your" if _NOUN_AFTER.match(m.string, m.end()) else "you"
        else:
            said = _TO_THEM[low]
        return said.capitalize() if word[0].isupper() else said

    said = _PRONOUN.sub(swap, reason)
    return re.sub(
        r"\b(you)\s+(" + "|".join(_AGREE) + r")\b",
        lambda m: f"{m.group(1)} {_AGREE[m.group(2).lower()]}",
        said,
        flags=re.I,
    )


def for_contact(
    lines: dict[str, Any], contact: Contact, last: Touch | None, touched: bool = True
) -> str:
    """The line for a caller we found: thank them and name why we reached out, in words
    said to them; ``touched`` False for someone we never talked with (just added)."""
    known = lines.get("known", {})
    first = contact.first_name or contact.name or "there"
    if not touched and known.get("first_time"):
        return _fill(known["first_time"], first=first)  # nothing between us yet
    if last is None or not last.reason:
        return _fill(known.get("no_reason", ""), first=first, company=contact.company or "your end")
    key = last.kind if last.kind in ("voicemail", "call", "email") else "other"
    reason = to_the_caller(last.reason)
    return _fill(known.get(key, known.get("other", "")), first=first, reason=reason)


def unsure(lines: dict[str, Any]) -> str:
    return str(lines.get("unsure", {}).get("line", ""))


def which_one(lines: dict[str, Any], query: str, close: Sequence[Hit]) -> str:
    """Several people are as likely as each other: thank them by the name they gave, if
    that is what they share ("mike" for Mike Murphy and Michael Okafor), and ask."""
    word = query.strip()
    same = lines.get("unsure", {}).get("same_name", "")
    named = word.isalpha() and all(
        word.casefold() in (h.contact.first_name.casefold(), h.contact.nickname.casefold())
        or f"nickname {word.casefold()}" in " ".join(h.why)
        for h in close
    )
    if named and same:
        return _fill(same, first=word[:1].upper() + word[1:].lower())
    return unsure(lines)


def new_caller(lines: dict[str, Any]) -> list[str]:
    section = lines.get("new_caller", {})
    return [str(section[k]) for k in ("line", "follow_up") if section.get(k)]
