"""Was a next meeting booked? A day and a clock time proposed or confirmed (a statement
confirmation counts), accepted, and not later declined, cancelled or reported failed by
either side; a later re-proposal replaces an earlier one. Read turn by turn.

Core: imports only the time expressions (:mod:`coach.practice.timespec`) and transcripts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from coach.practice import timespec
from coach.practice.transcript import Turn


def rx(*patterns: str) -> re.Pattern[str]:
    """One case-blind pattern from alternatives."""
    return re.compile("|".join(patterns), re.IGNORECASE)


_ACCEPT = rx(
    r"\b(?:yes|yeah|yep|yup|sure|works|work\s+for\s+me|great|perfect|sounds\s+(?:good|great|fine)|"
    r"ok|okay|fine|see\s+you\s+then|talk\s+then|deal|done|booked|lock\s+it\s+in|put\s+me\s+down|"
    r"i'?ll\s+be\s+there|good\s+for\s+me|let'?s\s+do\s+(?:it|that)|absolutely|definitely|"
    r"that'?s\s+(?:good|fine|great)|count\s+me\s+in|pencil|no\s+problem|of\s+course|i\s+can\s+do|"
    r"it\s+is|(?:that(?:'s|\s+is|\s+will\s+be)\s+)?(?:correct|right|ideal)|certainly|exactly|"
    r"go\s+ahead|nice|suits\s+me)\b"
)
_DECLINE = rx(
    r"\b(?:can'?t|cannot|can\s+not|won'?t\s+work|doesn'?t\s+work|does\s+not\s+work|not\s+good|"
    r"no\s+good|i'?m\s+out|i'?m\s+away|i'?m\s+off|busy|booked\s+(?:solid|up)|conflict|tied\s+up|"
    r"not\s+available|unavailable|let\s+me\s+check|check\s+my\s+(?:calendar|diary|schedule)|"
    r"get\s+back\s+to\s+you|i'?ll\s+let\s+you\s+know|not\s+sure|rather\s+not|"
    r"on\s+(?:vacation|holiday|leave)|travel(?:l?ing)?|out\s+of\s+(?:the\s+)?office|"
    r"doesn'?t\s+suit|won'?t\s+be\s+able|no\s+can\s+do|not\s+going\s+to\s+work|"
    r"hold\s+off|not\s+(?:now|yet)|don'?t\s+(?:think|want)|pass\s+on|not\s+interested|"
    r"(?:she|he|they|we|i)(?:'s|'re|'m|\s+is|\s+are|\s+am)\s+(?:off|out|away|busy|booked)|"
    r"(?:come|get)\s+back\s+to\s+you|circle\s+back|doesn'?t\s+fit|won'?t\s+fit|"
    r"i(?:'ve|\s+have)\s+(?:got\s+)?(?:a|the|my|our)\s+(?:[\w-]+\s+){0,2}(?:meeting|call|review|"
    r"appointment|flight|board))\b",
    r"^\s*no\b(?![\s,]+(?:problem|worries))",
)
#: Either side saying the booking did not happen ("I was unable to make the appointment",
#: "something went wrong", "we'll have to cancel"): the time on the table is off.
_FAILED = rx(
    r"\b(?:unable|not\s+able|couldn'?t|could\s+not|wasn'?t\s+able|was\s+not\s+able|failed|"
    r"can'?t|cannot)\s+(?:to\s+)?(?:make|book|schedule|reserve|complete|lock|set\s+up|add|"
    r"get)\s+(?:it|that|the|this|your|a|an)\b",
    r"\b(?:unsuccessful|no\s+(?:openings?|availability|slots?)|(?:don'?t|doesn'?t)\s+have\s+"
    r"(?:an?\s+)?(?:opening|availability|slot)|an?\s+(?:issue|problem|error)\s+(?:with\s+)?booking)\b",
    r"\b(?:something\s+went\s+wrong|there\s+(?:has\s+been|was)\s+an?\s+(?:error|problem)|"
    r"(?:have|need|got)\s+to\s+(?:cancel|reschedule|move)|cancel(?:led|ed)?\s+(?:it|that|the)|"
    r"can'?t\s+make\s+it|won'?t\s+(?:be\s+able\s+to\s+)?make\s+it)\b",
)
_BARE_NO = re.compile(r"^\W*no\b", re.I)
#: A statement that asks for a yes ("Please confirm: …", "… is that correct"): a question.
_ASKS_CONFIRM = rx(
    r"\b(?:please\s+confirm|can\s+you\s+(?:please\s+)?confirm|could\s+you\s+confirm|"
    r"is\s+(?:that|this)\s+(?:correct|right|ok)|just\s+so\s+i'?ve\s+got\s+this\s+right|"
    r"confirm\s+(?:the\s+following|this|that|if))\b"
)
WITHDRAW = rx(
    r"\bi'?ll\s+(?:send|email|shoot)\s+(?:you\s+)?(?:some|a\s+few|a\s+couple)",
    r"\bi'?ll\s+be\s+in\s+touch\b",
    r"\bi'?ll\s+(?:call|ring|reach\s+out\s+to)\s+you\s+(?:next\s+week|sometime|later|soon)\b",
)


class _Proposal(NamedTuple):
    turn: int
    by_rep: bool
    firm: bool
    quote: list[str]
    agreed: bool
    when: str  # the day and the clock time, as said ("Thursday at 2pm")


def booked_when(turns: Sequence[Turn], rep: str) -> str | None:
    """The day and clock time the conversation ended up booked for, as said ("Friday at
    noon"), for :func:`coach.timespec.resolve`; None when no time was booked."""
    booked, _vague = booking(turns, rep)
    return None if booked is None else booked.when


def booking(turns: Sequence[Turn], rep: str) -> tuple[_Proposal | None, tuple[str, ...]]:
    day: tuple[int, str] | None = None
    clock: tuple[int, str] | None = None
    current: _Proposal | None = None
    vague: list[str] = []
    for i, turn in enumerate(turns):
        by_rep = turn.speaker == rep
        text = turn.text
        if timespec.is_past(text) and not timespec.is_specific(text.split(".")[-1]):
            continue
        found = timespec.mentions(text)
        days = [m for m in found if m.kind == "day"]
        clocks = [m for m in found if m.kind == "clock"]
        if by_rep:
            vague += [m.text for m in found if m.kind == "vague"]
        declined = not by_rep and bool(_DECLINE.search(text))
        failed = bool(_FAILED.search(text))
        if failed:
            # Reported failed or cancelled, by either side: the time on the table is off;
            # what the same turn offers instead stands only once it is accepted.
            current, day, clock = None, None, None
        if current is not None and not by_rep and i > current.turn:
            # Once a time is agreed, a bare "No, that's all" (to "anything else?") leaves it
            # agreed; a real decline ("I can't do Thursday after all") still drops it.
            if declined and not (current.agreed and _BARE_NO.match(text)):
                current, day, clock = None, None, None
            elif _ACCEPT.search(text):
                current = current._replace(agreed=True)
        if current is not None and by_rep and WITHDRAW.search(text) and not (days or clocks):
            current = None
        if len(days) > 1 and re.search(r"\bor\b", text, re.I):
            days = []  # options on offer ("Tuesday or Wednesday?"): wait for the choice
        if len(clocks) > 1 and re.search(r"\bor\b", text, re.I):
            clocks = []
        if days:
            day = (i, days[-1].text)
        if clocks:
            clock = (i, clocks[-1].text)
        if (days or clocks) and day and clock and i - min(day[0], clock[0]) <= 4:
            if declined:
                continue
            if current is not None and current.agreed and by_rep and not (days and clocks):
                continue  # "anything else today?" after an agreed time does not re-open it
            quote = [turns[j].text for j in sorted({day[0], clock[0], i})]
            firm = not failed and (
                not by_rep
                or not (turn.text.rstrip().endswith("?") or _ASKS_CONFIRM.search(turn.text))
            )
            evening = " evening" if any(timespec.EVENING.search(q) for q in quote) else ""
            when = f"{day[1]}{evening} at {clock[1].removeprefix('at ')}"
            current = _Proposal(i, by_rep, firm, quote, agreed=not by_rep and not failed, when=when)
    if current is not None and (current.agreed or (current.by_rep and current.firm)):
        return current, ()
    return None, tuple(dict.fromkeys(vague))
