"""Parse in a second process while this one writes: large imports use both cores.

Reading and cleaning rows is Python work; writing them is SQLite work. Run from the
command line (one thread), the parsing generator runs in a forked child that hands
batches back through a queue; the parent resolves and writes. Where forking is unsafe
(other threads are running, as in the app) or unavailable, it simply runs in-process.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
_DONE = "__coach_parse_done__"
#: Rows per hand-over; big enough to amortise pickling, small enough to overlap well.
CHUNK = 2000
#: Below this many rows a second process costs more than it saves.
MIN_ROWS = 20_000


def parallel(produce: Callable[[], Iterable[T]], expected_rows: int) -> Iterator[T]:
    """Yield what ``produce()`` yields, produced in a forked child when that pays off.

    Exceptions raised in the child (a broken CSV, say) are raised here.
    """
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if expected_rows < MIN_ROWS or not can_fork or threading.active_count() > 1:
        yield from produce()
        return
    ctx = multiprocessing.get_context("fork")
    handoff = ctx.Queue(maxsize=16)

    def child() -> None:
        try:
            items = iter(produce())
            while batch := list(islice(items, CHUNK)):
                handoff.put(batch)
            handoff.put(_DONE)
        except BaseException as exc:  # raised again in the parent
            handoff.put(exc)

    worker = ctx.Process(target=child, name="coach-import-parser", daemon=True)
    worker.start()
    try:
        while True:
            try:
                got = handoff.get(timeout=1.0)
            except queue.Empty:
                if not worker.is_alive():
                    raise RuntimeError("the import parser stopped unexpectedly") from None
                continue
            if isinstance(got, str) and got == _DONE:
                break
            if isinstance(got, BaseException):
                raise got
            yield from got
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
