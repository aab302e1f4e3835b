"""A signed-in staff member changes their own password at the office.

The new password is checked here and hashed here (argon2id); only the hash is queued, as a
``staff.password`` command, so it is sent exactly once, audited in both chains, replicated to
every office by the ledger, and the password itself is in no request, log or record. It works
at this office at once, also offline (``queries.staff_hash`` reads the newest hash).
"""

from __future__ import annotations

from office_app.desk.actions import Desk
from office_app.desk.fields import FieldProblem, check_new_password
from office_app.desk.queries import staff_hash
from office_app.domain.passwords import hash_password, verify_password
from office_app.i18n import tr
from office_app.sync.outbox import QueuedCommand, record


def change_own_password(desk: Desk, current: str, new: str, repeated: str) -> QueuedCommand:
    """Queue the signed-in staff member's new password; FieldProblem names what is wrong."""
    check_new_password(current, new, repeated)
    found = staff_hash(desk.engine, desk.staff)
    if found is None:
        raise FieldProblem(tr("password.unknown"))
    if not verify_password(found[0], current):
        raise FieldProblem(tr("password.wrong_current"))
    return record(
        desk.engine,
        desk.school_id,
        desk.device_id,
        "staff.password",
        {"password_hash": hash_password(new)},
        staff=desk.staff,
        now=desk.clock(),
    )
