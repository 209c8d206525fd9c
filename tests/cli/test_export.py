"""`coach export`: formula cells neutralised in CSV, JSON verbatim, files complete or absent."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from coach import export
from coach.book import Book
from coach.cli.root import cli
from coach.errors import UserError
from coach.lookup.phones import parse_phone
from coach.main import main
from coach.models import ContactIn, SessionRecord, TouchIn
from coach.practice import delivery
from coach.practice.transcript import Turn

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1 555", "-2+3", "@SUM(A1)", "\tx", "\r=1"]
HOSTILE = {
    "name": '=HYPERLINK("http://x","y")',
    "company": "-2+3",
    "reason": "+1 555",
    "outcome": "@SUM(A1)",
    "message": "=1+1",
}
FORMULA_FIRST = {"=", "+", "-", "@", "\t", "\r"}
TS = 4_000_000_000  # 2096: after every fixture touch, whenever the tests run


# ------------------------------------------------------------------ neutralise
@pytest.mark.parametrize("cell", DANGEROUS)
def test_a_formula_cell_gets_a_leading_quote(cell: str) -> None:
    assert export.neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", "Alice", "1+1", " =1", "'=1", "a=b", "42", "2026-01-02"])
def test_a_safe_cell_is_left_alone(cell: str) -> None:
    assert export.neutralise(cell) == cell


@given(st.text(alphabet=st.sampled_from("=+-@\t\r'a1 \n")) | st.text())
def test_neutralised_text_never_starts_a_formula(cell: str) -> None:
    out = export.neutralise(cell)
    assert out[:1] not in FORMULA_FIRST
    if cell[:1] in FORMULA_FIRST:
        assert out == "'" + cell
    else:
        assert out == cell


@given(st.integers(min_value=0, max_value=4_000_000_000))
def test_local_times_read_back_as_the_same_instant(ts: int) -> None:
    assert datetime.fromisoformat(export.local_iso(ts)).timestamp() == ts


# ---------------------------------------------------------------------- fixtures
def invoke(*args: str) -> Result:
    """click's CliRunner, not tests.helpers.run_main: these tests check the very exception
    the command raised (``result.exception``), which coach.main would turn into a line."""
    return CliRunner().invoke(cli, list(args))


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture
def hostile(book: Book) -> int:
    """A contact and a touch whose every text field would run in a spreadsheet."""
    cid = book.add_contact(
        ContactIn(
            0,
            first_name=HOSTILE["name"],
            company=HOSTILE["company"],
            email="formula@evil.example",
            phones=[parse_phone("+1 612 555 0100")],
        )
    )
    book.log_touch(
        cid,
        TouchIn(0, TS, "call", HOSTILE["outcome"], HOSTILE["reason"], HOSTILE["message"]),
    )
    return cid


def item(passed: bool, evidence: str | None, overridden: bool = False) -> dict[str, object]:
    return {
        "passed": passed,
        "evidence": evidence,
        "tip": "",
        "weight": 1.0,
        "overridden": overridden,
    }


@pytest.fixture
def sessions(book: Book) -> list[SessionRecord]:
    first = SessionRecord(
        "callback-basics",
        "=Callback drill",
        "callback",
        TS,
        93.5,
        4.0,
        [["Rep", "Hi, who am I speaking with?"], ["Dana", "@you called me"]],
        {
            "asked_who": item(True, "who am I speaking with"),
            "named_reason": item(False, None, overridden=True),
        },
        60,
        delivery=delivery.kept(
            delivery.measure(
                [
                    Turn("Rep", "Hi, who am I speaking with?", 0.0, 0, 2.0),
                    Turn("Dana", "@you called me", 2.5, 0, 4.0),
                ],
                "Rep",
                basis="drill",
            )
        ),
    )
    second = SessionRecord(
        "meeting-end",
        "Wrap-up",
        "meeting_end",
        TS + 60,
        30.0,
        None,
        [["Rep", "So to recap"]],
        {"recap": item(True, "So to recap", overridden=True)},
        100,
    )
    return [s._replace(id=book.save_session(s)) for s in (first, second)]


# ------------------------------------------------------------------------- touches
def test_touches_csv_neutralises_every_formula_cell(db_path: Path, hostile: int) -> None:
    result = invoke("export", "touches", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    header, *rows = rows_of(result.stdout)
    assert tuple(header) == export.TOUCH_COLUMNS
    assert len(rows) == 11  # the fixture's ten touches and the hostile one, the newest
    row = dict(zip(header, rows[-1], strict=True))
    for field, value in HOSTILE.items():
        cell = row["contact" if field == "name" else field]
        assert cell == "'" + value
    assert row["phone"] == "'+16125550100"
    assert row["contact_id"] == str(hostile)
    assert row["when"] == export.local_iso(TS)
    assert not any(cell[:1] in FORMULA_FIRST for r in rows for cell in r)


def test_touches_come_oldest_first_with_who_they_were(db_path: Path, book: Book) -> None:
    result = invoke("export", "touches", "--db", str(db_path))
    header, *rows = rows_of(result.stdout)
    whens = [datetime.fromisoformat(r[0]) for r in rows]
    assert whens == sorted(whens)
    newest = dict(zip(header, rows[-1], strict=True))
    assert newest["contact"] == "Michael Okafor"
    assert newest["company"] == "Globex Logistics"
    assert newest["email"] == "m.okafor@globex.example"
    assert newest["phone"] == "'+16125550142"
    assert newest["kind"] == "voicemail"


def test_touches_json_keeps_the_text_verbatim(db_path: Path, hostile: int) -> None:
    result = invoke("export", "touches", "--format", "json", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)
    assert len(objects) == 11
    last = objects[-1]
    assert list(last) == list(export.TOUCH_COLUMNS)
    assert last["contact"] == HOSTILE["name"]
    assert last["company"] == HOSTILE["company"]
    assert (last["reason"], last["outcome"], last["message"]) == (
        HOSTILE["reason"],
        HOSTILE["outcome"],
        HOSTILE["message"],
    )
    assert last["phone"] == "+16125550100"
    assert last["contact_id"] == hostile


def test_an_empty_json_export_is_an_empty_list(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Book.open(db).close()
    for kind in ("touches", "sessions"):
        result = invoke("export", kind, "--format", "json", "--db", str(db))
        assert json.loads(result.stdout) == []


def test_touches_stream_from_the_store(book: Book) -> None:
    touches = book.export_touches(batch=3)
    first = next(touches)
    assert len(first) == 11
    assert len(list(touches)) == 9
    assert iter(touches) is touches  # a generator, not a list


# ------------------------------------------------------------------------ sessions
def test_sessions_csv_has_a_column_per_rubric_item(
    db_path: Path, sessions: list[SessionRecord]
) -> None:
    result = invoke("export", "sessions", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    header, *rows = rows_of(result.stdout)
    assert header == [
        *export.SESSION_HEAD,
        "asked_who",
        "asked_who_evidence",
        "named_reason",
        "named_reason_evidence",
        "recap",
        "recap_evidence",
        *export.DELIVERY_COLUMNS,
        "transcript",
    ]
    first, second = (dict(zip(header, r, strict=True)) for r in rows)
    assert first["id"] == str(sessions[0].id)
    assert first["started"] == export.local_iso(TS)
    assert first["title"] == "'=Callback drill"
    assert (first["score"], first["duration_s"], first["identify_s"]) == ("60", "93.5", "4.0")
    assert (first["asked_who"], first["asked_who_evidence"]) == ("pass", "who am I speaking with")
    assert (first["named_reason"], first["named_reason_evidence"]) == ("miss (overridden)", "")
    assert (first["recap"], first["recap_evidence"]) == ("", "")
    assert first["transcript"] == "Rep: Hi, who am I speaking with?\nDana: @you called me"
    # 6 of the 9 words; a question.
    assert (first["talk_share_words"], first["rep_questions"]) == ("0.667", "1")
    assert first["talk_share"] == "" and first["rep_wpm"] == ""  # typed: no talk by time
    assert second["talk_share"] == "" and second["fillers"] == ""  # kept before measuring
    assert second["recap"] == "pass (overridden)"
    assert second["identify_s"] == ""
    assert second["asked_who"] == ""


def test_sessions_json_carries_items_and_transcript_whole(
    db_path: Path, sessions: list[SessionRecord]
) -> None:
    result = invoke("export", "sessions", "--format", "json", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)
    assert [o["id"] for o in objects] == [s.id for s in sessions]
    first = objects[0]
    assert first["title"] == "=Callback drill"
    assert first["items"] == sessions[0].items
    assert first["transcript"] == sessions[0].transcript
    assert first["identify_s"] == 4.0 and objects[1]["identify_s"] is None
    assert tuple(first["delivery"]) == delivery.KEYS and first["delivery"]["basis"] == "drill"
    assert objects[1]["delivery"] is None
    assert first["started"] == export.local_iso(TS)


# -------------------------------------------------------------------------- --output
def test_output_writes_an_owner_only_file(db_path: Path, hostile: int, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = invoke("export", "touches", "--db", str(db_path), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Wrote 11 touches to {target}." in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"when,kind,")
    assert len(rows_of(target.read_text(encoding="utf-8"))) == 12


def test_output_refuses_an_existing_file_without_force(
    book: Book, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    target.write_text("keep me")
    target.chmod(0o644)
    args = ("export", "touches", "--format", "json", "--db", str(db_path), "-o", str(target))
    result = invoke(*args)
    assert isinstance(result.exception, UserError)
    assert str(target) in str(result.exception) and "--force" in str(result.exception)
    assert target.read_text() == "keep me"
    result = invoke(*args, "--force")
    assert result.exit_code == 0, result.output
    assert len(json.loads(target.read_text())) == 10
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert list(tmp_path.glob(".out.json*")) == []  # no temporary file left


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("{tmp}", "is a folder"),
        ("{tmp}/missing/out.csv", "no such folder"),
        ("{tmp}/book.db", "is the book itself"),
    ],
)
def test_bad_targets_are_one_line_errors(
    book: Book,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    where: str,
    message: str,
) -> None:
    target = where.format(tmp=tmp_path)
    code = main(["export", "touches", "--db", str(db_path), "-o", target, "--force"])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith(f"coach: error: {target}: ")
    assert message in err and err.count("\n") == 1


def test_an_unwritable_folder_is_a_one_line_error(
    book: Book, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # root writes anywhere: a folder no one can write in
        folder.chmod(0o700)
        folder = Path("/proc")
    try:
        code = main(["export", "touches", "--db", str(db_path), "-o", str(folder / "x.csv")])
    finally:
        if folder != Path("/proc"):
            folder.chmod(0o700)
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith(f"coach: error: {folder / 'x.csv'}: cannot write here")
    assert not (folder / "x.csv").exists()


@pytest.mark.parametrize("error", [RuntimeError("the disk caught fire"), KeyboardInterrupt()])
def test_nothing_is_left_behind_when_writing_fails(
    db_path: Path,
    book: Book,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
) -> None:
    touch_rows = export.touch_rows

    def failing(rows: Iterable[export.TouchExportRow]) -> Iterator[list[str]]:
        for n, row in enumerate(touch_rows(rows)):
            if n == 3:
                raise error
            yield row

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(export, "touch_rows", failing)
    result = invoke("export", "touches", "--db", str(db_path), "-o", str(out / "t.csv"))
    assert result.exit_code != 0
    assert list(out.iterdir()) == []


def test_control_characters_are_shown_not_obeyed_on_a_terminal() -> None:
    from coach.cli.export_commands import _Stdout

    raw = io.BytesIO()
    _Stdout(raw, terminal=True).write('a\x1b[2Jb\rc,"x\ny"\r\n')
    assert raw.getvalue() == b'a\\x1b[2Jb\\x0dc,"x\ny"\r\n'
    raw = io.BytesIO()
    _Stdout(raw, terminal=False).write("a\x1bb\r\n")
    assert raw.getvalue() == b"a\x1bb\r\n"
