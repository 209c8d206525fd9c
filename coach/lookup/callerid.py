"""Caller ID as softphones and PBX hooks hand it over, read into what the lookup needs.

A hook passes one argument, in whatever shape its program writes a caller:
``"Mirela O" <sip:+16125550142@pbx.example.com>``, ``sip:6125550142@10.1.2.3;user=phone``,
``tel:+1-612-555-0142`` (or ``tel:%2B1%20612…``, as a link may escape it),
``+16125550142;ext=12``, ``6125550142@pbx``, a whole From header with its ``;tag=``, a
display name alone, or ``anonymous`` / ``unavailable`` when the number is withheld. An
e-mail address is passed on whole (``coach log`` takes one).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import unquote

#: What phones and PBXs put where a withheld number would be (RFC 3323's anonymous URI,
#: Asterisk's and the carriers' words).
WITHHELD = frozenset(
    {
        "anonymous",
        "unavailable",
        "unknown",
        "restricted",
        "private",
        "withheld",
        "blocked",
        "no caller id",
        "out of area",
        "anonymous@anonymous.invalid",
    }
)

#: RFC 3261's name-addr: a display name (quoted, with \" escapes, or bare), the URI in
#: angle brackets, and the header's own parameters after it (``;tag=…``: Twinkle's
#: ``$SIP_FROM``, linphone-daemon's ``From:``), which say nothing about the caller.
_NAME_ADDR = re.compile(
    r'^\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^<"]*?))\s*<(?P<uri>[^>]*)>'
    r"\s*(?:;[^<>]*)?$"
)
_ESCAPED = re.compile(r"\\(.)")
_SCHEME = re.compile(r"^\s*(?:sips?|tel|callto|phone):", re.IGNORECASE)
_DIGITS = re.compile(r"\d")


class CallerId(NamedTuple):
    """What a caller ID says: the number to look up (as written, parameters the phone
    parser reads kept, e.g. ``;ext=12``), the display name, and whether it was withheld."""

    number: str = ""
    name: str = ""
    withheld: bool = False

    @property
    def query(self) -> str:
        """What to type in the lookup box: the number, else the name (nothing if withheld)."""
        return self.number or self.name


def _user_part(uri: str) -> tuple[str, bool]:
    """The user of a SIP or tel URI (parameters after the host, ";user=phone", dropped; the
    user's own, ";ext=12", kept; %-escapes decoded, as a ``tel:%2B1…`` link writes them),
    and whether it names a withheld caller."""
    user, _at, host = _SCHEME.sub("", uri.strip()).partition("@")
    user = " ".join(unquote(user).split())
    withheld = user.lower() in WITHHELD or f"{user}@{host}".lower() in WITHHELD
    return ("", True) if withheld else (user, False)


def parse(raw: str) -> CallerId:
    """Read one caller ID argument (see the module docstring for the shapes). Nothing to
    go on ("@", "sip:") reads as no caller ID, like a withheld one."""
    got = _parse(raw)
    return got if got.query or got.withheld else CallerId(withheld=True)


def _parse(raw: str) -> CallerId:
    text = " ".join(raw.split())
    if not text or text.lower() in WITHHELD:
        return CallerId(withheld=True)
    name = ""
    if m := _NAME_ADDR.match(text):
        quoted = m.group("quoted")
        name = (_ESCAPED.sub(r"\1", quoted) if quoted is not None else m.group("bare")).strip()
        text = m.group("uri")
        if name.lower() in WITHHELD:
            name = ""
    bare_at = not _SCHEME.match(text) and "@" in text and " " not in text
    user = text.partition("@")[0]
    if bare_at and not _DIGITS.search(user) and user.lower() not in WITHHELD:
        return CallerId(name=name or text)  # an e-mail address: the lookup reads it whole
    if _SCHEME.match(text) or bare_at:
        number, withheld = _user_part(text)
        if withheld:
            return CallerId(name=name, withheld=not name)
        if _DIGITS.search(number):
            return CallerId(number, name)
        return CallerId(name=name or number)  # sip:mirela@pbx: a user name, not a number
    if _DIGITS.search(text):
        return CallerId(text, name)
    return CallerId(name=name or text)  # a display name alone
