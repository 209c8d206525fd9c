"""The score card: detector verdicts weighted by a rubric, with tips and the rep's overrides."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple

from coach.practice import detectors
from coach.practice.analysis import Analysis
from coach.practice.detectors import Brief, Verdict
from coach.practice.transcript import Turn

IDENTIFY_LIMIT = 30.0  # seconds: a rep who needs longer should ask which company sooner


@cache
def _texts() -> dict[str, dict[str, str]]:
    raw = files("coach").joinpath("data/rubric.toml").read_text(encoding="utf-8")
    return {k: dict(v) for k, v in tomllib.loads(raw).items()}


def label(item: str) -> str:
    return _texts().get(item, {}).get("label", item.replace("_", " "))


def default_tip(item: str) -> str:
    return _texts().get(item, {}).get("tip", "")


class ItemScore(NamedTuple):
    key: str
    label: str
    passed: bool
    evidence: str | None
    tip: str
    weight: float
    overridden: bool = False
    #: False: did not apply to this conversation (see :class:`Verdict`); not in the score.
    needed: bool = True

    @property
    def detected(self) -> bool:
        """What the detector said, before any override."""
        return self.passed != self.overridden


class ScoreCard(NamedTuple):
    items: tuple[ItemScore, ...]
    score: int

    def as_json(self) -> dict[str, Any]:
        return {
            "items": {
                i.key: {
                    "passed": i.passed,
                    "evidence": i.evidence,
                    "tip": i.tip,
                    "weight": i.weight,
                    "overridden": i.overridden,
                    "needed": i.needed,
                }
                for i in self.items
            },
            "score": self.score,
        }

    def override(self, key: str, passed: bool) -> ScoreCard:
        """The rep says the detector got an item wrong; the card keeps both. An item that
        did not apply stays as it is: there is nothing to score."""
        items = tuple(
            i._replace(passed=passed, overridden=passed != i.detected)
            if i.key == key and i.needed
            else i
            for i in self.items
        )
        return ScoreCard(items, _total(items))


def _total(items: Sequence[ItemScore]) -> int:
    weight = sum(i.weight for i in items if i.needed)
    earned = sum(i.weight for i in items if i.passed and i.needed)
    return round(100 * earned / weight) if weight else 0


def _tip(item: str, verdict: Verdict, tips: Mapping[str, str]) -> str:
    if item == "specific_time" and verdict.pending and not verdict.passed:
        return _texts()["specific_time"]["unaccepted"].format(when=verdict.pending)
    if item == "specific_time" and verdict.vague and not verdict.passed:
        said = ", ".join(f'"{v}"' for v in verdict.vague[:3])
        return _texts()["specific_time"]["vague"].format(vague=said)
    return tips.get(item) or default_tip(item)


def score(
    turns: Sequence[Turn],
    rep: str,
    brief: Brief,
    weights: Mapping[str, float] | None = None,
    tips: Mapping[str, str] | None = None,
    identify_seconds: float | None = None,
    identify_limit: float = IDENTIFY_LIMIT,
    overrides: Mapping[str, bool] | None = None,
    analysis: Analysis | None = None,
) -> ScoreCard:
    """Score a conversation. ``weights`` picks the items (default: the kind's, weight 1);
    ``analysis``: the conversation already read (:func:`~coach.practice.analysis.analyse`)."""
    if weights is None:
        kind_items = (
            detectors.CALLBACK_ITEMS if brief.kind == "callback" else detectors.MEETING_ITEMS
        )
        weights = dict.fromkeys(kind_items, 1.0)
    verdicts = detectors.detect(
        turns, rep, brief, [k for k in weights if k != "time_to_identify"], analysis
    )
    if "time_to_identify" in weights:
        verdicts["time_to_identify"] = detectors.time_to_identify(identify_seconds, identify_limit)
    items = [
        ItemScore(
            key,
            label(key),
            v.passed,
            v.evidence,
            _tip(key, v, tips or {}),
            weights[key],
            needed=v.needed,
        )
        for key, v in verdicts.items()
    ]
    card = ScoreCard(tuple(items), _total(items))
    for key, passed in (overrides or {}).items():
        card = card.override(key, passed)
    return card
