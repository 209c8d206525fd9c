"""Real-world address-book exports (../shared/eval-external/imports) through the importers.

One row per file: records in the file by our own count (not the importer's), the
importer's exit code, what landed in a fresh book (contacts, numbers, e-mails), the
problems it noted, what a second import of the same file changed (should be nothing),
and whether each imported contact comes first when looked up by its name, by each of
its numbers written another way, and by each of its e-mail addresses.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path

from coach.book import Book
from coach.lookup.engine import Lookup
from coach.lookup.phones import Phone
from coach.models import Contact

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = ROOT.parent / "shared" / "eval-external" / "imports"
COACH = str(Path(sys.executable).with_name("coach"))
KINDS = {".vcf": "vcard", ".csv": "contacts"}
#: A problem line as ``coach import`` writes it: ``file:line[:column]: …``.
PROBLEM = re.compile(r"^.+:\d+(?::\d+)?: ")
SUMMARY = re.compile(r"(\d+) added, (\d+) updated, (\d+) unchanged")
NAME_WIDTH = 30


@dataclass
class Row:
    """What one file gave; the numeric fields add up into the totals row."""

    records: int = 0
    contacts: int = 0
    numbers: int = 0
    emails: int = 0
    noted: int = 0
    changed: int = 0
    #: Files whose second import was not made or said no summary (``changed`` unknown).
    unread: int = 0
    names_first: int = 0
    names_tried: int = 0
    numbers_first: int = 0
    numbers_tried: int = 0
    emails_first: int = 0
    emails_tried: int = 0

    def add(self, other: Row) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


# ------------------------------------------------------------- own counts
def vcard_records(data: bytes) -> int:
    """``BEGIN:VCARD`` lines, in UTF-16 files too."""
    return sum(1 for line in decode(data).splitlines() if line.strip().upper() == "BEGIN:VCARD")


def csv_records(data: bytes) -> int:
    """Data rows (not the header, not rows whose every cell is empty)."""
    text = decode(data)
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(rows, None)
    return sum(1 for row in rows if any(cell.strip() for cell in row))


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:  # UTF-16 without a byte-order mark: NULs on the ASCII's side
        even = data[::2].count(0) > data[1::2].count(0)
        return data.decode("utf-16-be" if even else "utf-16-le", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# --------------------------------------------------------------- the book
def all_contacts(book: Book) -> list[Contact]:
    """Every contact in the book."""
    ids = book.contact_ids()
    found = book.contacts(ids)
    return [found[cid] for cid in ids]


def emails_of(c: Contact) -> list[str]:
    said = [c.email, *getattr(c, "emails", ())]
    return list(dict.fromkeys(e for e in said if e))


def number_queries(phone: Phone) -> list[str]:
    """The number as someone else would type it: E.164 digits without "+", and the
    national number with dashes ("612-555-0142", "030-1234567")."""
    out = [phone.digits]
    if phone.e164.startswith("+1") and len(phone.e164) == 12:
        n = phone.e164[2:]
        out.append(f"{n[:3]}-{n[3:6]}-{n[6:]}")
    elif phone.national:
        import phonenumbers as pn

        try:
            national = pn.format_number(pn.parse(phone.e164), pn.PhoneNumberFormat.NATIONAL)
        except pn.NumberParseException:
            national = phone.national
        out.append("-".join(re.findall(r"\d+", national)))
    return [q for q in dict.fromkeys(out) if q]


def lookups(book: Book, contacts: Sequence[Contact], row: Row) -> None:
    look = Lookup(book)

    def first(query: str, cid: int) -> int:
        hits = look.search(query).hits
        return int(bool(hits) and hits[0].contact.id == cid)

    for c in contacts:
        if name := c.name or getattr(c, "nickname", "") or c.company:
            row.names_tried += 1
            row.names_first += first(name, c.id)
        for phone in c.phones:
            for query in number_queries(phone):
                row.numbers_tried += 1
                row.numbers_first += first(query, c.id)
        for email in emails_of(c):
            row.emails_tried += 1
            row.emails_first += first(email, c.id)


# ------------------------------------------------------------ one file
def run_import(book: Path, path: Path, problems: Path) -> subprocess.CompletedProcess[str]:
    command = [COACH, "--db", str(book), "import", KINDS[path.suffix.lower()], str(path)]
    return subprocess.run(
        [*command, "--problems", str(problems)], capture_output=True, text=True, check=False
    )


def measure(path: Path) -> tuple[Row, int]:
    """The row for one file, and the importer's exit code."""
    data = path.read_bytes()
    row = Row(records=vcard_records(data) if path.suffix.lower() == ".vcf" else csv_records(data))
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        book, problems = Path(tmp) / "book.db", Path(tmp) / "problems.txt"
        done = run_import(book, path, problems)
        said = problems.read_text() if problems.exists() else done.stderr
        row.noted = sum(1 for line in said.splitlines() if PROBLEM.match(line))
        row.unread = int(not book.exists())
        if book.exists():
            again = run_import(book, path, Path(tmp) / "again.txt")
            m = SUMMARY.search(again.stdout)
            row.changed = int(m.group(1)) + int(m.group(2)) if m else 0
            row.unread = int(not m)
            with Book.open_readonly(book) as store:
                row.contacts = store.count_contacts()
                contacts = all_contacts(store)
                row.numbers = sum(len(c.phones) for c in contacts)
                row.emails = sum(len(emails_of(c)) for c in contacts)
                lookups(store, contacts, row)
    return row, done.returncode


# ----------------------------------------------------------------- table
COLUMNS = (
    *("file", "records", "exit", "contacts", "numbers", "e-mails", "noted", "changed"),
    *("name 1st", "number 1st", "e-mail 1st"),
)


def cells(name: str, row: Row, code: str) -> list[str]:
    return [
        name,
        str(row.records),
        code,
        str(row.contacts),
        str(row.numbers),
        str(row.emails),
        str(row.noted),
        f"{row.changed}{'?' if row.unread else ''}",
        f"{row.names_first}/{row.names_tried}",
        f"{row.numbers_first}/{row.numbers_tried}",
        f"{row.emails_first}/{row.emails_tried}",
    ]


def short(name: str) -> str:
    return name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 5] + "…" + name[-4:]


def table(lines: Sequence[Sequence[str]]) -> Iterator[str]:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        first = line[0].ljust(widths[0])
        rest = (cell.rjust(w) for cell, w in zip(line[1:], widths[1:], strict=True))
        yield "   " + "  ".join([first, *rest])


def external_imports(folder: Path = IMPORTS) -> None:
    """Print the table for every .vcf and .csv file in ``folder``, with totals."""
    print("== Imports of real address-book exports (own record count vs. what landed)")
    files = (
        sorted(p for p in folder.glob("*") if p.suffix.lower() in KINDS) if folder.is_dir() else []
    )
    if not files:
        print(f"   {folder} is not here; skipped")
        return
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(measure, files))
    total, failed = Row(), 0
    lines = [list(COLUMNS)]
    for path, (row, code) in zip(files, results, strict=True):
        total.add(row)
        failed += code != 0
        lines.append(cells(short(path.name), row, str(code)))
    lines.append(cells(f"total ({len(files)} files)", total, f"{failed}≠0"))
    for line in table(lines):
        print(line)
    print("   noted = problem lines the importer wrote; N 1st = lookups that came first / tried")
    print("   changed = added + updated by a second import: should be 0 (? = not measured)")


if __name__ == "__main__":
    external_imports()
