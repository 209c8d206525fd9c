"""Export practice sessions or logged touches as CSV or JSON.

CSV is for spreadsheets, so every cell that a spreadsheet would run as a formula (one that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a
leading ``'`` and shows as text (the OWASP advice on CSV injection). A phone number
``+15551234567`` is therefore written ``'+15551234567``. JSON is data for programs and is
written exactly as stored.

Touches are streamed: a book of a million touches is written row by row, never held in
memory. The file itself appears only once complete (see :func:`output_file`).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from coach.errors import UserError
from coach.practice import delivery

if TYPE_CHECKING:
    from coach.book import Book
    from coach.models import SessionRecord

KINDS = ("sessions", "touches")
FORMATS = ("csv", "json")

#: A touch as :meth:`coach.db.Book.export_touches` yields it: (ts, kind, outcome, reason,
#: message, first_name, last_name, company, email, phone E.164, contact_id).
TouchExportRow = tuple[int, str, str, str, str, str, str, str, str, str, int]

TOUCH_COLUMNS = (
    "when",
    "kind",
    "outcome",
    "reason",
    "message",
    "contact",
    "company",
    "email",
    "phone",
    "contact_id",
)
#: The sessions' fixed columns; each rubric item seen adds ``<item>`` and
#: ``<item>_evidence`` after them, and ``transcript`` comes last.
SESSION_HEAD = (
    "id",
    "started",
    "scenario_id",
    "title",
    "kind",
    "score",
    "duration_s",
    "identify_s",
)


class Sink(Protocol):
    """Where an export is written: a text file, or standard output."""

    def write(self, text: str, /) -> int: ...


#: First characters a spreadsheet reads as the start of a formula.
DANGEROUS_FIRST = frozenset("=+-@\t\r")


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet will show and never run: a leading ``'`` when it begins
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return; otherwise unchanged."""
    return "'" + cell if cell[:1] in DANGEROUS_FIRST else cell


def local_iso(ts: float) -> str:
    """Unix seconds as local time in ISO 8601 with its UTC offset, e.g.
    ``2026-03-02T14:05:00-05:00`` (the offset keeps it unambiguous)."""
    return datetime.fromtimestamp(ts, UTC).astimezone().isoformat(timespec="seconds")


# ------------------------------------------------------------------ touches
def _name(first: str, last: str) -> str:
    return f"{first} {last}" if first and last else first or last


def touch_rows(rows: Iterable[TouchExportRow]) -> Iterator[list[str]]:
    """CSV rows (all text, in :data:`TOUCH_COLUMNS` order), one per touch, as they come."""
    for ts, kind, outcome, reason, message, first, last, company, email, phone, cid in rows:
        yield [
            local_iso(ts),
            kind,
            outcome,
            reason,
            message,
            _name(first, last),
            company,
            email,
            phone,
            str(cid),
        ]


def touch_objects(rows: Iterable[TouchExportRow]) -> Iterator[dict[str, Any]]:
    """JSON objects keyed by :data:`TOUCH_COLUMNS`, one per touch, as they come."""
    for ts, kind, outcome, reason, message, first, last, company, email, phone, cid in rows:
        yield {
            "when": local_iso(ts),
            "kind": kind,
            "outcome": outcome,
            "reason": reason,
            "message": message,
            "contact": _name(first, last),
            "company": company,
            "email": email,
            "phone": phone,
            "contact_id": cid,
        }


# ----------------------------------------------------------------- sessions
def item_keys(sessions: Iterable[SessionRecord]) -> list[str]:
    """Every rubric item any of the sessions was scored on, in order of first appearance."""
    seen: dict[str, None] = {}
    for s in sessions:
        seen.update(dict.fromkeys(s.items))
    return list(seen)


def session_columns(items: Sequence[str]) -> list[str]:
    columns = list(SESSION_HEAD)
    for item in items:
        columns += [item, f"{item}_evidence"]
    return [*columns, *DELIVERY_COLUMNS, "transcript"]


#: The delivery figures, one column each (empty for a session kept before they were measured).
DELIVERY_COLUMNS = tuple(k for k in delivery.KEYS if k != "basis")


def _verdict(item: Mapping[str, Any] | None) -> str:
    if not item:
        return ""
    if item.get("needed", True) is False:
        return "not needed"
    verdict = "pass" if item.get("passed") else "miss"
    return f"{verdict} (overridden)" if item.get("overridden") else verdict


def _number(value: float | None) -> str:
    return "" if value is None else str(value)


def transcript_text(transcript: Iterable[Sequence[str]]) -> str:
    """``Speaker: words`` lines, one per turn."""
    return "\n".join(f"{turn[0]}: {turn[1]}" for turn in transcript)


def session_rows(sessions: Iterable[SessionRecord], items: Sequence[str]) -> Iterator[list[str]]:
    """CSV rows (all text, in :func:`session_columns` order), one per session."""
    for s in sessions:
        row = [
            str(s.id),
            local_iso(s.started_ts),
            s.scenario_id,
            s.title,
            s.kind,
            str(s.score),
            _number(s.duration_s),
            _number(s.identify_s),
        ]
        for key in items:
            item = s.items.get(key)
            row += [_verdict(item), str((item or {}).get("evidence") or "")]
        figures = s.delivery
        row += ["" if figures.get(k) is None else str(figures[k]) for k in DELIVERY_COLUMNS]
        row.append(transcript_text(s.transcript))
        yield row


def session_objects(sessions: Iterable[SessionRecord]) -> Iterator[dict[str, Any]]:
    """JSON objects with the whole items dict and transcript list, one per session."""
    for s in sessions:
        yield {
            "id": s.id,
            "started": local_iso(s.started_ts),
            "scenario_id": s.scenario_id,
            "title": s.title,
            "kind": s.kind,
            "score": s.score,
            "duration_s": s.duration_s,
            "identify_s": s.identify_s,
            "items": s.items,
            # The figures alone (who spoke when stays in the book), None when not measured.
            "delivery": {k: s.delivery.get(k) for k in delivery.KEYS} if s.delivery else None,
            "transcript": s.transcript,
        }


# ------------------------------------------------------------------ writers
def write_csv(out: Sink, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """A header and the rows, every cell neutralised; returns how many rows. ``out`` should
    be opened with ``newline=""`` (the csv module ends rows with CRLF itself)."""
    writer = csv.writer(out)
    writer.writerow([neutralise(c) for c in columns])
    count = 0
    danger = DANGEROUS_FIRST
    for row in rows:
        # neutralise(), inlined: a million rows of ten cells spend a second in the calls.
        writer.writerow(["'" + c if c[:1] in danger else c for c in row])
        count += 1
    return count


_JSON = json.JSONEncoder(ensure_ascii=False)


def write_json(out: Sink, objects: Iterable[Mapping[str, Any]]) -> int:
    """A JSON array written as it goes, one object per line; returns how many objects."""
    count = 0
    out.write("[")
    for obj in objects:
        out.write(",\n" if count else "\n")
        out.write(_JSON.encode(obj))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def export(book: Book, kind: str, fmt: str, out: Sink) -> int:
    """Write every ``kind`` ("sessions" or "touches") in the book to ``out`` as ``fmt``
    ("csv" or "json"); returns how many rows (or objects) were written."""
    if kind not in KINDS or fmt not in FORMATS:
        raise ValueError(f"cannot export {kind!r} as {fmt!r}")
    if kind == "touches":
        if fmt == "csv":
            return write_csv(out, TOUCH_COLUMNS, touch_rows(book.export_touches()))
        return write_json(out, touch_objects(book.export_touches()))
    sessions = list(book.export_sessions())
    if fmt == "csv":
        items = item_keys(sessions)
        return write_csv(out, session_columns(items), session_rows(sessions, items))
    return write_json(out, session_objects(sessions))


# ------------------------------------------------------------------- output
def check_target(path: Path, force: bool) -> None:
    """Refuse, in one line naming it, a path that cannot become the new file."""
    if path.is_dir():
        raise UserError("is a folder; name a file to write", where=str(path))
    if not force and (path.exists() or path.is_symlink()):
        raise UserError("already exists; add --force to replace it", where=str(path))
    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"no such folder: {folder}", where=str(path))


@contextlib.contextmanager
def output_file(path: Path, force: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text stream whose contents become ``path`` only when the block completes.

    Written to an owner-only (0600) temporary file beside ``path`` and renamed into place
    at the end; on any error or Ctrl+C the temporary file goes and ``path`` is untouched.
    An existing ``path`` is refused unless ``force``.
    """
    check_target(path, force)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise UserError(f"cannot write here: {exc.strerror}", where=str(path)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            try:
                yield out
                out.flush()
                os.fsync(out.fileno())
            except OSError as exc:
                why = exc.strerror or str(exc)
                raise UserError(f"could not finish writing: {why}", where=str(path)) from None
        if not force and (path.exists() or path.is_symlink()):
            raise UserError("appeared while exporting; not replacing it", where=str(path))
        try:
            tmp.replace(path)
        except OSError as exc:
            raise UserError(f"cannot write here: {exc.strerror}", where=str(path)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
