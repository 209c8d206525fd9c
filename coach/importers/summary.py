"""What an import did, and what it could not use."""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, overload

#: Called with (rows read so far, rows expected); the CLI turns it into a progress bar.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Problem:
    """One row (or cell) that could not be used, with where it is: ``file:line[:column]``."""

    where: str
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        verb = "skipped" if self.skipped else "note"
        return f"{self.where}: {verb}: {self.reason}"


class Problems:
    """One import's problems in the order found. The first :attr:`kept` are held; the rest
    wait in a temporary file of this process (owner-only, removed when closed): a file of
    a million rows with a problem on each costs no more memory than one with a few."""

    def __init__(self, found: Iterable[Problem] = (), kept: int = 1000) -> None:
        self.kept = kept
        self._held: list[Problem] = []
        self._spill: IO[str] | None = None
        self._count = 0
        self.skipped = 0
        self.extend(found)

    def append(self, problem: Problem) -> None:
        self._count += 1
        self.skipped += problem.skipped
        if len(self._held) < self.kept:
            self._held.append(problem)
            return
        if self._spill is None:
            # Lives as long as the report (see close); a context manager cannot span that.
            self._spill = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._spill.write(json.dumps([problem.where, problem.reason, problem.skipped]) + "\n")

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> Problems:
        self.extend(problems)
        return self

    def __iter__(self) -> Iterator[Problem]:
        yield from self._held
        spill, at = self._spill, 0
        while spill is not None:
            spill.flush()
            spill.seek(at)
            lines = [line for _, line in zip(range(1000), iter(spill.readline, ""), strict=False)]
            at = spill.tell()
            spill.seek(0, 2)  # appends go on at the end, whatever was read
            if not lines:
                return
            for line in lines:
                where, reason, skipped = json.loads(line)
                yield Problem(where, reason, skipped)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, at: int) -> Problem: ...
    @overload
    def __getitem__(self, at: slice) -> list[Problem]: ...
    def __getitem__(self, at: int | slice) -> Problem | list[Problem]:
        if isinstance(at, slice):
            if (at.start or 0) < 0 or (at.stop or 0) < 0 or at.step is not None:
                return list(self)[at]
            return list(itertools.islice(self, at.start, at.stop))
        if 0 <= at < len(self._held):
            return self._held[at]
        return list(self)[at]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Problems | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Problems({self[:5]!r}{' …' if len(self) > 5 else ''}, {len(self)} in all)"

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None


@dataclass(slots=True)
class ImportReport:
    """Counts of what landed, and the problems found along the way."""

    path: str
    kind: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: Problems = field(default_factory=Problems)
    #: How the file was decoded; said in the summary when it was not UTF-8.
    encoding: str = "utf-8"

    @property
    def skipped(self) -> int:
        return self.problems.skipped

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        said = f"{self.path}: {self.kind}: " + ", ".join(parts)
        if self.encoding.startswith("utf-16"):
            said += " (read as UTF-16, the encoding it is saved in)"
        elif not self.encoding.startswith("utf-8"):
            said += f" (read as {self.encoding}: the file is not UTF-8)"
        return said
