"""``python -m coach``."""

from coach.main import run

run()
