"""What an import did, and what it could not use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


@dataclass(slots=True)
class ImportReport:
    """Counts of what landed, and the problems found along the way."""

    path: str
    kind: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: How the file was decoded; said in the summary when it was not UTF-8.
    encoding: str = "utf-8"

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.skipped)

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
