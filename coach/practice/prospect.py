"""The practice prospect: plays a scenario's lines and reacts to what the rep says.

No UI and no clock: the caller feeds the rep's replies in and gets the prospect's lines out,
so a drill can be played by the app, by a test, or by a script. Branches are chosen with the
same detectors that score the drill (:func:`intents`, at the end).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from coach.practice import timespec
from coach.practice.acts import Act
from coach.practice.analysis import analyse
from coach.practice.analysis import reply as analysed_reply
from coach.practice.booking import booking
from coach.practice.detectors import (
    Brief,
    asked_who,
    checked_understanding,
    confirm_interest,
    kept_on_line,
    named_reason,
    recap,
    specific_time,
)
from coach.practice.scenarios import WHEN_SAID, Reply, Scenario, Step
from coach.practice.transcript import Turn

REP = "Rep"
#: A callback's caller in the live transcript until they are known.
CALLER = "Caller"
MAX_REPLIES = 30
#: When a step's own ways of saying a line are used up: said once each, then nothing.
AGAIN = ("Sorry, go on.", "Mm-hm.", "Right.", "I'm listening.")
STILL_THERE = ("Hello? Are you still there?", "Hello? Did I lose you?", "...Hello?")


@dataclass
class Drill:
    """One run of a scenario. ``turns`` is the transcript so far (rep and prospect)."""

    scenario: Scenario
    turns: list[Turn] = field(default_factory=list)
    step: int = 0
    ended: bool = False
    replies: int = 0
    said: set[str] = field(default_factory=set)  # every line the prospect has said
    quiet_since: float | None = None  # when the prospect last finished speaking
    prompts: int = 0  # how many times they asked whether the rep is still there
    #: Seconds since the drill began, when the caller keeps time (the app does); each turn
    #: then carries when it started and ended, for the delivery figures.
    clock: Callable[[], float] | None = None
    #: Whether the prospect's lines are spoken aloud: a line then lasts as long as it takes
    #: to say; shown as text, it is all there at once (nothing to interrupt or wait out).
    voiced: bool = True

    @property
    def prospect(self) -> str:
        return self.scenario.persona.name

    def shown_as(self, identified: bool = False) -> str:
        """The prospect's label in the live transcript. A callback's caller is "Caller"
        until they have said their name or the rep has found them in the book
        (``identified``): the screen must not give away what the rep is practising to find.
        The kept transcript always names them."""
        if self.scenario.kind != "callback" or identified:
            return self.prospect
        persona = self.scenario.persona
        full = persona.full_name.split()
        names = {n for n in (persona.name, persona.full_name, *full[:1], *full[-1:]) if n}
        for turn in self.turns:
            if turn.speaker == self.prospect and any(_names_self(turn.text, n) for n in names):
                return self.prospect
        return CALLER

    def start(self) -> list[str]:
        """The prospect's opening line(s)."""
        if self.turns:
            return []
        return self._arrive(0)

    def reply(self, text: str, began: float | None = None) -> list[str]:
        """The rep said ``text`` (starting at ``began``, when they started typing it; by
        default now); returns what the prospect says back (maybe nothing)."""
        text = text.strip()
        if self.ended or not text:
            return []
        self.quiet_since = None
        done = self.turns[:]
        now = self.clock() if self.clock is not None else None
        start = began if began is not None and now is not None and began <= now else now
        self.turns.append(Turn(REP, text, start, 0, now))
        self.replies += 1
        did = intents(text, self.scenario.brief, done, REP)
        said: list[str] = []
        current = self.scenario.steps[self.step]
        chosen = _choose(current, did)
        leaving = "goodbye" in did and (
            chosen is None or (not chosen.end and set(chosen.when) == {"any"})
        )
        if leaving:
            # "Talk soon!" mid-call: the rep hung up, so the line goes quiet, rather than
            # carry on with a line meant for someone still talking.
            self.ended = True
        elif chosen is None:
            said = self._arrive(self.step + 1)
        else:
            line = self._fresh(chosen.variants or ((chosen.say,) if chosen.say else ()))
            if line and WHEN_SAID in line:
                line = _with_time(line, self.turns)
            if line:
                said.append(self._say(line))
            if chosen.end:
                self.ended = True
            elif not chosen.stay:
                said += self._arrive(self._index(chosen.goto) if chosen.goto else self.step + 1)
        if self.replies >= MAX_REPLIES:
            self.ended = True
        return said

    def finish(self) -> None:
        """The rep ends the drill (or gives up)."""
        self.ended = True

    def _index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.scenario.steps) if s.id == step_id)

    def silence(self, now: float) -> str | None:
        """Called as time passes (the caller's clock, in seconds): once the rep has said
        nothing for the persona's ``silence`` since the prospect last spoke, the prospect
        asks whether they are still there (a different line each time), and the wait
        starts again. None when there is nothing to say yet."""
        wait = self.scenario.persona.silence
        if self.ended or wait <= 0 or not self.turns:
            return None
        if self.quiet_since is None:
            self.quiet_since = now
            return None
        if now - self.quiet_since < wait:
            return None
        line = self._fresh(self.scenario.persona.on_silence or STILL_THERE, again=False)
        if line is not None:
            self.prompts += 1
            self._say(line)
        self.quiet_since = now  # the next wait starts from here
        return line

    def _arrive(self, index: int) -> list[str]:
        if index >= len(self.scenario.steps):
            self.ended = True
            return []
        self.step = index
        step = self.scenario.steps[index]
        line = self._fresh(step.variants or ((step.say,) if step.say else ()))
        return [self._say(line)] if line else []

    def _fresh(self, ways: tuple[str, ...], again: bool = True) -> str | None:
        """The first way of saying it not said yet in this drill; when all are used, a
        short "go on" not said yet either; else nothing. A line is never said twice."""
        if not ways:
            return None
        extra: tuple[str, ...] = AGAIN if again else ()
        for line in (*ways, *extra):
            if line not in self.said:
                return line
        return None

    def _say(self, line: str) -> str:
        self.said.add(line)
        self.quiet_since = None
        start = end = None
        if self.clock is not None:
            # A line lasts as long as it takes to say at the persona's pace, and starts
            # once their previous line is over (lines said in one go follow each other).
            start = self.clock()
            before = next((t for t in reversed(self.turns) if t.speaker == self.prospect), None)
            if before is not None and before.end is not None:
                start = max(start, before.end)
            end = start + (speaking_time(line, self.scenario.persona.rate) if self.voiced else 0.0)
        self.turns.append(Turn(self.prospect, line, start, 0, end))
        return line


#: The pace a prospect speaks at when their persona names none (espeak-ng's default).
DEFAULT_WPM = 175


def speaking_time(line: str, wpm: int = 0) -> float:
    """Seconds to say ``line`` at ``wpm`` words a minute."""
    return len(line.split()) * 60 / (wpm or DEFAULT_WPM)


def _names_self(line: str, name: str) -> bool:
    """``name`` is said in ``line`` as a whole word ("It's Mike", "Mike here")."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", line, re.IGNORECASE) is not None


def _with_time(line: str, turns: Sequence[Turn]) -> str:
    """The line with the time the rep pinned put in ("{when} works." → "Thursday at 2pm
    works."), capitalised where it opens a sentence."""
    said = timespec.mentions(turns[-1].text) if turns else []
    days = [m.text for m in said if m.kind == "day"]
    clocks = [m.text.removeprefix("at ").rstrip(".,!?") for m in said if m.kind == "clock"]
    if days and clocks:
        when = f"{days[-1]} at {clocks[-1]}"  # as the rep just said it
    else:  # "2pm works" to the day they offered: the two halves, put together
        proposal, _vague = booking(analyse(turns, REP))
        when = proposal.when if proposal is not None else "that"
    out = line.replace(WHEN_SAID, when)
    if line.startswith(WHEN_SAID):
        out = out[:1].upper() + out[1:]
    return out


def _choose(step: Step, did: set[str]) -> Reply | None:
    for reply in step.replies:
        if any(w in did for w in reply.when):
            return reply
    return None


# ------------------------------------------------------------ drill intents
def intents(reply: str, brief: Brief, before: Sequence[Turn] = (), rep: str = "Rep") -> set[str]:
    """What one rep reply did, in the words a scenario's ``when`` uses.

    The reply is read with the conversation so far (:func:`coach.practice.analysis.reply`),
    by the same detectors that score the drill, so a reply of "2pm works" after the prospect
    offered Thursday counts as pinning a specific time.
    """
    analysis, said = analysed_reply(before, reply, rep)
    found = {"any"}
    if asked_who(said, Brief()).passed:
        found.add("asked_who")
    if brief.reason and named_reason(said, brief.reason).passed:
        found.add("named_reason")
    if not kept_on_line(said).passed:
        found.add("deferred")
    if len(brief.issues) >= 1 and recap(said, brief.issues).passed:
        found.add("recap")
    if checked_understanding(said).passed:
        found.add("checked_understanding")
    if confirm_interest(said).passed:
        found.add("asked_interest")
    acts = analysis.turn_acts(-1)
    if timespec.is_specific(reply) or (
        specific_time(analysis).passed and acts & {Act.DAY, Act.CLOCK, Act.VAGUE_TIME}
    ):
        found.add("specific_time")
    elif acts & {Act.VAGUE_TIME, Act.WITHDRAW}:
        found.add("vague_time")
    if Act.ASK_EMAIL in acts:
        found.add("asked_email")
    if Act.GOODBYE in acts:
        found.add("goodbye")
    return found
