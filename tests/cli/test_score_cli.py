"""`coach score` and `coach scenarios`: a rep scores a real call from the terminal, and a drill
author checks their file, with one-line errors and honest exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.practice import delivery
from tests.helpers import run_main

BUNDLED = Path(__file__).resolve().parents[2] / "scenarios"

ENDING = """\
Dana: Before we finish, let me make sure I have this straight.
Dana: So your invoice approvals get lost in email, and your month-end close drags on
  for nine days. Did I get that right?
Priya: Yes, that's it.
Dana: Would you be open to a second session with your controller?
Priya: Sure.
Dana: Let's talk next week.
Priya: Fine.
"""
ISSUES = "invoices approved by email and lost; month-end close takes nine days"

TEAMS = """\
WEBVTT

NOTE exported from Teams

1
00:00:03.000 --> 00:00:06.000
<v Priya Raman>Hi, it's Priya from Stonegate, returning your call.</v>

2
00:00:06.500 --> 00:00:09.000
<v Rep>Thanks Priya. Which company are you with again?</v>

3
00:00:09.500 --> 00:00:11.000
<v Rep>Sorry, it's loud here.</v>
"""


@pytest.fixture(autouse=True)
def no_drills_of_my_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The rep's config folder is empty unless a test puts drills there."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "callback-coach" / "scenarios"


@pytest.fixture
def ending(tmp_path: Path) -> Path:
    path = tmp_path / "ending.txt"
    path.write_text(ENDING, encoding="utf-8")
    return path


# ------------------------------------------------------------------ coach score
def test_score_as_json_gives_every_item_and_the_score(
    ending: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(capsys, "score", str(ending), "--issues", ISSUES, "--json")
    assert code == 0 and err == ""
    card = json.loads(out)
    # A meeting ending drafts its follow-up; every transcript gets its delivery figures.
    assert set(card) == {"items", "score", "followup", "delivery", "delivery_tips"}
    assert card["followup"]["meeting"] is None  # "next week" books nothing
    assert card["followup"]["invite"] is None and card["followup"]["id"] is None
    assert {k: v["passed"] for k, v in card["items"].items()} == {
        "recap": True,
        "checked_understanding": True,
        "confirm_interest": True,
        "specific_time": False,
    }
    for item in card["items"].values():
        assert set(item) >= {"passed", "evidence", "tip"}
    assert card["items"]["checked_understanding"]["evidence"] == "Did I get that right?"
    assert '"next week"' in card["items"]["specific_time"]["tip"]
    assert card["score"] == 75


def test_score_in_plain_text_marks_each_item_and_quotes_the_evidence(
    ending: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(capsys, "score", str(ending), "--issues", ISSUES)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Score 75/100  (meeting end; rep: Dana)"
    assert "  PASS  Recapped their key issues" in lines
    assert "  PASS  Checked you understood" in lines
    assert "  MISS  Booked a specific time" in lines
    assert '        "Did I get that right?"' in lines
    assert any(line.startswith("        tip: ") and '"next week"' in line for line in lines)


def test_score_gives_the_delivery_figures_by_words_without_cue_times(
    ending: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(capsys, "score", str(ending), "--issues", ISSUES, "--json")
    assert code == 0
    figures = json.loads(out)["delivery"]
    assert tuple(figures) == delivery.KEYS
    assert figures["basis"] == "words"
    # Dana says 11 + 22 + 11 + 4 = 48 of the 48 + 3 + 1 + 1 = 53 words.
    assert figures["talk_share"] == round(48 / 53, 3)
    assert figures["rep_questions"] == 2 and figures["open_questions"] == 0
    for key in ("longest_monologue_s", "filler_per_min", "rep_wpm", "patience_s"):
        assert figures[key] is None
    code, out, _ = run_main(capsys, "score", str(ending), "--issues", ISSUES)
    block = out[out.index("Delivery (by words)") :].splitlines()
    assert block[1] == "  Talk share         91%"
    assert block[3] == "  Questions          2 (0 open)"
    assert any(line.startswith("  tip: You talked 91%") for line in block)


def test_score_times_a_caption_files_delivery(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "call.vtt"
    path.write_text(TEAMS, encoding="utf-8")
    code, out, _ = run_main(capsys, "score", str(path), "--kind", "callback", "--json")
    assert code == 0
    figures = json.loads(out)["delivery"]
    # Rep cues 6.5–9.0 and 9.5–11.0 (one run: 0.5 s apart); Priya 3.0–6.0.
    assert figures["basis"] == "cue times"
    assert figures["talk_share"] == round(4.0 / 7.0, 3)
    assert figures["longest_monologue_s"] == 4.5 and figures["longest_monologue_words"] == 12
    assert figures["patience_s"] == 0.5
    assert figures["interruptions_by_rep"] == 0 and figures["interruptions_by_prospect"] == 0


def test_a_transcript_too_long_for_a_call_is_cut_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.practice import drills
    from coach.practice import transcript as transcripts

    monkeypatch.setattr(transcripts, "MAX_LINES", 300)
    monkeypatch.setattr(transcripts.read_file, "__defaults__", (300,))
    monkeypatch.setattr(drills, "SCORED_TURNS", 50)
    path = tmp_path / "long.txt"
    path.write_text("".join(f"{'Rep' if n % 2 else 'Dana'}: line {n}\n" for n in range(1000)))
    code, out, err = run_main(capsys, "score", str(path), "--kind", "meeting_end", "--json")
    assert code == 0
    assert f"coach: note: {path}: 1,000 lines, too long for one call: read the first 300" in err
    assert "the rubric read the last 50 of 300 turns" in err
    got = json.loads(out)
    assert len(got["notes"]) == 2
    assert got["delivery"]["talk_share"] == 0.5  # every line read counts for delivery


def test_score_reads_a_teams_caption_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "call.vtt"
    path.write_text(TEAMS, encoding="utf-8")
    code, out, _ = run_main(
        capsys, "score", str(path), "--reason", "their returns costing more than shipping", "--json"
    )
    assert code == 0
    card = json.loads(out)
    assert list(card["items"]) == ["asked_who", "named_reason", "kept_on_line", "specific_time"]
    assert card["items"]["asked_who"] == {
        "passed": True,
        "evidence": "Which company are you with again?",
        "tip": card["items"]["asked_who"]["tip"],
        "weight": 1.0,
        "overridden": False,
        "needed": True,
    }


def test_the_rep_can_be_named_when_they_did_not_speak_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "call.txt"
    path.write_text(
        "Priya: Hi, returning your call.\n"
        "Dana: Thanks Priya! Which company are you with?\n"
        "Priya: Stonegate Outfitters.\n",
        encoding="utf-8",
    )
    _, guessed, _ = run_main(capsys, "score", str(path), "--kind", "callback")
    assert "rep: Dana" in guessed.splitlines()[0], "on a callback the caller speaks first"
    assert "  PASS  Asked who / which company" in guessed.splitlines()
    _, meeting, _ = run_main(capsys, "score", str(path), "--kind", "meeting_end")
    assert "rep: Priya" in meeting.splitlines()[0], "otherwise the first speaker"
    code, out, _ = run_main(capsys, "score", str(path), "--kind", "callback", "--rep", "dana")
    assert code == 0
    lines = out.splitlines()
    assert "rep: Dana" in lines[0]
    assert "  PASS  Asked who / which company" in lines
    assert '        "Which company are you with?"' in lines


def test_an_unknown_rep_is_one_line_listing_the_speakers(
    ending: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(capsys, "score", str(ending), "--rep", "Bob")
    assert code == 2 and out == ""
    assert err == f"coach: error: {ending}: no speaker called 'Bob' (speakers: Dana, Priya)\n"


def test_a_missing_transcript_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.txt"
    code, out, err = run_main(capsys, "score", str(missing))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("coach: error: ") and str(missing) in err
    assert "Traceback" not in err


def test_a_transcript_without_speakers_is_one_line_with_its_line_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("we talked about trucks\n", encoding="utf-8")
    code, _, err = run_main(capsys, "score", str(path))
    assert code == 2
    assert err.startswith(f"coach: error: {path}:1:1: ")
    assert err.count("\n") == 1


def test_score_against_a_drills_rubric_uses_its_weights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dale.txt"
    path.write_text("Dale: So what now?\nRep: Let's talk next week.\n", encoding="utf-8")
    code, out, _ = run_main(capsys, "score", str(path), "--scenario", "wont-name-a-time", "--json")
    assert code == 0
    card = json.loads(out)
    assert {k: v["weight"] for k, v in card["items"].items()} == {
        "recap": 1.0,
        "checked_understanding": 1.0,
        "confirm_interest": 2.0,
        "specific_time": 3.0,
    }
    assert card["items"]["specific_time"]["tip"].startswith('You left it at "next week"')


def test_an_unknown_drill_id_lists_the_known_ones(
    ending: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(capsys, "score", str(ending), "--scenario", "no-such-drill")
    assert code == 2
    assert "no drill with id 'no-such-drill'" in err and "which-mike" in err


# ------------------------------------------------------------------ coach scenarios
def test_scenarios_list_shows_every_bundled_drill(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "scenarios", "list")
    assert code == 0 and err == ""
    listed = {line.split()[0] for line in out.splitlines() if line.strip()}
    bundled = {path.stem for path in BUNDLED.glob("*.toml")}
    assert bundled <= listed
    assert "Your own drills go in" in out


def test_scenarios_list_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "scenarios", "list", "--json")
    assert code == 0
    listing = json.loads(out)
    assert listing["errors"] == []
    assert {row["id"] for row in listing["scenarios"]} == {p.stem for p in BUNDLED.glob("*.toml")}


def test_validating_the_bundled_drills_passes(capsys: pytest.CaptureFixture[str]) -> None:
    count = len(list(BUNDLED.glob("*.toml")))
    code, out, err = run_main(capsys, "scenarios", "validate", str(BUNDLED))
    assert code == 0 and err == ""
    assert out.strip() == f"{count} of {count} drill files are valid."


def test_validating_a_broken_drill_names_the_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (BUNDLED / "says-no.toml").read_text(encoding="utf-8")
    text = text.replace('kind = "meeting_end"', 'kind = "cold_call"')
    kind_line = next(n for n, line in enumerate(text.splitlines(), 1) if "cold_call" in line)
    path = tmp_path / "says-no.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_main(capsys, "scenarios", "validate", str(path))
    assert code == 2
    assert f"{path}:{kind_line}:1: 'kind' must be one of" in err
    assert "0 of 1 drill files are valid." in out
    assert "Traceback" not in err


def test_a_broken_drill_of_my_own_is_skipped_by_list_with_a_reason(
    no_drills_of_my_own: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    no_drills_of_my_own.mkdir(parents=True)
    broken = no_drills_of_my_own / "half-done.toml"
    broken.write_text('id = "half-done"\n', encoding="utf-8")
    code, out, err = run_main(capsys, "scenarios", "list")
    assert code == 1
    assert "which-mike" in out
    assert err.startswith(f"coach: skipped: {broken}:1:1: ")
