"""The whisper: one line spoken the moment a call pops, before the rep answers.

"Mirela Okonkwo, Fernbrook Labs: voicemail Monday about the assay backlog." Who it is and
why we last reached out, in the words the rep would use: the day of the week within the
last six days, else "3 weeks ago". Several people as likely, a caller not in the book and
a withheld number each get a line of their own.

The line is made only of the book's text with control characters taken out (a name is
spoken, never obeyed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from coach.lookup.engine import ago
from coach.models import Contact, Touch

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_KIND = {
    "voicemail": "voicemail",
    "call": "call",
    "email": "email",
    "meeting": "meeting",
    "callback": "their call",
}
WITHHELD = "Number withheld: ask who is calling."
NEW_CALLER = "New caller, not in your book."


def _clean(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def spoken_day(ts: int, now: float) -> str:
    """ "today", "yesterday", "Monday" (within the last six days), else "3 weeks ago"."""
    then, today = datetime.fromtimestamp(ts).date(), datetime.fromtimestamp(now).date()
    days = (today - then).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return then.strftime("%A")
    return ago(ts, now)


def who(contact: Contact) -> str:
    name = _clean(contact.name) or "Someone with no name"
    company = _clean(contact.company)
    return f"{name}, {company}" if company else name


def brief(contact: Contact, last: Touch | None, now: float) -> str:
    """The caller's line: who, and the last time we reached them (kind, day, reason)."""
    head = who(contact)
    if last is None:
        return f"{head}: nothing logged from us yet."
    said = f"{_KIND.get(last.kind, last.kind)} {spoken_day(last.ts, now)}"
    reason = _clean(last.reason)
    return f"{head}: {said} about {reason}." if reason else f"{head}: {said}."


def several(contacts: Sequence[Contact]) -> str:
    """Several as likely: name two, and say to ask."""
    names = [who(c) for c in contacts[:2]]
    more = len(contacts) - len(names)
    listed = " or ".join(names) + (f", or {more} more" if more > 0 else "")
    return f"Could be {listed}: ask which."
