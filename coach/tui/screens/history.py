"""History (F8): is practice working, are callbacks coming back, and what is there to send.

Three tabs. *Practice*: the summary (streak, scores, weakest item and the drill that trains it),
a pass-rate sparkline per rubric item, and the sessions table (``k`` filters by kind, Enter
opens a session's score card and transcript). *Callbacks*: the weekly callback rate from the
book's touches, and before/after the experiment's start. *Follow-ups*: the drafts kept after
meeting endings, due reminders first.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from coach import experiment, followups
from coach.book import Book
from coach.errors import UserError
from coach.models import FollowUp, SessionRecord
from coach.practice import delivery, drills, history, scenarios
from coach.practice.delivery import shown
from coach.practice.scoring import ItemScore, ScoreCard, label
from coach.report import (
    WEEK_COLUMNS,
    Report,
    WeekRow,
    build_report,
    comparison_lines,
    definitions,
)
from coach.text import percent, printable
from coach.tui.messages import KEYS_HINT, OpenPractice, OpenScoreCard
from coach.tui.widgets.followup_view import FollowUpsPane, FollowUpView
from coach.tui.widgets.tabs import NumberedTabs, number_keys
from coach.writes import WriteQueue

KINDS: tuple[str | None, ...] = (None, "callback", "meeting_end")
KIND_NAMES = {None: "all drills", "callback": "callbacks", "meeting_end": "meeting endings"}


def card_of(session: SessionRecord) -> ScoreCard:
    """A kept session's items as a score card (labels from the rubric)."""
    items = tuple(
        ItemScore(
            key,
            label(key),
            bool(item.get("passed")),
            item.get("evidence"),
            str(item.get("tip") or ""),
            float(item.get("weight") or 0),
            bool(item.get("overridden")),
            item.get("needed", True) is not False,
        )
        for key, item in session.items.items()
    )
    return ScoreCard(items, session.score)


BARS = "▁▂▃▄▅▆▇█"


def bars(rates: list[float], width: int = 40) -> Text:
    """Pass rates (0–1) as bars on a fixed scale, so 100 % always looks full and 0 % empty;
    the latest ``width`` only, one per attempt."""
    text = Text(no_wrap=True)
    for rate in rates[-width:]:
        style = "green" if rate >= 0.8 else "yellow" if rate >= 0.5 else "red"
        text.append(BARS[round(max(0.0, min(1.0, rate)) * (len(BARS) - 1))], style=style)
    return text


def figure_bars(
    values: Sequence[float], top: float, band: history.FigureTrend, width: int = 40
) -> Text:
    """A delivery figure per session, scaled to ``top``: green inside its band, yellow out."""
    text = Text(no_wrap=True)
    for value in values[-width:]:
        inside = (band.low is None or value >= band.low) and (
            band.high is None or value <= band.high
        )
        level = round(max(0.0, min(1.0, value / top)) * (len(BARS) - 1))
        text.append(BARS[level], style="green" if inside else "yellow")
    return text


def week_bars(weeks: Sequence[WeekRow]) -> Text:
    """One column per week: a bar scaled to the best week, its rate under it ("–": nothing
    left that week)."""
    top = max((w.rate for w in weeks if w.rate is not None), default=0.0)
    text = Text(no_wrap=True)
    for w in weeks:
        if w.rate is None or top <= 0:
            text.append("      ")
        else:
            text.append(BARS[round(w.rate / top * (len(BARS) - 1))] * 5 + " ", style="green")
    text.append("\n")
    for w in weeks:
        text.append(f"{percent(w.rate, 1):>5} ", style="dim")
    return text


def report_text(report: Report, width: int = 76) -> Text:
    """The before/after comparison with its counts (the same lines as ``coach report``)."""
    text = Text(
        f"A callback counts for the call or voicemail it answers (within "
        f"{report.window_days} days).\n",
        style="dim",
    )
    comparison = comparison_lines(report, width)
    if not comparison:
        text.append("No experiment running. ", style="bold")
        text.append(
            "Change how you leave voicemails, then mark the day (e here, or "
            "'coach experiment start') to compare before and after."
        )
        return text
    text.append(comparison[0] + "\n", style="bold")
    text.append("\n".join(comparison[1:]))
    return text


class HistoryScreen(NumberedTabs):
    TABS = "#history-tabs"
    FOCUS: ClassVar[dict[str, str]] = {
        "tab-practice": "#sessions",
        "tab-callbacks": "#report-weeks",
        "tab-followups": "#followups",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        KEYS_HINT,
        Binding("escape,f8", "app.pop_screen", "Back", id="back"),
        *number_keys(
            ("tab-practice", "Practice"),
            ("tab-callbacks", "Callbacks"),
            ("tab-followups", "Follow-ups"),
        ),
        Binding("k", "kind", "Kind filter", id="kind"),
        Binding("p", "practise", "Practise weakest", id="practise"),
        Binding("d", "dismiss_reminder", "Dismiss reminder", id="dismiss-reminder"),
        Binding("e", "experiment", "Experiment starts today", id="experiment"),
    ]

    def __init__(
        self,
        reader: Book,
        writer: WriteQueue | None,
        tab: str = "tab-practice",
        now: float | None = None,
    ) -> None:
        super().__init__()
        self.reader = reader
        self.writer = writer
        self.first_tab = tab
        self.now = now
        self.kind_index = 0
        self.sessions: list[SessionRecord] = []
        self.summary: history.Summary | None = None
        self.followups: list[FollowUp] = []
        self.drills, _problems = scenarios.load_all()

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="history-tabs", initial=self.first_tab):
            with TabPane("1 Practice", id="tab-practice"), Vertical():
                yield Static(id="history-summary")
                yield VerticalScroll(id="trends")
                yield Static(id="history-filter")
                yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Callbacks", id="tab-callbacks"), Vertical():
                yield Static(Text("Counting callbacks…", style="dim"), id="report-summary")
                yield Static(id="report-chart-label")
                yield Static(id="report-chart")
                yield DataTable(id="report-weeks", cursor_type="row", zebra_stripes=True)
                yield Static(id="report-legend")
            with TabPane("3 Follow-ups", id="tab-followups"), FollowUpsPane():
                yield OptionList(id="followups")
                yield FollowUpView(id="followup-view")
        yield Footer(compact=True)

    def _now(self) -> float:
        return time.time() if self.now is None else self.now

    def on_mount(self) -> None:
        self.sub_title = "History"
        sessions = self.query_one("#sessions", DataTable)
        sessions.add_columns("When", "Drill", "Kind", "Score", "Took", "Found caller")
        weeks = self.query_one("#report-weeks", DataTable)
        weeks.add_columns(*WEEK_COLUMNS)
        self.refresh_practice()
        self.refresh_followups()
        self.load_report()
        self.focus_tab(self.first_tab)

    # ------------------------------------------------------------- practice
    def refresh_practice(self, reload: bool = True) -> None:
        """Show the practice tab; ``reload`` reads the sessions again (after an override),
        a new kind filter only re-sorts what was read."""
        if reload:
            self.sessions = self.reader.sessions(limit=None)
        kind = KINDS[self.kind_index]
        now = datetime.fromtimestamp(self._now())
        self.summary = history.summarise(self.sessions, self.drills, now, kind)
        summary = Text()
        summary.append(printable(history.headline(self.summary)), style="bold")
        weakest = history.weakest_line(self.summary, with_id=False)
        if weakest is not None:
            summary.append("\n")
            summary.append(printable(weakest), style="bold yellow")
            if self.summary.drill is not None:
                summary.append("  (p to practise it)", style="dim")
        habit = history.habit_line(self.summary, with_id=False)
        if habit is not None:
            summary.append("\n")
            summary.append(printable(habit), style="bold yellow")
        self.query_one("#history-summary", Static).update(summary)
        trends = self.query_one("#trends", VerticalScroll)
        trends.remove_children()
        rows = []
        for t in self.summary.trends:
            change = f", was {percent(t.earlier)}" if t.earlier is not None else ""
            rows.append(
                Horizontal(
                    Static(
                        Text(printable(t.label), no_wrap=True, overflow="ellipsis"),
                        classes="trend-label",
                    ),
                    Static(bars(list(t.rates)), classes="trend-chart"),
                    Static(
                        f"{percent(t.recent)} now{change} · {t.passed}/{t.attempts}",
                        classes="trend-rate",
                    ),
                    classes="trend",
                )
            )
        for f in self.summary.figures:
            top = max((*f.values, f.high or 0.0, f.low or 0.0)) or 1.0
            change = f", was {shown(f.earlier, f.unit)}" if f.earlier is not None else ""
            recent = "–" if f.recent is None else shown(f.recent, f.unit)
            rows.append(
                Horizontal(
                    Static(
                        Text(printable(f.label), no_wrap=True, overflow="ellipsis"),
                        classes="trend-label",
                    ),
                    Static(figure_bars(f.values, top, f), classes="trend-chart"),
                    Static(f"{recent} now{change}", classes="trend-rate"),
                    classes="trend figure",
                )
            )
        trends.mount_all(rows)
        trends.set_class(not rows, "-empty")
        self.query_one("#history-filter", Static).update(
            Text.assemble(
                ("Sessions: ", "bold"),
                KIND_NAMES[kind],
                ("   k changes the filter, Enter opens a session", "dim"),
            )
        )
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for s in self.sessions:
            if kind is not None and s.kind != kind:
                continue
            when = datetime.fromtimestamp(s.started_ts).strftime("%a %d %b %H:%M")
            table.add_row(
                when,
                Text(printable(s.title), no_wrap=True, overflow="ellipsis"),
                "callback" if s.kind == "callback" else "meeting end",
                f"{s.score}/100",
                f"{round(s.duration_s)} s",
                "–" if s.identify_s is None else f"{s.identify_s:.1f} s",
                key=str(s.id),
            )

    def action_kind(self) -> None:
        self.kind_index = (self.kind_index + 1) % len(KINDS)
        self.refresh_practice(reload=False)

    @on(DataTable.RowSelected, "#sessions")
    def _open_session(self, event: DataTable.RowSelected) -> None:
        chosen = next((s for s in self.sessions if str(s.id) == event.row_key.value), None)
        if chosen is None:
            return
        followup = self.reader.followup_for_session(chosen.id)
        drafted_ts = None if followup is None else followup.created_ts
        self.post_message(
            OpenScoreCard(
                card_of(chosen),
                self.writer,
                chosen.id,
                chosen.title,
                transcript=chosen.transcript,
                followup=followup,
                after_drill=False,
                closed=self.refresh_practice,
                redraft=drills.redrafter(chosen, self.drills, drafted_ts),
                delivery=delivery.from_kept(chosen.delivery),
            )
        )

    def action_practise(self) -> None:
        if self.summary is None or self.summary.drill is None:
            self.notify("Nothing to point at yet: a few more sessions first.")
            return
        self.post_message(OpenPractice(select=self.summary.drill.id))

    # ------------------------------------------------------------- callbacks
    @work(thread=True, exclusive=True, group="report")
    def load_report(self) -> None:
        """Counting a year of touches can take a moment on a big book: off the UI thread."""
        try:
            with Book.open_readonly(self.reader.path) as own:  # this thread's own connection
                report = build_report(own, now=self._now())
        except (UserError, ValueError, OverflowError) as exc:
            problem = Text(f"The callback report could not be built: {printable(str(exc))}")
            self.app.call_from_thread(self.query_one("#report-summary", Static).update, problem)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_report, report)

    def show_report(self, report: Report) -> None:
        summary = self.query_one("#report-summary", Static)
        summary.update(report_text(report, max(40, self.size.width - 4)))
        weeks = report.weeks
        chart_label = Text("Callback rate by week", style="bold")
        if weeks:
            top = max((w.rate for w in weeks if w.rate is not None), default=None)
            chart_label.append(
                f"   {weeks[0].week} → {weeks[-1].week}, highest {percent(top, 1)}", style="dim"
            )
        self.query_one("#report-chart-label", Static).update(chart_label)
        self.query_one("#report-chart", Static).update(week_bars(weeks))
        table = self.query_one("#report-weeks", DataTable)
        table.clear()
        for w in reversed(weeks):
            table.add_row(*w.cells())
        # What the less obvious columns count, in the same words as `coach report`.
        legend = "\n".join(definitions(report.window_days)[3:])
        self.query_one("#report-legend", Static).update(Text(legend, style="dim"))

    def action_experiment(self) -> None:
        """Mark today as the day the rep changed how they leave voicemails. One runs at a
        time (a stray key never resets one): :func:`coach.experiment.start` decides, and
        its refusal is said as the write's outcome."""
        if self.writer is None:
            return
        today = datetime.fromtimestamp(self._now()).date()

        def started(_: object) -> None:
            self.notify(f"Experiment starts {today.isoformat()}: look again in three weeks.")
            self.load_report()

        self.writer.submit(
            lambda book: experiment.start(book, today), label="the experiment", done=started
        )

    # ------------------------------------------------------------- follow-ups
    def refresh_followups(self) -> None:
        now = int(self._now())
        due = {f.id for f in self.reader.due_followups(now)}
        listed = self.reader.followups(practice=True)
        self.followups = sorted(listed, key=lambda f: (f.id not in due, -f.created_ts, -f.id))
        options = self.query_one("#followups", OptionList)
        options.clear_options()
        for f in self.followups:
            text = Text(no_wrap=True, overflow="ellipsis")
            if f.id in due:
                text.append("DUE ", style="bold reverse yellow")
            text.append(printable(f.who) or "(no name)", style="bold")
            if f.company:
                text.append(f" · {printable(f.company)}")
            when = (
                "no time booked"
                if f.meeting_ts is None
                else datetime.fromtimestamp(f.meeting_ts).strftime("%a %d %b, %H:%M")
            )
            text.append(f"\n  {when}" + ("  (practice)" if f.practice else ""), style="dim")
            options.add_option(Option(text, str(f.id)))
        self.due_ids = due
        if self.followups:
            options.highlighted = 0
        self.query_one("#followup-view", FollowUpView).show(
            self.followups[0] if self.followups else None
        )

    @on(OptionList.OptionHighlighted, "#followups")
    def _show_followup(self, event: OptionList.OptionHighlighted) -> None:
        chosen = next((f for f in self.followups if str(f.id) == event.option.id), None)
        self.query_one("#followup-view", FollowUpView).show(chosen)

    def action_dismiss_reminder(self) -> None:
        view = self.query_one("#followup-view", FollowUpView)
        chosen = view.followup
        if chosen is None or self.writer is None or chosen.id not in self.due_ids:
            self.notify("Pick a due reminder (Follow-ups tab) to dismiss it.")
            return
        fid, ts, who = chosen.id, int(self._now()), printable(chosen.who)

        def dismissed(_: object) -> None:
            self.notify(f"Reminder for {who} dismissed.")
            self.refresh_followups()

        self.writer.submit(
            lambda book: followups.dismiss_reminder(book, fid, ts),
            label="the reminder",
            done=dismissed,
        )

    # ------------------------------------------------------------- tabs
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tabs = self.query("#history-tabs")
        active = tabs.first(TabbedContent).active if tabs else self.first_tab
        if action in {"kind", "practise"}:
            return active == "tab-practice"
        if action == "dismiss_reminder":
            return active == "tab-followups"
        if action == "experiment":
            return active == "tab-callbacks"
        return True
