"""The office's outbox: every action becomes a command and an audit row in one transaction.

A command keeps the id and device sequence number it was given here for ever, so a resend
after a lost answer is recognised by the ledger as the same command.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from models import AuditEvent, OutboxCommand, SyncState
from office_app.domain.audit import GENESIS_HASH, AuditEntry, linked
from office_app.domain.commands import make_command
from office_app.domain.localtime import LOCAL
from office_app.i18n import tr

OFFICE_CHAIN = "office"
MAX_ERROR = 400
#: How long after the office found the ledger behind it the sync bar keeps saying so.
NOTICE_SHOWN = dt.timedelta(days=1)


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


@dataclass(frozen=True)
class QueuedCommand:
    command_id: uuid.UUID
    device_seq: int
    type: str


@dataclass(frozen=True)
class SyncStatus:
    """What the office shows about sync, read from the local database in two small queries.

    ``last_error`` is why the last contact with the ledger failed, or None when it succeeded.
    """

    waiting: int
    needs_attention: int
    last_success_at: dt.datetime | None
    last_error: str | None = None
    #: Words for the sync bar when the ledger was found behind this office (restored from a
    #: backup): while its data is fetched again, and for a day after what it lost was resent.
    notice: str | None = None

    @property
    def online(self) -> bool:
        """The last contact with the ledger succeeded."""
        return self.last_success_at is not None and self.last_error is None


@dataclass(frozen=True)
class AttentionItem:
    """A command the ledger rejected, with its reason, for the needs-attention list."""

    command_id: uuid.UUID
    device_seq: int
    type: str
    staff: str | None
    occurred_at: dt.datetime
    payload: dict[str, Any]
    code: str
    message: str


def record(
    engine: Engine,
    school_id: uuid.UUID,
    device_id: uuid.UUID | None,
    command_type: str,
    payload: dict[str, Any],
    *,
    staff: str,
    now: dt.datetime,
) -> QueuedCommand:
    """Queue one command with its audit row; both are written or neither is.

    The payload is checked against the protocol first, so nothing malformed is ever queued.
    """
    with engine.begin() as connection:
        return record_on(
            connection, school_id, device_id, command_type, payload, staff=staff, now=now
        )


def record_on(
    connection: Connection,
    school_id: uuid.UUID,
    device_id: uuid.UUID | None,
    command_type: str,
    payload: dict[str, Any],
    *,
    staff: str,
    now: dt.datetime,
) -> QueuedCommand:
    """``record`` inside the caller's transaction, so many commands are queued all or none."""
    next_seq = (connection.execute(select(func.max(OutboxCommand.device_seq))).scalar() or 0) + 1
    command = make_command(command_type, payload, occurred_at=now, device_seq=next_seq, staff=staff)
    canonical = command.canonical()
    connection.execute(
        insert(_table(OutboxCommand)).values(
            command_id=command.command_id,
            device_seq=next_seq,
            type=command_type,
            staff=staff,
            payload=canonical["payload"],
            occurred_at=command.occurred_at,
            created_at=now,
            state="pending",
            attempts=0,
        )
    )
    append_audit(
        connection,
        school_id,
        device_id,
        staff=staff,
        action=command_type,
        details={"queued": True, "device_seq": next_seq},
        command_id=command.command_id,
        now=now,
    )
    return QueuedCommand(command.command_id, next_seq, command_type)


def append_audit(
    connection: Connection,
    school_id: uuid.UUID,
    device_id: uuid.UUID | None,
    *,
    staff: str,
    action: str,
    details: dict[str, Any],
    now: dt.datetime,
    command_id: uuid.UUID | None = None,
    subject: str = "",
) -> int:
    """Add one event to the office's audit chain in the caller's transaction; its index.

    Words a person typed (a reason) are kept beside the event under a salted digest.
    """
    head = connection.execute(
        select(AuditEvent.chain_index, AuditEvent.hash)
        .where(AuditEvent.school_id == school_id, AuditEvent.chain == OFFICE_CHAIN)
        .order_by(AuditEvent.chain_index.desc())
        .limit(1)
    ).one_or_none()
    index, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
    entry = AuditEntry(
        school_id=school_id,
        chain=OFFICE_CHAIN,
        occurred_at=now,
        device_id=device_id,
        staff=staff,
        action=action,
        subject=subject,
        details=details,
        command_id=command_id,
    )
    connection.execute(insert(_table(AuditEvent)).values(**linked(entry, index, prev_hash)))
    return index


def status(engine: Engine) -> SyncStatus:
    with engine.connect() as connection:
        counts = dict(
            connection.execute(
                select(OutboxCommand.state, func.count()).group_by(OutboxCommand.state)
            ).all()
        )
        state = connection.execute(
            select(
                SyncState.last_success_at,
                SyncState.last_error,
                SyncState.ledger_behind_at,
                SyncState.resent_commands,
            ).where(SyncState.id == 1)
        ).one_or_none()
    return SyncStatus(
        waiting=counts.get("pending", 0),
        needs_attention=counts.get("rejected", 0),
        last_success_at=state.last_success_at if state else None,
        last_error=state.last_error if state else None,
        notice=_behind_notice(state.ledger_behind_at, state.resent_commands, state.last_success_at)
        if state
        else None,
    )


def _behind_notice(
    behind_at: dt.datetime | None, resent: int | None, last_success_at: dt.datetime | None
) -> str | None:
    """What to tell the office about a ledger found behind it, in the office's language."""
    if behind_at is None:
        return None
    if resent is None:
        return tr("sync.ledger_behind")
    if last_success_at is not None and last_success_at - behind_at > NOTICE_SHOWN:
        return None
    when = behind_at.astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")
    return tr("sync.ledger_restored", when=when, count=resent)


def needs_attention(engine: Engine, limit: int = 200) -> list[AttentionItem]:
    """The rejected commands, oldest first, each with the ledger's code and message."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                OutboxCommand.command_id,
                OutboxCommand.device_seq,
                OutboxCommand.type,
                OutboxCommand.staff,
                OutboxCommand.occurred_at,
                OutboxCommand.payload,
                OutboxCommand.code,
                OutboxCommand.message,
            )
            .where(OutboxCommand.state == "rejected")
            .order_by(OutboxCommand.device_seq)
            .limit(limit)
        ).all()
    return [
        AttentionItem(
            command_id=row.command_id,
            device_seq=row.device_seq,
            type=row.type,
            staff=row.staff,
            occurred_at=row.occurred_at,
            payload=row.payload,
            code=row.code or "",
            message=row.message or "",
        )
        for row in rows
    ]


def record_contact(engine: Engine, now: dt.datetime, error: str | None) -> None:
    """Remember how the last contact with the ledger went: a success at ``now``, or why not."""
    values: dict[str, Any] = {"last_error": None if error is None else error[:MAX_ERROR]}
    if error is None:
        values["last_success_at"] = now
    with engine.begin() as connection:
        connection.execute(
            sqlite_insert(_table(SyncState))
            .values(id=1, **values)
            .on_conflict_do_update(index_elements=["id"], set_=values)
        )
