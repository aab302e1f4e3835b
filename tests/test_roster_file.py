"""Reading class lists as schools export them: encodings, separators, headings or none, class
names, any number of guardians, columns never read, and bad rows said with what was seen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from office_app.desk.roster_file import GuardianRow, RosterFileError, parse
from office_app.i18n import set_language

DANISH_HEADING = "Elevnr;Fornavn;Efternavn;Klasse;Forældrenavn;Forældre e-mail"
ENGLISH_HEADING = "external id,first name,last name,class,guardian name,guardian email"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("da")


def guardians(*pairs: tuple[str, str]) -> tuple[GuardianRow, ...]:
    return tuple(GuardianRow(name, email) for name, email in pairs)


def test_utf8_with_bom_semicolons_and_danish_headings() -> None:
    text = (
        "\ufeff" + DANISH_HEADING + "\r\n"
        "1001;Åse;Østergaard;5b;Søren Østergaard;soren@example.dk\r\n"
        "1002;Mads;Æbelø;5.B;Lise Æbelø;LISE@Example.dk\r\n"
    )
    roster = parse(text.encode("utf-8"))
    assert (roster.encoding, roster.separator, roster.layout) == ("UTF-8", ";", "headings")
    assert roster.problems == ()
    first, second = roster.rows
    assert (first.name, first.class_label) == ("Åse Østergaard", "5.B")
    assert first.guardians == guardians(("Søren Østergaard", "soren@example.dk"))
    assert (second.class_label, second.guardians[0].email, second.line) == (
        "5.B",
        "lise@example.dk",
        3,
    )


def test_windows_1252_commas_english_headings_in_another_order_and_blank_lines() -> None:
    text = (
        "guardian email,class,first name,last name,external id,guardian name\r\n"
        "\r\n"
        'mor@example.dk,3 a,Bjørn,"Kjær, jr.",A-17,Grethe Kjær\r\n'
        " , , , , , \r\n"
        "far@example.dk,0A,Ærø,Hansen,A-18,\r\n"
    )
    roster = parse(text.encode("cp1252"))
    assert (roster.encoding, roster.separator) == ("Windows-1252", ",")
    assert roster.problems == ()
    bjorn, aero = roster.rows
    assert (bjorn.external_ref, bjorn.name, bjorn.class_label, bjorn.line) == (
        "A-17",
        "Bjørn Kjær, jr.",
        "3.A",
        3,
    )
    assert (aero.name, aero.class_label, aero.line) == ("Ærø Hansen", "0.A", 5)
    assert aero.guardians == guardians(("far@example.dk", "far@example.dk"))


def test_excel_unicode_text_is_utf16_with_tabs_and_two_guardians_per_child() -> None:
    text = (
        "Elevnr\tFornavn\tEfternavn\tKlasse\tForælder 1\tForælder 1 e-mail\t"
        "Forælder 2\tForælder 2 e-mail\tCPR\tAdressebeskyttelse\r\n"
        "2001\tZoë\tÆrø-Lund\tbh.A\tMette Ærø\tmette@example.dk\tJens Lund\t\t010203-1234\tJa\r\n"
        "2002\tIb\tÅs\t7.-9. H\tKaren Ås\tkaren@example.dk\t\t\t\t\r\n"
    )
    roster = parse(text.encode("utf-16"))
    assert (roster.encoding, roster.separator) == ("UTF-16", "\t")
    assert roster.problems == ()
    zoe, ib = roster.rows
    assert (zoe.name, zoe.class_label) == ("Zoë Ærø-Lund", "bh.A")
    assert zoe.guardians == guardians(("Mette Ærø", "mette@example.dk"), ("Jens Lund", ""))
    assert ib.class_label == "7.-9. H"
    assert ib.guardians == guardians(("Karen Ås", "karen@example.dk"))
    assert roster.ignored_columns == ("CPR", "Adressebeskyttelse")
    assert "010203" not in repr(roster), "a CPR number is never read"


def test_a_tabulex_pupil_file_by_position_with_the_school_year_first() -> None:
    text = (
        "2026\r\n"
        "501001¤280202¤Skovbo Skole¤Test¤Testesen¤1234567890¤Skovvej 1¤Lund¤8700¤Horsens¤9¤Y"
        "¤2017¤Y10¤\r\n"
        "501002¤280202¤Skovbo Skole¤Åse¤Ølund¤0102031234¤Skovvej 2¤Lund¤8700¤Horsens¤0¤A"
        "¤2026¤¤\r\n"
        "501003¤280202¤Skovbo Skole¤Mo¤Berg¤¤¤¤¤¤¤¤¤M1¤\r\n"
    )
    roster = parse(text.encode("cp1252"))
    assert (roster.layout, roster.separator, roster.has_guardians) == ("tabulex", "¤", False)
    assert roster.problems == ()
    assert [(row.external_ref, row.name, row.class_label, row.line) for row in roster.rows] == [
        ("501001", "Test Testesen", "9.Y", 2),
        ("501002", "Åse Ølund", "0.A", 3),
        ("501003", "Mo Berg", "M1", 4),
    ]
    assert all(row.guardians == () for row in roster.rows)
    assert "1234567890" not in repr(roster)


def test_grade_and_track_columns_and_one_row_per_guardian() -> None:
    text = (
        "Elevnr;Fornavn;Efternavn;Klassetrin;Hovedgruppe;Kontaktperson;Kontaktperson e-mail\n"
        "1;Anna;Berg;5;b;Mor Berg;mor@example.dk\n"
        "1;Anna;Berg;5;b;Far Berg;far@example.dk\n"
        "1;Anna;Berg;5;b;Mor Berg;mor@example.dk\n"
        "2;Bo;Berg;bh;A;Mor Berg;mor@example.dk\n"
        "3;Cai;Dahl;S1;;Bedste;\n"
    )
    roster = parse(text.encode())
    assert roster.problems == ()
    anna, bo, cai = roster.rows
    assert (anna.class_label, bo.class_label, cai.class_label) == ("5.B", "bh.A", "S1")
    assert anna.guardians == guardians(
        ("Mor Berg", "mor@example.dk"), ("Far Berg", "far@example.dk")
    )
    assert cai.guardians == guardians(("Bedste", ""))


def test_every_bad_row_is_listed_with_its_line_and_reason() -> None:
    text = "\n".join(
        [
            DANISH_HEADING,
            "1;Anna;Berg;5.B;Mor;mor@example.dk",
            "2;Bo;Berg;5.B;Mor;mor@example",
            "1;Carl;Dahl;4.A;Far;far@example.dk",
            "3;;Dahl;4.A;Far;far@example.dk",
            "4;Dorte;Eriksen;;Far;far2@example.dk",
            "5;Emil;Friis;Specialklassen Nord;Far;far3@example.dk",
            "6;Frida;Gram;4.A",
            "7;Gustav;Holm;4.A;Far;far4@example.dk;ekstra",
            "010203-1234;Hans;Iversen;4.A;Far;",
            ";Ida;Juhl;4.A;;",
            "",
        ]
    )
    roster = parse(text.encode())
    assert [row.external_ref for row in roster.rows] == ["1"]
    assert [(problem.line, problem.reason) for problem in roster.problems] == [
        (3, "guardian e-mail: 'mor@example' is not an e-mail address"),
        (4, "external id '1' is also on line 2 with another name or class"),
        (5, "first name: is empty"),
        (6, "class: is empty"),
        (7, "class: 'Specialklassen Nord' is longer than 16 characters"),
        (8, "4 fields, the heading has 6"),
        (9, "7 fields, the heading has 6"),
        (10, "the external id looks like a CPR number; use the pupil number (CPR is never stored)"),
        (11, "external id: is empty"),
    ]
    assert [problem.external_ref for problem in roster.problems][:3] == ["2", "1", "3"]


def test_missing_columns_refuse_the_whole_file_saying_what_was_found() -> None:
    text = "Elev;Fornavn;Efternavn;Hovedgruppe\n1;Anna;Berg;B\n"
    with pytest.raises(RosterFileError) as refused:
        parse(text.encode())
    assert str(refused.value) == (
        "line 1: columns missing: external id, class; "
        "found 'Elev', 'Fornavn', 'Efternavn', 'Hovedgruppe'"
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the file has no heading line and no children"),
        (b"\n\n \n", "the file has no heading line and no children"),
        (b"\x81\x8d\x8f\x90\x9d\xff\xfe", "the file is neither UTF-8, UTF-16 nor Windows-1252"),
        (
            "id;fornavn;efternavn;klasse;klasse;email;forælder\n".encode(),
            "line 1: the column 'klasse' appears twice",
        ),
        (
            b"Hej\nDette er ikke en elevliste\n",
            "cannot find the separator (; , tab or \xa4) between fields; found 'Hej'",
        ),
        (b"1;Anna;Berg;5.B\n2;Bo;Berg;5.B\n", "line 1: no headings such as Elevnr"),
    ],
)
def test_files_that_are_no_class_list(raw: bytes, message: str) -> None:
    with pytest.raises(RosterFileError) as refused:
        parse(raw)
    assert str(refused.value).startswith(message)


def test_a_quoted_field_over_two_lines_keeps_the_line_numbers_right() -> None:
    text = (
        ENGLISH_HEADING + "\n"
        '1,"Anna\nMaria",Berg,5.B,Mor,mor@example.dk\n'
        "2,Bo,Berg,5.B,Mor,not-an-address\n"
    )
    roster = parse(text.encode())
    assert roster.rows[0].name == "Anna Maria Berg"
    assert [(problem.line, problem.reason) for problem in roster.problems] == [
        (4, "guardian e-mail: 'not-an-address' is not an e-mail address")
    ]


def test_danish_reasons_for_a_danish_office() -> None:
    set_language("da")
    text = "Elev;Navn;Klasse\n1;Anna Berg;5.B\n"
    with pytest.raises(RosterFileError) as refused:
        parse(text.encode())
    assert str(refused.value) == (
        "linje 1: kolonner mangler: elev-id; fandt 'Elev', 'Navn', 'Klasse'"
    )
    roster = parse(b"Elevnr;Navn;Klasse\n1;Anna Maria Berg;5.B\n2;;5.B\n")
    assert (roster.rows[0].first_name, roster.rows[0].last_name) == ("Anna Maria", "Berg")
    assert roster.problems[0].reason == "navn: er tom"
