"""The office's audit log: who did what, when, from which device, and whether the chain holds.

Every action at this office wrote an audit event in the same transaction as its command
(``outbox.record``); each event's hash covers its content and the previous event's hash. The
log is read with the command each event queued, so an event names the child it concerned.
``verify_chain`` recomputes every hash, and checks that every queued command has its event.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from models import AuditEvent, Card, LedgerTransaction, OutboxCommand, Payout, Reversal, Student
from office_app.db import make_sessionmaker, reading
from office_app.domain.audit import GENESIS_HASH, stored_event_hash
from office_app.sync.outbox import OFFICE_CHAIN

LOCAL = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class AuditLine:
    chain_index: int
    occurred_at: dt.datetime
    staff: str
    device_id: uuid.UUID | None
    action: str
    payload: dict[str, Any]
    details: dict[str, Any]
    student_name: str
    state: str


@dataclass(frozen=True)
class ChainProblem:
    """``kind``: ``broken_link`` (event ``position`` does not follow ``after``: one was taken
    out or put in), ``changed`` (its content no longer matches its hash) or ``missing`` (the
    command with device number ``position`` has no event)."""

    kind: str
    position: int
    after: int = 0


@dataclass(frozen=True)
class ChainReport:
    events: int
    problems: tuple[ChainProblem, ...] = field(default=())

    @property
    def intact(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class AuditFilter:
    """Empty fields match everything; ``child`` is any part of a name, ``day`` a local date."""

    child: str = ""
    staff: str = ""
    day: dt.date | None = None


def _child_of(connection: Connection, payload: dict[str, Any]) -> uuid.UUID | None:
    """The child a command concerned, by whatever its payload names."""
    if payload.get("student_id"):
        return uuid.UUID(str(payload["student_id"]))
    card_number = payload.get("card_number") or payload.get("old_card_number")
    if card_number:
        found: uuid.UUID | None = connection.execute(
            select(Card.student_id).where(Card.card_number == card_number)
        ).scalar()
        return found
    if payload.get("payout_id"):
        return connection.execute(
            select(Payout.student_id).where(Payout.id == uuid.UUID(str(payload["payout_id"])))
        ).scalar()
    txn_id: Any = payload.get("txn_id")
    if payload.get("reversal_id"):
        txn_id = connection.execute(
            select(Reversal.txn_id).where(Reversal.id == uuid.UUID(str(payload["reversal_id"])))
        ).scalar()
    if txn_id:
        return connection.execute(
            select(LedgerTransaction.student_id).where(
                LedgerTransaction.id == uuid.UUID(str(txn_id))
            )
        ).scalar()
    return None


def _subject_child(subject: str) -> uuid.UUID | None:
    """Events without a command (a leaver's money kept) name the child as their subject."""
    try:
        return uuid.UUID(subject)
    except ValueError:
        return None


def audit_lines(engine: Engine, wanted: AuditFilter, limit: int = 500) -> list[AuditLine]:
    """The newest events first that match ``wanted``."""
    child_text, staff_text = wanted.child.casefold().strip(), wanted.staff.casefold().strip()
    lines: list[AuditLine] = []
    with reading(engine).connect() as connection:
        names = dict(connection.execute(select(Student.id, Student.name)).all())
        rows = connection.execute(
            select(AuditEvent, OutboxCommand.payload, OutboxCommand.state)
            .outerjoin(OutboxCommand, OutboxCommand.command_id == AuditEvent.command_id)
            .where(AuditEvent.chain == OFFICE_CHAIN)
            .order_by(AuditEvent.chain_index.desc())
        )
        for row in rows:
            occurred = row.occurred_at
            if wanted.day is not None and occurred.astimezone(LOCAL).date() != wanted.day:
                continue
            if staff_text and staff_text not in (row.staff or "").casefold():
                continue
            payload = row.payload or {}
            student_id = _child_of(connection, payload) or _subject_child(row.subject)
            name = names.get(student_id, "") if student_id else ""
            if child_text and child_text not in name.casefold():
                continue
            lines.append(
                AuditLine(
                    row.chain_index,
                    occurred,
                    row.staff or "",
                    row.device_id,
                    row.action,
                    payload,
                    row.details or {},
                    name,
                    row.state or "",
                )
            )
            if len(lines) >= limit:
                break
    return lines


def verify_chain(engine: Engine) -> ChainReport:
    """Recompute the office's chain; every problem named by the event where it shows."""
    problems: list[ChainProblem] = []
    count = 0
    with make_sessionmaker(reading(engine))() as session:
        index, prev_hash = 0, GENESIS_HASH
        audited: set[uuid.UUID] = set()
        for event in session.scalars(
            select(AuditEvent)
            .where(AuditEvent.chain == OFFICE_CHAIN)
            .order_by(AuditEvent.chain_index)
        ):
            count += 1
            if event.chain_index != index + 1 or event.prev_hash != prev_hash:
                problems.append(ChainProblem("broken_link", event.chain_index, index))
            recomputed = stored_event_hash(event)
            if recomputed != event.hash:
                problems.append(ChainProblem("changed", event.chain_index))
            if event.command_id is not None:
                audited.add(event.command_id)
            index, prev_hash = event.chain_index, event.hash
        for device_seq, command_id in session.execute(
            select(OutboxCommand.device_seq, OutboxCommand.command_id).order_by(
                OutboxCommand.device_seq
            )
        ):
            if command_id not in audited:
                problems.append(ChainProblem("missing", device_seq))
    return ChainReport(count, tuple(problems))
