"""An office follows the ledger's anonymisation of a child into its own records.

The change feed brings the anonymised child and the rows the ledger erased; what only this
office holds is erased here, in the same transaction as the page: the payloads and messages of
the commands it sent about the child (its outbox), and the personal words of its own audit
chain's events about the child (a reason typed at the desk). Its copy of the ledger's chain
is erased by the feed itself. Ids, amounts and hashes stay, so both chains still verify.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any, cast

from sqlalchemy import Table, or_, select, update
from sqlalchemy.engine import Connection

from models import (
    Account,
    AuditEvent,
    Card,
    LedgerEntry,
    LedgerTransaction,
    OutboxCommand,
    Payout,
    Reversal,
)
from office_app.domain.personal import erased_payload
from office_app.sync.outbox import OFFICE_CHAIN

#: Payload fields that name a child, a card, a payout, a transaction or a reversal.
_STUDENT_FIELDS = ("student_id", "from_student_id", "to_student_id")
_CARD_FIELDS = ("card_number", "old_card_number", "new_card_number")


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _subjects(connection: Connection, student_id: uuid.UUID) -> dict[str, set[str]]:
    """What names the child in a payload or an event: its id, cards, payouts, transactions."""
    wallet = select(Account.id).where(Account.student_id == student_id).scalar_subquery()
    txns = {
        str(txn_id)
        for txn_id in connection.scalars(
            select(LedgerTransaction.id).where(
                or_(
                    LedgerTransaction.student_id == student_id,
                    LedgerTransaction.id.in_(
                        select(LedgerEntry.txn_id).where(LedgerEntry.account_id == wallet)
                    ),
                )
            )
        )
    }
    return {
        "student": {str(student_id)},
        "card": set(
            connection.scalars(select(Card.card_number).where(Card.student_id == student_id))
        ),
        "payout": {
            str(found)
            for found in connection.scalars(
                select(Payout.id).where(Payout.student_id == student_id)
            )
        },
        "txn": txns,
        "reversal": {
            str(found)
            for found in connection.scalars(
                select(Reversal.id).where(Reversal.txn_id.in_([uuid.UUID(t) for t in txns]))
            )
        },
    }


def _about(payload: dict[str, Any], subjects: dict[str, set[str]]) -> bool:
    return (
        any(str(payload.get(name)) in subjects["student"] for name in _STUDENT_FIELDS)
        or any(payload.get(name) in subjects["card"] for name in _CARD_FIELDS)
        or str(payload.get("payout_id")) in subjects["payout"]
        or str(payload.get("txn_id")) in subjects["txn"]
        or str(payload.get("reversal_id")) in subjects["reversal"]
    )


def erase_anonymised(connection: Connection, student_ids: Collection[uuid.UUID]) -> None:
    """Erase this office's own copies of personal data about the anonymised children."""
    outbox, events = _table(OutboxCommand), _table(AuditEvent)
    for student_id in student_ids:
        subjects = _subjects(connection, student_id)
        named = set().union(*subjects.values())
        about: set[uuid.UUID] = set()
        for command_id, command_type, payload in connection.execute(
            select(outbox.c.command_id, outbox.c.type, outbox.c.payload)
        ):
            if not _about(payload, subjects):
                continue
            about.add(command_id)
            connection.execute(
                update(outbox)
                .where(outbox.c.command_id == command_id)
                .values(payload=erased_payload(command_type, payload), message=None)
            )
        connection.execute(
            update(events)
            .where(
                events.c.chain == OFFICE_CHAIN,
                events.c.personal.is_not(None),
                or_(events.c.subject.in_(sorted(named)), events.c.command_id.in_(sorted(about))),
            )
            .values(personal=None)
        )
