"""Reading a class list exported from the school's administrative system.

Columns: external id, first name, last name, class, guardian name, guardian e-mail, under
Danish or English headings in any order; ``;`` or ``,`` between fields; UTF-8 with or without
a BOM, or Windows-1252. Every row is checked and every problem is kept with its line number,
so the administrator sees all of them at once.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from office_app.desk.search import class_label
from office_app.i18n import tr

COLUMNS = ("external_ref", "first_name", "last_name", "class_label", "guardian_name", "email")

#: Headings as exports spell them, folded by ``_heading``: lower case, letters and digits only.
HEADINGS: dict[str, str] = {
    **dict.fromkeys(
        ("externalid", "externalref", "id", "elevid", "elevnr", "elevnummer", "unilogin"),
        "external_ref",
    ),
    **dict.fromkeys(("firstname", "givenname", "fornavn", "fornavne"), "first_name"),
    **dict.fromkeys(("lastname", "surname", "familyname", "efternavn"), "last_name"),
    **dict.fromkeys(("class", "classlabel", "klasse", "klassebetegnelse"), "class_label"),
    **dict.fromkeys(
        (
            "guardianname",
            "guardian",
            "parentname",
            "parent",
            "forælder",
            "forældernavn",
            "forældrenavn",
            "værge",
            "værgenavn",
            "kontaktperson",
        ),
        "guardian_name",
    ),
    **dict.fromkeys(
        (
            "guardianemail",
            "parentemail",
            "email",
            "mail",
            "forælderemail",
            "forældreemail",
            "forældermail",
            "værgeemail",
            "kontaktpersonemail",
        ),
        "email",
    ),
}

#: The ledger's own rule for a guardian's address, checked here so no row is refused there.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_GRADE = 10
MAX_NAME = 200
MAX_REF = 64
MAX_EMAIL = 320


class RosterFileError(ValueError):
    """A file that cannot be read as a class list at all, with the reason."""


@dataclass(frozen=True)
class RosterRow:
    line: int
    external_ref: str
    first_name: str
    last_name: str
    class_label: str
    guardian_name: str
    email: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class RosterFile:
    rows: tuple[RosterRow, ...]
    problems: tuple[RowProblem, ...]
    encoding: str
    separator: str


def decode(raw: bytes) -> tuple[str, str]:
    """The text of ``raw`` and the encoding it was in: UTF-8 (BOM or not), else Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise RosterFileError(tr("roster.encoding")) from None


def _heading(text: str) -> str:
    folded = unicodedata.normalize("NFC", text).casefold()
    return "".join(character for character in folded if character.isalnum())


def _separator(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") >= header.count(",") and ";" in header else ","


def _column_map(header: list[str], line: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, heading in enumerate(header):
        column = HEADINGS.get(_heading(heading))
        if column is None:
            continue
        if column in found:
            raise RosterFileError(tr("roster.heading_twice", line=line, heading=heading.strip()))
        found[column] = position
    missing = [column for column in COLUMNS if column not in found]
    if missing:
        names = ", ".join(tr(f"roster.column.{column}") for column in missing)
        raise RosterFileError(tr("roster.missing_columns", line=line, columns=names))
    return found


def parse(raw: bytes) -> RosterFile:
    """Every row of the file, checked; raises RosterFileError when it is no class list."""
    text, encoding = decode(raw)
    separator = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[RosterRow] = []
    problems: list[RowProblem] = []
    columns: dict[str, int] | None = None
    first_line_of: dict[str, int] = {}
    line = 1
    try:
        for fields in reader:
            start, line = line, reader.line_num + 1
            if not any(field.strip() for field in fields):
                continue
            if columns is None:
                columns = _column_map(fields, start)
                width = len(fields)
                continue
            row, reason = _row(fields, columns, width, start)
            if row is None:
                problems.append(RowProblem(start, reason))
                continue
            earlier = first_line_of.get(row.external_ref)
            if earlier is not None:
                problems.append(
                    RowProblem(start, tr("roster.duplicate", ref=row.external_ref, line=earlier))
                )
                continue
            first_line_of[row.external_ref] = start
            rows.append(row)
    except csv.Error as error:
        raise RosterFileError(tr("roster.unreadable", line=line, reason=error)) from None
    if columns is None:
        raise RosterFileError(tr("roster.empty"))
    return RosterFile(tuple(rows), tuple(problems), encoding, separator)


def _row(
    fields: list[str], columns: dict[str, int], width: int, line: int
) -> tuple[RosterRow | None, str]:
    """A checked row, or None and the reason in words."""
    if len(fields) < width:
        return None, tr("roster.too_few", found=len(fields), expected=width)
    if any(field.strip() for field in fields[width:]):
        return None, tr("roster.too_many", found=len(fields), expected=width)
    value = {column: " ".join(fields[position].split()) for column, position in columns.items()}
    for column, text in value.items():
        if any(ord(character) < 32 for character in text):
            return None, tr("roster.control", column=tr(f"roster.column.{column}"))
    for column in ("external_ref", "first_name", "last_name", "class_label", "email"):
        if not value[column]:
            return None, tr("roster.blank", column=tr(f"roster.column.{column}"))
    if len(value["external_ref"]) > MAX_REF:
        return None, tr("roster.too_long", column=tr("roster.column.external_ref"), limit=MAX_REF)
    if len(value["first_name"]) + len(value["last_name"]) + 1 > MAX_NAME:
        return None, tr("roster.too_long", column=tr("roster.column.name"), limit=MAX_NAME)
    if len(value["guardian_name"]) > MAX_NAME:
        return None, tr("roster.too_long", column=tr("roster.column.guardian_name"), limit=MAX_NAME)
    label = class_label(value["class_label"])
    if label is None or int(label.split(".")[0]) > MAX_GRADE:
        return None, tr("roster.bad_class", value=value["class_label"])
    email = value["email"].lower()
    if len(email) > MAX_EMAIL or not EMAIL.match(email):
        return None, tr("roster.bad_email", value=value["email"])
    return (
        RosterRow(
            line=line,
            external_ref=value["external_ref"],
            first_name=value["first_name"],
            last_name=value["last_name"],
            class_label=label,
            guardian_name=value["guardian_name"],
            email=email,
        ),
        "",
    )
