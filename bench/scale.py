"""The cost curve: import and lookup at 10k, 100k and 1M contacts (10 touches each).

The books come from ``bench/worldgen.py``, a generator written apart from the product (by a
helper that never saw our code): names from about 20 locales with accents and native
scripts, nicknames, shared surnames, colliding companies, seven phone formats and about
6 % unassignable numbers, touches with a long tail. Its queries (``queries.jsonl``) carry
the answer its own rules expect.

For each size: the two ``coach import`` processes (time, peak memory) against the
``sqlite3`` shell's raw ``.import`` of the same two files (the ratio is measured in the
same run, so a busy machine slows both), the book on disk, lookup mean and p99 per kind of
query with top-1 accuracy, the peak memory of a lookup process, a whole ``coach lookup``
process against ``fzf --filter`` over the same contacts, and the app: start to a usable
box, and keystroke to repainted results.

``python -m bench.scale [--sizes 10000,100000,1000000]``; ``make bench`` runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
COACH = str(Path(sys.executable).with_name("coach"))
GOALS = "goals: import <= 3x raw and <= 300 MB; lookup mean <= 1 ms, p99 <= 5 ms; key p99 <= 16 ms"


def _run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit status of one process."""
    t = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    if child.stderr is not None:
        child.stderr.read()
        child.stderr.close()
    return time.perf_counter() - t, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def generate(n: int) -> Path:
    folder = DATA / f"world-{n}"
    if not (folder / "queries.jsonl").exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"   generating {n:,} contacts and about {10 * n:,} touches …", flush=True)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "worldgen.py"), str(folder),
             "--contacts", str(n), "--queries", "600", "--seed", "1"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return folder


def raw_import(folder: Path) -> float:
    raw = folder / "raw.db"
    raw.unlink(missing_ok=True)
    sqlite = shutil.which("sqlite3")
    if sqlite is None:
        return float("nan")
    t = time.perf_counter()
    subprocess.run(
        [sqlite, str(raw), ".mode csv", f".import {folder / 'contacts.csv'} contacts",
         f".import {folder / 'calls.csv'} calls"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    took = time.perf_counter() - t
    raw.unlink(missing_ok=True)
    return took


def coach_import(folder: Path) -> dict[str, float]:
    book = folder / "book.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{book}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, COACH_VOICE="off")
    t1, m1, s1 = _run([COACH, "import", "contacts", str(folder / "contacts.csv"),
                       "--db", str(book)], env)  # fmt: skip
    t2, m2, s2 = _run([COACH, "import", "calls", str(folder / "calls.csv"), "--db", str(book)],
                      env)  # fmt: skip
    if {s1, s2} - {0, 1}:  # 1: some rows skipped (the generator's unassignable ones)
        raise SystemExit(f"coach import failed ({s1}, {s2}) on {folder}")
    size = sum(
        Path(f"{book}{s}").stat().st_size for s in ("", "-wal") if Path(f"{book}{s}").exists()
    )
    return {
        "contacts_s": t1,
        "calls_s": t2,
        "contacts_mb": m1,
        "calls_mb": m2,
        "book_mb": size / 2**20,
    }


def floor(folder: Path) -> float:
    """Seconds on one core for the least an import must do in Python, with nothing stored:
    read both files with ``csv`` and read each number (``parse_phone``: phonenumbers, or
    our North American shortcut) and each date (``datetime.fromisoformat``). Halved, it is
    what two perfectly shared cores could not go below, whatever the SQL costs."""
    import csv
    from datetime import datetime

    from coach.lookup.phones import parse_phone

    t = time.perf_counter()
    with (folder / "contacts.csv").open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        cols = [i for i, h in enumerate(header) if h in ("phone", "mobile")]
        for row in rows:
            for i in cols:
                if row[i]:
                    with contextlib.suppress(ValueError):
                        parse_phone(row[i])
    with (folder / "calls.csv").open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        when = next(rows).index("when")
        for row in rows:
            with contextlib.suppress(ValueError):
                datetime.fromisoformat(row[when])
    return time.perf_counter() - t


def sql_floor(folder: Path) -> float:
    """Seconds SQLite alone takes to write what an import leaves in the book: every row of
    its contacts, numbers, search terms, typo index and touches copied, in one statement a
    table, into an empty book of the same schema, and the indexes built. No Python touches
    a row and nothing is parsed, matched or ranked: no import can write the book faster."""
    import sqlite3
    import tempfile

    tables = ("contacts", "phones", "terms", "term_deletes", "touches")
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(str(Path(tmp) / "floor.db"), isolation_level=None)
        try:
            for pragma in ("journal_mode = wal", "synchronous = NORMAL", "cache_size = -65536"):
                conn.execute(f"PRAGMA {pragma}")
            src = (folder / "book.db").resolve().as_uri() + "?mode=ro"
            conn.execute("ATTACH DATABASE ? AS src", (src,))
            marks = ",".join("?" * len(tables))
            schema = conn.execute(
                f"SELECT type, sql FROM src.sqlite_master WHERE tbl_name IN ({marks})"
                " AND sql IS NOT NULL ORDER BY type = 'index'",
                tables,
            ).fetchall()
            for kind, sql in schema:
                if kind == "table":
                    conn.execute(sql.replace("REFERENCES contacts(id) ON DELETE CASCADE", ""))
            t = time.perf_counter()
            conn.execute("BEGIN")
            for table in tables:
                conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
            for kind, sql in schema:
                if kind == "index":
                    conn.execute(sql)
            conn.execute("COMMIT")
            return time.perf_counter() - t
        finally:
            conn.close()


def lookups(folder: Path) -> dict[str, Any]:
    from coach.book import Book
    from coach.lookup.engine import Lookup

    queries = [json.loads(line) for line in (folder / "queries.jsonl").open(encoding="utf-8")]
    per_kind: dict[str, list[float]] = defaultdict(list)
    right: dict[str, list[bool]] = defaultdict(list)
    with Book.open_readonly(folder / "book.db") as store:
        ids = {
            r[0]: r[1]
            for r in store.conn.execute(
                "SELECT source_id, id FROM contacts WHERE source_id IS NOT NULL"
            )
        }
        engine = Lookup(store)
        for q in queries[:100]:
            engine.search(q["query"], limit=5)  # warm the page cache, as an open app is
        for q in queries:
            t = time.perf_counter()
            hits = engine.search(q["query"], limit=5).hits
            per_kind[q["kind"]].append((time.perf_counter() - t) * 1000)
            right[q["kind"]].append(bool(hits) and hits[0].contact.id == ids.get(q["expect"]))
    batch = folder / "queries.txt"
    batch.write_text("".join(f"{q['query']}\n" for q in queries), encoding="utf-8")
    _, rss, _ = _run([COACH, "lookup", "--db", str(folder / "book.db"), "--batch", str(batch)])
    every = sorted(ms for v in per_kind.values() for ms in v)
    return {
        "per_kind": {
            k: (
                statistics.fmean(v),
                sorted(v)[max(int(len(v) * 0.99) - 1, 0)],
                sum(right[k]) / len(right[k]),
            )
            for k, v in per_kind.items()
        },
        "mean": statistics.fmean(every),
        "p99": every[max(int(len(every) * 0.99) - 1, 0)],
        "lookup_mb": rss,
        "queries": queries,
    }


def _median_ms(cmd: list[str], runs: int, stdin: Path | None = None) -> float:
    times = []
    for _ in range(runs + 2):
        with (stdin or Path(os.devnull)).open("rb") as fh:
            t = time.perf_counter()
            subprocess.run(cmd, stdin=fh, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times[2:])


def whole_process(folder: Path, query: str, runs: int = 11) -> tuple[float, float]:
    """A whole `coach lookup QUERY` process, and fzf --filter over one line per contact."""
    from coach.book import Book

    book = folder / "book.db"
    export = folder / "book.txt"
    if not export.exists():
        with Book.open_readonly(book) as store, export.open("w", encoding="utf-8") as fh:
            ids = [r[0] for r in store.conn.execute("SELECT id FROM contacts")]
            for i in range(0, len(ids), 5000):
                for c in store.contacts(ids[i : i + 5000]).values():
                    phones = " ".join(p.e164 for p in c.phones)
                    fh.write(f"{c.name} | {c.company} | {c.title} | {phones} | {c.email}\n")
    ours = _median_ms([COACH, "lookup", "--db", str(book), query], runs)
    fzf = shutil.which("fzf")
    theirs = _median_ms([fzf, "--filter", query], runs, stdin=export) if fzf else float("nan")
    return ours, theirs


async def drive_app(book: Path, queries: Sequence[str]) -> tuple[float, list[float]]:
    """Open the app headless at 120x36: seconds to a focused box with the likely callers
    listed, and each keystroke's time to repainted results (ms) as the queries are typed."""
    from textual.widgets import Input, OptionList

    from coach.tui.app import CoachApp

    t0 = time.perf_counter()
    the_app = CoachApp(book)
    async with the_app.run_test(size=(120, 36)) as pilot:
        while not (
            isinstance(the_app.focused, Input)
            and the_app.screen.query_one("#results", OptionList).option_count
        ):
            await pilot.pause()
        start = time.perf_counter() - t0
        keys: list[float] = []
        screen = the_app.screen
        for query in queries:
            for ch in query:
                await pilot.press(ch)
                await the_app.workers.wait_for_complete()
                await pilot.pause()
                keys.append(screen.latency * 1000)  # type: ignore[attr-defined]
            await pilot.press("escape")
            await the_app.workers.wait_for_complete()
            await pilot.pause()
    return start, keys


def app(folder: Path, queries: list[dict[str, Any]]) -> tuple[float, float]:
    """Start to a usable box (s), and keystroke to repainted results p99 (ms)."""
    start, keys = asyncio.run(drive_app(folder / "book.db", [q["query"] for q in queries[::40]]))
    keys.sort()
    return start, keys[max(int(len(keys) * 0.99) - 1, 0)]


def _growth(values: list[float], sizes: list[int]) -> str:
    """How a figure grows from the smallest size to the largest, per 10x."""
    if len(values) < 2 or not values[0] or values[0] != values[0]:
        return ""
    steps = [f"x{b / a:.1f}" for a, b in itertools.pairwise(values) if a]
    return " then ".join(steps) + f" per x{sizes[1] // sizes[0]} contacts"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.scale")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument(
        "--reuse", action="store_true", help="keep each size's imported book: lookups only"
    )
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"== The cost curve ({GOALS})")
    rows = []
    for n in sizes:
        folder = generate(n)
        if args.reuse and (folder / "book.db").exists():
            raw, ratio = float("nan"), float("nan")
            imp = dict.fromkeys(("contacts_s", "calls_s", "contacts_mb", "calls_mb"), float("nan"))
            imp["book_mb"] = (folder / "book.db").stat().st_size / 2**20
        else:
            raw = raw_import(folder)
            imp = coach_import(folder)
            ratio = (imp["contacts_s"] + imp["calls_s"]) / raw
            least, writes = floor(folder), sql_floor(folder)
            # SQLite writes on one core; the reading shares two with it at best.
            best = max(writes, (least + writes) / 2)
            print(
                f"   {n:>9,} contacts: floors: reading the files and their numbers and dates"
                f" {least:.1f} s on one core; SQLite writing the imported rows and indexes into"
                f" an empty book {writes:.1f} s ({writes / raw:.1f}x raw); both on two cores at"
                f" best {best:.1f} s = {best / raw:.1f}x raw", flush=True,
            )  # fmt: skip
        look = lookups(folder)
        name_query = next(q["query"] for q in look["queries"] if q["kind"] == "first_company")
        ours, theirs = whole_process(folder, name_query)
        start, key_p99 = app(folder, look["queries"])
        rows.append((n, raw, imp, ratio, look, ours, theirs, start, key_p99))
        print(
            f"   {n:>9,} contacts: import {imp['contacts_s']:.1f} + {imp['calls_s']:.1f} s"
            f" = {ratio:.1f}x raw .import ({raw:.1f} s); peak {imp['contacts_mb']:.0f} /"
            f" {imp['calls_mb']:.0f} MB; book {imp['book_mb']:.0f} MB", flush=True,
        )  # fmt: skip
        print(
            f"   {'':>9}           lookup mean {look['mean']:.2f} ms, p99 {look['p99']:.2f} ms,"
            f" {look['lookup_mb']:.0f} MB; `coach lookup {name_query!r}` {ours:.0f} ms vs fzf"
            f" {theirs:.0f} ms ({ours / theirs:.2f}x); app ready {start:.2f} s, key p99"
            f" {key_p99:.1f} ms", flush=True,
        )  # fmt: skip
    print("   per kind (mean ms / p99 ms / top-1), by size:")
    kinds = list(rows[0][4]["per_kind"])
    for kind in kinds:
        cells = "  ".join("{:5.2f} {:6.2f} {:5.1%}".format(*r[4]["per_kind"][kind]) for r in rows)
        print(f"   {kind:18} {cells}")
    print("   how each figure grows:")
    per_row = [(r[2]["contacts_s"] + r[2]["calls_s"]) / r[0] * 1e6 for r in rows]
    print(f"     import time per contact (us): {', '.join(f'{v:.0f}' for v in per_row)}"
          " (flat = linear)")  # fmt: skip
    print(f"     lookup mean: {_growth([r[4]['mean'] for r in rows], sizes)}")
    print(f"     lookup p99: {_growth([r[4]['p99'] for r in rows], sizes)}")
    print(f"     import peak memory: {_growth([r[2]['calls_mb'] for r in rows], sizes)}")


if __name__ == "__main__":
    main()
