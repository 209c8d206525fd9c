"""Screen pop: a softphone's incoming-call hook runs ``coach pop NUMBER`` and the open app
jumps to that caller.

The channel is a Unix socket in the user's runtime folder (owner-only folder, owner-only
socket), so only the user can reach it. One line per call: the caller-ID text.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import warnings
from pathlib import Path

#: Longest caller-ID line accepted; anything longer is not a phone number.
MAX_LINE = 200


class Taken(Exception):
    """Another open Callback Coach is listening: screen pops go to it."""


def socket_path() -> Path:
    """Where the running app listens (``$COACH_RUNTIME_DIR`` overrides, for tests).

    The runtime folder must be ours: platformdirs falls back to ``/tmp/runtime-<uid>``
    when ``$XDG_RUNTIME_DIR`` is unset, a name any local user can take first. When it is
    someone else's (or a link), a folder in our own data folder is used instead; the app
    and ``coach pop`` both land on the same choice."""
    override = os.environ.get("COACH_RUNTIME_DIR")
    if override:
        return Path(override) / "pop.sock"
    from platformdirs import user_runtime_dir

    with warnings.catch_warnings():  # no XDG_RUNTIME_DIR: its /tmp fallback, checked below
        warnings.simplefilter("ignore")
        base = Path(user_runtime_dir("callback-coach", appauthor=False))
    for folder in (base, base.parent):
        if folder.exists() and not_ours(folder):
            from coach.locations import data_dir

            return data_dir() / "run" / "pop.sock"
    return base / "pop.sock"


def not_ours(folder: Path) -> str:
    """Why ``folder`` is not safe to keep our socket in ("" when it is)."""
    try:
        st = folder.lstat()
    except FileNotFoundError:
        return ""
    if stat.S_ISLNK(st.st_mode):
        return f"{folder} is a link"
    if not stat.S_ISDIR(st.st_mode):
        return f"{folder} is not a folder"
    if st.st_uid != os.getuid():
        return f"{folder} belongs to another user"
    return ""


def prepare(path: Path) -> None:
    """Make the socket's folder, owner-only, and clear a socket left by a crashed app.

    Raises :class:`Taken` when another open app answers there (its socket is left alone)
    and ``OSError`` when the folder is not ours to use (nothing there is touched)."""
    folder = path.parent
    if why := not_ours(folder):
        raise OSError(f"{why}; not using it")
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    if why := not_ours(folder):  # made by someone else in the meantime
        raise OSError(f"{why}; not using it")
    folder.chmod(0o700)
    if path.exists() or path.is_symlink():
        if send_to(path, None):
            raise Taken(str(path))
        st = path.lstat()
        if stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid():
            path.unlink(missing_ok=True)  # left by an app that crashed
        else:
            raise OSError(f"{path} is not a socket of ours; not replacing it")


def ident(path: Path) -> tuple[int, int]:
    """What tells our socket file from one made later by another app (device, inode)."""
    st = path.lstat()
    return st.st_dev, st.st_ino


def release(path: Path, mine: tuple[int, int]) -> None:
    """Remove the socket at exit, only if it is still the one this app made."""
    with contextlib.suppress(OSError):
        if ident(path) == mine:
            path.unlink()


def send_to(path: Path, number: str | None) -> bool:
    """Hand ``number`` to the app listening at ``path``; False when nobody listens.
    With ``number=None`` only checks whether somebody listens."""
    if not_ours(path.parent):
        return False  # never hand a caller's number to a socket someone else planted
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(str(path))
            if number is not None:
                sock.sendall(number.strip()[:MAX_LINE].encode("utf-8", "replace") + b"\n")
        return True
    except OSError:
        return False


def send(number: str) -> bool:
    return send_to(socket_path(), number)
