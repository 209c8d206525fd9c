"""Transcripts in: plain ``Speaker: text`` lines, WebVTT (Zoom, Teams) and SRT.

Every format becomes the same list of :class:`Turn`. Consecutive cues from one speaker are
joined (caption files cut long sentences into several cues). A malformed file is a
:class:`~coach.errors.UserError` naming the file and line.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import NamedTuple

from coach.errors import UserError

#: Speaker labels that name the seller, as exports and hand-written transcripts use them.
REP_NAMES = (
    "rep",
    "me",
    "you",
    "sales",
    "sales rep",
    "salesperson",
    "agent",
    "seller",
    "sales agent",
    "representative",
    "account executive",
    "account manager",
    "ae",
    "sdr",
    "bdr",
    "consultant",
    "advisor",
    "adviser",
    "recruiter",
    "installer",
)


def person_name(label: str) -> str:
    """A speaker label that is a person's name ("Dana Reyes", "Ms. Patel"), else "" (a role
    such as "Prospect" or "Caller" is nobody to write "Hi" to)."""
    if label.casefold() in PROSPECT_NAMES or label.casefold() in REP_NAMES:
        return ""
    words = label.replace(".", "").split()
    if not words or not all(w[:1].isupper() for w in words):
        return ""
    return label


#: Labels that name the other side: never taken for the rep when guessing.
PROSPECT_NAMES = (
    "prospect",
    "caller",
    "customer",
    "client",
    "them",
    "buyer",
    "lead",
    "homeowner",
    "owner",
    "patient",
    "user",
    "guest",
)

_SPEAKER = re.compile(r"^\s*(?P<who>[^\W\d][\w .'’&()-]{0,39}?)\s*:\s*(?P<text>.*)$")
_CUE_TIME = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*"
    r"(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(?:\s+.*)?$"
)
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-z][^>]*>", re.IGNORECASE)


class Turn(NamedTuple):
    """One speaker's uninterrupted words."""

    speaker: str
    text: str
    start: float | None = None  # seconds from the start, when the file has cue times
    line: int = 0
    end: float | None = None  # when the words ended (cue times, or a drill's clock)


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def _join(turns: list[Turn]) -> list[Turn]:
    joined: list[Turn] = []
    for turn in turns:
        if not turn.text:
            continue
        if joined and joined[-1].speaker == turn.speaker:
            last = joined[-1]
            joined[-1] = last._replace(text=f"{last.text} {turn.text}", end=turn.end)
        else:
            joined.append(turn)
    return joined


def parse_plain(text: str, where: str = "transcript") -> list[Turn]:
    """``Speaker: words`` per line; a line without a speaker continues the previous turn."""
    turns: list[Turn] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _SPEAKER.match(line)
        if m:
            turns.append(Turn(m.group("who").strip(), m.group("text").strip(), None, number))
        elif turns:
            last = turns[-1]
            turns[-1] = last._replace(text=f"{last.text} {line}".strip())
        else:
            raise UserError(
                f"expected 'Speaker: words', got {line[:40]!r}", where=f"{where}:{number}:1"
            )
    return _join(turns)


def _cue_text(lines: list[str], previous: str) -> tuple[str, str]:
    """(speaker, words) of one caption cue; a cue without a name continues the last speaker."""
    body = " ".join(lines)
    voice = _VOICE.search(body)
    speaker = voice.group(1).strip() if voice else ""
    words = html.unescape(_TAG.sub("", body)).strip()
    if not speaker:
        m = _SPEAKER.match(words)
        if m:
            speaker, words = m.group("who").strip(), m.group("text").strip()
    return speaker or previous or "Speaker", words


def parse_captions(text: str, where: str = "transcript", joined: bool = True) -> list[Turn]:
    """WebVTT or SRT: blocks of an optional id, a ``start --> end`` line and the words.
    ``joined``: one speaker's consecutive cues make one turn (else each cue is kept, with
    its own start and end, for the delivery figures)."""
    lines = text.splitlines()
    turns: list[Turn] = []
    number = 0
    if lines and lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        number = 1
    speaker = ""
    while number < len(lines):
        line = lines[number].strip()
        if not line:
            number += 1
            continue
        if line.startswith(("NOTE", "STYLE", "REGION")):
            while number < len(lines) and lines[number].strip():
                number += 1
            continue
        block_start = number
        if not _CUE_TIME.match(line):
            if "-->" in line:
                raise UserError(
                    f"expected a cue time like '00:00:01.000 --> 00:00:04.000', got {line[:40]!r}",
                    where=f"{where}:{number + 1}:1",
                )
            number += 1  # a cue id (SRT's counter, or VTT's optional identifier)
            if number >= len(lines) or not _CUE_TIME.match(lines[number]):
                raise UserError(
                    f"expected a cue time like '00:00:01.000 --> 00:00:04.000', "
                    f"got {lines[min(number, len(lines) - 1)].strip()[:40]!r}",
                    where=f"{where}:{min(number, len(lines) - 1) + 1}:1",
                )
        timing = _CUE_TIME.match(lines[number])
        assert timing is not None
        start, end = _seconds(timing.group("start")), _seconds(timing.group("end"))
        number += 1
        body: list[str] = []
        while number < len(lines) and lines[number].strip():
            body.append(lines[number].strip())
            number += 1
        speaker, words = _cue_text(body, speaker)
        turns.append(Turn(speaker, words, start, block_start + 1, max(end, start)))
    return _join(turns) if joined else [t for t in turns if t.text]


def _captions(text: str, suffix: str) -> bool:
    """WebVTT or SRT, told by the suffix or, failing that, by the first lines."""
    head = text[:4096].lstrip("\ufeff").lstrip()
    first_lines = head.splitlines()[:3]
    captions = suffix.lower() in {".vtt", ".srt"} or head.startswith("WEBVTT")
    if not captions and len(first_lines) >= 2:
        captions = bool(_CUE_TIME.match(first_lines[1]) or _CUE_TIME.match(first_lines[0]))
    return captions


def parse(text: str, where: str = "transcript", suffix: str = "") -> list[Turn]:
    """Any supported format, told apart by the suffix or, failing that, by the first lines."""
    return _parsed(text, where, suffix)[0]


def _parsed(text: str, where: str, suffix: str) -> tuple[list[Turn], list[Turn]]:
    """(turns, cues): the cues as timed for captions, else the turns again."""
    if _captions(text, suffix):
        cues = parse_captions(text, where, joined=False)
        turns = _join(cues)
    else:
        turns = cues = parse_plain(text, where)
    if not turns:
        raise UserError("no conversation in it (no 'Speaker: words' lines)", where=where)
    return turns, cues


def read(path: Path) -> list[Turn]:
    """Read a transcript file (UTF-8, with or without a byte-order mark)."""
    return read_file(path).turns


#: A transcript is read up to this many lines (a ten-hour call is well under it): a longer
#: file is cut there, and the reader is told, so that no file can hang ``coach score``.
MAX_LINES = 200_000


class Read(NamedTuple):
    """A transcript file as read: its turns (for the rubric), its cues as timed (for the
    delivery figures; the turns again when it has no times), how many lines it has and how
    many of them were read."""

    turns: list[Turn]
    cues: list[Turn]
    lines: int
    lines_read: int


def read_file(path: Path, max_lines: int = MAX_LINES) -> Read:
    """Read a transcript file, at most ``max_lines`` lines of it."""
    from coach.userfile import read_text

    text = read_text(path)
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    kept = lines
    if lines > max_lines:
        cut = -1
        for _ in range(max_lines):
            cut = text.index("\n", cut + 1)
        text, kept = text[: cut + 1], max_lines
    turns, cues = _parsed(text, str(path), path.suffix)
    return Read(turns, cues, lines, kept)


def speakers(turns: list[Turn]) -> list[str]:
    """Distinct speakers in order of first appearance."""
    return list(dict.fromkeys(t.speaker for t in turns))


def pick_rep(
    turns: list[Turn], rep: str | None = None, where: str = "transcript", kind: str = ""
) -> str:
    """The rep's speaker name: ``rep`` if given, else a seller's label (Rep, Me, Agent,
    Account Executive…), else on a callback the one who did not speak first (the caller
    does), else the first speaker who is not labelled as the other side (Caller,
    Customer, Them…), else the first speaker."""
    names = speakers(turns)
    if rep:
        for name in names:
            if name.casefold() == rep.casefold():
                return name
        raise UserError(f"no speaker called {rep!r} (speakers: {', '.join(names)})", where=where)
    for name in names:
        if name.casefold() in REP_NAMES:
            return name
    if kind == "callback" and len(names) > 1:
        return names[1]  # the caller speaks first
    return next((n for n in names if n.casefold() not in PROSPECT_NAMES), names[0])
