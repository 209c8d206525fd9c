"""Plain records passed between the importers, the store and the lookup."""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.phones import Phone

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

    @property
    def has_identity(self) -> bool:
        """Enough to find this person again: a name, an email or a company with a number."""
        return bool(
            self.first_name or self.last_name or self.email or (self.company and self.phones)
        )


@dataclass(slots=True)
class TouchIn:
    """A logged touch as read from a file; who it belongs to is still to be resolved."""

    line: int
    ts: int
    kind: str
    outcome: str = ""
    reason: str = ""
    message: str = ""
    contact_ref: str = ""
    email: str = ""
    phone: Phone | None = None
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
