"""``coach scenarios list|validate`` and ``coach score TRANSCRIPT``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coach.cli.options import db_option
from coach.errors import UserError
from coach.text import json_text, plural, printable

if TYPE_CHECKING:
    from coach.models import FollowUp


@click.group("scenarios")
def scenarios_group() -> None:
    """The practice drills: list them, or check drill files you wrote."""


@scenarios_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def scenarios_list(as_json: bool) -> int:
    """Every drill, bundled and yours (yours replace a bundled one with the same id)."""
    from coach.practice import scenarios

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
        click.echo(json_text({"scenarios": rows, "errors": [str(e) for e in errors]}, indent=2))
    else:
        for s in found:
            stars = "*" * s.difficulty
            click.echo(
                f"{s.id:<24} {s.kind:<12} {stars:<4} {printable(s.title)}"
                f"{'  (yours)' if s.path and scenarios.user_dir() in s.path.parents else ''}"
            )
        click.echo(f"\nYour own drills go in {printable(str(scenarios.user_dir()))}")
    for error in errors:
        click.echo(f"coach: skipped: {printable(str(error))}", err=True)
    return 1 if errors else 0


@scenarios_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def scenarios_validate(paths: tuple[Path, ...]) -> int:
    """Check drill files (default: the bundled ones and yours); errors give file:line:column."""
    from coach.practice import scenarios

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
                other = ids[scenario.id]
                click.echo(
                    printable(f"{path}:1:1: id '{scenario.id}' is also used by {other}"), err=True
                )
            ids[scenario.id] = path
    click.echo(f"{len(targets) - bad} of {len(targets)} drill files are valid.")
    if bad:
        raise UserError(f"{plural(bad, 'drill file')} with errors (listed above)")
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
@click.option("--who", help="The prospect's name for the follow-up (default: their speaker name).")
@click.option("--company", default="", help="Their company, for the follow-up.")
@click.option("--email", default="", help="Their email address, for the invite.")
@click.option("--benefit", default="", help="What is in it for them, in a sentence (follow-up).")
@click.option("--agreed", default="", help="What was agreed, in a sentence (follow-up).")
@click.option(
    "--on",
    "held",
    metavar="DATETIME",
    help="When the meeting took place, e.g. 2026-11-24T15:00 (default: now); the booked "
    "day is counted from it.",
)
@click.option("--save", is_flag=True, help="Keep the follow-up in the book (reminder comes due).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def score_cmd(
    transcript: Path,
    issues: str | None,
    reason: str | None,
    scenario_id: str | None,
    kind: str | None,
    rep: str | None,
    who: str | None,
    company: str,
    email: str,
    benefit: str,
    agreed: str,
    held: str | None,
    save: bool,
    as_json: bool,
) -> int:
    """Score a transcript (Speaker: lines, WebVTT or SRT) on the practice rubric.

    For a meeting ending, the follow-up is drafted too (recap email; invite and reminder
    when a day and time were booked); --save keeps it so its reminder comes due."""
    from coach.practice import delivery, drills, scenarios
    from coach.practice import transcript as transcripts

    got = transcripts.read_file(transcript)
    turns = got.turns
    rep_name = transcripts.pick_rep(turns, rep, str(transcript), kind or "")
    scored = drills.score_transcript(
        turns,
        rep_name,
        cues=got.cues,
        kind=kind,
        reason=reason,
        issues=issues,
        scenario=None if scenario_id is None else scenarios.by_id(scenario_id),
        held=None if held is None else drills.meeting_held(held),
        who=who,
        company=company,
        email=email,
        benefit=benefit,
        agreed=agreed,
    )
    card, brief, followup = scored.card, scored.brief, scored.followup
    notes = list(scored.notes)
    if got.lines_read < got.lines:
        notes.insert(
            0,
            f"{transcript}: {got.lines:,} lines, too long for one call: read the first "
            f"{got.lines_read:,} and left the rest out",
        )
    for note in notes:
        click.echo(f"coach: note: {printable(note)}", err=True)
    measured = scored.delivery
    advice = delivery.tips(measured, delivery.current_bands(checked=True))
    if followup is not None and save:
        followup = _keep(followup)
    if as_json:
        out = card.as_json()
        out["delivery"] = measured.as_json()
        out["delivery_tips"] = [t.text for t in advice]
        if notes:
            out["notes"] = notes
        if followup is not None:
            from coach.followups import as_json as followup_json

            out["followup"] = followup_json(followup)
        click.echo(json_text(out, indent=2))
        return 0
    click.echo(
        f"Score {card.score}/100  ({brief.kind.replace('_', ' ')}; rep: {printable(rep_name)})"
    )
    for item in card.items:
        mark = "N/A " if not item.needed else "PASS" if item.passed else "MISS"
        aside = "  (not needed: not scored)" if not item.needed else ""
        click.echo(f"  {mark}  {printable(item.label)}{aside}")
        if item.evidence:
            click.echo(f'        "{printable(item.evidence)}"')
        if not item.passed and item.needed:
            click.echo(f"        tip: {printable(item.tip)}")
    click.echo("")
    for line in delivery.lines(measured):
        click.echo(printable(line))
    for tip in advice:
        click.echo(f"  tip: {printable(tip.text)}")
    if followup is not None:
        from coach.cli.followup_commands import echo_drafts

        click.echo("")
        echo_drafts(followup)
        if followup.id:
            click.echo(f"Kept as follow-up {followup.id}: coach followups --show {followup.id}")
    return 0


@click.command("history")
@click.option(
    "--kind", type=click.Choice(["callback", "meeting_end"]), help="Only drills of this kind."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (summary and sessions).")
@db_option
def history_cmd(kind: str | None, as_json: bool, db: str | None) -> int:
    """How practice is going: pass rate per item, streak, and the drill to do next."""
    from coach.book import Book
    from coach.cli.overview import pick_book
    from coach.practice import history, scenarios

    path, _is_demo = pick_book(db)
    with Book.open_readonly(path) as book:
        sessions = book.sessions(limit=None)
    found, _errors = scenarios.load_all()
    summary = history.summarise(sessions, found, datetime.now(), kind)
    if as_json:
        from coach.export import session_objects

        listed = list(session_objects(s for s in sessions if kind is None or s.kind == kind))
        out = {"summary": summary.as_json(), "sessions": listed}
        click.echo(json_text(out, indent=2))
        return 0
    for line in history.lines(summary):
        click.echo(printable(line))
    shown = [s for s in sessions if kind is None or s.kind == kind][:10]
    if shown:
        click.echo("\nLatest sessions:")
    for s in shown:
        when = datetime.fromtimestamp(s.started_ts).strftime("%Y-%m-%d %H:%M")
        kind = printable(s.kind)
        click.echo(f"  {when}  {s.score:>3}/100  {kind:<11}  {printable(s.title)}")
    return 0


def _keep(f: FollowUp) -> FollowUp:
    """Save a follow-up in the book the app opens, so its reminder comes due there."""
    from coach.book import Book
    from coach.cli.overview import pick_book

    path, is_demo = pick_book(None)
    with Book.open(path) as book:
        f = f._replace(id=book.save_followup(f))
    if is_demo:
        click.echo(
            f"Kept in the demo book {printable(str(path))} (import your contacts to have "
            "your own).",
            err=True,
        )
    return f
