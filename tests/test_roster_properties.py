"""Hypothesis over the class-list importer: any bytes give rows or reasons, never a crash, and
what a clean file says comes back exactly, in either encoding and with either separator."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from office_app.desk.roster_file import RosterFileError, parse
from office_app.desk.search import class_label

HEADER = ["Elevnr", "Fornavn", "Efternavn", "Klasse", "Forældrenavn", "Forældre e-mail"]
# Letters a school's system writes in names, all of them in Windows-1252; the importer
# collapses runs of spaces, so a name here has single spaces only.
NAME = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzæøåÆØÅéüABCDEFGHIJKLMNOPQRSTUVWXYZ -'",
    min_size=1,
    max_size=30,
).filter(lambda text: " ".join(text.split()) == text and text.strip("-' ") != "")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_rows_and_reasons_or_one_file_error(raw: bytes) -> None:
    try:
        roster = parse(raw)
    except RosterFileError as error:
        assert str(error)
        return
    for problem in roster.problems:
        assert problem.line >= 1 and problem.reason
    for row in roster.rows:
        assert row.line >= 2 and class_label(row.class_label) == row.class_label


@st.composite
def clean_rows(draw: st.DrawFn) -> list[list[str]]:
    count = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for number in range(count):
        grade = draw(st.integers(min_value=0, max_value=9))
        track = draw(st.sampled_from("ABC"))
        written = draw(
            st.sampled_from([f"{grade}.{track}", f"{grade}{track.lower()}", f"{grade} {track}"])
        )
        rows.append(
            [
                f"E{number:04d}",
                draw(NAME),
                draw(NAME),
                written,
                draw(NAME),
                f"forælder{number}@example.dk",
            ]
        )
    return rows


@settings(max_examples=150, deadline=None)
@given(
    clean_rows(),
    st.sampled_from([";", ","]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.booleans(),
)
def test_a_clean_file_reads_back_exactly_in_any_encoding_and_separator(
    rows: list[list[str]], separator: str, encoding: str, blank_lines: bool
) -> None:
    def line(fields: list[str]) -> str:
        return separator.join(f'"{field}"' if separator in field else field for field in fields)

    lines = [line(HEADER)]
    for fields in rows:
        lines.append(line(fields))
        if blank_lines:
            lines.append("")
    roster = parse("\r\n".join(lines).encode(encoding))
    assert roster.problems == ()
    assert roster.separator == separator
    assert [
        (row.external_ref, row.first_name, row.last_name, row.guardian_name, row.email)
        for row in roster.rows
    ] == [(f[0], f[1], f[2], f[4], f[5]) for f in rows]
    assert [row.class_label for row in roster.rows] == [class_label(f[3]) for f in rows]
