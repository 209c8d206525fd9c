"""Who is calling back? One query box, any input, best guess first.

Ranking is match quality plus a recency prior::

    score = quality + RECENCY_WEIGHT * 0.5 ** (days since last touch / HALF_LIFE_DAYS)

``quality`` (0-100) says how well the words or digits typed fit the contact: the mean,
over the typed words, of each word's best fit (exact 100, nickname 92, prefix 70-95,
typo 60-90, times a field weight). The recency term is the prior that a callback comes
from someone you reached recently: worth up to 20 points, halving every week. Among
comparable matches, the person touched most recently wins; a clearly better match still
beats a fresher but worse one.

The search runs in two steps, both against SQLite indexes (see :mod:`coach.db`):
candidates are gathered per typed word (exact terms with nicknames, prefixes, and typo
neighbours through a symmetric-delete index), then the best few hundred are scored
exactly against all of their own terms.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from coach import nicknames
from coach.db import FUZZY_MIN_LEN, Store, TermRow
from coach.models import Contact, Touch
from coach.phones import DEFAULT_REGION, format_human, looks_like_phone, query_keys
from coach.text import deletes, words

RECENCY_WEIGHT = 20.0
HALF_LIFE_DAYS = 7.0
FIELD_WEIGHT = {"first": 1.0, "last": 1.0, "company": 0.95, "email": 0.9}
FIELD_LABEL = {"first": "first name", "last": "surname", "company": "company", "email": "email"}
#: Rows fetched per typed word, most recently touched first.
CANDIDATE_CAP = 3000
#: Candidates scored exactly after the first pass.
RESCORE = 200
#: Fewer literal rows than this and typo neighbours are searched too.
FUZZY_WHEN_FEWER = 25
#: A single word this short is matched among the most recently touched contacts only.
SHORT = 2
RECENT_POOL = 2000
MIN_QUALITY = 40.0
#: Typed numbers at least this long must match a stored number, or nothing is shown.
FULL_NUMBER_DIGITS = 7


@dataclass(frozen=True, slots=True)
class Fit:
    """How one typed word fits one contact: quality and the reason shown to the rep."""

    quality: float
    why: str


@dataclass(slots=True)
class Hit:
    """One ranked answer, with everything the rep needs to sound prepared."""

    contact: Contact
    score: float
    quality: float
    why: list[str]
    last_touch: Touch | None = None
    phones_human: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        t = self.last_touch
        return {
            "id": self.contact.id,
            "name": self.contact.name,
            "company": self.contact.company,
            "title": self.contact.title,
            "phones": self.phones_human,
            "email": self.contact.email,
            "last_touch": None
            if t is None
            else {
                "when": iso(t.ts),
                "kind": t.kind,
                "outcome": t.outcome,
                "reason": t.reason,
                "message": t.message,
            },
            "touches": self.contact.touch_count,
            "score": round(self.score, 1),
            "why": "; ".join(self.why),
        }


@dataclass(slots=True)
class Result:
    """The answer to one query. ``new_caller`` means a full number that is not in the book."""

    query: str
    hits: list[Hit]
    is_number: bool = False
    new_caller: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "new_caller": self.new_caller,
            "hits": [h.to_json() for h in self.hits],
        }


def iso(ts: int) -> str:
    """Local time, ISO 8601 with offset, to the minute."""
    from datetime import datetime

    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="minutes")


def word_fit(word: str, term: str, field_name: str) -> Fit | None:
    """How well a typed word fits one indexed term of a contact, or None."""
    weight = FIELD_WEIGHT.get(field_name, 0.8)
    label = FIELD_LABEL.get(field_name, field_name)
    if term == word:
        return Fit(100 * weight, f"{label} {term}")
    if field_name == "first" and term in nicknames.equivalents(word):
        return Fit(92 * weight, f"nickname {word} → {term}")
    if term.startswith(word):
        return Fit((70 + 25 * len(word) / len(term)) * weight, f"{label} {term} (starts {word})")
    if len(word) >= FUZZY_MIN_LEN:
        limit = 1 if len(word) <= 5 else 2
        dist = Levenshtein.distance(word, term, score_cutoff=limit)
        if dist <= limit:
            sim = 1 - dist / max(len(word), len(term))
            return Fit((60 + 30 * sim) * weight, f"{label} {term} ≈ {word}")
        if len(term) > len(word):
            head = term[: len(word)]
            if Levenshtein.distance(word, head, score_cutoff=1) <= 1:
                sim = len(word) / len(term)
                return Fit((55 + 25 * sim) * weight, f"{label} {term} ≈ {word}…")
    return None


class Lookup:
    """Answers queries against one open :class:`Store`. Cheap to create; holds no index."""

    def __init__(self, store: Store, region: str = DEFAULT_REGION) -> None:
        self.store = store
        self.region = region

    def search(self, query: str, limit: int = 10, now: float | None = None) -> Result:
        """Best matches for ``query``, highest score first."""
        now = time.time() if now is None else now
        text = query.strip()
        if not text:
            return Result(query, [])
        if looks_like_phone(text):
            return self._by_number(query, text, limit, now)
        return self._by_words(query, words(text), limit, now)

    # ------------------------------------------------------------ by number
    def _by_number(self, query: str, text: str, limit: int, now: float) -> Result:
        keys = query_keys(text, self.region)
        typed = keys[0] if keys else ""
        fits: dict[int, Fit] = {}
        recency: dict[int, int] = {}

        def offer(cid: int, fit: Fit, ts: int) -> None:
            recency[cid] = ts
            if cid not in fits or fit.quality > fits[cid].quality:
                fits[cid] = fit

        for key in keys:
            for cid, stored, ts in self.store.phones_ending(key, CANDIDATE_CAP):
                if stored == key or len(key) >= 10:
                    offer(cid, Fit(100 if stored == key else 99, f"caller ID is:{stored}"), ts)
                elif len(key) >= FULL_NUMBER_DIGITS:
                    offer(cid, Fit(95, f"last {len(key)} digits match:{stored}"), ts)
                else:
                    offer(cid, Fit(72 + 3 * len(key), f"ends {key}:{stored}"), ts)
        if len(typed) < FULL_NUMBER_DIGITS:
            for cid, nsn, ts in self.store.phones_starting(typed, CANDIDATE_CAP):
                quality = 70 + 3 * len(typed) * len(typed) / max(len(nsn), 1)
                offer(cid, Fit(quality, f"starts {typed}:{nsn}"), ts)
        if not fits and len(typed) >= FULL_NUMBER_DIGITS:
            return Result(query, [], is_number=True, new_caller=True)
        ranked = sorted(
            ((fit.quality + self._prior(recency[cid], now), cid) for cid, fit in fits.items()),
            reverse=True,
        )[:limit]
        hits: list[tuple[int, float, float, list[str]]] = [
            (cid, score, fits[cid].quality, []) for score, cid in ranked
        ]
        found = self._hydrate(hits, now)
        for hit in found:
            hit.why.insert(0, self._number_why(hit.contact, fits[hit.contact.id].why))
        return Result(query, found, is_number=True)

    def _number_why(self, contact: Contact, matched: str) -> str:
        """ "mobile (952) 555-0188" for the stored number the digits matched."""
        how, _, stored = matched.partition(":")
        for phone in contact.phones:
            if phone.digits == stored or phone.national == stored:
                return f"{how} {phone.label} {format_human(phone, self.region)}"
        return f"{how} {stored}"

    # ------------------------------------------------------------- by words
    def _by_words(self, query: str, typed: list[str], limit: int, now: float) -> Result:
        if not typed:
            return Result(query, [])
        phone_words = [w for w in typed if w.isdigit() and len(w) >= 3]
        text_words = [w for w in typed if w not in phone_words]
        provisional: dict[int, dict[str, Fit]] = {}
        recency: dict[int, int] = {}
        if len(typed) == 1 and len(typed[0]) <= SHORT and not phone_words:
            for cid in self.store.recent_contact_ids(RECENT_POOL):
                provisional.setdefault(cid, {})
        for word in text_words:
            if len(word) == 1 and len(typed) > 1:
                continue  # an initial ("mike g") narrows the others; it does not gather
            for row in self._candidates(word):
                recency[row.contact_id] = row.recency
                fit = word_fit(word, row.term, row.field)
                if fit is None:
                    continue
                best = provisional.setdefault(row.contact_id, {})
                if word not in best or fit.quality > best[word].quality:
                    best[word] = fit
        for word in phone_words:
            for cid, _, ts in self.store.phones_ending(word, CANDIDATE_CAP):
                recency[cid] = ts
                provisional.setdefault(cid, {})[word] = Fit(80, f"number ends {word}")
        if not provisional:
            return Result(query, [])
        if any(cid not in recency for cid in provisional):
            recency.update(self.store.recency_of([c for c in provisional if c not in recency]))

        def rough(cid: int) -> float:
            got = provisional[cid]
            return sum(f.quality for f in got.values()) / len(typed) + self._prior(
                recency[cid], now
            )

        shortlist = sorted(provisional, key=rough, reverse=True)[:RESCORE]
        exact = self._rescore(shortlist, text_words, phone_words, provisional)
        ranked = sorted(
            (
                (quality + self._prior(recency[cid], now), quality, cid)
                for cid, (quality, _) in exact.items()
                if quality >= MIN_QUALITY
            ),
            reverse=True,
        )[:limit]
        hits = [(cid, score, quality, exact[cid][1]) for score, quality, cid in ranked]
        return Result(query, self._hydrate(hits, now))

    def _candidates(self, word: str) -> list[TermRow]:
        exact = [word, *sorted(nicknames.equivalents(word))]
        rows = self.store.term_rows(exact, CANDIDATE_CAP)
        if len(word) > SHORT:
            rows += self.store.prefix_rows(word, CANDIDATE_CAP)
        if len(word) >= FUZZY_MIN_LEN and len(rows) < FUZZY_WHEN_FEWER:
            near = [t for t in self.store.similar_terms({word} | deletes(word)) if t != word]
            rows += self.store.term_rows(near, CANDIDATE_CAP)
        return rows

    def _rescore(
        self,
        ids: list[int],
        text_words: list[str],
        phone_words: list[str],
        provisional: dict[int, dict[str, Fit]],
    ) -> dict[int, tuple[float, list[str]]]:
        """Exact quality of each shortlisted contact against all of its own terms."""
        terms = self.store.terms_of(ids)
        n = len(text_words) + len(phone_words)
        out: dict[int, tuple[float, list[str]]] = {}
        for cid in ids:
            total, why = 0.0, []
            for word in text_words:
                best: Fit | None = None
                for term, fld in terms.get(cid, ()):
                    fit = word_fit(word, term, fld)
                    if fit is not None and (best is None or fit.quality > best.quality):
                        best = fit
                if best is not None:
                    total += best.quality
                    why.append(best.why)
            for word in phone_words:
                if word in provisional[cid]:
                    total += provisional[cid][word].quality
                    why.append(provisional[cid][word].why)
            out[cid] = (total / n if n else 0.0, why)
        return out

    @staticmethod
    def _prior(last_touch_ts: int, now: float) -> float:
        if last_touch_ts <= 0:
            return 0.0
        days = max(now - last_touch_ts, 0) / 86400
        return float(RECENCY_WEIGHT * 0.5 ** (days / HALF_LIFE_DAYS))

    def _hydrate(self, hits: list[tuple[int, float, float, list[str]]], now: float) -> list[Hit]:
        ids = [cid for cid, *_ in hits]
        contacts = self.store.contacts(ids)
        last = self.store.last_touches(ids)
        out = []
        for cid, score, quality, why in hits:
            contact = contacts[cid]
            reasons = list(why)
            if contact.last_touch_ts:
                reasons.append(f"touched {ago(contact.last_touch_ts, now)}")
            out.append(
                Hit(
                    contact=contact,
                    score=score,
                    quality=quality,
                    why=reasons,
                    last_touch=last.get(cid),
                    phones_human=[format_human(p, self.region) for p in contact.phones],
                )
            )
        return out


def ago(ts: int, now: float) -> str:
    """ "today", "yesterday", "3 days ago", "5 weeks ago"."""
    days = int(max(now - ts, 0) // 86400)
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"
