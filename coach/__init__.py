"""Callback Coach: know who is calling back, and practise what to say.

Two shells, ``cli/`` (the command line) and ``tui/`` (the Textual app), over one core:
``book/`` (the database, the only code that speaks SQL), ``lookup/``, ``importers/``,
``practice/``, and beside them what the rep logs (``logbook``), follow-ups, the callback
report, export, settings and the shared small pieces (``models``, ``text``, ``errors``,
``userfile``, ``locations``, ``writes``). The core imports no shell, textual, rich or
click (``tests/test_architecture.py`` holds it to that).
"""

__version__ = "0.1.0"
