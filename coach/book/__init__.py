"""The book: the user's word for the database. This package owns it: schema,
migrations, transactions and every query. It is the only package that speaks SQL (and
the only one that imports ``sqlite3``); other modules ask a :class:`Book`.

The file is created owner-only (0600) and runs in WAL mode, so the app can read while
an import writes. :meth:`Book.open` is for anything that writes (sqlite-utils, with
migrations); :meth:`Book.open_readonly` is for look-ups (bare ``sqlite3``).

Where things live:

* :mod:`~coach.book.book`: the composed :class:`Book`, opening, transactions, ``meta``.
* :mod:`~coach.book.files`: file checks, connections, what a failure means.
* :mod:`~coach.book.schema`: the migrations, in order.
* :mod:`~coach.book.base`: shared constants and the mixins' common base.
* one module per table group, each a mixin of ``Book``: :mod:`~coach.book.contacts`,
  :mod:`~coach.book.touches`, :mod:`~coach.book.search`, :mod:`~coach.book.sessions`,
  :mod:`~coach.book.followups`, :mod:`~coach.book.report_queries`,
  :mod:`~coach.book.export_rows`.

May import: the standard library, ``sqlite3``, sqlite-utils (lazily: inside functions,
or for type checking, never at the top of a module, since ``coach lookup`` must not pay
for it), :mod:`coach.errors`, :mod:`coach.models`, :mod:`coach.text`,
:mod:`coach.userfile`, :mod:`coach.lookup.phones` and :mod:`coach.lookup.terms`.
"""

from coach.book.base import BATCH, BULK_ROWS, FUTURE_SLACK_S, FUZZY_MAX_LEN, FUZZY_MIN_LEN
from coach.book.book import Book
from coach.book.contacts import ContactKeys
from coach.book.files import BUSY_TIMEOUT_S, BookError, is_busy, is_full
from coach.book.schema import MIGRATION_SET, MIGRATIONS, SCHEMA_VERSION
from coach.book.search import TermRow, WordMatch

__all__ = [
    "BATCH",
    "BULK_ROWS",
    "BUSY_TIMEOUT_S",
    "FUTURE_SLACK_S",
    "FUZZY_MAX_LEN",
    "FUZZY_MIN_LEN",
    "MIGRATIONS",
    "MIGRATION_SET",
    "SCHEMA_VERSION",
    "Book",
    "BookError",
    "ContactKeys",
    "TermRow",
    "WordMatch",
    "is_busy",
    "is_full",
]
