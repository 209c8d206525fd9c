"""Follow-ups after a meeting ending: the booked words become a date, the drafts say what was
heard and agreed, the invite parses back with the icalendar library, reminders come due."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from coach import followups
from coach.book import Book
from coach.models import FollowUp
from coach.practice import timespec
from coach.practice.booking import booked_when
from coach.practice.detectors import Brief
from coach.practice.scoring import score
from coach.practice.transcript import Turn, parse_plain

TUESDAY = datetime(2026, 11, 24, 10, 0)  # a Tuesday morning


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Thursday at 2pm works", datetime(2026, 11, 26, 14, 0)),
        ("noon on Friday", datetime(2026, 11, 27, 12, 0)),
        ("the 21st at 8:45", datetime(2026, 12, 21, 8, 45)),
        ("December 3rd at half past ten", datetime(2026, 12, 3, 10, 30)),
        ("next Friday at 3", datetime(2026, 12, 4, 15, 0)),
        ("next Tuesday at 10", datetime(2026, 12, 1, 10, 0)),
        ("tomorrow at 9:30 am", datetime(2026, 11, 25, 9, 30)),
        ("Thursday the 3rd at 9am", datetime(2026, 12, 3, 9, 0)),
        ("quarter to three on Wednesday", datetime(2026, 11, 25, 14, 45)),
        ("Eleven on Tuesday", datetime(2026, 12, 1, 11, 0)),
        ("2026-12-03 14:00", datetime(2026, 12, 3, 14, 0)),
        ("January 5th at 4:15 pm", datetime(2027, 1, 5, 16, 15)),
        ("12/28 at 4pm", datetime(2026, 12, 28, 16, 0)),
        ("day after tomorrow at 5 pm", datetime(2026, 11, 26, 17, 0)),
        ("tonight at 7", datetime(2026, 11, 24, 19, 0)),
        ("Wednesday evening at 6", datetime(2026, 11, 25, 18, 0)),
        ("March 2, 2028 at 9:15 am", datetime(2028, 3, 2, 9, 15)),
    ],
)
def test_booked_words_resolve_to_the_next_such_moment(said: str, expected: datetime) -> None:
    assert timespec.resolve(said, TUESDAY) == expected


@pytest.mark.parametrize(
    "said", ["next week", "Thursday morning", "today at 9", "February 30th at 2pm", "at 3"]
)
def test_vague_impossible_or_past_times_do_not_resolve(said: str) -> None:
    assert timespec.resolve(said, TUESDAY) is None


DAYS = st.sampled_from(
    ["Monday", "next Friday", "tomorrow", "the 31st", "February 29th", "12/31", "Dec 31, 2030",
     "the day after tomorrow", "today", "this Sunday"]
)  # fmt: skip
CLOCKS = st.sampled_from(
    ["at 2pm", "noon", "at 9", "11:45 pm", "half past ten", "quarter to 3", "at 12 am", "7"]
)


@given(DAYS, CLOCKS, st.booleans(), st.datetimes())
def test_resolve_is_ahead_on_the_named_weekday_and_never_crashes(
    day: str, clock: str, clock_first: bool, now: datetime
) -> None:
    said = f"{clock} on {day}" if clock_first else f"{day} at {clock.removeprefix('at ')}"
    found = timespec.resolve(said, now)  # even at year 1 and year 9999
    if found is None:
        return
    assert found > now
    if day == "Monday":
        assert found.weekday() == 0 and found.date() - now.date() <= timedelta(days=7)
    if day == "tomorrow":
        assert found.date() == now.date() + timedelta(days=1)
    if clock == "noon":
        assert (found.hour, found.minute) == (12, 0)
    if clock == "half past ten":
        assert found.minute == 30 and found.hour in {10, 22}


@given(st.text(max_size=80), st.datetimes())
def test_resolve_never_crashes_on_any_text(text: str, now: datetime) -> None:
    found = timespec.resolve(text, now)
    assert found is None or found > now


def test_an_evening_booking_keeps_its_evening() -> None:
    turns = parse_plain("Rep: Shall we say tomorrow evening at 8?\nAl: Yes, 8 works.\n", "x")
    assert booked_when(turns, "Rep") == "tomorrow evening at 8"
    assert timespec.resolve("tomorrow evening at 8", TUESDAY) == datetime(2026, 11, 25, 20, 0)


ENDING = """\
Dana: So your invoice approvals get lost in email, and month-end close takes nine days.
Dana: Did I get that right?
Priya: Yes, that's it.
Dana: Would you be open to a second session with your controller?
Priya: Sure.
Dana: How about Thursday at 2pm?
Priya: Thursday at 2 works.
"""
ISSUES = ("invoice approvals lost in email", "month-end close takes nine days")


def _followup() -> FollowUp:
    turns = parse_plain(ENDING, "ending.txt")
    brief = Brief("meeting_end", ISSUES)
    card = score(turns, "Dana", brief)
    return followups.from_conversation(
        turns,
        "Dana",
        brief,
        card,
        source="transcript",
        who="Priya Raman",
        company="Stonegate",
        email="priya@stonegate.example",
        benefit="a close in four days, not nine",
        now=TUESDAY,
        remind_days=2,
    )


def test_the_booked_words_are_found_in_the_conversation() -> None:
    turns = parse_plain(ENDING, "ending.txt")
    # Her "Thursday at 2 works" is a yes to the time on the table, said shorter: the
    # booking keeps the words it was offered in.
    assert booked_when(turns, "Dana") == "Thursday at 2pm"


def test_the_recap_email_has_issues_agreement_benefit_and_the_meeting() -> None:
    f = _followup()
    assert f.meeting_ts == int(datetime(2026, 11, 26, 14, 0).timestamp())
    recap = followups.recap_email(f)
    assert "Thursday" in recap.subject
    body = recap.body
    assert body.startswith("Hi Priya,")
    for issue in ISSUES:
        assert f"- {issue}" in body
    assert "What we agreed: these issues are worth fixing, and we meet again" in body
    assert "What is in it for you: a close in four days, not nine." in body
    assert "Next: Thursday 26 November, 2:00 pm–2:30 pm." in body


def test_no_booked_time_means_no_invite_and_no_reminder() -> None:
    f = followups.make(source="meeting", who="Sam", now=TUESDAY, issues=["slow quotes"])
    assert followups.invite(f) is None
    assert followups.reminder_email(f) is None
    assert f.remind_ts is None
    assert "we did not fix a time" in followups.recap_email(f).body


def test_the_invite_parses_back_with_the_booked_time_and_agenda() -> None:
    f = _followup()._replace(id=7)
    ics = followups.invite(f)
    assert ics is not None
    cal = Calendar.from_ical(ics)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    start = event.decoded("dtstart")
    assert start == datetime(2026, 11, 26, 14, 0).astimezone(UTC)
    assert event.decoded("dtend") - start == timedelta(minutes=30)
    assert "Priya Raman" in str(event["summary"])
    description = str(event["description"])
    assert "invoice approvals lost in email: where it stands" in description
    assert "a close in four days" in description
    assert str(event["attendee"]) == "mailto:priya@stonegate.example"
    assert str(event["uid"]).startswith("followup-7-")
    assert list(event.walk("VALARM"))


def test_the_reminder_comes_the_set_number_of_days_before_at_nine() -> None:
    meeting = datetime(2026, 12, 3, 14, 0)
    f = followups.make(source="meeting", who="Sam", now=TUESDAY, meeting=meeting, remind_days=3)
    assert f.remind_ts == int(datetime(2026, 11, 30, 9, 0).timestamp())
    late = followups.make(
        source="meeting", who="Sam", now=TUESDAY, meeting=TUESDAY + timedelta(hours=5)
    )
    assert late.remind_ts == int(TUESDAY.timestamp())  # too close: due at once
    reminder = followups.reminder_email(f)
    assert reminder is not None and reminder.subject == "Looking forward to Thursday at 2:00 pm"


def test_due_reminders_skip_practice_dismissed_and_past_meetings(tmp_path: Path) -> None:
    now = TUESDAY
    meeting = now + timedelta(days=2)
    with Book.open(tmp_path / "book.db") as store:
        real = store.save_followup(
            followups.make(source="meeting", who="Ana", now=now, meeting=meeting, remind_days=3)
        )
        store.save_followup(
            followups.make(source="practice", who="Bo", now=now, meeting=meeting, practice=True)
        )
        store.save_followup(
            followups.make(
                source="meeting",
                who="Cy",
                now=now - timedelta(days=9),
                meeting=now - timedelta(days=1),
            )
        )
        gone = store.save_followup(
            followups.make(source="meeting", who="Di", now=now, meeting=meeting, remind_days=3)
        )
        store.mark_reminded(gone, int(now.timestamp()))
        due = store.due_followups(int(now.timestamp()) + 60)
        assert [f.id for f in due] == [real]
        assert [f.who for f in store.followups()] == ["Di", "Ana", "Cy"]  # newest first
        assert any(f.practice for f in store.followups(practice=True))
        back = store.followup(real)
        assert back is not None and back.issues == () and back.who == "Ana"


def test_drafts_written_as_private_files(tmp_path: Path) -> None:
    f = _followup()._replace(id=3)
    written = followups.write_files(f, tmp_path / "drafts")
    names = sorted(p.name for p in written)
    assert names == ["followup-3-invite.ics", "followup-3-recap.txt", "followup-3-reminder.txt"]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "drafts").stat().st_mode) == 0o700
    assert not list((tmp_path / "drafts").glob(".*"))
    Calendar.from_ical((tmp_path / "drafts" / "followup-3-invite.ics").read_bytes())


def _dale(turns: list[Turn], brief: Brief, **extra: object) -> FollowUp:
    """The follow-up drafted after a call with Dale Fenwick on 2 December at 9:00."""
    from coach.practice.scoring import ScoreCard

    options: dict[str, object] = {"source": "practice", "practice": True, **extra}
    return followups.from_conversation(
        turns,
        "Rep",
        brief,
        ScoreCard((), 0),
        who="Dale Fenwick",
        now=datetime(2026, 12, 2, 9, 0),
        **options,  # type: ignore[arg-type]
    )


def test_a_drills_follow_up_recaps_only_the_issues_said_in_it() -> None:
    brief = Brief("meeting_end", ("fuel bills up a fifth", "drivers idling at customer docks"))
    turns = [
        Turn("Rep", "So your fuel bills are up a fifth this year."),
        Turn("Dale", "Yep."),
    ]
    assert _dale(turns, brief).issues == ("fuel bills up a fifth",)
    real = _dale(turns, brief, source="transcript", practice=False)
    assert real.issues == brief.issues, "a real call keeps the issues the rep noted"


def test_a_drills_follow_up_recaps_an_issue_raised_during_the_call_once_said() -> None:
    brief = Brief("meeting_end", ("fuel bills up a fifth", "drivers idling at customer docks"))
    raised = ("a customs audit of the depot in May",)
    turns = [
        Turn("Rep", "So your fuel bills are up a fifth this year."),
        Turn("Dale", "And the depot has a customs audit coming in May."),
    ]

    def drafted(said: list[Turn]) -> tuple[str, ...]:
        return _dale(said, brief, raised=raised).issues

    assert drafted(turns) == ("fuel bills up a fifth", "a customs audit of the depot in May")
    assert drafted(turns[:1]) == ("fuel bills up a fifth",)  # never raised: never recapped


@pytest.mark.parametrize(
    ("other", "greeting"),
    [("Dana Reyes", "Hi Dana,"), ("Prospect", "Hi,"), ("Ms. Patel", "Hi Ms. Patel,")],
)
def test_the_recap_greets_the_prospect_by_name_only_when_the_transcript_has_one(
    other: str, greeting: str
) -> None:
    from coach.practice.drills import score_transcript

    turns = parse_plain(
        f"Rep: So your invoices run two weeks late and the vans carry the wrong parts.\n"
        f"{other}: Yes.\nRep: Would a pilot help?\n{other}: Sure.\n"
    )
    scored = score_transcript(turns, "Rep", kind="meeting_end")
    assert scored.followup is not None
    email = followups.recap_email(scored.followup).as_text()
    assert email.splitlines()[2] == greeting or greeting in email.splitlines()[:4], email
    assert "these issues are worth fixing" not in email or "What you told me" in email


def test_drafts_are_signed_with_the_reps_name_from_the_settings() -> None:
    from coach import settings

    f = _followup()
    assert followups.recap_email(f).body.endswith("Best regards,\n")  # no name set yet
    settings.set_name("  Sam   Rivera ")
    assert settings.current().name == "Sam Rivera"
    assert followups.recap_email(f).body.endswith("Best regards,\nSam Rivera\n")
    reminder = followups.reminder_email(f)
    assert reminder is not None and reminder.body.endswith("Best regards,\nSam Rivera\n")
    assert followups.recap_email(f, by="").body.endswith("Best regards,\n")
    settings.set_name("")
    assert settings.current().name is None
    assert "[you]" in settings.path().read_text() and "name" not in settings.path().read_text()


@pytest.mark.parametrize("bad", ["Sam\x1b[31m", "x" * 81, "Sam\x00"])
def test_a_name_that_cannot_sign_an_email_is_refused_and_nothing_is_written(bad: str) -> None:
    from coach import settings
    from coach.errors import UserError

    with pytest.raises(UserError, match=r"\[you\] name must be one line"):
        settings.set_name(bad)
    assert not settings.path().exists()


def test_a_name_in_the_file_that_is_not_text_is_the_files_problem() -> None:
    from coach import settings

    settings.path().parent.mkdir(parents=True)
    settings.path().write_text("[you]\nname = 5\n")
    found = settings.current()
    assert found.name is None and found.problem is not None
    assert "[you] name must be text, not 5" in str(found.problem)
    assert followups.recap_email(_followup()).body.endswith("Best regards,\n")


def _drill_followup(turns: list[Turn], benefit: str) -> FollowUp:
    brief = Brief("meeting_end", ("fuel bills up a fifth",), accepted_only=True)
    card = score(turns, "Rep", brief)
    return followups.from_conversation(
        turns,
        "Rep",
        brief,
        card,
        source="practice",
        who="Dale Fenwick",
        now=datetime(2026, 12, 2, 9, 0),
        benefit=benefit,
        practice=True,
    )


def test_a_drills_follow_up_books_only_what_the_card_says_was_booked() -> None:
    dodged = [
        Turn("Rep", "So your fuel bills are up a fifth. How about Thursday at 2pm?"),
        Turn("Dale", "Just make sure you send the numbers first."),
    ]
    made = _drill_followup(dodged, "fuel back under control")
    assert made.meeting_ts is None and made.booked == ""
    assert "we did not fix a time" in followups.recap_email(made).body


def test_a_drills_follow_up_promises_only_the_benefit_the_rep_offered() -> None:
    turns = [
        Turn("Rep", "So your fuel bills are up a fifth this year."),
        Turn("Dale", "Yep."),
        Turn("Rep", "We could get your fuel spend back under control within a quarter."),
    ]
    assert _drill_followup(turns, "fuel spend back under control").benefit
    assert _drill_followup(turns[:2], "fuel spend back under control").benefit == ""


def test_a_callback_drills_follow_up_recaps_only_what_the_caller_told() -> None:
    brief = Brief("callback", ("fuel bills up a fifth", "drivers idling at customer docks"))
    turns = [
        Turn("Rep", "I called about your drivers idling at customer docks."),  # the pitch
        Turn("Dale", "Are your drivers idling at docks a common problem?"),  # a question
        Turn("Dale", "What hurts is fuel: our fuel bills are up a fifth."),
    ]
    assert _dale(turns, brief).issues == ("fuel bills up a fifth",)


def test_nothing_is_agreed_when_they_said_no_to_moving_forward() -> None:
    from coach.practice.scoring import score

    brief = Brief("meeting_end", ("fuel bills up a fifth", "routes planned on a whiteboard"))
    turns = [
        Turn("Rep", "So fuel bills are up a fifth and routes live on a whiteboard."),
        Turn("Dale", "That's right."),
        Turn("Rep", "Would you like to go ahead with a route trial?"),
        Turn("Dale", "No. We signed with someone else last month."),
    ]
    card = score(turns, "Rep", brief)
    assert any(i.key == "confirm_interest" and i.passed for i in card.items)  # they asked
    made = followups.from_conversation(
        turns, "Rep", brief, card, source="transcript", who="Dale", now=datetime(2026, 12, 2, 9)
    )
    assert made.agreed == ""  # asking is not agreeing
    yes = [*turns[:3], Turn("Dale", "Yes, let's do that.")]
    agreed = followups.from_conversation(
        yes, "Rep", brief, score(yes, "Rep", brief), source="transcript", who="Dale",
        now=datetime(2026, 12, 2, 9),
    )  # fmt: skip
    assert agreed.agreed.startswith("these issues are worth fixing")
