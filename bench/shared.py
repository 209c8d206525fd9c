"""The shared book: the app's write path while another process imports 200,000 touches.

The app's writes go through :class:`coach.writes.WriteQueue` (its writer thread, its busy
timeout, its retries). Here the same queue saves a note every 20 ms, each a new text,
while ``coach import calls`` runs as a second process on the same book. Printed: how long
the import took, the longest and the 99th-percentile wait of a note save (asked to
landed), and what was lost: notes whose last text is not in the book, imported rows the
import reported but the book does not hold. Both must be 0.

``python -m bench.shared [--touches N]``; also part of ``make bench``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from coach.book import Book
from coach.demo import BookSize, write_book_csv
from coach.writes import WriteQueue

COACH = str(Path(sys.executable).with_name("coach"))
NOTE_EVERY_S = 0.02


def shared_book(touches: int = 200_000, contacts: int = 5_000) -> dict[str, float]:
    print(f"== Shared book: note saves every {NOTE_EVERY_S * 1000:.0f} ms while another")
    print(f"   process imports {touches:,} touches into the same book")
    with tempfile.TemporaryDirectory(prefix="coach-shared-") as tmp:
        folder = Path(tmp)
        write_book_csv(folder, BookSize(contacts, touches), seed=11)
        book = folder / "book.db"
        subprocess.run(
            [COACH, "import", "contacts", str(folder / "contacts.csv"), "--db", str(book)],
            capture_output=True,
            check=True,
        )
        with Book.open_readonly(book) as reader:
            before = reader.count_touches()
            ids = list(reader.contacts(list(range(1, 201))))  # 200 contacts take notes
        waits: list[float] = []
        said: list[str] = []
        last_text: dict[int, str] = {}
        lock = threading.Lock()
        queue = WriteQueue(
            Book.open(book, wait=2.0),
            report=lambda kind, text: said.append(f"{kind}: {text}"),
        )

        def save(n: int) -> None:
            cid = ids[n % len(ids)]
            text = f"note {n} for {cid}"
            asked = time.perf_counter()

            def landed(_: object) -> None:
                with lock:
                    waits.append(time.perf_counter() - asked)

            last_text[cid] = text
            queue.submit(
                lambda s: s.set_notes(cid, text), label=f"note {n}", key=("n", cid), done=landed
            )

        started = time.perf_counter()
        importer = subprocess.Popen(
            [COACH, "import", "calls", str(folder / "calls.csv"), "--db", str(book)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        n = 0
        while importer.poll() is None:
            save(n)
            n += 1
            time.sleep(NOTE_EVERY_S)
        import_s = time.perf_counter() - started
        for _ in range(25):  # and a little after, once the book is free again
            save(n)
            n += 1
            time.sleep(NOTE_EVERY_S)
        out, err = importer.communicate()
        assert queue.flush(120), "note saves never landed"
        queue.close()
        added = int(out.split(": ")[-1].split(" added")[0].split()[-1]) if " added" in out else -1
        with Book.open_readonly(book) as reader:
            held = reader.count_touches() - before
            notes = reader.contacts(list(last_text))
        lost_notes = sum(1 for cid, text in last_text.items() if notes[cid].notes != text)
        lost_rows = added - held if added >= 0 else -1
    waits.sort()
    worst = waits[-1] if waits else 0.0
    p99 = waits[int(len(waits) * 0.99) - 1] if len(waits) >= 100 else worst
    busy = sum(1 for s in said if s.startswith("waiting"))
    print(f"   import: {import_s:.1f} s, exit {importer.returncode}; {added:,} touches added")
    if importer.returncode not in (0, 1):
        print(f"   import error: {err.strip()[:300]}")
    print(
        f"   note saves: {n} asked, {len(waits)} landed callbacks (a newer text replaces a"
        " waiting one)"
    )
    print(
        f"   wait of a note save: median {statistics.median(waits) * 1000:.1f} ms,"
        f" p99 {p99 * 1000:.0f} ms, longest {worst * 1000:.0f} ms; 'book busy' said {busy}x"
    )
    print(f"   lost: {lost_notes} notes, {lost_rows} imported rows (goal: 0 and 0)")
    return {"longest_wait_s": worst, "lost_notes": lost_notes, "lost_rows": lost_rows}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(prog="python -m bench.shared")
    ap.add_argument("--touches", type=int, default=200_000)
    shared_book(ap.parse_args().touches)
