"""Practice drills as data: load and check ``scenarios/*.toml`` (see scenarios/README.md).

A broken file is a :class:`~coach.errors.UserError` naming the file, line and column of the
offending key, so ``coach scenarios validate`` can say exactly what to fix, and the app can
skip that one drill and say why instead of failing to open.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import UserError
from coach.practice.detectors import ALL_ITEMS, Brief
from coach.userfile import parse_toml, read_text

KINDS = ("callback", "meeting_end")
WHEN = (
    "asked_who",
    "named_reason",
    "deferred",
    "recap",
    "checked_understanding",
    "asked_interest",
    "specific_time",
    "vague_time",
    "asked_email",
    "goodbye",
    "any",
)
BOOK_TOUCH_KINDS = ("call", "voicemail", "email", "meeting")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Persona:
    name: str
    full_name: str = ""
    company: str = ""
    role: str = ""
    temperament: str = ""
    voice: str = ""
    rate: int = 0
    #: Seconds of the rep saying nothing before the prospect reacts (0: never).
    silence: float = 0.0
    #: What they say then, in turn; a built-in "Hello? Are you still there?" when empty.
    on_silence: tuple[str, ...] = ()


@dataclass(frozen=True)
class BookTouch:
    days_ago: float
    kind: str
    reason: str = ""
    message: str = ""


@dataclass(frozen=True)
class BookContact:
    name: str
    company: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""
    caller: bool = False
    touches: tuple[BookTouch, ...] = ()


@dataclass(frozen=True)
class Reply:
    when: tuple[str, ...]
    say: str = ""
    goto: str = ""
    stay: bool = False
    end: bool = False
    #: Every way the prospect may say it (``say`` is the first): a line is never repeated.
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    id: str
    say: str
    replies: tuple[Reply, ...] = ()
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    kind: str
    difficulty: int
    persona: Persona
    steps: tuple[Step, ...]
    weights: dict[str, float]
    summary: str = ""
    reason: str = ""
    issues: tuple[str, ...] = ()
    context: str = ""
    #: What the prospect gets out of the next meeting (for the follow-up drafts).
    benefit: str = ""
    #: Issues the prospect brings up only during the call (not known going in): a drill's
    #: follow-up recaps them too, once they were said.
    raised: tuple[str, ...] = ()
    tips: dict[str, str] = field(default_factory=dict)
    book: tuple[BookContact, ...] = ()
    path: Path | None = None

    @property
    def brief(self) -> Brief:
        caller = next((c for c in self.book if c.caller), None)
        surname = caller.name.split()[-1] if caller and " " in caller.name else ""
        first = caller.name.split()[0] if caller and " " in caller.name else ""
        company = caller.company if caller else self.persona.company
        return Brief(self.kind, self.issues, self.reason, company, surname, first_name=first)

    @property
    def caller(self) -> BookContact | None:
        return next((c for c in self.book if c.caller), None)


# ------------------------------------------------------------------ locating
def _key_lines(text: str) -> dict[tuple[Any, ...], tuple[int, int]]:
    """(line, column) of every table header and key, by path ("steps", 2, "say")."""
    where: dict[tuple[Any, ...], tuple[int, int]] = {}
    counts: dict[tuple[Any, ...], int] = {}
    table: tuple[Any, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.match(r"^(\[\[?)\s*([\w.-]+)\s*\]\]?", stripped)
        if header:
            parts = header.group(2).split(".")
            path: list[Any] = []
            for n, part in enumerate(parts):
                path.append(part)
                is_array = header.group(1) == "[[" and n == len(parts) - 1
                key = tuple(path)
                if is_array:
                    counts[key] = counts.get(key, -1) + 1
                    path.append(counts[key])
                    for other in [k for k in counts if k[: len(key)] == key and k != key]:
                        del counts[other]
                elif key in counts:
                    path.append(counts[key])
            table = tuple(path)
            where.setdefault(table, (number, line.index("[") + 1))
            continue
        key_match = re.match(r"^\s*([\w-]+|\"[^\"]*\")\s*=", line)
        if key_match:
            key_name = key_match.group(1).strip('"')
            where.setdefault((*table, key_name), (number, key_match.start(1) + 1))
    return where


class _Checker:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = _key_lines(text)

    def fail(self, at: tuple[Any, ...], message: str) -> UserError:
        probe = at
        while probe and probe not in self.lines:
            probe = probe[:-1]
        line, column = self.lines.get(probe, (1, 1))
        return UserError(message, where=f"{self.path}:{line}:{column}")

    def table(self, data: Any, at: tuple[Any, ...], allowed: Iterable[str]) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(at, f"'{_name(at)}' must be a table")
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                raise self.fail(
                    (*at, key), f"unknown key '{key}' (expected one of: {', '.join(allowed)})"
                )
        return data

    def text(self, data: dict[str, Any], at: tuple[Any, ...], key: str, need: bool = False) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise self.fail((*at, key), f"'{key}' must be text in quotes")
        if need and not value.strip():
            raise self.fail((*at, key) if key in data else at, f"'{key}' is required")
        return value.strip()

    def number(
        self, data: dict[str, Any], at: tuple[Any, ...], key: str, low: float, high: float
    ) -> float:
        value = data.get(key, low)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail((*at, key), f"'{key}' must be a number")
        if not low <= value <= high:
            raise self.fail((*at, key), f"'{key}' must be between {low:g} and {high:g}")
        return float(value)

    def says(self, data: dict[str, Any], at: tuple[Any, ...], key: str) -> tuple[str, ...]:
        """A line, or a list of ways to say it."""
        value = data.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail((*at, key), f"'{key}' must be text in quotes, or a list of them")
        return tuple(dict.fromkeys(v.strip() for v in value if v.strip()))

    def flag(self, data: dict[str, Any], at: tuple[Any, ...], key: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail((*at, key), f"'{key}' must be true or false")
        return value

    def array(self, data: dict[str, Any], at: tuple[Any, ...], key: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail((*at, key), f"'{key}' must be a list ([[{_name((*at, key))}]])")
        return value


def _name(at: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in at if isinstance(p, str)) or "file"


# ------------------------------------------------------------------- parsing
def parse(text: str, path: Path) -> Scenario:
    """One drill from its TOML text; errors say file:line:column and what is wrong."""
    data = parse_toml(text, path)
    c = _Checker(path, text)
    top = c.table(
        data,
        (),
        (
            "id",
            "title",
            "kind",
            "difficulty",
            "summary",
            "persona",
            "brief",
            "book",
            "steps",
            "rubric",
        ),
    )
    ident = c.text(top, (), "id", need=True)
    if not _ID.match(ident):
        raise c.fail(("id",), "'id' must be lowercase letters, digits and dashes")
    kind = c.text(top, (), "kind", need=True)
    if kind not in KINDS:
        raise c.fail(("kind",), f"'kind' must be one of: {', '.join(KINDS)}")
    if "difficulty" not in top:
        raise c.fail((), "'difficulty' is required (1 easy, 2 medium, 3 hard)")
    difficulty = int(c.number(top, (), "difficulty", 1, 3))
    persona = _persona(c, top.get("persona"))
    brief = c.table(
        top.get("brief", {}), ("brief",), ("reason", "issues", "context", "benefit", "raised")
    )
    issues, raised = brief.get("issues", []), brief.get("raised", [])
    for key, found in (("issues", issues), ("raised", raised)):
        if not isinstance(found, list) or not all(isinstance(i, str) and i.strip() for i in found):
            raise c.fail(("brief", key), f"'{key}' must be a list of non-empty texts")
    if kind == "meeting_end" and len(issues) < 2:
        raise c.fail(
            ("brief", "issues") if "issues" in brief else ("brief",),
            "a meeting ending needs at least two issues in brief.issues",
        )
    reason = c.text(brief, ("brief",), "reason", need=kind == "callback")
    book = _book(c, top, kind)
    steps = _steps(c, top)
    weights, tips = _rubric(c, top.get("rubric"))
    return Scenario(
        id=ident,
        title=c.text(top, (), "title", need=True),
        kind=kind,
        difficulty=difficulty,
        persona=persona,
        steps=steps,
        weights=weights,
        summary=c.text(top, (), "summary"),
        reason=reason,
        issues=tuple(i.strip() for i in issues),
        context=c.text(brief, ("brief",), "context"),
        benefit=c.text(brief, ("brief",), "benefit"),
        raised=tuple(i.strip() for i in raised),
        tips=tips,
        book=book,
        path=path,
    )


def _persona(c: _Checker, raw: Any) -> Persona:
    if raw is None:
        raise c.fail((), "a [persona] table is required")
    at = ("persona",)
    p = c.table(
        raw,
        at,
        (
            "name",
            "full_name",
            "company",
            "role",
            "temperament",
            "voice",
            "rate",
            "silence",
            "on_silence",
        ),
    )
    rate = int(c.number(p, at, "rate", 80, 400)) if "rate" in p else 0
    silence = c.number(p, at, "silence", 2, 120) if "silence" in p else 0.0
    return Persona(
        name=c.text(p, at, "name", need=True),
        full_name=c.text(p, at, "full_name"),
        company=c.text(p, at, "company"),
        role=c.text(p, at, "role"),
        temperament=c.text(p, at, "temperament"),
        voice=c.text(p, at, "voice"),
        rate=rate,
        silence=silence,
        on_silence=c.says(p, at, "on_silence"),
    )


def _book(c: _Checker, top: dict[str, Any], kind: str) -> tuple[BookContact, ...]:
    entries = c.array(top, (), "book")
    if kind == "meeting_end":
        if entries:
            raise c.fail(("book",), "only callbacks have a practice [[book]]")
        return ()
    if not entries:
        raise c.fail(
            (), "a callback needs a practice book: [[book]] entries, one with caller = true"
        )
    book: list[BookContact] = []
    for n, raw in enumerate(entries):
        at = ("book", n)
        e = c.table(raw, at, ("name", "company", "title", "phone", "email", "caller", "touches"))
        touches: list[BookTouch] = []
        for m, traw in enumerate(c.array(e, at, "touches")):
            tat = (*at, "touches", m)
            t = c.table(traw, tat, ("days_ago", "kind", "reason", "message"))
            if "days_ago" not in t:
                raise c.fail(tat, "'days_ago' is required")
            touch_kind = c.text(t, tat, "kind", need=True)
            if touch_kind not in BOOK_TOUCH_KINDS:
                raise c.fail(
                    (*tat, "kind"), f"'kind' must be one of: {', '.join(BOOK_TOUCH_KINDS)}"
                )
            touches.append(
                BookTouch(
                    c.number(t, tat, "days_ago", 0, 3650),
                    touch_kind,
                    c.text(t, tat, "reason"),
                    c.text(t, tat, "message"),
                )
            )
        book.append(
            BookContact(
                name=c.text(e, at, "name", need=True),
                company=c.text(e, at, "company"),
                title=c.text(e, at, "title"),
                phone=c.text(e, at, "phone"),
                email=c.text(e, at, "email"),
                caller=c.flag(e, at, "caller"),
                touches=tuple(touches),
            )
        )
    callers = [n for n, b in enumerate(book) if b.caller]
    if len(callers) != 1:
        at = ("book", callers[1]) if len(callers) > 1 else ("book", 0)
        raise c.fail(
            at, f"exactly one [[book]] entry must have caller = true (found {len(callers)})"
        )
    return tuple(book)


#: In a reply's ``say``, the time the rep just pinned, as they said it ("Thursday at 2pm"):
#: the prospect says yes to the rep's time, never to a day of its own.
WHEN_SAID = "{when}"


def _steps(c: _Checker, top: dict[str, Any]) -> tuple[Step, ...]:
    raw_steps = c.array(top, (), "steps")
    if not raw_steps:
        raise c.fail((), "a drill needs at least one [[steps]] entry")
    steps: list[Step] = []
    seen: set[str] = set()
    gotos: list[tuple[tuple[Any, ...], str]] = []
    for n, raw in enumerate(raw_steps):
        at = ("steps", n)
        s = c.table(raw, at, ("id", "say", "replies"))
        ident = c.text(s, at, "id") or f"step-{n + 1}"
        if ident in seen:
            raise c.fail((*at, "id"), f"step id '{ident}' is used twice")
        seen.add(ident)
        replies: list[Reply] = []
        for m, rraw in enumerate(c.array(s, at, "replies")):
            rat = (*at, "replies", m)
            r = c.table(rraw, rat, ("when", "say", "goto", "stay", "end"))
            when = r.get("when")
            if isinstance(when, str):
                when = [when]
            if not isinstance(when, list) or not when:
                raise c.fail(
                    (*rat, "when") if "when" in r else rat,
                    "'when' must be a list such as [\"asked_who\"]",
                )
            for w in when:
                if w not in WHEN:
                    raise c.fail(
                        (*rat, "when"), f"unknown 'when' {w!r} (expected one of: {', '.join(WHEN)})"
                    )
            said = c.says(r, rat, "say")
            if any(WHEN_SAID in line for line in said) and "specific_time" not in when:
                raise c.fail(
                    (*rat, "say"),
                    f'{WHEN_SAID} (the time the rep named) needs when = ["specific_time"]',
                )
            reply = Reply(
                tuple(when),
                said[0] if said else "",
                c.text(r, rat, "goto"),
                c.flag(r, rat, "stay"),
                c.flag(r, rat, "end"),
                said,
            )
            if reply.stay and (reply.end or reply.goto):
                raise c.fail((*rat, "stay"), "'stay' cannot be combined with 'end' or 'goto'")
            if reply.goto:
                gotos.append(((*rat, "goto"), reply.goto))
            replies.append(reply)
        said = c.says(s, at, "say")
        steps.append(Step(ident, said[0] if said else "", tuple(replies), said))
    for at, target in gotos:
        if target not in seen:
            raise c.fail(at, f"'goto' names no step: {target!r}")
    return tuple(steps)


def _rubric(c: _Checker, raw: Any) -> tuple[dict[str, float], dict[str, str]]:
    if raw is None:
        raise c.fail((), "a [rubric] table with weights is required")
    r = c.table(raw, ("rubric",), ("weights", "tips"))
    weights_raw = c.table(r.get("weights", {}), ("rubric", "weights"), ALL_ITEMS)
    if not weights_raw:
        raise c.fail(("rubric",), "rubric.weights must name at least one item")
    weights = {k: c.number(weights_raw, ("rubric", "weights"), k, 0.1, 10) for k in weights_raw}
    tips_raw = c.table(r.get("tips", {}), ("rubric", "tips"), ALL_ITEMS)
    tips = {k: c.text(tips_raw, ("rubric", "tips"), k) for k in tips_raw}
    return weights, tips


# ------------------------------------------------------------------- finding
def bundled_dir() -> Path:
    """The drills shipped with the app: ``scenarios/`` beside the package, or installed data."""
    here = Path(__file__).resolve().parents[2] / "scenarios"
    if here.is_dir():
        return here
    return Path(sys.prefix) / "share" / "callback-coach" / "scenarios"


def user_dir() -> Path:
    from coach.locations import config_dir

    return config_dir() / "scenarios"


def load_file(path: Path) -> Scenario:
    return parse(read_text(path), path)


def files_in(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.toml"))
    if not path.exists():
        raise UserError("no such file or folder", where=str(path))
    return [path]


def check(paths: Iterable[Path]) -> Iterator[tuple[Path, Scenario | None, UserError | None]]:
    """Each file with its drill or its error (never raises for a bad file)."""
    for path in paths:
        try:
            yield path, load_file(path), None
        except UserError as exc:
            yield path, None, exc
        except OSError as exc:
            yield path, None, UserError(exc.strerror or str(exc), where=str(path))


def load_all(user: Path | None = None) -> tuple[list[Scenario], list[UserError]]:
    """Bundled drills, then the user's (which replace a bundled drill with the same id).

    Broken files are returned as errors, never raised: one bad drill must not hide the rest.
    """
    found: dict[str, Scenario] = {}
    errors: list[UserError] = []
    folders = [bundled_dir(), user if user is not None else user_dir()]
    for folder in folders:
        if not folder.is_dir():
            continue
        for _path, scenario, error in check(sorted(folder.glob("*.toml"))):
            if error is not None:
                errors.append(error)
            elif scenario is not None:
                found[scenario.id] = scenario
    return sorted(found.values(), key=lambda s: (s.kind, s.difficulty, s.title)), errors


def by_id(ident: str) -> Scenario:
    """The drill with this id (the bundled ones and the user's); UserError naming the
    known ids otherwise."""
    found, _errors = load_all()
    for s in found:
        if s.id == ident:
            return s
    known = ", ".join(s.id for s in found)
    raise UserError(f"no drill with id {ident!r} (known: {known})")
