"""The money rules, proved against a model: a Hypothesis state machine drives the real engine.

Every step sends one command and first predicts its exact outcome from a plain-Python model
of the school. After every step the engine's state must equal the model's, and invariants
I1-I6 and I8-I10 of the design must hold. The same machine runs on a SQLite file and, when
``OFFICE_APP_TEST_POSTGRES`` names a server, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import Engine, func, select

from models import Account, DailySpend, LedgerTransaction, TopUpAgreement
from office_app.db import make_engine, make_sessionmaker, migrate
from office_app.domain.commands import Command, CommandResult, make_command
from office_app.domain.ids import uuid7
from office_app.domain.localtime import LOCAL
from office_app.ledger.context import DeviceRef
from office_app.ledger.verify import verify
from tests.conftest import create_postgres_database, postgres_base_url
from tests.world import Clock, World, make_world

POLICY_FEE = 3000
MAX_DEPOSIT = 200_000
THRESHOLD = 5000
NOT_REVERSIBLE = {
    "reversal",
    "payout_reserve",
    "payout_return",
    "payout_settle",
    "payout_bank_return",
}
STARTS = [
    dt.datetime(2026, 3, 28, 9, 0, tzinfo=dt.UTC),  # the night clocks go forward
    dt.datetime(2026, 10, 24, 9, 0, tzinfo=dt.UTC),  # the night clocks go back
    dt.datetime(2026, 11, 24, 21, 30, tzinfo=dt.UTC),  # half an hour before local midnight
]
EXAMPLES = 100
STEPS = 50

T = TypeVar("T")
_engines: dict[str, Engine] = {}


def engine_for(backend: str) -> Engine:
    """One migrated database per backend for the whole run; examples keep apart by school."""
    if backend not in _engines:
        if backend == "sqlite":
            url = str(Path(tempfile.mkdtemp(prefix="ledger-props-")) / "ledger.db")
        else:
            base_url = postgres_base_url()
            if base_url is None:
                pytest.skip("OFFICE_APP_TEST_POSTGRES not set")
            url = create_postgres_database(base_url)
        engine = make_engine(url)
        migrate(engine)
        _engines[backend] = engine
    return _engines[backend]


@dataclass
class ModelStudent:
    id: uuid.UUID
    balance: int = 0
    left: bool = False
    cap: int | None = None
    agreement: str | None = None  # "waiting" or "active"
    agreement_amount: int = 0


@dataclass
class ModelCard:
    number: str
    student: int
    status: str = "active"


@dataclass
class ModelTxn:
    id: str
    kind: str
    student: int
    wallet_delta: int


@dataclass
class ModelPayout:
    id: str
    student: int
    amount: int
    status: str
    requested_by: str | None


@dataclass
class ModelReversal:
    id: str
    txn: ModelTxn
    status: str
    requested_by: str


@dataclass
class Sent:
    device: DeviceRef
    command: Command
    result: CommandResult


@dataclass
class Model:
    students: list[ModelStudent] = field(default_factory=list)
    cards: list[ModelCard] = field(default_factory=list)
    txns: list[ModelTxn] = field(default_factory=list)
    payouts: list[ModelPayout] = field(default_factory=list)
    reversals: list[ModelReversal] = field(default_factory=list)
    spent: dict[tuple[int, dt.date], int] = field(default_factory=dict)

    def card(self, number: str) -> ModelCard | None:
        return next((card for card in self.cards if card.number == number), None)

    def current_card(self, student: int) -> ModelCard:
        return next(c for c in self.cards if c.student == student and c.status != "replaced")

    def credited(self, student: ModelStudent) -> None:
        if student.agreement == "waiting" and student.balance >= 10000:
            student.agreement = "active"


# Round amounts make the boundaries (exactly the cap, exactly 100 kr.) likely to be hit.
round_amounts = st.sampled_from([500, 1000, 2500, 5000, 10_000])
amounts = st.one_of(
    round_amounts,
    round_amounts,
    st.integers(-500, 0),
    st.integers(1, 60_000),
    st.sampled_from([MAX_DEPOSIT, MAX_DEPOSIT + 1]),
)
purchase_amounts = st.one_of(round_amounts, st.integers(1, 8000))
caps = st.one_of(st.none(), st.sampled_from([0, 1000, 2500, 5000]), st.integers(-100, 12_000))
staff_admins = st.sampled_from(["ole", "birgit"])


class LedgerMachine(RuleBasedStateMachine):
    """A school of three siblings, one card each, and every command type against it."""

    backend = "sqlite"

    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock()
        self.world: World = make_world(
            engine_for(self.backend),
            self.clock,
            quick_staff=True,
            payout_approval_threshold_ore=THRESHOLD,
        )
        self.model = Model()
        self.sent: list[Sent] = []
        self.next_card = 5_000_000

    # -- sending ---------------------------------------------------------------------------

    def send(
        self,
        device: DeviceRef,
        command_type: str,
        payload: dict[str, Any],
        expected_code: str,
        staff: str | None = None,
    ) -> CommandResult:
        command = make_command(command_type, payload, occurred_at=self.clock.now, staff=staff)
        result = self.world.ledger.apply_one(device, command)
        assert result.code == expected_code, (command_type, payload, result, self.model)
        assert result.status == ("applied" if expected_code == "ok" else "rejected")
        self.sent.append(Sent(device, command, result))
        return result

    def office(
        self, command_type: str, payload: dict[str, Any], expected: str, staff: str = "hanne"
    ) -> CommandResult:
        return self.send(self.world.office, command_type, payload, expected, staff)

    def new_card_number(self) -> str:
        self.next_card += 1
        return str(self.next_card)

    def txn(self, result: CommandResult, kind: str, student: int, wallet_delta: int) -> None:
        self.model.txns.append(ModelTxn(result.result["txn_id"], kind, student, wallet_delta))

    def card_pick(self, pick: int) -> str:
        """Mostly a card in use, sometimes a retired one or a number nobody knows."""
        if pick % 10 == 0:
            return "9999999"
        in_use = [card.number for card in self.model.cards if card.status != "replaced"]
        choices = in_use if pick % 3 else [card.number for card in self.model.cards]
        return choices[pick % len(choices)]

    # -- set-up ----------------------------------------------------------------------------

    @initialize(
        start=st.sampled_from(STARTS),
        opening=st.lists(st.sampled_from([0, 4000, 10_000, 30_000]), min_size=3, max_size=3),
    )
    def enrol(self, start: dt.datetime, opening: list[int]) -> None:
        self.clock.now = start
        self.world.set_policy(bank_reg_no="3001", bank_account_no="0011223344")
        for index, name in enumerate(("Ida Østergaard", "Åge Østergaard", "Ærø Østergaard")):
            student = ModelStudent(uuid7())
            self.office(
                "student.upsert",
                {
                    "student_id": student.id,
                    "external_ref": f"R{index}",
                    "name": name,
                    "class_label": f"{index + 3}b",
                    "guardians": [{"name": "Mor Østergaard", "email": "mor@example.dk"}],
                },
                "ok",
                staff="ole",
            )
            self.model.students.append(student)
            card = ModelCard(self.new_card_number(), index)
            self.office("card.issue", {"student_id": student.id, "card_number": card.number}, "ok")
            self.model.cards.append(card)
            if opening[index]:
                self._deposit(index, opening[index], online=True)

    # -- money in --------------------------------------------------------------------------

    def _deposit(self, student_index: int, amount: int, online: bool) -> None:
        student = self.model.students[student_index]
        expected = "ok" if 0 < amount <= MAX_DEPOSIT else "invalid_amount"
        payload: dict[str, Any] = {"student_id": student.id, "amount_ore": amount}
        if online:
            payload |= {"method": "mobilepay", "payment_ref": "MP-1"}
            result = self.send(self.world.portal, "deposit.online", payload, expected)
        else:
            result = self.office("deposit.cash", payload | {"receipt_no": "K-1"}, expected)
        if expected != "ok":
            return
        kind = "online_deposit" if online else "cash_deposit"
        if student.left:
            assert result.result["suspense"] is True
            self.txn(result, kind, student_index, 0)
            return
        student.balance += amount
        self.txn(result, kind, student_index, amount)
        self.model.credited(student)

    @rule(student=st.integers(0, 2), amount=amounts, online=st.booleans())
    def deposit(self, student: int, amount: int, online: bool) -> None:
        self._deposit(student, amount, online=online)

    @rule(
        student=st.integers(0, 2),
        amount=st.sampled_from([0, 2000, 5000, 10_000]),
        cancel=st.booleans(),
    )
    def autotopup(self, student: int, amount: int, cancel: bool) -> None:
        model = self.model.students[student]
        if cancel:
            expected = "ok" if model.agreement else "no_agreement"
            self.send(self.world.portal, "autotopup.cancel", {"student_id": model.id}, expected)
            model.agreement = None
            return
        expected = "invalid_amount" if amount <= 0 else "ok"
        if expected == "ok" and model.agreement is not None:
            expected = "agreement_exists"
        payload = {"student_id": model.id, "amount_ore": amount, "payment_ref": "KORT-1"}
        result = self.send(self.world.portal, "autotopup.create", payload, expected)
        if expected == "ok":
            model.agreement = "active" if model.balance >= 10000 else "waiting"
            model.agreement_amount = amount
            assert result.result["status"] == model.agreement

    # -- purchases and cards ---------------------------------------------------------------

    @rule(pick=st.integers(0, 1000), amount=purchase_amounts)
    def purchase(self, pick: int, amount: int) -> None:
        number = self.card_pick(pick)
        card = self.model.card(number)
        day = self.clock.now.astimezone(LOCAL).date()
        expected = "ok"
        if card is None:
            expected = "unknown_card"
        elif card.status == "blocked":
            expected = "card_blocked"
        elif card.status == "replaced":
            expected = "card_replaced"
        else:
            student = self.model.students[card.student]
            spent = self.model.spent.get((card.student, day), 0)
            if student.cap is not None and spent + amount > student.cap:
                expected = "daily_cap_exceeded"
            elif amount > student.balance:
                expected = "insufficient_funds"
        payload = {"card_number": number, "amount_ore": amount}
        result = self.send(self.world.terminal, "purchase", payload, expected)
        if expected != "ok":
            return
        assert card is not None
        student = self.model.students[card.student]
        student.balance -= amount
        self.model.spent[(card.student, day)] = (
            self.model.spent.get((card.student, day), 0) + amount
        )
        self.txn(result, "purchase", card.student, -amount)
        if student.agreement == "active" and student.balance < 5000:
            student.balance += student.agreement_amount
            self.model.txns.append(
                ModelTxn(
                    result.result["autotopup_txn_id"],
                    "autotopup",
                    card.student,
                    student.agreement_amount,
                )
            )
        else:
            assert "autotopup_txn_id" not in result.result
        assert result.result["balance_ore"] == student.balance

    @rule(pick=st.integers(0, 1000), amount=st.sampled_from([2500, 3000, 3500, 4000]))
    def lunch(self, pick: int, amount: int) -> None:
        """Lunch is most of what a terminal sends, so it gets a rule of its own."""
        self.purchase(pick, amount)

    @rule(pick=st.integers(0, 1000), reason=st.sampled_from(["lost", "stolen", "damaged"]))
    def block(self, pick: int, reason: str) -> None:
        number = self.card_pick(pick)
        card = self.model.card(number)
        via_portal = pick % 2 == 0
        expected = "unknown_card" if card is None else "ok"
        payload = {"card_number": number, "reason": reason}
        if via_portal:
            self.send(self.world.portal, "card.block", payload, expected)
        else:
            self.office("card.block", payload, expected)
        if card is not None and card.status == "active":
            card.status = "blocked"

    @rule(pick=st.integers(0, 1000))
    def reactivate(self, pick: int) -> None:
        number = self.card_pick(pick)
        card = self.model.card(number)
        expected = "ok"
        if card is None:
            expected = "unknown_card"
        elif card.status == "replaced":
            expected = "card_replaced"
        self.office("card.reactivate", {"card_number": number}, expected)
        if expected == "ok" and card is not None:
            card.status = "active"

    @rule(
        student=st.integers(0, 2),
        fee=st.sampled_from(["policy", "waived", "reduced_without_reason", "too_high"]),
        duplicate=st.booleans(),
    )
    def replace(self, student: int, fee: str, duplicate: bool) -> None:
        old = self.model.current_card(student)
        model = self.model.students[student]
        fee_ore, reason = {
            "policy": (POLICY_FEE, None),
            "waived": (0, "Defekt kort"),
            "reduced_without_reason": (1000, None),
            "too_high": (POLICY_FEE + 500, "For meget"),
        }[fee]
        new_number = self.model.cards[0].number if duplicate else self.new_card_number()
        if fee_ore > POLICY_FEE:
            expected = "invalid_amount"
        elif fee_ore < POLICY_FEE and not reason:
            expected = "invalid_field"
        elif fee_ore > model.balance:
            expected = "insufficient_funds"
        elif duplicate:
            expected = "duplicate_card"
        else:
            expected = "ok"
        payload = {
            "old_card_number": old.number,
            "new_card_number": new_number,
            "fee_ore": fee_ore,
            "fee_waiver_reason": reason,
        }
        result = self.office("card.replace", payload, expected)
        if expected != "ok":
            return
        old.status = "replaced"
        self.model.cards.append(ModelCard(new_number, student))
        if fee_ore:
            model.balance -= fee_ore
            self.txn(result, "card_fee", student, -fee_ore)

    @rule(student=st.integers(0, 2), cap=caps)
    def set_cap(self, student: int, cap: int | None) -> None:
        model = self.model.students[student]
        expected = "invalid_amount" if cap is not None and cap < 0 else "ok"
        self.send(
            self.world.portal, "cap.set", {"student_id": model.id, "daily_cap_ore": cap}, expected
        )
        if expected == "ok":
            model.cap = cap

    @precondition(lambda self: sum(s.left for s in self.model.students) == 0)
    @rule(student=st.integers(0, 2))
    def leave(self, student: int) -> None:
        model = self.model.students[student]
        self.office("student.leave", {"student_id": model.id}, "ok", staff="ole")
        model.left = True
        for card in self.model.cards:
            if card.student == student and card.status == "active":
                card.status = "blocked"  # the ledger blocks a leaver's cards

    @rule(
        student=st.integers(0, 2),
        aim=st.sampled_from(["balance_to_100_kr", "down_to_50_kr", "rest_of_cap", "whole_balance"]),
    )
    def boundary(self, student: int, aim: str) -> None:
        """Amounts that land exactly on a rule's boundary, where off-by-one errors live."""
        model = self.model.students[student]
        day = self.clock.now.astimezone(LOCAL).date()
        if aim == "balance_to_100_kr":
            if model.balance < 10_000:
                self._deposit(student, 10_000 - model.balance, online=False)
            return
        amount = model.balance - 5000 if aim == "down_to_50_kr" else model.balance
        if aim == "rest_of_cap" and model.cap is not None:
            amount = model.cap - self.model.spent.get((student, day), 0)
        if amount > 0:
            card = self.model.current_card(student)
            self.purchase(self.model.cards.index(card), amount)

    # -- payouts ---------------------------------------------------------------------------

    @rule(
        student=st.integers(0, 2),
        amount=st.one_of(round_amounts, st.integers(-10, 20_000)),
        via=st.sampled_from(["hanne", "ole", "portal"]),
        bad_bank=st.booleans(),
    )
    def payout_request(self, student: int, amount: int, via: str, bad_bank: bool) -> None:
        model = self.model.students[student]
        if amount <= 0:
            expected = "invalid_amount"
        elif bad_bank:
            expected = "invalid_bank_account"
        elif amount > model.balance:
            expected = "insufficient_funds"
        else:
            expected = "ok"
        payload = {
            "student_id": model.id,
            "amount_ore": amount,
            "holder_name": "Mor Østergaard",
            "reg_no": "12a4" if bad_bank else "1234",
            "account_no": "0012345678",
            "message": "Udbetaling",
        }
        if via == "portal":
            result = self.send(self.world.portal, "payout.request", payload, expected)
        else:
            result = self.office("payout.request", payload, expected, staff=via)
        if expected != "ok":
            return
        model.balance -= amount
        status = "approved" if amount <= THRESHOLD else "pending_approval"
        assert result.result["status"] == status
        requested_by = None if via == "portal" else via
        payout_id = result.result["payout_id"]
        self.model.payouts.append(ModelPayout(payout_id, student, amount, status, requested_by))
        self.txn(result, "payout_reserve", student, -amount)

    @precondition(lambda self: bool(self.model.payouts))
    @rule(
        pick=st.integers(0, 1000),
        action=st.sampled_from(["approve", "reject", "send", "settle", "bank_reject", "return"]),
        staff=staff_admins,
    )
    def payout_decide(self, pick: int, action: str, staff: str) -> None:
        """A payout's life: approved by a second admin, sent to the bank in a file of its own,
        paid or refused by the bank, and perhaps sent back by it after it was paid."""
        payout = _prefer(
            self.model.payouts,
            pick,
            lambda p: p.status in ("pending_approval", "approved", "sent", "settled"),
        )
        allowed_from = {
            "approve": {"pending_approval"},
            "reject": {"pending_approval", "approved"},
            "send": {"approved"},
            "settle": {"sent"},
            "bank_reject": {"sent"},
            "return": {"settled"},
        }[action]
        if payout.status not in allowed_from:
            expected = "payout_state"
        elif action == "approve" and payout.requested_by == staff:
            expected = "four_eyes_required"
        else:
            expected = "ok"
        payload: dict[str, Any] = {"payout_id": payout.id}
        if action in ("reject", "bank_reject", "return"):
            payload["reason"] = "Forkert konto"
        if action == "settle":
            payload["bank_ref"] = "BANK-1"
        if action == "send":
            payload = {
                "batch_id": uuid7(),
                "payout_ids": [payout.id],
                "total_ore": payout.amount,
                "execution_date": "2026-11-25",
                "file_name": "udbetalinger-test.xml",
            }
        result = self.office(f"payout.{action}", payload, expected, staff=staff)
        if expected != "ok":
            return
        payout.status = {
            "approve": "approved",
            "reject": "rejected",
            "send": "sent",
            "settle": "settled",
            "bank_reject": "rejected",
            "return": "returned",
        }[action]
        if action in ("reject", "bank_reject", "return"):
            student = self.model.students[payout.student]
            student.balance += payout.amount
            kind = "payout_bank_return" if action == "return" else "payout_return"
            self.txn(result, kind, payout.student, payout.amount)
            self.model.credited(student)
        if action == "settle":
            self.txn(result, "payout_settle", payout.student, 0)

    # -- reversals -------------------------------------------------------------------------

    @precondition(lambda self: bool(self.model.txns))
    @rule(pick=st.integers(0, 1000), staff=staff_admins)
    def reverse_request(self, pick: int, staff: str) -> None:
        txn = _prefer(
            self.model.txns,
            pick,
            lambda t: not any(r.txn is t and r.status != "rejected" for r in self.model.reversals),
        )
        is_open = any(r.txn is txn and r.status != "rejected" for r in self.model.reversals)
        if txn.kind in NOT_REVERSIBLE:
            expected = "not_reversible"
        elif is_open:
            expected = "already_reversed"
        else:
            expected = "ok"
        payload = {"txn_id": txn.id, "reason": "Fejlslag"}
        result = self.office("txn.reverse", payload, expected, staff=staff)
        if expected == "ok":
            reversal_id = result.result["reversal_id"]
            self.model.reversals.append(ModelReversal(reversal_id, txn, "pending_approval", staff))

    @precondition(lambda self: bool(self.model.reversals))
    @rule(pick=st.integers(0, 1000), approve=st.booleans(), staff=staff_admins)
    def reversal_decide(self, pick: int, approve: bool, staff: str) -> None:
        reversal = _prefer(self.model.reversals, pick, lambda r: r.status == "pending_approval")
        student = self.model.students[reversal.txn.student]
        if reversal.status != "pending_approval":
            expected = "reversal_state"
        elif approve and reversal.requested_by == staff:
            expected = "four_eyes_required"
        elif approve and student.balance - reversal.txn.wallet_delta < 0:
            expected = "insufficient_funds"
        else:
            expected = "ok"
        if approve:
            result = self.office(
                "reversal.approve", {"reversal_id": reversal.id}, expected, staff=staff
            )
        else:
            payload = {"reversal_id": reversal.id, "reason": "Nej"}
            result = self.office("reversal.reject", payload, expected, staff=staff)
        if expected != "ok":
            return
        if not approve:
            reversal.status = "rejected"
            return
        reversal.status = "applied"
        student.balance -= reversal.txn.wallet_delta
        self.txn(result, "reversal", reversal.txn.student, -reversal.txn.wallet_delta)
        if reversal.txn.wallet_delta < 0:
            self.model.credited(student)

    # -- the protocol ----------------------------------------------------------------------

    @rule(pick=st.integers(0, 10_000), altered=st.booleans())
    def resend(self, pick: int, altered: bool) -> None:
        earlier = self.sent[pick % len(self.sent)]
        command = earlier.command
        if altered:
            command = command.model_copy(
                update={"occurred_at": command.occurred_at + dt.timedelta(seconds=1)}
            )
        result = self.world.ledger.apply_one(earlier.device, command)
        if altered:
            assert (result.status, result.code) == ("rejected", "payload_mismatch")
        else:
            assert result == earlier.result

    @rule(
        case=st.sampled_from(
            [
                ("terminal", "deposit.cash", None),
                ("portal", "student.leave", None),
                ("office", "student.leave", "hanne"),
                ("office", "cap.set", None),
                ("office", "cap.set", "ghost"),
            ]
        )
    )
    def forbidden(self, case: tuple[str, str, str | None]) -> None:
        kind, command_type, staff = case
        device = {"terminal": self.world.terminal, "portal": self.world.portal}.get(
            kind, self.world.office
        )
        student_id = self.model.students[0].id
        payloads: dict[str, dict[str, Any]] = {
            "deposit.cash": {"student_id": student_id, "amount_ore": 100, "receipt_no": "K"},
            "student.leave": {"student_id": student_id},
            "cap.set": {"student_id": student_id, "daily_cap_ore": 0},
        }
        payload = payloads[command_type]
        self.send(device, command_type, payload, "forbidden", staff)

    @rule(hours=st.integers(0, 30), minutes=st.integers(0, 59))
    def time_passes(self, hours: int, minutes: int) -> None:
        self.clock.advance(hours=hours, minutes=minutes)

    # -- invariants ------------------------------------------------------------------------

    @invariant()
    def engine_equals_model(self) -> None:
        """I4, I5, I9: balances, transactions, daily spend and top-up agreements as modelled."""
        world = self.world
        with make_sessionmaker(world.engine)() as session:
            balances = dict(
                session.execute(
                    select(Account.student_id, Account.balance_ore).where(
                        Account.school_id == world.school_id, Account.kind == "wallet"
                    )
                ).all()
            )
            txn_count = session.scalar(
                select(func.count()).where(LedgerTransaction.school_id == world.school_id)
            )
            agreements = dict(
                session.execute(
                    select(TopUpAgreement.student_id, TopUpAgreement.status).where(
                        TopUpAgreement.school_id == world.school_id,
                        TopUpAgreement.status != "cancelled",
                    )
                ).all()
            )
            spends = session.execute(
                select(DailySpend.student_id, DailySpend.day, DailySpend.spent_ore).where(
                    DailySpend.school_id == world.school_id
                )
            ).all()
        for student in self.model.students:
            assert balances[student.id] == student.balance
            assert student.balance >= 0
            assert agreements.get(student.id) == student.agreement
        assert txn_count == len(self.model.txns)
        ids = {student.id: index for index, student in enumerate(self.model.students)}
        assert {(ids[s], day): spent for s, day, spent in spends} == self.model.spent

    @invariant()
    def ledger_invariants_hold(self) -> None:
        """I1, I2, I3, I10, I11 as the verify command checks them, for this school."""
        if self.sent:
            assert verify(self.world.engine, self.world.school_id) == []


def _prefer(items: list[T], pick: int, eligible: Callable[[T], bool]) -> T:
    """Mostly an item the next step can act on, sometimes any (to provoke refusals)."""
    candidates = [item for item in items if eligible(item)]
    if candidates and pick % 4:
        return candidates[pick % len(candidates)]
    return items[pick % len(items)]


def _settings() -> settings:
    return settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


class PostgresLedgerMachine(LedgerMachine):
    backend = "postgres"


TestLedgerOnSQLite = LedgerMachine.TestCase
TestLedgerOnSQLite.settings = _settings()


TestLedgerOnPostgres = pytest.mark.postgres(PostgresLedgerMachine.TestCase)
TestLedgerOnPostgres.settings = _settings()
