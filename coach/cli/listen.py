"""``coach listen baresip``: follow a softphone's call events (see :mod:`coach.dialer`)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import click

from coach import dialer
from coach.errors import UserError
from coach.text import printable

#: Seconds between tries while the phone is not up (or has restarted).
RETRY_S = 3.0


def address_of(text: str) -> tuple[str, int]:
    """``HOST:PORT`` as baresip's ``ctrl_tcp_listen`` writes it, checked."""
    host, colon, port = text.rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UserError(f"--at {text!r}: say HOST:PORT, like 127.0.0.1:4444")
    return host.strip("[]"), int(port)


def _received(sock: socket.socket) -> Iterator[bytes]:
    while chunk := sock.recv(65536):
        yield chunk


def _pop(caller: str, db: Path) -> None:
    from coach import pop
    from coach.cli.fast_lookup import run
    from coach.lookup import callerid

    if pop.send(caller):
        click.echo(f"Incoming call from {printable(caller)}: shown in the open app.")
        return
    got = callerid.parse(caller)
    click.echo(f"Incoming call from {printable(caller)}:")
    if got.withheld:
        click.echo("Incoming call, number withheld: ask who is calling.")
        return
    run(["--db", str(db), "--", got.query])


def _log(call: dialer.Log, db: Path) -> None:
    from coach import logbook
    from coach.book import Book

    try:
        with Book.open(db) as book:
            contact = logbook.who_is(book, call.who)
            touch = logbook.dialed(book, "call", contact.id, outcome=call.outcome)
            book.log_touch(contact.id, touch)
    except UserError as exc:
        click.echo(f"Not logged, the call to {printable(call.who)}: {printable(str(exc))}")
        return
    company = f" ({printable(contact.company)})" if contact.company else ""
    click.echo(f"Logged a call with {printable(contact.name)}{company}: {call.outcome}.")


def follow(address: str, db: Path, once: bool = False) -> int:
    """Follow baresip's ``ctrl_tcp`` events until Ctrl+C (``once``: until it disconnects)."""
    host, port = address_of(address)
    click.echo(f"Following baresip at {host}:{port} (Ctrl+C stops).")
    calls, waiting_said = dialer.Calls(), False
    try:
        while True:
            try:
                with socket.create_connection((host, port), timeout=5) as sock:
                    sock.settimeout(None)
                    click.echo("Connected to baresip.")
                    waiting_said = False
                    for event in dialer.events(dialer.netstrings(_received(sock))):
                        action = calls.feed(event)
                        if isinstance(action, dialer.Pop):
                            _pop(action.caller, db)
                        elif isinstance(action, dialer.Log):
                            _log(action, db)
                click.echo("baresip closed the connection.")
            except ValueError as exc:  # a stream out of step: start again from a new one
                click.echo(f"coach: note: baresip sent {exc}; connecting again.")
            except OSError as exc:
                if not waiting_said:
                    waiting_said = True
                    why = exc.strerror or str(exc)
                    click.echo(
                        f"Waiting for baresip at {host}:{port} ({why}): its config needs"
                        f" 'module_app ctrl_tcp.so' and 'ctrl_tcp_listen {host}:{port}'."
                    )
            if once:
                return 0
            time.sleep(RETRY_S)
    except KeyboardInterrupt:
        click.echo("Stopped.")
        return 0
