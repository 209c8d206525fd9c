"""Reading spoken sentences: splitting, questions, and the ideas a sentence carries.

The detectors are deterministic: they match words and patterns, so every verdict can quote
the words that earned it. Synonym groups live in ``data/concepts.toml``.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from typing import NamedTuple

_SENTENCE_END = re.compile(r"(?<=[.?!])[\"')\]]*\s+(?=\S)|\s*\n\s*")
_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_LEAD_IN = (
    r"(?:(?:so|and|ok|okay|well|then|now|alright|all\s+right|great|perfect|cool|um+|uh+|got\s+it|"
    r"hey|also|but|just|look|listen|quick\s+question|one\s+last\s+thing|last\s+thing|"
    r"before\s+we\s+(?:go|wrap\s+up|hang\s+up)|honestly|[a-z]+(?=,))\s*[,:—–-]?\s+)*"
)
_AUX = (
    r"(?:(?:are|is|am|do|does|did|would|could|can|will|should|shall|have|has|may|might)\s+"
    r"(?:you|i|we|it|this|that|there|they|he|she|your|the|thursday|monday|tuesday|wednesday|"
    r"friday|tomorrow|next)|(?:how|what|which|who|when|where|why)(?:'s|\s+(?:do|does|did|is|"
    r"are|was|were|would|could|can|will|should|about|else|time|day|company|works?)))"
)
_QUESTION_START = re.compile(
    rf"^{_LEAD_IN}(?:{_AUX}\b|(?:is\s+)?that\s+(?:right|correct|accurate|fair)\b|"
    r"(?:want|wanna|fancy|care)\s+(?:me|us|to)\b|mind\s+if\b|"  # "want me to send a quote"
    r"(?:where|how\s+(?:often|many|much|long|come|big|soon)|what\s+kind|which\s+\w+)\b)",
    re.IGNORECASE,
)
_TAG_QUESTION = re.compile(
    r"(?:,|\s)\s*(?:right|yes|yeah|correct|no|ok|okay|true|fair|agreed)\s*\?\s*$", re.IGNORECASE
)
_ASSERTING = re.compile(
    r"^(?:so\s+|and\s+|well\s+|look\s+|ok\s+|okay\s+)?(?:i'?m\s+sure|i\s+know|i\s+assume|i\s+bet|"
    r"obviously|clearly|of\s+course|i\s+take\s+it|i\s+can\s+tell|i\s+can\s+see|i\s+think|"
    r"i\s+guess|i\s+figure|i\s+gather|sounds\s+like|seems\s+like|looks\s+like|"
    r"it\s+sounds|it\s+seems|it\s+looks|you(?:'re|\s+are)\s+(?:clearly|obviously|definitely)|"
    r"no\s+doubt|i'?ll\s+assume|i'?m\s+guessing|great,?\s+so\s+you)\b",
    re.IGNORECASE,
)
_INDIRECT = re.compile(
    r"\b(?:wonder(?:ing)?|curious|to\s+know|like\s+to\s+ask|want\s+to\s+ask|ask(?:ing)?\s+you)"
    r"\s+(?:if|whether)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """Split an utterance into sentences (keeping their punctuation)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


_CLEFT = re.compile(
    rf"^{_LEAD_IN}what(?:'s|\s+is|\s+i'?m|\s+i\s+am|\s+we'?re)?\s+(?:[\w']+\s+){{0,3}}?is\b(?!\s+(?:it|that|this|the\s+\w+)\s*\?)",
    re.IGNORECASE,
)


def is_question(sentence: str) -> bool:
    """Whether a sentence asks something: a question mark, or the word order of a question.

    Assertions that merely end in a question mark ("I'm sure you're keen?") do not ask,
    unless they end in a tag that hands the turn over ("…, right?"); "I was wondering if…"
    asks politely.
    """
    s = sentence.strip().strip("\"'")
    if _INDIRECT.search(s):
        return True
    if _ASSERTING.match(s) or (_CLEFT.match(s) and not s.endswith("?")):
        return bool(_TAG_QUESTION.search(s))  # "so what's happening is …" tells, it asks nothing
    return s.endswith("?") or bool(_QUESTION_START.match(s))


def tag_question(sentence: str) -> bool:
    """A statement that ends by handing the turn over for a yes: "…, right?", "…, yeah?"."""
    return bool(_TAG_QUESTION.search(sentence.strip().strip("\"'")))


# ---------------------------------------------------------------- ideas (concepts)
class Concepts(NamedTuple):
    phrases: dict[tuple[str, ...], str]
    longest: int
    weak: frozenset[str]
    stop: frozenset[str]


_NUMBERS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}


def stem(word: str) -> str:
    """A light suffix-stripper: "piling" ~ "pile", "tickets" ~ "ticket", "stopped" ~ "stop"."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = _NUMBERS.get(w, w)
    for suffix in (
        "ations",
        "ation",
        "ings",
        "ing",
        "edly",
        "ied",
        "ies",
        "age",
        "ed",
        "es",
        "s",
        "e",
    ):
        if suffix == "ed" and w.endswith("eed"):
            continue  # "speed", "need", "proceed": not a past tense
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + ("y" if suffix in {"ied", "ies"} else "")
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


@cache
def concepts() -> Concepts:
    raw = files("coach").joinpath("data/concepts.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    phrases: dict[tuple[str, ...], str] = {}
    for group, members in data["groups"].items():
        for member in [group, *members]:
            key = tuple(stem(w) for w in _WORD.findall(member.lower()))
            phrases.setdefault(key, group)
    return Concepts(
        phrases,
        max(len(k) for k in phrases),
        frozenset(data["lists"]["weak"]),
        frozenset(data["lists"]["stop"]),
    )


def ideas(text: str) -> set[str]:
    """The ideas in a piece of text: synonym groups where known, else word stems."""
    table = concepts()
    words = _WORD.findall(text.lower().replace("’", "'").replace("-", " "))
    stems = [stem(w) for w in words]
    found: set[str] = set()
    i = 0
    while i < len(words):
        for n in range(min(table.longest, len(words) - i), 0, -1):
            group = table.phrases.get(tuple(stems[i : i + n]))
            if group is not None:
                found.add(group)
                i += n
                break
        else:
            if words[i] not in table.stop and len(stems[i]) >= 3 and not stems[i].isdigit():
                found.add(stems[i])
            i += 1
    return found


def overlap(issue: set[str], said: set[str]) -> float:
    """How much of an issue came back: one per shared idea, a half for a common one."""
    weak = concepts().weak
    return sum(0.5 if idea in weak else 1.0 for idea in issue & said)


def restates(issue: set[str], said: set[str]) -> bool:
    """Whether ``said`` carries enough of an issue's ideas to count as playing it back: one
    idea's worth, or all there is when the issue is made of common ideas only."""
    if not issue:
        return False
    return overlap(issue, said) >= min(1.0, overlap(issue, issue))
