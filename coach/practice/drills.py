"""A practice session from start to score: the drill's book, "surprise me", and the record.

No UI here: the practice screen and the tests drive the same functions.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

from coach import followups, settings
from coach.book import Book
from coach.errors import UserError
from coach.lookup.engine import reached
from coach.lookup.phones import parse_phone
from coach.models import ContactIn, FollowUp, SessionRecord, TouchIn
from coach.practice import delivery
from coach.practice.analysis import analyse
from coach.practice.delivery import Delivery
from coach.practice.detectors import Brief, heard_issues
from coach.practice.prospect import REP, Drill
from coach.practice.scenarios import Scenario, parse
from coach.practice.scoring import ScoreCard, score
from coach.practice.transcript import Turn, person_name


def build_book(scenario: Scenario, path: Path, now: float | None = None) -> int:
    """Write the drill's practice book to ``path``; returns the caller's contact id."""
    now = time.time() if now is None else now
    caller_id = 0
    with Book.open(path) as book:
        book.set_meta("label", "practice")
        for entry in scenario.book:
            first, _, last = entry.name.partition(" ")
            phones = [parse_phone(entry.phone)] if entry.phone else []
            cid = book.add_contact(
                ContactIn(
                    line=0,
                    first_name=first,
                    last_name=last,
                    company=entry.company,
                    title=entry.title,
                    email=entry.email,
                    phones=phones,
                )
            )
            for touch in entry.touches:
                ts = int(now - touch.days_ago * 86400)
                book.log_touch(
                    cid,
                    TouchIn(
                        line=0,
                        ts=ts,
                        kind=touch.kind,
                        outcome="left voicemail" if touch.kind == "voicemail" else "",
                        reason=touch.reason,
                        message=touch.message,
                    ),
                )
            if entry.caller:
                caller_id = cid
    return caller_id


def surprise(book: Book, rng: random.Random | None = None) -> tuple[Scenario, int] | None:
    """A callback from someone in the rep's own book who was reached out to recently.

    Returns the drill and the caller's contact id, or None when the book has nobody with an
    outbound touch. The lines come from ``data/surprise.toml``, filled with the contact.
    """
    rng = rng or random.Random()
    touches = [t for t in reached(book.likely_callers(30)) if t.reason]
    if not touches:
        return None
    touch = rng.choice(touches[:10])
    contact = book.contacts([touch.contact_id])[touch.contact_id]
    first = contact.first_name or contact.name.split(" ")[0] or "there"
    template = files("coach").joinpath("data/surprise.toml").read_text(encoding="utf-8")
    fill = {
        "first": first,
        "company": contact.company or "my company",
        "reason": touch.reason,
        "kind": touch.kind,
    }
    text = template
    for key, value in fill.items():
        text = text.replace("{" + key + "}", _toml_text(value))
    drill = parse(text, Path("surprise.toml"))
    drill = replace(
        drill,
        reason=touch.reason,
        book=(),
        persona=replace(drill.persona, full_name=contact.name, company=contact.company),
    )
    return drill, contact.id


def _toml_text(value: str) -> str:
    """Text safe inside a TOML basic string (the template's values are contact data)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return "".join(ch if ch.isprintable() else " " for ch in escaped)


def final_card(
    drill: Drill, identify_s: float | None, overrides: dict[str, bool] | None = None
) -> ScoreCard:
    s = drill.scenario
    brief = s.brief._replace(accepted_only=True)  # the prospect must say yes to a time
    return score(drill.turns, REP, brief, s.weights, s.tips, identify_s, overrides=overrides)


def record(
    drill: Drill, card: ScoreCard, started: float, duration: float, identify_s: float | None
) -> SessionRecord:
    s = drill.scenario
    timed = bool(drill.turns) and all(t.start is not None for t in drill.turns)
    measured = delivery.measure(drill.turns, REP, basis="drill" if timed else None)
    return SessionRecord(
        scenario_id=s.id,
        title=s.title,
        kind=s.kind,
        started_ts=int(started),
        duration_s=round(duration, 1),
        identify_s=None if identify_s is None else round(identify_s, 1),
        transcript=[[t.speaker, t.text] for t in drill.turns],
        items=card.as_json()["items"],
        score=card.score,
        delivery=delivery.kept(measured),
    )


def followup(
    drill: Drill, card: ScoreCard, session_id: int, now: datetime | None = None
) -> FollowUp | None:
    """The follow-up the rep would send after this drill (kept as practice, so its reminder
    never comes due): after every meeting ending, and after a callback that booked a time.
    None otherwise."""
    return drafted(drill.scenario, drill.turns, card, session_id, now)


def drafted(
    s: Scenario,
    turns: Sequence[Turn],
    card: ScoreCard,
    session_id: int,
    now: datetime | None = None,
) -> FollowUp | None:
    """:func:`followup` from a drill's parts, so a kept session can be drafted again (after
    the rep overrode an item the drafts depend on); ``now`` is when the drill took place."""
    booked = any(i.key == "specific_time" and i.passed for i in card.items)
    if s.kind != "meeting_end" and not booked:
        return None
    timing = settings.current()
    return followups.from_conversation(
        turns,
        REP,
        s.brief,
        card,
        source="practice",
        who=s.persona.full_name or s.persona.name,
        company=s.persona.company,
        benefit=s.benefit,
        raised=s.raised,
        now=datetime.now().replace(second=0, microsecond=0) if now is None else now,
        minutes=timing.meeting_minutes,
        remind_days=timing.remind_days,
        practice=True,
        session_id=session_id,
    )


def redrafter(
    session: SessionRecord, found: Sequence[Scenario], drafted_ts: int | None = None
) -> Callable[[ScoreCard], FollowUp | None] | None:
    """How a kept session's follow-up is drafted again from an overridden card: from its
    drill (one of ``found``) and its transcript, as of when it was first drafted
    (``drafted_ts``, else when the drill ended). None when its drill is not among them (a
    "surprise me" drill, or a drill file since removed)."""
    scenario = next((s for s in found if s.id == session.scenario_id), None)
    if scenario is None:
        return None
    turns = [Turn(speaker, text) for speaker, text in session.transcript]
    ended = drafted_ts if drafted_ts is not None else session.started_ts + session.duration_s
    held = datetime.fromtimestamp(ended).replace(second=0, microsecond=0)
    return lambda card: drafted(scenario, turns, card, session.id, held)


#: The items a follow-up is drafted from: overriding one drafts it again.
DRAFTED_FROM = frozenset({"specific_time", "confirm_interest"})


def keep(book: Book, kept: SessionRecord, drafted: FollowUp | None) -> int:
    """A finished drill into the book: the session and its practice follow-up (the one the
    score card shows, from :func:`followup`), in one transaction. The session's id."""
    with book.transaction():
        session_id = book.save_session(kept)
        if drafted is not None:
            book.save_followup(drafted._replace(session_id=session_id))
    return session_id


# ------------------------------------------------- scoring a real conversation
class Scored(NamedTuple):
    """A transcript scored: the card, what it was scored against, and for a meeting ending
    the follow-up drafted from it (not saved)."""

    card: ScoreCard
    brief: Brief
    rep: str
    followup: FollowUp | None
    delivery: Delivery
    #: What was left out, said in a line each (a transcript longer than the rubric reads).
    notes: tuple[str, ...] = ()


#: The rubric reads at most this many turns: a meeting ending's last ones (it is judged on
#: how it ends), a callback's first ones (who and why come at the start). The delivery
#: figures cover every turn. A one-hour call is a few hundred turns.
SCORED_TURNS = 4000


def score_transcript(
    turns: Sequence[Turn],
    rep: str,
    *,
    cues: Sequence[Turn] | None = None,
    kind: str | None = None,
    reason: str | None = None,
    issues: str | None = None,
    scenario: Scenario | None = None,
    held: datetime | None = None,
    who: str | None = None,
    company: str = "",
    email: str = "",
    benefit: str = "",
    agreed: str = "",
) -> Scored:
    """Score a conversation someone had (``coach score``): against a drill's rubric when
    one is named, else the kind's. Issues typed as "a; b"; with none, what the prospect
    said stands in for them. The follow-up uses the user's timing settings, which must be
    valid here (the file's problem is raised). ``cues``: the conversation as timed, cue by
    cue, for the delivery figures (default: ``turns``)."""
    weights: dict[str, float] | None = None
    tips: Mapping[str, str] | None = None
    brief = Brief(kind or ("callback" if reason else "meeting_end"))
    if scenario is not None:
        brief = scenario.brief._replace(kind=kind or scenario.kind)
        weights = {k: w for k, w in scenario.weights.items() if k != "time_to_identify"}
        tips = scenario.tips
    if issues:
        brief = brief._replace(issues=tuple(i.strip() for i in issues.split(";") if i.strip()))
    if reason:
        brief = brief._replace(reason=reason.strip())
    whole, every = turns, len(turns)
    notes: list[str] = []
    if every > SCORED_TURNS:
        first = brief.kind == "callback"
        turns = turns[:SCORED_TURNS] if first else turns[-SCORED_TURNS:]
        notes.append(
            f"the rubric read the {'first' if first else 'last'} {SCORED_TURNS:,} of "
            f"{every:,} turns ({'who and why come first' if first else 'the ending is scored'});"
            " the delivery figures cover them all"
        )
    read = analyse(turns, rep)  # once, for the issues heard, the card and the follow-up
    if not brief.issues:
        brief = brief._replace(issues=heard_issues(turns, rep, analysis=read))
    card = score(turns, rep, brief, weights, tips, analysis=read)
    drafted = None
    if brief.kind == "meeting_end":
        timing = settings.current().checked()
        drafted = followups.from_conversation(
            turns,
            rep,
            brief,
            card,
            source="transcript",
            # "Hi Dana," when the transcript names them; a role ("Prospect") is nobody.
            who=who or next((person_name(t.speaker) for t in turns if t.speaker != rep), ""),
            now=held or datetime.now().replace(second=0, microsecond=0),
            company=company,
            email=email,
            benefit=benefit,
            agreed=agreed,
            minutes=timing.meeting_minutes,
            remind_days=timing.remind_days,
            analysis=read,
        )
    measured = delivery.measure(cues if cues is not None else whole, rep)
    return Scored(card, brief, rep, drafted, measured, tuple(notes))


def meeting_held(text: str, now: datetime | None = None) -> datetime:
    """When a scored meeting took place, as typed (``2026-11-24T15:00``; naive local time);
    UserError when it is not a date and time, or not a plausible one."""
    now = now or datetime.now()
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f"--on {text!r} is not a date and time (write it like 2026-11-24T15:00)"
        ) from None
    when = when.astimezone().replace(tzinfo=None) if when.tzinfo is not None else when
    if not datetime(1990, 1, 1) <= when <= now + timedelta(days=366):
        raise UserError(f"--on {text!r} is not a plausible time for a meeting that took place")
    return when
