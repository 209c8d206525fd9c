"""The queries behind the report (:mod:`coach.report`): touches counted by span and
callbacks matched to the outbound touch that prompted them.

May import: the standard library, :mod:`coach.book.base`.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.book.base import _Base


class ReportQueries(_Base):
    """The report's read-only queries of :class:`~coach.book.Book`."""

    # ----------------------------------------------------------------- report
    def count_touches_by_span(self, kind: str, cuts: Sequence[int]) -> list[int]:
        """How many touches of ``kind`` fall in each span ``cuts[i] <= ts < cuts[i + 1]``
        (``cuts`` ascending). Each count is a range read of the ``touches_kind_ts`` index."""
        return [
            int(
                self.conn.execute(
                    "SELECT count(*) FROM touches WHERE kind = ? AND ts >= ? AND ts < ?",
                    (kind, cuts[i], cuts[i + 1]),
                ).fetchone()[0]
            )
            for i in range(len(cuts) - 1)
        ]

    def callback_prompts(
        self, since: int, until: int, outbound: Sequence[str] = ("call", "voicemail")
    ) -> list[tuple[int, int, int | None]]:
        """(contact_id, ts, prompt_ts) of each callback with ``since <= ts < until``, where
        ``prompt_ts`` is the time of the latest ``outbound`` touch to the same contact at or
        before the callback, or None when there is none (one seek of ``touches_key`` each)."""
        marks = ",".join("?" * len(outbound))
        rows = self.conn.execute(
            "SELECT c.contact_id, c.ts, (SELECT o.ts FROM touches o"
            f"  WHERE o.contact_id = c.contact_id AND o.ts <= c.ts AND o.kind IN ({marks})"
            "  ORDER BY o.ts DESC LIMIT 1)"
            " FROM touches c WHERE c.kind = 'callback' AND c.ts >= ? AND c.ts < ?"
            " ORDER BY c.ts",
            [*outbound, since, until],
        )
        return rows.fetchall()
