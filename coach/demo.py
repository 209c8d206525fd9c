"""A made-up but realistic book: for ``coach demo``, for first runs, and for the benchmarks.

Every person and company here is invented. The book is written as canonical CSV files and
imported through the real importers, so the demo exercises the same path as a user's data.
"""

from __future__ import annotations

import csv
import itertools
import random
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from coach.book import Book
from coach.importers import import_calls, import_contacts

CONTACT_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "company",
    "title",
    "phone",
    "mobile",
    "email",
    "notes",
)
CALL_COLUMNS = ("contact_id", "when", "kind", "outcome", "reason", "message")


@cache
def _names() -> dict[str, Any]:
    raw = files("coach").joinpath("data/demo.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def pick(rng: random.Random, kind: str) -> str:
    """A random entry from the demo word list ``kind`` ("first", "last", "reasons"…)."""
    return str(rng.choice(_names()[kind]))


OUTCOMES = {
    "call": ("no answer", "connected", "gatekeeper", "wrong number", "asked to call back"),
    "voicemail": ("left voicemail",),
    "email": ("sent", "replied", "bounced"),
    "meeting": ("held", "rescheduled", "no-show"),
    "callback": ("connected", "booked meeting", "not interested"),
}
AREA_CODES = (612, 651, 952, 763, 312, 415, 206, 303, 512, 617, 212, 646, 404, 305, 720, 971)


@dataclass(frozen=True, slots=True)
class BookSize:
    contacts: int
    touches: int
    anchors: bool = True


DEMO = BookSize(contacts=320, touches=1400)


def _anchor_contact(i: int, a: dict[str, Any]) -> dict[str, str]:
    row = {k: str(a[k]) for k in ("company", "title", "phone", "mobile", "email")}
    return {"id": f"C{i:06d}", "first_name": a["first"], "last_name": a["last"], "notes": "", **row}


def _anchor_touch(i: int, a: dict[str, Any], now: float) -> dict[str, str]:
    when = time.localtime(now - float(a["days_ago"]) * 86400 - 1800)
    return {
        "contact_id": f"C{i:06d}",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S", when),
        "kind": a["kind"],
        "outcome": "left voicemail" if a["kind"] == "voicemail" else "no answer",
        "reason": a["reason"],
        "message": a["message"],
    }


def _invented(rng: random.Random, parts: int) -> str:
    return "".join(pick(rng, "syllables") for _ in range(parts)).capitalize()


class _Zipf:
    """Draws with a common head and a long tail, as names and accounts are in a real
    book: the item of rank r is drawn with weight 1 / (r + flatten)."""

    def __init__(self, items: list[str], flatten: int) -> None:
        self.items = items
        self.cum = list(itertools.accumulate(1 / (r + flatten) for r in range(len(items))))

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.items, cum_weights=self.cum)[0]


def contact_rows(n: int, rng: random.Random, start: int = 1) -> Iterator[dict[str, str]]:
    """Canonical contact rows with a realistic spread: common first names (Michael is the
    commonest), surnames and accounts with a long tail of rare ones, numbers unique."""
    firsts: list[str] = list(dict.fromkeys(_names()["first"]))
    rng.shuffle(firsts)
    firsts.sort(key=lambda f: f not in ("Michael", "Mike"))
    lasts = list(_names()["last"]) + [_invented(rng, 2 + (i % 2)) for i in range(max(n // 4, 50))]
    accounts = [f"{a} {b}" for a in _names()["company_a"] for b in _names()["company_b"]]
    accounts += [f"{_invented(rng, 2)} {pick(rng, 'company_b')}" for _ in range(max(n // 5, 20))]
    rng.shuffle(accounts)
    first_of, last_of, account_of = _Zipf(firsts, 20), _Zipf(lasts, 50), _Zipf(accounts, 20)
    used: set[str] = set()
    for i in range(start, start + n):
        first, last, company = first_of(rng), last_of(rng), account_of(rng)
        phone = _number(rng, used)
        mobile = _number(rng, used) if rng.random() < 0.45 else ""
        domain = company.split()[0].lower() + ".example"
        local = f"{first[0]}{last}".lower().replace("'", "").replace(" ", "")
        yield {
            "id": f"C{i:06d}",
            "first_name": first,
            "last_name": last,
            "company": company,
            "title": pick(rng, "titles"),
            "phone": _style(phone, rng),
            "mobile": _style(mobile, rng) if mobile else "",
            "email": f"{local}{i if rng.random() < 0.3 else ''}@{domain}",
            "notes": "",
        }


def _number(rng: random.Random, used: set[str]) -> str:
    """A ten-digit NANP number. Small books stay in the 555-01xx range reserved for
    fiction; large generated books need more numbers than that range holds."""
    while True:
        if len(used) < 1000:
            digits = f"{rng.choice(AREA_CODES)}55501{rng.randrange(100):02d}"
        else:
            digits = f"{rng.choice(AREA_CODES)}{rng.randrange(200, 1000)}{rng.randrange(10000):04d}"
        if digits not in used:
            used.add(digits)
            return digits


def _style(d: str, rng: random.Random) -> str:
    """Write a number the way people do: every format a CRM ends up holding."""
    a, b, c = d[:3], d[3:6], d[6:]
    return rng.choice((f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", d))


def touch_rows(
    contacts: list[dict[str, str]], n: int, rng: random.Random, now: float
) -> Iterator[dict[str, str]]:
    """Touches over the last ~10 months, denser recently; some are callbacks."""
    for _ in range(n):
        c = rng.choice(contacts)
        age_days = rng.expovariate(1 / 45) if rng.random() < 0.8 else rng.uniform(0, 300)
        when = now - min(age_days, 300) * 86400 - rng.uniform(0, 3600)
        kind = rng.choices(
            ("call", "voicemail", "email", "meeting", "callback"), (35, 30, 20, 7, 8)
        )[0]
        reason = pick(rng, "reasons")
        message = pick(rng, "messages").format(first=c["first_name"], reason=reason)
        yield {
            "contact_id": c["id"],
            "when": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(when)),
            "kind": kind,
            "outcome": rng.choice(OUTCOMES[kind]),
            "reason": reason,
            "message": message if kind == "voicemail" else "",
        }


def write_csv(path: Path, columns: tuple[str, ...], rows: Iterator[dict[str, str]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_book_csv(
    folder: Path, size: BookSize, seed: int = 7, now: float | None = None
) -> tuple[Path, Path]:
    """Write ``contacts.csv`` and ``calls.csv`` for a generated book into ``folder``."""
    rng = random.Random(seed)
    now = time.time() if now is None else now
    anchors = _names()["anchor"] if size.anchors else []
    contacts = [_anchor_contact(i, a) for i, a in enumerate(anchors, start=1)]
    contacts += contact_rows(size.contacts - len(contacts), rng, start=len(contacts) + 1)
    people, calls = folder / "contacts.csv", folder / "calls.csv"
    write_csv(people, CONTACT_COLUMNS, iter(contacts))
    anchor_touches = (_anchor_touch(i, a, now) for i, a in enumerate(anchors, start=1))
    touches = touch_rows(contacts, size.touches - len(anchors), rng, now)
    write_csv(calls, CALL_COLUMNS, itertools.chain(anchor_touches, touches))
    return people, calls


def build_demo(path: Path, now: float | None = None) -> Book:
    """Create (or refresh) the demo book at ``path`` and return it open."""
    book = Book.open(path)
    with tempfile.TemporaryDirectory() as tmp:
        people, calls = write_book_csv(Path(tmp), DEMO, now=now)
        import_contacts(book, people)
        import_calls(book, calls)
    with book.transaction():
        book.set_meta("label", "demo")
    return book


def book_or_demo(explicit: str | None = None, strict: bool = False) -> tuple[Path, bool]:
    """The one rule for which book a command or the app opens, and whether it is the demo:
    the user's book (``--db``, else ``$COACH_DB``, else the default file) when it exists,
    else the demo book beside it, built on first use. With ``strict`` (reports and exports
    of your records) a book named with ``--db`` that is missing is a :class:`UserError`
    rather than the demo: a mistyped path is said. Imports always write the user's book."""
    from coach.locations import book_path, choose_book

    if strict and explicit and not book_path(explicit).exists():
        Book.open_readonly(book_path(explicit))  # raises the one "no contact book here yet"
    path, is_demo = choose_book(explicit)
    if is_demo and not path.exists():
        build_demo(path).close()
    elif not is_demo and path.name == "demo.db":
        # A demo book opened by its own path is still the demo, and labelled so.
        with Book.open_readonly(path) as book:
            is_demo = book.get_meta("label") == "demo"
    return path, is_demo
