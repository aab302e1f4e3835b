"""Money in and out of wallets through the ledger engine: the daily cap, deposits and
automatic top-up, on SQLite and PostgreSQL.

The daily cap counts by the Europe/Copenhagen calendar day, so the scenarios set the clock
around local midnight, including the two daylight-saving changes of 2026:
- 2026-03-29 01:00 UTC clocks go 02:00 CET -> 03:00 CEST (local midnight moves from 23:00 UTC
  to 22:00 UTC);
- 2026-10-25 01:00 UTC clocks go 03:00 CEST -> 02:00 CET (local midnight moves back from
  22:00 UTC to 23:00 UTC; the 25th lasts 25 hours).
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import Engine, select

from models import DailySpend, TopUpAgreement
from office_app.db import make_sessionmaker
from office_app.domain.commands import CommandResult
from office_app.domain.ids import uuid7
from office_app.ledger.verify import verify
from tests.world import CARD, World, make_world

# --- helpers -------------------------------------------------------------------------------


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


def set_cap(world: World, student: uuid.UUID, cap_ore: int | None) -> CommandResult:
    return world.send(
        world.office, "cap.set", {"student_id": student, "daily_cap_ore": cap_ore}, staff="hanne"
    )


def spent_on(world: World, student: uuid.UUID, day: dt.date) -> int:
    with make_sessionmaker(world.engine)() as session:
        spend = session.get(DailySpend, (student, day))
        return spend.spent_ore if spend else 0


def online(world: World, student: uuid.UUID, amount_ore: int) -> CommandResult:
    return world.send(
        world.portal,
        "deposit.online",
        {
            "student_id": student,
            "amount_ore": amount_ore,
            "method": "mobilepay",
            "payment_ref": "MP-1",
        },
    )


def create_agreement(world: World, student: uuid.UUID, amount_ore: int) -> CommandResult:
    return world.send(
        world.portal,
        "autotopup.create",
        {"student_id": student, "amount_ore": amount_ore, "payment_ref": "card-4571"},
    )


def cancel_agreement(world: World, student: uuid.UUID, *, office: bool = False) -> CommandResult:
    if office:
        return world.send(world.office, "autotopup.cancel", {"student_id": student}, staff="hanne")
    return world.send(world.portal, "autotopup.cancel", {"student_id": student})


def agreement_status(world: World, student: uuid.UUID) -> list[str]:
    with make_sessionmaker(world.engine)() as session:
        return list(
            session.scalars(
                select(TopUpAgreement.status)
                .where(TopUpAgreement.student_id == student)
                .order_by(TopUpAgreement.created_at, TopUpAgreement.id)
            )
        )


def leave(world: World, student: uuid.UUID) -> CommandResult:
    return world.send(world.office, "student.leave", {"student_id": student}, staff="ole")


# --- daily cap -----------------------------------------------------------------------------


def test_cap_allows_spend_up_to_the_cap_and_refuses_beyond(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    result = set_cap(world, student, 3000)
    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["daily_cap_ore"] == 3000
    assert world.buy(CARD, 2000).code == "ok"
    over = world.buy(CARD, 1001)
    assert (over.status, over.code) == ("rejected", "daily_cap_exceeded")
    exact = world.buy(CARD, 1000)
    assert (exact.status, exact.code) == ("applied", "ok")
    assert exact.result["spent_today_ore"] == 3000
    assert world.buy(CARD, 1).code == "daily_cap_exceeded"
    assert world.balance(student) == 7000
    assert spent_on(world, student, dt.date(2026, 11, 24)) == 3000
    assert verify(ledger_engine) == []


def test_cap_resets_at_copenhagen_midnight_in_winter(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.clock.now = utc(2026, 11, 24, 8)
    student = world.child_with_card(10000)
    set_cap(world, student, 3000)
    assert world.buy(CARD, 3000).code == "ok"
    world.clock.now = utc(2026, 11, 24, 22, 59)  # 23:59 CET, still the 24th
    assert world.buy(CARD, 100).code == "daily_cap_exceeded"
    world.clock.now = utc(2026, 11, 24, 23, 30)  # 00:30 CET on the 25th
    fresh = world.buy(CARD, 100)
    assert (fresh.status, fresh.code) == ("applied", "ok")
    assert fresh.result["spent_today_ore"] == 100
    assert spent_on(world, student, dt.date(2026, 11, 24)) == 3000
    assert spent_on(world, student, dt.date(2026, 11, 25)) == 100
    assert world.balance(student) == 6900
    assert verify(ledger_engine) == []


def test_cap_resets_after_a_day_with_clock_advance(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    set_cap(world, student, 2500)
    assert world.buy(CARD, 2500).code == "ok"
    assert world.buy(CARD, 500).code == "daily_cap_exceeded"
    world.clock.advance(hours=24)
    assert world.buy(CARD, 2500).code == "ok"
    assert world.buy(CARD, 1).code == "daily_cap_exceeded"
    assert world.balance(student) == 5000
    assert verify(ledger_engine) == []


def test_cap_day_boundary_on_spring_daylight_saving_change(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.clock.now = utc(2026, 3, 28, 12)
    student = world.child_with_card(20000)
    set_cap(world, student, 1000)

    world.clock.now = utc(2026, 3, 28, 22, 59)  # 23:59 CET on Saturday the 28th
    assert world.buy(CARD, 1000).code == "ok"
    world.clock.now = utc(2026, 3, 28, 23, 0)  # 00:00 CET on Sunday the 29th
    first = world.buy(CARD, 1000)
    assert (first.code, first.result.get("spent_today_ore")) == ("ok", 1000)
    world.clock.now = utc(2026, 3, 29, 21, 59)  # 23:59 CEST, still the 29th
    assert world.buy(CARD, 1).code == "daily_cap_exceeded"
    world.clock.now = utc(2026, 3, 29, 22, 0)  # 00:00 CEST on Monday the 30th
    monday = world.buy(CARD, 1000)
    assert (monday.code, monday.result.get("spent_today_ore")) == ("ok", 1000)

    assert spent_on(world, student, dt.date(2026, 3, 28)) == 1000
    assert spent_on(world, student, dt.date(2026, 3, 29)) == 1000
    assert spent_on(world, student, dt.date(2026, 3, 30)) == 1000
    assert world.balance(student) == 17000
    assert verify(ledger_engine) == []


def test_cap_day_boundary_on_autumn_daylight_saving_change(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.clock.now = utc(2026, 10, 24, 12)
    student = world.child_with_card(20000)
    set_cap(world, student, 1000)

    world.clock.now = utc(2026, 10, 24, 21, 59)  # 23:59 CEST on Saturday the 24th
    assert world.buy(CARD, 1000).code == "ok"
    world.clock.now = utc(2026, 10, 24, 22, 0)  # 00:00 CEST on Sunday the 25th
    sunday = world.buy(CARD, 600)
    assert (sunday.code, sunday.result.get("spent_today_ore")) == ("ok", 600)
    world.clock.now = utc(2026, 10, 25, 1, 30)  # 02:30 CET, after the clocks went back
    assert world.buy(CARD, 500).code == "daily_cap_exceeded"
    world.clock.now = utc(2026, 10, 25, 22, 30)  # 23:30 CET, still Sunday (a 25-hour day)
    late = world.buy(CARD, 400)
    assert (late.code, late.result.get("spent_today_ore")) == ("ok", 1000)
    assert world.buy(CARD, 1).code == "daily_cap_exceeded"
    world.clock.now = utc(2026, 10, 25, 23, 0)  # 00:00 CET on Monday the 26th
    monday = world.buy(CARD, 1000)
    assert (monday.code, monday.result.get("spent_today_ore")) == ("ok", 1000)

    assert spent_on(world, student, dt.date(2026, 10, 24)) == 1000
    assert spent_on(world, student, dt.date(2026, 10, 25)) == 1000
    assert spent_on(world, student, dt.date(2026, 10, 26)) == 1000
    assert world.balance(student) == 17000
    assert verify(ledger_engine) == []


def test_cleared_cap_allows_any_spend(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    set_cap(world, student, 1000)
    assert world.buy(CARD, 1500).code == "daily_cap_exceeded"
    cleared = set_cap(world, student, None)
    assert (cleared.status, cleared.code) == ("applied", "ok")
    assert cleared.result["daily_cap_ore"] is None
    assert world.buy(CARD, 1500).code == "ok"
    assert world.buy(CARD, 8500).code == "ok"
    assert world.balance(student) == 0
    assert verify(ledger_engine) == []


def test_no_cap_means_no_limit(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(200000)
    assert world.buy(CARD, 150000).code == "ok"
    assert world.balance(student) == 50000


def test_negative_cap_is_invalid_amount_and_old_cap_stays(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    set_cap(world, student, 2000)
    result = set_cap(world, student, -1)
    assert (result.status, result.code) == ("rejected", "invalid_amount")
    assert world.buy(CARD, 2500).code == "daily_cap_exceeded"
    assert world.buy(CARD, 2000).code == "ok"
    assert world.balance(student) == 8000


def test_cap_lowered_below_todays_spend_blocks_further_purchases(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    set_cap(world, student, 5000)
    assert world.buy(CARD, 4000).code == "ok"
    assert set_cap(world, student, 3000).code == "ok"
    assert world.buy(CARD, 1).code == "daily_cap_exceeded"
    world.clock.advance(days=1)
    assert world.buy(CARD, 3000).code == "ok"
    assert world.buy(CARD, 1).code == "daily_cap_exceeded"
    assert world.balance(student) == 3000
    assert verify(ledger_engine) == []


def test_zero_cap_blocks_every_purchase(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    assert set_cap(world, student, 0).code == "ok"
    assert world.buy(CARD, 1).code == "daily_cap_exceeded"
    assert world.balance(student) == 10000


def test_declined_purchase_does_not_count_towards_the_cap(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    set_cap(world, student, 3000)
    assert world.buy(CARD, 3500).code == "daily_cap_exceeded"
    assert world.buy(CARD, 3000).code == "ok"
    world.clock.advance(days=1)
    # Insufficient funds is declined too and spends nothing.
    set_cap(world, student, 100000)
    assert world.buy(CARD, 8000).code == "insufficient_funds"
    assert spent_on(world, student, dt.date(2026, 11, 25)) == 0
    assert world.balance(student) == 7000


def test_cap_set_from_portal(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    result = world.send(world.portal, "cap.set", {"student_id": student, "daily_cap_ore": 1500})
    assert (result.status, result.code) == ("applied", "ok")
    assert world.buy(CARD, 1600).code == "daily_cap_exceeded"


def test_cap_set_for_unknown_student(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = set_cap(world, uuid7(), 1000)
    assert (result.status, result.code) == ("rejected", "unknown_student")


def test_cap_is_per_child(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    freja = world.child_with_card(10000)
    karl = world.add_student("Karl Hansen", "3.A")
    world.add_card(karl, "2000002")
    world.deposit(karl, 10000)
    set_cap(world, freja, 1000)
    assert world.buy(CARD, 1000).code == "ok"
    assert world.buy(CARD, 1).code == "daily_cap_exceeded"
    assert world.buy("2000002", 5000).code == "ok"
    assert world.balance(karl) == 5000


# --- deposits ------------------------------------------------------------------------------


def test_cash_deposit_moves_money_from_cash_drawer_to_wallet(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    result = world.deposit(student, 20000)
    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["balance_ore"] == 20000
    assert "txn_id" in result.result
    assert world.balance(student) == 20000
    assert world.system_balance("cash_drawer") == -20000
    second = world.deposit(student, 150)
    assert second.result["balance_ore"] == 20150
    assert world.system_balance("cash_drawer") == -20150
    assert verify(ledger_engine) == []


def test_online_deposit_moves_money_from_provider_clearing(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    result = online(world, student, 5000)
    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["balance_ore"] == 5000
    card = world.send(
        world.portal,
        "deposit.online",
        {"student_id": student, "amount_ore": 2500, "method": "card", "payment_ref": "N-7"},
    )
    assert card.code == "ok"
    assert world.balance(student) == 7500
    assert world.system_balance("provider_clearing") == -7500
    assert world.system_balance("cash_drawer") == 0
    assert verify(ledger_engine) == []


@pytest.mark.parametrize("amount", [0, -1, -5000, 200001, 1_000_000])
def test_cash_deposit_amount_out_of_range_is_invalid(ledger_engine: Engine, amount: int) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    result = world.deposit(student, amount)
    assert (result.status, result.code) == ("rejected", "invalid_amount")
    assert "amount_ore" in result.message
    assert world.balance(student) == 0
    assert world.system_balance("cash_drawer") == 0
    assert verify(ledger_engine) == []


@pytest.mark.parametrize("amount", [0, -1, 200001])
def test_online_deposit_amount_out_of_range_is_invalid(ledger_engine: Engine, amount: int) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    result = online(world, student, amount)
    assert (result.status, result.code) == ("rejected", "invalid_amount")
    assert world.balance(student) == 0
    assert world.system_balance("provider_clearing") == 0


def test_deposit_of_exactly_the_maximum_is_accepted(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    assert world.deposit(student, 200000).code == "ok"
    assert online(world, student, 200000).code == "ok"
    assert world.balance(student) == 400000
    assert verify(ledger_engine) == []


def test_deposit_limit_follows_school_policy(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    world.set_policy(max_deposit_ore=50000)
    student = world.add_student()
    assert world.deposit(student, 50001).code == "invalid_amount"
    assert online(world, student, 50001).code == "invalid_amount"
    assert world.deposit(student, 50000).code == "ok"
    assert world.balance(student) == 50000


def test_deposit_for_unknown_student(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = world.deposit(uuid7(), 1000)
    assert (result.status, result.code) == ("rejected", "unknown_student")
    assert world.system_balance("cash_drawer") == 0


def test_cash_deposit_for_leaver_goes_to_suspense(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(3000)
    left = leave(world, student)
    assert (left.status, left.code) == ("applied", "ok")
    assert left.result["balance_ore"] == 3000

    result = world.deposit(student, 5000)
    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["suspense"] is True
    assert world.balance(student) == 3000
    assert world.system_balance("suspense") == 5000
    assert world.system_balance("cash_drawer") == -8000
    assert verify(ledger_engine) == []


def test_online_deposit_for_leaver_goes_to_suspense(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    leave(world, student)
    result = online(world, student, 2500)
    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["suspense"] is True
    assert world.balance(student) == 0
    assert world.system_balance("suspense") == 2500
    assert world.system_balance("provider_clearing") == -2500
    assert verify(ledger_engine) == []


def test_deposit_for_leaver_still_checks_the_amount(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    leave(world, student)
    assert world.deposit(student, 0).code == "invalid_amount"
    assert world.system_balance("suspense") == 0


def test_leaving_twice_is_applied_without_change(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    assert leave(world, student).code == "ok"
    again = leave(world, student)
    assert (again.status, again.code) == ("applied", "ok")
    assert world.deposit(student, 100).result["suspense"] is True


def test_leave_unknown_student(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = leave(world, uuid7())
    assert (result.status, result.code) == ("rejected", "unknown_student")


# --- purchases -----------------------------------------------------------------------------


def test_purchase_moves_money_to_canteen_revenue(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    result = world.buy(CARD, 1250)
    assert (result.status, result.code) == ("applied", "ok")
    assert result.result["balance_ore"] == 3750
    assert world.balance(student) == 3750
    assert world.system_balance("canteen_revenue") == 1250
    assert verify(ledger_engine) == []


def test_purchase_of_whole_balance_and_then_nothing(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    assert world.buy(CARD, 5001).code == "insufficient_funds"
    assert world.buy(CARD, 5000).code == "ok"
    assert world.buy(CARD, 1).code == "insufficient_funds"
    assert world.balance(student) == 0
    assert verify(ledger_engine) == []


@pytest.mark.parametrize("amount", [0, -100])
def test_purchase_amount_must_be_positive(ledger_engine: Engine, amount: int) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    result = world.buy(CARD, amount)
    assert (result.status, result.code) == ("rejected", "invalid_amount")
    assert world.balance(student) == 5000
    assert verify(ledger_engine) == []


def test_purchase_with_unknown_card(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    result = world.buy("9999999", 100)
    assert (result.status, result.code) == ("rejected", "unknown_card")


# --- automatic top-up ----------------------------------------------------------------------


def test_active_agreement_tops_up_when_purchase_leaves_under_50_kr(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(12000)
    created = create_agreement(world, student, 20000)
    assert (created.status, created.code) == ("applied", "ok")
    assert created.result["status"] == "active"

    result = world.buy(CARD, 8000)  # leaves 40 kr
    assert (result.status, result.code) == ("applied", "ok")
    assert "autotopup_txn_id" in result.result
    assert result.result["balance_ore"] == 4000 + 20000
    assert world.balance(student) == 24000
    assert world.system_balance("provider_clearing") == -20000
    assert world.system_balance("canteen_revenue") == 8000
    assert verify(ledger_engine) == []


def test_top_up_fires_below_50_kr_not_at_50_kr(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    created = create_agreement(world, student, 10000)
    assert created.result["status"] == "active"  # exactly 100 kr counts
    at_50 = world.buy(CARD, 5000)
    assert at_50.code == "ok"
    assert "autotopup_txn_id" not in at_50.result
    assert world.balance(student) == 5000
    below = world.buy(CARD, 1)
    assert below.code == "ok"
    assert "autotopup_txn_id" in below.result
    assert world.balance(student) == 4999 + 10000
    assert verify(ledger_engine) == []


def test_top_up_fires_on_every_purchase_that_goes_below_50_kr(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    create_agreement(world, student, 5000)
    first = world.buy(CARD, 6000)  # 40 kr -> 90 kr
    assert "autotopup_txn_id" in first.result
    assert world.balance(student) == 9000
    second = world.buy(CARD, 5000)  # 40 kr -> 90 kr
    assert "autotopup_txn_id" in second.result
    assert world.balance(student) == 9000
    assert world.system_balance("provider_clearing") == -10000
    assert verify(ledger_engine) == []


def test_agreement_below_100_kr_waits_until_a_deposit_reaches_100_kr(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(6000)
    created = create_agreement(world, student, 20000)
    assert (created.status, created.code) == ("applied", "ok")
    assert created.result["status"] == "waiting"

    waiting = world.buy(CARD, 2000)  # leaves 40 kr, but the agreement waits
    assert waiting.code == "ok"
    assert "autotopup_txn_id" not in waiting.result
    assert world.balance(student) == 4000

    world.deposit(student, 5999)  # 99,99 kr: still waiting
    assert agreement_status(world, student) == ["waiting"]
    world.deposit(student, 1)  # exactly 100 kr: now active
    assert agreement_status(world, student) == ["active"]
    assert world.balance(student) == 10000

    fired = world.buy(CARD, 6000)
    assert "autotopup_txn_id" in fired.result
    assert world.balance(student) == 4000 + 20000
    assert verify(ledger_engine) == []


def test_waiting_agreement_activated_by_online_deposit(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card()
    assert create_agreement(world, student, 10000).result["status"] == "waiting"
    online(world, student, 15000)
    assert agreement_status(world, student) == ["active"]
    assert "autotopup_txn_id" in world.buy(CARD, 11000).result
    assert world.balance(student) == 14000
    assert verify(ledger_engine) == []


def test_second_agreement_is_refused(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(1000)
    assert create_agreement(world, student, 10000).result["status"] == "waiting"
    again = create_agreement(world, student, 20000)
    assert (again.status, again.code) == ("rejected", "agreement_exists")
    world.deposit(student, 20000)
    active_again = create_agreement(world, student, 20000)
    assert (active_again.status, active_again.code) == ("rejected", "agreement_exists")
    assert agreement_status(world, student) == ["active"]


def test_cancelled_agreement_no_longer_tops_up(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(15000)
    create_agreement(world, student, 20000)
    cancelled = cancel_agreement(world, student)
    assert (cancelled.status, cancelled.code) == ("applied", "ok")
    result = world.buy(CARD, 12000)
    assert result.code == "ok"
    assert "autotopup_txn_id" not in result.result
    assert world.balance(student) == 3000
    assert world.system_balance("provider_clearing") == 0
    assert agreement_status(world, student) == ["cancelled"]
    assert verify(ledger_engine) == []


def test_cancel_then_create_new_agreement(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(15000)
    create_agreement(world, student, 20000)
    assert cancel_agreement(world, student, office=True).code == "ok"
    renewed = create_agreement(world, student, 7500)
    assert (renewed.status, renewed.code) == ("applied", "ok")
    assert renewed.result["status"] == "active"
    world.buy(CARD, 12000)
    assert world.balance(student) == 3000 + 7500
    assert verify(ledger_engine) == []


def test_cancel_without_agreement(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(15000)
    none = cancel_agreement(world, student)
    assert (none.status, none.code) == ("rejected", "no_agreement")
    create_agreement(world, student, 20000)
    assert cancel_agreement(world, student).code == "ok"
    twice = cancel_agreement(world, student, office=True)
    assert (twice.status, twice.code) == ("rejected", "no_agreement")


@pytest.mark.parametrize("amount", [0, -100, 200001])
def test_agreement_amount_must_be_a_valid_deposit(ledger_engine: Engine, amount: int) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(15000)
    result = create_agreement(world, student, amount)
    assert (result.status, result.code) == ("rejected", "invalid_amount")
    assert agreement_status(world, student) == []


def test_declined_purchase_does_not_top_up(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(10000)
    create_agreement(world, student, 20000)
    set_cap(world, student, 1000)
    result = world.buy(CARD, 6000)
    assert result.code == "daily_cap_exceeded"
    assert world.balance(student) == 10000
    assert world.system_balance("provider_clearing") == 0


def test_autotopup_for_unknown_student(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    assert create_agreement(world, uuid7(), 10000).code == "unknown_student"
    assert cancel_agreement(world, uuid7()).code == "unknown_student"


def test_agreement_created_at_99_99_kr_waits(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(9999)
    assert create_agreement(world, student, 10000).result["status"] == "waiting"
    assert "autotopup_txn_id" not in world.buy(CARD, 5000).result
    assert world.balance(student) == 4999


def test_waiting_agreement_activates_at_exactly_100_kr_by_online_deposit(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(2500)
    assert create_agreement(world, student, 5000).result["status"] == "waiting"
    online(world, student, 7500)
    assert world.balance(student) == 10000
    assert agreement_status(world, student) == ["active"]
    fired = world.buy(CARD, 5001)
    assert "autotopup_txn_id" in fired.result
    assert world.balance(student) == 4999 + 5000
    assert verify(ledger_engine) == []
