"""Importers refuse bad inputs in one line (what and where), and never guess an encoding
silently: files that are not files, absurd sizes, broken UTF-8, impossible dates."""

from __future__ import annotations

import base64
import builtins
import io
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st

import coach.importers.csvfile as csvfile
import coach.userfile as userfile
from coach.book import Book
from coach.errors import UserError
from coach.importers import import_contacts, import_vcards
from coach.importers.calls import CellError, TouchReader, _utc_offset, parse_when
from coach.importers.columns import map_columns
from coach.importers.csvfile import decode
from coach.importers.summary import ImportReport
from coach.userfile import MAX_BYTES, read_bytes
from tests.helpers import CONTACTS, coach, run_main, write


def one_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coach: error: "), lines
    assert "Traceback" not in done.stderr
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A book holding the ten fixture contacts and no touches."""
    path = tmp_path / "book.db"
    with Book.open(path) as store:
        import_contacts(store, write(tmp_path / "seed.csv", CONTACTS))
    return path


def book_unchanged(db: Path) -> bool:
    with Book.open_readonly(db) as book:
        return book.count_contacts() == 10 and book.count_touches() == 0


# --- 1. What is not a regular file is refused by stat, before it is opened ------------


def not_a_file(tmp_path: Path, kind: str, suffix: str) -> Path:
    if kind == "fifo":
        os.mkfifo(path := tmp_path / f"pipe{suffix}")
    elif kind == "folder":
        (path := tmp_path / f"folder{suffix}").mkdir()
    elif kind == "missing":
        path = tmp_path / f"missing{suffix}"
    else:
        path = Path(f"/dev/{kind}")
    return path


WHAT = {
    "fifo": "this is a named pipe",
    "zero": "this is a device",
    "null": "this is a device",
    "folder": "this is a folder",
    "missing": "no such file",
}


@pytest.mark.parametrize("kind", list(WHAT))
@pytest.mark.parametrize(
    "command",
    [
        ("import", "contacts"),
        ("import", "calls"),
        ("import",),
        ("import", "vcard"),
        ("lookup", "--batch"),
    ],
    ids=["contacts", "calls", "vcf", "vcard", "batch"],
)
def test_not_a_file_is_one_line_and_the_book_is_untouched(
    tmp_path: Path, db: Path, kind: str, command: tuple[str, ...]
) -> None:
    target = not_a_file(tmp_path, kind, ".vcf" if command == ("import",) else ".csv")
    line = one_error(coach("--db", str(db), *command, str(target)))
    if command == ("import",) and kind in ("zero", "null"):
        # `coach import FILE` goes by the .vcf suffix: a device is asked what it holds.
        assert line.startswith(f"coach: error: say what {target} holds"), line
    else:
        assert line.startswith(f"coach: error: {target}: {WHAT[kind]}"), line
    assert book_unchanged(db)


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder"])
def test_not_a_file_is_never_opened(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = not_a_file(tmp_path, kind, ".csv")
    opened: list[object] = []

    def spy_open(*args: object, **kwargs: object) -> int:
        opened.append(args)
        raise OSError("opened")

    # Every way in: an open that got through would block on the pipe, not fail.
    monkeypatch.setattr(os, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(builtins, "open", spy_open)
    with pytest.raises(UserError) as caught:
        read_bytes(target)
    assert caught.value.where == str(target) and "not a file to read" in caught.value.message
    assert opened == []


def test_batch_from_stdin_stays_allowed(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("okafor\n"))
    status, out, err = run_main(capsys, "lookup", "--db", str(db), "--batch", "-")
    assert status == 0 and '"Michael Okafor"' in out and err == ""


# --- 2. Absurd sizes: refused with where, in bounded memory ---------------------------


def test_a_ten_mb_vcard_line_is_refused_at_its_line(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "huge.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Silva\nNOTE:" + "x" * (10 << 20) + "\nEND:VCARD\n"
    )
    line = one_error(coach("--db", str(db), "import", str(path)))
    assert line == f"coach: error: {path}:4: a line of over 1 MiB: this is not a contacts file"
    assert book_unchanged(db)


def test_a_long_line_is_refused_after_reading_little_of_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(b"first_name,last_name\nAna,Silva\n" + b"y" * (20 << 20) + b"\n")
    tracemalloc.start()
    try:
        with pytest.raises(UserError) as caught:
            read_bytes(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.where == f"{path}:3"
    assert "a line of over 1 MiB" in caught.value.message
    assert peak < 8 << 20  # the file is 20 MiB: it was not read whole


def test_lines_of_exactly_one_mib_are_fine(tmp_path: Path) -> None:
    # Several lines right at the limit, across the 1 MiB pieces the file is read in.
    data = b"".join(bytes([97 + n]) * (1 << 20) + b"\n" for n in range(3))
    path = tmp_path / "wide.csv"
    path.write_bytes(data)
    assert read_bytes(path) == data
    path.write_bytes(data + b"z" * ((1 << 20) + 1))
    with pytest.raises(UserError) as caught:
        read_bytes(path)
    assert caught.value.where == f"{path}:4"


@given(st.lists(st.sampled_from([b"a", b"bb", b"\n", b"\r\n"]), max_size=60), st.integers(1, 9))
def test_line_lengths_are_checked_like_splitting_would(parts: list[bytes], chunk: int) -> None:
    """With the limit and the pieces shrunk, the streaming check agrees with the obvious
    one (split on newlines, first line over the limit) wherever the pieces fall."""
    data = b"".join(parts)
    limit = 8
    lengths = [len(line) for line in data.split(b"\n")]
    too_long = next((n for n, length in enumerate(lengths, 1) if length > limit), None)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as mp:
        mp.setattr(userfile, "MAX_LINE", limit)
        mp.setattr(userfile, "_CHUNK", min(chunk, limit))
        path = Path(folder) / "f.csv"
        path.write_bytes(data)
        if too_long is None:
            assert read_bytes(path) == data
        else:
            with pytest.raises(UserError) as caught:
                read_bytes(path)
            assert caught.value.where == f"{path}:{too_long}"


def test_a_file_over_the_size_cap_is_refused_by_stat(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "sparse.csv"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no disk or memory spent
    line = one_error(coach("--db", str(db), "import", "contacts", str(path)))
    assert line.startswith(f"coach: error: {path}: ") and "too large" in line
    assert book_unchanged(db)


def folded(text: str, width: int = 75) -> str:
    return "\n ".join(text[i : i + width] for i in range(0, len(text), width))


PHOTO = base64.b64encode(os.urandom(400_000)).decode()  # ~530 KB of base64


@pytest.mark.parametrize(
    "photo",
    [
        "PHOTO;ENCODING=b;TYPE=JPEG:" + folded(PHOTO),  # vCard 3.0, folded
        "item1.LOGO;VALUE=uri:data:image/png;base64," + PHOTO,  # one 530 KB line
        # vCard 2.1 as old phones write it: unindented base64, then a blank line.
        "PHOTO;ENCODING=BASE64;JPEG:\n" + "\n".join(PHOTO[i : i + 76] for i in range(0, 8000, 76)),
        "KEY;ENCODING=b:" + folded(PHOTO[:5000]) + "\nSOUND;VALUE=uri:https://x.example/s",
    ],
    ids=["photo-3.0", "logo-one-line", "photo-2.1", "key-and-sound"],
)
def test_binary_properties_never_reach_vobject(
    tmp_path: Path, db: Path, photo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = (
        "BEGIN:VCARD\nVERSION:3.0\nN:Silva;Ana;;;\n"
        + photo
        + "\n\nTEL;TYPE=CELL:+1 612 555 0190\nEMAIL:ana@silva.example\nEND:VCARD\n"
    )
    path = write(tmp_path / "ana.vcf", card)
    fed: list[str] = []
    read_one = vobject.readOne

    def spy(block: str) -> object:
        fed.append(block)
        return read_one(block)

    monkeypatch.setattr(vobject, "readOne", spy)
    with Book.open(db) as store:
        report = import_vcards(store, path)
        everyone = store.contacts(list(range(1, 20))).values()
    (found,) = [c for c in everyone if c.last_name == "Silva"]
    assert (report.added, list(report.problems)) == (1, [])
    assert found.email == "ana@silva.example" and found.phones[0].e164 == "+16125550190"
    assert len(fed) == 1 and len(fed[0]) < 500
    assert not any(word in fed[0] for word in ("PHOTO", "LOGO", "KEY", "SOUND"))


# --- 3. Encodings are never guessed silently -----------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".vcf"])
def test_utf8_with_a_bad_byte_is_refused_at_its_line_and_column(
    tmp_path: Path, db: Path, suffix: str
) -> None:
    if suffix == ".csv":
        good = "first_name,last_name\nJosé,Müller\n"
        bad = b"Ren\xe9,Dubois\n"  # cp1252 é in an otherwise UTF-8 file
        at = "3:4"
    else:
        good = "BEGIN:VCARD\nVERSION:3.0\nFN:José Müller\nEND:VCARD\nBEGIN:VCARD\n"
        bad = b"FN:Ren\xe9 Dubois\nEND:VCARD\n"
        at = "6:7"
    path = tmp_path / f"people{suffix}"
    path.write_bytes(good.encode() + bad)
    how = ("contacts",) if suffix == ".csv" else ()
    line = one_error(coach("--db", str(db), "import", *how, str(path)))
    assert line.startswith(f"coach: error: {path}:{at}: invalid UTF-8 (byte 0xE9)"), line
    assert book_unchanged(db)


@pytest.mark.parametrize("suffix", [".csv", ".vcf"])
def test_a_cp1252_file_is_read_as_such_and_says_so(
    tmp_path: Path, db: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "first_name,last_name,email\nJosé,Müller,jm@x.example\n"
        if suffix == ".csv"
        else "BEGIN:VCARD\nVERSION:3.0\nN:Müller;José;;;\nEMAIL:jm@x.example\nEND:VCARD\n"
    )
    path = write(tmp_path / f"excel{suffix}", text, "cp1252")
    how = ("contacts",) if suffix == ".csv" else ()
    status, out, err = run_main(capsys, "--db", str(db), "import", *how, str(path))
    assert status == 0, err
    said = "1 added, 0 updated, 0 unchanged (read as cp1252: the file is not UTF-8)"
    assert out.strip().endswith(said)
    with Book.open_readonly(db) as book:
        names = {(c.first_name, c.last_name) for c in book.contacts(list(range(1, 20))).values()}
    assert ("José", "Müller") in names


def test_the_summary_names_the_encoding_only_when_it_is_not_utf8() -> None:
    assert "read as" not in ImportReport("f.csv", "contacts", 1).summary()
    assert "read as" not in ImportReport("f.csv", "contacts", encoding="utf-8-sig").summary()
    utf16 = ImportReport("f.vcf", "contacts", encoding="utf-16-be").summary()
    assert utf16.endswith("(read as UTF-16, the encoding it is saved in)")
    said = ImportReport("f.csv", "contacts", 1, encoding="latin-1").summary()
    assert said == (
        "f.csv: contacts: 1 added, 0 updated, 0 unchanged (read as latin-1: the file is not UTF-8)"
    )


TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00\r"))


@given(TEXT, TEXT, st.sampled_from([b"\xff", b"\xe9", b"\x80", b"\xc3(", b"\xed\xa0\x80"]))
def test_a_broken_byte_is_named_where_it_is(before: str, after: str, bad: bytes) -> None:
    head = "name,é\n" + before
    data = head.encode() + bad + after.encode()
    with pytest.raises(UserError) as caught:
        decode(data, Path("f.csv"))
    line = head.count("\n") + 1
    column = len(head) - (head.rfind("\n") + 1) + 1
    assert caught.value.where == f"f.csv:{line}:{column}"
    assert caught.value.message.startswith(f"invalid UTF-8 (byte 0x{bad[0]:02X})")


@given(st.text(st.characters(min_codepoint=1, max_codepoint=255, exclude_characters="\r")))
def test_only_a_file_without_utf8_is_read_as_cp1252(text: str) -> None:
    data = text.encode("latin-1")
    try:
        decoded, encoding = decode(data, Path("f.csv"))
    except UserError as exc:
        # Refused only as a binary file or at a named byte, never guessed.
        assert exc.where is not None
        return
    if encoding.startswith("utf-8"):
        assert decoded == data.decode("utf-8-sig")
    else:
        assert encoding in ("cp1252", "latin-1") and csvfile._UTF8_SEQUENCE.search(data) is None


# --- 4. Dates: nothing far ahead, nothing before 1900, never a traceback -------------

PINNED = datetime(2026, 11, 20, 12, 0).timestamp()


def reader() -> TouchReader:
    cmap = map_columns(["contact_id", "when", "kind"], "calls", {}, "f.csv")
    return TouchReader(cmap, "US", now=PINNED)


@pytest.mark.parametrize(
    ("when", "problem"),
    [
        ("2026-11-21T13:00", "dated in the future: '2026-11-21T13:00' is more than a day ahead"),
        ("2099-01-01", "dated in the future"),
        ("9999-12-31T23:59:59", "dated in the future"),
        ("0000-01-01", "'0000-01-01' is before 1900: not a date a call was logged on"),
        ("1899-12-31", "is before 1900"),
        ("31/12/0001", "is before 1900"),
        ("12/31/0001 10:00 AM", "is before 1900"),
        ("0001-01-01T00:00:00+14:00", "is before 1900"),
        ("00/00/0000", "is before 1900"),
    ],
)
def test_a_touch_far_ahead_or_before_1900_is_a_problem_in_its_column(
    when: str, problem: str
) -> None:
    with pytest.raises(CellError) as caught:
        reader()(2, ["C1", when, "call"])
    assert caught.value.column == 1 and problem in str(caught.value)


@pytest.mark.parametrize("when", ["2026-11-21T11:00", "2026-11-20", "1900-01-01", "11/19/2026"])
def test_within_a_day_ahead_and_from_1900_on_are_kept(when: str) -> None:
    assert reader()(2, ["C1", when, "call"]).ts == parse_when(when, "US")


@pytest.fixture
def far_west_zone() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "Etc/GMT+12")
        time.tzset()
        _utc_offset.cache_clear()
        yield
    time.tzset()
    _utc_offset.cache_clear()


def test_the_last_moment_of_9999_is_a_time_not_an_overflow(far_west_zone: None) -> None:
    assert parse_when("9999-12-31T23:59:59") == 253402300799 + 12 * 3600


@given(st.text(max_size=40))
def test_parse_when_raises_only_value_error(text: str) -> None:
    try:
        parse_when(text, "GB")
    except ValueError as exc:
        assert "out of range" not in str(exc)


def test_calls_file_with_impossible_dates_reports_where(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path / "odd.csv",
        "contact_id,when,kind\nC1,2999-01-01,call\nC2,0000-01-01,call\nC3,31/12/0001,call\n"
        f"C4,{datetime.now().isoformat(timespec='seconds')},call\n",
    )
    status, out, err = run_main(capsys, "import", "calls", "--db", str(db), str(path))
    assert status == 1 and "Traceback" not in err
    assert f"{path}:2:2: skipped: dated in the future: '2999-01-01'" in err
    assert f"{path}:3:2: skipped: '0000-01-01' is before 1900" in err
    assert f"{path}:4:2: skipped: '31/12/0001' is before 1900" in err
    assert "1 added" in out
    with Book.open_readonly(db) as book:
        assert book.count_touches() == 1
