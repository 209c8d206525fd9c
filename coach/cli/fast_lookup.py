"""``coach lookup``: the hot path, kept lean.

A softphone hook or a rep at a shell runs this once per call, so it parses its own
arguments and imports only the book and the lookup: no click, no argparse, no
sqlite-utils, no Textual. ``coach.main`` routes ``coach lookup …`` here before anything else loads.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple, TextIO

from coach.errors import UserError
from coach.lookup.engine import Hit, Lookup, Result, ago
from coach.text import json_text, printable

EXIT_NO_MATCH = 1
MAX_LIMIT = 1000


HELP = """\
usage: coach lookup [options] QUERY...

Find who is calling: a name, nickname, company, email fragment or caller-ID digits in
any format. Exit status 0 with hits, 1 with none, 2 on a bad input.

options:
  -n, --limit N    how many hits (default 5)
  --json           print one JSON object per query
  --batch FILE     one query per line ('-' for stdin); one JSON line out per query
  --db PATH        the book (default: $COACH_DB, else book.db in your data folder)
  --region CC      country for numbers written without +code (default US)
  -h, --help       show this and exit
"""


class LookupArgs(NamedTuple):
    query: list[str]
    limit: int = 5
    json: bool = False
    batch: str | None = None
    db: str | None = None
    region: str = "US"
    help: bool = False


_VALUED = {
    "-n": "limit",
    "--limit": "limit",
    "--batch": "batch",
    "--db": "db",
    "--region": "region",
}


def parse_args(argv: list[str]) -> LookupArgs:
    """Read ``coach lookup`` arguments. Hand-written rather than argparse: this command
    runs once per incoming call, and argparse alone costs it ten milliseconds."""
    query: list[str] = []
    values: dict[str, str] = {}
    flags = {"json": False, "help": False}
    words = iter(argv)
    for arg in words:
        if arg == "--":
            query.extend(words)
            break
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name.startswith("-n") and len(name) > 2 and name[2:].isdigit():
            name, eq, value = "-n", "=", name[2:]
        if name in _VALUED:
            if not eq:
                got = next(words, None)
                if got is None:
                    raise UserError(f"{name} needs a value (see coach lookup --help)")
                value = got
            values[_VALUED[name]] = value
        elif name in ("--json",):
            flags["json"] = True
        elif name in ("-h", "--help"):
            flags["help"] = True
        elif arg.startswith("-") and arg != "-" and not arg[1:2].isdigit():
            raise UserError(f"unknown option {arg} (see coach lookup --help)")
        else:
            query.append(arg)
    try:
        limit = int(values.get("limit", "5"))
    except ValueError:
        raise UserError(f"--limit takes a whole number, not {values['limit']!r}") from None
    return LookupArgs(
        query=query,
        limit=limit,
        json=flags["json"],
        batch=values.get("batch"),
        db=values.get("db"),
        region=values.get("region", "US"),
        help=flags["help"],
    )


def run(argv: list[str], out: TextIO | None = None) -> int:
    out = sys.stdout if out is None else out
    args = parse_args(argv)
    if args.help:
        print(HELP, end="", file=out)
        return 0
    if not 1 <= args.limit <= MAX_LIMIT:
        raise UserError(f"--limit must be between 1 and {MAX_LIMIT}, not {args.limit}")
    if not " ".join(args.query or []).strip() and not args.batch:
        raise UserError("give a query (coach lookup mike) or --batch FILE")
    from coach.book import Book
    from coach.lookup.phones import check_region

    region = check_region(args.region)
    from coach.locations import book_path, choose_book

    path, is_demo = choose_book(args.db)
    if is_demo and not path.exists():
        if args.db:  # a named book that is not there, and no demo beside it: say so
            path, is_demo = book_path(args.db), False
        else:  # no book yet: the demo, built once, as the app and every command use
            from coach.demo import build_demo

            build_demo(path).close()
    with Book.open_readonly(path) as book:
        if is_demo:
            print(
                f"(searching the DEMO book at {path}; import your own with "
                "'coach import contacts FILE')",
                file=sys.stderr,
            )
        lookup = Lookup(book, region)
        if args.batch:
            return _batch(lookup, args.batch, args.limit, out)
        result = lookup.search(" ".join(args.query), limit=args.limit)
        if args.json:
            print(json_text(result.as_json()), file=out)
        else:
            print_result(result, out)
        return 0 if result.hits else EXIT_NO_MATCH


def _batch(lookup: Lookup, source: str, limit: int, out: TextIO) -> int:
    lines: Iterable[str]
    if source == "-":
        lines = sys.stdin
    else:
        # Refused in one line, by stat before it is opened, when it is a pipe, a device
        # or a folder; lines over 1 MiB are no queries. (Loaded here: --batch only.)
        from coach.userfile import read_bytes

        data = read_bytes(Path(source), "a file of queries, one a line")
        lines = data.decode("utf-8", errors="replace").splitlines()
    for line in lines:
        query = line.rstrip("\r\n")
        if query.strip():
            result = lookup.search(query, limit=limit)
            print(json_text(result.as_json()), file=out, flush=True)
    return 0


def print_result(result: Result, out: TextIO) -> None:
    """Human output: one block per hit, newest contact details first."""
    if result.new_caller:
        print(
            f"New caller: {printable(result.query.strip())} is not in your book. "
            "Ask for their full name and company, then add them.",
            file=out,
        )
        return
    if not result.hits:
        print(f"No match for {printable(result.query.strip())!r}.", file=out)
        return
    now = time.time()
    for n, hit in enumerate(result.hits, start=1):
        print_hit(n, hit, now, out)


def print_hit(n: int, hit: Hit, now: float, out: TextIO) -> None:
    c = hit.contact
    role = ", ".join(p for p in (c.title, c.company) if p)
    print(
        f"{n}. {printable(c.name) or '(no name)'}"
        + (f" ({printable(c.nickname)})" if c.nickname else "")
        + (f" — {printable(role)}" if role else "")
        + f"   [score {hit.score:.0f}]",
        file=out,
    )
    reach = [*hit.phones_human, c.email, *c.emails]
    if any(reach):
        print("   " + printable(" · ".join(r for r in reach if r)), file=out)
    t = hit.last_touch
    if t is not None:
        line = f"   last: {t.kind} {ago(t.ts, now)}"
        if t.reason:
            line += f" about {t.reason}"
        print(printable(line), file=out)
        if t.message:
            print(printable(f'   left: "{t.message}"'), file=out)
    print(printable("   why: " + "; ".join(hit.why)), file=out)
