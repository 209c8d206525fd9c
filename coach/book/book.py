"""The composed :class:`Book`: opening (for writing, or read-only for look-ups),
migrating, backing up, transactions, and the ``meta`` table.

Two ways in:

* :meth:`Book.open` for anything that writes. It uses sqlite-utils, applies pending
  migrations (its ``Migrations`` set) and wraps writes in ``Database.atomic()``.
* :meth:`Book.open_readonly` for look-ups. It uses the bare ``sqlite3`` module so a
  one-shot ``coach lookup`` does not pay for importing sqlite-utils; when the file's
  schema is behind, it opens for writing once to migrate and then reads.

Every other method comes from a table group's mixin (contacts, touches, search,
sessions, follow-ups, report queries, export rows).

May import: the standard library, ``sqlite3``, :mod:`coach.errors` and the modules of
this package; sqlite-utils only inside functions (or for type checking).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from coach.book.contacts import Contacts
from coach.book.export_rows import ExportRows
from coach.book.files import (
    BUSY_TIMEOUT_S,
    _check_file,
    _connect_read_only,
    _explain,
    _foreign,
    _is_sqlite,
    _make_private,
    _secure_create,
    is_busy,
)
from coach.book.followups import FollowUps
from coach.book.report_queries import ReportQueries
from coach.book.schema import MIGRATION_SET, MIGRATIONS, SCHEMA_VERSION
from coach.book.search import Search
from coach.book.sessions import Sessions
from coach.book.touches import Touches
from coach.errors import UserError

if TYPE_CHECKING:
    from sqlite_utils import Database


class Book(Contacts, Touches, Search, Sessions, FollowUps, ReportQueries, ExportRows):
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
            raise RuntimeError("this book was opened read-only")
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

    def data_version(self) -> int:
        """A number that changes when another connection (another program, ``coach log``)
        has written to the book since this one last looked: cheap enough to poll."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

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
            raise RuntimeError("this book was opened read-only")
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

    def delete_meta(self, key: str) -> bool:
        """Forget a setting; False when it was not set."""
        with self.transaction():
            cur = self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        return cur.rowcount > 0
