"""Plain records passed between the importers, the store and the lookup."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from coach.phones import Phone
from coach.terms import contact_terms, match_key

TOUCH_KINDS = ("call", "voicemail", "email", "meeting", "callback")


@dataclass(slots=True)
class ContactIn:
    """A contact as read from a file, before it is matched against the book."""

    line: int
    source_id: str = ""
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    notes: str = ""
    phones: list[Phone] = field(default_factory=list)
    #: Identity key and search terms, when computed ahead (see :meth:`prepared`).
    key: str = ""
    terms: list[tuple[str, str]] = field(default_factory=list)

    def __reduce__(self) -> tuple[type[ContactIn], tuple[object, ...]]:
        # Positional rebuild: much faster to unpickle than a slotted dataclass's state.
        return (
            ContactIn,
            (
                self.line,
                self.source_id,
                self.first_name,
                self.last_name,
                self.company,
                self.title,
                self.email,
                self.notes,
                self.phones,
                self.key,
                self.terms,
            ),
        )

    def prepared(self) -> ContactIn:
        """Compute the identity key and search terms now (an import does it while parsing)."""
        self.key = match_key(self.first_name, self.last_name, self.company)
        self.terms = contact_terms(self)
        return self

    @property
    def has_identity(self) -> bool:
        """Enough to find this person again: a name, an email or a company with a number."""
        return bool(
            self.first_name or self.last_name or self.email or (self.company and self.phones)
        )


#: A touch ready to store: (contact id, unix time, kind, outcome, reason, message).
TouchRow = tuple[int, int, str, str, str, str]


class TouchIn(NamedTuple):
    """A logged touch as read from a file; who it belongs to is still to be resolved.

    A named tuple, not a dataclass: a million of these cross a process boundary on a
    big import, and tuples pickle several times faster.
    """

    line: int
    ts: int
    kind: str
    outcome: str = ""
    reason: str = ""
    message: str = ""
    contact_ref: str = ""
    email: str = ""
    #: E.164 of the number the row names, and the text as written.
    phone: str = ""
    phone_raw: str = ""
    name: str = ""
    company: str = ""


@dataclass(frozen=True, slots=True)
class Touch:
    """A stored touch. ``ts`` is Unix seconds (UTC)."""

    contact_id: int
    ts: int
    kind: str
    outcome: str
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class Contact:
    """A stored contact with its numbers."""

    id: int
    source_id: str
    first_name: str
    last_name: str
    company: str
    title: str
    email: str
    notes: str
    last_touch_ts: int
    touch_count: int
    phones: tuple[Phone, ...] = ()

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)
