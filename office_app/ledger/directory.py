"""Setting up a ledger: schools with their system accounts, devices with tokens, staff."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, bindparam, select

from models import ACCOUNT_KINDS, Account, ChangeSequence, Device, School, Staff
from office_app.db import make_sessionmaker, one_statement
from office_app.domain.ids import uuid7
from office_app.domain.localtime import Clock
from office_app.domain.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    password_length_ok,
    verify_password,
)
from office_app.ledger.admin_events import record_admin_event
from office_app.ledger.context import DeviceRef

__all__ = [
    "DEVICE_KINDS",
    "STAFF_ROLES",
    "DirectoryError",
    "NewDevice",
    "add_device",
    "add_staff",
    "authenticate",
    "create_school",
    "devices_by_token",
    "hash_password",
    "hash_token",
    "revoke_device",
    "verify_password",
]

DEVICE_KINDS = ("office", "terminal", "portal")
STAFF_ROLES = ("secretary", "admin")


class DirectoryError(ValueError):
    """A set-up request that cannot be carried out, with a message naming the field."""


@dataclass(frozen=True)
class NewDevice:
    device_id: uuid.UUID
    token: str


def hash_token(token: str) -> str:
    """Tokens are 32 random bytes, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_school(
    engine: Engine,
    name: str,
    *,
    clock: Clock,
    address: str = "",
    replacement_fee_ore: int = 3000,
    payout_approval_threshold_ore: int = 50000,
    max_deposit_ore: int = 200000,
) -> uuid.UUID:
    """Create a school with one of each system account, as change number 1 of its feed."""
    name = name.strip()
    if not name:
        raise DirectoryError("--school-name: a school needs a name")
    if len(name) > 200:
        raise DirectoryError("--school-name: at most 200 characters")
    now = clock()
    school_id = uuid7()
    with make_sessionmaker(engine).begin() as session:
        session.add(
            School(
                id=school_id,
                name=name,
                address=address,
                replacement_fee_ore=replacement_fee_ore,
                payout_approval_threshold_ore=payout_approval_threshold_ore,
                max_deposit_ore=max_deposit_ore,
                created_at=now,
                seq=1,
            )
        )
        session.flush()
        session.add(ChangeSequence(school_id=school_id, last_seq=1))
        for kind in ACCOUNT_KINDS:
            if kind != "wallet":
                session.add(
                    Account(id=uuid7(), school_id=school_id, kind=kind, balance_ore=0, seq=1)
                )
    return school_id


def _require_school(engine: Engine, school_id: uuid.UUID) -> None:
    with make_sessionmaker(engine)() as session:
        if session.get(School, school_id) is None:
            raise DirectoryError(f"--school: no school with id {school_id}")


def add_device(
    engine: Engine, school_id: uuid.UUID, kind: str, name: str, *, clock: Clock
) -> NewDevice:
    """Register a device and return its bearer token, which is stored only as a hash."""
    if kind not in DEVICE_KINDS:
        raise DirectoryError(f"--kind: must be one of {', '.join(DEVICE_KINDS)}")
    if not name.strip():
        raise DirectoryError("--name: a device needs a name")
    if len(name.strip()) > 200:
        raise DirectoryError("--name: at most 200 characters")
    _require_school(engine, school_id)
    token = secrets.token_urlsafe(32)
    device_id = uuid7()
    with make_sessionmaker(engine).begin() as session:
        session.add(
            Device(
                id=device_id,
                school_id=school_id,
                kind=kind,
                name=name.strip(),
                token_hash=hash_token(token),
                created_at=clock(),
            )
        )
    return NewDevice(device_id=device_id, token=token)


_DEVICES_BY_TOKEN = select(Device.token_hash, Device.id, Device.school_id, Device.kind).where(
    Device.token_hash.in_(bindparam("token_hashes", expanding=True)), Device.revoked_at.is_(None)
)


def authenticate(engine: Engine, token: str) -> DeviceRef | None:
    """The device a bearer token belongs to, unless unknown or revoked."""
    token_hash = hash_token(token)
    return devices_by_token(engine, [token_hash]).get(token_hash)


def devices_by_token(
    bind: Engine | Connection, token_hashes: Collection[str]
) -> dict[str, DeviceRef]:
    """The devices that hashed tokens belong to, in one query; unknown and revoked left out.

    Given a PostgreSQL connection outside any transaction (the one a ledger writer is about
    to apply the devices' commands on), the query runs on it without a transaction.
    """
    values = {"token_hashes": list(token_hashes)}
    if isinstance(bind, Engine):
        with one_statement(bind).connect() as connection:
            rows = connection.execute(_DEVICES_BY_TOKEN, values).all()
    else:
        driver = bind.connection.driver_connection
        driver.autocommit = True  # type: ignore[union-attr]
        try:
            rows = bind.execute(_DEVICES_BY_TOKEN, values).all()
            bind.rollback()  # ends SQLAlchemy's transaction; nothing to roll back
        finally:
            driver.autocommit = False  # type: ignore[union-attr]
    return {
        row.token_hash: DeviceRef(id=row.id, school_id=row.school_id, kind=row.kind) for row in rows
    }


def revoke_device(engine: Engine, device_id: uuid.UUID, *, clock: Clock) -> bool:
    """Refuse the device's token from now on (audited); False when it was revoked already."""
    now = clock()
    with make_sessionmaker(engine).begin() as session:
        device = session.get(Device, device_id)
        if device is None:
            raise DirectoryError(f"--device: no device with id {device_id}")
        if device.revoked_at is not None:
            return False
        device.revoked_at = now
        record_admin_event(
            session,
            device.school_id,
            action="device.revoke",
            subject=str(device.id),
            details={"kind": device.kind, "name": device.name},
            now=now,
        )
    return True


def add_staff(
    engine: Engine,
    school_id: uuid.UUID,
    username: str,
    role: str,
    password: str,
    *,
    clock: Clock,
    display_name: str = "",
) -> uuid.UUID:
    """Add a staff member with an argon2id password hash (audited in the school's chain)."""
    username = username.strip()
    if (
        not username
        or len(username) > 64
        or not username.replace(".", "").replace("-", "").isalnum()
    ):
        raise DirectoryError("--username: 1 to 64 letters, digits, dots or dashes")
    if role not in STAFF_ROLES:
        raise DirectoryError(f"--role: must be one of {', '.join(STAFF_ROLES)}")
    if len(display_name) > 200:
        raise DirectoryError("--name: at most 200 characters")
    if not password_length_ok(password):
        raise DirectoryError(f"password: {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters")
    _require_school(engine, school_id)
    staff_id = uuid7()
    with make_sessionmaker(engine).begin() as session:
        taken = session.scalar(
            select(Staff.id).where(Staff.school_id == school_id, Staff.username == username)
        )
        if taken is not None:
            raise DirectoryError(f"--username: {username!r} already exists at this school")
        now = clock()
        seq = record_admin_event(
            session,
            school_id,
            action="staff.add",
            subject=username,
            details={"role": role},
            now=now,
        )
        session.add(
            Staff(
                id=staff_id,
                school_id=school_id,
                username=username,
                display_name=display_name or username,
                role=role,
                password_hash=hash_password(password),
                active=True,
                created_at=now,
                seq=seq,
            )
        )
    return staff_id
