"""The user's settings file (``settings.toml`` in the config dir): small, and written by us.

Only what the app lets the user toggle lives here; a broken file is reported, never fatal.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from coach.errors import UserError


def path() -> Path:
    from coach.locations import config_dir

    return config_dir() / "settings.toml"


def voice_enabled() -> bool:
    """Spoken drills: off with ``COACH_VOICE=off`` or ``voice = false`` under ``[practice]``."""
    if os.environ.get("COACH_VOICE", "").lower() in {"0", "off", "no", "false"}:
        return False
    file = path()
    if not file.exists():
        return True
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"not valid TOML: {exc}", where=str(file)) from exc
    value = data.get("practice", {}).get("voice", True)
    return value is not False


def set_voice(enabled: bool) -> None:
    """Remember the voice toggle (the file is ours: rewritten whole, owner-only)."""
    file = path()
    file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = file.with_suffix(".tmp")
    tmp.write_text(f"[practice]\nvoice = {'true' if enabled else 'false'}\n", encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(file)
