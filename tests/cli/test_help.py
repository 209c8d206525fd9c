"""Every command has help: each group and command in the click tree says what it does, and
`coach <path> --help` answers with a usage line and exit status 0. `coach lookup` is routed by
coach.main to its lean path (coach.cli.fast_lookup) before click, so its help is checked
through the same entry point."""

from __future__ import annotations

import click
import pytest

from coach.cli.root import cli
from tests.helpers import run_main

Found = list[tuple[tuple[str, ...], click.Command]]


def walk(group: click.Group, path: tuple[str, ...] = ()) -> Found:
    """Every command under ``group`` (groups included), as (path of names, command)."""
    found: Found = []
    for name, command in sorted(group.commands.items()):
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found.extend(walk(command, (*path, name)))
    return found


COMMANDS = walk(cli)
PATHS = [(), *(path for path, _ in COMMANDS)]


def test_the_walk_finds_the_groups_and_their_commands() -> None:
    paths = {path for path, _ in COMMANDS}
    assert {("import",), ("import", "calls"), ("lookup",), ("scenarios", "list")} <= paths
    assert any(isinstance(command, click.Group) for _, command in COMMANDS)


def test_every_command_has_help_text() -> None:
    assert (cli.help or "").strip(), "coach"
    for path, command in COMMANDS:
        assert (command.help or "").strip(), " ".join(path)


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(("coach", *path)))
def test_help_exits_0_with_a_usage_line(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(capsys, *path, "--help")
    assert code == 0, err
    usage = " ".join(("coach", *path))
    first = out.lstrip().splitlines()[0]
    # click writes "Usage: coach import calls …"; the lean lookup path "usage: coach lookup …"
    assert first.lower().startswith(f"usage: {usage}".lower()), first
    assert err == ""
