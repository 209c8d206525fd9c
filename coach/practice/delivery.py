"""How the rep spoke, measured from the transcript: talk share, monologues, questions,
fillers, pace, interruptions and patience. Deterministic and offline; each figure is
defined so that it can be checked by hand.

With cue times (WebVTT, SRT, or a drill's clock), for the rep (R) and everyone else (P):

- ``talk_share``: R's cue time / all cue time. Overlapping cues count for both speakers.
- ``talk_share_words``: R's words / all words (whitespace-separated), on every transcript.
- ``longest_monologue_s``: R's cues in order of start make one run while the next starts
  within 1 s of the end of the run so far (a short "mm-hm" of theirs in the gap does not
  break it); the longest run, from its first start to its last end.
- ``longest_monologue_words``: the words in that run. Without times: the most words R said
  in one stretch (consecutive lines of theirs).
- ``rep_questions``: R's sentences that are questions, by the scorer's own detection
  (:func:`coach.practice.acts.asks`); ``open_questions``: those asking for content ("what",
  "how", "why"…), not a yes.
- ``fillers``: R's fillers (see :func:`fillers`); ``filler_per_min`` per minute of R's cue
  time, ``filler_per_100_words`` per 100 of R's words.
- ``rep_wpm``: R's words per minute of R's cue time.
- ``interruptions_by_rep`` / ``interruptions_by_prospect``: cues that start before the
  other side's latest cue (by start) has ended.
- ``patience_s``: the median of the gaps between their cue ending and R's next cue
  starting, over every place where R takes the turn from them; a start before they ended
  counts as 0 s.

Without cue times the time-only figures are ``None``; so is every per-minute or
per-word rate of a rep who never spoke (their counts are 0). In a drill the rep types: their
turn runs from the first keystroke to Enter, so the figures that would time their typing
(talk share by time, the monologue in seconds, pace, fillers a minute) are ``None`` and the
word-based ones stand; interruptions (starting to type while the prospect is still
speaking) and patience (from the end of their line to the first keystroke) use the drill's
clock as it ran.
"""

from __future__ import annotations

import functools
import re
import statistics
import tomllib
from collections.abc import Mapping, Sequence
from importlib.resources import files
from typing import Any, NamedTuple

from coach.practice.acts import asks, open_question
from coach.practice.phrases import sentences
from coach.practice.transcript import Turn
from coach.text import percent

#: The next cue of the rep's that starts within this many seconds carries the monologue on.
RUN_GAP_S = 1.0

#: The figures, in the order ``coach score --json`` gives them.
KEYS = (
    "basis",
    "talk_share",
    "talk_share_words",
    "longest_monologue_s",
    "longest_monologue_words",
    "rep_questions",
    "open_questions",
    "fillers",
    "filler_per_min",
    "filler_per_100_words",
    "rep_wpm",
    "interruptions_by_rep",
    "interruptions_by_prospect",
    "patience_s",
)

# ------------------------------------------------------------------ fillers
#: Always fillers: um, uh, erm, er, uhm, however long they are drawn out ("ummm").
_SOUNDS = re.compile(r"\b(?:u+m+|u+h+|e+r+m+|e+r+|u+h+m+)\b", re.IGNORECASE)
#: "you know" set off by itself: before a comma or the end of a sentence, and not the verb
#: with a subject or a question in front ("do you know", "if you know", "as you know").
_YOU_KNOW = re.compile(
    r"(?<!\bdo )(?<!\bdid )(?<!\bdoes )(?<!\bdon't )(?<!\bdidn't )(?<!\bif )(?<!\bas )"
    r"(?<!\bwould )(?<!\bwill )(?<!\bnow )\byou know\b(?=\s*(?:[,.!?…]|$))",
    re.IGNORECASE,
)
#: "I mean" before a comma ("I mean, we could…"), never "I mean it" or "what I mean is".
_I_MEAN = re.compile(r"(?<!\bwhat )(?<!\bif )(?<!\bhow )\bi mean\b(?=\s*,)", re.IGNORECASE)
#: "kind of" / "sort of" as a hedge ("it's kind of slow"), not after a word that makes it a
#: noun ("what kind of trucks", "that sort of thing", "a kind of").
_HEDGE = re.compile(
    r"(?<!\bwhat )(?<!\bwhich )(?<!\bthis )(?<!\bthat )(?<!\bthese )(?<!\bthose )(?<!\ba )"
    r"(?<!\bthe )(?<!\bany )(?<!\bsome )(?<!\bevery )(?<!\beach )(?<!\bno )(?<!\bone )"
    r"(?<!\bsame )(?<!\bother )(?<!\bour )(?<!\byour )(?<!\bmy )(?<!\btheir )(?<!\bhis )"
    r"(?<!\bher )(?<!\bits )(?<!\ball )(?<!\bright )(?<!\bwrong )(?<!\bonly )(?<!\bfirst )"
    r"(?<!\bnew )(?<!\bdifferent )(?<!\bmany )\b(?:kind|sort) of\b",
    re.IGNORECASE,
)
#: "like" set off by a comma after it ("like, we tried that", "it's, like, slow") or
#: followed by a sound filler ("like um"); never "I like it", "looks like" or "like two weeks".
_LIKE = re.compile(
    r"(?<![\w'])like\b(?=\s*,|\s+(?:u+m+|u+h+|e+r+m?)\b)(?<!\bwould like)(?<!\bi like)",
    re.IGNORECASE,
)
_FILLERS = (_SOUNDS, _YOU_KNOW, _I_MEAN, _HEDGE, _LIKE)


def fillers(text: str) -> int:
    """The fillers in ``text``: um, uh, erm, er, uhm (drawn out or not) wherever they are;
    "you know", "I mean", "kind of", "sort of" and "like" only where they are fillers, as
    each pattern above says. Speech-to-text without commas hides the comma-marked ones: on
    such text only the sounds and the hedges are counted."""
    said = " ".join(text.split())
    return sum(len(p.findall(said)) for p in _FILLERS)


# ------------------------------------------------------------------ figures
class Delivery(NamedTuple):
    """The figures of one conversation (see the module's docstring for each)."""

    basis: str  # "cue times", "drill" (the drill's clock) or "words" (no times)
    talk_share: float | None
    talk_share_words: float | None
    longest_monologue_s: float | None
    longest_monologue_words: int
    rep_questions: int
    open_questions: int
    fillers: int
    filler_per_min: float | None
    filler_per_100_words: float | None
    rep_wpm: float | None
    interruptions_by_rep: int | None
    interruptions_by_prospect: int | None
    patience_s: float | None
    #: The first words of the longest monologue (quoted by the tips).
    monologue_opening: str = ""
    #: Who spoke when, for the timeline strip: (start, end, the rep's) per cue.
    timeline: tuple[tuple[float, float, bool], ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The figures under :data:`KEYS` (rounded for reading; the timeline is left out)."""
        out: dict[str, Any] = {}
        for key in KEYS:
            value = getattr(self, key)
            out[key] = round(value, 3) if isinstance(value, float) else value
        return out


def _words(text: str) -> int:
    return len(text.split())


def _opening(text: str, words: int = 8) -> str:
    said = text.split()
    return " ".join(said[:words]) + ("…" if len(said) > words else "")


def measure(cues: Sequence[Turn], rep: str, basis: str | None = None) -> Delivery:
    """The figures for ``rep`` over ``cues`` (a transcript's cues as timed, or its turns
    when it has no times). ``basis`` names where the times came from ("drill"); by default
    "cue times" when every cue has a start and an end, else "words"."""
    timed = bool(cues) and all(c.start is not None and c.end is not None for c in cues)
    mine = [c for c in cues if c.speaker == rep]
    rep_words = sum(_words(c.text) for c in mine)
    all_words = sum(_words(c.text) for c in cues)
    questions = open_ones = 0
    for cue in mine:
        for sentence in sentences(cue.text):
            if asks(sentence):
                questions += 1
                open_ones += open_question(sentence)
    filled = sum(fillers(c.text) for c in mine)
    share_words = rep_words / all_words if all_words else None
    per_100 = filled * 100 / rep_words if rep_words else None
    if not timed:
        longest, opening = _longest_stretch(cues, rep)
        return Delivery(
            "words", share_words, share_words, None, longest, questions, open_ones, filled,
            None, per_100, None, None, None, None, opening,
        )  # fmt: skip
    ordered = sorted(cues, key=lambda c: c.start or 0.0)  # stable: file order breaks ties
    spans = [(c.start or 0.0, max(c.end or 0.0, c.start or 0.0)) for c in ordered]
    rep_time = sum(e - s for (s, e), c in zip(spans, ordered, strict=True) if c.speaker == rep)
    all_time = sum(e - s for s, e in spans)
    typed = basis == "drill"  # the clock times the rep's typing, not their talk
    minutes = 0.0 if typed else rep_time / 60
    if typed:
        run_s = 0.0
        run_words, opening = _longest_stretch(cues, rep)
    else:
        run_s, run_words, opening = _longest_run(ordered, spans, rep)
    by_rep, by_them, waits = _turn_taking(ordered, spans, rep)
    return Delivery(
        basis or "cue times",
        None if typed or not all_time else rep_time / all_time,
        share_words,
        None if typed else run_s,
        run_words,
        questions,
        open_ones,
        filled,
        filled / minutes if minutes else None,
        per_100,
        rep_words / minutes if minutes else None,
        by_rep,
        by_them,
        statistics.median(waits) if waits else None,
        opening,
        tuple((s, e, c.speaker == rep) for (s, e), c in zip(spans, ordered, strict=True)),
    )


def _longest_stretch(turns: Sequence[Turn], rep: str) -> tuple[int, str]:
    """Without times: the most words the rep said between two lines of someone else's."""
    best, best_text, run, text = 0, "", 0, ""
    for turn in turns:
        if turn.speaker != rep:
            run, text = 0, ""
            continue
        run, text = run + _words(turn.text), text or turn.text
        if run > best:
            best, best_text = run, text
    return best, _opening(best_text) if best else ""


def _longest_run(
    ordered: Sequence[Turn], spans: Sequence[tuple[float, float]], rep: str
) -> tuple[float, int, str]:
    """The rep's longest monologue: (seconds, words, its first words)."""
    best: tuple[float, int, str] = (0.0, 0, "")
    run_start = run_end = 0.0
    words, first = 0, ""
    started = False
    for cue, (start, end) in zip(ordered, spans, strict=True):
        if cue.speaker != rep:
            continue
        if started and start - run_end <= RUN_GAP_S:
            run_end, words = max(run_end, end), words + _words(cue.text)
        else:
            run_start, run_end, words, first, started = start, end, _words(cue.text), cue.text, True
        if run_end - run_start > best[0] or (not best[2] and started):
            best = (run_end - run_start, words, first)
    return best[0], best[1], _opening(best[2]) if best[2] else ""


def _turn_taking(
    ordered: Sequence[Turn], spans: Sequence[tuple[float, float]], rep: str
) -> tuple[int, int, list[float]]:
    """(interruptions by the rep, by them, the rep's waits after they finished)."""
    by_rep = by_them = 0
    waits: list[float] = []
    last_end: dict[bool, float | None] = {True: None, False: None}  # by side: the rep's?
    previous_side: bool | None = None
    for cue, (start, end) in zip(ordered, spans, strict=True):
        side = cue.speaker == rep
        other_end = last_end[not side]
        if other_end is not None and start < other_end:
            if side:
                by_rep += 1
            else:
                by_them += 1
        if side and previous_side is False and other_end is not None:
            waits.append(max(0.0, start - other_end))
        last_end[side] = end
        previous_side = side
    return by_rep, by_them, waits


# ------------------------------------------------------------------ bands and tips
class Band(NamedTuple):
    """What a figure is compared against, and where that comes from."""

    key: str
    label: str
    low: float | None
    high: float | None
    source: str
    tip_low: str = ""
    tip_high: str = ""
    unit: str = ""
    #: Time-based: not judged on a drill, whose "talk" is typing.
    timed: bool = False
    #: How History names it as a habit (see data/delivery.toml).
    habit_low: str = ""
    habit_high: str = ""


@functools.cache
def _bundled_bands() -> dict[str, Any]:
    """``data/delivery.toml``, read once a process."""
    return tomllib.loads(files("coach").joinpath("data/delivery.toml").read_text("utf-8"))


def bands(overrides: Mapping[str, float] | None = None) -> list[Band]:
    """The bundled bands (``data/delivery.toml``), with the rep's own limits from settings
    (``[delivery]``: ``<figure>_min`` / ``<figure>_max``) put in their place."""
    raw = _bundled_bands()
    chosen = dict(overrides or {})
    out = []
    for key, spec in raw.items():
        out.append(
            Band(
                key,
                spec["label"],
                chosen.get(f"{key}_min", spec.get("min")),
                chosen.get(f"{key}_max", spec.get("max")),
                spec["source"],
                spec.get("tip_low", ""),
                spec.get("tip_high", ""),
                spec.get("unit", ""),
                bool(spec.get("timed", False)),
                spec.get("habit_low", ""),
                spec.get("habit_high", ""),
            )
        )
    return out


def current_bands(checked: bool = False) -> list[Band]:
    """The bands with the rep's settings; ``checked``: a broken settings file is raised
    (the command line), else the bundled bands stand (the app says the problem once)."""
    from coach import settings

    found = settings.current()
    return bands((found.checked() if checked else found).delivery)


def band_keys() -> tuple[str, ...]:
    """The settings a rep may give under ``[delivery]``."""
    return tuple(f"{b.key}_{end}" for b in bands() for end in ("min", "max"))


def shown(value: float, unit: str) -> str:
    """A figure as the rep reads it: "71%" (as every rate in the app), "2 min 40 s",
    "3.5 a minute"."""
    if unit == "%":
        return percent(value)
    if unit == "s":
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes} min {seconds:02d} s" if minutes else f"{value:.1f} s"
    if unit == "/min":
        return f"{value:.1f} a minute"
    if unit == "wpm":
        return f"{round(value)} words a minute"
    return f"{value:g}"


def judged(basis: str, figures: Mapping[str, Any], band: Band) -> float | None:
    """The figure ``band`` judges, from a conversation's figures (:meth:`Delivery.as_json`):
    None when it is not judged there (a drill's time-based figures; talk share in a drill
    is judged by words) or was not measured."""
    if basis == "drill" and band.timed:
        return None
    key = "talk_share_words" if band.key == "talk_share" and basis == "drill" else band.key
    value = figures.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def outside(value: float, band: Band) -> float:
    """How far ``value`` is outside ``band``, as a share of the limit it crosses (0: inside)."""
    if band.high is not None and value > band.high:
        return (value - band.high) / (band.high or 1.0)
    if band.low is not None and value < band.low:
        return (band.low - value) / (band.low or 1.0)
    return 0.0


class Tip(NamedTuple):
    key: str
    label: str
    value: float
    text: str


def tips(d: Delivery, limits: Sequence[Band] | None = None) -> list[Tip]:
    """A one-line tip for each figure outside its band (quoting the longest monologue's
    first words or the filler count). A drill's time-based figures are not judged: a rep
    types there, so the clock measures typing, not talk; its talk share is judged by
    words instead."""
    out = []
    figures = d.as_json()
    for band in bands() if limits is None else limits:
        value = judged(d.basis, figures, band)
        if value is None:
            continue
        template = ""
        if band.low is not None and value < band.low:
            template = band.tip_low
        elif band.high is not None and value > band.high:
            template = band.tip_high
        if template:
            text = template.format(
                value=shown(float(value), band.unit),
                monologue=d.monologue_opening or "…",
                fillers=d.fillers,
            )
            out.append(Tip(band.key, band.label, float(value), text))
    return out


def kept(d: Delivery) -> dict[str, Any]:
    """The figures as kept with a session: :meth:`Delivery.as_json` and the timeline."""
    out = d.as_json()
    out["monologue_opening"] = d.monologue_opening
    out["timeline"] = [[round(s, 2), round(e, 2), mine] for s, e, mine in d.timeline]
    return out


def from_kept(data: Mapping[str, Any]) -> Delivery | None:
    """A session's kept figures back (None for a session kept before they were measured,
    or with figures this version cannot read)."""
    if not data or any(key not in data for key in KEYS):
        return None
    try:
        timeline = tuple((float(s), float(e), bool(m)) for s, e, m in data.get("timeline", ()))
        values = {key: data[key] for key in KEYS}
        return Delivery(
            **values, monologue_opening=str(data.get("monologue_opening", "")), timeline=timeline
        )
    except (TypeError, ValueError):
        return None


def lines(d: Delivery) -> list[str]:
    """The figures as a short block of plain lines (``coach score``, exports)."""

    def rate(value: float | None, unit: str) -> str:
        return "–" if value is None else shown(value, unit)

    by = {"cue times": "by cue time", "drill": "by the drill's clock", "words": "by words"}
    out = [f"Delivery ({by.get(d.basis, d.basis)})"]
    share = rate(d.talk_share, "%")
    if d.basis == "drill":
        share = f"{rate(d.talk_share_words, '%')} of the words"
    elif d.basis != "words":
        share += f" of the time, {rate(d.talk_share_words, '%')} of the words"
    out.append(f"  Talk share         {share}")
    monologue = f"{d.longest_monologue_words} words"
    if d.longest_monologue_s is not None:
        monologue = f"{shown(d.longest_monologue_s, 's')}, {monologue}"
    if d.monologue_opening:
        monologue += f': "{d.monologue_opening}"'
    out.append(f"  Longest monologue  {monologue}")
    out.append(f"  Questions          {d.rep_questions} ({d.open_questions} open)")
    per = (
        f"{rate(d.filler_per_min, '/min')}"
        if d.filler_per_min is not None
        else f"{d.filler_per_100_words:.1f} per 100 words"
        if d.filler_per_100_words is not None
        else "–"
    )
    out.append(f"  Fillers            {d.fillers} ({per})")
    if d.basis == "cue times":
        out.append(f"  Pace               {rate(d.rep_wpm, 'wpm')}")
    if d.basis != "words":
        out.append(
            f"  Interruptions      you {d.interruptions_by_rep}, them {d.interruptions_by_prospect}"
        )
        out.append(f"  Patience           {rate(d.patience_s, 's')} (median wait after them)")
    return out


def strip(timeline: Sequence[tuple[float, float, bool]], width: int) -> str:
    """Who spoke when, as one character per slice of the call across ``width`` columns:
    "r" the rep, "p" them, "b" both at once, " " nobody."""
    if not timeline or width <= 0:
        return ""
    begin = min(s for s, _e, _m in timeline)
    finish = max(e for _s, e, _m in timeline)
    span = (finish - begin) or 1.0
    rep = [False] * width
    them = [False] * width
    for start, end, mine in timeline:
        first = int((start - begin) / span * width)
        last = max(first, int((end - begin) / span * width - 1e-9))
        side = rep if mine else them
        for column in range(max(0, first), min(width, last + 1)):
            side[column] = True
    return "".join(
        "b" if r and p else "r" if r else "p" if p else " " for r, p in zip(rep, them, strict=True)
    )
