"""Which column of a class list holds what, from its heading row or from a known layout.

Headings are matched folded (lower case, letters and digits only), in Danish or English and in
any order. The class is one column (``Klasse``) or a grade and a track (``Klassetrin`` with
``Hovedgruppe`` or ``Spor``). A child may have any number of guardians: ``Forælder 1``,
``Forælder 1 e-mail``, ``Forælder 2`` … (a repeated ``Forælder`` column is the next guardian).
Every other column (CPR, addresses, address protection, phone numbers) is left out and never
read into the office.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from office_app.i18n import tr

SIMPLE: dict[str, str] = {
    **dict.fromkeys(
        ("externalid", "externalref", "id", "elevid", "elevnr", "elevnummer", "unilogin"),
        "external_ref",
    ),
    **dict.fromkeys(("firstname", "givenname", "fornavn", "fornavne"), "first_name"),
    **dict.fromkeys(("lastname", "surname", "familyname", "efternavn"), "last_name"),
    **dict.fromkeys(("name", "navn", "elevnavn", "fuldtnavn", "fullname"), "full_name"),
    **dict.fromkeys(
        ("class", "classlabel", "klasse", "klassebetegnelse", "stamklasse"), "class_label"
    ),
    **dict.fromkeys(("klassetrin", "trin", "grade", "årgang", "aargang"), "grade"),
    **dict.fromkeys(
        ("hovedgruppe", "spor", "klassespor", "track", "parallel", "klassebogstav"), "track"
    ),
}
GUARDIAN_WORDS = (
    "kontaktperson",
    "forældre",
    "forælder",
    "foraeldre",
    "foraelder",
    "custodian",
    "guardian",
    "parent",
    "værge",
    "vaerge",
)
EMAIL_SUFFIXES = ("email", "mail", "emailadresse", "mailadresse", "eposta")
NAME_SUFFIXES = ("", "navn", "name", "fuldtnavn", "fullname", "snavn")
#: The Tabulex ``Elev.txt`` layout, by position: the columns read, every other one left out
#: (the school code and name, CPR, the address, the first school year).
TABULEX = {"external_ref": 0, "first_name": 3, "last_name": 4, "grade": 10, "track": 11}
TABULEX_CLASS = 13
TABULEX_MIN_FIELDS = 12


class ColumnsError(ValueError):
    """Headings that do not make a class list, with what was found."""


def folded(text: str) -> str:
    """A heading as it is matched: NFC, case-folded, letters and digits only."""
    lowered = unicodedata.normalize("NFC", text).casefold()
    return "".join(character for character in lowered if character.isalnum())


@dataclass
class Columns:
    """Positions of the columns read; ``guardians`` has one (name, e-mail) pair per guardian."""

    simple: dict[str, int] = field(default_factory=dict)
    guardians: list[list[int | None]] = field(default_factory=list)
    fallback_class: int | None = None
    ignored: tuple[str, ...] = ()

    @property
    def has_guardians(self) -> bool:
        return bool(self.guardians)


def _guardian(key: str) -> tuple[int | None, str] | None:
    """(the guardian's number or None, "name" or "email") for a guardian's heading."""
    for word in GUARDIAN_WORDS:
        if not key.startswith(word):
            continue
        rest = key[len(word) :]
        digits = ""
        while rest[:1].isdigit():
            digits, rest = digits + rest[0], rest[1:]
        number = int(digits) if digits else None
        if rest in EMAIL_SUFFIXES:
            return number, "email"
        if rest in NAME_SUFFIXES:
            return number, "name"
        return None
    return None


def _place_guardian(columns: Columns, number: int | None, role: str, position: int) -> None:
    slot = 0 if role == "name" else 1
    if number is None:
        number = next(
            (index + 1 for index, pair in enumerate(columns.guardians) if pair[slot] is None),
            len(columns.guardians) + 1,
        )
    while len(columns.guardians) < number:
        columns.guardians.append([None, None])
    if columns.guardians[number - 1][slot] is not None:
        raise ValueError(role)
    columns.guardians[number - 1][slot] = position


def from_headings(headings: list[str], line: int) -> Columns:
    """The columns a heading row names; ColumnsError when it lacks one a class list needs."""
    columns = Columns()
    ignored = []
    for position, heading in enumerate(headings):
        key = folded(heading)
        role = SIMPLE.get(key)
        if role is not None:
            if role in columns.simple:
                raise ColumnsError(tr("roster.heading_twice", line=line, heading=heading.strip()))
            columns.simple[role] = position
            continue
        guardian = _guardian(key)
        if guardian is None:
            if heading.strip():
                ignored.append(heading.strip())
            continue
        try:
            _place_guardian(columns, *guardian, position)
        except ValueError:
            raise ColumnsError(
                tr("roster.heading_twice", line=line, heading=heading.strip())
            ) from None
    columns.ignored = tuple(ignored)
    missing = _missing(columns)
    if missing:
        seen = ", ".join(repr(heading.strip()) for heading in headings if heading.strip())
        names = ", ".join(tr(f"roster.column.{column}") for column in missing)
        raise ColumnsError(tr("roster.missing_columns", line=line, columns=names, seen=seen))
    return columns


def _missing(columns: Columns) -> list[str]:
    found = columns.simple
    missing = [] if "external_ref" in found else ["external_ref"]
    if "full_name" not in found:
        missing += [column for column in ("first_name", "last_name") if column not in found]
    if "class_label" not in found and "grade" not in found:
        missing.append("class_label")
    return missing


def looks_like_headings(fields: list[str]) -> bool:
    """True when at least two fields are headings we know."""
    known = sum(
        1 for text in fields if folded(text) in SIMPLE or _guardian(folded(text)) is not None
    )
    return known >= 2


def tabulex() -> Columns:
    return Columns(simple=dict(TABULEX), fallback_class=TABULEX_CLASS)
