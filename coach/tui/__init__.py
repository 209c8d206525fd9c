"""The Textual app: ``app.py`` (the app, navigation and the write queue), ``app.tcss``,
``screens/``, ``widgets/``, ``dialogs/``, ``messages.py`` and the command palette.

A shell: it may import the core, textual and rich, never the command line. Dialogs return
what was typed, checked by the core; screens call the core and post messages to move to
another screen (they never import one another); widgets post messages.
"""
