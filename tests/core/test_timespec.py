"""Time words: a booked meeting names a day and a clock time; everything else is vague, and the
rep is shown the words that were vague."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.practice import timespec


@pytest.mark.parametrize(
    "said",
    [
        "Thursday at 2pm",
        "noon on Friday",
        "the 21st at 8:45",
        "same time next Wednesday, 11 o'clock",
        "tomorrow at 9:30 am",
        "Eleven on Tuesday",
        "Could we say Monday at 10?",
        "How does March 3rd at 4:15 pm sound?",
        # as speech-to-text writes them
        "tuesday half two",
        "can you do the 22nd at 9 30",
        "thursday 3 15",
        "Two-thirty on the 18th?",
    ],
)
def test_a_day_and_a_clock_time_is_a_specific_time(said: str) -> None:
    assert timespec.is_specific(said), timespec.mentions(said)


@pytest.mark.parametrize(
    "said",
    [
        "next week",
        "Tuesday morning",
        "the week of the 9th",
        "call me on 555 0142",
        "we have 12 agents at 12 locations",
        "version 2.4",
        "we met last Thursday at 2pm",
        "after 2 on Thursday",
        "between 2 and 4 on Thursday",
        "I'll be in touch",
        "Thursday works",
        "at 3pm",
        "the midday classes on Monday",
        "half an hour on Friday",
    ],
)
def test_anything_less_is_not_a_specific_time(said: str) -> None:
    assert not timespec.is_specific(said), timespec.mentions(said)


def test_a_vague_next_week_is_found_as_said() -> None:
    found = timespec.mentions("Let's touch base next week, I'm slammed.")
    assert [(m.kind, m.text) for m in found] == [("vague", "touch base"), ("vague", "next week")]


def test_a_weekday_morning_names_the_day_but_also_counts_as_vague() -> None:
    kinds = {(m.kind, m.text) for m in timespec.mentions("Tuesday morning suits me")}
    assert ("day", "Tuesday") in kinds
    assert ("vague", "Tuesday morning") in kinds
    assert not any(kind == "clock" for kind, _ in kinds)


def test_counts_and_version_numbers_are_not_clock_times() -> None:
    for said in ("we have 12 agents at 12 locations", "version 2.4", "call me on 555 0142"):
        assert [m for m in timespec.mentions(said) if m.kind == "clock"] == [], said


def test_a_day_in_the_past_is_not_a_next_meeting() -> None:
    said = "we met last Thursday at 2pm"
    assert not any(m.kind == "day" for m in timespec.mentions(said))
    assert timespec.is_past(said)


def test_mentions_come_back_in_the_order_they_were_said() -> None:
    found = timespec.mentions("noon on Friday, or else sometime next month")
    starts = [m.start for m in found]
    assert starts == sorted(starts)
    assert [m.kind for m in found][:2] == ["clock", "day"]


TIME_WORDS = st.sampled_from(
    [
        "at ",
        "2",
        "11",
        ":30",
        "pm",
        " am",
        " on ",
        "Thursday",
        "tomorrow",
        "the ",
        "21st",
        " of May",
        "noon",
        "week of",
        " o'clock",
        "after ",
        "between ",
        " and ",
        "Eleven",
        "'s ",
        "@",
        "last ",
        "next week",
        "morning",
        " ",
        ",",
        "?",
        "\n",
    ]
)


@settings(deadline=None, max_examples=400)
@given(st.one_of(st.text(max_size=60), st.lists(TIME_WORDS, max_size=14).map("".join)))
def test_every_mention_quotes_exactly_the_words_at_its_place(text: str) -> None:
    found = timespec.mentions(text)
    for m in found:
        assert m.kind in {"day", "clock", "vague"}
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end].strip() == m.text
    assert isinstance(timespec.is_specific(text), bool)


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("tuesday half two", "2026-12-08 14:30"),
        ("the 22nd at 9 30", "2026-12-22 09:30"),
        ("thursday 3 15", "2026-12-03 15:15"),
        ("Two-thirty on the 18th", "2026-12-18 14:30"),
    ],
)
def test_spoken_clock_times_resolve_to_the_meeting(said: str, when: str) -> None:
    from datetime import datetime

    got = timespec.resolve(said, datetime(2026, 12, 2, 9, 0))
    assert got is not None and got.strftime("%Y-%m-%d %H:%M") == when


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Thursday the 3rd at 9am", datetime(2026, 12, 3, 9, 0)),  # it is a Thursday
        ("Wednesday the 20th at 2pm", datetime(2027, 1, 20, 14, 0)),  # the 20th that is one
        ("the 20th, a Wednesday, at 2pm", datetime(2027, 1, 20, 14, 0)),
        ("the 20th at 2pm", datetime(2026, 12, 20, 14, 0)),  # no weekday: the next 20th
        # A month named wins over a weekday said wrongly (20 January 2027 is a Wednesday).
        ("Tuesday January 20th at 2pm", datetime(2027, 1, 20, 14, 0)),
        # No 20th that is a Saturday within two months: the plain date.
        ("Saturday the 20th at 10", datetime(2026, 12, 20, 10, 0)),
    ],
)
def test_a_weekday_said_with_a_date_picks_the_date_that_falls_on_it(
    said: str, expected: datetime
) -> None:
    assert timespec.resolve(said, datetime(2026, 12, 2, 10, 0)) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Thursday at 2pm", "Thursday at 2", True),
        ("Tuesday January 20th at 2pm", "Tuesday the 20th at 2pm", True),
        ("Thursday at 2pm", "Friday at 2pm", False),
        ("Thursday at 2pm", "Thursday at 3pm", False),
        ("the 20th at 2pm", "the 21st at 2pm", False),
        ("January 20th at 2pm", "February 20th at 2pm", False),
        ("Thursday", "Thursday", False),  # no clock time: not a meeting at all
    ],
)
def test_two_ways_of_saying_the_same_meeting(a: str, b: str, same: bool) -> None:
    assert timespec.same_time(a, b) is same


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("Monday 18 January at 10am", datetime(2027, 1, 18, 10, 0)),  # not the next Monday
        ("on 3 March at 9am", datetime(2027, 3, 3, 9, 0)),
        ("5 may work, say at 2pm", None),  # "5 may work" is no date
    ],
)
def test_a_day_number_before_the_month_is_a_date(said: str, when: datetime | None) -> None:
    assert timespec.resolve(said, datetime(2026, 12, 2, 15, 0)) == when
