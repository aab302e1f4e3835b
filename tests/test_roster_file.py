"""Reading class lists as schools export them: encodings, separators, headings and bad rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from office_app.desk.roster_file import RosterFileError, parse
from office_app.i18n import set_language

DANISH_HEADING = "Elevnr;Fornavn;Efternavn;Klasse;Forældrenavn;Forældre e-mail"
ENGLISH_HEADING = "external id,first name,last name,class,guardian name,guardian email"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("da")


def test_utf8_with_bom_semicolons_and_danish_headings() -> None:
    text = (
        "\ufeff" + DANISH_HEADING + "\r\n"
        "1001;Åse;Østergaard;5b;Søren Østergaard;soren@example.dk\r\n"
        "1002;Mads;Æbelø;5.B;Lise Æbelø;LISE@Example.dk\r\n"
    )
    roster = parse(text.encode("utf-8"))
    assert (roster.encoding, roster.separator) == ("UTF-8", ";")
    assert roster.problems == ()
    first, second = roster.rows
    assert (first.name, first.class_label, first.guardian_name) == (
        "Åse Østergaard",
        "5.B",
        "Søren Østergaard",
    )
    assert (second.class_label, second.email, second.line) == ("5.B", "lise@example.dk", 3)


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
    assert (aero.name, aero.class_label, aero.guardian_name, aero.line) == (
        "Ærø Hansen",
        "0.A",
        "",
        5,
    )


def test_every_bad_row_is_listed_with_its_line_and_reason() -> None:
    text = "\n".join(
        [
            DANISH_HEADING,
            "1;Anna;Berg;5.B;Mor;mor@example.dk",
            "2;Bo;Berg;5.B;Mor;mor@example",
            "1;Carl;Dahl;4.A;Far;far@example.dk",
            "3;;Dahl;4.A;Far;far@example.dk",
            "4;Dorte;Eriksen;5.B.2;Far;far2@example.dk",
            "5;Emil;Friis;12.A;Far;far3@example.dk",
            "6;Frida;Gram;4.A",
            "7;Gustav;Holm;4.A;Far;far4@example.dk;ekstra",
            "8;Hans;Iversen;4.A;Far;",
            "",
        ]
    )
    roster = parse(text.encode())
    assert [row.external_ref for row in roster.rows] == ["1"]
    assert [(problem.line, problem.reason) for problem in roster.problems] == [
        (3, "guardian e-mail: 'mor@example' is not an e-mail address"),
        (4, "external id '1' is also on line 2"),
        (5, "first name: is empty"),
        (6, "class: '5.B.2' is not a class such as 0.A or 5.B"),
        (7, "class: '12.A' is not a class such as 0.A or 5.B"),
        (8, "4 fields, the heading has 6"),
        (9, "7 fields, the heading has 6"),
        (10, "guardian e-mail: is empty"),
    ]


def test_missing_columns_refuse_the_whole_file_naming_them() -> None:
    text = "Elevnr;Fornavn;Efternavn;Klasse\n1;Anna;Berg;5.B\n"
    with pytest.raises(RosterFileError) as refused:
        parse(text.encode())
    assert str(refused.value) == "line 1: columns missing: guardian name, guardian e-mail"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the file has no heading line and no children"),
        (b"\n\n ; ;\n", "the file has no heading line and no children"),
        (b"\x81\x8d\x8f\x90\x9d\xff\xfe", "the file is neither UTF-8 nor Windows-1252"),
        (
            "id;fornavn;efternavn;klasse;klasse;email;forælder\n".encode(),
            "line 1: the column 'klasse' appears twice",
        ),
    ],
)
def test_files_that_are_no_class_list(raw: bytes, message: str) -> None:
    with pytest.raises(RosterFileError) as refused:
        parse(raw)
    assert str(refused.value) == message


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
    text = DANISH_HEADING + "\n1;Anna;Berg;femte;Mor;mor@example.dk\n"
    roster = parse(text.encode())
    assert roster.problems[0].reason == "klasse: 'femte' er ikke en klasse som 0.A eller 5.B"
