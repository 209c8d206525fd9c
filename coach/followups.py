"""Follow-ups after a meeting ending: the recap email to send now, a calendar invite for the
booked meeting, and a reminder a few days before it with a short pre-meeting email.

A :class:`~coach.models.FollowUp` holds what was said (issues, what was agreed, what is in it
for them, the booked time); every draft is written from it here, so the recap, the invite
and the reminder always agree with each other. Nothing is sent: the rep copies a draft or
writes it to files and sends it from their own mail and calendar.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from coach.errors import UserError
from coach.models import FollowUp
from coach.practice.acts import Act
from coach.practice.analysis import Analysis, analyse
from coach.practice.booking import booking
from coach.practice.detectors import Brief, issues_said, offered
from coach.practice.scoring import ScoreCard
from coach.practice.timespec import resolve
from coach.practice.transcript import Turn

if TYPE_CHECKING:
    from coach.book import Book

#: The reminder is due at this hour (local), ``remind_days`` before the meeting.
REMIND_HOUR = 9


class Draft(NamedTuple):
    subject: str
    body: str

    def as_text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"


def first_name(who: str) -> str:
    words = [w for w in who.split() if w.rstrip(".").casefold() not in _TITLES]
    return words[0] if words else ""


#: Titles before a name: "Hi Ms. Patel" keeps them, "Hi Patel" would not read right.
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof"}


def _greeting_name(who: str) -> str:
    """ "Dana" for "Dana Reyes", "Ms. Patel" kept whole, "" for nobody."""
    words = who.split()
    if words and words[0].rstrip(".").casefold() in _TITLES:
        return who.strip()
    return first_name(who)


def local(ts: int) -> datetime:
    return datetime.fromtimestamp(ts)


def when_text(ts: int, minutes: int | None = None) -> str:
    """ "Thursday 26 November, 2:00 pm" (and "–2:30 pm" with a length)."""
    start = local(ts)
    text = f"{start:%A} {start.day} {start:%B}, {_clock(start)}"
    if minutes:
        text += f"–{_clock(start + timedelta(minutes=minutes))}"
    return text


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"


def remind_at(meeting: datetime, days: int, now: datetime) -> datetime:
    """9 am ``days`` before the meeting; at once when that moment has already gone."""
    moment = datetime.combine((meeting - timedelta(days=days)).date(), datetime.min.time())
    moment = moment.replace(hour=REMIND_HOUR)
    if moment >= meeting:
        moment = meeting - timedelta(hours=1)
    return max(moment, now)


def make(
    *,
    source: str,
    who: str,
    now: datetime,
    company: str = "",
    email: str = "",
    issues: Sequence[str] = (),
    agreed: str = "",
    benefit: str = "",
    booked: str = "",
    meeting: datetime | None = None,
    minutes: int = 30,
    remind_days: int = 2,
    practice: bool = False,
    contact_id: int | None = None,
    session_id: int | None = None,
) -> FollowUp:
    """A follow-up (not yet saved). ``now`` and ``meeting`` are naive local times."""
    remind = None if meeting is None else remind_at(meeting, remind_days, now)
    return FollowUp(
        created_ts=int(now.timestamp()),
        source=source,
        who=who.strip(),
        company=company.strip(),
        email=email.strip(),
        issues=tuple(i.strip() for i in issues if i.strip()),
        agreed=agreed.strip(),
        benefit=benefit.strip(),
        booked=booked.strip(),
        meeting_ts=None if meeting is None else int(meeting.timestamp()),
        minutes=minutes,
        remind_ts=None if remind is None else int(remind.timestamp()),
        practice=practice,
        contact_id=contact_id,
        session_id=session_id,
    )


def _said_yes(read: Analysis, card: ScoreCard) -> bool:
    """Whether the prospect's answer to the rep's "do you want to move forward?" was a yes:
    the rep asking is what the card scores; only their yes is something agreed."""
    asked = next((i.evidence for i in card.items if i.key == "confirm_interest"), None)
    if not asked:
        return False
    for s in read.said:
        if s.rep and s.text in asked:
            after = s.turn + 1
            while after < len(read.turns) and read.is_rep(after):
                after += 1
            if after >= len(read.turns):
                return False
            acts = read.turn_acts(after)
            return Act.ACCEPT in acts and Act.REFUSE not in acts
    return False


def from_conversation(
    turns: Sequence[Turn],
    rep: str,
    brief: Brief,
    card: ScoreCard,
    *,
    source: str,
    who: str,
    now: datetime,
    company: str = "",
    email: str = "",
    benefit: str = "",
    agreed: str = "",
    minutes: int = 30,
    remind_days: int = 2,
    practice: bool = False,
    session_id: int | None = None,
    raised: Sequence[str] = (),
    analysis: Analysis | None = None,
) -> FollowUp:
    """The follow-up for a scored meeting ending: the booked time is read from the words
    that booked it, relative to ``now`` (when the meeting took place). ``raised``: a drill's
    issues that come up only during the call, recapped too once said."""
    read = analysis or analyse(turns, rep)  # once, for the booked time and the issues said
    proposal, _vague = booking(read)
    passed = {item.key for item in card.items if item.passed}
    scored = {item.key for item in card.items}
    if "specific_time" in scored and "specific_time" not in passed:
        proposal = None  # the card says no time was booked (a drill's unaccepted offer)
    booked = proposal.when if proposal is not None else ""
    meeting = resolve(booked, now) if booked else None
    # A drill's brief lists issues the prospect may never have voiced, and a benefit the
    # rep may never have offered: the drafts hold only what the conversation produced.
    issues = (
        issues_said(read, (*brief.issues, *raised), theirs_only=brief.kind == "callback")
        if practice
        else brief.issues
    )
    if practice and benefit and not offered(read, benefit):
        benefit = ""
    if not agreed and "confirm_interest" in passed and _said_yes(read, card):
        agreed = ("these issues are worth fixing" if issues else "to take this further") + (
            ", and we meet again to work out how" if meeting is not None else ""
        )
    return make(
        source=source,
        who=who,
        now=now,
        company=company,
        email=email,
        issues=issues,
        agreed=agreed,
        benefit=benefit,
        booked=booked,
        meeting=meeting,
        minutes=minutes,
        remind_days=remind_days,
        practice=practice,
        session_id=session_id,
    )


def agenda(f: FollowUp) -> list[str]:
    """What the booked meeting is for: one line per issue, then agreeing what comes next."""
    lines = [f"{issue}: where it stands and what fixing it would take" for issue in f.issues]
    lines.append("Agree what happens next, and who else should be involved")
    return lines


def signature(by: str | None = None) -> str:
    """How a draft ends: signed with ``by``, else with the rep's name from the settings
    (``[you] name``); unsigned when neither is there (an empty ``by`` too)."""
    if by is None:
        from coach import settings

        by = settings.current().name
    return f"Best regards,\n{by}" if by else "Best regards,"


def recap_email(f: FollowUp, by: str | None = None) -> Draft:
    """The email to send right after the meeting, signed (see :func:`signature`)."""
    subject = "Thank you for today"
    if f.meeting_ts is not None:
        subject += f": recap, and {local(f.meeting_ts):%A} at {_clock(local(f.meeting_ts))}"
    else:
        subject += ": recap"
    named = _greeting_name(f.who)
    parts = [
        f"Hi {named}," if named else "Hi,",
        "Thank you for your time today. So we are working from the same notes, "
        "here is what I took away.",
    ]
    if f.issues:
        heard = "\n".join(f"- {issue}" for issue in f.issues)
        parts.append(f"What you told me matters most:\n{heard}")
    if f.agreed:
        parts.append(f"What we agreed: {_sentence(f.agreed)}")
    if f.benefit:
        parts.append(f"What is in it for you: {_sentence(f.benefit)}")
    if f.meeting_ts is not None:
        parts.append(
            f"Next: {when_text(f.meeting_ts, f.minutes)}. The invite is attached; if that "
            "time stops working, reply with one that does and I will move it."
        )
    else:
        parts.append(
            "Next: we did not fix a time today. Reply with a day and a time that suit you "
            "and I will send an invite."
        )
    parts.append("If I missed or misread anything above, tell me and I will put it right.")
    parts.append(signature(by))
    return Draft(subject, "\n\n".join(parts) + "\n")


def reminder_email(f: FollowUp, by: str | None = None) -> Draft | None:
    """The short note to send a few days before the booked meeting (None: nothing booked),
    signed as the recap is."""
    if f.meeting_ts is None:
        return None
    start = local(f.meeting_ts)
    subject = f"Looking forward to {start:%A} at {_clock(start)}"
    steps = "\n".join(f"{n}. {line}" for n, line in enumerate(agenda(f), 1))
    named = _greeting_name(f.who)
    parts = [
        f"Hi {named}," if named else "Hi,",
        f"A quick note ahead of {when_text(f.meeting_ts, f.minutes)}. "
        f"We will use the {f.minutes} minutes for:\n{steps}",
    ]
    if f.benefit:
        parts.append(f"What you will get out of it: {_sentence(f.benefit)}")
    parts.append("If anything has changed since we spoke, reply and I will adjust the plan.")
    parts.append(signature(by))
    return Draft(subject, "\n\n".join(parts) + "\n")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def invite(f: FollowUp) -> bytes | None:
    """The booked meeting as an iCalendar file (None: nothing booked). Times are in UTC, so
    every calendar shows them in its own time zone."""
    if f.meeting_ts is None:
        return None
    from icalendar import Alarm, Calendar, Event, vCalAddress, vText

    start = datetime.fromtimestamp(f.meeting_ts, UTC)
    cal = Calendar()
    cal.add("prodid", "-//Callback Coach//Follow-ups//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"followup-{f.id}-{f.created_ts}@callback-coach")
    event.add("dtstamp", datetime.fromtimestamp(f.created_ts, UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=f.minutes))
    event.add("summary", f"Next steps: {f.who}" + (f" ({f.company})" if f.company else ""))
    description = "Agenda:\n" + "\n".join(f"{n}. {line}" for n, line in enumerate(agenda(f), 1))
    if f.benefit:
        description += f"\n\nWhat is in it for you: {_sentence(f.benefit)}"
    event.add("description", description)
    if f.email:
        attendee = vCalAddress(f"mailto:{f.email}")
        attendee.params["cn"] = vText(f.who)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Meeting with {f.who} in 15 minutes")
    alarm.add("trigger", timedelta(minutes=-15))
    event.add_component(alarm)
    cal.add_component(event)
    return bytes(cal.to_ical())


def files(f: FollowUp) -> dict[str, bytes]:
    """The drafts as files: name → content."""
    out = {f"followup-{f.id}-recap.txt": recap_email(f).as_text().encode()}
    if (ics := invite(f)) is not None:
        out[f"followup-{f.id}-invite.ics"] = ics
    if (reminder := reminder_email(f)) is not None:
        out[f"followup-{f.id}-reminder.txt"] = reminder.as_text().encode()
    return out


def write_files(f: FollowUp, folder: Path) -> list[Path]:
    """Write the drafts into ``folder`` (created owner-only), each file whole or not at all,
    owner-only (they carry contact data). Existing drafts of the same follow-up are replaced."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise UserError(f"cannot create the folder: {exc.strerror}", where=str(folder)) from exc
    if not folder.is_dir():
        raise UserError("not a folder", where=str(folder))
    written: list[Path] = []
    for name, content in files(f).items():
        target = folder / name
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(content)
                Path(tmp).replace(target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise UserError(f"cannot write: {exc.strerror}", where=str(target)) from exc
        written.append(target)
    return written


def summary(f: FollowUp) -> str:
    """One line for a list: who, and when the next meeting is (or that none was booked)."""
    who = f.who + (f" ({f.company})" if f.company else "")
    if f.meeting_ts is None:
        return f"{who}: recap to send; no next meeting booked"
    return f"{who}: next meeting {when_text(f.meeting_ts)}"


def dismiss_reminder(book: Book, followup_id: int, now: int) -> FollowUp:
    """The rep has dealt with a due reminder: it stops showing as due. Only a reminder that
    is due now can be dismissed (the app and ``coach followups --done`` agree); anything
    else is a UserError saying why."""
    with book.transaction():
        found = book.followup(followup_id)
        if found is None:
            raise UserError(f"no follow-up with id {followup_id}")
        if followup_id not in {f.id for f in book.due_followups(now)}:
            raise UserError(f"follow-up {followup_id} {_why_not_due(found, now)}")
        book.mark_reminded(followup_id, now)
    return found


def _why_not_due(f: FollowUp, now: int) -> str:
    if f.practice:
        return "is from a practice drill: it has no reminder"
    if f.reminded_ts is not None:
        return "was already dismissed"
    if f.meeting_ts is None or f.remind_ts is None:
        return "has no meeting booked, so no reminder"
    if f.meeting_ts <= now:
        return "is for a meeting that has already happened"
    day = datetime.fromtimestamp(f.remind_ts).strftime("%a %d %b at %H:%M")
    return f"is not due yet: its reminder comes {day}"


def _iso(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts).isoformat(timespec="minutes")


def as_json(f: FollowUp, due: bool = False) -> dict[str, Any]:
    """A follow-up with its drafts, for ``--json`` (also used by ``coach score --json``);
    ``due`` as the book says (:meth:`coach.book.Book.due_followups`)."""
    recap = recap_email(f)
    reminder = reminder_email(f)
    ics = invite(f)
    return {
        "id": f.id or None,
        "source": f.source,
        "practice": f.practice,
        "who": f.who,
        "company": f.company,
        "email": f.email,
        "issues": list(f.issues),
        "agreed": f.agreed,
        "benefit": f.benefit,
        "booked": f.booked,
        "meeting": _iso(f.meeting_ts),
        "minutes": f.minutes,
        "remind": _iso(f.remind_ts),
        "due": due,
        "recap": {"subject": recap.subject, "body": recap.body},
        "reminder": None
        if reminder is None
        else {"subject": reminder.subject, "body": reminder.body},
        "invite": None if ics is None else ics.decode(),
    }
