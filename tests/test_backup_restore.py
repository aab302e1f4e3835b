"""A backup taken while the ledger serves traffic, restored, verified, and followed by an office.

The office is ahead of the restored ledger: it has seen changes and had commands applied
after the backup. Either the ledger refuses its cursor (nothing new happened since the
restore), or terminals have made new changes since, under numbers the office had seen (its
audit chain no longer continues the office's copy). In both cases the office says so in words,
follows the ledger again from its start, and sends what the ledger lost exactly once (I5);
afterwards its replica equals the ledger (I7) and both verify.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, select

from models import ChangeSequence, CommandRecord, OutboxCommand
from office_app.config import Settings
from office_app.db import make_engine
from office_app.domain.ids import uuid7
from office_app.domain.localtime import LOCAL
from office_app.i18n import set_language, tr
from office_app.ledger.embedded import embedded_server
from office_app.ledger.verify import verify
from office_app.sync.outbox import record, status
from office_app.sync.run import RoundResult, client_for, sync_round
from screens.base import sync_text
from screens.messages import SyncView
from tests.conftest import create_postgres_database, postgres_base_url
from tests.sync_checks import assert_exactly_once, assert_replica_equals_ledger, new_office
from tests.world import START, World, make_world

REPO = Path(__file__).resolve().parent.parent
STUDENTS = 12
PURCHASES = 5000
BACKUP_AFTER_PURCHASES = 80


def cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "office_app", "ledger", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def card_of(index: int) -> str:
    return f"{5_000_000 + index}"


def purchase(device_seq: int) -> dict[str, Any]:
    return {
        "command_id": str(uuid7()),
        "device_seq": device_seq,
        "type": "purchase",
        "occurred_at": START.isoformat(),
        "payload": {"card_number": card_of(device_seq % STUDENTS), "amount_ore": 700},
    }


class Canteen(threading.Thread):
    """A terminal buying lunches one after the other until ``stop`` is set, at most ``limit``;
    ``reached`` is set once ``signal_after`` of them were answered."""

    def __init__(self, url: str, token: str, limit: int, signal_after: int) -> None:
        super().__init__(name="canteen")
        self.url, self.token, self.limit, self.signal_after = url, token, limit, signal_after
        self.reached = threading.Event()
        self.stop = threading.Event()
        self.answered = 0

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.url, headers=headers, timeout=60) as client:
            for number in range(self.limit):
                if self.stop.is_set():
                    break
                response = client.post("/v1/commands", json={"commands": [purchase(number)]})
                assert response.status_code == 200, response.text
                self.answered += 1
                if self.answered >= self.signal_after:
                    self.reached.set()
        self.reached.set()


def deposits(replica: Engine, world: World, students: list[uuid.UUID], count: int) -> None:
    for number in range(count):
        payload = {"student_id": students[number % len(students)], "amount_ore": 1500}
        record(
            replica,
            world.school_id,
            None,
            "deposit.cash",
            payload | {"receipt_no": f"K-{uuid.uuid4().hex[:6]}"},
            staff="hanne",
            now=world.clock(),
        )


def synced(settings: Settings, replica: Engine, world: World) -> None:
    with client_for(settings) as client:
        done = sync_round(settings, replica, client, clock=world.clock)
    assert done.error is None and done.status.waiting == 0, done


def applied_commands(replica: Engine) -> set[uuid.UUID]:
    with replica.connect() as connection:
        return set(
            connection.execute(
                select(OutboxCommand.command_id).where(OutboxCommand.state == "applied")
            ).scalars()
        )


def known_commands(ledger: Engine, device_id: uuid.UUID) -> set[uuid.UUID]:
    with ledger.connect() as connection:
        return set(
            connection.execute(
                select(CommandRecord.command_id).where(CommandRecord.device_id == device_id)
            ).scalars()
        )


def last_change(ledger: Engine, school_id: uuid.UUID) -> int:
    with ledger.connect() as connection:
        found: int = connection.execute(
            select(ChangeSequence.last_seq).where(ChangeSequence.school_id == school_id)
        ).scalar_one()
    return found


@pytest.fixture
def empty_target(ledger_engine: Engine, tmp_path: Path) -> Iterator[str]:
    """An empty database of the ledger's kind to restore into."""
    if ledger_engine.dialect.name == "sqlite":
        yield str(tmp_path / "restored.db")
        return
    base_url = postgres_base_url()
    assert base_url is not None
    yield create_postgres_database(base_url)


@pytest.mark.parametrize("changed_since", [False, True], ids=["idle", "changed-since"])
def test_a_backup_taken_under_load_restores_verifies_and_offices_resend_what_it_lost(
    ledger_engine: Engine,
    sqlite_template: Path,
    tmp_path: Path,
    empty_target: str,
    changed_since: bool,
) -> None:
    world = make_world(ledger_engine)
    office_token, office_id = new_office(world)
    students = [world.child_with_card(50_000, card_of(index)) for index in range(STUDENTS)]
    shutil.copy(sqlite_template, tmp_path / "office.db")
    replica = make_engine(str(tmp_path / "office.db"))
    backup_file = tmp_path / f"ledger.{ledger_engine.dialect.name}.backup"

    with embedded_server(ledger_engine, clock=world.clock) as url:
        settings = Settings(url, SecretStr(office_token), tmp_path)
        synced(settings, replica, world)
        deposits(replica, world, students, 30)
        synced(settings, replica, world)
        canteen = Canteen(url, world.tokens["terminal"], PURCHASES, BACKUP_AFTER_PURCHASES)
        canteen.start()
        assert canteen.reached.wait(120)
        deposits(replica, world, students, 10)
        syncing = threading.Thread(target=synced, args=(settings, replica, world))
        syncing.start()
        made = cli("backup", "--database", url_of(ledger_engine), "--out", str(backup_file))
        canteen.stop.set()
        syncing.join(timeout=120)
        canteen.join(timeout=120)
        assert made.returncode == 0, made.stderr
        assert canteen.answered < PURCHASES, "the canteen stopped before the backup was done"
        deposits(replica, world, students, 25)
        synced(settings, replica, world)
    ahead_at = last_change(ledger_engine, world.school_id)
    applied_before = applied_commands(replica)

    refused = cli("restore", str(backup_file), "--database", url_of(ledger_engine))
    assert refused.returncode == 1
    assert refused.stderr.startswith("office-app: --database: the target already holds")
    assert len(refused.stderr.splitlines()) == 1
    restored_run = cli("restore", str(backup_file), "--database", empty_target)
    assert restored_run.returncode == 0, restored_run.stderr
    checked = cli("verify", "--database", empty_target)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    restored = make_engine(empty_target)
    restored_at = last_change(restored, world.school_id)
    assert 0 < restored_at < ahead_at, "the backup was not taken in the middle of the traffic"
    lunches = known_commands(restored, world.terminal.id)
    assert BACKUP_AFTER_PURCHASES <= len(lunches) < canteen.answered, "no lunch bought meanwhile"
    lost = applied_before - known_commands(restored, office_id)
    assert lost and lost != applied_before, "the backup must hold some of the office's commands"

    with embedded_server(restored, clock=world.clock) as url:
        if changed_since:
            overtake = Canteen(url, world.tokens["terminal"], ahead_at - restored_at + 5, 1)
            overtake.run()
            assert last_change(restored, world.school_id) > ahead_at
        settings = Settings(url, SecretStr(office_token), tmp_path)
        synced(settings, replica, world)
        told = status(replica)
        deposits(replica, world, students, 3)  # and the office carries on as before
        synced(settings, replica, world)

    noticed_at = START.astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")
    assert told.notice == tr("sync.ledger_restored", when=noticed_at, count=len(lost))
    assert f"): {len(lost)} handlinger, den havde mistet, sendes igen herfra" in told.notice
    assert told.notice in sync_text(SyncView.of_round(RoundResult(told)), "hanne")
    assert applied_commands(replica) >= applied_before, "a command the office had was dropped"
    assert assert_exactly_once(restored, replica, office_id) == 30 + 10 + 25 + 3
    assert_replica_equals_ledger(replica, restored, world.school_id)
    assert verify(restored, world.school_id) == []
    assert verify(replica, world.school_id) == []
    replica.dispose()
    restored.dispose()


def test_the_office_says_in_english_that_the_ledger_was_behind(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    """While the replica is followed again the words say so; in English when set."""
    from office_app.sync.refollow import start_refollow

    world = make_world(sqlite_engine)
    shutil.copy(sqlite_template, tmp_path / "office.db")
    replica = make_engine(str(tmp_path / "office.db"))
    office_token, _ = new_office(world)
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        synced(Settings(url, SecretStr(office_token), tmp_path), replica, world)
    start_refollow(replica, world.clock())
    set_language("en")
    try:
        assert status(replica).notice == (
            "The ledger is behind this office (restored from a backup?): the school's data is "
            "fetched again, and what it lost is sent again"
        )
    finally:
        set_language("da")
    replica.dispose()


def test_backup_and_restore_say_what_is_wrong_in_one_line(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    make_world(sqlite_engine)
    ledger = url_of(sqlite_engine)
    backup_file = tmp_path / "ledger.backup"
    assert cli("backup", "--database", ledger, "--out", str(backup_file)).returncode == 0
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a backup", encoding="utf-8")
    postgres = "postgresql://postgres@127.0.0.1:1/ledger"
    for arguments, said in (
        (["backup", "--database", ledger, "--out", str(tmp_path / "no" / "b")], "--out: folder"),
        (["restore", str(tmp_path / "missing"), "--database", ledger], "cannot be read"),
        (["restore", str(not_a_backup), "--database", ledger], "not a ledger backup"),
        (["restore", str(backup_file), "--database", ledger], "already holds"),
        (["restore", str(backup_file), "--database", postgres], "cannot be restored into a"),
    ):
        refused = cli(*arguments)
        assert refused.returncode == 1, arguments
        assert len(refused.stderr.splitlines()) == 1 and said in refused.stderr, refused.stderr
    assert not (tmp_path / "missing").exists()
