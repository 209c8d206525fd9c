"""Touches (calls, voicemails, emails, callbacks), next steps and notes: logging and
importing them, and the recency (last touch, touch count) they give each contact.

May import: the standard library, ``sqlite3``, :mod:`coach.models`, :mod:`coach.book.base`.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from itertools import islice

from coach.book.base import BATCH, _Base
from coach.models import Touch, TouchIn, TouchRow, touch_row

#: What makes a touch the same touch (the unique index ``touches_key``).
TOUCH_KEY = "contact_id, ts, kind, digest"
#: Indexes of ``terms`` that a change of recency leaves as they are.
RECENCY_BLIND = ("terms_contact",)


class Touches(_Base):
    """The touches (and next steps) table group of :class:`~coach.book.Book`."""

    def count_touches(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM touches").fetchone()[0])

    # ---------------------------------------------------------------- touches
    def save_touches(self, rows: Iterable[TouchRow], expected: int = 0) -> tuple[int, int, int]:
        """Insert touches not already in the book. Call inside a transaction.

        Returns (added, updated, unchanged) and refreshes the recency of every contact hit.
        """
        it = iter(rows)
        return self.save_touch_batches(iter(lambda: list(islice(it, BATCH)), []), expected)

    def save_touch_batches(
        self, batches: Iterable[list[TouchRow]], expected: int = 0
    ) -> tuple[int, int, int]:
        """:meth:`save_touches` for rows that arrive in lists (no per-row Python work).

        A bulk load into an empty table skips the unique index and removes the file's own
        duplicates itself (the later row wins, as an update would), then builds the index.
        """
        totals = [0, 0, 0]
        touched: set[int] = set()
        bulk = self._is_bulk("touches", expected)
        with self._bulk(("touches",), bulk):
            for batch in batches:
                touched.update(r[0] for r in batch)
                self._flush_touches(batch, totals, upsert=not bulk)
            if bulk:
                self._drop_duplicate_touches(totals)
        with self._bulk(("terms",), bulk, keep=RECENCY_BLIND):  # every term: index afterwards
            self.refresh_recency(touched, everyone=bulk)
        return totals[0], totals[1], totals[2]

    #: A :data:`~coach.models.TouchRow`'s columns, in its order (every touch write uses this).
    _TOUCH_COLUMNS = "contact_id, ts, kind, outcome, reason, message, digest"

    def import_touch_batches(
        self, batches: Iterable[list[TouchRow]], expected: int = 0
    ) -> tuple[int, int, int]:
        """An import's touches: staged first, then saved in one short transaction.

        Reading and tying rows to contacts (the slow part) happens while other programs
        keep the book: the rows go to a staging database of this connection's own (see
        :meth:`_staging`; a killed import leaves nothing). Only then is the write lock
        taken, and the rows land with set-based SQL: a killed import leaves the book as
        it was before it or after it, and the app's writes wait only for the last step.
        Do not call inside a transaction.
        """
        conn = self.conn
        columns = (
            "contact_id INTEGER, ts INTEGER, kind TEXT, outcome TEXT, reason TEXT, message TEXT,"
            " digest INTEGER"
        )
        with self._staging("touches", columns) as staged:
            for batch in batches:
                conn.execute("BEGIN")  # the staging database only: takes no lock on the book
                conn.executemany(f"INSERT INTO {staged} VALUES (?,?,?,?,?,?,?)", batch)
                conn.execute("COMMIT")
            with self.transaction(checked=False):
                return self._save_staged_touches(staged, expected)

    def _save_staged_touches(self, table: str, expected: int) -> tuple[int, int, int]:
        cols = self._TOUCH_COLUMNS
        staged = int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        touched = [r[0] for r in self.conn.execute(f"SELECT DISTINCT contact_id FROM {table}")]
        totals = [0, 0, 0]
        self._drop_echoes(table)  # counted unchanged: they are in the book already
        bulk = self._is_bulk("touches", max(expected, staged))
        with self._bulk(("touches",), bulk):
            before = self.conn.total_changes
            # In bulk, without the unique index, the file's own repeats are left out here
            # (the first one wins); building the index is then the check against the book.
            first = (
                f" WHERE rowid IN (SELECT min(rowid) FROM {table} GROUP BY {TOUCH_KEY})"
                if bulk
                else " WHERE 1"
            )
            self.conn.execute(
                f"INSERT INTO touches ({cols}) SELECT {cols} FROM {table}{first}"
                " ORDER BY rowid" + ("" if bulk else " ON CONFLICT DO NOTHING")
            )
            totals[0] = self.conn.total_changes - before
            totals[2] = staged - totals[0]
            if bulk:
                self._drop_duplicate_touches(totals)
        with self._bulk(("terms",), bulk, keep=RECENCY_BLIND):
            self.refresh_recency(touched, everyone=bulk)
        return totals[0], totals[1], totals[2]

    def _drop_echoes(self, staged: str) -> int:
        """Take out of the staged rows the CRM's own copies of touches we wrote back to it
        (``coach export touches --format salesforce|hubspot``): the same contact, the same
        day, under the title we sent. They are in the book already; returns how many."""
        if self.conn.execute("SELECT 1 FROM touch_exports LIMIT 1").fetchone() is None:
            return 0
        before = self.conn.total_changes
        self.conn.execute(
            f"DELETE FROM {staged} WHERE rowid IN ("
            f" SELECT s.rowid FROM touch_exports x JOIN touches t ON t.id = x.touch_id"
            f" JOIN {staged} s ON s.contact_id = t.contact_id AND s.reason = x.subject"
            " WHERE x.subject != '' AND date(s.ts, 'unixepoch', 'localtime')"
            " = date(t.ts, 'unixepoch', 'localtime'))"
        )
        return self.conn.total_changes - before

    def _drop_duplicate_touches(self, totals: list[int]) -> None:
        """After a bulk load without the unique index: drop the file's repeated rows (the
        same touch twice) and count them unchanged. Building the index is the check; only
        a failure costs a second pass."""
        key = TOUCH_KEY
        try:
            self.conn.execute(f"CREATE UNIQUE INDEX touches_key ON touches({key})")
            return
        except sqlite3.IntegrityError:
            pass
        before = self.conn.total_changes
        self.conn.execute(
            f"DELETE FROM touches WHERE id NOT IN (SELECT min(id) FROM touches GROUP BY {key})"
        )
        repeated = self.conn.total_changes - before
        totals[0] -= repeated
        totals[2] += repeated

    def _flush_touches(self, batch: list[TouchRow], totals: list[int], upsert: bool = True) -> None:
        sql = f"INSERT INTO touches ({self._TOUCH_COLUMNS}) VALUES (?,?,?,?,?,?,?)"
        if not upsert:
            self.conn.executemany(sql, batch)
            totals[0] += len(batch)
            return
        before = self.conn.total_changes
        self.conn.executemany(sql + " ON CONFLICT DO NOTHING", batch)
        added = self.conn.total_changes - before
        totals[0] += added
        totals[2] += len(batch) - added

    def refresh_recency(self, contact_ids: Iterable[int], everyone: bool = False) -> None:
        """Recompute last-touch time and touch count from the touches, and copy the time
        into the search index (which keeps it so that ranking by recency is an index read).

        ``everyone`` rewrites the whole index in one pass: cheaper after a bulk load.
        """
        ids = [(i,) for i in contact_ids]
        if not ids:
            return
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM _ids")
        self.conn.executemany("INSERT OR IGNORE INTO _ids VALUES (?)", ids)
        self.conn.execute(
            "UPDATE contacts SET (last_touch_ts, touch_count) ="
            " (SELECT coalesce(max(ts), 0), count(*) FROM touches WHERE contact_id = contacts.id)"
            " WHERE id IN (SELECT id FROM _ids)"
        )
        which = "" if everyone else " WHERE contact_id IN (SELECT id FROM _ids)"
        self.conn.execute(
            "UPDATE terms SET recency ="
            " (SELECT last_touch_ts FROM contacts WHERE id = terms.contact_id)" + which
        )
        self.conn.execute("DELETE FROM _ids")

    def log_touch(
        self, contact_id: int, touch: TouchIn, notes: str = "", now: float | None = None
    ) -> int:
        """Record one touch logged in Coach (the app's actions, ``coach log``), marked as
        such so that it is written back to the CRM (imported touches never are), with the
        notes typed during that call; returns its id, or 0 when the book already held the
        very same touch."""
        row = touch_row(contact_id, touch)
        with self.transaction():
            added, _, _ = self.save_touches([row])
            if not added:
                return 0
            found = self.conn.execute(
                "SELECT id FROM touches WHERE contact_id = ? AND ts = ? AND kind = ?"
                " AND digest = ?",
                (row[0], row[1], row[2], row[6]),
            ).fetchone()
            if found is None:
                return 0
            logged = int(time.time() if now is None else now)
            self.conn.execute(
                "UPDATE touches SET logged_ts = ?, notes = ? WHERE id = ?",
                (logged, notes, found[0]),
            )
        return int(found[0])

    def set_touch_notes(self, touch_id: int, notes: str) -> bool:
        """Replace the notes typed during a touch's call; False when the touch is gone."""
        with self.transaction():
            cur = self.conn.execute("UPDATE touches SET notes = ? WHERE id = ?", (notes, touch_id))
        return cur.rowcount > 0

    def delete_touch(self, touch_id: int) -> bool:
        """Take back a touch logged by mistake (undo); False when it was not there."""
        with self.transaction():
            row = self.conn.execute(
                "SELECT contact_id FROM touches WHERE id = ?", (touch_id,)
            ).fetchone()
            if row is None:
                return False
            self.conn.execute("DELETE FROM touches WHERE id = ?", (touch_id,))
            self.refresh_recency([int(row[0])])
        return True

    def set_notes(self, contact_id: int, notes: str) -> None:
        """Replace a contact's notes (the app saves them as the rep types)."""
        with self.transaction():
            self.conn.execute(
                "UPDATE contacts SET notes = ?, updated_ts = ? WHERE id = ?",
                (notes, int(time.time()), contact_id),
            )

    def add_next_step(self, contact_id: int, due_ts: int, what: str) -> None:
        """Record what was agreed and when it happens."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO next_steps (contact_id, due_ts, what, created_ts) VALUES (?,?,?,?)",
                (contact_id, due_ts, what, int(time.time())),
            )

    def open_next_steps(self, contact_id: int) -> list[tuple[int, str]]:
        """(due time, what) of a contact's next steps not yet done, soonest first."""
        rows = self.conn.execute(
            "SELECT due_ts, what FROM next_steps WHERE contact_id = ? AND done = 0 ORDER BY due_ts",
            (contact_id,),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def touches_for(self, contact_id: int, limit: int = 20) -> list[Touch]:
        rows = self.conn.execute(
            "SELECT contact_id, ts, kind, outcome, reason, message FROM touches"
            " WHERE contact_id = ? ORDER BY ts DESC, id DESC LIMIT ?",
            (contact_id, limit),
        )
        return [Touch(*r) for r in rows]

    def last_touches(self, contact_ids: Sequence[int]) -> dict[int, Touch]:
        """The newest touch of each contact, in one query."""
        if not contact_ids:
            return {}
        marks = ",".join("?" * len(contact_ids))
        rows = self.conn.execute(
            "SELECT t.contact_id, t.ts, t.kind, t.outcome, t.reason, t.message FROM touches t"
            " JOIN (SELECT contact_id, max(ts) AS newest FROM touches"
            f"  WHERE contact_id IN ({marks}) GROUP BY contact_id) m"
            " ON t.contact_id = m.contact_id AND t.ts = m.newest ORDER BY t.id",
            list(contact_ids),
        )
        return {r[0]: Touch(*r) for r in rows}
