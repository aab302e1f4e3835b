"""Applying change-feed pages to the office's local SQLite replica.

A page and the cursor that follows it are written in one local transaction, so a replica is
always exactly "everything up to change N": a crash in the middle of a page leaves the page
unapplied, and it is fetched again. Rows are upserted by primary key; append-only rows
(transactions with their entries, card events) are inserted once and never touched again.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import uuid
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Date, Table, Uuid, delete
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.engine import Connection

from models import (
    LedgerEntry,
    StudentGuardian,
    SyncState,
)
from models.base import UTCDateTime
from models.kinds import FEED_KINDS

TABLES = FEED_KINDS
APPEND_ONLY = {"transaction", "card_event"}


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


class ReplicaError(Exception):
    """A page the replica cannot apply, naming the change."""


def _converter(column_type: Any) -> Callable[[Any], Any]:
    if isinstance(column_type, Uuid):
        return uuid.UUID
    if isinstance(column_type, UTCDateTime):
        return dt.datetime.fromisoformat
    if isinstance(column_type, Date):
        return dt.date.fromisoformat
    return lambda value: value


def _row(table: Table, school_id: uuid.UUID, data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.key == "school_id":
            values["school_id"] = school_id
        elif column.key in data:
            value = data[column.key]
            values[column.key] = None if value is None else _converter(column.type)(value)
    return values


def _device_placeholder(device_id: str) -> str:
    """Replicas never see device tokens; this stands in, unique and matching no token."""
    return hashlib.sha256(f"replica:{device_id}:{uuid.uuid4()}".encode()).hexdigest()


def apply_page(
    connection: Connection, school_id: uuid.UUID, changes: list[dict[str, Any]], last_seq: int
) -> None:
    """Apply one page's changes and move the cursor to ``last_seq``, in the caller's transaction.

    Foreign keys are checked when the page commits, not row by row: a page is consistent as a
    whole, but a row may name one that comes later in it (a replaced card names its successor).
    """
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for change in changes:
        kind = change.get("kind")
        model = TABLES.get(str(kind))
        if model is None:
            raise ReplicaError(f"change {change.get('seq')}: unknown kind {kind!r}")
        table = _table(model)
        data = dict(change["data"])
        if kind == "device":
            data["token_hash"] = _device_placeholder(data["id"])
        values = _row(table, school_id, data)
        connection.execute(_upsert(table, kind in APPEND_ONLY, tuple(values)), values)
        if kind == "transaction":
            _entries(connection, school_id, data)
        elif kind == "student":
            _guardians(connection, school_id, data)
    connection.execute(
        insert(_table(SyncState))
        .values(id=1, school_id=school_id, cursor_seq=last_seq)
        .on_conflict_do_update(index_elements=["id"], set_={"cursor_seq": last_seq})
    )


@functools.cache
def _upsert(table: Table, append_only: bool, columns: tuple[str, ...]) -> Any:
    """The insert-or-update of a row with these columns, built once and reused for every row."""
    statement = insert(table)
    keys = [column.key for column in table.primary_key.columns]
    if append_only:
        return statement.on_conflict_do_nothing(index_elements=keys)
    updates = {
        key: statement.excluded[key] for key in columns if key not in keys and key != "token_hash"
    }
    return statement.on_conflict_do_update(index_elements=keys, set_=updates)


def _entries(connection: Connection, school_id: uuid.UUID, data: dict[str, Any]) -> None:
    txn_id = uuid.UUID(data["id"])
    exists = connection.execute(
        _table(LedgerEntry).select().where(LedgerEntry.txn_id == txn_id).limit(1)
    ).first()
    if exists is not None:
        return
    connection.execute(
        insert(_table(LedgerEntry)),
        [
            {
                "school_id": school_id,
                "txn_id": txn_id,
                "account_id": uuid.UUID(entry["account_id"]),
                "amount_ore": entry["amount_ore"],
            }
            for entry in data["entries"]
        ],
    )


def _guardians(connection: Connection, school_id: uuid.UUID, data: dict[str, Any]) -> None:
    student_id = uuid.UUID(data["id"])
    connection.execute(delete(StudentGuardian).where(StudentGuardian.student_id == student_id))
    guardian_ids = [uuid.UUID(value) for value in data.get("guardian_ids", [])]
    if guardian_ids:
        connection.execute(
            insert(_table(StudentGuardian)),
            [
                {"student_id": student_id, "guardian_id": guardian_id, "school_id": school_id}
                for guardian_id in guardian_ids
            ],
        )
