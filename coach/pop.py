"""Screen pop: a softphone's incoming-call hook runs ``coach pop NUMBER`` and the open app
jumps to that caller.

The channel is a Unix socket in the user's runtime folder (owner-only folder, owner-only
socket), so only the user can reach it. One line per call: the caller-ID text.

One open app at a time owns the socket: it holds ``pop.lock`` in the folder (the kernel
lets go of it when the app dies), binds the socket itself (never over a file already
there) and at exit removes only the socket file it made. A second app leaves it alone.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import socket
import stat
import warnings
from pathlib import Path

#: Longest caller-ID line accepted; anything longer is not a phone number.
MAX_LINE = 200
#: How long the app waits for a connected hook to send its line.
READ_TIMEOUT_S = 5.0


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


#: The lock an open app holds while it owns the socket (released by the kernel when the
#: app dies, so a crashed app's socket is told from a live one without guessing).
LOCK_NAME = "pop.lock"
_held: dict[Path, int] = {}


def _own_folder(folder: Path) -> None:
    """Make ``folder`` (owner-only) or check the one there is ours, then fix its mode to
    0700. Checked on an open descriptor (no links followed), so a folder swapped for a
    link or another user's meanwhile is never changed."""
    if why := not_ours(folder):
        raise OSError(f"{why}; not using it")
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        raise OSError(f"{not_ours(folder) or f'{folder} is not a folder'}; not using it") from None
    try:
        st = os.fstat(fd)
        if st.st_uid != os.getuid():
            raise OSError(f"{folder} belongs to another user; not using it")
        if stat.S_IMODE(st.st_mode) != 0o700:
            os.fchmod(fd, 0o700)
    finally:
        os.close(fd)


def _lock(folder: Path) -> int:
    """Hold the folder's lock; :class:`Taken` when another open app holds it."""
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise Taken(str(folder)) from None
    except OSError:
        os.close(fd)
        raise
    return fd


def prepare(path: Path) -> None:
    """Make the socket's folder, owner-only, take the lock an open app holds, and clear a
    socket left by a crashed app.

    Raises :class:`Taken` when another open app holds the lock or answers there (its
    socket is left alone) and ``OSError`` when the folder is not ours to use (nothing
    there is touched)."""
    folder = path.parent
    _own_folder(folder)
    if path in _held:
        raise Taken(str(path))
    fd = _lock(folder)
    try:
        if path.exists() or path.is_symlink():
            if send_to(path, None):  # an app that does not take the lock, still listening
                raise Taken(str(path))
            st = path.lstat()
            if stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid():
                path.unlink(missing_ok=True)  # left by an app that crashed
            else:
                raise OSError(f"{path} is not a socket of ours; not replacing it")
    except BaseException:
        os.close(fd)
        raise
    _held[path] = fd


def claim(path: Path) -> socket.socket:
    """The listening socket at ``path`` for this app: :func:`prepare`, then bound here (a
    file already at the path is never replaced), owner-only. :class:`Taken` or
    ``OSError`` as :func:`prepare` says; on any failure nothing is left held."""
    prepare(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
        path.chmod(0o600)
        sock.listen(8)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        release(path, None)
        if exc.errno == errno.EADDRINUSE:  # bound by another app in the meantime
            raise Taken(str(path)) from None
        raise
    return sock


def ident(path: Path) -> tuple[int, int]:
    """What tells our socket file from one made later by another app (device, inode)."""
    st = path.lstat()
    return st.st_dev, st.st_ino


def release(path: Path, mine: tuple[int, int] | None) -> None:
    """At exit: remove the socket only if it is still the one this app made (``mine``),
    then let go of the lock (the lock file stays: removing it would let two apps hold
    two different locks)."""
    with contextlib.suppress(OSError):
        if mine is not None and ident(path) == mine:
            path.unlink()
    fd = _held.pop(path, None)
    if fd is not None:
        os.close(fd)


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
