"""staff.password: a signed-in staff member changes their own password at an office."""

from __future__ import annotations

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError
from sqlalchemy import select

from models import Staff
from office_app.domain.payloads import StaffPassword
from office_app.ledger.context import ApplyContext, Outcome
from office_app.ledger.errors import Rejection

#: The weakest hash accepted: the parameters the ledger itself hashes with.
_FLOOR = PasswordHasher()


def _check_hash(password_hash: str) -> None:
    """An argon2id hash at least as costly to guess as the ledger's own; else a rejection
    naming the rule (an office cannot weaken how passwords are kept)."""
    try:
        found = extract_parameters(password_hash)
    except (InvalidHashError, ValueError):
        raise Rejection("invalid_field", "password_hash: not an argon2id hash") from None
    if found.type is not Type.ID:
        raise Rejection("invalid_field", "password_hash: must be argon2id")
    if (
        found.memory_cost < _FLOOR.memory_cost
        or found.time_cost < _FLOOR.time_cost
        or found.hash_len < _FLOOR.hash_len
        or found.salt_len < _FLOOR.salt_len
    ):
        raise Rejection(
            "invalid_field",
            f"password_hash: at least m={_FLOOR.memory_cost}, t={_FLOOR.time_cost}, "
            f"{_FLOOR.hash_len}-byte hash, {_FLOOR.salt_len}-byte salt",
        )


def change_own_password(context: ApplyContext, payload: StaffPassword) -> Outcome:
    """The sender's own password only: the command's staff member is the one changed.

    Only the hash travels; the stored command record hides it (``SECRET_FIELDS``), and the
    staff row takes this command's change number, so every office replicates it.
    """
    username = context.command.staff or ""
    context.audit_subject = username
    _check_hash(payload.password_hash)
    staff = context.session.scalar(
        select(Staff).where(
            Staff.school_id == context.school_id,
            Staff.username == username,
            Staff.active.is_(True),
        )
    )
    if staff is None:
        raise Rejection("forbidden", f"Staff member {username!r} is not known here")
    staff.password_hash = payload.password_hash
    staff.seq = context.seq
    return Outcome(f"Password changed for {username}")
