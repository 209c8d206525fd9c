"""The one reading of a conversation: who said each sentence, where it stands, what it does."""

from __future__ import annotations

import pytest

from coach.practice.acts import Act, classify
from coach.practice.analysis import analyse, reply
from coach.practice.transcript import Turn, parse_plain


@pytest.mark.parametrize(
    ("sentence", "acts", "not_acts"),
    [
        ("So you mentioned the invoices go out late, right?", {Act.RESTATE, Act.QUESTION}, set()),
        ("How are you handling dispatch today?", {Act.QUESTION}, {Act.YES_NO, Act.RESTATE}),
        ("Would it help if I set up a demo with Carla?", {Act.INVITE, Act.YES_NO}, set()),
        ("What sparked your interest in solar?", {Act.QUESTION}, {Act.INVITE}),
        ("When should we start the pilot?", {Act.ASSUMES}, {Act.INVITE}),
        ("Did I get that right?", {Act.CHECK}, set()),
        ("Any questions for me?", {Act.QUESTION}, {Act.CHECK}),
        ("Our platform routes every job automatically.", {Act.CLAIM}, {Act.QUESTION}),
        ("I'm reaching out because I noticed you opened three sites.", {Act.OPENER}, set()),
        ("I was unable to make the requested appointment.", {Act.FAILED}, set()),
        ("Please confirm: a demo on Friday at 2 pm.", {Act.ASKS_CONFIRM, Act.CLOCK}, set()),
        ("I'm slammed right now, can I call you back in an hour?", {Act.DEFER}, set()),
        ("Sorry, which company are you with?", {Act.ASK_WHO, Act.QUESTION}, set()),
        ("Yep, that works.", {Act.ACCEPT}, {Act.REFUSE}),
        ("I can't do Thursday after all.", {Act.REFUSE}, {Act.ACCEPT}),
        ("Let's aim for next week.", {Act.VAGUE_TIME}, {Act.CLOCK}),
    ],
)
def test_a_sentence_is_read_for_what_it_does(
    sentence: str, acts: set[Act], not_acts: set[Act]
) -> None:
    got = classify(sentence)
    assert acts <= got, f"missing {acts - got} in {sentence!r}"
    assert not (not_acts & got), f"wrongly {not_acts & got} in {sentence!r}"


def test_every_sentence_knows_its_speaker_position_and_place() -> None:
    turns = parse_plain(
        "Rep: Hi Dana. Thanks for taking the call.\n"
        "Dana: Sure, the invoices are a mess.\n"
        "Rep: Got it.\n"
        "Dana: And dispatch too.\n"
        "Rep: So your invoices and dispatch are the pain.\n"
        "Dana: Yes.\n"
        "Rep: Shall we book a demo?\n"
        "Dana: Sure.\n"
        "Rep: Thursday at 2pm then.\n"
        "Dana: Great.\n"
    )
    analysis = analyse(turns, "Rep")
    assert [s.seq for s in analysis.said] == list(range(len(analysis.said)))
    first, *_ = analysis.said
    assert (first.turn, first.rep, first.position) == (0, True, "opening")
    assert analysis.of_turn(4)[0].position == "middle"
    assert analysis.of_turn(-1)[0].position == "closing"
    assert not analysis.of_turn(-1)[0].rep
    assert Act.INVITE in analysis.turn_acts(6)
    assert next(s.text for s in analysis.by_other()) == "Sure, the invoices are a mess."


def test_how_does_that_sound_invites_only_after_a_proposal_in_the_same_turn() -> None:
    proposed = analyse([Turn("Rep", "We could run a two-week pilot. How does that sound?")], "Rep")
    assert Act.INVITE in proposed.said[-1].acts
    bare = analyse([Turn("Rep", "Right. How does that sound?")], "Rep")
    assert Act.INVITE not in bare.said[-1].acts


def test_a_drill_reply_is_read_with_the_conversation_before_it() -> None:
    before = [Turn("Prospect", "Thursday works for me.")]
    analysis, said = reply(before, "2pm it is.", "Rep")
    assert len(analysis.turns) == 2
    assert [s.text for s in said] == ["2pm it is."]
    assert said[0].turn == 1 and said[0].rep
