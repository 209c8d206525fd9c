"""`coach listen baresip`: baresip's ctrl_tcp events, read by a real `coach` process from a
stand-in for baresip that speaks the same netstring JSON."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach import dialer
from coach.book import Book
from tests.helpers import COACH, make_book, wait_for


def _frame(event: dict[str, object]) -> bytes:
    body = json.dumps(event).encode()
    return str(len(body)).encode() + b":" + body + b","


def _call(kind: str, direction: str, peer: str, call: str, **more: object) -> dict[str, object]:
    return {"event": True, "class": "call", "type": kind, "direction": direction,
            "peeruri": peer, "id": call, **more}  # fmt: skip


# ------------------------------------------------------------------ the reading
@given(st.lists(st.binary(max_size=40), max_size=6), st.integers(1, 7))
def test_netstrings_come_out_whole_however_the_bytes_arrive(
    payloads: list[bytes], cut: int
) -> None:
    stream = b"".join(str(len(p)).encode() + b":" + p + b"," for p in payloads)
    chunks = [stream[i : i + cut] for i in range(0, len(stream), cut)]
    assert list(dialer.netstrings(chunks)) == payloads


@pytest.mark.parametrize("stream", [b"12x:abc,", b"3:abcd", b"x" * 30])
def test_a_stream_out_of_step_is_said(stream: bytes) -> None:
    with pytest.raises(ValueError):
        list(dialer.netstrings([stream]))


def test_incoming_calls_pop_and_outgoing_calls_are_logged_when_they_end() -> None:
    calls = dialer.Calls()
    peer = "sip:+16125550142@10.0.0.5:5060"
    got = [
        calls.feed(_call("CALL_INCOMING", "incoming", peer, "a", peerdisplayname='Mo "M" O')),
        calls.feed(_call("CALL_INCOMING", "incoming", peer, "b")),
        calls.feed(_call("CALL_CLOSED", "incoming", peer, "b")),  # theirs: logged in the app
        calls.feed(_call("CALL_ESTABLISHED", "outgoing", peer, "c")),
        calls.feed(_call("CALL_CLOSED", "outgoing", peer, "c")),
        calls.feed(_call("CALL_CLOSED", "outgoing", peer, "d", param="486 Busy Here")),
        calls.feed(_call("CALL_CLOSED", "outgoing", peer, "e", param="603 Decline")),
        calls.feed(_call("CALL_CLOSED", "outgoing", peer, "f", param="487 Request Terminated")),
        calls.feed({"response": True, "ok": True, "data": "", "class": "call"}),  # a reply
        calls.feed({"event": True, "class": "register", "type": "REGISTER_OK"}),
    ]
    assert got == [
        dialer.Pop(f"\"Mo 'M' O\" <{peer}>"),
        dialer.Pop(peer),
        None,
        None,
        dialer.Log(peer, "connected"),
        dialer.Log(peer, "busy"),
        dialer.Log(peer, "declined"),
        dialer.Log(peer, "no answer"),
        None,
        None,
    ]


# ------------------------------------------------------------- a real process
def test_coach_listen_follows_a_baresip_event_stream(db_path: Path, tmp_path: Path) -> None:
    make_book(db_path, tmp_path)
    with Book.open_readonly(db_path) as store:
        before = store.count_touches()
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    env = dict(os.environ, COACH_VOICE="off")
    proc = subprocess.Popen(
        [*COACH, "listen", "baresip", "--at", f"127.0.0.1:{port}", "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        server.settimeout(60)
        conn, _ = server.accept()
        with conn:
            peer = "sip:+16125550142@127.0.0.1:5071"
            conn.sendall(b"".join([
                _frame(_call("CALL_INCOMING", "incoming", peer, "1",
                             peerdisplayname="Michael Okafor")),
                b"7:notjson,",  # skipped
                _frame(_call("CALL_ESTABLISHED", "outgoing", "sip:5125550150@pbx", "2")),
                _frame(_call("CALL_CLOSED", "outgoing", "sip:5125550150@pbx", "2")),
                _frame(_call("CALL_CLOSED", "outgoing", peer, "3", param="486 Busy Here")),
                _frame(_call("CALL_CLOSED", "outgoing", "sip:+19995550100@pbx", "4")),
            ]))  # fmt: skip

            def logged() -> bool:
                with Book.open_readonly(db_path) as store:
                    return store.count_touches() == before + 2

            assert wait_for(logged), "the two outgoing calls were never logged"
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        server.close()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert 'Incoming call from "Michael Okafor" <sip:+16125550142@127.0.0.1:5071>:' in out
    assert "Michael Okafor" in out.split("Incoming call from", 1)[1]  # the lookup, no app open
    assert "Logged a call with Jill Konrath (Meridian Health): connected." in out
    assert "Logged a call with Michael Okafor (Globex Logistics): busy." in out
    assert "Not logged, the call to sip:+19995550100@pbx: nobody in the book matches" in out
    with Book.open_readonly(db_path) as store:
        newest = store.conn.execute(
            "SELECT kind, outcome FROM touches WHERE logged_ts IS NOT NULL ORDER BY id"
        ).fetchall()
    assert newest == [("call", "connected"), ("call", "busy")]


def test_a_bad_address_is_one_line(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    from coach.main import main

    assert main(["listen", "baresip", "--at", "localhost", "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err == "coach: error: --at 'localhost': say HOST:PORT, like 127.0.0.1:4444\n"
