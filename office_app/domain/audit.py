"""The hash-chained audit log: each event's hash covers its content and the previous hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any, Protocol

GENESIS_HASH = "0" * 64
#: The ledger's chain of every command of a school, from every device.
LEDGER_CHAIN = "ledger"


def audit_hash(
    prev_hash: str,
    *,
    school_id: uuid.UUID,
    chain: str,
    chain_index: int,
    occurred_at: dt.datetime,
    device_id: uuid.UUID | None,
    staff: str | None,
    action: str,
    subject: str,
    details: dict[str, Any],
    command_id: uuid.UUID | None,
) -> str:
    """SHA-256 of the previous hash and the event in canonical JSON."""
    content = {
        "school_id": str(school_id),
        "chain": chain,
        "chain_index": chain_index,
        "occurred_at": occurred_at.astimezone(dt.UTC).isoformat(),
        "device_id": str(device_id) if device_id else None,
        "staff": staff,
        "action": action,
        "subject": subject,
        "details": details,
        "command_id": str(command_id) if command_id else None,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


class StoredEvent(Protocol):
    """An audit event as stored: its content, the previous hash and its own hash."""

    prev_hash: str
    school_id: uuid.UUID
    chain: str
    chain_index: int
    occurred_at: dt.datetime
    device_id: uuid.UUID | None
    staff: str | None
    action: str
    subject: str
    details: dict[str, Any]
    command_id: uuid.UUID | None


def stored_event_hash(event: StoredEvent) -> str:
    """The hash a stored event should carry, recomputed from its content and previous hash."""
    return audit_hash(
        event.prev_hash,
        school_id=event.school_id,
        chain=event.chain,
        chain_index=event.chain_index,
        occurred_at=event.occurred_at,
        device_id=event.device_id,
        staff=event.staff,
        action=event.action,
        subject=event.subject,
        details=event.details,
        command_id=event.command_id,
    )
