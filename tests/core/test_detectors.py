"""The rubric: each item passes or misses on what the rep actually said, and quotes the words
that earned it, so the rep can see why."""

from __future__ import annotations

import pytest

from coach.practice import scoring
from coach.practice.detectors import Brief, Verdict, detect
from coach.practice.transcript import parse_plain

ISSUES = (
    "invoice approvals lost in email threads",
    "month-end close takes nine days",
    "auditors asking for a paper trail",
)
MEETING = Brief("meeting_end", ISSUES)
CALLBACK = Brief(
    "callback",
    reason="You called about pallets arriving late at grocery distribution centres.",
    company="Saltmarsh Foods",
    surname="Santos",
)


def verdict(conversation: str, item: str, brief: Brief = MEETING, rep: str = "Rep") -> Verdict:
    return detect(parse_plain(conversation), rep, brief, [item])[item]


# ------------------------------------------------------------------ recap
def test_a_recap_of_two_of_their_issues_passes_and_is_quoted() -> None:
    said = (
        "Prospect: That's the whole picture, really.\n"
        "Rep: So to sum up, your invoice approvals get lost in email, and your month-end "
        "close drags on for nine days.\n"
    )
    got = verdict(said, "recap")
    assert got.passed
    assert got.evidence == (
        "So to sum up, your invoice approvals get lost in email, and your month-end close "
        "drags on for nine days."
    )


def test_pitching_our_features_back_is_not_a_recap() -> None:
    said = (
        "Prospect: That's the whole picture, really.\n"
        "Rep: Our platform routes invoice approvals to the right person automatically, and "
        "our close module gets month-end down to three days.\n"
    )
    assert not verdict(said, "recap").passed


def test_playing_back_only_one_issue_is_not_enough() -> None:
    said = "Rep: So you mentioned invoice approvals get lost in email. Is that right?\n"
    got = verdict(said, "recap")
    assert not got.passed
    assert got.evidence == "So you mentioned invoice approvals get lost in email."


def test_a_single_issue_brief_needs_only_that_one_played_back() -> None:
    brief = Brief("meeting_end", ("month-end close takes nine days",))
    said = "Rep: So your month-end close takes nine days right now.\n"
    assert verdict(said, "recap", brief).passed


def test_the_prospect_restating_their_own_issues_earns_the_rep_nothing() -> None:
    said = (
        "Prospect: So our invoice approvals get lost in email and our month-end close takes "
        "nine days.\n"
        "Rep: Okay.\n"
    )
    assert not verdict(said, "recap").passed


# ------------------------------------------------------------------ checked understanding
def test_asking_whether_the_summary_is_right_checks_understanding() -> None:
    got = verdict("Rep: That's my summary. Did I get that right?\n", "checked_understanding")
    assert got == Verdict(True, "Did I get that right?")


def test_declaring_the_summary_complete_does_not_check_anything() -> None:
    got = verdict("Rep: I think that covers everything.\n", "checked_understanding")
    assert not got.passed


def test_offering_to_send_something_else_is_not_checking_understanding() -> None:
    said = "Rep: Is there anything else I can send you?\n"
    assert not verdict(said, "checked_understanding").passed


# ------------------------------------------------------------------ confirm interest
def test_asking_if_they_want_to_move_forward_confirms_interest() -> None:
    said = "Rep: Would you be open to a second session with your controller?\n"
    got = verdict(said, "confirm_interest")
    assert got == Verdict(True, "Would you be open to a second session with your controller?")


def test_assuming_they_are_interested_does_not_count() -> None:
    said = "Rep: I'm sure you're interested in seeing more of this.\n"
    assert not verdict(said, "confirm_interest").passed


# ------------------------------------------------------------------ specific time
def test_a_day_and_a_time_agreed_across_turns_books_the_meeting() -> None:
    said = (
        "Rep: Can we pick this up on Wednesday?\n"
        "Prospect: Wednesday is good. What time?\n"
        "Rep: How about 3:30?\n"
        "Prospect: Perfect, see you then.\n"
    )
    got = verdict(said, "specific_time")
    assert got.passed
    assert got.evidence is not None
    assert "Wednesday" in got.evidence and "3:30" in got.evidence


def test_a_declined_time_with_nothing_after_it_is_not_booked() -> None:
    said = (
        "Rep: Could we do Friday at 10am?\n"
        "Prospect: No, I can't do Friday, I'm travelling.\n"
        "Rep: No problem at all.\n"
    )
    assert not verdict(said, "specific_time").passed


def test_a_firm_proposal_from_the_rep_passes_even_without_a_reply() -> None:
    said = "Prospect: Anyway, I have to run.\nRep: I'll send an invite for Monday at 9am.\n"
    got = verdict(said, "specific_time")
    assert got == Verdict(True, "I'll send an invite for Monday at 9am.")


def test_a_time_only_asked_about_and_never_answered_is_not_booked() -> None:
    said = "Prospect: Anyway, I have to run.\nRep: Monday at 9am?\n"
    assert not verdict(said, "specific_time").passed


def test_the_rep_retreating_to_send_some_times_drops_the_proposal() -> None:
    said = (
        "Rep: How about Thursday at 2pm?\n"
        "Prospect: Maybe, let me see.\n"
        "Rep: Actually, I'll send you a few options by email.\n"
    )
    assert not verdict(said, "specific_time").passed


def test_a_vague_next_week_is_named_back_to_the_rep() -> None:
    turns = parse_plain("Rep: Great, let's talk next week.\nProspect: Sure.\n")
    got = detect(turns, "Rep", MEETING, ["specific_time"])["specific_time"]
    assert not got.passed
    assert got.vague == ("next week",)
    card = scoring.score(turns, "Rep", MEETING)
    tip = card.as_json()["items"]["specific_time"]["tip"]
    assert '"next week"' in tip


# ------------------------------------------------------------------ callbacks
def test_asking_which_company_counts_as_asking_who() -> None:
    said = (
        "Miguel: Hi, Miguel here, you left me a message?\n"
        "Rep: Thanks for ringing back, Miguel. Which company are you with?\n"
    )
    assert verdict(said, "asked_who", CALLBACK) == Verdict(True, "Which company are you with?")


def test_guessing_warmly_is_not_asking_who() -> None:
    said = (
        "Miguel: Hi, Miguel here, you left me a message?\n"
        "Rep: Hey Miguel! Great to hear from you.\n"
    )
    assert not verdict(said, "asked_who", CALLBACK).passed


def test_a_caller_who_gives_their_company_first_spares_the_question() -> None:
    said = (
        "Miguel: Hi, it's Miguel at Saltmarsh Foods, returning your call.\n"
        "Rep: Thanks for ringing back.\n"
    )
    got = verdict(said, "asked_who", CALLBACK)
    # Nothing to ask: the item does not apply (never scored), quoting the words that made it so.
    assert got == Verdict(
        False, "Hi, it's Miguel at Saltmarsh Foods, returning your call.", needed=False
    )


@pytest.mark.parametrize(
    ("opening", "needed"),
    [
        ("Hi, Miguel Ortega here, returning your call.", False),  # the whole name: found
        ("Good morning, calling on behalf of Mr Ortega.", True),  # a surname: which Ortega?
        ("Hi, it's Miguel. You left a message?", True),  # a first name: which Miguel?
        ("Hi, it's Miguelito Ortegas.", True),  # other names that only contain theirs
    ],
)
def test_only_a_whole_name_or_the_company_spares_the_question(opening: str, needed: bool) -> None:
    brief = CALLBACK._replace(company="Saltmarsh Foods", surname="Ortega", first_name="Miguel")
    got = verdict(f"Miguel: {opening}\nRep: Thanks for ringing back.\n", "asked_who", brief)
    assert got.needed is needed and not got.passed


def test_saying_why_you_called_names_the_reason() -> None:
    said = (
        "Miguel: So what was it about?\n"
        "Rep: I called about your pallets arriving late at the grocery distribution centres.\n"
    )
    got = verdict(said, "named_reason", CALLBACK)
    assert got == Verdict(
        True, "I called about your pallets arriving late at the grocery distribution centres."
    )


def test_small_talk_does_not_name_the_reason() -> None:
    said = "Miguel: So what was it about?\nRep: Oh, just checking in, how's your week going?\n"
    assert not verdict(said, "named_reason", CALLBACK).passed


def test_putting_a_live_caller_off_loses_them_and_the_words_are_quoted() -> None:
    said = (
        "Miguel: Hi, Miguel here, you left me a message?\n"
        "Rep: Let me call you back in ten.\n"
        "Miguel: Okay.\n"
    )
    assert verdict(said, "kept_on_line", CALLBACK) == Verdict(False, "Let me call you back in ten.")


@pytest.mark.parametrize(
    "put_off",
    [
        "Tell you what, you're driving, so just call me back when you're at your desk.",
        "Give me a ring back tomorrow and we'll go through it.",
    ],
)
def test_sending_the_caller_away_to_ring_again_loses_them(put_off: str) -> None:
    said = f"Miguel: Hi, Miguel here, you left me a message?\nRep: {put_off}\nMiguel: Okay.\n"
    assert verdict(said, "kept_on_line", CALLBACK) == Verdict(False, put_off)


def test_keeping_the_caller_talking_keeps_them_on_the_line() -> None:
    said = (
        "Miguel: Hi, Miguel here, you left me a message?\n"
        "Rep: Thanks for ringing back, which company are you with?\n"
    )
    assert verdict(said, "kept_on_line", CALLBACK).passed


# ------------------------------------------------------------------ the score card
GOOD_ENDING = (
    "Prospect: That's the whole picture.\n"
    "Rep: So to sum up, your invoice approvals get lost in email, and your month-end close "
    "drags on for nine days. Did I get that right?\n"
    "Prospect: Yes, spot on.\n"
    "Rep: Let's talk next week.\n"
)


def test_the_score_is_the_weighted_share_of_items_passed() -> None:
    turns = parse_plain(GOOD_ENDING)
    even = scoring.score(turns, "Rep", MEETING)
    assert {i.key: i.passed for i in even.items} == {
        "recap": True,
        "checked_understanding": True,
        "confirm_interest": False,
        "specific_time": False,
    }
    assert even.score == 50
    weighted = scoring.score(
        turns, "Rep", MEETING, weights={"recap": 3, "specific_time": 1, "confirm_interest": 1}
    )
    assert [i.key for i in weighted.items] == ["recap", "specific_time", "confirm_interest"]
    assert weighted.score == 60


def test_a_perfect_and_an_empty_ending_span_the_whole_scale() -> None:
    perfect = (
        GOOD_ENDING.replace("Let's talk next week.", "Would you be open to a second session?")
        + "Prospect: Sure.\nRep: How about Thursday at 2pm?\nProspect: Thursday at 2 works.\n"
    )
    assert scoring.score(parse_plain(perfect), "Rep", MEETING).score == 100
    assert scoring.score(parse_plain("Rep: Bye!\n"), "Rep", MEETING).score == 0


def test_the_rep_can_overrule_the_detector_and_the_card_remembers() -> None:
    card = scoring.score(parse_plain(GOOD_ENDING), "Rep", MEETING)
    fixed = card.override("specific_time", True)
    item = fixed.as_json()["items"]["specific_time"]
    assert item["passed"] is True
    assert item["overridden"] is True
    assert fixed.score == 75 and card.score == 50
    detected = next(i for i in fixed.items if i.key == "specific_time").detected
    assert detected is False
    back = fixed.override("specific_time", False)
    assert back.as_json()["items"]["specific_time"]["overridden"] is False
    assert back.score == 50


def test_overrides_given_to_score_are_applied() -> None:
    card = scoring.score(parse_plain(GOOD_ENDING), "Rep", MEETING, overrides={"recap": False})
    assert card.as_json()["items"]["recap"] == {
        "passed": False,
        "evidence": (
            "So to sum up, your invoice approvals get lost in email, and your month-end close "
            "drags on for nine days."
        ),
        "tip": scoring.default_tip("recap"),
        "weight": 1.0,
        "overridden": True,
        "needed": True,
    }
    assert card.score == 25


def test_the_card_as_json_has_every_item_and_the_score() -> None:
    shape = scoring.score(parse_plain(GOOD_ENDING), "Rep", MEETING).as_json()
    assert set(shape) == {"items", "score"}
    assert list(shape["items"]) == [
        "recap",
        "checked_understanding",
        "confirm_interest",
        "specific_time",
    ]
    for item in shape["items"].values():
        assert set(item) == {"passed", "evidence", "tip", "weight", "overridden", "needed"}
        assert isinstance(item["passed"], bool)
        assert item["tip"]
    assert shape["score"] == 50


def test_a_drills_own_tip_replaces_the_default() -> None:
    card = scoring.score(
        parse_plain("Rep: Bye!\n"), "Rep", MEETING, tips={"recap": "Say fuel and whiteboards."}
    )
    assert card.as_json()["items"]["recap"]["tip"] == "Say fuel and whiteboards."


def test_a_callback_is_scored_on_the_callback_items() -> None:
    card = scoring.score(parse_plain("Miguel: Hi.\nRep: Hi Miguel.\n"), "Rep", CALLBACK)
    assert [i.key for i in card.items] == [
        "asked_who",
        "named_reason",
        "kept_on_line",
        "specific_time",
    ]


def test_time_to_identify_passes_within_the_limit_only() -> None:
    turns = parse_plain("Miguel: Hi.\nRep: Which company?\n")
    weights = {"asked_who": 1.0, "time_to_identify": 1.0}
    quick = scoring.score(turns, "Rep", CALLBACK, weights, identify_seconds=12.0)
    slow = scoring.score(turns, "Rep", CALLBACK, weights, identify_seconds=45.0)
    assert quick.as_json()["items"]["time_to_identify"]["passed"] is True
    found = quick.as_json()["items"]["time_to_identify"]["evidence"]
    assert found == "found them after 12.0 s, within the 30 s limit"
    assert slow.as_json()["items"]["time_to_identify"]["passed"] is False


# ------------------------------------------------- kept on the line (a pitch, then goodbye)
def test_a_pitch_then_we_can_chat_next_week_is_a_put_off_quoted() -> None:
    said = (
        "Dana: Hi, it's Dana. I had a message from you?\n"
        "Rep: Hi Dana! Yes, our patient messaging platform is amazing.\n"
        "Dana: I'm on my cell, so I've only got a minute.\n"
        "Rep: Sure, it has reminders, payments and a mobile app.\n"
        "Dana: This is Dana. I'm between patients.\n"
        "Rep: Sure. I'll send you a brochure and we can chat next week. Bye!\n"
    )
    got = verdict(said, "kept_on_line", CALLBACK)
    assert got == Verdict(False, "I'll send you a brochure and we can chat next week.")


def test_talking_later_after_dealing_with_the_caller_is_a_next_step() -> None:
    said = (
        "Dana: Hi, it's Dana. I had a message from you?\n"
        "Rep: Thanks for calling back, Dana. I called about the no-shows at your clinic.\n"
        "Dana: Yes, they are killing our Mondays.\n"
        "Rep: How many a week are you seeing?\n"
        "Dana: Ten or so.\n"
        "Rep: Then we can talk it through properly next week. Thanks, Dana!\n"
    )
    got = verdict(said, "kept_on_line", CALLBACK)
    # A pass quotes what dealt with her there and then, not the goodbye.
    assert got == Verdict(True, "How many a week are you seeing?")


def test_an_item_that_did_not_apply_is_shown_but_never_scored() -> None:
    said = (
        "Miguel: Hi, it's Miguel at Saltmarsh Foods, returning your call.\n"
        "Rep: Thanks for ringing back. I called about pallets arriving late at your "
        "distribution centres.\n"
        "Miguel: Right, that's a pain.\n"
        "Rep: How about Thursday at 2pm to go through it?\n"
        "Miguel: Thursday at 2 works.\n"
    )
    card = scoring.score(parse_plain(said), "Rep", CALLBACK)
    item = next(i for i in card.items if i.key == "asked_who")
    assert not item.needed and item.evidence and "Saltmarsh" in item.evidence
    assert [i.passed for i in card.items if i.needed] == [True, True, True]
    assert card.score == 100  # three of three that applied, not three of four
    assert card.override("asked_who", True) == card  # nothing there to override


# --------------------------------------------- a drill's booking, restated or dodged
DRILL = Brief("meeting_end", ISSUES, accepted_only=True)


@pytest.mark.parametrize(
    ("offer", "yes", "restated"),
    [
        (
            "Then how about Tuesday January 20th at 2pm for a fifteen-minute call?",
            "Okay, fine, put it in.",
            "Thank you, Gareth. Tuesday the 20th at 2pm, I'll send an invite.",
        ),
        ("How about Thursday at 2pm?", "That works. It's in my calendar.", "Talk Thursday at 2."),
    ],
)
def test_a_time_said_back_after_their_yes_stays_booked(offer: str, yes: str, restated: str) -> None:
    said = f"Rep: {offer}\nGareth: {yes}\nRep: {restated}\n"
    got = verdict(said, "specific_time", DRILL)
    assert got.passed and got.evidence == f"{offer} … {yes}"


def test_make_sure_is_not_a_yes_to_the_time() -> None:
    said = (
        "Rep: Do you want to go ahead with a pilot? How about Thursday at 2pm?\n"
        "Amara: Just make sure the audit is in whatever you send my director.\n"
    )
    assert not verdict(said, "specific_time", DRILL).passed
