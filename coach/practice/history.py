"""Is practice working? Pass rates per rubric item over time, the streak, and what to train next.

Works on the sessions kept in the book (:meth:`coach.db.Book.sessions`); the History screen
and ``coach history`` show the same :class:`Summary`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from coach.models import SessionRecord
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


def summarise(
    sessions: Sequence[SessionRecord],
    scenarios: Sequence[Scenario],
    now: datetime,
    kind: str | None = None,
) -> Summary:
    """What the sessions (any order) say; only those of ``kind`` when given."""
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
    if (weakest := weakest_line(summary)) is not None:
        out.append(weakest)
    return out


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{round(score)}/100"
