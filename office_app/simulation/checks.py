"""Invariants checked on the ledger during and after a simulated run (DESIGN section 4).

``verify`` covers I1, I2, I3, I10 and I11; this module adds I4, I5, I7, I8, I9 and four
eyes from the stored commands, and a digest of the ledger's state for replay checks.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import uuid
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Engine, select

from models import (
    Account,
    Card,
    CardEvent,
    CommandRecord,
    DailySpend,
    LedgerTransaction,
    OutboxCommand,
    Payout,
    Reversal,
)
from models.base import Base
from models.kinds import FEED_KINDS
from office_app.domain.audit import LEDGER_CHAIN
from office_app.domain.localtime import LOCAL
from office_app.ledger.verify import verify

STATUS_AFTER = {"issued": "active", "blocked": "blocked", "reactivated": "active"}
#: Columns that differ on every set-up by design: secrets and wall-clock creation times.
NOT_REPLAYED = {
    ("schools", "created_at"),
    ("devices", "created_at"),
    ("devices", "token_hash"),
    ("staff", "created_at"),
    ("staff", "password_hash"),
}


def ledger_problems(engine: Engine) -> list[str]:
    """Every broken invariant of the ledger, one line each."""
    found = [str(problem) for problem in verify(engine)]
    with engine.connect() as connection:
        commands = list(
            connection.execute(
                select(
                    CommandRecord.command_id,
                    CommandRecord.type,
                    CommandRecord.staff,
                    CommandRecord.status,
                    CommandRecord.payload,
                    CommandRecord.received_at,
                    CommandRecord.seq,
                ).order_by(CommandRecord.seq)
            )
        )
        found += _no_wallet_below_zero(connection)
        found += _one_effect_per_command(connection, commands)
        found += _no_purchase_on_a_blocked_card(connection, commands)
        found += _daily_caps_hold(connection, commands)
        found += _four_eyes(connection, commands)
    return found


def _no_wallet_below_zero(connection: Any) -> list[str]:
    rows = connection.execute(
        select(Account.id, Account.balance_ore).where(
            Account.kind == "wallet", Account.balance_ore < 0
        )
    ).all()
    return [f"I4: wallet {account_id} is at {balance} øre" for account_id, balance in rows]


def _one_effect_per_command(connection: Any, commands: list[Any]) -> list[str]:
    """I5: a command id has at most one transaction of each kind, and only if it applied."""
    applied = {row.command_id for row in commands if row.status == "applied"}
    effects = Counter(
        connection.execute(select(LedgerTransaction.command_id, LedgerTransaction.kind)).all()
    )
    found = [
        f"I5: command {command_id} has {count} {kind} transactions"
        for (command_id, kind), count in effects.items()
        if count > 1
    ]
    found += [
        f"I5: a {kind} transaction names command {command_id}, which did not apply"
        for command_id, kind in effects
        if command_id not in applied
    ]
    return found


def _no_purchase_on_a_blocked_card(connection: Any, commands: list[Any]) -> list[str]:
    """I8: at the change number of each approved purchase, its card was active."""
    numbers = dict(connection.execute(select(Card.id, Card.card_number)).all())
    history: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for card_id, event, seq in connection.execute(
        select(CardEvent.card_id, CardEvent.event, CardEvent.seq).order_by(CardEvent.id)
    ):
        history[numbers[card_id]].append((seq, STATUS_AFTER.get(event, event)))
    found = []
    for row in commands:
        if row.type != "purchase" or row.status != "applied":
            continue
        events = history.get(row.payload["card_number"], [])
        before = bisect.bisect_left(events, (row.seq, ""))
        status = events[before - 1][1] if before else "unknown"
        if status != "active":
            found.append(f"I8: purchase {row.command_id} approved on a card that was {status}")
    return found


def _daily_caps_hold(connection: Any, commands: list[Any]) -> list[str]:
    """I9: each child's approved spend per local day stays within the cap in force."""
    owner = {
        number: str(student)
        for number, student in connection.execute(select(Card.card_number, Card.student_id))
    }
    caps: dict[str, int | None] = {}
    spent: Counter[tuple[str, dt.date]] = Counter()
    found = []
    for row in commands:
        if row.status != "applied":
            continue
        if row.type == "cap.set":
            caps[row.payload["student_id"]] = row.payload["daily_cap_ore"]
        elif row.type == "purchase":
            student = owner[row.payload["card_number"]]
            day = row.received_at.astimezone(LOCAL).date()
            spent[(student, day)] += row.payload["amount_ore"]
            cap = caps.get(student)
            if cap is not None and spent[(student, day)] > cap:
                found.append(f"I9: {student} spent {spent[(student, day)]} øre on {day}, cap {cap}")
    recorded = {
        (str(student), day): amount
        for student, day, amount in connection.execute(
            select(DailySpend.student_id, DailySpend.day, DailySpend.spent_ore)
        )
    }
    if recorded != {key: amount for key, amount in spent.items() if amount}:
        found.append("I9: the daily spend table differs from the approved purchases")
    return found


def _four_eyes(connection: Any, commands: list[Any]) -> list[str]:
    """Approvals of payouts and reversals come from someone other than who asked."""
    asked = {
        str(key): by
        for key, by in [
            *connection.execute(select(Payout.id, Payout.requested_by)).all(),
            *connection.execute(select(Reversal.id, Reversal.requested_by)).all(),
        ]
    }
    found = []
    for row in commands:
        if row.type in ("payout.approve", "reversal.approve") and row.status == "applied":
            subject = row.payload.get("payout_id") or row.payload.get("reversal_id")
            if asked.get(subject) == row.staff:
                found.append(f"four eyes: {row.staff} approved their own {row.type} {subject}")
    return found


def stored_outcomes(engine: Engine) -> dict[str, tuple[str, str]]:
    with engine.connect() as connection:
        return {
            str(command_id): (status, code)
            for command_id, status, code in connection.execute(
                select(CommandRecord.command_id, CommandRecord.status, CommandRecord.code)
            )
        }


def outbox_outcomes(engine: Engine) -> dict[str, tuple[str, str | None]]:
    with engine.connect() as connection:
        return {
            str(command_id): (state, code)
            for command_id, state, code in connection.execute(
                select(OutboxCommand.command_id, OutboxCommand.state, OutboxCommand.code)
            )
        }


def replica_rows(engine: Engine, school_id: uuid.UUID) -> dict[str, set[tuple[Any, ...]]]:
    """Every replicated row of a school, all columns but the device's token, as tuples."""
    found: dict[str, set[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for kind, model in FEED_KINDS.items():
            table: Any = model.__table__
            columns = [column for column in table.columns if column.key != "token_hash"]
            owner = table.c.id if kind == "school" else table.c.school_id
            query = select(*columns).where(owner == school_id)
            if kind == "audit_event":
                # The ledger's chain, without row numbers; an office's own chain stays local.
                columns = [column for column in columns if column.key != "id"]
                query = select(*columns).where(owner == school_id, table.c.chain == LEDGER_CHAIN)
            found[kind] = {_hashable(row) for row in connection.execute(query)}
    return found


def replica_differences(ledger: Engine, replica: Engine, school_id: uuid.UUID) -> list[str]:
    """I7: the kinds of row on which a replica differs from the ledger."""
    expected = replica_rows(ledger, school_id)
    mirrored = replica_rows(replica, school_id)
    found = []
    for kind, rows in expected.items():
        if kind == "device":
            if not mirrored[kind] <= rows:
                found.append("I7: the replica has devices the ledger does not")
        elif mirrored[kind] != rows:
            missing, extra = len(rows - mirrored[kind]), len(mirrored[kind] - rows)
            found.append(f"I7: {kind}: {missing} rows missing, {extra} rows differ or extra")
    return found


def state_digest(engine: Engine) -> str:
    """SHA-256 over every row of every table, in key order, without secrets or set-up times."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [
                column for column in table.columns if (table.name, column.key) not in NOT_REPLAYED
            ]
            keys = list(table.primary_key.columns) or columns
            digest.update(table.name.encode())
            for row in connection.execute(select(*columns).order_by(*keys)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _hashable(row: Any) -> tuple[Any, ...]:
    """A row as a tuple that can go in a set: JSON values (an event's details) as their text."""
    return tuple(
        json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value
        for value in row
    )
