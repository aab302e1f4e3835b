"""Hypothesis over the class-list importer: any bytes give rows or reasons, never a crash, and
what a clean file says comes back exactly, in every encoding, separator and layout a school's
system writes, with any number of guardians per child."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from office_app.desk.roster_file import GuardianRow, RosterFileError, parse
from office_app.domain.classes import normalise_class_label

# Letters a school's system writes in names, all of them in Windows-1252; the importer
# collapses runs of spaces, so a name here has single spaces only.
NAME = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzæøåÆØÅéüABCDEFGHIJKLMNOPQRSTUVWXYZ -'",
    min_size=1,
    max_size=30,
).filter(lambda text: " ".join(text.split()) == text and text.strip("-' ") != "")
CLASS_NAMES = ("bh.A", "M1", "S1", "7.-9. H", "0.A", "10.C")


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
        assert row.line >= 1 and normalise_class_label(row.class_label) == row.class_label


@st.composite
def clean_rows(draw: st.DrawFn) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Children with their written class and zero to three guardians, some without e-mail."""
    count = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for number in range(count):
        grade = draw(st.integers(min_value=0, max_value=9))
        track = draw(st.sampled_from("ABC"))
        written = draw(
            st.sampled_from(
                [f"{grade}.{track}", f"{grade}{track.lower()}", f"{grade} {track}", *CLASS_NAMES]
            )
        )
        guardians = [
            (draw(NAME), draw(st.sampled_from([f"g{number}x{index}@example.dk", ""])))
            for index in range(draw(st.integers(min_value=0, max_value=3)))
        ]
        rows.append(([f"E{number:04d}", draw(NAME), draw(NAME), written], guardians))
    return rows


def _line(fields: list[str], separator: str) -> str:
    return separator.join(f'"{field}"' if separator in field else field for field in fields)


@settings(max_examples=150, deadline=None)
@given(
    clean_rows(),
    st.sampled_from([";", ",", "\t", "¤"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    st.booleans(),
    st.booleans(),
)
def test_a_clean_file_reads_back_exactly_in_any_encoding_separator_and_layout(
    rows: list[tuple[list[str], list[tuple[str, str]]]],
    separator: str,
    encoding: str,
    blank_lines: bool,
    one_row_per_guardian: bool,
) -> None:
    heading = ["Elevnr", "Fornavn", "Efternavn", "Klasse"]
    lines = []
    if one_row_per_guardian:
        lines.append(_line([*heading, "Forælder", "Forælder e-mail"], separator))
        for fields, guardians in rows:
            for name, email in guardians or [("", "")]:
                lines.append(_line([*fields, name, email], separator))
                if blank_lines:
                    lines.append("")
    else:
        most = max(len(guardians) for _, guardians in rows)
        extra = [f"Forælder {n} {part}" for n in range(1, most + 1) for part in ("navn", "mail")]
        lines.append(_line(heading + extra, separator))
        for fields, guardians in rows:
            padded = guardians + [("", "")] * (most - len(guardians))
            lines.append(_line(fields + [part for pair in padded for part in pair], separator))
            if blank_lines:
                lines.append("")
    roster = parse("\r\n".join(lines).encode(encoding))
    assert roster.problems == ()
    assert roster.separator == separator
    expected_guardians = [
        tuple(dict.fromkeys(GuardianRow(name, email) for name, email in guardians))
        for _, guardians in rows
    ]
    assert [
        (row.external_ref, row.first_name, row.last_name, row.guardians) for row in roster.rows
    ] == [
        (fields[0], fields[1], fields[2], expected)
        for (fields, _), expected in zip(rows, expected_guardians, strict=True)
    ]
    assert [row.class_label for row in roster.rows] == [
        normalise_class_label(fields[3]) for fields, _ in rows
    ]
