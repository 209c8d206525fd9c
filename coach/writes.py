"""The app's writes, off the UI thread, in order, and never lost to a busy or full disk.

A rep types notes and logs callbacks while other programs use the same book: an import
holds the write lock for a moment, a backup reads, a script logs a call. Every write the
app makes goes through one :class:`WriteQueue`: a thread that owns the writer connection
and runs each job in the order it was asked for. A job that finds the book busy (another
program's lock outlasted the busy timeout) or the disk full is kept, said once, and tried
again until it lands; the rep's text stays in memory meanwhile. A later job with the
same ``key`` (the notes of one contact, saved on every keystroke) replaces a waiting one.

Nothing here knows about the UI: the app passes ``report`` (what to tell the rep) and a
``call`` that runs a callback on its own thread.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from coach.book import Book, BookError, is_busy, is_full
from coach.errors import UserError

#: Seconds between tries while the book stays busy or the disk stays full.
RETRY_S = 0.5


@dataclass
class _Job:
    label: str
    fn: Callable[[Book], Any]
    done: Callable[[Any], None] | None


class WriteQueue:
    """One writer thread over one writer :class:`Book`.

    ``report(kind, text)`` is called from the writer thread with kind ``"waiting"`` (the
    book is busy or the disk full: the write is kept and retried), ``"saved"`` (a write
    that had to wait landed) or ``"error"`` (a write that cannot ever land, e.g. a
    programming error: dropped after saying so). ``call(fn, *args)`` runs ``done``
    callbacks where the caller wants them (the app's UI thread).
    """

    def __init__(
        self,
        writer: Book,
        report: Callable[[str, str], None],
        call: Callable[..., Any] | None = None,
        retry_s: float = RETRY_S,
    ) -> None:
        self.writer = writer
        self._report = report
        self._call = call or (lambda fn, *args: fn(*args))
        self._retry_s = retry_s
        self._jobs: OrderedDict[Hashable, _Job] = OrderedDict()
        self._lock = threading.Condition()
        self._busy = False  # a job is running (taken off the queue)
        self._closing = False
        self._seq = 0
        #: What the last failed try said, while a job waits ("" when none waits).
        self.waiting = ""
        self._thread = threading.Thread(target=self._run, name="coach-writer", daemon=True)
        self._thread.start()

    # ---------------------------------------------------------------- asking
    def submit(
        self,
        fn: Callable[[Book], Any],
        *,
        label: str,
        key: Hashable | None = None,
        done: Callable[[Any], None] | None = None,
    ) -> None:
        """Run ``fn(writer)`` on the writer thread, after every job asked for before it.

        ``done(result)`` follows on the caller's thread (through ``call``). With ``key``,
        a job still waiting under the same key is replaced (its place in line is kept).
        """
        with self._lock:
            if self._closing:
                raise RuntimeError("the write queue is closed")
            if key is None:
                self._seq += 1
                key = ("job", self._seq)
            # A key already waiting keeps its place in line, with the newest job.
            self._jobs[key] = _Job(label, fn, done)
            self._lock.notify_all()

    def pending(self) -> list[str]:
        """Labels of the writes not yet in the book (waiting or running)."""
        with self._lock:
            return [j.label for j in self._jobs.values()] + (["(running)"] if self._busy else [])

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every write asked for so far is in the book; False on time-out."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            while self._jobs or self._busy:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._lock.wait(left)
        return True

    def close(self, timeout: float = 10.0) -> list[str]:
        """Finish what is queued (for at most ``timeout`` s), stop the thread and close the
        writer. Returns the labels of writes that could not be saved in that time."""
        self.flush(timeout)
        with self._lock:
            self._closing = True
            left = [j.label for j in self._jobs.values()]
            self._jobs.clear()
            self._lock.notify_all()
        self._thread.join(timeout=max(timeout, 1.0))
        if not self._thread.is_alive():
            self.writer.close()
        return left

    # --------------------------------------------------------------- working
    def _take(self) -> tuple[Hashable, _Job] | None:
        with self._lock:
            while not self._jobs and not self._closing:
                self._lock.wait()
            if self._closing and not self._jobs:
                return None
            key, job = next(iter(self._jobs.items()))
            self._busy = True
            return key, job

    def _run(self) -> None:
        while (taken := self._take()) is not None:
            key, job = taken
            result, error = self._attempt(key, job)
            with self._lock:
                # A newer job under the same key may have replaced this one meanwhile.
                if self._jobs.get(key) is job:
                    del self._jobs[key]
                self._busy = False
                self._lock.notify_all()
            if error is not None:
                self._report("error", f"Not saved ({job.label}): {error}")
            elif job.done is not None:
                self._call(job.done, result)

    def _attempt(self, key: Hashable, job: _Job) -> tuple[Any, str | None]:
        """Run one job until it lands; (result, None), or (None, why) if it never can."""
        said = ""
        while True:
            with self._lock:
                current = self._jobs.get(key, job)
                closing = self._closing
            job = current
            try:
                result = job.fn(self.writer)
            except BookError as exc:
                if not (is_busy(exc) or is_full(exc)) or closing:
                    return None, str(exc)
                why = (
                    "the disk is full"
                    if is_full(exc)
                    else "the book is busy (another program is writing to it)"
                )
                self.waiting = why
                if why != said:
                    self._report("waiting", f"Not saved yet: {why}. Kept; trying again.")
                    said = why
                with self._lock:
                    self._lock.wait(self._retry_s)
                continue
            except UserError as exc:  # the core refused the entry: say why, in its words
                return None, str(exc)
            except Exception as exc:  # a bug: say it, drop the job, keep the app alive
                return None, f"{type(exc).__name__}: {exc}"
            if said:
                self.waiting = ""
                self._report("saved", f"Saved: {job.label}.")
            return result, None
