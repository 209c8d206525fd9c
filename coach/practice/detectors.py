"""Rubric detectors: deterministic checks over the rep's words, each quoting its evidence.

Every detector returns a :class:`Verdict`: passed or not, and the exact words that earned it
(or, for a miss, the words that lost it, such as the vague "next week"). The same patterns
drive the practice prospect (:func:`intents`), so a drill reacts to what the scorer will see.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from coach.practice import timespec
from coach.practice.phrases import Sentence, ideas, is_question, overlap, restates, sentences
from coach.practice.transcript import Turn

MEETING_ITEMS = ("recap", "checked_understanding", "confirm_interest", "specific_time")
CALLBACK_ITEMS = ("asked_who", "named_reason", "kept_on_line", "specific_time")
ALL_ITEMS = (*MEETING_ITEMS, *CALLBACK_ITEMS[:3], "time_to_identify")


class Brief(NamedTuple):
    """What the scorer knows of the conversation beyond its words."""

    kind: str = "meeting_end"  # or "callback"
    issues: tuple[str, ...] = ()
    reason: str = ""
    company: str = ""
    surname: str = ""


class Verdict(NamedTuple):
    passed: bool
    evidence: str | None = None
    vague: tuple[str, ...] = ()  # for specific_time: the vague words said instead


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns), re.IGNORECASE)


_SECOND_PERSON = _rx(r"\b(?:you|your|you're|you've|you'd|yours|y'all|youre)\b")
_RECAP_MARKER = _rx(
    r"\b(?:recap|sum(?:mari[sz]e|\s+(?:it\s+)?up|ming\s+up)|summary|to\s+review|"
    r"what\s+i(?:'m|\s+am)?\s+(?:heard|hearing|took\s+away|got)|if\s+i\s+(?:understood|heard|got)|"
    r"let\s+me\s+(?:play|read|make\s+sure|repeat|check|run)|play\s+(?:that|it|this)\s+back|"
    r"(?:the|your)\s+(?:main|big|key|biggest|top)\s+(?:things?|issues?|problems?|concerns?|"
    r"pain|challenges?)|you\s+(?:mentioned|said|told|described|explained|raised|flagged|noted|"
    r"shared|brought\s+up|talked\s+about|were\s+saying|walked\s+me))\b"
)
_STRONG_RECAP = _rx(
    r"\byou\s+(?:mentioned|said|told|described|explained|raised|flagged|noted|shared|"
    r"brought\s+up|talked\s+about|were\s+saying)\b"
)
_PITCH = _rx(
    r"\bour\s+(?!call|conversation|chat|meeting|discussion|talk|time|last|first)\w+",
    r"\bwe(?:'ll|'d|'ve\s+(?:built|got|made)|\s+(?!talked|discussed|covered|spoke|heard|went|"
    r"looked|agreed|just|both|all|were|are\s+(?:talking|on)|should|need)\w+)",
    r"\b(?:it|that|this|the\s+(?:tool|platform|product|software|system|app|module))\s+"
    r"(?:can|will|would|does|gives|lets|handles|automates|routes|syncs|cuts|fixes|solves|"
    r"takes\s+care|flags|sends|pulls|pushes|plugs)\b",
    r"\bthe\s+(?:[\w-]+\s+){0,2}(?:units?|system|scheduler|model|playbooks?|module|engine|portal|"
    r"app|dashboards?|tool|platform|software|sensors?|bot|integration|features?|workflows?|"
    r"automation|scrubber|kiosks?|reminders?)\s+(?:shows?|settles?|blocks?|automates?|flags?|"
    r"routes?|syncs?|tracks?|handles?|sends?|gives?|lets?|alerts?|catches?|prevents?|fixes?|"
    r"cuts?|matches?|pulls?|pushes?|rolls?|will|can|is\s+trained)\b",
    r"\bautomat(?:e|es|ed|ically|ion)\b",
    r"\bwith\s+(?:us|our)\b",
    r"\b(?:i'?ll|let'?s|i\s+will|i\s+can|i'?d\s+like)\b",
)
_SO_START = _rx(
    r"^(?:ok(?:ay)?|right|alright|great|got\s+it)?[,.]?\s*so\b(?!\s+(?:we|our|i|let'?s)\b)"
)
_CLAUSE = re.compile(r"\s*(?:[,;:—–]|\s-\s|\band\b|\bbut\b|\bplus\b|\bwhich\b|\bso\b)\s*", re.I)

_CHECK = _rx(
    r"\b(?:did|have)\s+i\s+(?:get|got|capture|captured|miss|missed|understand|understood|hear|"
    r"heard|leave|left|forget|forgot|nail|sum)\b",
    r"\bam\s+i\s+(?:missing|leaving|forgetting|right|close|on\s+(?:the\s+right\s+)?track|off)\b",
    r"\b(?:is|was)\s+(?:that|this|it)\s+(?:right|correct|accurate|fair|about\s+right|it|a\s+fair|"
    r"the\s+(?:gist|picture))\b",
    r"\bdoes\s+(?:that|this|it)\s+(?:sound|capture|cover|match|reflect|sum|line\s+up|feel)\b",
    r"\bwhat\s+(?:did|have)\s+i\s+(?:miss|missed|get\s+wrong|got\s+wrong|leave\s+out|left\s+out)",
    r"\b(?:anything|something)\s+(?:else|i(?:'ve|\s+have)?\s+(?:missed|left\s+out|forgot(?:ten)?|"
    r"got\s+wrong|misunderstood|didn'?t\s+(?:catch|get|cover|mention|hear|understand)|"
    r"should\s+(?:know|add|be\s+aware))|(?:that\s+)?i\s+(?:haven'?t|didn'?t|don'?t)\s+"
    r"(?:understood|understand|got|get|covered|caught|capture|heard))\b",
    r"\bis\s+(?:that|this|there)\s+(?:everything|all|about\s+it|it|how\s+you'?d|what\s+you|"
    r"anything)\b",
    r"\bwhat\s+else\s+(?:should|do|did|have|am|would|could|can)\s+(?:i|we)\b",
    r"\bwhat\s+else\s+is\s+(?:on\s+your|there|going)\b",
    r"(?:^|\b(?:is\s+)?that)\s*(?:right|correct|fair|accurate)\s*[?.]?\s*$",
    r"^\s*(?:fair|right|correct|yes|no)\s*\?\s*$",
    r"\b(?:did|do|have)\s+i\s+(?:have|got)\s+(?:it|that|everything|this)\b",
    r"\bwould\s+you\s+(?:add|change|correct)\b",
    r"\bfair\s+(?:summary|to\s+say|recap)\b",
    r"\b(?:right|correct)\s*\?\s*$",
)
_CHECK_NOT = _rx(
    r"\b(?:anything|something)\s+else\s+(?:i|we)\s+(?:can|could|should)\s+"
    r"(?:send|do|get|help|bring|share|pass|put)",
    r"\banything\s+else\s+(?:for\s+(?:you|today)|you\s+need)",
)
_INTEREST = _rx(
    r"\bopen\s+to\b",
    r"\binterest(?:ed|ing)?\b",
    r"\b(?:want|like|keen|ready|happy|willing)\s+to\s+(?:move|go|keep|proceed|explore|continue|"
    r"take|try|pursue|look|dig|start|pilot|test|see)\b",
    r"\bmov(?:e|ing)\s+(?:forward|ahead)\b",
    r"\bnext\s+steps?\b",
    r"\bkeep\s+(?:going|talking|the\s+conversation)\b",
    r"\bworth\s+(?:it|pursuing|exploring|a\s+(?:second|follow|further|closer|deeper|look|shot|"
    r"try|pilot|conversation)|another|taking|continuing|your\s+time|looking)\b",
    r"\bmake\s+sense\s+(?:to|for)\b",
    r"\b(?:something|anything)\s+you(?:'d|\s+would)\s+(?:want|like|be\s+up\s+for)\b",
    r"\b(?:explore|pursue)\b",
    r"\bon\s+board\b",
    r"\b(?:good|right)\s+fit\b",
    r"\bappetite\b",
    r"\b(?:take|taking)\s+(?:this|it|things)\s+(?:further|forward)\b",
    r"\bup\s+for\b",
    r"\bshould\s+we\s+(?:keep|continue|go|take)\b",
    r"\bhow\s+(?:would|do)\s+you\s+feel\s+about\b",
    r"\bwhat\s+do\s+you\s+think\s+about\s+(?:a|an|doing|setting|moving|taking|trying|running)\b",
    r"\bwould\s+you\s+like\s+(?:me|us)\s+to\s+(?:put\s+together|set\s+up|draft|prepare|build|"
    r"arrange|scope|write\s+up|start)\b",
    r"\b(?:would|do|are|will)\s+you\s+(?:want|like|fancy|be\s+up\s+for|be\s+keen\s+on|"
    r"be\s+game\s+for|consider)\s+(?:to\s+(?:try|do|run|set\s+up|start|see)\s+)?"
    r"(?:a|an|the|us|doing|running|trying)?\s*(?:pilot|trial|proof|demo|proposal|second|"
    r"follow|deeper|closer)",
)
_WHO = _rx(
    r"\bwho\s+(?:am\s+i|is\s+this|'s\s+this|is\s+calling|'s\s+calling|do\s+i\s+have|are\s+you\s+with)",
    r"\bwho(?:'s|\s+is)\s+(?:this|calling|speaking)",
    r"\b(?:which|what)\s+(?:company|organi[sz]ation|firm|business|practice|clinic|office|"
    r"location|team|store|branch|site)\b",
    r"\bwhere\s+(?:are\s+you|you're)\s+(?:calling\s+)?(?:from|with|based)\b",
    r"\b(?:your|the)\s+(?:last\s+name|surname|full\s+name|family\s+name|company|"
    r"company\s+name|business\s+name|organi[sz]ation)\b",
    r"\bremind\s+me\s+(?:who|which|of\s+your|where|what)\b",
    r"\byou(?:'re|\s+are)\s+with\s*\?",
    r"\bwho\s+do\s+you\s+work\s+(?:for|with)\b",
    r"\bspell\s+(?:your|the|that)\b",
    r"\bwhat\s+was\s+your\s+(?:name|last\s+name)",
    r"\bmay\s+i\s+(?:ask|know)\s+who\b",
    r"\b(?:and|so)\s+you\s+are\s*\?",
    r"\bwhat(?:'s|\s+is)\s+(?:your|the)\s+(?:name|last\s+name|surname|company)",
    r"\bwhich\s+\w+\s+(?:is\s+this|are\s+you)\b",
)
_REASON_FRAME = _rx(
    r"\b(?:call(?:ed|ing)?|rang|ring|reach(?:ed|ing)?\s+out|voicemail|message|left\s+you|"
    r"email(?:ed)?|about|regarding|because|reason|wanted\s+to|was\s+hoping|i\s+noticed|"
    r"following\s+up\s+on|got\s+in\s+touch)\b"
)
_DEFER = _rx(
    r"\b(?:call|ring|rang|phone)(?:ed)?\s+(?:you|u|ya)\s+back\b",
    r"\b(?:can|could|may|shall)\s+(?:i|we)\s+(?:call|ring|talk|speak|chat|catch\s+up)\b"
    r".{0,40}\binstead\b",
    r"\b(?:call|ring|phone)\s+(?:you|u|ya)\s+(?:right\s+|straight\s+|back\s+)?"
    r"(?:back|later|in\s+(?:a|an|\d+|ten|five|fifteen|twenty|a\s+few|a\s+couple|a\s+bit|a\s+sec|"
    r"a\s+minute|a\s+moment))",
    r"\bget\s+back\s+to\s+you\s+(?:in|later|shortly|once|when|after|this|tomorrow|in\s+a\s+bit)",
    r"\bget\s+back\s+to\s+you\b(?!\s+(?:on|by|with)\s)",
    r"\b(?:give|shoot)\s+(?:you|u)\s+a\s+(?:call|ring|buzz)\s+(?:back|later|in)\b",
    r"\bcan\s+i\s+(?:call|ring)\s+you\s+(?:back|later|in)\b",
    r"\blet\s+me\s+(?:find|pull|look|dig|check|grab)\b.{0,60}\b(?:call|ring|get\s+back)\b",
    r"\b(?:call|ring)\s+you\s+right\s+back\b",
)
_EMAIL = _rx(
    r"\b(?:e-?mail|send|shoot|drop)\b.{0,30}\b(?:e-?mail|over|across|info|information|deck|"
    r"details|summary|address)\b",
    r"\bemail\s+address\b",
    r"\b(?:best|right)\s+email\b",
)
_GOODBYE = _rx(
    r"\b(?:bye|goodbye|good-bye|talk\s+(?:soon|then|later)|speak\s+(?:soon|then)|"
    r"have\s+a\s+(?:good|great|nice|lovely)|take\s+care|cheers|see\s+you\s+then)\b"
)
_ACCEPT = _rx(
    r"\b(?:yes|yeah|yep|yup|sure|works|work\s+for\s+me|great|perfect|sounds\s+(?:good|great|fine)|"
    r"ok|okay|fine|see\s+you\s+then|talk\s+then|deal|done|booked|lock\s+it\s+in|put\s+me\s+down|"
    r"i'?ll\s+be\s+there|good\s+for\s+me|let'?s\s+do\s+(?:it|that)|absolutely|definitely|"
    r"that'?s\s+(?:good|fine|great)|count\s+me\s+in|pencil|no\s+problem|of\s+course|i\s+can\s+do|"
    r"it\s+is)\b"
)
_DECLINE = _rx(
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
_WITHDRAW = _rx(
    r"\bi'?ll\s+(?:send|email|shoot)\s+(?:you\s+)?(?:some|a\s+few|a\s+couple)",
    r"\bi'?ll\s+be\s+in\s+touch\b",
    r"\bi'?ll\s+(?:call|ring|reach\s+out\s+to)\s+you\s+(?:next\s+week|sometime|later|soon)\b",
)


# ------------------------------------------------------------------ helpers
def split(turns: Sequence[Turn], rep: str) -> list[Sentence]:
    """Every sentence in the conversation, tagged with its turn and whether the rep said it."""
    return [
        Sentence(i, t.speaker == rep, s) for i, t in enumerate(turns) for s in sentences(t.text)
    ]


def _first(pattern: re.Pattern[str], said: list[Sentence], rep: bool = True) -> str | None:
    for s in said:
        if s.rep == rep and pattern.search(s.text):
            return s.text
    return None


def _quote(parts: list[str]) -> str:
    return " … ".join(dict.fromkeys(parts))


# ---------------------------------------------------------------- detectors
def recap(said: list[Sentence], issues: Sequence[str]) -> Verdict:
    """The rep restated at least two of the prospect's issues (all, if fewer were given).

    A clause counts when the sentence is framed as the prospect's (second person, or a
    recap marker such as "to sum up", or a turn that then checks "did I get that right?").
    Clauses that describe what *we* or *our product* do are a pitch, not a recap, and so are
    the clauses that follow a pitch in the same sentence.
    """
    wanted = [ideas(issue) for issue in issues]
    if not wanted:
        return Verdict(False)
    checking = {s.turn for s in said if s.rep and _CHECK.search(s.text) and is_question(s.text)}
    clauses: list[tuple[str, set[str]]] = []  # (sentence, ideas) of every recap clause
    framed_turn = -1
    for s in said:
        if not s.rep:
            continue
        framed = bool(
            _SECOND_PERSON.search(s.text)
            or _RECAP_MARKER.search(s.text)
            or _SO_START.match(s.text)
            or s.turn in checking
            or s.turn == framed_turn
        )
        talks_time = any(m.kind == "clock" for m in timespec.mentions(s.text))
        if not framed or talks_time or _INTEREST.search(s.text):
            continue
        framed_turn = s.turn  # the rest of the turn goes on with the recap
        pitching = False
        for clause in _CLAUSE.split(s.text):
            if not clause:
                continue
            if _PITCH.search(clause) and not _STRONG_RECAP.search(clause):
                pitching = True
            elif _STRONG_RECAP.search(clause):
                pitching = False
            if not pitching:
                clauses.append((s.text, ideas(clause)))
        if pitching:
            framed_turn = -1
    # Each clause restates at most one issue (its best), so one sentence about a single
    # issue never counts twice.
    heard: dict[int, str] = {}
    for sentence, got in clauses:
        best = max(
            (n for n in range(len(wanted)) if n not in heard and restates(wanted[n], got)),
            key=lambda n: overlap(wanted[n], got),
            default=None,
        )
        if best is not None:
            heard[best] = sentence
    need = min(2, len(wanted))
    if len(heard) >= need:
        return Verdict(True, _quote([heard[n] for n in sorted(heard)]))
    return Verdict(False, _quote(list(heard.values())) or None)


def checked_understanding(said: list[Sentence]) -> Verdict:
    """The rep asked whether they had it right, or whether anything was missing."""
    for s in said:
        asks = is_question(s.text) or s.text.rstrip().endswith("?")
        if s.rep and asks and _CHECK.search(s.text) and not _CHECK_NOT.search(s.text):
            return Verdict(True, s.text)
    return Verdict(False)


def confirm_interest(said: list[Sentence]) -> Verdict:
    """The rep *asked* about moving forward; a statement assuming interest does not count."""
    for s in said:
        if s.rep and _INTEREST.search(s.text) and is_question(s.text):
            return Verdict(True, s.text)
    return Verdict(False)


class _Proposal(NamedTuple):
    turn: int
    by_rep: bool
    firm: bool
    quote: list[str]
    agreed: bool
    when: str  # the day and the clock time, as said ("Thursday at 2pm")


def specific_time(said: list[Sentence], turns: Sequence[Turn], rep: str) -> Verdict:
    """By the end, a day *and* a clock time were agreed, or firmly proposed and not declined.

    Walks the turns in order. A day and a time may come in different turns (within three).
    A prospect's decline or deferral drops the proposal on the table; a prospect naming
    the time themselves agrees to it; a rep who later retreats to "I'll send some times"
    drops it too. The vague words said along the way are returned to be named back.
    """
    booked, vague = _booking(turns, rep)
    if booked is not None:
        return Verdict(True, _quote(booked.quote))
    return Verdict(False, None, vague)


def booked_when(turns: Sequence[Turn], rep: str) -> str | None:
    """The day and clock time the conversation ended up booked for, as said ("Friday at
    noon"), for :func:`coach.timespec.resolve`; None when no time was booked."""
    booked, _vague = _booking(turns, rep)
    return None if booked is None else booked.when


def _booking(turns: Sequence[Turn], rep: str) -> tuple[_Proposal | None, tuple[str, ...]]:
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
        if current is not None and not by_rep and i > current.turn:
            if declined:
                current, day, clock = None, None, None
            elif _ACCEPT.search(text):
                current = current._replace(agreed=True)
        if current is not None and by_rep and _WITHDRAW.search(text) and not (days or clocks):
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
            quote = [turns[j].text for j in sorted({day[0], clock[0], i})]
            firm = not by_rep or not turn.text.rstrip().endswith("?")
            evening = " evening" if any(timespec.EVENING.search(q) for q in quote) else ""
            when = f"{day[1]}{evening} at {clock[1].removeprefix('at ')}"
            current = _Proposal(i, by_rep, firm, quote, agreed=not by_rep, when=when)
    if current is not None and (current.agreed or (current.by_rep and current.firm)):
        return current, ()
    return None, tuple(dict.fromkeys(vague))


def asked_who(said: list[Sentence], brief: Brief) -> Verdict:
    """The rep asked who is calling or which company; or the caller said so unprompted."""
    asked = next(
        (s.text for s in said if s.rep and _WHO.search(s.text) and is_question(s.text)), None
    )
    if asked is None:
        asked = _first(_WHO, said)
    if asked is not None:
        return Verdict(True, asked)
    first_rep = next((s.turn for s in said if s.rep), len(said))
    for s in said:
        if s.rep or s.turn > first_rep:
            break
        told = [w for w in (brief.company, brief.surname) if w]
        if told and any(w.casefold() in s.text.casefold() for w in told):
            return Verdict(True, s.text)
    return Verdict(False)


def named_reason(said: list[Sentence], reason: str) -> Verdict:
    """The rep said why they called in the first place (the reason's ideas came back)."""
    wanted = ideas(reason)
    for s in said:
        if not s.rep:
            continue
        got = ideas(s.text)
        strong = len(wanted & got) >= 3
        enough = overlap(wanted, got) >= (2.0 if len(wanted) >= 4 else 1.0)
        if enough and (strong or _REASON_FRAME.search(s.text)):
            return Verdict(True, s.text)
    return Verdict(False)


_INSIST = _rx(r"\b(?:now|rather\s+not|rather\s+do|while\s+i\s+have\s+you|can'?t\s+later)\b")


def kept_on_line(said: list[Sentence]) -> Verdict:
    """Fails on the first time the rep put a live prospect off to a later call back
    (even to a set time), unless the prospect refused and the rep carried on."""
    for n, s in enumerate(said):
        if s.rep and _DEFER.search(s.text):
            answer = next((a for a in said[n + 1 :] if not a.rep), None)
            carried_on = any(a.rep for a in said[n + 1 :])
            if answer is not None and _INSIST.search(answer.text) and carried_on:
                continue
            return Verdict(False, s.text)
    engaged = next((s.text for s in reversed(said) if s.rep), None)
    return Verdict(engaged is not None, engaged)


def time_to_identify(seconds: float | None, limit: float) -> Verdict:
    """Drills only: the right contact was selected in the lookup pane within ``limit`` s."""
    if seconds is None:
        return Verdict(False, None)
    return Verdict(seconds <= limit, f"identified after {seconds:.1f} s")


def detect(
    turns: Sequence[Turn], rep: str, brief: Brief, items: Sequence[str] | None = None
) -> dict[str, Verdict]:
    """Run the detectors for ``items`` (default: the kind's usual ones) over a conversation."""
    wanted = items or (CALLBACK_ITEMS if brief.kind == "callback" else MEETING_ITEMS)
    said = split(turns, rep)
    out: dict[str, Verdict] = {}
    for item in wanted:
        if item == "recap":
            out[item] = recap(said, brief.issues)
        elif item == "checked_understanding":
            out[item] = checked_understanding(said)
        elif item == "confirm_interest":
            out[item] = confirm_interest(said)
        elif item == "specific_time":
            out[item] = specific_time(said, turns, rep)
        elif item == "asked_who":
            out[item] = asked_who(said, brief)
        elif item == "named_reason":
            out[item] = named_reason(said, brief.reason)
        elif item == "kept_on_line":
            out[item] = kept_on_line(said)
    return out


def heard_issues(turns: Sequence[Turn], rep: str, limit: int = 8) -> tuple[str, ...]:
    """With no issues given, the prospect's own statements stand in for them: sentences
    with enough substance (three ideas or more) that are neither questions nor about times."""
    found: list[str] = []
    for s in split(turns, rep):
        if s.rep or is_question(s.text) or timespec.mentions(s.text):
            continue
        if len(ideas(s.text)) >= 3:
            found.append(s.text)
    return tuple(found[:limit])


# ------------------------------------------------------------ drill intents
def intents(reply: str, brief: Brief, before: Sequence[Turn] = (), rep: str = "Rep") -> set[str]:
    """What one rep reply did, in the words a scenario's ``when`` uses.

    ``before`` is the conversation so far, so a reply of "2pm works" after the prospect
    offered Thursday counts as pinning a specific time.
    """
    turns = [*before, Turn(rep, reply)]
    said = [Sentence(len(turns) - 1, True, s) for s in sentences(reply)]
    found = {"any"}
    if _first(_WHO, said) and (asked_who(said, Brief()).passed):
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
    timing = specific_time(split(turns, rep), turns, rep)
    if timespec.is_specific(reply) or (timing.passed and timespec.mentions(reply)):
        found.add("specific_time")
    elif any(m.kind == "vague" for m in timespec.mentions(reply)) or _WITHDRAW.search(reply):
        found.add("vague_time")
    if _EMAIL.search(reply):
        found.add("asked_email")
    if _GOODBYE.search(reply):
        found.add("goodbye")
    return found
