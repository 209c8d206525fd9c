"""Reading CSV the way spreadsheets and CRMs really write it.

UTF-8 with or without a BOM, UTF-16 from Excel's "Unicode text", cp1252 from older
Excel; comma, semicolon, tab or pipe delimiters; quoted newlines; blank rows. Anything
that is not a table at all is refused before a single row is read.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from coach.errors import UserError
from coach.userfile import read_bytes, read_chunks

_DELIMITERS = (",", ";", "\t", "|")
_SIGNATURES = {
    b"PK\x03\x04": "a zip archive (an Excel .xlsx workbook?); save it as CSV first",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook; save it as CSV first",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}


@dataclass
class Table:
    """A CSV file with its header row read; data rows are parsed as they are iterated.

    A UTF-8 file (the usual export, and every big one) is read from disk each time its
    rows are walked, never held: memory stays flat however large the file. Any other
    (UTF-16, cp1252) is decoded whole into ``text`` first, as its checks need.
    """

    path: Path
    headers: list[str]
    encoding: str
    delimiter: str
    text: str | None
    #: Physical lines in the file (newlines), counted while it was checked.
    lines: int = 0
    #: Excel's "sep=;" hint line comes before the header and is not a row.
    hint_line: bool = False

    @functools.cached_property
    def approx_rows(self) -> int:
        """An upper bound on the data rows (physical lines), for a progress bar."""
        return max(self.text.count("\n") if self.text is not None else self.lines, 1)

    @contextlib.contextmanager
    def _stream(self) -> Iterator[TextIO]:
        if self.text is not None:
            yield io.StringIO(self.text, newline="")
            return
        with self.path.open(encoding=self.encoding, newline="") as f:
            if self.hint_line:
                f.readline()  # the "sep=;" line: its line number still counts (below)
            yield f

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(first line number, cells) for every non-blank row after the header."""
        with self._stream() as stream:
            yield from self._rows(stream, 2 if self.hint_line and self.text is None else 1)

    def _rows(self, stream: TextIO, first: int) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(stream, delimiter=self.delimiter, strict=True)
        start, seen_header = first, False
        offset = first - 1  # lines before the reader's first
        try:
            for row in reader:
                if row and "".join(row).strip():
                    if seen_header:
                        yield start, row
                    seen_header = True
                start = offset + reader.line_num + 1
        except csv.Error as exc:
            reason = str(exc)
            if "unexpected end of data" in reason:
                reason = "a quote opened on this line is never closed"
            raise UserError(f"broken CSV: {reason}", where=f"{self.path}:{start}") from exc


#: A valid multi-byte UTF-8 sequence (no overlong forms, surrogates or code points past
#: U+10FFFF): a file holding one is UTF-8, even where a byte is broken.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Text and the encoding it was read with. Raises UserError for binary files.

    Never a silent guess: UTF-8 (with or without BOM) and UTF-16 with a BOM are read as
    such, and so is UTF-16 without a BOM where every other byte is NUL; a UTF-8 file
    with a broken byte is refused at that byte's line and column (read as cp1252 it
    would turn every "José" into "JosÃ©"); only a file with no UTF-8 in it at all is read
    as cp1252, and the import says so.
    """
    for magic, what in _SIGNATURES.items():
        if data.startswith(magic):
            raise UserError(f"this is {what}, not a CSV or vCard file", where=str(path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UserError("broken UTF-16 text", where=str(path)) from exc
    if b"\x00" in data[:8192]:
        # UTF-16 without a BOM (Apple writes it): mostly-ASCII text has a NUL in every
        # other byte and none in between; a binary file almost never does, and what
        # decodes must still hold no control characters.
        sample = data[: 4096 & ~1]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        endian = ""
        if len(sample) >= 8 and not len(data) % 2:
            if even >= 0.9 * (len(sample) // 2) and not odd:
                endian = "utf-16-be"
            elif odd >= 0.9 * (len(sample) // 2) and not even:
                endian = "utf-16-le"
        if endian:
            try:
                text = data.decode(endian)
            except UnicodeDecodeError as exc:
                raise UserError("broken UTF-16 text", where=str(path)) from exc
            if not re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text[:4096]):
                return text, endian
        raise UserError("this is a binary file, not a CSV or vCard file", where=str(path))
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data[3 if bom else 0 :].decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        if bom or _UTF8_SEQUENCE.search(data):
            start = exc.start + (3 if bom else 0)
            line_start = data.rfind(b"\n", 0, start) + 1
            line = data.count(b"\n", 0, start) + 1
            column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
            raise UserError(
                f"invalid UTF-8 (byte 0x{data[start]:02X}); the rest of the file is UTF-8:"
                " fix or re-save this line",
                where=f"{path}:{line}:{column}",
            ) from None
    # No UTF-8 anywhere: older Excel on Windows writes cp1252 (its five undefined bytes
    # fall back to Latin-1).
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def read_text(path: Path, what: str = "a CSV or vCard export") -> tuple[str, str]:
    """Read and decode a user file, with one-line errors for the usual failures."""
    data = read_bytes(path, what)
    text, encoding = decode(data, path)
    if not text.strip("\ufeff \t\r\n"):
        raise UserError("the file is empty", where=str(path))
    return text, encoding


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: _count_outside_quotes(header_line, d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, ch: str) -> int:
    n, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == ch and not quoted:
            n += 1
    return n


class _Utf8:
    """A streamed pass over a file: whether it is all UTF-8 (without NULs), its first
    piece, how many newlines, and whether it holds anything but white space."""

    def __init__(self, path: Path) -> None:
        chunks = read_chunks(path, "a CSV or vCard export")
        self.head = next(chunks, b"")
        self.ok = not self.head.startswith((b"\xff\xfe", b"\xfe\xff")) and not any(
            self.head.startswith(magic) for magic in _SIGNATURES
        )
        self.lines = 0
        self.blank = True
        if not self.ok or b"\x00" in self.head[:8192]:
            self.ok = False
            return
        check = codecs.getincrementaldecoder("utf-8")()
        body = self.head[3:] if self.head.startswith(b"\xef\xbb\xbf") else self.head
        try:
            for chunk in itertools.chain([body], chunks):
                check.decode(chunk)
                self.lines += chunk.count(b"\n")
                if self.blank and chunk.strip(b" \t\r\n"):
                    self.blank = False
            check.decode(b"", final=True)
        except UnicodeDecodeError:
            self.ok = False  # read whole instead: the exact place, or cp1252, is told there


def read_table(path: Path) -> Table:
    """Open ``path`` as a table and read its header. Line numbers are 1-based."""
    scan = _Utf8(path)
    text: str | None
    if scan.ok:
        if scan.blank:
            raise UserError("the file is empty", where=str(path))
        bom = scan.head.startswith(b"\xef\xbb\xbf")
        encoding = "utf-8-sig" if bom else "utf-8"
        sample = scan.head[3 if bom else 0 : 65536].decode("utf-8", errors="ignore")
        text = None
    else:
        text, encoding = read_text(path)
        text = text.lstrip("\ufeff")
        sample = text[:65536]
    first_line = next((ln for ln in sample.splitlines() if ln.strip()), "")
    hint = first_line.lower().startswith("sep=") and len(first_line.strip()) == 5
    if hint:
        # Excel's hint line: "sep=;" names the delimiter and is not a header.
        delimiter = first_line.strip()[4]
        if text is not None:
            text = text.replace(first_line, " " * len(first_line), 1)
        elif sample.splitlines()[0] != first_line:
            hint = False  # blank lines before it: rare enough to read the old way
            text, encoding = read_text(path)
            text = text.lstrip("\ufeff").replace(first_line, " " * len(first_line), 1)
    else:
        delimiter = _sniff_delimiter(first_line)
    table = Table(path, [], encoding, delimiter, text, lines=scan.lines, hint_line=hint)
    with table._stream() as stream:
        return _with_header(table, stream)


def _with_header(table: Table, stream: TextIO) -> Table:
    path, delimiter = table.path, table.delimiter
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    try:
        headers = next((row for row in reader if any(c.strip() for c in row)), None)
    except csv.Error as exc:
        line = reader.line_num + (1 if table.hint_line and table.text is None else 0)
        raise UserError(f"broken CSV header: {exc}", where=f"{path}:{line}") from exc
    if headers is None:
        raise UserError("the file is empty", where=str(path))
    table.headers = [h.strip() for h in headers]
    return table
