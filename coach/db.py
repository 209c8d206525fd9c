"""The one module that owns the database: schema, migrations, transactions and every query.

Other modules ask a :class:`Store`; none of them writes SQL. The file is created
owner-only (0600) and runs in WAL mode, so the app can read while an import writes.

Two ways in:

* :meth:`Store.open` for anything that writes. It uses sqlite-utils, applies pending
  migrations (its ``Migrations`` set) and wraps writes in ``Database.atomic()``.
* :meth:`Store.open_readonly` for look-ups. It uses the bare ``sqlite3`` module so a
  one-shot ``coach lookup`` does not pay for importing sqlite-utils; when the file's
  schema is behind, it opens for writing once to migrate and then reads.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import UserError
from coach.models import TOUCH_KINDS, Contact, ContactIn, Touch, TouchIn
from coach.phones import Phone
from coach.text import deletes, index_words, words

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Bumped with every migration; stored in ``PRAGMA user_version`` for the cheap check.
SCHEMA_VERSION = 1
MIGRATION_SET = "coach"

#: Field codes in the search index, and which of them feed the typo index.
NAME_FIELDS = ("first", "last", "company")
EMAIL_NOISE = frozenset({"com", "net", "org", "io", "co", "uk", "us", "de", "mail", "gmail"})
#: Terms shorter than this are found by exact or prefix match only.
FUZZY_MIN_LEN = 4


def _migration_1(db: Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            source_id TEXT,
            first_name TEXT NOT NULL DEFAULT '',
            last_name TEXT NOT NULL DEFAULT '',
            company TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            match_key TEXT NOT NULL,
            last_touch_ts INTEGER NOT NULL DEFAULT 0,
            touch_count INTEGER NOT NULL DEFAULT 0,
            created_ts INTEGER NOT NULL,
            updated_ts INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX contacts_source ON contacts(source_id) WHERE source_id IS NOT NULL;
        CREATE INDEX contacts_email ON contacts(email) WHERE email != '';
        CREATE INDEX contacts_match ON contacts(match_key);
        CREATE INDEX contacts_recent ON contacts(last_touch_ts DESC);

        CREATE TABLE phones (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            e164 TEXT NOT NULL,
            ext TEXT NOT NULL DEFAULT '',
            raw TEXT NOT NULL,
            label TEXT NOT NULL,
            nsn TEXT NOT NULL,
            rev TEXT NOT NULL,
            UNIQUE (contact_id, e164, ext)
        );
        CREATE INDEX phones_rev ON phones(rev);
        CREATE INDEX phones_nsn ON phones(nsn);
        CREATE INDEX phones_e164 ON phones(e164);

        CREATE TABLE touches (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            ts INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN {TOUCH_KINDS!r}),
            outcome TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL DEFAULT '',
            UNIQUE (contact_id, ts, kind)
        );
        CREATE INDEX touches_recent ON touches(ts DESC);

        CREATE TABLE terms (
            term TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            recency INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX terms_term ON terms(term, recency DESC);
        CREATE INDEX terms_contact ON terms(contact_id);

        CREATE TABLE term_deletes (
            variant TEXT NOT NULL,
            term TEXT NOT NULL,
            PRIMARY KEY (variant, term)
        ) WITHOUT ROWID;

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


MIGRATIONS: list[tuple[str, Any]] = [("m001_initial", _migration_1)]


def match_key(first: str, last: str, company: str) -> str:
    """Identity of a contact with no id and no email: folded name plus company."""
    return " ".join(words(f"{first} {last}")) + "|" + " ".join(words(company))


@dataclass(slots=True)
class ContactKeys:
    """The ways an imported row can name a contact already in the book."""

    by_source: dict[str, int] = field(default_factory=dict)
    by_email: dict[str, int] = field(default_factory=dict)
    by_key: dict[str, int] = field(default_factory=dict)
    by_phone: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TermRow:
    term: str
    contact_id: int
    field: str
    recency: int


def _contact_terms(c: ContactIn | Contact) -> list[tuple[str, str]]:
    """(term, field) pairs that make a contact findable."""
    out: set[tuple[str, str]] = set()
    for value, fld in ((c.first_name, "first"), (c.last_name, "last"), (c.company, "company")):
        out.update((t, fld) for t in index_words(value))
    if c.email:
        local, _, domain = c.email.lower().partition("@")
        out.update((t, "email") for t in index_words(local) if t not in EMAIL_NOISE)
        out.update((t, "email") for t in words(domain) if t not in EMAIL_NOISE)
    return sorted(out)


def _secure_create(path: Path) -> None:
    """Create the database file owner-only, and its folder if missing (owner-only too)."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    if path.exists():
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
        return
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


class Store:
    """A contact book in one SQLite file. Use :meth:`open` or :meth:`open_readonly`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, db: Database | None) -> None:
        self.path = path
        self.conn = conn
        self._db = db

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating if needed) for reading and writing; applies pending migrations."""
        from sqlite_utils import Database
        from sqlite_utils.migrations import Migrations

        p = Path(path)
        try:
            _secure_create(p)
            db = Database(p)
            db.conn.execute("PRAGMA foreign_keys = ON")
            db.enable_wal()
            migrations = Migrations(MIGRATION_SET)
            for name, fn in MIGRATIONS:
                migrations(name=name)(fn)
            migrations.apply(db)
            db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise UserError(f"not a Callback Coach book ({exc})", where=str(p)) from exc
        except OSError as exc:
            raise UserError(f"cannot open the book: {exc.strerror}", where=str(p)) from exc
        return cls(p, db.conn, db)

    @classmethod
    def open_readonly(cls, path: Path | str) -> Store:
        """Open an existing book for look-ups without importing sqlite-utils."""
        p = Path(path)
        if not p.exists():
            raise UserError(
                "no contact book here yet: import one with 'coach import contacts FILE' "
                "or try 'coach demo'",
                where=str(p),
            )
        try:
            conn = sqlite3.connect(p, check_same_thread=False)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise UserError(f"not a Callback Coach book ({exc})", where=str(p)) from exc
        if version != SCHEMA_VERSION:
            conn.close()
            cls.open(p).close()
            conn = sqlite3.connect(p, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        return cls(p, conn, None)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: every write in the block lands, or none does."""
        if self._db is None:
            raise RuntimeError("this store was opened read-only")
        with self._db.atomic():
            yield

    # ------------------------------------------------------------------- meta
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # --------------------------------------------------------------- contacts
    def contact_keys(self) -> ContactKeys:
        """Every identity in the book, loaded once per import instead of once per row."""
        keys = ContactKeys()
        rows = self.conn.execute(
            "SELECT id, source_id, email, match_key, first_name, last_name FROM contacts"
        )
        for cid, source, email, key, first, last in rows:
            if source:
                keys.by_source[source] = cid
            if email:
                keys.by_email.setdefault(email, cid)
            keys.by_key.setdefault(key, cid)
            keys.by_name.setdefault(" ".join(words(f"{first} {last}")), []).append(cid)
        for cid, e164, ext in self.conn.execute("SELECT contact_id, e164, ext FROM phones"):
            if not ext:
                keys.by_phone.setdefault(e164, cid)
        return keys

    def _known_vocab(self) -> set[str]:
        return {
            r[0] for r in self.conn.execute("SELECT term FROM term_deletes WHERE variant = term")
        }

    def save_contacts(
        self, contacts: Iterable[ContactIn], keys: ContactKeys
    ) -> tuple[int, int, int]:
        """Insert new contacts and update changed ones. Returns (added, updated, unchanged).

        Call inside :meth:`transaction`. ``keys`` is updated as rows land, so duplicate
        rows within one file merge into one contact.
        """
        added = updated = same = 0
        vocab = self._known_vocab()
        now = int(time.time())
        for c in contacts:
            email = c.email.lower()
            key = match_key(c.first_name, c.last_name, c.company)
            cid = (
                (keys.by_source.get(c.source_id) if c.source_id else None)
                or (keys.by_email.get(email) if email else None)
                or keys.by_key.get(key)
            )
            if cid is None:
                cid = self._insert_contact(c, email, key, now)
                self._write_terms(cid, c, 0, vocab)
                self._add_phones(cid, c.phones)
                added += 1
            else:
                changed = self._update_contact(cid, c, email, key, now, vocab)
                if self._add_phones(cid, c.phones) or changed:
                    updated += 1
                else:
                    same += 1
            if c.source_id:
                keys.by_source[c.source_id] = cid
            if email:
                keys.by_email.setdefault(email, cid)
            keys.by_key.setdefault(key, cid)
            keys.by_name.setdefault(" ".join(words(f"{c.first_name} {c.last_name}")), []).append(
                cid
            )
            for ph in c.phones:
                keys.by_phone.setdefault(ph.e164, cid)
        return added, updated, same

    def _insert_contact(self, c: ContactIn, email: str, key: str, now: int) -> int:
        cur = self.conn.execute(
            "INSERT INTO contacts (source_id, first_name, last_name, company, title, email,"
            " notes, match_key, created_ts, updated_ts) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                c.source_id or None,
                c.first_name,
                c.last_name,
                c.company,
                c.title,
                email,
                c.notes,
                key,
                now,
                now,
            ),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def _update_contact(
        self, cid: int, c: ContactIn, email: str, key: str, now: int, vocab: set[str]
    ) -> bool:
        """Fill in what the file says; an empty cell never blanks what the book knows."""
        row = self.conn.execute(
            "SELECT source_id, first_name, last_name, company, title, email, notes,"
            " last_touch_ts FROM contacts WHERE id = ?",
            (cid,),
        ).fetchone()
        old = dict(
            zip(
                ("source_id", "first_name", "last_name", "company", "title", "email", "notes"),
                row[:7],
                strict=True,
            )
        )
        new = dict(old)
        for name, value in (
            ("source_id", c.source_id),
            ("first_name", c.first_name),
            ("last_name", c.last_name),
            ("company", c.company),
            ("title", c.title),
            ("email", email),
            ("notes", c.notes),
        ):
            if value:
                new[name] = value
        if new == old:
            return False
        self.conn.execute(
            "UPDATE contacts SET source_id=?, first_name=?, last_name=?, company=?, title=?,"
            " email=?, notes=?, match_key=?, updated_ts=? WHERE id=?",
            (
                new["source_id"],
                new["first_name"],
                new["last_name"],
                new["company"],
                new["title"],
                new["email"],
                new["notes"],
                match_key(new["first_name"], new["last_name"], new["company"]),
                now,
                cid,
            ),
        )
        self.conn.execute("DELETE FROM terms WHERE contact_id = ?", (cid,))
        merged = ContactIn(
            line=c.line,
            first_name=new["first_name"],
            last_name=new["last_name"],
            company=new["company"],
            email=new["email"],
        )
        self._write_terms(cid, merged, int(row[7]), vocab)
        return True

    def _add_phones(self, cid: int, phones: Sequence[Phone]) -> int:
        added = 0
        for ph in phones:
            digits = ph.digits
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO phones (contact_id, e164, ext, raw, label, nsn, rev)"
                " VALUES (?,?,?,?,?,?,?)",
                (cid, ph.e164, ph.ext, ph.raw, ph.label, ph.national, digits[::-1]),
            )
            added += cur.rowcount
        return added

    def _write_terms(self, cid: int, c: ContactIn | Contact, recency: int, vocab: set[str]) -> None:
        pairs = _contact_terms(c)
        self.conn.executemany(
            "INSERT INTO terms (term, contact_id, field, recency) VALUES (?,?,?,?)",
            [(t, cid, f, recency) for t, f in pairs],
        )
        fresh = [t for t, f in pairs if f in NAME_FIELDS and t not in vocab]
        for term in fresh:
            vocab.add(term)
            variants = {term} | (deletes(term) if len(term) >= FUZZY_MIN_LEN else set())
            self.conn.executemany(
                "INSERT OR IGNORE INTO term_deletes (variant, term) VALUES (?, ?)",
                [(v, term) for v in variants],
            )

    def add_contact(self, c: ContactIn) -> int:
        """Add or merge one contact (the app's "new caller" form); returns its id."""
        with self.transaction():
            keys = self.contact_keys()
            self.save_contacts([c], keys)
            email = c.email.lower()
            return (
                (keys.by_source.get(c.source_id) if c.source_id else None)
                or (keys.by_email.get(email) if email else None)
                or keys.by_key[match_key(c.first_name, c.last_name, c.company)]
            )

    def count_contacts(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM contacts").fetchone()[0])

    def count_touches(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM touches").fetchone()[0])

    # ---------------------------------------------------------------- touches
    def save_touches(self, rows: Iterable[tuple[int, TouchIn]]) -> tuple[int, int, int]:
        """Insert or update touches keyed by (contact, time, kind). Call inside a transaction.

        Returns (added, updated, unchanged) and refreshes the recency of every contact hit.
        """
        added = updated = same = 0
        touched: set[int] = set()
        for cid, t in rows:
            values = (t.outcome, t.reason, t.message)
            cur = self.conn.execute(
                "INSERT INTO touches (contact_id, ts, kind, outcome, reason, message)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT (contact_id, ts, kind) DO NOTHING",
                (cid, t.ts, t.kind, *values),
            )
            if cur.rowcount:
                added += 1
            elif self.conn.execute(
                "UPDATE touches SET outcome=?, reason=?, message=?"
                " WHERE contact_id=? AND ts=? AND kind=?"
                " AND (outcome IS NOT ? OR reason IS NOT ? OR message IS NOT ?)",
                (*values, cid, t.ts, t.kind, *values),
            ).rowcount:
                updated += 1
            else:
                same += 1
            touched.add(cid)
        self.refresh_recency(touched)
        return added, updated, same

    def refresh_recency(self, contact_ids: Iterable[int]) -> None:
        """Recompute last-touch time and touch count, and copy recency into the index."""
        ids = list(contact_ids)
        if not ids:
            return
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM _ids")
        self.conn.executemany("INSERT OR IGNORE INTO _ids VALUES (?)", [(i,) for i in ids])
        self.conn.execute(
            "UPDATE contacts SET"
            " last_touch_ts = coalesce((SELECT max(ts) FROM touches"
            "   WHERE contact_id = contacts.id), 0),"
            " touch_count = (SELECT count(*) FROM touches WHERE contact_id = contacts.id)"
            " WHERE id IN (SELECT id FROM _ids)"
        )
        self.conn.execute(
            "UPDATE terms SET recency = (SELECT last_touch_ts FROM contacts"
            "  WHERE id = terms.contact_id)"
            " WHERE contact_id IN (SELECT id FROM _ids)"
        )
        self.conn.execute("DELETE FROM _ids")

    def log_touch(self, contact_id: int, touch: TouchIn) -> None:
        """Record one touch now (the app's "log callback" and "log outbound" actions)."""
        with self.transaction():
            self.save_touches([(contact_id, touch)])

    def touches_for(self, contact_id: int, limit: int = 20) -> list[Touch]:
        rows = self.conn.execute(
            "SELECT contact_id, ts, kind, outcome, reason, message FROM touches"
            " WHERE contact_id = ? ORDER BY ts DESC, id DESC LIMIT ?",
            (contact_id, limit),
        )
        return [Touch(*r) for r in rows]

    def last_touches(self, contact_ids: Sequence[int]) -> dict[int, Touch]:
        out: dict[int, Touch] = {}
        for cid in contact_ids:
            found = self.touches_for(cid, 1)
            if found:
                out[cid] = found[0]
        return out

    # ----------------------------------------------------------------- lookup
    def contacts(self, ids: Sequence[int]) -> dict[int, Contact]:
        """Full contacts with their numbers, by id."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        phones: dict[int, list[Phone]] = {}
        for cid, e164, ext, raw, label in self.conn.execute(
            f"SELECT contact_id, e164, ext, raw, label FROM phones WHERE contact_id IN ({marks})"
            " ORDER BY id",
            list(ids),
        ):
            phones.setdefault(cid, []).append(Phone(e164=e164, ext=ext, raw=raw, label=label))
        rows = self.conn.execute(
            "SELECT id, coalesce(source_id, ''), first_name, last_name, company, title, email,"
            f" notes, last_touch_ts, touch_count FROM contacts WHERE id IN ({marks})",
            list(ids),
        )
        return {r[0]: Contact(*r, phones=tuple(phones.get(r[0], ()))) for r in rows}

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

    def phones_starting(self, digits: str, cap: int) -> list[tuple[int, str, int]]:
        """(contact_id, national digits, recency) for numbers whose national part starts so."""
        rows = self.conn.execute(
            "SELECT p.contact_id, p.nsn, c.last_touch_ts FROM phones p"
            " JOIN contacts c ON c.id = p.contact_id"
            " WHERE p.nsn >= ? AND p.nsn < ? ORDER BY c.last_touch_ts DESC LIMIT ?",
            (digits, digits + ":", cap),
        )
        return list(rows)

    def likely_callers(self, limit: int) -> list[Touch]:
        """The latest outbound touch of each recently reached contact, newest first."""
        out: dict[int, Touch] = {}
        rows = self.conn.execute(
            "SELECT contact_id, ts, kind, outcome, reason, message FROM touches"
            " WHERE kind IN ('call', 'voicemail', 'email') ORDER BY ts DESC LIMIT ?",
            (limit * 10,),
        )
        for row in rows:
            if row[0] not in out:
                out[row[0]] = Touch(*row)
                if len(out) == limit:
                    break
        return list(out.values())

    def recent_contact_ids(self, limit: int) -> list[int]:
        """The most recently touched contacts, newest first (the "likely callers")."""
        rows = self.conn.execute(
            "SELECT id FROM contacts WHERE last_touch_ts > 0 ORDER BY last_touch_ts DESC LIMIT ?",
            (limit,),
        )
        return [r[0] for r in rows]
