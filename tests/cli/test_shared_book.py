"""The book stays whole while other programs use it: proven with real second processes.

Each test runs `coach` commands and the `sqlite3` shell as separate processes against a
book that the app (Pilot, in this process) or another `coach` holds open, and checks the
book with SQLite's own integrity check and exact row counts afterwards.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from coach.book import MIGRATIONS, Book
from coach.tui.app import CoachApp
from tests.helpers import COACH, CONTACTS, coach, drain, make_book, spawn_app, wait_for, write
from tests.tui.pilot import settle as settle_pilot


def sqlite_shell() -> str:
    found = shutil.which("sqlite3")
    if found is None:
        pytest.fail("the sqlite3 shell is missing: run `make tools` (CI installs it)")
    return found


def shell(db: Path, sql: str) -> str:
    """What the `sqlite3` shell prints for ``sql`` (a separate process, its own locks)."""
    done = subprocess.run(
        [sqlite_shell(), "-batch", "-cmd", ".timeout 20000", str(db), sql],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def integrity(db: Path) -> str:
    return shell(db, "PRAGMA integrity_check;")


def app_on_book(folder: Path) -> tuple[Path, CoachApp]:
    """The fixture book in ``folder``, and the app (not yet running) over it."""
    db = folder / "book.db"
    make_book(db, folder)
    return db, CoachApp(db)


def touches_csv(path: Path, rows: int, start: datetime, tag: str) -> Path:
    """``rows`` distinct calls spread over the ten fixture contacts, a minute apart."""
    lines = ["contact_id,when,kind,outcome,reason,message"]
    for i in range(rows):
        when = (start + timedelta(minutes=i)).isoformat(timespec="seconds")
        lines.append(f"C{i % 10 + 1},{when},call,,{tag} {i},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def settle(pilot: Pilot[None]) -> None:
    """Settle, waiting up to a minute for the app's writes (other processes hold the book)."""
    await settle_pilot(pilot, timeout=60, need_writes=True)


async def run_in_thread(fn: object, *args: object) -> object:
    return await asyncio.to_thread(fn, *args)  # type: ignore[arg-type]


async def test_the_app_and_other_programs_share_the_book(tmp_path: Path) -> None:
    """The app writes notes and callbacks while `coach lookup`, `overview`, `followups`,
    `import calls` and the sqlite3 shell use the same book, again and again."""
    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    base_touches = int(shell(db, "SELECT count(*) FROM touches;"))
    app = CoachApp(db)
    imported = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for round_ in range(3):
            # The app writes: a callback (F2) and a note (F3) on Michael Okafor.
            pilot.app.screen.query_one("#query", Input).value = "okafor"
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            # Visible to another process as soon as the write has returned.
            callbacks = shell(db, "SELECT count(*) FROM touches WHERE kind = 'callback';")
            assert int(callbacks) == round_ * 2 + 1
            await pilot.press("f3")
            await pilot.pause()
            area = pilot.app.screen.query_one("#notes", TextArea)
            area.insert(f" round {round_}")
            await settle(pilot)
            notes = shell(db, "SELECT notes FROM contacts WHERE source_id = 'C1';")
            assert notes.endswith(f"round {round_}")
            await pilot.press("escape")
            await settle(pilot)

            # Other programs, each a process of its own.
            for args in (
                ("lookup", "--db", str(db), "mike"),
                ("overview", "--db", str(db)),
                ("followups", "--db", str(db)),
            ):
                done = await run_in_thread(coach, *args)
                assert isinstance(done, subprocess.CompletedProcess)
                assert done.returncode == 0, (args, done.stderr)
            csv = touches_csv(
                tmp_path / f"more{round_}.csv", 50, datetime(2026, 3, 1 + round_, 9), f"r{round_}"
            )
            done = await run_in_thread(coach, "import", "calls", "--db", str(db), str(csv))
            assert isinstance(done, subprocess.CompletedProcess)
            assert done.returncode == 0, done.stderr
            imported += 50
            assert shell(db, "SELECT count(*) FROM contacts;") == "10"
            # The app's own write-ahead log is still there: nobody took it from under it.
            assert (tmp_path / "book.db-wal").exists()

            # And the app still sees what the others wrote, and still writes.
            pilot.app.screen.query_one("#query", Input).value = "castellanos"
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            assert (
                int(shell(db, "SELECT count(*) FROM touches WHERE kind = 'callback';"))
                == (round_ + 1) * 2
            )
    assert integrity(db) == "ok"
    total = int(shell(db, "SELECT count(*) FROM touches;"))
    assert total == base_touches + imported + 3 * 2
    notes = shell(db, "SELECT notes FROM contacts WHERE source_id = 'C1';")
    assert notes == "round 0 round 1 round 2"  # (the shell's output is stripped)


def all_at_once(commands: list[tuple[str, ...]]) -> list[str]:
    """Start every `coach` command at once; each must succeed. Returns their stderr."""
    procs = [
        subprocess.Popen([*COACH, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in commands
    ]
    errors = []
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        errors.append(err)
    return errors


def test_four_imports_at_once_all_land(tmp_path: Path) -> None:
    """Four `coach import` processes into one new book at the same moment: the book is made
    and migrated once, each import waits its turn, none fails, every row lands."""
    db = tmp_path / "new.db"
    contacts = write(tmp_path / "contacts.csv", CONTACTS)
    for err in all_at_once([("import", "contacts", "--db", str(db), str(contacts))] * 4):
        assert "locked" not in err and "busy" not in err
    assert shell(db, "SELECT count(*) FROM contacts;") == "10"
    files = [
        touches_csv(tmp_path / f"t{k}.csv", 3000, datetime(2025, 1 + k, 1), f"batch{k}")
        for k in range(4)
    ]
    for err in all_at_once([("import", "calls", "--db", str(db), str(f)) for f in files]):
        assert "locked" not in err and "busy" not in err
    assert shell(db, "SELECT count(*) FROM touches;") == str(4 * 3000)
    assert shell(db, "SELECT count(*) FROM _sqlite_migrations;") == str(len(MIGRATIONS))
    assert integrity(db) == "ok"


def _children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("PPid:") and int(line.split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find child processes")
def test_killing_an_import_leaves_the_book_before_or_after_it(tmp_path: Path) -> None:
    """kill -9 an import at several moments: the book is as it was before that import or
    after it (never half), it checks whole, and the parsing worker dies with it."""
    base = tmp_path / "base.db"
    make_book(base, tmp_path)
    big = touches_csv(tmp_path / "big.csv", 60_000, datetime(2024, 1, 1), "bulk")
    before = int(shell(base, "SELECT count(*) FROM touches;"))
    full = tmp_path / "full.db"
    shutil.copy(base, full)
    assert coach("import", "calls", "--db", str(full), str(big)).returncode == 0
    after = int(shell(full, "SELECT count(*) FROM touches;"))
    assert after == before + 60_000
    seen = set()
    for delay in (0.2, 0.6, 1.0, 1.5, 2.0, 3.0):
        book = tmp_path / f"k{delay}.db"
        shutil.copy(base, book)
        proc = subprocess.Popen(
            [*COACH, "import", "calls", "--db", str(book), str(big)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        kids = _children_of(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(_alive(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(k) for k in kids), "a parsing worker outlived its import"
        count = int(shell(book, "SELECT count(*) FROM touches;"))
        assert count in (before, after), (delay, count)
        seen.add(count)
        assert integrity(book) == "ok"
        # The book is still a book: the next import finishes the job.
        assert coach("import", "calls", "--db", str(book), str(big)).returncode == 0
        assert int(shell(book, "SELECT count(*) FROM touches;")) == after
    assert before in seen  # at least one kill landed mid-import


@pytest.fixture
def app_process(tmp_path: Path) -> Iterator[tuple[Path, int, int, bytearray]]:
    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    runtime = Path(__import__("tempfile").mkdtemp(prefix="cck"))
    pid, fd = spawn_app(db, runtime)
    stop = [False]
    import threading

    painted = bytearray()
    reader = threading.Thread(target=drain, args=(fd, stop, painted), daemon=True)
    reader.start()
    assert wait_for(lambda: (runtime / "pop.sock").exists(), 60), "the app never started"
    yield db, pid, fd, painted
    stop[0] = True
    with __import__("contextlib").suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with __import__("contextlib").suppress(ChildProcessError):
        os.waitpid(pid, 0)
    os.close(fd)
    shutil.rmtree(runtime, ignore_errors=True)


def test_killing_the_app_mid_note_loses_at_most_the_last_keystroke(
    app_process: tuple[Path, int, int, bytearray],
) -> None:
    db, pid, fd, painted = app_process
    os.write(fd, b"okafor")
    assert wait_for(lambda: b"1 found" in painted), "the lookup never showed him"
    os.write(fd, b"\x1bOR")  # F3: the notes of the caller on top
    assert wait_for(lambda: b"Notes on" in painted), "F3 did not open the notes"

    def notes() -> str:
        found = shell(db, "SELECT hex(notes) FROM contacts WHERE source_id='C1';")
        return bytes.fromhex(found).decode()

    typed = ""
    for ch in "call back":
        typed += ch
        os.write(fd, ch.encode())
        assert wait_for(lambda w=typed: notes() == w), f"{typed!r} was not saved as typed"
    os.write(fd, b"!")
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    assert notes() in (typed, typed + "!")
    assert integrity(db) == "ok"
    assert coach("lookup", "--db", str(db), "okafor").returncode == 0


async def test_a_full_disk_keeps_the_note_until_it_can_be_written(tmp_path: Path) -> None:
    """SQLite says the disk is full (the book's page cap, the same SQLITE_FULL a full disk
    gives): the app says so, keeps the note in memory, and saves it once there is room."""
    db, app = app_on_book(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.writes is not None
        writer = app.writes.writer.conn
        pages = writer.execute("PRAGMA page_count").fetchone()[0]
        writer.execute(f"PRAGMA max_page_count = {pages}")
        pilot.app.screen.query_one("#query", Input).value = "okafor"
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()
        long_note = "Wants the dispatch report weekly. " * 400  # ~14 KB: needs new pages
        pilot.app.screen.query_one("#notes", TextArea).insert(long_note)
        assert await asyncio.to_thread(
            wait_for, lambda: "disk is full" in app.writes.waiting if app.writes else False
        )
        await pilot.pause()
        shown = " ".join(str(n.message) for n in app._notifications)
        assert "Not saved yet: the disk is full" in shown
        assert app.writes.pending(), "the note was dropped instead of kept"
        assert shell(db, "SELECT length(notes) FROM contacts WHERE source_id='C1';") == "0"
        writer.execute("PRAGMA max_page_count = 1073741823")  # room again
        await settle(pilot)
        assert shell(db, "SELECT notes FROM contacts WHERE source_id='C1';") == long_note.strip()
    assert integrity(db) == "ok"


def _fingerprint(path: Path) -> tuple[int, int, bytes]:
    st = path.stat()
    data = path.read_bytes()[:65536] if path.is_file() else b""
    return st.st_mode, int(st.st_mtime_ns), data


def _bad_books(tmp_path: Path) -> list[tuple[str, Path]]:
    good = tmp_path / "good.db"
    make_book(good, tmp_path)
    readonly = tmp_path / "readonly.db"
    shutil.copy(good, readonly)
    readonly.chmod(0o444)
    folder = tmp_path / "folder.db"
    folder.mkdir()
    text = tmp_path / "notes.txt"
    text.write_text("Call Mike back about the dispatch delays.\n" * 40)
    newer = tmp_path / "newer.db"
    shutil.copy(good, newer)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 99")
    con.close()
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE songs (title TEXT)")
    con.execute("INSERT INTO songs VALUES ('Call Me Maybe')")
    con.commit()
    con.close()
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    return [
        ("read-only", readonly),
        ("folder", folder),
        ("not sqlite", text),
        ("newer", newer),
        ("another program's", other),
        ("fifo", fifo),
        ("device", Path("/dev/null")),
    ]


def test_a_bad_db_is_one_line_and_never_changed(tmp_path: Path) -> None:
    calls = touches_csv(tmp_path / "calls.csv", 3, datetime(2026, 1, 5, 9), "x")
    for what, path in _bad_books(tmp_path):
        before = _fingerprint(path)
        for args in (
            ("--db", str(path)),  # the app
            ("overview", "--db", str(path)),
            ("import", "calls", "--db", str(path), str(calls)),
            ("followups", "--db", str(path)),
        ):
            if what == "read-only" and args[0] != "--db" and args[0] not in ("import",):
                continue  # reading a read-only book is fine; writing to it is what is refused
            done = coach(*args, timeout=60)
            assert done.returncode == 2, (what, args, done.stdout, done.stderr)
            lines = done.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("coach: error:"), (what, args, lines)
            assert "Traceback" not in done.stderr
        assert _fingerprint(path) == before, f"{what}: the file was changed"
        for suffix in ("-wal", "-shm", "-journal"):
            if path.is_file():
                assert not Path(f"{path}{suffix}").exists() or what == "read-only"
    # A read-only book can still be searched.
    done = coach("lookup", "--db", str(tmp_path / "readonly.db"), "okafor")
    assert done.returncode == 0, done.stderr


def test_backup_while_the_app_writes_is_whole_and_private(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    writer = Book.open(db)
    try:
        writer.log_touch(1, __import__("coach.models").models.TouchIn(0, 1_700_000_000, "call"))
        copy = tmp_path / "copy.db"
        done = coach("backup", "--db", str(db), str(copy))
        assert done.returncode == 0, done.stderr
        assert copy.stat().st_mode & 0o777 == 0o600
        assert integrity(copy) == "ok"
        assert shell(copy, "SELECT count(*) FROM touches;") == str(writer.count_touches())
        again = coach("backup", "--db", str(db), str(copy))
        assert again.returncode == 2 and "already exists" in again.stderr
    finally:
        writer.close()


async def test_a_note_typed_while_another_program_holds_the_lock_is_kept_then_saved(
    tmp_path: Path,
) -> None:
    """The sqlite3 shell (a real second process) holds the write lock, as an import's last
    step does: the app says the book is busy, the UI keeps working, and the note lands
    once the lock is let go."""
    db, app = app_on_book(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.writes is not None
        holder = subprocess.Popen(
            [sqlite_shell(), "-batch", str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.write("BEGIN IMMEDIATE;\nSELECT 'held';\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "held"
        try:
            pilot.app.screen.query_one("#query", Input).value = "okafor"
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("f3")
            await pilot.pause()
            pilot.app.screen.query_one("#notes", TextArea).insert("prefers mornings")
            writes = app.writes
            assert await asyncio.to_thread(wait_for, lambda: "busy" in writes.waiting)
            await pilot.pause()
            shown = " ".join(str(n.message) for n in app._notifications)
            assert "Not saved yet: the book is busy" in shown
            # The UI is not frozen: typing on still works, and replaces the waiting save.
            pilot.app.screen.query_one("#notes", TextArea).insert(", not Fridays")
            await pilot.pause()
            assert writes.pending()
        finally:
            holder.stdin.write("COMMIT;\n.quit\n")
            holder.stdin.flush()
            holder.wait(timeout=30)
        await settle(pilot)
        notes = shell(db, "SELECT notes FROM contacts WHERE source_id='C1';")
        assert notes == "prefers mornings, not Fridays"
        shown = " ".join(str(n.message) for n in app._notifications)
        assert "Saved: notes on Michael Okafor." in shown


async def test_a_callback_logged_twice_can_be_undone(tmp_path: Path) -> None:
    db, app = app_on_book(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pilot.app.screen.query_one("#query", Input).value = "okafor"
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        with Book.open_readonly(db) as book:
            first = book.count_touches()
        # Pressed again by accident (a second later: the same second is one touch anyway).
        screen = pilot.app.screen
        assert hasattr(screen, "undoable")
        shown = " ".join(str(n.message) for n in app._notifications)
        assert "Ctrl+Z undoes it" in shown
        await pilot.press("ctrl+z")
        await settle(pilot)
        with Book.open_readonly(db) as book:
            assert book.count_touches() == first - 1
            assert [t.kind for t in book.touches_for(1, 5)].count("callback") == 0
        shown = " ".join(str(n.message) for n in app._notifications)
        assert "taken back" in shown
        await pilot.press("ctrl+z")
        await settle(pilot)
        with Book.open_readonly(db) as book:
            assert book.count_touches() == first - 1  # nothing more is undone


def test_problems_file_is_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    bad = write(tmp_path / "bad.csv", "contact_id,when,kind\nC99,2026-01-05T09:00,call\n")
    out = tmp_path / "problems.txt"
    done = coach("import", "calls", "--db", str(db), "--problems", str(out), str(bad))
    assert done.returncode == 1, done.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    assert "C99" in out.read_text()


def test_a_touch_dated_ahead_never_pins_a_likely_caller(tmp_path: Path) -> None:
    from coach.models import TouchIn

    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    with Book.open(db) as store:
        now = time.time()
        store.log_touch(7, TouchIn(0, int(now + 30 * 86400), "voicemail", reason="from 2099?"))
        store.log_touch(8, TouchIn(0, int(now + 3600), "voicemail", reason="an hour ahead"))
        likely = store.likely_callers(5, now=now)
    assert likely[0].contact_id == 8  # within a day's slack: a clock a little ahead
    assert 7 not in [t.contact_id for t in likely[:1]]
    assert all(t.ts <= now + 86400 for t in likely)


def test_a_second_connection_never_drops_the_first_ones_locks(tmp_path: Path) -> None:
    """The root cause of the corruption: opening the book outside SQLite beside a live
    connection and closing it dropped this process's locks, so another program, closing,
    thought itself last, checkpointed and deleted the WAL; later writes went nowhere."""
    from coach.models import ContactIn, TouchIn

    db = tmp_path / "book.db"
    writer = Book.open(db)
    try:
        cid = writer.add_contact(ContactIn(line=0, first_name="Mike", last_name="Okafor"))
        reader = Book.open_readonly(db)  # as the app does at mount, and every worker after
        writer.log_touch(cid, TouchIn(0, 1_700_000_000, "call"))
        shell(db, "SELECT count(*) FROM touches;")  # another program comes and goes
        assert (tmp_path / "book.db-wal").exists(), "the WAL was deleted from under us"
        writer.set_notes(cid, "typed after the other program ran")
        assert shell(db, "SELECT notes FROM contacts;") == "typed after the other program ran"
        reader.close()
    finally:
        writer.close()
    assert integrity(db) == "ok"


def test_the_demo_is_not_rebuilt_under_a_program_that_has_it_open(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    assert coach("demo", "--db", str(book)).returncode == 0
    demo = tmp_path / "demo.db"
    holder = Book.open_readonly(demo)
    try:
        holder.count_contacts()
        done = coach("demo", "--db", str(book))
        assert done.returncode == 2 and "open in another program" in done.stderr
        assert holder.count_contacts() > 0
    finally:
        holder.close()
    assert coach("demo", "--db", str(book)).returncode == 0  # once it is closed, it may
    assert integrity(demo) == "ok"
