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
from coach.practice.booking import booking
from coach.practice.booking import rx as _rx
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
    # What the product would do for them, and what it costs or returns.
    r"\byou(?:'ll|\s+will|\s+could|'d\s+(?:break|save|see|get|make)|"
    r"\s+(?:get|save|see)\s+(?:a|an|the|up|even|about|around|\d))\b",
    r"\b(?:roi|we\s+estimate|typically|break\s+even|refund|deposit|warranty|dashboard|"
    r"as\s+you\s+can\s+see)\b",
    r"\b\d+\s*(?:-\s*\d+\s*)?(?:%|percent)\s+(?:improvement|increase|reduction|faster|"
    r"fewer|lift|boost|gain|savings?|better)\b",
    r"\b(?:helps?|lets?|allows?|enables?)\s+(?:you|your)\b",
)
#: The rep offering or enthusing ("I'd be happy to…", "I'm excited to help your…").
_OFFER = _rx(
    r"\b(?:i'?d\s+be\s+(?:happy|glad|delighted)|i'?m\s+(?:excited|happy|glad|looking\s+forward|"
    r"here\s+to\s+help)|i'?ve\s+brought|this\s+(?:includes|allows|means\s+you)|it\s+helps|"
    r"you\s+can\s+(?:see|easily|also|monitor|track|view|assign)|take\s+one\s+of\s+your)\b"
)
#: The rep's opening or reason for calling, however many of their words it shares.
_OPENER = _rx(
    r"\b(?:reaching\s+out|i\s+noticed|i\s+saw\s+(?:that|your)|i\s+read\s+(?:that|about)|"
    r"came\s+across|the\s+reason\s+i'?m\s+calling|calling\s+because|hope\s+i'?m\s+not|"
    r"thanks?\s+(?:you\s+)?for\s+(?:agreeing|meeting|having|taking)|i\s+understand\s+"
    r"you(?:'ve|\s+have)?\s+been\s+(?:looking|considering|thinking|interested))\b"
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
    # Asking whether a proposal suits them, or for their questions, is not checking the
    # rep understood them.
    r"\bhow\s+(?:does|would)\s+(?:that|this|it)\s+sound\b",
    r"\b(?:anything|something)\s+(?:else\s+|specific\s+)?you'?d\s+like\s+to\s+(?:know|ask)\b",
    r"\bany\s+(?:other\s+|more\s+|final\s+)?questions\b",
)
_INTEREST_WORDS = _rx(
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
#: The next step offered as a question, in the many ways reps ask it.
_INVITE = _rx(
    r"\b(?:shall|should|can|could)\s+(?:we|i)\s+(?:just\s+)?(?:schedule|set\s+(?:up|something)|"
    r"book|arrange|get\s+(?:you|the|a|something)|go\s+ahead|start|send|put\s+together|"
    r"prepare|bring|loop\s+in|head\s+back|draw\s+up|lock)\b",
    r"\bwhy\s+don'?t\s+(?:we|i)\b",
    r"\bwould\s+it\s+(?:help|be\s+(?:helpful|useful|worth)|make\s+sense)\s+(?:if|to)\b",
    r"\bwhat\s+if\s+(?:we|i)\s+(?!told|said)\w+",
    r"\bhow\s+about\s+(?:i|we)\b",
    r"\bdo\s+you\s+want\s+(?:to|me\s+to|us\s+to)\s+(?:schedule|set|book|go|get|start|try|"
    r"see|move|have|arrange|line)\b",
    r"\bwould\s+you\s+like\s+(?:me|us)\s+to\b",
)
_ASSUMES = _rx(r"^\W*(?:so\W+|ok(?:ay)?\W+|great\W+)?(?:when|what\s+time|where|which\s+day)\b")
_INTEREST = re.compile(f"{_INTEREST_WORDS.pattern}|{_INVITE.pattern}", re.IGNORECASE)
#: A question about interest that is not an invitation: "what sparked your interest?".
_INTEREST_NOT = _rx(
    r"\b(?:sparked|got|piqued|caught|drew|draws)\s+(?:your\s+)?interest\b",
    r"\bwhat\s+(?:interests|interested)\s+you\b",
    r"\binterest(?:ed)?\s+in\s+(?:our|the)\s+(?:webinar|newsletter|article|post|blog|ebook|guide)\b",
)
#: "How does that sound?" / "Does that work for you?": an invitation once a step is proposed.
_SOUND = _rx(
    r"\bhow\s+(?:does|would)\s+(?:that|this)\s+sound\b", r"\bdoes\s+that\s+work\s+for\s+you\b"
)
_PROPOSES = _rx(
    r"\b(?:we\s+could|we\s+can|i\s+could|i\s+can|i'?d\s+suggest|i\s+suggest|i\s+propose|let'?s|"
    r"how\s+about|what\s+if|why\s+don'?t|we'?ll|i'?ll)\b.*\b(?:pilot|trial|demo|meeting|call|"
    r"proposal|quote|session|walkthrough|visit|survey|install|set\s+up|schedule|start|send)"
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
    r"\b(?:didn'?t|did\s+not)\s+(?:quite\s+)?(?:catch|get)\s+(?:your|the)\s+(?:name|surname|company)",
    r"\b(?:your|the)\s+(?:name|company)\s+again\b",
    r"\b(?:tell|give)\s+me\s+your\s+(?:name|last\s+name|surname|company)",
    r"\bwho\s+(?:are\s+you|i'?m\s+speaking|i\s+am\s+speaking|this\s+is|(?:i'?m|i\s+am)\s+talking)",
    r"\bhow\s+do\s+(?:you|i)\s+spell\b",
    r"\byou(?:'re|\s+are)\s+(?:with|from)\s*(?:\.\.\.|…)\s*\??",  # "And you're with...?"
    r"\b[A-Z]?[a-z]+\s+who\s*\?",  # "Sorry, Sofia who?"
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
    # Putting the live caller off to later: "I'm pretty busy right now, I'll call you next week".
    r"\b(?:i'?ll|i\s+will|let\s+me|we'?ll)\s+(?:call|ring|phone|reach\s+out\s+to|try)\s+"
    r"(?:you|u|ya)\s+(?:back\s+)?(?:next\s+week|later|sometime|some\s+time|another\s+time|"
    r"in\s+a\s+(?:day|week)|when\s+i)\b",
    r"\bcan'?t\s+(?:really\s+|properly\s+)?(?:talk|speak|chat)(?:\s+\w+)?\s+(?:right\s+)?now\b",
    r"\b(?:i'?m|we'?re)\s+(?:pretty\s+|really\s+|a\s+bit\s+|super\s+)?(?:busy|swamped|slammed|"
    r"tied\s+up|in\s+(?:a|the\s+middle\s+of\s+a)\s+(?:meeting|call))\b.{0,40}"
    r"\b(?:right\s+now|at\s+the\s+moment|now|today)\b",
    r"\b(?:not\s+a\s+(?:good|great)\s+time|bad\s+time)\b.{0,30}\b(?:call|talk|speak|catch)\b",
    r"\b(?:can|could|shall)\s+(?:we|i)\s+(?:talk|speak|chat|catch\s+up)\s+(?:later|another\s+time|"
    r"tomorrow|next\s+week|some\s+other\s+time)\b",
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
        if not framed or talks_time or _INTEREST.search(s.text) or _OPENER.search(s.text):
            continue
        # A discovery question about the issues is not a recap of them ("how are you
        # handling X today?"); "you mentioned X and Y, right?" still is.
        marked = _STRONG_RECAP.search(s.text) or _RECAP_MARKER.search(s.text)
        if is_question(s.text) and not marked and s.turn not in checking:
            continue
        # A sentence that sells, with nothing attributing it to them, is a pitch throughout:
        # "After installation, we provide training for you and your staff."
        if not marked and (_PITCH.search(s.text) or _OFFER.search(s.text)):
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
    """The rep *asked* about moving forward; a statement assuming interest does not count,
    nor a discovery question that merely holds the word ("what sparked your interest?")."""
    for n, s in enumerate(said):
        if not s.rep or not is_question(s.text) or _INTEREST_NOT.search(s.text):
            continue
        if _INTEREST_WORDS.search(s.text):
            return Verdict(True, s.text)
        if _ASSUMES.match(s.text):
            continue  # "when should we start the pilot?" takes the yes for granted
        if _INVITE.search(s.text):
            return Verdict(True, s.text)
        # "How does that sound?" right after the rep proposed a step in the same turn.
        before = [p.text for p in said[max(0, n - 3) : n] if p.rep and p.turn == s.turn]
        if _SOUND.search(s.text) and any(_PROPOSES.search(b) for b in [*before, s.text]):
            return Verdict(True, _quote([*before[-1:], s.text]))
    return Verdict(False)


def specific_time(said: list[Sentence], turns: Sequence[Turn], rep: str) -> Verdict:
    """By the end, a day *and* a clock time were agreed, or firmly proposed and not declined.

    Walks the turns in order. A day and a time may come in different turns (within three).
    A prospect's decline or deferral drops the proposal on the table; a prospect naming
    the time themselves agrees to it; a rep who later retreats to "I'll send some times"
    drops it too. The vague words said along the way are returned to be named back.
    """
    booked, vague = booking(turns, rep)
    if booked is not None:
        return Verdict(True, _quote(booked.quote))
    return Verdict(False, None, vague)


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
