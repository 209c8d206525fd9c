"""The export cursors: every touch (with who it was) and every practice session,
streamed so that a big book is never in memory at once.

May import: the standard library, ``sqlite3``, :mod:`coach.models`, :mod:`coach.book.base`,
:mod:`coach.book.sessions` (how a session row is read).
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Iterator

from coach.book.base import BATCH, _Base
from coach.book.sessions import SESSION_COLUMNS, session_of
from coach.models import SessionRecord, WriteBackRow


class ExportRows(_Base):
    """The export cursors of :class:`~coach.book.Book`."""

    # ----------------------------------------------------------------- export
    def export_touches(
        self, batch: int = BATCH
    ) -> Iterator[tuple[int, str, str, str, str, str, str, str, str, str, int]]:
        """Every touch, oldest first, with who it was: (ts, kind, outcome, reason, message,
        first_name, last_name, company, email, first phone's E.164 or "", contact_id).

        Touches stream from one cursor, ``batch`` rows at a time: a million are never in
        memory at once. Who each was is looked up in a map of every contact read first
        (memory grows with the contacts, ~0.4 KB each): joining in SQL instead reads the
        contacts in time order, at random, and took three times as long on a 1M-touch book.
        """
        who: dict[int, tuple[str, str, str, str, str]] = {
            r[0]: (r[1], r[2], r[3], r[4], r[5])
            for r in self.conn.execute(
                "SELECT c.id, c.first_name, c.last_name, c.company, c.email, coalesce((SELECT"
                " p.e164 FROM phones p WHERE p.contact_id = c.id ORDER BY p.id LIMIT 1), '')"
                " FROM contacts c"
            )
        }
        nobody = ("", "", "", "", "")
        cur = self.conn.execute(
            "SELECT ts, kind, outcome, reason, message, contact_id FROM touches ORDER BY ts, id"
        )
        try:
            while rows := cur.fetchmany(batch):
                for ts, kind, outcome, reason, message, cid in rows:
                    first, last, company, email, e164 = who.get(cid, nobody)
                    yield ts, kind, outcome, reason, message, first, last, company, email, e164, cid
        finally:
            # A reader that stopped early may drop this after closing the book.
            with contextlib.suppress(sqlite3.ProgrammingError):
                cur.close()

    def export_sessions(self) -> Iterator[SessionRecord]:
        """Every practice session, oldest first."""
        for r in self.conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY started_ts, id"
        ):
            yield session_of(r)

    # ------------------------------------------------------------- write-back
    def write_back_touches(self, fmt: str, new_only: bool = False) -> Iterator[WriteBackRow]:
        """The touches logged in Coach (never those an import brought), oldest first, with
        who each was; ``new_only`` leaves out those already exported in ``fmt``."""
        unseen = (
            " AND NOT EXISTS (SELECT 1 FROM touch_exports x WHERE x.format = ?"
            " AND x.touch_id = t.id)"
        )
        cur = self.conn.execute(
            "SELECT t.id, t.ts, t.kind, t.outcome, t.reason, t.message, t.notes,"
            " c.first_name, c.last_name, c.company, c.email, coalesce(c.source_id, ''),"
            " coalesce((SELECT p.e164 FROM phones p WHERE p.contact_id = c.id"
            " ORDER BY p.id LIMIT 1), '')"
            " FROM touches t JOIN contacts c ON c.id = t.contact_id"
            " WHERE t.logged_ts IS NOT NULL"
            + (unseen if new_only else "")
            + " ORDER BY t.ts, t.id",
            (fmt,) if new_only else (),
        )
        try:
            while rows := cur.fetchmany(BATCH):
                for r in rows:
                    yield WriteBackRow(*r)
        finally:
            with contextlib.suppress(sqlite3.ProgrammingError):
                cur.close()

    def mark_exported(
        self, fmt: str, sent: Iterable[tuple[int, str]], now: float | None = None
    ) -> int:
        """Remember that these touches, ``(touch id, the title the CRM was sent)``, went out
        in ``fmt`` (the ``--new`` watermark, and how the CRM's copy is known when it comes
        back); returns how many were new to it. A touch taken back since is skipped."""
        ts = int(time.time() if now is None else now)
        with self.transaction():
            before = self.conn.total_changes
            self.conn.executemany(
                "INSERT OR IGNORE INTO touch_exports (format, touch_id, exported_ts, subject)"
                " SELECT ?, id, ?, ? FROM touches WHERE id = ?",
                ((fmt, ts, subject, i) for i, subject in sent),
            )
            return self.conn.total_changes - before
