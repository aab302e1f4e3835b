"""The command protocol as the ledger engine applies it, on SQLite and PostgreSQL:
exactly-once resends (I5, I6), payload_mismatch, the role matrix, per-school sequence
numbers and the declined-purchases record.

A resend is the very same command: same id, device, device_seq, time, staff and payload.
``World.send`` numbers each call with a new device_seq, so these tests build a command once
with ``make_command`` and hand it to the engine again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, update

from models import (
    CommandRecord,
    DeclinedPurchase,
    LedgerTransaction,
    Staff,
)
from office_app.db import make_sessionmaker
from office_app.domain.catalogue import PAYLOAD_TYPES
from office_app.domain.commands import Command, CommandResult, make_command
from office_app.domain.ids import uuid7
from office_app.ledger.context import DeviceRef
from office_app.ledger.directory import add_staff, create_school
from office_app.ledger.verify import verify
from office_app.simulation.operations import NEW_PASSWORD_HASH
from tests.world import CARD, World, make_world

# --- helpers -------------------------------------------------------------------------------


def command(
    world: World,
    command_type: str,
    payload: dict[str, Any],
    *,
    staff: str | None = None,
    command_id: uuid.UUID | None = None,
    device_seq: int = 1,
    occurred_at: dt.datetime | None = None,
) -> Command:
    """A command built once, so that it can be sent again unchanged."""
    return make_command(
        command_type,
        payload,
        occurred_at=occurred_at or world.clock.now,
        device_seq=device_seq,
        staff=staff,
        command_id=command_id,
    )


def cash(world: World, student: uuid.UUID, amount_ore: int, **kwargs: Any) -> Command:
    return command(
        world,
        "deposit.cash",
        {"student_id": student, "amount_ore": amount_ore, "receipt_no": "K-000017"},
        staff=kwargs.pop("staff", "hanne"),
        **kwargs,
    )


def txns_of(world: World, command_id: uuid.UUID) -> int:
    with make_sessionmaker(world.engine)() as session:
        return int(
            session.scalar(
                select(func.count(LedgerTransaction.id)).where(
                    LedgerTransaction.command_id == command_id
                )
            )
            or 0
        )


def declined(world: World) -> list[tuple[str, int, str, uuid.UUID | None, int]]:
    with make_sessionmaker(world.engine)() as session:
        rows = session.execute(
            select(
                DeclinedPurchase.card_number,
                DeclinedPurchase.amount_ore,
                DeclinedPurchase.code,
                DeclinedPurchase.student_id,
                DeclinedPurchase.seq,
            )
            .where(DeclinedPurchase.school_id == world.school_id)
            .order_by(DeclinedPurchase.seq)
        ).all()
        return [(c, a, code, s, seq) for c, a, code, s, seq in rows]


def stored(world: World, command_id: uuid.UUID) -> CommandRecord:
    with make_sessionmaker(world.engine)() as session:
        record = session.get(CommandRecord, command_id)
        assert record is not None
        session.expunge(record)
        return record


# --- resends: exactly once, stored outcome -------------------------------------------------


def test_resent_deposit_returns_stored_result_and_applies_once(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    deposit = cash(world, student, 20000)
    first = world.ledger.apply_one(world.office, deposit)
    assert (first.status, first.code) == ("applied", "ok")
    assert first.seq is not None

    world.clock.advance(minutes=5)
    again = world.ledger.apply_one(world.office, deposit)
    assert again == first
    assert again.seq == first.seq
    assert world.balance(student) == 20000
    assert world.system_balance("cash_drawer") == -20000
    assert txns_of(world, deposit.command_id) == 1
    assert verify(ledger_engine) == []


def test_resend_after_other_changes_still_returns_original_outcome(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card()
    deposit = cash(world, student, 5000)
    first = world.ledger.apply_one(world.office, deposit)
    assert first.result["balance_ore"] == 5000
    world.buy(CARD, 1000)
    world.deposit(student, 300)
    again = world.ledger.apply_one(world.office, deposit)
    assert again == first
    assert again.result["balance_ore"] == 5000
    assert world.balance(student) == 4300
    assert verify(ledger_engine) == []


def test_resent_purchase_charges_once(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    purchase = command(world, "purchase", {"card_number": CARD, "amount_ore": 1500})
    results = [world.ledger.apply_one(world.terminal, purchase) for _ in range(3)]
    assert all(result == results[0] for result in results)
    assert results[0].code == "ok"
    assert world.balance(student) == 3500
    assert world.system_balance("canteen_revenue") == 1500
    assert txns_of(world, purchase.command_id) == 1
    assert verify(ledger_engine) == []


def test_resent_purchase_after_block_returns_stored_approval(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    purchase = command(world, "purchase", {"card_number": CARD, "amount_ore": 1500})
    first = world.ledger.apply_one(world.terminal, purchase)
    world.send(world.office, "card.block", {"card_number": CARD, "reason": "lost"}, staff="hanne")
    again = world.ledger.apply_one(world.terminal, purchase)
    assert again == first
    assert again.status == "applied"
    assert world.balance(student) == 3500
    assert declined(world) == []
    assert verify(ledger_engine) == []


def test_batch_with_repeated_command_applies_it_once(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    deposit = cash(world, student, 1000, device_seq=1)
    other = cash(world, student, 2000, device_seq=2)
    results = world.ledger.apply(world.office, [deposit, other, deposit])
    assert [r.code for r in results] == ["ok", "ok", "ok"]
    assert results[2] == results[0]
    assert results[1].seq is not None and results[0].seq is not None
    assert results[1].seq == results[0].seq + 1
    assert world.balance(student) == 3000
    assert verify(ledger_engine) == []


def test_resend_of_payout_request_reserves_once(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(30000)
    payout = command(
        world,
        "payout.request",
        {
            "student_id": student,
            "amount_ore": 10000,
            "holder_name": "Mette Nielsen",
            "reg_no": "1234",
            "account_no": "12345678",
        },
        staff="hanne",
    )
    first = world.ledger.apply_one(world.office, payout)
    again = world.ledger.apply_one(world.office, payout)
    assert again == first
    assert world.balance(student) == 20000
    assert world.system_balance("payout_clearing") == 10000
    assert verify(ledger_engine) == []


def test_resend_by_staff_since_deactivated_returns_stored_result(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    deposit = cash(world, student, 4000)
    first = world.ledger.apply_one(world.office, deposit)
    with make_sessionmaker(world.engine).begin() as session:
        session.execute(
            update(Staff)
            .where(Staff.school_id == world.school_id, Staff.username == "hanne")
            .values(active=False)
        )
    again = world.ledger.apply_one(world.office, deposit)
    assert again == first
    assert again.status == "applied"
    assert world.balance(student) == 4000


# --- payload_mismatch ----------------------------------------------------------------------


def test_same_id_with_altered_payload_is_payload_mismatch(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    command_id = uuid7()
    original = cash(world, student, 5000, command_id=command_id)
    first = world.ledger.apply_one(world.office, original)
    assert first.code == "ok"

    altered = cash(world, student, 50000, command_id=command_id)
    mismatch = world.ledger.apply_one(world.office, altered)
    assert (mismatch.status, mismatch.code) == ("rejected", "payload_mismatch")
    assert mismatch.seq is None
    assert mismatch.command_id == command_id
    assert world.balance(student) == 5000
    # The stored outcome is untouched: an identical resend still returns it.
    assert world.ledger.apply_one(world.office, original) == first
    assert stored(world, command_id).payload["amount_ore"] == 5000
    assert verify(ledger_engine) == []


def test_same_id_with_other_staff_type_or_device_is_payload_mismatch(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(1000)
    command_id = uuid7()
    first = world.ledger.apply_one(world.office, cash(world, student, 5000, command_id=command_id))
    variants: list[tuple[DeviceRef, Command]] = [
        (world.office, cash(world, student, 5000, command_id=command_id, staff="ole")),
        (
            world.portal,
            command(
                world,
                "deposit.online",
                {
                    "student_id": student,
                    "amount_ore": 5000,
                    "method": "card",
                    "payment_ref": "N-1",
                },
                command_id=command_id,
            ),
        ),
        (
            world.terminal,
            command(
                world,
                "purchase",
                {"card_number": CARD, "amount_ore": 500},
                command_id=command_id,
            ),
        ),
    ]
    for device, variant in variants:
        result = world.ledger.apply_one(device, variant)
        assert (result.status, result.code) == ("rejected", "payload_mismatch"), variant.type
    assert world.balance(student) == 6000
    assert (
        world.ledger.apply_one(world.office, cash(world, student, 5000, command_id=command_id))
        == first
    )
    assert verify(ledger_engine) == []


def test_same_id_from_another_school_is_payload_mismatch(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    other = make_world(ledger_engine)
    student = world.add_student()
    foreign = other.add_student()
    command_id = uuid7()
    assert (
        world.ledger.apply_one(world.office, cash(world, student, 5000, command_id=command_id)).code
        == "ok"
    )
    result = other.ledger.apply_one(other.office, cash(other, foreign, 5000, command_id=command_id))
    assert (result.status, result.code) == ("rejected", "payload_mismatch")
    assert other.balance(foreign) == 0
    assert world.balance(student) == 5000


# --- rejected commands are stored and replayed ----------------------------------------------


def test_rejected_purchase_is_replayed_identically(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(500)
    purchase = command(world, "purchase", {"card_number": CARD, "amount_ore": 1000})
    first = world.ledger.apply_one(world.terminal, purchase)
    assert (first.status, first.code) == ("rejected", "insufficient_funds")
    assert first.seq is not None

    world.deposit(student, 5000)  # now it would fit, but the outcome is already decided
    again = world.ledger.apply_one(world.terminal, purchase)
    assert again == first
    assert world.balance(student) == 5500
    assert txns_of(world, purchase.command_id) == 0
    record = stored(world, purchase.command_id)
    assert (record.status, record.code, record.seq) == ("rejected", "insufficient_funds", first.seq)
    assert [row[2] for row in declined(world)] == ["insufficient_funds"]
    assert verify(ledger_engine) == []


def test_rejected_deposit_is_replayed_identically(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    deposit = cash(world, student, 0)
    first = world.ledger.apply_one(world.office, deposit)
    assert (first.status, first.code) == ("rejected", "invalid_amount")
    assert world.ledger.apply_one(world.office, deposit) == first
    assert world.balance(student) == 0


def test_forbidden_command_is_stored_and_replayed(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    no_staff = cash(world, student, 5000, staff=None)
    first = world.ledger.apply_one(world.office, no_staff)
    assert (first.status, first.code) == ("rejected", "forbidden")
    assert first.seq is not None
    assert world.ledger.apply_one(world.office, no_staff) == first
    assert stored(world, no_staff.command_id).code == "forbidden"
    assert world.balance(student) == 0
    assert verify(ledger_engine) == []


# --- role matrix ---------------------------------------------------------------------------

ALL_TYPES = tuple(PAYLOAD_TYPES)
PORTAL_ALLOWED = {
    "card.block",
    "card.reactivate",
    "cap.set",
    "deposit.online",
    "autotopup.create",
    "autotopup.cancel",
    "payout.request",
}
SECRETARY_ALLOWED = {
    "card.issue",
    "card.block",
    "card.reactivate",
    "card.replace",
    "cap.set",
    "deposit.cash",
    "autotopup.cancel",
    "payout.request",
    "staff.password",
}
ADMIN_ALLOWED = SECRETARY_ALLOWED | {
    "student.upsert",
    "student.leave",
    "payout.approve",
    "payout.reject",
    "payout.send",
    "payout.settle",
    "payout.bank_reject",
    "payout.return",
    "txn.reverse",
    "reversal.approve",
    "reversal.reject",
    "balance.transfer",
}


def sample_payload(command_type: str) -> dict[str, Any]:
    """A well-formed payload naming nothing that exists, so allowed commands move no money."""
    nobody = uuid7()
    payloads: dict[str, dict[str, Any]] = {
        "student.upsert": {
            "student_id": nobody,
            "external_ref": f"R{uuid.uuid4().hex[:12]}",
            "name": "Ida Holm",
            "class_label": "2.C",
        },
        "student.leave": {"student_id": nobody},
        "card.issue": {"student_id": nobody, "card_number": "5550001"},
        "card.block": {"card_number": "5550001", "reason": "lost"},
        "card.reactivate": {"card_number": "5550001"},
        "card.replace": {
            "old_card_number": "5550001",
            "new_card_number": "5550002",
            "fee_ore": 3000,
        },
        "cap.set": {"student_id": nobody, "daily_cap_ore": 1000},
        "deposit.cash": {"student_id": nobody, "amount_ore": 1000, "receipt_no": "K-9"},
        "deposit.online": {
            "student_id": nobody,
            "amount_ore": 1000,
            "method": "card",
            "payment_ref": "N-9",
        },
        "autotopup.create": {"student_id": nobody, "amount_ore": 1000, "payment_ref": "c-9"},
        "autotopup.cancel": {"student_id": nobody},
        "purchase": {"card_number": "5550001", "amount_ore": 100},
        "payout.request": {
            "student_id": nobody,
            "amount_ore": 1000,
            "holder_name": "Mette",
            "reg_no": "1234",
            "account_no": "12345678",
        },
        "payout.approve": {"payout_id": nobody},
        "payout.reject": {"payout_id": nobody, "reason": "no"},
        "payout.send": {
            "batch_id": uuid7(),
            "payout_ids": [nobody],
            "total_ore": 100,
            "execution_date": "2026-11-25",
            "file_name": "f.xml",
        },
        "payout.settle": {"payout_id": nobody, "bank_ref": "B-9"},
        "payout.bank_reject": {"payout_id": nobody, "reason": "AC01"},
        "payout.return": {"payout_id": nobody, "reason": "AC04"},
        "txn.reverse": {"txn_id": nobody, "reason": "wrong"},
        "reversal.approve": {"reversal_id": nobody},
        "reversal.reject": {"reversal_id": nobody, "reason": "no"},
        "balance.transfer": {
            "from_student_id": nobody,
            "to_student_id": uuid7(),
            "amount_ore": 1000,
            "consent": "Mor, telefon",
        },
        "staff.password": {"password_hash": NEW_PASSWORD_HASH},
    }
    return payloads[command_type]


def forbidden_types(world: World, device: DeviceRef, staff: str | None) -> set[str]:
    found = set()
    for command_type in ALL_TYPES:
        result = world.send(device, command_type, sample_payload(command_type), staff=staff)
        if result.code == "forbidden":
            assert result.status == "rejected"
            found.add(command_type)
    return found


@pytest.mark.parametrize(
    ("sender", "staff", "allowed"),
    [
        ("terminal", None, {"purchase"}),
        ("portal", None, PORTAL_ALLOWED),
        ("office", "hanne", SECRETARY_ALLOWED),
        ("office", "ole", ADMIN_ALLOWED),
    ],
)
def test_role_matrix(
    ledger_engine: Engine, sender: str, staff: str | None, allowed: set[str]
) -> None:
    world = make_world(ledger_engine)
    device: DeviceRef = getattr(world, sender)
    assert forbidden_types(world, device, staff) == set(ALL_TYPES) - allowed
    assert verify(ledger_engine) == []


def test_terminal_may_only_purchase(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    for command_type, payload in (
        ("deposit.cash", {"student_id": student, "amount_ore": 1000, "receipt_no": "K"}),
        ("card.block", {"card_number": CARD, "reason": "lost"}),
        ("cap.set", {"student_id": student, "daily_cap_ore": 0}),
    ):
        result = world.send(world.terminal, command_type, payload)
        assert (result.status, result.code) == ("rejected", "forbidden"), command_type
    assert world.balance(student) == 5000
    assert world.card_status(CARD) == "active"
    assert world.buy(CARD, 100).code == "ok"


def test_portal_cannot_take_cash(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    result = world.send(
        world.portal,
        "deposit.cash",
        {"student_id": student, "amount_ore": 1000, "receipt_no": "K-1"},
    )
    assert (result.status, result.code) == ("rejected", "forbidden")
    assert world.balance(student) == 0
    assert world.system_balance("cash_drawer") == 0


def test_office_cannot_send_online_deposit_or_purchase(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    online = world.send(
        world.office,
        "deposit.online",
        {"student_id": student, "amount_ore": 1000, "method": "card", "payment_ref": "N"},
        staff="ole",
    )
    assert (online.status, online.code) == ("rejected", "forbidden")
    bought = world.send(
        world.office, "purchase", {"card_number": CARD, "amount_ore": 100}, staff="ole"
    )
    assert (bought.status, bought.code) == ("rejected", "forbidden")
    assert world.balance(student) == 5000


def test_office_command_without_staff_is_forbidden(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    result = world.send(
        world.office,
        "deposit.cash",
        {"student_id": student, "amount_ore": 1000, "receipt_no": "K-1"},
    )
    assert (result.status, result.code) == ("rejected", "forbidden")
    assert world.balance(student) == 0
    assert verify(ledger_engine) == []


def test_office_command_with_unknown_staff_is_forbidden(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    result = world.send(
        world.office,
        "deposit.cash",
        {"student_id": student, "amount_ore": 1000, "receipt_no": "K-1"},
        staff="mallory",
    )
    assert (result.status, result.code) == ("rejected", "forbidden")
    assert world.balance(student) == 0


def test_staff_of_another_school_is_unknown_here(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    other_school = create_school(
        ledger_engine, f"Andenskolen {uuid.uuid4().hex[:6]}", clock=world.clock
    )
    add_staff(ledger_engine, other_school, "karen", "admin", "karen-password", clock=world.clock)
    student = world.add_student()
    result = world.send(
        world.office,
        "deposit.cash",
        {"student_id": student, "amount_ore": 1000, "receipt_no": "K-1"},
        staff="karen",
    )
    assert (result.status, result.code) == ("rejected", "forbidden")
    assert world.balance(student) == 0


def test_deactivated_staff_is_forbidden(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    with make_sessionmaker(world.engine).begin() as session:
        session.execute(
            update(Staff)
            .where(Staff.school_id == world.school_id, Staff.username == "hanne")
            .values(active=False)
        )
    result = world.deposit(student, 1000)
    assert (result.status, result.code) == ("rejected", "forbidden")
    assert world.balance(student) == 0


def test_secretary_cannot_upsert_students(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student_id = uuid7()
    result = world.send(
        world.office,
        "student.upsert",
        {
            "student_id": student_id,
            "external_ref": "R-1",
            "name": "Ida Holm",
            "class_label": "2.C",
        },
        staff="hanne",
    )
    assert (result.status, result.code) == ("rejected", "forbidden")
    assert world.deposit(student_id, 1000).code == "unknown_student"


def test_portal_may_not_act_as_office_even_naming_staff(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    result = world.send(
        world.portal,
        "deposit.cash",
        {"student_id": student, "amount_ore": 1000, "receipt_no": "K-1"},
        staff="ole",
    )
    assert (result.status, result.code) == ("rejected", "forbidden")
    assert world.balance(student) == 0


# --- sequence numbers ----------------------------------------------------------------------


def test_each_new_command_takes_the_next_seq(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(1000)
    deposit = cash(world, student, 1000, device_seq=50)
    results: list[CommandResult] = [
        world.ledger.apply_one(world.office, deposit),
        world.buy(CARD, 500),
        world.buy(CARD, 99999),  # rejected: still numbered
        world.ledger.apply_one(world.office, deposit),  # replay: no new number
        world.ledger.apply_one(
            world.office, cash(world, student, 7, command_id=deposit.command_id)
        ),  # mismatch: no number
        world.deposit(student, 200),
    ]
    codes = [r.code for r in results]
    assert codes == ["ok", "ok", "insufficient_funds", "ok", "payload_mismatch", "ok"]
    seqs = [r.seq for r in results]
    assert seqs[4] is None
    first = seqs[0]
    assert first is not None
    assert seqs == [first, first + 1, first + 2, first, None, first + 3]
    assert world.balance(student) == 1700
    assert verify(ledger_engine) == []


def test_seq_is_per_school(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    other = make_world(ledger_engine)
    student = world.add_student()
    foreign = other.add_student()
    first = world.deposit(student, 100).seq
    for _ in range(3):
        assert other.deposit(foreign, 100).code == "ok"
    second = world.deposit(student, 100).seq
    assert first is not None and second == first + 1


def test_stored_command_carries_its_seq_and_outcome(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    deposit = cash(world, student, 1234)
    result = world.ledger.apply_one(world.office, deposit)
    record = stored(world, deposit.command_id)
    assert (record.status, record.code, record.seq) == ("applied", "ok", result.seq)
    assert record.staff == "hanne"
    assert record.device_id == world.office.id
    assert record.result == result.result


# --- declined purchases --------------------------------------------------------------------


def test_declined_purchases_are_recorded_with_their_reason(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(3000)
    world.send(
        world.office, "cap.set", {"student_id": student, "daily_cap_ore": 2000}, staff="hanne"
    )
    over_cap = world.buy(CARD, 2500)
    poor = world.buy(CARD, 1000)  # fits the cap
    poor_again = world.buy(CARD, 1500)  # over cap now: 1000 + 1500 > 2000
    world.send(
        world.office, "cap.set", {"student_id": student, "daily_cap_ore": None}, staff="hanne"
    )
    too_much = world.buy(CARD, 2001)
    unknown = world.buy("9999999", 100)
    world.send(world.office, "card.block", {"card_number": CARD, "reason": "lost"}, staff="hanne")
    blocked = world.buy(CARD, 100)
    world.send(
        world.office,
        "card.replace",
        {
            "old_card_number": CARD,
            "new_card_number": "2000002",
            "fee_ore": 0,
            "fee_waiver_reason": "found broken",
        },
        staff="hanne",
    )
    replaced = world.buy(CARD, 100)

    assert poor.code == "ok"
    rows = declined(world)
    assert rows == [
        (CARD, 2500, "daily_cap_exceeded", student, over_cap.seq),
        (CARD, 1500, "daily_cap_exceeded", student, poor_again.seq),
        (CARD, 2001, "insufficient_funds", student, too_much.seq),
        ("9999999", 100, "unknown_card", None, unknown.seq),
        (CARD, 100, "card_blocked", student, blocked.seq),
        (CARD, 100, "card_replaced", student, replaced.seq),
    ]
    assert world.balance(student) == 2000
    assert verify(ledger_engine) == []


def test_approved_purchases_are_not_in_declined_purchases(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.child_with_card(3000)
    assert world.buy(CARD, 1000).code == "ok"
    assert declined(world) == []
