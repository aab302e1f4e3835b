"""Cards through the ledger engine: issue, block, reactivate, replace (with fee or waiver).

Each scenario runs on SQLite and PostgreSQL and checks what a secretary or a parent would:
the result code, the card's status, the balance in øre, and that the ledger still verifies.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from models import AuditEvent, Card, CardEvent, LedgerTransaction
from office_app.db import make_sessionmaker
from office_app.domain.commands import CommandResult
from office_app.domain.ids import uuid7
from office_app.ledger.verify import verify
from tests.world import CARD, World, make_world

OLD = CARD  # the card World.child_with_card issues by default
NEW = "2000002"


# --- helpers -------------------------------------------------------------------------------


def card_row(world: World, card_number: str) -> Card | None:
    with make_sessionmaker(world.engine)() as session:
        card = session.scalar(
            select(Card).where(Card.school_id == world.school_id, Card.card_number == card_number)
        )
        if card is not None:
            session.expunge(card)
        return card


def card_events(world: World, card_number: str) -> list[tuple[str, str | None]]:
    with make_sessionmaker(world.engine)() as session:
        rows = session.execute(
            select(CardEvent.event, CardEvent.reason)
            .join(Card, Card.id == CardEvent.card_id)
            .where(Card.school_id == world.school_id, Card.card_number == card_number)
            .order_by(CardEvent.id)
        ).all()
        return [(event, reason) for event, reason in rows]


def fee_transactions(world: World) -> int:
    with make_sessionmaker(world.engine)() as session:
        count = session.scalar(
            select(func.count(LedgerTransaction.id)).where(
                LedgerTransaction.school_id == world.school_id,
                LedgerTransaction.kind == "card_fee",
            )
        )
        return int(count or 0)


def replace(
    world: World,
    fee_ore: int,
    waiver: str | None = None,
    old: str = OLD,
    new: str = NEW,
    staff: str = "hanne",
) -> CommandResult:
    payload: dict[str, Any] = {
        "old_card_number": old,
        "new_card_number": new,
        "fee_ore": fee_ore,
    }
    if waiver is not None:
        payload["fee_waiver_reason"] = waiver
    return world.send(world.office, "card.replace", payload, staff=staff)


def block(world: World, card_number: str, reason: str = "lost") -> CommandResult:
    return world.send(
        world.office,
        "card.block",
        {"card_number": card_number, "reason": reason},
        staff="hanne",
    )


def reactivate(world: World, card_number: str) -> CommandResult:
    return world.send(world.office, "card.reactivate", {"card_number": card_number}, staff="hanne")


# --- issue -----------------------------------------------------------------------------------


def test_issued_card_is_active_and_buys(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    result = world.send(
        world.office, "card.issue", {"student_id": student, "card_number": OLD}, staff="hanne"
    )
    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["student_id"] == str(student)
    assert world.card_status(OLD) == "active"
    world.deposit(student, 2000)
    bought = world.buy(OLD, 1500)
    assert (bought.status, bought.code) == ("applied", "ok")
    assert world.balance(student) == 500
    assert verify(ledger_engine) == []


def test_issue_card_number_already_registered_is_duplicate(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    freja = world.child_with_card(1000)
    karl = world.add_student("Karl Hansen", "3.A")
    for number in (OLD, "100-0001", " 1000 001 "):
        result = world.send(
            world.office, "card.issue", {"student_id": karl, "card_number": number}, staff="hanne"
        )
        assert (result.status, result.code) == ("rejected", "duplicate_card"), number
    # The card still belongs to Freja: a purchase charges her wallet.
    assert world.buy(OLD, 400).code == "ok"
    assert world.balance(freja) == 600
    assert world.balance(karl) == 0
    card = card_row(world, OLD)
    assert card is not None and card.student_id == freja
    assert verify(ledger_engine) == []


def test_issue_same_card_twice_to_same_child_is_duplicate(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card()
    result = world.send(
        world.office, "card.issue", {"student_id": student, "card_number": OLD}, staff="hanne"
    )
    assert (result.status, result.code) == ("rejected", "duplicate_card")
    assert world.card_status(OLD) == "active"


def test_issue_card_for_unknown_student(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = world.send(
        world.office, "card.issue", {"student_id": uuid7(), "card_number": OLD}, staff="hanne"
    )
    assert (result.status, result.code) == ("rejected", "unknown_student")
    assert card_row(world, OLD) is None


def test_issue_card_for_student_of_another_school_is_unknown(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    other = make_world(ledger_engine)
    foreign_student = other.add_student()
    result = world.send(
        world.office,
        "card.issue",
        {"student_id": foreign_student, "card_number": OLD},
        staff="hanne",
    )
    assert (result.status, result.code) == ("rejected", "unknown_student")
    assert card_row(world, OLD) is None


# --- block and reactivate ------------------------------------------------------------------


def test_blocked_card_is_refused_with_card_blocked(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    result = block(world, OLD, "lost")
    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["status"] == "blocked"
    card = card_row(world, OLD)
    assert card is not None
    assert (card.status, card.block_reason) == ("blocked", "lost")
    declined = world.buy(OLD, 1000)
    assert (declined.status, declined.code) == ("rejected", "card_blocked")
    assert world.balance(student) == 5000
    assert verify(ledger_engine) == []


def test_blocking_an_already_blocked_card_is_applied_with_no_change(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.child_with_card(5000)
    assert block(world, OLD, "lost").code == "ok"
    again = block(world, OLD, "stolen")
    assert (again.status, again.code) == ("applied", "ok")
    assert again.result["status"] == "blocked"
    card = card_row(world, OLD)
    assert card is not None
    assert (card.status, card.block_reason) == ("blocked", "lost")
    assert card_events(world, OLD) == [("issued", None), ("blocked", "lost")]
    assert world.buy(OLD, 100).code == "card_blocked"
    assert verify(ledger_engine) == []


def test_block_from_parent_portal(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.child_with_card(5000)
    result = world.send(world.portal, "card.block", {"card_number": OLD, "reason": "stolen"})
    assert (result.status, result.code) == ("applied", "ok")
    assert world.card_status(OLD) == "blocked"
    assert world.buy(OLD, 100).code == "card_blocked"


def test_block_unknown_card(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = block(world, "9999999")
    assert (result.status, result.code) == ("rejected", "unknown_card")


def test_block_card_of_another_school_is_unknown(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    other = make_world(ledger_engine)
    foreign = other.add_student()
    other.add_card(foreign, "7777777")
    result = block(world, "7777777")
    assert (result.status, result.code) == ("rejected", "unknown_card")
    assert other.card_status("7777777") == "active"


def test_reactivated_card_buys_again(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    block(world, OLD, "lost")
    assert world.buy(OLD, 1000).code == "card_blocked"
    result = reactivate(world, OLD)
    assert (result.status, result.code) == ("applied", "ok")
    card = card_row(world, OLD)
    assert card is not None
    assert (card.status, card.block_reason) == ("active", None)
    assert world.buy(OLD, 1000).code == "ok"
    assert world.balance(student) == 4000
    assert verify(ledger_engine) == []


def test_reactivate_from_portal(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.child_with_card(5000)
    world.send(world.portal, "card.block", {"card_number": OLD, "reason": "lost"})
    result = world.send(world.portal, "card.reactivate", {"card_number": OLD})
    assert (result.status, result.code) == ("applied", "ok")
    assert world.card_status(OLD) == "active"


def test_reactivate_active_card_is_applied_with_no_change(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.child_with_card()
    result = reactivate(world, OLD)
    assert (result.status, result.code) == ("applied", "ok")
    assert world.card_status(OLD) == "active"
    assert card_events(world, OLD) == [("issued", None)]


def test_reactivate_unknown_card(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = reactivate(world, "9999999")
    assert (result.status, result.code) == ("rejected", "unknown_card")


def test_reactivate_replaced_card_is_refused(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    block(world, OLD, "lost")
    assert replace(world, 3000).code == "ok"
    result = reactivate(world, OLD)
    assert (result.status, result.code) == ("rejected", "card_replaced")
    assert world.card_status(OLD) == "replaced"
    assert world.buy(OLD, 100).code == "card_replaced"
    assert world.balance(student) == 7000
    assert verify(ledger_engine) == []


def test_blocking_a_replaced_card_changes_nothing(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.child_with_card(10000)
    assert replace(world, 3000).code == "ok"
    result = block(world, OLD, "lost")
    assert result.status == "applied"
    assert world.card_status(OLD) == "replaced"
    assert world.card_status(NEW) == "active"


# --- replace -------------------------------------------------------------------------------


def test_replace_charges_default_fee_and_balance_follows_child(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    assert world.buy(OLD, 500).code == "ok"
    block(world, OLD, "lost")
    fee_before = world.system_balance("fee_revenue")

    result = replace(world, 3000)

    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["fee_ore"] == 3000
    assert result.result["balance_ore"] == 6500
    assert result.result["student_id"] == str(student)
    assert "txn_id" in result.result
    assert world.balance(student) == 6500
    assert world.system_balance("fee_revenue") == fee_before + 3000
    assert world.card_status(OLD) == "replaced"
    assert world.card_status(NEW) == "active"
    old_card, new_card = card_row(world, OLD), card_row(world, NEW)
    assert old_card is not None and new_card is not None
    assert old_card.replaced_by_card_id == new_card.id
    assert new_card.student_id == student

    # The new card spends the balance the child already had; the old one is retired.
    assert world.buy(NEW, 6500).code == "ok"
    assert world.balance(student) == 0
    assert world.buy(OLD, 100).code == "card_replaced"
    assert verify(ledger_engine) == []


def test_replace_active_card_without_blocking_first(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    result = replace(world, 3000)
    assert result.code == "ok"
    assert world.balance(student) == 2000
    assert world.card_status(OLD) == "replaced"
    assert world.buy(OLD, 100).code == "card_replaced"
    assert world.buy(NEW, 2000).code == "ok"
    assert verify(ledger_engine) == []


def test_deposit_after_replacement_is_spendable_on_new_card(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(4000)
    replace(world, 3000)
    world.deposit(student, 2000)
    assert world.balance(student) == 3000
    assert world.buy(NEW, 3000).code == "ok"
    assert world.balance(student) == 0
    assert verify(ledger_engine) == []


def test_replace_fee_follows_school_policy(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.set_policy(replacement_fee_ore=2500)
    student = world.child_with_card(10000)
    too_much = replace(world, 3000)
    assert (too_much.status, too_much.code) == ("rejected", "invalid_amount")
    result = replace(world, 2500)
    assert (result.status, result.code) == ("applied", "ok")
    assert world.balance(student) == 7500
    assert world.system_balance("fee_revenue") == 2500
    assert verify(ledger_engine) == []


def test_replace_fee_above_policy_is_invalid_amount(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    for fee in (3001, 10000):
        result = replace(world, fee, waiver="because")
        assert (result.status, result.code) == ("rejected", "invalid_amount"), fee
    assert world.balance(student) == 10000
    assert world.card_status(OLD) == "active"
    assert card_row(world, NEW) is None
    assert world.system_balance("fee_revenue") == 0


def test_replace_negative_fee_is_invalid_amount(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    result = replace(world, -100, waiver="refund")
    assert (result.status, result.code) == ("rejected", "invalid_amount")
    assert world.balance(student) == 10000
    assert card_row(world, NEW) is None


def test_reduced_or_zero_fee_needs_a_waiver_reason(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    for fee, waiver in ((0, None), (1500, None), (0, ""), (2999, "   ")):
        result = replace(world, fee, waiver=waiver)
        assert (result.status, result.code) == ("rejected", "invalid_field"), (fee, waiver)
        assert "fee_waiver_reason" in result.message
    assert world.balance(student) == 10000
    assert world.card_status(OLD) == "active"
    assert card_row(world, NEW) is None
    assert world.buy(NEW, 100).code == "unknown_card"
    assert fee_transactions(world) == 0
    assert verify(ledger_engine) == []


def test_waived_fee_with_reason_charges_nothing(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(1000)
    result = replace(world, 0, waiver="Card broke in the reader")
    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["fee_ore"] == 0
    assert "txn_id" not in result.result
    assert world.balance(student) == 1000
    assert world.system_balance("fee_revenue") == 0
    assert fee_transactions(world) == 0
    assert world.card_status(OLD) == "replaced"
    assert world.buy(NEW, 1000).code == "ok"
    assert card_events(world, OLD)[-1] == ("replaced", "Card broke in the reader")
    assert verify(ledger_engine) == []


def test_reduced_fee_with_reason_charges_the_reduced_fee(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    result = replace(world, 1500, waiver="Sibling discount")
    assert (result.status, result.code) == ("applied", "ok")
    assert world.balance(student) == 8500
    assert world.system_balance("fee_revenue") == 1500
    assert verify(ledger_engine) == []


def test_zero_fee_policy_needs_no_waiver(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.set_policy(replacement_fee_ore=0)
    student = world.child_with_card(1000)
    result = replace(world, 0)
    assert (result.status, result.code) == ("applied", "ok")
    assert world.balance(student) == 1000
    assert fee_transactions(world) == 0
    assert verify(ledger_engine) == []


def test_replace_fee_more_than_balance_is_insufficient_funds(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(2999)
    result = replace(world, 3000)
    assert (result.status, result.code) == ("rejected", "insufficient_funds")
    assert world.balance(student) == 2999
    assert world.card_status(OLD) == "active"
    assert card_row(world, NEW) is None
    assert world.system_balance("fee_revenue") == 0
    # The desk can still waive the fee, with a reason.
    waived = replace(world, 0, waiver="Parent cannot pay today")
    assert waived.code == "ok"
    assert world.balance(student) == 2999
    assert verify(ledger_engine) == []


def test_replace_fee_equal_to_balance_empties_wallet(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(3000)
    assert replace(world, 3000).code == "ok"
    assert world.balance(student) == 0
    assert world.buy(NEW, 1).code == "insufficient_funds"
    assert verify(ledger_engine) == []


def test_replace_with_taken_card_number_is_duplicate(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    other = world.add_student("Karl Hansen", "3.A")
    world.add_card(other, NEW)
    for new in (NEW, OLD, "200-0002"):
        result = replace(world, 3000, new=new)
        assert (result.status, result.code) == ("rejected", "duplicate_card"), new
    assert world.balance(student) == 10000
    assert world.card_status(OLD) == "active"
    assert world.card_status(NEW) == "active"
    new_card = card_row(world, NEW)
    assert new_card is not None and new_card.student_id == other
    assert world.system_balance("fee_revenue") == 0
    assert verify(ledger_engine) == []


def test_replace_already_replaced_card_is_refused(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    assert replace(world, 3000).code == "ok"
    again = replace(world, 3000, new="3000003")
    assert (again.status, again.code) == ("rejected", "card_replaced")
    assert world.balance(student) == 7000
    assert card_row(world, "3000003") is None
    assert verify(ledger_engine) == []


def test_replace_unknown_card(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = replace(world, 3000, old="9999999")
    assert (result.status, result.code) == ("rejected", "unknown_card")
    assert card_row(world, NEW) is None


def test_replacement_chain_keeps_one_wallet(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    assert replace(world, 3000).code == "ok"
    assert replace(world, 3000, old=NEW, new="3000003").code == "ok"
    assert world.balance(student) == 4000
    assert world.buy(OLD, 100).code == "card_replaced"
    assert world.buy(NEW, 100).code == "card_replaced"
    assert world.buy("3000003", 4000).code == "ok"
    assert world.balance(student) == 0
    assert world.system_balance("fee_revenue") == 6000
    assert verify(ledger_engine) == []


def test_daily_cap_is_per_child_across_replacement(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(20000)
    world.send(
        world.office, "cap.set", {"student_id": student, "daily_cap_ore": 3000}, staff="hanne"
    )
    assert world.buy(OLD, 2000).code == "ok"
    assert replace(world, 3000).code == "ok"
    assert world.buy(NEW, 1500).code == "daily_cap_exceeded"
    assert world.buy(NEW, 1000).code == "ok"
    assert world.balance(student) == 20000 - 2000 - 3000 - 1000
    assert verify(ledger_engine) == []


def test_secretary_and_admin_may_replace_but_portal_may_not(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.child_with_card(10000)
    portal = world.send(
        world.portal,
        "card.replace",
        {"old_card_number": OLD, "new_card_number": NEW, "fee_ore": 3000},
    )
    assert (portal.status, portal.code) == ("rejected", "forbidden")
    assert world.card_status(OLD) == "active"
    assert replace(world, 3000, staff="ole").code == "ok"


# --- a child who leaves ------------------------------------------------------------------------


def test_a_leavers_active_cards_are_blocked_by_the_ledger_and_the_canteen_refuses_them(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    world.add_card(student, NEW)
    assert block(world, NEW, "lost").code == "ok"
    left = world.send(world.office, "student.leave", {"student_id": student}, staff="ole")
    assert (left.status, left.code) == ("applied", "ok")
    assert left.result["blocked_cards"] == [OLD]
    card = card_row(world, OLD)
    assert card is not None
    assert (card.status, card.block_reason) == ("blocked", "left")
    assert card_events(world, OLD) == [("issued", None), ("blocked", "left")]
    # The card a parent had blocked as lost keeps its own reason and gets no second event.
    lost = card_row(world, NEW)
    assert lost is not None and (lost.status, lost.block_reason) == ("blocked", "lost")
    assert card_events(world, NEW) == [("issued", None), ("blocked", "lost")]
    declined = world.buy(OLD, 1000)
    assert (declined.status, declined.code) == ("rejected", "card_blocked")
    assert world.balance(student) == 5000
    with make_sessionmaker(world.engine)() as session:
        audited = session.execute(
            select(
                AuditEvent.action, AuditEvent.staff, AuditEvent.subject, AuditEvent.details
            ).where(AuditEvent.command_id == left.command_id)
        ).one()
        event_command = session.scalar(
            select(CardEvent.command_id)
            .join(Card, Card.id == CardEvent.card_id)
            .where(
                Card.school_id == world.school_id,
                Card.card_number == OLD,
                CardEvent.event == "blocked",
            )
        )
    assert audited.action == "student.leave" and audited.staff == "ole"
    assert audited.subject == str(student)
    assert audited.details["blocked_cards"] == [OLD]
    assert event_command == left.command_id
    again = world.send(world.office, "student.leave", {"student_id": student}, staff="ole")
    assert (again.status, again.code) == ("applied", "ok")
    assert card_events(world, OLD) == [("issued", None), ("blocked", "left")]
    assert verify(ledger_engine) == []
