"""Reading a file the user names: refused in one line when it is not a file to read.

A named pipe would block forever, ``/dev/zero`` would fill the memory, and a 10 MB line
is no contacts file: each is told apart by ``stat`` (which never blocks) and a bounded
scan, before anything is parsed.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coach.errors import UserError

#: A physical line longer than this is not a row, a card property or a transcript line.
MAX_LINE = 1 << 20
#: A file larger than this is not something a rep exports from a phone or a CRM.
MAX_BYTES = 2 << 30


def not_a_file(mode: int) -> str:
    """What a ``stat`` mode is when it is not a regular file ("a folder", "a named
    pipe"…), or "" for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_readable(path: Path) -> int:
    """The size of ``path`` when it is a regular file we may read; else a UserError."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UserError("no such file", where=str(path)) from None
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", where=str(path)) from None
    if what := not_a_file(st.st_mode):
        raise UserError(f"this is {what}, not a file to read", where=str(path))
    if st.st_size > MAX_BYTES:
        raise UserError(
            f"{st.st_size / 2**30:.1f} GiB is too large to be an export"
            f" (the limit is {MAX_BYTES / 2**30:.0f} GiB)",
            where=str(path),
        )
    return st.st_size


#: Read in pieces of this size, so a file that is no export is refused after a few MiB.
_CHUNK = 1 << 20


def read_bytes(path: Path, what: str = "a file of rows or cards") -> bytes:
    """The bytes of a file to import, refused in one line when it cannot be one (see
    :func:`read_chunks`, which this joins)."""
    return b"".join(read_chunks(path, what))


def read_chunks(path: Path, what: str = "a file of rows or cards") -> Iterator[bytes]:
    """The bytes of a file to import, 1 MiB at a time, refused in one line when it cannot
    be one.

    ``stat`` comes first, so a named pipe (which would block), a device (``/dev/zero``
    would fill the memory) or a folder is refused before it is opened; the file is then
    opened without blocking and checked again, in case it was swapped meanwhile. Reading
    stops at the first physical line over :data:`MAX_LINE` (1 MiB) or past
    :data:`MAX_BYTES` (2 GiB): memory stays bounded by what a real export holds, and the
    time is linear (one pass, no backtracking). A refusal may come after some pieces.
    """
    check_readable(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", where=str(path)) from None
    with os.fdopen(fd, "rb", buffering=0) as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UserError("this is not a regular file to import", where=str(path))
        run = total = 0  # bytes since the last newline; bytes read
        line = 1  # the line ``run`` is in
        try:
            while chunk := f.read(_CHUNK):
                total += len(chunk)
                if total > MAX_BYTES:
                    raise UserError(
                        f"over {MAX_BYTES >> 30} GiB: too large to be an export", where=str(path)
                    )
                first = chunk.find(b"\n")
                if first >= 0:
                    # Lines wholly inside a piece are shorter than MAX_LINE (the piece).
                    if run + first > MAX_LINE:
                        break
                    line += chunk.count(b"\n")
                    run = len(chunk) - chunk.rfind(b"\n") - 1
                else:
                    run += len(chunk)
                if run > MAX_LINE:
                    break
                yield chunk
            else:
                return
        except OSError as exc:
            raise UserError(f"cannot read: {exc.strerror}", where=str(path)) from None
    raise UserError(
        f"a line of over {MAX_LINE >> 20} MiB: this is not {what}", where=f"{path}:{line}"
    )


def read_text(path: Path) -> str:
    """A user's own text file (settings, bridge lines, a drill, a transcript) as UTF-8,
    with the same refusals as :func:`read_bytes` and a broken byte named where it is."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UserError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02X})", where=f"{path}:{line}:{column}"
        ) from None


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """TOML from a user's file: a syntax error says file:line:column, and a file nested
    too deep for the parser (``a = [[[[…]]]]``) is one line, not a RecursionError."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{path}:{m.group(1)}:{m.group(2)}" if m else str(path)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise UserError(f"not valid TOML: {message}", where=where) from None
    except RecursionError:
        raise UserError(
            "not valid here: arrays or tables nested too deeply", where=str(path)
        ) from None


def load_toml(path: Path) -> dict[str, Any]:
    """:func:`parse_toml` of a user's file read by :func:`read_text`."""
    return parse_toml(read_text(path), path)
