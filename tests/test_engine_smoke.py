"""The engine's money rules, one scenario at a time, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine

from office_app.ledger.verify import verify
from tests.world import make_world


def test_deposit_then_purchases_until_insufficient(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.add_student()
    world.add_card(student, "1000001")
    assert world.deposit(student, 5000).result["balance_ore"] == 5000
    results = [world.buy("1000001", 1000) for _ in range(6)]
    assert [r.code for r in results] == ["ok"] * 5 + ["insufficient_funds"]
    assert world.balance(student) == 0
    assert verify(ledger_engine) == []
