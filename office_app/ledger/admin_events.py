"""Changes made at the ledger's command line, recorded in the school's audit chain.

Revoking a device, deactivating a staff member, resetting a password, anonymising a leaver:
none of these comes from a device, but each is a link in the school's ledger chain like a
command, under the same lock and with the next change number, so the change feed carries
the rows it changed (and the event) to every office. The event names no device and no staff
member: it was done by whoever runs the ledger.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.orm import Session

from models import AuditEvent, ChangeSequence
from office_app.domain.audit import LEDGER_CHAIN, AuditEntry, linked


class SchoolMissing(LookupError):
    """No change sequence for the school: it does not exist in this ledger."""


def record_admin_event(
    session: Session,
    school_id: uuid.UUID,
    *,
    action: str,
    subject: str,
    details: dict[str, Any],
    now: dt.datetime,
) -> int:
    """Take the school's next change number and add the event to its chain, in the caller's
    transaction (which holds the school's lock until it commits); returns the number."""
    head = session.get(ChangeSequence, school_id, with_for_update=True)
    if head is None:
        raise SchoolMissing(f"no school with id {school_id}")
    head.last_seq += 1
    entry = AuditEntry(
        school_id=school_id,
        chain=LEDGER_CHAIN,
        occurred_at=now,
        device_id=None,
        staff=None,
        action=action,
        subject=subject,
        details=details,
        command_id=None,
    )
    row = linked(entry, head.audit_index + 1, head.audit_hash)
    new_hash = row["hash"]
    session.add(AuditEvent(**row, seq=head.last_seq))
    head.audit_index += 1
    head.audit_hash = new_hash
    return head.last_seq
