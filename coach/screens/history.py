"""History (F8): is practice working, are callbacks coming back, and what is there to send.

Three tabs. *Practice*: the summary (streak, scores, weakest item and the drill that trains it),
a pass-rate sparkline per rubric item, and the sessions table (``k`` filters by kind, Enter
opens a session's score card and transcript). *Callbacks*: the weekly callback rate from the
book's touches, and before/after the experiment's start. *Follow-ups*: the drafts kept after
meeting endings, due reminders first.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
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

from coach import history, scenarios
from coach.db import Store
from coach.errors import UserError
from coach.models import FollowUp, SessionRecord
from coach.scoring import ItemScore, ScoreCard, label
from coach.text import printable
from coach.widgets.followup_view import FollowUpsPane, FollowUpView

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


def week_bars(weeks: list[dict[str, Any]]) -> Text:
    """One column per week: a bar scaled to the best week, its rate under it ("–": nothing
    left that week)."""
    rates = [w.get("rate") for w in weeks]
    top = max((float(r) for r in rates if r is not None), default=0.0)
    text = Text(no_wrap=True)
    for rate in rates:
        if rate is None or top <= 0:
            text.append("     ")
        else:
            text.append(BARS[round(float(rate) / top * (len(BARS) - 1))] * 4 + " ", style="green")
    text.append("\n")
    for rate in rates:
        text.append(f"{_rate(rate):>4} ", style="dim")
    return text


def _rate(value: Any) -> str:
    return "–" if value is None else f"{round(float(value) * 100)}%"


def report_text(report: dict[str, Any]) -> Text:
    """The before/after comparison, with the counts it rests on."""
    text = Text()
    start = report.get("experiment_start")
    window = report.get("window_days", 14)
    text.append(
        f"A callback counts for the call or voicemail it answers (within {window} days).\n",
        style="dim",
    )
    if not start:
        text.append("No experiment running. ", style="bold")
        text.append(
            "Change how you leave voicemails, then mark the day (e here, or "
            "'coach experiment start') to compare before and after."
        )
        return text
    text.append(f"Experiment since {start}\n", style="bold")
    for side in ("before", "after"):
        row = report.get(side) or {}
        text.append(f"  {side.capitalize():<7}", style="bold")
        text.append(
            f"{row.get('from', '')} to {row.get('to', '')}: "
            f"{row.get('callbacks', 0)} of {row.get('outbound', 0)} answered, "
            f"{_rate(row.get('rate'))}"
        )
        if row.get("low") is not None and row.get("high") is not None:
            text.append(f"  (likely {_rate(row['low'])}–{_rate(row['high'])})", style="dim")
        text.append("\n")
    if report.get("verdict"):
        text.append(printable(str(report["verdict"])), style="italic")
    return text


class HistoryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f8", "app.pop_screen", "Back", id="back"),
        Binding("1", "tab('tab-practice')", "Practice", show=False),
        Binding("2", "tab('tab-callbacks')", "Callbacks", show=False),
        Binding("3", "tab('tab-followups')", "Follow-ups", show=False),
        Binding("k", "kind", "Kind filter", id="kind"),
        Binding("p", "practise", "Practise weakest", id="practise"),
        Binding("d", "dismiss_reminder", "Dismiss reminder", id="dismiss-reminder"),
        Binding("e", "experiment", "Experiment starts today", id="experiment"),
    ]

    def __init__(
        self,
        store: Store,
        writer: Store | None,
        tab: str = "tab-practice",
        now: float | None = None,
    ) -> None:
        super().__init__()
        self.store = store
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
            with TabPane("3 Follow-ups", id="tab-followups"), FollowUpsPane():
                yield OptionList(id="followups")
                yield FollowUpView(id="followup-view")
        yield Footer()

    def _now(self) -> float:
        return time.time() if self.now is None else self.now

    def on_mount(self) -> None:
        self.sub_title = "History"
        sessions = self.query_one("#sessions", DataTable)
        sessions.add_columns("When", "Drill", "Kind", "Score", "Took", "Found caller")
        weeks = self.query_one("#report-weeks", DataTable)
        weeks.add_columns(
            "Week of", "Outbound", "Answered", "Rate", "Received", "Unprompted", "Open"
        )
        self.refresh_practice()
        self.refresh_followups()
        self.load_report()
        self._focus_tab(self.first_tab)

    # ------------------------------------------------------------- practice
    def refresh_practice(self) -> None:
        self.sessions = self.store.sessions(limit=None)
        kind = KINDS[self.kind_index]
        now = datetime.fromtimestamp(self._now())
        self.summary = history.summarise(self.sessions, self.drills, now, kind)
        lines = history.lines(self.summary)
        summary = Text()
        summary.append(printable(lines[0]), style="bold")
        weakest = next((line for line in lines if line.startswith("Weakest:")), None)
        if weakest is not None:
            summary.append("\n")
            summary.append(printable(weakest), style="bold yellow")
            if self.summary.drill is not None:
                summary.append("  (p to practise it)", style="dim")
        self.query_one("#history-summary", Static).update(summary)
        trends = self.query_one("#trends", VerticalScroll)
        trends.remove_children()
        rows = []
        for t in self.summary.trends:
            change = f", was {history.percent(t.earlier)}" if t.earlier is not None else ""
            rows.append(
                Horizontal(
                    Static(Text(t.label, no_wrap=True, overflow="ellipsis"), classes="trend-label"),
                    Static(bars(list(t.rates)), classes="trend-chart"),
                    Static(
                        f"{history.percent(t.recent)} now{change} · {t.passed}/{t.attempts}",
                        classes="trend-rate",
                    ),
                    classes="trend",
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
        self.refresh_practice()

    @on(DataTable.RowSelected, "#sessions")
    def _open_session(self, event: DataTable.RowSelected) -> None:
        from coach.screens.scorecard import ScoreCardScreen

        chosen = next((s for s in self.sessions if str(s.id) == event.row_key.value), None)
        if chosen is None:
            return
        self.app.push_screen(
            ScoreCardScreen(
                card_of(chosen),
                self.writer,
                chosen.id,
                chosen.title,
                transcript=chosen.transcript,
                followup=self.store.followup_for_session(chosen.id),
                after_drill=False,
            ),
            callback=lambda _result: self.refresh_practice(),
        )

    def action_practise(self) -> None:
        if self.summary is None or self.summary.drill is None:
            self.notify("Nothing to point at yet: a few more sessions first.")
            return
        from coach.screens.practice import PracticeScreen

        self.app.push_screen(PracticeScreen(self.store, self.writer, select=self.summary.drill.id))

    # ------------------------------------------------------------- callbacks
    @work(thread=True, exclusive=True, group="report")
    def load_report(self) -> None:
        """Counting a year of touches can take a moment on a big book: off the UI thread."""
        from coach.report import build_report

        try:
            with Store.open_readonly(self.store.path) as own:  # this thread's own connection
                report = build_report(own, now=self._now()).as_json()
        except (UserError, ValueError, OverflowError) as exc:
            problem = Text(f"The callback report could not be built: {printable(str(exc))}")
            self.app.call_from_thread(self.query_one("#report-summary", Static).update, problem)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_report, report)

    def show_report(self, report: dict[str, Any]) -> None:
        self.report = report
        self.query_one("#report-summary", Static).update(report_text(report))
        weeks = report.get("weeks", [])
        rates = [float(w["rate"]) if w.get("rate") is not None else 0.0 for w in weeks]
        chart_label = Text("Callback rate by week", style="bold")
        if weeks:
            chart_label.append(
                f"   {weeks[0]['week']} → {weeks[-1]['week']}, highest {_rate(max(rates))}",
                style="dim",
            )
        self.query_one("#report-chart-label", Static).update(chart_label)
        self.query_one("#report-chart", Static).update(week_bars(weeks))
        table = self.query_one("#report-weeks", DataTable)
        table.clear()
        for w in reversed(weeks):
            table.add_row(
                str(w["week"]),
                str(w["outbound"]),
                str(w["callbacks"]),
                _rate(w.get("rate")),
                str(w.get("received", "")),
                str(w.get("unprompted", "")),
                str(w.get("open", "")),
            )

    def action_experiment(self) -> None:
        """Mark today as the day the rep changed how they leave voicemails (once: a running
        experiment is never reset by a stray key)."""
        from coach.report import META_KEY

        if self.writer is None:
            return
        running = self.writer.get_meta(META_KEY)
        if running:
            self.notify(
                f"An experiment is running since {running}; "
                "'coach experiment stop' ends it before a new one.",
                severity="warning",
                markup=False,
            )
            return
        today = datetime.fromtimestamp(self._now()).date().isoformat()
        self.writer.set_meta(META_KEY, today)
        self.notify(f"Experiment starts {today}: look again in three weeks.")
        self.load_report()

    # ------------------------------------------------------------- follow-ups
    def refresh_followups(self) -> None:
        now = int(self._now())
        due = {f.id for f in self.store.due_followups(now)}
        listed = self.store.followups(practice=True)
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
        self.writer.mark_reminded(chosen.id, int(self._now()))
        self.notify(f"Reminder for {printable(chosen.who)} dismissed.")
        self.refresh_followups()

    # ------------------------------------------------------------- tabs
    def action_tab(self, tab: str) -> None:
        self.query_one("#history-tabs", TabbedContent).active = tab
        self._focus_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        target = {"tab-practice": "#sessions", "tab-callbacks": "#report-weeks"}.get(
            tab, "#followups"
        )
        self.query_one(target).focus()

    @on(TabbedContent.TabActivated, "#history-tabs")
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is not None:
            self._focus_tab(event.pane.id)

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
