"""Follow a softphone's call events: pop the caller when a call comes in, log an outgoing
call when it ends.

baresip has no hook that runs a program; what it documents is its ``ctrl_tcp`` module, a
TCP stream of JSON events framed as netstrings (``<length>:<json>,``). Each call event has
``type`` (``CALL_INCOMING``, ``CALL_ESTABLISHED``, ``CALL_CLOSED`` …), ``class``
(``call``), ``direction`` (``incoming`` / ``outgoing``), ``peeruri``
(``sip:+16125550142@host``), ``peerdisplayname`` when the caller sent one, ``id``, and
``param`` (on ``CALL_CLOSED``, the reason: ``486 Busy Here``).

An incoming call is popped, not logged: the rep logs the callback in the app (F2), with
the notes typed during it. An outgoing call is logged when it closes, with its outcome:
connected when it was answered, else busy (486, 600), declined (603) or no answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

#: A netstring longer than this is not an event (a stream out of step): the rest is dropped.
LONGEST = 1 << 20


class Pop(NamedTuple):
    """Show this caller (the caller-ID text, as ``coach pop`` takes it)."""

    caller: str


class Log(NamedTuple):
    """Log an outgoing call to ``who`` (a SIP URI) that came to ``outcome``."""

    who: str
    outcome: str


def netstrings(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The payloads of a netstring stream, as they complete, however the bytes arrive. A
    frame that is not a netstring ends the stream (ValueError): nothing after it can be
    trusted to be in step."""
    buf = b""
    for chunk in chunks:
        buf += chunk
        while True:
            head, colon, rest = buf.partition(b":")
            if not colon:
                if len(buf) > 20:
                    raise ValueError("not a netstring stream")
                break
            if not head.isdigit() or int(head) > LONGEST:
                raise ValueError(f"not a netstring length: {head[:20]!r}")
            size = int(head)
            if len(rest) < size + 1:
                break
            if rest[size : size + 1] != b",":
                raise ValueError("a netstring not ended by ','")
            yield rest[:size]
            buf = rest[size + 1 :]


def _outcome(answered: bool, reason: str) -> str:
    if answered:
        return "connected"
    code = reason.strip()[:3]
    if code in ("486", "600"):
        return "busy"
    if code == "603":
        return "declined"
    return "no answer"


class Calls:
    """The calls under way, fed one baresip event at a time (see the module docstring)."""

    def __init__(self) -> None:
        self._answered: set[str] = set()

    def feed(self, event: dict[str, Any]) -> Pop | Log | None:
        """What to do about this event, if anything."""
        if not isinstance(event, dict) or event.get("class") != "call":
            return None
        if event.get("event") not in (True, "true"):
            return None  # a reply to a command, not an event
        kind, peer = str(event.get("type", "")), str(event.get("peeruri", ""))
        call = str(event.get("id", ""))
        if kind == "CALL_INCOMING":
            name = str(event.get("peerdisplayname") or "").replace('"', "'")
            return Pop(f'"{name}" <{peer}>' if name else peer)
        if kind == "CALL_ESTABLISHED":
            self._answered.add(call)
            return None
        if kind == "CALL_CLOSED":
            answered = call in self._answered
            self._answered.discard(call)
            if event.get("direction") == "outgoing" and peer:
                return Log(peer, _outcome(answered, str(event.get("param", ""))))
        return None


def events(payloads: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """The JSON objects among the payloads (anything else is skipped)."""
    for payload in payloads:
        try:
            got = json.loads(payload)
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(got, dict):
            yield got
