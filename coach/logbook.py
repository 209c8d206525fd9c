"""What the rep logs from a call: a callback, an outbound touch, a next step, a meeting that
just ended, a new caller.

Each entry is checked here, once, from what was typed (a :class:`~coach.errors.UserError`
says what is wrong), and written by one function of the book that keeps it whole (one
transaction where it is more than one row). The app's forms and the command line both
come through here, so they agree.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from coach import followups, settings
from coach.errors import UserError
from coach.importers.calls import parse_when
from coach.lookup.engine import last_reached
from coach.lookup.phones import parse_phone
from coach.models import Contact, ContactIn, FollowUp, Touch, TouchIn
from coach.practice.timespec import is_past, mentions, resolve

if TYPE_CHECKING:
    from coach.book import Book

#: What an outbound touch can be (a callback is them calling us: logged with F2).
OUTBOUND_KINDS = ("voicemail", "call", "email", "meeting")


def _minute(now: datetime | None) -> datetime:
    return (now or datetime.now()).replace(second=0, microsecond=0)


def booked_time(text: str, now: datetime | None = None) -> int:
    """Unix seconds for a next meeting typed as said ("Thursday at 2pm") or as a date.
    A vague "next week" or "Tuesday morning" is refused, naming what is missing."""
    now = _minute(now)
    found = resolve(text, now)
    if found is not None:
        return int(found.timestamp())
    kinds = {m.kind for m in mentions(text)}
    if not kinds & {"day", "clock"} or kinds == {"vague"}:
        with contextlib.suppress(ValueError):
            return parse_when(text)
    if "day" in kinds and "clock" in kinds and not is_past(text):
        raise UserError(f"{text!r} has already passed: book a time still ahead")
    if "day" in kinds and "clock" not in kinds:
        raise UserError(f"{text!r} has a day but no time: add one, like 'at 2pm'")
    if "clock" in kinds and "day" not in kinds:
        raise UserError(f"{text!r} has a time but no day: add one, like 'Thursday'")
    raise UserError(
        f"{text!r} is not a specific time: say a day and a time, like 'Thursday at 2pm'"
    )


# ---------------------------------------------------------------- callbacks
def callback(last: Touch | None, now: float | None = None) -> TouchIn:
    """Them calling back now, about the last time we reached them (when there was one)."""
    ts = int(time.time() if now is None else now)
    return TouchIn(line=0, ts=ts, kind="callback", reason=last.reason if last else "")


def log_callback(book: Book, contact_id: int, now: float | None = None, notes: str = "") -> int:
    """Log a callback from ``contact_id``; the touch id, 0 if one was logged this second."""
    with book.transaction():
        last = last_reached(book.touches_for(contact_id, 10))
        return book.log_touch(contact_id, callback(last, now), notes=notes)


# ------------------------------------------------------- notes of a call
def typed_since(before: str, after: str) -> str:
    """What was typed into a contact's notes between ``before`` and ``after``: the lines
    added or rewritten, in order (the notes of one call, out of a contact's running notes).
    Text taken out is not a note."""
    import difflib

    old, new = before.splitlines(), after.splitlines()
    added: list[str] = []
    for op, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if op in ("insert", "replace"):
            added += new[j1:j2]
    return "\n".join(line.rstrip() for line in added if line.strip())


@dataclass
class CallNotes:
    """One call with one contact, as the app follows it: their notes when the call began
    (when they came onto the card), and the touch logged for it, whose notes are then what
    was typed since, however often the notes are opened before or after logging it."""

    contact_id: int
    before: str
    touch_id: int = 0
    #: The notes as last typed here (a save may still be on its way to the book).
    latest: str | None = None

    def typed(self, notes_now: str) -> str:
        return typed_since(self.before, notes_now)


# --------------------------------------------------------- outbound touches
def outbound(
    kind: str, outcome: str, reason: str, message: str, now: float | None = None
) -> TouchIn:
    """A touch the rep just made: a voicemail, call, e-mail or meeting, and why."""
    if kind not in OUTBOUND_KINDS:
        raise UserError(f"{kind!r} is not a kind of touch: one of {', '.join(OUTBOUND_KINDS)}")
    if not reason.strip():
        raise UserError("say why you reached out: it is what the callback will be about")
    return TouchIn(
        line=0,
        ts=int(time.time() if now is None else now),
        kind=kind,
        outcome=outcome.strip(),
        reason=reason.strip(),
        message=message.strip(),
    )


# ------------------------------------------------------------- next steps
@dataclass(frozen=True)
class NextStep:
    """What was agreed with whom, and when (a specific time)."""

    contact_id: int
    due_ts: int
    what: str


def next_step(contact_id: int, when: str, what: str, now: datetime | None = None) -> NextStep:
    if not when.strip() or not what.strip():
        raise UserError("say when (a day and a time) and what was agreed")
    return NextStep(contact_id, booked_time(when.strip(), now), what.strip())


def save_next_step(book: Book, step: NextStep) -> None:
    book.add_next_step(step.contact_id, step.due_ts, step.what)


# --------------------------------------------------------------- meetings
@dataclass(frozen=True)
class Meeting:
    """A meeting that just ended, checked: the touch to log, the next meeting booked, and
    the follow-up drafted from it."""

    contact_id: int
    touch: TouchIn
    next_ts: int
    agreed: str
    followup: FollowUp


def meeting(
    contact: Contact,
    *,
    issues: str,
    agreed: str,
    benefit: str,
    when: str,
    now: datetime | None = None,
) -> Meeting:
    """Check a meeting typed as the rep would (issues separated by ";") and draft its
    follow-up with the user's timing settings."""
    now = _minute(now)
    said = [i.strip() for i in issues.split(";") if i.strip()]
    if not said:
        raise UserError("write their key issues (separate them with ;): the recap is built on them")
    if not benefit.strip():
        raise UserError("say what is in it for them: the recap and the reminder lead with it")
    if not when.strip():
        raise UserError("book the next meeting: a day and a time, like 'Thursday at 2pm'")
    next_ts = booked_time(when.strip(), now)
    if next_ts <= now.timestamp():
        raise UserError(f"{when.strip()!r} has already passed")
    timing = settings.current()
    draft = followups.make(
        source="meeting",
        who=contact.name,
        company=contact.company,
        email=contact.email,
        issues=said,
        agreed=agreed,
        benefit=benefit,
        booked=when,
        meeting=datetime.fromtimestamp(next_ts),
        minutes=timing.meeting_minutes,
        remind_days=timing.remind_days,
        now=now,
        contact_id=contact.id,
    )
    touch = TouchIn(
        line=0,
        ts=int(now.timestamp()),
        kind="meeting",
        outcome="next meeting booked",
        reason="; ".join(said),
    )
    return Meeting(contact.id, touch, next_ts, agreed.strip() or "follow-up meeting", draft)


def log_meeting(book: Book, m: Meeting, notes: str = "") -> int:
    """The meeting, its next step and its follow-up, in one transaction; the follow-up id."""
    with book.transaction():
        book.log_touch(m.contact_id, m.touch, notes=notes)
        book.add_next_step(m.contact_id, m.next_ts, m.agreed)
        return book.save_followup(m.followup)


# ------------------------------------------------------------- new callers
def new_caller(first: str, last: str, company: str, phone: str, email: str) -> ContactIn:
    """A caller not in the book yet, as typed (the number as caller ID gave it)."""
    first, last = first.strip(), last.strip()
    if not (first or last):
        raise UserError("a name, please: first or last")
    try:
        phones = [parse_phone(phone.strip())] if phone.strip() else []
    except ValueError as exc:
        raise UserError(str(exc)) from None
    return ContactIn(
        line=0,
        first_name=first,
        last_name=last,
        company=company.strip(),
        email=email.strip().lower(),
        phones=phones,
    )


def add_caller(book: Book, contact: ContactIn, now: float | None = None) -> int:
    """Add the caller with the callback they are making, in one transaction; their id."""
    with book.transaction():
        added = book.add_contact(contact)
        book.log_touch(added, callback(None, now))
    return added


# --------------------------------------------------------- from the dialer
#: What ``coach log`` takes: the outbound kinds, and a callback (them calling us).
DIALER_KINDS = ("call", "voicemail", "email", "meeting", "callback")
#: The most candidates an ambiguous WHO lists.
CANDIDATES = 5


def who_is(book: Book, who: str) -> Contact:
    """The one contact ``who`` names: a number in any format or caller-ID shape (the same
    ones ``coach pop`` reads: ``sip:…;user=phone``, ``number@host``, a From header), an
    e-mail address or a name query. Several as likely, or nobody, is a UserError that lists
    the candidates (nothing is written)."""
    from coach.lookup import callerid
    from coach.lookup.engine import Lookup

    if not who.strip():
        raise UserError("say who: a number or a name")
    caller = callerid.parse(who)
    if caller.withheld:
        raise UserError(f"{who!r} is a withheld number: say who it was, by name or number")
    lookup = Lookup(book)
    hits = lookup.search(caller.query, limit=CANDIDATES + 1).hits
    if caller.number and caller.name and (not hits or hits[0].score <= 0):
        hits = lookup.search(caller.name, limit=CANDIDATES + 1).hits  # a new number: the name
    if not hits or hits[0].score <= 0:
        raise UserError(f"nobody in the book matches {who!r}")
    best = [h for h in hits if h.quality >= hits[0].quality - 1e-9]
    if len(best) > 1:
        shown = "; ".join(
            h.contact.name + (f" ({h.contact.company})" if h.contact.company else "")
            for h in best[:CANDIDATES]
        )
        more = "…" if len(best) > CANDIDATES else ""
        raise UserError(f"{who!r} could be {len(best)} people: {shown}{more}; say which")
    return hits[0].contact


def dialed(
    book: Book,
    kind: str,
    contact_id: int,
    *,
    outcome: str = "",
    reason: str = "",
    message: str = "",
    at: str | None = None,
    now: float | None = None,
) -> TouchIn:
    """A touch logged from a dialer or a script (``coach log``): ``at`` as exports write
    times (default now, never ahead of it); with no reason, the last time we reached them
    is what it was about."""
    if kind not in DIALER_KINDS:
        raise UserError(f"{kind!r} is not a kind of touch: one of {', '.join(DIALER_KINDS)}")
    moment = time.time() if now is None else now
    ts = int(moment)
    if at is not None:
        try:
            ts = parse_when(at.strip())
        except ValueError as exc:
            raise UserError(f"--at {at!r}: {exc}") from None
        if ts > moment + 60:
            raise UserError(f"--at {at!r} is ahead of now: log what happened")
    if not reason.strip():
        last = last_reached(book.touches_for(contact_id, 10))
        reason = last.reason if last else ""
    return TouchIn(
        line=0,
        ts=ts,
        kind=kind,
        outcome=outcome.strip(),
        reason=reason.strip(),
        message=message.strip(),
    )
