"""The ``coach`` entry point: routes ``coach lookup`` to its lean path, the rest to click.

User mistakes end here as one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import sys

from coach.errors import UserError

EXIT_ERROR = 2


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        if args[:1] == ["lookup"]:
            from coach.lookup_cli import run

            return run(args[1:])
        return _click(args)
    except UserError as exc:
        print(f"coach: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("coach: interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _click(args: list[str]) -> int:
    import click

    from coach.cli import cli

    try:
        result = cli.main(args=args, prog_name="coach", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR if exc.exit_code == 2 else exc.exit_code
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
