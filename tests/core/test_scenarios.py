"""Drills are TOML files: every bundled one loads, a broken one says file:line:column of the
key to fix, and a rep's own drill in the config folder replaces the bundled one of that id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.errors import UserError
from coach.practice import scenarios
from coach.practice.detectors import CALLBACK_ITEMS, MEETING_ITEMS
from coach.practice.scenarios import KINDS, Scenario

BUNDLED = Path(__file__).resolve().parents[2] / "scenarios"

CALLBACK = """\
id = "late-pallets"
title = "Late Pallets"
kind = "callback"
difficulty = 1

[persona]
name = "Miguel"
company = "Saltmarsh Foods"

[brief]
reason = "You called about pallets arriving late at grocery distribution centres."

[[book]]
name = "Miguel Santos"
company = "Saltmarsh Foods"
caller = true

[[book]]
name = "Mike Brandt"
company = "Larkspur Dental"

[[steps]]
id = "open"
say = "Hi, Miguel here. You left me a message?"

[[steps.replies]]
when = ["asked_who"]
say = "Miguel Santos, Saltmarsh Foods."
goto = "why"

[[steps]]
id = "why"
say = "So what was it about?"

[rubric]
weights = { asked_who = 2, named_reason = 1 }
"""

MEETING = """\
id = "fuel-and-whiteboards"
title = "Fuel and Whiteboards"
kind = "meeting_end"
difficulty = 2

[persona]
name = "Dale"

[brief]
issues = ["fuel bills up a fifth", "routes planned on a whiteboard"]

[[steps]]
say = "So, where do we go from here?"

[rubric]
weights = { recap = 1, specific_time = 2 }
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, snippet: str, occurrence: int = 1) -> int:
    """The 1-based number of the line holding the ``occurrence``-th ``snippet``."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if snippet in line]
    return lines[occurrence - 1]


def error_of(tmp_path: Path, text: str) -> tuple[Path, str]:
    path = write(tmp_path, "drill.toml", text)
    with pytest.raises(UserError) as caught:
        scenarios.load_file(path)
    return path, str(caught.value)


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The rep's own drills folder, empty, under a private config dir."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "callback-coach" / "scenarios"
    folder.mkdir(parents=True)
    assert scenarios.user_dir() == folder
    return folder


# ------------------------------------------------------------------ the bundled drills
def test_every_bundled_drill_loads(config_home: Path) -> None:
    found, errors = scenarios.load_all()
    assert errors == []
    assert len(found) >= 14
    assert {s.kind for s in found} == set(KINDS)
    files = sorted(BUNDLED.glob("*.toml"))
    assert len(found) == len(files), "two bundled drills share an id"
    assert all(s.path is not None and s.path.parent == BUNDLED for s in found)


@pytest.mark.parametrize("kind", KINDS)
def test_there_is_a_drill_for_each_kind(kind: str, config_home: Path) -> None:
    found, _ = scenarios.load_all()
    assert [s for s in found if s.kind == kind]


def test_each_kinds_drills_are_scored_on_that_kinds_items(config_home: Path) -> None:
    found, _ = scenarios.load_all()
    allowed = {
        "callback": {*CALLBACK_ITEMS, "time_to_identify"},
        "meeting_end": set(MEETING_ITEMS),
    }
    for drill in found:
        assert set(drill.weights) <= allowed[drill.kind], drill.id


def test_the_bundled_drills_react_to_everything_a_reply_can_do(config_home: Path) -> None:
    found, _ = scenarios.load_all()
    used = {w for s in found for step in s.steps for reply in step.replies for w in reply.when}
    assert used == set(scenarios.WHEN)


@pytest.mark.parametrize("path", sorted(BUNDLED.glob("*.toml")), ids=lambda p: p.stem)
def test_each_bundled_drill_is_complete(path: Path) -> None:
    drill = scenarios.load_file(path)
    assert drill.id == path.stem
    assert drill.title and drill.persona.name and drill.steps
    assert drill.steps[0].say, "the prospect opens the drill"
    assert drill.weights
    if drill.kind == "callback":
        assert drill.caller is not None and drill.reason
    else:
        assert len(drill.issues) >= 2 and drill.book == ()


def test_the_callback_brief_carries_the_callers_company_and_surname() -> None:
    drill = scenarios.load_file(BUNDLED / "which-mike.toml")
    brief = drill.brief
    assert (brief.kind, brief.company, brief.surname) == (
        "callback",
        "Kestrel Cold Chain",
        "Oyelaran",
    )
    assert brief.reason.startswith("You called about refrigerated loads")


# ------------------------------------------------------------------ small drills of our own
def test_a_minimal_callback_and_meeting_drill_load(tmp_path: Path) -> None:
    callback = scenarios.load_file(write(tmp_path, "a.toml", CALLBACK))
    assert callback.id == "late-pallets"
    assert callback.caller is not None and callback.caller.name == "Miguel Santos"
    assert callback.weights == {"asked_who": 2.0, "named_reason": 1.0}
    assert [s.id for s in callback.steps] == ["open", "why"]
    assert callback.steps[0].replies[0].goto == "why"
    meeting = scenarios.load_file(write(tmp_path, "b.toml", MEETING))
    assert meeting.issues == ("fuel bills up a fifth", "routes planned on a whiteboard")
    assert meeting.steps[0].id == "step-1"


def test_an_unknown_key_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    text = MEETING.replace('name = "Dale"\n', 'name = "Dale"\n  nickname = "Big D"\n')
    path, message = error_of(tmp_path, text)
    assert message.startswith(f"{path}:{line_of(text, 'nickname')}:3: unknown key 'nickname'")


def test_an_unknown_top_level_key_is_named_at_its_line(tmp_path: Path) -> None:
    text = MEETING.replace("difficulty = 2\n", 'difficulty = 2\ncolour = "blue"\n')
    path, message = error_of(tmp_path, text)
    assert message.startswith(f"{path}:5:1: unknown key 'colour'")


def test_a_kind_that_is_not_allowed_is_named_at_its_line(tmp_path: Path) -> None:
    text = MEETING.replace('kind = "meeting_end"', 'kind = "cold_call"')
    path, message = error_of(tmp_path, text)
    assert message == f"{path}:3:1: 'kind' must be one of: callback, meeting_end"


def test_a_drill_without_a_persona_says_one_is_required(tmp_path: Path) -> None:
    text = MEETING.replace('[persona]\nname = "Dale"\n', "")
    path, message = error_of(tmp_path, text)
    assert message == f"{path}:1:1: a [persona] table is required"


def test_a_persona_without_a_name_points_at_the_persona_table(tmp_path: Path) -> None:
    text = MEETING.replace('name = "Dale"', 'role = "Owner"')
    path, message = error_of(tmp_path, text)
    assert message == f"{path}:{line_of(text, '[persona]')}:1: 'name' is required"


def test_a_meeting_ending_with_one_issue_points_at_the_issues(tmp_path: Path) -> None:
    text = MEETING.replace(', "routes planned on a whiteboard"', "")
    path, message = error_of(tmp_path, text)
    assert message.startswith(f"{path}:{line_of(text, 'issues =')}:1: ")
    assert "at least two issues" in message


def test_issues_raised_during_the_call_must_be_texts(tmp_path: Path) -> None:
    text = MEETING.replace("[brief]\n", "[brief]\nraised = [3]\n", 1)
    assert "[brief]\nraised = [3]\n" in text
    path, message = error_of(tmp_path, text)
    assert message.startswith(f"{path}:{line_of(text, 'raised =')}:1: ")
    assert "'raised' must be a list of non-empty texts" in message
    fine = MEETING.replace("[brief]\n", '[brief]\nraised = ["a depot audit"]\n', 1)
    (tmp_path / "fine.toml").write_text(fine, encoding="utf-8")
    assert scenarios.load_file(tmp_path / "fine.toml").raised == ("a depot audit",)


def test_a_callback_where_nobody_is_the_caller_points_at_the_book(tmp_path: Path) -> None:
    text = CALLBACK.replace("caller = true\n", "")
    path, message = error_of(tmp_path, text)
    assert message.startswith(f"{path}:{line_of(text, '[[book]]')}:1: ")
    assert "(found 0)" in message


def test_a_callback_with_two_callers_points_at_the_second(tmp_path: Path) -> None:
    text = CALLBACK.replace(
        'company = "Larkspur Dental"\n', 'company = "Larkspur Dental"\ncaller = true\n'
    )
    path, message = error_of(tmp_path, text)
    assert message.startswith(f"{path}:{line_of(text, '[[book]]', 2)}:1: ")
    assert "(found 2)" in message


def test_a_callback_without_a_reason_says_so(tmp_path: Path) -> None:
    text = CALLBACK.replace('reason = "You called about', 'context = "You called about')
    path, message = error_of(tmp_path, text)
    assert message == f"{path}:{line_of(text, '[brief]')}:1: 'reason' is required"


def test_an_unknown_when_is_named_at_its_line(tmp_path: Path) -> None:
    text = CALLBACK.replace('when = ["asked_who"]', 'when = ["asked_who", "asked_nicely"]')
    path, message = error_of(tmp_path, text)
    assert message.startswith(
        f"{path}:{line_of(text, 'asked_nicely')}:1: unknown 'when' 'asked_nicely'"
    )


def test_a_goto_to_a_missing_step_is_named_at_its_line(tmp_path: Path) -> None:
    text = CALLBACK.replace('goto = "why"', 'goto = "pricing"')
    path, message = error_of(tmp_path, text)
    assert message == f"{path}:{line_of(text, 'goto')}:1: 'goto' names no step: 'pricing'"


def test_a_weight_for_an_unknown_rubric_item_is_refused(tmp_path: Path) -> None:
    text = MEETING.replace("recap = 1,", "recap = 1, charm = 1,")
    path, message = error_of(tmp_path, text)
    assert message.startswith(f"{path}:{line_of(text, 'weights')}:1: unknown key 'charm'")


def test_broken_toml_is_reported_where_the_parser_stopped(tmp_path: Path) -> None:
    text = MEETING.replace('title = "Fuel and Whiteboards"', 'title = "Fuel and Whiteboards')
    path, message = error_of(tmp_path, text)
    assert message.startswith(f"{path}:2:")
    assert "not valid TOML" in message


def test_check_reports_each_file_and_never_raises(tmp_path: Path) -> None:
    good = write(tmp_path, "good.toml", MEETING)
    bad = write(tmp_path, "bad.toml", MEETING.replace("difficulty = 2", "difficulty = 7"))
    results = {path.name: (drill, error) for path, drill, error in scenarios.check([bad, good])}
    assert isinstance(results["good.toml"][0], Scenario)
    error = results["bad.toml"][1]
    assert error is not None and str(error).startswith(f"{bad}:4:1: 'difficulty' must be")


# ------------------------------------------------------------------ the rep's own drills
def test_a_users_drill_replaces_the_bundled_one_with_the_same_id(config_home: Path) -> None:
    own = (BUNDLED / "which-mike.toml").read_text(encoding="utf-8")
    own = own.replace('title = "Which Mike?"', 'title = "Which Mike? (my version)"')
    write(config_home, "mine.toml", own)
    found, errors = scenarios.load_all()
    assert errors == []
    mikes = [s for s in found if s.id == "which-mike"]
    assert len(mikes) == 1
    assert mikes[0].title == "Which Mike? (my version)"
    assert mikes[0].path == config_home / "mine.toml"
    assert len(found) == len(list(BUNDLED.glob("*.toml")))


def test_a_new_users_drill_is_added_to_the_bundled_ones(config_home: Path) -> None:
    write(config_home, "pallets.toml", CALLBACK)
    found, errors = scenarios.load_all()
    assert errors == []
    assert "late-pallets" in {s.id for s in found}
    assert len(found) == len(list(BUNDLED.glob("*.toml"))) + 1


def test_a_broken_users_drill_is_reported_and_hides_nothing(config_home: Path) -> None:
    shutil.copy(BUNDLED / "says-no.toml", config_home / "says-no.toml")
    broken = write(config_home, "broken.toml", MEETING.replace('kind = "meeting_end"', "kind = 3"))
    found, errors = scenarios.load_all()
    assert [str(e) for e in errors] == [f"{broken}:3:1: 'kind' must be text in quotes"]
    assert len(found) == len(list(BUNDLED.glob("*.toml")))
    says_no = next(s for s in found if s.id == "says-no")
    assert says_no.path == config_home / "says-no.toml"


def test_the_reps_time_in_a_line_needs_a_reply_to_a_time(tmp_path: Path) -> None:
    text = CALLBACK.replace('say = "Miguel Santos, Saltmarsh Foods."', 'say = "{when} works."')
    path, message = error_of(tmp_path, text)
    assert message.startswith(f"{path}:{line_of(text, '{when} works')}:1: {{when}} (the time")
