"""The people around a child as the desk shows them: guardians, siblings and the household,
and the automatic top-up agreement with its history. Read from the replica as frozen rows.

A household is every child who shares the child's household or one of its guardians: the
ledger files siblings under one household when their guardians share an e-mail address, and a
guardian without one (address protection) is linked to each child by name.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, or_, select
from sqlalchemy.engine import Connection

from models import (
    Account,
    Guardian,
    LedgerEntry,
    LedgerTransaction,
    Student,
    StudentGuardian,
    TopUpAgreement,
)
from office_app.db import reading
from office_app.i18n import tr


@dataclass(frozen=True)
class GuardianView:
    """A guardian as the school knows them: a name, and an e-mail unless address-protected.

    The replica holds no telephone numbers: the roster and the protocol carry none.
    """

    name: str
    email: str | None


@dataclass(frozen=True)
class HouseholdChild:
    """One child of a household with the confirmed balance of their wallet."""

    student_id: uuid.UUID
    name: str
    class_label: str
    status: str
    balance_ore: int


@dataclass(frozen=True)
class AgreementView:
    """The child's automatic top-up: the open one, else the one cancelled last.

    ``status`` is ``waiting`` (until the balance first reaches 100 kr.), ``active`` or
    ``cancelled``; ``last_topup_at``/``last_topup_ore`` the newest top-up it made, if any.
    """

    amount_ore: int
    status: str
    created_at: dt.datetime
    activated_at: dt.datetime | None = None
    cancelled_at: dt.datetime | None = None
    last_topup_at: dt.datetime | None = None
    last_topup_ore: int | None = None


def guardians_of(
    connection: Connection, student_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, tuple[GuardianView, ...]]:
    """Each child's guardians by name, for the children asked about."""
    wanted = list(student_ids)
    found: dict[uuid.UUID, list[GuardianView]] = {}
    if not wanted:
        return {}
    for student_id, name, email in connection.execute(
        select(StudentGuardian.student_id, Guardian.name, Guardian.email)
        .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
        .where(StudentGuardian.student_id.in_(wanted))
        .order_by(Guardian.name, Guardian.id)
    ):
        found.setdefault(student_id, []).append(GuardianView(name or "", email))
    return {student_id: tuple(views) for student_id, views in found.items()}


def household_ids(connection: Connection, student_id: uuid.UUID) -> list[uuid.UUID]:
    """The child and every child sharing the household or a guardian, by name."""
    household = connection.execute(
        select(Student.household_id).where(Student.id == student_id)
    ).scalar()
    guardian_ids = select(StudentGuardian.guardian_id).where(
        StudentGuardian.student_id == student_id
    )
    sharing_guardian = select(StudentGuardian.student_id).where(
        StudentGuardian.guardian_id.in_(guardian_ids)
    )
    related = [Student.id == student_id, Student.id.in_(sharing_guardian)]
    if household is not None:
        related.append(Student.household_id == household)
    return list(
        connection.execute(
            select(Student.id).where(or_(*related)).order_by(Student.name, Student.id)
        ).scalars()
    )


def household_children(connection: Connection, student_id: uuid.UUID) -> list[HouseholdChild]:
    """The child's household with balances, by name (the child included)."""
    ids = household_ids(connection, student_id)
    rows = connection.execute(
        select(Student.id, Student.name, Student.class_label, Student.status, Account.balance_ore)
        .outerjoin(Account, Account.student_id == Student.id)
        .where(Student.id.in_(ids))
    )
    by_id = {
        row.id: HouseholdChild(
            row.id,
            row.name or tr("student.anonymised"),
            row.class_label,
            row.status,
            row.balance_ore or 0,
        )
        for row in rows
    }
    return [by_id[found] for found in ids if found in by_id]


def agreement_of(connection: Connection, student_id: uuid.UUID) -> AgreementView | None:
    """The open agreement, else the newest cancelled one, with its last top-up."""
    row = connection.execute(
        select(
            TopUpAgreement.amount_ore,
            TopUpAgreement.status,
            TopUpAgreement.created_at,
            TopUpAgreement.activated_at,
            TopUpAgreement.cancelled_at,
        )
        .where(TopUpAgreement.student_id == student_id)
        .order_by((TopUpAgreement.status == "cancelled"), TopUpAgreement.created_at.desc())
        .limit(1)
    ).one_or_none()
    if row is None:
        return None
    last = connection.execute(
        select(LedgerTransaction.posted_at, LedgerEntry.amount_ore)
        .join(LedgerEntry, LedgerEntry.txn_id == LedgerTransaction.id)
        .join(Account, Account.id == LedgerEntry.account_id)
        .where(
            LedgerTransaction.student_id == student_id,
            LedgerTransaction.kind == "autotopup",
            Account.student_id == student_id,
        )
        .order_by(LedgerTransaction.posted_at.desc(), LedgerTransaction.seq.desc())
        .limit(1)
    ).one_or_none()
    return AgreementView(
        amount_ore=row.amount_ore,
        status=row.status,
        created_at=row.created_at,
        activated_at=row.activated_at,
        cancelled_at=row.cancelled_at,
        last_topup_at=last.posted_at if last else None,
        last_topup_ore=last.amount_ore if last else None,
    )


@dataclass(frozen=True)
class HouseholdView:
    """Every child of a household with balances, and their total."""

    children: tuple[HouseholdChild, ...]
    guardians: tuple[GuardianView, ...]

    @property
    def total_ore(self) -> int:
        return sum(child.balance_ore for child in self.children)


def household_view(engine: Engine, student_id: uuid.UUID) -> HouseholdView:
    """The household of ``student_id``: its children and all their guardians, by name."""
    with reading(engine).connect() as connection:
        children = household_children(connection, student_id)
        by_child = guardians_of(connection, [child.student_id for child in children])
    guardians = sorted(
        {guardian for views in by_child.values() for guardian in views},
        key=lambda guardian: (guardian.name, guardian.email or ""),
    )
    return HouseholdView(tuple(children), tuple(guardians))
