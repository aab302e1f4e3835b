"""What the office shows about sync, and one round run in a worker thread, on the real server."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import Engine

from office_app.config import Settings
from office_app.db import make_engine
from office_app.ledger.embedded import embedded_server
from office_app.sync.outbox import needs_attention, record, status
from office_app.sync.run import SyncProgress, client_for, sync_round
from tests.sync_checks import assert_synced, new_office
from tests.world import make_world

UNREACHABLE = "http://127.0.0.1:9"


def test_status_before_and_after_the_first_contact(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    token, _ = new_office(world)
    shutil.copy(sqlite_template, tmp_path / "office.db")
    replica = make_engine(str(tmp_path / "office.db"))
    fresh = status(replica)
    assert (fresh.online, fresh.waiting, fresh.last_success_at, fresh.last_error) == (
        False,
        0,
        None,
        None,
    )

    offline = Settings(UNREACHABLE, SecretStr(token), tmp_path)
    with client_for(offline) as client:
        failed = sync_round(offline, replica, client, clock=world.clock)
    assert failed.retry and failed.error is not None
    assert failed.error.startswith(f"{UNREACHABLE}: cannot reach the ledger")
    assert status(replica).last_error == failed.error and not status(replica).online

    with embedded_server(sqlite_engine, clock=world.clock) as url:
        wrong = Settings(url, SecretStr("not-a-token"), tmp_path)
        with client_for(wrong) as client:
            refused = sync_round(wrong, replica, client, clock=world.clock)
        assert not refused.retry
        assert refused.error == f"{url}: the ledger refused this office's device token"

        online = Settings(url, SecretStr(token), tmp_path)
        with client_for(online) as client:
            steps: list[SyncProgress] = []
            done = sync_round(online, replica, client, clock=world.clock, progress=steps.append)
    assert done.error is None and done.status.online and done.status.last_error is None
    assert done.status.last_success_at is not None
    assert steps and all(step.step == "pulling" for step in steps)
    assert max(step.done for step in steps) > 0
    replica.dispose()


def test_a_round_in_a_worker_thread_while_the_secretary_keeps_recording(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    token, device_id = new_office(world)
    student = world.add_student("Åse Østergaard")
    shutil.copy(sqlite_template, tmp_path / "office.db")
    replica = make_engine(str(tmp_path / "office.db"))
    now = world.clock()

    def deposit(amount_ore: int) -> None:
        payload = {"student_id": student, "amount_ore": amount_ore, "receipt_no": "K-7"}
        record(replica, world.school_id, device_id, "deposit.cash", payload, staff="hanne", now=now)

    with embedded_server(sqlite_engine, clock=world.clock) as url:
        settings = Settings(url, SecretStr(token), tmp_path)
        with client_for(settings) as client:
            assert sync_round(settings, replica, client, clock=world.clock).error is None
            for _ in range(600):
                deposit(100)
            steps: list[SyncProgress] = []
            worker = threading.Thread(
                target=sync_round,
                args=(settings, replica, client),
                kwargs={"clock": world.clock, "progress": steps.append},
                name="sync-worker",
            )
            worker.start()
            for _ in range(200):
                deposit(50)
            worker.join(timeout=120)
            assert not worker.is_alive()
            sending = [step for step in steps if step.step == "sending"]
            assert sending and sending[0].total is not None and sending[0].total >= 600
            assert all(step.total is not None and step.done <= step.total for step in sending)
            payout = {
                "student_id": student,
                "amount_ore": 10**7,
                "holder_name": "Mette Østergaard",
                "reg_no": "1234",
                "account_no": "12345678",
                "message": "",
            }
            record(
                replica,
                world.school_id,
                device_id,
                "payout.request",
                payout,
                staff="hanne",
                now=now,
            )
            last = sync_round(settings, replica, client, clock=world.clock)
    assert last.error is None
    assert (last.status.waiting, last.status.needs_attention) == (0, 1)
    [attention] = needs_attention(replica)
    assert attention.type == "payout.request" and attention.staff == "hanne"
    assert attention.code == "insufficient_funds"
    assert attention.payload["amount_ore"] == 10**7
    assert "balance" in attention.message
    assert_synced(sqlite_engine, replica, world.school_id, device_id, {student: 70000})
    replica.dispose()
