"""A small school set up through the admin functions, and a way to send it commands."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select, update

from models import Account, Card, School, Staff
from office_app.db import make_sessionmaker
from office_app.domain.commands import CommandResult, make_command
from office_app.domain.ids import uuid7
from office_app.ledger.context import DeviceRef
from office_app.ledger.directory import (
    add_device,
    add_staff,
    authenticate,
    create_school,
    hash_password,
)
from office_app.ledger.engine import Ledger

START = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
#: The last day of a seeded demo history in tests: the day before ``START``.
YESTERDAY = START.date() - dt.timedelta(days=1)

# The card number ``World.child_with_card`` issues unless told otherwise.
CARD = "1000001"


class Clock:
    """A settable clock for the ledger, so tests decide what day it is."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class World:
    engine: Engine
    ledger: Ledger
    clock: Clock
    school_id: uuid.UUID
    office: DeviceRef
    terminal: DeviceRef
    portal: DeviceRef
    tokens: dict[str, str] = field(default_factory=dict)
    device_seq: dict[uuid.UUID, int] = field(default_factory=dict)

    def send(
        self,
        device: DeviceRef,
        command_type: str,
        payload: dict[str, Any],
        *,
        staff: str | None = None,
        command_id: uuid.UUID | None = None,
    ) -> CommandResult:
        seq = self.device_seq.get(device.id, 0) + 1
        self.device_seq[device.id] = seq
        command = make_command(
            command_type,
            payload,
            occurred_at=self.clock.now,
            device_seq=seq,
            staff=staff,
            command_id=command_id,
        )
        return self.ledger.apply_one(device, command)

    def office_send(
        self, command_type: str, payload: dict[str, Any], staff: str = "ole"
    ) -> CommandResult:
        return self.send(self.office, command_type, payload, staff=staff)

    def add_student(self, name: str = "Freja Nielsen", class_label: str = "5.B") -> uuid.UUID:
        student_id = uuid7()
        unique = uuid.uuid4().hex[:12]
        result = self.office_send(
            "student.upsert",
            {
                "student_id": student_id,
                "external_ref": f"X{unique}",
                "name": name,
                "class_label": class_label,
                "guardians": [{"name": "Mette Nielsen", "email": f"{unique}@example.dk"}],
            },
        )
        assert result.status == "applied", result
        return student_id

    def add_card(self, student_id: uuid.UUID, card_number: str) -> None:
        result = self.office_send(
            "card.issue", {"student_id": student_id, "card_number": card_number}, staff="hanne"
        )
        assert result.status == "applied", result

    def child_with_card(self, balance_ore: int = 0, card_number: str = CARD) -> uuid.UUID:
        """A new student with an active card and, if ``balance_ore``, that much paid in cash."""
        student = self.add_student()
        self.add_card(student, card_number)
        if balance_ore:
            assert self.deposit(student, balance_ore).status == "applied"
        return student

    def deposit(self, student_id: uuid.UUID, amount_ore: int) -> CommandResult:
        return self.office_send(
            "deposit.cash",
            {"student_id": student_id, "amount_ore": amount_ore, "receipt_no": "K-1"},
            staff="hanne",
        )

    def buy(self, card_number: str, amount_ore: int) -> CommandResult:
        return self.send(
            self.terminal, "purchase", {"card_number": card_number, "amount_ore": amount_ore}
        )

    def balance(self, student_id: uuid.UUID) -> int:
        with make_sessionmaker(self.engine)() as session:
            balance = session.scalar(
                select(Account.balance_ore).where(Account.student_id == student_id)
            )
            assert balance is not None
            return balance

    def system_balance(self, kind: str) -> int:
        """The balance of one of the school's system accounts (fee_revenue, canteen_revenue...)."""
        with make_sessionmaker(self.engine)() as session:
            balance = session.scalar(
                select(Account.balance_ore).where(
                    Account.school_id == self.school_id,
                    Account.kind == kind,
                    Account.student_id.is_(None),
                )
            )
            assert balance is not None
            return balance

    def set_policy(self, **values: Any) -> None:
        """Change the school's money policy (replacement fee, thresholds) directly."""
        with make_sessionmaker(self.engine).begin() as session:
            session.execute(update(School).where(School.id == self.school_id).values(**values))

    def card_status(self, card_number: str) -> str:
        """The card's status in the ledger; "unknown" while the ledger has no such card (a
        test waiting for a new card polls this)."""
        with make_sessionmaker(self.engine)() as session:
            status = session.scalar(
                select(Card.status).where(
                    Card.school_id == self.school_id, Card.card_number == card_number
                )
            )
            return status or "unknown"


_STAFF = (
    ("hanne", "secretary", "Hanne Sørensen"),
    ("ole", "admin", "Ole Madsen"),
    ("birgit", "admin", "Birgit Holm"),
)
_PASSWORD_HASH: list[str] = []


def _add_staff_quickly(engine: Engine, school_id: uuid.UUID) -> None:
    """The three test staff members with one shared argon2id hash, computed once per run."""
    if not _PASSWORD_HASH:
        _PASSWORD_HASH.append(hash_password("test-password"))
    with make_sessionmaker(engine).begin() as session:
        for username, role, display_name in _STAFF:
            session.add(
                Staff(
                    id=uuid7(),
                    school_id=school_id,
                    username=username,
                    display_name=display_name,
                    role=role,
                    password_hash=_PASSWORD_HASH[0],
                    created_at=START,
                    seq=1,
                )
            )


def make_world(
    engine: Engine,
    clock: Clock | None = None,
    *,
    quick_staff: bool = True,
    payout_approval_threshold_ore: int = 50000,
) -> World:
    """A school with an office, a terminal, a portal, a secretary and two admins.

    ``quick_staff`` skips hashing each password.
    """
    clock = clock or Clock()
    school_id = create_school(
        engine,
        f"Testskolen {uuid.uuid4().hex[:6]}",
        clock=clock,
        payout_approval_threshold_ore=payout_approval_threshold_ore,
    )
    devices = {}
    tokens = {}
    for kind in ("office", "terminal", "portal"):
        tokens[kind] = add_device(engine, school_id, kind, f"{kind} 1", clock=clock).token
        device = authenticate(engine, tokens[kind])
        assert device is not None
        devices[kind] = device
    if quick_staff:
        _add_staff_quickly(engine, school_id)
    else:
        for username, role, display_name in _STAFF:
            add_staff(
                engine,
                school_id,
                username,
                role,
                f"{username}-password",
                clock=clock,
                display_name=display_name,
            )
    return World(
        engine=engine,
        ledger=Ledger(engine, clock=clock),
        clock=clock,
        school_id=school_id,
        office=devices["office"],
        terminal=devices["terminal"],
        portal=devices["portal"],
        tokens=tokens,
    )
