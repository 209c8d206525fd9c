"""The book's schema: every migration, in order, and the helpers they use.

``MIGRATIONS`` is the one declaration of the schema's history; :meth:`Book.open
<coach.book.Book.open>` applies the pending ones (sqlite-utils' ``Migrations``) and
records ``SCHEMA_VERSION`` in ``PRAGMA user_version`` for the cheap check that
``Book.open_readonly`` makes.

May import: the standard library, ``sqlite3``, :mod:`coach.models`; sqlite-utils only
for type checking (it is imported when a migration actually runs, never on look-ups).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.models import TOUCH_KINDS

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Bumped with every migration; stored in ``PRAGMA user_version`` for the cheap check.
SCHEMA_VERSION = 9
MIGRATION_SET = "coach"


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


def _if_not_exists(create_index: str) -> str:
    """``CREATE [UNIQUE] INDEX name`` -> ``CREATE [UNIQUE] INDEX IF NOT EXISTS name``."""
    head, sep, rest = create_index.partition("INDEX ")
    return f"{head}{sep}IF NOT EXISTS {rest}" if sep else create_index


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


def _migration_5(db: Database) -> None:
    """Whole imports: a contact's other e-mails and nickname, and whether a number is one
    the phone metadata knows (an unverified one is kept, shown as written)."""
    _script(
        db,
        """
        ALTER TABLE contacts ADD COLUMN emails TEXT NOT NULL DEFAULT '';
        ALTER TABLE contacts ADD COLUMN nickname TEXT NOT NULL DEFAULT '';
        ALTER TABLE phones ADD COLUMN verified INTEGER NOT NULL DEFAULT 1;
        """,
    )


def _migration_6(db: Database) -> None:
    """A session's delivery figures (talk share, monologues, …) and who spoke when, as JSON
    (empty for sessions kept before they were measured)."""
    _script(db, "ALTER TABLE sessions ADD COLUMN delivery TEXT NOT NULL DEFAULT '';")


def _migration_7(db: Database) -> None:
    """Write-back to the CRM: which touches were logged in Coach (``logged_ts``, when;
    NULL for one that came in from an import, and for every touch a book held before this
    migration, since nothing then told the two apart), the notes typed during that call,
    and which touches have been exported in which CRM format (so ``--new`` can skip them,
    and an import of the CRM's own export does not bring them in a second time)."""
    _script(
        db,
        """
        ALTER TABLE touches ADD COLUMN logged_ts INTEGER;
        ALTER TABLE touches ADD COLUMN notes TEXT NOT NULL DEFAULT '';
        CREATE INDEX touches_logged ON touches(logged_ts) WHERE logged_ts IS NOT NULL;
        -- subject: the title the CRM was sent, by which its own export of the touch is
        -- known when it comes back in an import (and not added twice).
        CREATE TABLE touch_exports (
            format TEXT NOT NULL,
            touch_id INTEGER NOT NULL REFERENCES touches(id) ON DELETE CASCADE,
            exported_ts INTEGER NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (format, touch_id)
        ) WITHOUT ROWID;
        CREATE INDEX touch_exports_touch ON touch_exports(touch_id);
        """,
    )


def _migration_8(db: Database) -> None:
    """How a number outside North America is laid out, international and national, kept
    when it is imported: a `coach lookup` shows it without loading the phone library
    (20 ms of a 50 ms process). Empty for numbers stored before, which are laid out by the
    library when shown, as they always were."""
    _script(
        db,
        """
        ALTER TABLE phones ADD COLUMN shown_intl TEXT NOT NULL DEFAULT '';
        ALTER TABLE phones ADD COLUMN shown_natl TEXT NOT NULL DEFAULT '';
        """,
    )


def _migration_9(db: Database) -> None:
    """The index of terms by contact carries the term and its field: a lookup that keeps
    those of a few hundred candidates that another typed word matches ("Miguel Harbor")
    reads the index alone instead of every candidate's rows (1.05 -> 0.39 ms for 761
    candidates at 100k contacts), and so does re-scoring the best of them."""
    _script(
        db,
        """
        DROP INDEX terms_contact;
        CREATE INDEX terms_contact ON terms(contact_id, term, field);
        """,
    )


#: Every migration, oldest first, under the name recorded in ``_sqlite_migrations``
#: (names are never changed: a book remembers which ones it has had).
MIGRATIONS: tuple[tuple[str, Callable[[Database], None]], ...] = (
    ("m001_initial", _migration_1),
    ("m002_next_steps", _migration_2),
    ("m003_sessions", _migration_3),
    ("m004_followups", _migration_4),
    ("m005_whole_imports", _migration_5),
    ("m006_session_delivery", _migration_6),
    ("m007_write_back", _migration_7),
    ("m008_phone_layout", _migration_8),
    ("m009_terms_by_contact_covering", _migration_9),
)
