"""The practice prospect: plays the bundled drills' lines and reacts to what the rep says, the
same way the scorer will read it."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from coach.practice import scenarios
from coach.practice.prospect import MAX_REPLIES, REP, Drill
from coach.practice.scenarios import Scenario

BUNDLED = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture
def mike() -> Scenario:
    return scenarios.load_file(BUNDLED / "which-mike.toml")


@pytest.fixture
def dale() -> Scenario:
    return scenarios.load_file(BUNDLED / "wont-name-a-time.toml")


def line(drill: Scenario, step: str, n: int | None = None) -> str:
    """The drill's own words: a step's line, or the ``say`` of its ``n``-th reply."""
    found = next(s for s in drill.steps if s.id == step)
    return found.say if n is None else found.replies[n].say


# ------------------------------------------------------------------ Which Mike?
def test_mike_opens_the_call(mike: Scenario) -> None:
    drill = Drill(mike)
    assert drill.start() == ["Hi, it's Mike, returning your call. What's up?"]
    assert drill.start() == [], "the opening is said once"


def test_asking_which_company_gets_his_surname_and_company(mike: Scenario) -> None:
    drill = Drill(mike)
    drill.start()
    heard = drill.reply("Thanks for ringing back, Mike. Which company are you with?")
    assert heard == [
        "Oh, sorry. Mike Oyelaran, at Kestrel Cold Chain.",
        line(mike, "what-about"),
    ]
    assert mike.steps[drill.step].id == "what-about"
    assert not drill.ended


def test_putting_mike_off_ends_the_drill(mike: Scenario) -> None:
    drill = Drill(mike)
    drill.start()
    heard = drill.reply("Let me call you back in ten minutes, I'm just pulling up my notes.")
    assert heard == ["Ah, I'm about to start loading trucks. Never mind, then."]
    assert drill.ended
    assert drill.reply("Hello? Mike?") == []


def test_small_talk_keeps_mike_on_the_same_step(mike: Scenario) -> None:
    drill = Drill(mike)
    drill.start()
    heard = drill.reply("Hey, great to hear from you!")
    assert heard == [line(mike, "open", 3)]
    assert mike.steps[drill.step].id == "open"
    assert not drill.ended


def test_a_whole_call_with_mike_from_hello_to_goodbye(mike: Scenario) -> None:
    drill = Drill(mike)
    drill.start()
    drill.reply("Sorry, which company are you with?")
    assert drill.reply(
        "I called about your refrigerated loads spoiling before the temperature alarms arrive."
    ) == [line(mike, "what-about", 0), line(mike, "engage")]
    assert drill.reply("We flag a warming trailer while it's still on the road.") == [
        line(mike, "engage", 1),
        line(mike, "book"),
    ]
    assert drill.reply("Let's lock in Thursday at 2pm.") == [
        "Thursday at 2pm, yep, that works. Send me an invite so it's on my phone.",
        line(mike, "wrap"),
    ]
    assert drill.reply("Great, thanks Mike, bye for now.") == ["Talk Thursday, then. Bye."]
    assert drill.ended


# ------------------------------------------------------------------ Call Me Sometime
def test_a_vague_time_gets_a_shrug_and_the_drill_waits_for_a_real_one(dale: Scenario) -> None:
    drill = Drill(dale)
    assert drill.start() == [line(dale, "where")]
    assert drill.reply("Are you interested in taking this further?") == [
        "Oh, sure, I'm interested. Fuel's eating me alive.",
        line(dale, "time"),
    ]
    heard = drill.reply("Great, let's talk next week.")
    assert heard == ["Sure, call me sometime. Whenever suits."]
    assert dale.steps[drill.step].id == "time"
    assert not drill.ended
    heard = drill.reply("I'll come by Tuesday at 7am, before the trucks go out.")
    assert heard == [
        "Huh, you don't mess about. Okay, that works, I'll chalk it on the board.",
        line(dale, "bye"),
    ]
    assert dale.steps[drill.step].id == "bye"


def test_saying_goodbye_where_no_reply_fits_ends_the_drill(dale: Scenario) -> None:
    drill = Drill(dale)
    drill.start()
    heard = drill.reply(
        "So, to sum up: your fuel bills are up a fifth this year, and your routes get "
        "planned on a whiteboard every morning."
    )
    assert heard == ["Yep, that's about the size of it.", line(dale, "check")]
    assert drill.reply("Thanks Dale, bye for now.") == []
    assert drill.ended


def test_a_reply_no_branch_expects_moves_on_to_the_next_step(dale: Scenario) -> None:
    drill = Drill(dale)
    drill.start()
    drill.reply(
        "So, to sum up: your fuel bills are up a fifth this year, and your routes get "
        "planned on a whiteboard every morning."
    )
    assert drill.reply("Right.") == [line(dale, "interest")]
    assert dale.steps[drill.step].id == "interest"


def test_the_transcript_is_the_conversation_as_played(dale: Scenario) -> None:
    drill = Drill(dale)
    played = [(drill.prospect, said) for said in drill.start()]
    for rep_line in (
        "Are you interested in taking this further?",
        "Let's talk next week.",
        "I'll come by Tuesday at 7am, before the trucks go out.",
        "Sure, black please.",
    ):
        played.append((REP, rep_line))
        played += [(drill.prospect, said) for said in drill.reply(rep_line)]
    assert drill.ended
    assert [(t.speaker, t.text) for t in drill.turns] == played
    speakers = [t.speaker for t in drill.turns]
    assert speakers[0] == "Dale"
    # Rep and prospect take turns: the rep never speaks twice in a row, and every rep line
    # is answered.
    assert all(a != REP or b != REP for a, b in pairwise(speakers))
    assert all(b == "Dale" for a, b in pairwise(speakers) if a == REP)
    assert speakers.count(REP) == 4


def test_blank_replies_are_ignored_and_a_finished_drill_says_nothing(dale: Scenario) -> None:
    drill = Drill(dale)
    drill.start()
    assert drill.reply("   ") == []
    assert drill.replies == 0 and len(drill.turns) == 1
    drill.finish()
    assert drill.reply("Are you interested?") == []
    assert len(drill.turns) == 1


def test_a_drill_stops_after_the_most_replies_allowed(dale: Scenario) -> None:
    drill = Drill(dale)
    drill.start()
    for _ in range(MAX_REPLIES):
        drill.reply("Hmm.")
    assert drill.ended
    assert drill.reply("Hello?") == []


# ------------------------------------------------------- the scorer's reading
def test_the_prospect_and_the_score_card_read_a_put_off_alike() -> None:
    from coach.practice.detectors import detect
    from coach.practice.prospect import intents

    put_off = "I'm pretty busy right now, I'll call you next week."
    for path in sorted(BUNDLED.glob("*.toml")):
        drill = Drill(scenarios.load_file(path))
        if drill.scenario.kind != "callback":
            continue
        drill.start()
        before = list(drill.turns)
        assert "deferred" in intents(put_off, drill.scenario.brief, before, REP), path.name
        drill.reply(put_off)
        verdict = detect(drill.turns, REP, drill.scenario.brief, ["kept_on_line"])
        assert not verdict["kept_on_line"].passed, path.name


def test_a_call_back_at_a_set_time_after_dealing_with_them_is_a_booking(mike: Scenario) -> None:
    from coach.practice.prospect import intents

    drill = Drill(mike)
    drill.start()
    drill.reply("Sorry, which company are you with?")
    drill.reply("I called about your refrigerated loads spoiling before the alarms arrive.")
    later = "I'll call you back Thursday at 2pm with the trailer figures."
    did = intents(later, mike.brief, drill.turns, REP)
    assert "specific_time" in did
    assert "deferred" not in did
    first = intents(later, mike.brief, drill.turns[:1], REP)
    assert "deferred" in first, "as the first answer, the same words put him off"


def test_in_a_drill_a_time_is_booked_only_when_the_prospect_says_yes() -> None:
    from coach.practice.detectors import Brief, detect
    from coach.practice.scoring import score
    from coach.practice.transcript import parse_plain

    dodged = parse_plain("Rep: Let's put Thursday at 2pm in the diary.\nDale: Up to you, really.\n")
    drill = Brief(accepted_only=True)
    assert detect(dodged, REP, Brief(), ["specific_time"])["specific_time"].passed, "a real call"
    assert not detect(dodged, REP, drill, ["specific_time"])["specific_time"].passed
    item = score(dodged, REP, drill, {"specific_time": 1}).items[0]
    assert "never said yes" in item.tip and "Thursday at 2pm" in item.tip


def test_dale_commits_the_moment_a_time_is_pinned(dale: Scenario) -> None:
    from coach.practice.drills import final_card

    drill = Drill(dale)
    drill.start()
    drill.reply(
        "So, to sum up: your fuel bills are up a fifth this year, and your routes get "
        "planned on a whiteboard every morning."
    )
    drill.reply("Right.")  # on to "So what's next, then?"
    heard = drill.reply("Let's put Thursday at 2pm in the diary.")
    assert heard[0] == "Huh, you don't mess about. Okay, that works, I'll chalk it on the board."
    drill.finish()
    item = next(i for i in final_card(drill, None).items if i.key == "specific_time")
    assert item.passed


def test_silence_gets_a_still_there_after_the_personas_wait_and_never_twice_the_same(
    mike: Scenario,
) -> None:
    from dataclasses import replace

    quiet = replace(mike, persona=replace(mike.persona, silence=8.0, on_silence=("Hello?",)))
    drill = Drill(quiet)
    drill.start()
    assert drill.silence(100.0) is None  # the wait starts
    assert drill.silence(107.9) is None
    assert drill.silence(108.0) == "Hello?"
    assert drill.silence(200.0) is None, "each line once: then they just wait"
    drill.reply("Sorry, which company are you with?")
    assert drill.silence(300.0) is None and drill.prompts == 1
    assert Drill(mike).silence(500.0) is None, "a persona without a wait never prompts"


def test_a_put_off_as_the_third_reply_is_still_a_miss_quoted(mike: Scenario) -> None:
    from coach.practice.drills import final_card

    drill = Drill(mike)
    drill.start()
    drill.reply("Sorry, which company are you with?")
    drill.reply("I called about your refrigerated loads spoiling before the alarms arrive.")
    drill.reply("I'm pretty busy right now, I'll call you next week.")
    drill.finish()
    item = next(i for i in final_card(drill, None).items if i.key == "kept_on_line")
    assert not item.passed
    assert item.evidence == "I'm pretty busy right now, I'll call you next week."


@pytest.mark.parametrize("path", sorted(BUNDLED.glob("*.toml")), ids=lambda p: p.stem)
def test_no_bundled_prospect_ever_repeats_a_line(path: Path) -> None:
    """Small talk, dodges and vague times, over and over: never the same line twice."""
    from collections import Counter

    drill = Drill(scenarios.load_file(path))
    drill.start()
    for reply in ["Hmm.", "Okay.", "Let's talk next week.", "Right.", "I see."] * 4:
        drill.reply(reply)
    said = Counter(t.text for t in drill.turns if t.speaker != REP)
    assert [line for line, n in said.items() if n > 1] == []


def test_the_prospect_says_yes_to_the_time_the_rep_named_not_a_day_of_its_own(
    mike: Scenario,
) -> None:
    drill = Drill(mike)
    drill.start()
    drill.reply("Sorry, which company are you with?")
    drill.reply(
        "I called about your refrigerated loads spoiling before the temperature alarms arrive."
    )
    drill.reply("We flag a warming trailer while it's still on the road.")
    heard = drill.reply("Could we do Friday at 10am?")
    assert heard[0].startswith("Friday at 10am, yep, that works.")
    assert not any("Thursday" in said for said in heard)


def test_a_rep_who_says_goodbye_mid_call_hears_the_line_go_quiet(mike: Scenario) -> None:
    drill = Drill(mike)
    drill.start()
    drill.reply("Sorry, which company are you with?")
    assert drill.reply("Our platform does everything you need. Talk soon!") == []
    assert drill.ended


def test_a_callback_caller_is_caller_until_they_say_their_name_or_are_found() -> None:
    unnamed = Drill(scenarios.load_file(BUNDLED / "you-called-me.toml"))
    unnamed.start()
    assert unnamed.shown_as() == "Caller"  # "You called me?": nothing to go on yet
    assert unnamed.shown_as(identified=True) == unnamed.prospect  # the rep found them
    unnamed.reply("Sorry, who am I speaking with?")
    assert unnamed.shown_as() == unnamed.prospect  # now they have said it
    misheard = Drill(scenarios.load_file(BUNDLED / "spell-it.toml"))
    misheard.start()
    assert misheard.shown_as() == "Caller"  # said as it sounds, not as the book spells it
    named = Drill(scenarios.load_file(BUNDLED / "which-mike.toml"))
    named.start()
    assert named.shown_as() == "Mike"
    ending = Drill(scenarios.load_file(BUNDLED / "wont-name-a-time.toml"))
    ending.start()
    assert ending.shown_as() == ending.prospect  # a meeting: you know who is in the room
    kept = {t.speaker for t in unnamed.turns if t.speaker != REP}
    assert kept == {unnamed.prospect}  # the kept transcript always names them


def test_a_drill_on_a_clock_times_each_turn_for_the_delivery_figures() -> None:
    from coach.practice import delivery, drills

    now = [0.0]
    drill = Drill(scenarios.load_file(BUNDLED / "wont-name-a-time.toml"), clock=lambda: now[0])
    opening = drill.start()
    first = drill.turns[0]
    words = len(opening[0].split())
    assert first.start == 0.0 and first.end == pytest.approx(words * 60 / 160)  # his pace
    now[0] = 20.0
    drill.reply("So fuel bills are up a fifth. Did I get that right?", began=12.0)
    mine = drill.turns[1]
    assert (mine.start, mine.end) == (12.0, 20.0)  # from the first keystroke to Enter
    theirs = drill.turns[2:]
    assert theirs and theirs[0].start == 20.0
    for before, after in pairwise(theirs):
        assert after.start == before.end  # said one after the other
    record = drills.record(drill, drills.final_card(drill, None), 0.0, 30.0, None)
    kept = delivery.from_kept(record.delivery)
    assert kept is not None and kept.basis == "drill"
    assert kept.rep_questions == 1 and kept.longest_monologue_s is None  # typing, not talk
    assert kept.longest_monologue_words == 12
    assert first.end is not None and kept.patience_s == pytest.approx(
        12.0 - first.end
    )  # from his line to the keystroke
    shown = Drill(drill.scenario, clock=lambda: now[0], voiced=False)
    shown.start()
    assert shown.turns[0].end == shown.turns[0].start  # text: there at once, nothing to wait out
    assert [mine for _s, _e, mine in kept.timeline][:2] == [False, True]
