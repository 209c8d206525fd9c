"""The prospect's voice: a drill's line becomes real, audible speech (espeak-ng, offline)."""

from __future__ import annotations

import array
import math
import shutil
import wave
from pathlib import Path

import pytest

from coach.practice import scenarios, voice

BUNDLED = Path(__file__).resolve().parents[2] / "scenarios"


def require_espeak() -> None:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing: run `make speech` (CI installs espeak-ng)")


def test_a_drill_line_is_rendered_as_audible_speech(tmp_path: Path) -> None:
    require_espeak()
    drill = scenarios.load_file(BUNDLED / "which-mike.toml")
    persona = drill.persona
    out = voice.render(drill.steps[0].say, tmp_path / "mike.wav", persona.voice, persona.rate)
    assert out == tmp_path / "mike.wav"
    with wave.open(str(out), "rb") as wav:
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        rate = wav.getframerate()
        frames = wav.getnframes()
        samples = array.array("h", wav.readframes(frames))
    seconds = frames / rate
    assert seconds >= 0.3, f"only {seconds:.2f} s of audio"
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    assert rms > 300, f"RMS {rms:.0f} is close to silence"


def test_a_longer_line_takes_longer_to_say(tmp_path: Path) -> None:
    require_espeak()
    short = voice.render("Hi.", tmp_path / "short.wav")
    long = voice.render(
        "Hi, it's Mike, returning your call. I'm on the loading dock, so it's loud.",
        tmp_path / "long.wav",
    )
    with wave.open(str(short), "rb") as a, wave.open(str(long), "rb") as b:
        assert b.getnframes() > a.getnframes(), (a.getnframes(), b.getnframes())


def test_a_voice_switched_off_is_not_active() -> None:
    silent = voice.Voice(enabled=False)
    assert silent.active is False
    silent.speak("This is never heard.")  # returns at once, no engine needed
