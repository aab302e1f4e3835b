"""Checks the ledger's invariants on a database (DESIGN section 4: I1, I2, I3, I10, I11).

Each broken rule gives one line that names the school, account or transaction concerned.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select, text, true
from sqlalchemy.orm import Session

from models import (
    Account,
    AuditEvent,
    ChangeSequence,
    CommandRecord,
    Device,
    LedgerEntry,
    LedgerTransaction,
    School,
    Student,
)
from office_app.db import make_sessionmaker, reading
from office_app.domain.audit import GENESIS_HASH, stored_event_hash
from office_app.ledger.context import entries_digest

APPEND_ONLY_TABLES = (
    "ledger_transactions",
    "ledger_entries",
    "card_events",
    "commands",
    "audit_events",
)


@dataclass(frozen=True)
class Problem:
    invariant: str
    message: str

    def __str__(self) -> str:
        return f"{self.invariant}: {self.message}"


def verify(engine: Engine, school_id: uuid.UUID | None = None) -> list[Problem]:
    """Every broken invariant in the database, or in one school's part of it.

    An empty list means all hold.
    """
    scope = Scope(school_id)
    with make_sessionmaker(reading(engine))() as session:
        return [
            *_conservation(session, scope),
            *_balanced_transactions(session, scope),
            *_cached_balances(session, scope),
            *_append_only(session, scope),
            *_attribution(session, scope),
            *_audit_chain(session, scope),
        ]


@dataclass(frozen=True)
class Scope:
    """The school to check, or all of them."""

    school_id: uuid.UUID | None

    def __call__(self, column: Any) -> Any:
        return true() if self.school_id is None else column == self.school_id


def _account_name(session: Session, account_id: uuid.UUID) -> str:
    row = session.execute(
        select(Account.kind, Student.name, Student.class_label)
        .outerjoin(Student, Student.id == Account.student_id)
        .where(Account.id == account_id)
    ).one_or_none()
    if row is None:
        return f"account {account_id} (missing)"
    kind, name, class_label = row
    if kind == "wallet":
        return f"account {account_id} (wallet of {name}, {class_label})"
    return f"account {account_id} ({kind})"


def _conservation(session: Session, scope: Scope) -> list[Problem]:
    rows = session.execute(
        select(School.id, School.name, func.coalesce(func.sum(LedgerEntry.amount_ore), 0))
        .outerjoin(LedgerEntry, LedgerEntry.school_id == School.id)
        .where(scope(School.id))
        .group_by(School.id, School.name)
    ).all()
    return [
        Problem("I1", f"school {school_id} ({name}): entries sum to {total} øre, not 0")
        for school_id, name, total in rows
        if total != 0
    ]


def _balanced_transactions(session: Session, scope: Scope) -> list[Problem]:
    problems = []
    rows = session.execute(
        select(
            LedgerTransaction.id,
            func.count(LedgerEntry.id),
            func.coalesce(func.sum(LedgerEntry.amount_ore), 0),
        )
        .outerjoin(LedgerEntry, LedgerEntry.txn_id == LedgerTransaction.id)
        .where(scope(LedgerTransaction.school_id))
        .group_by(LedgerTransaction.id)
        .having(
            (func.count(LedgerEntry.id) < 2)
            | (func.coalesce(func.sum(LedgerEntry.amount_ore), 0) != 0)
        )
    ).all()
    for txn_id, count, total in rows:
        problems.append(
            Problem("I2", f"transaction {txn_id}: {count} entries summing to {total} øre")
        )
    for entry_id, txn_id in session.execute(
        select(LedgerEntry.id, LedgerEntry.txn_id).where(
            LedgerEntry.amount_ore == 0, scope(LedgerEntry.school_id)
        )
    ):
        problems.append(Problem("I2", f"transaction {txn_id}: entry {entry_id} is 0 øre"))
    return problems


def _cached_balances(session: Session, scope: Scope) -> list[Problem]:
    sums = (
        select(LedgerEntry.account_id, func.sum(LedgerEntry.amount_ore).label("total"))
        .where(scope(LedgerEntry.school_id))
        .group_by(LedgerEntry.account_id)
        .subquery()
    )
    rows = session.execute(
        select(Account.id, Account.balance_ore, func.coalesce(sums.c.total, 0))
        .outerjoin(sums, sums.c.account_id == Account.id)
        .where(Account.balance_ore != func.coalesce(sums.c.total, 0), scope(Account.school_id))
    ).all()
    return [
        Problem(
            "I3",
            f"{_account_name(session, account_id)}: balance {balance} øre "
            f"but its entries sum to {total} øre",
        )
        for account_id, balance, total in rows
    ]


def _append_only(session: Session, scope: Scope) -> list[Problem]:
    problems = [
        Problem("I10", f"table {table} has no append-only trigger")
        for table in APPEND_ONLY_TABLES
        if not _has_trigger(session, table)
    ]
    legs_by_txn: dict[uuid.UUID, list[tuple[uuid.UUID, int]]] = defaultdict(list)
    entry_accounts: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for txn_id, account_id, amount in session.execute(
        select(LedgerEntry.txn_id, LedgerEntry.account_id, LedgerEntry.amount_ore).where(
            scope(LedgerEntry.school_id)
        )
    ):
        legs_by_txn[txn_id].append((account_id, amount))
        entry_accounts[txn_id].append(account_id)
    for txn_id, digest in session.execute(
        select(LedgerTransaction.id, LedgerTransaction.entries_digest).where(
            scope(LedgerTransaction.school_id)
        )
    ):
        if entries_digest(txn_id, legs_by_txn.get(txn_id, [])) != digest:
            names = ", ".join(
                _account_name(session, account_id) for account_id in entry_accounts[txn_id]
            )
            problems.append(
                Problem("I10", f"transaction {txn_id}: entries changed after posting ({names})")
            )
    return problems


def _has_trigger(session: Session, table: str) -> bool:
    if session.get_bind().dialect.name == "sqlite":
        query = text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t")
    else:
        query = text(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = :t AND NOT t.tgisinternal AND t.tgenabled <> 'D'"
        )
    return bool(session.scalar(query, {"t": table}))


def _attribution(session: Session, scope: Scope) -> list[Problem]:
    problems = []
    rows = session.execute(
        select(
            CommandRecord.command_id,
            CommandRecord.school_id,
            Device.school_id,
            Device.kind,
            CommandRecord.staff,
            CommandRecord.status,
        )
        .outerjoin(Device, Device.id == CommandRecord.device_id)
        .where(scope(CommandRecord.school_id))
    ).all()
    audited = set(
        session.scalars(
            select(AuditEvent.command_id).where(
                AuditEvent.command_id.is_not(None), scope(AuditEvent.school_id)
            )
        )
    )
    for command_id, school_id, device_school, kind, staff, status in rows:
        if device_school is None or device_school != school_id:
            problems.append(Problem("I11", f"command {command_id}: names no device of its school"))
        elif kind == "office" and status == "applied" and not staff:
            problems.append(Problem("I11", f"command {command_id}: office command names no staff"))
        if command_id not in audited:
            problems.append(Problem("I11", f"command {command_id}: has no audit event"))
    return problems


def _audit_chain(session: Session, scope: Scope) -> list[Problem]:
    problems = []
    heads = {
        school_id: (index, head)
        for school_id, index, head in session.execute(
            select(
                ChangeSequence.school_id, ChangeSequence.audit_index, ChangeSequence.audit_hash
            ).where(scope(ChangeSequence.school_id))
        )
    }
    events = session.scalars(
        select(AuditEvent)
        .where(scope(AuditEvent.school_id))
        .order_by(AuditEvent.school_id, AuditEvent.chain, AuditEvent.chain_index)
    )
    expected: dict[tuple[uuid.UUID, str], tuple[int, str]] = {}
    for event in events:
        key = (event.school_id, event.chain)
        index, prev_hash = expected.get(key, (0, GENESIS_HASH))
        where = (
            f"audit chain {event.chain!r} of school {event.school_id}, event {event.chain_index}"
        )
        if event.chain_index != index + 1 or event.prev_hash != prev_hash:
            problems.append(Problem("I11", f"{where}: does not follow event {index}"))
        recomputed = stored_event_hash(event)
        if recomputed != event.hash:
            problems.append(Problem("I11", f"{where}: content does not match its hash"))
        expected[key] = (event.chain_index, event.hash)
    for school_id, (index, head) in heads.items():
        last_index, last_hash = expected.get((school_id, "ledger"), (0, GENESIS_HASH))
        if (index, head) != (last_index, last_hash):
            problems.append(
                Problem(
                    "I11",
                    f"audit chain of school {school_id}: ends at event {last_index}, "
                    f"but the ledger recorded {index}",
                )
            )
    return problems
