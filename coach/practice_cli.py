"""``coach scenarios list|validate`` and ``coach score TRANSCRIPT``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coach.errors import UserError
from coach.text import printable

if TYPE_CHECKING:
    from coach.scenarios import Scenario


@click.group("scenarios")
def scenarios_group() -> None:
    """The practice drills: list them, or check drill files you wrote."""


@scenarios_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def scenarios_list(as_json: bool) -> int:
    """Every drill, bundled and yours (yours replace a bundled one with the same id)."""
    from coach import scenarios

    found, errors = scenarios.load_all()
    if as_json:
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "kind": s.kind,
                "difficulty": s.difficulty,
                "summary": s.summary,
                "path": str(s.path),
            }
            for s in found
        ]
        click.echo(json.dumps({"scenarios": rows, "errors": [str(e) for e in errors]}, indent=2))
    else:
        for s in found:
            stars = "*" * s.difficulty
            click.echo(
                f"{s.id:<24} {s.kind:<12} {stars:<4} {printable(s.title)}"
                f"{'  (yours)' if s.path and scenarios.user_dir() in s.path.parents else ''}"
            )
        click.echo(f"\nYour own drills go in {scenarios.user_dir()}")
    for error in errors:
        click.echo(f"coach: skipped: {printable(str(error))}", err=True)
    return 1 if errors else 0


@scenarios_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def scenarios_validate(paths: tuple[Path, ...]) -> int:
    """Check drill files (default: the bundled ones and yours); errors give file:line:column."""
    from coach import scenarios

    targets: list[Path] = []
    if paths:
        for path in paths:
            targets += scenarios.files_in(path)
    else:
        for folder in (scenarios.bundled_dir(), scenarios.user_dir()):
            if folder.is_dir():
                targets += scenarios.files_in(folder)
    bad = 0
    ids: dict[str, Path] = {}
    for path, scenario, error in scenarios.check(targets):
        if error is not None:
            bad += 1
            click.echo(f"{printable(str(error))}", err=True)
        elif scenario is not None:
            if scenario.id in ids and ids[scenario.id].parent == path.parent:
                bad += 1
                click.echo(
                    f"{path}:1:1: id '{scenario.id}' is also used by {ids[scenario.id]}", err=True
                )
            ids[scenario.id] = path
    click.echo(f"{len(targets) - bad} of {len(targets)} drill files are valid.")
    if bad:
        raise UserError(f"{bad} drill file(s) have errors (listed above)")
    return 0


@click.command("score")
@click.argument("transcript", type=click.Path(path_type=Path))
@click.option("--issues", help='The prospect\'s key issues, separated by ";" (for the recap).')
@click.option("--reason", help="Why you called them in the first place (for callbacks).")
@click.option("--scenario", "scenario_id", metavar="ID", help="Score against a drill's rubric.")
@click.option(
    "--kind",
    type=click.Choice(["meeting_end", "callback"]),
    help="What kind of conversation (default: the drill's, else callback when --reason is given).",
)
@click.option("--rep", help="The rep's speaker name (default: Rep/Me/You/Sales, else the first).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def score_cmd(
    transcript: Path,
    issues: str | None,
    reason: str | None,
    scenario_id: str | None,
    kind: str | None,
    rep: str | None,
    as_json: bool,
) -> int:
    """Score a transcript (Speaker: lines, WebVTT or SRT) on the practice rubric."""
    from coach import scoring
    from coach import transcript as transcripts
    from coach.detectors import Brief, heard_issues

    turns = transcripts.read(transcript)
    rep_name = transcripts.pick_rep(turns, rep, str(transcript))
    weights = tips = None
    brief = Brief(kind or ("callback" if reason else "meeting_end"))
    if scenario_id:
        drill = _scenario(scenario_id)
        brief = drill.brief._replace(kind=kind or drill.kind)
        weights = {k: w for k, w in drill.weights.items() if k != "time_to_identify"}
        tips = drill.tips
    if issues:
        brief = brief._replace(issues=tuple(i.strip() for i in issues.split(";") if i.strip()))
    if reason:
        brief = brief._replace(reason=reason.strip())
    if not brief.issues:
        brief = brief._replace(issues=heard_issues(turns, rep_name))
    card = scoring.score(turns, rep_name, brief, weights, tips)
    if as_json:
        click.echo(json.dumps(card.as_json(), indent=2, ensure_ascii=False))
        return 0
    click.echo(
        f"Score {card.score}/100  ({brief.kind.replace('_', ' ')}; rep: {printable(rep_name)})"
    )
    for item in card.items:
        mark = "PASS" if item.passed else "MISS"
        click.echo(f"  {mark}  {item.label}")
        if item.evidence:
            click.echo(f'        "{printable(item.evidence)}"')
        if not item.passed:
            click.echo(f"        tip: {printable(item.tip)}")
    return 0


def _scenario(ident: str) -> Scenario:
    from coach import scenarios

    found, _errors = scenarios.load_all()
    for s in found:
        if s.id == ident:
            return s
    known = ", ".join(s.id for s in found)
    raise UserError(f"no drill with id {ident!r} (known: {known})")
