"""What the engine reads and writes around each command's decision: whether its sender may
send it, the outcome stored for a resend, the command's link in the school's audit chain, a
declined purchase kept for the office to explain, and which database errors to retry."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from models import Card, DeclinedPurchase
from office_app.domain.audit import LEDGER_CHAIN, AuditEntry, linked
from office_app.domain.catalogue import may_send
from office_app.domain.commands import Command, CommandResult
from office_app.domain.payloads import Purchase
from office_app.ledger import prepared
from office_app.ledger.context import ApplyContext, DeviceRef, SchoolPolicy
from office_app.ledger.errors import Rejection

RETRYABLE_SQLSTATES = {"40001", "40P01"}
#: The code of a command id sent again with other content.
MISMATCH = "payload_mismatch"


@dataclass
class Head:
    """The school's last feed number and audit chain head, as this transaction moves them."""

    seq: int
    audit_index: int
    audit_hash: str


def content_hash(device: DeviceRef, command: Command) -> str:
    """What makes a resend "the same command": sender and every field, payload normalised."""
    canonical = json.dumps(
        {"device_id": str(device.id), **command.canonical()}, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def audit_row(context: ApplyContext, head: Head) -> dict[str, Any]:
    """The command's link in the school's audit chain; moves the head past it."""
    command = context.command
    status, code, _, _ = context.outcome
    entry = AuditEntry(
        school_id=context.school_id,
        chain=LEDGER_CHAIN,
        occurred_at=context.now,
        device_id=context.device.id,
        staff=command.staff,
        action=command.type,
        subject=context.audit_subject,
        details={"status": status, "code": code, **context.audit_details},
        command_id=command.command_id,
    )
    row = linked(entry, head.audit_index + 1, head.audit_hash) | {"seq": head.seq}
    new_hash = row["hash"]
    head.audit_index += 1
    head.audit_hash = new_hash
    return row


def stored_outcomes(
    session: Session, command_ids: list[uuid.UUID]
) -> dict[uuid.UUID, CommandResult]:
    """The outcomes stored for those of the command ids the ledger has seen."""
    found = session.connection().execute(prepared.STORED_OUTCOMES, {"command_ids": command_ids})
    return {
        row.command_id: CommandResult(
            command_id=row.command_id,
            status=row.status,
            code=row.code,
            message=row.message,
            seq=row.seq,
            result=row.result,
            content_hash=row.content_hash,
        )
        for row in found
    }


def school_policy(session: Session, school_id: uuid.UUID) -> SchoolPolicy:
    row = session.connection().execute(prepared.POLICY, {"school_id": school_id}).one()
    return SchoolPolicy(school_id, *row)


def authorise(
    session: Session, device: DeviceRef, command: Command, roles: dict[str, str | None]
) -> str | None:
    role: str | None = None
    if device.kind == "office":
        if command.staff is None:
            raise Rejection("forbidden", "An office command must name the staff member")
        if command.staff not in roles:
            roles[command.staff] = (
                session.connection()
                .execute(
                    prepared.STAFF_ROLE,
                    {"school_id": device.school_id, "username": command.staff},
                )
                .scalar()
            )
        role = roles[command.staff]
        if role is None:
            raise Rejection("forbidden", f"Staff member {command.staff!r} is not known here")
    if not may_send(device.kind, role, command.type):
        who = f"{device.kind} device" + (f" ({role})" if role else "")
        raise Rejection("forbidden", f"A {who} may not send {command.type}")
    return role


def record_declined_purchase(context: ApplyContext, purchase: Purchase, code: str) -> None:
    card = context.session.scalar(
        select(Card).where(
            Card.school_id == context.school_id, Card.card_number == purchase.card_number
        )
    )
    context.audit_subject = purchase.card_number
    context.session.add(
        DeclinedPurchase(
            command_id=context.command.command_id,
            school_id=context.school_id,
            card_number=purchase.card_number,
            card_id=card.id if card else None,
            student_id=card.student_id if card else None,
            amount_ore=purchase.amount_ore,
            code=code,
            occurred_at=context.now,
            seq=context.seq,
        )
    )


def replay(stored: CommandResult, digest: str) -> CommandResult:
    if stored.content_hash != digest:
        return CommandResult(
            command_id=stored.command_id,
            status="rejected",
            code=MISMATCH,
            message="This command id was already used for a command with other content",
            seq=None,
            result={},
        )
    return stored


def retryable(error: DBAPIError) -> bool:
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(error.orig)
