"""Is practice working? Pass rates per rubric item over time, the streak, and what to train next.

Works on the sessions kept in the book (:meth:`coach.db.Book.sessions`); the History screen
and ``coach history`` show the same :class:`Summary`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from coach.models import SessionRecord
from coach.practice.delivery import Band, current_bands, judged, outside, shown
from coach.practice.scenarios import Scenario
from coach.practice.scoring import label
from coach.text import percent, plural

#: The pass rate charted for a session is over this many most recent attempts of the item.
ROLLING = 5
#: "Now" compares the latest attempts with the ones before them, this many each.
RECENT = 5
#: The weakest item needs at least this many attempts to be called out.
MIN_ATTEMPTS = 2


class ItemTrend(NamedTuple):
    key: str
    label: str
    #: Rolling pass rate (0–1) after each attempt, oldest first: the chart.
    rates: tuple[float, ...]
    passed: int
    attempts: int
    #: Pass rate over the latest attempts, and over the ones before them (None: too few).
    recent: float | None
    earlier: float | None

    @property
    def rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


class SuggestedDrill(NamedTuple):
    """The drill that trains the weakest item most."""

    id: str
    title: str
    kind: str


class FigureTrend(NamedTuple):
    """One delivery figure over the sessions that measured it, as its band judges it."""

    key: str
    label: str
    unit: str
    values: tuple[float, ...]  # oldest first
    recent: float | None  # the mean of the latest RECENT, and of the RECENT before them
    earlier: float | None
    low: float | None
    high: float | None


class Habit(NamedTuple):
    """The delivery habit furthest outside its band, on one kind of drill."""

    key: str
    kind: str
    value: float
    text: str  # "you talk 71% of the words on meeting endings"
    drill: SuggestedDrill | None


#: The rubric item a habit is trained with, by kind: a rep who talks too much, runs on or
#: cuts in practises handing the turn over (checking, asking who).
HABIT_ITEM = {"meeting_end": "checked_understanding", "callback": "asked_who"}
KIND_WORDS = {"meeting_end": "meeting endings", "callback": "callbacks"}


class Summary(NamedTuple):
    sessions: int
    kind: str | None
    trends: tuple[ItemTrend, ...]
    streak_days: int
    practised_today: bool
    weakest: ItemTrend | None
    drill: SuggestedDrill | None  # the drill that trains the weakest item most
    recent_score: float | None
    earlier_score: float | None
    figures: tuple[FigureTrend, ...] = ()
    habit: Habit | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "kind": self.kind,
            "streak_days": self.streak_days,
            "practised_today": self.practised_today,
            "recent_score": self.recent_score,
            "earlier_score": self.earlier_score,
            "items": {
                t.key: {
                    "label": t.label,
                    "passed": t.passed,
                    "attempts": t.attempts,
                    "rate": round(t.rate, 3),
                    "recent": None if t.recent is None else round(t.recent, 3),
                    "earlier": None if t.earlier is None else round(t.earlier, 3),
                    "rates": [round(r, 3) for r in t.rates],
                }
                for t in self.trends
            },
            "weakest": None if self.weakest is None else self.weakest.key,
            "train_with": None if self.drill is None else self.drill._asdict(),
            "delivery": {
                f.key: {
                    "label": f.label,
                    "values": [round(v, 3) for v in f.values],
                    "recent": None if f.recent is None else round(f.recent, 3),
                    "earlier": None if f.earlier is None else round(f.earlier, 3),
                    "band": [f.low, f.high],
                }
                for f in self.figures
            },
            "weakest_habit": None
            if self.habit is None
            else {
                "figure": self.habit.key,
                "kind": self.habit.kind,
                "value": round(self.habit.value, 3),
                "text": self.habit.text,
                "train_with": None if self.habit.drill is None else self.habit.drill._asdict(),
            },
        }


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _trend(key: str, results: list[bool]) -> ItemTrend:
    rates = tuple(
        sum(results[max(0, i - ROLLING + 1) : i + 1])
        / len(results[max(0, i - ROLLING + 1) : i + 1])
        for i in range(len(results))
    )
    recent = results[-RECENT:]
    earlier = results[-2 * RECENT : -RECENT]
    return ItemTrend(
        key=key,
        label=label(key),
        rates=rates,
        passed=sum(results),
        attempts=len(results),
        recent=_mean([float(r) for r in recent]),
        earlier=_mean([float(r) for r in earlier]),
    )


def streak(days: set[date], today: date) -> int:
    """Days in a row with practice, up to today (or yesterday, if today is still ahead)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def train_with(
    item: str, scenarios: Sequence[Scenario], done: Sequence[str]
) -> SuggestedDrill | None:
    """The drill whose rubric puts most of its weight on ``item``; among equals, the one
    practised least."""
    best: tuple[float, int, int, str] | None = None
    found: SuggestedDrill | None = None
    for s in scenarios:
        total = sum(s.weights.values())
        if item not in s.weights or total <= 0:
            continue
        rank = (-s.weights[item] / total, done.count(s.id), s.difficulty, s.id)
        if best is None or rank < best:
            best, found = rank, SuggestedDrill(s.id, s.title, s.kind)
    return found


def _figures(chosen: Sequence[SessionRecord], bands: Sequence[Band]) -> tuple[FigureTrend, ...]:
    out = []
    for band in bands:
        values = [
            v
            for s in chosen
            if s.delivery
            and (v := judged(str(s.delivery.get("basis")), s.delivery, band)) is not None
        ]
        if values:
            out.append(
                FigureTrend(
                    band.key,
                    band.label,
                    band.unit,
                    tuple(values),
                    _mean(values[-RECENT:]),
                    _mean(values[-2 * RECENT : -RECENT]),
                    band.low,
                    band.high,
                )
            )
    return tuple(out)


def _habit(
    chosen: Sequence[SessionRecord], bands: Sequence[Band], scenarios: Sequence[Scenario]
) -> Habit | None:
    """Per kind, each band's recent average; the one furthest outside its band."""
    worst: tuple[float, Habit] | None = None
    for kind, words in KIND_WORDS.items():
        mine = [s for s in chosen if s.kind == kind]
        for figure in _figures(mine, bands):
            band = next(b for b in bands if b.key == figure.key)
            if figure.recent is None or len(figure.values) < MIN_ATTEMPTS:
                continue
            excess = outside(figure.recent, band)
            template = (
                band.habit_high
                if band.high is not None and figure.recent > band.high
                else band.habit_low
            )
            if excess <= 0 or not template or (worst is not None and excess <= worst[0]):
                continue
            by_words = any(str(s.delivery.get("basis")) in {"drill", "words"} for s in mine)
            text = template.format(
                value=shown(figure.recent, band.unit),
                kind=words,
                measure="words" if figure.key == "talk_share" and by_words else "time",
            )
            drill = train_with(
                HABIT_ITEM[kind],
                [s for s in scenarios if s.kind == kind],
                [s.scenario_id for s in mine],
            )
            worst = (excess, Habit(figure.key, kind, figure.recent, text, drill))
    return None if worst is None else worst[1]


def summarise(
    sessions: Sequence[SessionRecord],
    scenarios: Sequence[Scenario],
    now: datetime,
    kind: str | None = None,
    bands: Sequence[Band] | None = None,
) -> Summary:
    """What the sessions (any order) say; only those of ``kind`` when given. ``bands``:
    what the delivery figures are judged against (default: the rep's)."""
    chosen = sorted(
        (s for s in sessions if kind is None or s.kind == kind), key=lambda s: (s.started_ts, s.id)
    )
    results: dict[str, list[bool]] = {}
    for s in chosen:
        for key, item in s.items.items():
            if item.get("needed", True) is False:
                continue  # did not apply to that session: neither a pass nor a miss
            results.setdefault(key, []).append(bool(item.get("passed")))
    trends = tuple(_trend(key, got) for key, got in results.items())
    candidates = [t for t in trends if t.attempts >= MIN_ATTEMPTS and t.rate < 1]
    weakest = (
        min(candidates, key=lambda t: (t.recent if t.recent is not None else t.rate, t.rate))
        if candidates
        else None
    )
    limits = current_bands() if bands is None else bands
    practice_days = {datetime.fromtimestamp(s.started_ts).date() for s in chosen}
    scores = [float(s.score) for s in chosen]
    return Summary(
        sessions=len(chosen),
        kind=kind,
        trends=trends,
        streak_days=streak(practice_days, now.date()),
        practised_today=now.date() in practice_days,
        weakest=weakest,
        drill=None
        if weakest is None
        else train_with(weakest.key, scenarios, [s.scenario_id for s in chosen]),
        recent_score=_mean(scores[-RECENT:]),
        earlier_score=_mean(scores[-2 * RECENT : -RECENT]),
        figures=_figures(chosen, limits),
        habit=_habit(chosen, limits, scenarios),
    )


def headline(summary: Summary) -> str:
    """Sessions, streak and average score, in one line."""
    if not summary.sessions:
        return "No practice sessions yet: start a drill with F7 on the lookup screen."
    return (
        f"{plural(summary.sessions, 'session')}; streak {plural(summary.streak_days, 'day')}"
        + ("" if summary.practised_today else " (none yet today)")
        + f"; average score {score_text(summary.recent_score)} over the last {RECENT}"
        + (
            f", {score_text(summary.earlier_score)} over the {RECENT} before"
            if summary.earlier_score is not None
            else ""
        )
    )


def weakest_line(summary: Summary, with_id: bool = True) -> str | None:
    """The item to work on and the drill that trains it; None while nothing stands out.

    ``with_id`` names the drill's id too, for the command line (``coach scenarios list``);
    the app opens the drill with a key instead."""
    if summary.weakest is None:
        return None
    drill = summary.drill
    tail = ""
    if drill is not None:
        tail = f": practise '{drill.title}'" + (f" ({drill.id})" if with_id else "")
    return f"Weakest: {summary.weakest.label}{tail}"


def lines(summary: Summary) -> list[str]:
    """The summary as plain lines (``coach history``)."""
    out = [headline(summary)]
    if not summary.sessions:
        return out
    for t in summary.trends:
        change = ""
        if t.recent is not None and t.earlier is not None:
            change = f"  (was {percent(t.earlier)})"
        out.append(
            f"  {t.label:<38} {percent(t.recent):>5} of the last {min(t.attempts, RECENT)}"
            f"{change}   {t.passed}/{t.attempts} in all"
        )
    for f in summary.figures:
        change = "" if f.earlier is None else f"  (was {shown(f.earlier, f.unit)})"
        recent = "–" if f.recent is None else shown(f.recent, f.unit)
        out.append(f"  {f.label:<38} {recent} over the last {min(len(f.values), RECENT)}{change}")
    if (weakest := weakest_line(summary)) is not None:
        out.append(weakest)
    if (habit := habit_line(summary)) is not None:
        out.append(habit)
    return out


def habit_line(summary: Summary, with_id: bool = True) -> str | None:
    """The delivery habit to work on, and the drill to practise it with."""
    habit = summary.habit
    if habit is None:
        return None
    tail = ""
    if habit.drill is not None:
        tail = f": practise '{habit.drill.title}'" + (f" ({habit.drill.id})" if with_id else "")
    return f"Weakest habit: {habit.text}{tail}"


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{round(score)}/100"
