"""Is the new way of leaving voicemails working? The callback rate by week, and before/after.

Worked out from the touches already in the book (``coach report``, the History screen):

* **Outbound**: the calls and voicemails you left (touches of kind ``call`` or ``voicemail``).
  Emails and meetings are not counted.
* A **callback** (a touch of kind ``callback``) *answers* the latest call or voicemail to the
  same person made at or before it, when that one is at most ``window_days`` (default 14)
  days before it. A callback with no such call or voicemail is **unprompted**: it is counted
  and shown, but never in the rate.
* A call or voicemail counts as **answered** once, however many callbacks answer it.
* The **callback rate** is answered calls and voicemails / calls and voicemails (0–1; None when
  there were none).
* **Weeks** are calendar weeks starting Monday 00:00 local time. A week's row counts the calls
  and voicemails made that week, and how many of them were answered (whenever the callback
  came). ``received`` counts the answering callbacks that came in that week (the "callbacks
  received" reading), ``unprompted`` the unprompted ones that came in that week, and ``open``
  the calls and voicemails of that week not answered yet whose window is still open at
  ``now``: that week's rate can still rise. Weeks with no touches are rows of zeros.
* Touches logged after ``now`` are left out.
* **Experiment**: the day you changed how you leave voicemails (meta ``experiment_start``).
  *After* is from that day's start until now; *before* is as long, ending where after starts,
  but at least 21 days. A side's rate counts only its **settled** calls and voicemails: those
  made at least ``window_days`` before now, whose chance of a callback is over. The newer
  ones are shown beside it, never in it: counting them would make the side still waiting
  for its callbacks (usually after) look worse than it is. Each side has a 95 % Wilson
  interval for its rate. With at least 20 settled calls and voicemails on each side, a
  two-proportion z-test says whether the difference is unlikely to be chance (p < 0.05).
"""

from __future__ import annotations

import math
import textwrap
import time
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import TYPE_CHECKING, Any, NamedTuple

from coach import experiment
from coach.text import percent

if TYPE_CHECKING:
    from coach.book import Book

WINDOW_DAYS = 14
WEEKS = 12
#: The "before" side covers at least this many days.
MIN_BEFORE_DAYS = 21
#: Fewer calls and voicemails than this on either side: too few to tell.
MIN_SIDE = 20
#: Significance level of the before/after test.
ALPHA = 0.05
#: z for a two-sided 95 % interval.
Z95 = 1.959963984540054
CALL, VOICEMAIL = "call", "voicemail"
DAY = 86400
#: Width the plain-text report wraps long sentences at.
WIDTH = 92


def rate_of(answered: int, outbound: int) -> float | None:
    return answered / outbound if outbound else None


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion (None when ``n`` is 0)."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # Exact at the ends (rounding would leave 0.0000000000000001 for none answered).
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def two_proportion_p(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (1.0 when there is no spread)."""
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = (x2 / n2 - x1 / n1) / se
    return math.erfc(abs(z) / math.sqrt(2))


def p_text(p: float) -> str:
    """The p-value as said: "p = 0.012", "p < 0.001" (never rounds a significant p up)."""
    if p < 0.001:
        return "p < 0.001"
    shown = f"{p:.2g}"
    if p < ALPHA <= float(shown):
        return f"p < {ALPHA:g}"
    return f"p = {shown}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _midnight(day: date) -> float:
    """Unix time of local midnight starting ``day``."""
    return datetime.combine(day, clock.min).timestamp()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


#: The weekly table's columns (``coach report`` and the History screen).
WEEK_COLUMNS = ("Week of", "Outbound", "Answered", "Rate", "Received", "Unprompted", "Open")


class WeekRow(NamedTuple):
    """One calendar week (Monday to Sunday, local time)."""

    week: date  # its Monday
    calls: int
    voicemails: int
    callbacks: int  # calls and voicemails made this week that were answered
    received: int  # answering callbacks that came in this week
    unprompted: int  # callbacks that came in this week answering nothing
    open: int  # made this week, not answered, window still open

    @property
    def outbound(self) -> int:
        return self.calls + self.voicemails

    @property
    def rate(self) -> float | None:
        return rate_of(self.callbacks, self.outbound)

    def cells(self) -> tuple[str, ...]:
        """The row as the report table shows it (see :data:`WEEK_COLUMNS`)."""
        return (
            self.week.isoformat(),
            str(self.outbound),
            str(self.callbacks),
            percent(self.rate, 1),
            str(self.received),
            str(self.unprompted),
            str(self.open),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "week": self.week.isoformat(),
            "outbound": self.outbound,
            "calls": self.calls,
            "voicemails": self.voicemails,
            "callbacks": self.callbacks,
            "rate": _round(self.rate),
            "received": self.received,
            "unprompted": self.unprompted,
            "open": self.open,
        }


class Side(NamedTuple):
    """Before or after the experiment's start: ``start <= ts < end`` (Unix seconds).
    ``outbound``, ``callbacks`` and ``open`` count every call and voicemail of the side;
    the rate is ``settled_callbacks / settled``, over those whose window is over."""

    start: float
    end: float
    outbound: int
    callbacks: int
    unprompted: int
    open: int
    settled: int
    settled_callbacks: int

    @property
    def newer(self) -> int:
        """Calls and voicemails still inside their window (answered or not): not in the rate."""
        return self.outbound - self.settled

    @property
    def first_day(self) -> date:
        return datetime.fromtimestamp(self.start).date()

    @property
    def last_day(self) -> date:
        """The last day covered (the day of the side's last second)."""
        return datetime.fromtimestamp(max(self.start, self.end - 1)).date()

    @property
    def rate(self) -> float | None:
        return rate_of(self.settled_callbacks, self.settled)

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.settled_callbacks, self.settled)

    def as_json(self) -> dict[str, Any]:
        low, high = self.interval or (None, None)
        return {
            "from": self.first_day.isoformat(),
            "to": self.last_day.isoformat(),
            "outbound": self.outbound,
            "callbacks": self.callbacks,
            "rate": _round(self.rate),
            "low": _round(low),
            "high": _round(high),
            "open": self.open,
            "unprompted": self.unprompted,
            "settled": self.settled,
            "settled_callbacks": self.settled_callbacks,
        }


class Report(NamedTuple):
    window_days: int
    weeks: tuple[WeekRow, ...]
    experiment_start: date | None
    before: Side | None
    after: Side | None
    verdict: str | None
    p_value: float | None
    now: float

    @property
    def too_few(self) -> bool:
        """The before/after comparison rests on too few calls and voicemails."""
        return (
            self.before is not None
            and self.after is not None
            and min(self.before.settled, self.after.settled) < MIN_SIDE
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "window_days": self.window_days,
            "weeks": [w.as_json() for w in self.weeks],
            "experiment_start": (
                None if self.experiment_start is None else self.experiment_start.isoformat()
            ),
            "before": None if self.before is None else self.before.as_json(),
            "after": None if self.after is None else self.after.as_json(),
            "verdict": self.verdict,
            "p_value": None if self.p_value is None else float(f"{self.p_value:.3g}"),
        }


def week_starts(now: float, weeks: int = WEEKS, since: date | None = None) -> list[date]:
    """The Mondays of the report's weeks, oldest first, ending with the current week's."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    current = monday_of(datetime.fromtimestamp(now).date())
    first = current - timedelta(weeks=weeks - 1) if since is None else monday_of(since)
    first = min(first, current)
    return [first + timedelta(weeks=i) for i in range((current - first).days // 7 + 1)]


def sides(start: date, now: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """(before, after) as ``(start, end)`` Unix-time pairs: after is [start, now) (empty when
    start is later); before is as long, but at least MIN_BEFORE_DAYS, ending at start.
    Lengths are wall-clock time (a daylight-saving change does not shift the days)."""
    begin = datetime.combine(start, clock.min)
    at = datetime.fromtimestamp(now)
    span = max(at - begin, timedelta(days=MIN_BEFORE_DAYS))
    begin_ts = begin.timestamp()
    return ((begin - span).timestamp(), begin_ts), (begin_ts, max(begin_ts, now))


def build_report(
    book: Book,
    weeks: int = WEEKS,
    since: date | None = None,
    window_days: int = WINDOW_DAYS,
    now: float | None = None,
) -> Report:
    """The weekly callback rate for the last ``weeks`` weeks (or from the week holding
    ``since``) up to the current week, and before/after the experiment's start if one is set.
    """
    now = time.time() if now is None else now
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    window = window_days * DAY
    end = math.floor(now) + 1  # touches at or before now
    open_from = math.ceil(now - window)  # made since then: the window is still open
    mondays = week_starts(now, weeks, since)
    bounds = [math.ceil(_midnight(d)) for d in mondays]
    bounds.append(math.ceil(_midnight(mondays[-1] + timedelta(weeks=1))))
    start = experiment.started(book)
    spans: tuple[tuple[int, int], tuple[int, int]] | None = None
    if start is not None:
        (b0, b1), (a0, _now) = sides(start, now)
        # After runs to now, like the weeks (a touch logged at ``now`` is in).
        spans = ((math.ceil(b0), math.ceil(b1)), (math.ceil(a0), max(math.ceil(a0), end)))

    # Every boundary any count needs, so each count is a sum of whole spans.
    wanted = {*bounds, open_from, end}
    if spans is not None:
        wanted.update(v for span in spans for v in span)
    lo = min(wanted)
    cuts = sorted({min(v, end) for v in wanted})
    prefix: dict[str, list[int]] = {}
    for kind in (CALL, VOICEMAIL):
        counts = book.count_touches_by_span(kind, cuts)
        running = [0]
        for c in counts:
            running.append(running[-1] + c)
        prefix[kind] = running

    def made(kind: str, a: int, b: int) -> int:
        """Touches of ``kind`` with a <= ts < b (both clipped to the counted range)."""
        a, b = max(min(a, end), lo), max(min(b, end), lo)
        if b <= a:
            return 0
        p = prefix[kind]
        return p[bisect_left(cuts, b)] - p[bisect_left(cuts, a)]

    # Answered calls/voicemails: (contact, time) of the touch each callback answers.
    answered: set[tuple[int, int]] = set()
    received: list[int] = []
    unprompted: list[int] = []
    for contact_id, ts, prompt in book.callback_prompts(lo, end):
        if prompt is not None and ts - prompt <= window:
            answered.add((contact_id, prompt))
            received.append(ts)
        else:
            unprompted.append(ts)
    answered_ts = sorted(ts for _, ts in answered)

    def between(times: Sequence[int], a: int, b: int) -> int:
        return max(0, bisect_left(times, b) - bisect_left(times, a))

    rows: list[WeekRow] = []
    for i, monday in enumerate(mondays):
        a, b = bounds[i], bounds[i + 1]
        oa = max(a, open_from)
        still_open = made(CALL, oa, b) + made(VOICEMAIL, oa, b) - between(answered_ts, oa, b)
        rows.append(
            WeekRow(
                week=monday,
                calls=made(CALL, a, b),
                voicemails=made(VOICEMAIL, a, b),
                callbacks=between(answered_ts, a, b),
                received=between(received, a, b),
                unprompted=between(unprompted, a, b),
                open=max(0, still_open) if b > oa else 0,
            )
        )

    before = after = None
    verdict = p_value = None
    if start is not None and spans is not None:
        made_sides = []
        for a, b in spans:
            oa = max(a, open_from)
            outbound = made(CALL, a, b) + made(VOICEMAIL, a, b)
            waiting = made(CALL, oa, b) + made(VOICEMAIL, oa, b) - between(answered_ts, oa, b)
            sb = min(b, open_from)  # made before this: the window is over
            made_sides.append(
                Side(
                    start=a,
                    end=b,
                    outbound=outbound,
                    callbacks=between(answered_ts, a, b),
                    unprompted=between(unprompted, a, b),
                    open=max(0, waiting) if b > oa else 0,
                    settled=made(CALL, a, sb) + made(VOICEMAIL, a, sb),
                    settled_callbacks=between(answered_ts, a, sb),
                )
            )
        before, after = made_sides
        verdict, p_value = compare(before, after, window_days)
    return Report(window_days, tuple(rows), start, before, after, verdict, p_value, now)


def compare(before: Side, after: Side, window_days: int = WINDOW_DAYS) -> tuple[str, float | None]:
    """The verdict in plain words, and the test's p-value (None when too few to test), on
    the settled calls and voicemails of each side.

    A lower rate after, while newer calls and voicemails after are still waiting for their
    callback, is said to be provisional: they are not counted yet."""
    if min(before.settled, after.settled) < MIN_SIDE:
        return (
            f"Too few to tell yet: {before.settled} calls and voicemails before and "
            f"{after.settled} after whose {window_days} days are over; it takes at least "
            f"{MIN_SIDE} on each side.",
            None,
        )
    p = two_proportion_p(
        before.settled_callbacks, before.settled, after.settled_callbacks, after.settled
    )
    if p < ALPHA:
        if (after.rate or 0) > (before.rate or 0):
            return f"Higher after, unlikely to be chance ({p_text(p)}).", p
        if after.newer:
            return (
                f"Lower after so far ({p_text(p)}), but {after.newer} of the calls and voicemails "
                f"after are still inside their {window_days} days and not counted yet: "
                "look again once they close.",
                p,
            )
        return f"Lower after, unlikely to be chance ({p_text(p)}).", p
    return f"No clear difference yet ({p_text(p)}).", p


# ----------------------------------------------------------------- text
def definitions(window_days: int) -> list[str]:
    """What the numbers mean, in a rep's words."""
    return [
        "Outbound: the calls and voicemails you left (emails and meetings are not counted).",
        f"Callbacks: of those, how many were answered by a callback within {window_days} days",
        "  (counted once, in the week you made the call, whenever the callback came).",
        "Received: callbacks that answered a call or voicemail, by the week they came in.",
        f"Unprompted: callbacks with no call or voicemail in the {window_days} days before them",
        "  (shown, never in the rate).",
        f"Open: not answered yet and still inside the {window_days} days: that rate can rise.",
        f"Before/after: rates over the calls and voicemails whose {window_days} days are over;",
        "  the newer ones are shown beside them, not counted yet.",
    ]


def lines(report: Report) -> list[str]:
    """The report as plain lines (``coach report``)."""
    out = [
        "Callback rate by week: a callback counts for the latest call or voicemail to the same",
        f"person, if that was at most {report.window_days} days before it.",
        "",
    ]
    table: list[tuple[str, ...]] = [(*WEEK_COLUMNS, "")]
    small = False
    for w in report.weeks:
        few = 0 < w.outbound < MIN_SIDE
        small = small or few
        table.append((*w.cells(), "*" if few else ""))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        cells = [row[0].ljust(widths[0])]
        cells += [row[i].rjust(widths[i]) for i in range(1, len(row) - 1)]
        out.append(("  ".join(cells) + " " + row[-1]).rstrip())
    out.append("")
    out += definitions(report.window_days)
    if small:
        out.append(
            f"* fewer than {MIN_SIDE} calls and voicemails that week: too few for its rate "
            "to mean much on its own."
        )
    out.append("")
    comparison = comparison_lines(report)
    if not comparison:
        out += [
            "No experiment running. On the day you change how you leave voicemails, run",
            "'coach experiment start' (or 'coach experiment start YYYY-MM-DD' for an earlier",
            "day) to compare the callback rate before and after.",
        ]
    return out + comparison


def comparison_lines(report: Report, width: int = WIDTH) -> list[str]:
    """Before against after, with the counts it rests on and the verdict, in lines of at
    most ``width``; none when no experiment is running (``coach report``, History)."""
    if report.experiment_start is None or report.before is None or report.after is None:
        return []
    out = [f"Experiment started {report.experiment_start.isoformat()}:"]
    for name, side in (("Before", report.before), ("After", report.after)):
        interval = side.interval
        likely = f"likely {percent(interval[0], 1)}–{percent(interval[1], 1)}; " if interval else ""
        out.append(
            f"  {name:<6}  {side.first_day.isoformat()} to {side.last_day.isoformat()}:"
            f" {side.settled_callbacks} of {side.settled} answered, {percent(side.rate, 1)}"
        )
        newer = (
            f"{side.newer} newer not counted yet ({side.open} still open)"
            if side.newer
            else "all settled"
        )
        out.append(f"  {'':<6}  {likely}{newer}, {side.unprompted} unprompted")
    said = [report.verdict] if report.verdict else []
    if report.too_few:
        said.append("Numbers this small swing a lot by chance: look again in a week.")
    for text in said:
        out += textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="  ")
    return out
