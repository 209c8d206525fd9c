"""What look-ups read: the search index (``terms``, ``term_deletes``), phone-number
endings and starts, contacts by id, and the most recently touched contacts.

:mod:`coach.lookup` asks these questions; this module answers them in SQL. It is on the
``coach lookup`` path, so it stays cheap to import.

May import: the standard library, ``sqlite3``, :mod:`coach.models`,
:mod:`coach.lookup.phones`, :mod:`coach.book.base`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from coach.book.base import FUTURE_SLACK_S, _Base
from coach.lookup.phones import Phone
from coach.models import Contact, Touch


class WordMatch(NamedTuple):
    """What one typed word may match: exact terms, a prefix, or a phone-number ending."""

    terms: tuple[str, ...] = ()
    prefix: str = ""
    digits: str = ""
    #: Typo neighbours (found through the deletion index).
    near: tuple[str, ...] = ()


class TermRow(NamedTuple):
    """One search-index row: ``term`` of ``contact_id``'s ``field``, and its last touch."""

    term: str
    contact_id: int
    field: str
    recency: int


class Search(_Base):
    """The look-up queries of :class:`~coach.book.Book`."""

    # ----------------------------------------------------------------- lookup
    def contacts(self, ids: Sequence[int]) -> dict[int, Contact]:
        """Full contacts with their numbers, by id."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        phones: dict[int, list[Phone]] = {}
        for cid, e164, ext, raw, label, nsn, region, verified, intl, natl in self.conn.execute(
            "SELECT contact_id, e164, ext, raw, label, nsn, region, verified, shown_intl,"
            f" shown_natl FROM phones WHERE contact_id IN ({marks}) ORDER BY id",
            list(ids),
        ):
            phone = Phone(e164, ext, raw, label, nsn, region, bool(verified), intl, natl)
            phones.setdefault(cid, []).append(phone)
        rows = self.conn.execute(
            "SELECT id, coalesce(source_id, ''), first_name, last_name, company, title, email,"
            f" notes, last_touch_ts, touch_count, emails, nickname FROM contacts"
            f" WHERE id IN ({marks})",
            list(ids),
        )
        return {
            r[0]: Contact(
                id=r[0],
                source_id=r[1],
                first_name=r[2],
                last_name=r[3],
                company=r[4],
                title=r[5],
                email=r[6],
                notes=r[7],
                last_touch_ts=r[8],
                touch_count=r[9],
                phones=tuple(phones.get(r[0], ())),
                emails=tuple(e for e in r[10].split("\n") if e),
                nickname=r[11],
            )
            for r in rows
        }

    def term_rows(self, terms: Sequence[str], cap: int) -> list[TermRow]:
        """Index rows whose term is exactly one of ``terms``, most recently touched first."""
        if not terms:
            return []
        marks = ",".join("?" * len(terms))
        rows = self.conn.execute(
            f"SELECT term, contact_id, field, recency FROM terms WHERE term IN ({marks})"
            " ORDER BY recency DESC LIMIT ?",
            [*terms, cap],
        )
        return [TermRow(*r) for r in rows]

    def prefix_rows(self, prefix: str, cap: int) -> list[TermRow]:
        """Index rows whose term starts with ``prefix`` (and is longer), most recent first."""
        rows = self.conn.execute(
            "SELECT term, contact_id, field, recency FROM terms"
            " WHERE term > ? AND term < ? ORDER BY recency DESC LIMIT ?",
            (prefix, prefix + "\x7f", cap),
        )
        return [TermRow(*r) for r in rows]

    @staticmethod
    def _term_condition(word: WordMatch) -> tuple[str, list[object]]:
        conds: list[str] = []
        params: list[object] = []
        terms = (*word.terms, *word.near)
        if terms:
            conds.append(f"term IN ({','.join('?' * len(terms))})")
            params.extend(terms)
        if word.prefix:
            conds.append("(term > ? AND term < ?)")
            params.extend((word.prefix, word.prefix + "\x7f"))
        return " OR ".join(conds), params

    def filter_ids(self, ids: Sequence[int], word: WordMatch) -> set[int]:
        """Those of ``ids`` that ``word`` matches (a few hundred ids at most)."""
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        out: set[int] = set()
        cond, params = self._term_condition(word)
        if cond:
            rows = self.conn.execute(
                f"SELECT DISTINCT contact_id FROM terms WHERE contact_id IN ({marks}) AND ({cond})",
                [*ids, *params],
            )
            out.update(r[0] for r in rows)
        if word.digits:
            rev = word.digits[::-1]
            rows = self.conn.execute(
                f"SELECT contact_id FROM phones WHERE contact_id IN ({marks})"
                " AND rev >= ? AND rev < ?",
                [*ids, rev, rev + ":"],
            )
            out.update(r[0] for r in rows)
        return out

    def recent_ids_with_prefix(self, prefix: str, pool: int, limit: int) -> list[int]:
        """Among the ``pool`` most recently touched contacts, those with a term starting
        with ``prefix``, newest first: what one or two typed letters can sensibly mean."""
        rows = self.conn.execute(
            "SELECT c.id FROM (SELECT id, last_touch_ts FROM contacts"
            "  ORDER BY last_touch_ts DESC LIMIT ?) c"
            " WHERE EXISTS (SELECT 1 FROM terms t WHERE t.contact_id = c.id"
            "  AND t.term >= ? AND t.term < ?)"
            " ORDER BY c.last_touch_ts DESC LIMIT ?",
            (pool, prefix, prefix + "\x7f", limit),
        )
        return [r[0] for r in rows]

    def ids_with_email(self, address: str, cap: int = 50) -> list[int]:
        """Contacts whose e-mail address is ``address`` (lower-case, as stored), most
        recently touched first: an index read, however large the book."""
        rows = self.conn.execute(
            "SELECT id FROM contacts WHERE email = ? AND email != ''"
            " ORDER BY last_touch_ts DESC LIMIT ?",
            (address, cap),
        )
        return [r[0] for r in rows]

    def ids_matching(self, word: WordMatch, cap: int) -> tuple[list[tuple[int, int]], bool]:
        """(contact_id, recency) of contacts one typed word matches, most recent first, from
        at most ``cap`` index rows of each kind; and whether that was all of them (a contact
        has a row per field a word matches, so fewer contacts than ``cap`` is no proof)."""
        cond, params = self._term_condition(word)
        found: dict[int, int] = {}
        whole = True
        if cond:
            rows = self.conn.execute(
                f"SELECT contact_id, recency FROM terms WHERE {cond} ORDER BY recency DESC LIMIT ?",
                [*params, cap],
            ).fetchall()
            whole = len(rows) < cap
            found.update(rows)
        if word.digits:
            rev = word.digits[::-1]
            rows = self.conn.execute(
                "SELECT p.contact_id, c.last_touch_ts FROM phones p"
                " JOIN contacts c ON c.id = p.contact_id WHERE p.rev >= ? AND p.rev < ?"
                " LIMIT ?",
                (rev, rev + ":", cap),
            ).fetchall()
            whole = whole and len(rows) < cap
            found.update(rows)
            return sorted(found.items(), key=lambda item: item[1], reverse=True), whole
        return list(found.items()), whole  # the index rows came most recent first

    def count_matching(self, word: WordMatch, cap: int) -> int:
        """How many index rows one typed word matches, counting no further than ``cap``
        (an index-only read: cheaper than fetching them)."""
        cond, params = self._term_condition(word)
        if not cond:
            return 0
        row = self.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM terms WHERE {cond} LIMIT ?)", [*params, cap]
        ).fetchone()
        return int(row[0])

    def similar_terms(self, variants: Iterable[str]) -> list[str]:
        """Vocabulary terms sharing a one-character deletion with any of ``variants``."""
        vs = list(variants)
        marks = ",".join("?" * len(vs))
        rows = self.conn.execute(
            f"SELECT DISTINCT term FROM term_deletes WHERE variant IN ({marks})", vs
        )
        return [r[0] for r in rows]

    def terms_of(self, ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
        """Every (term, field) of the given contacts, for exact re-scoring."""
        out: dict[int, list[tuple[str, str]]] = {}
        if not ids:
            return out
        marks = ",".join("?" * len(ids))
        for term, cid, fld in self.conn.execute(
            f"SELECT term, contact_id, field FROM terms WHERE contact_id IN ({marks})", list(ids)
        ):
            out.setdefault(cid, []).append((term, fld))
        return out

    def recency_of(self, ids: Sequence[int]) -> dict[int, int]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT id, last_touch_ts FROM contacts WHERE id IN ({marks})", list(ids)
        )
        return {r[0]: r[1] for r in rows}

    def phones_ending(self, digits: str, cap: int) -> list[tuple[int, str, int]]:
        """(contact_id, e164 digits, recency) for numbers whose digits end with ``digits``."""
        rev = digits[::-1]
        rows = self.conn.execute(
            "SELECT p.contact_id, p.rev, c.last_touch_ts FROM phones p"
            " JOIN contacts c ON c.id = p.contact_id"
            " WHERE p.rev >= ? AND p.rev < ? ORDER BY c.last_touch_ts DESC LIMIT ?",
            (rev, rev + ":", cap),
        )
        return [(cid, r[::-1], ts) for cid, r, ts in rows]

    def phones_starting(
        self, digits: str, cap: int, pool: int = 1000
    ) -> list[tuple[int, str, int]]:
        """(contact_id, national digits, recency) for numbers whose national part starts
        with ``digits``: first those of the ``pool`` most recently touched contacts, then
        up to ``cap`` others. A few digits ("612") can match a tenth of a book; ranking
        all of them by recency on every keystroke would cost more than it tells.
        (CROSS JOIN makes SQLite walk the recent contacts first, as intended.)"""
        recent = self.conn.execute(
            "SELECT p.contact_id, p.nsn, c.last_touch_ts FROM"
            " (SELECT id, last_touch_ts FROM contacts ORDER BY last_touch_ts DESC LIMIT ?) c"
            " CROSS JOIN phones p ON p.contact_id = c.id WHERE p.nsn >= ? AND p.nsn < ?",
            (pool, digits, digits + ":"),
        ).fetchall()
        seen = {r[0] for r in recent}
        others = self.conn.execute(
            "SELECT p.contact_id, p.nsn, c.last_touch_ts FROM"
            " (SELECT contact_id, nsn FROM phones WHERE nsn >= ? AND nsn < ? LIMIT ?) p"
            " JOIN contacts c ON c.id = p.contact_id",
            (digits, digits + ":", cap),
        ).fetchall()
        return recent + [r for r in others if r[0] not in seen]

    def likely_callers(self, limit: int, now: float | None = None) -> list[Touch]:
        """The latest outbound touch (call, voicemail, email) of the most recently touched
        contacts, newest first: who is most likely to be calling back. A touch dated more
        than a day ahead (a clock or an export gone wrong) never counts as the latest."""
        out: list[Touch] = []
        latest = int(time.time() if now is None else now) + FUTURE_SLACK_S
        for cid in self.recent_contact_ids(limit * 3, latest):
            row = self.conn.execute(
                "SELECT contact_id, ts, kind, outcome, reason, message FROM touches"
                " WHERE contact_id = ? AND kind IN ('call', 'voicemail', 'email') AND ts <= ?"
                " ORDER BY ts DESC LIMIT 1",
                (cid, latest),
            ).fetchone()
            if row is not None:
                out.append(Touch(*row))
        out.sort(key=lambda t: t.ts, reverse=True)
        return out[:limit]

    def recent_contact_ids(self, limit: int, latest: int | None = None) -> list[int]:
        """The most recently touched contacts, newest first (the "likely callers"), among
        those last touched no later than ``latest``."""
        rows = self.conn.execute(
            "SELECT id FROM contacts WHERE last_touch_ts > 0 AND last_touch_ts <= ?"
            " ORDER BY last_touch_ts DESC LIMIT ?",
            (latest if latest is not None else 1 << 62, limit),
        )
        return [r[0] for r in rows]
