"""Parse in other processes while this one writes: large imports use both cores.

Reading and cleaning rows is Python work; writing them is SQLite work. Run from the
command line (one thread), the rows are converted in forked children, each taking every
n-th chunk of rows, and handed back in order through queues; the parent writes. Where
forking is unsafe (other threads are running, as in the app) or unavailable, or the
file is small, everything runs in-process.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

R = TypeVar("R")
T = TypeVar("T")
_DONE = "__coach_parse_done__"
#: Rows per hand-over; big enough to amortise pickling, small enough to overlap well.
CHUNK = 2000
#: Below this many rows extra processes cost more than they save.
MIN_ROWS = 20_000


def _owned_chunks(
    rows: Iterable[R], convert: Callable[[R], Iterable[T]], k: int, n: int
) -> Iterator[list[T]]:
    """Worker ``k`` of ``n``: one list per chunk of rows it owns (chunks k, k+n, …)."""
    batch: list[T] = []
    last = -1
    for i, row in enumerate(rows):
        last = i
        if (i // CHUNK) % n != k:
            continue
        batch.extend(convert(row))
        if i % CHUNK == CHUNK - 1:
            yield batch
            batch = []
    if last >= 0 and (last // CHUNK) % n == k and last % CHUNK != CHUNK - 1:
        yield batch


def parallel(
    rows: Callable[[], Iterable[R]],
    convert: Callable[[R], Iterable[T]],
    expected_rows: int,
    workers: int = 1,
) -> Iterator[T]:
    """Yield what ``convert(row)`` yields for every row of ``rows()``, in order."""
    for batch in parallel_batches(rows, convert, expected_rows, workers):
        yield from batch


def parallel_batches(
    rows: Callable[[], Iterable[R]],
    convert: Callable[[R], Iterable[T]],
    expected_rows: int,
    workers: int = 1,
) -> Iterator[list[T]]:
    """Like :func:`parallel`, a list per chunk of rows: the consumer can skip per-row
    Python work altogether (a million rows cost seconds in generator hops alone).

    With ``workers`` forked children, child k converts chunks k, k+workers, …; each reads
    the rows itself (reading is cheap next to converting). Exceptions raised in a child
    (a broken CSV, say) are raised here.
    """
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    small = expected_rows < MIN_ROWS or workers < 1
    if small or not can_fork or threading.active_count() > 1:
        yield from _owned_chunks(rows(), convert, 0, 1)
        return
    ctx = multiprocessing.get_context("fork")
    queues: list[Any] = [ctx.Queue(maxsize=8) for _ in range(workers)]

    parent = os.getpid()

    def child(k: int) -> None:
        _die_with(parent)

        def put(item: object) -> None:
            # A parent killed with -9 never reads again: give up instead of blocking forever.
            while True:
                try:
                    queues[k].put(item, timeout=0.5)
                    return
                except queue.Full:
                    if os.getppid() != parent:
                        os._exit(1)

        try:
            for batch in _owned_chunks(rows(), convert, k, workers):
                put(batch)
            put(_DONE)
        except BaseException as exc:  # raised again in the parent
            put(exc)

    procs = [
        ctx.Process(target=child, args=(k,), name=f"coach-import-{k}", daemon=True)
        for k in range(workers)
    ]
    for p in procs:
        p.start()
    try:
        chunk = 0
        while True:
            k = chunk % workers
            got = _get(queues[k], procs[k])
            if isinstance(got, str) and got == _DONE:
                break
            if isinstance(got, BaseException):
                raise got
            yield got  # type: ignore[misc]
            chunk += 1
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join()


def _die_with(parent: int) -> None:
    """Ask Linux to kill this forked worker when its parent dies (even by kill -9), so an
    import killed mid-way leaves no orphan parsing on, holding its files open."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)


def _get(q: Any, proc: Any) -> object:
    while True:
        try:
            return q.get(timeout=1.0)
        except queue.Empty:
            if not proc.is_alive():
                raise RuntimeError("an import worker stopped unexpectedly") from None
