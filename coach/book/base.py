"""What every part of :class:`~coach.book.Book` shares: the constants of the book's
size and pace, and ``_Base``, the attributes the table-group mixins use.

``Book`` is one class composed of mixins, one per table group (contacts, touches,
search, sessions, follow-ups, report queries, export rows); each mixin inherits
``_Base`` so that ``mypy --strict`` knows ``self.conn``, ``self.transaction()`` and the
few methods one group calls on another. The bulk-load helpers live here because both
contacts and touches use them.

May import: the standard library, ``sqlite3``, :mod:`coach.book.schema`; sqlite-utils
only for type checking (``coach lookup`` must not import it).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.book.schema import _if_not_exists

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Terms shorter than this are found by exact or prefix match only.
FUZZY_MIN_LEN = 4
#: Longer terms get no typo index (its size grows with the square of the length).
FUZZY_MAX_LEN = 24
#: A touch dated further ahead than this is an error, not "today" (clock skew allowed).
FUTURE_SLACK_S = 86_400
#: Rows written per executemany during imports.
BATCH = 2000
#: An import expected to add more rows than this, and more than the table holds, drops
#: the table's secondary indexes and builds them again at the end (much faster in bulk).
BULK_ROWS = 20_000
#: The schema name of an import's staging database (:meth:`_Base._staging`).
_STAGE = "stage"


def _json() -> Any:
    """The json module, imported when a session or follow-up is read or written: `coach
    lookup` imports the whole book and never does (json costs it a millisecond)."""
    import json

    return json


class _Base:
    """The state every table-group mixin works on (set by ``Book.__init__``)."""

    path: Path
    conn: sqlite3.Connection
    _db: Database | None

    if TYPE_CHECKING:
        # Defined by Book (book.py) and Search (search.py); declared here for the mixins.
        def transaction(self, checked: bool = True) -> contextlib.AbstractContextManager[None]:
            """See :meth:`coach.book.Book.transaction`."""

        def recency_of(self, ids: Sequence[int]) -> dict[int, int]:
            """See :meth:`coach.book.search.Search.recency_of`."""

    @contextlib.contextmanager
    def _staging(self, table: str, columns: str) -> Iterator[str]:
        """A table for an import's rows before they land: ``stage.<table>``, in a private
        database of this connection's own (a file SQLite unlinks itself, so a killed import
        leaves nothing) that takes no lock on the book. Yields the table's name.

        It is let go by detaching the database, which costs nothing, where dropping a
        million staged rows took half a second; nothing in it needs a journal (it is never
        rolled back, only thrown away). Not inside a transaction. A staging database left
        attached by an import stopped mid-way (a statement still open on it) is let go first.
        """
        conn = self.conn
        if conn.in_transaction:
            raise RuntimeError("an import's staging cannot start inside a transaction")
        if any(row[1] == _STAGE for row in conn.execute("PRAGMA database_list")):
            conn.execute(f"DETACH DATABASE {_STAGE}")  # left by an import stopped mid-way
        conn.execute(f"ATTACH DATABASE '' AS {_STAGE}")
        try:
            conn.execute(f"PRAGMA {_STAGE}.journal_mode = OFF")
            conn.execute(f"PRAGMA {_STAGE}.synchronous = OFF")
            conn.execute(f"CREATE TABLE {_STAGE}.{table} ({columns})")
            yield f"{_STAGE}.{table}"
        except BaseException:
            # What stopped the import is what the user hears, not a failed clean-up (a
            # statement still open on the staging database; the next import lets it go).
            with contextlib.suppress(sqlite3.Error):
                self._unstage()
            raise
        self._unstage()

    def _unstage(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.execute(f"DETACH DATABASE {_STAGE}")

    @contextlib.contextmanager
    def _bulk(
        self, tables: tuple[str, ...], bulk: bool, keep: tuple[str, ...] = ()
    ) -> Iterator[None]:
        """Drop the droppable indexes of ``tables`` (but those in ``keep``) for a bulk load;
        rebuild them after.

        Inside a transaction, so a failed load rolls the indexes back with the rows.
        """
        if not bulk:
            yield
            return
        marks = ",".join("?" * len(tables))
        indexes = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks})",
            tables,
        ).fetchall()
        indexes = [(name, sql) for name, sql in indexes if name not in keep]
        for name, _ in indexes:
            self.conn.execute(f'DROP INDEX "{name}"')
        yield
        for _, sql in indexes:
            self.conn.execute(_if_not_exists(sql))

    def _is_bulk(self, table: str, expected: int) -> bool:
        if expected < BULK_ROWS:
            return False
        held = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return expected > int(held)
