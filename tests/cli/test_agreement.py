"""The command line and the app agree: both call the same core rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach import experiment, followups
from coach.book import Book
from tests.helpers import run_main as run


@pytest.fixture
def db(book: Book, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("COACH_DB", raising=False)
    return str(db_path)


def test_experiment_start_never_replaces_a_running_one(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    earlier = (date.today() - timedelta(days=20)).isoformat()
    assert run(capsys, "experiment", "start", earlier, "--db", db)[0] == 0
    code, out, err = run(capsys, "experiment", "start", "--db", db)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"running since {earlier}" in err
    assert "coach experiment stop" in err
    with Book.open_readonly(Path(db)) as book:
        assert experiment.started(book) == date.fromisoformat(earlier)


def test_followups_done_dismisses_only_a_due_reminder(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now().replace(second=0, microsecond=0)
    with Book.open(Path(db)) as book:
        later = book.save_followup(
            followups.make(source="meeting", who="Priya", now=now, meeting=now + timedelta(days=9))
        )
        due = book.save_followup(
            followups.make(source="meeting", who="Omar", now=now, meeting=now + timedelta(days=1))
        )
    code, _, err = run(capsys, "followups", "--done", str(later), "--db", db)
    assert code == 2 and "not due yet" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "followups", "--done", str(due), "--db", db)
    assert code == 0 and f"Reminder {due} for Omar dismissed." in out


@pytest.mark.parametrize(
    "where", ["before the command", "after the command", "in COACH_DB", "before lookup"]
)
def test_db_is_found_wherever_it_is_given(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    if where == "before the command":
        args = ["--db", db, "experiment", "start"]
    elif where == "after the command":
        args = ["experiment", "start", "--db", db]
    elif where == "in COACH_DB":
        monkeypatch.setenv("COACH_DB", db)
        args = ["experiment", "start"]
    else:
        code, out, _ = run(capsys, "--db", db, "lookup", "okafor")
        assert code == 0 and "Michael Okafor" in out
        return
    assert run(capsys, *args)[0] == 0
    with Book.open_readonly(Path(db)) as book:
        assert experiment.started(book) == date.today()


def test_db_after_the_command_wins_over_the_one_before(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "elsewhere.db"
    code, _, err = run(capsys, "--db", db, "experiment", "show", "--db", str(other))
    assert code == 2 and "elsewhere.db" in err  # the closer --db: a book that isn't there
