"""Caller ID in the shapes softphones and PBX hooks hand it over."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.lookup.callerid import CallerId, parse
from coach.lookup.phones import parse_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"Mirela O" <sip:+16125550142@pbx.example.com>', CallerId("+16125550142", "Mirela O")),
        ("Mirela O <sip:+16125550142@pbx.example.com>", CallerId("+16125550142", "Mirela O")),
        ("sip:6125550142@10.1.2.3;user=phone", CallerId("6125550142")),
        ("sips:6125550142@pbx.example.com:5061", CallerId("6125550142")),
        ("tel:+1-612-555-0142", CallerId("+1-612-555-0142")),
        ("+16125550142;ext=12", CallerId("+16125550142;ext=12")),
        ("6125550142@pbx", CallerId("6125550142")),
        ("Mirela Okonkwo", CallerId(name="Mirela Okonkwo")),
        ("sip:mirela@pbx.example.com", CallerId(name="mirela")),
        ("anonymous", CallerId(withheld=True)),
        ("Unavailable", CallerId(withheld=True)),
        ('"Anonymous" <sip:anonymous@anonymous.invalid>', CallerId(withheld=True)),
        ('"Front desk" <sip:anonymous@anonymous.invalid>', CallerId(name="Front desk")),
        ("", CallerId(withheld=True)),
        # A whole From header, its ;tag= and all (Twinkle's $SIP_FROM, linphone-daemon).
        (
            '"Michael Okafor" <sip:+16125550142@pbx>;tag=as5f3a',
            CallerId("+16125550142", "Michael Okafor"),
        ),
        ("<sip:6125550142@10.1.2.3;user=phone>;tag=1", CallerId("6125550142")),
        (r'"Dana \"DJ\" Ruiz" <sip:6125550142@pbx>', CallerId("6125550142", 'Dana "DJ" Ruiz')),
        # A tel: link as a browser or a desktop hands it over, %-escaped.
        ("tel:%2B1-612-555-0142", CallerId("+1-612-555-0142")),
        ("tel:+1%20612%20555%200142", CallerId("+1 612 555 0142")),
        ("mo@fernbrook.example", CallerId(name="mo@fernbrook.example")),  # e-mail: whole
        ("anonymous@pbx", CallerId(withheld=True)),
    ],
)
def test_each_shape_a_phone_writes_gives_the_number_or_the_name(
    raw: str, expected: CallerId
) -> None:
    assert parse(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        '"Mirela O" <sip:+16125550142@pbx.example.com>',
        "sip:6125550142@10.1.2.3;user=phone",
        "tel:+1-612-555-0142",
        "6125550142@pbx",
        '"Michael Okafor" <sip:+16125550142@127.0.0.1:5071>;tag=e334868f814e15d0',
        "tel:%2B1%20612%20555%200142",
    ],
)
def test_the_number_read_is_the_callers(raw: str) -> None:
    assert parse_phone(parse(raw).number, "US").e164 == "+16125550142"


@given(st.text(max_size=80))
def test_any_text_reads_without_raising(raw: str) -> None:
    got = parse(raw)
    assert got.withheld or got.query or not raw.strip()
