"""Callback Coach: know who is calling back, and practise what to say.

The domain core (store, importers, lookup, …) never imports Textual; the app shell does.
"""

__version__ = "0.1.0"
