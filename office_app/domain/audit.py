"""The hash-chained audit log: each event's hash covers its content and the previous hash.

Personal data can be erased without breaking a chain. What a person typed into an event (a
reason, which may name a child or a parent) is not hashed itself: it is kept beside the event
(``personal``: the words and a random salt) and the hash covers only a digest of the two
(``personal_digest``). While the words are there, the digest proves they were not changed;
erasing them (and the salt with them) leaves the digest, which keeps every hash of the chain
true and, without the salt, cannot be used to test a guess of what was written. Everything
else an event holds refers to people only by id, card number or staff username. An event
without personal words hashes exactly as before this rule existed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from office_app.domain.ids import random_salt

GENESIS_HASH = "0" * 64
#: The ledger's chain of every command of a school, from every device.
LEDGER_CHAIN = "ledger"
#: Keys of an event's details that hold words a person typed: kept beside the event.
PERSONAL_KEYS = frozenset({"reason", "waiver_reason", "consent"})


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def personal_digest(salt: str, values: dict[str, Any]) -> str:
    """SHA-256 of the salt and the personal words in canonical JSON."""
    return hashlib.sha256((salt + _canonical(values)).encode()).hexdigest()


@dataclass(frozen=True)
class SealedDetails:
    """An event's details split: ``details`` are hashed as they are; ``personal`` (the words
    and their salt, or None) is kept beside the event under ``personal_digest``."""

    details: dict[str, Any]
    personal: dict[str, Any] | None
    personal_digest: str | None


def seal_details(details: dict[str, Any], salt: str | None = None) -> SealedDetails:
    """Move the personal words out of an event's details, under a salted digest."""
    values = {key: value for key, value in details.items() if key in PERSONAL_KEYS and value}
    public = {key: value for key, value in details.items() if key not in PERSONAL_KEYS}
    if not values:
        return SealedDetails(public, None, None)
    salt = salt or random_salt()
    return SealedDetails(public, {"salt": salt, "values": values}, personal_digest(salt, values))


def readable_details(
    details: dict[str, Any] | None, personal: dict[str, Any] | None
) -> dict[str, Any]:
    """An event's details as a person reads them: with its personal words, unless erased."""
    words = (personal or {}).get("values") or {}
    return {**(details or {}), **(words if isinstance(words, dict) else {})}


def personal_intact(personal: dict[str, Any] | None, digest: str | None) -> bool:
    """True when the words kept beside an event are the ones its digest was made from, or
    were erased (or there never were any)."""
    if personal is None:
        return True
    try:
        return digest == personal_digest(str(personal["salt"]), dict(personal["values"]))
    except (KeyError, TypeError, ValueError):
        return False


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
    personal_digest: str | None = None,
) -> str:
    """SHA-256 of the previous hash and the event in canonical JSON.

    ``personal_digest`` is part of the content only when the event has personal words.
    """
    content: dict[str, Any] = {
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
    if personal_digest is not None:
        content["personal_digest"] = personal_digest
    return hashlib.sha256((prev_hash + _canonical(content)).encode()).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    """What one event says: the fields its hash covers, before it is linked into a chain.

    Every writer of an audit chain (the ledger's commands and administration, the office's own
    chain) makes its events from this, through ``linked``.
    """

    school_id: uuid.UUID
    chain: str
    occurred_at: dt.datetime
    device_id: uuid.UUID | None
    staff: str | None
    action: str
    subject: str
    details: dict[str, Any]
    command_id: uuid.UUID | None


def linked(
    entry: AuditEntry, chain_index: int, prev_hash: str, salt: str | None = None
) -> dict[str, Any]:
    """The event as it is stored, as the columns of its row: its fields with the personal
    words sealed beside them, its place in the chain, the previous hash and its own hash."""
    sealed = seal_details(entry.details, salt)
    fields: dict[str, Any] = {
        "school_id": entry.school_id,
        "chain": entry.chain,
        "chain_index": chain_index,
        "occurred_at": entry.occurred_at,
        "device_id": entry.device_id,
        "staff": entry.staff,
        "action": entry.action,
        "subject": entry.subject,
        "details": sealed.details,
        "command_id": entry.command_id,
        "personal_digest": sealed.personal_digest,
    }
    return fields | {
        "personal": sealed.personal,
        "prev_hash": prev_hash,
        "hash": audit_hash(prev_hash, **fields),
    }


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
    personal: dict[str, Any] | None
    personal_digest: str | None


def stored_event_hash(event: StoredEvent) -> str:
    """The hash a stored event should carry, recomputed from its content and previous hash.

    An event whose personal words no longer match their digest gets no valid hash: changing
    the words shows as much as changing the event.
    """
    if not personal_intact(event.personal, event.personal_digest):
        return ""
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
        personal_digest=event.personal_digest,
    )
