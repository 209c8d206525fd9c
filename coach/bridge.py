"""What to say now: honest bridge lines for the first seconds of a callback.

The lines are data (``data/bridges.toml``); a copy named ``bridges.toml`` in the user's
settings folder replaces them. Placeholders are filled with the caller's details as
plain text: a name cannot inject anything.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from coach.models import Contact, Touch


def load_lines(user_file: Path | None = None) -> dict[str, Any]:
    """The bridge lines: the user's file when it exists, else the shipped ones."""
    if user_file is not None and user_file.exists():
        from coach.userfile import load_toml

        return load_toml(user_file)
    return _shipped()


@cache
def _shipped() -> dict[str, Any]:
    text = files("coach").joinpath("data/bridges.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, **values: str) -> str:
    return template.format_map(_Blank(values))


def for_contact(lines: dict[str, Any], contact: Contact, last: Touch | None) -> str:
    """The line for a caller we found: thank them and name why we reached out."""
    known = lines.get("known", {})
    first = contact.first_name or contact.name or "there"
    if last is None or not last.reason:
        return _fill(known.get("no_reason", ""), first=first, company=contact.company or "your end")
    key = last.kind if last.kind in ("voicemail", "call", "email") else "other"
    return _fill(known.get(key, known.get("other", "")), first=first, reason=last.reason)


def unsure(lines: dict[str, Any]) -> str:
    return str(lines.get("unsure", {}).get("line", ""))


def new_caller(lines: dict[str, Any]) -> list[str]:
    section = lines.get("new_caller", {})
    return [str(section[k]) for k in ("line", "follow_up") if section.get(k)]
