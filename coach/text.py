"""Text folding shared by the index and the query, so both sides agree on what a word is.

A rep types on a US keyboard in a hurry: no accents, no apostrophes, no capitals.
Everything that goes into the search index and everything typed into the query box
passes through :func:`words`, so "muller" meets "Müller" and "obrien" meets "O'Brien".
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Entries per text cache: names repeat across a book, but an import of a million
#: contacts would fill bigger caches with names seen once (4 caches of 65,536 held about
#: 100 MB in each parsing process).
CACHED = 1 << 12
_APOSTROPHES = re.compile(r"['’`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# German umlauts have a second common spelling ("Mueller"); index both.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _anyascii(text: str) -> str:
    # Imported on first use: loading it costs a one-shot lookup of ASCII text ~10 ms.
    from anyascii import anyascii

    return str(anyascii(text))


def fold(text: str) -> str:
    """Lower-case ASCII with apostrophes dropped: "O'Brien-Müller" -> "obrien-muller"."""
    ascii_text = text if text.isascii() else _anyascii(text)
    return _APOSTROPHES.sub("", ascii_text).lower()


@lru_cache(maxsize=CACHED)
def words(text: str) -> tuple[str, ...]:
    """The searchable words of ``text``: folded, split on anything not a letter or digit.

    Cached: names and company names repeat across a book, and an import asks for each.
    """
    return tuple(w for w in _NON_WORD.split(fold(text)) if w)


#: A multi-word name is also indexed joined ("vanderberg"), up to this length.
MAX_JOINED = 30


@lru_cache(maxsize=CACHED)
def index_words(text: str) -> frozenset[str]:
    """Every word a person might type for ``text``.

    Adds the umlaut spelling ("mueller") and, for hyphenated or multi-part names, the
    joined form ("smithjones", "vanderberg"), because people type names both ways.
    """
    parts = words(text)
    out = {p for p in parts if len(p) > 1 or p.isdigit()}
    joined = "".join(parts)
    if len(parts) > 1 and len(joined) <= MAX_JOINED:
        out.add(joined)
    if not text.isascii() and any(ch in text for ch in "äöüÄÖÜ"):
        out.update(words(text.translate(_UMLAUTS)))
    return frozenset(out)


def deletes(term: str) -> set[str]:
    """The term with one character removed at each position (symmetric-delete fuzzy index).

    Two words within one edit of each other (or one substitution, or a swapped pair)
    share at least one member of ``deletes(w) | {w}``; that makes typo look-ups an
    indexed equality search instead of a scan of the whole vocabulary.
    """
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def digits(text: str) -> str:
    """Only the ASCII digits of ``text`` (full-width and other Unicode digits folded first)."""
    ascii_text = text if text.isascii() else _anyascii(text)
    return "".join(ch for ch in ascii_text if "0" <= ch <= "9")


#: C0 and C1 controls (ESC, CSI, OSC, BEL…), and the bidirectional overrides and isolates
#: that make a terminal show text in another order than it is ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BLANKS = {"\t": " ", "\n": " ", "\r": " "}
#: What ``json.dumps`` leaves raw that a terminal still acts on (C0 it escapes itself).
_UNESCAPED = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` as one safe terminal line: line breaks become spaces, other control
    characters (the escape codes that would restyle or move the cursor, the bidi
    overrides that reorder a line) become visible. Every place where text from the book,
    a file or a caller ID meets the terminal goes through here (or :func:`printable_lines`)."""
    return _CONTROL.sub(lambda m: _BLANKS.get(m.group()) or _visible(m.group()), text)


def printable_lines(text: str) -> str:
    """:func:`printable` for each line of a multi-line text (notes, drafts): the line
    breaks are kept, everything else is made visible."""
    return "\n".join(printable(line) for line in text.split("\n"))


#: What a stream of rows to a terminal (``coach export`` to the screen) keeps: line ends
#: and tabs are the rows' own; every other control and bidi character is shown.
_STREAM_UNSAFE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)


def printable_stream(text: str) -> str:
    """Rows on their way to a terminal (CSV or JSON lines): newlines, CRLF and tabs kept,
    every other control made visible as :func:`printable` shows it."""
    return _STREAM_UNSAFE.sub(lambda m: _visible(m.group()), text)


def json_text(value: object, *, indent: int | None = None) -> str:
    """JSON for the terminal: readable accents (not ``\\u00e9``), but every control and
    bidi character escaped as ``\\uXXXX`` (JSON escapes only C0 itself; a raw C1 CSI or
    a bidi override in a name would still act on the terminal). The same data, safe."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plural(count: int, word: str, many: str = "") -> str:
    """ "1 session", "3 sessions", "1 day", "0 days" (``many`` when adding "s" won't do)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def percent(rate: float | None, places: int = 0) -> str:
    """A 0–1 rate as people read it: "63%" (``places`` decimals: "6.3%"); "–" for none."""
    if rate is None:
        return "–"
    return f"{round(rate * 100)}%" if places == 0 else f"{rate * 100:.{places}f}%"
