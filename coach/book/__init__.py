"""The one module that owns the database: schema, migrations, transactions and every query.

Other modules ask a :class:`Book`; none of them writes SQL. The file is created
owner-only (0600) and runs in WAL mode, so the app can read while an import writes.

Two ways in:

* :meth:`Book.open` for anything that writes. It uses sqlite-utils, applies pending
  migrations (its ``Migrations`` set) and wraps writes in ``Database.atomic()``.
* :meth:`Book.open_readonly` for look-ups. It uses the bare ``sqlite3`` module so a
  one-shot ``coach lookup`` does not pay for importing sqlite-utils; when the file's
  schema is behind, it opens for writing once to migrate and then reads.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from coach.errors import UserError
from coach.lookup.phones import Phone
from coach.lookup.terms import NAME_FIELDS, contact_terms, match_key
from coach.models import (
    TOUCH_KINDS,
    Contact,
    ContactIn,
    FollowUp,
    SessionRecord,
    Touch,
    TouchIn,
    TouchRow,
    touch_row,
)
from coach.text import deletes, words
from coach.userfile import not_a_file

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Bumped with every migration; stored in ``PRAGMA user_version`` for the cheap check.
SCHEMA_VERSION = 4
MIGRATION_SET = "coach"

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


def _migration_1(db: Database) -> None:
    _script(
        db,
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
            region TEXT NOT NULL DEFAULT '',
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
            digest INTEGER NOT NULL DEFAULT 0
        );
        -- A touch is who, when, what kind and what was said: two calls logged for the same
        -- day (date-only exports) with different notes are two touches, not one.
        CREATE UNIQUE INDEX touches_key ON touches(contact_id, ts, kind, digest);

        CREATE TABLE terms (
            term TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            recency INTEGER NOT NULL DEFAULT 0
        );
        -- Covering, and in recency order within a term: "the 50 most recently touched
        -- Michaels" is a short index read, however many Michaels there are.
        CREATE INDEX terms_term ON terms(term, recency DESC, contact_id, field);
        CREATE INDEX terms_contact ON terms(contact_id);

        CREATE TABLE term_deletes (
            variant TEXT NOT NULL,
            term TEXT NOT NULL,
            PRIMARY KEY (variant, term)
        ) WITHOUT ROWID;

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    )


def _migration_2(db: Database) -> None:
    """Next steps agreed on a call: when, and what."""
    _script(
        db,
        """
        CREATE TABLE next_steps (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            due_ts INTEGER NOT NULL,
            what TEXT NOT NULL,
            created_ts INTEGER NOT NULL,
            done INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX next_steps_contact ON next_steps(contact_id, done, due_ts);
        """,
    )


def _migration_3(db: Database) -> None:
    """Practice sessions: the drill, what was said, each rubric item and the rep's overrides."""
    _script(
        db,
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            scenario_id TEXT NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            started_ts INTEGER NOT NULL,
            duration_s REAL NOT NULL,
            identify_s REAL,
            transcript TEXT NOT NULL,
            items TEXT NOT NULL,
            score INTEGER NOT NULL
        );
        CREATE INDEX sessions_started ON sessions(started_ts);
        """,
    )


def _migration_4(db: Database) -> None:
    """Follow-ups drafted after a meeting ending, and touches by kind and time (the report)."""
    _script(
        db,
        """
        CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            created_ts INTEGER NOT NULL,
            source TEXT NOT NULL,
            practice INTEGER NOT NULL DEFAULT 0,
            contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            who TEXT NOT NULL DEFAULT '',
            company TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            issues TEXT NOT NULL DEFAULT '[]',
            agreed TEXT NOT NULL DEFAULT '',
            benefit TEXT NOT NULL DEFAULT '',
            booked TEXT NOT NULL DEFAULT '',
            meeting_ts INTEGER,
            minutes INTEGER NOT NULL DEFAULT 30,
            remind_ts INTEGER,
            reminded_ts INTEGER
        );
        CREATE INDEX followups_remind ON followups(practice, reminded_ts, remind_ts);
        CREATE INDEX touches_kind_ts ON touches(kind, ts, contact_id);
        """,
    )


MIGRATIONS: list[tuple[str, Any]] = [
    ("m001_initial", _migration_1),
    ("m002_next_steps", _migration_2),
    ("m003_sessions", _migration_3),
    ("m004_followups", _migration_4),
]


class ContactKeys:
    """The ways an imported row can name a contact already in the book."""

    def __init__(self) -> None:
        self.by_source: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_key: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        #: (source_id, first, last, company, title, email, notes) per contact id.
        self.fields: dict[int, tuple[str, ...]] = {}
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
        if (
            by_key is not None
            and email
            and self.fields.get(by_key, ("",) * 7)[5] not in ("", email)
        ):
            by_key = None
        if source_id:
            if source_id in self.by_source:
                return self.by_source[source_id]
            for cid in (by_email, by_key):
                if cid is not None and not self.fields.get(cid, ("",))[0]:
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


class _Batch:
    """Rows waiting to be written together (executemany is far faster than row by row)."""

    def __init__(self, vocab: set[str]) -> None:
        self.vocab = vocab
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
            "INSERT INTO contacts (id, source_id, first_name, last_name, company, title, email,"
            " notes, match_key, created_ts, updated_ts) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            self.contacts,
        )
        conn.executemany(
            "INSERT INTO terms (term, contact_id, field, recency) VALUES (?,?,?,?)", self.terms
        )
        conn.executemany("INSERT OR IGNORE INTO term_deletes VALUES (?, ?)", self.deletes)
        conn.executemany(
            "INSERT OR IGNORE INTO phones (contact_id, e164, ext, raw, label, nsn, region, rev)"
            " VALUES (?,?,?,?,?,?,?,?)",
            self.phones,
        )
        for rows in (self.contacts, self.terms, self.deletes, self.phones):
            rows.clear()


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


def _if_not_exists(create_index: str) -> str:
    """``CREATE [UNIQUE] INDEX name`` -> ``CREATE [UNIQUE] INDEX IF NOT EXISTS name``."""
    head, sep, rest = create_index.partition("INDEX ")
    return f"{head}{sep}IF NOT EXISTS {rest}" if sep else create_index


#: How long a connection waits for another program's write to finish before SQLite
#: answers "database is locked" (the app's writes then retry; imports wait longer).
BUSY_TIMEOUT_S = 5.0


def _check_file(path: Path, *, for_writing: bool) -> None:
    """Refuse anything that is not a regular file (or a new one) before SQLite sees it.

    Only ``stat``: the book is never opened outside SQLite. On POSIX, closing any
    descriptor of a file drops every lock the process holds on it, so a plain
    ``open()``/``close()`` beside a live connection lets another process believe it is
    alone, checkpoint, and delete the write-ahead log under us (SQLite's "How To
    Corrupt", 2.2). What the header says is checked through SQLite itself.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(f"cannot open the book: {exc.strerror}", where=str(path)) from exc
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise UserError("this is a folder; give the path of a book file", where=str(path))
    if what := not_a_file(mode):
        raise UserError(f"this is {what}, not a book file", where=str(path))
    if for_writing and not mode & stat.S_IWUSR:
        # Said even to root: a book made read-only was made so on purpose.
        raise UserError(
            "the book is read-only (no write permission); make it writable (chmod u+w) or copy it",
            where=str(path),
        )


def _secure_create(path: Path) -> None:
    """Create the database file owner-only, and its folder if missing (owner-only too)."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process made it first
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)  # no connection to this new file exists yet


def _make_private(path: Path) -> None:
    """A book that others can read is made the owner's alone (once known to be ours)."""
    with contextlib.suppress(OSError):
        st = path.stat()
        if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and st.st_mode & 0o077:
            path.chmod(0o600)


def _foreign(conn: sqlite3.Connection) -> str | None:
    """Why this database is not ours to migrate, or None when it is ours (or empty)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return "made by a newer Callback Coach; update this one to open it"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "_sqlite_migrations" not in tables:
        return "another program's database (it has tables of its own)"
    if tables and "_sqlite_migrations" in tables:
        sets = {r[0] for r in conn.execute("SELECT DISTINCT migration_set FROM _sqlite_migrations")}
        if MIGRATION_SET not in sets:
            return "another program's database"
    return None


def _uri(path: Path, **params: str) -> str:
    # SQLite URIs need only these three escaped (and urllib costs a lookup 3 ms to import).
    target = str(path.resolve()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{target}?{query}" if query else f"file:{target}"


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: read-only mode, or for a book on read-only media
    (where even the WAL index cannot be created) an immutable snapshot."""
    try:
        conn = sqlite3.connect(
            _uri(path, mode="ro"), uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_S
        )
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.OperationalError:
        return sqlite3.connect(
            _uri(path, immutable="1"), uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_S
        )


def _is_sqlite(path: Path) -> str | None:
    """Why ``path`` is not an SQLite file, asked of SQLite through a read-only
    connection (so nothing can be written to a file that turns out not to be a book)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = _connect_read_only(path)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            return "not a Callback Coach book (not an SQLite file)"
        return None  # locked, busy…: not a verdict on the file
    return None


def _explain(exc: sqlite3.Error) -> str:
    """A one-line reason for an SQLite failure, in the user's terms."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return "the book is busy (another program is writing to it); try again"
    if "readonly" in text or "read-only" in text:
        return "the book is read-only here"
    if "unable to open" in text:
        return "cannot open the book file (check the folder exists and is yours)"
    if "disk" in text and "full" in text:
        return "the disk is full"
    if "not a database" in text:
        return "not a Callback Coach book (not an SQLite file)"
    return f"not a Callback Coach book ({text})"


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "another connection holds the lock" failures (worth retrying)."""
    text = str(exc)
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def is_full(exc: BaseException) -> bool:
    """True when SQLite could not write because the disk (or the book's size cap) is full."""
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc)


def _script(db: Database, sql: str) -> None:
    """Run a migration's statements one by one: ``executescript`` would COMMIT first and
    so let go of the write lock that keeps two processes from migrating at once."""
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.conn.execute(pending)
            pending = ""
    if pending.strip():
        db.conn.execute(pending)


class Book:
    """A contact book in one SQLite file. Use :meth:`open` or :meth:`open_readonly`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, db: Database | None) -> None:
        self.path = path
        self.conn = conn
        self._db = db

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: Path | str, *, wait: float = BUSY_TIMEOUT_S) -> Book:
        """Open (creating if needed) for reading and writing; applies pending migrations.

        ``wait`` is how long a write waits for another program's lock before it fails
        with "database is locked" (the busy timeout). The connection may be used from
        any one thread at a time (the app hands it to its writer thread).
        """
        from sqlite_utils import Database

        p = Path(path)
        try:
            _check_file(p, for_writing=True)
            if why := _is_sqlite(p):
                raise UserError(why, where=str(p))
            _secure_create(p)
            conn = sqlite3.connect(str(p), timeout=wait, check_same_thread=False)
            db = Database(conn)
            try:
                if why := _foreign(db.conn):
                    raise UserError(why, where=str(p))
                _make_private(p)
                db.conn.execute("PRAGMA foreign_keys = ON")
                if db.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.conn.execute("PRAGMA journal_mode = wal")
                # WAL makes NORMAL safe against corruption; a bigger cache keeps imports fast.
                db.conn.execute("PRAGMA synchronous = NORMAL")
                db.conn.execute("PRAGMA cache_size = -65536")
                if db.conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                    cls._migrate(db, p)
            except BaseException:
                conn.close()
                raise
        except sqlite3.Error as exc:
            raise UserError(_explain(exc), where=str(p)) from exc
        except OSError as exc:
            raise UserError(f"cannot open the book: {exc.strerror}", where=str(p)) from exc
        return cls(p, db.conn, db)

    @staticmethod
    def _migrate(db: Database, path: Path) -> None:
        """Apply pending migrations under the write lock, checking again once it is held:
        two programs opening a new book at once migrate it once."""
        from sqlite_utils.migrations import Migrations

        db.conn.execute("BEGIN IMMEDIATE")
        try:
            if why := _foreign(db.conn):
                raise UserError(why, where=str(path))
            if db.conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                migrations = Migrations(MIGRATION_SET)
                for name, fn in MIGRATIONS:
                    migrations(name=name)(fn)
                migrations.apply(db)
                db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise

    @classmethod
    def open_readonly(cls, path: Path | str) -> Book:
        """Open an existing book for look-ups without importing sqlite-utils."""
        p = Path(path)
        if not p.exists():
            raise UserError(
                "no contact book here yet: import one with 'coach import contacts FILE' "
                "or try 'coach demo'",
                where=str(p),
            )
        _check_file(p, for_writing=False)
        try:
            conn = _connect_read_only(p)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                conn.close()
                cls.open(p).close()  # migrates, or refuses a file that is not ours
                conn = _connect_read_only(p)
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            raise UserError(_explain(exc), where=str(p)) from exc
        return cls(p, conn, None)

    def backup(self, target: Path, *, force: bool = False) -> int:
        """A consistent copy of the book at ``target`` while other programs use it
        (SQLite's online backup API), written owner-only to a temporary file beside it and
        renamed into place when whole. Returns the copy's size in bytes."""
        import tempfile

        if target.is_dir():
            raise UserError("is a folder; name a file to write", where=str(target))
        if not force and (target.exists() or target.is_symlink()):
            raise UserError("already exists; add --force to replace it", where=str(target))
        if target.resolve() == self.path.resolve():
            raise UserError("is the book itself; name another file", where=str(target))
        try:
            fd, name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".part", dir=target.parent
            )
        except OSError as exc:
            raise UserError(f"cannot write here: {exc.strerror}", where=str(target)) from None
        os.close(fd)  # a new file of our own, never the book
        tmp = Path(name)
        try:
            copy = sqlite3.connect(str(tmp))
            try:
                self.conn.backup(copy, pages=1024)
                if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise UserError("the copy did not check out whole", where=str(target))
            finally:
                copy.close()
            tmp.chmod(0o600)
            tmp.replace(target)
        except sqlite3.Error as exc:
            tmp.unlink(missing_ok=True)
            raise UserError(_explain(exc), where=str(target)) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return target.stat().st_size

    def in_use_elsewhere(self) -> bool:
        """True when another connection (another program) has this book open: leaving WAL
        mode needs the book to ourselves, so asking for it is the test (WAL is kept)."""
        if self._db is None:
            raise RuntimeError("this store was opened read-only")
        try:
            mode = self.conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                return True
            raise
        if mode != "delete":
            return True
        self.conn.execute("PRAGMA journal_mode = wal")
        return False

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self, checked: bool = True) -> Iterator[None]:
        """All-or-nothing: every write in the block lands, or none does.

        The write lock is taken up front (``BEGIN IMMEDIATE``), so what the block reads is
        what it writes against: no other program can write in between, and a busy book
        is waited for (the busy timeout) at the start instead of failing half-way.
        Nested blocks are savepoints.

        ``checked=False`` turns off SQLite's foreign-key checks for the block: for bulk
        imports whose every row was tied to an existing contact by the importer itself.
        """
        if self._db is None:
            raise RuntimeError("this store was opened read-only")
        conn = self.conn
        if conn.in_transaction:
            name = f"nested_{id(self)}_{time.monotonic_ns()}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        if not checked:
            conn.execute("PRAGMA foreign_keys = OFF")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        finally:
            if not checked:
                conn.execute("PRAGMA foreign_keys = ON")

    # ------------------------------------------------------------------- meta
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
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
            "SELECT id, source_id, email, match_key, first_name, last_name, company, title,"
            " notes FROM contacts"
        )
        for cid, source, email, key, first, last, company, title, notes in rows:
            keys.remember(cid, source or "", email, key)
            keys.fields[cid] = (source or "", first, last, company, title, email, notes)
        for cid, e164, ext in self.conn.execute("SELECT contact_id, e164, ext FROM phones"):
            keys.phones.add((cid, e164, ext))
            if not ext:
                keys.by_phone.setdefault(e164, cid)
        return keys

    def _known_vocab(self) -> set[str]:
        rows = self.conn.execute("SELECT term FROM term_deletes WHERE variant = term")
        return {r[0] for r in rows}

    @contextlib.contextmanager
    def _bulk(self, tables: tuple[str, ...], bulk: bool) -> Iterator[None]:
        """Drop the droppable indexes of ``tables`` for a bulk load; rebuild them after.

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
        batch = _Batch(vocab=self._known_vocab())
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
                )
                batch.contacts.append((cid, c.source_id or None, *fields[1:], key, now, now))
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
                batch.phones.append(
                    (cid, p.e164, p.ext, p.raw, p.label, p.national, p.region, p.digits[::-1])
                )
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
        new = tuple(n or o for n, o in zip(incoming, old, strict=True))
        if new == old:
            return False
        batch.flush(self.conn)  # the contact may still be waiting in the batch
        source, first, last, company, title, mail, notes = new
        self.conn.execute(
            "UPDATE contacts SET source_id=?, first_name=?, last_name=?, company=?, title=?,"
            " email=?, notes=?, match_key=?, updated_ts=? WHERE id=?",
            (
                source or None,
                first,
                last,
                company,
                title,
                mail,
                notes,
                match_key(first, last, company),
                now,
                cid,
            ),
        )
        self.conn.execute("DELETE FROM terms WHERE contact_id = ?", (cid,))
        recency = self.recency_of([cid]).get(cid, 0)
        merged = ContactIn(
            line=c.line, first_name=first, last_name=last, company=company, email=mail
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

    def count_contacts(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM contacts").fetchone()[0])

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
        with self._bulk(("terms",), bulk):  # rewriting every term: index once afterwards
            self.refresh_recency(touched, everyone=bulk)
        return totals[0], totals[1], totals[2]

    _STAGED = "temp._staged_touches"
    _TOUCH_COLUMNS = "contact_id, ts, kind, outcome, reason, message, digest"

    def import_touch_batches(
        self, batches: Iterable[list[TouchRow]], expected: int = 0
    ) -> tuple[int, int, int]:
        """An import's touches: staged first, then saved in one short transaction.

        Reading and tying rows to contacts (the slow part) happens while other programs
        keep the book: the rows go to a temporary table of this connection (a file SQLite
        deletes itself, so a killed import leaves nothing). Only then is the write lock
        taken, and the rows land with set-based SQL: a killed import leaves the book as
        it was before it or after it, and the app's writes wait only for the last step.
        Do not call inside a transaction.
        """
        conn = self.conn
        conn.execute(f"DROP TABLE IF EXISTS {self._STAGED}")
        conn.execute(
            f"CREATE TABLE {self._STAGED} (contact_id INTEGER, ts INTEGER, kind TEXT,"
            " outcome TEXT, reason TEXT, message TEXT, digest INTEGER)"
        )
        try:
            for batch in batches:
                conn.execute("BEGIN")  # temp tables only: takes no lock on the book
                conn.executemany(f"INSERT INTO {self._STAGED} VALUES (?,?,?,?,?,?,?)", batch)
                conn.execute("COMMIT")
            with self.transaction(checked=False):
                return self._save_staged_touches(expected)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute(f"DROP TABLE IF EXISTS {self._STAGED}")

    def _save_staged_touches(self, expected: int) -> tuple[int, int, int]:
        cols = self._TOUCH_COLUMNS
        staged = int(self.conn.execute(f"SELECT count(*) FROM {self._STAGED}").fetchone()[0])
        touched = [
            r[0] for r in self.conn.execute(f"SELECT DISTINCT contact_id FROM {self._STAGED}")
        ]
        totals = [0, 0, 0]
        bulk = self._is_bulk("touches", max(expected, staged))
        with self._bulk(("touches",), bulk):
            before = self.conn.total_changes
            self.conn.execute(
                f"INSERT INTO touches ({cols}) SELECT {cols} FROM {self._STAGED} WHERE 1"
                " ORDER BY rowid" + ("" if bulk else " ON CONFLICT DO NOTHING")
            )
            totals[0] = self.conn.total_changes - before
            totals[2] = staged - totals[0]
            if bulk:
                self._drop_duplicate_touches(totals)
        with self._bulk(("terms",), bulk):
            self.refresh_recency(touched, everyone=bulk)
        return totals[0], totals[1], totals[2]

    def _drop_duplicate_touches(self, totals: list[int]) -> None:
        """After a bulk load without the unique index: drop the file's repeated rows (the
        same touch twice) and count them unchanged. Building the index is the check; only
        a failure costs a second pass."""
        key = "contact_id, ts, kind, digest"
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
        sql = (
            "INSERT INTO touches (contact_id, ts, kind, outcome, reason, message, digest)"
            " VALUES (?,?,?,?,?,?,?)"
        )
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

    def log_touch(self, contact_id: int, touch: TouchIn) -> int:
        """Record one touch (the app's "log callback" and "log outbound" actions); returns
        its id, or 0 when the book already held the very same touch."""
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
        return int(found[0]) if found else 0

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

    # ----------------------------------------------------------------- lookup
    def contacts(self, ids: Sequence[int]) -> dict[int, Contact]:
        """Full contacts with their numbers, by id."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        phones: dict[int, list[Phone]] = {}
        for cid, e164, ext, raw, label, nsn, region in self.conn.execute(
            "SELECT contact_id, e164, ext, raw, label, nsn, region FROM phones"
            f" WHERE contact_id IN ({marks}) ORDER BY id",
            list(ids),
        ):
            phones.setdefault(cid, []).append(Phone(e164, ext, raw, label, nsn, region))
        rows = self.conn.execute(
            "SELECT id, coalesce(source_id, ''), first_name, last_name, company, title, email,"
            f" notes, last_touch_ts, touch_count FROM contacts WHERE id IN ({marks})",
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

    def ids_matching(self, word: WordMatch, cap: int) -> list[tuple[int, int]]:
        """(contact_id, recency) of contacts one typed word matches, most recent first."""
        cond, params = self._term_condition(word)
        found: dict[int, int] = {}
        if cond:
            rows = self.conn.execute(
                f"SELECT contact_id, recency FROM terms WHERE {cond} ORDER BY recency DESC LIMIT ?",
                [*params, cap],
            )
            found.update(rows.fetchall())
        if word.digits:
            rev = word.digits[::-1]
            rows = self.conn.execute(
                "SELECT p.contact_id, c.last_touch_ts FROM phones p"
                " JOIN contacts c ON c.id = p.contact_id WHERE p.rev >= ? AND p.rev < ?"
                " LIMIT ?",
                (rev, rev + ":", cap),
            )
            found.update(rows.fetchall())
        return sorted(found.items(), key=lambda item: item[1], reverse=True)

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

    # --------------------------------------------------------------- practice
    def save_session(self, session: SessionRecord) -> int:
        """Keep one practice session; returns its id."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO sessions (scenario_id, title, kind, started_ts, duration_s,"
                " identify_s, transcript, items, score) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    session.scenario_id,
                    session.title,
                    session.kind,
                    session.started_ts,
                    session.duration_s,
                    session.identify_s,
                    json.dumps(session.transcript),
                    json.dumps(session.items),
                    session.score,
                ),
            )
        return int(cur.lastrowid or 0)

    def update_session_items(self, session_id: int, items: dict[str, Any], score: int) -> None:
        """The rep overrode an item: keep the new verdicts (each records its override)."""
        with self.transaction():
            self.conn.execute(
                "UPDATE sessions SET items = ?, score = ? WHERE id = ?",
                (json.dumps(items), score, session_id),
            )

    def sessions(self, limit: int | None = 500) -> list[SessionRecord]:
        """Practice sessions, newest first (all of them with ``limit=None``)."""
        rows = self.conn.execute(
            "SELECT id, scenario_id, title, kind, started_ts, duration_s, identify_s, transcript,"
            " items, score FROM sessions ORDER BY started_ts DESC, id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [
            SessionRecord(
                r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7]), json.loads(r[8]), r[9], r[0]
            )
            for r in rows
        ]

    # -------------------------------------------------------------- follow-ups
    _FOLLOWUP_COLUMNS = (
        "created_ts, source, who, company, email, issues, agreed, benefit, booked, meeting_ts,"
        " minutes, remind_ts, reminded_ts, practice, contact_id, session_id, id"
    )

    def save_followup(self, f: FollowUp) -> int:
        """Keep a follow-up (its drafts are written from it); returns its id."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO followups (created_ts, source, who, company, email, issues, agreed,"
                " benefit, booked, meeting_ts, minutes, remind_ts, reminded_ts, practice,"
                " contact_id, session_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (*f[:5], json.dumps(list(f.issues)), *f[6:13], int(f.practice), *f[14:16]),
            )
        return int(cur.lastrowid or 0)

    @staticmethod
    def _followup(row: Sequence[Any]) -> FollowUp:
        values = list(row)
        values[5] = tuple(json.loads(values[5]))
        values[13] = bool(values[13])
        return FollowUp(*values)

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

    def delete_meta(self, key: str) -> bool:
        """Forget a setting; False when it was not set."""
        with self.transaction():
            cur = self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        return cur.rowcount > 0

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
            "SELECT id, scenario_id, title, kind, started_ts, duration_s, identify_s, transcript,"
            " items, score FROM sessions ORDER BY started_ts, id"
        ):
            said, items = json.loads(r[7]), json.loads(r[8])
            yield SessionRecord(r[1], r[2], r[3], r[4], r[5], r[6], said, items, r[9], r[0])
