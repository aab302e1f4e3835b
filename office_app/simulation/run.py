"""One seeded run: set up the school, play the operations with faults, settle, check.

``simulate(seed, operations, folder)`` returns a ``Report``: operations by type, faults by
kind, every invariant violation found (with the operation it was found after) and a
digest of the ledger's final state, which is the same every time the seed is replayed.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from office_app.db import make_engine, migrate
from office_app.domain.ids import reproducible_ids
from office_app.domain.localtime import LOCAL
from office_app.domain.school import SchoolSettingsInput
from office_app.ledger.directory import add_device, add_staff, create_school
from office_app.ledger.school_settings import set_school
from office_app.ledger.verify import verify
from office_app.simulation.actors import Office, Sender, SimClock
from office_app.simulation.checks import (
    ledger_problems,
    outbox_outcomes,
    replica_differences,
    state_digest,
    stored_outcomes,
)
from office_app.simulation.network import (
    CALM,
    FaultRates,
    InProcessServer,
    Network,
)
from office_app.simulation.operations import (
    WEIGHTS,
    Knowledge,
    new_student,
    payload_for,
    staff_for,
)

#: Starts just before the spring daylight-saving change, just before a local midnight
#: followed by the autumn change, and just before an ordinary local midnight.
STARTS = (
    dt.datetime(2026, 3, 29, 0, 20, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 24, 21, 55, tzinfo=dt.UTC),
    dt.datetime(2026, 11, 24, 22, 45, tzinfo=dt.UTC),
)
OFFICES = 3
TERMINALS = 5
STUDENTS = 30
SETTLE_ROUNDS = 200


@dataclass
class Report:
    seed: int
    operations: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    checks: int = 0
    digest: str = ""

    @property
    def total(self) -> int:
        return sum(self.operations.values())


class Simulation:
    def __init__(self, seed: int, folder: Path, rates: FaultRates) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.folder = folder
        self.rates = rates
        self.clock = SimClock(STARTS[seed % len(STARTS)])
        self.server_skew = 0.0
        self.report = Report(seed)
        self.knowledge = Knowledge(random.Random(seed * 31 + 7))

    # -- set-up ----------------------------------------------------------------------------

    def server_now(self) -> dt.datetime:
        return self.clock.now + dt.timedelta(seconds=self.server_skew)

    def set_up(self) -> None:
        template = self.folder / "template.db"
        engine = make_engine(str(template))
        migrate(engine)
        engine.dispose()
        self.ledger_path = self.folder / "ledger.db"
        shutil.copy(template, self.ledger_path)
        self.ledger = make_engine(str(self.ledger_path))
        self.school_id = create_school(
            self.ledger,
            "Simuleret Skole",
            clock=self.server_now,
            payout_approval_threshold_ore=20_000,
        )
        set_school(
            self.ledger,
            self.school_id,
            SchoolSettingsInput(bank_reg="3001", bank_account="0011223344", cvr="29189919"),
            clock=self.server_now,
        )
        for username, role in (("hanne", "secretary"), ("ole", "admin"), ("birgit", "admin")):
            add_staff(
                self.ledger,
                self.school_id,
                username,
                role,
                "simulation-password",
                clock=self.server_now,
            )
        network_rng = random.Random(seed_of(self.seed, "network"))
        self.network = Network(network_rng, InProcessServer(self.ledger, self.server_now), CALM)
        self.network.observers.append(self.knowledge.learn)
        self.network.observers.append(lambda result: self.report.outcomes.update([result["code"]]))
        self.offices = []
        for index in range(OFFICES):
            device = add_device(
                self.ledger, self.school_id, "office", f"office {index + 1}", clock=self.server_now
            )
            path = self.folder / f"office{index + 1}.db"
            shutil.copy(template, path)
            office = Office(
                f"office{index + 1}",
                path,
                self.school_id,
                device.device_id,
                device.token,
                self.network,
            )
            self.offices.append(office)
        device_rng = random.Random(seed_of(self.seed, "devices"))
        self.terminals = [
            Sender(
                f"terminal{index + 1}",
                add_device(
                    self.ledger,
                    self.school_id,
                    "terminal",
                    f"kantine {index + 1}",
                    clock=self.server_now,
                ).token,
                self.network,
                device_rng,
            )
            for index in range(TERMINALS)
        ]
        portal_token = add_device(
            self.ledger, self.school_id, "portal", "forældreportal", clock=self.server_now
        ).token
        self.portal = Sender("portal", portal_token, self.network, device_rng)
        self._enrol()
        self.network.rates = self.rates

    def _enrol(self) -> None:
        """The school's first children, each with a card and some money, sent without faults."""
        for each in self.offices:
            each.sync(self.clock.now, self.report.faults)
        office = self.offices[0]
        for _ in range(STUDENTS):
            payload = new_student(self.knowledge)
            office.record("student.upsert", payload, "ole", self.clock.now)
            student = payload["student_id"]
            card = self.knowledge.new_card_number()
            self.knowledge.cards.append(card)
            office.record(
                "card.issue", {"student_id": student, "card_number": card}, "hanne", self.clock.now
            )
            deposit = {"student_id": student, "amount_ore": 20_000, "receipt_no": "K-0"}
            office.record("deposit.cash", deposit, "hanne", self.clock.now)
        for each in self.offices:
            each.sync(self.clock.now, self.report.faults)

    # -- the run ---------------------------------------------------------------------------

    def run(self, operations: int, check_every: int) -> Report:
        kinds = list(WEIGHTS)
        weights = list(WEIGHTS.values())
        made = 0
        while made < operations:
            self._time_passes()
            self._maybe_fault()
            kind = self.rng.choices(kinds, weights)[0]
            if kind == "sync":
                self.rng.choice(self.offices).sync(self.clock.now, self.report.faults)
                self.network.release_held()
                continue
            self._operate(kind)
            made += 1
            self.report.operations[kind.split(":")[-1]] += 1
            if made % check_every == 0:
                self._check(made)
        self.settle()
        self._check(made, final=True)
        self.report.faults.update(self.network.faults)
        self.report.violations += self.network.violations
        self.report.digest = state_digest(self.ledger)
        return self.report

    def _operate(self, kind: str) -> None:
        now = self.clock.now
        if kind == "purchase":
            terminal = self.rng.choice(self.terminals)
            terminal.make("purchase", payload_for("purchase", self.knowledge, ""), now)
            if self.rng.random() < 0.25:
                terminal.flush()
            return
        sender, command_type = kind.split(":")
        if sender == "portal":
            self.portal.make(command_type, payload_for(command_type, self.knowledge, ""), now)
            if self.rng.random() < 0.5:
                self.portal.flush()
            return
        staff = staff_for(command_type, self.rng)
        payload = payload_for(command_type, self.knowledge, staff)
        self.rng.choice(self.offices).record(command_type, payload, staff, now)

    def _time_passes(self) -> None:
        before = self.clock.now.astimezone(LOCAL)
        seconds = self.rng.expovariate(1 / 4)
        if self.rng.random() < self.rates.night:
            seconds += self.rng.uniform(6 * 3600, 16 * 3600)
        self.clock.advance(seconds)
        after = self.clock.now.astimezone(LOCAL)
        if after.date() != before.date():
            self.report.faults["day_change"] += 1
        if after.utcoffset() != before.utcoffset():
            self.report.faults["dst_change"] += 1

    def _maybe_fault(self) -> None:
        rates = self.rates
        if self.rng.random() < rates.clock_skew:
            self.report.faults["clock_skew"] += 1
            clients: list[Any] = [*self.offices, *self.terminals, self.portal]
            victim = self.rng.choice([*clients, None])
            if victim is None:
                self.server_skew = self.rng.uniform(-120, 120)
            else:
                victim.skew_seconds = self.rng.uniform(-900, 900)
        if self.rng.random() < rates.office_crash:
            office = self.rng.choice(self.offices)
            if self.rng.random() < 0.5:
                self.network.crash_next.add(office.name)
            else:
                self.report.faults["office_crash"] += 1
                office.crash()
        if self.rng.random() < rates.server_restart:
            self.restart_server()

    def restart_server(self) -> None:
        """Stop the ledger app, drop its connections, start a new one over the same file."""
        self.report.faults["server_restart"] += 1
        self.network.server.stop()
        self.ledger.dispose()
        self.ledger = make_engine(str(self.ledger_path))
        self.network.server = InProcessServer(self.ledger, self.server_now)
        self.network.down_for = self.rng.randint(0, 10)

    # -- settling and checking -------------------------------------------------------------

    def settle(self) -> None:
        """The network heals; everyone sends what waits and pulls until nothing is left."""
        self.network.rates = CALM
        self.network.down_for = 0
        self.network.crash_next.clear()
        self.network.release_held(everything=True)
        for _ in range(SETTLE_ROUNDS):
            for sender in (*self.terminals, self.portal):
                sender.flush()
            for office in self.offices:
                office.sync(self.clock.now, self.report.faults)
            if not any(s.pending for s in (*self.terminals, self.portal)) and not any(
                office.waiting() for office in self.offices
            ):
                break
        for office in self.offices:
            office.sync(self.clock.now, self.report.faults)

    def _check(self, made: int, final: bool = False) -> None:
        self.report.checks += 1
        found = ledger_problems(self.ledger)
        if final:
            found += self._final_problems()
        self.report.violations += [f"after operation {made}: {line}" for line in found]

    def _final_problems(self) -> list[str]:
        """I5 (nothing lost, nothing doubled) and I7 (replicas equal the ledger) at rest."""
        stored = stored_outcomes(self.ledger)
        found = []
        for sender in (*self.terminals, self.portal):
            if sender.pending:
                found.append(f"I5: {sender.name} still has {len(sender.pending)} commands waiting")
            lost = [command_id for command_id in sender.made if command_id not in stored]
            found += [
                f"I5: {sender.name} command {command_id} never arrived" for command_id in lost
            ]
        for office in self.offices:
            for command_id, (state, code) in outbox_outcomes(office.engine).items():
                if stored.get(command_id) != (state, code):
                    found.append(
                        f"I5: {office.name} command {command_id} is {state}/{code} in the outbox "
                        f"but {stored.get(command_id)} at the ledger"
                    )
            found += [
                f"{office.name}: {line}"
                for line in replica_differences(self.ledger, office.engine, self.school_id)
            ]
            found += [f"{office.name}: {problem}" for problem in _replica_verify(office.engine)]
        return found

    def close(self) -> None:
        for office in self.offices:
            office.close()
        for sender in (*self.terminals, self.portal):
            sender.client.close()
        self.network.server.stop()
        self.ledger.dispose()


def _replica_verify(engine: Engine) -> list[str]:
    return [str(problem) for problem in verify(engine)]


def seed_of(seed: int, purpose: str) -> int:
    """A separate, fixed stream of randomness per purpose, derived from the run's seed."""
    return seed * 1_000_003 + sum(ord(character) for character in purpose)


def simulate(
    seed: int,
    operations: int,
    folder: Path,
    *,
    rates: FaultRates | None = None,
    check_every: int = 2000,
) -> Report:
    """Play one seeded run in ``folder`` (which must be empty) and check it."""
    simulation = Simulation(seed, folder, rates or FaultRates())
    ids = random.Random(seed_of(seed, "ids"))
    with reproducible_ids(ids.randbytes, simulation.clock.millis):
        simulation.set_up()
        try:
            return simulation.run(operations, check_every)
        finally:
            simulation.close()
