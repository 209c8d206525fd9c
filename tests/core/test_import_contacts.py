"""Contacts come in from real, messy files.

Bad rows are named, never fatal; bad files write nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.book import Book
from coach.errors import UserError
from coach.importers import import_contacts
from coach.lookup.engine import Lookup
from tests.helpers import CONTACTS, write


def names(store: Book) -> list[str]:
    ids = [r[0] for r in store.conn.execute("SELECT id FROM contacts ORDER BY id")]
    return [c.name for c in store.contacts(ids).values()]


def phones(store: Book) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT e164 FROM phones")}


def test_the_canonical_csv_imports_every_contact_with_numbers_in_e164(
    tmp_path: Path, db_path: Path
) -> None:
    with Book.open(db_path) as store:
        report = import_contacts(store, write(tmp_path / "c.csv", CONTACTS))
        assert (report.added, report.updated, report.unchanged, report.skipped) == (10, 0, 0, 0)
        assert "+16125550142" in phones(store)
        assert "+19525550188" in phones(store)
        assert "+498912345678" in phones(store)
        ext = store.conn.execute("SELECT ext, raw FROM phones WHERE e164 = '+14155550123'")
        assert ext.fetchone() == ("204", "(415) 555-0123 x204")


def test_importing_the_same_file_again_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "c.csv", CONTACTS)
    with Book.open(db_path) as store:
        import_contacts(store, path)
        before = store.conn.execute("SELECT * FROM contacts ORDER BY id").fetchall()
        again = import_contacts(store, path)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 10)
        assert store.conn.execute("SELECT * FROM contacts ORDER BY id").fetchall() == before
        assert store.count_contacts() == 10


def test_duplicate_and_blank_rows_in_one_file_make_one_contact(
    tmp_path: Path, db_path: Path
) -> None:
    text = (
        "first_name,last_name,company,email\n"
        "Ana,Lopez,Quarry Foods,ana@quarry.example\n"
        ",,,\n"
        "\n"
        "Ana,Lopez,Quarry Foods,ana@quarry.example\n"
    )
    with Book.open(db_path) as store:
        report = import_contacts(store, write(tmp_path / "c.csv", text))
        assert store.count_contacts() == 1
        assert (report.added, report.unchanged, report.skipped) == (1, 1, 0)


def test_a_row_with_another_crm_id_is_a_different_person_even_with_the_same_name(
    tmp_path: Path, db_path: Path
) -> None:
    text = "id,first_name,last_name,company\nA1,Ana,Lopez,Quarry Foods\nA2,Ana,Lopez,Quarry Foods\n"
    with Book.open(db_path) as store:
        import_contacts(store, write(tmp_path / "c.csv", text))
        assert store.count_contacts() == 2


def test_a_later_file_fills_in_what_the_book_lacks_without_blanking_anything(
    tmp_path: Path, db_path: Path
) -> None:
    with Book.open(db_path) as store:
        import_contacts(
            store, write(tmp_path / "a.csv", "id,first_name,last_name,title\nX,Ana,Lopez,CFO\n")
        )
        report = import_contacts(
            store,
            write(tmp_path / "b.csv", "id,first_name,last_name,title,company\nX,Ana,,,Quarry\n"),
        )
        assert report.updated == 1
        row = store.conn.execute("SELECT last_name, title, company FROM contacts").fetchone()
        assert row == ("Lopez", "CFO", "Quarry")
        assert Lookup(store).search("ana quarry").hits[0].contact.company == "Quarry"


@pytest.mark.parametrize(
    ("label", "text", "encoding"),
    [
        ("utf-8 with BOM", "\ufefffirst_name,last_name\nJürgen,Müller\n", "utf-8"),
        ("cp1252 from Excel", "first_name;last_name\nJürgen;Müller\n", "cp1252"),
        ("utf-16 from Excel", "first_name\tlast_name\r\nJürgen\tMüller\r\n", "utf-16"),
        ("tab separated", "first_name\tlast_name\nJürgen\tMüller\n", "utf-8"),
        ("pipe separated", "first_name|last_name\nJürgen|Müller\n", "utf-8"),
    ],
)
def test_encodings_and_delimiters_of_real_exports(
    tmp_path: Path, db_path: Path, label: str, text: str, encoding: str
) -> None:
    with Book.open(db_path) as store:
        import_contacts(store, write(tmp_path / "c.csv", text, encoding))
        assert names(store) == ["Jürgen Müller"], label


def test_quoted_line_breaks_keep_line_numbers_right(tmp_path: Path, db_path: Path) -> None:
    text = (
        "first_name,last_name,notes,phone\n"
        'Ana,Lopez,"met at the expo\nwants pricing\nin Q3",612-555-0101\n'
        ",,,\n"
        ",,no name here,\n"
        "Bo,Kim,,not a number\n"
    )
    path = write(tmp_path / "c.csv", text)
    with Book.open(db_path) as store:
        report = import_contacts(store, path)
        notes = store.conn.execute("SELECT notes FROM contacts WHERE first_name='Ana'").fetchone()
        assert notes[0] == "met at the expo\nwants pricing\nin Q3"
        problems = [str(p) for p in report.problems]
        assert problems == [
            f"{path}:6: skipped: no name, email or phone number",
            f"{path}:7:4: note: not a phone number: 'not a number' (column 'phone')",
        ]
        assert report.skipped == 1
        assert store.count_contacts() == 2


SALESFORCE = (
    '"Contact ID","First Name","Last Name","Title","Account Name","Phone","Mobile","Email"\n'
    '"0035e00001","Michael","Okafor","Head of Ops","Globex Logistics","(612) 555-0142",'
    '"(612) 555-0199","m.okafor@globex.example"\n'
)
HUBSPOT = (
    "Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Company Name,"
    "Job Title\n"
    "501,Michael,Okafor,m.okafor@globex.example,612-555-0142,612-555-0199,"
    "Globex Logistics,Head of Ops\n"
)
GOOGLE_OLD = (
    "Name,Given Name,Family Name,Organization 1 - Name,Organization 1 - Title,E-mail 1 - Value,"
    "Phone 1 - Type,Phone 1 - Value,"
    "Phone 2 - Type,Phone 2 - Value\n"
    "Michael Okafor,Michael,Okafor,Globex Logistics,Head of Ops,m.okafor@globex.example,"
    "Work,+1 612-555-0142,Mobile,(612) 555-0199\n"
)
GOOGLE_NEW = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,"
    "E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
    "Michael,,Okafor,Globex Logistics,Head of Ops,Work,m.okafor@globex.example,Work,"
    "+1 612-555-0142 ::: (612) 555-0199\n"
)
OUTLOOK = (
    "Title,First Name,Middle Name,Last Name,Company,Job Title,Business Phone,"
    "Business Phone 2,Mobile Phone,E-mail Address,Notes\n"
    "Dr.,Michael,,Okafor,Globex Logistics,Head of Ops,(612) 555-0142,,(612) 555-0199,"
    "m.okafor@globex.example,Met at expo\n"
)


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("salesforce", SALESFORCE),
        ("hubspot", HUBSPOT),
        ("google", GOOGLE_OLD),
        ("google-new", GOOGLE_NEW),
        ("outlook", OUTLOOK),
    ],
)
def test_exports_from_real_crms_are_read_without_flags(
    tmp_path: Path, db_path: Path, source: str, text: str
) -> None:
    with Book.open(db_path) as store:
        report = import_contacts(store, write(tmp_path / f"{source}.csv", text))
        assert report.added == 1, report.problems
        row = store.conn.execute(
            "SELECT first_name, last_name, company, title, email FROM contacts"
        )
        assert row.fetchone() == (
            "Michael",
            "Okafor",
            "Globex Logistics",
            "Head of Ops",
            "m.okafor@globex.example",
        )
        assert phones(store) == {"+16125550142", "+16125550199"}


def test_a_mobile_column_is_labelled_mobile(tmp_path: Path, db_path: Path) -> None:
    with Book.open(db_path) as store:
        import_contacts(store, write(tmp_path / "o.csv", OUTLOOK))
        labels = dict(store.conn.execute("SELECT e164, label FROM phones").fetchall())
        assert labels == {"+16125550142": "office", "+16125550199": "mobile"}


def test_map_reads_an_unknown_column_as_a_field(tmp_path: Path, db_path: Path) -> None:
    text = "Who,Cell Number\nAna Lopez,612-555-0101\n"
    with Book.open(db_path) as store:
        import_contacts(
            store, write(tmp_path / "c.csv", text), overrides=["Who=name", "Cell Number=mobile"]
        )
        assert names(store) == ["Ana Lopez"]
        assert phones(store) == {"+16125550101"}


def test_a_region_reads_local_numbers_of_that_country(tmp_path: Path, db_path: Path) -> None:
    text = "first_name,phone\nNigel,020 7946 0958\n"
    with Book.open(db_path) as store:
        import_contacts(store, write(tmp_path / "c.csv", text), region="GB")
        assert phones(store) == {"+442079460958"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\n  \n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel .xlsx"),
        (b"%PDF-1.4 hello", "PDF document"),
        (b"\x00\x01\x02binary", "binary file"),
        (b"colour,size\nred,4\n", "no usable column"),
        (b"Dear Sam,\nthanks for the call.\n", "no usable column"),
    ],
)
def test_a_file_that_is_not_a_usable_table_is_refused_and_nothing_is_written(
    tmp_path: Path, db_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with Book.open(db_path) as store:
        with pytest.raises(UserError, match=message) as info:
            import_contacts(store, path)
        assert str(path) in str(info.value)
        assert store.count_contacts() == 0


def test_a_missing_file_is_a_user_error(tmp_path: Path, db_path: Path) -> None:
    with Book.open(db_path) as store, pytest.raises(UserError, match="no such file"):
        import_contacts(store, tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (["Cell Number=phone_number"], "unknown field"),
        (["Fax=phone"], "not in the file"),
        (["=phone"], "Column Name=field"),
    ],
)
def test_a_bad_map_is_a_user_error(
    tmp_path: Path, db_path: Path, mapping: list[str], message: str
) -> None:
    path = write(tmp_path / "c.csv", "first_name,Cell Number\nAna,612-555-0101\n")
    with Book.open(db_path) as store:
        with pytest.raises(UserError, match=message):
            import_contacts(store, path, overrides=mapping)
        assert store.count_contacts() == 0


def test_a_shared_email_does_not_merge_two_people(tmp_path: Path, db_path: Path) -> None:
    text = (
        "first_name,last_name,company,email,phone\n"
        "Alice,Jones,Acme,info@acme.example,612-555-0101\n"
        "Bob,Smith,Acme,info@acme.example,612-555-0102\n"
        "John,Smith,Initech,john@initech.example,\n"
        "John,Smith,Initech,jsmith@initech.example,\n"
    )
    path = write(tmp_path / "c.csv", text)
    with Book.open(db_path) as store:
        import_contacts(store, path)
        assert sorted(names(store)) == ["Alice Jones", "Bob Smith", "John Smith", "John Smith"]
        assert Lookup(store).search("alice").hits[0].contact.phones[0].e164 == "+16125550101"
        again = import_contacts(store, path)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 4)


def test_an_unclosed_quote_is_an_error_with_its_line_and_nothing_is_written(
    tmp_path: Path, db_path: Path
) -> None:
    path = write(tmp_path / "c.csv", 'first_name,last_name\nAna,Lopez\n"Bob,Smith\nJane,Doe\n')
    with Book.open(db_path) as store:
        with pytest.raises(UserError, match=r"c.csv:3: broken CSV: a quote opened on this line"):
            import_contacts(store, path)
        assert store.count_contacts() == 0


def test_excel_sep_line_names_the_delimiter(tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "c.csv", "sep=;\nfirst_name;last_name\nAna;Lopez\n")
    with Book.open(db_path) as store:
        import_contacts(store, path)
        assert names(store) == ["Ana Lopez"]


def test_a_tel_extension_parameter_stays_with_its_number(tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "c.csv", 'first_name,phone\nAna,"(612) 555-0142;ext=23"\n')
    with Book.open(db_path) as store:
        import_contacts(store, path)
        assert store.conn.execute("SELECT e164, ext FROM phones").fetchall() == [
            ("+16125550142", "23")
        ]


def test_map_accepts_the_documented_field_names(tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "c.csv", "Key,first_name\nK-1,Ana\n")
    with Book.open(db_path) as store:
        import_contacts(store, path, overrides=["Key=id"])
        assert store.conn.execute("SELECT source_id FROM contacts").fetchone() == ("K-1",)


def test_a_very_long_name_does_not_blow_up_the_index(tmp_path: Path, db_path: Path) -> None:
    long_name = " ".join(["Maximilianus"] * 400)
    path = write(tmp_path / "c.csv", f'first_name,last_name\nAna,"{long_name}"\n')
    with Book.open(db_path) as store:
        import_contacts(store, path)
        (count,) = store.conn.execute("SELECT count(*) FROM term_deletes").fetchone()
        assert count < 100
        assert Lookup(store).search("maximilianus " * 50).hits[0].contact.first_name == "Ana"


# ------------------------------------------------------------ streamed tables
_CELL = st.text(alphabet=st.sampled_from('ab,é"\n\r ;x1'), max_size=6)


@given(st.lists(st.lists(_CELL, min_size=2, max_size=2), max_size=8), st.booleans())
@settings(max_examples=60, deadline=None)
def test_a_utf8_table_streamed_from_disk_reads_as_the_whole_text_does(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], bom: bool
) -> None:
    import csv
    import io

    from coach.importers.csvfile import read_table

    out = io.StringIO()
    csv.writer(out).writerows([["first_name", "last_name"], *rows])
    path = tmp_path_factory.mktemp("t") / "people.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode())
    streamed = read_table(path)
    assert streamed.text is None  # read from disk as walked, never held
    whole = read_table(path)
    whole.text = out.getvalue()  # the same file, held in memory as before
    assert streamed.headers == ["first_name", "last_name"]
    assert list(streamed.rows()) == list(whole.rows())
    assert streamed.approx_rows == max(out.getvalue().count("\n"), 1)


def test_a_streamed_sep_line_keeps_line_numbers_right(tmp_path: Path) -> None:
    from coach.importers.csvfile import read_table

    path = write(tmp_path / "x.csv", 'sep=;\nfirst_name;last_name\nAna;Lima\n"Bo;Ek\n')
    table = read_table(path)
    assert table.text is None and table.delimiter == ";"
    rows = table.rows()
    assert next(rows) == (3, ["Ana", "Lima"])
    with pytest.raises(UserError) as caught:
        next(rows)
    assert caught.value.where == f"{path}:4"


def test_a_big_import_does_not_hold_the_file(tmp_path: Path, db_path: Path) -> None:
    """Peak memory does not grow with the file: 60,000 rows (about 9 MB) add under
    half their size to the peak that 6,000 rows reach (the old reading held the bytes,
    their pieces and the text: three times the file)."""
    import tracemalloc

    from coach.importers.csvfile import read_table

    def peak(n: int) -> int:
        lines = "".join(
            f"C{i},Ana{i},Lima,Porto Co,CEO,+1 612 555 {i % 10000:04d},,a{i}@p.example,"
            f"note {'x' * 80}\n"
            for i in range(n)
        )
        path = write(
            tmp_path / f"{n}.csv",
            "id,first_name,last_name,company,title,phone,mobile,email,notes\n" + lines,
        )
        tracemalloc.start()
        for _ in read_table(path).rows():
            pass
        got = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return got

    small, big = peak(6_000), peak(60_000)
    assert big - small < 9_000_000 // 2
