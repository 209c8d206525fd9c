"""Practice sessions: what was said in a drill, its score card, and the rep's overrides.

May import: the standard library, :mod:`coach.models`, :mod:`coach.book.base`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.book.base import _Base, _json
from coach.models import SessionRecord

#: What is read of a session, in the order :func:`session_of` takes it.
SESSION_COLUMNS = (
    "id, scenario_id, title, kind, started_ts, duration_s, identify_s, transcript, items, score,"
    " delivery"
)


def session_of(r: Sequence[Any]) -> SessionRecord:
    """A session from a row read with :data:`SESSION_COLUMNS`."""
    return SessionRecord(
        r[1], r[2], r[3], r[4], r[5], r[6], _json().loads(r[7]), _json().loads(r[8]), r[9], r[0],
        _json().loads(r[10]) if r[10] else {},
    )  # fmt: skip


class Sessions(_Base):
    """The practice-session table group of :class:`~coach.book.Book`."""

    # --------------------------------------------------------------- practice
    def save_session(self, session: SessionRecord) -> int:
        """Keep one practice session; returns its id."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO sessions (scenario_id, title, kind, started_ts, duration_s,"
                " identify_s, transcript, items, score, delivery) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    session.scenario_id,
                    session.title,
                    session.kind,
                    session.started_ts,
                    session.duration_s,
                    session.identify_s,
                    _json().dumps(session.transcript),
                    _json().dumps(session.items),
                    session.score,
                    _json().dumps(session.delivery) if session.delivery else "",
                ),
            )
        return int(cur.lastrowid or 0)

    def update_session_items(self, session_id: int, items: dict[str, Any], score: int) -> None:
        """The rep overrode an item: keep the new verdicts (each records its override)."""
        with self.transaction():
            self.conn.execute(
                "UPDATE sessions SET items = ?, score = ? WHERE id = ?",
                (_json().dumps(items), score, session_id),
            )

    def sessions(self, limit: int | None = 500) -> list[SessionRecord]:
        """Practice sessions, newest first (all of them with ``limit=None``)."""
        rows = self.conn.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY started_ts DESC, id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [session_of(r) for r in rows]
