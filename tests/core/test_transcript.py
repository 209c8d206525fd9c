"""Transcripts in: a rep pastes plain notes, or drops in a Zoom/Teams caption file or an SRT,
and always gets the same speakers-and-words back, or one line saying where the file is wrong."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import UserError
from coach.practice import transcript
from coach.practice.transcript import Turn


def speakers_and_words(turns: list[Turn]) -> list[tuple[str, str]]:
    return [(t.speaker, t.text) for t in turns]


# ------------------------------------------------------------------ plain "Speaker: words"
def test_plain_lines_become_turns_and_a_wrapped_line_continues_the_speaker() -> None:
    text = (
        "Rep: Thanks for making the time today.\n"
        "Ines: Happy to. The big one for us is stock counts,\n"
        "   which still happen on clipboards every Sunday night.\n"
        "\n"
        "# a note the rep typed for themselves\n"
        "Rep: Got it.\n"
    )
    turns = transcript.parse(text, "notes.txt")
    assert speakers_and_words(turns) == [
        ("Rep", "Thanks for making the time today."),
        (
            "Ines",
            "Happy to. The big one for us is stock counts, which still happen on clipboards "
            "every Sunday night.",
        ),
        ("Rep", "Got it."),
    ]
    assert [t.line for t in turns] == [1, 2, 6]
    assert all(t.start is None for t in turns)


def test_two_lines_from_one_speaker_in_a_row_are_one_turn() -> None:
    turns = transcript.parse("Rep: Hello.\nRep: Can you hear me?\nOmar: Loud and clear.\n")
    assert speakers_and_words(turns) == [
        ("Rep", "Hello. Can you hear me?"),
        ("Omar", "Loud and clear."),
    ]


def test_a_first_line_without_a_speaker_is_reported_at_line_one() -> None:
    with pytest.raises(UserError) as caught:
        transcript.parse("so we talked about the trucks\nRep: right\n", "call.txt")
    assert str(caught.value).startswith("call.txt:1:1: ")
    assert "so we talked about the trucks" in str(caught.value)


def test_a_file_with_nothing_said_is_an_error_not_an_empty_score() -> None:
    with pytest.raises(UserError, match="no conversation"):
        transcript.parse("\n# only a comment\n\n", "empty.txt")


# ------------------------------------------------------------------ WebVTT and SRT
TEAMS_VTT = """\
WEBVTT

NOTE
Exported from the meeting recap.
Speakers are in voice tags.

3f1c2a8e-1
00:00:01.500 --> 00:00:04.000
<v Dana Whitfield>So, before we wrap up,</v>

3f1c2a8e-2
00:00:04.000 --> 00:00:06.250
<v Dana Whitfield>your invoices sit in an inbox for a week.</v>

3f1c2a8e-3
00:01:02.000 --> 00:01:05.500
<v Priya Raman>Yes &amp; nobody knows who approved what.</v>
"""

ZOOM_VTT = """\
WEBVTT

1
00:00:02.000 --> 00:00:05.000
Rep: Thanks for calling back.

2
00:00:05.500 --> 00:00:08.000
Mike: Sure thing, you left me a message.

3
01:02:03.250 --> 01:02:05.000
Something about the trailers?
"""

SRT = """\
1
00:00:01,250 --> 00:00:03,000
Rep: Hello, it's Sam from Routewise.

2
00:00:03,500 --> 00:00:05,000
Gwen: Hi Sam.

3
00:00:05,750 --> 00:00:07,000
Gwen: I only have two minutes.
"""


def test_teams_captions_take_the_speaker_from_voice_tags_and_skip_notes_and_cue_ids() -> None:
    turns = transcript.parse(TEAMS_VTT, "teams.vtt", ".vtt")
    assert speakers_and_words(turns) == [
        ("Dana Whitfield", "So, before we wrap up, your invoices sit in an inbox for a week."),
        ("Priya Raman", "Yes & nobody knows who approved what."),
    ]
    assert [t.start for t in turns] == [1.5, 62.0]
    assert turns[0].line == 7  # the cue id line of the first cue


def test_zoom_captions_take_the_speaker_from_the_words_and_a_nameless_cue_continues() -> None:
    turns = transcript.parse(ZOOM_VTT, "zoom.vtt", ".vtt")
    assert speakers_and_words(turns) == [
        ("Rep", "Thanks for calling back."),
        ("Mike", "Sure thing, you left me a message. Something about the trailers?"),
    ]
    assert [t.start for t in turns] == [2.0, 5.5]


def test_captions_are_recognised_without_a_suffix() -> None:
    turns = transcript.parse(ZOOM_VTT, "pasted")
    assert transcript.speakers(turns) == ["Rep", "Mike"]


def test_an_hour_long_call_has_its_cue_times_in_seconds() -> None:
    text = "WEBVTT\n\n01:02:03.250 --> 01:02:05.000\nRep: Still there?\n"
    assert transcript.parse(text, "long.vtt", ".vtt")[0].start == pytest.approx(3723.25)


def test_srt_with_comma_milliseconds_joins_one_speakers_cues() -> None:
    turns = transcript.parse(SRT, "call.srt", ".srt")
    assert speakers_and_words(turns) == [
        ("Rep", "Hello, it's Sam from Routewise."),
        ("Gwen", "Hi Sam. I only have two minutes."),
    ]
    assert [t.start for t in turns] == [1.25, 3.5]


def test_an_srt_cue_with_a_broken_time_is_reported_at_that_line(tmp_path: Path) -> None:
    broken = SRT.replace("00:00:05,750 --> 00:00:07,000", "00:00:05 --> 00:00:07,000")
    path = tmp_path / "call.srt"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        transcript.read(path)
    assert str(caught.value).startswith(f"{path}:10:1: expected a cue time")
    assert "00:00:05 --> 00:00:07,000" in str(caught.value)


def test_a_vtt_cue_with_a_broken_time_and_no_id_is_reported_at_the_time_line() -> None:
    text = (
        "WEBVTT\n"
        "\n"
        "00:00:01.000 --> 00:00:02.000\n"
        "Rep: Hi Noor.\n"
        "\n"
        "00:00:03 --> 00:00:04.000\n"
        "Noor: Hello.\n"
    )
    with pytest.raises(UserError) as caught:
        transcript.parse(text, "noor.vtt", ".vtt")
    assert str(caught.value).startswith("noor.vtt:6:1: ")


def test_a_transcript_with_a_byte_order_mark_reads_like_any_other(tmp_path: Path) -> None:
    path = tmp_path / "teams.vtt"
    path.write_bytes(TEAMS_VTT.encode("utf-8-sig"))
    assert transcript.speakers(transcript.read(path)) == ["Dana Whitfield", "Priya Raman"]


def test_a_file_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_bytes("Rep: Ça va?\n".encode("utf-16"))
    with pytest.raises(UserError, match=r"call.txt:1:1: invalid UTF-8"):
        transcript.read(path)


# ------------------------------------------------------------------ which speaker is the rep
CALL = transcript.parse("Dana: Hi, returning your call.\nME: Thanks!\nKim: I'm on too.\n")


def test_the_rep_named_on_the_command_line_is_found_whatever_the_case() -> None:
    assert transcript.pick_rep(CALL, "kim") == "Kim"
    assert transcript.pick_rep(CALL, "DANA") == "Dana"


def test_an_unknown_rep_name_lists_the_speakers_there_are() -> None:
    with pytest.raises(UserError) as caught:
        transcript.pick_rep(CALL, "Bob", "call.txt")
    assert str(caught.value) == "call.txt: no speaker called 'Bob' (speakers: Dana, ME, Kim)"


@pytest.mark.parametrize("rep", ["Rep", "Me", "Sales", "rep", "SALES"])
def test_a_speaker_called_rep_me_or_sales_is_taken_as_the_rep(rep: str) -> None:
    turns = transcript.parse(f"Olu: Hello?\n{rep}: Hi Olu, thanks for calling back.\n")
    assert transcript.pick_rep(turns) == rep


@pytest.mark.parametrize(
    ("conversation", "rep"),
    [
        ("Customer: Hi, you called?\nAgent: Yes, thanks for ringing back.\n", "Agent"),
        ("Them: Hello?\nMe: Hi, it's Sam.\n", "Me"),
        ("Homeowner: Come in.\nInstaller: Thanks, lovely roof.\n", "Installer"),
        ("Head of People: Hi.\nRecruiter: Hi, thanks for the time.\n", "Recruiter"),
        ("Caller: Hi, returning your call.\nDana: Hi! Who's this?\n", "Dana"),  # not the caller
    ],
)
def test_a_sellers_label_is_the_rep_and_the_other_sides_never_is(
    conversation: str, rep: str
) -> None:
    assert transcript.pick_rep(transcript.parse(conversation)) == rep


def test_otherwise_the_first_speaker_is_the_rep() -> None:
    turns = transcript.parse("Olu: Hello?\nKeiko: Hi Olu.\n")
    assert transcript.pick_rep(turns) == "Olu"


# ------------------------------------------------------------------ properties
NAMES = ["Rep", "Dana", "Mike O'Neil", "Sales", "Priya"]
# Words on one line: no colon (it would start a speaker) and nothing that breaks a line.
WORDS = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters=":"),
    max_size=30,
)


@settings(deadline=None, max_examples=150)
@given(st.lists(st.tuples(st.sampled_from(NAMES), WORDS), min_size=1, max_size=12))
def test_plain_lines_give_back_their_speakers_in_order(lines: list[tuple[str, str]]) -> None:
    text = "".join(f"{who}: {words}\n" for who, words in lines)
    said = [(who, words.strip()) for who, words in lines if words.strip()]
    expected = [who for who, _ in groupby(who for who, _ in said)]
    try:
        turns = transcript.parse(text, "typed.txt")
    except UserError:
        assert expected == [], "only a transcript with nothing said may be refused"
        return
    assert [t.speaker for t in turns] == expected
    assert [t.text for t in turns] == [
        " ".join(words for _, words in group) for _, group in groupby(said, key=lambda s: s[0])
    ]


CAPTION_BITS = st.sampled_from(
    [
        "WEBVTT",
        "\n",
        "\n\n",
        "00:00:01.000 --> 00:00:02.500",
        "00:01,5 --> 00:02,5",
        "1",
        "NOTE ",
        "Rep: ",
        "Dana:",
        "<v Dana>",
        "</v>",
        "-->",
        ":",
        "#",
        "\ufeff",
        "&amp;",
        "\r\n",
    ]
)


@settings(deadline=None, max_examples=300)
@given(
    st.lists(st.one_of(CAPTION_BITS, st.text(max_size=6)), max_size=14).map("".join),
    st.sampled_from(["", ".txt", ".vtt", ".srt"]),
)
def test_any_text_is_either_a_conversation_or_a_user_error(text: str, suffix: str) -> None:
    try:
        turns = transcript.parse(text, "anything", suffix)
    except UserError as exc:
        assert str(exc).startswith("anything")
        return
    assert turns
    assert all(t.speaker and t.text for t in turns)
