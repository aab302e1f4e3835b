"""Devices and staff after set-up: list them, revoke or rotate a device's token, deactivate a
staff member who left, reset a forgotten password.

Each change is audited in the school's ledger chain (``admin_events``). A staff row changed
here gets the event's change number, so every office replicates it on its next sync: a
deactivated staff member can no longer sign in there, online or offline, and a reset password
is the one that works. A device token is refused from the moment it is revoked or rotated.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models import Device, School, Staff
from office_app.db import make_sessionmaker, reading
from office_app.domain.localtime import Clock
from office_app.domain.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    password_length_ok,
)
from office_app.ledger.admin_events import record_admin_event
from office_app.ledger.directory import (
    DirectoryError,
    NewDevice,
    hash_token,
    revoke_device,
)

__all__ = [
    "DeviceLine",
    "StaffLine",
    "deactivate_staff",
    "list_devices",
    "list_staff",
    "only_school",
    "reset_password",
    "revoke_device",
    "rotate_device_token",
]


@dataclass(frozen=True)
class DeviceLine:
    device_id: uuid.UUID
    school_id: uuid.UUID
    kind: str
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


@dataclass(frozen=True)
class StaffLine:
    school_id: uuid.UUID
    username: str
    display_name: str
    role: str
    active: bool
    created_at: dt.datetime


def only_school(engine: Engine, school_id: uuid.UUID | None) -> uuid.UUID:
    """The school named, or the ledger's only school when none is named."""
    with make_sessionmaker(reading(engine))() as session:
        if school_id is not None:
            if session.get(School, school_id) is None:
                raise DirectoryError(f"--school: no school with id {school_id}")
            return school_id
        found = session.scalars(select(School.id).limit(2)).all()
    if len(found) != 1:
        raise DirectoryError(
            "--school: this ledger has no school yet"
            if not found
            else "--school: this ledger has several schools; name one"
        )
    return found[0]


def list_devices(engine: Engine, school_id: uuid.UUID | None = None) -> list[DeviceLine]:
    """Every device (of one school, when named), by school, kind and name."""
    query = select(Device).order_by(Device.school_id, Device.kind, Device.name, Device.id)
    if school_id is not None:
        query = query.where(Device.school_id == school_id)
    with make_sessionmaker(reading(engine))() as session:
        return [
            DeviceLine(d.id, d.school_id, d.kind, d.name, d.created_at, d.revoked_at)
            for d in session.scalars(query)
        ]


def rotate_device_token(engine: Engine, device_id: uuid.UUID, *, clock: Clock) -> NewDevice:
    """Give the device a new token, shown once; the old one is refused from now on."""
    token = secrets.token_urlsafe(32)
    now = clock()
    with make_sessionmaker(engine).begin() as session:
        device = session.get(Device, device_id)
        if device is None:
            raise DirectoryError(f"--device: no device with id {device_id}")
        if device.revoked_at is not None:
            raise DirectoryError(
                f"--device: {device.name!r} was revoked; register a new device instead"
            )
        device.token_hash = hash_token(token)
        record_admin_event(
            session,
            device.school_id,
            action="device.rotate",
            subject=str(device.id),
            details={"kind": device.kind, "name": device.name},
            now=now,
        )
    return NewDevice(device_id=device_id, token=token)


def list_staff(engine: Engine, school_id: uuid.UUID | None = None) -> list[StaffLine]:
    """Every staff member (of one school, when named), active or not, by username."""
    query = select(Staff).order_by(Staff.school_id, Staff.username)
    if school_id is not None:
        query = query.where(Staff.school_id == school_id)
    with make_sessionmaker(reading(engine))() as session:
        return [
            StaffLine(s.school_id, s.username, s.display_name, s.role, s.active, s.created_at)
            for s in session.scalars(query)
        ]


def _staff(session: Session, school_id: uuid.UUID, username: str) -> Staff:
    found = session.scalar(
        select(Staff).where(Staff.school_id == school_id, Staff.username == username.strip())
    )
    if found is None:
        raise DirectoryError(f"--username: no staff member {username.strip()!r} at this school")
    return found


def deactivate_staff(engine: Engine, school_id: uuid.UUID, username: str, *, clock: Clock) -> bool:
    """The staff member can no longer sign in or act, at any office once it has synced;
    False when they were inactive already. Their history stays, under their username."""
    now = clock()
    with make_sessionmaker(engine).begin() as session:
        staff = _staff(session, school_id, username)
        if not staff.active:
            return False
        staff.active = False
        staff.seq = record_admin_event(
            session,
            school_id,
            action="staff.deactivate",
            subject=staff.username,
            details={},
            now=now,
        )
    return True


def reset_password(
    engine: Engine, school_id: uuid.UUID, username: str, password: str, *, clock: Clock
) -> None:
    """Set a new password (stored as an argon2id hash) for a staff member who forgot theirs."""
    if not password_length_ok(password):
        raise DirectoryError(f"password: {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters")
    password_hash = hash_password(password)
    now = clock()
    with make_sessionmaker(engine).begin() as session:
        staff = _staff(session, school_id, username)
        staff.password_hash = password_hash
        staff.seq = record_admin_event(
            session,
            school_id,
            action="staff.reset_password",
            subject=staff.username,
            details={},
            now=now,
        )
