"""The office outbox against the real server: queued offline, sent once, outcomes recorded."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select, update

from models import OutboxCommand
from office_app.db import make_engine
from office_app.ledger.embedded import embedded_server
from office_app.ledger.verify import verify
from office_app.sync.outbox import record, status
from office_app.sync.puller import Unanswered, pull
from office_app.sync.sender import Backoff, send_pending
from tests.world import make_world

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def test_commands_queued_offline_are_applied_once_and_rejections_need_attention(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    student = world.add_student("Åse Østergaard")
    world.add_card(student, "4400001")
    shutil.copy(sqlite_template, tmp_path / "office.db")
    office = make_engine(str(tmp_path / "office.db"))
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}

    def queue(command_type: str, payload: dict[str, object]) -> None:
        record(
            office, world.school_id, world.office.id, command_type, payload, staff="hanne", now=NOW
        )

    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        httpx.Client(base_url=url, headers=headers) as client,
    ):
        pull(office, client, world.school_id)  # the office bootstraps its replica first

        queue("deposit.cash", {"student_id": student, "amount_ore": 5000, "receipt_no": "K-1"})
        queue("card.block", {"card_number": "4400001", "reason": "lost"})
        payout = {
            "student_id": student,
            "amount_ore": 90000,
            "holder_name": "Mor",
            "reg_no": "1234",
            "account_no": "12345678",
            "message": "",
        }
        queue("payout.request", payout)
        assert status(office).waiting == 3
        offline = httpx.Client(base_url="http://127.0.0.1:9", headers=headers)
        with offline, pytest.raises(Unanswered):
            send_pending(office, offline, now=NOW)
        assert status(office).waiting == 3

        report = send_pending(office, client, now=NOW)
        assert (report.applied, report.rejected) == (2, 1)
        now_status = status(office)
        assert (now_status.waiting, now_status.needs_attention) == (0, 1)
        assert now_status.last_success_at == NOW
        with office.connect() as connection:
            rejected = connection.execute(
                select(OutboxCommand.code, OutboxCommand.message).where(
                    OutboxCommand.state == "rejected"
                )
            ).one()
        assert rejected.code == "insufficient_funds"
        assert "more than the balance" in rejected.message
        assert world.balance(student) == 5000
        assert world.card_status("4400001") == "blocked"

        # The answers were lost before they were recorded: everything goes again, unchanged.
        with office.begin() as connection:
            before = connection.execute(
                select(OutboxCommand.command_id, OutboxCommand.seq).order_by(
                    OutboxCommand.device_seq
                )
            ).all()
            connection.execute(update(OutboxCommand).values(state="pending"))
        again = send_pending(office, client, now=NOW)
        assert (again.applied, again.rejected) == (2, 1)
        with office.connect() as connection:
            after = connection.execute(
                select(OutboxCommand.command_id, OutboxCommand.seq).order_by(
                    OutboxCommand.device_seq
                )
            ).all()
        assert after == before
        assert world.balance(student) == 5000
    assert verify(office, world.school_id) == []
    assert verify(sqlite_engine, world.school_id) == []
    office.dispose()


def test_backoff_is_capped_and_jittered() -> None:
    backoff = Backoff(first_seconds=0.5, cap_seconds=8)
    pauses = [backoff.next_pause() for _ in range(10)]
    assert all(0.25 <= pause <= 8 for pause in pauses)
    assert max(pauses[6:]) <= 8 and min(pauses[6:]) >= 4
    backoff.reset()
    assert backoff.next_pause() <= 0.5


def test_a_malformed_command_is_refused_and_nothing_is_queued(
    sqlite_template: Path, tmp_path: Path
) -> None:
    from office_app.domain.commands import CommandFormatError
    from office_app.domain.ids import uuid7

    shutil.copy(sqlite_template, tmp_path / "office.db")
    office = make_engine(str(tmp_path / "office.db"))
    with pytest.raises(CommandFormatError, match=r"payload\.amount_ore"):
        record(
            office,
            uuid7(),
            uuid7(),
            "deposit.cash",
            {"student_id": uuid7(), "amount_ore": "tyve kroner", "receipt_no": "K"},
            staff="hanne",
            now=NOW,
        )
    assert status(office).waiting == 0
    office.dispose()
