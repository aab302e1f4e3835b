"""The audit log: who did what, when, from which device, and whether each chain holds.

Two hash chains reach the office. The ledger's chain records every command of the school from
every device (offices, canteen terminals, the parent portal) and comes with the change feed.
This office's own chain records every action taken here, in the same transaction as its
command (``outbox.record``), including what never goes to the ledger (the day-end count, a
leaver's money kept). Each event's hash covers its content and the previous event's hash.

The school view shows the ledger's chain, and from this office's chain what the ledger has not
recorded yet or never will; the office view shows this office's chain alone.
``office_app.desk.audit_chains.verify_chain`` recomputes every hash of a chain.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, select
from sqlalchemy.engine import Connection

from models import (
    AuditEvent,
    Card,
    DeclinedPurchase,
    Device,
    LedgerEntry,
    LedgerTransaction,
    OutboxCommand,
    Payout,
    Reversal,
    Student,
    SyncState,
)
from office_app.db import reading
from office_app.domain.audit import LEDGER_CHAIN
from office_app.domain.localtime import day_bounds
from office_app.sync.outbox import OFFICE_CHAIN

SCHOOL = "school"
OFFICE = "office"
#: Rows examined for one screenful; a filter that matches little looks no further back.
SCAN_LIMIT = 200_000


@dataclass(frozen=True)
class AuditLine:
    """One event as the log shows it.

    ``chain``: ``ledger`` or ``office``; ``device_name``/``device_kind`` empty and ``own``
    true for this office; ``state``: ``pending``, ``applied`` or ``rejected``; ``code`` the
    ledger's reason for a refusal; ``amount_ore`` what moved (or was refused), when known.
    """

    chain: str
    chain_index: int
    occurred_at: dt.datetime
    staff: str
    own: bool
    device_name: str
    device_kind: str
    action: str
    payload: dict[str, Any]
    details: dict[str, Any]
    student_name: str
    state: str
    code: str = ""
    amount_ore: int | None = None
    command_id: uuid.UUID | None = None


@dataclass(frozen=True)
class AuditFilter:
    """Empty fields match everything; ``child`` is any part of a name, ``day`` a local date,
    ``view`` the school's log (``school``) or this office's own (``office``)."""

    child: str = ""
    staff: str = ""
    day: dt.date | None = None
    view: str = SCHOOL
    school_id: uuid.UUID | None = None


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class _Children:
    """Which child an event concerned, by what its command or subject names."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.names: dict[uuid.UUID, str] = dict(
            connection.execute(select(Student.id, Student.name)).all()
        )
        self.by_subject: dict[str, uuid.UUID] = {str(key): key for key in self.names}
        self.by_card: dict[str, uuid.UUID] = dict(
            connection.execute(select(Card.card_number, Card.student_id)).all()
        )
        self.by_subject |= self.by_card
        for payout_id, student_id in connection.execute(select(Payout.id, Payout.student_id)):
            self.by_subject[str(payout_id)] = student_id
        self.by_txn: dict[str, uuid.UUID | None] = {}

    def matching(self, text: str) -> set[uuid.UUID]:
        wanted = _fold(text)
        return {key for key, name in self.names.items() if wanted in _fold(name)}

    def of_subject(self, subject: str) -> uuid.UUID | None:
        found = self.by_subject.get(subject)
        if found is not None or not subject:
            return found
        if subject not in self.by_txn:
            try:
                txn_id = uuid.UUID(subject)
            except ValueError:
                self.by_txn[subject] = None
            else:
                self.by_txn[subject] = self.connection.execute(
                    select(LedgerTransaction.student_id).where(LedgerTransaction.id == txn_id)
                ).scalar()
        return self.by_txn[subject]

    def of_payload(self, payload: dict[str, Any], subject: str) -> uuid.UUID | None:
        """The child an office command concerned, by whatever its payload names."""
        if payload.get("student_id"):
            return uuid.UUID(str(payload["student_id"]))
        for key in ("card_number", "old_card_number", "payout_id", "txn_id"):
            if payload.get(key):
                return self.of_subject(str(payload[key]))
        if payload.get("reversal_id"):
            txn_id = self.connection.execute(
                select(Reversal.txn_id).where(Reversal.id == uuid.UUID(str(payload["reversal_id"])))
            ).scalar()
            return self.of_subject(str(txn_id)) if txn_id else None
        return self.of_subject(subject)

    def name(self, student_id: uuid.UUID | None) -> str:
        return self.names.get(student_id, "") if student_id else ""


def _narrowed(query: Select[Any], wanted: AuditFilter) -> Select[Any]:
    """The filter's school, day and staff member in SQL; the exact match is made after."""
    if wanted.school_id is not None:
        query = query.where(AuditEvent.school_id == wanted.school_id)
    staff = _fold(wanted.staff)
    if staff:
        query = query.where(AuditEvent.staff.is_not(None))
        if staff.isascii():
            escaped = staff.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(AuditEvent.staff.ilike(f"%{escaped}%", escape="\\"))
    if wanted.day is not None:
        start, end = day_bounds(wanted.day)
        query = query.where(AuditEvent.occurred_at >= start, AuditEvent.occurred_at < end)
    return query


def audit_lines(engine: Engine, wanted: AuditFilter, limit: int = 500) -> list[AuditLine]:
    """The newest events first that match ``wanted``, at most ``limit``."""
    with reading(engine).connect() as connection:
        children = _Children(connection)
        school_id, own_device = connection.execute(
            select(SyncState.school_id, SyncState.device_id).where(SyncState.id == 1)
        ).one_or_none() or (None, None)
        if school_id is not None:
            # The replica holds one school; naming it lets each chain be read by its index.
            wanted = dataclasses.replace(wanted, school_id=school_id)
        child_ids = children.matching(wanted.child) if wanted.child.strip() else None
        office = list(_office_lines(connection, children, wanted, child_ids, limit, own_device))
        if wanted.view == OFFICE:
            return office
        recorded = _recorded(connection, [line for line in office if line.state != "pending"])
        local = [line for line in office if line.command_id not in recorded]
        school = _ledger_lines(connection, children, wanted, child_ids, limit, own_device)
        merged = sorted(
            [*school, *local], key=lambda line: (line.occurred_at, line.chain), reverse=True
        )
        return merged[:limit]


def _recorded(connection: Connection, lines: list[AuditLine]) -> set[uuid.UUID | None]:
    """Of those lines' commands, the ones the ledger's chain has an event for."""
    ids = [line.command_id for line in lines if line.command_id is not None]
    found: set[uuid.UUID | None] = set()
    for start in range(0, len(ids), 900):
        found.update(
            command_id
            for command_id in connection.execute(
                select(AuditEvent.command_id).where(
                    AuditEvent.chain == LEDGER_CHAIN,
                    AuditEvent.command_id.in_(ids[start : start + 900]),
                )
            ).scalars()
        )
    return found


def _office_lines(
    connection: Connection,
    children: _Children,
    wanted: AuditFilter,
    child_ids: set[uuid.UUID] | None,
    limit: int,
    own_device: uuid.UUID | None,
) -> Iterator[AuditLine]:
    staff_text = _fold(wanted.staff)
    rows = connection.execute(
        _narrowed(
            select(AuditEvent, OutboxCommand.payload, OutboxCommand.state, OutboxCommand.code)
            .outerjoin(OutboxCommand, OutboxCommand.command_id == AuditEvent.command_id)
            .where(AuditEvent.chain == OFFICE_CHAIN)
            .order_by(AuditEvent.chain_index.desc()),
            wanted,
        )
    )
    count = 0
    for row in rows:
        if staff_text and staff_text not in _fold(row.staff or ""):
            continue
        payload = dict(row.payload or {})
        student_id = children.of_payload(payload, row.subject)
        if child_ids is not None and student_id not in child_ids:
            continue
        yield AuditLine(
            OFFICE_CHAIN,
            row.chain_index,
            row.occurred_at,
            row.staff or "",
            row.device_id is None or row.device_id == own_device,
            "",
            "office",
            row.action,
            payload,
            row.details or {},
            children.name(student_id),
            row.state or "",
            row.code or "",
            _amount(payload),
            row.command_id,
        )
        count += 1
        if count >= limit:
            return


def _amount(payload: dict[str, Any]) -> int | None:
    value = payload.get("amount_ore")
    return value if isinstance(value, int) else None


def _ledger_lines(
    connection: Connection,
    children: _Children,
    wanted: AuditFilter,
    child_ids: set[uuid.UUID] | None,
    limit: int,
    own_device: uuid.UUID | None,
) -> list[AuditLine]:
    staff_text = _fold(wanted.staff)
    query = _narrowed(
        select(AuditEvent)
        .where(AuditEvent.chain == LEDGER_CHAIN)
        .order_by(AuditEvent.chain_index.desc()),
        wanted,
    )
    if child_ids is not None:
        subjects = _subjects(connection, children, child_ids)
        if not subjects:
            return []
        if len(subjects) <= 5000:
            query = query.where(AuditEvent.subject.in_(sorted(subjects)))
    devices = {
        device_id: (name, kind)
        for device_id, name, kind in connection.execute(select(Device.id, Device.name, Device.kind))
    }
    found: list[Any] = []
    for row in connection.execute(query.limit(SCAN_LIMIT)):
        if staff_text and staff_text not in _fold(row.staff or ""):
            continue
        student_id = children.of_subject(row.subject)
        if child_ids is not None and student_id not in child_ids:
            continue
        found.append((row, student_id))
        if len(found) >= limit:
            break
    amounts = _amounts(connection, [row.command_id for row, _ in found if row.command_id])
    lines = []
    for row, student_id in found:
        details = row.details or {}
        name, kind = devices.get(row.device_id, ("", ""))
        lines.append(
            AuditLine(
                LEDGER_CHAIN,
                row.chain_index,
                row.occurred_at,
                row.staff or "",
                own_device is not None and row.device_id == own_device,
                name,
                kind,
                row.action,
                {},
                details,
                children.name(student_id),
                str(details.get("status", "")),
                str(details.get("code", "")) if details.get("status") == "rejected" else "",
                amounts.get(row.command_id),
                row.command_id,
            )
        )
    return lines


def _subjects(connection: Connection, children: _Children, child_ids: set[uuid.UUID]) -> set[str]:
    """Every subject an event about one of these children can carry."""
    subjects = {subject for subject, owner in children.by_subject.items() if owner in child_ids}
    ids = sorted(child_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        subjects.update(
            str(txn_id)
            for txn_id in connection.execute(
                select(Reversal.txn_id)
                .join(LedgerTransaction, LedgerTransaction.id == Reversal.txn_id)
                .where(LedgerTransaction.student_id.in_(chunk))
            ).scalars()
        )
    return subjects


def _amounts(connection: Connection, command_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """What each command moved (its transaction's size) or, for a declined purchase, asked."""
    amounts: dict[uuid.UUID, int] = {}
    for start in range(0, len(command_ids), 900):
        chunk = command_ids[start : start + 900]
        amounts.update(
            connection.execute(
                select(DeclinedPurchase.command_id, DeclinedPurchase.amount_ore).where(
                    DeclinedPurchase.command_id.in_(chunk)
                )
            ).all()
        )
        for command_id, amount in connection.execute(
            select(LedgerTransaction.command_id, LedgerEntry.amount_ore)
            .join(LedgerEntry, LedgerEntry.txn_id == LedgerTransaction.id)
            .where(LedgerTransaction.command_id.in_(chunk), LedgerEntry.amount_ore > 0)
        ):
            amounts[command_id] = max(amounts.get(command_id, 0), amount)
    return amounts
