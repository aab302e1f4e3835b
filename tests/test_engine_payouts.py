"""Money going out and corrections, through the ledger engine on SQLite and PostgreSQL:
payouts (reserve, four-eyes approval, reject, settle) and reversals (requested, then
approved by a second staff member).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import Engine

from models import LedgerTransaction, Payout, Reversal
from office_app.db import make_sessionmaker
from office_app.domain.commands import CommandResult
from office_app.domain.ids import uuid7
from office_app.ledger.verify import verify
from tests.world import CARD, World, make_world

# --- helpers -------------------------------------------------------------------------------


def request(
    world: World,
    student: uuid.UUID,
    amount_ore: int,
    *,
    staff: str | None = "hanne",
    reg_no: str = "1234",
    account_no: str = "0012345678",
) -> CommandResult:
    payload = {
        "student_id": student,
        "amount_ore": amount_ore,
        "holder_name": "Mette Nielsen",
        "reg_no": reg_no,
        "account_no": account_no,
        "message": "Freja skifter skole",
    }
    if staff is None:
        return world.send(world.portal, "payout.request", payload)
    return world.send(world.office, "payout.request", payload, staff=staff)


def decide(world: World, command_type: str, payout_id: str, staff: str) -> CommandResult:
    payload: dict[str, Any] = {"payout_id": payout_id}
    if command_type == "payout.reject":
        payload["reason"] = "Wrong account"
    if command_type == "payout.settle":
        payload["bank_ref"] = "BANK-42"
    return world.send(world.office, command_type, payload, staff=staff)


def send_to_bank(world: World, *payout_ids: str, staff: str = "ole") -> CommandResult:
    """Put approved payouts in a bank file, from the school's own account."""
    world.set_policy(bank_reg_no="3001", bank_account_no="0011223344")
    with make_sessionmaker(world.engine)() as session:
        total = sum(
            payout.amount_ore
            for payout_id in payout_ids
            if (payout := session.get(Payout, uuid.UUID(payout_id))) is not None
        )
    return world.send(
        world.office,
        "payout.send",
        {
            "batch_id": uuid7(),
            "payout_ids": list(payout_ids),
            "total_ore": total,
            "execution_date": "2026-11-25",
            "file_name": "udbetalinger-test.xml",
        },
        staff=staff,
    )


def payout_status(world: World, payout_id: str) -> str:
    with make_sessionmaker(world.engine)() as session:
        payout = session.get(Payout, uuid.UUID(payout_id))
        assert payout is not None
        return payout.status


def reverse(world: World, txn_id: str, staff: str = "ole", reason: str = "Wrong") -> CommandResult:
    return world.send(
        world.office, "txn.reverse", {"txn_id": txn_id, "reason": reason}, staff=staff
    )


def approve_reversal(world: World, reversal_id: str, staff: str) -> CommandResult:
    return world.send(world.office, "reversal.approve", {"reversal_id": reversal_id}, staff=staff)


def reversal_row(world: World, reversal_id: str) -> Reversal:
    with make_sessionmaker(world.engine)() as session:
        reversal = session.get(Reversal, uuid.UUID(reversal_id))
        assert reversal is not None
        session.expunge(reversal)
        return reversal


def txn_row(world: World, txn_id: str) -> LedgerTransaction:
    with make_sessionmaker(world.engine)() as session:
        txn = session.get(LedgerTransaction, uuid.UUID(txn_id))
        assert txn is not None
        session.expunge(txn)
        return txn


# --- payouts -------------------------------------------------------------------------------


def test_small_payout_is_approved_at_once_and_reserves_money(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(30000)
    result = request(world, student, 20000)
    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["status"] == "approved"
    assert result.result["balance_ore"] == 10000
    assert world.balance(student) == 10000
    assert world.system_balance("payout_clearing") == 20000
    payout_id = result.result["payout_id"]
    assert payout_status(world, payout_id) == "approved"
    # The reserved money cannot be spent in the canteen.
    assert world.buy(CARD, 10001).code == "insufficient_funds"
    early = decide(world, "payout.settle", payout_id, "ole")
    assert (early.status, early.code) == ("rejected", "payout_state"), "not in a bank file yet"
    assert send_to_bank(world, payout_id).code == "ok"
    settled = decide(world, "payout.settle", payout_id, "ole")
    assert (settled.status, settled.code) == ("applied", "ok")
    assert payout_status(world, payout_id) == "settled"
    assert world.balance(student) == 10000
    assert world.system_balance("payout_clearing") == 0
    assert world.system_balance("bank") == 20000
    assert verify(ledger_engine) == []


def test_payout_at_threshold_is_approved_above_is_pending(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(150000)
    at = request(world, student, 50000)
    assert at.result["status"] == "approved"
    above = request(world, student, 50001)
    assert (above.status, above.code) == ("applied", "ok")
    assert above.result["status"] == "pending_approval"
    assert payout_status(world, above.result["payout_id"]) == "pending_approval"
    # A pending payout already holds its money back.
    assert world.balance(student) == 150000 - 50000 - 50001
    assert world.system_balance("payout_clearing") == 100001
    assert verify(ledger_engine) == []


def test_threshold_follows_school_policy(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.set_policy(payout_approval_threshold_ore=10000)
    student = world.child_with_card(50000)
    assert request(world, student, 10000).result["status"] == "approved"
    assert request(world, student, 10001).result["status"] == "pending_approval"


def test_large_payout_needs_a_second_admin(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(80000)
    result = request(world, student, 60000, staff="ole")
    payout_id = result.result["payout_id"]
    assert result.result["status"] == "pending_approval"
    assert world.balance(student) == 20000

    same = decide(world, "payout.approve", payout_id, "ole")
    assert (same.status, same.code) == ("rejected", "four_eyes_required")
    assert payout_status(world, payout_id) == "pending_approval"
    early = decide(world, "payout.settle", payout_id, "birgit")
    assert (early.status, early.code) == ("rejected", "payout_state")
    assert world.system_balance("bank") == 0

    approved = decide(world, "payout.approve", payout_id, "birgit")
    assert (approved.status, approved.code) == ("applied", "ok")
    assert payout_status(world, payout_id) == "approved"
    again = decide(world, "payout.approve", payout_id, "birgit")
    assert (again.status, again.code) == ("rejected", "payout_state")

    assert send_to_bank(world, payout_id).status == "applied"
    assert payout_status(world, payout_id) == "sent"
    late = decide(world, "payout.reject", payout_id, "birgit")
    assert (late.status, late.code) == ("rejected", "payout_state"), "the bank has it now"
    settled = decide(world, "payout.settle", payout_id, "ole")
    assert (settled.status, settled.code) == ("applied", "ok")
    assert payout_status(world, payout_id) == "settled"
    assert world.system_balance("bank") == 60000
    assert world.system_balance("payout_clearing") == 0
    assert world.balance(student) == 20000
    twice = decide(world, "payout.settle", payout_id, "ole")
    assert (twice.status, twice.code) == ("rejected", "payout_state")
    assert world.system_balance("bank") == 60000
    assert verify(ledger_engine) == []


def test_secretary_may_request_but_not_approve(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(80000)
    result = request(world, student, 60000, staff="hanne")
    assert (result.status, result.code) == ("applied", "ok")
    payout_id = result.result["payout_id"]
    for command_type in ("payout.approve", "payout.reject", "payout.settle"):
        denied = decide(world, command_type, payout_id, "hanne")
        assert (denied.status, denied.code) == ("rejected", "forbidden"), command_type
    assert payout_status(world, payout_id) == "pending_approval"
    assert decide(world, "payout.approve", payout_id, "ole").code == "ok"
    assert payout_status(world, payout_id) == "approved"
    assert verify(ledger_engine) == []


def test_portal_payout_request(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(80000)
    small = request(world, student, 5000, staff=None)
    assert (small.status, small.result["status"]) == ("applied", "approved")
    large = request(world, student, 60000, staff=None)
    assert large.result["status"] == "pending_approval"
    assert world.balance(student) == 15000
    portal_approve = world.send(
        world.portal, "payout.approve", {"payout_id": large.result["payout_id"]}
    )
    assert (portal_approve.status, portal_approve.code) == ("rejected", "forbidden")
    assert decide(world, "payout.approve", large.result["payout_id"], "ole").code == "ok"
    assert verify(ledger_engine) == []


def test_rejected_pending_payout_returns_money(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(80000)
    payout_id = request(world, student, 60000).result["payout_id"]
    assert world.balance(student) == 20000
    rejected = decide(world, "payout.reject", payout_id, "ole")
    assert (rejected.status, rejected.code) == ("applied", "ok")
    assert rejected.result["balance_ore"] == 80000
    assert world.balance(student) == 80000
    assert payout_status(world, payout_id) == "rejected"
    assert world.system_balance("payout_clearing") == 0
    for command_type in ("payout.approve", "payout.settle", "payout.reject"):
        late = decide(world, command_type, payout_id, "birgit")
        assert (late.status, late.code) == ("rejected", "payout_state"), command_type
    assert world.balance(student) == 80000
    assert world.buy(CARD, 80000).code == "ok"
    assert verify(ledger_engine) == []


def test_rejected_approved_payout_returns_money(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(30000)
    payout_id = request(world, student, 20000).result["payout_id"]
    assert payout_status(world, payout_id) == "approved"
    assert decide(world, "payout.reject", payout_id, "ole").code == "ok"
    assert world.balance(student) == 30000
    assert world.system_balance("payout_clearing") == 0
    assert world.system_balance("bank") == 0
    assert verify(ledger_engine) == []


def test_settled_payout_cannot_be_rejected(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(30000)
    payout_id = request(world, student, 20000).result["payout_id"]
    send_to_bank(world, payout_id)
    decide(world, "payout.settle", payout_id, "ole")
    late = decide(world, "payout.reject", payout_id, "birgit")
    assert (late.status, late.code) == ("rejected", "payout_state")
    assert world.balance(student) == 10000
    assert world.system_balance("bank") == 20000
    assert verify(ledger_engine) == []


def test_payout_more_than_balance_is_insufficient_funds(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(30000)
    too_much = request(world, student, 30001)
    assert (too_much.status, too_much.code) == ("rejected", "insufficient_funds")
    assert world.balance(student) == 30000
    assert request(world, student, 20000).code == "ok"
    # The first payout's reservation counts: only 100 kr are left.
    second = request(world, student, 10001)
    assert (second.status, second.code) == ("rejected", "insufficient_funds")
    whole = request(world, student, 10000)
    assert whole.code == "ok"
    assert world.balance(student) == 0
    assert world.system_balance("payout_clearing") == 30000
    assert verify(ledger_engine) == []


@pytest.mark.parametrize(
    ("reg_no", "account_no"),
    [
        ("123", "12345678"),
        ("12345", "12345678"),
        ("12a4", "12345678"),
        ("", "12345678"),
        ("1234", "12345678901"),
        ("1234", "1234x678"),
        ("1234", ""),
    ],
)
def test_bad_bank_account_is_refused(ledger_engine: Engine, reg_no: str, account_no: str) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(30000)
    result = request(world, student, 10000, reg_no=reg_no, account_no=account_no)
    assert (result.status, result.code) == ("rejected", "invalid_bank_account")
    assert world.balance(student) == 30000
    assert world.system_balance("payout_clearing") == 0


def test_bank_account_with_spaces_and_ten_digits_is_accepted(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(30000)
    result = request(world, student, 10000, reg_no="12 34", account_no="123-456-7890")
    assert (result.status, result.code) == ("applied", "ok")
    with make_sessionmaker(world.engine)() as session:
        payout = session.get(Payout, uuid.UUID(result.result["payout_id"]))
        assert payout is not None
        assert (payout.reg_no, payout.account_no) == ("1234", "1234567890")


@pytest.mark.parametrize("amount", [0, -500])
def test_payout_amount_must_be_positive(ledger_engine: Engine, amount: int) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(30000)
    result = request(world, student, amount)
    assert (result.status, result.code) == ("rejected", "invalid_amount")
    assert world.balance(student) == 30000


def test_payout_for_leaver_refunds_remaining_balance(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(12345)
    world.send(world.office, "student.leave", {"student_id": student}, staff="ole")
    result = request(world, student, 12345)
    assert (result.status, result.code) == ("applied", "ok")
    assert world.balance(student) == 0
    assert send_to_bank(world, result.result["payout_id"]).code == "ok"
    assert decide(world, "payout.settle", result.result["payout_id"], "ole").code == "ok"
    assert world.system_balance("bank") == 12345
    assert verify(ledger_engine) == []


def test_unknown_payout(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = decide(world, "payout.approve", str(uuid7()), "ole")
    assert (result.status, result.code) == ("rejected", "unknown_payout")


def test_payout_of_another_school_is_unknown(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    other = make_world(ledger_engine)
    foreign = other.child_with_card(80000)
    payout_id = request(other, foreign, 60000).result["payout_id"]
    for command_type in ("payout.approve", "payout.reject", "payout.settle"):
        result = decide(world, command_type, payout_id, "ole")
        assert (result.status, result.code) == ("rejected", "unknown_payout"), command_type
    assert payout_status(other, payout_id) == "pending_approval"
    assert other.balance(foreign) == 20000


def test_payout_for_unknown_student(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = request(world, uuid7(), 1000)
    assert (result.status, result.code) == ("rejected", "unknown_student")


# --- reversals -----------------------------------------------------------------------------


def test_reversed_purchase_refunds_the_wallet_after_second_approval(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    bought = world.buy(CARD, 1200)
    txn_id = bought.result["txn_id"]

    requested = reverse(world, txn_id, staff="ole", reason="Charged twice")
    assert (requested.status, requested.code) == ("applied", "ok")
    assert requested.result["status"] == "pending_approval"
    reversal_id = requested.result["reversal_id"]
    assert world.balance(student) == 3800  # nothing moves until approved

    same = approve_reversal(world, reversal_id, "ole")
    assert (same.status, same.code) == ("rejected", "four_eyes_required")
    assert world.balance(student) == 3800
    assert reversal_row(world, reversal_id).status == "pending_approval"

    approved = approve_reversal(world, reversal_id, "birgit")
    assert (approved.status, approved.code) == ("applied", "ok")
    assert world.balance(student) == 5000
    assert world.system_balance("canteen_revenue") == 0
    reversal = reversal_row(world, reversal_id)
    assert (reversal.status, reversal.decided_by) == ("applied", "birgit")
    assert reversal.reversal_txn_id is not None
    mirror = txn_row(world, str(reversal.reversal_txn_id))
    assert (mirror.kind, mirror.reverses_txn_id) == ("reversal", uuid.UUID(txn_id))
    assert verify(ledger_engine) == []


def test_reversing_twice_is_already_reversed(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    txn_id = world.buy(CARD, 1200).result["txn_id"]
    reversal_id = reverse(world, txn_id).result["reversal_id"]
    pending_again = reverse(world, txn_id, staff="birgit")
    assert (pending_again.status, pending_again.code) == ("rejected", "already_reversed")
    approve_reversal(world, reversal_id, "birgit")
    applied_again = reverse(world, txn_id, staff="birgit")
    assert (applied_again.status, applied_again.code) == ("rejected", "already_reversed")
    assert world.balance(student) == 5000
    assert verify(ledger_engine) == []


def test_approving_an_applied_reversal_again_moves_nothing(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    txn_id = world.buy(CARD, 1200).result["txn_id"]
    reversal_id = reverse(world, txn_id).result["reversal_id"]
    assert approve_reversal(world, reversal_id, "birgit").code == "ok"
    again = approve_reversal(world, reversal_id, "birgit")
    assert again.status == "rejected"
    assert world.balance(student) == 5000
    assert verify(ledger_engine) == []


def test_reversal_txn_is_not_reversible(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    txn_id = world.buy(CARD, 1200).result["txn_id"]
    reversal_id = reverse(world, txn_id).result["reversal_id"]
    approved = approve_reversal(world, reversal_id, "birgit")
    mirror_id = approved.result["txn_id"]
    result = reverse(world, mirror_id, staff="birgit")
    assert (result.status, result.code) == ("rejected", "not_reversible")
    assert world.balance(student) == 5000
    assert verify(ledger_engine) == []


def test_payout_transactions_are_not_reversible(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(50000)
    reserve = request(world, student, 20000)
    send_to_bank(world, reserve.result["payout_id"])
    settle = decide(world, "payout.settle", reserve.result["payout_id"], "ole")
    second = request(world, student, 10000)
    returned = decide(world, "payout.reject", second.result["payout_id"], "ole")
    third = request(world, student, 5000)
    send_to_bank(world, third.result["payout_id"])
    decide(world, "payout.settle", third.result["payout_id"], "ole")
    bank_return = world.send(
        world.office,
        "payout.return",
        {"payout_id": third.result["payout_id"], "reason": "Lukket konto"},
        staff="ole",
    )
    for txn_id in (
        reserve.result["txn_id"],
        settle.result["txn_id"],
        returned.result["txn_id"],
        bank_return.result["txn_id"],
    ):
        result = reverse(world, txn_id)
        assert (result.status, result.code) == ("rejected", "not_reversible")
    assert world.balance(student) == 30000
    assert world.system_balance("bank") == 20000
    assert verify(ledger_engine) == []


def test_unknown_txn(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = reverse(world, str(uuid7()))
    assert (result.status, result.code) == ("rejected", "unknown_txn")


def test_txn_of_another_school_is_unknown(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    other = make_world(ledger_engine)
    foreign = other.child_with_card(5000)
    txn_id = other.buy(CARD, 1000).result["txn_id"]
    result = reverse(world, txn_id)
    assert (result.status, result.code) == ("rejected", "unknown_txn")
    assert other.balance(foreign) == 4000


def test_reversing_spent_deposit_is_insufficient_funds_on_approve(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card()
    deposit = world.deposit(student, 5000)
    assert world.buy(CARD, 3000).code == "ok"
    reversal_id = reverse(world, deposit.result["txn_id"], reason="Wrong child").result[
        "reversal_id"
    ]
    refused = approve_reversal(world, reversal_id, "birgit")
    assert (refused.status, refused.code) == ("rejected", "insufficient_funds")
    assert world.balance(student) == 2000
    assert world.system_balance("cash_drawer") == -5000
    assert reversal_row(world, reversal_id).status == "pending_approval"
    # Once the money is back, the same reversal can be approved.
    world.deposit(student, 3000)
    assert approve_reversal(world, reversal_id, "birgit").code == "ok"
    assert world.balance(student) == 0
    assert world.system_balance("cash_drawer") == -3000
    assert verify(ledger_engine) == []


def test_reversing_unspent_deposit_takes_the_money_back(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(1000)
    deposit = world.deposit(student, 5000)
    reversal_id = reverse(world, deposit.result["txn_id"]).result["reversal_id"]
    assert approve_reversal(world, reversal_id, "birgit").code == "ok"
    assert world.balance(student) == 1000
    assert world.system_balance("cash_drawer") == -1000
    assert verify(ledger_engine) == []


def test_reversing_replacement_fee_refunds_it(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    replaced = world.send(
        world.office,
        "card.replace",
        {"old_card_number": CARD, "new_card_number": "2000002", "fee_ore": 3000},
        staff="hanne",
    )
    assert world.balance(student) == 2000
    reversal_id = reverse(world, replaced.result["txn_id"]).result["reversal_id"]
    assert approve_reversal(world, reversal_id, "birgit").code == "ok"
    assert world.balance(student) == 5000
    assert world.system_balance("fee_revenue") == 0
    assert verify(ledger_engine) == []


def test_rejected_reversal_moves_nothing_and_can_be_requested_again(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    txn_id = world.buy(CARD, 1200).result["txn_id"]
    reversal_id = reverse(world, txn_id).result["reversal_id"]
    rejected = world.send(
        world.office,
        "reversal.reject",
        {"reversal_id": reversal_id, "reason": "The purchase was right"},
        staff="birgit",
    )
    assert (rejected.status, rejected.code) == ("applied", "ok")
    assert reversal_row(world, reversal_id).status == "rejected"
    assert world.balance(student) == 3800
    late = approve_reversal(world, reversal_id, "birgit")
    assert late.status == "rejected"
    assert world.balance(student) == 3800
    again = reverse(world, txn_id, staff="birgit")
    assert (again.status, again.code) == ("applied", "ok")
    assert approve_reversal(world, again.result["reversal_id"], "ole").code == "ok"
    assert world.balance(student) == 5000
    assert verify(ledger_engine) == []


def test_secretary_may_not_reverse_or_approve(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    txn_id = world.buy(CARD, 1200).result["txn_id"]
    denied = reverse(world, txn_id, staff="hanne")
    assert (denied.status, denied.code) == ("rejected", "forbidden")
    reversal_id = reverse(world, txn_id, staff="ole").result["reversal_id"]
    not_hers = approve_reversal(world, reversal_id, "hanne")
    assert (not_hers.status, not_hers.code) == ("rejected", "forbidden")
    assert world.balance(student) == 3800
    assert verify(ledger_engine) == []


def test_reversal_needs_a_reason(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.child_with_card(5000)
    txn_id = world.buy(CARD, 1200).result["txn_id"]
    result = reverse(world, txn_id, reason="   ")
    assert (result.status, result.code) == ("rejected", "invalid_field")


def test_unknown_reversal(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = approve_reversal(world, str(uuid7()), "birgit")
    assert (result.status, result.code) == ("rejected", "unknown_reversal")


def test_payout_returned_to_exactly_100_kr_activates_waiting_top_up(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    payout_id = request(world, student, 6000).result["payout_id"]
    assert world.balance(student) == 4000
    created = world.send(
        world.portal,
        "autotopup.create",
        {"student_id": student, "amount_ore": 5000, "payment_ref": "card-4571"},
    )
    assert created.result["status"] == "waiting"
    assert decide(world, "payout.reject", payout_id, "ole").code == "ok"
    assert world.balance(student) == 10000
    fired = world.buy(CARD, 5001)
    assert "autotopup_txn_id" in fired.result
    assert world.balance(student) == 4999 + 5000
    assert verify(ledger_engine) == []


def test_reversal_back_to_exactly_100_kr_activates_waiting_top_up(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    txn_id = world.buy(CARD, 6000).result["txn_id"]
    created = world.send(
        world.portal,
        "autotopup.create",
        {"student_id": student, "amount_ore": 5000, "payment_ref": "card-4571"},
    )
    assert created.result["status"] == "waiting"
    reversal_id = reverse(world, txn_id).result["reversal_id"]
    assert approve_reversal(world, reversal_id, "birgit").code == "ok"
    assert world.balance(student) == 10000
    fired = world.buy(CARD, 5001)
    assert "autotopup_txn_id" in fired.result
    assert world.balance(student) == 4999 + 5000
    assert verify(ledger_engine) == []


# --- payouts and the bank --------------------------------------------------------------------


def test_a_bank_file_is_all_or_nothing_and_needs_the_schools_account(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    first = request(world, world.child_with_card(30000), 20000).result["payout_id"]
    second = request(world, world.child_with_card(30000, "1000002"), 15000).result["payout_id"]
    waiting = request(world, world.child_with_card(90000, "1000003"), 60000).result["payout_id"]
    assert payout_status(world, waiting) == "pending_approval"

    def send(*payout_ids: str, total_ore: int, execution_date: str = "2026-11-25") -> CommandResult:
        return world.send(
            world.office,
            "payout.send",
            {
                "batch_id": uuid7(),
                "payout_ids": list(payout_ids),
                "total_ore": total_ore,
                "execution_date": execution_date,
                "file_name": "udbetalinger-1.xml",
            },
            staff="ole",
        )

    no_account = send(first, second, total_ore=35000)
    assert (no_account.status, no_account.code) == ("rejected", "no_school_account")
    world.set_policy(bank_reg_no="3001", bank_account_no="0011223344")
    wrong_sum = send(first, second, total_ore=35001)
    assert (wrong_sum.status, wrong_sum.code) == ("rejected", "invalid_amount")
    holiday = send(first, second, total_ore=35000, execution_date="2026-12-24")
    assert (holiday.status, holiday.code) == ("rejected", "invalid_field")
    assert "not a Danish bank day" in holiday.message
    with_waiting = send(first, waiting, total_ore=80000)
    assert (with_waiting.status, with_waiting.code) == ("rejected", "payout_state")
    assert payout_status(world, first) == "approved", "a refused file changes nothing"
    secretary = world.send(
        world.office,
        "payout.send",
        {
            "batch_id": uuid7(),
            "payout_ids": [first],
            "total_ore": 20000,
            "execution_date": "2026-11-25",
            "file_name": "x.xml",
        },
        staff="hanne",
    )
    assert secretary.code == "forbidden"

    sent = send(first, second, total_ore=35000)
    assert (sent.status, sent.code) == ("applied", "ok"), sent
    assert {payout_status(world, first), payout_status(world, second)} == {"sent"}
    again = send(first, total_ore=20000)
    assert (again.status, again.code) == ("rejected", "payout_state"), "never in two files"
    assert world.system_balance("payout_clearing") == 35000 + 60000, "sent is not paid"
    assert world.system_balance("bank") == 0
    assert verify(ledger_engine) == []


def test_the_bank_rejects_one_payout_and_returns_another_after_paying_it(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    rejected_child = world.child_with_card(30000)
    paid_child = world.child_with_card(30000, "1000002")
    refused = request(world, rejected_child, 20000).result["payout_id"]
    paid = request(world, paid_child, 25000).result["payout_id"]
    assert send_to_bank(world, refused, paid).code == "ok"

    bank_reject = world.send(
        world.office,
        "payout.bank_reject",
        {"payout_id": refused, "reason": "AC01 Kontonummeret findes ikke", "bank_ref": "S-1"},
        staff="ole",
    )
    assert (bank_reject.status, bank_reject.code) == ("applied", "ok")
    assert world.balance(rejected_child) == 30000
    assert payout_status(world, refused) == "rejected"
    early_return = world.send(
        world.office, "payout.return", {"payout_id": paid, "reason": "Lukket"}, staff="ole"
    )
    assert (early_return.status, early_return.code) == ("rejected", "payout_state")

    assert decide(world, "payout.settle", paid, "ole").code == "ok"
    assert world.system_balance("bank") == 25000
    assert world.balance(paid_child) == 5000
    returned = world.send(
        world.office,
        "payout.return",
        {"payout_id": paid, "reason": "AC04 Kontoen er lukket", "bank_ref": "R-9"},
        staff="birgit",
    )
    assert (returned.status, returned.code) == ("applied", "ok"), returned
    assert world.balance(paid_child) == 30000
    assert world.system_balance("bank") == 0
    assert payout_status(world, paid) == "returned"
    returned_txn = txn_row(world, returned.result["txn_id"])
    assert returned_txn.kind == "payout_bank_return"
    assert returned_txn.text == "Payout returned by the bank: AC04 Kontoen er lukket"
    twice = world.send(
        world.office, "payout.return", {"payout_id": paid, "reason": "igen"}, staff="ole"
    )
    assert (twice.status, twice.code) == ("rejected", "payout_state")
    with make_sessionmaker(world.engine)() as session:
        row = session.get(Payout, uuid.UUID(paid))
        assert row is not None
        assert (row.return_reason, row.bank_ref) == ("AC04 Kontoen er lukket", "R-9")
    assert verify(ledger_engine) == []


@pytest.mark.parametrize(("reg_no", "account_no"), [("0000", "1"), ("1234", "0000000000")])
def test_zero_bank_numbers_are_refused(ledger_engine: Engine, reg_no: str, account_no: str) -> None:
    world = make_world(ledger_engine)
    result = request(
        world, world.child_with_card(30000), 1000, reg_no=reg_no, account_no=account_no
    )
    assert (result.status, result.code) == ("rejected", "invalid_bank_account")
    assert "cannot be zero" in result.message
