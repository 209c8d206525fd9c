"""No traceback for a user's mistake or a hostile file: nested TOML, a runtime folder
someone else made, a second open app."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from coach.app import CoachApp
from coach.db import Store
from tests.test_shared_book import _drain, _spawn_app, _wait_for, coach, make_book

COACH = [sys.executable, "-m", "coach"]
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
        settings.followup_timing()
    assert type(caught.value).__name__ == "UserError"


async def test_a_deeply_nested_bridge_file_is_reported_and_the_app_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "bridges.toml").write_text(DEEP)
    monkeypatch.setattr("coach.locations.config_dir", lambda: config)
    db = tmp_path / "book.db"
    make_book(db, tmp_path)
    async with CoachApp(db).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = " ".join(str(n.message) for n in pilot.app._notifications)
        assert "nested too deeply" in said and "bridges.toml" in said


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
    pid, fd = _spawn_app(db, runtime)
    stop, painted = [False], bytearray()
    threading.Thread(target=_drain, args=(fd, stop, painted), daemon=True).start()
    try:
        sock = runtime / "pop.sock"
        assert _wait_for(sock.exists, 60), "the first app never started"
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
            subprocess.run,
            [*COACH, "pop", "6125550142"],
            capture_output=True,
            text=True,
            timeout=60,
            env=dict(os.environ, COACH_RUNTIME_DIR=str(runtime)),
        )
        assert done.returncode == 0 and "Sent to the open Callback Coach" in done.stdout
        assert await asyncio.to_thread(_wait_for, lambda: b"Incoming call" in painted)
    finally:
        stop[0] = True
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
        shutil.rmtree(runtime, ignore_errors=True)
    with Store.open_readonly(db) as book:
        assert book.count_contacts() == 10
