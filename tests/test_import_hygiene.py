"""The domain core never imports Textual (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "coach.db",
    "coach.demo",
    "coach.importers",
    "coach.lookup",
    "coach.lookup_cli",
    "coach.nicknames",
    "coach.phones",
    "coach.terms",
    "coach.text",
    "coach.cli",
    "coach.overview",
]


def test_importing_the_core_never_imports_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
