"""What other people's conversations taught the detectors: bookings confirmed as statements
or reported failed, interest asked without the word, and pitches that are not recaps."""

from __future__ import annotations

import pytest

from coach.practice.detectors import Brief, detect
from coach.practice.transcript import parse_plain

ISSUES = (
    "field crews re-enter every job sheet by hand",
    "customers are billed two weeks late",
    "nobody knows which van carries which parts",
)
MEETING = Brief("meeting_end", ISSUES)


def passes(conversation: str, item: str, rep: str = "Rep") -> bool:
    return detect(parse_plain(conversation), rep, MEETING, [item])[item].passed


# ------------------------------------------------------------ specific time
@pytest.mark.parametrize(
    ("said", "booked"),
    [
        (  # a confirmation made as a statement, accepted; "No, that's it" answers "anything else?"
            "Agent: Please confirm a site visit for next Friday at 2 pm at the depot.\n"
            "Customer: Yep. That's right.\n"
            "Agent: Is there anything else I can help with?\n"
            "Customer: No. Thanks, that's it.\n",
            True,
        ),
        (
            "Agent: Confirming your 5 pm walkthrough tomorrow.\nCustomer: Yes that's correct.\n",
            True,
        ),
        (  # accepted, then the agent reports it failed
            "Agent: Can you confirm the demo on March 10th at 9 am?\n"
            "Customer: Yes, that will be perfect.\n"
            "Agent: I'm sorry, I was unable to make the booking. Anything else?\n"
            "Customer: No, thank you.\n",
            False,
        ),
        (  # failed, then re-proposed and accepted: the re-proposal stands
            "Agent: Please confirm Tuesday at 2 pm.\nCustomer: Sure.\n"
            "Agent: Sorry, something went wrong and I couldn't book that.\n"
            "Customer: Then try Wednesday at 3 pm.\n"
            "Agent: Please confirm Wednesday at 3 pm.\nCustomer: That works.\n",
            True,
        ),
        (  # asked to confirm, never answered
            "Agent: Please confirm the visit on March 12th at 8 pm.\n",
            False,
        ),
        (  # the alternative offered with the failure, accepted, stands
            "Agent: Sorry, I couldn't book that. Would Friday at 4 pm work instead?\n"
            "Customer: Yes.\nAgent: Your appointment is booked.\n",
            True,
        ),
        (  # "anything else today?" after an agreed time does not re-open it
            "Agent: You'd like the visit at 1 pm on March 10th.\n"
            "Customer: Yes, that would be ideal.\n"
            "Agent: Is there anything else I can help you with today?\n",
            True,
        ),
        (  # the offer made in a failure report is only an offer
            "Agent: Sorry, they don't have an opening then. You could try Friday at 4 pm.\n"
            "Customer: No thanks. Bye.\n",
            False,
        ),
    ],
)
def test_a_booking_counts_when_accepted_and_never_reported_failed(said: str, booked: bool) -> None:
    assert passes(said, "specific_time", rep="Agent") is booked


@pytest.mark.parametrize(
    ("said", "booked"),
    [
        (  # the rep takes it back: the slot went
            "Agent: How about Monday at 2?\nCustomer: Sure.\n"
            "Agent: Ah, my calendar's showing that's gone. Let me send you some options instead.\n"
            "Customer: OK.\n",
            False,
        ),
        (  # the rep names the time again only to say they can't make it
            "Customer: Call me Friday at 10.\n"
            "Agent: Friday at 10, ah, I'm in training all Friday morning. Let me email you.\n"
            "Customer: Whatever works.\n",
            False,
        ),
        (  # the prospect says no in passing
            "Agent: How about the 8th at 10?\n"
            "Customer: Let me, actually no, the 8th is our board meeting.\n"
            "Customer: Send me a couple of options.\n",
            False,
        ),
        (  # held, not agreed
            "Agent: Thursday at 2?\nCustomer: Tentatively, yes. I'll confirm tomorrow.\n",
            False,
        ),
        (  # a lukewarm yes is a yes; a time said in words is a time
            "Agent: Two-thirty on the 18th?\nCustomer: I suppose.\n",
            True,
        ),
        (  # a "maybe" is not a yes
            "Agent: want to do a walkthrough with your manager monday at 11\n"
            "Customer: maybe, i'll have to check with her\n",
            False,
        ),
        (  # someone else's meeting is not a time with the rep
            "Customer: i'd take it to the partners, they meet thursday at 2\n"
            "Agent: ok, should i send something over before then\n"
            "Customer: yeah send me a summary\nAgent: will do today\n",
            False,
        ),
        (  # "I'll see you Thursday" is a goodbye, not a hedge
            "Agent: How does Thursday at 2 PM work for you?\n"
            "Customer: Thursday at 2 would be fine.\n"
            "Agent: Excellent. I'll see you on Thursday!\nCustomer: Thanks, I'll see you then.\n",
            True,
        ),
        (  # the rep says the agreed time back: still agreed
            "Agent: How about Thursday at 2pm?\nCustomer: That works, it's in my calendar.\n"
            "Agent: Great, Thursday at 2pm it is.\n",
            True,
        ),
        (  # the prospect says yes to another day: the clock was for Thursday
            "Agent: How about Thursday at 2pm?\nCustomer: Wednesday works. Talk Wednesday.\n",
            False,
        ),
        (  # the prospect's own tentative time, taken by the rep
            "Agent: Can we do Thursday at 2pm?\n"
            "Customer: Thursday works. Morning is better, maybe 10am?\nAgent: Done.\n",
            True,
        ),
        (  # the rep can't make the time the prospect named, and offers none
            "Customer: Can we do Thursday at 4?\nAgent: Sorry, I can't do Thursday.\n",
            False,
        ),
    ],
)
def test_a_booking_taken_back_or_only_held_is_not_booked(said: str, booked: bool) -> None:
    assert passes(said, "specific_time", rep="Agent") is booked


# ----------------------------------------------------------- confirm interest
@pytest.mark.parametrize(
    ("asked", "counts"),
    [
        ("Would it help if I set up a demo with your dispatcher?", True),
        ("Should I get you a quote for all three vans?", True),
        ("Do you want to schedule one with your ops lead?", True),
        ("Can we set something up with your head of finance?", True),
        ("Why don't we set up a call next week?", True),
        ("I can run a two-week pilot on five vans. How does that sound?", True),
        ("What sparked your interest in route planning?", False),
        ("Want me to send over a proposal for the three vans?", True),
        ("Is a pilot something your ops lead would consider?", True),
        ("What would you say to a pilot on two of your depots?", True),
        ("Let's reconnect in two weeks?", True),
        ("Happy to set up a demo for Carla if you'd like to see it.", True),
        ("Can you send me a sample of last month's job sheets?", False),  # a request of them
        ("You want to go ahead and walk me through dispatch?", False),  # turn-taking
        ("Do you want to tell me more about the billing lag?", False),  # discovery
        ("When should we start the pilot?", False),  # takes the yes for granted
        ("I know you want to get going, so I'll send the contract.", False),  # not asked
    ],
)
def test_interest_is_asked_in_many_ways_and_never_by_the_word_alone(
    asked: str, counts: bool
) -> None:
    said = f"Prospect: Honestly the billing lag is what hurts.\nRep: {asked}\n"
    assert passes(said, "confirm_interest") is counts


# ------------------------------------------------------------------- recap
@pytest.mark.parametrize(
    "pitch",
    [
        "I'm reaching out because I noticed your crews re-enter job sheets by hand and your "
        "customers get billed two weeks late.",
        "How are you handling job sheets that crews re-enter by hand, and billing that runs "
        "two weeks late?",
        "You'll stop re-entering job sheets by hand, and customers billed two weeks late get "
        "billed the same day: teams your size typically see a 20% improvement.",
        "With your job sheets re-entered by hand and your customers billed two weeks late, "
        "we fix both on day one.",
        "I'm excited to help your crews stop re-entering job sheets and bill customers on time.",
    ],
)
def test_an_opener_a_discovery_question_or_a_claim_is_not_a_recap(pitch: str) -> None:
    said = f"Rep: {pitch}\nProspect: Mm.\n"
    assert not passes(said, "recap")


def test_a_restatement_after_they_said_it_is_a_recap() -> None:
    said = (
        "Prospect: The crews type every job sheet in twice, and we bill two weeks late.\n"
        "Rep: So what I'm hearing is your crews re-enter every job sheet by hand, and your "
        "customers get billed a fortnight late.\n"
    )
    assert passes(said, "recap")


# --------------------------------------------------------------- callbacks
CALLBACK = Brief("callback", reason="You called about vans carrying the wrong parts.")


def callback_passes(conversation: str, item: str) -> bool:
    return detect(parse_plain(conversation), "Rep", CALLBACK, [item])[item].passed


@pytest.mark.parametrize(
    ("reply", "kept"),
    [
        ("Oh hi Mike! I'm pretty busy right now, I'll call you next week.", False),
        ("Hi Mike, I can't really talk right now. Tomorrow at 10?", False),
        ("Hi Mike, thanks for calling back: it was about vans carrying the wrong parts.", True),
        ("Mike! I'm just heading into a meeting, can we talk this afternoon?", False),
        ("Hey Mike, I'll give you a shout tomorrow.", False),  # a later call as the first answer
        ("Mike, I'm driving, can I phone you when I'm back at the office?", False),
    ],
)
def test_putting_a_live_caller_off_is_not_keeping_them(reply: str, kept: bool) -> None:
    said = f"Prospect: Hi, this is Mike, returning your call.\nRep: {reply}\nProspect: Oh. Okay.\n"
    assert callback_passes(said, "kept_on_line") is kept


ENGAGED = (
    "Prospect: Hi, this is Mike, returning your call.\n"
    "Rep: Hi Mike, which company are you with?\n"
    "Prospect: Globex.\n"
    "Rep: Thanks. I called about vans carrying the wrong parts. How often does it happen?\n"
    "Prospect: Twice a week.\n"
)


@pytest.mark.parametrize(
    ("closing", "kept"),
    [
        # once the caller is dealt with, a later call at a set time is a next step
        ("I'll call you back on the 19th at 7:45 with the parts audit.", True),
        ("Could we do a proper call Thursday at 2:45 and go through the vans?", True),
        # hanging up now to call back within the hour is still putting them off
        ("Let me call you back when things are quieter, maybe in an hour?", False),
        ("Can you give me 20 minutes and I'll call you straight back?", False),
        ("Sorry, I'm running late to something, I'll try you again later?", False),
    ],
)
def test_a_later_call_after_dealing_with_them_is_a_next_step(closing: str, kept: bool) -> None:
    said = f"{ENGAGED}Rep: {closing}\nProspect: Sure.\n"
    assert callback_passes(said, "kept_on_line") is kept


@pytest.mark.parametrize(
    "ask",
    [
        "Sorry, Mike who?",
        "And you're with...?",
        "Sorry, I didn't catch your name.",
        "Who am I speaking with?",
        "And you're calling from?",
        "Last name?",
        "Is this Mike from Globex or Mike from Initech?",
        "Whereabouts are you calling from?",
    ],
)
def test_asking_who_in_the_ways_people_do(ask: str) -> None:
    said = f"Prospect: Hi, returning your call.\nRep: {ask}\nProspect: Mike Okafor, Globex.\n"
    assert callback_passes(said, "asked_who")


def test_a_street_number_is_not_a_day() -> None:
    from coach.practice.timespec import mentions

    assert [m.kind for m in mentions("The salon is at 205 5th Street.")] == []
    assert [m.kind for m in mentions("See you on the 5th at 2pm")] == ["day", "clock"]


@pytest.mark.parametrize(
    ("asked", "checks"),
    [
        ("Did I get that right?", True),
        ("I understand you're looking to cut the billing lag?", True),  # as a question
        ("I understand you're looking to cut the billing lag.", False),  # a statement
        ("Does that sound right?", True),
        ("I can run a two-week pilot on five vans. How does that sound?", False),
        ("Is there anything else you'd like to know before we wrap up?", False),
        ("Any other questions for me?", False),
    ],
)
def test_checking_understanding_is_not_asking_for_their_questions(asked: str, checks: bool) -> None:
    said = f"Prospect: The billing lag is what hurts.\nRep: {asked}\n"
    assert passes(said, "checked_understanding") is checks
