"""The bank transfer file and its settlements: a payout is in exactly one file, whatever point
the office stops at between writing the file and committing the settlements."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from models import OutboxCommand
from office_app.db import make_engine
from office_app.desk.actions import Desk
from office_app.desk.approvals import finish_bank_files, write_bank_file
from office_app.ledger.embedded import embedded_server
from office_app.sync.puller import pull
from tests.world import World, make_world

NOW = dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.UTC)


def approved_payouts(world: World, amounts: list[int]) -> list[str]:
    """Payouts asked for by one administrator and approved by another."""
    ids = []
    for amount in amounts:
        student = world.add_student("Freja Nielsen")
        world.deposit(student, amount)
        asked = world.office_send(
            "payout.request",
            {
                "student_id": student,
                "amount_ore": amount,
                "holder_name": "Mette Nielsen",
                "reg_no": "1234",
                "account_no": "0012345678",
                "message": "Freja skifter skole",
            },
            staff="ole",
        )
        payout_id = asked.result["payout_id"]
        if asked.result["status"] == "pending_approval":
            approved = world.office_send("payout.approve", {"payout_id": payout_id}, staff="birgit")
            assert approved.status == "applied", approved
        ids.append(payout_id)
    return ids


@pytest.fixture
def desk(sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path) -> Desk:
    world = make_world(sqlite_engine)
    approved_payouts(world, [60000, 70000])
    shutil.copy(sqlite_template, tmp_path / "replica.db")
    replica = make_engine(str(tmp_path / "replica.db"))
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        headers = {"Authorization": f"Bearer {world.tokens['office']}"}
        with httpx.Client(base_url=url, headers=headers) as client:
            pull(replica, client, world.school_id)
    return Desk(replica, world.school_id, None, "ole", lambda: NOW, tmp_path, None)


def settled(desk: Desk) -> list[str]:
    with desk.engine.connect() as connection:
        return [
            str(payload["payout_id"])
            for payload in connection.execute(
                select(OutboxCommand.payload).where(OutboxCommand.type == "payout.settle")
            ).scalars()
        ]


def payouts_in(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row[-1] for row in list(csv.reader(handle, delimiter=";"))[1:]]


def test_a_crash_after_the_commit_finishes_the_same_file_and_never_a_second(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bank"
    real_replace = os.replace

    def power_cut(_source: object, _target: object) -> None:
        raise OSError("the office lost power")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError, match="lost power"):
        write_bank_file(desk, folder)
    monkeypatch.setattr(os, "replace", real_replace)
    assert len(settled(desk)) == 2, "the settlements were committed"
    assert list(folder.glob("*.csv")) == []

    assert write_bank_file(desk, folder) is None, "nothing is left to pay"
    (finished,) = folder.glob("*.csv")
    assert sorted(payouts_in(finished)) == sorted(settled(desk))
    assert list(folder.glob("*.partial")) == []
    assert finish_bank_files(desk.engine, folder) == []


def test_a_crash_before_the_commit_leaves_the_payouts_for_the_next_file(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bank"

    def disk_full(_descriptor: int) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="no space"):
        write_bank_file(desk, folder)
    monkeypatch.undo()
    assert settled(desk) == [], "nothing was queued"
    assert list(folder.glob("*.csv")) == []

    written = write_bank_file(desk, folder)
    assert written is not None
    path, count, total = written
    assert (count, total) == (2, 130000)
    assert sorted(payouts_in(path)) == sorted(settled(desk))
    assert [p.name for p in folder.iterdir()] == [path.name], "the broken file is gone"
    assert all(uuid.UUID(payout_id) for payout_id in settled(desk))
