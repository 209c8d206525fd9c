"""Delivery figures on transcripts with hand-worked answers (see coach.practice.delivery for
each definition): overlaps, merged runs of cues, no timestamps, a rep who never speaks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.practice import delivery
from coach.practice.delivery import fillers, measure, tips
from coach.practice.transcript import Turn, parse, parse_captions


def cue(speaker: str, start: float, end: float, text: str) -> Turn:
    return Turn(speaker, text, start, 0, end)


CALL = [
    cue("Rep", 0.0, 10.0, "So, um, the trucks run late on Mondays."),  # 8 words, 1 filler
    cue("Rep", 10.5, 20.0, "And the drivers re-key orders, you know."),  # 7 words, 1 filler
    cue("Dana", 19.0, 25.0, "Yes, that's it."),  # starts before the rep ended: theirs
    cue("Rep", 26.0, 30.0, "What does a late truck cost you?"),  # open question, 1 s wait
    cue("Dana", 29.0, 41.0, "About two hundred a day, I'd say, maybe more."),  # theirs again
    cue("Rep", 40.0, 44.0, "Would Thursday at 2pm work?"),  # the rep cuts in: 0 s wait
    cue("Dana", 45.0, 47.0, "Sure."),
]


def test_every_figure_on_a_timed_call_with_overlaps() -> None:
    d = measure(CALL, "Rep")
    assert d.basis == "cue times"
    # Rep cue time 10 + 9.5 + 4 + 4 = 27.5 of 27.5 + 6 + 12 + 2 = 47.5 (overlaps count twice).
    assert d.talk_share == pytest.approx(27.5 / 47.5)
    assert d.talk_share_words == pytest.approx(27 / 40)
    # The first two cues are one run (10.0 → 10.5 is within 1 s; Dana's cue inside it does
    # not break it): 0 → 20 s, 15 words.
    assert d.longest_monologue_s == pytest.approx(20.0)
    assert d.longest_monologue_words == 15
    assert d.monologue_opening == "So, um, the trucks run late on Mondays."
    assert (d.rep_questions, d.open_questions) == (2, 1)
    assert d.fillers == 2
    assert d.filler_per_min == pytest.approx(2 / (27.5 / 60))
    assert d.filler_per_100_words == pytest.approx(200 / 27)
    assert d.rep_wpm == pytest.approx(27 / (27.5 / 60))
    assert (d.interruptions_by_rep, d.interruptions_by_prospect) == (1, 2)
    assert d.patience_s == pytest.approx(0.5)  # the median of 1.0 and 0.0
    assert [rep for _s, _e, rep in d.timeline] == [True, True, False, True, False, True, False]


def test_the_json_has_exactly_the_documented_keys_rounded() -> None:
    out = measure(CALL, "Rep").as_json()
    assert tuple(out) == delivery.KEYS
    assert out["talk_share"] == 0.579 and out["patience_s"] == 0.5


def test_a_plain_transcript_is_measured_by_words_and_the_time_figures_are_null() -> None:
    turns = parse(
        "Rep: Hi Dana. So, like, the trucks are late.\n"
        "Rep: What kind of trucks do you run?\n"  # "what kind of": a noun, not a filler
        "Dana: We run vans mostly.\n"
        "Rep: I mean, it is sort of the same.\n"  # two fillers, 8 words
        "Dana: Okay.\n"
    )
    d = measure(turns, "Rep")
    assert d.basis == "words"
    assert d.talk_share == d.talk_share_words == pytest.approx(23 / 28)
    assert d.longest_monologue_words == 15  # the first two lines are one stretch
    assert d.monologue_opening.startswith("Hi Dana. So, like,")
    assert (d.rep_questions, d.open_questions) == (1, 1)
    assert d.fillers == 3
    assert d.filler_per_100_words == pytest.approx(300 / 23)
    for key in ("longest_monologue_s", "filler_per_min", "rep_wpm", "patience_s"):
        assert getattr(d, key) is None, key
    assert d.interruptions_by_rep is None and d.interruptions_by_prospect is None


def test_a_rep_who_never_speaks_has_zeros_and_no_rates() -> None:
    d = measure([cue("Dana", 0, 5, "Hello? Anyone there?"), cue("Dana", 6, 8, "Hello?")], "Rep")
    assert d.talk_share == 0.0 and d.talk_share_words == 0.0
    assert d.longest_monologue_s == 0.0 and d.longest_monologue_words == 0
    assert (d.rep_questions, d.fillers) == (0, 0)
    assert d.filler_per_min is None and d.rep_wpm is None and d.filler_per_100_words is None
    assert (d.interruptions_by_rep, d.interruptions_by_prospect) == (0, 0)
    assert d.patience_s is None
    empty = measure([], "Rep")
    assert empty.talk_share is None and empty.longest_monologue_words == 0


def test_webvtt_cues_keep_their_own_times_when_not_joined() -> None:
    text = (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:04.000\n<v Rep>Hi, it's Sam.\n\n"
        "00:00:04.200 --> 00:00:09.000\n<v Rep>I called about the trucks.\n\n"
        "00:00:08.500 --> 00:00:10.000\n<v Dana>Oh yes.\n"
    )
    cues = parse_captions(text, joined=False)
    assert [(c.speaker, c.start, c.end) for c in cues] == [
        ("Rep", 0.0, 4.0), ("Rep", 4.2, 9.0), ("Dana", 8.5, 10.0),
    ]  # fmt: skip
    joined = parse_captions(text)
    assert [(t.speaker, t.start, t.end) for t in joined] == [
        ("Rep", 0.0, 9.0), ("Dana", 8.5, 10.0),
    ]  # fmt: skip
    d = measure(cues, "Rep")
    assert d.longest_monologue_s == pytest.approx(9.0) and d.interruptions_by_prospect == 1


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Um, so, uh, we could erm try it. Er, uhm, yes.", 5),
        ("Ummm, right. Uhh, fine.", 2),  # drawn out, still one each
        ("You know, it's slow. It's, you know, slow. It's slow, you know?", 3),
        ("Do you know Sam? If you know the answer, as you know, you know the drill.", 0),
        ("I mean, we could. That's not what I mean. I mean it.", 1),
        ("It's kind of slow and we sort of agree.", 2),
        ("What kind of trucks? That sort of thing. A kind of magic. Any sort of help.", 0),
        ("Like, we tried that. It's, like, slow. It was like um two weeks.", 4),  # like + um
        ("I like it. It looks like rain. I would like a demo. It took like two weeks.", 0),
        ("", 0),
    ],
)
def test_fillers_are_counted_only_where_they_are_fillers(text: str, count: int) -> None:
    assert fillers(text) == count


@given(
    st.lists(
        st.tuples(st.booleans(), st.floats(0, 3600), st.floats(0, 60)), min_size=1, max_size=40
    )
)
def test_figures_stay_in_range_on_any_timed_call(raw: list[tuple[bool, float, float]]) -> None:
    cues = [cue("Rep" if mine else "Them", s, s + d, "so um what now?") for mine, s, d in raw]
    d = measure(cues, "Rep")
    if d.talk_share is not None:
        assert 0.0 <= d.talk_share <= 1.0
    assert d.longest_monologue_s is None or d.longest_monologue_s >= 0
    assert d.patience_s is None or d.patience_s >= 0
    mine = sum(1 for m, _s, _d in raw if m)
    assert d.interruptions_by_rep is not None and d.interruptions_by_rep <= mine
    assert d.rep_questions == mine and d.fillers == mine


def test_a_figure_outside_its_band_gets_a_tip_quoting_the_call() -> None:
    long_talk = [cue("Rep", 0, 200, "Let me walk you through our whole platform today."),
                 cue("Dana", 201, 205, "Okay.")]  # fmt: skip
    found = {t.key: t.text for t in tips(measure(long_talk, "Rep"))}
    assert "Let me walk you through our whole platform…" in found["talk_share"]
    assert "3 min 20 s" in found["longest_monologue_s"]
    assert "patience_s" not in found  # they never spoke first, so there is no wait to judge
    chatty = [cue("Rep", 0, 30, "Um, uh, so, um, like, yeah, um, uh."), cue("Dana", 30, 60, "Hm.")]
    filler_tip = {t.key: t.text for t in tips(measure(chatty, "Rep"))}["filler_per_min"]
    assert filler_tip.startswith("6 fillers, 12.0 a minute")
    relaxed = delivery.bands({"talk_share_max": 0.99, "longest_monologue_s_max": 600})
    assert not {t.key for t in tips(measure(long_talk, "Rep"), relaxed)} & {
        "talk_share", "longest_monologue_s",
    }  # fmt: skip


def test_a_drills_typed_replies_are_judged_by_words_not_by_the_clock() -> None:
    typed = [cue("Rep", 0, 60, "Thursday at 2pm?"), cue("Dana", 60, 61, "Yes, see you then.")]
    d = measure(typed, "Rep", basis="drill")
    assert d.basis == "drill" and d.talk_share_words == pytest.approx(3 / 7)
    for key in ("talk_share", "longest_monologue_s", "rep_wpm", "filler_per_min"):
        assert getattr(d, key) is None, key  # each would time their typing
    assert d.longest_monologue_words == 3 and d.patience_s is None
    judged = {t.key for t in tips(d)}
    assert "rep_wpm" not in judged and "talk_share" not in judged  # 3 of 7 words: in band


def test_the_timeline_strip_shows_who_spoke_when_across_the_width() -> None:
    timeline = [(0.0, 5.0, True), (4.0, 6.0, False), (8.0, 10.0, False)]
    assert delivery.strip(timeline, 10) == "rrrrbp  pp"
    assert delivery.strip([], 10) == "" and delivery.strip(timeline, 0) == ""
