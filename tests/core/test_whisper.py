"""The whisper: the one line spoken when a call pops."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from coach.lookup import whisper
from coach.models import Contact, Touch

NOW = datetime(2026, 12, 2, 10, 0)  # a Wednesday


def _contact(
    first: str = "Mirela", last: str = "Okonkwo", company: str = "Fernbrook Labs"
) -> Contact:
    return Contact(1, "", first, last, company, "", "", "", 0, 0)


def _touch(days: float, kind: str = "voicemail", reason: str = "the assay backlog") -> Touch:
    ts = int((NOW - timedelta(days=days)).timestamp())
    return Touch(1, ts, kind, "", reason, "")


@pytest.mark.parametrize(
    ("days", "day"),
    [(0, "today"), (1, "yesterday"), (2, "Monday"), (6, "Thursday"), (8, "8 days ago"),
     (21, "3 weeks ago")],
)  # fmt: skip
def test_the_day_is_said_as_the_rep_would(days: int, day: str) -> None:
    assert whisper.spoken_day(_touch(days).ts, NOW.timestamp()) == day


def test_the_brief_says_who_and_why_we_last_reached_out() -> None:
    line = whisper.brief(_contact(), _touch(2), NOW.timestamp())
    assert line == "Mirela Okonkwo, Fernbrook Labs: voicemail Monday about the assay backlog."


def test_a_brief_without_a_reason_or_a_company_or_a_touch() -> None:
    now = NOW.timestamp()
    assert whisper.brief(_contact(company=""), _touch(1, "call", ""), now) == (
        "Mirela Okonkwo: call yesterday."
    )
    assert whisper.brief(_contact(), None, now) == (
        "Mirela Okonkwo, Fernbrook Labs: nothing logged from us yet."
    )


def test_control_characters_in_the_book_are_not_spoken() -> None:
    sneaky = _contact(first="Bob\x1b[31m", company="Acme\nCorp\u202e")
    line = whisper.brief(sneaky, _touch(0, reason="renewal\x07"), NOW.timestamp())
    assert line == "Bob [31m Okonkwo, Acme Corp: voicemail today about renewal."
    assert not any(ord(ch) < 32 for ch in line)


def test_several_as_likely_are_named_and_the_rep_asks() -> None:
    three = [_contact("Mike", "Okafor", "Globex"), _contact("Mike", "Brandt", ""), _contact()]
    assert (
        whisper.several(three)
        == "Could be Mike Okafor, Globex or Mike Brandt, or 1 more: ask which."
    )
