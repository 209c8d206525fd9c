"""Domain rules that the app and the command line share: decided here, once."""

from __future__ import annotations

import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach import experiment, followups, settings
from coach.book import Book
from coach.errors import UserError
from coach.models import SessionRecord
from coach.practice import drills, scenarios
from coach.practice.prospect import Drill
from coach.practice.scoring import ScoreCard
from coach.practice.transcript import parse_plain
from tests.helpers import ENDING

TUESDAY = datetime(2026, 11, 24, 15, 0)


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("COACH_VOICE", raising=False)
    file = tmp_path / "config" / "callback-coach" / "settings.toml"
    file.parent.mkdir(parents=True)
    return file


# ------------------------------------------------------------- experiment
def test_one_experiment_runs_at_a_time(book: Book) -> None:
    start = date.today() - timedelta(days=10)
    experiment.start(book, start)
    experiment.start(book, start)  # the same day again changes nothing
    with pytest.raises(UserError, match=f"running since {start.isoformat()}"):
        experiment.start(book, date.today())
    assert experiment.started(book) == start
    assert experiment.stop(book) == start
    assert experiment.stop(book) is None
    experiment.start(book, date.today())
    assert experiment.started(book) == date.today()


def test_a_typed_day_is_checked_in_the_core() -> None:
    today = date(2026, 12, 1)
    assert experiment.user_day("2026-11-02", "--since", today) == date(2026, 11, 2)
    for typed, message in [
        ("2026-13-40", "not a date"),
        ("2026-12-02", "in the future"),
        ("1989-12-31", "before 1990"),
    ]:
        with pytest.raises(UserError, match=message):
            experiment.user_day(typed, "--since", today)


# -------------------------------------------------------------- reminders
def _meeting_followup(book: Book, remind_in_days: float, practice: bool = False) -> int:
    now = datetime.now().replace(second=0, microsecond=0)
    meeting = now + timedelta(days=remind_in_days + 2)
    f = followups.make(
        source="meeting",
        who="Priya Raman",
        now=now,
        issues=["approvals"],
        meeting=meeting,
        remind_days=2,
        practice=practice,
    )
    return book.save_followup(f)


def test_only_a_due_reminder_can_be_dismissed(book: Book) -> None:
    now = int(time.time())
    due = _meeting_followup(book, remind_in_days=-0.5)
    later = _meeting_followup(book, remind_in_days=3)
    drill = _meeting_followup(book, remind_in_days=-0.5, practice=True)
    with pytest.raises(UserError, match="no follow-up with id 999"):
        followups.dismiss_reminder(book, 999, now)
    with pytest.raises(UserError, match="not due yet"):
        followups.dismiss_reminder(book, later, now)
    with pytest.raises(UserError, match="practice drill"):
        followups.dismiss_reminder(book, drill, now)
    assert followups.dismiss_reminder(book, due, now).who == "Priya Raman"
    assert due not in {f.id for f in book.due_followups(now)}
    with pytest.raises(UserError, match="already dismissed"):
        followups.dismiss_reminder(book, due, now)


# ------------------------------------------------------------ a finished drill
def _finished_meeting_drill() -> tuple[Drill, ScoreCard, SessionRecord]:
    found, _ = scenarios.load_all()
    scenario = next(s for s in found if s.kind == "meeting_end")
    drill = Drill(scenario)
    drill.finish()
    card = drills.final_card(drill, None)
    return drill, card, drills.record(drill, card, time.time(), 30.0, None)


def test_a_finished_drill_keeps_its_session_and_follow_up_together(book: Book) -> None:
    drill, card, kept = _finished_meeting_drill()
    session_id = drills.keep(book, kept, drills.followup(drill, card, 0))
    assert [s.id for s in book.sessions()] == [session_id]
    drafted = book.followup_for_session(session_id)
    assert drafted is not None and drafted.practice


def test_a_drill_that_cannot_be_kept_whole_leaves_nothing(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    drill, card, kept = _finished_meeting_drill()

    def broken(_f: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(book, "save_followup", broken)
    with pytest.raises(sqlite3.OperationalError):
        drills.keep(book, kept, drills.followup(drill, card, 0))
    assert book.sessions() == []


# ---------------------------------------------------------- scoring a transcript
def test_scoring_a_transcript_builds_its_brief_in_the_core() -> None:
    turns = parse_plain(ENDING, "ending.txt")
    scored = drills.score_transcript(
        turns, "Dana", issues=" invoice approvals ; close takes nine days;", held=TUESDAY
    )
    assert scored.brief.kind == "meeting_end"
    assert scored.brief.issues == ("invoice approvals", "close takes nine days")
    assert scored.followup is not None and scored.followup.who == "Priya"
    assert datetime.fromtimestamp(scored.followup.meeting_ts or 0) == datetime(2026, 11, 26, 14)
    callback = drills.score_transcript(turns, "Dana", reason="their invoice approvals")
    assert callback.brief.kind == "callback" and callback.followup is None


def test_a_broken_settings_file_stops_scoring_but_not_the_app(own_settings: Path) -> None:
    own_settings.write_text("[followups]\nremind_days = 'soon'\n", encoding="utf-8")
    turns = parse_plain(ENDING, "ending.txt")
    with pytest.raises(UserError, match="remind_days"):
        drills.score_transcript(turns, "Dana")
    assert settings.current().remind_days == settings.REMIND_DAYS  # the app's defaults
    assert settings.current().problem is not None


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("talk_share_maximum = 0.5", "[delivery] talk_share_maximum is not a band"),
        ("talk_share_max = 'half'", "[delivery] talk_share_max must be a number of 0 or more"),
        ("patience_s_min = -1", "[delivery] patience_s_min must be a number of 0 or more"),
    ],
)
def test_delivery_bands_in_the_settings_are_checked(
    own_settings: Path, line: str, said: str
) -> None:
    own_settings.write_text(f"[delivery]\n{line}\n", encoding="utf-8")
    problem = settings.current().problem
    assert problem is not None and said in str(problem)
    from coach.practice import delivery

    assert delivery.current_bands()[0].high == 0.6  # the app carries on with the bundled bands


def test_the_reps_delivery_bands_replace_the_bundled_ones(own_settings: Path) -> None:
    from coach.practice import delivery

    own_settings.write_text("[delivery]\ntalk_share_max = 0.5\n", encoding="utf-8")
    share = next(b for b in delivery.current_bands(checked=True) if b.key == "talk_share")
    assert (share.low, share.high) == (0.2, 0.5)
    assert "Gong Labs" in share.source


def test_a_meeting_time_is_checked_in_the_core() -> None:
    assert drills.meeting_held("2026-11-24T15:00") == TUESDAY
    with pytest.raises(UserError, match="not a date and time"):
        drills.meeting_held("last tuesday")
    with pytest.raises(UserError, match="not a plausible time"):
        drills.meeting_held("1970-01-01T00:00")


def test_an_unknown_drill_names_the_known_ones() -> None:
    with pytest.raises(UserError, match=r"known: .*cut-short"):
        scenarios.by_id("no-such-drill")


# --------------------------------------------------------------- settings
def test_settings_are_read_once_until_the_file_changes(
    own_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_settings.write_text("[followups]\nremind_days = 3\nmeeting_minutes = 45\n")
    reads: list[Path] = []
    real = settings._read

    def counted(file: Path) -> settings.Settings:
        reads.append(file)
        return real(file)

    monkeypatch.setattr(settings, "_read", counted)
    settings._cache = None
    first = settings.current()
    assert (first.remind_days, first.meeting_minutes, first.voice) == (3, 45, True)
    assert settings.current() is first and len(reads) == 1  # every key, one read
    settings.set_voice(False)
    assert settings.current().voice is False and len(reads) == 2
    with pytest.raises(AttributeError):
        first.voice = False  # type: ignore[misc]
