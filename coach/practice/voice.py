"""The practice prospect's voice: pyttsx3 (espeak-ng on Linux), offline.

Call :meth:`Voice.speak` from a worker thread: it blocks until the line has been played.
On Linux the line is rendered to a WAV file by pyttsx3 and played by the first audio player
found (aplay, paplay, pw-play, ffplay), with its output kept off the terminal; elsewhere
pyttsx3 speaks directly. Where nothing can speak, :meth:`Voice.problem` says why in one line
and the drill carries on in text.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

PLAYERS: tuple[tuple[str, list[str]], ...] = (
    ("aplay", ["-q"]),
    ("paplay", []),
    ("pw-play", []),
    ("ffplay", ["-nodisp", "-autoexit", "-loglevel", "quiet"]),
)
_LOCK = threading.Lock()  # one engine per process (espeak initialises once), one line at a time


_ENGINE: list[Any] = []  # the process's one engine, made on first use


def _engine() -> Any:
    """pyttsx3's engine, made once per process (call with ``_LOCK`` held).

    pyttsx3 keeps engines in a weak cache: one made per line is torn down by the garbage
    collector at any moment, possibly while the next line is being synthesised."""
    if not _ENGINE:
        import pyttsx3

        with contextlib.redirect_stdout(io.StringIO()):
            _ENGINE.append(pyttsx3.init())
        # Let it go while the interpreter still works (pyttsx3's __del__ needs its modules).
        atexit.register(_ENGINE.clear)
    return _ENGINE[0]


def _configure(engine: Any, voice: str, rate: int) -> None:
    if voice:
        with contextlib.suppress(Exception):  # an unknown voice name keeps the default
            engine.setProperty("voice", voice)
    engine.setProperty("rate", rate or 175)


def render(text: str, path: Path, voice: str = "", rate: int = 0) -> Path:
    """Write ``text`` as speech to the WAV file ``path`` (blocking)."""
    with _LOCK:
        engine = _engine()
        _configure(engine, voice, rate)
        with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved to…"
            engine.save_to_file(text, str(path))
            engine.runAndWait()
    return path


def _player() -> list[str] | None:
    for name, args in PLAYERS:
        found = shutil.which(name)
        if found:
            return [found, *args]
    return None


class Voice:
    """Speaks prospect lines; ``enabled`` is the user's setting (``--no-voice`` turns it off)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._problem: str | None = None
        self._checked = False

    def problem(self) -> str | None:
        """Why nothing will be spoken ("no audio player (…)"), or None when speech works."""
        if not self._checked:
            self._problem = self._find_problem()
            self._checked = True
        return self._problem

    @staticmethod
    def _find_problem() -> str | None:
        try:
            with _LOCK:
                _engine()
        except Exception as exc:  # no driver, no espeak-ng library…
            return f"no speech engine ({exc.__class__.__name__}: {exc})"
        if sys.platform.startswith("linux") and _player() is None:
            return "no audio player (aplay, paplay, pw-play or ffplay)"
        return None

    @property
    def active(self) -> bool:
        return self.enabled and self.problem() is None

    def speak(self, text: str, voice: str = "", rate: int = 0) -> bool:
        """Say one line and return when it has been played (call from a worker thread).
        False when it was not: speech off or missing, or the player failed (no audio
        device, say)."""
        if not self.active or not text.strip():
            return False
        if not sys.platform.startswith("linux"):
            with _LOCK:
                engine = _engine()
                _configure(engine, voice, rate)
                engine.say(text)
                engine.runAndWait()
            return True
        player = _player()
        assert player is not None
        with tempfile.TemporaryDirectory(prefix="coach-voice-") as folder:
            wav = render(text, Path(folder) / "line.wav", voice, rate)
            try:
                played = subprocess.run(
                    [*player, str(wav)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=False,
                    timeout=120,
                )
            except (OSError, subprocess.TimeoutExpired):
                return False
            return played.returncode == 0
