"""The command line: the click commands (``root.py`` and one module per group of commands)
and the lean ``coach lookup`` path (``fast_lookup.py``, no click).

A shell: it parses arguments, calls the core and prints. It may import the core and click;
it imports the Textual shell only inside ``root.py``'s app launch. Nothing here holds a
domain rule. This file stays free of imports, so the fast lookup loads nothing extra.
"""
