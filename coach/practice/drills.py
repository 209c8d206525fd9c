"""A practice session from start to score: the drill's book, "surprise me", and the record.

No UI here: the practice screen and the tests drive the same functions.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import datetime
from importlib.resources import files
from pathlib import Path

from coach import followups, settings
from coach.book import Book
from coach.lookup.phones import parse_phone
from coach.models import ContactIn, FollowUp, SessionRecord, TouchIn
from coach.practice.prospect import REP, Drill
from coach.practice.scenarios import Scenario, parse
from coach.practice.scoring import ScoreCard, score


def build_book(scenario: Scenario, path: Path, now: float | None = None) -> int:
    """Write the drill's practice book to ``path``; returns the caller's contact id."""
    now = time.time() if now is None else now
    caller_id = 0
    with Book.open(path) as store:
        store.set_meta("label", "practice")
        for entry in scenario.book:
            first, _, last = entry.name.partition(" ")
            phones = [parse_phone(entry.phone)] if entry.phone else []
            cid = store.add_contact(
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
                store.log_touch(
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


def surprise(store: Book, rng: random.Random | None = None) -> tuple[Scenario, int] | None:
    """A callback from someone in the rep's own book who was reached out to recently.

    Returns the drill and the caller's contact id, or None when the book has nobody with an
    outbound touch. The lines come from ``data/surprise.toml``, filled with the contact.
    """
    rng = rng or random.Random()
    touches = [t for t in store.likely_callers(30) if t.kind != "callback" and t.reason]
    if not touches:
        return None
    touch = rng.choice(touches[:10])
    contact = store.contacts([touch.contact_id])[touch.contact_id]
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
    return score(drill.turns, REP, s.brief, s.weights, s.tips, identify_s, overrides=overrides)


def record(
    drill: Drill, card: ScoreCard, started: float, duration: float, identify_s: float | None
) -> SessionRecord:
    s = drill.scenario
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
    )


def followup(
    drill: Drill, card: ScoreCard, session_id: int, now: datetime | None = None
) -> FollowUp | None:
    """For a meeting-ending drill: the follow-up the rep would send (kept as practice, so its
    reminder never comes due). None for callback drills."""
    s = drill.scenario
    if s.kind != "meeting_end":
        return None
    minutes, days = settings.followup_timing(lenient=True)
    return followups.from_conversation(
        drill.turns,
        REP,
        s.brief,
        card,
        source="practice",
        who=s.persona.full_name or s.persona.name,
        company=s.persona.company,
        benefit=s.benefit,
        now=datetime.now().replace(second=0, microsecond=0) if now is None else now,
        minutes=minutes,
        remind_days=days,
        practice=True,
        session_id=session_id,
    )
