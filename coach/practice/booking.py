"""Was a next meeting booked? A day and a clock time proposed or confirmed (a statement
confirmation counts), accepted, and not later declined, cancelled or reported failed by
either side; a later re-proposal replaces an earlier one. Read turn by turn.

The turns' acts (accepted, refused, reported failed, asked to confirm, withdrawn) come
from the one analysis pass (:mod:`coach.practice.analysis`); the times from
:mod:`coach.practice.timespec`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from coach.practice import timespec
from coach.practice.acts import Act, bare_no, options
from coach.practice.analysis import Analysis, analyse
from coach.practice.transcript import Turn


class _Proposal(NamedTuple):
    turn: int
    by_rep: bool
    firm: bool
    quote: list[str]
    agreed: bool
    when: str  # the day and the clock time, as said ("Thursday at 2pm")


def _same(a: str, b: str) -> bool:
    """The same time said two ways ("Thursday at 2pm", "thursday at 2 pm", "on Thursday";
    "Talk Thursday at 2" after "Thursday at 2pm"; "Tuesday the 20th at 2pm" after "Tuesday
    January 20th at 2pm"): nothing in one contradicts the other."""

    def norm(text: str) -> str:
        words = text.casefold().replace(".", "").replace(" ", "")
        return words.replace("on", "", 1) if words.startswith("on") else words

    return norm(a) == norm(b) or timespec.same_time(a, b)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(text: str) -> str:
    return next((w for w in _WEEKDAYS if w in text.casefold()), "")


def _other_weekday(when: str, days: list[str]) -> bool:
    """They name a weekday, and not the one on the table ("Wednesday works" to Thursday)."""
    offered = _weekday(when.split(" at ")[0])
    named = {_weekday(d) for d in days} - {""}
    return bool(offered and named) and offered not in named


def booked_when(turns: Sequence[Turn], rep: str) -> str | None:
    """The day and clock time the conversation ended up booked for, as said ("Friday at
    noon"), for :func:`coach.timespec.resolve`; None when no time was booked."""
    booked, _vague = booking(analyse(turns, rep))
    return None if booked is None else booked.when


def booking(analysis: Analysis) -> tuple[_Proposal | None, tuple[str, ...]]:
    """The time the conversation ended up booked for (agreed, or firmly proposed by the rep
    and not declined: ``agreed`` tells which), and the vague times the rep said instead
    (to be named back on the score card) when nobody agreed to one."""
    turns = analysis.turns
    day: tuple[int, str] | None = None
    clock: tuple[int, str] | None = None
    current: _Proposal | None = None
    vague: list[str] = []
    for i, turn in enumerate(turns):
        by_rep = analysis.is_rep(i)
        text = turn.text
        acts = analysis.turn_acts(i)
        first = next(iter(analysis.of_turn(i)), None)
        if timespec.is_past(text) and not timespec.is_specific(text.split(".")[-1]):
            continue
        found = timespec.mentions(text)
        days = [m for m in found if m.kind == "day"]
        clocks = [m for m in found if m.kind == "clock"]
        if by_rep:
            vague += [m.text for m in found if m.kind == "vague"]
        # "maybe, i'll have to check" from the prospect is not a yes, nor a time of their own.
        offers = bool(days and clocks)  # "maybe 10am Thursday?" offers a time, it declines none
        declined = not by_rep and (Act.REFUSE in acts or (Act.HEDGE in acts and not offers))
        failed = Act.FAILED in acts
        cannot = (
            by_rep
            and bool(acts & {Act.CANNOT, Act.HEDGE})
            and current is not None
            and not current.by_rep
        )
        if failed or cannot:
            # Reported failed or cancelled by either side, or the rep can't make the time the
            # prospect named: the time on the table is off. What the same turn offers instead
            # stands only once it is accepted, and the time it names again ("Friday at 10 —
            # ah, I'm in training") is not an offer.
            gone = {m[1].casefold() for m in (day, clock) if m is not None}
            if all(m.text.casefold() in gone for m in [*days, *clocks]):
                days, clocks = [], []
            current, day, clock = None, None, None
            failed = True
        if current is not None and not by_rep and i > current.turn:
            # Once a time is agreed, a bare "No, that's all" (to "anything else?") leaves it
            # agreed; a real decline ("I can't do Thursday after all") still drops it.
            elsewhere = _other_weekday(current.when, [d.text for d in days])
            if declined and not (current.agreed and first is not None and bare_no(first.text)):
                current, day, clock = None, None, None
            elif elsewhere and not current.agreed:
                current = None  # "Wednesday works" to Thursday at 2pm: a yes to another day
            elif Act.ACCEPT in acts and not current.agreed:
                # The quote is the exchange: the time offered and the yes to it.
                current = current._replace(agreed=True, quote=[*current.quote, text])
        if (
            current is not None
            and by_rep
            and not current.by_rep
            and not current.agreed
            and current.firm  # not a time named in the breath that cancelled one
            and i > current.turn
            and Act.ACCEPT in acts
        ):
            current = current._replace(agreed=True, quote=[*current.quote, text])  # "Done."
        if current is not None and by_rep and Act.WITHDRAW in acts and not (days or clocks):
            current = None
        if len(days) > 1 and options(text):
            days = []  # options on offer ("Tuesday or Wednesday?"): wait for the choice
        if len(clocks) > 1 and options(text):
            clocks = []
        if days and not clocks and day is not None and not _same(day[1], days[-1].text):
            clock = None  # another day named: the clock on the table was for the old one
        if days:
            day = (i, days[-1].text)
        if clocks:
            clock = (i, clocks[-1].text)
        if (days or clocks) and day and clock and i - min(day[0], clock[0]) <= 4:
            if not by_rep and Act.OTHER_EVENT in acts:
                # "they meet Thursday at 2" is not a time with the rep, nor half of one
                day = None if day[0] == i else day
                clock = None if clock[0] == i else clock
                continue
            if declined:
                continue
            if current is not None and current.agreed and by_rep and not (days and clocks):
                continue  # "anything else today?" after an agreed time does not re-open it
            quote = [turns[j].text for j in sorted({day[0], clock[0], i})]
            firm = not failed and (
                not by_rep
                or not (
                    text.rstrip().endswith("?")
                    or acts & {Act.ASKS_CONFIRM, Act.HEDGE, Act.QUESTION, Act.INVITE}
                )
            )
            evening = " evening" if any(timespec.EVENING.search(q) for q in quote) else ""
            when = f"{day[1]}{evening} at {clock[1].removeprefix('at ')}"
            if current is not None and current.agreed and _same(current.when, when):
                continue  # "Great, Thursday at 2pm it is" after their yes: still agreed
            agreed = not by_rep and not failed and Act.HEDGE not in acts
            current = _Proposal(i, by_rep, firm, quote, agreed=agreed, when=when)
    if current is not None and (current.agreed or (current.by_rep and current.firm)):
        return current, tuple(dict.fromkeys(vague)) if not current.agreed else ()
    return None, tuple(dict.fromkeys(vague))
