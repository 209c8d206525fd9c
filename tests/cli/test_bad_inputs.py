"""Files that are not what they claim: refused in one line, never a hang or a guess."""

from __future__ import annotations

import os
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.book import Book
from coach.errors import UserError
from coach.importers import import_calls, import_contacts
from coach.importers.csvfile import decode
from tests.helpers import CONTACTS, coach, write


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coach: error: "), lines
    return lines[0]


@pytest.mark.parametrize("kind", ["fifo", "zero", "null", "folder"])
@pytest.mark.parametrize("command", ["contacts", "calls", "vcard", "batch"])
def test_what_is_not_a_file_is_refused_before_it_is_read(
    tmp_path: Path, kind: str, command: str
) -> None:
    db = tmp_path / "book.db"
    with Book.open(db) as store:
        import_contacts(store, write(tmp_path / "c.csv", CONTACTS))
    target = {
        "fifo": tmp_path / "pipe.csv",
        "zero": Path("/dev/zero"),
        "null": Path("/dev/null"),
        "folder": tmp_path / "folder.vcf",
    }[kind]
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    args = {
        "contacts": ("import", "contacts", "--db", str(db), str(target)),
        "calls": ("import", "calls", "--db", str(db), str(target)),
        "vcard": ("import", "vcard", "--db", str(db), str(target)),
        "batch": ("lookup", "--db", str(db), "--batch", str(target)),
    }[command]
    line = one_error_line(coach(*args))
    assert str(target) in line
    expected = {"fifo": "a named pipe", "zero": "a device", "null": "a device"}
    assert expected.get(kind, "a folder") in line
    with Book.open_readonly(db) as book:
        assert book.count_contacts() == 10 and book.count_touches() == 0


def test_an_absurdly_long_line_is_refused_with_its_line_number(tmp_path: Path) -> None:
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Silva\nNOTE:" + "x" * (3 << 20) + "\nEND:VCARD\n"
    path = tmp_path / "big.vcf"
    path.write_text(card)
    line = one_error_line(coach("--db", str(tmp_path / "b.db"), "import", str(path)))
    assert f"{path}:4: a line of over 1 MiB" in line
    assert not (tmp_path / "b.db").exists()  # nothing left behind


def test_utf8_with_one_bad_byte_is_refused_at_that_byte(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("first_name,last_name\nJosé,Müller\nAna,Silva\n".encode() + b"Bj\xf6rn,Berg\n")
    line = one_error_line(coach("import", "contacts", "--db", str(tmp_path / "b.db"), str(path)))
    assert f"{path}:4:3: invalid UTF-8 (byte 0xF6)" in line
    assert not (tmp_path / "b.db").exists()


def test_a_file_with_no_utf8_at_all_is_read_as_cp1252_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("first_name,last_name\nJosé,Müller\n".encode("cp1252"))
    done = coach("import", "contacts", "--db", str(tmp_path / "b.db"), str(path))
    assert done.returncode == 0, done.stderr
    assert "(read as cp1252: the file is not UTF-8)" in done.stdout
    with Book.open_readonly(tmp_path / "b.db") as book:
        (contact,) = book.contacts([1]).values()
    assert (contact.first_name, contact.last_name) == ("José", "Müller")


@given(st.binary(max_size=300))
def test_decoding_never_guesses_silently(data: bytes) -> None:
    try:
        text, encoding = decode(data, Path("f.csv"))
    except UserError:
        return
    try:
        as_utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    if as_utf8 is not None and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        assert text == as_utf8.removeprefix("\ufeff") and encoding.startswith("utf-8")
    else:
        # Read as something else only when nothing in it is UTF-8, and it says which.
        assert encoding in ("cp1252", "latin-1", "utf-16")


def test_touches_far_ahead_or_before_1900_are_reported_not_stored(
    book: Book, tmp_path: Path
) -> None:
    now = time.time()
    ahead = datetime.fromtimestamp(now + 3 * 86400).isoformat(timespec="seconds")
    soon = datetime.fromtimestamp(now + 3600).isoformat(timespec="seconds")
    csv = write(
        tmp_path / "odd.csv",
        "contact_id,when,kind,reason\n"
        f"C1,{ahead},call,from the future\n"
        "C2,0001-01-01,call,placeholder date\n"
        "C3,1899-12-31,call,too old\n"
        f"C4,{soon},call,an hour ahead (clock skew)\n",
    )
    before = book.count_touches()
    report = import_calls(book, csv)
    assert report.added == 1
    reasons = {p.where: p.reason for p in report.problems}
    assert "dated in the future" in reasons[f"{csv}:2:2"]
    assert "before 1900" in reasons[f"{csv}:3:2"]
    assert "before 1900" in reasons[f"{csv}:4:2"]
    assert book.count_touches() == before + 1
    assert all(t.ts <= now + 86400 for t in book.likely_callers(20))
    assert timedelta(0) < timedelta(seconds=86400)
