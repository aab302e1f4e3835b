"""A realistic demo school, made deterministically through the ledger engine.

Everything goes through :class:`Ledger` as commands from an office, a canteen terminal and
the parent portal, on a simulated clock, so the demo ledger is a real one: families with
siblings, cards, caps, cash and online deposits, automatic top-ups, lunch purchases, lost
cards blocked then found or replaced, and the purchases the canteen declined.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select

from models import Staff
from office_app.db import make_sessionmaker
from office_app.domain.commands import CommandResult, make_command
from office_app.domain.localtime import LOCAL as LOCAL_TZ
from office_app.ledger.context import DeviceRef
from office_app.ledger.directory import add_device, add_staff, authenticate
from office_app.ledger.engine import Ledger
from office_app.ledger.tools.demo_names import BOYS, GIRLS, PARENTS, SURNAMES

CLASSES = [f"{grade}.{track}" for grade in range(10) for track in "ABC"]
DEMO_STAFF = (("hanne", "secretary", "Hanne Sørensen"), ("ole", "admin", "Ole Mikkelsen"))
DEMO_PASSWORD = "kantine2026"  # noqa: S105 - the demo login, shown on the demo's login screen

LUNCH_PRICES_ORE = (2500, 3000, 3500, 4000, 4500)
KIOSK_PRICES_ORE = (500, 1000, 1500, 2000)


@dataclass
class DemoChild:
    student_id: uuid.UUID
    name: str
    card_number: str
    balance_ore: int = 0
    eats_lunch: float = 0.8
    lost_card_day: int | None = None
    has_auto_top_up: bool = False


@dataclass
class SeedReport:
    students: int = 0
    commands: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, result: CommandResult, command_type: str) -> None:
        self.commands += 1
        key = f"{command_type}:{result.code}"
        self.outcomes[key] = self.outcomes.get(key, 0) + 1


def at_local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    """``hour``:``minute`` on ``day`` in Copenhagen, in UTC."""
    return dt.datetime.combine(day, dt.time(hour, minute), LOCAL_TZ).astimezone(dt.UTC)


class DemoSeeder:
    """Sends a demo school's history through the engine on a simulated clock."""

    def __init__(self, engine: Engine, school_id: uuid.UUID, seed: int, start: dt.datetime) -> None:
        self.engine = engine
        self.school_id = school_id
        self.random = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.now = start
        self.ledger = Ledger(engine, clock=self.clock)
        self.report = SeedReport()
        self.device_seq = 0
        self.office, self.terminal, self.portal = (
            self._device(kind, name)
            for kind, name in (
                ("office", "Demo-kontor"),
                ("terminal", "Kantine 1"),
                ("portal", "Forældreportal"),
            )
        )
        self._ensure_staff()

    def _device(self, kind: str, name: str) -> DeviceRef:
        device = authenticate(
            self.engine, add_device(self.engine, self.school_id, kind, name, clock=self.clock).token
        )
        assert device is not None
        return device

    def _ensure_staff(self) -> None:
        with make_sessionmaker(self.engine)() as session:
            existing = set(
                session.scalars(select(Staff.username).where(Staff.school_id == self.school_id))
            )
        for username, role, display_name in DEMO_STAFF:
            if username not in existing:
                add_staff(
                    self.engine,
                    self.school_id,
                    username,
                    role,
                    DEMO_PASSWORD,
                    clock=self.clock,
                    display_name=display_name,
                )

    def clock(self) -> dt.datetime:
        """The simulated time the history has reached."""
        return self.now

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.random.getrandbits(128), version=4)

    def send(
        self,
        device: DeviceRef,
        command_type: str,
        payload: dict[str, Any],
        staff: str | None = None,
    ) -> CommandResult:
        self.device_seq += 1
        command = make_command(
            command_type,
            payload,
            occurred_at=self.now,
            device_seq=self.device_seq,
            staff=staff,
            command_id=self._uuid(),
        )
        result = self.ledger.apply_one(device, command)
        self.report.count(result, command_type)
        return result

    def at(self, day: dt.date, hour: int, minute: int) -> None:
        self.now = at_local(day, hour, minute)

    def run(self, students: int, days: int, today: dt.date) -> SeedReport:
        start = today - dt.timedelta(days=days)
        self.at(start, 7, 30)
        children = self._enrol(students)
        for offset in range(1, days + 1):
            day = start + dt.timedelta(days=offset)
            if day.weekday() < 5:
                self._school_day(offset, day, children)
            self._evening(day, children)
        self.report.students = len(children)
        return self.report

    def _enrol(self, students: int) -> list[DemoChild]:
        children: list[DemoChild] = []
        while len(children) < students:
            surname = self.random.choice(SURNAMES)
            guardians = [
                {
                    "name": f"{parent} {surname}",
                    "email": f"{parent.lower()}.{surname.lower()}{len(children)}@example.dk",
                }
                for parent in self.random.sample(PARENTS, self.random.choice((1, 2, 2)))
            ]
            for _ in range(min(self.random.choice((1, 1, 1, 2, 2, 3)), students - len(children))):
                children.append(self._enrol_child(surname, guardians))
        return children

    def _enrol_child(self, surname: str, guardians: list[dict[str, str]]) -> DemoChild:
        first = self.random.choice(self.random.choice((GIRLS, BOYS)))
        name = f"{first} {surname}"
        student_id = self._uuid()
        external_ref = f"E{self.random.randrange(10**7, 10**8)}"
        self.send(
            self.office,
            "student.upsert",
            {
                "student_id": student_id,
                "external_ref": external_ref,
                "name": name,
                "class_label": self.random.choice(CLASSES),
                "guardians": guardians,
            },
            staff="ole",
        )
        child = DemoChild(
            student_id, name, self._card_number(), eats_lunch=self.random.uniform(0.5, 0.95)
        )
        self.send(
            self.office,
            "card.issue",
            {"student_id": student_id, "card_number": child.card_number},
            staff="hanne",
        )
        if self.random.random() < 0.2:
            cap = self.random.choice((3000, 4000, 5000, 6000))
            self.send(self.portal, "cap.set", {"student_id": student_id, "daily_cap_ore": cap})
        self._online_deposit(child, self.random.choice((10000, 15000, 20000, 30000)))
        if self.random.random() < 0.25:
            amount = self.random.choice((10000, 15000, 20000))
            self.send(
                self.portal,
                "autotopup.create",
                {
                    "student_id": student_id,
                    "amount_ore": amount,
                    "payment_ref": f"MP-{self.random.randrange(10**6)}",
                },
            )
            child.has_auto_top_up = True
        return child

    def _card_number(self) -> str:
        return str(self.random.randrange(10**9, 10**10))

    def _online_deposit(self, child: DemoChild, amount_ore: int) -> None:
        method = self.random.choice(("card", "mobilepay", "mobilepay"))
        result = self.send(
            self.portal,
            "deposit.online",
            {
                "student_id": child.student_id,
                "amount_ore": amount_ore,
                "method": method,
                "payment_ref": f"P-{self.random.randrange(10**8)}",
            },
        )
        child.balance_ore = result.result.get("balance_ore", child.balance_ore)

    def _school_day(self, offset: int, day: dt.date, children: list[DemoChild]) -> None:
        self.at(day, 8, 5)
        for child in self.random.sample(children, max(1, len(children) // 60)):
            amount = self.random.choice((5000, 10000, 20000))
            self.now += dt.timedelta(minutes=self.random.randrange(1, 4))
            result = self.send(
                self.office,
                "deposit.cash",
                {
                    "student_id": child.student_id,
                    "amount_ore": amount,
                    "receipt_no": f"K-{self.report.commands:06d}",
                },
                staff="hanne",
            )
            child.balance_ore = result.result.get("balance_ore", child.balance_ore)
        self._lost_cards(offset, children)
        self.at(day, 11, 30)
        step = dt.timedelta(seconds=max(1, 3600 // max(1, len(children))))
        for child in children:
            self.now += step
            if self.random.random() < child.eats_lunch:
                self._buy(child, self.random.choice(LUNCH_PRICES_ORE))
            if self.random.random() < 0.15:
                self._buy(child, self.random.choice(KIOSK_PRICES_ORE))

    def _buy(self, child: DemoChild, amount_ore: int) -> None:
        result = self.send(
            self.terminal, "purchase", {"card_number": child.card_number, "amount_ore": amount_ore}
        )
        child.balance_ore = result.result.get("balance_ore", child.balance_ore)

    def _lost_cards(self, offset: int, children: list[DemoChild]) -> None:
        for child in children:
            if child.lost_card_day is not None and offset - child.lost_card_day >= 3:
                child.lost_card_day = None
                if self.random.random() < 0.3:
                    self.send(
                        self.office,
                        "card.reactivate",
                        {"card_number": child.card_number},
                        staff="hanne",
                    )
                    continue
                new_number = self._card_number()
                waive = self.random.random() < 0.3 or child.balance_ore < 3000
                result = self.send(
                    self.office,
                    "card.replace",
                    {
                        "old_card_number": child.card_number,
                        "new_card_number": new_number,
                        "fee_ore": 0 if waive else 3000,
                        "fee_waiver_reason": "Kortet var defekt" if waive else None,
                    },
                    staff="hanne",
                )
                if result.status == "applied":
                    child.card_number = new_number
                    child.balance_ore = result.result.get("balance_ore", child.balance_ore)
        for child in children:
            if child.lost_card_day is None and self.random.random() < 0.004:
                child.lost_card_day = offset
                reason = self.random.choice(("lost", "lost", "stolen", "damaged"))
                self.send(
                    self.portal, "card.block", {"card_number": child.card_number, "reason": reason}
                )

    def _evening(self, day: dt.date, children: list[DemoChild]) -> None:
        self.at(day, 19, 0)
        for child in children:
            low = child.balance_ore < 5000 and not child.has_auto_top_up
            if low and self.random.random() < 0.5:
                self.now += dt.timedelta(seconds=self.random.randrange(5, 120))
                self._online_deposit(child, self.random.choice((10000, 15000, 20000, 25000)))


def seed_demo(
    engine: Engine,
    school_id: uuid.UUID,
    *,
    students: int,
    days: int,
    seed: int,
    today: dt.date,
    progress: Callable[[str], None] | None = None,
) -> SeedReport:
    """Create ``students`` children with ``days`` days of history up to ``today``."""
    seeder = DemoSeeder(engine, school_id, seed, at_local(today - dt.timedelta(days=days), 7, 0))
    if progress:
        progress(f"Seeding {students} students and {days} days of history")
    return seeder.run(students, days, today)
