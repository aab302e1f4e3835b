"""The secretary's actions: each checks its input, then queues one command in the outbox.

A ``FieldProblem`` names the field and the rule in the current language and nothing is queued;
otherwise the command and its audit row are written in one local transaction (outbox.record)
and the sync worker sends it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select

from models import OutboxCommand
from office_app.desk.fields import FieldProblem
from office_app.domain.cards import BLOCK_REASONS
from office_app.domain.localtime import Clock
from office_app.i18n import tr
from office_app.sync.outbox import QueuedCommand, record


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
        """A receipt number for the next cash deposit, unique on this office."""
        with self.engine.connect() as connection:
            last = connection.execute(select(func.max(OutboxCommand.device_seq))).scalar() or 0
        return f"K-{last + 1:06d}"

    def deposit(self, student_id: uuid.UUID, amount_ore: int, receipt_no: str) -> QueuedCommand:
        receipt = receipt_no.strip()
        if not receipt:
            raise FieldProblem(tr("deposit.receipt_empty"))
        return self._queue(
            "deposit.cash",
            {"student_id": str(student_id), "amount_ore": amount_ore, "receipt_no": receipt},
        )

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
