"""Whether each audit chain holds: every hash recomputed, every link followed, and every
command of this office found in the chain that must record it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from models import AuditEvent, OutboxCommand, SyncState
from office_app.db import reading
from office_app.desk.audit_log import OFFICE, SCHOOL
from office_app.domain.audit import GENESIS_HASH, LEDGER_CHAIN, StoredEvent, stored_event_hash
from office_app.sync.outbox import OFFICE_CHAIN


@dataclass(frozen=True)
class ChainProblem:
    """``kind``: ``broken_link`` (event ``position`` does not follow ``after``: one was taken
    out or put in), ``changed`` (its content no longer matches its hash), ``missing`` (the
    office's command with device number ``position`` has no event in the office's chain) or
    ``unrecorded`` (the ledger decided that command, but its chain has no event for it)."""

    kind: str
    position: int
    after: int = 0


@dataclass(frozen=True)
class ChainReport:
    chain: str
    events: int
    problems: tuple[ChainProblem, ...] = field(default=())

    @property
    def intact(self) -> bool:
        return not self.problems


def _events(connection: Connection, chain: str) -> Iterable[StoredEvent]:
    rows = connection.execution_options(yield_per=5000).execute(
        select(AuditEvent.__table__)
        .where(AuditEvent.chain == chain)
        .order_by(AuditEvent.chain_index)
    )
    return cast(Iterable[StoredEvent], rows)


def verify_chain(engine: Engine, view: str = OFFICE) -> ChainReport:
    """Recompute a chain (the ledger's for ``school``, this office's for ``office``); every
    problem named by the event, or the office's command, where it shows."""
    chain = LEDGER_CHAIN if view == SCHOOL else OFFICE_CHAIN
    problems: list[ChainProblem] = []
    count = 0
    audited: set[uuid.UUID] = set()
    with reading(engine).connect() as connection:
        index, prev_hash = 0, GENESIS_HASH
        for event in _events(connection, chain):
            count += 1
            if event.chain_index != index + 1 or event.prev_hash != prev_hash:
                problems.append(ChainProblem("broken_link", event.chain_index, index))
            if stored_event_hash(event) != cast(Any, event).hash:
                problems.append(ChainProblem("changed", event.chain_index))
            if event.command_id is not None:
                audited.add(event.command_id)
            index, prev_hash = event.chain_index, cast(Any, event).hash
        commands = select(OutboxCommand.device_seq, OutboxCommand.command_id).order_by(
            OutboxCommand.device_seq
        )
        if chain == LEDGER_CHAIN:
            # What the ledger decided and this replica has reached must be in its chain.
            cursor = connection.execute(
                select(SyncState.cursor_seq).where(SyncState.id == 1)
            ).scalar()
            commands = commands.where(
                OutboxCommand.state != "pending", OutboxCommand.seq <= (cursor or 0)
            )
        kind = "unrecorded" if chain == LEDGER_CHAIN else "missing"
        for device_seq, command_id in connection.execute(commands):
            if command_id not in audited:
                problems.append(ChainProblem(kind, device_seq))
    return ChainReport(view, count, tuple(problems))
