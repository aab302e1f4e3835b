"""The canteen simulator against the real server: it buys, tops up, stops by itself."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from office_app.cli import main
from office_app.ledger.embedded import embedded_server
from office_app.ledger.tools.seed import seed_demo
from office_app.ledger.tools.simulator import (
    REQUEST_TIMEOUT_SECONDS,
    CanteenSimulator,
    SimulatorError,
)
from office_app.ledger.verify import verify
from tests.world import YESTERDAY, make_world


def test_simulated_lunch_is_bounded_and_keeps_the_ledger_right(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine, quick_staff=True)
    seed_demo(sqlite_engine, world.school_id, students=30, days=2, seed=5, today=YESTERDAY)
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        simulator = CanteenSimulator(
            url, world.tokens["terminal"], world.tokens["portal"], clock=world.clock, seed=1
        )
        report = simulator.run(rate=200, duration=3)
    purchases = sum(report.purchases.values())
    online = report.online_deposits + sum(report.agreements.values())
    # How many events fit in 3 s depends on the machine; that some did, that no more than
    # rate x duration were sent and that it stopped on time do not.
    assert purchases >= 10
    assert report.purchases["ok"] > 0
    assert purchases + online <= 600 + 1
    assert report.elapsed_seconds < 3 + REQUEST_TIMEOUT_SECONDS
    assert report.transport_errors == 0
    assert verify(sqlite_engine, world.school_id) == []


def test_simulator_refuses_bad_settings_and_tokens(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine, quick_staff=True)
    world.add_card(world.add_student(), "1234567")
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        with pytest.raises(SimulatorError, match="--terminal-token"):
            CanteenSimulator(url, "wrong", world.tokens["portal"], clock=world.clock).load_school()
        simulator = CanteenSimulator(
            url, world.tokens["terminal"], world.tokens["portal"], clock=world.clock
        )
        with pytest.raises(SimulatorError, match="--rate"):
            simulator.run(rate=10_000, duration=1)
        with pytest.raises(SimulatorError, match="--duration"):
            simulator.run(rate=1, duration=10**9)


def test_simulate_command_reports_an_unreachable_ledger_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        [
            "ledger",
            "simulate",
            "--url",
            "http://127.0.0.1:9",
            "--terminal-token",
            "t",
            "--portal-token",
            "p",
            "--rate",
            "1",
            "--duration",
            "1",
        ]
    )
    error = capsys.readouterr().err.strip()
    assert code == 1
    assert error.startswith("office-app: --url: cannot reach the ledger at http://127.0.0.1:9")
    assert len(error.splitlines()) == 1
