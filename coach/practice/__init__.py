"""Practice and self-scoring: transcripts, time expressions (``timespec.py``), phrases, the
detectors (``booking.py`` reads whether a time was booked) and the scorer, drills
(``scenarios.py``), the prospect who answers (``prospect.py``), a session from start to
score (``drills.py``), history and speech.

Core: may import the book, ``coach.models``, ``coach.followups``, ``coach.settings`` and
the other core modules; never a shell, textual, rich or click.
"""
