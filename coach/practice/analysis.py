"""One reading of a conversation, shared by every detector and by the practice prospect.

Turns become sentences; each sentence knows who said it, where it stands (``opening``,
``middle``, ``closing``) and what it does (its :class:`~coach.practice.acts.Act` set). The
acts that need context are added here: "how does that sound?" after a proposal in the same
turn invites a next step. The detectors (:mod:`coach.practice.detectors`) and the booking
reader (:mod:`coach.practice.booking`) judge from this reading, so a drill's prospect and
the score card see the same conversation.

Core: imports only the act patterns, phrases, time expressions and transcripts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from coach.practice.acts import Act, classify
from coach.practice.phrases import sentences
from coach.practice.transcript import Turn

Position = Literal["opening", "middle", "closing"]
#: The last turns of a conversation are its closing.
CLOSING_TURNS = 4


class Said(NamedTuple):
    """One sentence of one turn, read."""

    turn: int
    rep: bool
    text: str
    acts: frozenset[Act] = frozenset()
    position: Position = "middle"
    seq: int = 0  # its place among all the conversation's sentences

    def does(self, *acts: Act) -> bool:
        """Whether the sentence does every one of ``acts``."""
        return all(a in self.acts for a in acts)


@dataclass(frozen=True)
class Analysis:
    """A conversation, read once."""

    turns: tuple[Turn, ...]
    rep: str
    said: tuple[Said, ...]
    #: The sentences of each turn, and everything each turn does (read turn by turn).
    by_turn: tuple[tuple[Said, ...], ...] = ()
    acts_by_turn: tuple[frozenset[Act], ...] = ()

    def of_turn(self, turn: int) -> tuple[Said, ...]:
        """The sentences of one turn (a negative number counts from the end)."""
        return self.by_turn[turn]

    def turn_acts(self, turn: int) -> frozenset[Act]:
        """Everything one turn does."""
        return self.acts_by_turn[turn]

    def by_other(self) -> Iterator[Said]:
        return (s for s in self.said if not s.rep)

    def is_rep(self, turn: int) -> bool:
        return self.turns[turn].speaker == self.rep


def _position(turn: int, count: int) -> Position:
    if turn >= count - CLOSING_TURNS and count > CLOSING_TURNS + 1:
        return "closing"
    if turn < 2 and count > 2:
        return "opening"
    return "middle"


#: The rep's first answers: an offer to talk later made here puts the caller off.
FIRST_ANSWERS = 2


#: What dealing with the caller takes before an offer to talk later is a next step: the
#: rep asked them something, said why they called, or played back what they said.
DEALT_WITH = frozenset({Act.QUESTION, Act.GIVES_REASON, Act.RESTATE})


def _in_context(said: list[Said]) -> list[Said]:
    """Acts that depend on what came before: "how does that sound?" after a proposal in
    the same turn invites a next step; an offer to talk later defers the live caller when
    it is one of the rep's first answers, comes with an excuse in the same turn ("my
    system's down"), or comes before the rep dealt with them at all (a pitch, then "we can
    chat next week")."""
    out: list[Said] = []
    rep_turns: list[int] = []
    excused = {s.turn for s in said if s.does(Act.EXCUSE)}
    dealt = False
    for n, s in enumerate(said):
        if s.rep and (not rep_turns or rep_turns[-1] != s.turn):
            rep_turns.append(s.turn)
        before = [p for p in said[max(0, n - 3) : n] if p.turn == s.turn]
        if s.does(Act.SOUNDS) and any(p.does(Act.PROPOSAL) for p in [*before, s]):
            s = s._replace(acts=s.acts | {Act.INVITE})
        first_answers = len(rep_turns) <= FIRST_ANSWERS
        later = s.rep and s.does(Act.LATER_CALL)
        if later and (first_answers or s.turn in excused or not dealt):
            s = s._replace(acts=s.acts | {Act.DEFER})
        dealt = dealt or (s.rep and bool(s.acts & DEALT_WITH))
        out.append(s)
    return out


def analyse(turns: Sequence[Turn], rep: str) -> Analysis:
    """Read a conversation: who said each sentence, where it stands, what it does."""
    said: list[Said] = []
    for i, turn in enumerate(turns):
        for text in sentences(turn.text):
            position = _position(i, len(turns))
            said.append(Said(i, turn.speaker == rep, text, classify(text), position, len(said)))
    read = _in_context(said)
    by_turn: list[list[Said]] = [[] for _ in turns]
    for s in read:
        by_turn[s.turn].append(s)
    return Analysis(
        tuple(turns),
        rep,
        tuple(read),
        tuple(tuple(t) for t in by_turn),
        tuple(frozenset(a for s in t for a in s.acts) for t in by_turn),
    )


def reply(before: Sequence[Turn], text: str, rep: str) -> tuple[Analysis, tuple[Said, ...]]:
    """The conversation with one more rep turn, and that turn's sentences (for drills)."""
    analysis = analyse([*before, Turn(rep, text)], rep)
    return analysis, analysis.of_turn(-1)
