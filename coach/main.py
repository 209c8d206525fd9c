"""The ``coach`` entry point: routes ``coach lookup`` to its lean path, the rest to click.

User mistakes end here as one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import os
import sys

from coach.errors import UserError
from coach.text import printable

EXIT_ERROR = 2


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        if args[:1] == ["lookup"]:
            from coach.cli.fast_lookup import run

            return run(args[1:])
        return _click(args)
    except UserError as exc:
        print(f"coach: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`coach lookup mike | head -3`): nothing to say. Point stdout
        # at /dev/null so the interpreter's last flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"coach: error: {printable(where)}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("coach: interrupted; nothing was written", file=sys.stderr)
        return 130
    except _book_error() as exc:  # last: evaluated only for what nothing above caught
        print(f"coach: error: the book: {printable(str(exc))}", file=sys.stderr)
        return EXIT_ERROR


def _book_error() -> type[Exception]:
    """The book's failure type, imported only once something has failed: ``coach --help``
    and the other commands that never open a book do not load it."""
    from coach.book import BookError

    return BookError


def _click(args: list[str]) -> int:
    import click

    from coach.cli.root import cli

    try:
        result = cli.main(args=args, prog_name="coach", standalone_mode=False)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "coach"
        message = printable(exc.format_message())
        print(f"coach: error: {message} (see {command} --help)", file=sys.stderr)
        return EXIT_ERROR
    except click.ClickException as exc:
        print(f"coach: error: {printable(exc.format_message())}", file=sys.stderr)
        return EXIT_ERROR
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        print("coach: aborted", file=sys.stderr)
        return 130
    return result if isinstance(result, int) else 0


def run() -> None:
    """Console-script target: exit with :func:`main`'s status."""
    sys.exit(main())


if __name__ == "__main__":
    run()
