"""No traceback for a user's mistake or a hostile file: nested TOML, a runtime folder
someone else made, a second open app."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from textual.pilot import Pilot

from coach.book import Book
from coach.tui.app import CoachApp
from tests.helpers import COACH, coach, drain, make_book, spawn_app, wait_for

DEEP = "a = " + "[" * 5000 + "]" * 5000 + "\n"


def test_a_deeply_nested_drill_is_one_line(tmp_path: Path) -> None:
    drill = tmp_path / "deep.toml"
    drill.write_text(DEEP)
    done = coach("scenarios", "validate", str(drill))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    assert f"{drill}: not valid here: arrays or tables nested too deeply" in (
        done.stderr + done.stdout
    )


def test_deeply_nested_settings_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config" / "callback-coach"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text(DEEP)
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    book = tmp_path / "book.db"
    make_book(book, tmp_path)
    done = coach("followups", "--db", str(book), env=env)
    assert "Traceback" not in done.stderr
    from coach import settings

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    with pytest.raises(Exception, match="nested too deeply") as caught:
        settings.current().checked()
    assert type(caught.value).__name__ == "UserError"


@pytest.mark.parametrize("how", ["link", "other user"])
async def test_a_runtime_folder_that_is_not_ours_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how == "other user" and os.getuid() != 0:
        pytest.fail("this case makes a folder owned by another user: run as root (CI is)")
    hostile = Path(tempfile.mkdtemp(prefix="ccx"))
    try:
        if how == "link":
            folder = hostile / "run"
            folder.symlink_to(hostile)
        else:
            folder = hostile
            os.chown(folder, 54321, 54321)
            folder.chmod(0o777)
        before = folder.lstat()
        monkeypatch.setenv("COACH_RUNTIME_DIR", str(folder))
        db = tmp_path / "book.db"
        make_book(db, tmp_path)
        async with CoachApp(db).run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            said = " ".join(str(n.message) for n in pilot.app._notifications)
            assert "Screen pop is off" in said
            assert ("a link" if how == "link" else "belongs to another user") in said
            assert pilot.app.screen.query_one("#query")  # the app is up and usable
        after = folder.lstat()
        assert (after.st_mode, after.st_uid) == (before.st_mode, before.st_uid)
        assert not (hostile / "pop.sock").exists()
        # And `coach pop` never hands a caller's number to a socket in such a folder.
        from coach import pop

        assert pop.send_to(folder / "pop.sock", "6125550142") is False
    finally:
        shutil.rmtree(hostile, ignore_errors=True)


def test_platformdirs_tmp_fallback_taken_by_another_user_is_not_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from coach import pop

    taken = tmp_path / "runtime-taken"
    taken.mkdir()
    monkeypatch.delenv("COACH_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(
        "platformdirs.user_runtime_dir", lambda *a, **k: str(taken / "callback-coach")
    )
    monkeypatch.setattr(pop, "not_ours", lambda f: "taken" if f == taken else "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert pop.socket_path() == tmp_path / "data" / "callback-coach" / "run" / "pop.sock"


async def test_a_second_app_leaves_the_first_ones_screen_pop_alone(tmp_path: Path) -> None:
    """A real first app (its own process, in a pty) holds the socket; a second app opens,
    says pops go to the other one, closes, and the first one still gets `coach pop`."""
    import asyncio
    import threading

    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    runtime = Path(tempfile.mkdtemp(prefix="ccs"))
    pid, fd = spawn_app(db, runtime)
    stop, painted = [False], bytearray()
    threading.Thread(target=drain, args=(fd, stop, painted), daemon=True).start()
    try:
        sock = runtime / "pop.sock"
        assert wait_for(sock.exists, 60), "the first app never started"
        first = sock.lstat().st_ino
        os.environ["COACH_RUNTIME_DIR"] = str(runtime)
        try:
            async with CoachApp(db).run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                said = " ".join(str(n.message) for n in pilot.app._notifications)
                assert "Screen pops go to the other open Callback Coach" in said
        finally:
            del os.environ["COACH_RUNTIME_DIR"]
        assert sock.exists() and sock.lstat().st_ino == first
        assert stat.S_ISSOCK(sock.lstat().st_mode)
        done = await asyncio.to_thread(
            coach,
            "pop",
            "6125550142",
            timeout=60,
            env=dict(os.environ, COACH_RUNTIME_DIR=str(runtime)),
        )
        assert done.returncode == 0 and "Sent to the open Callback Coach" in done.stdout
        assert await asyncio.to_thread(wait_for, lambda: b"Incoming call" in painted)
    finally:
        stop[0] = True
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
        shutil.rmtree(runtime, ignore_errors=True)
    with Book.open_readonly(db) as book:
        assert book.count_contacts() == 10


def test_an_app_whose_terminal_closes_stops_and_frees_the_screen_pop(tmp_path: Path) -> None:
    """An app the terminal's session does not know (started from a script, or by `make run`
    in a tmux pane that is killed) gets no hang-up when the terminal closes. It used to run
    on unseen, reading the ended terminal in a busy loop, and new apps' screen pops went to
    it."""
    import fcntl
    import struct
    import termios
    import threading

    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    runtime = Path(tempfile.mkdtemp(prefix="cct"))
    master, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, COACH_RUNTIME_DIR=str(runtime), COACH_VOICE="off", TERM="xterm")
    env.pop("TEXTUAL", None)
    app = subprocess.Popen(
        [*COACH, "--db", str(db)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        start_new_session=True,  # the terminal is not its session's: no hang-up will come
    )
    os.close(terminal)
    stop, painted = [False], bytearray()
    threading.Thread(target=drain, args=(master, stop, painted), daemon=True).start()
    try:
        sock = runtime / "pop.sock"
        assert wait_for(sock.exists, 60), "the app never started"
        stop[0] = True
        os.close(master)  # the window closes
        try:
            app.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("the app ran on without its terminal")
        assert not sock.exists()  # it closed as on a quit: the next app takes the pops
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        shutil.rmtree(runtime, ignore_errors=True)


DEEP_TABLES = "a = " + "{b = " * 5000 + "1" + "}" * 5000 + "\n"


def test_nested_inline_tables_in_a_drill_are_one_line_and_exit_2(tmp_path: Path) -> None:
    drill = tmp_path / "tables.toml"
    drill.write_text(DEEP_TABLES)
    done = coach("scenarios", "validate", str(drill))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    said = [line for line in done.stderr.splitlines() if str(drill) in line]
    assert len(said) == 1 and said[0].startswith(f"{drill}: ") and "nested too deeply" in said[0]


def test_deeply_nested_settings_stop_coach_score_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "config" / "callback-coach"
    config.mkdir(parents=True)
    settings_file = config / "settings.toml"
    settings_file.write_text(DEEP_TABLES)
    talk = tmp_path / "talk.txt"
    talk.write_text("Rep: Thanks for your time today.\nAnna: Pricing worries me.\n")
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = coach("score", str(talk), "--kind", "meeting_end", "--rep", "Rep", env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0  # one line
    assert f"{settings_file}: " in done.stderr and "nested too deeply" in done.stderr


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("known = 5\n", "[known] must be a table of lines"),
        ("[known]\nvoicemail = [1, 2]\n", "[known] voicemail must be text"),
        ("unsure = 'x'\n", "[unsure] must be a table of lines"),
        (DEEP, "not valid here: arrays or tables nested too deeply"),
    ],
)
async def test_a_bridges_file_of_the_wrong_shape_is_reported_and_the_app_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, said: str
) -> None:
    from textual.widgets import Input

    config = tmp_path / "config"
    config.mkdir()
    (config / "bridges.toml").write_text(text)
    monkeypatch.setattr("coach.locations.config_dir", lambda: config)
    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    async with CoachApp(db).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = " ".join(str(n.message) for n in pilot.app._notifications)
        assert said in shown and "bridges.toml" in shown
        pilot.app.screen.query_one("#query", Input).value = "okafor"
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        say = str(pilot.app.screen.query_one("#say").render())
        assert "I left you a message about the dispatch delays" in say  # the shipped lines


def test_bridge_lines_fill_only_their_own_placeholders(tmp_path: Path) -> None:
    from coach.lookup import bridge
    from coach.models import Contact, Touch

    lines_file = tmp_path / "bridges.toml"
    lines_file.write_text(
        '[known]\nvoicemail = "Hi {first} {0} {first.__class__} {reason:>99} { about {reason}"\n'
    )
    lines = bridge.load_lines(lines_file)
    who = Contact(1, "", "{reason}", "Ng", "Acme", "", "", "", 0, 0)
    last = Touch(1, 0, "voicemail", "", "the {first} invoice", "")
    assert (
        bridge.for_contact(lines, who, last)
        == "Hi {reason} {0} {first.__class__} {reason:>99} { about the {first} invoice"
    )


# ------------------------------------------------------------------ screen pop
HOLDER = """
import sys
from pathlib import Path
from coach import pop

path = Path(sys.argv[1])
if sys.argv[2] == "lock-only":  # between taking the lock and listening
    pop.prepare(path)
    print("ready", flush=True)
    sys.stdin.read()
    sys.exit(0)
sock = pop.claim(path)
sock.setblocking(True)
print("ready", flush=True)
while True:
    conn, _ = sock.accept()
    line = conn.makefile("rb").readline().strip()
    conn.close()
    if line:
        print(line.decode(), flush=True)
        if sys.argv[2] == "once":
            break
sys.stdin.read()  # crashed (kill -9) or told to go by closing stdin
"""


def _holder(runtime: Path, how: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(runtime / "pop.sock"), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
    return proc


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.communicate(timeout=30)


async def _wait_for_box(pilot: Pilot[None], want: str) -> str:
    """The search box once it holds ``want`` (the pop arrives over the socket: each pause
    lets the app read it), or what it holds after a generous deadline."""
    import time

    from textual.widgets import Input

    box = pilot.app.screen.query_one("#query", Input)
    deadline = time.monotonic() + 60
    while box.value != want and time.monotonic() < deadline:
        await pilot.pause()
    return str(box.value)


async def test_an_app_leaves_another_processs_socket_alone(
    tmp_path: Path, private_runtime_dir: Path
) -> None:
    import asyncio

    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    sock = private_runtime_dir / "pop.sock"
    holder = _holder(private_runtime_dir, "once")
    try:
        first = sock.lstat().st_ino
        async with CoachApp(db).run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            said = " ".join(str(n.message) for n in pilot.app._notifications)
            assert "Screen pops go to the other open Callback Coach" in said
        assert sock.lstat().st_ino == first  # not unlinked on exit, not replaced
        done = await asyncio.to_thread(coach, "pop", "6125550142")
        assert done.returncode == 0 and done.stdout.strip() == "Sent to the open Callback Coach."
        assert holder.stdout is not None
        assert await asyncio.to_thread(holder.stdout.readline) == "6125550142\n"
    finally:
        _stop(holder)


async def test_an_app_that_took_the_lock_but_is_not_listening_yet_keeps_it(
    tmp_path: Path, private_runtime_dir: Path
) -> None:
    """The window between an app's check and its listening: the second app must not
    decide that nobody is there."""
    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    holder = _holder(private_runtime_dir, "lock-only")
    try:
        async with CoachApp(db).run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            said = " ".join(str(n.message) for n in pilot.app._notifications)
            assert "Screen pops go to the other open Callback Coach" in said
        assert not (private_runtime_dir / "pop.sock").exists()
    finally:
        _stop(holder)


async def test_a_crashed_apps_socket_is_taken_over(
    tmp_path: Path, private_runtime_dir: Path
) -> None:
    import asyncio

    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    holder = _holder(private_runtime_dir, "serve")
    holder.kill()  # kill -9: its socket file stays behind, its lock goes with it
    holder.communicate(timeout=30)
    sock = private_runtime_dir / "pop.sock"
    assert stat.S_ISSOCK(sock.lstat().st_mode)
    async with CoachApp(db).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = " ".join(str(n.message) for n in pilot.app._notifications)
        assert "Screen pop" not in said
        # The app listens there now (an inode number can be reused: ask the socket).
        done = await asyncio.to_thread(coach, "pop", "6125550142")
        assert done.stdout.strip() == "Sent to the open Callback Coach."
        assert await _wait_for_box(pilot, "6125550142") == "6125550142"
    assert not sock.exists()  # its own socket, removed at exit


async def test_an_app_never_removes_a_socket_it_did_not_make(
    tmp_path: Path, private_runtime_dir: Path
) -> None:
    import socket

    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    sock = private_runtime_dir / "pop.sock"
    other = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        async with CoachApp(db).run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            mine = sock.lstat().st_ino
            sock.unlink()  # someone replaced the app's socket with theirs
            other.bind(str(sock))
            assert sock.lstat().st_ino != mine
        assert stat.S_ISSOCK(sock.lstat().st_mode)  # theirs is left alone
    finally:
        other.close()


async def test_a_runtime_folder_of_ours_is_made_owner_only(
    tmp_path: Path, private_runtime_dir: Path
) -> None:
    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    private_runtime_dir.chmod(0o777)
    async with CoachApp(db).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert stat.S_IMODE(private_runtime_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE((private_runtime_dir / "pop.sock").stat().st_mode) == 0o600


async def test_garbage_on_the_pop_socket_is_ignored(
    tmp_path: Path, private_runtime_dir: Path
) -> None:
    import asyncio
    import socket

    db = tmp_path / "book.db"
    make_book(db, tmp_path)

    def flood() -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(str(private_runtime_dir / "pop.sock"))
            with contextlib.suppress(OSError):  # the app hung up on it: that is the point
                s.sendall(b"9" * (1 << 20))  # a megabyte and no line end

    async with CoachApp(db).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await asyncio.to_thread(flood)
        done = await asyncio.to_thread(coach, "pop", "6125550142")
        assert done.stdout.strip() == "Sent to the open Callback Coach."
        assert await _wait_for_box(pilot, "6125550142") == "6125550142"
        assert pilot.app.is_running


async def test_a_deeply_nested_drill_is_skipped_in_the_app_and_the_rest_are_listed(
    tmp_path: Path, quiet_practice: None
) -> None:
    from textual.widgets import OptionList

    drills = tmp_path / "config" / "callback-coach" / "scenarios"
    drills.mkdir(parents=True)
    (drills / "deep.toml").write_text(DEEP_TABLES)
    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    async with CoachApp(db).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        said = " ".join(str(n.message) for n in pilot.app._notifications)
        assert "Skipped a drill" in said and "deep.toml" in said and "nested too deeply" in said
        assert pilot.app.screen.query_one(OptionList).option_count > 1  # the bundled drills
