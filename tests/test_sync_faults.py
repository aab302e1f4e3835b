"""Sync under faults, against the real ledger server on 127.0.0.1.

Lost answers, a killed server, a killed office (while recording and while pulling) and a
network outage: after each, every command is applied exactly once and none is lost (I5, I6),
the replica equals the ledger row by row (I7), and verify() passes on both.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import Engine, func, select

from models import AuditEvent, ChangeSequence, CommandRecord, OutboxCommand
from office_app.config import Settings
from office_app.db import make_engine
from office_app.ledger.embedded import embedded_server
from office_app.ledger.tools.process import LedgerProcess
from office_app.ledger.tools.seed import seed_demo
from office_app.ledger.verify import verify
from office_app.sync.outbox import OFFICE_CHAIN, needs_attention, record, status
from office_app.sync.puller import cursor
from office_app.sync.run import RoundResult, SyncProgress, client_for, sync_round
from tests.proxy import LossyProxy
from tests.sync_checks import assert_replica_equals_ledger, assert_synced, new_office
from tests.world import YESTERDAY, Clock, World, make_world

REPO = Path(__file__).resolve().parent.parent
DEPOSIT_ORE = 2000
ROUNDS = 10


def office_replica(sqlite_template: Path, folder: Path) -> Engine:
    shutil.copy(sqlite_template, folder / "office.db")
    return make_engine(str(folder / "office.db"))


def queue(
    replica: Engine, world: World, device_id: uuid.UUID, students: list[uuid.UUID], count: int
) -> dict[uuid.UUID, int]:
    """Four cash deposits to every cap change, round the students; the deposits by student."""
    deposited: Counter[uuid.UUID] = Counter()
    now = world.clock()
    for number in range(count):
        student_id = students[number % len(students)]
        if number % 5 == 4:
            command_type = "cap.set"
            payload: dict[str, Any] = {"student_id": student_id, "daily_cap_ore": 4000}
        else:
            command_type = "deposit.cash"
            payload = {"student_id": student_id, "amount_ore": DEPOSIT_ORE, "receipt_no": "K"}
            deposited[student_id] += DEPOSIT_ORE
        record(replica, world.school_id, device_id, command_type, payload, staff="hanne", now=now)
    return {student_id: deposited[student_id] for student_id in students}


def sync_until_quiet(settings: Settings, replica: Engine, clock: Clock) -> RoundResult:
    """Sync rounds until one succeeds with nothing waiting; at most ROUNDS of them."""
    with client_for(settings) as client:
        for _ in range(ROUNDS):
            result = sync_round(settings, replica, client, clock=clock)
            if result.error is None and result.status.waiting == 0:
                return result
    raise AssertionError(f"sync did not quiesce in {ROUNDS} rounds: {result}")


def database_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_answers_lost_after_the_commit_resend_the_same_commands_and_move_money_once(
    ledger_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(ledger_engine)
    token, device_id = new_office(world)
    students = [world.add_student() for _ in range(20)]
    replica = office_replica(sqlite_template, tmp_path)
    with (
        embedded_server(ledger_engine, clock=world.clock) as url,
        LossyProxy(int(url.rsplit(":", 1)[1])) as proxy,
    ):
        settings = Settings(proxy.url, SecretStr(token), tmp_path)
        with client_for(settings) as client:
            assert sync_round(settings, replica, client, clock=world.clock).error is None
            expected = queue(replica, world, device_id, students, 1200)
            proxy.drop_responses(2)
            for _ in range(2):
                lost = sync_round(settings, replica, client, clock=world.clock)
                assert lost.error is not None and lost.retry
                assert not lost.status.online and lost.status.waiting == 1200
            done = sync_round(settings, replica, client, clock=world.clock)
        assert done.error is None and done.status.online
        assert (done.status.waiting, done.status.needs_attention) == (0, 0)
    pushes = [json.loads(sent.body) for sent in proxy.forwarded if sent.path == "/v1/commands"]
    assert proxy.dropped == 2 and len(pushes) == 5
    assert pushes[0] == pushes[1] == pushes[2], "a resend must be the same commands, unchanged"
    sent_ids = [command["command_id"] for push in pushes[2:] for command in push["commands"]]
    assert len(sent_ids) == len(set(sent_ids)) == 1200
    assert assert_synced(ledger_engine, replica, world.school_id, device_id, expected) == 1200
    replica.dispose()


def test_a_ledger_killed_in_the_middle_of_a_push_loses_and_doubles_nothing(
    ledger_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(ledger_engine)
    token, device_id = new_office(world)
    students = [world.add_student() for _ in range(30)]
    replica = office_replica(sqlite_template, tmp_path)
    server = LedgerProcess(database_url(ledger_engine))
    server.start()
    direct = Settings(server.url, SecretStr(token), tmp_path)
    try:
        with LossyProxy(int(server.url.rsplit(":", 1)[1])) as proxy:
            settings = Settings(proxy.url, SecretStr(token), tmp_path)
            with client_for(settings) as client:
                assert sync_round(settings, replica, client, clock=world.clock).error is None
                expected = queue(replica, world, device_id, students, 3000)
                outcome: list[RoundResult] = []
                pushing = threading.Thread(
                    target=lambda: outcome.append(
                        sync_round(settings, replica, client, clock=world.clock)
                    )
                )
                # The ledger is killed while it works on the push's second batch of 500.
                proxy.hold(2)
                pushing.start()
                assert proxy.holding.wait(60), "the second batch never reached the ledger"
                server.kill()
                proxy.release()
                pushing.join(timeout=60)
        logged_at_kill = _logged(ledger_engine, device_id)
        assert 500 <= logged_at_kill <= 1000, logged_at_kill
        assert outcome[0].error is not None and outcome[0].retry
        assert outcome[0].status.waiting > 0
        with client_for(direct) as client:
            while_down = sync_round(direct, replica, client, clock=world.clock)
        assert while_down.retry and "cannot reach the ledger" in str(while_down.error)
        server.start()
        result = sync_until_quiet(direct, replica, world.clock)
    finally:
        server.stop()
    assert result.status.online and result.status.needs_attention == 0
    assert assert_synced(ledger_engine, replica, world.school_id, device_id, expected) == 3000
    replica.dispose()


def _logged(ledger: Engine, device_id: uuid.UUID) -> int:
    """How many of the office's commands the ledger has logged."""
    with ledger.connect() as connection:
        logged: int = connection.execute(
            select(func.count()).where(CommandRecord.device_id == device_id)
        ).scalar_one()
    return logged


def _office_process(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.office_process", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )


def _kill_after_lines(process: subprocess.Popen[str], count: int) -> list[str]:
    """Read ``count`` lines, SIGKILL the process, and return every line it got out."""
    assert process.stdout is not None
    lines = [process.stdout.readline().strip() for _ in range(count)]
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    lines += [line.strip() for line in process.stdout]
    assert all(lines[:count]), f"the office process ended early: {lines}"
    return [line for line in lines if line]


def test_an_office_killed_after_queueing_sends_every_command_once_when_it_starts_again(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    token, device_id = new_office(world)
    students = [world.add_student() for _ in range(5)]
    replica = office_replica(sqlite_template, tmp_path)
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        settings = Settings(url, SecretStr(token), tmp_path)
        with client_for(settings) as client:
            assert sync_round(settings, replica, client, clock=world.clock).error is None
        replica.dispose()
        office = _office_process(
            "record",
            str(tmp_path / "office.db"),
            str(world.school_id),
            str(device_id),
            *map(str, students),
            "--count",
            "100000",
        )
        reported = {uuid.UUID(line) for line in _kill_after_lines(office, 50)}
        with replica.connect() as connection:
            queued = {
                row.command_id: row.payload for row in connection.execute(select(OutboxCommand))
            }
            audited = set(
                connection.execute(
                    select(AuditEvent.command_id).where(
                        AuditEvent.chain == OFFICE_CHAIN, AuditEvent.command_id.is_not(None)
                    )
                ).scalars()
            )
        assert reported <= set(queued), "a command reported as recorded was lost"
        assert audited == set(queued), "a command was half written"
        assert verify(replica, world.school_id) == []
        assert status(replica).waiting == len(queued)

        environment = os.environ | {
            "OFFICE_APP_LEDGER_URL": url,
            "OFFICE_APP_DEVICE_TOKEN": token,
            "OFFICE_APP_DATA_DIR": str(tmp_path),
        }
        restarted = subprocess.run(
            [sys.executable, "-m", "office_app", "sync", "--once"],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    assert restarted.returncode == 0, restarted.stderr
    assert "Waiting: 0. Needs attention: 0." in restarted.stdout
    deposited = Counter(uuid.UUID(payload["student_id"]) for payload in queued.values())
    expected = {student: DEPOSIT_ORE * deposited[student] for student in students}
    assert_synced(sqlite_engine, replica, world.school_id, device_id, expected)
    replica.dispose()


def test_an_office_killed_in_the_middle_of_a_pull_resumes_from_its_cursor(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    seed_demo(sqlite_engine, world.school_id, students=40, days=8, seed=7, today=YESTERDAY)
    token, _ = new_office(world)
    with sqlite_engine.connect() as connection:
        last_seq = connection.execute(
            select(ChangeSequence.last_seq).where(ChangeSequence.school_id == world.school_id)
        ).scalar_one()
    replica = office_replica(sqlite_template, tmp_path)
    replica_file = str(tmp_path / "office.db")
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        first = _kill_after_lines(
            _office_process("pull", replica_file, url, token, "--limit", "5"), 6
        )
        assert first[0] == "start 0"
        pages_seen = [int(line.split()[1]) for line in first[1:] if line.startswith("page")]
        killed_at = cursor(replica)
        assert pages_seen[-1] <= killed_at < last_seq, "the pull was not cut part-way"

        again = _office_process("pull", replica_file, url, token, "--limit", "5")
        output, _ = again.communicate(timeout=120)
    lines = output.split("\n")
    assert again.returncode == 0 and lines[0] == f"start {killed_at}"
    assert lines[-2] == "done"
    assert int(lines[1].split()[1]) > killed_at
    assert cursor(replica) == last_seq
    assert_replica_equals_ledger(replica, sqlite_engine, world.school_id)
    assert verify(replica, world.school_id) == []
    replica.dispose()


def test_commands_made_while_the_network_is_down_go_once_when_it_is_back(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    token, device_id = new_office(world)
    students = [world.add_student() for _ in range(12)]
    replica = office_replica(sqlite_template, tmp_path)
    expected: Counter[uuid.UUID] = Counter()
    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        LossyProxy(int(url.rsplit(":", 1)[1])) as proxy,
    ):
        settings = Settings(proxy.url, SecretStr(token), tmp_path)
        with client_for(settings) as client:
            bootstrapped = sync_round(settings, replica, client, clock=world.clock)
            assert bootstrapped.error is None and bootstrapped.status.online
            proxy.down()
            for made in range(1, 7):
                world.clock.advance(minutes=1)
                expected.update(queue(replica, world, device_id, students, 100))
                offline = sync_round(settings, replica, client, clock=world.clock)
                assert offline.retry and offline.error is not None
                assert not offline.status.online and offline.status.waiting == 100 * made
                assert offline.status.last_success_at == bootstrapped.status.last_success_at
                assert offline.status.last_error == offline.error
            payout = {
                "student_id": students[0],
                "amount_ore": 10**6,
                "holder_name": "Mette Nielsen",
                "reg_no": "1234",
                "account_no": "12345678",
                "message": "Udbetaling",
            }
            record(
                replica,
                world.school_id,
                device_id,
                "payout.request",
                payout,
                staff="hanne",
                now=world.clock(),
            )
            proxy.up()
            steps: list[SyncProgress] = []
            back = sync_round(settings, replica, client, clock=world.clock, progress=steps.append)
    assert back.error is None and back.status.online and back.status.last_error is None
    assert bootstrapped.status.last_success_at is not None
    assert back.status.last_success_at is not None
    assert back.status.last_success_at > bootstrapped.status.last_success_at
    assert (back.status.waiting, back.status.needs_attention) == (0, 1)
    [attention] = needs_attention(replica)
    assert (attention.type, attention.code) == ("payout.request", "insufficient_funds")
    sending = [step for step in steps if step.step == "sending"]
    assert sending[-1] == SyncProgress("sending", 601, 601)
    assert [step.done for step in sending] == sorted(step.done for step in sending)
    assert any(step.step == "pulling" and step.done > 0 for step in steps)
    assert assert_synced(sqlite_engine, replica, world.school_id, device_id, dict(expected)) == 601
    replica.dispose()
