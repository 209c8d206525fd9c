"""The practice prospect: plays a scenario's lines and reacts to what the rep says.

No UI and no clock: the caller feeds the rep's replies in and gets the prospect's lines out,
so a drill can be played by the app, by a test, or by a script. Branches are chosen with the
same detectors that score the drill (:func:`intents`, at the end).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coach.practice import timespec
from coach.practice.acts import Act
from coach.practice.analysis import reply as analysed_reply
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
from coach.practice.scenarios import Reply, Scenario, Step
from coach.practice.transcript import Turn

REP = "Rep"
MAX_REPLIES = 30


@dataclass
class Drill:
    """One run of a scenario. ``turns`` is the transcript so far (rep and prospect)."""

    scenario: Scenario
    turns: list[Turn] = field(default_factory=list)
    step: int = 0
    ended: bool = False
    replies: int = 0

    @property
    def prospect(self) -> str:
        return self.scenario.persona.name

    def start(self) -> list[str]:
        """The prospect's opening line(s)."""
        if self.turns:
            return []
        return self._arrive(0)

    def reply(self, text: str) -> list[str]:
        """The rep said ``text``; returns what the prospect says back (maybe nothing)."""
        text = text.strip()
        if self.ended or not text:
            return []
        done = self.turns[:]
        self.turns.append(Turn(REP, text))
        self.replies += 1
        did = intents(text, self.scenario.brief, done, REP)
        said: list[str] = []
        current = self.scenario.steps[self.step]
        chosen = _choose(current, did)
        if chosen is None:
            if "goodbye" in did:
                self.ended = True
            else:
                said = self._arrive(self.step + 1)
        else:
            if chosen.say:
                said.append(self._say(chosen.say))
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

    def _arrive(self, index: int) -> list[str]:
        if index >= len(self.scenario.steps):
            self.ended = True
            return []
        self.step = index
        line = self.scenario.steps[index].say
        return [self._say(line)] if line else []

    def _say(self, line: str) -> str:
        self.turns.append(Turn(self.prospect, line))
        return line


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
