"""Contacts: matching imported rows to the people already in the book
(:class:`ContactKeys`), saving and merging them in batches, and the ``contacts``,
``phones``, ``terms`` and ``term_deletes`` rows each contact brings.

May import: the standard library, ``sqlite3``, :mod:`coach.models`, :mod:`coach.text`,
:mod:`coach.lookup.terms`, :mod:`coach.book.base`.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from coach.book.base import BATCH, FUZZY_MAX_LEN, FUZZY_MIN_LEN, _Base
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
    """The ways an imported row can name a contact already in the book."""

    def __init__(self, fetch: Callable[[int], tuple[str, ...] | None] = lambda cid: None) -> None:
        self.by_source: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_key: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        #: (source_id, first, last, company, title, email, notes, emails, nickname) by id.
        self.fields = Fields(fetch)
        self.phones: set[tuple[int, str, str]] = set()

    def find(self, source_id: str, email: str, key: str, last: str = "") -> int | None:
        """The contact a row names: by source id, else email, else name plus company.

        Never merges two people: a row with a source id does not join a contact that has
        another; a shared email ("info@acme.com") does not join two different names; the
        same name at the same company with two different emails is two people.
        """
        by_email = self.by_email.get(email) if email else None
        if by_email is not None and not self._same_name(by_email, key, last):
            by_email = None
        by_key = self.by_key.get(key)
        blank = ("",) * len(CONTACT_FIELDS)
        if (
            by_key is not None
            and email
            and (self.fields.get(by_key) or blank)[5] not in ("", email)
        ):
            by_key = None
        if source_id:
            if source_id in self.by_source:
                return self.by_source[source_id]
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

    def remember(self, cid: int, source_id: str, email: str, key: str) -> None:
        if source_id:
            self.by_source.setdefault(source_id, cid)
        if email:
            self.by_email.setdefault(email, cid)
        self.by_key.setdefault(key, cid)
        names = self.by_name.setdefault(key.partition("|")[0], [])
        if cid not in names:
            names.append(cid)


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
            " (contact_id, e164, ext, raw, label, nsn, region, rev, verified)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            self.phones,
        )
        for rows in (self.contacts, self.terms, self.deletes, self.phones):
            rows.clear()
        self.written()


class Contacts(_Base):
    """The contacts table group of :class:`~coach.book.Book`."""

    # --------------------------------------------------------------- contacts
    def contact_keys(self, to_name_only: bool = False) -> ContactKeys:
        """Every identity in the book, loaded once per import instead of once per row; a
        contact's own fields are read only when a row may be them (:class:`Fields`).

        ``to_name_only``: without the numbers each contact already has (a touch import only
        ties rows to people)."""
        keys = ContactKeys(self._contact_fields)
        for cid, source, email, key in self.conn.execute(
            "SELECT id, source_id, email, match_key FROM contacts"
        ):
            keys.remember(cid, source or "", email, key)
        for cid, e164, ext in self.conn.execute("SELECT contact_id, e164, ext FROM phones"):
            if not to_name_only:
                keys.phones.add((cid, e164, ext))
            if not ext:
                keys.by_phone.setdefault(e164, cid)
        return keys

    def _contact_fields(self, cid: int) -> tuple[str, ...] | None:
        row = self.conn.execute(
            f"SELECT {', '.join(CONTACT_FIELDS)} FROM contacts WHERE id = ?", (cid,)
        ).fetchone()
        return None if row is None else (row[0] or "", *row[1:])

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
        with self._bulk(("contacts", "terms", "phones"), self._is_bulk("contacts", expected)):
            return self._save_contacts(contacts, keys)

    _STAGED_CONTACTS = "temp._staged_contacts"

    def import_contacts(
        self, contacts: Iterable[ContactIn], expected: int = 0
    ) -> tuple[int, int, int]:
        """An import's contacts: read and parsed first (while other programs keep the
        book), then matched and saved in one transaction under the write lock, so what is
        matched against is what is written to. See :meth:`import_touch_batches`."""
        import pickle

        conn = self.conn
        conn.execute(f"DROP TABLE IF EXISTS {self._STAGED_CONTACTS}")
        conn.execute(f"CREATE TABLE {self._STAGED_CONTACTS} (data BLOB)")

        def staged() -> Iterator[ContactIn]:
            cur = conn.execute(f"SELECT data FROM {self._STAGED_CONTACTS} ORDER BY rowid")
            while rows := cur.fetchmany(BATCH):
                for (data,) in rows:
                    yield pickle.loads(data)

        try:
            it = iter(contacts)
            while batch := [(pickle.dumps(c, pickle.HIGHEST_PROTOCOL),) for c in islice(it, BATCH)]:
                conn.execute("BEGIN")  # temp tables only: takes no lock on the book
                conn.executemany(f"INSERT INTO {self._STAGED_CONTACTS} VALUES (?)", batch)
                conn.execute("COMMIT")
            with self.transaction():
                return self.save_contacts(staged(), self.contact_keys(), expected)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute(f"DROP TABLE IF EXISTS {self._STAGED_CONTACTS}")

    def _save_contacts(
        self, contacts: Iterable[ContactIn], keys: ContactKeys
    ) -> tuple[int, int, int]:
        added = updated = same = 0
        batch = _Batch(vocab=self._known_vocab(), written=keys.fields.settle)
        row = self.conn.execute("SELECT coalesce(max(id), 0) FROM contacts").fetchone()
        next_id = int(row[0]) + 1
        now = int(time.time())
        for c in contacts:
            email = c.email.lower()
            key = c.key or match_key(c.first_name, c.last_name, c.company)
            cid = keys.find(c.source_id, email, key, c.last_name)
            new_phones = c.phones
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
                new_phones = [p for p in c.phones if (cid, p.e164, p.ext) not in keys.phones]
                changed = self._merge_contact(cid, c, email, keys, batch, now)
                if changed or new_phones:
                    updated += 1
                else:
                    same += 1
            for p in new_phones:
                if (cid, p.e164, p.ext) in keys.phones:
                    continue
                keys.phones.add((cid, p.e164, p.ext))
                row = (cid, p.e164, p.ext, p.raw, p.label, p.national, p.region, p.digits[::-1])
                batch.phones.append((*row, int(p.verified)))
                if not p.ext:
                    keys.by_phone.setdefault(p.e164, cid)
            keys.remember(cid, c.source_id, email, key)
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
