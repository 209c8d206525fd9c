"""``coach import calls FILE``: logged touches (calls, voicemails, emails, meetings, callbacks)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from coach.db import ContactKeys, Store, match_key
from coach.errors import UserError
from coach.importers.columns import CALL_FIELDS, ColumnMap, map_columns, parse_overrides
from coach.importers.contacts import PROGRESS_EVERY, clean_email, split_name
from coach.importers.csvfile import iter_rows, read_table
from coach.importers.report import ImportReport, Problem, Progress
from coach.models import TOUCH_KINDS, TouchIn
from coach.phones import DEFAULT_REGION, parse_phone
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
    first elsewhere). Raises ``ValueError`` naming what was expected.
    """
    value = " ".join(text.strip().split())
    try:
        parsed = datetime.fromisoformat(value.replace(" Z", "Z"))
    except ValueError:
        local = _US_FORMATS if region in ("US", "CA", "PH") else _DAY_FIRST
        parsed = None
        for fmt in (*local, *_OTHER):
            try:
                parsed = datetime.strptime(value.upper() if "%p" in fmt else value, fmt)
                break
            except ValueError:
                continue
        if parsed is None:
            raise ValueError(
                f"not a date/time: {text!r} (expected ISO 8601 like 2026-11-20T14:30)"
            ) from None
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()
    return int(parsed.timestamp())


def parse_kind(kind: str, direction: str, outcome: str, reason: str) -> str:
    """Map an export's activity type, direction and outcome onto our five kinds."""
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


def resolve(keys: ContactKeys, touch: TouchIn) -> int | None:
    """The contact a touch belongs to: by id, then email, then number, then name."""
    if touch.contact_ref and touch.contact_ref in keys.by_source:
        return keys.by_source[touch.contact_ref]
    if touch.email and touch.email in keys.by_email:
        return keys.by_email[touch.email]
    if touch.phone is not None and touch.phone.e164 in keys.by_phone:
        return keys.by_phone[touch.phone.e164]
    if touch.name:
        first, last = split_name(touch.name)
        if touch.company and (cid := keys.by_key.get(match_key(first, last, touch.company))):
            return cid
        same_name = keys.by_name.get(" ".join(words(f"{first} {last}")), [])
        if len(set(same_name)) == 1:
            return same_name[0]
    return None


class CellError(ValueError):
    """A cell that makes its row unusable; ``column`` is 0-based."""

    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column = column


def _column(cmap: ColumnMap, field: str) -> int:
    return cmap.columns[field][0] if cmap.has(field) else 0


def touch_from_cells(line: int, cells: dict[int, str], cmap: ColumnMap, region: str) -> TouchIn:
    """One CSV row as a touch. Raises :class:`CellError` naming the column when unusable."""
    when = cmap.first("when", cells)
    when_col = _column(cmap, "when")
    if not when:
        raise CellError(when_col, f"no date/time in column {cmap.header(when_col)!r}")
    try:
        ts = parse_when(when, region)
    except ValueError as exc:
        raise CellError(when_col, f"{exc} in column {cmap.header(when_col)!r}") from None
    outcome, reason = cmap.first("outcome", cells), cmap.first("reason", cells)
    try:
        kind = parse_kind(
            cmap.first("kind", cells), cmap.first("direction", cells), outcome, reason
        )
    except ValueError as exc:
        col = _column(cmap, "kind")
        raise CellError(col, f"{exc} in column {cmap.header(col)!r}") from None
    phone = None
    if raw_phone := cmap.first("phone", cells):
        try:
            phone = parse_phone(raw_phone, region)
        except ValueError:
            phone = None
    return TouchIn(
        line=line,
        ts=ts,
        kind=kind,
        outcome=outcome,
        reason=reason,
        message=cmap.first("message", cells),
        contact_ref=cmap.first("contact_ref", cells),
        email=clean_email(cmap.first("email", cells)),
        phone=phone,
        name=cmap.first("name", cells),
        company=cmap.first("company", cells),
    )


def import_calls(
    store: Store,
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
    report = ImportReport(str(path), "touches")

    with store.transaction():
        keys = store.contact_keys()

        def rows() -> Iterator[tuple[int, TouchIn]]:
            for n, (line, cells) in enumerate(iter_rows(table), start=1):
                where = f"{path}:{line}"
                if progress is not None and n % PROGRESS_EVERY == 0:
                    progress(n)
                try:
                    touch = touch_from_cells(line, cells, cmap, region)
                except CellError as exc:
                    report.problems.append(Problem(f"{where}:{exc.column + 1}", str(exc)))
                    continue
                cid = resolve(keys, touch)
                if cid is None:
                    who = (
                        touch.contact_ref
                        or touch.email
                        or touch.name
                        or (touch.phone.raw if touch.phone else "?")
                    )
                    report.problems.append(Problem(where, f"no contact {who!r} in the book"))
                    continue
                yield cid, touch

        report.added, report.updated, report.unchanged = store.save_touches(rows())
    return report
