"""Rubric detectors: judgements over the one reading of a conversation, each quoting its evidence.

The conversation is read once (:func:`coach.practice.analysis.analyse`): every sentence with
its speaker, position and acts. Each detector judges from those acts and returns a
:class:`Verdict`: passed or not, and the exact words that earned it (or, for a miss, the
words that lost it, such as the vague "next week"). The practice prospect reads the same
acts (:func:`coach.practice.prospect.intents`), so a drill reacts to what the scorer sees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from coach.practice.acts import Act, clauses, continues, pitches, quotes_them, without_check
from coach.practice.analysis import Analysis, Said, analyse
from coach.practice.booking import booking
from coach.practice.phrases import ideas, overlap, restates
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
    #: In a drill the prospect is played by the app, so a time is booked only once they said
    #: yes to it; a real call's firm proposal that nobody declined counts.
    accepted_only: bool = False
    first_name: str = ""  # the caller's, when known (a drill's book)


class Verdict(NamedTuple):
    passed: bool
    evidence: str | None = None
    vague: tuple[str, ...] = ()  # for specific_time: the vague words said instead
    pending: str = ""  # for specific_time: the time proposed that they never said yes to
    #: False: the item did not apply to this conversation (nothing to ask when the caller
    #: said who they are): shown with the words that made it so, never scored.
    needed: bool = True


# ---------------------------------------------------------------- helpers
def _quote(parts: list[str]) -> str:
    return " … ".join(dict.fromkeys(parts))


# ---------------------------------------------------------------- detectors
def recap(said: Sequence[Said], issues: Sequence[str]) -> Verdict:
    """The rep restated at least two of the prospect's issues (all, if fewer were given).

    A clause counts when its sentence is framed as the prospect's: attributed to them
    ("you mentioned", "to sum up"), about them ("so your…"), or in a turn that then checks
    "did I get that right?". Never counted, however many words they share: the rep's
    opener, a discovery question about the issues, a sentence that talks of the next step
    or a time, and a pitch (what *we* or *our product* do) with the clauses that follow it.
    An issue the prospect raises only later cannot have been restated before.
    """
    wanted = [ideas(issue) for issue in issues]
    if not wanted:
        return Verdict(False)
    checking = {s.turn for s in said if s.rep and s.does(Act.CHECK)}
    raised = _first_raised(said, wanted)
    clauses_: list[tuple[Said, set[str]]] = []  # (sentence, ideas) of every recap clause
    framed_turn = -1
    recap_turn, last_rep_turn = -1, -1  # the rep turn a recap ran in, and the rep's last turn
    for s in said:
        if not s.rep:
            continue
        if s.turn != last_rep_turn:
            # A recap the prospect cut into goes on in the rep's next turn: "—two to three
            # weeks before anybody says yes", "And then the reports take a week".
            resumed = last_rep_turn == recap_turn >= 0
            last_rep_turn = s.turn
        marked = s.does(Act.RESTATE)
        goes_on = resumed and continues(s.text)
        framed = marked or goes_on or s.does(Act.ABOUT_THEM) or s.turn in (checking | {framed_turn})
        if not framed or s.acts & {Act.INVITE, Act.OPENER, Act.PROPOSAL}:
            continue
        if s.does(Act.CLOCK) and (s.acts & {Act.DAY, Act.QUESTION}):
            continue  # booking the next meeting, not playing their issues back
        text = s.text
        if s.does(Act.CHECK) and not marked:
            # "anything else about your claims I should know?" asks, it restates nothing;
            # "so your mod's climbing, anything i missed" restates before it checks.
            text = without_check(text)
            if not text:
                continue
        # "how are you handling X today?" asks about the issues; "you mentioned X and Y,
        # right?" and "your invoices run late, yeah?" still play them back.
        asks_about = s.does(Act.QUESTION) and not s.does(Act.TAG)
        if asks_about and not marked and s.turn not in checking:
            continue
        if not marked and s.does(Act.CLAIM):
            continue  # "After installation, we provide training for you and your staff."
        framed_turn = recap_turn = s.turn  # the rest of the turn goes on with the recap
        pitching = False
        for clause in clauses(text):
            if pitches(clause):
                pitching = True
            elif quotes_them(clause):
                pitching = False
            if not pitching:
                clauses_.append((s, ideas(clause)))
        if pitching:
            framed_turn = -1
    # Each clause restates at most one issue (its best), so one sentence about a single
    # issue never counts twice.
    heard: dict[int, str] = {}
    for sentence, got in clauses_:
        best = max(
            (
                n
                for n in range(len(wanted))
                if n not in heard and sentence.seq > raised.get(n, -1) and restates(wanted[n], got)
            ),
            key=lambda n: overlap(wanted[n], got),
            default=None,
        )
        if best is not None:
            heard[best] = sentence.text
    need = min(2, len(wanted))
    if len(heard) >= need:
        return Verdict(True, _quote([heard[n] for n in sorted(heard)]))
    return Verdict(False, _quote(list(heard.values())) or None)


def _first_raised(said: Sequence[Said], wanted: list[set[str]]) -> dict[int, int]:
    """Where the prospect first voiced each issue (sentence index), when they did."""
    raised: dict[int, int] = {}
    for s in said:
        if s.rep:
            continue
        got = ideas(s.text)
        for n, issue in enumerate(wanted):
            if n not in raised and overlap(issue, got) >= 2.0:
                raised[n] = s.seq
    return raised


def checked_understanding(said: Sequence[Said]) -> Verdict:
    """The rep asked whether they had it right, or whether anything was missing."""
    found = next((s.text for s in said if s.rep and s.does(Act.CHECK)), None)
    return Verdict(found is not None, found)


def confirm_interest(said: Sequence[Said]) -> Verdict:
    """The rep *asked* about moving forward; a statement assuming interest does not count,
    nor a discovery question that merely holds the word ("what sparked your interest?")."""
    for n, s in enumerate(said):
        if not (s.rep and s.does(Act.INVITE)):
            continue
        if s.does(Act.SOUNDS) and not s.does(Act.PROPOSAL):
            # "How does that sound?" after the proposal it answers, quoted together.
            before = [p.text for p in said[max(0, n - 3) : n] if p.turn == s.turn]
            return Verdict(True, _quote([*before[-1:], s.text]))
        return Verdict(True, s.text)
    return Verdict(False)


def specific_time(analysis: Analysis, accepted_only: bool = False) -> Verdict:
    """By the end, a day *and* a clock time were agreed, or firmly proposed and not declined
    (with ``accepted_only``, agreed only).

    See :mod:`coach.practice.booking`: the vague words said along the way are returned to
    be named back, and a time proposed but never agreed is quoted as the miss.
    """
    booked, vague = booking(analysis)
    if booked is not None and (booked.agreed or not accepted_only):
        return Verdict(True, _quote(booked.quote))
    if booked is not None:
        return Verdict(False, _quote(booked.quote), vague, pending=booked.when)
    return Verdict(False, None, vague)


def asked_who(said: Sequence[Said], brief: Brief) -> Verdict:
    """The rep asked who is calling or which company (a question, or "tell me your
    surname"). When the caller gave their company, or their first name and surname, before
    the rep spoke (a drill knows them), there was nothing to ask: not needed, quoting the
    caller, never a pass the rep earned. A surname alone ("calling for Doctor Haddad") can
    be any of several people: still worth asking."""
    asked = next((s for s in said if s.rep and s.does(Act.ASK_WHO)), None)
    if asked is not None:
        return Verdict(True, asked.text)
    # Nothing left to ask once the caller said who they are, before the rep said a word
    # (a drill knows the caller; a bare transcript does not).
    heard = ""
    for s in said:
        if s.rep:
            break
        heard += f" {s.text}"
        whole_name = _says(heard, brief.surname) and _says(heard, brief.first_name)
        if _says(heard, brief.company) or whole_name:
            return Verdict(False, s.text, needed=False)
    return Verdict(False)


def _says(text: str, words: str) -> bool:
    """``words`` (a name or a company) said in ``text`` as whole words; never an empty one."""
    return bool(words) and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.I) is not None


def named_reason(said: Sequence[Said], reason: str) -> Verdict:
    """The rep said why they called in the first place (the reason's ideas came back)."""
    wanted = ideas(reason)
    for s in said:
        if not s.rep:
            continue
        got = ideas(s.text)
        strong = len(wanted & got) >= 3
        enough = overlap(wanted, got) >= (2.0 if len(wanted) >= 4 else 1.0)
        if enough and (strong or s.does(Act.GIVES_REASON)):
            return Verdict(True, s.text)
    return Verdict(False)


#: What the rep did to deal with the caller there and then: quoted when they kept them on.
KEPT_BY = frozenset(
    {Act.QUESTION, Act.GIVES_REASON, Act.RESTATE, Act.PROPOSAL, Act.CHECK, Act.INVITE}
)


def kept_on_line(said: Sequence[Said]) -> Verdict:
    """Fails on the first time the rep put a live prospect off to a later call back
    (even to a set time), unless the prospect refused and the rep carried on. A pass quotes
    the last thing the rep did to deal with them then (a question, the reason, a playback,
    a time), not the goodbye."""
    for n, s in enumerate(said):
        if s.rep and s.does(Act.DEFER):
            answer = next((a for a in said[n + 1 :] if not a.rep), None)
            carried_on = any(a.rep for a in said[n + 1 :])
            if answer is not None and answer.does(Act.INSIST) and carried_on:
                continue
            return Verdict(False, s.text)
    rep = [s for s in said if s.rep]
    dealt = next((s for s in reversed(rep) if s.acts & KEPT_BY), rep[-1] if rep else None)
    return Verdict(dealt is not None, None if dealt is None else dealt.text)


def time_to_identify(seconds: float | None, limit: float) -> Verdict:
    """Drills only: the right contact was selected in the lookup pane within ``limit`` s."""
    if seconds is None:
        return Verdict(False, None)
    if seconds <= limit:
        return Verdict(True, f"found them after {seconds:.1f} s, within the {limit:g} s limit")
    return Verdict(
        False, f"found them after {seconds:.1f} s: over the {limit:g} s a caller waits for you"
    )


def judge(
    analysis: Analysis, brief: Brief, items: Sequence[str] | None = None
) -> dict[str, Verdict]:
    """The verdicts for ``items`` (default: the kind's usual ones) over one reading."""
    wanted = items or (CALLBACK_ITEMS if brief.kind == "callback" else MEETING_ITEMS)
    said = analysis.said
    out: dict[str, Verdict] = {}
    for item in wanted:
        if item == "recap":
            out[item] = recap(said, brief.issues)
        elif item == "checked_understanding":
            out[item] = checked_understanding(said)
        elif item == "confirm_interest":
            out[item] = confirm_interest(said)
        elif item == "specific_time":
            out[item] = specific_time(analysis, brief.accepted_only)
        elif item == "asked_who":
            out[item] = asked_who(said, brief)
        elif item == "named_reason":
            out[item] = named_reason(said, brief.reason)
        elif item == "kept_on_line":
            out[item] = kept_on_line(said)
    return out


def detect(
    turns: Sequence[Turn],
    rep: str,
    brief: Brief,
    items: Sequence[str] | None = None,
    analysis: Analysis | None = None,
) -> dict[str, Verdict]:
    """Read a conversation once (unless its ``analysis`` is given) and run the detectors
    for ``items`` over it."""
    return judge(analysis or analyse(turns, rep), brief, items)


def issues_said(
    analysis: Analysis, issues: Sequence[str], theirs_only: bool = False
) -> tuple[str, ...]:
    """The issues that came up in the conversation, by either side (in the brief's order),
    or by the prospect alone (``theirs_only``: a callback, where the rep's own words are
    their pitch, not what the prospect told them): what a drill's follow-up may recap."""
    if theirs_only:  # what they told, not what they asked about
        said = [ideas(s.text) for s in analysis.said if not s.rep and not s.does(Act.QUESTION)]
    else:
        said = [ideas(s.text) for s in analysis.said]
    if not theirs_only:
        return tuple(i for i in issues if any(restates(ideas(i), got) for got in said))

    def told(issue: set[str], got: set[str]) -> bool:  # most of it, in one sentence
        return overlap(issue, got) >= max(1.0, overlap(issue, issue) / 2)

    return tuple(i for i in issues if any(told(ideas(i), got) for got in said))


def offered(analysis: Analysis, benefit: str) -> bool:
    """Whether the rep put most of ``benefit``'s ideas to them in one sentence (a drill's
    follow-up promises only what the rep offered)."""
    wanted = ideas(benefit)
    if not wanted:
        return False
    need = max(1.0, overlap(wanted, wanted) / 2)
    return any(overlap(wanted, ideas(s.text)) >= need for s in analysis.said if s.rep)


def heard_issues(
    turns: Sequence[Turn], rep: str, limit: int = 8, analysis: Analysis | None = None
) -> tuple[str, ...]:
    """With no issues given, the prospect's own statements stand in for them: sentences
    with enough substance (three ideas or more) that are neither questions nor about times."""
    found: list[str] = []
    for s in (analysis or analyse(turns, rep)).by_other():
        if s.acts & {Act.QUESTION, Act.DAY, Act.CLOCK, Act.VAGUE_TIME}:
            continue
        if len(ideas(s.text)) >= 3 and s.text.casefold() not in {f.casefold() for f in found}:
            found.append(s.text)  # said twice, listed once
            if len(found) == limit:
                break
    return tuple(found[:limit])
