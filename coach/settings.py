"""The user's settings file (``settings.toml`` in the config dir): small, and written by us.

Only what the app lets the user toggle or tune lives here; a broken file is reported, never
fatal::

    [practice]
    voice = true          # speak the prospect's lines

    [followups]
    remind_days = 2       # the reminder comes this many days before a booked meeting
    meeting_minutes = 30  # length of the meeting in the calendar invite

    [you]
    name = "Sam Rivera"   # signs the recap and reminder emails

    [delivery]            # your own bands for the delivery figures (data/delivery.toml)
    talk_share_max = 0.55
    longest_monologue_s_max = 120
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from coach.errors import UserError

REMIND_DAYS = 2
MEETING_MINUTES = 30
NAME_LONGEST = 80


@dataclass(frozen=True)
class Settings:
    """The user's settings, read and checked once. A broken file leaves the defaults in
    place and its one-line problem in ``problem``: the app says it once and carries on,
    the command line stops on it (:meth:`checked`)."""

    voice: bool = True
    #: Speak a one-line brief when a call pops (``[lookup] whisper``).
    whisper: bool = False
    remind_days: int = REMIND_DAYS
    meeting_minutes: int = MEETING_MINUTES
    name: str | None = None
    #: The rep's own delivery bands: ``<figure>_min`` / ``<figure>_max`` to a number.
    delivery: dict[str, float] = field(default_factory=dict)
    problem: UserError | None = None

    def checked(self) -> Settings:
        """These settings, or the file's problem raised (for the command line)."""
        if self.problem is not None:
            raise self.problem
        return self


def path() -> Path:
    from coach.locations import config_dir

    return config_dir() / "settings.toml"


#: The settings last read, and the file state they were read from.
_cache: tuple[tuple[object, ...], Settings] | None = None


def current() -> Settings:
    """The settings, read once and kept until the file changes (or another user folder is
    in use). ``COACH_VOICE=off`` turns the voice off whatever the file says."""
    global _cache
    file = path()
    try:
        st = file.stat()
        stamp: tuple[object, ...] = (str(file), st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        stamp = (str(file), None)
    if _cache is None or _cache[0] != stamp:
        _cache = (stamp, _read(file))
    found = _cache[1]
    if os.environ.get("COACH_VOICE", "").lower() in {"0", "off", "no", "false"}:
        return replace(found, voice=False)
    return found


def _read(file: Path) -> Settings:
    try:
        data = _load(file)
        practice = _section(data, "practice")
        ups = _section(data, "followups")
        you = _section(data, "you")
        lookup = _section(data, "lookup")
        whisper = lookup.get("whisper", False)
        if not isinstance(whisper, bool):
            raise UserError("[lookup] whisper must be true or false", where=str(path()))
        for section in data:
            _section(data, section)
        return Settings(
            voice=practice.get("voice", True) is not False,
            whisper=whisper,
            remind_days=_whole_number(ups, "followups", "remind_days", REMIND_DAYS, 0, 30),
            meeting_minutes=_whole_number(
                ups, "followups", "meeting_minutes", MEETING_MINUTES, 5, 480
            ),
            name=checked_name(you.get("name"), where=str(path())),
            delivery=_bands(_section(data, "delivery")),
        )
    except UserError as exc:
        return Settings(problem=exc)


def _load(file: Path) -> dict[str, Any]:
    if not file.exists():
        return {}
    from coach.userfile import load_toml

    return load_toml(file)


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise UserError(f"[{name}] must be a table of settings", where=str(path()))
    return table


def _whole_number(
    table: dict[str, Any], section: str, key: str, default: int, low: int, high: int
) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise UserError(
            f"[{section}] {key} must be a whole number from {low} to {high}, not {value!r}",
            where=str(path()),
        )
    return value


def _bands(table: dict[str, Any]) -> dict[str, float]:
    """``[delivery]``: each key a figure's ``_min`` or ``_max``, each value a number."""
    from coach.practice.delivery import band_keys

    known = band_keys()
    out: dict[str, float] = {}
    for key, value in table.items():
        if key not in known:
            raise UserError(
                f"[delivery] {key} is not a band (use one of: {', '.join(known)})",
                where=str(path()),
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise UserError(
                f"[delivery] {key} must be a number of 0 or more, not {value!r}", where=str(path())
            )
        out[key] = float(value)
    return out


def checked_name(value: object, where: str | None = None) -> str | None:
    """The rep's name as it signs an email: one line of text, or None when not set."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise UserError(f"[you] name must be text, not {value!r}", where=where)
    name = " ".join(value.split())
    if len(name) > NAME_LONGEST or any(not ch.isprintable() for ch in name):
        raise UserError(
            f"[you] name must be one line of up to {NAME_LONGEST} printable characters",
            where=where,
        )
    return name or None


def set_voice(enabled: bool) -> None:
    """Remember the voice toggle (see :func:`_write`)."""
    _write("practice", "voice", enabled)


def set_whisper(enabled: bool) -> None:
    """Speak (or stop speaking) a one-line brief when a call pops."""
    _write("lookup", "whisper", enabled)


def set_name(name: str | None) -> None:
    """Sign emails with ``name`` from now on (None or blank: unsigned)."""
    _write("you", "name", checked_name(name, where="--name"))


def _write(section: str, key: str, value: bool | str | None) -> None:
    """Set one setting; the file is rewritten whole (owner-only), keeping the other
    settings. A broken file is left alone (and reported). ``None`` removes the key."""
    file = path()
    data = _load(file)
    for name in data:
        _section(data, name)  # a file we could not write back whole is left alone
    table = data.setdefault(section, {})
    if value is None:
        table.pop(key, None)
    else:
        table[key] = value
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
