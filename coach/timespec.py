"""Time expressions in speech: which words name a day, a clock time, or only a vague "later".

A meeting is booked when both a day and a clock time were said ("Thursday at 2pm", "noon on
Friday", "the 21st at 8:45"). Anything else ("next week", "Tuesday morning", "the week of the
9th", "I'll be in touch") is vague, and the rep is told which words were vague.

Deterministic regular expressions over one utterance; no dates are resolved (the detector
only needs to know *that* a day and a time were named, and quote them).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_HOUR_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_HOUR = rf"(?:1[0-2]|0?[1-9]|{_HOUR_WORD})"
_MINUTE_WORD = (
    r"(?:o[\s-]?five|ten|fifteen|twenty|twenty[\s-]?five|thirty|thirty[\s-]?five|forty|"
    r"forty[\s-]?five|fifty|fifty[\s-]?five)"
)
_AMPM = r"(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?)"
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tues?|weds?|thurs?|thu|fri)\b\.?"
)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
_ORDINAL_WORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|"
    r"thirty[\s-]?first)"
)
_NOT_DATE_AFTER = (
    r"(?:floor|time|times|percent|place|grade|century|anniversary|birthday|year|step|round|"
    r"quarter|person|one|thing|issue|item|point|option|session|meeting|call|week|month|shift|"
    r"draft|version|phase|part|line|row|page)"
)
_ORDINAL = (
    rf"(?:[0-3]?\d(?:st|nd|rd|th)\b(?!\s+{_NOT_DATE_AFTER}\b)|"
    rf"(?<=the\s){_ORDINAL_WORD}\b(?!\s+{_NOT_DATE_AFTER}\b)(?![\s-]+[a-z]+(?:ed|ing|s)\b))"
)
_DAY_WORD = (
    r"(?:(?:this|next|coming|on)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|mon|tues?|weds?|thurs?|thu|fri|tomorrow|today|tonight)\b"
)

#: Words after "at 12" that make it a count or a place, not a clock time.
_NOT_CLOCK_AFTER = (
    r"(?:%|percent|per\b|people|agents|users|seats|locations|sites|stores|clinics|trucks|drivers|"
    r"staff|employees|reps|of\b|out\b|million|thousand|hundred|k\b|dollars|bucks|miles|km|"
    r"degrees|tickets|orders|accounts|licen[cs]es|units|calls|days|weeks|months|years|hours|"
    r"minutes|mins|points|x\b)"
)

#: What may follow "at 3" for it to be a clock time ("at 3 on Friday", "at 3?", "at 3 works").
_AFTER_BARE_HOUR = (
    r"\s*(?:$|[,.;:!?)\-–—]|(?:on|tomorrow|today|tonight|then|sharp|works?|is|would|could|ok|"
    r"okay|please|your|my|our|eastern|central|pacific|mountain|et|ct|pt|mt|est|cst|pst|edt|pdt|"
    r"gmt|bst|cet|uk|local|time|for|and|with|next|this|if|so|or|that|it|we|you|i|good|fine|"
    r"great|suit|suits|o['’]?\s?clock)\b|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|weds?|thurs?|thu|"
    r"fri)\b)"
)
_CLOCK = re.compile(
    "|".join(
        (
            rf"\b{_HOUR}(?:[:.][0-5]\d)?\s*{_AMPM}",
            rf"\b{_HOUR}\s+{_MINUTE_WORD}\s*{_AMPM}",
            r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b(?!:?\d)",
            r"\b(?:noon|midday)\b",
            rf"\b{_HOUR}\s*o['’]?\s?clock\b",
            rf"\b(?:half|quarter|(?:five|ten|twenty|twenty[\s-]five)(?:\s+minutes)?)\s+"
            rf"(?:past|after|to|till|til)\s+{_HOUR}\b",
            rf"\bat\s+{_HOUR}(?:[:.][0-5]\d|\s+{_MINUTE_WORD})?(?:\s*{_AMPM}|\s*ish\b|\b)"
            rf"(?![.,:]?\d)(?!\s*{_NOT_CLOCK_AFTER})(?={_AFTER_BARE_HOUR})",
            r"\bsame\s+time\b",
            rf"@\s*{_HOUR}(?:[:.][0-5]\d)?\b",
        )
    ),
    re.IGNORECASE,
)
#: A bare hour right beside a day ("10 tomorrow", "Eleven on Tuesday", "Thurs 3"), or said on
#: its own as an answer ("9?", "9 it is"): group ``c`` is the clock time.
_CLOCK_BESIDE_DAY = re.compile(
    rf"\b(?P<c>{_HOUR}(?:[:.][0-5]\d)?)\s+(?:on\s+)?(?={_DAY_WORD})"
    rf"|\b{_DAY_WORD}(?:'s)?\s+(?:at\s+|@\s*)?(?P<c2>{_HOUR}(?:[:.][0-5]\d)?)\b(?![:.,]?\d)"
    rf"(?!\s*{_NOT_CLOCK_AFTER})"
    rf"|^\s*(?:(?:how\s+about|what\s+about|say|maybe|shall\s+we\s+say|ok|okay|so)\s+)?"
    rf"(?P<c3>{_HOUR}(?:[:.][0-5]\d)?)\s*(?:it\s+is|then|works|sharp|is\s+(?:good|fine|great))?"
    rf"\s*[.!?]*\s*$",
    re.IGNORECASE,
)

_DAY = re.compile(
    "|".join(
        (
            rf"\b(?:(?:this|next|coming|on|until|till|last)\s+)?{_WEEKDAY}",
            r"\b(?:the\s+day\s+after\s+)?tomorrow\b|\btoday\b|\btonight\b|\byesterday\b",
            rf"\b{_MONTH}\s+(?:the\s+)?(?:[0-3]?\d(?:st|nd|rd|th)?\b|{_ORDINAL_WORD}\b)",
            rf"\b(?:the\s+)?{_ORDINAL}(?:\s+(?:of\s+)?{_MONTH})?",
            r"\b[0-3]?\d/[01]?\d(?:/\d{2,4})?\b|\b\d{4}-[01]\d-[0-3]\d\b",
        )
    ),
    re.IGNORECASE,
)

_VAGUE = re.compile(
    "|".join(
        (
            r"\b(?:the\s+)?week\s+(?:of|after|before)\b(?:\s+(?:the\s+)?\S+)?",
            r"\b(?:early|late|later|end\s+of|middle\s+of|sometime|some\s+time)\s+"
            r"(?:(?:this|next|the)\s+)?(?:week|month|quarter|year)\b",
            r"\b(?:next|this|coming)\s+(?:week|month|quarter|year)\b",
            r"\b(?:in\s+)?(?:a\s+(?:few|couple\s+(?:of\s+)?)|a|two|three|few)\s+"
            r"(?:days|weeks|months)\b(?!\s+ago)",
            r"\b(?:sometime|some\s+time|soon|later\s+on|down\s+the\s+road|one\s+of\s+these\s+days)\b",
            r"\b(?:after|before|around)\s+the\s+(?:holidays|new\s+year|summer|break|conference)\b",
            r"\b(?:be|get|keep)\s+in\s+touch\b",
            r"\b(?:send|shoot|email)\s+(?:you|over)?\s*(?:some|a\s+few|a\s+couple\s+of)\s+"
            r"(?:times|slots|options|dates)\b",
            r"\b(?:circle|get|come)\s+back\s+to\s+(?:you|me)\b",
            r"\btouch\s+base\b|\bfollow\s+up\b|\breach\s+out\b",
            rf"(?<!good\s)\b(?:{_WEEKDAY}\s+)?(?:morning|afternoon|evening|lunch(?:time)?|after\s+lunch|"
            r"first\s+thing|end\s+of\s+(?:the\s+)?day|eod|cob)\b",
        )
    ),
    re.IGNORECASE,
)

_PAST_DAY = re.compile(r"^(?:last\s|yesterday)", re.IGNORECASE)
_WEEK_OF = re.compile(r"\bweek\s+of\b", re.IGNORECASE)
_PAST_TALK = re.compile(
    r"\b(?:we\s+(?:met|spoke|talked|chatted)|you\s+(?:called|rang|left|emailed)|"
    r"i\s+(?:called|rang|left|emailed|sent)|last\s+(?:time|week)|ago)\b",
    re.IGNORECASE,
)


class Mention(NamedTuple):
    """One time expression in an utterance."""

    kind: str  # "day", "clock" or "vague"
    text: str
    start: int
    end: int


def _spans(pattern: re.Pattern[str], kind: str, text: str) -> list[Mention]:
    return [Mention(kind, m.group(0).strip(), m.start(), m.end()) for m in pattern.finditer(text)]


_BOUND_BEFORE = re.compile(
    r"(?:after|before|between|from|until|till|til|by|past|no\s+later\s+than|any\s*time\s+after)"
    r"\s+(?:at\s+)?$",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(
    rf"^\s*(?:-|–|to|and|or|till|until)\s*(?:\d|{_HOUR_WORD}\b)", re.IGNORECASE
)


def _bound_or_range(text: str, clock: Mention) -> bool:
    """ "after 2", "between 2 and 4", "2 or 3": a window or a choice, not a time."""
    before = text[: clock.start]
    if clock.text.lower().startswith("at "):
        before += "at "
    return bool(
        _BOUND_BEFORE.search(text[max(0, clock.start - 30) : clock.start])
        or _RANGE_AFTER.match(text[clock.end :])
        or re.search(r"\d\s*(?:-|–|to|and|or)\s*$", before[-8:], re.IGNORECASE)
    )


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _inside(m: Mention, others: list[Mention]) -> bool:
    return any(o.start <= m.start and m.end <= o.end and o != m for o in others)


def _beside_day(text: str) -> list[Mention]:
    found = []
    for m in _CLOCK_BESIDE_DAY.finditer(text):
        group = next(g for g in ("c", "c2", "c3") if m.group(g))
        found.append(Mention("clock", m.group(group), m.start(group), m.end(group)))
    return found


def mentions(text: str) -> list[Mention]:
    """Days, clock times and vague time words in ``text``, in order.

    A day inside "the week of the 9th" is vague; "Tuesday morning" is vague (no clock time)
    but still names the day, which a later "at 10" can complete. Days in the past
    ("last Thursday", "yesterday") are dropped: they are not a next meeting.
    """
    clocks = _spans(_CLOCK, "clock", text)
    clocks += [c for c in _beside_day(text) if not any(_overlaps(c, o) for o in clocks)]
    clocks = [c for c in clocks if not _bound_or_range(text, c)]
    days = [d for d in _spans(_DAY, "day", text) if not _PAST_DAY.match(d.text)]
    vague = _spans(_VAGUE, "vague", text)
    weeks_of = [v for v in vague if _WEEK_OF.search(v.text)]
    days = [d for d in days if not _inside(d, weeks_of)]
    # "Tuesday morning" is both a day and vague: keep the day, and the vague words as said.
    vague = [v for v in vague if not any(c.start < v.end and v.start < c.end for c in clocks)]
    found = [*clocks, *days, *vague]
    found.sort(key=lambda m: (m.start, -m.end))
    return found


def is_past(text: str) -> bool:
    """Whether an utterance talks about something already done ("we met Thursday at 2")."""
    return bool(_PAST_TALK.search(text))


def is_specific(text: str) -> bool:
    """Whether one utterance names both a day and a clock time (and is not about the past)."""
    found = mentions(text)
    kinds = {m.kind for m in found}
    return "day" in kinds and "clock" in kinds and not is_past(text)
