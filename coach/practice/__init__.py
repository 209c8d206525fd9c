"""Practice and self-scoring: transcripts, time expressions (``timespec.py``), phrases, one
reading of a conversation (``analysis.py``: each sentence's speaker, position and acts, the
acts' patterns in ``acts.py``) that the detectors, the booking reader (``booking.py``) and
the drill prospect judge from, the scorer, drills
(``scenarios.py``), the prospect who answers (``prospect.py``), a session from start to
score (``drills.py``), history and speech.

Core: may import the book, ``coach.models``, ``coach.followups``, ``coach.settings`` and
the other core modules; never a shell, textual, rich or click.
"""
