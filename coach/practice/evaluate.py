"""Measure the detectors against a labelled corpus (``tests/core/corpus/endings.toml``).

Used by the test suite (accuracy floors) and ``make bench`` (the printed figures).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.practice import detectors, transcript
from coach.practice.detectors import Brief


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else 1.0

    def add(self, truth: bool, got: bool, case: str) -> None:
        if truth and got:
            self.tp += 1
        elif got:
            self.fp += 1
            self.wrong.append(f"{case} (false pass)")
        elif truth:
            self.fn += 1
            self.wrong.append(f"{case} (missed)")
        else:
            self.tn += 1


def load(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as f:
        return list(tomllib.load(f)["case"])


def evaluate(cases: list[dict[str, Any]]) -> dict[str, Counts]:
    """Per item: true/false passes and misses of the detectors against the labels. A case
    holds its ``transcript`` as text ("Rep:" lines), or ``turns`` already split with the
    seller's speaker name in ``rep``."""
    results: dict[str, Counts] = {}
    for case in cases:
        turns = case.get("turns") or transcript.parse_plain(case["transcript"], case["id"])
        kind = case.get("kind", "meeting_end")
        brief = Brief(kind, tuple(case.get("issues", ())), case.get("reason", ""), "", "")
        expect: dict[str, bool] = case["expect"]
        rep = case.get("rep") or transcript.pick_rep(turns)  # as `coach score` picks it
        verdicts = detectors.detect(turns, rep, brief, list(expect))
        for item, truth in expect.items():
            results.setdefault(item, Counts()).add(truth, verdicts[item].passed, case["id"])
    return results
