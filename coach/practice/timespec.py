"""Time expressions in speech: which words name a day, a clock time, or only a vague "later".

A meeting is booked when both a day and a clock time were said ("Thursday at 2pm", "noon on
Friday", "the 21st at 8:45"). Anything else ("next week", "Tuesday morning", "the week of the
9th", "I'll be in touch") is vague, and the rep is told which words were vague.

Deterministic regular expressions over one utterance. The detectors only need to know *that*
a day and a time were named; :func:`resolve` turns the words into a date and time for the
follow-up (the invite, the reminder) and for the next-step form.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
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
    r"draft|version|phase|part|line|row|page|street|st|avenue|ave|road|rd|boulevard|blvd)"
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
            r"\b(?:noon|midday)\b(?!\s+(?:class|classes|rush|meal|break|shift|lull|crowd|service|slump|"
            r"trade|sun|heat))",
            rf"\bhalf\s+(?:{_HOUR_WORD}|1[0-2]|[1-9])\b(?!\s*(?:%|percent|an?\b|of\b|the\b|hours?\b))",
            # "two-thirty on the 18th?", "ten fifteen tomorrow"
            rf"\b{_HOUR_WORD}[\s-]{_MINUTE_WORD}\b(?=\s*(?:[?,.!]|$)|\s+(?:on|tomorrow|today|this|"
            r"next|monday|tuesday|wednesday|thursday|friday|saturday|sunday|works?|then|sharp)\b)",
            rf"\b{_HOUR}\s*o['’]?\s?clock\b",
            rf"\b(?:half|quarter|(?:five|ten|twenty|twenty[\s-]five)(?:\s+minutes)?)\s+"
            rf"(?:past|after|to|till|til)\s+{_HOUR}\b",
            rf"\bat\s+{_HOUR}(?:[:.][0-5]\d|\s+{_MINUTE_WORD}|\s+[0-5]\d\b)?(?:\s*{_AMPM}|\s*ish\b|\b)"
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
    rf"|\b(?:{_DAY_WORD}|[0-3]?\d(?:st|nd|rd|th))(?:'s)?\s+(?:at\s+|@\s*)?"
    rf"(?P<c2>{_HOUR}(?:[:.][0-5]\d|\s[0-5]\d)?)\b(?![:.,]?\d)"
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
            r"\b(?:(?:the\s+)?day\s+after\s+)?tomorrow\b|\btoday\b|\btonight\b|\byesterday\b",
            rf"\b{_MONTH}\s+(?:the\s+)?(?:[0-3]?\d(?:st|nd|rd|th)?\b|{_ORDINAL_WORD}\b)",
            # "18 January", as most of the world writes it ("5 may work" is not the 5th of May).
            rf"\b(?:[12]\d|3[01]|0?[1-9])\s+(?:of\s+)?(?!may\b){_MONTH}(?![\w'])",
            rf"\b(?:the\s+)?{_ORDINAL}(?:\s+(?:of\s+)?{_MONTH})?",
            r"\b(?:[0-3]?\d/[01]?\d|[01]?\d/[0-3]?\d)(?:/\d{2,4})?\b|\b\d{4}-[01]\d-[0-3]\d\b",
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


# ----------------------------------------------------------------- resolving
_WORD_NUMBERS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_ORDINAL_NUMBERS = {
    w: n
    for n, w in enumerate(
        [
            "zeroth",
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
}
_MINUTE_WORDS = {
    "ofive": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twentyfive": 25, "thirty": 30,
    "thirtyfive": 35, "forty": 40, "fortyfive": 45, "fifty": 50, "fiftyfive": 55,
}  # fmt: skip
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _number(word: str) -> int | None:
    w = word.lower().replace("-", "").replace(" ", "")
    if w.isdigit():
        return int(w)
    if w in _WORD_NUMBERS:
        return _WORD_NUMBERS[w]
    return None


def _day_of_month(word: str) -> int | None:
    w = re.sub(r"[\s-]+", " ", word.lower().strip())
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", w):
        return int(m.group(1))
    if w in _ORDINAL_NUMBERS:
        return _ORDINAL_NUMBERS[w]
    if m := re.fullmatch(r"twenty ?(\w+)", w):
        rest = _ORDINAL_NUMBERS.get(m.group(1))
        return None if rest is None else 20 + rest
    if w == "thirtieth":
        return 30
    if re.fullmatch(r"thirty ?first", w):
        return 31
    return None


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")[:3]
    return _MONTHS.index(w) + 1 if w in _MONTHS else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_dated(today: date, month: int | None, day: int) -> date | None:
    """The first date on or after ``today`` with this day (of this month, when given)."""
    if month is not None:
        for year in (today.year, today.year + 1):
            found = _safe_date(year, month, day)
            if found is not None and found >= today:
                return found
        return None
    y, m = today.year, today.month
    for _ in range(13):
        found = _safe_date(y, m, day)
        if found is not None and found >= today:
            return found
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return None


def _resolve_day(text: str, today: date) -> date | None:
    t = re.sub(r"\s+", " ", text.lower().strip())
    if "tomorrow" in t:
        return today + timedelta(days=2 if "day after" in t else 1)
    if t in {"today", "tonight"}:
        return today
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", t):
        a, b = int(m.group(1)), int(m.group(2))
        month, day = (b, a) if a > 12 else (a, b)  # month first, unless it cannot be
        if m.group(3):
            year = int(m.group(3))
            return _safe_date(year + 2000 if year < 100 else year, month, day)
        return _next_dated(today, month, day)
    words = t.split(" ")
    prefix = words[0] if words[0] in {"this", "next", "coming", "on", "until", "till"} else ""
    rest = words[1:] if prefix else words
    if rest and (name := rest[0].rstrip(".")[:3]) in _WEEKDAYS and len(rest) == 1:
        ahead = (_WEEKDAYS.index(name) - today.weekday()) % 7 or 7
        found = today + timedelta(days=ahead)
        if prefix == "next" and found - timedelta(days=found.weekday()) == today - timedelta(
            days=today.weekday()
        ):
            found += timedelta(days=7)  # "next Friday" said on a Tuesday: not this week's
        return found
    t = re.sub(r"^the ", "", t)
    if m := re.fullmatch(r"([a-z]+\.?) (?:the )?(.+)", t):
        named_month, nth = _month(m.group(1)), _day_of_month(m.group(2))
        if named_month is not None and nth is not None:
            return _next_dated(today, named_month, nth)
    if m := re.fullmatch(r"(.+?)(?: (?:of )?([a-z]+\.?))?", t):
        nth = _day_of_month(m.group(1))
        named_month = _month(m.group(2)) if m.group(2) else None
        if nth is not None and (m.group(2) is None or named_month is not None):
            return _next_dated(today, named_month, nth)
    return None


def _resolve_clock(text: str, now: datetime) -> time | None:
    t = re.sub(r"\s+", " ", text.lower().strip()).removeprefix("at ").lstrip("@ ")
    if t in {"noon", "midday"}:
        return time(12, 0)
    if t == "same time":
        return time(now.hour, now.minute)
    if m := re.fullmatch(
        r"(half|quarter|[a-z -]+?)(?: minutes)? (past|after|to|till|til) (\w+)", t
    ):
        hour = _number(m.group(3))
        amount = {"half": 30, "quarter": 15}.get(m.group(1))
        if amount is None:
            amount = _MINUTE_WORDS.get(m.group(1).replace(" ", "").replace("-", ""))
        if hour is None or amount is None:
            return None
        minutes = hour * 60 + (amount if m.group(2) in {"past", "after"} else -amount)
        return _business_hours(minutes // 60, minutes % 60, None)
    if (m := re.fullmatch(r"half (\w+)", t)) and (hour := _number(m.group(1))) is not None:
        return _business_hours(hour, 30, None)  # British "half two" is 2:30
    ampm = None
    if m := re.search(r"\s*([ap])\.?\s?m\b\.?$", t):
        ampm, t = m.group(1), t[: m.start()]
    t = re.sub(r"\s*(?:o['’]?\s?clock|ish)$", "", t).strip()
    if m := re.fullmatch(r"(\w+)(?:[:. ](\d{2})|[ -]([a-z -]+))?", t):
        hour = _number(m.group(1))
        minute = int(m.group(2)) if m.group(2) else 0
        if m.group(3):
            found = _MINUTE_WORDS.get(m.group(3).replace(" ", "").replace("-", ""))
            if found is None:
                return None
            minute = found
        if hour is None or hour > 23 or minute > 59:
            return None
        return _business_hours(hour, minute, ampm)
    return None


def _business_hours(hour: int, minute: int, ampm: str | None) -> time | None:
    """A 12-hour clock read as a working day: "at 3" is 3 pm, "at 9" is 9 am."""
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    elif ampm is None and 1 <= hour <= 6:
        hour += 12
    if not 0 <= hour <= 23:
        return None
    return time(hour, minute)


#: Words that put a bare hour in the evening ("8 tonight", "Friday night at 7").
EVENING = re.compile(r"\b(?:tonight|evening|night)\b", re.IGNORECASE)
_AMPM_SAID = re.compile(_AMPM, re.IGNORECASE)


def _has_date(text: str) -> bool:
    """ "the 3rd", "Dec 3", "12/3": a day named by its date rather than by a weekday."""
    words = re.split(r"[\s/-]+", text.lower())
    return any(ch.isdigit() for ch in text) or any(
        _month(w) is not None or _day_of_month(w) is not None for w in words
    )


def _weekday_beside(text: str, dated: Mention, days: list[Mention]) -> int | None:
    """The weekday said right next to a date ("Tuesday the 20th", "the 20th, a Tuesday"),
    0 = Monday; None when there is none."""
    for d in days:
        if d is dated or _has_date(d.text):
            continue
        gap = text[d.end : dated.start] if d.end <= dated.start else text[dated.end : d.start]
        if _NEXT_TO.fullmatch(gap) and (named := _weekday_of(d.text)) is not None:
            return named
    return None


_NEXT_TO = re.compile(r"[\s,]*(?:the\s*)?|[\s,]*(?:a|on\s+a)\s*", re.IGNORECASE)


def _weekday_of(word: str) -> int | None:
    """0 = Monday for a weekday's name ("Tue", "thursday"); None otherwise."""
    w = word.lower().split()[-1].rstrip(".") if word.strip() else ""
    for n, name in enumerate(_WEEKDAY_NAMES):
        if w == name or (len(w) >= 3 and name.startswith(w)):
            return n
    return None


#: How far ahead "Tuesday the 20th" may look for a 20th that is a Tuesday.
DATED_AHEAD_DAYS = 62
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _dated_on(day: date, weekday: int, said: str, today: date) -> date:
    """A date said with its weekday and no month ("Tuesday the 20th"): the next such date
    that falls on that weekday within two months (people mean soon); the plain date when
    none does, or when the month was named ("Tuesday January 20th" is January 20th,
    whatever day that is)."""
    if day.weekday() == weekday or any(_month(w) for w in re.split(r"[\s.,]+", said) if w):
        return day
    found = day
    while (following := _next_dated(found + timedelta(days=1), None, day.day)) is not None:
        if following - today > timedelta(days=DATED_AHEAD_DAYS):
            break
        found = following
        if found.weekday() == weekday:
            return found
    return day


def parts(text: str) -> tuple[frozenset[int], int | None, int | None, time | None]:
    """What a time expression pins down, without a calendar: the weekdays named (0 =
    Monday), the day of the month, the month, and the clock time (the last one said)."""
    found = mentions(text)
    weekdays: set[int] = set()
    nth = month = None
    for d in (m for m in found if m.kind == "day"):
        for word in re.split(r"[\s.,/-]+", d.text.lower()):
            if not word:
                continue
            if (named := _weekday_of(word)) is not None:
                weekdays.add(named)
            elif len(word) >= 3 and (m := _month(word)) is not None:
                month = m
            elif (n := _day_of_month(word)) is not None and 1 <= n <= 31:
                nth = n
    clocks = [m for m in found if m.kind == "clock"]
    clock = _resolve_clock(clocks[-1].text, datetime(2000, 1, 1)) if clocks else None
    return frozenset(weekdays), nth, month, clock


def same_time(a: str, b: str) -> bool:
    """Whether two expressions can name the same meeting: the same clock time, and nothing
    said of the day in one contradicts the other ("Thursday at 2pm" and "Thursday at 2";
    "Tuesday January 20th at 2pm" and "the 20th at 2pm")."""
    wa, na, ma, ca = parts(a)
    wb, nb, mb, cb = parts(b)
    if ca is None or ca != cb:
        return False
    return (
        (not wa or not wb or bool(wa & wb))
        and (na is None or nb is None or na == nb)
        and (ma is None or mb is None or ma == mb)
    )


def resolve(text: str, now: datetime) -> datetime | None:
    """The date and time ``text`` names ("Thursday at 2pm", "the 21st at 8:45"), after ``now``.

    ``now`` is naive local time; so is the answer. The last clock time said and the day
    said nearest to it are used; a day with a date ("Thursday the 3rd") beats a weekday.
    None when either is missing or cannot be read, or the moment has already passed.
    """
    try:
        return _resolve(text, now)
    except (OverflowError, ValueError):  # at the ends of the calendar (year 1 or 9999)
        return None


def _resolve(text: str, now: datetime) -> datetime | None:
    found = mentions(text)
    clocks = [m for m in found if m.kind == "clock"]
    days = [m for m in found if m.kind == "day"]
    if not clocks or not days:
        return None
    clock = clocks[-1]
    when = _resolve_clock(clock.text, now)
    if when is None:
        return None
    resolved = [(d, _resolve_day(d.text, now.date())) for d in days]
    usable = [(d, day) for d, day in resolved if day is not None]
    if not usable:
        return None
    dated = [(d, day) for d, day in usable if _has_date(d.text)]
    pool = dated or usable
    mention, day = min(pool, key=lambda pair: abs(pair[0].start - clock.start))
    assert day is not None
    if year := re.match(r",?\s*(\d{4})\b", text[mention.end :]):  # "Jul 18, 2014"
        day = _safe_date(int(year.group(1)), day.month, day.day) or day
    elif dated and (weekday := _weekday_beside(text, mention, days)) is not None:
        day = _dated_on(day, weekday, mention.text, now.date())
    if when.hour < 12 and EVENING.search(text) and not _AMPM_SAID.search(clock.text):
        when = when.replace(hour=when.hour + 12)  # "8 tonight", "9 tomorrow evening"
    moment = datetime.combine(day, when)
    return moment if moment > now else None
