"""The book's file and its connections: what is checked before SQLite opens a file,
how a new book is made owner-only, read-only connections (and their URIs), and what an
SQLite failure means to the user (:func:`is_busy`, :func:`is_full`, ``_explain``).

``BookError`` is the one name for "the database failed" outside this package: no other
module imports ``sqlite3``.

May import: the standard library, ``sqlite3``, :mod:`coach.errors`, :mod:`coach.userfile`,
:mod:`coach.book.schema`. Kept cheap: ``coach lookup`` goes through here.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from coach.book.schema import MIGRATION_SET, SCHEMA_VERSION
from coach.errors import UserError
from coach.userfile import not_a_file

#: What the book raises when SQLite fails (catch this, not ``sqlite3.Error``).
BookError = sqlite3.Error


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
