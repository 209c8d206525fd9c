"""Who is calling back? One query box, any input, best guess first.

Ranking is match quality plus a recency prior::

    score = quality + RECENCY_WEIGHT * 0.5 ** (days since last touch / HALF_LIFE_DAYS)

``quality`` (0-100) says how well the words or digits typed fit the contact: the mean,
over the typed words, of each word's best fit (exact 100; nickname 92, or 100 when it is
the whole query; prefix 70-95, typo 60-90; times a field weight). The recency term is the
prior that a callback comes from someone you reached recently: worth up to 20 points,
halving every week. Among comparable matches, the person touched most recently wins; a
clearly better match still beats a fresher but worse one.

The search runs in two steps, both against SQLite indexes (see :mod:`coach.book`):
candidates are gathered per typed word (exact terms with nicknames, prefixes, and typo
neighbours through a symmetric-delete index), then the best few hundred are scored
exactly against all of their own terms.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz.distance import OSA

from coach.book import FUZZY_MIN_LEN, Book, TermRow, WordMatch
from coach.lookup import nicknames
from coach.lookup.phones import DEFAULT_REGION, Phone, format_human, looks_like_phone, query_keys
from coach.lookup.terms import EMAIL_NOISE
from coach.models import Contact, Touch
from coach.text import MAX_JOINED, deletes, words

RECENCY_WEIGHT = 20.0
HALF_LIFE_DAYS = 7.0
#: A nickname's fit among other typed words ("mike castellanos"); alone it counts as exact.
NICKNAME = 92
FIELD_WEIGHT = {"first": 1.0, "last": 1.0, "company": 0.95, "email": 0.9}
FIELD_LABEL = {"first": "first name", "last": "surname", "company": "company", "email": "email"}
#: Rows fetched per typed word, most recently touched first.
CANDIDATE_CAP = 3000
#: Numbers fetched for a few typed digits beyond those of recently touched contacts.
PREFIX_CAP = 300
#: Candidates scored exactly after the first pass.
RESCORE = 60
#: A word matching fewer contacts than this gathers the candidates of a multi-word query.
FEW = 300
#: Contacts fetched per word when every typed word is common.
WORD_CAP = 5000
#: Typed words shorter than this are not matched as typos of longer names.
TYPO_MIN_LEN = 5
#: Longer typed words are cut: nobody types a 40-letter name, and work grows with length.
MAX_WORD = 40
MAX_QUERY = 200
#: Fewer literal rows than this and typo neighbours are searched too.
FUZZY_WHEN_FEWER = 25
#: A single word this short is matched among the most recently touched contacts only.
SHORT = 2
RECENT_POOL = 1000
MIN_QUALITY = 40.0
#: Typed numbers at least this long must match a stored number, or nothing is shown.
FULL_NUMBER_DIGITS = 7


class Fit(NamedTuple):
    """How one typed word fits one contact: quality and the reason shown to the rep."""

    quality: float
    why: str


class Hit(NamedTuple):
    """One ranked answer, with everything the rep needs to sound prepared."""

    contact: Contact
    score: float
    quality: float
    why: list[str]
    last_touch: Touch | None = None
    phones_human: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        t = self.last_touch
        return {
            "id": self.contact.id,
            "name": self.contact.name,
            "company": self.contact.company,
            "title": self.contact.title,
            "phones": list(self.phones_human),
            "email": self.contact.email,
            "other_emails": list(self.contact.emails),
            "nickname": self.contact.nickname,
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


#: Hits within this many points of the top one are as likely as it.
CLOSE_CALL = 5.0
#: A whole e-mail address as typed (what the word search would split into its parts).
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def close_calls(result: Result, gap: float = CLOSE_CALL) -> list[Hit]:
    """The hits as likely as the top one. More than one means the rep cannot tell yet who
    is calling ("mike" finds four Mikes touched this week), so the honest line asks."""
    if not result.hits or result.is_number:
        return result.hits[:1]
    top = result.hits[0].score
    return [h for h in result.hits if top - h.score <= gap]


class Result(NamedTuple):
    """The answer to one query. ``new_caller`` means a full number that is not in the book."""

    query: str
    hits: list[Hit]
    is_number: bool = False
    new_caller: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "new_caller": self.new_caller,
            "hits": [h.as_json() for h in self.hits],
        }


def iso(ts: int) -> str:
    """Local time, ISO 8601 with offset, to the minute."""
    from datetime import datetime

    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="minutes")


def word_fit(word: str, term: str, field_name: str, alone: bool = False) -> Fit | None:
    """How well a typed word fits one indexed term of a contact, or None. ``alone``: the
    word is the whole query."""
    weight = FIELD_WEIGHT.get(field_name, 0.8)
    label = FIELD_LABEL.get(field_name, field_name)
    if term == word:
        return Fit(100 * weight, f"{label} {term}")
    if field_name == "first" and term in nicknames.equivalents(word):
        # "This is Mike" and nothing else: any Michael may be him as much as any Mike, so
        # recency decides. With more words typed, the closer spelling still counts a little.
        return Fit((100 if alone else NICKNAME) * weight, f"nickname {word} → {term}")
    if term.startswith(word):
        return Fit((70 + 25 * len(word) / len(term)) * weight, f"{label} {term} (starts {word})")
    if len(word) >= FUZZY_MIN_LEN:
        # A typo scores at most 75: with the full recency prior (20) it still ranks below
        # an exact match of someone never touched. Four-letter names one letter apart
        # (Jill, Bill) are different people: a four-letter word may only have dropped a
        # letter ("anzl" for Anzel). Swapped neighbours count as one slip (OSA distance).
        limit = 1 if len(word) <= 5 else 2
        dist = OSA.distance(word, term, score_cutoff=limit)
        if len(word) < TYPO_MIN_LEN and len(term) != len(word) + 1:
            dist = limit + 1
        if dist <= limit:
            sim = 1 - dist / max(len(word), len(term))
            return Fit((50 + 25 * sim) * weight, f"{label} {term} ≈ {word}")
        if len(term) > len(word):
            head = term[: len(word)]
            if len(word) >= TYPO_MIN_LEN and OSA.distance(word, head, score_cutoff=1) <= 1:
                sim = len(word) / len(term)
                return Fit((45 + 25 * sim) * weight, f"{label} {term} ≈ {word}…")
    return None


class Lookup:
    """Answers queries against one open :class:`Book`. Cheap to create; holds no index."""

    def __init__(self, book: Book, region: str = DEFAULT_REGION) -> None:
        self.book = book
        self.region = region

    def format_phone(self, phone: Phone) -> str:
        """A stored number as the rep should read it, for this lookup's region."""
        return format_human(phone, self.region)

    def likely_callers(self, limit: int, now: float | None = None) -> Result:
        """Before anything is typed: the people reached most recently, newest first (they
        are who calls back). One hit each, with the touch they are likely calling about;
        nothing was typed, so nothing matched (``why`` is empty)."""
        now = time.time() if now is None else now
        touches = self.book.likely_callers(limit, now)
        contacts = self.book.contacts([t.contact_id for t in touches])
        hits = [
            Hit(
                contact=contacts[t.contact_id],
                score=0.0,
                quality=0.0,
                why=[],
                last_touch=t,
                phones_human=tuple(self.format_phone(p) for p in contacts[t.contact_id].phones),
            )
            for t in touches
        ]
        return Result("", hits)

    def search(self, query: str, limit: int = 10, now: float | None = None) -> Result:
        """Best matches for ``query``, highest score first."""
        now = time.time() if now is None else now
        text = query.strip()[:MAX_QUERY]
        if not text:
            return Result(query, [])
        if looks_like_phone(text):
            return self._by_number(query, text, limit, now)
        if "@" in text and _ADDRESS.fullmatch(text):
            # A whole address is who they are: found by the index on it, before any words
            # (at a million contacts, its words are shared by thousands).
            exact = self.book.ids_with_email(text.lower())
            if exact:
                return self._by_address(query, text.lower(), exact, limit, now)
        typed = tuple(w[:MAX_WORD] for w in words(text))
        if "@" in text:  # a whole address: its "gmail" and "com" are not what tells people apart
            typed = tuple(w for w in typed if w not in EMAIL_NOISE) or typed
        return self._by_words(query, typed, limit, now)

    def _by_address(
        self, query: str, address: str, ids: list[int], limit: int, now: float
    ) -> Result:
        recency = self.book.recency_of(ids)
        hits = sorted(
            (
                (cid, 100 + self._prior(recency.get(cid, 0), now), 100.0, [f"email {address}"])
                for cid in ids
            ),
            key=lambda h: (h[1], h[0]),
            reverse=True,
        )
        return Result(query, self._hydrate(hits[:limit], now))

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
            for cid, stored, ts in self.book.phones_ending(key, CANDIDATE_CAP):
                if stored == key or len(key) >= 10:
                    offer(cid, Fit(100 if stored == key else 99, f"caller ID is:{stored}"), ts)
                elif len(key) >= FULL_NUMBER_DIGITS:
                    offer(cid, Fit(95, f"last {len(key)} digits match:{stored}"), ts)
                else:
                    offer(cid, Fit(72 + 3 * len(key), f"ends {key}:{stored}"), ts)
        if len(typed) < FULL_NUMBER_DIGITS:
            for cid, nsn, ts in self.book.phones_starting(typed, PREFIX_CAP):
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
    def _by_words(self, query: str, typed: tuple[str, ...], limit: int, now: float) -> Result:
        if not typed:
            return Result(query, [])
        if len(typed) == 1:
            return self._one_word(query, typed[0], limit, now)
        joined = "".join(typed)
        if len(joined) <= MAX_JOINED:
            # A whole company name ("Lake Harbor Ltd."): the index holds it joined up, so
            # one exact read finds its people, instead of filtering every "ltd" there is.
            rows = [r for r in self.book.term_rows((joined,), RESCORE) if r.field == "company"]
            if rows:
                scored = self._rescore(list(dict.fromkeys(r.contact_id for r in rows)), typed, now)
                if scored:
                    return Result(query, self._hydrate(scored[:limit], now))
        matches = [self._word_match(w) for w in typed if len(w) > 1]
        ids = self._matching_all(matches)
        if len(ids) < limit:
            # Too few people match every word: also weigh those who match some of them.
            for match in matches:
                for row in self._word_rows(match, limit):
                    if row.contact_id not in ids:
                        ids.append(row.contact_id)
        scored = self._rescore(ids, typed, now)
        return Result(query, self._hydrate(scored[:limit], now))

    def _matching_all(self, matches: list[WordMatch]) -> list[int]:
        """Contacts that every typed word matches, most recently touched first.

        The rarest word gathers; the others only filter what it found (an index probe per
        candidate). Words are counted first, within :data:`WORD_CAP` index rows: counting
        reads the index alone and stops at the cap, where reading a word's rows gathers
        and sorts every one of them, so only the rarest is read. A word with digits may
        match the end of a number, which is not counted: each is read within :data:`FEW`
        rows, and one read whole gathers. When every word is more common than that (Bob
        Smith at a million contacts), each one's most recent matches are intersected:
        bounded, and right for the recent ones.
        """
        if not matches:
            return []
        if any(m.digits for m in matches):
            read = [self.book.ids_matching(m, FEW) for m in matches]
            rare = [i for i, (_, whole) in enumerate(read) if whole]  # all its matches read
            if not rare:
                return self._recent_in_all(matches)
            first = min(rare, key=lambda i: len(read[i][0]))
            return self._filtered(matches, first, read[first][0])
        counts = [self.book.count_matching(m, WORD_CAP) for m in matches]
        least = min(range(len(matches)), key=counts.__getitem__)
        if counts[least] >= WORD_CAP:
            return self._recent_in_all(matches)
        return self._filtered(matches, least)

    def _filtered(
        self, matches: list[WordMatch], first: int, rows: list[tuple[int, int]] | None = None
    ) -> list[int]:
        """The contacts word ``first`` matches (all of them: ``rows`` when already read)
        that every other word matches too, most recently touched first."""
        if rows is None:
            rows = self.book.ids_matching(matches[first], WORD_CAP)[0]
        keep = {cid for cid, _ in rows}
        for i, match in enumerate(matches):
            if i != first and keep:
                keep &= self.book.filter_ids(sorted(keep), match)
        return [cid for cid, _ in rows if cid in keep][:RESCORE]

    def _recent_in_all(self, matches: list[WordMatch]) -> list[int]:
        """Every word is common: the most recent matches of each, intersected (bounded,
        and right for the recent ones)."""
        found = [self.book.ids_matching(m, WORD_CAP)[0] for m in matches]
        keep = set.intersection(*({cid for cid, _ in f} for f in found))
        base = min(found, key=len)
        return [cid for cid, _ in base if cid in keep][:RESCORE]

    def _word_match(self, word: str) -> WordMatch:
        """Everything one typed word may match: itself, its nicknames, typo neighbours,
        longer words it begins, and (for digits) the end of a phone number."""
        if word.isdigit() and len(word) >= 3:
            return WordMatch(terms=(word,), prefix=word, digits=word)
        terms = (word, *sorted(nicknames.equivalents(word)))
        near: tuple[str, ...] = ()
        if len(word) >= FUZZY_MIN_LEN:
            found = self.book.similar_terms({word} | deletes(word))
            near = tuple(t for t in found if t not in terms and self._close(word, t))
        return WordMatch(terms=terms, prefix=word if len(word) > SHORT else "", near=near)

    @staticmethod
    def _close(word: str, term: str) -> bool:
        return word_fit(word, term, "last") is not None

    def _word_rows(self, match: WordMatch, cap: int) -> list[TermRow]:
        """Up to ``cap`` most recent rows of each kind of match (exact, nickname, prefix,
        typo): a crowd of recent typo matches must not push out the exact one."""
        rows = self.book.term_rows(match.terms[:1], cap)
        rows += self.book.term_rows(match.terms[1:], cap)
        if match.prefix:
            rows += self.book.prefix_rows(match.prefix, cap)
        return rows + self.book.term_rows(match.near, cap)

    def _one_word(self, query: str, word: str, limit: int, now: float) -> Result:
        """One word: the few most recent contacts per kind of match are enough to rank,
        because within a kind (exact, nickname, prefix, typo) quality barely varies."""
        if word.isdigit() and len(word) >= 3:
            return self._by_number(query, word, limit, now)
        best: dict[int, tuple[float, int, str]] = {}
        per_kind = max(limit * 5, 50)
        if len(word) <= SHORT:
            ids = self.book.recent_ids_with_prefix(word, RECENT_POOL, per_kind)
            for cid, (quality, why) in self._fits(ids, [word]).items():
                best[cid] = (quality, 0, why[0] if why else "")
            recency = self.book.recency_of(list(best))
            best = {cid: (q, recency.get(cid, 0), w) for cid, (q, _, w) in best.items()}
        match = self._word_match(word)
        for row in self._word_rows(match, per_kind):
            fit = word_fit(word, row.term, row.field, alone=True)
            if fit is not None and (
                row.contact_id not in best or fit.quality > best[row.contact_id][0]
            ):
                best[row.contact_id] = (fit.quality, row.recency, fit.why)
        ranked = sorted(
            (
                (quality + self._prior(recency, now), quality, cid, why)
                for cid, (quality, recency, why) in best.items()
                if quality >= MIN_QUALITY
            ),
            reverse=True,
        )[:limit]
        hits = [(cid, score, quality, [why]) for score, quality, cid, why in ranked]
        return Result(query, self._hydrate(hits, now))

    def _fits(self, ids: list[int], typed: Sequence[str]) -> dict[int, tuple[float, list[str]]]:
        """Quality of each contact for the typed words, against all of its own terms."""
        terms = self.book.terms_of(ids)
        out: dict[int, tuple[float, list[str]]] = {}
        alone = len(typed) == 1
        for cid in ids:
            total, why = 0.0, []
            mine = terms.get(cid, ())
            for word in typed:
                best: Fit | None = None
                for term, fld in mine:
                    fit = word_fit(word, term, fld, alone)
                    if fit is not None and (best is None or fit.quality > best.quality):
                        best = fit
                if best is not None:
                    total += best.quality
                    why.append(best.why)
            out[cid] = (total / len(typed), why)
        return out

    def _rescore(
        self, ids: list[int], typed: Sequence[str], now: float
    ) -> list[tuple[int, float, float, list[str]]]:
        """(id, score, quality, why) best first, dropping weak matches."""
        fits = self._fits(ids, typed)
        phones = self.book.contacts(ids) if any(w.isdigit() for w in typed) else {}
        recency = self.book.recency_of(ids)
        out = []
        for cid, (quality, why) in fits.items():
            for word in typed:
                if word.isdigit() and len(word) >= 3 and cid in phones:
                    hit = next((p for p in phones[cid].phones if p.digits.endswith(word)), None)
                    if hit is not None:
                        quality += 80 / len(typed)
                        why.append(f"number ends {word}")
            if quality >= MIN_QUALITY:
                out.append((cid, quality + self._prior(recency.get(cid, 0), now), quality, why))
        out.sort(key=lambda r: (r[1], r[0]), reverse=True)
        return out

    @staticmethod
    def _prior(last_touch_ts: int, now: float) -> float:
        if last_touch_ts <= 0:
            return 0.0
        days = max(now - last_touch_ts, 0) / 86400
        return float(RECENCY_WEIGHT * 0.5 ** (days / HALF_LIFE_DAYS))

    def _hydrate(self, hits: list[tuple[int, float, float, list[str]]], now: float) -> list[Hit]:
        ids = [cid for cid, *_ in hits]
        contacts = self.book.contacts(ids)
        last = self.book.last_touches(ids)
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
                    phones_human=tuple(format_human(p, self.region) for p in contact.phones),
                )
            )
        return out


def ago(ts: int, now: float) -> str:
    """ "today", "yesterday", "3 days ago", "5 weeks ago", to the nearest week or month
    (34 days is "5 weeks ago", as the rep would say it)."""
    days = int(max(now - ts, 0) // 86400)
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{(days + 3) // 7} weeks ago"
    return f"{(days + 15) // 30} months ago"


def reached(touches: Sequence[Touch]) -> list[Touch]:
    """The touches that were us reaching them: every kind but their callbacks."""
    return [t for t in touches if t.kind != "callback"]


def last_reached(touches: Sequence[Touch]) -> Touch | None:
    """The newest touch that was us reaching them (what a callback is about), from
    touches newest first; None when they were never reached."""
    return next((t for t in touches if t.kind != "callback"), None)
