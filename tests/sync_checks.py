"""Checks of the sync invariants (DESIGN I5 to I7) shared by the replica and fault tests."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any, cast

from sqlalchemy import Engine, Table, func, select

from models import (
    Account,
    CommandRecord,
    LedgerEntry,
    LedgerTransaction,
    OutboxCommand,
    StudentGuardian,
)
from office_app.domain.audit import LEDGER_CHAIN
from office_app.ledger.directory import add_device, authenticate
from office_app.ledger.verify import verify
from office_app.simulation.checks import replica_rows
from office_app.sync.replica import TABLES
from tests.world import World

SKIPPED_COLUMNS = {"token_hash"}


def new_office(world: World) -> tuple[str, uuid.UUID]:
    """An office device of its own, so the ledger's log for it holds only the outbox's commands."""
    token = add_device(
        world.engine, world.school_id, "office", "Kontor under test", clock=world.clock
    ).token
    device = authenticate(world.engine, token)
    assert device is not None
    return token, device.id


def assert_replica_equals_ledger(replica: Engine, ledger: Engine, school_id: uuid.UUID) -> None:
    """I7: row by row, every table the feed carries; the replica's devices are the ledger's."""
    expected = replica_rows(ledger, school_id)
    mirrored = replica_rows(replica, school_id)
    ledger_devices = expected.pop("device")
    replica_devices = mirrored.pop("device")
    for kind, rows in expected.items():
        assert mirrored[kind] == rows, f"{kind}: replica differs from the ledger"
    assert replica_devices <= ledger_devices


def assert_stored_alike(replica: Engine, ledger: Engine) -> None:
    """Both SQLite files hold the same text for every replicated value, as SQLAlchemy writes it.

    For a ledger file of one school; device rows are compared without their token hashes.
    """
    models: list[Any] = [*TABLES.values(), LedgerEntry, StudentGuardian]
    for table in [cast(Table, model.__table__) for model in models]:
        # An entry's own id is a local row number; its transaction and account identify it.
        names = [
            column.name
            for column in table.columns
            if column.key not in SKIPPED_COLUMNS
            and not (table.name in ("ledger_entries", "audit_events") and column.key == "id")
        ]
        query = f"SELECT {', '.join(names)} FROM {table.name}"
        if table.name == "audit_events":
            query += f" WHERE chain = '{LEDGER_CHAIN}'"
        with ledger.connect() as connection:
            expected = set(connection.exec_driver_sql(query).all())
        with replica.connect() as connection:
            stored = set(connection.exec_driver_sql(query).all())
        if table.name == "devices":
            assert stored <= expected
        else:
            assert stored == expected, f"{table.name}: stored differently"


def assert_exactly_once(ledger: Engine, replica: Engine, device_id: uuid.UUID) -> int:
    """I5 and I6: the ledger's command log for the office is exactly its outbox.

    Same ids, same device sequence numbers, the ledger's decision recorded on each outbox row,
    nothing waiting, and no command with more than one ledger transaction. Returns how many
    commands the outbox holds.
    """
    with replica.connect() as connection:
        rows = connection.execute(
            select(
                OutboxCommand.command_id,
                OutboxCommand.type,
                OutboxCommand.device_seq,
                OutboxCommand.state,
                OutboxCommand.code,
                OutboxCommand.seq,
            )
        ).all()
    outbox = {row.command_id: (row.device_seq, row.state, row.code, row.seq) for row in rows}
    deposits = {
        row.command_id for row in rows if row.type == "deposit.cash" and row.state == "applied"
    }
    with ledger.connect() as connection:
        logged = {
            row.command_id: (row.device_seq, row.status, row.code, row.seq)
            for row in connection.execute(
                select(
                    CommandRecord.command_id,
                    CommandRecord.device_seq,
                    CommandRecord.status,
                    CommandRecord.code,
                    CommandRecord.seq,
                ).where(CommandRecord.device_id == device_id)
            )
        }
        effects = Counter(
            dict(
                connection.execute(
                    select(LedgerTransaction.command_id, func.count())
                    .where(LedgerTransaction.command_id.in_(list(outbox)))
                    .group_by(LedgerTransaction.command_id)
                ).all()
            )
        )
    assert not [value for value in outbox.values() if value[1] == "pending"], "commands waiting"
    assert set(logged) == set(outbox), "the ledger's command log and the outbox differ"
    assert logged == outbox, "an outcome in the outbox differs from the ledger's"
    assert max(effects.values(), default=0) <= 1, "a command moved money twice"
    assert all(effects[command_id] == 1 for command_id in deposits), "a deposit left no trace"
    return len(outbox)


def balances(engine: Engine, student_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Each student's wallet balance as the database caches it."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Account.student_id, Account.balance_ore).where(
                Account.student_id.in_(student_ids)
            )
        ).all()
    return {row.student_id: row.balance_ore for row in rows if row.student_id is not None}


def assert_synced(
    ledger: Engine,
    replica: Engine,
    school_id: uuid.UUID,
    device_id: uuid.UUID,
    expected_balances: dict[uuid.UUID, int],
) -> int:
    """I5 to I7 after sync has quiesced, and verify() on both sides; returns the command count."""
    count = assert_exactly_once(ledger, replica, device_id)
    students = list(expected_balances)
    assert balances(ledger, students) == expected_balances
    assert balances(replica, students) == expected_balances
    assert_replica_equals_ledger(replica, ledger, school_id)
    assert verify(ledger, school_id) == []
    assert verify(replica, school_id) == []
    return count
