"""A card's lines made plain before vobject parses them.

Real exports break vobject in small ways that lose whole cards: vCard 2.1
QUOTED-PRINTABLE values continue after a soft break (a trailing ``=``) on a line that
need not start with a space; QP text may be in a charset that is not UTF-8 (The Bat!
writes windows-1252 bytes with no CHARSET); Lotus Notes adds ``PROFILE:VCard``; and one
line that is not a property at all sinks the card. Here each card becomes one unfolded
line per property, QP decoded into text, with the file line each property started on;
a line that is not a property is left out and said, and the rest of the card stays.
"""

from __future__ import annotations

import codecs
import quopri
import re
from dataclasses import dataclass, field

#: ``[group.]NAME[;param…]:value``; parameter values may be quoted (and then hold ``:``).
_PROPERTY = re.compile(
    r'(?P<head>(?:[A-Za-z0-9_-]+\.)?(?P<name>[A-Za-z0-9_-]+)(?P<params>(?:;(?:[^;:"]|"[^"]*")*)*))'
    r":(?P<value>.*)",
    re.S,
)
#: Text decoded from QP that is not UTF-8 and names no charset is read as this.
QP_FALLBACK = "windows-1252"


@dataclass(slots=True)
class CleanCard:
    """A card ready for vobject, with where each property came from in the file."""

    text: str
    #: Lower-case property name → the file line of each such property, in card order.
    lines: dict[str, list[int]] = field(default_factory=dict)
    #: (file line, what) for what was left out or read with a fallback.
    notes: list[tuple[int, str]] = field(default_factory=list)


def _params(params: str) -> list[str]:
    return [p for p in re.findall(r'(?:[^;"]|"[^"]*")+', params) if p]


def _is_qp(params: list[str]) -> bool:
    for p in params:
        key, eq, value = p.partition("=")
        word = (value if eq else key).strip().strip('"').upper()
        if word == "QUOTED-PRINTABLE" and (not eq or key.strip().upper() == "ENCODING"):
            return True
    return False


def _charset(params: list[str]) -> str:
    for p in params:
        key, eq, value = p.partition("=")
        if eq and key.strip().upper() == "CHARSET":
            return value.strip().strip('"')
    return ""


def _decode_qp(raw: str, charset: str) -> tuple[str, str]:
    """QP text as text, and a note when it had to be read with the fallback charset."""
    data = quopri.decodestring(raw.encode("latin-1", errors="replace"))
    named = ""
    if charset:
        try:
            named = codecs.lookup(charset).name
        except LookupError:
            named = ""
    for encoding in (named, "utf-8"):
        if encoding:
            try:
                return data.decode(encoding), ""
            except UnicodeDecodeError:
                pass
    said = f"CHARSET={charset}" if charset else "no CHARSET"
    return data.decode(QP_FALLBACK, errors="replace"), (
        f"quoted-printable text is not UTF-8 ({said}): read as {QP_FALLBACK}"
    )


def _escape(text: str) -> str:
    """Decoded QP text as a vCard 3.0 value: line breaks escaped, separators kept."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _logical(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Physical lines joined into properties: folded lines (a leading space or tab) and
    QP soft breaks (a QP value ending in ``=`` goes on, whatever the next line starts with)."""
    out: list[tuple[int, str]] = []
    qp = False
    for number, line in lines:
        ends = line.strip().upper() == "END:VCARD"
        if out and qp and out[-1][1].endswith("=") and not ends:
            out[-1] = (out[-1][0], out[-1][1][:-1] + line)
            continue
        if out and line[:1] in (" ", "\t"):
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
            continue
        if not line.strip():
            qp = False
            continue
        out.append((number, line))
        m = _PROPERTY.match(line)
        qp = bool(m) and _is_qp(_params(m.group("params"))) if m else False
    return out


def clean_card(lines: list[tuple[int, str]]) -> CleanCard:
    """One card's (file line, text) lines, BEGIN to END, as text vobject reads."""
    card = CleanCard("")
    body: list[str] = []
    for number, line in _logical(lines):
        m = _PROPERTY.match(line)
        if m is None:
            shown = line.strip()
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            card.notes.append((number, f"not a vCard property, left out: {shown!r}"))
            continue
        name = m.group("name").lower()
        if name == "profile":  # Lotus Notes: PROFILE:VCard; vobject refuses it
            continue
        params = _params(m.group("params"))
        if _is_qp(params):
            text, note = _decode_qp(m.group("value"), _charset(params))
            if note and not any(said == note for _, said in card.notes):
                card.notes.append((number, note))  # once a card is enough
            kept = [
                p
                for p in params
                if p.partition("=")[0].strip().upper() not in ("ENCODING", "CHARSET")
                and p.strip().upper() != "QUOTED-PRINTABLE"
            ]
            head = m.group("head")[: len(m.group("head")) - len(m.group("params"))]
            line = head + "".join(";" + p for p in kept) + ":" + _escape(text)
        elif _charset(params):
            # The file is already text: a CHARSET on an 8-bit value says nothing more.
            head = m.group("head")[: len(m.group("head")) - len(m.group("params"))]
            kept = [p for p in params if p.partition("=")[0].strip().upper() != "CHARSET"]
            line = head + "".join(";" + p for p in kept) + ":" + m.group("value")
        card.lines.setdefault(name, []).append(number)
        body.append(line)
    card.text = "\n".join(body) + "\n"
    return card
