"""Concurrent writers against one wallet: the change-sequence lock keeps the money right."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from office_app.domain.commands import CommandResult
from office_app.ledger.verify import verify
from tests.world import make_world


def test_concurrent_purchases_never_overspend(ledger_engine: Engine) -> None:
    """100 racing 10 kr. purchases against a 50 kr. wallet: exactly 5 approved (I4)."""
    world = make_world(ledger_engine, quick_staff=True)
    student = world.add_student()
    world.add_card(student, "7000001")
    world.deposit(student, 5000)

    def buy(_: int) -> CommandResult:
        return world.buy("7000001", 1000)

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(buy, range(100)))
    codes = [result.code for result in results]
    assert codes.count("ok") == 5
    assert codes.count("insufficient_funds") == 95
    assert world.balance(student) == 0
    seqs = [result.seq for result in results]
    assert len(set(seqs)) == 100
    assert verify(ledger_engine, world.school_id) == []


def test_concurrent_purchases_respect_the_daily_cap(ledger_engine: Engine) -> None:
    """I9 under a race: a 30 kr. cap lets exactly three 10 kr. purchases through."""
    world = make_world(ledger_engine, quick_staff=True)
    student = world.add_student()
    world.add_card(student, "7000002")
    world.deposit(student, 50000)
    world.office_send("cap.set", {"student_id": student, "daily_cap_ore": 3000}, staff="hanne")

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda _: world.buy("7000002", 1000), range(40)))
    codes = [result.code for result in results]
    assert codes.count("ok") == 3
    assert codes.count("daily_cap_exceeded") == 37
    assert world.balance(student) == 47000


def test_serialization_failures_are_retried_inside_the_ledger() -> None:
    """Under SERIALIZABLE, PostgreSQL aborts racing writers; the ledger retries them."""
    from office_app.db import make_engine, migrate
    from tests.conftest import create_postgres_database, postgres_base_url

    base_url = postgres_base_url()
    if base_url is None:
        pytest.skip("OFFICE_APP_TEST_POSTGRES not set")
    engine = make_engine(create_postgres_database(base_url), isolation_level="SERIALIZABLE")
    migrate(engine)
    world = make_world(engine, quick_staff=True)
    student = world.add_student()
    world.add_card(student, "7000003")
    world.deposit(student, 5000)
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda _: world.buy("7000003", 1000), range(60)))
    assert [result.code for result in results].count("ok") == 5
    assert world.balance(student) == 0
    assert verify(engine, world.school_id) == []
    engine.dispose()
