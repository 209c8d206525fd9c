"""What to say now: honest bridge lines for the first seconds of a callback.

The lines are data (``data/bridges.toml``); a copy named ``bridges.toml`` in the user's
settings folder replaces them. Placeholders are filled with the caller's details as
plain text: a name cannot inject anything.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from coach.errors import UserError
from coach.models import Contact, Touch

#: The sections of a bridges file, and the lines each may hold.
SECTIONS = {
    "known": ("voicemail", "call", "email", "other", "no_reason"),
    "unsure": ("line",),
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
