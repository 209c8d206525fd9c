"""``make bench``: how long the delivery figures and ``coach score`` take on long transcripts.

Generated calls (two speakers, cue times, fillers and questions), at 1,000 cues (about an
hour), 10,000 and 100,000 lines; then ``coach score`` as a whole process on 100,000 and
1,000,000 lines, with its peak memory: a long file is cut (and says so), never a hang.
Run alone with ``python -m bench.delivery``.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coach.practice import delivery
from coach.practice.transcript import parse_captions, parse_plain

COACH = str(Path(sys.executable).with_name("coach"))
REP = [
    "So, um, the dispatch delays are the big one, is that right?",
    "How are you handling the re-keying today?",
    "We could, you know, run a trial next month.",
    "I mean, that's kind of what most teams see.",
    "Would Thursday at 2pm work for you?",
]
THEM = [
    "Yes, Mondays are the worst.",
    "We re-key everything by hand.",
    "Maybe, I need to ask my boss.",
    "Sounds interesting.",
    "Not sure about the budget.",
]


def _stamp(seconds: float) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{secs:06.3f}"


def vtt(cues: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out, clock = ["WEBVTT", ""], 0.0
    for n in range(cues):
        who, said = ("Rep", rng.choice(REP)) if n % 2 == 0 else ("Dana", rng.choice(THEM))
        length = 1.5 + len(said) / 15
        out += [f"{_stamp(clock)} --> {_stamp(clock + length)}", f"<v {who}>{said}", ""]
        clock += length + rng.uniform(-0.3, 1.2)
    return "\n".join(out)


def plain(lines: int, seed: int = 2) -> str:
    rng = random.Random(seed)
    return "".join(
        f"Rep: {rng.choice(REP)}\n" if n % 2 == 0 else f"Dana: {rng.choice(THEM)}\n"
        for n in range(lines)
    )


def _timed(fn: object, *args: object, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn(*args)  # type: ignore[operator]
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    print("== Delivery figures (coach.practice.delivery.measure), generated calls")
    rows = []
    for cues in (1_000, 10_000, 100_000):
        timed = parse_captions(vtt(cues), joined=False)
        seconds = _timed(delivery.measure, timed, "Rep", repeat=3 if cues < 100_000 else 1)
        rows.append((cues, seconds))
        label = "one-hour call" if cues == 1_000 else f"{cues:,} cues"
        each = seconds / cues * 1e6
        print(f"   {label:<16} {cues:>8,} cues  {seconds * 1000:8.1f} ms  ({each:.1f} µs a cue)")
    turns = parse_plain(plain(100_000))
    seconds = _timed(delivery.measure, turns, "Rep", repeat=1)
    print(f"   {'plain text':<16} {100_000:>8,} lines {seconds * 1000:8.1f} ms  (by words)")
    growth = (rows[-1][1] / rows[-1][0]) / (rows[0][1] / rows[0][0])
    print(f"   per-cue cost at 100,000 over 1,000: {growth:.2f}x (1.0 is linear)")
    print("== coach score as a whole process (time, peak memory)")
    with tempfile.TemporaryDirectory() as folder:
        for lines in (1_000, 100_000, 1_000_000):
            path = Path(folder) / f"call-{lines}.txt"
            path.write_text(plain(lines), encoding="utf-8")
            t = time.perf_counter()
            done = subprocess.run(
                [
                    "/usr/bin/time",
                    "-f",
                    "%M",
                    COACH,
                    "score",
                    str(path),
                    "--kind",
                    "meeting_end",
                    "--json",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            took = time.perf_counter() - t
            peak = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"
            notes = [line for line in done.stderr.splitlines() if line.startswith("coach: note:")]
            megabytes = int(peak) / 1024 if peak.isdigit() else 0
            print(
                f"   {lines:>9,} lines  {took:6.1f} s  {megabytes:6.0f} MB"
                f"  exit {done.returncode}  {len(notes)} note(s)"
            )
            for note in notes:
                print(f"      {note}")


if __name__ == "__main__":
    main()
