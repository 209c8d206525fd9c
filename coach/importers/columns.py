"""Which column of a user's file is which field: real export names, plus ``--map`` overrides."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from coach.errors import UserError
from coach.text import fold, printable

CONTACT_FIELDS = (
    "source_id",
    "first_name",
    "last_name",
    "name",
    "company",
    "title",
    "email",
    "mobile",
    "phone",
    "notes",
    "nickname",
)
CALL_FIELDS = (
    "contact_ref",
    "email",
    "phone",
    "name",
    "company",
    "when",
    "clock",
    "kind",
    "direction",
    "outcome",
    "reason",
    "message",
    "duration",
)
#: Fields that may come from several columns at once (every phone column counts).
MULTI = frozenset({"phone", "mobile", "notes"})
#: Fields that keep every column named for them, best-named first: a contact's e-mails
#: (the first is its main one), and the call fields that fall back to the next column
#: when the best one is blank in a row.
RANKED = frozenset({"email", "when", "reason", "message"})
#: The documented names of fields that are stored under another name.
FIELD_ALIASES = {"id": "source_id", "contact_id": "contact_ref"}


def norm_header(name: str) -> str:
    """Fold a header for comparison: "E-mail Address" -> "e mail address"."""
    return re.sub(r"[^a-z0-9*]+", " ", fold(name)).strip()


@cache
def _aliases() -> dict[str, dict[str, list[str]]]:
    raw = files("coach").joinpath("data/columns.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


@dataclass(slots=True)
class ColumnMap:
    """Column indexes per field. ``single`` fields take the first column; multi take all."""

    columns: dict[str, list[int]]
    headers: list[str]
    #: Columns that ``--map`` said to ignore.
    ignored: frozenset[int] = frozenset()

    def index(self, field: str) -> int:
        """The first column of ``field``, or -1 when the file has none."""
        cols = self.columns.get(field)
        return cols[0] if cols else -1

    def first(self, field: str, row: list[str]) -> str:
        """The first non-blank cell of ``field`` in ``row``, stripped; "" when none."""
        for i in self.columns.get(field, ()):
            if i < len(row) and (value := row[i].strip()):
                return value
        return ""

    def all(self, field: str, row: list[str]) -> list[tuple[int, str]]:
        """(column, stripped cell) for every non-blank cell of ``field`` in ``row``."""
        cells = ((i, row[i].strip()) for i in self.columns.get(field, ()) if i < len(row))
        return [(i, value) for i, value in cells if value]

    def fallbacks(self, field: str) -> list[int]:
        """The columns of ``field`` after its first (read when the first is blank)."""
        return self.columns.get(field, [])[1:]

    def mapped(self) -> set[int]:
        """Every column some field reads, plus the ones ``--map`` said to ignore."""
        return {i for cols in self.columns.values() for i in cols} | self.ignored

    def has(self, field: str) -> bool:
        return field in self.columns

    def header(self, index: int) -> str:
        return self.headers[index]


def parse_overrides(pairs: Sequence[str], fields: tuple[str, ...]) -> dict[str, str]:
    """``--map "Column Name=field"`` values as {normalised column: field}."""
    out: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.rpartition("=")
        field = field.strip().lower()
        if FIELD_ALIASES.get(field) in fields:
            field = FIELD_ALIASES[field]
        if not sep or not column.strip():
            raise UserError(f'--map {pair!r}: write it as "Column Name=field"')
        if field not in (*fields, "ignore"):
            names = [
                n for n in (*fields, *FIELD_ALIASES) if n in fields or FIELD_ALIASES[n] in fields
            ]
            raise UserError(
                f"--map {printable(pair)!r}: unknown field {field!r} "
                f"(one of: {', '.join(names)}, ignore)"
            )
        out[norm_header(column)] = field
    return out


def map_columns(headers: list[str], kind: str, overrides: dict[str, str], where: str) -> ColumnMap:
    """Assign each header to a field of ``kind`` ("contacts" or "calls").

    A field read from one column takes the column whose name comes earliest in its alias
    list, not the leftmost: Outlook's "Title" (Dr., Ms.) loses to its "Job Title".
    """
    fields = CONTACT_FIELDS if kind == "contacts" else CALL_FIELDS
    table = _aliases()[kind]
    normed = [norm_header(h) for h in headers]
    for column in overrides:
        if column not in normed:
            shown = ", ".join(repr(printable(h)) for h in headers)
            raise UserError(
                f"--map names a column {column!r} that is not in the file (columns: {shown})",
                where=where,
            )
    ranked: dict[str, list[tuple[int, int]]] = {}
    ignored: set[int] = set()
    for index, name in enumerate(normed):
        field: str | None
        if name in overrides:
            field, rank = overrides[name], -1
        else:
            field, rank = _field_for(name, fields, table)
        if field == "ignore":
            ignored.add(index)
        elif field is not None:
            ranked.setdefault(field, []).append((rank, index))
    columns: dict[str, list[int]] = {}
    for field, found in ranked.items():
        if field in MULTI:
            columns[field] = [i for _, i in found]
        elif field in RANKED:
            columns[field] = [i for _, i in sorted(found)]
        else:
            # The best name only; when the file has it twice (HubSpot's second "Company
            # name", of the associated company), a blank cell falls back to the other.
            best = min(found)[0]
            columns[field] = [i for rank, i in found if rank == best]
    return ColumnMap(columns=columns, headers=headers, ignored=frozenset(ignored))


_PHONE_HEADER = re.compile(
    r"phone(?!tic)|mobile|\bcell|\bfax|pager|\btel\b|telephone|callback|\bmail|email"
)
_ID_OR_TYPE = re.compile(r"\bids?\b|id$|type|label")
_NOT_CONTACT_HEADER = re.compile(r"\bids?\b|id$|date|time|duration|count|\bat$|type|label")
_PHONE_VALUE = re.compile(r"\+?[\d\s().-]{7,24}")
_DATE_VALUE = re.compile(r"\d{4}-\d\d?-\d\d?|\d\d?[/.-]\d\d?[/.-]\d{2,4}")
_EMAIL_VALUE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _value_kind(value: str) -> str:
    """ "email" or "phone" when a cell looks like one, else ""."""
    if _EMAIL_VALUE.fullmatch(value):
        return "email"
    if not _PHONE_VALUE.fullmatch(value) or _DATE_VALUE.fullmatch(value.strip()):
        return ""
    return "phone" if 7 <= sum(c.isdigit() for c in value) <= 15 else ""


def unread_lookalikes(cmap: ColumnMap, sample: Sequence[Sequence[str]]) -> list[tuple[int, str]]:
    """(column, "phone" or "email") for each column no field reads that looks like a phone
    or e-mail column, by its name or by most of its values in ``sample`` (the first rows)."""
    mapped = cmap.mapped()
    found = []
    for index, header in enumerate(cmap.headers):
        if index in mapped or not header:
            continue
        name = norm_header(header)
        if _PHONE_HEADER.search(name) and not _ID_OR_TYPE.search(name):
            found.append((index, "email" if "mail" in name else "phone"))
            continue
        if _NOT_CONTACT_HEADER.search(name):
            continue
        kinds = [_value_kind(v) for row in sample if index < len(row) and (v := row[index].strip())]
        for kind in ("phone", "email"):
            if kinds and kinds.count(kind) * 2 > len(kinds):
                found.append((index, kind))
    return found


def lookalike_note(header: str, field: str) -> str:
    """What to tell the user about a phone- or e-mail-like column nothing reads."""
    shown = printable(header)
    return (
        f'column {shown!r} not imported: map it with --map "{shown}={field}" (or "{shown}=ignore")'
    )


def _field_for(
    name: str, fields: tuple[str, ...], table: dict[str, list[str]]
) -> tuple[str | None, int]:
    """The field a header names and how good a name for it it is (0 = the best)."""
    for field in fields:
        for rank, pattern in enumerate(table.get(field, ())):
            if name == pattern or ("*" in pattern and fnmatch.fnmatchcase(name, pattern)):
                return field, rank
    return None, 0
