"""The book is one private SQLite file, migrated in place, written all-or-nothing."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from coach.book import SCHEMA_VERSION, Book
from coach.errors import UserError
from coach.models import ContactIn, FollowUp, SessionRecord, TouchIn


def test_a_new_book_is_private_to_its_owner_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "book.db"
    with Book.open(path) as store:
        store.add_contact(ContactIn(line=0, first_name="Ana", last_name="Lopez"))
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        for suffix in ("", "-wal", "-shm"):
            side = Path(f"{path}{suffix}")
            if side.exists():
                assert stat.S_IMODE(side.stat().st_mode) == 0o600, suffix
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_existing_book_readable_by_others_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    Book.open(path).close()
    path.chmod(0o644)
    Book.open(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_migrations_run_once_and_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    Book.open(path).close()
    with Book.open(path) as store:
        applied = store.conn.execute("SELECT name FROM _sqlite_migrations").fetchall()
        assert applied == [
            ("m001_initial",),
            ("m002_next_steps",),
            ("m003_sessions",),
            ("m004_followups",),
            ("m005_whole_imports",),
            ("m006_session_delivery",),
            ("m007_write_back",),
            ("m008_phone_layout",),
            ("m009_terms_by_contact_covering",),
        ]
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_keeping_the_candidates_another_word_matches_reads_one_index_alone(
    tmp_path: Path,
) -> None:
    """A lookup for "Miguel Harbor": the Miguels are filtered by "harbor" through the
    terms-by-contact index alone (it carries the term), not by reading each one's rows."""
    from coach.book import WordMatch

    with Book.open(tmp_path / "book.db") as store:
        for n, company in enumerate(("Harbor Freight", "Lake Harbor", "Acme")):
            store.add_contact(
                ContactIn(line=n, first_name="Miguel", last_name=f"Ruiz{n}", company=company)
            )
        asked: list[str] = []
        store.conn.set_trace_callback(asked.append)
        ids = sorted(store.contact_ids())
        kept = store.filter_ids(ids, WordMatch(terms=("harbor",), prefix="harbor"))
        store.conn.set_trace_callback(None)
        assert len(kept) == 2
        sql = next(s for s in asked if "FROM terms" in s)
        plan = " ".join(row[-1] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "COVERING INDEX terms_contact" in plan, plan


def test_a_read_only_open_migrates_an_old_file_first(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    Book.open(path).close()
    with Book.open(path) as store:
        store.conn.execute("PRAGMA user_version = 0")
    with Book.open_readonly(path) as store:
        assert store.count_contacts() == 0
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_file_that_is_not_a_book_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some notes, not a database" * 100)
    with pytest.raises(UserError, match="not a Callback Coach book"):
        Book.open(path)
    with pytest.raises(UserError, match="not a Callback Coach book"):
        Book.open_readonly(path)


def test_looking_up_in_a_missing_book_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="coach import contacts"):
        Book.open_readonly(tmp_path / "none.db")


def test_a_failed_write_leaves_nothing_half_written(tmp_path: Path) -> None:
    with Book.open(tmp_path / "book.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_contact(ContactIn(line=0, first_name="Ana"))
            raise RuntimeError("power cut")
        assert store.count_contacts() == 0


def test_logging_a_touch_updates_recency_and_count(tmp_path: Path) -> None:
    with Book.open(tmp_path / "book.db") as store:
        cid = store.add_contact(ContactIn(line=0, first_name="Ana", company="Quarry"))
        store.log_touch(cid, TouchIn(line=0, ts=1_800_000_000, kind="callback", reason="pricing"))
        (contact,) = store.contacts([cid]).values()
        assert (contact.last_touch_ts, contact.touch_count) == (1_800_000_000, 1)
        assert store.touches_for(cid)[0].reason == "pricing"
        assert store.likely_callers(5) == []  # a callback is not an outbound touch


def test_a_bad_kind_never_reaches_the_table(tmp_path: Path) -> None:
    import sqlite3

    with Book.open(tmp_path / "book.db") as store:
        cid = store.add_contact(ContactIn(line=0, first_name="Ana"))
        with pytest.raises(sqlite3.IntegrityError):
            store.log_touch(cid, TouchIn(line=0, ts=1, kind="fax"))


def test_a_folder_given_as_the_book_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir(mode=0o755)
    with pytest.raises(UserError, match="folder"):
        Book.open(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_another_programs_database_is_refused_and_not_changed(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    path.chmod(0o644)
    before = path.read_bytes()
    for opener in (Book.open, Book.open_readonly):
        with pytest.raises(UserError, match="another program"):
            opener(path)
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_book_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    with Book.open(path) as store:
        store.conn.execute("PRAGMA user_version = 99")
    with pytest.raises(UserError, match="newer Callback Coach"):
        Book.open_readonly(path)


def test_a_book_with_odd_characters_in_its_path_opens_for_lookup(tmp_path: Path) -> None:
    path = tmp_path / "50% off?#1" / "book.db"
    with Book.open(path) as store:
        store.add_contact(ContactIn(line=0, first_name="Ana"))
    with Book.open_readonly(path) as store:
        assert store.count_contacts() == 1


def test_a_followup_comes_back_with_every_field_in_its_own_place(tmp_path: Path) -> None:
    with Book.open(tmp_path / "book.db") as store:
        for first in ("Ana", "Ben", "Cy"):
            contact_id = store.add_contact(ContactIn(line=0, first_name=first))
        session = SessionRecord("s", "Drill", "cold", 1_600_000_000, 60.0, 5.0, [], {}, 3)
        store.save_session(session)
        session_id = store.save_session(session)
        assert (contact_id, session_id) == (3, 2)  # neither 0 nor 1, so never a bool
        sent = FollowUp(
            created_ts=1_700_000_001,
            source="meeting",
            who="Cy Young",
            company="Acme",
            email="cy@acme.test",
            issues=("price", "timing"),
            agreed="a pilot",
            benefit="fewer missed calls",
            booked="Tuesday at ten",
            meeting_ts=1_700_000_002,
            minutes=45,
            remind_ts=1_700_000_003,
            reminded_ts=1_700_000_004,
            practice=True,
            contact_id=contact_id,
            session_id=session_id,
            id=999,  # not written: the book gives the id
        )
        # Every field distinct from its default and from every other field.
        for name in FollowUp._fields:
            assert getattr(sent, name) != FollowUp._field_defaults.get(name, object()), name
        assert len({repr(v) for v in sent}) == len(sent)
        followup_id = store.save_followup(sent)
        got = store.followup(followup_id)
    assert got is not None
    assert got.id == followup_id != sent.id
    for name in FollowUp._fields:
        if name != "id":
            assert getattr(got, name) == getattr(sent, name), name
    assert type(got.practice) is bool
    assert type(got.issues) is tuple


def test_an_import_stopped_with_its_staging_still_open_says_why_and_the_next_one_works(
    tmp_path: Path,
) -> None:
    """Ctrl-C while a statement still reads the staged rows: the interrupt is what is
    raised (not "database stage is locked"), and the next import on the book lands."""
    from coach.models import touch_row

    with Book.open(tmp_path / "book.db") as store:
        cid = store.add_contact(ContactIn(line=0, first_name="Ana", last_name="Lopez"))
        calls = [TouchIn(line=i, ts=1_700_000_000 + i, kind="call") for i in range(3)]
        rows = [touch_row(cid, t) for t in calls]
        with pytest.raises(KeyboardInterrupt), store._staging("t", "x INTEGER") as table:
            store.conn.execute(f"INSERT INTO {table} VALUES (1), (2)")
            reading = store.conn.execute(f"SELECT x FROM {table}")
            reading.fetchone()  # left open, as a traceback keeps a cursor alive
            raise KeyboardInterrupt
        del reading  # the traceback that kept it is gone
        assert store.import_touch_batches([rows]) == (3, 0, 0)
        with pytest.raises(RuntimeError, match="inside a transaction"), store.transaction():
            store.import_touch_batches([rows])
