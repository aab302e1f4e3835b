"""Setting a school's details and policy on the ledger, as a change every office replicates.

The change takes the school's next change-feed number, so offices pull the new settings with
their next page, and it is an event in the school's audit chain (who can tell when the
school's bank account changed, and to what).
"""

from __future__ import annotations

import uuid
from typing import Any

from models import AuditEvent, ChangeSequence, School
from office_app.db import make_sessionmaker
from office_app.domain.audit import LEDGER_CHAIN, AuditEntry, linked
from office_app.domain.localtime import Clock
from office_app.domain.school import SchoolSettingsInput, check_settings
from office_app.ledger.directory import DirectoryError

SETTINGS_ACTION = "school.settings"


def set_school(
    engine: Any, school_id: uuid.UUID, typed: SchoolSettingsInput, *, clock: Clock
) -> dict[str, str | int]:
    """Check and apply the settings given; the values that changed, by column.

    Raises ``SchoolSettingError`` for a value that breaks its rule (nothing is changed) and
    ``DirectoryError`` for an unknown school.
    """
    changes = check_settings(typed)
    now = clock()
    with make_sessionmaker(engine).begin() as session:
        sequence = session.get(ChangeSequence, school_id, with_for_update=True)
        school = session.get(School, school_id)
        if sequence is None or school is None:
            raise DirectoryError(f"--school: no school with id {school_id}")
        changed = {
            column: value for column, value in changes.items() if getattr(school, column) != value
        }
        if not changed:
            return {}
        sequence.last_seq += 1
        for column, value in changed.items():
            setattr(school, column, value)
        school.seq = sequence.last_seq
        entry = AuditEntry(
            school_id=school_id,
            chain=LEDGER_CHAIN,
            occurred_at=now,
            device_id=None,
            staff=None,
            action=SETTINGS_ACTION,
            subject=str(school_id),
            details={"status": "applied", "code": "ok", "changed": changed},
            command_id=None,
        )
        row = linked(entry, sequence.audit_index + 1, sequence.audit_hash)
        event_hash = row["hash"]
        session.add(AuditEvent(**row, seq=sequence.last_seq))
        sequence.audit_index += 1
        sequence.audit_hash = event_hash
    return changed
