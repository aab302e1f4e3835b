"""The secretary's actions: each checks its input, then queues one command in the outbox.

A ``FieldProblem`` names the field and the rule in the current language and nothing is queued;
otherwise the command and its audit row are written in one local transaction (outbox.record)
and the sync worker sends it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from models import OutboxCommand
from office_app.db import reading
from office_app.desk.fields import FieldProblem
from office_app.domain.cards import BLOCK_REASONS
from office_app.domain.localtime import Clock
from office_app.i18n import tr
from office_app.sync.outbox import QueuedCommand, record, record_on, status


@dataclass
class Desk:
    """The signed-in staff member's desk on this office's replica."""

    engine: Engine
    school_id: uuid.UUID
    device_id: uuid.UUID | None
    staff: str
    clock: Clock
    #: Where documents are saved (``statements/``, ``reports/``, ``bank/`` below it).
    data_dir: Path
    #: The printer documents go to; None saves them only.
    printer: str | None

    def _queue(self, command_type: str, payload: dict[str, object]) -> QueuedCommand:
        return record(
            self.engine,
            self.school_id,
            self.device_id,
            command_type,
            payload,
            staff=self.staff,
            now=self.clock(),
        )

    def next_receipt_number(self) -> str:
        """The number the next cash deposit's receipt will get (shown in the dialog)."""
        with reading(self.engine).connect() as connection:
            return _receipt_number(_deposits_taken(connection) + 1)

    def deposit(self, student_id: uuid.UUID, amount_ore: int) -> tuple[QueuedCommand, str]:
        """Queue a cash deposit with the office's next receipt number; the command and it.

        The number is counted in the same transaction that queues the deposit, which on the
        office's SQLite file holds the write lock from its start: two deposits never share a
        number, and no number is skipped.
        """
        with self.engine.begin() as connection:
            receipt_no = _receipt_number(_deposits_taken(connection) + 1)
            queued = record_on(
                connection,
                self.school_id,
                self.device_id,
                "deposit.cash",
                {"student_id": str(student_id), "amount_ore": amount_ore, "receipt_no": receipt_no},
                staff=self.staff,
                now=self.clock(),
            )
        return queued, receipt_no

    def block(self, card_number: str, reason: str) -> QueuedCommand:
        if reason not in BLOCK_REASONS:
            raise FieldProblem(f"{tr('block.reason')}: {', '.join(BLOCK_REASONS)}")
        return self._queue("card.block", {"card_number": card_number, "reason": reason})

    def reactivate(self, card_number: str) -> QueuedCommand:
        return self._queue("card.reactivate", {"card_number": card_number})

    def replace(
        self,
        old_card_number: str,
        new_card_number: str,
        policy_fee_ore: int,
        waiver_reason: str | None,
    ) -> QueuedCommand:
        """Replace a card, charging the school's fee unless it is waived with a reason.

        ``waiver_reason`` None means the fee is charged; any text means it is waived, and
        then the text must say why.
        """
        fee_ore, reason = policy_fee_ore, None
        if waiver_reason is not None:
            reason = waiver_reason.strip()
            if not reason:
                raise FieldProblem(tr("replace.waive_reason_empty"))
            fee_ore = 0
        return self._queue(
            "card.replace",
            {
                "old_card_number": old_card_number,
                "new_card_number": new_card_number,
                "fee_ore": fee_ore,
                "fee_waiver_reason": reason,
            },
        )

    def set_cap(self, student_id: uuid.UUID, daily_cap_ore: int | None) -> QueuedCommand:
        return self._queue(
            "cap.set", {"student_id": str(student_id), "daily_cap_ore": daily_cap_ore}
        )

    def cancel_agreement(self, student_id: uuid.UUID) -> QueuedCommand:
        """Stop a child's automatic top-up for the parent (``autotopup.cancel``)."""
        return self._queue("autotopup.cancel", {"student_id": str(student_id)})


def _deposits_taken(connection: Connection) -> int:
    found = connection.execute(
        select(func.count()).where(OutboxCommand.type == "deposit.cash")
    ).scalar()
    return int(found or 0)


def _receipt_number(number: int) -> str:
    return f"K-{number:06d}"


@dataclass(frozen=True)
class Decision:
    """What became of a queued command: ``pending`` (not decided yet), ``applied`` or
    ``rejected`` with the ledger's code and result."""

    state: str
    code: str = ""
    result: dict[str, Any] = field(default_factory=dict)


#: How long an action waits for the ledger's answer while the office is online, so that what
#: the desk says is already true ("the card is blocked") rather than hoped for.
DECISION_SECONDS = 5.0
DECISION_POLL_SECONDS = 0.1


def decision(engine: Engine, command_id: uuid.UUID) -> Decision:
    with reading(engine).connect() as connection:
        row = connection.execute(
            select(OutboxCommand.state, OutboxCommand.code, OutboxCommand.result).where(
                OutboxCommand.command_id == command_id
            )
        ).one_or_none()
    if row is None:
        return Decision("pending")
    return Decision(row.state, row.code or "", dict(row.result or {}))


def await_decision(
    engine: Engine,
    command_id: uuid.UUID,
    sync_now: Callable[[], None],
    *,
    seconds: float = DECISION_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> Decision:
    """Ask for a sync at once and wait, while the office is online, until the ledger has
    decided the command; ``pending`` when it is offline or the answer takes longer."""
    sync_now()
    found = decision(engine, command_id)
    if not status(engine).online:
        return found
    for _ in range(int(seconds / DECISION_POLL_SECONDS)):
        if found.state != "pending":
            break
        sleep(DECISION_POLL_SECONDS)
        found = decision(engine, command_id)
    return found
