"""The user's settings file (``settings.toml`` in the config dir): small, and written by us.

Only what the app lets the user toggle or tune lives here; a broken file is reported, never
fatal::

    [practice]
    voice = true          # speak the prospect's lines

    [followups]
    remind_days = 2       # the reminder comes this many days before a booked meeting
    meeting_minutes = 30  # length of the meeting in the calendar invite
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from coach.errors import UserError

REMIND_DAYS = 2
MEETING_MINUTES = 30


def path() -> Path:
    from coach.locations import config_dir

    return config_dir() / "settings.toml"


def _load() -> dict[str, Any]:
    file = path()
    if not file.exists():
        return {}
    from coach.userfile import load_toml

    return load_toml(file)


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise UserError(f"[{name}] must be a table of settings", where=str(path()))
    return table


def _whole_number(section: str, key: str, default: int, low: int, high: int) -> int:
    value = _section(_load(), section).get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise UserError(
            f"[{section}] {key} must be a whole number from {low} to {high}, not {value!r}",
            where=str(path()),
        )
    return value


def voice_enabled() -> bool:
    """Spoken drills: off with ``COACH_VOICE=off`` or ``voice = false`` under ``[practice]``."""
    if os.environ.get("COACH_VOICE", "").lower() in {"0", "off", "no", "false"}:
        return False
    value = _section(_load(), "practice").get("voice", True)
    return value is not False


def remind_days() -> int:
    """How many days before a booked meeting its reminder comes (``[followups]``)."""
    return _whole_number("followups", "remind_days", REMIND_DAYS, 0, 30)


def meeting_minutes() -> int:
    """How long the booked meeting is in the calendar invite (``[followups]``)."""
    return _whole_number("followups", "meeting_minutes", MEETING_MINUTES, 5, 480)


def followup_timing(lenient: bool = False) -> tuple[int, int]:
    """(meeting minutes, reminder days) for a new follow-up. ``lenient``: the app carries on
    with the defaults when the file is broken (the command line reports it instead)."""
    try:
        return meeting_minutes(), remind_days()
    except UserError:
        if not lenient:
            raise
        return MEETING_MINUTES, REMIND_DAYS


def set_voice(enabled: bool) -> None:
    """Remember the voice toggle; the file is rewritten whole (owner-only), keeping the
    other settings. A broken file is left alone (and reported)."""
    data = _load()
    for name in data:
        _section(data, name)  # a file we could not write back whole is left alone
    data.setdefault("practice", {})["voice"] = enabled
    file = path()
    file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = file.with_suffix(".tmp")
    tmp.write_text(_dump(data), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(file)


def _dump(data: dict[str, Any]) -> str:
    """Our settings as TOML: tables of booleans, numbers and texts (all we keep)."""
    out: list[str] = []
    for section, values in data.items():
        if not isinstance(values, dict):
            continue
        out.append(f"[{section}]")
        for key, value in values.items():
            if isinstance(value, bool):
                out.append(f"{key} = {'true' if value else 'false'}")
            elif isinstance(value, int | float):
                out.append(f"{key} = {value}")
            elif isinstance(value, str):
                out.append(f"{key} = {json.dumps(value)}")  # a valid TOML basic string
            else:
                raise UserError(
                    f"[{section}] {key}: only true/false, numbers and text are kept here; "
                    "not rewriting the file",
                    where=str(path()),
                )
        out.append("")
    return "\n".join(out)
