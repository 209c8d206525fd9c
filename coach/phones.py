"""Phone numbers: parsed once with the phonenumbers library, stored as E.164.

Everything that compares numbers compares digits of E.164 (``+16125550142`` ->
``16125550142``), so "(612) 555-0142", "612.555.0142" and "+1 612 555 0142" are one number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from coach.text import digits

DEFAULT_REGION = "US"
_PHONE_LIKE = re.compile(
    r"^\s*(tel:)?[\s\d+().\-/\uFF10-\uFF19]*((x|ext\.?|extension|#)\s*\d+)?\s*$", re.I
)


@dataclass(frozen=True, slots=True)
class Phone:
    """A stored number: ``e164`` like ``+16125550142``, ``ext`` digits or "", the text as given."""

    e164: str
    ext: str
    raw: str
    label: str = "phone"
    #: The national significant number: ``6125550142`` for ``+16125550142``.
    national: str = ""

    @property
    def digits(self) -> str:
        return self.e164.lstrip("+")

    def __reduce__(self) -> tuple[type[Phone], tuple[str, str, str, str, str]]:
        # Positional rebuild: much faster to unpickle than a slotted dataclass's state.
        return (Phone, (self.e164, self.ext, self.raw, self.label, self.national))


def _parse_e164(e164: str) -> phonenumbers.PhoneNumber:
    return phonenumbers.parse(e164, None)


def check_region(region: str) -> str:
    """Upper-case ``region`` if phonenumbers knows it, else raise ``ValueError``."""
    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"unknown region {region!r} (use a two-letter country code such as US)")
    return code


#: Regions of the North American Numbering Plan, where "(612) 555-0142" means +1 612…
NANP = frozenset(
    {
        "US",
        "CA",
        "AG",
        "AI",
        "AS",
        "BB",
        "BM",
        "BS",
        "DM",
        "DO",
        "GD",
        "GU",
        "JM",
        "KN",
        "KY",
        "LC",
        "MP",
        "MS",
        "PR",
        "SX",
        "TC",
        "TT",
        "VC",
        "VG",
        "VI",
    }
)
# The shapes most CRM cells hold: 10 digits (area code 2-9xx, exchange 2-9xx) in the usual
# punctuation, optionally after +1 or 1. Anything else goes through phonenumbers.
_PLAIN_NANP = re.compile(
    r"^\s*(?:\+?1[\s.-]?)?\(?([2-9]\d{2})\)?[\s.-]?([2-9]\d{2})[\s.-]?(\d{4})\s*$"
)


def parse_phone(raw: str, region: str = DEFAULT_REGION, label: str = "phone") -> Phone:
    """Parse a number as a person wrote it. Raises ``ValueError`` with a reason if unusable.

    A plain ten-digit North American number in a NANP region takes a shortcut that gives
    exactly what phonenumbers gives (a test holds the two to that); big imports are
    mostly such numbers, and the library takes ten times as long over each.
    """
    text = raw.strip()
    if not text:
        raise ValueError("empty phone number")
    if region in NANP and (m := _PLAIN_NANP.match(text)):
        national = m.group(1) + m.group(2) + m.group(3)
        return Phone(e164="+1" + national, ext="", raw=raw, label=label, national=national)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {raw!r}") from exc
    if not phonenumbers.is_possible_number(number):
        raise ValueError(f"not a possible phone number: {raw!r}")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.national_significant_number(number)
    return Phone(e164=e164, ext=number.extension or "", raw=raw, label=label, national=national)


def split_numbers(cell: str) -> list[str]:
    """Split a cell holding several numbers ("a ::: b" from Google, "a; b", "a / b")."""
    parts = re.split(r"\s*(?::::|;|\|)\s*|\s+/\s+", cell)
    return [p for p in (part.strip() for part in parts) if p]


def format_human(phone: Phone, region: str = DEFAULT_REGION) -> str:
    """National format for numbers in ``region``, international otherwise; extension kept."""
    return _format(phone.e164, phone.ext, region.upper())


@lru_cache(maxsize=4096)
def _format(e164: str, ext: str, region: str) -> str:
    number = _parse_e164(e164)
    same = phonenumbers.region_code_for_number(number) == region.upper()
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if same
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    text = phonenumbers.format_number(number, style)
    return f"{text} ext. {ext}" if ext else text


def looks_like_phone(query: str) -> bool:
    """True when the query is caller-ID text: digits and phone punctuation, at least 3 digits."""
    return bool(_PHONE_LIKE.match(query)) and len(digits(query)) >= 3


def query_keys(query: str, region: str = DEFAULT_REGION) -> list[str]:
    """Digit strings (no "+", no extension) to look a typed number up by.

    The typed digits themselves, and when the text parses as a full number for
    ``region`` (or with an international prefix like 011/00), its E.164 digits too.
    """
    typed = digits(re.split(r"(?i)x|ext|#", query, maxsplit=1)[0])
    keys = [typed] if typed else []
    if len(typed) >= 7:
        try:
            number = phonenumbers.parse(query, region)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_possible_number(number):
            full = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]
            if full not in keys:
                keys.append(full)
    return keys
