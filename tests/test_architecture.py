"""The domain core never imports Textual (checked in a fresh interpreter that forbids it)."""

from __future__ import annotations

import subprocess
import sys

#: Modules of the UI shell, the only ones allowed to import Textual.
UI = ("coach.tui", "coach.cli")

SCRIPT = f"""
import importlib, pkgutil, sys
import coach

class NoTextual:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("the domain core imported " + name)
        return None

sys.meta_path.insert(0, NoTextual())
names = [m.name for m in pkgutil.walk_packages(coach.__path__, "coach.")]
core = [n for n in names if not n.startswith({UI!r}) and n != "coach.__main__"]
for name in core:
    importlib.import_module(name)
print(len(core))
"""


def test_importing_the_core_never_imports_textual() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 15  # every core module was imported
