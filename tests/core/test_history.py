"""History: pass rate per rubric item over time, the streak, the weakest item and the drill that
trains it; ``coach history`` and the follow-up drafted by ``coach score``."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach.book import Book
from coach.main import main
from coach.models import SessionRecord
from coach.practice import delivery, history, scenarios
from tests.helpers import ENDING

NOW = datetime(2026, 11, 24, 18, 0)


def session(days_ago: float, results: dict[str, bool], kind: str = "meeting_end") -> SessionRecord:
    items = {
        key: {"passed": ok, "evidence": None, "tip": "", "weight": 1.0, "overridden": False}
        for key, ok in results.items()
    }
    score = round(100 * sum(results.values()) / len(results))
    return SessionRecord(
        "friendly-drifter",
        "The Friendly Drifter",
        kind,
        int((NOW - timedelta(days=days_ago)).timestamp()),
        60.0,
        None,
        [["Rep", "hello"]],
        items,
        score,
    )


def test_streak_counts_days_in_a_row_up_to_today_or_yesterday() -> None:
    today = date(2026, 11, 24)
    days = {today - timedelta(days=n) for n in (0, 1, 2, 4)}
    assert history.streak(days, today) == 3
    assert history.streak(days - {today}, today) == 2  # yesterday still counts
    assert history.streak({today - timedelta(days=2)}, today) == 0
    assert history.streak(set(), today) == 0


def test_pass_rates_trend_and_the_weakest_item_with_its_drill() -> None:
    sessions = [
        session(9 - n, {"recap": n >= 5, "specific_time": n % 3 == 0, "confirm_interest": True})
        for n in range(10)
    ]
    summary = history.summarise(sessions, scenarios.load_all()[0], NOW)
    trends = {t.key: t for t in summary.trends}
    recap = trends["recap"]
    assert (recap.passed, recap.attempts) == (5, 10)
    assert recap.earlier == 0.0 and recap.recent == 1.0
    assert recap.rates[0] == 0.0 and recap.rates[-1] == 1.0
    assert all(0.0 <= r <= 1.0 for r in recap.rates)
    assert summary.weakest is not None and summary.weakest.key == "specific_time"
    assert summary.drill is not None
    chosen = next(s for s in scenarios.load_all()[0] if s.id == summary.drill.id)
    share = chosen.weights["specific_time"] / sum(chosen.weights.values())
    for s in scenarios.load_all()[0]:
        if "specific_time" in s.weights:
            assert s.weights["specific_time"] / sum(s.weights.values()) <= share
    assert summary.streak_days == 10  # one session a day for ten days, the last today
    lines = history.lines(summary)
    assert any(line.startswith("Weakest: Booked a specific time") for line in lines)


def test_kind_filter_and_a_perfect_record_has_no_weakest() -> None:
    sessions = [session(1, {"asked_who": True}, kind="callback"), session(2, {"recap": True})]
    summary = history.summarise(sessions, [], NOW, kind="callback")
    assert summary.sessions == 1 and [t.key for t in summary.trends] == ["asked_who"]
    assert summary.weakest is None


def test_coach_history_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "book.db"
    with Book.open(db) as store:
        store.save_session(spoke(session(0, {"recap": False, "specific_time": True}), 0.8))
        store.save_session(spoke(session(1, {"recap": False, "specific_time": True}), 0.7))
    assert main(["history", "--json", "--db", str(db)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["summary"]["delivery"]["talk_share"]["values"] == [0.7, 0.8]
    assert out["summary"]["weakest_habit"]["figure"] == "talk_share"
    assert out["sessions"][0]["delivery"]["talk_share_words"] == 0.8
    assert out["summary"]["sessions"] == 2
    assert out["summary"]["weakest"] == "recap"
    assert out["summary"]["items"]["specific_time"]["rate"] == 1.0
    assert [s["score"] for s in out["sessions"]] == [50, 50]
    assert main(["history", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "Weakest: Recapped their key issues" in text
    assert "Weakest habit: you talk 75% of the words on meeting endings" in text


def test_coach_score_drafts_and_keeps_the_follow_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("COACH_DB", str(tmp_path / "book.db"))
    Book.open(tmp_path / "book.db").close()
    ending = tmp_path / "ending.txt"
    ending.write_text(ENDING, encoding="utf-8")
    args = ["score", str(ending), "--issues", "approvals lost in email; close takes nine days"]
    args += ["--on", "2026-11-24T15:00", "--benefit", "a four-day close", "--json", "--save"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    followup = out["followup"]
    assert followup["meeting"] == "2026-11-26T14:00"
    assert followup["who"] == "Priya"
    assert "- approvals lost in email" in followup["recap"]["body"]
    assert followup["invite"].startswith("BEGIN:VCALENDAR")
    assert followup["id"] == 1
    assert main(["followups", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [f["id"] for f in listed] == [1]
    assert main(["followups", "--write", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "followup-1-invite.ics",
        "followup-1-recap.txt",
        "followup-1-reminder.txt",
    ]


def test_bad_meeting_time_and_bad_setting_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    ending = tmp_path / "ending.txt"
    ending.write_text(ENDING, encoding="utf-8")
    assert main(["score", str(ending), "--on", "someday"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--on 'someday'" in err
    settings = tmp_path / "config" / "callback-coach" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text("[followups]\nremind_days = 'soon'\n", encoding="utf-8")
    assert main(["score", str(ending)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "remind_days" in err and "settings.toml" in err


@pytest.mark.parametrize(
    ("settings_text", "read"),
    [
        ("followups = 3\n", "remind_days"),
        ("[[followups]]\nremind_days = 2\n", "meeting_minutes"),
        ("practice = 'x'\n", "voice"),
    ],
)
def test_settings_of_the_wrong_shape_are_one_line_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings_text: str, read: str
) -> None:
    from coach import settings as user_settings
    from coach.errors import UserError

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("COACH_VOICE", raising=False)
    file = tmp_path / "config" / "callback-coach" / "settings.toml"
    file.parent.mkdir(parents=True)
    file.write_text(settings_text, encoding="utf-8")
    with pytest.raises(UserError, match="must be a table") as caught:
        user_settings.current().checked()
    # The app carries on with the defaults (and says the problem once).
    assert getattr(user_settings.current(), read) == getattr(user_settings.Settings(), read)
    assert str(file) in str(caught.value)
    with pytest.raises(UserError, match="must be a table"):
        user_settings.set_voice(False)
    assert file.read_text(encoding="utf-8") == settings_text  # left as the user wrote it


def test_a_bad_settings_table_stops_coach_score_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    file = tmp_path / "config" / "callback-coach" / "settings.toml"
    file.parent.mkdir(parents=True)
    file.write_text("followups = 3\n", encoding="utf-8")
    ending = tmp_path / "ending.txt"
    ending.write_text(ENDING, encoding="utf-8")
    assert main(["score", str(ending)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "[followups] must be a table" in err


@pytest.mark.parametrize("held", ["0001-01-01T00:00", "9999-12-31T10:00"])
def test_an_implausible_meeting_time_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], held: str
) -> None:
    ending = tmp_path / "ending.txt"
    ending.write_text(ENDING, encoding="utf-8")
    assert main(["score", str(ending), "--on", held]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a plausible time" in err


def test_an_item_that_did_not_apply_is_neither_a_pass_nor_a_miss_in_the_trend() -> None:
    sessions = [
        session(3 - n, {"asked_who": False, "kept_on_line": True}, "callback") for n in range(3)
    ]
    sessions[0].items["asked_who"]["needed"] = False  # the caller said who they were
    summary = history.summarise(sessions, scenarios.load_all()[0], NOW)
    asked = next(t for t in summary.trends if t.key == "asked_who")
    assert (asked.passed, asked.attempts) == (0, 2)


def spoke(s: SessionRecord, share_words: float, basis: str = "drill") -> SessionRecord:
    """``s`` with delivery figures kept: the rep had ``share_words`` of the words."""
    figures = dict.fromkeys(delivery.KEYS)
    figures.update(basis=basis, talk_share=0.2, talk_share_words=share_words, patience_s=0.1)
    return s._replace(delivery=figures)


def test_delivery_figures_trend_and_the_weakest_habit_names_a_drill() -> None:
    kept = [spoke(session(9 - n, {"recap": True}), 0.5 + n * 0.03) for n in range(8)]
    kept.append(session(0.5, {"recap": True}))  # kept before delivery was measured
    found = scenarios.load_all()[0]
    summary = history.summarise(kept, found, NOW, bands=delivery.bands())
    figures = {f.key: f for f in summary.figures}
    # A drill's talk share is judged by words; its time-based figures are not judged at all.
    assert set(figures) == {"talk_share"}
    share = figures["talk_share"]
    assert len(share.values) == 8 and share.values[0] == 0.5
    assert share.recent == pytest.approx(sum(0.5 + n * 0.03 for n in range(3, 8)) / 5)  # 0.65
    assert share.earlier == pytest.approx(sum(0.5 + n * 0.03 for n in range(3)) / 3)
    habit = summary.habit
    assert habit is not None and habit.key == "talk_share" and habit.kind == "meeting_end"
    assert habit.text == "you talk 65% of the words on meeting endings"
    assert habit.drill is not None and habit.drill.kind == "meeting_end"
    line = history.habit_line(summary)
    assert line is not None and line.startswith("Weakest habit: you talk 65% of the words")
    assert f"practise '{habit.drill.title}'" in line
    assert "Talk share" in "\n".join(history.lines(summary))
    shape = summary.as_json()
    assert shape["weakest_habit"]["text"] == habit.text
    assert shape["delivery"]["talk_share"]["band"] == [0.2, 0.6]
    # Inside the rep's own band, nothing is called out.
    relaxed = delivery.bands({"talk_share_max": 0.8})
    assert history.summarise(kept, found, NOW, bands=relaxed).habit is None


def test_a_scored_calls_patience_is_a_habit_by_time() -> None:
    kept = [spoke(session(n, {"recap": True}, "callback"), 0.4, basis="cue times") for n in (1, 2)]
    summary = history.summarise(kept, scenarios.load_all()[0], NOW, bands=delivery.bands())
    assert summary.habit is not None and summary.habit.key == "patience_s"
    assert summary.habit.text == "you come in 0.1 s after they stop on callbacks"
