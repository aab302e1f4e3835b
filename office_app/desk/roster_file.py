"""Reading a class list as the school's administrative system exports it.

UTF-8 (with or without a BOM), UTF-16 (Excel's "Unicode text") or Windows-1252; ``;``, ``,``,
a tab or ``¤`` between fields; a heading row (see :mod:`office_app.desk.roster_columns`) or the
Tabulex ``Elev.txt`` layout, whose first line is the school year and whose fields are known by
position. A child's guardians come from guardian columns, or from several rows of the same
child, one per guardian. Every row is checked and every problem kept with its line number and
what was seen, so the administrator sees all of them at once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace

from office_app.desk.roster_columns import (
    TABULEX_MIN_FIELDS,
    Columns,
    ColumnsError,
    from_headings,
    looks_like_headings,
    tabulex,
)
from office_app.domain.classes import ClassLabelError, class_from_parts, normalise_class_label
from office_app.domain.payloads import MAX_GUARDIANS
from office_app.i18n import tr

SEPARATORS = ("¤", "\t", ";", ",")
#: The ledger's own rule for a guardian's address, checked here so no row is refused there.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SCHOOL_YEAR = re.compile(r"^\s*(skoleår\s*)?\d{4}(\s*[/-]\s*\d{2,4})?\s*$", re.IGNORECASE)
#: A CPR number (ddmmyy-nnnn): never taken for a child's id, so it is never stored.
CPR = re.compile(r"^(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}-?\d{4}$")
MAX_NAME = 200
MAX_REF = 64
MAX_EMAIL = 320


class RosterFileError(ValueError):
    """A file that cannot be read as a class list at all, with the reason."""


@dataclass(frozen=True)
class GuardianRow:
    name: str
    email: str


@dataclass(frozen=True)
class RosterRow:
    line: int
    external_ref: str
    first_name: str
    last_name: str
    class_label: str
    guardians: tuple[GuardianRow, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class RowProblem:
    """A row left out; ``external_ref`` when it could be read, so that child is not taken
    for a leaver."""

    line: int
    reason: str
    external_ref: str = ""


@dataclass(frozen=True)
class RosterFile:
    rows: tuple[RosterRow, ...]
    problems: tuple[RowProblem, ...]
    encoding: str
    separator: str
    has_guardians: bool = True
    layout: str = "headings"
    ignored_columns: tuple[str, ...] = ()


def decode(raw: bytes) -> tuple[str, str]:
    """The text of ``raw`` and the encoding it was in."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(raw, "utf-16")
    if len(raw) >= 4 and raw.count(b"\x00") * 3 >= len(raw):
        return _utf16(raw, "utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be")
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


def _utf16(raw: bytes, codec: str) -> tuple[str, str]:
    try:
        return raw.decode(codec).removeprefix("\ufeff"), "UTF-16"
    except UnicodeDecodeError:
        raise RosterFileError(tr("roster.encoding")) from None


def _separator(lines: list[str]) -> str:
    """The separator on most of the first lines (at least half of them), ``¤`` and a tab
    before ``;`` and ``,``, which names and texts may hold."""
    sample = lines[:20]
    best, best_lines = "", 0
    for separator in SEPARATORS:
        holding = sum(1 for line in sample if separator in line)
        if holding > best_lines:
            best, best_lines = separator, holding
    if not best or best_lines * 2 < len(sample):
        raise RosterFileError(tr("roster.no_separator", seen=sample[0].strip()[:60]))
    return best


def parse(raw: bytes) -> RosterFile:
    """Every row of the file, checked; raises RosterFileError when it is no class list."""
    text, encoding = decode(raw)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise RosterFileError(tr("roster.empty"))
    year_line = bool(SCHOOL_YEAR.match(lines[0]))
    data_lines = lines[1:] if year_line else lines
    if not data_lines:
        raise RosterFileError(tr("roster.empty"))
    separator = _separator(data_lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for fields in reader:
            start, line = line, reader.line_num + 1
            if any(field.strip() for field in fields):
                records.append((start, fields))
    except csv.Error as error:
        raise RosterFileError(tr("roster.unreadable", line=line, reason=error)) from None
    if year_line:
        records = records[1:]
    columns, layout, width = _layout(records, year_line)
    if layout == "headings":
        records = records[1:]
    reading = _Reading(columns, width)
    for start, fields in records:
        reading.add(start, fields)
    return RosterFile(
        tuple(reading.rows.values()),
        tuple(reading.problems),
        encoding,
        separator,
        columns.has_guardians,
        layout,
        columns.ignored,
    )


def _layout(records: list[tuple[int, list[str]]], year_line: bool) -> tuple[Columns, str, int]:
    if not records:
        raise RosterFileError(tr("roster.empty"))
    line, first = records[0]
    if looks_like_headings(first):
        try:
            return from_headings(first, line), "headings", len(first)
        except ColumnsError as error:
            raise RosterFileError(str(error)) from None
    if year_line or len(first) >= TABULEX_MIN_FIELDS:
        return tabulex(), "tabulex", TABULEX_MIN_FIELDS
    seen = ", ".join(repr(field.strip()) for field in first if field.strip())
    raise RosterFileError(tr("roster.no_heading", line=line, seen=seen))


class _Reading:
    """Rows by external id as they are read; a child's further rows add guardians."""

    def __init__(self, columns: Columns, width: int) -> None:
        self.columns = columns
        self.width = width
        self.rows: dict[str, RosterRow] = {}
        self.problems: list[RowProblem] = []

    def add(self, line: int, fields: list[str]) -> None:
        try:
            row = _row(fields, self.columns, self.width, line)
        except _Refused as refused:
            self.problems.append(RowProblem(line, refused.reason, refused.external_ref))
            return
        earlier = self.rows.get(row.external_ref)
        if earlier is None:
            self.rows[row.external_ref] = row
            return
        if (earlier.name, earlier.class_label) != (row.name, row.class_label):
            reason = tr("roster.duplicate", ref=row.external_ref, line=earlier.line)
            self.problems.append(RowProblem(line, reason, row.external_ref))
            return
        guardians = earlier.guardians + tuple(
            guardian for guardian in row.guardians if guardian not in earlier.guardians
        )
        if len(guardians) > MAX_GUARDIANS:
            reason = tr("roster.too_many_guardians", limit=MAX_GUARDIANS)
            self.problems.append(RowProblem(line, reason, row.external_ref))
            return
        self.rows[row.external_ref] = replace(earlier, guardians=guardians)


class _Refused(Exception):
    def __init__(self, reason: str, external_ref: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.external_ref = external_ref


def _value(fields: list[str], position: int | None) -> str:
    """A field as read: runs of white space (new lines in a quoted field too) made one space."""
    if position is None or position >= len(fields):
        return ""
    text = " ".join(fields[position].split())
    if any(ord(character) < 32 for character in text):
        raise _Refused(tr("roster.control"))
    return text


def _row(fields: list[str], columns: Columns, width: int, line: int) -> RosterRow:
    """A checked row; _Refused with the reason in words otherwise."""
    if len(fields) < width:
        raise _Refused(tr("roster.too_few", found=len(fields), expected=width))
    if columns.fallback_class is None and any(field.strip() for field in fields[width:]):
        raise _Refused(tr("roster.too_many", found=len(fields), expected=width))
    value = {role: _value(fields, position) for role, position in columns.simple.items()}
    ref = value.get("external_ref", "")
    if not ref:
        raise _Refused(tr("roster.blank", column=tr("roster.column.external_ref")))
    if len(ref) > MAX_REF:
        column = tr("roster.column.external_ref")
        raise _Refused(tr("roster.too_long", column=column, limit=MAX_REF))
    if CPR.match(ref):
        raise _Refused(tr("roster.cpr_as_id"))
    first, last = _names(value, ref)
    if len(first) + len(last) + 1 > MAX_NAME:
        raise _Refused(tr("roster.too_long", column=tr("roster.column.name"), limit=MAX_NAME), ref)
    class_label = _class(value, fields, columns, ref)
    return RosterRow(line, ref, first, last, class_label, _guardians(fields, columns, ref))


def _names(value: dict[str, str], ref: str) -> tuple[str, str]:
    """First and last name, from their own columns or split from one name column."""
    if "full_name" in value and not ("first_name" in value and "last_name" in value):
        full = value["full_name"]
        if not full:
            raise _Refused(tr("roster.blank", column=tr("roster.column.name")), ref)
        first, _, last = full.rpartition(" ")
        return (first, last) if first else (last, "")
    for column in ("first_name", "last_name"):
        if not value.get(column):
            raise _Refused(tr("roster.blank", column=tr(f"roster.column.{column}")), ref)
    return value["first_name"], value["last_name"]


def _class(value: dict[str, str], fields: list[str], columns: Columns, ref: str) -> str:
    written = value.get("class_label") or class_from_parts(
        value.get("grade", ""), value.get("track", "")
    )
    written = written or _value(fields, columns.fallback_class)
    try:
        return normalise_class_label(written)
    except ClassLabelError as error:
        raise _Refused(tr(f"roster.class_{error.rule}", value=written), ref) from None


def _guardians(fields: list[str], columns: Columns, ref: str) -> tuple[GuardianRow, ...]:
    found: list[GuardianRow] = []
    for name_at, email_at in columns.guardians:
        name, email = _value(fields, name_at), _value(fields, email_at).lower()
        if not name and not email:
            continue
        if len(name) > MAX_NAME:
            column = tr("roster.column.guardian_name")
            raise _Refused(tr("roster.too_long", column=column, limit=MAX_NAME), ref)
        if email and (len(email) > MAX_EMAIL or not EMAIL.match(email)):
            raise _Refused(tr("roster.bad_email", value=_value(fields, email_at)), ref)
        guardian = GuardianRow(name or email, email)
        if guardian not in found:
            found.append(guardian)
    return tuple(found)
