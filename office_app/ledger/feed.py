"""The change feed: everything of a school that changed after a sequence number.

What a device reads is cut to its kind's allow-list (``feed_fields``): kinds it may not see
are never read, and every row is reduced to the fields listed for it.

Rows carry the number of the command that last changed them, and the school's counter is
read first, so a page never reaches past what has committed. A page also carries the current
state of every row its rows refer to (a card's student, an entry's account), even when that
row changed later, so a replica can apply each page on its own with foreign keys enforced.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import DeclarativeBase, Session

from models import (
    ChangeSequence,
    LedgerEntry,
    School,
    StudentGuardian,
)
from models.kinds import FEED_KINDS
from office_app.db import make_sessionmaker, reading
from office_app.domain.protocol import Change, ChangesResponse
from office_app.ledger.feed_fields import ENTRIES, GUARDIAN_IDS, ROW_FILTERS, fields_for

DEFAULT_LIMIT = 500
MAX_LIMIT = 5000

#: Kinds sent only as the rows others refer to (they carry no change number: ``seq`` 0).
REFERENCED_ONLY = {"device"}
#: Kinds a page is made of, by their change number.
KINDS = {kind: model for kind, model in FEED_KINDS.items() if kind not in REFERENCED_ONLY}
#: The order a replica applies a page in.
APPLY_ORDER = list(FEED_KINDS)
#: For each kind, the columns that refer to a row of another kind.
REFERENCES: dict[str, list[tuple[str, str]]] = {
    "guardian": [("household_id", "household")],
    "student": [("household_id", "household")],
    "account": [("student_id", "student")],
    "card": [("student_id", "student"), ("replaced_by_card_id", "card")],
    "card_event": [("card_id", "card")],
    "daily_cap": [("student_id", "student")],
    "agreement": [("student_id", "student")],
    "transaction": [("student_id", "student"), ("reverses_txn_id", "transaction")],
    "daily_spend": [("student_id", "student")],
    "payout": [("student_id", "student"), ("requested_device_id", "device")],
    "reversal": [("txn_id", "transaction"), ("reversal_txn_id", "transaction")],
    "declined_purchase": [("card_id", "card"), ("student_id", "student")],
    "audit_event": [("device_id", "device")],
}
#: For each kind, the field of the feed that names rows of another kind through a link table.
LINK_FIELDS = {"student": GUARDIAN_IDS, "transaction": ENTRIES}

Rows = dict[str, dict[Any, DeclarativeBase]]


def _json(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _data(row: DeclarativeBase, allowed: frozenset[str]) -> dict[str, Any]:
    return {
        column.key: _json(getattr(row, column.key))
        for column in row.__mapper__.column_attrs
        if column.key in allowed
    }


def _key(row: DeclarativeBase) -> Any:
    identity = row.__mapper__.primary_key_from_instance(row)
    return identity[0] if len(identity) == 1 else tuple(identity)


class CursorAhead(Exception):
    """A reader asked for changes after a number the ledger has not reached: it followed a
    ledger that has since been restored from an earlier backup."""

    def __init__(self, after: int, last_committed: int) -> None:
        super().__init__(
            f"after: {after} is beyond this ledger's last change {last_committed}; the ledger "
            "is behind this reader (restored from a backup?): follow it again from 0 and "
            "resend what it lost"
        )
        self.after = after
        self.last_committed = last_committed


class ChangeFeed:
    """Reads pages of a school's changes."""

    def __init__(self, engine: Engine) -> None:
        self.sessions = make_sessionmaker(reading(engine))

    def page(
        self, school_id: uuid.UUID, after: int, limit: int = DEFAULT_LIMIT, *, device_kind: str
    ) -> ChangesResponse:
        """A page of the school's changes after ``after``, as a device of ``device_kind`` may
        read them; raises CursorAhead when ``after`` is beyond the school's last change."""
        limit = max(1, min(limit, MAX_LIMIT))
        allowed = fields_for(device_kind)
        with self.sessions() as session, session.begin():
            committed = session.scalar(
                select(ChangeSequence.last_seq).where(ChangeSequence.school_id == school_id)
            )
            last_committed = committed or 0
            if after > last_committed:
                raise CursorAhead(after, last_committed)
            upper = min(after + limit, last_committed)
            rows: Rows = defaultdict(dict)
            if upper > after:
                for kind, model in KINDS.items():
                    if kind not in allowed:
                        continue
                    owner = School.id if model is School else model.school_id  # type: ignore[attr-defined]
                    query = select(model).where(
                        owner == school_id,
                        model.seq > after,  # type: ignore[attr-defined]
                        model.seq <= upper,  # type: ignore[attr-defined]
                    )
                    for row in session.scalars(query):
                        rows[kind][_key(row)] = row
                _add_referenced_rows(session, rows, allowed)
            _filter_rows(rows, device_kind)
            extra = _details(session, rows, allowed)
            changes = [
                Change(
                    seq=getattr(row, "seq", 0),
                    kind=kind,
                    data=_data(row, allowed[kind]) | extra.get((kind, key), {}),
                )
                for kind in APPLY_ORDER
                for key, row in sorted(
                    rows.get(kind, {}).items(), key=lambda item: getattr(item[1], "seq", 0)
                )
            ]
        return ChangesResponse(
            changes=changes, last_seq=max(upper, after), has_more=upper < last_committed
        )


def _filter_rows(rows: Rows, device_kind: str) -> None:
    """Leave out the rows a device kind may not see although it may see their kind."""
    for (kind_of_device, kind), keep in ROW_FILTERS.items():
        if kind_of_device == device_kind and kind in rows:
            rows[kind] = {key: row for key, row in rows[kind].items() if keep(row)}


def _add_referenced_rows(session: Session, rows: Rows, allowed: dict[str, frozenset[str]]) -> None:
    """Bring in the current state of every row a page's rows refer to, transitively, through
    the fields the device may read and into the kinds it may see."""
    pending = [kind for kind in KINDS if kind in allowed]
    while pending:
        wanted: dict[str, set[Any]] = defaultdict(set)
        for kind in pending:
            for column, target in REFERENCES.get(kind, []):
                if column not in allowed[kind] or target not in allowed:
                    continue
                for row in rows.get(kind, {}).values():
                    value = getattr(row, column)
                    if value is not None and value not in rows.get(target, {}):
                        wanted[target].add(value)
            link_field = LINK_FIELDS.get(kind)
            if link_field is not None and link_field in allowed[kind]:
                target = LINKS[kind][0]
                if target in allowed:
                    wanted[target] |= _linked(session, rows, kind) - set(rows.get(target, {}))
        pending = []
        for target, ids in wanted.items():
            if not ids:
                continue
            model = FEED_KINDS[target]
            key_column = model.__mapper__.primary_key[0]
            for row in session.scalars(select(model).where(key_column.in_(ids))):
                rows[target][_key(row)] = row
            pending.append(target)


#: Kinds whose rows name others through a link table: the target kind and the two columns.
LINKS: dict[str, tuple[str, Any, Any]] = {
    "student": ("guardian", StudentGuardian.student_id, StudentGuardian.guardian_id),
    "transaction": ("account", LedgerEntry.txn_id, LedgerEntry.account_id),
}


def _linked(session: Session, rows: Rows, kind: str) -> set[Any]:
    """Rows a page's rows name through a link table: a student's guardians, an entry's account."""
    _target, owner_column, linked_column = LINKS[kind]
    owner_ids = list(rows.get(kind, {}))
    found: set[Any] = set()
    for start in range(0, len(owner_ids), 900):
        found.update(
            session.scalars(
                select(linked_column).where(owner_column.in_(owner_ids[start : start + 900]))
            )
        )
    return found


def _details(
    session: Session, rows: Rows, allowed: dict[str, frozenset[str]]
) -> dict[tuple[str, Any], dict[str, Any]]:
    """What a row's own table does not hold: a transaction's entries, a student's guardians."""
    extra: dict[tuple[str, Any], dict[str, Any]] = {}
    txn_ids = list(rows.get("transaction", {})) if ENTRIES in allowed.get("transaction", ()) else []
    entries: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(txn_ids), 900):
        for txn_id, account_id, amount in session.execute(
            select(LedgerEntry.txn_id, LedgerEntry.account_id, LedgerEntry.amount_ore)
            .where(LedgerEntry.txn_id.in_(txn_ids[start : start + 900]))
            .order_by(LedgerEntry.id)
        ):
            entries[txn_id].append({"account_id": str(account_id), "amount_ore": amount})
    for txn_id in txn_ids:
        extra[("transaction", txn_id)] = {ENTRIES: entries[txn_id]}
    student_ids = (
        list(rows.get("student", {})) if GUARDIAN_IDS in allowed.get("student", ()) else []
    )
    guardians: dict[Any, list[str]] = defaultdict(list)
    for start in range(0, len(student_ids), 900):
        for student_id, guardian_id in session.execute(
            select(StudentGuardian.student_id, StudentGuardian.guardian_id)
            .where(StudentGuardian.student_id.in_(student_ids[start : start + 900]))
            .order_by(StudentGuardian.guardian_id)
        ):
            guardians[student_id].append(str(guardian_id))
    for student_id in student_ids:
        extra[("student", student_id)] = {GUARDIAN_IDS: guardians[student_id]}
    return extra
