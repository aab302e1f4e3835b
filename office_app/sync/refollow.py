"""Following a ledger that was restored from a backup older than what this office has seen.

The puller finds it out (``LedgerBehind``): the ledger refuses the office's cursor, or its
audit chain no longer continues the replica's. The office then, in two steps that survive a
crash between them:

1. ``start_refollow``: in one local transaction, empty the replica of the ledger's rows (the
   outbox and the office's own audit chain stay), set the cursor to 0 and note the moment.
   The next pull follows the ledger again from its start.
2. ``queue_lost_commands``, due until done: once the replica has followed the ledger to its
   end, every command the outbox holds as applied that the ledger's audit chain does not name
   is pending again. The sender sends them in their order; the ledger applies each exactly
   once, as it would any resend (a command id it knows is answered with its stored outcome).

Commands the ledger refused and then lost stay refused here: they changed nothing, and their
reason is still on the needs-attention list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from sqlalchemy import Connection, Engine, Table, delete, select, update

from models import AuditEvent, LedgerEntry, OutboxCommand, School, StudentGuardian, SyncState
from office_app.domain.audit import LEDGER_CHAIN
from office_app.sync.replica import TABLES


def _table(model: object) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


#: The replica's tables of the ledger's rows, each after the tables that refer to it. The
#: school's own row stays: the office's audit chain refers to it, and the feed rewrites it.
LEDGER_ROWS = [
    _table(LedgerEntry),
    _table(StudentGuardian),
    *[_table(model) for model in reversed(TABLES.values()) if model is not School],
]


def start_refollow(engine: Engine, now: dt.datetime) -> None:
    """Empty the replica of the ledger's rows and follow the ledger again from change 0."""
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        with _append_only_lifted(connection, [table.name for table in LEDGER_ROWS]):
            for table in LEDGER_ROWS:
                query = delete(table)
                if table.name == _table(AuditEvent).name:
                    query = query.where(table.c.chain == LEDGER_CHAIN)
                connection.execute(query)
        connection.execute(
            update(SyncState)
            .where(SyncState.id == 1)
            .values(cursor_seq=0, ledger_behind_at=now, resent_commands=None)
        )


def queue_lost_commands(engine: Engine) -> int | None:
    """Queue again the applied commands the restored ledger does not know, once, after the
    replica has followed it to its end; how many, or None when nothing was due."""
    with engine.begin() as connection:
        state = connection.execute(
            select(SyncState.ledger_behind_at, SyncState.resent_commands).where(SyncState.id == 1)
        ).one_or_none()
        if state is None or state.ledger_behind_at is None or state.resent_commands is not None:
            return None
        known = select(AuditEvent.command_id).where(
            AuditEvent.chain == LEDGER_CHAIN, AuditEvent.command_id.is_not(None)
        )
        lost = connection.execute(
            update(OutboxCommand)
            .where(OutboxCommand.state == "applied", OutboxCommand.command_id.not_in(known))
            .values(state="pending", code=None, message=None, seq=None, result=None)
        ).rowcount
        connection.execute(update(SyncState).where(SyncState.id == 1).values(resent_commands=lost))
    return lost


@contextmanager
def _append_only_lifted(connection: Connection, tables: list[str]) -> Iterator[None]:
    """Lift SQLite's append-only triggers of these tables inside the caller's transaction and
    put the same triggers back after the block; if the block fails, the transaction's
    rollback puts them back (a replica's rows are the ledger's to append to; only following
    a restored ledger takes them away)."""
    triggers = [
        (name, sql)
        for name, table, sql in connection.exec_driver_sql(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
        if table in tables
    ]
    for name, _ in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _, sql in triggers:
        connection.exec_driver_sql(sql)
