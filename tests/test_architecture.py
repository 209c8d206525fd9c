"""The shape of the code, checked: the shells (click in coach/cli, Textual in coach/tui) sit on
a core that knows nothing of them, SQL lives only in coach/book, screens do not import each
other, and every package says what it is.

Each rule is a small checker that reads the source with ``ast`` under a root folder (the
project, or a fake package a test builds in ``tmp_path``) and returns its violations as
``(path relative to the root, line, what)``, so the same code runs on the real tree and on
fakes that prove each checker can fail. A fresh interpreter also imports every core module
with Textual forbidden, catching what only happens at run time.

Decisions:
* The shells are ``textual``, ``rich``, ``click``, ``coach.cli`` and ``coach.tui``. A core
  module may not import any of them, not even lazily inside a function or under
  TYPE_CHECKING: a type from the shell is still a dependency on it.
* ``coach/main.py`` is the entry point, not core and not shell: it routes to the shells, so it
  may import ``coach.cli`` and ``click``, but only inside its functions (``coach lookup``
  must not pay for click), and never ``textual``, ``rich`` or ``coach.tui`` (the app is
  reached through ``coach.cli``). ``coach/__main__.py`` is core (it imports only coach.main).
* ``coach/cli`` imports ``coach.tui`` only inside functions, and only in ``coach/cli/root.py``
  (the root command launches the app, ``from coach.tui.app import run_app`` when run with no
  subcommand), so the other commands never load Textual.
* No SQL outside coach/book: no import of ``sqlite3`` or ``sqlite_utils`` (anywhere in a
  module), and no string constant (f-strings included, each ``{…}`` read as a name) shaped like
  an SQL statement. The shape is stricter than "starts with a keyword" so prose such as
  "Create (or refresh) the demo book", "With no issues given" or "BEGIN:VCARD" does not count.
* Screens do not import screens: no module of coach/tui/screens (its ``__init__`` included)
  imports another one, lazily or not. What two screens share belongs in widgets/ or dialogs/.
* Every package (each ``__init__.py`` under coach/) opens with a docstring.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SHELLS = ("textual", "rich", "click", "coach.cli", "coach.tui")
ENTRY_POINT = "coach/main.py"
#: What the entry point may import, and only inside a function.
ENTRY_POINT_LAZY = ("click", "coach.cli")
SQL_LIBRARIES = ("sqlite3", "sqlite_utils")
APP_LAUNCHER = "coach/cli/root.py"


@dataclass(frozen=True)
class Import:
    module: str  # absolute dotted name of what is imported
    line: int
    lazy: bool  # inside a function body (runs only when the function is called)


@dataclass(frozen=True)
class Source:
    path: str  # relative to the root, with forward slashes: "coach/cli/root.py"
    module: str  # "coach.cli.root"
    tree: ast.Module


Violation = tuple[str, int, str]


# ------------------------------------------------------------------------ reading the tree
def sources(root: Path) -> Iterator[Source]:
    """Every Python module of the ``coach`` package under ``root``."""
    for file in sorted((root / "coach").rglob("*.py")):
        rel = file.relative_to(root)
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        yield Source(rel.as_posix(), ".".join(parts), tree)


def is_module(root: Path, dotted: str) -> bool:
    """Is ``dotted`` a module or package in the tree under ``root``?"""
    path = root.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(source: Source, root: Path) -> Iterator[Import]:
    """What ``source`` imports, resolved to absolute names. ``from a import b`` counts as
    ``a.b`` when that is a module of the tree (``from coach.tui.screens import practice``),
    else as ``a``."""
    is_package = source.path.endswith("__init__.py")
    package = source.module if is_package else source.module.rpartition(".")[0]

    def visit(node: ast.AST, lazy: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(alias.name, child.lineno, lazy)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    origin = ".".join([*base, *([child.module] if child.module else [])])
                else:
                    origin = child.module or ""
                named = (f"{origin}.{alias.name}" for alias in child.names)
                found = {name if is_module(root, name) else origin for name in named}
                for module in sorted(found):
                    yield Import(module, child.lineno, lazy)
            yield from visit(child, inner)

    yield from visit(source.tree, False)


def within(module: str, names: tuple[str, ...]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in names)


def under(path: str, *folders: str) -> bool:
    return any(path.startswith(folder.rstrip("/") + "/") for folder in folders)


# ------------------------------------------------------------------------------ checkers
def core_imports_a_shell(root: Path) -> list[Violation]:
    """Rule a: only coach/cli and coach/tui import textual, rich, click or the shells;
    coach/main.py only lazily, and only click and coach.cli."""
    found: list[Violation] = []
    for source in sources(root):
        if under(source.path, "coach/cli", "coach/tui"):
            continue
        for imp in imports(source, root):
            if not within(imp.module, SHELLS):
                continue
            if source.path == ENTRY_POINT and imp.lazy and within(imp.module, ENTRY_POINT_LAZY):
                continue
            found.append((source.path, imp.line, f"imports {imp.module}"))
    return found


def cli_imports_the_app(root: Path) -> list[Violation]:
    """Rule a, for the click shell: coach/cli imports coach.tui only inside a function of
    the root command's module (which launches the app)."""
    found: list[Violation] = []
    for source in sources(root):
        if not under(source.path, "coach/cli"):
            continue
        for imp in imports(source, root):
            if within(imp.module, ("coach.tui",)) and not (
                imp.lazy and source.path == APP_LAUNCHER
            ):
                where = "inside a function" if imp.lazy else "at module level"
                found.append((source.path, imp.line, f"imports {imp.module} {where}"))
    return found


SQL = re.compile(
    r"""^\s*(?:
        SELECT\s+(?:DISTINCT\s+)?(?:
            \*                                       # SELECT * …
          | [\w.]+\s*[(,]                            # SELECT count(…) / SELECT a, b …
          | [\w.]+\s+FROM\s+(?:\(|[\w."]+\s*(?:$|;|\b(?:WHERE|ORDER|GROUP|LIMIT|JOIN|AS)\b))
        )
      | INSERT\s+(?:OR\s+\w+\s+)?INTO\b
      | UPDATE\s+[\w."]+\s+SET\b
      | DELETE\s+FROM\b
      | CREATE\s+(?:TEMP(?:ORARY)?\s+|UNIQUE\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\b
      | DROP\s+(?:TABLE|INDEX|VIEW|TRIGGER)\b
      | ALTER\s+TABLE\b
      | PRAGMA\s+\w+\s*(?:$|;|=|\()
      | WITH\s+(?:RECURSIVE\s+)?\w+\s*(?:\([^)]*\)\s*)?AS\s*\(
      | (?:BEGIN|COMMIT|ROLLBACK)(?:\s+(?:DEFERRED|IMMEDIATE|EXCLUSIVE|TRANSACTION))?\s*;?\s*$
      | ROLLBACK\s+TO\b
    )""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)


def looks_like_sql(text: str) -> bool:
    return SQL.match(text) is not None


def strings(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """Every string constant with its line; an f-string once, each ``{…}`` read as ``x``."""
    parts: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts.update(id(value) for value in node.values)
            text = "".join(
                str(value.value) if isinstance(value, ast.Constant) else "x"
                for value in node.values
            )
            yield text, node.lineno
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            yield node.value, node.lineno


def sql_outside_the_book(root: Path) -> list[Violation]:
    """Rule b: outside coach/book, no sqlite3 or sqlite_utils and no SQL statement."""
    found: list[Violation] = []
    for source in sources(root):
        if under(source.path, "coach/book"):
            continue
        for imp in imports(source, root):
            if within(imp.module, SQL_LIBRARIES):
                found.append((source.path, imp.line, f"imports {imp.module}"))
        for text, line in strings(source.tree):
            if looks_like_sql(text):
                found.append((source.path, line, f"SQL: {text.strip()[:40]!r}"))
    return sorted(found)


def screens_import_screens(root: Path) -> list[Violation]:
    """Rule c: no module of coach/tui/screens imports another one."""
    found: list[Violation] = []
    for source in sources(root):
        if not under(source.path, "coach/tui/screens"):
            continue
        for imp in imports(source, root):
            if within(imp.module, ("coach.tui.screens",)) and imp.module != source.module:
                found.append((source.path, imp.line, f"imports {imp.module}"))
    return found


def packages_without_a_docstring(root: Path) -> list[Violation]:
    """Rule d: every package under coach/ opens with a docstring."""
    return [
        (source.path, 1, "no docstring")
        for source in sources(root)
        if source.path.endswith("__init__.py") and not (ast.get_docstring(source.tree) or "")
    ]


CHECKERS: list[Callable[[Path], list[Violation]]] = [
    core_imports_a_shell,
    cli_imports_the_app,
    sql_outside_the_book,
    screens_import_screens,
    packages_without_a_docstring,
]


def where(violations: list[Violation]) -> list[tuple[str, int]]:
    return [(path, line) for path, line, _ in violations]


def report(violations: list[Violation]) -> str:
    return "\n".join(f"{path}:{line}: {what}" for path, line, what in violations)


# --------------------------------------------------------------------- the real tree
def test_the_real_tree_is_read() -> None:
    found = {source.path for source in sources(ROOT)}
    assert {"coach/main.py", "coach/book/__init__.py", "coach/tui/screens/history.py"} <= found
    root_imports = list(imports(next(s for s in sources(ROOT) if s.path == APP_LAUNCHER), ROOT))
    assert any(imp.module == "click" and not imp.lazy for imp in root_imports)


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda checker: checker.__name__)
def test_the_code_keeps_its_shape(checker: Callable[[Path], list[Violation]]) -> None:
    violations = checker(ROOT)
    assert violations == [], report(violations)


SCRIPT = """
import importlib, pkgutil, sys
import coach

class NoTextual:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("the domain core imported " + name)
        return None

sys.meta_path.insert(0, NoTextual())
names = [m.name for m in pkgutil.walk_packages(coach.__path__, "coach.")]
core = [n for n in names if not n.startswith(("coach.tui", "coach.cli")) and n != "coach.__main__"]
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


# ------------------------------------------------- the checkers can fail: fake packages
CLEAN = {
    "coach/__init__.py": '"""A fake coach."""\n',
    "coach/main.py": (
        '"""Entry point."""\n'
        "import sys\n\n\n"
        "def main() -> int:\n"
        "    import click\n\n"
        "    from coach.cli.root import cli\n\n"
        "    return 0\n"
    ),
    "coach/book/__init__.py": (
        '"""The database."""\nimport sqlite3\n\nCOUNT = "SELECT count(*) FROM contacts"\n'
    ),
    "coach/report.py": (
        '"""Prose that starts like SQL is not SQL."""\n'
        "from coach.book import COUNT\n\n"
        'HELP = "Select one from the list, then press enter."\n'
        'MORE = "Create (or refresh) the demo book, update it, drop it."\n'
        'CARD = "BEGIN:VCARD"\n'
        'WITH = "With no issues given, the prospect speaks for them."\n'
    ),
    "coach/cli/__init__.py": '"""The click shell."""\n',
    "coach/cli/root.py": (
        '"""Root command."""\n'
        "import click\n\n"
        "from coach.cli import other\n\n\n"
        "def launch() -> None:\n"
        "    from coach.tui.app import run_app\n"
    ),
    "coach/cli/other.py": '"""Another command."""\nimport click\n',
    "coach/tui/__init__.py": '"""The Textual shell."""\n',
    "coach/tui/app.py": '"""The app."""\nimport textual\n\nfrom coach.tui.screens import a\n',
    "coach/tui/widgets/__init__.py": '"""Widgets."""\n',
    "coach/tui/widgets/shared.py": '"""Shared by screens."""\nfrom textual.widget import Widget\n',
    "coach/tui/screens/__init__.py": '"""Screens."""\n',
    "coach/tui/screens/a.py": (
        '"""Screen a."""\n'
        "from coach.tui.widgets import shared\n"
        "from coach.tui.widgets.shared import x\n"
    ),
    "coach/tui/screens/b.py": '"""Screen b."""\nfrom textual.screen import Screen\n',
}


def build(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda checker: checker.__name__)
def test_a_clean_fake_package_passes(
    checker: Callable[[Path], list[Violation]], tmp_path: Path
) -> None:
    assert checker(build(tmp_path, CLEAN)) == []


BROKEN: list[tuple[Callable[[Path], list[Violation]], str, str, int]] = [
    # (checker, file, its text, the line at fault)
    (core_imports_a_shell, "coach/followups.py", '"""Core."""\nimport os\nimport textual\n', 3),
    (
        core_imports_a_shell,
        "coach/followups.py",
        '"""Core."""\n\n\ndef later() -> None:\n    import click\n',
        5,
    ),
    (core_imports_a_shell, "coach/pop.py", '"""Core."""\nfrom rich.text import Text\n', 2),
    (
        core_imports_a_shell,
        "coach/lookup/engine.py",
        '"""Core."""\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n'
        "    from coach.tui.app import CoachApp\n",
        5,
    ),
    (core_imports_a_shell, "coach/main.py", '"""Entry point."""\nimport click\n', 2),
    (
        core_imports_a_shell,
        "coach/main.py",
        '"""Entry point."""\n\n\ndef main() -> None:\n    from coach.tui.app import run_app\n',
        5,
    ),
    (cli_imports_the_app, "coach/cli/other.py", '"""A command."""\nimport coach.tui.app\n', 2),
    (
        cli_imports_the_app,
        "coach/cli/other.py",
        '"""A command."""\n\n\ndef run() -> None:\n    from coach.tui import app\n',
        5,
    ),
    (cli_imports_the_app, "coach/cli/root.py", '"""Root."""\nfrom coach.tui.app import run\n', 2),
    (sql_outside_the_book, "coach/writes.py", '"""Writes."""\nimport sqlite3\n', 2),
    (
        sql_outside_the_book,
        "coach/writes.py",
        '"""Writes."""\n\n\ndef f() -> None:\n    import sqlite_utils.db\n',
        5,
    ),
    (
        sql_outside_the_book,
        "coach/report.py",
        '"""Report."""\n\nQUERY = "SELECT * FROM contacts"\n',
        3,
    ),
    (
        sql_outside_the_book,
        "coach/report.py",
        '"""Report."""\n\n\ndef q(t: str) -> str:\n    return f"delete from {t} where id = ?"\n',
        5,
    ),
    (
        sql_outside_the_book,
        "coach/report.py",
        '"""Report."""\nQ = (\n    "select name from contacts"\n)\n',
        3,
    ),
    (sql_outside_the_book, "coach/demo.py", '"""Demo."""\nX = "PRAGMA user_version"\n', 2),
    (
        screens_import_screens,
        "coach/tui/screens/b.py",
        '"""Screen b."""\nfrom coach.tui.screens.a import A\n',
        2,
    ),
    (
        screens_import_screens,
        "coach/tui/screens/b.py",
        '"""Screen b."""\n\n\ndef go() -> None:\n    from coach.tui.screens import a\n',
        5,
    ),
    (screens_import_screens, "coach/tui/screens/b.py", '"""Screen b."""\nfrom . import a\n', 2),
    (packages_without_a_docstring, "coach/tui/widgets/__init__.py", "", 1),
    (packages_without_a_docstring, "coach/lookup/__init__.py", "import os\n", 1),
    (packages_without_a_docstring, "coach/lookup/__init__.py", '# a comment\nX = "not one"\n', 1),
]


@pytest.mark.parametrize(
    ("checker", "rel", "text", "line"),
    BROKEN,
    ids=[f"{checker.__name__}:{rel}:{line}" for checker, rel, _, line in BROKEN],
)
def test_a_checker_reports_exactly_the_file_and_line_at_fault(
    checker: Callable[[Path], list[Violation]], rel: str, text: str, line: int, tmp_path: Path
) -> None:
    root = build(tmp_path, {**CLEAN, rel: text})
    assert where(checker(root)) == [(rel, line)], report(checker(root))
    others = [other for other in CHECKERS if other is not checker]
    assert all((rel, line) not in where(other(root)) for other in others)


REAL_SQL = [
    "SELECT * FROM contacts",
    "SELECT id, source_id, email FROM contacts",
    "SELECT count(*) FROM touches",
    "select term from term_deletes where variant = term",
    "SELECT c.id FROM (SELECT id FROM contacts) c",
    "INSERT OR IGNORE INTO term_deletes VALUES (?, ?)",
    "insert into touches (contact_id, ts) values (?, ?)",
    "UPDATE contacts SET notes = ? WHERE id = ?",
    "DELETE FROM terms WHERE contact_id = ?",
    "\n    CREATE TABLE contacts (\n        id INTEGER PRIMARY KEY\n    )",
    "CREATE TEMP TABLE IF NOT EXISTS _ids (id INTEGER PRIMARY KEY)",
    "CREATE UNIQUE INDEX touches_key ON touches(",
    "DROP TABLE IF EXISTS ",
    "ALTER TABLE touches ADD COLUMN x",
    "PRAGMA journal_mode = wal",
    "PRAGMA user_version",
    "WITH recent AS (SELECT 1) SELECT * FROM recent",
    "BEGIN IMMEDIATE",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "ROLLBACK TO SAVEPOINT ",
]

PROSE = [
    "Select one from the list, then press enter.",
    "Select a drill from the list",
    "Create (or refresh) the demo book at ``path`` and return it open.",
    "Drop the droppable indexes of ``tables`` for a bulk load; rebuild them",
    "Insert new contacts and fill in changed ones.",
    "Update the book with what the rep typed.",
    "Delete this follow-up?",
    "With no issues given, the prospect's own statements stand in for them:",
    "With ",
    "BEGIN:VCARD",
    "Begin the drill when you are ready.",
    "Commit to a time.",
    "delete",
]


@pytest.mark.parametrize("text", REAL_SQL)
def test_sql_is_recognised(text: str) -> None:
    assert looks_like_sql(text)


@pytest.mark.parametrize("text", PROSE)
def test_prose_is_not_sql(text: str) -> None:
    assert not looks_like_sql(text)
