"""Screen pop: a softphone's incoming-call hook runs ``coach pop NUMBER`` and the open app
jumps to that caller.

The channel is a Unix socket in the user's runtime folder (owner-only folder, owner-only
socket), so only the user can reach it. One line per call: the caller-ID text.
"""

from __future__ import annotations

import contextlib
import os
import socket
import warnings
from pathlib import Path

#: Longest caller-ID line accepted; anything longer is not a phone number.
MAX_LINE = 200


def socket_path() -> Path:
    """Where the running app listens (``$COACH_RUNTIME_DIR`` overrides, for tests)."""
    override = os.environ.get("COACH_RUNTIME_DIR")
    if override:
        base = Path(override)
    else:
        from platformdirs import user_runtime_dir

        with warnings.catch_warnings():  # no XDG_RUNTIME_DIR: its /tmp fallback is fine
            warnings.simplefilter("ignore")
            base = Path(user_runtime_dir("callback-coach", appauthor=False))
    return base / "pop.sock"


def prepare(path: Path) -> None:
    """Make the socket's folder owner-only and clear a socket left by a crashed app."""
    path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    with contextlib.suppress(OSError):
        path.parent.chmod(0o700)
    if path.exists() and not send_to(path, None):
        path.unlink(missing_ok=True)


def send_to(path: Path, number: str | None) -> bool:
    """Hand ``number`` to the app listening at ``path``; False when nobody listens.
    With ``number=None`` only checks whether somebody listens."""
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
