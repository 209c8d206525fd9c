"""The `coach` command: one-line errors, honest exit codes, data shown literally."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CONTACTS, calls_csv, run_main, write


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "book.db")
    assert (
        run_main(
            capsys, "import", "contacts", str(write(tmp_path / "c.csv", CONTACTS)), "--db", path
        )[0]
        == 0
    )
    assert (
        run_main(
            capsys, "import", "calls", str(write(tmp_path / "t.csv", calls_csv())), "--db", path
        )[0]
        == 0
    )
    return path


def test_an_import_says_what_it_did(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "c.csv", CONTACTS)
    code, out, _ = run_main(capsys, "import", "contacts", str(path), "--db", str(tmp_path / "b.db"))
    assert code == 0
    assert out.strip() == f"{path}: contacts: 10 added, 0 updated, 0 unchanged"


def test_skipped_rows_are_listed_and_the_exit_status_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "c.csv", "first_name,notes\nAna,\n,orphan note\n")
    code, out, err = run_main(
        capsys, "import", "contacts", str(path), "--db", str(tmp_path / "b.db")
    )
    assert code == 1
    assert err.strip() == f"{path}:3: skipped: no name, email or phone number"
    assert "1 added" in out and "1 skipped" in out


def test_many_problems_are_summarised_and_can_be_written_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "c.csv", "first_name,notes\n" + ",x\n" * 30)
    listing = tmp_path / "problems.txt"
    args = ("import", "contacts", str(path), "--db", str(tmp_path / "b.db"))
    code, _, err = run_main(capsys, *args)
    assert code == 1
    assert "… and 10 more (see them all with --problems FILE)" in err
    run_main(capsys, *args, "--problems", str(listing))
    assert len(listing.read_text().splitlines()) == 30


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "contacts", "{tmp}/missing.csv"], "no such file"),
        (["import", "contacts", "{tmp}/empty.csv"], "the file is empty"),
        (["import", "contacts", "{tmp}/c.csv", "--region", "XX"], "unknown region"),
        (["import", "contacts", "{tmp}/c.csv", "--map", "x=nonsense"], "unknown field"),
        (["import", "{tmp}/c.csv"], "say what"),
        (["lookup", "--db", "{tmp}/none.db", "mike"], "no contact book here yet"),
    ],
)
def test_a_bad_input_is_one_line_exit_2_and_leaves_no_book_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "empty.csv").write_text("")
    write(tmp_path / "c.csv", CONTACTS)
    book = tmp_path / "b.db"
    argv = [a.format(tmp=tmp_path) for a in args]
    if argv[0] == "import":
        argv += ["--db", str(book)]
    code, _, err = run_main(capsys, *argv)
    assert code == 2
    assert err.startswith("coach: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not book.exists()


def test_lookup_prints_who_it_is_and_why(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "lookup", "--db", db, "mike", "globx")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("1. Michael Okafor — Head of Operations, Globex Logistics")
    assert "(612) 555-0142" in lines[1]
    assert "voicemail yesterday about the dispatch delays" in out
    assert "nickname mike → michael" in out


def test_lookup_json_has_the_documented_shape(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "lookup", "--db", db, "--json", "--limit", "2", "jill")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "jill"
    hit = data["hits"][0]
    assert set(hit) >= {
        "name",
        "company",
        "title",
        "phones",
        "email",
        "last_touch",
        "touches",
        "score",
        "why",
    }
    assert hit["name"] == "Jill Konrath"
    assert set(hit["last_touch"]) >= {"when", "kind", "reason", "message"}
    assert isinstance(hit["score"], float) and isinstance(hit["touches"], int)


def test_batch_lookup_answers_one_json_line_per_query(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = write(tmp_path / "q.txt", "mike\n\n(612) 555-0142\n999 555 0000\n")
    code, out, _ = run_main(capsys, "lookup", "--db", db, "--batch", str(queries))
    assert code == 0
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["query"] for a in answers] == ["mike", "(612) 555-0142", "999 555 0000"]
    assert answers[1]["hits"][0]["name"] == "Michael Okafor"
    assert answers[2] == {"query": "999 555 0000", "new_caller": True, "hits": []}
    monkeypatch.setattr(sys, "stdin", io.StringIO(queries.read_text()))
    code, out, _ = run_main(capsys, "lookup", "--db", db, "--batch", "-")
    assert len(out.splitlines()) == 3


def test_an_unknown_number_is_a_new_caller(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "lookup", "--db", db, "(999) 555-0000")
    assert code == 1
    assert "New caller" in out and "full name and company" in out


def test_names_with_markup_or_escape_codes_print_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = str(tmp_path / "b.db")
    text = 'first_name,last_name,company\n[bold]Bob[/],"\x1b[31mRed\x1b[0m",Acme [i]Labs[/i]\n'
    run_main(capsys, "import", "contacts", str(write(tmp_path / "c.csv", text)), "--db", book)
    code, out, _ = run_main(capsys, "lookup", "--db", book, "bob")
    assert code == 0
    assert "[bold]Bob[/] \\x1b[31mRed\\x1b[0m — Acme [i]Labs[/i]" in out
    assert "\x1b" not in out


def test_the_demo_book_is_separate_and_labelled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.db"
    code, out, _ = run_main(capsys, "demo", "--db", str(book))
    assert code == 0 and "demo.db" in out
    assert not book.exists()
    code, out, _ = run_main(
        capsys, "lookup", "--db", str(tmp_path / "demo.db"), "--json", "-n", "9", "mike"
    )
    mikes = [h["name"] for h in json.loads(out)["hits"]]
    assert len([m for m in mikes if m.startswith(("Mike", "Michael"))]) >= 3
    code, out, _ = run_main(capsys, "overview", "--db", str(book))
    assert "DEMO BOOK" in out and "Likely callers" in out
    code, out, _ = run_main(capsys, "overview", "--db", str(tmp_path / "demo.db"))
    assert "DEMO BOOK" in out and "Likely callers" in out, "the demo by its path is labelled"
    assert not book.exists(), "a reader never creates it"


def test_lookup_does_not_load_click_sqlite_utils_or_textual(db: str) -> None:
    code = (
        "import sys; from coach.main import main; "
        f"main(['lookup', '--db', {db!r}, 'mike']); "
        "print(sorted(m for m in ('click', 'sqlite_utils', 'textual') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_lookup_help_and_bad_options(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "lookup", "--help")
    assert code == 0 and out.startswith("usage: coach lookup")
    code, _, err = run_main(capsys, "lookup", "--db", db, "--colour", "mike")
    assert code == 2 and "unknown option --colour" in err
    code, _, err = run_main(capsys, "lookup", "--db", db, "-n", "many", "mike")
    assert code == 2 and "--limit takes a whole number" in err
    code, out, _ = run_main(capsys, "lookup", f"--db={db}", "-n1", "--json", "mike")
    assert code == 0 and len(json.loads(out)["hits"]) == 1


def test_the_top_level_db_option_reaches_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COACH_DB", raising=False)
    book = tmp_path / "top.db"
    path = write(tmp_path / "c.csv", CONTACTS)
    code, _, _ = run_main(capsys, "--db", str(book), "import", "contacts", str(path))
    assert code == 0 and book.exists()
    code, out, _ = run_main(capsys, "--db", str(book), "lookup", "jill")
    assert code == 0 and "Jill Konrath" in out


def test_escape_codes_in_a_file_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "c.csv", "\x1b[31mRED,first_name\nx,Ana\n")
    argv = ["import", "contacts", str(path), "--db", str(tmp_path / "b.db"), "--map", "Nope=notes"]
    code, _, err = run_main(capsys, *argv)
    assert code == 2 and "\x1b" not in err and "\\x1b[31mRED" in err


def test_a_huge_limit_is_a_clear_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(capsys, "lookup", "--db", db, "-n", "99999999999999999999", "mike")
    assert code == 2 and "--limit must be between 1 and 1000" in err


def test_demo_never_replaces_a_book_that_is_not_a_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "demo.db"
    run_main(
        capsys, "import", "contacts", str(write(tmp_path / "c.csv", CONTACTS)), "--db", str(real)
    )
    code, _, err = run_main(capsys, "demo", "--db", str(tmp_path / "book.db"))
    assert code == 2 and "not a demo book" in err
    code, out, _ = run_main(capsys, "lookup", "--db", str(real), "jill")
    assert "Jill Konrath" in out


@pytest.mark.parametrize(
    "args",
    [["report"], ["experiment", "show"], ["export", "touches"], ["overview"], ["lookup", "mike"]],
)
def test_every_command_reads_the_demo_when_there_is_no_book_yet(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    """One rule: no --db and no book at the default place means the labelled demo."""
    monkeypatch.delenv("COACH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, out, err = run_main(capsys, *args)
    assert code == 0, err
    assert "DEMO" in out + err
    assert not (tmp_path / "data" / "callback-coach" / "book.db").exists()


def test_an_empty_lookup_is_a_usage_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "lookup", "--db", db, "")
    assert code == 2 and out == "" and "give a query" in err


def test_counts_read_as_english() -> None:
    from coach.text import plural

    assert [plural(n, "session") for n in (0, 1, 2)] == ["0 sessions", "1 session", "2 sessions"]


def test_a_reader_that_stops_early_is_not_an_error(db: str) -> None:
    """`coach lookup mike | head -1`: a real pipe whose reader goes away."""
    import subprocess

    from tests.helpers import COACH

    shell = f"{' '.join(COACH)} lookup --db {db} -n 50 mike | head -1"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.startswith("1. ")
    assert "Broken pipe" not in done.stderr and "Traceback" not in done.stderr


def test_coach_paths_says_where_everything_lives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """bridges.toml and the README name `coach paths`: it must exist and say every place."""
    book = tmp_path / "mine.db"
    code, out, _ = run_main(capsys, "paths", "--db", str(book))
    assert code == 0
    lines = dict(line.split(":", 1) for line in out.splitlines())
    assert lines["book"].strip() == f"{book}  (not there yet)"
    assert {"demo book", "settings", "bridge lines", "your drills", "follow-up drafts"} <= set(
        lines
    )
    assert not book.exists(), "saying where is not creating"


def test_a_fresh_machine_whose_coach_db_is_not_there_yet_opens_the_demo(tmp_path: Path) -> None:
    """The launch a newcomer makes: $COACH_DB names a book not made yet. Every reader falls
    back to the labelled demo beside it, and nothing creates the book itself."""
    import os

    from tests.helpers import coach

    book = tmp_path / "book.db"
    env = {**os.environ, "COACH_DB": str(book)}
    for args in (["overview"], ["lookup", "mike"], ["report"]):
        done = coach(*args, env=env)
        assert done.returncode == 0, done.stderr
        assert "DEMO" in done.stdout + done.stderr
    assert (tmp_path / "demo.db").exists() and not book.exists()


def test_the_app_launches_on_the_demo_when_coach_db_is_not_there_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.demo import book_or_demo
    from coach.errors import UserError

    monkeypatch.setenv("COACH_DB", str(tmp_path / "book.db"))
    assert book_or_demo(None) == (tmp_path / "demo.db", True)
    assert book_or_demo(str(tmp_path / "other.db")) == (tmp_path / "demo.db", True)
    with pytest.raises(UserError, match="no contact book here yet"):
        book_or_demo(str(tmp_path / "other.db"), strict=True)  # a report on a mistyped --db


def test_coach_settings_shows_and_sets_the_name_emails_are_signed_with(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_main(capsys, "settings")
    assert code == 0 and "your name:        (not set: emails go unsigned)" in out.splitlines()
    code, out, _ = run_main(capsys, "settings", "--name", "Sam Rivera")
    assert code == 0 and "your name:        Sam Rivera" in out.splitlines()
    code, out, err = run_main(capsys, "settings", "--name", "Sam\x1b[2J")
    assert code == 2 and out == ""
    assert err.strip() == (
        "coach: error: --name: [you] name must be one line of up to 80 printable characters"
    )
    code, out, _ = run_main(capsys, "settings")
    assert "your name:        Sam Rivera" in out.splitlines()  # the bad one changed nothing


def test_coach_settings_turns_the_whisper_on_and_off(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from coach import settings

    code, out, _ = run_main(capsys, "settings")
    assert "whisper on a pop: off" in out.splitlines()
    code, out, _ = run_main(capsys, "settings", "--whisper")
    assert code == 0 and "whisper on a pop: on" in out.splitlines()
    assert settings.current().whisper
    code, out, _ = run_main(capsys, "settings", "--no-whisper")
    assert "whisper on a pop: off" in out.splitlines()
    settings.path().write_text("[lookup]\nwhisper = 'loud'\n", encoding="utf-8")
    code, out, err = run_main(capsys, "settings")
    assert code == 2 and out == ""
    assert err.strip().endswith("[lookup] whisper must be true or false")
