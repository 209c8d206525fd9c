"""Plain records passed between the importers, the book and the lookup."""

from __future__ import annotations

from typing import Any, NamedTuple

from coach.lookup.phones import Phone
from coach.lookup.terms import contact_terms, match_key

TOUCH_KINDS = ("call", "voicemail", "email", "meeting", "callback")
_CONTACT_IN_ORDER = (
    "line",
    "source_id",
    "first_name",
    "last_name",
    "company",
    "title",
    "email",
    "notes",
    "phones",
    "key",
    "terms",
    "emails",
    "nickname",
)


class ContactIn:
    """A contact as read from a file, before it is matched against the book.

    A plain slotted class rather than a dataclass: the one-shot ``coach lookup`` imports
    this module, and ``dataclasses`` (with ``inspect``) costs it ten milliseconds.
    """

    __slots__ = (
        "company",
        "email",
        "emails",
        "first_name",
        "key",
        "last_name",
        "line",
        "nickname",
        "notes",
        "phones",
        "source_id",
        "terms",
        "title",
    )

    def __init__(
        self,
        line: int,
        source_id: str = "",
        first_name: str = "",
        last_name: str = "",
        company: str = "",
        title: str = "",
        email: str = "",
        notes: str = "",
        phones: list[Phone] | None = None,
        key: str = "",
        terms: list[tuple[str, str]] | None = None,
        emails: list[str] | None = None,
        nickname: str = "",
    ) -> None:
        self.line = line
        self.source_id = source_id
        self.first_name = first_name
        self.last_name = last_name
        self.company = company
        self.title = title
        self.email = email
        self.notes = notes
        self.phones: list[Phone] = [] if phones is None else phones
        #: Identity key and search terms, when computed ahead (see :meth:`prepared`).
        self.key = key
        self.terms: list[tuple[str, str]] = [] if terms is None else terms
        #: Every other e-mail address of theirs (``email`` is the first), each findable.
        self.emails: list[str] = [] if emails is None else emails
        #: What they call themselves ("Bob", "JJ"): found like a first name.
        self.nickname = nickname

    def __reduce__(self) -> tuple[type[ContactIn], tuple[object, ...]]:
        return (ContactIn, tuple(getattr(self, name) for name in _CONTACT_IN_ORDER))

    def packed(self) -> bytes:
        """Pickled, as an import stages it (see :meth:`unpack`)."""
        import pickle  # not at the top: `coach lookup` imports this module

        return pickle.dumps(self, pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def unpack(data: bytes) -> ContactIn:
        import pickle

        found = pickle.loads(data)
        assert isinstance(found, ContactIn)
        return found

    def __repr__(self) -> str:
        return f"ContactIn(line={self.line}, name={self.first_name!r} {self.last_name!r})"

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


#: A touch ready to store: (contact id, unix time, kind, outcome, reason, message, digest).
TouchRow = tuple[int, int, str, str, str, str, int]


def touch_digest(outcome: str, reason: str, message: str) -> int:
    """A stable 64-bit fingerprint of what a touch says (part of its identity in the book)."""
    import hashlib  # here: `coach lookup` imports this module and never hashes (2 ms)

    text = f"{outcome}\x00{reason}\x00{message}".encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big", signed=True)


def touch_row(contact_id: int, t: TouchIn) -> TouchRow:
    digest = touch_digest(t.outcome, t.reason, t.message)
    return (contact_id, t.ts, t.kind, t.outcome, t.reason, t.message, digest)


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


class WriteBackRow(NamedTuple):
    """A touch logged in Coach, with who it was, as the CRM write-back reads it."""

    touch_id: int
    ts: int
    kind: str
    outcome: str
    reason: str
    message: str
    notes: str
    first_name: str
    last_name: str
    company: str
    email: str
    #: The contact's id in the system it was imported from ("" when typed in Coach).
    source_id: str
    #: The first number's E.164, or "".
    phone: str


class Touch(NamedTuple):
    """A stored touch. ``ts`` is Unix seconds (UTC)."""

    contact_id: int
    ts: int
    kind: str
    outcome: str
    reason: str
    message: str


class Contact(NamedTuple):
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
    #: Their other e-mail addresses, and what they call themselves.
    emails: tuple[str, ...] = ()
    nickname: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class SessionRecord(NamedTuple):
    """One practice session as kept in the book (``items`` is a score card's JSON)."""

    scenario_id: str
    title: str
    kind: str
    started_ts: int
    duration_s: float
    identify_s: float | None
    transcript: list[list[str]]  # [speaker, words] pairs
    items: dict[str, Any]
    score: int
    id: int = 0
    #: The delivery figures (:meth:`coach.practice.delivery.Delivery.as_json`) with
    #: ``timeline``: [start, end, the rep's] per turn; empty when not measured.
    delivery: dict[str, Any] = {}  # noqa: RUF012 (never mutated: a NamedTuple default)


class FollowUp(NamedTuple):
    """What to send after a meeting ending, as kept in the book (times are Unix seconds).

    The drafts themselves (recap email, invite, reminder) are written from these fields by
    :mod:`coach.followups`, so they always say what the record says.
    """

    created_ts: int
    source: str  # "practice", "transcript" or "meeting"
    who: str
    company: str = ""
    email: str = ""
    issues: tuple[str, ...] = ()
    agreed: str = ""
    benefit: str = ""
    booked: str = ""  # the words that booked the next meeting, as said
    meeting_ts: int | None = None
    minutes: int = 30
    remind_ts: int | None = None
    reminded_ts: int | None = None
    practice: bool = False
    contact_id: int | None = None
    session_id: int | None = None
    id: int = 0
