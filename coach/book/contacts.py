"""Contacts: matching imported rows to the people already in the book
(:class:`ContactKeys`), saving and merging them in batches, and the ``contacts``,
``phones``, ``terms`` and ``term_deletes`` rows each contact brings.

May import: the standard library, ``sqlite3``, :mod:`coach.models`, :mod:`coach.text`,
:mod:`coach.lookup.terms`, :mod:`coach.book.base`, :mod:`coach.book.files`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import ClassVar

from coach.book.base import BATCH, FUZZY_MAX_LEN, FUZZY_MIN_LEN, _Base
from coach.book.files import _connect_read_only
from coach.lookup.terms import NAME_FIELDS, contact_terms, match_key
from coach.models import ContactIn
from coach.text import deletes, words


class Fields:
    """A contact's fields (:data:`CONTACT_FIELDS`' order) as import matching asks for them:
    read from the book one contact at a time, when a row may be that contact, and held only
    for the contacts still waiting in the write batch. Never all at once: at a million
    contacts they were most of an import's memory."""

    def __init__(self, fetch: Callable[[int], tuple[str, ...] | None]) -> None:
        self._fetch = fetch
        self._pending: dict[int, tuple[str, ...]] = {}

    def get(self, cid: int, default: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
        if cid in self._pending:
            return self._pending[cid]
        found = self._fetch(cid)
        return default if found is None else found

    def __getitem__(self, cid: int) -> tuple[str, ...]:
        found = self.get(cid)
        if found is None:
            raise KeyError(cid)
        return found

    def __setitem__(self, cid: int, fields: tuple[str, ...]) -> None:
        self._pending[cid] = fields

    def settle(self) -> None:
        """The batch was written: the book has them now."""
        self._pending.clear()


class ContactKeys:
    """The ways an imported row can name a contact already in the book.

    Asked of the book's own indexes, one value at a time (the identity indexes stay up
    through a bulk load for this), and never loaded whole: at a million contacts the maps
    were most of an import's memory. Two small maps hold what the indexes cannot answer:
    the contacts of this import still waiting in the write batch, and what a row said of
    a contact that the book does not keep in an indexed column (an address that is no
    longer the primary one, the name and company of a row that matched by e-mail).

    ``conn_of`` gives the connection to ask; a touch import asks from its parsing
    processes, each with a connection of its own (see :meth:`Contacts.identities`).
    """

    _SQL: ClassVar[dict[str, str]] = {
        "source": "SELECT id FROM contacts WHERE source_id = ?",
        "email": "SELECT min(id) FROM contacts WHERE email = ? AND email != ''",
        "key": "SELECT min(id) FROM contacts WHERE match_key = ?",
    }

    def __init__(self, conn_of: Callable[[], sqlite3.Connection]) -> None:
        self._conn_of = conn_of
        #: (source_id, first, last, company, title, email, notes, emails, nickname) by id.
        self.fields = Fields(self._fetch_fields)
        self._pending: dict[str, dict[str, int]] = {kind: {} for kind in self._SQL}
        self._aliases: dict[str, dict[str, int]] = {kind: {} for kind in self._SQL}
        self._pending_phones: set[tuple[int, str, str]] = set()

    # ------------------------------------------------------------ asking the book
    #: The three in one statement, for :meth:`find` (a statement costs more than its search).
    _ALL = f"SELECT ({_SQL['source']}), ({_SQL['email']}), ({_SQL['key']})"

    def _get(self, kind: str, value: str) -> int | None:
        """The first contact (lowest id) known by ``value``, written or waiting."""
        row = self._conn_of().execute(self._SQL[kind], (value,)).fetchone()
        return self._first(kind, value, row[0] if row else None)

    def _first(self, kind: str, value: str, written: int | None) -> int | None:
        """The lowest of the written contact and those waiting or known by another value."""
        found = [
            cid
            for cid in (written, self._pending[kind].get(value), self._aliases[kind].get(value))
            if cid is not None
        ]
        return min(found) if found else None

    def by_source(self, source_id: str) -> int | None:
        return self._get("source", source_id) if source_id else None

    def by_email(self, email: str) -> int | None:
        return self._get("email", email) if email else None

    def by_key(self, key: str) -> int | None:
        return self._get("key", key)

    def by_phone(self, e164: str) -> int | None:
        """The first contact with this number (no extension), as stored."""
        row = (
            self._conn_of()
            .execute(
                "SELECT contact_id FROM phones WHERE e164 = ? AND ext = '' ORDER BY id LIMIT 1",
                (e164,),
            )
            .fetchone()
        )
        return None if row is None else int(row[0])

    def by_name(self, name: str) -> list[int]:
        """Up to two contacts whose folded "first last" is ``name`` (any company): enough
        to tell one from several."""
        rows = self._conn_of().execute(
            "SELECT DISTINCT id FROM contacts WHERE match_key >= ? AND match_key < ? LIMIT 2",
            (name + "|", name + "}"),  # "}" sorts right after "|", the key's separator
        )
        return [int(r[0]) for r in rows]

    def has_phone(self, cid: int, e164: str, ext: str) -> bool:
        if (cid, e164, ext) in self._pending_phones:
            return True
        row = (
            self._conn_of()
            .execute(
                "SELECT 1 FROM phones WHERE contact_id = ? AND e164 = ? AND ext = ?",
                (cid, e164, ext),
            )
            .fetchone()
        )
        return row is not None

    def _fetch_fields(self, cid: int) -> tuple[str, ...] | None:
        row = (
            self._conn_of()
            .execute(f"SELECT {', '.join(CONTACT_FIELDS)} FROM contacts WHERE id = ?", (cid,))
            .fetchone()
        )
        return None if row is None else (row[0] or "", *row[1:])

    # ------------------------------------------------------------ import matching
    def find(self, source_id: str, email: str, key: str, last: str = "") -> int | None:
        """The contact a row names: by source id, else email, else name plus company.

        Never merges two people: a row with a source id does not join a contact that has
        another; a shared email ("info@acme.com") does not join two different names; the
        same name at the same company with two different emails is two people.
        """
        source_row, email_row, key_row = (
            self._conn_of().execute(self._ALL, (source_id, email, key)).fetchone()
        )
        by_email = self._first("email", email, email_row) if email else None
        if by_email is not None and not self._same_name(by_email, key, last):
            by_email = None
        by_key = self._first("key", key, key_row)
        blank = ("",) * len(CONTACT_FIELDS)
        if (
            by_key is not None
            and email
            and (self.fields.get(by_key) or blank)[5] not in ("", email)
        ):
            by_key = None
        if source_id:
            if (by_source := self._first("source", source_id, source_row)) is not None:
                return by_source
            for cid in (by_email, by_key):
                if cid is not None and not (self.fields.get(cid) or blank)[0]:
                    return cid
            return None
        return by_email if by_email is not None else by_key

    def _same_name(self, cid: int, key: str, last: str) -> bool:
        """No conflict between a row's name and a contact's: surnames agree when both have
        one, else first names agree when both have one."""
        fields = self.fields.get(cid)
        if fields is None:
            return True
        theirs_last = " ".join(words(fields[2]))
        mine_last = " ".join(words(last))
        if mine_last and theirs_last:
            return mine_last == theirs_last
        mine_first = key.partition("|")[0].split(" ")[0] if key.partition("|")[0] else ""
        theirs_first = " ".join(words(fields[1])).split(" ")[0] if fields[1] else ""
        return not (mine_first and theirs_first) or mine_first == theirs_first

    def remember(
        self, cid: int, source_id: str, email: str, key: str, stored: tuple[str, str, str] | None
    ) -> None:
        """A row named contact ``cid`` by these: later rows naming it so find it too.

        ``stored`` is the (source id, e-mail, match key) the book holds for it once this
        row is saved, or None for a contact still waiting in the write batch."""
        said = {"source": source_id, "email": email, "key": key}
        if stored is None:
            for kind, value in said.items():
                if value:
                    self._pending[kind].setdefault(value, cid)
            return
        held = dict(zip(("source", "email", "key"), stored, strict=True))
        for kind, value in said.items():
            if value and value != held[kind]:
                self._aliases[kind].setdefault(value, cid)

    def add_phone(self, cid: int, e164: str, ext: str) -> None:
        self._pending_phones.add((cid, e164, ext))

    def settle(self) -> None:
        """The write batch went to the book: its indexes answer for those rows now."""
        self.fields.settle()
        for pending in self._pending.values():
            pending.clear()
        self._pending_phones.clear()


#: The indexes import matching asks (:class:`ContactKeys`): kept through a bulk load.
IDENTITY_INDEXES = ("contacts_source", "contacts_email", "contacts_match")
#: What ContactKeys keeps of a contact, in this order (``keys.fields``).
CONTACT_FIELDS = (
    "source_id",
    "first_name",
    "last_name",
    "company",
    "title",
    "email",
    "notes",
    "emails",  # the other addresses, one a line
    "nickname",
)
#: A new contact's row, as _Batch writes it.
CONTACT_COLUMNS = ("id", *CONTACT_FIELDS, "match_key", "created_ts", "updated_ts")


def _addresses(primary: str, more: Iterable[str]) -> list[str]:
    """The other e-mail addresses: lower-cased, each once, never the primary one."""
    seen = {primary.lower(), ""}
    out: list[str] = []
    for address in more:
        a = address.strip().lower()
        if a not in seen:
            seen.add(a)
            out.append(a)
    return out


class _Batch:
    """Rows waiting to be written together (executemany is far faster than row by row)."""

    def __init__(self, vocab: set[str], written: Callable[[], None] = lambda: None) -> None:
        self.vocab = vocab
        self.written = written
        self.contacts: list[tuple[object, ...]] = []
        self.terms: list[tuple[str, int, str, int]] = []
        self.deletes: list[tuple[str, str]] = []
        self.phones: list[tuple[object, ...]] = []

    def add_terms(self, cid: int, pairs: list[tuple[str, str]], recency: int = 0) -> None:
        self.terms += [(t, cid, f, recency) for t, f in pairs]
        vocab = self.vocab
        for term, fld in pairs:
            if term not in vocab and fld in NAME_FIELDS:
                self.vocab.add(term)
                self.deletes.append((term, term))
                if FUZZY_MIN_LEN <= len(term) <= FUZZY_MAX_LEN:
                    self.deletes.extend((v, term) for v in deletes(term))

    def size(self) -> int:
        return len(self.contacts) + len(self.phones)

    def flush(self, conn: sqlite3.Connection) -> None:
        conn.executemany(
            f"INSERT INTO contacts ({', '.join(CONTACT_COLUMNS)})"
            f" VALUES ({','.join('?' * len(CONTACT_COLUMNS))})",
            self.contacts,
        )
        conn.executemany(
            "INSERT INTO terms (term, contact_id, field, recency) VALUES (?,?,?,?)", self.terms
        )
        conn.executemany("INSERT OR IGNORE INTO term_deletes VALUES (?, ?)", self.deletes)
        conn.executemany(
            "INSERT OR IGNORE INTO phones"
            " (contact_id, e164, ext, raw, label, nsn, region, rev, verified, shown_intl,"
            " shown_natl) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            self.phones,
        )
        for rows in (self.contacts, self.terms, self.deletes, self.phones):
            rows.clear()
        self.written()


class Contacts(_Base):
    """The contacts table group of :class:`~coach.book.Book`."""

    # --------------------------------------------------------------- contacts
    def contact_keys(self) -> ContactKeys:
        """The identities in the book, asked of its indexes through this connection (so an
        import sees its own rows as it writes them)."""
        return ContactKeys(lambda: self.conn)

    @contextlib.contextmanager
    def identities(self) -> Iterator[ContactKeys]:
        """The identities in the book for tying a touch import's rows to people, asked
        through a read-only connection of each process's own (a parsing process forked
        from this one must not use this one's connection), closed when done."""
        path = self.path
        conns: dict[int, sqlite3.Connection] = {}
        here = os.getpid()

        def conn_of() -> sqlite3.Connection:
            pid = os.getpid()
            if pid not in conns:
                conns.pop(here, None)  # a parent's connection is never used after a fork
                conns[pid] = _connect_read_only(path)
            return conns[pid]

        try:
            yield ContactKeys(conn_of)
        finally:
            if here in conns:
                conns.pop(here).close()

    def _known_vocab(self) -> set[str]:
        rows = self.conn.execute("SELECT term FROM term_deletes WHERE variant = term")
        return {r[0] for r in rows}

    def save_contacts(
        self, contacts: Iterable[ContactIn], keys: ContactKeys, expected: int = 0
    ) -> tuple[int, int, int]:
        """Insert new contacts and fill in changed ones. Returns (added, updated, unchanged).

        Call inside :meth:`transaction`. Matching: the source id when the row has one
        (see :meth:`ContactKeys.find`); else the email; else name plus company. ``keys``
        is updated as rows land, so duplicate rows within one file merge into one contact.
        """
        bulk = self._is_bulk("contacts", expected)
        with self._bulk(("contacts", "terms", "phones"), bulk, keep=IDENTITY_INDEXES):
            return self._save_contacts(contacts, keys)

    def import_contacts(
        self, contacts: Iterable[ContactIn | bytes], expected: int = 0
    ) -> tuple[int, int, int]:
        """An import's contacts: read and parsed first (while other programs keep the
        book), then matched and saved in one transaction under the write lock, so what is
        matched against is what is written to. See :meth:`import_touch_batches`.

        A contact may come packed already (:meth:`ContactIn.packed`, done by a parsing
        process), so that this one only stores it."""
        conn = self.conn
        with self._staging("contacts", "data BLOB") as table:

            def staged() -> Iterator[ContactIn]:
                # A batch at a time, each read whole: no statement is left open on the
                # staging database when saving fails, so it can always be let go.
                after = 0
                sql = f"SELECT rowid, data FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?"
                while rows := conn.execute(sql, (after, BATCH)).fetchall():
                    after = rows[-1][0]
                    for _, data in rows:
                        yield ContactIn.unpack(data)

            it = iter(contacts)
            while batch := [
                (c if isinstance(c, bytes) else c.packed(),) for c in islice(it, BATCH)
            ]:
                conn.execute("BEGIN")  # the staging database only: takes no lock on the book
                conn.executemany(f"INSERT INTO {table} VALUES (?)", batch)
                conn.execute("COMMIT")
            with self.transaction():
                return self.save_contacts(staged(), self.contact_keys(), expected)

    def _save_contacts(
        self, contacts: Iterable[ContactIn], keys: ContactKeys
    ) -> tuple[int, int, int]:
        added = updated = same = 0
        batch = _Batch(vocab=self._known_vocab(), written=keys.settle)
        row = self.conn.execute("SELECT coalesce(max(id), 0) FROM contacts").fetchone()
        next_id = int(row[0]) + 1
        now = int(time.time())
        for c in contacts:
            email = c.email.lower()
            key = c.key or match_key(c.first_name, c.last_name, c.company)
            cid = keys.find(c.source_id, email, key, c.last_name)
            new_phones = c.phones
            stored: tuple[str, str, str] | None = None
            if cid is None:
                cid, next_id = next_id, next_id + 1
                fields = (
                    c.source_id,
                    c.first_name,
                    c.last_name,
                    c.company,
                    c.title,
                    email,
                    c.notes,
                    "\n".join(_addresses(email, c.emails)),
                    c.nickname.strip(),
                )
                # The row in CONTACT_COLUMNS' order: ``fields`` is declared in the same order.
                batch.contacts.append((cid, fields[0] or None, *fields[1:], key, now, now))
                batch.add_terms(cid, c.terms or contact_terms(c))
                keys.fields[cid] = fields
                added += 1
            else:
                new_phones = [p for p in c.phones if not keys.has_phone(cid, p.e164, p.ext)]
                changed = self._merge_contact(cid, c, email, keys, batch, now)
                held = keys.fields[cid]
                stored = (held[0], held[5], match_key(held[1], held[2], held[3]))
                if changed or new_phones:
                    updated += 1
                else:
                    same += 1
            seen: set[tuple[str, str]] = set()
            for p in new_phones:
                if (p.e164, p.ext) in seen:
                    continue
                seen.add((p.e164, p.ext))
                keys.add_phone(cid, p.e164, p.ext)
                row = (cid, p.e164, p.ext, p.raw, p.label, p.national, p.region, p.digits[::-1])
                batch.phones.append((*row, int(p.verified), p.shown_intl, p.shown_natl))
            keys.remember(cid, c.source_id, email, key, stored)
            if batch.size() >= BATCH:
                batch.flush(self.conn)
        batch.flush(self.conn)
        return added, updated, same

    def _merge_contact(
        self, cid: int, c: ContactIn, email: str, keys: ContactKeys, batch: _Batch, now: int
    ) -> bool:
        """Fill in what the row says; an empty cell never blanks what the book knows."""
        old = keys.fields[cid]
        incoming = (c.source_id, c.first_name, c.last_name, c.company, c.title, email, c.notes)
        kept = tuple(n or o for n, o in zip(incoming, old[:7], strict=True))
        # No address is ever lost: the old primary stays among the others if it changed.
        others = _addresses(kept[5], [old[5], *old[7].split("\n"), email, *c.emails])
        new = (*kept, "\n".join(others), c.nickname.strip() or old[8])
        if new == old:
            return False
        batch.flush(self.conn)  # the contact may still be waiting in the batch
        source, first, last, company, title, mail, notes, more, nick = new
        self.conn.execute(
            "UPDATE contacts SET source_id=?, first_name=?, last_name=?, company=?, title=?,"
            " email=?, notes=?, emails=?, nickname=?, match_key=?, updated_ts=? WHERE id=?",
            (
                source or None,
                first,
                last,
                company,
                title,
                mail,
                notes,
                more,
                nick,
                match_key(first, last, company),
                now,
                cid,
            ),
        )
        self.conn.execute("DELETE FROM terms WHERE contact_id = ?", (cid,))
        recency = self.recency_of([cid]).get(cid, 0)
        merged = ContactIn(
            line=c.line,
            first_name=first,
            last_name=last,
            company=company,
            email=mail,
            emails=others,
            nickname=nick,
        )
        batch.add_terms(cid, contact_terms(merged), recency)
        keys.fields[cid] = new
        return True

    def add_contact(self, c: ContactIn) -> int:
        """Add or merge one contact (the app's "new caller" form); returns its id."""
        with self.transaction():
            keys = self.contact_keys()
            self.save_contacts([c], keys)
        key = match_key(c.first_name, c.last_name, c.company)
        found = keys.find(c.source_id, c.email.lower(), key, c.last_name)
        assert found is not None
        return found

    def contact_ids(self) -> list[int]:
        """Every contact's id, in the order they were added."""
        return [r[0] for r in self.conn.execute("SELECT id FROM contacts ORDER BY id")]

    def count_contacts(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM contacts").fetchone()[0])
