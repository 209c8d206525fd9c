"""Phone numbers: parsed once with the phonenumbers library, stored as E.164.

Everything that compares numbers compares digits of E.164 (``+16125550142`` ->
``16125550142``), so "(612) 555-0142", "612.555.0142" and "+1 612 555 0142" are one number.

The library is imported only when needed: a one-shot ``coach lookup mike`` should not
spend 30 ms loading numbering-plan metadata it never uses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from coach.text import digits

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

DEFAULT_REGION = "US"
_PHONE_LIKE = re.compile(r"^\s*(tel:)?[\s\d+().\-/\uFF10-\uFF19]*$", re.I)
# Where the number ends: an extension ("x23", "ext. 23", "#23", Russian "доб. 23") or the
# parameters of a tel: URI (";isub=…", ";ext=…").
_EXTENSION = re.compile(r"\s*(?:;|#|\bx|ｘ|ext\b|ext\.|extn|extension|доб)", re.I)

#: Regions of the North American Numbering Plan, where "(612) 555-0142" means +1 612…
NANP = frozenset(
    [
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
    ]
)
# The shapes most CRM cells hold: 10 digits (area code 2-9xx, exchange 2-9xx) in the usual
# punctuation, optionally after +1 or 1. Anything else goes through phonenumbers.
_PLAIN_NANP = re.compile(
    r"^\s*(?:\+?1[\s.-]?)?\(?([2-9]\d{2})\)?[\s.-]?([2-9]\d{2})[\s.-]?(\d{4})\s*$"
)


def _lib() -> ModuleType:
    import phonenumbers

    return phonenumbers


class Phone(NamedTuple):
    """A stored number: ``e164`` like ``+16125550142``, ``ext`` digits or "", the text as given."""

    e164: str
    ext: str
    raw: str
    label: str = "phone"
    #: The national significant number: ``6125550142`` for ``+16125550142``.
    national: str = ""
    #: The country the number belongs to ("US", "CA", "DE"…), for formatting.
    region: str = ""
    #: False for a number that could be one but the metadata does not know (an unassigned
    #: area code, a fictional 555 number, a typo): kept, matched by digits, shown as written.
    verified: bool = True
    #: How the library lays the number out, internationally and nationally, worked out
    #: when it was parsed (for a number outside North America, which is laid out here):
    #: a lookup then shows it without loading the library. "" where it was not.
    shown_intl: str = ""
    shown_natl: str = ""

    @property
    def digits(self) -> str:
        return self.e164.lstrip("+")


def check_region(region: str, what: str = "--region") -> str:
    """Upper-case ``region`` if phonenumbers knows it, else a UserError naming ``what``."""
    code = region.strip().upper()
    if code not in NANP and code not in _lib().SUPPORTED_REGIONS:
        from coach.errors import UserError

        raise UserError(
            f"{what}: unknown region {region!r} (use a two-letter country code such as US)"
        )
    return code


_NANP_VALID: dict[str, bool] = {}


def _nanp_valid(prefix: str, national: str) -> bool:
    """Whether phonenumbers calls this number valid. North American validity is decided
    by area code and exchange, so the answer is remembered per ``prefix`` (the first six
    digits); the test suite holds this to the library's answer for every number."""
    if prefix not in _NANP_VALID:
        pn = _lib()
        number = pn.PhoneNumber(country_code=1, national_number=int(national))
        _NANP_VALID[prefix] = bool(pn.is_valid_number(number))
    return _NANP_VALID[prefix]


@lru_cache(maxsize=1024)
def _nanp_region(area_code: str) -> str:
    """The country of a North American area code (612 -> US, 416 -> CA, 876 -> JM)."""
    pn = _lib()
    number = pn.PhoneNumber(country_code=1, national_number=int(area_code + "2000000"))
    return str(pn.region_code_for_number(number) or "US")


def parse_phone(raw: str, region: str = DEFAULT_REGION, label: str = "phone") -> Phone:
    """Parse a number as a person wrote it. Raises ``ValueError`` when it is not a number.

    A plain ten-digit North American number in a NANP region takes a shortcut that gives
    exactly what phonenumbers gives (a test holds the two to that); big imports are
    mostly such numbers, and the library takes ten times as long over each.
    """
    text = raw.strip()
    if not text:
        raise ValueError("empty phone number")
    if region in NANP and (m := _PLAIN_NANP.match(text)):
        national = m.group(1) + m.group(2) + m.group(3)
        if _nanp_valid(national[:6], national):
            where = _nanp_region(m.group(1))
            return Phone("+1" + national, "", raw, label, national, where)
    pn = _lib()
    try:
        number = pn.parse(text, region)
    except pn.NumberParseException as exc:
        raise ValueError(f"not a phone number: {raw!r}") from exc
    # is_valid_number asks for the region itself; asked once here, it is not asked twice
    # (the search over a shared country code is a fifth of the library's time).
    where = pn.region_code_for_number(number) or ""
    valid = bool(where) and pn.is_valid_number_for_region(number, where)
    if not valid and not pn.is_possible_number(number):
        raise ValueError(f"not a phone number: {raw!r}")
    # A possible number the metadata does not know (an unassigned area code, a fictional
    # 555 number, a typo, an overlay newer than the metadata) is still the number on the
    # rep's caller ID when that person rings: kept, flagged, matched by its digits.
    ext = number.extension or ""
    number.extension = None  # format_human adds it in its own words
    national = pn.national_significant_number(number)
    # E.164 is "+", the country code and the national significant number, as the library
    # writes it (a test holds the two to that) without its formatting machinery.
    e164 = f"+{number.country_code}{national}"
    if not valid:
        where = ""
    intl = natl = ""
    if valid and not _laid_out_here(e164, where):
        intl = pn.format_number(number, pn.PhoneNumberFormat.INTERNATIONAL)
        natl = pn.format_number(number, pn.PhoneNumberFormat.NATIONAL)
    return Phone(e164, ext, raw, label, national, where, valid, intl, natl)


def _laid_out_here(e164: str, region: str) -> bool:
    """Whether :func:`format_human` lays this number out itself (North American)."""
    return e164.startswith("+1") and len(e164) == 12 and bool(region)


def split_numbers(cell: str) -> list[str]:
    """Split a cell holding several numbers ("a ::: b" from Google, "a; b", "a / b")."""
    # ";" separates numbers, except where it starts a tel: parameter ("…;ext=23").
    parts = re.split(r"\s*(?::::|;(?!\s*(?:ext|isub)=)|\|)\s*|\s+/\s+", cell)
    return [p for p in (part.strip() for part in parts) if p]


def format_human(phone: Phone, region: str = DEFAULT_REGION) -> str:
    """National format for numbers of ``region``, international otherwise; extension kept.

    North American numbers are laid out here ("(612) 555-0142", "+1 416-555-0101"), as the
    library would (a test holds the two to that); others go through the library.
    """
    if not phone.verified:
        return phone.raw.strip()  # a number the metadata does not know: as it was written
    region = region.upper()
    e164 = phone.e164
    if phone.shown_intl:
        text = phone.shown_natl if phone.region == region else phone.shown_intl
    elif _laid_out_here(e164, phone.region):
        a, b, c = e164[2:5], e164[5:8], e164[8:]
        text = f"({a}) {b}-{c}" if phone.region == region else f"+1 {a}-{b}-{c}"
    else:
        text = _format_with_library(e164, region)
    return f"{text} ext. {phone.ext}" if phone.ext else text


@lru_cache(maxsize=4096)
def _format_with_library(e164: str, region: str) -> str:
    pn = _lib()
    number: PhoneNumber = pn.parse(e164, None)
    same = pn.region_code_for_number(number) == region
    style = pn.PhoneNumberFormat.NATIONAL if same else pn.PhoneNumberFormat.INTERNATIONAL
    return str(pn.format_number(number, style))


def _number_part(query: str) -> str:
    """The query without an extension or URI parameters: "612-555-0142 x23" -> "612-555-0142"."""
    return _EXTENSION.split(query, maxsplit=1)[0]


def looks_like_phone(query: str) -> bool:
    """True when the query is caller-ID text: digits and phone punctuation (an extension or
    ``tel:`` parameters may follow), with at least 3 digits."""
    number = _number_part(query)
    return bool(_PHONE_LIKE.match(number)) and len(digits(number)) >= 3


def query_keys(query: str, region: str = DEFAULT_REGION) -> list[str]:
    """Digit strings (no "+", no extension) to look a typed number up by.

    The typed digits themselves; without a national trunk prefix ("03 331 6005" is
    "3 331 6005" after +64); and when the text parses as a full number for ``region``
    (or with an international prefix like 011/00), its E.164 digits too.
    """
    text = _number_part(query)
    typed = digits(text)
    keys = [typed] if typed else []
    trunkless = typed.lstrip("0")
    if len(trunkless) >= 7 and trunkless != typed:
        keys.append(trunkless)
    if len(typed) >= 7 and not (region in NANP and len(typed) in (10, 11)):
        # A plain North American 10 or 11 digits is already its own key; anything else
        # may carry an international prefix only the library knows how to read.
        pn = _lib()
        try:
            number: PhoneNumber | None = pn.parse(text, region)
        except pn.NumberParseException:
            number = None
        if number is not None and pn.is_possible_number(number):
            full = pn.format_number(number, pn.PhoneNumberFormat.E164)[1:]
            if full not in keys:
                keys.append(full)
    return keys
