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
import itertools
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, cast

from sqlalchemy import Date, Table, Uuid, delete, select
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


def _converter(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, Uuid):
        return uuid.UUID
    if isinstance(column_type, UTCDateTime):
        return dt.datetime.fromisoformat
    if isinstance(column_type, Date):
        return dt.date.fromisoformat
    return None


@functools.cache
def _columns(table: Table) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """The table's columns but ``school_id``, each with how its JSON value is read."""
    return tuple(
        (column.key, _converter(column.type))
        for column in table.columns
        if column.key != "school_id"
    )


def _row(table: Table, school_id: uuid.UUID, data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {"school_id": school_id} if "school_id" in table.c else {}
    for key, convert in _columns(table):
        if key in data:
            value = data[key]
            values[key] = value if value is None or convert is None else convert(value)
    return values


def _device_placeholder(device_id: str) -> str:
    """Replicas never see device tokens; this stands in, unique and matching no token."""
    return hashlib.sha256(f"replica:{device_id}:{uuid.uuid4()}".encode()).hexdigest()


def _runs(changes: list[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The page's changes as runs of one kind each, in page order."""
    for kind, run in itertools.groupby(changes, key=lambda change: str(change.get("kind"))):
        yield kind, list(run)


def apply_page(
    connection: Connection, school_id: uuid.UUID, changes: list[dict[str, Any]], last_seq: int
) -> None:
    """Apply one page's changes and move the cursor to ``last_seq``, in the caller's transaction.

    Foreign keys are checked when the transaction commits: a page carries every row its rows
    refer to, but a row may come before the row of the same kind it refers to (an old card
    before its replacement, which changed later).
    """
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for kind, run in _runs(changes):
        model = TABLES.get(kind)
        if model is None:
            raise ReplicaError(f"change {run[0].get('seq')}: unknown kind {kind!r}")
        table = _table(model)
        datas = [dict(change["data"]) for change in run]
        if kind == "device":
            for data in datas:
                data["token_hash"] = _device_placeholder(data["id"])
        _upsert(connection, table, kind, [_row(table, school_id, data) for data in datas])
        if kind == "transaction":
            _entries(connection, school_id, datas)
        elif kind == "student":
            _guardians(connection, school_id, datas)
    connection.execute(
        insert(_table(SyncState))
        .values(id=1, school_id=school_id, cursor_seq=last_seq)
        .on_conflict_do_update(
            index_elements=["id"], set_={"cursor_seq": last_seq, "school_id": school_id}
        )
    )


def _upsert(connection: Connection, table: Table, kind: str, rows: list[dict[str, Any]]) -> None:
    """Insert the rows, or update those already there; append-only rows are never updated."""
    keys = [column.key for column in table.primary_key.columns]
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_columns[tuple(row)].append(row)
    for columns, same_shape in by_columns.items():
        statement = insert(table)
        if kind in APPEND_ONLY:
            statement = statement.on_conflict_do_nothing(index_elements=keys)
        else:
            updates = {
                key: statement.excluded[key]
                for key in columns
                if key not in keys and key != "token_hash"
            }
            statement = statement.on_conflict_do_update(index_elements=keys, set_=updates)
        connection.execute(statement, same_shape)


def _chunks(values: list[Any], size: int = 900) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _entries(connection: Connection, school_id: uuid.UUID, datas: list[dict[str, Any]]) -> None:
    """The entries of transactions not seen before; a transaction's entries never change."""
    txn_ids = [uuid.UUID(data["id"]) for data in datas]
    known: set[uuid.UUID] = set()
    for chunk in _chunks(txn_ids):
        known.update(
            connection.execute(
                select(LedgerEntry.txn_id).where(LedgerEntry.txn_id.in_(chunk)).distinct()
            ).scalars()
        )
    entries = [
        {
            "school_id": school_id,
            "txn_id": txn_id,
            "account_id": uuid.UUID(entry["account_id"]),
            "amount_ore": entry["amount_ore"],
        }
        for txn_id, data in zip(txn_ids, datas, strict=True)
        if txn_id not in known
        for entry in data["entries"]
    ]
    if entries:
        connection.execute(insert(_table(LedgerEntry)), entries)


def _guardians(connection: Connection, school_id: uuid.UUID, datas: list[dict[str, Any]]) -> None:
    """Each student's guardians as the page says, replacing what the replica had."""
    student_ids = [uuid.UUID(data["id"]) for data in datas]
    for chunk in _chunks(student_ids):
        connection.execute(delete(StudentGuardian).where(StudentGuardian.student_id.in_(chunk)))
    links = [
        {"student_id": student_id, "guardian_id": uuid.UUID(value), "school_id": school_id}
        for student_id, data in zip(student_ids, datas, strict=True)
        for value in data.get("guardian_ids", [])
    ]
    if links:
        connection.execute(insert(_table(StudentGuardian)), links)
