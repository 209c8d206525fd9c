"""Finding the caller: the search engine (``engine.py``), the words a contact is found by
(``terms.py``), nicknames, phone numbers, and the honest line to say (``bridge.py``).

Core: may import the book, ``coach.models``, ``coach.text``, ``coach.errors`` and
``coach.userfile``; never a shell, textual, rich or click. It is on the lean ``coach
lookup`` path, so its modules keep their imports light (phonenumbers is loaded lazily).
"""
