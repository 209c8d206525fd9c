"""``coach import calls FILE``: logged touches (calls, voicemails, emails, meetings, callbacks)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from coach.book import FUTURE_SLACK_S, Book, ContactKeys
from coach.errors import UserError
from coach.importers.columns import CALL_FIELDS, ColumnMap, map_columns, parse_overrides
from coach.importers.contacts import clean_email, lookalike_problems, split_name
from coach.importers.csvfile import Table, read_table
from coach.importers.parallel import parallel_batches
from coach.importers.summary import ImportReport, Problem, Progress
from coach.lookup.phones import DEFAULT_REGION, parse_phone
from coach.lookup.terms import match_key
from coach.models import TOUCH_KINDS, TouchIn, TouchRow, touch_row
from coach.text import words

LINK_FIELDS = ("contact_ref", "email", "phone", "name")

_KIND_WORDS = {
    "call": "call",
    "calls": "call",
    "phone": "call",
    "phone call": "call",
    "outbound": "call",
    "outbound call": "call",
    "call outbound": "call",
    "logged call": "call",
    "dial": "call",
    "cold call": "call",
    "voicemail": "voicemail",
    "voice mail": "voicemail",
    "vm": "voicemail",
    "left voicemail": "voicemail",
    "left vm": "voicemail",
    "left message": "voicemail",
    "email": "email",
    "e mail": "email",
    "emails": "email",
    "mail": "email",
    "sent email": "email",
    "outbound email": "email",
    "meeting": "meeting",
    "meetings": "meeting",
    "event": "meeting",
    "appointment": "meeting",
    "demo": "meeting",
    "callback": "callback",
    "call back": "callback",
    "inbound": "callback",
    "inbound call": "callback",
    "call inbound": "callback",
    "returned call": "callback",
    "return call": "callback",
    "called back": "callback",
    # Salesforce's TaskSubtype and Android's call-log types (and their numeric codes).
    "listemail": "email",
    "list email": "email",
    "outgoing": "call",
    "outgoing call": "call",
    "2": "call",
    "incoming": "callback",
    "incoming call": "callback",
    "1": "callback",
    "missed": "callback",
    "missed call": "callback",
    "3": "callback",
    "rejected": "callback",
    "declined": "callback",
    "5": "callback",
    "4": "voicemail",
}
#: Kinds of row that are in activity exports but are not touches: a HubSpot note, a
#: Salesforce LinkedIn or cadence step, a call the phone blocked. Skipped, counted once.
_NOT_TOUCHES = frozenset({"note", "notes", "linkedin", "cadence", "blocked", "6"})
#: A to-do: a touch only when something says it happened (see ``TouchReader``).
_TASKS = frozenset({"task", "tasks", "to do", "todo"})
#: Task statuses that say it has not been done.
_OPEN_STATUSES = frozenset({"", "not started", "open", "in progress", "deferred", "waiting"})
#: The outcome an Android call type stands for, when the file gives none.
_OUTCOME_OF_KIND = {
    **dict.fromkeys(("missed", "missed call", "3"), "missed"),
    **dict.fromkeys(("rejected", "declined", "5"), "rejected"),
}
_VOICEMAIL_OUTCOME = re.compile(r"voice ?mail|left (a )?(live )?message|left vm|\bvm\b", re.I)

_US_FORMATS = (
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%y %H:%M",
    "%m/%d/%y",
)
_DAY_FIRST = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%y %H:%M",
    "%d/%m/%y",
    "%d/%m/%Y %I:%M %p",
)
_OTHER = (
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y",
    "%d %b %Y %H:%M",
    "%d %b %Y",
)


def parse_when(text: str, region: str = DEFAULT_REGION) -> int:
    """Unix seconds for a date/time as exports write it. Naive times are local time.

    ISO 8601 first; then the region's own order (month first for US and Canada, day
    first elsewhere); Unix time in seconds or milliseconds (Android's call log). Raises
    ``ValueError`` naming what was expected.
    """
    if text.isdigit() and len(text) in (10, 13):
        return int(text) // (1000 if len(text) == 13 else 1)
    try:
        parsed: datetime | None = datetime.fromisoformat(text)
    except ValueError:
        parsed = _parse_datetime(" ".join(text.strip().split()), region)
    year = _YEAR.search(text)
    if parsed is None and year is not None and int(year.group(1) or year.group(2)) < MIN_YEAR:
        parsed = datetime.min  # year 0 and the like: out of Python's range, but clearly old
    if parsed is None:
        raise ValueError(f"not a date/time: {text!r} (expected ISO 8601 like 2026-11-20T14:30)")
    if parsed.year < MIN_YEAR:
        raise ValueError(f"{text!r} is before {MIN_YEAR}: not a date a call was logged on")
    if parsed.tzinfo is not None:
        return int(parsed.timestamp())
    wall = int((parsed - _EPOCH).total_seconds())
    # Near the end of year 9999 the local time would leave datetime's range: the zone's
    # offset there is the one of a day earlier.
    return wall - _utc_offset(min(wall // 3600, _LAST_HOUR))


_EPOCH = datetime(1970, 1, 1)
#: A date's year, where the date is written year first (0000-01-01) or last (31/12/0001).
_YEAR = re.compile(
    r"^\s*(?:(\d{4})[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.-]\s*\d{1,2}[/.-]\s*(\d{4}))(?!\d)"
)
#: The last wall-clock hour whose UTC offset datetime can work out (9999-12-30 00:00).
_LAST_HOUR = int((datetime(9999, 12, 30) - _EPOCH).total_seconds()) // 3600
#: Dates before this are typing or export errors (year 0001 placeholders, two-digit years).
MIN_YEAR = 1900


@lru_cache(maxsize=1 << 16)
def _utc_offset(wall_hour: int) -> int:
    """Seconds the local zone is ahead of UTC at a local wall-clock hour (DST-aware)."""
    local = (_EPOCH + timedelta(hours=wall_hour)).astimezone()
    offset = local.utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _parse_datetime(value: str, region: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace(" Z", "Z"))
    except ValueError:
        pass
    local = _US_FORMATS if region in ("US", "CA", "PH") else _DAY_FIRST
    for fmt in (*local, *_OTHER):
        try:
            return datetime.strptime(value.upper() if "%p" in fmt else value, fmt)
        except ValueError:
            continue
    return None


@lru_cache(maxsize=4096)
def parse_kind(kind: str, direction: str, outcome: str, reason: str) -> str:
    """Map an export's activity type, direction and outcome onto our five kinds.

    ``reason`` (the subject) only matters for a generic "Task"; pass "" otherwise so the
    cache stays small.
    """
    k = " ".join(words(kind))
    if k in ("task", "tasks", ""):
        subject = " ".join(words(reason))
        k = "email" if "email" in subject else "call"
    elif k not in _KIND_WORDS and k not in TOUCH_KINDS:
        raise ValueError(f"unknown kind {kind!r} (one of: {', '.join(TOUCH_KINDS)})")
    result = _KIND_WORDS.get(k, k)
    if result == "call" and direction.strip().lower().startswith("in"):
        result = "callback"
    if result == "call" and _VOICEMAIL_OUTCOME.search(outcome):
        result = "voicemail"
    return result


def resolve(
    keys: ContactKeys, ref: str, email: str, phone: str, name: str, company: str
) -> int | None:
    """The contact a touch belongs to: by id, then email, then number, then name."""
    if ref and (cid := keys.by_source(ref)) is not None:
        return cid
    if email and (cid := keys.by_email(email)) is not None:
        return cid
    if phone and (cid := keys.by_phone(phone)) is not None:
        return cid
    if name:
        first, last = split_name(name)
        if company and (cid := keys.by_key(match_key(first, last, company))):
            return cid
        same_name = keys.by_name(" ".join(words(f"{first} {last}")))
        if len(same_name) == 1:
            return same_name[0]
    return None


class CellError(ValueError):
    """A cell that makes its row unusable; ``column`` is 0-based."""

    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column = column


class NotATouch:
    """A row that is not a touch (a to-do, a note): what its kind column said."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __reduce__(self) -> tuple[type[NotATouch], tuple[str]]:
        return (NotATouch, (self.kind,))


class NotATouchError(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TouchReader:
    """Turns CSV rows into touches. Column positions are worked out once per file:
    this runs a million times on a large import."""

    FIELDS = (
        "when",
        "outcome",
        "reason",
        "kind",
        "direction",
        "phone",
        "message",
        "contact_ref",
        "email",
        "name",
        "company",
        "clock",
        "duration",
    )

    def __init__(self, cmap: ColumnMap, region: str, now: float | None = None) -> None:
        self.cmap, self.region = cmap, region
        #: Touches dated after this are refused: a clock or an export gone wrong, and a
        #: touch "tomorrow" would pin its contact at the top of the likely callers.
        self.latest = int(time.time() if now is None else now) + FUTURE_SLACK_S
        self.at = {f: cmap.index(f) for f in self.FIELDS}
        #: Columns read when the first of a field's is blank in a row.
        self.when_more = cmap.fallbacks("when")
        self.reason_more = cmap.fallbacks("reason")
        self.message_more = cmap.fallbacks("message")
        more = (*self.when_more, *self.reason_more, *self.message_more)
        self.width = max(*self.at.values(), *more) + 1

    def column(self, field: str) -> int:
        return max(self.at[field], 0)

    def __call__(self, line: int, row: list[str]) -> TouchIn:
        """One row as a touch. Raises :class:`CellError` naming the column when unusable."""
        if len(row) < self.width:
            row = row + [""] * (self.width - len(row))
        at = self.at
        when_col = at["when"]
        when = row[when_col].strip()
        if self.when_more and ":" not in when:
            # Salesforce: ActivityDate is the day (blank on some tasks), CreatedDate the
            # moment it was logged; that moment is the time of a call logged that day.
            later = _first(row, self.when_more)
            if later.startswith(when):
                when = later
        i = at["clock"]
        if i >= 0 and ":" not in when and (clock := row[i].strip()):
            when = f"{when} {clock}"  # Android's call log: the date and the time apart
        if not when:
            raise CellError(when_col, f"no date/time in column {self.cmap.header(when_col)!r}")
        try:
            ts = parse_when(when, self.region)
        except (ValueError, OverflowError) as exc:
            raise CellError(when_col, f"{exc} in column {self.cmap.header(when_col)!r}") from None
        if ts > self.latest:
            raise CellError(
                when_col,
                f"dated in the future: {when!r} is more than a day ahead"
                f" (column {self.cmap.header(when_col)!r})",
            )
        i = at["outcome"]
        outcome = row[i].strip() if i >= 0 else ""
        i = at["reason"]
        reason = row[i].strip() if i >= 0 else ""
        if not reason and self.reason_more:
            reason = _first(row, self.reason_more)
        i = at["kind"]
        kind_cell = row[i].strip() if i >= 0 else ""
        i = at["direction"]
        direction = row[i].strip() if i >= 0 else ""
        if kind_cell:
            lower = kind_cell.lower()
            if lower in _NOT_TOUCHES or (lower in _TASKS and not self._happened(row, outcome)):
                raise NotATouchError(kind_cell)
            if not outcome and lower in _OUTCOME_OF_KIND:
                outcome = _OUTCOME_OF_KIND[lower]
        subject = reason if kind_cell.lower() in ("task", "tasks", "") else ""
        try:
            kind = parse_kind(kind_cell, direction, outcome, subject)
        except ValueError as exc:
            col = self.column("kind")
            raise CellError(col, f"{exc} in column {self.cmap.header(col)!r}") from None
        e164 = raw_phone = ""
        i = at["phone"]
        if i >= 0 and (raw_phone := row[i].strip()):
            try:
                e164 = parse_phone(raw_phone, self.region).e164
            except ValueError:
                e164 = ""
        i = at["message"]
        message = row[i].strip() if i >= 0 else ""
        if not message and self.message_more:
            message = _first(row, self.message_more)
        i = at["contact_ref"]
        ref = row[i].strip() if i >= 0 else ""
        i = at["email"]
        email = clean_email(row[i].strip()) if i >= 0 else ""
        i = at["name"]
        name = row[i].strip() if i >= 0 else ""
        i = at["company"]
        company = row[i].strip() if i >= 0 else ""
        return TouchIn(
            line, ts, kind, outcome, reason, message, ref, email, e164, raw_phone, name, company
        )

    def _happened(self, row: list[str], outcome: str) -> bool:
        """Whether a task row says it was done as a call or e-mail: an outcome (not an open
        status), a direction or a call duration. Else it is a to-do, not a touch."""
        if outcome.lower() not in _OPEN_STATUSES:
            return True
        i = self.at["direction"]
        if i >= 0 and row[i].strip():
            return True
        i = self.at["duration"]
        return i >= 0 and row[i].strip() not in ("", "0")


def _first(row: list[str], columns: list[int]) -> str:
    for i in columns:
        if value := row[i].strip():
            return value
    return ""


def import_calls(
    book: Book,
    path: Path,
    *,
    region: str = DEFAULT_REGION,
    overrides: Sequence[str] = (),
    progress: Progress | None = None,
) -> ImportReport:
    """Add every touch that can be tied to a contact in the book; report the rest."""
    table = read_table(path)
    cmap = map_columns(table.headers, "calls", parse_overrides(overrides, CALL_FIELDS), str(path))
    found = ", ".join(repr(h) for h in table.headers[:8]) or "none"
    if not cmap.has("when"):
        raise UserError(
            f"no date/time column: found {found}; expected 'when' (or use --map \"Column=when\")",
            where=f"{path}:1",
        )
    if not any(cmap.has(f) for f in LINK_FIELDS):
        raise UserError(
            f"no column to tie a touch to a contact: found {found}; expected contact_id,"
            ' email or phone (or use --map "Column=contact_id")',
            where=f"{path}:1",
        )
    report = ImportReport(str(path), "touches", encoding=table.encoding)
    report.problems += lookalike_problems(table, cmap)

    read_touch = TouchReader(cmap, region)

    # Who is who, asked of the book's indexes; contacts are never removed, so every id
    # stays good. A contact's rows mostly come together: the last few thousand answers
    # are kept.
    with book.identities() as keys:

        @lru_cache(maxsize=4096)
        def contact_of(ref: str, email: str, phone: str, name: str, company: str) -> int | None:
            return resolve(keys, ref, email, phone, name, company)

        return _import_touches(book, table, read_touch, contact_of, report, progress)


def _import_touches(
    book: Book,
    table: Table,
    read_touch: TouchReader,
    contact_of: Callable[[str, str, str, str, str], int | None],
    report: ImportReport,
    progress: Progress | None,
) -> ImportReport:
    path = table.path

    def convert(numbered: tuple[int, list[str]]) -> tuple[TouchRow | Problem | NotATouch]:
        """A row, tied to its contact and ready to insert, or the problem with it.
        Runs in the parsing process on a big import, so it does all the work."""
        line, cells = numbered
        try:
            touch = read_touch(line, cells)
        except CellError as exc:
            return (Problem(f"{path}:{line}:{exc.column + 1}", str(exc)),)
        except NotATouchError as exc:
            return (NotATouch(exc.kind),)
        cid = contact_of(touch.contact_ref, touch.email, touch.phone, touch.name, touch.company)
        if cid is None:
            who = touch.contact_ref or touch.email or touch.name or touch.phone_raw or "?"
            return (Problem(f"{path}:{line}", f"no contact {who!r} in the book"),)
        return (touch_row(cid, touch),)

    def batches() -> Iterator[list[TouchRow]]:
        done = 0
        for batch in parallel_batches(table.rows, convert, table.approx_rows, workers=2):
            done += len(batch)
            if progress is not None:
                progress(done, table.approx_rows)
            good = [r for r in batch if isinstance(r, tuple)]
            if len(good) < len(batch):
                for r in batch:
                    if isinstance(r, Problem):
                        report.problems.append(r)
                    elif isinstance(r, NotATouch):
                        not_touches[r.kind] = not_touches.get(r.kind, 0) + 1
            yield good

    not_touches: dict[str, int] = {}
    counts = book.import_touch_batches(batches(), expected=table.approx_rows)
    report.added, report.updated, report.unchanged = counts
    if not_touches:
        report.problems.append(not_touches_note(str(path), not_touches))
    return report


def not_touches_note(path: str, counted: dict[str, int]) -> Problem:
    """One line for every row that is not a touch, however many there are."""
    total = sum(counted.values())
    kinds = ", ".join(f"{n} {kind!r}" for kind, n in sorted(counted.items()))
    rows = "1 row" if total == 1 else f"{total} rows"
    return Problem(
        path,
        f"{rows} not imported, not a call, voicemail, e-mail, meeting or callback ({kinds}:"
        " a task is a to-do until it has an outcome; a note is not a touch)",
        skipped=False,
    )
