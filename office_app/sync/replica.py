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
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import JSON, Date, Table, Uuid, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.engine import Connection, Dialect

from models import (
    AuditEvent,
    LedgerEntry,
    OutboxCommand,
    StudentGuardian,
    SyncState,
)
from models.base import UTCDateTime
from models.kinds import FEED_KINDS
from office_app.domain.audit import LEDGER_CHAIN
from office_app.sync.privacy import erase_anonymised

TABLES = FEED_KINDS
#: Rows inserted once and never changed, but for the erasure of personal data in these
#: columns, which the feed brings again with a newer change number.
ERASABLE = {"transaction": ("text",), "card_event": ("reason",), "audit_event": ("personal",)}
#: Rows known by other columns than their primary key: the ledger's audit events by their
#: place in its chain (the replica numbers its rows itself, next to the office's own chain).
CONFLICT_KEYS = {"audit_event": ("school_id", "chain", "chain_index")}


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


class ReplicaError(Exception):
    """A page the replica cannot apply, naming the change."""


@dataclass(frozen=True)
class _Writer:
    """One compiled insert for a table and a set of columns, and how each value is bound.

    Values arrive as the feed's JSON (UUIDs and timestamps as text) and are turned into what
    SQLAlchemy's own column types would store, once per column rather than per statement.
    """

    sql: str
    picks: tuple[int, ...]
    binders: tuple[Callable[[Any], Any] | None, ...]

    def execute(self, connection: Connection, rows: list[tuple[Any, ...]]) -> None:
        """Insert rows given as values in the order of the columns the writer was made for."""
        bound = tuple(zip(self.picks, self.binders, strict=True))
        connection.exec_driver_sql(
            self.sql,
            [
                tuple(row[pick] if bind is None else bind(row[pick]) for pick, bind in bound)
                for row in rows
            ],
        )


def _binder(column_type: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    """From a JSON value to the value SQLAlchemy binds for this column on this dialect.

    None when the value binds as it is.
    """
    if isinstance(column_type, Uuid):
        column_type = Uuid(as_uuid=False)  # the feed's UUIDs are text already
    process: Callable[[Any], Any] | None = column_type.dialect_impl(dialect).bind_processor(dialect)
    if isinstance(column_type, JSON):
        return process  # it decides how None is stored
    read: Callable[[Any], Any] | None = None
    if isinstance(column_type, UTCDateTime):
        read = dt.datetime.fromisoformat
    elif isinstance(column_type, Date):
        read = dt.date.fromisoformat
    if read is None and process is None:
        return None
    parse = read or (lambda value: value)
    store = process or (lambda value: value)
    return lambda value: None if value is None else store(parse(value))


@functools.cache
def _writer(
    table: Table,
    columns: tuple[str, ...],
    conflict: str,
    dialect: Dialect,
    keys: tuple[str, ...] | None = None,
    erasable: tuple[str, ...] = (),
) -> _Writer:
    """``conflict``: ``update`` the row, ``erase`` only the ``erasable`` columns of a row the
    ledger erased personal data in since (it comes with a newer change number), or ``none``
    expected; on the primary key unless other ``keys`` are named."""
    keys = keys or tuple(column.key for column in table.primary_key.columns)
    statement = insert(table)
    if conflict == "erase":
        erased = {key: statement.excluded[key] for key in (*erasable, "seq") if key in columns}
        statement = statement.on_conflict_do_update(
            index_elements=keys,
            set_=erased,
            where=statement.excluded.seq > table.c.seq,
        )
    elif conflict == "update":
        updates = {
            key: statement.excluded[key]
            for key in columns
            if key not in keys and key != "token_hash"
        }
        statement = statement.on_conflict_do_update(index_elements=keys, set_=updates)
    compiled = statement.compile(dialect=dialect, column_keys=list(columns))
    order = list(compiled.positiontup or [])
    if sorted(order) != sorted(columns):
        raise ReplicaError(f"{table.name}: cannot bind {sorted(columns)} as {order}")
    return _Writer(
        compiled.string,
        tuple(columns.index(name) for name in order),
        tuple(_binder(table.c[name].type, dialect) for name in order),
    )


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
    audited = False
    anonymised: set[uuid.UUID] = set()
    for kind, run in _runs(changes):
        model = TABLES.get(kind)
        if model is None:
            raise ReplicaError(f"change {run[0].get('seq')}: unknown kind {kind!r}")
        table = _table(model)
        datas = [change["data"] for change in run]
        if kind == "device":
            datas = [data | {"token_hash": _device_placeholder(data["id"])} for data in datas]
        _upsert(connection, table, kind, school_id, datas)
        if kind == "transaction":
            _entries(connection, school_id, datas)
        elif kind == "student":
            _guardians(connection, school_id, datas)
            anonymised |= {uuid.UUID(data["id"]) for data in datas if data.get("anonymised_at")}
        audited = audited or kind == "audit_event"
    connection.execute(
        insert(_table(SyncState))
        .values(id=1, school_id=school_id, cursor_seq=last_seq)
        .on_conflict_do_update(
            index_elements=["id"], set_={"cursor_seq": last_seq, "school_id": school_id}
        )
    )
    if audited:
        _learn_device(connection)
    if anonymised:
        erase_anonymised(connection, anonymised)


def _learn_device(connection: Connection) -> None:
    """This office's own device: the one the ledger recorded for a command from its outbox."""
    state, events = _table(SyncState), _table(AuditEvent)
    outbox = _table(OutboxCommand)
    own = (
        select(events.c.device_id)
        .join(outbox, outbox.c.command_id == events.c.command_id)
        .where(events.c.chain == LEDGER_CHAIN, events.c.device_id.is_not(None))
        .limit(1)
        .scalar_subquery()
    )
    connection.execute(
        update(state)
        .where(state.c.id == 1, state.c.device_id.is_(None))
        .values(device_id=func.coalesce(own, state.c.device_id))
    )


def _upsert(
    connection: Connection,
    table: Table,
    kind: str,
    school_id: uuid.UUID,
    datas: list[dict[str, Any]],
) -> None:
    """Insert the rows, or update those already there; append-only rows are never updated."""
    owned = "school_id" in table.c
    keys = CONFLICT_KEYS.get(kind)
    skipped = {"school_id", "id"} if keys else {"school_id"}
    by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for data in datas:
        columns = tuple(key for key in data if key in table.c and key not in skipped)
        values = tuple(data[key] for key in columns)
        if owned:
            columns, values = ("school_id", *columns), (str(school_id), *values)
        by_columns[columns].append(values)
    conflict = "erase" if kind in ERASABLE else "update"
    erasable = ERASABLE.get(kind, ())
    for columns, rows in by_columns.items():
        _writer(table, columns, conflict, connection.dialect, keys, erasable).execute(
            connection, rows
        )


def _chunks(values: list[Any], size: int = 900) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _entries(connection: Connection, school_id: uuid.UUID, datas: list[dict[str, Any]]) -> None:
    """The entries of transactions not seen before; a transaction's entries never change."""
    txn_ids = [data["id"] for data in datas]
    known: set[str] = set()
    for chunk in _chunks([uuid.UUID(txn_id) for txn_id in txn_ids]):
        known.update(
            str(txn_id)
            for txn_id in connection.execute(
                select(LedgerEntry.txn_id).where(LedgerEntry.txn_id.in_(chunk)).distinct()
            ).scalars()
        )
    school = str(school_id)
    entries = [
        (school, data["id"], entry["account_id"], entry["amount_ore"])
        for data in datas
        if data["id"] not in known
        for entry in data["entries"]
    ]
    if entries:
        columns = ("school_id", "txn_id", "account_id", "amount_ore")
        writer = _writer(_table(LedgerEntry), columns, "none", connection.dialect)
        writer.execute(connection, entries)


def _guardians(connection: Connection, school_id: uuid.UUID, datas: list[dict[str, Any]]) -> None:
    """Each student's guardians as the page says, replacing what the replica had."""
    student_ids = [uuid.UUID(data["id"]) for data in datas]
    for chunk in _chunks(student_ids):
        connection.execute(delete(StudentGuardian).where(StudentGuardian.student_id.in_(chunk)))
    school = str(school_id)
    links = [
        (data["id"], guardian_id, school)
        for data in datas
        for guardian_id in data.get("guardian_ids", [])
    ]
    if links:
        columns = ("student_id", "guardian_id", "school_id")
        writer = _writer(_table(StudentGuardian), columns, "none", connection.dialect)
        writer.execute(connection, links)
