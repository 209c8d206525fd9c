"""Follow-ups kept after a meeting ending, and their reminders (the drafts themselves
are written by :mod:`coach.followups`, not here).

Rows are written by column name, from the :class:`~coach.models.FollowUp` fields.

May import: the standard library, :mod:`coach.models`, :mod:`coach.book.base`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.book.base import _Base, _json
from coach.models import FollowUp


class FollowUps(_Base):
    """The follow-ups table group of :class:`~coach.book.Book`."""

    # -------------------------------------------------------------- follow-ups
    #: What is read, in :class:`~coach.models.FollowUp` field order: each column is named
    #: as its field (the table has one column per field, ``id`` included).
    _FOLLOWUP_COLUMNS = ", ".join(FollowUp._fields)

    @staticmethod
    def _followup_values(f: FollowUp) -> dict[str, object]:
        """The row to write, keyed by column name: each field under its own name, except
        ``issues`` (kept as a JSON list) and ``practice`` (0 or 1); never ``id`` (SQLite
        gives it). A field added without a column fails loudly instead of shifting others."""
        values: dict[str, object] = f._asdict()
        del values["id"]
        values["issues"] = _json().dumps(list(f.issues))
        values["practice"] = int(f.practice)
        return values

    def save_followup(self, f: FollowUp) -> int:
        """Keep a follow-up (its drafts are written from it); returns its id."""
        values = self._followup_values(f)
        columns = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        with self.transaction():
            cur = self.conn.execute(f"INSERT INTO followups ({columns}) VALUES ({marks})", values)
        return int(cur.lastrowid or 0)

    def redraft_session_followup(self, session_id: int, f: FollowUp | None) -> None:
        """A drill's follow-up drafted again (the rep overrode an item it depends on): the
        session's kept follow-up is replaced by ``f``, or dropped when there is none now."""
        with self.transaction():
            self.conn.execute("DELETE FROM followups WHERE session_id = ?", (session_id,))
            if f is not None:
                self.save_followup(f._replace(session_id=session_id))

    @staticmethod
    def _followup(row: Sequence[Any]) -> FollowUp:
        """A follow-up from a row read with ``_FOLLOWUP_COLUMNS``, field by field name."""
        values = dict(zip(FollowUp._fields, row, strict=True))
        values["issues"] = tuple(_json().loads(values["issues"]))
        values["practice"] = bool(values["practice"])
        return FollowUp(**values)

    def followups(self, practice: bool = False, limit: int = 200) -> list[FollowUp]:
        """Follow-ups, newest first; practice ones (from drills) only when asked for."""
        rows = self.conn.execute(
            f"SELECT {self._FOLLOWUP_COLUMNS} FROM followups WHERE practice <= ?"
            " ORDER BY created_ts DESC, id DESC LIMIT ?",
            (int(practice), limit),
        )
        return [self._followup(r) for r in rows]

    def followup(self, followup_id: int) -> FollowUp | None:
        row = self.conn.execute(
            f"SELECT {self._FOLLOWUP_COLUMNS} FROM followups WHERE id = ?", (followup_id,)
        ).fetchone()
        return None if row is None else self._followup(row)

    def followup_for_session(self, session_id: int) -> FollowUp | None:
        row = self.conn.execute(
            f"SELECT {self._FOLLOWUP_COLUMNS} FROM followups WHERE session_id = ?"
            " ORDER BY id DESC LIMIT 1",
            (session_id,),
        ).fetchone()
        return None if row is None else self._followup(row)

    def due_followups(self, now: int) -> list[FollowUp]:
        """Real (not practice) reminders whose time has come and that are not dismissed,
        for meetings still ahead; soonest meeting first."""
        rows = self.conn.execute(
            f"SELECT {self._FOLLOWUP_COLUMNS} FROM followups WHERE practice = 0"
            " AND reminded_ts IS NULL AND remind_ts <= ? AND meeting_ts > ?"
            " ORDER BY meeting_ts",
            (now, now),
        )
        return [self._followup(r) for r in rows]

    def mark_reminded(self, followup_id: int, ts: int) -> None:
        """The rep has dealt with this reminder: it stops showing as due."""
        with self.transaction():
            self.conn.execute(
                "UPDATE followups SET reminded_ts = ? WHERE id = ?", (ts, followup_id)
            )
